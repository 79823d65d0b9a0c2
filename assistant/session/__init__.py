"""The interactive session: ``recap`` with no arguments, or ``recap session``."""

from assistant.session.loop import Session, run_session

__all__ = ["Session", "run_session"]
