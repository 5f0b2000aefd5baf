"""Rice varieties named after "giống", "lúa", "gạo", "nếp" ("giống IR 50404", "ST25").

Read by a short list of prefixes as extension officers say them, the number digit by
digit when it is three digits or more, as it is printed on the seed bag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .letters import spell
from .numbers import read_digits, read_number

#: Rice varieties' names as extension officers say them ("IR" is "i rờ", not the spelled
#: "i e rờ"): the prefixes of the varieties grown in the provinces, and only these.
VARIETY_PREFIXES: dict[str, str] = {
    "IR": "i rờ", "OM": "ô em", "ST": "ét tê", "ĐT": "đê tê", "DT": "dê tê", "Q": "quy",
    "BC": "bê xê", "KD": "ca dê", "HT": "hát tê", "TBR": "tê bê rờ", "VNR": "vê en rờ",
    "RVT": "rờ vê tê", "AC": "a xê",
}

_VARIETY_PREFIX = "|".join(sorted(VARIETY_PREFIXES, key=len, reverse=True))

#: One variety: its prefix, a number of up to five digits, maybe a letter ("OM 6976A").
_VARIETY_CODE = re.compile(rf"(?<![\w.,/-])(?P<prefix>{_VARIETY_PREFIX})[ -]?(?P<number>\d{{1,5}})"
                           r"(?P<letter>[A-Z])?(?![\w/]|[.,]\d)")


#: The words that say varieties follow: "giống IR 50404", "lúa OM 5451, ST25, ĐT8 và Q5",
#: "gạo ST25", "giống lúa thuần OM 18". Elsewhere the same letters are a road ("ĐT8"), a
#: district ("Q5") or a code, and the other rules read them.
_VARIETY_LEAD = re.compile(
    r"(?<!\w)(?i:giống|lúa|gạo|nếp)(?:\s+(?i:lúa|gạo|nếp|thuần|lai|thơm|mới|chất lượng cao))*"
    r"\s+")


#: ... and what joins the varieties listed after them.
_VARIETY_JOIN = re.compile(r"\s*(?:,|;|và|hoặc)\s*")


def read_variety(prefix: str, number: str, letter: str = "") -> str:
    """A rice variety's name: "IR 50404" → "i rờ năm không bốn không bốn", "ST25" → "ét
    tê hai mươi lăm". A number of three digits or more is a name printed on the seed bag
    and dictated digit by digit (read as an amount, "năm mươi nghìn bốn trăm linh bốn",
    it sounds like a quantity in a sentence full of kilograms and hectares); a short one
    is said as the number it is ("ST hai mươi lăm", "OM mười tám")."""
    said = read_number(int(number)) if len(number) <= 2 else read_digits(number)
    return " ".join(filter(None, (VARIETY_PREFIXES[prefix], said, spell(letter))))


def varieties(text: str) -> Iterator[tuple[int, int, str]]:
    """Where rice varieties are named in `text` (the list after each word that says so),
    and what is said for each."""
    for lead in _VARIETY_LEAD.finditer(text):
        at = lead.end()
        while code := _VARIETY_CODE.match(text, at):
            yield code.start(), code.end(), read_variety(*code.group("prefix", "number"),
                                                         code.group("letter") or "")
            join = _VARIETY_JOIN.match(text, code.end())
            if join is None:
                break
            at = join.end()
