"""E-mail and web addresses as they are dictated: "a còng", "chấm", syllables cut apart.

A bulletin gives an address to be written down, so it is read piece by piece; a piece
of Vietnamese run together without marks ("quangnam") is cut into its syllables.
"""

from __future__ import annotations

import re

from .english_words import ENGLISH_WORDS
from .letters import spell
from .numbers import read_digits

#: A host name a bulletin gives: "quangnam.gov.vn", "baoquangnam.vn".
HOST = r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)"

#: Pieces of web and e-mail addresses said as words, not spelled: those found only in
#: addresses. The English words of a sentence ("zalo", "facebook", "email") are read from
#: `ENGLISH_WORDS`, one table for both.
WEB_WORDS: dict[str, str] = {
    "www": "vê kép vê kép vê kép", "com": "com", "net": "nét", "info": "in phô",
    "gmail": "gờ meo", "mail": "meo", "yahoo": "da hu",
}

#: ... and the English words as an address writes them, in lower case ("covid19.gov.vn").
_ENGLISH_PIECES = {word.lower(): said for word, said in ENGLISH_WORDS.items() if word.isalpha()}

_SEPARATORS = {".": "chấm", "@": "a còng", "-": "gạch ngang", "_": "gạch dưới", "+": "cộng"}

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])"

_SYLLABLE = re.compile(rf"{_ONSET}?[aeiouy]{{1,3}}(?:ng|nh|ch|[cmnpt])?")


def _syllables(word: str) -> list[str] | None:
    """"quangnam" → ["quang", "nam"]: unaccented syllables run together, or None.

    Of the ways to cut the word into syllables, the one with the fewest pieces
    wins, then the one with the fewest pieces without a first consonant
    ("da nang", not "dan ang"), then the one with the longer first pieces
    ("van hoa", not "va nhoa").
    """
    n = len(word)
    # best[i]: (pieces, pieces without a first consonant, the pieces) covering word[:i]
    best: dict[int, tuple[int, int, list[str]]] = {0: (0, 0, [])}
    for i in range(n):
        if i not in best:
            continue
        count, bare, pieces = best[i]
        for j in range(i + 1, min(n, i + 8) + 1):
            piece = word[i:j]
            if not _SYLLABLE.fullmatch(piece):
                continue
            score = (count + 1, bare + (piece[0] in "aeiouy"))
            # on a tie the longer first pieces win: "van hoa", not "va nhoa"
            if j not in best or score <= best[j][:2]:
                best[j] = (*score, [*pieces, piece])
    return best[n][2] if n in best else None


def read_address(address: str) -> str:
    """An e-mail or web address as it is dictated, piece by piece.

    "vanphong@quangnam.gov.vn" → "van phong a còng quang nam chấm giê o vê chấm
    vê en": "@" is "a còng", "." is "chấm"; a few pieces are words ("www",
    "com", "gmail"); a piece that is Vietnamese written without marks and run
    together is cut into its syllables; any other piece is spelled letter by
    letter, digits one by one.
    """
    words: list[str] = []
    for part in re.findall(r"[^\W\d_]+|\d+|[.@_+-]", address.lower()):
        if part in _SEPARATORS:
            words.append(_SEPARATORS[part])
        elif part.isdigit():
            words.append(read_digits(part))
        elif part in WEB_WORDS or part in _ENGLISH_PIECES:
            words.append(WEB_WORDS.get(part) or _ENGLISH_PIECES[part])
        else:
            syllables = _syllables(part) if part.isascii() or "đ" in part else None
            words.append(" ".join(syllables) if syllables else spell(part))
    return " ".join(words)
