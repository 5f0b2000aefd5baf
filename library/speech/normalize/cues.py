"""The words around a number that decide how it is read.

The same digits mean different things in a bulletin ("ngày 1/2" a date, "1/2 số hộ" a
half, "10/10 xã" a tally); these patterns hold the words before and after them that
tell which. The readers (`dates`, `ranges`, `readings`) ask them; nothing here says
anything itself.
"""

from __future__ import annotations

import re

#: Words before "4k", "8k" that make it a screen's resolution, not thousands.
SCREEN_LEAD = re.compile(r"(?i:tivi|TV|màn hình|camera|video|phim|độ phân giải|chuẩn)\s+\d+$")

#: How far before a date the words that decide its "ngày" are looked for (a day's name
#: such as "Ngày Sách và Văn hóa đọc Việt Nam" is long).
FAR = 64

#: Words of the day right before which "20-11" or "15.3" is a day and month (press
#: style); "a/b" after them is one too (`DATE_LEAD`).
DAY_WORDS = ("ngày", "mùng", "mồng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "hôm",
             "dịp", "lễ", "tết", "khánh", "niệm")


def right_after(words: tuple[str, ...]) -> str:
    """A regex that holds straight after one of `words` (in any case) and one space."""
    return "(?:" + "|".join(f"(?<=(?i:{word}) )" for word in words) + ")"


#: Words after "5-7" that make it an amount, never a day and month ("từ 5-7 ngày").
AMOUNT_FOLLOW = ("(?:(?:tháng|nghìn|ngàn|triệu|tỷ|giờ|tiếng|phút|độ|ngày|tuần|km|kg|ha|mm|cm"
                 r"|m|tấn|tạ|đồng|đ|VNĐ)(?!\w)|%|°)")


#: ... and, after "từ", "đến", the things counted in a range ("từ 5-7 người").
COUNT_FOLLOW = (r"(?:(?:người|lần|lượt|hộ|con|cây|xã|huyện|cơ sở|doanh nghiệp|dự án)(?!\w)"
                f"|{AMOUNT_FOLLOW})")


#: Things counted in a tally "x/y" ("10/10 xã", "18/19 tiêu chí", "3/3 đơn vị"): before
#: one of them "x/y" is "x trên y", never a date nor "x phần y". Measures are not among
#: them ("1/2 mẫu", "1/2 cây số", "1/2 vụ lúa" are halves), nor "số" ("1/2 số hộ").
COUNTED = "(?i:" + "|".join(sorted((
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

#: A year after "SN" ("SN 1980", "SN: 1975"): "sinh năm" only there.
BIRTH_YEAR = re.compile(r"\s?:?\s?(?:19|20)\d\d(?!\d)")

#: "vòng 1/8", "vòng 1/16": a round of a cup, a fraction however large its total.
ROUND_LEAD = re.compile(r"(?<!\w)(?i:vòng)\s*$")

#: Words that already say "ngày" before a day ("mùng 10/3", not "mùng ngày mười tháng ba").
PAIR_DAY = re.compile(r"(?:ngày|mùng|mồng|hôm)\s*$", re.IGNORECASE)

PAIR_MONTH = re.compile(r"tháng\s*$", re.IGNORECASE)

ROMAN_LEAD = re.compile(r"(?:quý|khóa|khoá|thứ|kỷ|hội|kỳ|phần|chương|mục)\s+$", re.IGNORECASE)

#: Words that take a small Roman numeral only ("báo động III", "cấp II", "giai đoạn II",
#: "Phụ lục II", "Tập II", "đợt II", "khu vực III"):
#: "hạng C", "loại D" are letters there, so only I, V and X count after them.
SMALL_ROMAN_LEAD = re.compile(r"(?:động|cấp|loại|hạng|nhóm|đoạn|vùng|lục|tập|đợt|vực)\s+$",
                              re.IGNORECASE)


#: Words after which "a/b" is a day and month ("ngày 1/2", "sáng 2/9", "Quốc khánh 2/9").
DATE_LEAD = re.compile(
    r"(?:^|[^\w])(?:"
    + "|".join((*DAY_WORDS, "từ", "trước", "sau", "vào", "hết", "hạn"))
    + r")\s*$", re.IGNORECASE)


#: Words after which "a/b" is an amount ("hơn 1/2", "chiếm 1/3", "đạt 9/10"); "đến", "tới"
#: are not among them: "kéo dài đến 1/6" is a date, "tăng đến 1/3 số hộ" an amount by the
#: noun after it.
FRACTION_LEAD = re.compile(
    r"(?:^|[^\w])(?:chiếm|khoảng|gần|hơn|còn|bằng|đạt|được|trên|dưới|mỗi)\s*$",
    re.IGNORECASE)


#: Words after which "a/b" or "a/yyyy" is a number with a slash: house numbers ("số 12/3
#: đường Trần Phú"), issue numbers ("số 18/2026"), ranks ("thứ 2/63").
NUMBER_LEAD = re.compile(r"(?:^|[^\w])(?:số|nhà|hẻm|ngõ|ngách|kiệt|thứ|hạng|lớp)\s*$",
                         re.IGNORECASE)


#: Words after "a/b" that make it a day and month ("1/6 năm nay", "2/9 tới", "1/5 vừa qua").
DATE_FOLLOW = re.compile(r"\s*(?:năm|này|tới|vừa|qua|hằng|hàng|hôm)(?!\w)", re.IGNORECASE)

#: "a/b" next to another date in a range ("30/4-1/5", "từ 1/6 đến 1/8").
DATE_BEFORE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:[-–]|đến|tới)\s*$")

DATE_AFTER = re.compile(r"\s*(?:[-–]|đến|tới)\s*\d{1,2}/\d{1,2}")

DAY_BEFORE = re.compile(r"\d{1,2}\s?[-–]\s?$")

#: "30/4 và 1/5 người dân": a date joined to this one by "và" keeps it a date even
#: before a counted noun (which otherwise makes a tally).
DATE_JOINED = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*và\s*$")

#: "ngày 1 và 2-9", "các ngày 28, 29 và 30-4": days listed before one day and month.
DAY_LIST = re.compile(
    r"(?:ngày|mùng|mồng)\s+\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*\s*(?:,|và|đến)\s*$",
    re.IGNORECASE)


COUNTED_AFTER = re.compile(rf"\s+{COUNTED}")

#: "Chiến thắng 30-4", "Đại thắng 30-4": a victory named by its day, said as a street is.
VICTORY_LEAD = re.compile(r"(?<!\w)(?i:chiến thắng|đại thắng)\s+$")

#: Words before "HCV" that make it the hepatitis C virus, spelled "hát xê vê" as a doctor or
#: an announcer says it: "viêm gan HCV", "virus HCV", "nhiễm HCV", "xét nghiệm HCV",
#: "anti-HCV", and another virus's letters listed before it ("HBV, HCV"). Elsewhere
#: "HCV" is a gold medal ("giành 3 HCV"), by far the more frequent in a bulletin.
HEPATITIS_LEAD = re.compile(
    r"(?:(?<!\w)(?i:viêm gan|virus|vi rút|vi-rút|siêu vi|nhiễm|xét nghiệm|anti)"
    r"|(?<!\w)H[BI]V\s*(?:,|và|hoặc|/))[\s(-]*$")

#: A market's "tr" or "k" straight after an amount ("1.5tr", "2.5k", "1.5 tr/tháng"),
#: as the `mult` rule of `pattern` takes it: the dot before it is a decimal mark.
MARKET_MULTIPLIER_NEXT = re.compile(r"(?:tr\d{0,3}|k| tr)(?:\.(?=/))?(?![^\W_]|[.,]\d)")

#: Words before a number to dial ("tổng đài 1022", "gọi 113"; not "kêu gọi 500 người").
PHONE_LEAD = re.compile(
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


CODE_LEAD = re.compile(_DIGIT_CODE_LEAD + "$", re.IGNORECASE)

#: ... and the groups after the first when the code is written in groups ("1234 5678 9012").
CODE_MORE = re.compile(_DIGIT_CODE_LEAD + r"(?:\d{3,}[ .])+$", re.IGNORECASE)

#: ... after such a number: another of its groups follows ("1234| 5678").
CODE_GROUP_AFTER = re.compile(r"[ .]\d")

#: ... or it is an amount after all ("tài khoản 2000| đồng").
AMOUNT_AFTER = re.compile(rf"\s*{AMOUNT_FOLLOW}")

#: Words before a date that names a street, a square or a bridge: "đường 3/2" is
#: "đường ba tháng hai", no "ngày" in it. Only the word that heads a name counts:
#: "đường phố" is the street as a place ("lễ hội đường phố 2/9", a street festival on a
#: date), "yêu cầu", "nhu cầu", "toàn cầu" are no bridges.
NAME_LEAD = re.compile(
    r"(?:^|[^\w])(?:đường|(?<!đường )phố|(?<!yêu )(?<!nhu )(?<!toàn )(?<!địa )(?<!bán )"
    r"(?<!cung )(?<!khẩn )(?<!nguyện )cầu|quảng trường|công viên)\s*$", re.IGNORECASE)


#: ... and where the date after such a word is a day all the same: "lễ hội đường phố 2/9
#: thu hút …" (a street festival on that day), "theo yêu cầu 2/9" (a deadline).
NAME_LIKE_DAY_LEAD = re.compile(r"(?:^|[^\w])(?:đường phố|yêu cầu)\s*$", re.IGNORECASE)

#: A day's name that starts with "Ngày" ("Ngày Nhà giáo Việt Nam 20/11", "Ngày Quốc khánh
#: 2/9", "ngày Thương binh - Liệt sĩ 27/7", "Ngày hội Đại đoàn kết … 18/11", "ngày thành
#: lập Đảng 3/2"): the date after it is the day named, said without a second "ngày" and
#: never a fraction. The name starts with a capital (after "hội", "lễ", "thành lập",
#: "truyền thống" at most), so "mỗi ngày dùng 2/3 số gạo" is no day's name.
DAY_NAME = re.compile(
    r"(?<!\w)(?i:ngày)\s+(?:(?:hội|lễ|thành lập|truyền thống)\s+)?(?P<name>[^\W\d_]+)"
    r"(?:\s+(?:[-–]\s+)?[^\W\d_]+){0,8}\s*\(?\s*$")


#: A day of the week and a joining word before "CN" ("thứ 7 và CN", "T7, CN", "thứ Bảy
#: - CN"): there it is Sunday; elsewhere "CN" may be "công nghệ", "công nhân" and stays.
SUNDAY_AFTER = re.compile(
    r"(?:(?<!\w)(?i:thứ)\s+(?:[2-7]|[^\W\d_]+)|(?<!\w)T[2-7])\s*(?:,|và|-|–|đến)\s*$")


#: After "thứ" a number is an ordinal, a day of the week or a rank alike: "thứ 4" is "thứ
#: tư" (never "thứ bốn"), "lần thứ 1" is "lần thứ nhất"; other numbers are said as numbers.
AFTER_THU = re.compile(r"(?<!\w)(?i:thứ)\s$")
