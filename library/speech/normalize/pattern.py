"""The one regular expression that finds every stretch written otherwise than said.

Its alternatives are tried in order at each position, so the order is part of the
rules: a dash date before a phone number ("02-09-2026"), a document code before an
abbreviation ("57-NQ/TW"). What each find is said as is decided in `readings`.
"""

from __future__ import annotations

import re

from .abbreviations import SAID_IN_FULL
from .addresses import HOST
from .cues import AMOUNT_FOLLOW, COUNT_FOLLOW, COUNTED, DAY_WORDS, right_after
from .letters import LETTERS, UPPER
from .units import PER_ALT, UNIT_ALT, UNIT_NEXT

_ABBR = "|".join(re.escape(k) for k in sorted(SAID_IN_FULL, key=len, reverse=True))

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"

_MONTH = r"(?:0?[1-9]|1[0-2])"

_SHORT_DATE_LEAD = right_after(DAY_WORDS)

#: Words before "30-4" that make it a day and month only when it falls: a rising pair
#: there is a range ("từ 5-7 cây", "đến 3-5 năm").
_WEAK_DATE_LEAD = right_after(("từ", "trước", "sau", "đến", "hết"))

#: What makes a date or a number part of something longer when it stands right before
#: or after it (a word, a code, a decimal, another date): used as `(?<!...)`, `(?!...)`.
_JOINED_BEFORE = r"[\w.,/-]"

_GOES_ON = r"\w|[-.,/]\d"

#: What stands before the "x" of a size: a number, maybe its unit, maybe a space ("5 x",
#: "5m x", "5 m x", "5mx").
_SIZE_BEFORE = "|".join(sorted({f"(?<=\\d{gap}{unit}{space})"
                                for unit in ("", "m", "cm", "mm", "km")
                                for gap in ("", " ") for space in ("", " ")
                                if unit or not gap}))


#: A map's scale after "tỷ lệ" ("tỷ lệ 1:500"), and "1/…" after a plan's or a map's word
#: ("quy hoạch 1/2000", "bản đồ 1/10.000").
_SCALE_LEAD = right_after(("tỷ lệ", "tỉ lệ"))

_PLAN_LEAD = right_after(("tỷ lệ", "tỉ lệ", "quy hoạch", "bản đồ", "chi tiết", "phân khu"))

#: Before a plate's undotted serial ("BKS 51A-1234"): the words that say it is a plate
#: (a dotted one, "51A-123.45", is a plate anywhere).
_PLATE_LEAD = "|".join(f"(?<={lead} \\d\\d{series}[-–])" for lead in ("số", "BKS", "soát")
                       for series in ("[A-ZĐ]", "[A-ZĐ]\\d", "[A-ZĐ]{2}"))


#: Before the last of a list of days of the week ("T2, T4, |T6", "T2 và |T5"), or after a
#: word that only a day follows ("sáng |T7", "vào |T6", "đến |T6").
_DAY_LISTED = "|".join(
    [f"(?<=T[2-7]{join})" for join in (",", ", ", " và ", "-", " - ", "–", " – ")]
    + [right_after(("sáng", "trưa", "chiều", "tối", "vào", "từ", "đến", "ngày", "các"))])


PATTERN = re.compile(
    # a web address with a path or a query: its host is read, the rest cannot be listened to
    rf"(?P<url>(?:https?://(?P<u_host>[\w.-]+)|(?P<u_www>www\.[\w.-]+)|(?<![\w@./-])(?P<u_bare>{HOST}))"
    r"[/?#]\S*?[^\s.,;:!?)](?=[.,;:!?)]*(?:\s|$)))"
    # an e-mail address, a host name ("www.quangnam.gov.vn", "quangnam.gov.vn"): read out
    r"|(?P<address>(?<![\w@./-])(?:https?://)?(?P<host>(?:[\w+-]+(?:\.[\w+-]+)*@)?"
    rf"{HOST}|www(?:\.[\w-]+)+)/?"
    r"(?![\w@-]|\.\w))"
    # opening days: "T2-T6", "T2-CN", "thứ 2-CN"
    r"|(?P<weekdays>(?<![\w-])T(?P<wd_from>[2-7])\s?[-–]\s?(?:T(?P<wd_to>[2-7])|CN)(?!\w))"
    r"|(?P<tosunday>(?:(?<=thứ )|(?<=Thứ ))(?P<ts_from>[2-7])\s?[-–]\s?CN(?!\w))"
    # "quý I/2026", "quý 1/2026", "quý I và II/2026": quarters of a year, no month in them
    r"|(?P<quarter>(?<=(?i:quý) )(?P<q_list>(?:(?:IV|I{1,3}|[1-4])\s*(?:,|và)\s*)*)"
    r"(?P<q_num>IV|I{1,3}|[1-4])\s?[/-]\s?(?P<q_year>\d{4})(?![\d/]))"
    # "57-NQ/TW", "1234/QĐ-UBND", "100/2019/NĐ-CP", "59/2020/QH14": a number, maybe a year,
    # then groups of letters, the first starting with two capitals
    rf"|(?P<code>(?<![\w/.,-])\d{{1,5}}(?:/\d{{4}})?[-/][{UPPER}]{{2}}[{LETTERS}]*\d*"
    rf"(?:[-/&][{UPPER}][{LETTERS}]*\d*)*(?![\w/]|-\w))"
    # "tỷ lệ 1:500", "quy hoạch 1/2000", "bản đồ 1/10.000": a map's or a plan's scale
    rf"|(?P<scale>(?=\d){_SCALE_LEAD}(?P<sc_a>\d{{1,3}}):"
    r"(?P<sc_b>\d{1,3}(?:\.\d{3})+|\d+)(?![\d:]|[.,]\d)"
    rf"|(?=1/){_PLAN_LEAD}(?P<sc_one>1)/"
    r"(?P<sc_big>[1-9]\d{2,}|[1-9]\d{0,2}(?:\.\d{3})+)(?![\d/]|[.,]\d))"
    # "ĐT.741", "ĐT 741", "QL.14", "QL 1A": a provincial road or a national highway and its
    # number ("ĐT 0271 …", a number that starts with 0, is a telephone: below); joined to
    # letters before ("Sở GD-ĐT 12 huyện", "KH&ĐT") it is "đào tạo", "đầu tư": no road
    r"|(?P<road>(?<![\w&-])(?P<rd_kind>ĐT|QL)(?:\.\s?|\s)?(?P<rd_num>[1-9]\d{0,3})"
    r"(?P<rd_letter>[A-ZĐ])?(?!\w|[.,]\d))"
    # "ĐT: 0271 3879 123", "ĐT 0912 …", "ĐT/Zalo:": a telephone number follows
    r"|(?P<tel>(?<![\w&-])ĐT(?:(?=\s?:|/(?i:zalo|fax))|\.?(?=\s?(?:\(0|0|\+84))))"
    # "51A-123.45", "93H1-234.56", "BKS 51A-1234": a vehicle's number plate
    r"|(?P<plate>(?<![\w.,/-])(?P<pl_area>\d{2})(?P<pl_series>[A-ZĐ]{1,2}\d?)[-–]"
    rf"(?P<pl_serial>\d{{3}}\.\d{{2}}|(?:{_PLATE_LEAD})\d{{4,5}})(?![\w.,/-]\w|\w))"
    # "thứ 7 và CN", "T7, CN": Sunday after another day of the week (decided below)
    r"|(?P<sunday>(?<![\w&-])CN(?![\w&]))"
    # "T2, T4, T6", "T7, CN": days of the week listed
    rf"|(?P<tday>(?=T[2-7])(?<![\w-])(?:{_DAY_LISTED}|(?=T[2-7]\s*(?:,|và|-|–)\s*(?:T[2-7]|CN)(?!\w)))"
    r"T(?P<td_n>[2-7])(?!\w))"
    # "PM2.5": the fine dust the air-quality bulletins measure
    r"|(?P<pm>(?<![\w.])PM\s?2[.,]5(?!\w|[.,]\d))"
    # "cúm A/H5N1": the flu's type and its subtype, said "a hát năm en một"
    r"|(?P<flu>(?<![\w/])A/(?P<flu_sub>H\d{1,2}N\d{1,2})(?![\w/]))"
    # "5m x 20m", "5 x 20 m", "5x20m", "3 × 4": a size, said "năm mét nhân hai mươi mét"
    rf"|(?P<times>(?=[x×])(?:{_SIZE_BEFORE})[x×](?=\s?\d))"
    # "2-9-1945", "02-09-2026", "2.9.2026": tried before phone numbers ("02-09-2026" would
    # pass for one); only a real day and month, so "0912-345-678" is never a date
    rf"|(?P<dashdate>(?<!{_JOINED_BEFORE})(?P<dd_day>{_DAY})(?P<dd_sep>[-.])(?P<dd_month>{_MONTH})"
    rf"(?P=dd_sep)(?P<dd_year>\d{{4}})(?!{_GOES_ON}))"
    # "30-4 và 1-5", "từ 30-4 đến 1-5": two dash days and months joined
    rf"|(?P<dmpair>(?<!{_JOINED_BEFORE})(?P<dp_d1>{_DAY})[-–](?P<dp_m1>{_MONTH})"
    r"(?P<dp_join>\s*(?:,|và|đến hết|đến|tới)\s*|\s[-–]\s)"
    rf"(?P<dp_d2>{_DAY})[-–](?P<dp_m2>{_MONTH})(?!{_GOES_ON}|\s*{AMOUNT_FOLLOW}))"
    # "ngày 20-11", "chiều 15.3": a day and month with no year, after a word of the day
    rf"|(?P<shortdate>{_SHORT_DATE_LEAD}(?P<sd_day>{_DAY})(?P<sd_sep>[-.])(?P<sd_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{AMOUNT_FOLLOW}))"
    # "ngày 1 và 2-9", "ngày 1 đến 3-9": the last of a list of days (decided by the words
    # before the list)
    r"|(?P<listdate>(?:(?<=\d và )|(?<=\d, )|(?<=\d đến ))"
    rf"(?P<ls_day>{_DAY})[-–](?P<ls_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{COUNT_FOLLOW}))"
    # "từ 30-4": after "từ", "đến" only a falling pair is a date ("từ 5-7" is a range)
    rf"|(?P<weakdate>{_WEAK_DATE_LEAD}(?P<wk_day>{_DAY})[-–](?P<wk_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{COUNT_FOLLOW}))"
    # "Ngày Nhà giáo 20-11", "Chiến thắng 30-4": a dash day and month after a word, a date
    # only after a day's name or a victory (decided by `readings.spoken_for`), else as it was
    rf"|(?P<namedate>(?<=[^\W\d_] )(?P<nd_day>{_DAY})(?P<nd_dash>[-–])(?P<nd_month>{_MONTH})"
    rf"(?!{_GOES_ON}|/|{UNIT_NEXT}|\s*{COUNT_FOLLOW}))"
    # "2026-05-15": the date as machines write it
    rf"|(?P<isodate>(?<!{_JOINED_BEFORE})(?P<iso_year>\d{{4}})-(?P<iso_month>0[1-9]|1[0-2])"
    rf"-(?P<iso_day>0[1-9]|[12]\d|3[01])(?!{_GOES_ON}))"
    r"|(?P<phone>(?<![\w+])(?:\+84[ .-]?|0)\d{1,3}(?:[ .-]?\d{2,4}){2,3}(?![\d])"
    # "(0236) 3822 123": the area code in brackets
    r"|\(0\d{2,3}\)\s?\d{3,4}[ .]?\d{3,4}(?!\d)"
    # "1900 1234", "1800.6868": the nationwide service numbers
    r"|(?<![\w.,])1[89]00[ .]?\d{2,4}(?:[ .]\d{2,4})?(?!\d))"
    r"|(?P<date>(?<![\d/])(?P<d_day>\d{1,2})/(?P<d_month>\d{1,2})/(?P<d_year>\d{4}|\d{2})(?![\d/]))"
    # "25-27/9": two days of one month
    rf"|(?P<dayrange>(?<!{_JOINED_BEFORE})(?P<dr_from>{_DAY})\s?[-–]\s?(?P<dr_to>{_DAY})"
    rf"/(?P<dr_month>{_MONTH})(?:/(?P<dr_year>\d{{4}}))?(?![\d/]))"
    # "Đại hội XIII", "quý III", "thế kỷ XXI": a Roman numeral after the words that take one
    r"|(?P<roman>(?<![\w-])(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?![\w-]))"
    # "45/52 hộ", "1.200/1.500 hộ", "1200/1500 hộ": a tally of things counted; "5/2026 hộ"
    # and "5/1000 hộ" (a dotless four-digit total) are left to monthyear, which decides
    rf"|(?P<tally>(?<![\w.,/])(?!\d{{1,3}}/\d{{4}}(?![\d/]))(?P<ta_a>\d{{1,3}}(?:\.\d{{3}})+|\d+)/"
    rf"(?P<ta_b>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d/]|[.,]\d)"
    # ... or a total too large for a date: "1/10.000", "1.200/1.500" (not of a measure:
    # "1.200/1.500 m3" is left to the amount and its unit)
    rf"(?:(?=\s+{COUNTED})|(?<=\.\d{{3}})(?!{UNIT_NEXT})))"
    r"|(?P<monthyear>(?<![\d/])(?P<my_month>\d{1,3})/(?P<my_year>\d{4})(?![\d/]))"
    r"|(?P<pair>(?<![\d/])(?P<p_a>\d{1,3})/(?P<p_b>\d{1,3})(?![\d/]))"
    # "1m70", "1m65": metres and centimetres, a height ("1m2", "1m3" are square and cubic
    # metres, units of the number below)
    r"|(?P<height>(?<![\w.,/+-])(?P<h_m>\d{1,2})m(?P<h_cm>\d{2}|[14-9])(?![\w/]|[.,]\d))"
    r"|(?P<time>(?<![\d:,.])(?P<t_hour>\d{1,2})(?::|h|g)(?P<t_min>\d{2})?(?![\w:]))"
    # letters and digits in one word: "QL14E", "H5N1", "F0", "U23", "12A1", "4G"
    r"|(?P<mixed>(?<![\w.,/+-])(?:[A-Za-zĐđ]+\d\w*|\d+(?!VNĐ)[A-ZĐ][A-Za-zĐđ\d]*)(?![\w/]))"
    # a dash right after an amount, a time or a date and before a number: maybe a range
    # ("50÷100 mm", "50~100 mm": a range as technical texts write it)
    r"|(?P<dash>(?:(?<=[\dh%C°])|(?<=giờ))\s?[-–÷~]\s?(?=\d))"
    # A minus sign counts only straight before a digit and not after a word or a number
    # ("-5 độ", but "5-7" and "Hà Nội - Huế" keep their dash, a pause).
    r"|(?P<number>(?P<n_sign>(?<![\w\-−–.,])[-−])?(?:(?<![\w,.])|(?<=[\d\s][x×])|(?<=\dm[x×])|(?<=\d[ckm]m[x×]))"
    # A dot that does not group thousands is read "chấm": "4.0", "99.9%" (never "bốn .0").
    r"(?P<n_whole>\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,(?P<n_frac>\d+)|\.(?P<n_dot>\d+))?"
    r"(?!\d))"
    rf"(?P<unit>\s?(?:{UNIT_ALT})(?:(?!\w)|(?=[x×]\d)))?"
    # "7.200 đ/kg", "50 km/h", "120.000 đồng/tháng": the slash after an amount means "per"
    rf"(?:/(?P<per>{PER_ALT})(?!\w))?"
    # "2,34 triệu đồng/tháng": "per" after the word of the amount
    # ... or after a square or cubic metre already "per" ("đồng/m2/tháng", "người/km2/năm")
    # or a market's millions ("1tr5/chục")
    r"|(?P<perword>(?:(?<=[^\W\d_])|(?<=tr\.)|(?<=m[23])|(?<=\dtr\d)|(?<=\dtr\d\d)"
    rf"|(?<=\dtr\d\d\d))/(?P<pw_unit>{PER_ALT})(?!\w))"
    # "50 mg/100 ml": a concentration "trên" an amount
    r"|(?P<perunit>(?=/)(?<=mg|ml|µg|μg)/(?=\s?\d))"
    # "150mm/24h": rain "trong" so many hours
    r"|(?P<perspan>(?=/)(?<=mm)/(?=\d{1,2}\s?(?:h|giờ)(?!\w)))"
    # "20 triệu/1m2", "25.000đ/1 kg": "per one …", the "1" already says "một"
    rf"|(?P<perone>(?=/)(?<=[^\W\d_])/(?=\s?1\s?(?:{UNIT_ALT}|{PER_ALT})(?!\w)))"
    # "20tr", "1,5tr", "1tr5", "8 tr", "500k": millions and thousands as a market stall
    # writes them, straight after the amount ("K12", "4K", "km", "kg" are no thousands)
    r"|(?P<mult>(?:(?<=\d)(?:tr(?P<mu_more>\d{1,3})?|k)|(?<=\d )tr)(?:(?<=r)\.(?=/))?"
    r"(?![^\W_]|[.,]\d))"
    # "Q.1", "P. 12": the number after an abbreviation's dot is part of it (the number
    # pattern above does not start after a dot, where it would take "1.200" apart).
    # "TP.Hội An", "P.Minh An": a letter may follow straight after an abbreviation's dot
    rf"|(?P<abbr>(?<!\w)(?:{_ABBR})(?:(?<=\.)|(?![^\W\d_])))"
    r"(?:(?<=\.)\s?(?P<abbr_num>\d{1,4})(?!\d|[.,]\d))?"
    r"|(?P<symbol>[^\w\s.,;:!?…\-–—()\"'“”‘’/])",
)
