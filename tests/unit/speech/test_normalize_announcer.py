"""Scores, festivals on a date, days named "Ngày …", codes to copy down and heights: read
the way a provincial radio announcer reads them."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize, read_digit_groups
from tests.unit.speech.spoken import no_digits, said

Y2026 = "hai nghìn không trăm hai mươi sáu"


@pytest.mark.parametrize(("text", "spoken"), [
    # a score is two numbers with a short pause between, never "đến", whoever leads
    ("tỷ số 2-1", "tỷ số hai - một"),
    ("thắng 3-0", "thắng ba - không"),
    ("hòa 1-1", "hòa một - một"),
    ("tỷ số 2-1, 3-0 và 1-2", "tỷ số hai - một , ba - không và một - hai"),
    ("tỷ số 2-1, 3-1 và 1-2", "tỷ số hai - một , ba - một và một - hai"),
    ("Đội nhà để thua 0-3 trên sân khách.", "Đội nhà để thua không - ba trên sân khách."),
    ("Quảng Nam thua Hà Nội 1-2 ở vòng 5.", "Quảng Nam thua Hà Nội một - hai ở vòng năm ."),
    ("Đội A hòa 2-2 với đội B, thua 1-3 với đội C.",
     "Đội A hòa hai - hai với đội B, thua một - ba với đội C."),
    ("Tỷ số 1 - 2 nghiêng về đội khách.", "Tỷ số một - hai nghiêng về đội khách."),
    ("Thắng 2-1, đội nhà lên đầu bảng.", "Thắng hai - một , đội nhà lên đầu bảng."),
    ("giành chiến thắng 1-3", "giành chiến thắng một - ba"),
    ("thua Hà Nội 2-1 và 3-4", "thua Hà Nội hai - một và ba - bốn"),
    # ... but ranges stay ranges: no score word, or the name of a place or a person
    ("thắng trong 3-5 năm tới", "thắng trong ba đến năm năm tới"),
    ("huyện Hòa Vang 3-5 xã", "huyện Hòa Vang ba đến năm xã"),
    ("ông Thắng 1-3 lần", "ông Thắng một đến ba lần"),
    ("Hòa Vang 1-2 tuổi", "Hòa Vang một đến hai tuổi"),  # a place where a sentence starts
    ("thắng 2-3 giải", "thắng hai đến ba giải"),  # things won, counted
    ("thua 1-2 bàn", "thua một đến hai bàn"),
    ("thắng 1-2,5", "thắng một đến hai phẩy năm"),
    ("từ 5-7 ngày", "từ năm đến bảy ngày"),
    # a victory named by its day is said as a street named by one is
    ("Chiến thắng 30-4 là mốc son lịch sử.",
     "Chiến thắng ba mươi tháng tư là mốc son lịch sử."),
])
def test_a_score_is_never_a_range(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    # "đường phố" is the street as a place: the date after it is a day, with its "ngày"
    ("lễ hội đường phố 2/9", "lễ hội đường phố ngày hai tháng chín"),
    ("Lễ hội đường phố 2/9 thu hút hàng nghìn người.",
     "Lễ hội đường phố ngày hai tháng chín thu hút hàng nghìn người."),
    ("Lễ hội Đường phố 2-9-2026", f"Lễ hội Đường phố ngày hai tháng chín năm {Y2026}"),
    # a street, a bridge named after a date stay names
    ("đường 3/2", "đường ba tháng hai"),
    ("Tuyến đường 3/2 được nâng cấp.", "Tuyến đường ba tháng hai được nâng cấp."),
    ("Phố 2/9 rợp cờ", "Phố hai tháng chín rợp cờ"),
    ("Cầu 2/9 được thông xe.", "Cầu hai tháng chín được thông xe."),
    # "yêu cầu", "nhu cầu" are no bridges: a deadline is a day, a share a fraction
    ("yêu cầu 2/9", "yêu cầu ngày hai tháng chín"),
    ("Theo yêu cầu 2/9 phải hoàn thành.", "Theo yêu cầu ngày hai tháng chín phải hoàn thành."),
    ("Nhu cầu 2/3 số hộ dân", "Nhu cầu hai phần ba số hộ dân"),
])
def test_a_street_festival_is_no_street_name(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    # a day named "Ngày …": its date follows without a second "ngày"
    ("Ngày Nhà giáo 20/11", "Ngày Nhà giáo hai mươi tháng mười một"),
    ("Ngày Quốc khánh 2/9", "Ngày Quốc khánh hai tháng chín"),
    ("Ngày Nhà giáo Việt Nam 20/11, các trường tổ chức mít tinh.",
     "Ngày Nhà giáo Việt Nam hai mươi tháng mười một , các trường tổ chức mít tinh."),
    ("Ngày Thương binh - Liệt sĩ 27/7 năm nay.",
     "Ngày Thương binh - Liệt sĩ hai mươi bảy tháng bảy năm nay."),
    ("Ngày hội Đại đoàn kết toàn dân tộc 18/11 diễn ra ở các khu dân cư.",
     "Ngày hội Đại đoàn kết toàn dân tộc mười tám tháng mười một diễn ra ở các khu dân cư."),
    ("Ngày Sách và Văn hóa đọc Việt Nam 21/4",
     "Ngày Sách và Văn hóa đọc Việt Nam hai mươi mốt tháng tư"),
    ("kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam 3/2",
     "kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam ba tháng hai"),
    ("Vào ngày Quốc khánh 2/9/2026.", f"Vào ngày Quốc khánh hai tháng chín năm {Y2026} ."),
    ("Ngày Nhà giáo Việt Nam 20-11 năm nay.",
     "Ngày Nhà giáo Việt Nam hai mươi tháng mười một năm nay."),
    ("Chào mừng Ngày Quốc khánh 2-9.", "Chào mừng Ngày Quốc khánh hai tháng chín ."),
    ("Ngày Nhà giáo Việt Nam (20/11)", "Ngày Nhà giáo Việt Nam ( hai mươi tháng mười một )"),
    # the name makes a day of what could be a fraction
    ("Ngày Quốc tế Lao động 1/5 là ngày nghỉ.",
     "Ngày Quốc tế Lao động một tháng năm là ngày nghỉ."),
    ("Ngày Quốc tế Thiếu nhi 1/6 năm nay", "Ngày Quốc tế Thiếu nhi một tháng sáu năm nay"),
    # no name after "ngày": the date keeps its one "ngày", a share stays a share
    ("Ngày 20/11", "Ngày hai mươi tháng mười một"),
    ("Quốc khánh 2/9 năm nay", "Quốc khánh ngày hai tháng chín năm nay"),
    ("mỗi ngày dùng 2/3 số gạo", "mỗi ngày dùng hai phần ba số gạo"),
])
def test_a_day_named_ngay_says_ngay_once(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("số tài khoản 0123456789", "số tài khoản không một hai, ba bốn năm, sáu bảy tám chín"),
    ("mã OTP 482913", "mã ô tê pê bốn tám hai, chín một ba"),
    ("Mã OTP là 482913.", "Mã ô tê pê là bốn tám hai, chín một ba ."),
    ("CCCD số 038090012345",
     "căn cước công dân số không ba tám, không chín không, không một hai, ba bốn năm"),
    ("mã số thuế 0101234567", "mã số thuế không một không, một hai ba, bốn năm sáu bảy"),
    ("CMND số 205123456 do Công an tỉnh cấp.",
     "chứng minh nhân dân số hai không năm, một hai ba, bốn năm sáu do Công an tỉnh cấp."),
    # written in groups: read in those groups
    ("Số tài khoản: 1234 5678 9012, Ngân hàng Vietcombank.",
     "Số tài khoản: một hai ba bốn, năm sáu bảy tám, chín không một hai , Ngân hàng Vietcombank."),
    ("số tài khoản 0123 456 789", "số tài khoản không một hai ba, bốn năm sáu, bảy tám chín"),
    ("Thẻ BHYT mã số GD4797931234567",
     "Thẻ bảo hiểm y tế mã số giê dê bốn bảy chín, bảy chín ba, một hai ba, bốn năm sáu bảy"),
    # amounts and counts after the same words stay amounts; short codes as before
    ("nộp vào tài khoản 2000 đồng", "nộp vào tài khoản hai nghìn đồng"),
    ("tài khoản 12345 người dùng",
     "tài khoản mười hai nghìn ba trăm bốn mươi lăm người dùng"),
    ("mã số 007", "mã số không không bảy"),
    ("tài khoản 12-12 lần", "tài khoản mười hai - mười hai lần"),
    ("dân số 1022 người", "dân số một nghìn không trăm hai mươi hai người"),
])
def test_codes_to_copy_down_are_read_digit_by_digit_in_groups(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


def test_digit_groups_are_threes_and_a_last_four() -> None:
    assert read_digit_groups("482913") == "bốn tám hai, chín một ba"
    assert read_digit_groups("1234") == "một hai ba bốn"
    assert read_digit_groups("1234567") == "một hai ba, bốn năm sáu bảy"
    assert read_digit_groups("12345") == "một hai ba, bốn năm"
    assert read_digit_groups("123456", [2, 4]) == "một hai, ba bốn năm sáu"


@pytest.mark.parametrize(("text", "spoken"), [
    ("cao 1m70", "cao một mét bảy mươi"),
    ("1m65", "một mét sáu mươi lăm"),
    ("Học sinh cao từ 1m40 đến 1m60.",
     "Học sinh cao từ một mét bốn mươi đến một mét sáu mươi ."),
    ("cao 1m05", "cao một mét không năm"),
    ("cao 1m7", "cao một mét bảy"),
    ("1m2 đất", "một mét vuông đất"),  # a square metre, not a height
    # hours and minutes glued: "giờ … phút", as every other time in a bulletin
    ("2h30", "hai giờ ba mươi phút"),
    ("1g30", "một giờ ba mươi phút"),
    ("Trận đấu kéo dài 2h30.", "Trận đấu kéo dài hai giờ ba mươi phút ."),
])
def test_heights_and_glued_hours(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


def test_new_readings_map_back_to_what_was_written() -> None:
    text = "Ngày Nhà giáo 20-11, em cao 1m70 nhận mã OTP 482913 sau trận thua 1-2."
    spoken = normalize(text)
    for words, written in (("hai mươi tháng mười một", "20-11"), ("một mét bảy mươi", "1m70"),
                           ("bốn tám hai, chín một ba", "482913"), ("Nhà", "Nhà")):
        at = spoken.text.index(words)
        start, end = spoken.original_span(at, at + len(words))
        assert text[start:end] == written
