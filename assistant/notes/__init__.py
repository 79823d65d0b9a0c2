"""The notes file (素材文件): schema, loading with clear errors, and saving."""

from assistant.notes.loader import load_notes, parse_notes_text
from assistant.notes.schema import Notes

__all__ = ["Notes", "load_notes", "parse_notes_text"]
