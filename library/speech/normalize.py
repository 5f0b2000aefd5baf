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
- A slash pair without a year, "a/b", is decided by `_slash_pair`: see its
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
  "nghìn" ("50k", "500k/tháng", "35-40k/kg"). Only there: "K12", "4K", "km", "kg"
  and "tivi 4k" (a screen) keep their reading. A price's slash is "per" after them
  ("/m2" "một mét vuông", "/bó", "/ký"); "/m2", "/m3" are square and cubic metres
  after any word ("25 cây/m2", "USD/m2"), so no "2" of "m2" reaches the voice.
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

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Bump when a rule below changes what is said, so audio cached with the old
#: reading is rendered again (it is part of the speech cache key).
RULES_VERSION = 10

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
    "OTP": "ô tê pê",
    "STK": "số tài khoản",
    # the departments and phrases a provincial bulletin names in every issue
    "KH&CN": "khoa học và công nghệ",
    "KH&ĐT": "kế hoạch và đầu tư",
    "GD&ĐT": "giáo dục và đào tạo",
    "GDĐT": "giáo dục và đào tạo",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn",
    "TN&MT": "tài nguyên và môi trường",
    "LĐ-TB&XH": "lao động thương binh và xã hội",
    "UBMTTQ": "ủy ban mặt trận tổ quốc",
    "BCH": "ban chấp hành",
    "BTV": "ban thường vụ",
    "ĐBQH": "đại biểu quốc hội",
    "NTM": "nông thôn mới",
    "ATGT": "an toàn giao thông",
    "PCCC": "phòng cháy chữa cháy",
    "ANTT": "an ninh trật tự",
    "TTYT": "trung tâm y tế",
    "KCN": "khu công nghiệp",
    "LHPN": "liên hiệp phụ nữ",
    "QL": "quốc lộ",
    # with their dot, so a sentence is not cut at "ĐT. 741", "QL. 14" (a number after
    # them is read by the road and telephone rules)
    "QL.": "quốc lộ",
    "ĐT.": "điện thoại",
    "USD": "đô la Mỹ",
    "TX.": "thị xã",
    "TT.": "thị trấn",
    "VH,TT&DL": "văn hóa, thể thao và du lịch",
    "VH-TT&DL": "văn hóa, thể thao và du lịch",
    "VHTTDL": "văn hóa, thể thao và du lịch",
    "TT&TT": "thông tin và truyền thông",
    "GTVT": "giao thông vận tải",
    "TNGT": "tai nạn giao thông",
    "ATVSTP": "an toàn vệ sinh thực phẩm",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "GDNN": "giáo dục nghề nghiệp",
    "GDTX": "giáo dục thường xuyên",
    "CCN": "cụm công nghiệp",
    "BCĐ": "ban chỉ đạo",
    "QLDA": "quản lý dự án",
    "MTTQVN": "mặt trận tổ quốc Việt Nam",
    "TAND": "tòa án nhân dân",
    "VKSND": "viện kiểm sát nhân dân",
    "HLHPN": "hội liên hiệp phụ nữ",
    "TNCS": "thanh niên cộng sản",
    "QP-AN": "quốc phòng an ninh",
    "CLB": "câu lạc bộ",
    "DN": "doanh nghiệp",
    "OCOP": "ô cốp",
    "HCM": "Hồ Chí Minh",
    "KP.": "khu phố",
    "KP": "khu phố",
    "MTQG": "mục tiêu quốc gia",
    "BKS": "biển kiểm soát",
    "LMLM": "lở mồm long móng",
    "ASF": "a ét ép",
    "SN": "sinh năm",  # only before a year: see `_BIRTH_YEAR`
    "Đ/c": "đồng chí",
    "PGS.TS.": "phó giáo sư tiến sĩ",
    "PGS.TS": "phó giáo sư tiến sĩ",
    "GS.TS.": "giáo sư tiến sĩ",
    "GS.TS": "giáo sư tiến sĩ",
    "GS.TSKH": "giáo sư tiến sĩ khoa học",
    "ThS": "thạc sĩ",
    "PGS": "phó giáo sư",
    "TSKH": "tiến sĩ khoa học",
    "BS.CKII": "bác sĩ chuyên khoa hai",
    "BS.CKI": "bác sĩ chuyên khoa một",
    "BS.": "bác sĩ",
    "NSND": "nghệ sĩ nhân dân",
    "NSƯT": "nghệ sĩ ưu tú",
    "NGND": "nhà giáo nhân dân",
    "NGƯT": "nhà giáo ưu tú",
    "TTND": "thầy thuốc nhân dân",
    "TTƯT": "thầy thuốc ưu tú",
    "SXH": "sốt xuất huyết",
    "BVĐK": "bệnh viện đa khoa",
    "TYT": "trạm y tế",
    "KCB": "khám chữa bệnh",
    "BVTV": "bảo vệ thực vật",
    "GPMB": "giải phóng mặt bằng",
    "XDCB": "xây dựng cơ bản",
    "NSNN": "ngân sách nhà nước",
    "QSDĐ": "quyền sử dụng đất",
    "ĐVHC": "đơn vị hành chính",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "HCV": "huy chương vàng",
    "HCB": "huy chương bạc",
    "HCĐ": "huy chương đồng",
    "VĐV": "vận động viên",
    "HLV": "huấn luyện viên",
    "TDTT": "thể dục thể thao",
    "BTC": "ban tổ chức",
    "HIV/AIDS": "hát i vê ết",
    "HIV": "hát i vê",
    "AIDS": "ết",
    "DVC": "dịch vụ công",
    # a page before its number ("tr. 15"), millions after an amount ("5 tr./tháng"):
    # decided in `_spoken_for`, left as written elsewhere
    "tr.": "trang",
    "km": "ki lô mét",
    "Km": "ki lô mét",
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
    "COVID-19": "cô vít mười chín",
    "Covid-19": "cô vít mười chín",
    "COVID": "cô vít",
    "Covid": "cô vít",
    "smartphone": "xmát phôn",
    "QR": "kiu a",  # "mã QR": said the English way, as everyone says it
}

#: Units said after an amount ("5 km", "45%"); the number pattern takes exactly these.
_UNITS = {"%": "phần trăm", "km": "ki lô mét", "kg": "ki lô gam", "ha": "héc ta",
          "m": "mét", "cm": "xen ti mét", "mm": "mi li mét", "°C": "độ xê", "℃": "độ xê",
          "°": "độ", "m2": "mét vuông", "m²": "mét vuông", "km2": "ki lô mét vuông",
          "km²": "ki lô mét vuông", "m3": "mét khối", "m³": "mét khối", "đ": "đồng",
          "VNĐ": "đồng", "đồng": "đồng", "tấn": "tấn",
          # "35oC": the degree sign typed as a letter o, as many office documents have it
          "oC": "độ xê", "‰": "phần nghìn", "hPa": "héc tô pascan",
          # doses and concentrations ("0,25 mg/l khí thở", "55 µg/m3", "0,5 ml/kg")
          "mg": "mi li gam", "ml": "mi li lít", "µg": "micrô gam", "μg": "micrô gam"}
#: Units of a dose or a concentration: their "per" is "trên" ("mi li gam trên lít",
#: "micrô gam trên mét khối"), as a doctor or an air-quality bulletin says it.
_CONCENTRATION = {"mg", "ml", "µg", "μg"}
#: Units after a slash that say "per" whatever word stands before ("cây/m2", "con/m2",
#: "USD/m2"), so the "2" of "m2" never reaches the voice.
_AREA_VOLUME = ("m2", "m²", "m3", "m³", "km2", "km²")
#: What an amount can be "per" ("đ/kg"), as it is read after "một": a measure of
#: `_UNITS`, "l", "h" and "s", or a word said as it is written.
_PER = {**{unit: _UNITS[unit] for unit in ("kg", "km", "tấn", "ha", "m", *_AREA_VOLUME)},
        "l": "lít", "h": "giờ", "s": "giây",
        **{word: word for word in ("tạ", "yến", "lít", "giờ", "ngày", "tuần", "tháng", "năm",
                                   "người", "hộ", "con", "quả", "cái", "bao", "suất", "lượt",
                                   "buổi", "sào", "chỉ", "lượng", "xã", "lô", "nền", "căn",
                                   "chai", "hộp", "gói", "vé", "lần", "chuyến", "suất ăn",
                                   # what a market stall prices by ("10k/bó", "80k/ký")
                                   "bó", "ký", "kí", "trái", "chục", "thùng", "bì", "khay",
                                   "nải", "buồng", "đôi", "bộ", "chiếc", "phòng", "tô", "ly")}}
#: A speed or a flow is said "trên giây" ("15 m/s", "1.200 m³/s": "mét khối trên giây", as
#: the weather and the reservoirs' bulletins say it), not "một giây".
_PER_SAID = {"s": "trên giây"}
#: Words before "4k", "8k" that make it a screen's resolution, not thousands.
_SCREEN_LEAD = re.compile(r"(?i:tivi|TV|màn hình|camera|video|phim|độ phân giải|chuẩn)\s+\d+$")


def _per(unit: str, *, after: str = "") -> str:
    """What "/unit" after an amount (and its unit `after`) is said: "một ki lô gam",
    "trên giây", and after a dose's unit "trên": "mg/l" is "mi li gam trên lít"."""
    if after in _CONCENTRATION:
        return "trên " + _PER[unit]
    return _PER_SAID.get(unit) or "một " + _PER[unit]


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
_PER_ALT = "|".join(sorted(map(re.escape, _PER), key=len, reverse=True))
_UNIT_ALT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
#: A unit of `_UNITS` straight after an amount, maybe after a space ("5 km", "45%"): what
#: makes "1-2", "20-11" or "1.200/1.500" a measure when it follows them.
_UNIT_NEXT = rf"\s?(?:{_UNIT_ALT})(?!\w)"
#: A host name a bulletin gives: "quangnam.gov.vn", "baoquangnam.vn".
_HOST = r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)"
#: How far before a date the words that decide its "ngày" are looked for (a day's name
#: such as "Ngày Sách và Văn hóa đọc Việt Nam" is long).
_FAR = 64
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_UPPER = "A-ZĐĂÂÊÔƠƯ"
_LETTERS = f"{_UPPER}a-zđ"
#: Words of the day right before which "20-11" or "15.3" is a day and month (press
#: style); "a/b" after them is one too (`_DATE_LEAD`).
_DAY_WORDS = ("ngày", "mùng", "mồng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "hôm",
              "dịp", "lễ", "tết", "khánh", "niệm")


def _right_after(words: tuple[str, ...]) -> str:
    """A regex that holds straight after one of `words` (in any case) and one space."""
    return "(?:" + "|".join(f"(?<=(?i:{word}) )" for word in words) + ")"


_SHORT_DATE_LEAD = _right_after(_DAY_WORDS)
#: Words before "30-4" that make it a day and month only when it falls: a rising pair
#: there is a range ("từ 5-7 cây", "đến 3-5 năm").
_WEAK_DATE_LEAD = _right_after(("từ", "trước", "sau", "đến", "hết"))
#: What makes a date or a number part of something longer when it stands right before
#: or after it (a word, a code, a decimal, another date): used as `(?<!...)`, `(?!...)`.
_JOINED_BEFORE = r"[\w.,/-]"
_GOES_ON = r"\w|[-.,/]\d"
#: Words after "5-7" that make it an amount, never a day and month ("từ 5-7 ngày").
_AMOUNT_FOLLOW = ("(?:(?:tháng|nghìn|ngàn|triệu|tỷ|giờ|tiếng|phút|độ|ngày|tuần|km|kg|ha|mm|cm"
                  r"|m|tấn|tạ|đồng|đ|VNĐ)(?!\w)|%|°)")
#: ... and, after "từ", "đến", the things counted in a range ("từ 5-7 người").
_COUNT_FOLLOW = (r"(?:(?:người|lần|lượt|hộ|con|cây|xã|huyện|cơ sở|doanh nghiệp|dự án)(?!\w)"
                 f"|{_AMOUNT_FOLLOW})")
#: Things counted in a tally "x/y" ("10/10 xã", "18/19 tiêu chí", "3/3 đơn vị"): before
#: one of them "x/y" is "x trên y", never a date nor "x phần y". Measures are not among
#: them ("1/2 mẫu", "1/2 cây số", "1/2 vụ lúa" are halves), nor "số" ("1/2 số hộ").
_COUNTED = "(?i:" + "|".join(sorted((
    "xã", "phường", "thị trấn", "thị xã", "huyện", "quận", "thành phố", "tỉnh", "thôn",
    "bản", "buôn", "làng", "ấp", "xóm", "tổ", "khu phố", "khu dân cư", "khối", "hộ",
    "người", "gia đình", "tiêu chí", "chỉ tiêu", "tiêu chuẩn", "đơn vị", "trường", "lớp",
    "cơ sở", "doanh nghiệp", "hợp tác xã", "HTX", "dự án", "công trình", "hạng mục",
    "nhiệm vụ", "nội dung", "chương trình", "đề án", "địa phương", "cơ quan", "sở", "ngành",
    "học sinh", "thí sinh", "sinh viên", "giáo viên", "đại biểu", "đảng viên", "chi bộ",
    "tổ chức", "bệnh viện", "trạm", "điểm", "ý kiến", "hồ sơ", "thủ tục", "sản phẩm",
    "mô hình", "câu lạc bộ", "đội", "cụm", "tuyến", "gói thầu", "huy chương", "trận",
    "bệnh nhân", "trường hợp", "phương tiện", "tàu", "căn", "thửa", "phòng",
    "em", "cháu", "thành viên", "lượt", "ca", "khu", "nhà", "con", "giải",
    "kỳ họp", "kỳ thi", "đợt", "phiên", "cuộc", "hội nghị", "đột phá", "nhóm", "lĩnh vực",
    "văn bản", "ban",
), key=len, reverse=True)) + r")(?!\w)"

#: What stands before the "x" of a size: a number, maybe its unit, maybe a space ("5 x",
#: "5m x", "5 m x", "5mx").
_SIZE_BEFORE = "|".join(sorted({f"(?<=\\d{gap}{unit}{space})"
                                 for unit in ("", "m", "cm", "mm", "km")
                                 for gap in ("", " ") for space in ("", " ")
                                 if unit or not gap}))

#: A map's scale after "tỷ lệ" ("tỷ lệ 1:500"), and "1/…" after a plan's or a map's word
#: ("quy hoạch 1/2000", "bản đồ 1/10.000").
_SCALE_LEAD = _right_after(("tỷ lệ", "tỉ lệ"))
_PLAN_LEAD = _right_after(("tỷ lệ", "tỉ lệ", "quy hoạch", "bản đồ", "chi tiết", "phân khu"))

#: Before a plate's undotted serial ("BKS 51A-1234"): the words that say it is a plate
#: (a dotted one, "51A-123.45", is a plate anywhere).
_PLATE_LEAD = "|".join(f"(?<={lead} \\d\\d{series}[-–])" for lead in ("số", "BKS", "soát")
                       for series in ("[A-ZĐ]", "[A-ZĐ]\\d", "[A-ZĐ]{2}"))

#: Before the last of a list of days of the week ("T2, T4, |T6", "T2 và |T5"), or after a
#: word that only a day follows ("sáng |T7", "vào |T6", "đến |T6").
_DAY_LISTED = "|".join(
    [f"(?<=T[2-7]{join})" for join in (",", ", ", " và ", "-", " - ", "–", " – ")]
    + [_right_after(("sáng", "trưa", "chiều", "tối", "vào", "từ", "đến", "ngày", "các"))])

_PATTERN = re.compile(
    # a web address with a path or a query: its host is read, the rest cannot be listened to
    rf"(?P<url>(?:https?://(?P<u_host>[\w.-]+)|(?P<u_www>www\.[\w.-]+)|(?<![\w@./-])(?P<u_bare>{_HOST}))"
    r"[/?#]\S*?[^\s.,;:!?)](?=[.,;:!?)]*(?:\s|$)))"
    # an e-mail address, a host name ("www.quangnam.gov.vn", "quangnam.gov.vn"): read out
    r"|(?P<address>(?<![\w@./-])(?:https?://)?(?P<host>(?:[\w+-]+(?:\.[\w+-]+)*@)?"
    rf"{_HOST}|www(?:\.[\w-]+)+)/?"
    r"(?![\w@-]|\.\w))"
    # opening days: "T2-T6", "T2-CN", "thứ 2-CN"
    r"|(?P<weekdays>(?<![\w-])T(?P<wd_from>[2-7])\s?[-–]\s?(?:T(?P<wd_to>[2-7])|CN)(?!\w))"
    r"|(?P<tosunday>(?:(?<=thứ )|(?<=Thứ ))(?P<ts_from>[2-7])\s?[-–]\s?CN(?!\w))"
    # "quý I/2026", "quý 1/2026", "quý I và II/2026": quarters of a year, no month in them
    r"|(?P<quarter>(?<=(?i:quý) )(?P<q_list>(?:(?:IV|I{1,3}|[1-4])\s*(?:,|và)\s*)*)"
    r"(?P<q_num>IV|I{1,3}|[1-4])\s?[/-]\s?(?P<q_year>\d{4})(?![\d/]))"
    # "57-NQ/TW", "1234/QĐ-UBND", "100/2019/NĐ-CP", "59/2020/QH14": a number, maybe a year,
    # then groups of letters, the first starting with two capitals
    rf"|(?P<code>(?<![\w/.,-])\d{{1,5}}(?:/\d{{4}})?[-/][{_UPPER}]{{2}}[{_LETTERS}]*\d*"
    rf"(?:[-/&][{_UPPER}][{_LETTERS}]*\d*)*(?![\w/]|-\w))"
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
    rf"(?P<dp_d2>{_DAY})[-–](?P<dp_m2>{_MONTH})(?!{_GOES_ON}|\s*{_AMOUNT_FOLLOW}))"
    # "ngày 20-11", "chiều 15.3": a day and month with no year, after a word of the day
    rf"|(?P<shortdate>{_SHORT_DATE_LEAD}(?P<sd_day>{_DAY})(?P<sd_sep>[-.])(?P<sd_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{_AMOUNT_FOLLOW}))"
    # "ngày 1 và 2-9", "ngày 1 đến 3-9": the last of a list of days (decided by the words
    # before the list)
    r"|(?P<listdate>(?:(?<=\d và )|(?<=\d, )|(?<=\d đến ))"
    rf"(?P<ls_day>{_DAY})[-–](?P<ls_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{_COUNT_FOLLOW}))"
    # "từ 30-4": after "từ", "đến" only a falling pair is a date ("từ 5-7" is a range)
    rf"|(?P<weakdate>{_WEAK_DATE_LEAD}(?P<wk_day>{_DAY})[-–](?P<wk_month>{_MONTH})"
    rf"(?!{_GOES_ON}|\s*{_COUNT_FOLLOW}))"
    # "Ngày Nhà giáo 20-11", "Chiến thắng 30-4": a dash day and month after a word, a date
    # only after a day's name or a victory (decided by `_spoken_for`), else as it was
    rf"|(?P<namedate>(?<=[^\W\d_] )(?P<nd_day>{_DAY})(?P<nd_dash>[-–])(?P<nd_month>{_MONTH})"
    rf"(?!{_GOES_ON}|/|{_UNIT_NEXT}|\s*{_COUNT_FOLLOW}))"
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
    rf"(?:(?=\s+{_COUNTED})|(?<=\.\d{{3}})(?!{_UNIT_NEXT})))"
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
    rf"(?P<unit>\s?(?:{_UNIT_ALT})(?:(?!\w)|(?=[x×]\d)))?"
    # "7.200 đ/kg", "50 km/h", "120.000 đồng/tháng": the slash after an amount means "per"
    rf"(?:/(?P<per>{_PER_ALT})(?!\w))?"
    # "2,34 triệu đồng/tháng": "per" after the word of the amount
    rf"|(?P<perword>(?:(?<=[^\W\d_])|(?<=tr\.))/(?P<pw_unit>{_PER_ALT})(?!\w))"
    # "50 mg/100 ml": a concentration "trên" an amount
    r"|(?P<perunit>(?=/)(?<=mg|ml|µg|μg)/(?=\s?\d))"
    # "150mm/24h": rain "trong" so many hours
    r"|(?P<perspan>(?=/)(?<=mm)/(?=\d{1,2}\s?(?:h|giờ)(?!\w)))"
    # "20 triệu/1m2", "25.000đ/1 kg": "per one …", the "1" already says "một"
    rf"|(?P<perone>(?=/)(?<=[^\W\d_])/(?=\s?1\s?(?:{_UNIT_ALT}|{_PER_ALT})(?!\w)))"
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

#: Words that an amount's "per" may follow ("triệu đồng/tháng", "lần/tuần", "đồng/người/tháng").
_PER_AFTER = re.compile(
    r"(?:(?<!\w)(?:đồng|đ|VNĐ|nghìn|ngàn|triệu|tr\.|tỷ|lần|người|lượt|tấn|suất|hộ|con|tiêu chí"
    # a measure already "per" something: "đồng/ha/năm", "lít/km/ngày"
    r"|ha|kg|km|m2|m²|m3|m³|lít)"
    # the market's millions and thousands: "20tr/m2", "500k/tháng", "5tr./tháng"
    r"|(?<=\d)(?:tr\.?|k)|(?<=\d )tr\.?)$")
#: ... or an amount and its unit ("25.000đ/1 kg", "3 m/1 người").
_UNIT_BEFORE = re.compile(rf"\d\s?(?:{_UNIT_ALT})$")
#: A year after "SN" ("SN 1980", "SN: 1975"): "sinh năm" only there.
_BIRTH_YEAR = re.compile(r"\s?:?\s?(?:19|20)\d\d(?!\d)")
#: "vòng 1/8", "vòng 1/16": a round of a cup, a fraction however large its total.
_ROUND_LEAD = re.compile(r"(?<!\w)(?i:vòng)\s*$")
#: Words that already say "ngày" before a day ("mùng 10/3", not "mùng ngày mười tháng ba").
_PAIR_DAY = re.compile(r"(?:ngày|mùng|mồng|hôm)\s*$", re.IGNORECASE)
_PAIR_MONTH = re.compile(r"tháng\s*$", re.IGNORECASE)
_ROMAN_LEAD = re.compile(r"(?:quý|khóa|khoá|thứ|kỷ|hội|kỳ|phần|chương|mục)\s+$", re.IGNORECASE)
#: Words that take a small Roman numeral only ("báo động III", "cấp II", "giai đoạn II",
#: "Phụ lục II", "Tập II", "đợt II", "khu vực III"):
#: "hạng C", "loại D" are letters there, so only I, V and X count after them.
_SMALL_ROMAN_LEAD = re.compile(r"(?:động|cấp|loại|hạng|nhóm|đoạn|vùng|lục|tập|đợt|vực)\s+$",
                               re.IGNORECASE)
_ROMAN = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
#: Words after which "a/b" is a day and month ("ngày 1/2", "sáng 2/9", "Quốc khánh 2/9").
_DATE_LEAD = re.compile(
    r"(?:^|[^\w])(?:"
    + "|".join((*_DAY_WORDS, "từ", "trước", "sau", "vào", "hết", "hạn"))
    + r")\s*$", re.IGNORECASE)
#: Words after which "a/b" is an amount ("hơn 1/2", "chiếm 1/3", "đạt 9/10"); "đến", "tới"
#: are not among them: "kéo dài đến 1/6" is a date, "tăng đến 1/3 số hộ" an amount by the
#: noun after it.
_FRACTION_LEAD = re.compile(
    r"(?:^|[^\w])(?:chiếm|khoảng|gần|hơn|còn|bằng|đạt|được|trên|dưới|mỗi)\s*$",
    re.IGNORECASE)
#: Words after which "a/b" or "a/yyyy" is a number with a slash: house numbers ("số 12/3
#: đường Trần Phú"), issue numbers ("số 18/2026"), ranks ("thứ 2/63").
_NUMBER_LEAD = re.compile(r"(?:^|[^\w])(?:số|nhà|hẻm|ngõ|ngách|kiệt|thứ|hạng|lớp)\s*$",
                          re.IGNORECASE)
#: Words after "a/b" that make it a day and month ("1/6 năm nay", "2/9 tới", "1/5 vừa qua").
_DATE_FOLLOW = re.compile(r"\s*(?:năm|này|tới|vừa|qua|hằng|hàng|hôm)(?!\w)", re.IGNORECASE)
#: "a/b" next to another date in a range ("30/4-1/5", "từ 1/6 đến 1/8").
_DATE_BEFORE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:[-–]|đến|tới)\s*$")
_DATE_AFTER = re.compile(r"\s*(?:[-–]|đến|tới)\s*\d{1,2}/\d{1,2}")
_DAY_BEFORE = re.compile(r"\d{1,2}\s?[-–]\s?$")
#: "30/4 và 1/5 người dân": a date joined to this one by "và" keeps it a date even
#: before a counted noun (which otherwise makes a tally).
_DATE_JOINED = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*và\s*$")
#: "ngày 1 và 2-9", "các ngày 28, 29 và 30-4": days listed before one day and month.
_DAY_LIST = re.compile(
    r"(?:ngày|mùng|mồng)\s+\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*\s*(?:,|và|đến)\s*$",
    re.IGNORECASE)
_COUNTED_AFTER = re.compile(rf"\s+{_COUNTED}")
#: Scores: "tỷ số 2-1", "thắng 3-0", "hòa 1-1", "thua Hà Nội 1-2", "thắng đậm 5-0" and
#: the scores listed after them ("tỷ số 2-1, 3-0 và 1-2"). A score is never a range nor a
#: date, even when its second number is the larger. The words are taken in lower case
#: anywhere and capitalised only where a sentence starts, so the names "Hòa Vang" and
#: "Thắng" are no score words; a team's name (capitalised words) may stand between.
_SCORE_WORDS = "tỷ số|tỉ số|thắng|thua|hòa|hoà|cách biệt|chung cuộc"
_SCORE_MORE = r"(?:\s+(?:đậm|sát nút|ngược|trước|với|chung cuộc|cách biệt))*"
_SCORE_RUN = (
    rf"(?:(?<!\w)(?:{_SCORE_WORDS}){_SCORE_MORE}(?:\s+[{_UPPER}][^\W\d_]*)*"
    # capitalised where a sentence starts, and then no name: "Hòa Vang 3-5" is a place
    rf"|(?:^|(?<=[.!?:;]\s))(?i:{_SCORE_WORDS}){_SCORE_MORE})"
    r"\s+(?:\d{1,3}\s?[-–]\s?\d{1,3}\s*(?:,|và|;)\s*)*")
#: ... before a score: "thắng |3-1 và 2-1", "tỷ số 2-1, |1-2".
_SCORE_LEAD = re.compile(_SCORE_RUN + r"$")
#: ... before a score's dash: "hòa 1|-1", "tỷ số 2-1, 3-0 và 1|-2".
_SCORE_DASH = re.compile(_SCORE_RUN + r"\d{1,3}\s?$")
#: What after "1-2" makes it an amount even after a score word ("thắng 2-3 giải", "thua
#: 1-2 bàn", "thắng 1-2 năm liền", "hòa 1-2%").
_SCORE_GOES_ON = re.compile(
    rf"[.,]\d|/|[hg](?!\w)|{_UNIT_NEXT}|\s*(?:{_COUNT_FOLLOW}|{_COUNTED}"
    r"|(?i:năm|bàn|điểm|lần|giải)(?!\w))")
#: "Chiến thắng 30-4", "Đại thắng 30-4": a victory named by its day, said as a street is.
_VICTORY_LEAD = re.compile(r"(?<!\w)(?i:chiến thắng|đại thắng)\s+$")

#: Words before a number to dial ("tổng đài 1022", "gọi 113"; not "kêu gọi 500 người").
_PHONE_LEAD = re.compile(
    r"(?:tổng đài|đường dây nóng|hotline|(?<!kêu )gọi|điện thoại|ĐT:)\s*$", re.IGNORECASE)
#: Words before a number that is a code to copy down or check: an account number, a
#: one-time code, an ID card, a tax number. It is read digit by digit in groups
#: (`read_digit_groups`), never as an amount ("mã OTP 482913" is no four hundred thousand).
_DIGIT_CODE_LEAD = (
    r"(?<!\w)(?:số tài khoản|tài khoản(?: ngân hàng)?|STK|(?:mã )?OTP|mã xác thực|mã xác nhận"
    r"|mã số thuế|MST|mã định danh|số định danh(?: cá nhân)?|mã hồ sơ|mã giao dịch"
    r"|mã tra cứu|mã bưu chính|mã khách hàng|mã số(?: BHXH| BHYT| doanh nghiệp)?"
    r"|(?:số )?(?:CCCD|CMND|căn cước(?: công dân)?|chứng minh nhân dân|hộ chiếu|sổ BHXH"
    r"|thẻ BHYT)(?: số)?)\s*(?::|là)?\s*")
_CODE_LEAD = re.compile(_DIGIT_CODE_LEAD + "$", re.IGNORECASE)
#: ... and the groups after the first when the code is written in groups ("1234 5678 9012").
_CODE_MORE = re.compile(_DIGIT_CODE_LEAD + r"(?:\d{3,}[ .])+$", re.IGNORECASE)
#: ... after such a number: another of its groups follows ("1234| 5678").
_CODE_GROUP_AFTER = re.compile(r"[ .]\d")
#: ... or it is an amount after all ("tài khoản 2000| đồng").
_AMOUNT_AFTER = re.compile(rf"\s*{_AMOUNT_FOLLOW}")
#: Words before a date that names a street, a square or a bridge: "đường 3/2" is
#: "đường ba tháng hai", no "ngày" in it. Only the word that heads a name counts:
#: "đường phố" is the street as a place ("lễ hội đường phố 2/9", a street festival on a
#: date), "yêu cầu", "nhu cầu", "toàn cầu" are no bridges.
_NAME_LEAD = re.compile(
    r"(?:^|[^\w])(?:đường|(?<!đường )phố|(?<!yêu )(?<!nhu )(?<!toàn )(?<!địa )(?<!bán )"
    r"(?<!cung )(?<!khẩn )(?<!nguyện )cầu|quảng trường|công viên)\s*$", re.IGNORECASE)
#: ... and where the date after such a word is a day all the same: "lễ hội đường phố 2/9
#: thu hút …" (a street festival on that day), "theo yêu cầu 2/9" (a deadline).
_NAME_LIKE_DAY_LEAD = re.compile(r"(?:^|[^\w])(?:đường phố|yêu cầu)\s*$", re.IGNORECASE)
#: A day's name that starts with "Ngày" ("Ngày Nhà giáo Việt Nam 20/11", "Ngày Quốc khánh
#: 2/9", "ngày Thương binh - Liệt sĩ 27/7", "Ngày hội Đại đoàn kết … 18/11", "ngày thành
#: lập Đảng 3/2"): the date after it is the day named, said without a second "ngày" and
#: never a fraction. The name starts with a capital (after "hội", "lễ", "thành lập",
#: "truyền thống" at most), so "mỗi ngày dùng 2/3 số gạo" is no day's name.
_DAY_NAME = re.compile(
    r"(?<!\w)(?i:ngày)\s+(?:(?:hội|lễ|thành lập|truyền thống)\s+)?(?P<name>[^\W\d_]+)"
    r"(?:\s+(?:[-–]\s+)?[^\W\d_]+){0,8}\s*\(?\s*$")
_TIME_BEFORE = re.compile(r"\d(?:[hg:]\d{0,2}|\s?giờ(?:\s\d{1,2}(?:\s?phút)?)?)\s*$")
_TIME_AFTER = re.compile(r"\s*\d{1,2}(?:[hg:]|\s?giờ)")


#: A day of the week and a joining word before "CN" ("thứ 7 và CN", "T7, CN", "thứ Bảy
#: - CN"): there it is Sunday; elsewhere "CN" may be "công nghệ", "công nhân" and stays.
_SUNDAY_AFTER = re.compile(
    r"(?:(?<!\w)(?i:thứ)\s+(?:[2-7]|[^\W\d_]+)|(?<!\w)T[2-7])\s*(?:,|và|-|–|đến)\s*$")


#: After "thứ" a number is an ordinal, a day of the week or a rank alike: "thứ 4" is "thứ
#: tư" (never "thứ bốn"), "lần thứ 1" is "lần thứ nhất"; other numbers are said as numbers.
_AFTER_THU = re.compile(r"(?<!\w)(?i:thứ)\s$")
_ORDINALS = {1: "nhất", 4: "tư"}


def _ordinal(n: int) -> str:
    """A number after "thứ": "nhất" for 1, "tư" for 4, else the number."""
    return _ORDINALS.get(n) or read_number(n)


def _names_a_day(before: str) -> bool:
    """Whether `before` ends with a day's name that starts with "Ngày" (`_DAY_NAME`); the
    capital is checked here because a regex class cannot tell every Vietnamese capital."""
    match = _DAY_NAME.search(before)
    return match is not None and match.group("name")[0].isupper()


def _roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def _valid_date(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def _read_whole(digits: str) -> str:
    """A number as written: "05" (a code's zero kept) digit by digit, else as a number."""
    if len(digits) > 1 and digits.startswith("0"):
        return read_digits(digits)
    return read_number(int(digits))


def _day_lead(before: str) -> str:
    """"ngày " before a day, unless the words before say it already ("mùng 10/3", "Ngày
    Nhà giáo 20/11") or the date names a street or a bridge ("đường 3/2", "đường
    3/2/1930", "cầu 2-9-1945")."""
    if _PAIR_DAY.search(before) or _NAME_LEAD.search(before) or _names_a_day(before):
        return ""
    return "ngày "


def _day_month(d: int, m: int, before: str) -> str:
    return f"{_day_lead(before)}{read_number(d)} tháng {_month(m)}"


def _month_year(m: int, y: int, before: str) -> str:
    lead = "" if _PAIR_MONTH.search(before) else "tháng "
    return f"{lead}{_month(m)} năm {read_number(y)}"


def _over(a: int, b: int) -> str:
    """"a trên b": a tally, a house or issue number with a slash."""
    return f"{read_number(a)} trên {read_number(b)}"


def _dash_pair(a: int, b: int) -> str:
    """Two numbers joined by a dash and no date: a range when they rise, else a pause."""
    return f"{read_number(a)} {'đến' if a < b else '-'} {read_number(b)}"


def read_code(code: str) -> str:
    """A document code as it is dictated: "57-NQ/TW" → "năm mươi bảy en quy trên tê vê kép".

    Numbers are numbers (a leading zero is kept: "05" is "không năm"), letters are
    spelled, "/" is "trên", "&" is "và", and a dash is only a boundary.
    """
    words: list[str] = []
    for part in re.findall(rf"\d+|[{_LETTERS}]+|[/&]", code):
        if part == "/":
            words.append("trên")
        elif part == "&":
            words.append("và")
        elif part.isdigit():
            words.append(_read_whole(part))
        else:
            words.append(spell(part))
    return " ".join(words)


#: Pieces of web and e-mail addresses said as words, not spelled.
WEB_WORDS: dict[str, str] = {
    "www": "vê kép vê kép vê kép", "com": "com", "net": "nét", "info": "in phô",
    "gmail": "gờ meo", "mail": "meo", "email": "i meo", "yahoo": "da hu",
    "facebook": "phây búc", "youtube": "diu túp", "zalo": "da lô",
}
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
        elif part in WEB_WORDS:
            words.append(WEB_WORDS[part])
        else:
            syllables = _syllables(part) if part.isascii() or "đ" in part else None
            words.append(" ".join(syllables) if syllables else spell(part))
    return " ".join(words)


#: Letters that are words only glued to a number: a flood's alarm level ("trên BĐ2" is
#: "trên báo động hai"; "BĐ" alone is left as written).
_MIXED_WORDS = {"BĐ": "báo động"}


def read_mixed(word: str) -> str:
    """A word of letters and digits: "H5N1" → "hát năm en một", "QL14E" → "quốc lộ mười bốn e".

    Digit runs are numbers (more than four digits: a card's or a code's number, read
    digit by digit in groups), letter runs an abbreviation's words when they are one,
    else spelled; "m2", "km2" alone are still units.
    """
    if word in _UNITS:
        return _UNITS[word]
    if re.fullmatch(r"[x×]\d+", word):
        return "nhân " + read_number(int(word[1:]))  # "tăng x2": times two
    words: list[str] = []
    for part in re.findall(r"\d+|[^\W\d_]+", word):
        if part.isdigit() and len(part) > 4:
            words.append(read_digit_groups(part))  # "GD4797931234567": a card's number
        elif part.isdigit():
            words.append(_read_whole(part))
        else:
            words.append(ABBREVIATIONS.get(part) or _MIXED_WORDS.get(part) or spell(part))
    return " ".join(words)


def _slash_pair(a: int, b: int, text: str, start: int, end: int) -> str:
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
    3. Otherwise, followed by a thing counted (`_COUNTED`: "xã", "phường", "thị
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
    far = text[max(0, start - _FAR):start]
    if _ROUND_LEAD.search(before):
        return f"{read_number(a)} phần {read_number(b)}"  # "vòng 1/8": the last sixteen
    if _NUMBER_LEAD.search(before):
        if _AFTER_THU.search(before):
            return f"{_ordinal(a)} trên {read_number(b)}"  # "xếp thứ 4/63": "thứ tư trên …"
        return _over(a, b)
    counted = _COUNTED_AFTER.match(after) is not None
    if _valid_date(a, b):
        beside = (_DATE_LEAD.search(before) or _NAME_LEAD.search(before) or _names_a_day(far)
                  or _NAME_LIKE_DAY_LEAD.search(before)
                  or _DATE_BEFORE.search(before) or _DAY_BEFORE.search(before)
                  or _DATE_AFTER.match(after))
        if counted and not beside:
            if not _DATE_JOINED.search(before):
                return _over(a, b)  # "10/10 xã": a tally
            beside = True  # "30/4 và 1/5 người dân"
        date = a >= b or beside
        if not date and not _FRACTION_LEAD.search(before):
            word_follows = re.match(r"\s*[^\W\d_]", after) is not None
            date = not word_follows or _DATE_FOLLOW.match(after) is not None
        if date:
            if (a, b) == (24, 7) and not _DATE_LEAD.search(before):
                return "hai tư trên bảy"  # "phục vụ 24/7": all day, every day
            return _day_month(a, b, far)
    if 1 <= a < b <= 10 and not counted:
        return f"{read_number(a)} phần {_month(b) if b == 4 else read_number(b)}"
    return _over(a, b)


def _amount(token: str) -> float | None:
    """The value of "1.200", "3,5", "2020" as written next to a dash; None if unsure."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return float(token.replace(".", ""))
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _range_dash(text: str, start: int, end: int) -> str | None:
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


def _spoken_for(match: re.Match[str], text: str) -> str | None:
    """What to say for one match; None means "leave the original as it is"."""
    g = match.group
    start, end = match.span()
    before, wide = text[max(0, start - 8):start], text[max(0, start - 24):start]
    far = text[max(0, start - _FAR):start]
    if g("url"):
        # "https://hue.gov.vn/tin": the site is said, as an announcer gives it; the path
        # and the query cannot be listened to (and the scheme any browser adds itself)
        return read_address((g("u_host") or g("u_www") or g("u_bare")).rstrip(".-"))
    if g("address"):
        return read_address(g("host"))
    if g("weekdays"):
        last = f"thứ {_ordinal(int(g('wd_to')))}" if g("wd_to") else "chủ nhật"
        return f"thứ {_ordinal(int(g('wd_from')))} đến {last}"
    if g("tosunday"):
        return f"{_ordinal(int(g('ts_from')))} đến chủ nhật"
    if g("code"):
        return read_code(g("code"))
    if g("scale"):
        if g("sc_one"):
            return _over(1, int(g("sc_big").replace(".", "")))
        return _over(int(g("sc_a")), int(g("sc_b").replace(".", "")))
    if g("road"):
        kind = "quốc lộ" if g("rd_kind") == "QL" else "đường tỉnh"
        if kind == "đường tỉnh" and re.search(r"(?i:đường)\s$", before):
            kind = "tỉnh"  # "đường ĐT.741": "đường tỉnh", not "đường đường tỉnh"
        letter = f" {spell(g('rd_letter'))}" if g("rd_letter") else ""
        return f"{kind} {read_number(int(g('rd_num')))}{letter}"
    if g("tel"):
        return "điện thoại"
    if g("tday"):
        return f"thứ {_ordinal(int(g('td_n')))}"
    if g("sunday"):
        return "chủ nhật" if _SUNDAY_AFTER.search(wide) else None
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
        if _CODE_LEAD.search(far):  # "số tài khoản 0123456789", "CCCD số 038090012345"
            sizes = [len(group) for group in re.findall(r"\d+", g("phone"))]
            return read_digit_groups(digits, sizes if len(sizes) > 1 else None)
        lead = "cộng " if g("phone").startswith("+") else ""
        return lead + read_digits(digits)
    if g("date"):
        d, m, y = int(g("d_day")), int(g("d_month")), g("d_year")
        if not _valid_date(d, m):
            return None
        year = int(y) if len(y) == 4 else 2000 + int(y)
        return f"{_day_month(d, m, far)} năm {read_number(year)}"
    if g("dashdate"):
        d, m = int(g("dd_day")), int(g("dd_month"))
        return f"{_day_month(d, m, far)} năm {read_number(int(g('dd_year')))}"
    if g("dmpair"):
        days = [(int(g("dp_d1")), int(g("dp_m1"))), (int(g("dp_d2")), int(g("dp_m2")))]
        join = g("dp_join").strip()
        if _SCORE_LEAD.search(text, max(0, start - 80), start):
            # "thắng 3-1 và 2-1", "thua Hà Nội 2-1, 3-4": scores, whoever leads
            return f" {join} ".join(f"{read_number(d)} - {read_number(m)}" for d, m in days)
        join = "đến" if join in {"-", "–"} else join
        if any(d >= m for d, m in days) or _DATE_LEAD.search(wide):
            (d1, m1), (d2, m2) = days
            return f"{_day_month(d1, m1, far)} {join} {_day_month(d2, m2, '')}"
        # two ranges, read as the dash would be
        return f" {join} ".join(_dash_pair(d, m) for d, m in days)
    if g("listdate"):
        d, m = int(g("ls_day")), int(g("ls_month"))
        if _DAY_LIST.search(text[max(0, start - 40):start]):
            return _day_month(d, m, "")
        if d >= m and before.endswith("đến "):
            return _day_month(d, m, before)  # "từ 5 đến 30-4": as after "đến" alone
        if _SCORE_LEAD.search(text, max(0, start - 80), start):
            return f"{read_number(d)} - {read_number(m)}"  # "tỷ số 2-1, 3-0 và 1-2"
        return _dash_pair(d, m)
    if g("weakdate"):
        d, m = int(g("wk_day")), int(g("wk_month"))
        if d < m:
            return _dash_pair(d, m)  # "từ 5-7": a range
        return _day_month(d, m, far)
    if g("quarter"):
        quarters = re.findall(r"IV|I{1,3}|[1-4]|,|và", g("q_list") + g("q_num"))
        said = [q if q in {",", "và"} else read_number(int(q) if q.isdigit() else
                                                       _roman_value(q)) for q in quarters]
        return f"{' '.join(said)} năm {read_number(int(g('q_year')))}"
    if g("tally"):
        a, b = (int(g(name).replace(".", "")) for name in ("ta_a", "ta_b"))
        if "." not in g("tally") and a <= 999 and b <= 999:
            return _slash_pair(a, b, text, start, end)
        return _over(a, b)
    if g("shortdate"):
        return _day_month(int(g("sd_day")), int(g("sd_month")), far)
    if g("namedate"):
        d, m = int(g("nd_day")), int(g("nd_month"))
        if _names_a_day(far):
            return _day_month(d, m, far)  # "Ngày Nhà giáo 20-11": no second "ngày"
        if d > 12 and _VICTORY_LEAD.search(far):
            return f"{read_number(d)} tháng {_month(m)}"  # "Chiến thắng 30-4", a name
        # as a number, a dash and a number are read anywhere else ("tỷ số 2-1", "thua 1-2")
        dash = _range_dash(text, match.start("nd_dash"), match.end("nd_dash")) or "-"
        return f"{_read_whole(g('nd_day'))} {dash} {_read_whole(g('nd_month'))}"
    if g("isodate"):
        d, m = int(g("iso_day")), int(g("iso_month"))
        return f"{_day_month(d, m, far)} năm {read_number(int(g('iso_year')))}"
    if g("dayrange"):
        d1, d2, m = int(g("dr_from")), int(g("dr_to")), int(g("dr_month"))
        year = f" năm {read_number(int(g('dr_year')))}" if g("dr_year") else ""
        if d1 >= d2:
            return f"{read_number(d1)} - {_day_month(d2, m, '')}{year}"
        return f"{_day_lead(far)}{read_number(d1)} đến {_day_month(d2, m, '')}{year}"
    if g("roman"):
        small = set(g("roman")) <= set("IVX") and _SMALL_ROMAN_LEAD.search(before)
        if not _ROMAN_LEAD.search(before) and not small:
            return None  # "I" in English, a letter on its own: as written
        if _AFTER_THU.search(before):
            return _ordinal(_roman_value(g("roman")))  # "lần thứ IV": "lần thứ tư"
        return read_number(_roman_value(g("roman")))
    if g("monthyear"):
        m, y = int(g("my_month")), int(g("my_year"))
        if not 1 <= m <= 12 or _NUMBER_LEAD.search(wide):
            return _over(m, y)  # "số 18/2026", "số 5/2026 hộ"
        if (_COUNTED_AFTER.match(text, end) and not _PAIR_MONTH.search(wide)
                and (not 1900 <= y <= 2099 or _FRACTION_LEAD.search(wide))):
            return _over(m, y)  # "5/1000 hộ", "đạt 5/2026 hộ": a tally
        return _month_year(m, y, before)
    if g("pair"):
        return _slash_pair(int(g("p_a")), int(g("p_b")), text, start, end)
    if g("height"):
        return f"{read_number(int(g('h_m')))} mét {_read_whole(g('h_cm'))}"
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
        said = _range_dash(text, start, end)
        return "chia" if said is None and "÷" in g("dash") else said
    if g("number"):
        whole, frac = g("n_whole").replace(".", ""), g("n_frac")
        digits_only = not frac and not g("n_dot") and "." not in g("n_whole")
        # digits and nothing more: no unit, no "per", no minus sign (a code, an ordinal)
        bare = digits_only and not (g("unit") or g("per") or g("n_sign"))
        if (bare and ((len(whole) >= 4 and _CODE_LEAD.search(far)) or _CODE_MORE.search(far))
                and not _AMOUNT_AFTER.match(text, end) and not _COUNTED_AFTER.match(text, end)):
            # "mã OTP 482913", "số tài khoản: 1234 5678 9012": a code, its groups as written
            more = len(whole) >= 3 and _CODE_GROUP_AFTER.match(text, end) is not None
            return read_digit_groups(whole) + ("," if more else "")
        if len(whole) > 15 or (len(whole) > 1 and whole.startswith("0") and "." not in
                                 g("n_whole")):
            spoken = read_digits(whole)  # a code or a very long number: digit by digit
        elif digits_only and len(whole) >= 3 and _PHONE_LEAD.search(wide):
            spoken = read_digits(whole)  # "tổng đài 1022": a number to dial
        elif frac:
            spoken = read_decimal(whole, frac)
        elif g("n_dot"):
            spoken = read_decimal(whole, g("n_dot"), mark="chấm")
        elif bare and _AFTER_THU.search(before):
            spoken = _ordinal(int(whole))  # "thứ 4", "lần thứ 1": "thứ tư", "thứ nhất"
        else:
            spoken = read_number(int(whole))
        unit = (g("unit") or "").strip()
        if unit:
            spoken += " " + _UNITS[unit]
        if g("per"):
            spoken += " " + _per(g("per"), after=unit)
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
        per = _PER_AFTER.search(before) or _UNIT_BEFORE.search(before)
        return " " if per else None
    if g("perword"):
        if not _PER_AFTER.search(before) and g("pw_unit") not in _AREA_VOLUME:
            return None  # "ngày/tháng/năm", "và/hoặc": a slash between words stays
        return _per(g("pw_unit"))  # "cây/m2", "USD/m2": per square metre after any word
    if g("mult"):
        if g("mult") == "k" and _SCREEN_LEAD.search(far):
            return spell("k")  # "tivi 4k": a screen's resolution, "bốn ca" as "4K" is
        more = f" {read_number(int(g('mu_more')))}" if g("mu_more") else ""
        return ("nghìn" if g("mult") == "k" else "triệu") + more
    if g("abbr"):
        number = g("abbr_num")
        if g("abbr") == "tr." and not number:
            # "5 tr./tháng" is millions; "tr." alone is left as written
            return "triệu" if re.search(r"\d\s?$", before) else None
        if g("abbr") == "SN" and not _BIRTH_YEAR.match(text, end):
            return None  # "SN 12 Trần Phú" is a house's number ("số nhà"), no birth year
        if number:
            return ABBREVIATIONS[g("abbr")] + " " + read_number(int(number))
        return ABBREVIATIONS[g("abbr")]
    if g("symbol"):
        return {"&": "và", "+": "cộng", "=": "bằng"}.get(g("symbol"), " ")
    return None


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


def _varieties(text: str) -> Iterator[tuple[int, int, str]]:
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


def _readings(text: str) -> Iterator[tuple[int, int, str]]:
    """Every stretch of `text` said otherwise than written, in order: the varieties found
    first, the rules of `_PATTERN` between them."""
    at = 0
    for start, end, said in [*_varieties(text), (len(text), len(text), "")]:
        for match in _PATTERN.finditer(text, at, start):
            spoken = _spoken_for(match, text)
            if spoken is not None:
                yield match.start(), match.end(), spoken
        if said:
            yield start, end, said
        at = end


def normalize(text: str, *, base: int = 0) -> SpokenText:
    """Spell out `text` for a Vietnamese voice, keeping an offset map to it.

    `base` is added to every original offset, so a sentence cut out of a
    longer text maps straight back into the whole text.
    """
    text = unicodedata.normalize("NFC", text)
    spoken = SpokenText(original=text)
    pos = 0
    for start, end, said in _readings(text):
        spoken._append(text[pos:start], base + pos, base + start, verbatim=True)
        if said.strip():
            pad_left = "" if not spoken.text or spoken.text[-1].isspace() else " "
            spoken._append(pad_left + said + " ", base + start, base + end, verbatim=False)
        else:
            spoken._append(" ", base + start, base + end, verbatim=False)
        pos = end
    spoken._append(text[pos:], base + pos, base + len(text), verbatim=True)
    return spoken
