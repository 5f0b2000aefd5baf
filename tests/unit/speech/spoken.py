"""What the normaliser says for a text, as the reading tests compare it."""

from __future__ import annotations

import re

from library.speech.normalize import normalize


def said(text: str) -> str:
    """The spoken text with its spacing collapsed (the pauses are not what is tested)."""
    return " ".join(normalize(text).text.split())


def no_digits(text: str) -> bool:
    """Whether every number in `text` is read out in words."""
    return not any(ch.isdigit() for ch in normalize(text).text)


def lit(text: str, words: str) -> str:
    """The written text that the spoken `words` light up (their first occurrence)."""
    spoken = normalize(text)
    at = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", spoken.text)
    assert at, f"{words!r} not said in {spoken.text!r}"
    return text[slice(*spoken.original_span(*at.span()))]


def every_word_lights_something(text: str) -> None:
    """Every word said lights up something written, never only a space."""
    spoken = normalize(text)
    for word in re.finditer(r"\S+", spoken.text):
        start, end = spoken.original_span(*word.span())
        assert text[start:end].strip(), word.group()


def reads_as(text: str, spoken: str, lights: list[tuple[str, str]]) -> None:
    """`text` is said as `spoken`, with no digit left to the voice, each spoken stretch of
    `lights` lights up its written token, and every word said lights up something."""
    assert said(text) == spoken
    assert no_digits(text)
    for words, written in lights:
        assert lit(text, words) == written
    every_word_lights_something(text)
