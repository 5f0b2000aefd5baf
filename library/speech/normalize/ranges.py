"""A dash between two amounts: a range ("5-7 ngày" → "đến"), a score, or a pause.

Rising amounts are a range; falling ones, and any pair after a score's word ("tỷ số",
"thắng", "thua", "hòa"), keep the dash, heard as a short pause.
"""

from __future__ import annotations

import re

from .cues import COUNT_FOLLOW, COUNTED
from .letters import UPPER
from .units import UNIT_NEXT

#: Scores: "tỷ số 2-1", "thắng 3-0", "hòa 1-1", "thua Hà Nội 1-2", "thắng đậm 5-0" and
#: the scores listed after them ("tỷ số 2-1, 3-0 và 1-2"). A score is never a range nor a
#: date, even when its second number is the larger. The words are taken in lower case
#: anywhere and capitalised only where a sentence starts, so the names "Hòa Vang" and
#: "Thắng" are no score words; a team's name (capitalised words) may stand between.
_SCORE_WORDS = "tỷ số|tỉ số|thắng|thua|hòa|hoà|cách biệt|chung cuộc"

_SCORE_MORE = r"(?:\s+(?:đậm|sát nút|ngược|trước|với|chung cuộc|cách biệt))*"

_SCORE_RUN = (
    rf"(?:(?<!\w)(?:{_SCORE_WORDS}){_SCORE_MORE}(?:\s+[{UPPER}][^\W\d_]*)*"
    # capitalised where a sentence starts, and then no name: "Hòa Vang 3-5" is a place
    rf"|(?:^|(?<=[.!?:;]\s))(?i:{_SCORE_WORDS}){_SCORE_MORE})"
    r"\s+(?:\d{1,3}\s?[-–]\s?\d{1,3}\s*(?:,|và|;)\s*)*")


#: ... before a score: "thắng |3-1 và 2-1", "tỷ số 2-1, |1-2".
SCORE_LEAD = re.compile(_SCORE_RUN + r"$")

#: ... before a score's dash: "hòa 1|-1", "tỷ số 2-1, 3-0 và 1|-2".
_SCORE_DASH = re.compile(_SCORE_RUN + r"\d{1,3}\s?$")

#: What after "1-2" makes it an amount even after a score word ("thắng 2-3 giải", "thua
#: 1-2 bàn", "thắng 1-2 năm liền", "hòa 1-2%").
_SCORE_GOES_ON = re.compile(
    rf"[.,]\d|/|[hg](?!\w)|{UNIT_NEXT}|\s*(?:{COUNT_FOLLOW}|{COUNTED}"
    r"|(?i:năm|bàn|điểm|lần|giải)(?!\w))")


_TIME_BEFORE = re.compile(r"\d(?:[hg:]\d{0,2}|\s?giờ(?:\s\d{1,2}(?:\s?phút)?)?)\s*$")

_TIME_AFTER = re.compile(r"\s*\d{1,2}(?:[hg:]|\s?giờ)")


def _amount(token: str) -> float | None:
    """The value of "1.200", "3,5", "2020" as written next to a dash; None if unsure."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return float(token.replace(".", ""))
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def range_dash(text: str, start: int, end: int) -> str | None:
    """"đến" for a dash in a range ("5-7", "2020-2025", "13h30-17h", "30/4-1/5"), else None."""
    before, after = text[max(0, start - 24):start], text[end:end + 24]
    if _TIME_BEFORE.search(before) and _TIME_AFTER.match(after):
        return "đến"
    if re.search(r"\d/\d{1,2}(?:/\d{2,4})?\s*$", before) and re.match(r"\d{1,2}/\d", after):
        return "đến"
    low = re.search(r"(?<![\w.,])(\d[\d.,]*?)\s?(?:%|°C|℃|°|oC)?\s*$", before)
    high = re.match(r"(\d+(?:[.,]\d+)*)", after)
    if not low or not high:
        return None
    a, b = _amount(low.group(1)), _amount(high.group(1))
    if a is None or b is None or a >= b:
        return None  # "tỷ số 2-1": not a range, the dash stays a pause
    if (low.group(1).isdigit() and high.group(1).isdigit()
            and _SCORE_DASH.search(text, max(0, start - 80), start)
            and not _SCORE_GOES_ON.match(text, end + high.end())):
        return None  # "thua 1-2", "tỷ số 2-1, 1-2": a score, whichever side is ahead
    return "đến"
