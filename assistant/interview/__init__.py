"""The structured interview that fills a notes file (``recap interview``)."""

from assistant.interview.runner import Interview, InterviewResult, run_interview

__all__ = ["Interview", "InterviewResult", "run_interview"]
