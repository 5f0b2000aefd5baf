"""What the normaliser says for a text, as the reading tests compare it."""

from __future__ import annotations

from library.speech.normalize import normalize


def said(text: str) -> str:
    """The spoken text with its spacing collapsed (the pauses are not what is tested)."""
    return " ".join(normalize(text).text.split())


def no_digits(text: str) -> bool:
    """Whether every number in `text` is read out in words."""
    return not any(ch.isdigit() for ch in normalize(text).text)
