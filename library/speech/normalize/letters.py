"""The letters' Vietnamese names ("N" is "en", "Q" "quy", "W" "vê kép"), for spelling.

Codes, plates and abbreviations that are no words are spelled letter by letter, the way
an announcer dictates them.
"""

from __future__ import annotations

#: Letters as they are spelled out in a code ("NQ" is "en quy"), Vietnamese names.
LETTER_NAMES: dict[str, str] = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ",
    "M": "em", "N": "en", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ",
    "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "ích", "Y": "i",
    "Z": "dét",
}


def spell(letters: str) -> str:
    """"QĐ" → "quy đê": each letter by its Vietnamese name (case does not matter)."""
    return " ".join(LETTER_NAMES.get(c.upper(), c) for c in letters)


UPPER = "A-ZĐĂÂÊÔƠƯ"

LETTERS = f"{UPPER}a-zđ"
