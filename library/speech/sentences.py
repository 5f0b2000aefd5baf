"""Cut a text into sentences (with their offsets) for sentence-by-sentence speech.

Listening starts after the first sentence is rendered, so a sentence is the
unit of latency: very long ones are cut again at a comma or a space so the
first audio never waits for a whole paragraph. "TP. Hồ Chí Minh" and
"1.200.000" hold dots that do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import ABBREVIATIONS

#: A sentence longer than this (in characters) is cut at a comma, then a space.
MAX_SENTENCE = 220

_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n\s*\n|\n(?=\s*[-•*–])")
#: Where a long sentence may be cut: a comma, semicolon or colon that a space follows.
_PAUSE = re.compile(r"[,;:](?=\s)")
_SPACE = re.compile(r" ")
_ABBR_DOT = {k[:-1] for k in ABBREVIATIONS if k.endswith(".")}
#: "8 tr." before a capital: an amount in millions ends the sentence ("tr. 15", a page,
#: and "5 tr./tháng" go on). Matched at the "tr" ("8tr." is no abbreviation anyway).
_MILLIONS_END = re.compile(r"(?<=\d\s)tr\.\s+(\w)")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and where it stands in the whole text."""

    index: int
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(\S+)$", text[max(0, dot - 40):dot])
    if not word:
        return False
    token = word.group(1).lstrip("(\"'“")
    millions = _MILLIONS_END.match(text, dot - 2) if token == "tr" else None
    if millions and millions.group(1).isupper():
        return False  # "Giá 8 tr. Liên hệ …": millions, and the sentence ends there
    if token in _ABBR_DOT:
        return True
    return len(token) == 1 and token.isalpha() and token.isupper()  # an initial: "N. Văn A"


def _number_near(text: str, at: int) -> int:
    """How near after `at` a number stands: 2 = in the next word, 1 = in the one after,
    0 = in neither. A cut right before "ngày 2/9" or "số 2-1" would read the number
    without the words that say what it is ("hai trên chín")."""
    words = text[at:at + 40].split()[:2]
    for i, word in enumerate(words):
        if any(c.isdigit() for c in word):
            return 2 - i
    return 0


def _last_cut(window: str, text: str, offset: int, pattern: re.Pattern[str]) -> int:
    """Where `pattern` last matches in the second two-thirds of `window`, farthest from
    a number that follows (-1 if nowhere)."""
    places = [m.start() for m in pattern.finditer(window) if m.start() >= MAX_SENTENCE // 3]
    return max(places, key=lambda p: (-_number_near(text, offset + p + 1), p), default=-1)


def _cut_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        window = text[start:start + MAX_SENTENCE]
        # a comma inside a number ("3,5", "7:30") is no place to cut: only one before a space
        cut = _last_cut(window, text, start, _PAUSE)
        if cut < MAX_SENTENCE // 3:
            cut = _last_cut(window, text, start, _SPACE)
        if cut < MAX_SENTENCE // 3:
            cut = MAX_SENTENCE - 1
        pieces.append((start, start + cut + 1))
        start += cut + 1
    pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; blank ones are dropped, offsets are kept."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    sentences: list[Sentence] = []
    for a, b in bounds:
        for x, y in _cut_long(a, b, text):
            while x < y and text[x].isspace():
                x += 1
            while y > x and text[y - 1].isspace():
                y -= 1
            if x < y and any(c.isalnum() for c in text[x:y]):
                sentences.append(Sentence(len(sentences), x, y, text[x:y]))
    return sentences
