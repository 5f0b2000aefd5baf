"""Text for speech: written Vietnamese turned into words a voice can say.

A voice reads "10/8/2021" digit by digit and "UBND" letter by letter, so
numbers, dates, times, percentages and common abbreviations are spelled out
and URLs are dropped before synthesis. Every digit that reaches the voice is
read by espeak in its own way (and with its own pauses), so numbers glued to
an abbreviation (`Q.1`) or carrying a minus sign (`-5`) are spelled out here
too; a dash between words is left alone and heard as a pause. Read-along highlighting must still
point at the *written* text, so `normalize` returns an offset map: every
stretch of spoken text knows which stretch of the original it came from.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

#: Abbreviations read in full (case-sensitive keys; a trailing dot is part of the key).
ABBREVIATIONS: dict[str, str] = {
    "TP.HCM": "thành phố Hồ Chí Minh",
    "TP.": "thành phố",
    "TP": "thành phố",
    "Tp.": "thành phố",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "TW": "trung ương",
    "TƯ": "trung ương",
    "MTTQ": "mặt trận tổ quốc",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "CNTT": "công nghệ thông tin",
    "KT-XH": "kinh tế xã hội",
    "ĐBSCL": "đồng bằng sông Cửu Long",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "CSGT": "cảnh sát giao thông",
    "HTX": "hợp tác xã",
    "VN": "Việt Nam",
    "ThS.": "thạc sĩ",
    "TS.": "tiến sĩ",
    "GS.": "giáo sư",
    "PGS.": "phó giáo sư",
    "Q.": "quận",
    "P.": "phường",
    "v.v.": "vân vân",
    "v.v": "vân vân",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "km": "ki lô mét",
    "kg": "ki lô gam",
    "ha": "héc ta",
    # English words bulletins use every day, written as a Vietnamese voice must say them
    # (read by Vietnamese spelling rules, "Facebook" would come out letter-ish nonsense)
    "Wi-Fi": "wai phai",
    "WiFi": "wai phai",
    "wifi": "wai phai",
    "Facebook": "phây búc",
    "YouTube": "diu túp",
    "Youtube": "diu túp",
    "Zalo": "da lô",
    "Internet": "in tơ nét",
    "internet": "in tơ nét",
    "online": "on lai",
    "email": "i meo",
    "Email": "i meo",
    "website": "oép sai",
    "COVID": "cô vít",
    "Covid": "cô vít",
    "smartphone": "xmát phôn",
}

#: What an amount can be "per" ("đ/kg"), as it is read after "một".
_PER = {"kg": "ki lô gam", "km": "ki lô mét", "tấn": "tấn", "tạ": "tạ", "yến": "yến",
        "ha": "héc ta", "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối",
        "m³": "mét khối", "lít": "lít", "l": "lít", "h": "giờ", "giờ": "giờ",
        "ngày": "ngày", "tuần": "tuần", "tháng": "tháng", "năm": "năm", "người": "người",
        "hộ": "hộ", "con": "con", "quả": "quả", "cái": "cái", "bao": "bao", "suất": "suất",
        "lượt": "lượt", "buổi": "buổi", "sào": "sào"}
_UNITS = {"%": "phần trăm", "km": "ki lô mét", "kg": "ki lô gam", "ha": "héc ta",
          "m": "mét", "m2": "mét vuông", "m²": "mét vuông", "km2": "ki lô mét vuông",
          "km²": "ki lô mét vuông", "m3": "mét khối", "m³": "mét khối", "đ": "đồng",
          "VNĐ": "đồng", "đồng": "đồng", "tấn": "tấn"}


def read_number(n: int) -> str:
    """A whole number in words, the northern way ("một nghìn không trăm linh năm")."""
    if n < 0:
        return "âm " + read_number(-n)
    if n < 10:
        return DIGITS[n]
    groups: list[int] = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    scale = ["", "nghìn", "triệu", "tỷ"]
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        if g == 0 and i != top:
            # a whole empty group is silent, except the "tỷ" repeats above 10^12
            if i % 3 == 0 and i > 0 and i != top:
                words.append("tỷ")
            continue
        words.extend(_read_triple(g, full=i != top))
        name = scale[i % 3] if i % 3 else ("tỷ" if i >= 3 else "")
        if name:
            words.append(name)
    return " ".join(words)


def _read_triple(g: int, *, full: bool) -> list[str]:
    """0..999; `full` reads "không trăm" and "linh" as inner groups need."""
    hundreds, tens, units = g // 100, (g // 10) % 10, g % 10
    out: list[str] = []
    if hundreds or full:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and out:
            out += ["linh", DIGITS[units]]
        elif units:
            out.append(DIGITS[units])
        return out
    if tens == 1:
        out.append("mười")
    else:
        out += [DIGITS[tens], "mươi"]
    if units == 1:
        out.append("một" if tens == 1 else "mốt")
    elif units == 4 and tens > 1:
        out.append("tư")
    elif units == 5:
        out.append("lăm")
    elif units:
        out.append(DIGITS[units])
    return out


def read_digits(s: str) -> str:
    return " ".join(DIGITS[int(c)] for c in s)


def read_decimal(whole: str, frac: str, *, mark: str = "phẩy") -> str:
    """`3,5` is "ba phẩy năm"; leading zeros of the fraction are read one by one.

    `mark` is the word for the separator: "chấm" for a dot ("4.0", "99.9%").
    """
    zeros = len(frac) - len(frac.lstrip("0"))
    rest = frac.lstrip("0")
    parts = [read_number(int(whole)), mark] + ["không"] * zeros
    if rest:
        parts.append(read_number(int(rest)) if len(rest) <= 3 else read_digits(rest))
    return " ".join(parts)


def _month(m: int) -> str:
    return "tư" if m == 4 else read_number(m)


@dataclass(frozen=True)
class Segment:
    """Spoken text [start, end) came from original text [orig_start, orig_end)."""

    start: int
    end: int
    orig_start: int
    orig_end: int
    verbatim: bool  # copied unchanged: positions inside map one to one


@dataclass
class SpokenText:
    """What the voice reads, and where each part of it stands in the original."""

    original: str
    text: str = ""
    segments: list[Segment] = field(default_factory=list)

    def _append(self, spoken: str, orig_start: int, orig_end: int, *, verbatim: bool) -> None:
        if not spoken:
            return
        start = len(self.text)
        self.text += spoken
        self.segments.append(Segment(start, len(self.text), orig_start, orig_end, verbatim))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map spoken [start, end) back to the smallest original span that covers it."""
        if not self.segments:
            return (0, 0)
        end = max(end, start + 1)
        starts = [s.start for s in self.segments]
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, end - 1) - 1, first)
        a, b = self.segments[first], self.segments[last]
        o_start = a.orig_start + (start - a.start) if a.verbatim else a.orig_start
        o_end = b.orig_start + (end - b.start) if b.verbatim else b.orig_end
        o_start = min(max(o_start, a.orig_start), a.orig_end)
        o_end = min(max(o_end, b.orig_start), b.orig_end)
        return (o_start, max(o_end, o_start))

    def is_empty(self) -> bool:
        return not any(c.isalnum() for c in self.text)


_ABBR = "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))

_PATTERN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+)"
    r"|(?P<phone>(?<![\w+])(?:\+84[ .-]?|0)\d{1,3}(?:[ .-]?\d{2,4}){2,3}(?![\d]))"
    r"|(?P<date>(?<![\d/])(?P<d_day>\d{1,2})/(?P<d_month>\d{1,2})/(?P<d_year>\d{4}|\d{2})(?![\d/]))"
    # "2-9-1945" (a dash date needs its four-digit year; "5-7" stays a range)
    r"|(?P<dashdate>(?<![\w-])(?P<dd_day>\d{1,2})-(?P<dd_month>\d{1,2})-(?P<dd_year>\d{4})"
    r"(?![\w-]))"
    # "Đại hội XIII", "quý III", "thế kỷ XXI": a Roman numeral after the words that take one
    r"|(?P<roman>(?<![\w-])(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?![\w-]))"
    r"|(?P<monthyear>(?<![\d/])(?P<my_month>\d{1,2})/(?P<my_year>\d{4})(?![\d/]))"
    r"|(?P<daymonth>(?<![\d/])(?P<dm_day>\d{1,2})/(?P<dm_month>\d{1,2})(?![\d/]))"
    r"|(?P<time>(?<![\d:,.])(?P<t_hour>\d{1,2})(?::|h|g)(?P<t_min>\d{2})?(?![\w:]))"
    # A minus sign counts only straight before a digit and not after a word or a number
    # ("-5 độ", but "5-7" and "Hà Nội - Huế" keep their dash, a pause).
    r"|(?P<number>(?P<n_sign>(?<![\w\-−–.,])[-−])?(?<![\w,.])"
    # A dot that does not group thousands is read "chấm": "4.0", "99.9%" (never "bốn .0").
    r"(?P<n_whole>\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,(?P<n_frac>\d+)|\.(?P<n_dot>\d+))?"
    r"(?!\d))"
    r"(?P<unit>\s?(?:%|km²|km2|m²|m2|m³|m3|km|kg|ha|VNĐ|đồng|đ|tấn)(?!\w))?"
    # "7.200 đ/kg", "50 km/h", "120.000 đồng/tháng": the slash after an amount means "per"
    rf"(?:/(?P<per>{'|'.join(sorted(map(re.escape, _PER), key=len, reverse=True))})(?!\w))?"
    # "Q.1", "P. 12": the number after an abbreviation's dot is part of it (the number
    # pattern above does not start after a dot, where it would take "1.200" apart).
    rf"|(?P<abbr>(?<!\w)(?:{_ABBR})(?![^\W\d_]))"
    r"(?:(?<=\.)\s?(?P<abbr_num>\d{1,4})(?!\d|[.,]\d))?"
    r"|(?P<symbol>[^\w\s.,;:!?…\-–—()\"'“”‘’/])",
)

_PAIR_DAY = re.compile(r"ngày\s*$", re.IGNORECASE)
_PAIR_MONTH = re.compile(r"tháng\s*$", re.IGNORECASE)
_ROMAN_LEAD = re.compile(r"(?:quý|khóa|khoá|thứ|kỷ|hội|kỳ|phần|chương|mục)\s+$", re.IGNORECASE)
_ROMAN = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def _valid_date(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def _spoken_for(match: re.Match[str], before: str) -> str | None:
    """What to say for one match; None means "leave the original as it is"."""
    g = match.group
    if g("url"):
        return ""
    if g("phone"):  # read digit by digit, the way numbers are dictated
        digits = "".join(c for c in g("phone") if c.isdigit())
        lead = "cộng " if g("phone").startswith("+") else ""
        return lead + read_digits(digits)
    if g("date"):
        d, m, y = int(g("d_day")), int(g("d_month")), g("d_year")
        if not _valid_date(d, m):
            return None
        year = int(y) if len(y) == 4 else 2000 + int(y)
        lead = "" if _PAIR_DAY.search(before) else "ngày "
        return f"{lead}{read_number(d)} tháng {_month(m)} năm {read_number(year)}"
    if g("dashdate"):
        d, m = int(g("dd_day")), int(g("dd_month"))
        if not _valid_date(d, m):
            return None
        lead = "" if _PAIR_DAY.search(before) else "ngày "
        return f"{lead}{read_number(d)} tháng {_month(m)} năm {read_number(int(g('dd_year')))}"
    if g("roman"):
        if not _ROMAN_LEAD.search(before):
            return None  # "I" in English, a letter on its own: as written
        return read_number(_roman_value(g("roman")))
    if g("monthyear"):
        m, y = int(g("my_month")), int(g("my_year"))
        if not 1 <= m <= 12:
            return None
        lead = "" if _PAIR_MONTH.search(before) else "tháng "
        return f"{lead}{_month(m)} năm {read_number(y)}"
    if g("daymonth"):
        d, m = int(g("dm_day")), int(g("dm_month"))
        if not _valid_date(d, m):
            return None
        lead = "" if _PAIR_DAY.search(before) else "ngày "
        return f"{lead}{read_number(d)} tháng {_month(m)}"
    if g("time"):
        h, mins = int(g("t_hour")), g("t_min")
        if h > 24 or (mins is not None and int(mins) > 59):
            return None
        text = f"{read_number(h)} giờ"
        if mins and int(mins):
            text += f" {read_number(int(mins))} phút"
        return text
    if g("number"):
        whole, frac = g("n_whole").replace(".", ""), g("n_frac")
        if len(whole) > 15 or (len(whole) > 1 and whole.startswith("0") and "." not in
                                 g("n_whole")):
            text = read_digits(whole)  # a code or a very long number: digit by digit
        elif frac:
            text = read_decimal(whole, frac)
        elif g("n_dot"):
            text = read_decimal(whole, g("n_dot"), mark="chấm")
        else:
            text = read_number(int(whole))
        unit = (g("unit") or "").strip()
        if unit:
            text += " " + _UNITS[unit]
        if g("per"):
            text += " một " + _PER[g("per")]
        if g("n_sign"):
            text = "âm " + text
        return text
    if g("abbr"):
        number = g("abbr_num")
        if number:
            return ABBREVIATIONS[g("abbr")] + " " + read_number(int(number))
        return ABBREVIATIONS[g("abbr")]
    if g("symbol"):
        return " "
    return None


def normalize(text: str, *, base: int = 0) -> SpokenText:
    """Spell out `text` for a Vietnamese voice, keeping an offset map to it.

    `base` is added to every original offset, so a sentence cut out of a
    longer text maps straight back into the whole text.
    """
    text = unicodedata.normalize("NFC", text)
    spoken = SpokenText(original=text)
    pos = 0
    for match in _PATTERN.finditer(text):
        start, end = match.span()
        said = _spoken_for(match, text[max(0, start - 8):start])
        if said is None:
            continue
        spoken._append(text[pos:start], base + pos, base + start, verbatim=True)
        if said.strip():
            pad_left = "" if not spoken.text or spoken.text[-1].isspace() else " "
            spoken._append(pad_left + said + " ", base + start, base + end, verbatim=False)
        else:
            spoken._append(" ", base + start, base + end, verbatim=False)
        pos = end
    spoken._append(text[pos:], base + pos, base + len(text), verbatim=True)
    return spoken
