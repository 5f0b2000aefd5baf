"""Days, months and years, and the slash pair that may be a date, a fraction or a tally.

"a/b" without a year is decided by `slash_pair`, whose docstring lists the order in
which the words around it are asked.
"""

from __future__ import annotations

import re

from .cues import (
    AFTER_THU,
    COUNTED_AFTER,
    DATE_AFTER,
    DATE_BEFORE,
    DATE_FOLLOW,
    DATE_JOINED,
    DATE_LEAD,
    DAY_BEFORE,
    DAY_NAME,
    FAR,
    FRACTION_LEAD,
    NAME_LEAD,
    NAME_LIKE_DAY_LEAD,
    NUMBER_LEAD,
    PAIR_DAY,
    PAIR_MONTH,
    ROUND_LEAD,
)
from .numbers import month_name, ordinal, over, read_number


def names_a_day(before: str) -> bool:
    """Whether `before` ends with a day's name that starts with "Ngày" (`DAY_NAME`); the
    capital is checked here because a regex class cannot tell every Vietnamese capital."""
    match = DAY_NAME.search(before)
    return match is not None and match.group("name")[0].isupper()


def valid_date(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def day_lead(before: str) -> str:
    """"ngày " before a day, unless the words before say it already ("mùng 10/3", "Ngày
    Nhà giáo 20/11") or the date names a street or a bridge ("đường 3/2", "đường
    3/2/1930", "cầu 2-9-1945")."""
    if PAIR_DAY.search(before) or NAME_LEAD.search(before) or names_a_day(before):
        return ""
    return "ngày "


def day_month(d: int, m: int, before: str) -> str:
    return f"{day_lead(before)}{read_number(d)} tháng {month_name(m)}"


def month_year(m: int, y: int, before: str) -> str:
    lead = "" if PAIR_MONTH.search(before) else "tháng "
    return f"{lead}{month_name(m)} năm {read_number(y)}"


def slash_pair(a: int, b: int, text: str, start: int, end: int) -> str:
    """"a/b" without a year: a day and month, a fraction, or a number "trên" a number.

    The same digits mean three things in a bulletin, and the words around them
    tell which:

    1. After "số", "nhà", "hẻm", "ngõ", "ngách", "kiệt", "thứ", "hạng", "lớp" it
       is a number with a slash, read "trên": "số 12/3 đường Trần Phú", "thứ 2/63",
       "lớp 9/3".
    2. It is a day and month ("ngày một tháng hai") when it can be one (a ≤ 31,
       b ≤ 12) and stands after a date word ("ngày", "mùng", "sáng", "chiều",
       "dịp", "lễ", "Tết", "Quốc khánh", "kỷ niệm", "từ", "trước", "sau", "vào",
       "hết", "hạn" …), a street word, "đường phố" or "yêu cầu", a day's name
       ("Ngày Quốc tế Lao động 1/5"), or next to another date in a range
       ("30/4-1/5", "từ 1/6 đến 1/8", "25-27/9").
    3. Otherwise, followed by a thing counted (`COUNTED`: "xã", "phường", "thị
       trấn", "huyện", "tỉnh", "thôn", "hộ", "người", "tiêu chí", "chỉ tiêu", "đơn
       vị", "trường", "cơ sở", "doanh nghiệp", "dự án", "công trình", "nhiệm vụ" …)
       it is a tally "x of y", read "a trên b" whatever its size: "10/10 xã" is
       "mười trên mười xã", "3/5 trường" "ba trên năm trường", "9/10 tiêu chí"
       "chín trên mười tiêu chí". Only "30/4 và 1/5 người dân", joined to a date,
       stays a date. A noun after "số" is no thing counted but a share of a whole:
       "1/2 số hộ" stays a fraction.
    4. Otherwise it is a day and month when it cannot be a fraction (a ≥ b:
       "30/4", "20/11", "(10/10)").
    5. Otherwise a proper fraction (a < b) is an amount when an amount word comes
       before it ("hơn", "gần", "khoảng", "chiếm", "đạt" …) or a word follows it
       that is not a time word ("1/2 số hộ", "3/4 diện tích"); "1/6 năm nay",
       "2/9 tới", "(2/9)" and "1/5." stay dates.
    6. An amount that is a share of a whole is read "a phần b" when b ≤ 10 (the
       fractions people say: một phần hai, hai phần ba, ba phần tư, chín phần
       mười) and "a trên b" above that ("18/19", "45/50"); a tally (rule 3) is
       always "trên", so one bulletin says "chín trên mười tiêu chí" and "mười
       tám trên mười chín tiêu chí" alike.
    """
    before, after = text[max(0, start - 24):start], text[end:end + 24]
    far = text[max(0, start - FAR):start]
    if ROUND_LEAD.search(before):
        return f"{read_number(a)} phần {read_number(b)}"  # "vòng 1/8": the last sixteen
    if NUMBER_LEAD.search(before):
        if AFTER_THU.search(before):
            return f"{ordinal(a)} trên {read_number(b)}"  # "xếp thứ 4/63": "thứ tư trên …"
        return over(a, b)
    counted = COUNTED_AFTER.match(after) is not None
    if valid_date(a, b):
        beside = (DATE_LEAD.search(before) or NAME_LEAD.search(before) or names_a_day(far)
                  or NAME_LIKE_DAY_LEAD.search(before)
                  or DATE_BEFORE.search(before) or DAY_BEFORE.search(before)
                  or DATE_AFTER.match(after))
        if counted and not beside:
            if not DATE_JOINED.search(before):
                return over(a, b)  # "10/10 xã": a tally
            beside = True  # "30/4 và 1/5 người dân"
        date = a >= b or beside
        if not date and not FRACTION_LEAD.search(before):
            word_follows = re.match(r"\s*[^\W\d_]", after) is not None
            date = not word_follows or DATE_FOLLOW.match(after) is not None
        if date:
            if (a, b) == (24, 7) and not DATE_LEAD.search(before):
                return "hai tư trên bảy"  # "phục vụ 24/7": all day, every day
            return day_month(a, b, far)
    if 1 <= a < b <= 10 and not counted:
        return f"{read_number(a)} phần {month_name(b) if b == 4 else read_number(b)}"
    return over(a, b)
