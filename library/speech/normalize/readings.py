"""What is said for every stretch that `pattern` finds.

Rules that need a choice (a bulletin writes the same digits for different things):

- Dates. "10/8/2021", "2-9-1945", "02-09-2026" and "2.9.2026" are day-month-year
  ("ngày hai tháng chín năm …"); a dash or dot date is tried before phone numbers,
  so "02-09-2026" is a date while "0912-345-678" (no valid day-month-year in it)
  stays a phone number read digit by digit. After a street, bridge or square
  word the date is its name and says no "ngày", however it is written: "đường
  3/2", "đường 3/2/1930", "đường 3-2-1930", "cầu 2-9-1945"; only the word that
  heads a name counts: "lễ hội đường phố 2/9" is a street festival on a day
  ("… đường phố ngày hai tháng chín"), "yêu cầu 2/9" a deadline ("yêu cầu ngày
  hai tháng chín"), neither a name nor a fraction. After a day's name that
  starts with "Ngày" ("Ngày Nhà giáo Việt Nam 20/11", "Ngày Quốc khánh 2-9",
  "ngày thành lập Đảng 3/2": a capital starts the name) the date is the day
  named: no second "ngày", never a fraction ("Ngày Quốc tế Lao động 1/5" →
  "… Lao động một tháng năm"). "Chiến thắng 30-4" is a name too ("chiến thắng
  ba mươi tháng tư").
  "8/2021" is month/year; after "số", "nhà", "thứ" … it is a number with a slash
  ("số 18/2026", "số 5/2026 hộ" → "… năm trên hai nghìn …"). Before a thing
  counted ("5/2026 hộ gia đình") it stays month/year (a bulletin dates its figures
  this way far more often than it counts out of a four-digit total) unless the
  year cannot be one (outside 1900–2099: "5/1000 hộ" → "năm trên một nghìn hộ")
  or an amount word stands before it ("đạt 5/2026 hộ"); after "tháng" it is
  always month/year ("tháng 5/2026 hộ"). Without a
  year, a dash or dot pair is a day and month only straight after a word of the
  day ("ngày 20-11", "chiều 15.3", "sáng 2-9", "dịp 2-9", "lễ 30-4", "Quốc
  khánh 2-9", "kỷ niệm 30-4"; not before "tháng", a unit or an amount word);
  after "từ", "đến", "trước", "sau", "hết" only a pair that falls, which cannot
  be a range ("từ 30-4", but "từ 5-7 cây" is a range); two pairs joined by "và",
  ",", "đến", "đến hết", "tới" or a spaced dash are both dates when one of them
  falls or a word of the day stands before them ("30-4 và 1-5", "từ 30-4 đến
  1-5", "30-4 - 1-5"), unless they are scores ("thắng 3-1 và 2-1"); the last of
  a list of days is one too ("ngày 1 và 2-9" → "ngày một và ngày hai tháng
  chín", "ngày 1 đến 3-9"). Elsewhere "5-7" is a range and "2.5" a number.
- Quarters. "quý I/2026", "quý 1/2026", "quý IV-2025", "quý I và II/2026" name
  a quarter and its year: "quý một năm hai nghìn không trăm hai mươi sáu"
  (never "tháng một"). "6 tháng đầu năm 2026" needs nothing.
- A slash pair without a year, "a/b", is decided by `dates.slash_pair`: see its
  docstring ("1/2 số hộ" is a half, "10/10 xã" a tally "mười trên mười xã",
  "ngày 1/2" and "Quốc khánh 2/9" are dates). A tally too large for a date
  ("1.200/1.500 hộ", "1200/1500 hộ", "5/1.500 hộ") is read "trên" as well; a
  dotless four-digit total after a small number ("5/1000 hộ", "5/2026 hộ") is
  decided by the month/year rule above.
- Ranges. A dash between two amounts that rise ("5-7 ngày", "2020-2025"),
  between two times ("13h30-17h") or two dates ("30/4-1/5") is read "đến";
  "25-27/9" is "ngày hai mươi lăm đến ngày hai mươi bảy tháng chín". A dash
  between numbers that fall ("tỷ số 2-1"), or after digits glued to letters
  (a lot or a file code: "A1-05"), stays, heard as a pause.
- Scores. After "tỷ số", "thắng", "thua", "hòa", "cách biệt", "chung cuộc" (and
  a team's name: "thua Hà Nội 1-2") two numbers joined by a dash are a score,
  read as announcers do, the two numbers with a short pause: "hai - một", never
  "đến" and never a date, whichever side leads and however many are listed
  ("tỷ số 2-1, 3-0 và 1-2" → "… và một - hai"). A thing counted, a unit or a
  decimal after it makes a range again ("thắng 2-3 giải", "thua 1-2 bàn").
  The words count in lower case, or capitalised where a sentence starts without
  a name after them ("Hòa Vang 1-2 tuổi" is a place).
- Codes to copy down. A number after "số tài khoản", "STK", "mã OTP", "mã xác
  thực", "mã số thuế", "mã số", "mã định danh", "số định danh", "CCCD (số)",
  "CMND (số)", "hộ chiếu", "mã bưu chính" … is read digit by digit in groups
  with a short pause (a comma) between them: the groups it is written in
  ("1234 5678 9012"), else threes with a last four rather than a lone digit
  ("0123456789" → "không một hai, ba bốn năm, sáu bảy tám chín"); a number of
  fewer than four digits, an amount ("tài khoản 2000 đồng") or a count stays
  a number. Digits of more than four inside a word ("GD4797931234567") are
  grouped the same way.
- Heights. "1m70", "1m65" are metres and centimetres: "một mét bảy mươi"
  ("1m2", "1m3" stay square and cubic metres). Glued hours and minutes ("2h30",
  "1g30", "7h30") are "hai giờ ba mươi phút", as "17:30" is.
- Document codes ("57-NQ/TW", "1234/QĐ-UBND", "100/2019/NĐ-CP", "59/2020/QH14")
  are read the way they are dictated: numbers as numbers, the letters spelled
  one by one with their Vietnamese names (N "en", Q "quy", Đ "đê", W "vê kép"),
  the slash "trên", the dash silent: "năm mươi bảy en quy trên tê vê kép". The
  letters are spelled even where they are an abbreviation elsewhere (UBND),
  because inside a code they are its name, not words of the sentence.
- Phone numbers ("0912-345-678", "0236 3822 123", "+84 …", "1900 1234") and a
  number after "tổng đài", "đường dây nóng", "hotline", "gọi", "ĐT:" ("tổng đài
  1022") are read digit by digit; "ĐT 609" without the colon is a provincial
  road, "đường tỉnh sáu trăm linh chín".
- Sizes, scales, "per". An "x" or "×" between amounts is "nhân" ("5m x 20m" → "năm
  mét nhân hai mươi mét", "tăng x2" → "tăng nhân hai"), as surveyors and announcers
  say it. A scale after "tỷ lệ", "quy hoạch", "bản đồ", "chi tiết", "phân khu" is "một
  trên …" ("tỷ lệ 1:500", "quy hoạch 1/2000", "bản đồ 1/10.000"), never a time nor a
  month; "a/b" with a dotted total is "trên" anywhere ("1/10.000"). A slash before
  "1" and a unit is silent, the "1" says "một" ("20 triệu/1m2" → "hai mươi triệu một
  mét vuông"); "per second" is "trên giây" ("15 m/s", "500 m³/s": the weather's and the
  reservoirs' wording), a dose's or a concentration's "trên" ("0,25 mg/l" → "… mi li
  gam trên lít", "50 mg/100 ml", "55 µg/m3"), every other "per" "một …"; "per" follows
  "per" ("đồng/ha/năm"). "vòng 1/8" is a cup's round, "một phần tám".
- Roads. "ĐT" with a number is "đường tỉnh" ("ĐT.741", "ĐT 741", "ĐT741"; after
  "đường" only "tỉnh" is added), "QL" "quốc lộ" ("QL.14", "QL1A"), "Km 12+500" "ki lô mét
  mười hai cộng năm trăm"; "ĐT" before a telephone number or a colon is "điện thoại".
  Joined to a department's letters ("Sở GD-ĐT 12 huyện", "Sở GD-ĐT:") "ĐT" is neither.
- Ordinals. After "thứ" a number is an ordinal, a day of the week and a rank alike: "thứ
  4", "lần thứ IV" → "thứ tư", "lần thứ 1" → "lần thứ nhất", "xếp thứ 4/63" → "thứ tư
  trên sáu mươi ba" (Vietnamese has no "thứ bốn" nor "thứ một"). "T2, T4, T6", "T7, CN",
  "sáng T7" are days of the week ("phòng T6" stays a name); "CN" is Sunday only after one
  ("ngành CN" stays as written).
- Number plates ("BKS 93A-123.45", "biển số 51A-1234"): the province's number as a number,
  the series spelled, the serial digit by digit after a short pause, as a plate is read
  out to be written down; an undotted serial counts only after "biển số", "BKS", "biển
  kiểm soát" (elsewhere "12A-2025" is a class and a year).
- E-mail addresses and bare web addresses ("vanphong@quangnam.gov.vn",
  "www.quangnam.gov.vn") are dictated by `read_address` ("a còng", "chấm"),
  since a bulletin gives them to be written down. A web address with a path or
  a query ("https://hue.gov.vn/tin", "tinh.gov.vn/tin-tuc") is given the way an
  announcer gives it: the site only, "hue chấm giê o vê chấm vê en", since a path
  cannot be listened to and the site is where a listener starts. The scheme
  ("https://") is not said (no one says it; a browser adds it); a written "www."
  is said, as for a bare address, because some provincial sites answer only with
  it. Every word of the site lights the whole address as written; the sentence's
  own full stop after it stays.
- Market prices as stalls and Chợ 4.0 notices write them: "tr" straight after an
  amount is "triệu" ("8tr", "1,5tr", "20tr/m2", "8 tr/tháng"; "1tr5" → "một triệu
  năm", as "3 triệu 2" is "ba triệu hai" and "2 tỷ 5" "hai tỷ năm": said as written,
  never turned into "rưỡi" or a decimal), a lower-case "k" glued to an amount is
  "nghìn" ("50k", "500k/tháng", "35-40k/kg"). Before them a dot is a decimal mark
  typed on a phone, said "phẩy" as the comma is: "1.5tr" and "1,5tr" are both "một
  phẩy năm triệu", "2.5k" "hai phẩy năm nghìn" (an announcer reads the figure as it
  stands, as "1,5 triệu" is read, never "chấm" nor turned into "rưỡi", which would fit
  ".5" alone); a dot before three digits still groups thousands ("1.500k"). Only
  there: "K12", "4K", "km", "kg" and "tivi 4k" (a screen) keep their reading. A
  price's slash is "per" after them ("/m2" "một mét vuông", "/bó", "/ký"); "/m2",
  "/m3" are square and cubic metres after any word ("25 cây/m2", "USD/m2"), so no "2"
  of "m2" reaches the voice; a measure's "per" follows ("người/km2/năm").
- Letters that are two things. "HCV" is a gold medal ("huy chương vàng"), except after
  "viêm gan", "virus", "nhiễm", "xét nghiệm", "anti-" or "HBV," where it is the
  hepatitis C virus, spelled "hát xê vê". "BTC" is always "ban tổ chức": the
  Ministry of Finance writes it inside its document codes ("TT-BTC", spelled by the
  code rule) and a bulletin rarely names Bitcoin by its ticker.
- Rice varieties. After "giống", "lúa", "gạo", "nếp" (and "lúa thuần", "giống lúa"
  …) a variety and the ones listed with it ("lúa OM 5451, ST25, ĐT8 và Q5") are
  read as their names, by a short list of prefixes (`VARIETY_PREFIXES`: IR, OM, ST,
  ĐT, DT, Q, BC, KD, HT, TBR, VNR, RVT, AC): the letters as they are said ("i rờ",
  "ô em", "ét tê"), a number of three digits or more digit by digit, as it is printed
  on the seed bag and dictated at the seed shop ("IR 50404" → "i rờ năm không bốn
  không bốn", "OM 5451" → "ô em năm bốn năm một"; as an amount, "năm mươi nghìn …",
  it would pass for a quantity), a shorter one as a number ("ST25" → "ét tê hai mươi
  lăm", "OM 18"). Elsewhere "ĐT8" stays a road ("đường tỉnh tám") and "IR" letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .abbreviations import SAID_IN_FULL
from .addresses import read_address
from .codes import read_code, read_mixed
from .cues import (
    AFTER_THU,
    AMOUNT_AFTER,
    BIRTH_YEAR,
    CODE_GROUP_AFTER,
    CODE_LEAD,
    CODE_MORE,
    COUNTED_AFTER,
    DATE_LEAD,
    DAY_LIST,
    FAR,
    FRACTION_LEAD,
    HEPATITIS_LEAD,
    MARKET_MULTIPLIER_NEXT,
    NUMBER_LEAD,
    PAIR_MONTH,
    PHONE_LEAD,
    ROMAN_LEAD,
    SCREEN_LEAD,
    SMALL_ROMAN_LEAD,
    SUNDAY_AFTER,
    VICTORY_LEAD,
)
from .dates import day_lead, day_month, month_year, names_a_day, slash_pair, valid_date
from .letters import spell
from .numbers import (
    dash_pair,
    month_name,
    ordinal,
    over,
    read_decimal,
    read_digit_groups,
    read_digits,
    read_number,
    read_whole,
    roman_value,
)
from .pattern import PATTERN
from .ranges import SCORE_LEAD, range_dash
from .units import AREA_VOLUME, PER_AFTER, UNIT_BEFORE, UNITS, said_per
from .varieties import varieties


def spoken_for(match: re.Match[str], text: str) -> str | None:
    """What to say for one match; None means "leave the original as it is"."""
    g = match.group
    start, end = match.span()
    before, wide = text[max(0, start - 8):start], text[max(0, start - 24):start]
    far = text[max(0, start - FAR):start]
    if g("url"):
        # "https://hue.gov.vn/tin": the site is said, as an announcer gives it; the path
        # and the query cannot be listened to (and the scheme any browser adds itself)
        return read_address((g("u_host") or g("u_www") or g("u_bare")).rstrip(".-"))
    if g("address"):
        return read_address(g("host"))
    if g("weekdays"):
        last = f"thứ {ordinal(int(g('wd_to')))}" if g("wd_to") else "chủ nhật"
        return f"thứ {ordinal(int(g('wd_from')))} đến {last}"
    if g("tosunday"):
        return f"{ordinal(int(g('ts_from')))} đến chủ nhật"
    if g("code"):
        return read_code(g("code"))
    if g("scale"):
        if g("sc_one"):
            return over(1, int(g("sc_big").replace(".", "")))
        return over(int(g("sc_a")), int(g("sc_b").replace(".", "")))
    if g("road"):
        kind = "quốc lộ" if g("rd_kind") == "QL" else "đường tỉnh"
        if kind == "đường tỉnh" and re.search(r"(?i:đường)\s$", before):
            kind = "tỉnh"  # "đường ĐT.741": "đường tỉnh", not "đường đường tỉnh"
        letter = f" {spell(g('rd_letter'))}" if g("rd_letter") else ""
        return f"{kind} {read_number(int(g('rd_num')))}{letter}"
    if g("tel"):
        return "điện thoại"
    if g("tday"):
        return f"thứ {ordinal(int(g('td_n')))}"
    if g("sunday"):
        return "chủ nhật" if SUNDAY_AFTER.search(wide) else None
    if g("plate"):
        # the province's number as a number, the series spelled, the serial digit by digit
        # with a pause, as a plate is read out to be written down
        serial = g("pl_serial").replace(".", "")
        area = read_number(int(g("pl_area")))
        return f"{area} {read_mixed(g('pl_series'))}, {read_digits(serial)}"
    if g("flu"):
        return "a " + read_mixed(g("flu_sub"))
    if g("times"):
        return "nhân"
    if g("phone"):  # read digit by digit, the way numbers are dictated
        digits = "".join(c for c in g("phone") if c.isdigit())
        if CODE_LEAD.search(far):  # "số tài khoản 0123456789", "CCCD số 038090012345"
            sizes = [len(group) for group in re.findall(r"\d+", g("phone"))]
            return read_digit_groups(digits, sizes if len(sizes) > 1 else None)
        lead = "cộng " if g("phone").startswith("+") else ""
        return lead + read_digits(digits)
    if g("date"):
        d, m, y = int(g("d_day")), int(g("d_month")), g("d_year")
        if not valid_date(d, m):
            return None
        year = int(y) if len(y) == 4 else 2000 + int(y)
        return f"{day_month(d, m, far)} năm {read_number(year)}"
    if g("dashdate"):
        d, m = int(g("dd_day")), int(g("dd_month"))
        return f"{day_month(d, m, far)} năm {read_number(int(g('dd_year')))}"
    if g("dmpair"):
        days = [(int(g("dp_d1")), int(g("dp_m1"))), (int(g("dp_d2")), int(g("dp_m2")))]
        join = g("dp_join").strip()
        if SCORE_LEAD.search(text, max(0, start - 80), start):
            # "thắng 3-1 và 2-1", "thua Hà Nội 2-1, 3-4": scores, whoever leads
            return f" {join} ".join(f"{read_number(d)} - {read_number(m)}" for d, m in days)
        join = "đến" if join in {"-", "–"} else join
        if any(d >= m for d, m in days) or DATE_LEAD.search(wide):
            (d1, m1), (d2, m2) = days
            return f"{day_month(d1, m1, far)} {join} {day_month(d2, m2, '')}"
        # two ranges, read as the dash would be
        return f" {join} ".join(dash_pair(d, m) for d, m in days)
    if g("listdate"):
        d, m = int(g("ls_day")), int(g("ls_month"))
        if DAY_LIST.search(text[max(0, start - 40):start]):
            return day_month(d, m, "")
        if d >= m and before.endswith("đến "):
            return day_month(d, m, before)  # "từ 5 đến 30-4": as after "đến" alone
        if SCORE_LEAD.search(text, max(0, start - 80), start):
            return f"{read_number(d)} - {read_number(m)}"  # "tỷ số 2-1, 3-0 và 1-2"
        return dash_pair(d, m)
    if g("weakdate"):
        d, m = int(g("wk_day")), int(g("wk_month"))
        if d < m:
            return dash_pair(d, m)  # "từ 5-7": a range
        return day_month(d, m, far)
    if g("quarter"):
        quarters = re.findall(r"IV|I{1,3}|[1-4]|,|và", g("q_list") + g("q_num"))
        said = [q if q in {",", "và"} else read_number(int(q) if q.isdigit() else
                                                       roman_value(q)) for q in quarters]
        return f"{' '.join(said)} năm {read_number(int(g('q_year')))}"
    if g("tally"):
        a, b = (int(g(name).replace(".", "")) for name in ("ta_a", "ta_b"))
        if "." not in g("tally") and a <= 999 and b <= 999:
            return slash_pair(a, b, text, start, end)
        return over(a, b)
    if g("shortdate"):
        return day_month(int(g("sd_day")), int(g("sd_month")), far)
    if g("namedate"):
        d, m = int(g("nd_day")), int(g("nd_month"))
        if names_a_day(far):
            return day_month(d, m, far)  # "Ngày Nhà giáo 20-11": no second "ngày"
        if d > 12 and VICTORY_LEAD.search(far):
            return f"{read_number(d)} tháng {month_name(m)}"  # "Chiến thắng 30-4", a name
        # as a number, a dash and a number are read anywhere else ("tỷ số 2-1", "thua 1-2")
        dash = range_dash(text, match.start("nd_dash"), match.end("nd_dash")) or "-"
        return f"{read_whole(g('nd_day'))} {dash} {read_whole(g('nd_month'))}"
    if g("isodate"):
        d, m = int(g("iso_day")), int(g("iso_month"))
        return f"{day_month(d, m, far)} năm {read_number(int(g('iso_year')))}"
    if g("dayrange"):
        d1, d2, m = int(g("dr_from")), int(g("dr_to")), int(g("dr_month"))
        year = f" năm {read_number(int(g('dr_year')))}" if g("dr_year") else ""
        if d1 >= d2:
            return f"{read_number(d1)} - {day_month(d2, m, '')}{year}"
        return f"{day_lead(far)}{read_number(d1)} đến {day_month(d2, m, '')}{year}"
    if g("roman"):
        small = set(g("roman")) <= set("IVX") and SMALL_ROMAN_LEAD.search(before)
        if not ROMAN_LEAD.search(before) and not small:
            return None  # "I" in English, a letter on its own: as written
        if AFTER_THU.search(before):
            return ordinal(roman_value(g("roman")))  # "lần thứ IV": "lần thứ tư"
        return read_number(roman_value(g("roman")))
    if g("monthyear"):
        m, y = int(g("my_month")), int(g("my_year"))
        if not 1 <= m <= 12 or NUMBER_LEAD.search(wide):
            return over(m, y)  # "số 18/2026", "số 5/2026 hộ"
        if (COUNTED_AFTER.match(text, end) and not PAIR_MONTH.search(wide)
                and (not 1900 <= y <= 2099 or FRACTION_LEAD.search(wide))):
            return over(m, y)  # "5/1000 hộ", "đạt 5/2026 hộ": a tally
        return month_year(m, y, before)
    if g("pair"):
        return slash_pair(int(g("p_a")), int(g("p_b")), text, start, end)
    if g("height"):
        return f"{read_number(int(g('h_m')))} mét {read_whole(g('h_cm'))}"
    if g("time"):
        h, mins = int(g("t_hour")), g("t_min")
        if h > 24 or (mins is not None and int(mins) > 59):
            return None
        spoken = f"{read_number(h)} giờ"
        if mins and int(mins):
            spoken += f" {read_number(int(mins))} phút"
        return spoken
    if g("mixed"):
        return read_mixed(g("mixed"))
    if g("dash") is not None:
        said = range_dash(text, start, end)
        return "chia" if said is None and "÷" in g("dash") else said
    if g("number"):
        whole, frac = g("n_whole").replace(".", ""), g("n_frac")
        digits_only = not frac and not g("n_dot") and "." not in g("n_whole")
        # digits and nothing more: no unit, no "per", no minus sign (a code, an ordinal)
        bare = digits_only and not (g("unit") or g("per") or g("n_sign"))
        if (bare and ((len(whole) >= 4 and CODE_LEAD.search(far)) or CODE_MORE.search(far))
                and not AMOUNT_AFTER.match(text, end) and not COUNTED_AFTER.match(text, end)):
            # "mã OTP 482913", "số tài khoản: 1234 5678 9012": a code, its groups as written
            more = len(whole) >= 3 and CODE_GROUP_AFTER.match(text, end) is not None
            return read_digit_groups(whole) + ("," if more else "")
        if len(whole) > 15 or (len(whole) > 1 and whole.startswith("0") and "." not in
                               g("n_whole")):
            spoken = read_digits(whole)  # a code or a very long number: digit by digit
        elif digits_only and len(whole) >= 3 and PHONE_LEAD.search(wide):
            spoken = read_digits(whole)  # "tổng đài 1022": a number to dial
        elif frac:
            spoken = read_decimal(whole, frac)
        elif g("n_dot"):
            # "1.5tr", "2.5k": a price typed on a phone, its dot the decimal mark
            mark = "phẩy" if MARKET_MULTIPLIER_NEXT.match(text, end) else "chấm"
            spoken = read_decimal(whole, g("n_dot"), mark=mark)
        elif bare and AFTER_THU.search(before):
            spoken = ordinal(int(whole))  # "thứ 4", "lần thứ 1": "thứ tư", "thứ nhất"
        else:
            spoken = read_number(int(whole))
        unit = (g("unit") or "").strip()
        if unit:
            spoken += " " + UNITS[unit]
        if g("per"):
            spoken += " " + said_per(g("per"), after=unit)
        if g("n_sign"):
            spoken = "âm " + spoken
        return spoken
    if g("perunit"):
        return "trên"
    if g("perspan"):
        return "trong"
    if g("pm"):
        return "pê em hai chấm năm"
    if g("perone"):
        per = PER_AFTER.search(before) or UNIT_BEFORE.search(before)
        return " " if per else None
    if g("perword"):
        if not PER_AFTER.search(before) and g("pw_unit") not in AREA_VOLUME:
            return None  # "ngày/tháng/năm", "và/hoặc": a slash between words stays
        return said_per(g("pw_unit"))  # "cây/m2", "USD/m2": per square metre after any word
    if g("mult"):
        if g("mult") == "k" and SCREEN_LEAD.search(far):
            return spell("k")  # "tivi 4k": a screen's resolution, "bốn ca" as "4K" is
        more = f" {read_number(int(g('mu_more')))}" if g("mu_more") else ""
        return ("nghìn" if g("mult") == "k" else "triệu") + more
    if g("abbr"):
        number = g("abbr_num")
        if g("abbr") == "tr." and not number:
            # "5 tr./tháng" is millions; "tr." alone is left as written
            return "triệu" if re.search(r"\d\s?$", before) else None
        if g("abbr") == "SN" and not BIRTH_YEAR.match(text, end):
            return None  # "SN 12 Trần Phú" is a house's number ("số nhà"), no birth year
        if g("abbr") == "HCV" and HEPATITIS_LEAD.search(wide):
            return spell("HCV")  # "viêm gan HCV": the hepatitis C virus, not a gold medal
        if number:
            return SAID_IN_FULL[g("abbr")] + " " + read_number(int(number))
        return SAID_IN_FULL[g("abbr")]
    if g("symbol"):
        return {"&": "và", "+": "cộng", "=": "bằng"}.get(g("symbol"), " ")
    return None


def readings(text: str) -> Iterator[tuple[int, int, str]]:
    """Every stretch of `text` said otherwise than written, in order: the varieties found
    first, the rules of `pattern.PATTERN` between them."""
    at = 0
    for start, end, said in [*varieties(text), (len(text), len(text), "")]:
        for match in PATTERN.finditer(text, at, start):
            spoken = spoken_for(match, text)
            if spoken is not None:
                yield match.start(), match.end(), spoken
        if said:
            yield start, end, said
        at = end
