"""Numbers in words: whole numbers, decimals, digits one by one, ordinals, Roman numerals.

The northern way ("một nghìn không trăm linh năm"), with the spoken forms a number
takes after another ("hai mươi mốt", "hai mươi tư", "hai mươi lăm").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


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


def _digit_groups(n: int) -> list[int]:
    """How many digits each group of an n-digit code holds: threes, a last four rather
    than a lone digit (10 → 3 3 4, 12 → 3 3 3 3, 6 → 3 3), up to four in one group."""
    if n <= 4:
        return [n]
    sizes = [3] * (n // 3)
    if n % 3 == 1:
        sizes[-1] = 4
    elif n % 3 == 2:
        sizes.append(2)
    return sizes


def read_digit_groups(digits: str, sizes: list[int] | None = None) -> str:
    """A code to copy down ("0123456789" → "không một hai, ba bốn năm, sáu bảy tám chín").

    Digit by digit, with a comma (a short pause, as a reader takes breath to let it be
    written) between groups: the groups it was written in (`sizes`), else `_digit_groups`.
    """
    groups: list[str] = []
    at = 0
    for size in sizes or _digit_groups(len(digits)):
        groups.append(read_digits(digits[at:at + size]))
        at += size
    return ", ".join(group for group in groups if group)


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


def month_name(m: int) -> str:
    return "tư" if m == 4 else read_number(m)


_ROMAN = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}

_ORDINALS = {1: "nhất", 4: "tư"}


def ordinal(n: int) -> str:
    """A number after "thứ": "nhất" for 1, "tư" for 4, else the number."""
    return _ORDINALS.get(n) or read_number(n)


def roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def read_whole(digits: str) -> str:
    """A number as written: "05" (a code's zero kept) digit by digit, else as a number."""
    if len(digits) > 1 and digits.startswith("0"):
        return read_digits(digits)
    return read_number(int(digits))


def over(a: int, b: int) -> str:
    """"a trên b": a tally, a house or issue number with a slash."""
    return f"{read_number(a)} trên {read_number(b)}"


def dash_pair(a: int, b: int) -> str:
    """Two numbers joined by a dash and no date: a range when they rise, else a pause."""
    return f"{read_number(a)} {'đến' if a < b else '-'} {read_number(b)}"
