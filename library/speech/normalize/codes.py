"""Document codes ("57-NQ/TW") and words of letters and digits ("H5N1", "QL14E").

Inside a code the letters are its name, not words of the sentence: they are spelled by
their Vietnamese names even where they are an abbreviation elsewhere.
"""

from __future__ import annotations

import re

from .abbreviations import MIXED_WORDS, SAID_IN_FULL
from .letters import LETTERS, spell
from .numbers import read_digit_groups, read_number, read_whole
from .units import UNITS


def read_code(code: str) -> str:
    """A document code as it is dictated: "57-NQ/TW" → "năm mươi bảy en quy trên tê vê kép".

    Numbers are numbers (a leading zero is kept: "05" is "không năm"), letters are
    spelled, "/" is "trên", "&" is "và", and a dash is only a boundary.
    """
    words: list[str] = []
    for part in re.findall(rf"\d+|[{LETTERS}]+|[/&]", code):
        if part == "/":
            words.append("trên")
        elif part == "&":
            words.append("và")
        elif part.isdigit():
            words.append(read_whole(part))
        else:
            words.append(spell(part))
    return " ".join(words)


def read_mixed(word: str) -> str:
    """A word of letters and digits: "H5N1" → "hát năm en một", "QL14E" → "quốc lộ mười bốn e".

    Digit runs are numbers (more than four digits: a card's or a code's number, read
    digit by digit in groups), letter runs an abbreviation's words when they are one,
    else spelled; "m2", "km2" alone are still units.
    """
    if word in UNITS:
        return UNITS[word]
    if re.fullmatch(r"[x×]\d+", word):
        return "nhân " + read_number(int(word[1:]))  # "tăng x2": times two
    words: list[str] = []
    for part in re.findall(r"\d+|[^\W\d_]+", word):
        if part.isdigit() and len(part) > 4:
            words.append(read_digit_groups(part))  # "GD4797931234567": a card's number
        elif part.isdigit():
            words.append(read_whole(part))
        else:
            words.append(SAID_IN_FULL.get(part) or MIXED_WORDS.get(part) or spell(part))
    return " ".join(words)
