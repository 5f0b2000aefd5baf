"""Text for speech: written Vietnamese turned into words a voice can say.

A voice reads "10/8/2021" digit by digit and "UBND" letter by letter, so
numbers, dates, times, percentages and common abbreviations are spelled out
before synthesis. Every digit that reaches the voice is read by espeak in its
own way (and with its own pauses), so numbers glued to an abbreviation (`Q.1`)
or to letters (`QL14E`, `H5N1`) or carrying a minus sign (`-5`) are spelled out
here too; a dash between words is left alone and heard as a pause.
Read-along highlighting must still point at the *written* text, so
`normalize` returns an offset map: every stretch of spoken text knows which
stretch of the original it came from.

The word tables stand apart from the readers that use them:

- tables: `abbreviations` (short forms said in full), `english_words` (everyday
  English words said the Vietnamese way), `letters` (the letters' names), `units`
  (measures and what an amount is "per"), `cues` (the words around a number that
  decide how it is read);
- readers: `numbers` (whole numbers, decimals, digits, ordinals), `dates` (days,
  months, slash pairs), `ranges` (a dash between amounts, scores), `codes`
  (document codes, letters and digits in one word), `addresses` (e-mail and web
  addresses), `varieties` (rice varieties);
- `pattern` finds what is written otherwise than said, `readings` decides what is
  said for each find (the rules that need a choice are written there), and
  `spoken_text` keeps the offset map.
"""

from __future__ import annotations

import unicodedata

from .abbreviations import ABBREVIATIONS
from .addresses import WEB_WORDS, read_address
from .codes import read_code
from .english_words import ENGLISH_WORDS
from .numbers import read_decimal, read_digit_groups, read_number
from .readings import readings
from .spoken_text import Segment, SpokenText
from .varieties import read_variety

__all__ = ["ABBREVIATIONS", "ENGLISH_WORDS", "RULES_VERSION", "WEB_WORDS", "Segment",
           "SpokenText", "normalize", "read_address", "read_code", "read_decimal",
           "read_digit_groups", "read_number", "read_variety"]

#: Bump when a rule of this package changes what is said, so audio cached with the old
#: reading is rendered again (it is part of the speech cache key).
RULES_VERSION = 11


def normalize(text: str, *, base: int = 0) -> SpokenText:
    """Spell out `text` for a Vietnamese voice, keeping an offset map to it.

    `base` is added to every original offset, so a sentence cut out of a
    longer text maps straight back into the whole text.
    """
    text = unicodedata.normalize("NFC", text)
    spoken = SpokenText(original=text)
    pos = 0
    for start, end, said in readings(text):
        spoken.append(text[pos:start], base + pos, base + start, verbatim=True)
        if said.strip():
            pad_left = "" if not spoken.text or spoken.text[-1].isspace() else " "
            spoken.append(pad_left + said + " ", base + start, base + end, verbatim=False)
        else:
            spoken.append(" ", base + start, base + end, verbatim=False)
        pos = end
    spoken.append(text[pos:], base + pos, base + len(text), verbatim=True)
    return spoken
