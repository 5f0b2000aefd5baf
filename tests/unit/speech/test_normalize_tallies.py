"""Counts "x/y" of things, quarters of a year and two dash dates joined: what a
provincial report writes in every paragraph, read the way a news reader says it."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize
from tests.unit.speech.spoken import no_digits, said

Y2026 = "hai nghìn không trăm hai mươi sáu"
Y2025 = "hai nghìn không trăm hai mươi lăm"




@pytest.mark.parametrize(("text", "spoken"), [
    # a tally before a thing counted is "trên", even where the digits could be a date
    ("10/10 xã đạt chuẩn nông thôn mới", "mười trên mười xã đạt chuẩn nông thôn mới"),
    ("5/5 huyện", "năm trên năm huyện"),
    ("18/19 tiêu chí", "mười tám trên mười chín tiêu chí"),
    ("9/12 chỉ tiêu", "chín trên mười hai chỉ tiêu"),
    ("3/3 đơn vị", "ba trên ba đơn vị"),
    ("45/52 hộ", "bốn mươi lăm trên năm mươi hai hộ"),
    ("Đến nay, toàn huyện có 10/10 xã đạt chuẩn.",
     "Đến nay, toàn huyện có mười trên mười xã đạt chuẩn."),
    ("Tỉnh có 9/9 huyện, thị xã, thành phố triển khai.",
     "Tỉnh có chín trên chín huyện, thị xã, thành phố triển khai."),
    ("Có 6/6 thị trấn, 4/4 thị xã và 2/2 thành phố.",
     "Có sáu trên sáu thị trấn, bốn trên bốn thị xã và hai trên hai thành phố."),
    ("10/10 thôn, bản đã có điện lưới.", "mười trên mười thôn, bản đã có điện lưới."),
    ("vượt 3/3 nhiệm vụ trọng tâm", "vượt ba trên ba nhiệm vụ trọng tâm"),
    ("Có 7/7 công trình, 2/2 đợt kiểm tra, 8/8 kỳ họp.",
     "Có bảy trên bảy công trình, hai trên hai đợt kiểm tra, tám trên tám kỳ họp."),
    ("Đạt 10/10 điểm tuyệt đối.", "Đạt mười trên mười điểm tuyệt đối."),
    ("Sở Y tế cho biết 14/14 trạm y tế đã có bác sĩ.",
     "Sở Y tế cho biết mười bốn trên mười bốn trạm y tế đã có bác sĩ."),
    # a small tally is "trên" too, not "phần": 9 of the 10 criteria, not nine tenths
    ("Có 3/5 trường đạt chuẩn quốc gia", "Có ba trên năm trường đạt chuẩn quốc gia"),
    ("có 8/10 doanh nghiệp nộp báo cáo", "có tám trên mười doanh nghiệp nộp báo cáo"),
    ("thôn đạt 8/10 tiêu chí", "thôn đạt tám trên mười tiêu chí"),
    # too large for a date or for a plain pair: thousands and big totals
    ("Có 1.250/1.300 hộ đã nhận hỗ trợ",
     "Có một nghìn hai trăm năm mươi trên một nghìn ba trăm hộ đã nhận hỗ trợ"),
    ("Có 5/1000 hộ nghèo.", "Có năm trên một nghìn hộ nghèo."),
    ("nâng tổng số lên 85/108 xã", "nâng tổng số lên tám mươi lăm trên một trăm linh tám xã"),
    # criteria per commune: the slash after the thing counted is "per", read "một"
    ("Bình quân 15/18 tiêu chí/xã.", "Bình quân mười lăm trên mười tám tiêu chí một xã ."),
    ("đạt 17,5 tiêu chí/xã", "đạt mười bảy phẩy năm tiêu chí một xã"),
    # ... but a month and year before people stays one
    ("Trong tháng 5/2026 người dân được hỗ trợ.",
     f"Trong tháng năm năm {Y2026} người dân được hỗ trợ."),
    # dates stay dates: a word of the day before, brackets, nothing counted after
    ("ngày 10/10", "ngày mười tháng mười"),
    ("dịp 2/9", "dịp ngày hai tháng chín"),
    ("(10/10)", "( ngày mười tháng mười )"),
    ("Ngày 5/5 huyện tổ chức đại hội.", "Ngày năm tháng năm huyện tổ chức đại hội."),
    ("Từ 1/7 người dân được miễn", "Từ ngày một tháng bảy người dân được miễn"),
    ("Nghỉ 30/4 và 1/5 người dân về quê.",
     "Nghỉ ngày ba mươi tháng tư và ngày một tháng năm người dân về quê."),
    ("Chiều 5/5, 5/5 huyện đã báo cáo.",
     "Chiều ngày năm tháng năm , năm trên năm huyện đã báo cáo."),
    # shares of a whole stay fractions; measures are no things counted
    ("Có 2/3 số xã đạt chuẩn và 3/4 số hộ có nước sạch.",
     "Có hai phần ba số xã đạt chuẩn và ba phần tư số hộ có nước sạch."),
    ("1/2 mẫu ruộng", "một phần hai mẫu ruộng"),
    ("1/2 và 1/3 số hộ", "một phần hai và một phần ba số hộ"),
])
def test_a_tally_of_things_counted_is_read_tren(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


Y1930 = "một nghìn chín trăm ba mươi"
Y1945 = "một nghìn chín trăm bốn mươi lăm"


@pytest.mark.parametrize(("text", "spoken"), [
    # a street, bridge or square named after a date says no "ngày", however the
    # date is written: with a slash, a dash, a dot, a year or not
    ("đường 3/2", "đường ba tháng hai"),
    ("đường 3/2/1930", f"đường ba tháng hai năm {Y1930}"),
    ("đường 3-2-1930", f"đường ba tháng hai năm {Y1930}"),
    ("Phố 2/9/1945 rợp cờ", f"Phố hai tháng chín năm {Y1945} rợp cờ"),
    ("cầu 2.9.1945", f"cầu hai tháng chín năm {Y1945}"),
    ("quảng trường 2/9/1945", f"quảng trường hai tháng chín năm {Y1945}"),
    ("quảng trường 2-9-1945", f"quảng trường hai tháng chín năm {Y1945}"),
    ("công viên 1945-09-02", f"công viên hai tháng chín năm {Y1945}"),
    ("đường 25-27/9", "đường hai mươi lăm đến ngày hai mươi bảy tháng chín"),
    ("đường 25-27/9/2026",
     f"đường hai mươi lăm đến ngày hai mươi bảy tháng chín năm {Y2026}"),
    # elsewhere a date still says "ngày" (once, when a day word is written already)
    ("3/2/1930", f"ngày ba tháng hai năm {Y1930}"),
    ("Ngày 3/2/1930 thành lập Đảng", f"Ngày ba tháng hai năm {Y1930} thành lập Đảng"),
    ("3-2-1930", f"ngày ba tháng hai năm {Y1930}"),
    ("25-27/9", "ngày hai mươi lăm đến ngày hai mươi bảy tháng chín"),
    ("mùng 25-27/9", "mùng hai mươi lăm đến ngày hai mươi bảy tháng chín"),
])
def test_a_date_naming_a_street_says_no_ngay(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    # a number with a slash after "số" is one whatever follows it
    ("số 5/2026", f"số năm trên {Y2026}"),
    ("số 5/2026 hộ", f"số năm trên {Y2026} hộ"),
    ("Công văn số 12/2026 gửi các xã", f"Công văn số mười hai trên {Y2026} gửi các xã"),
    # a month and a year stay one before a thing counted, after "tháng" always
    ("tháng 5/2026", f"tháng năm năm {Y2026}"),
    ("tháng 5/2026 hộ", f"tháng năm năm {Y2026} hộ"),
    ("5/2026 hộ gia đình được hỗ trợ", f"tháng năm năm {Y2026} hộ gia đình được hỗ trợ"),
    ("tháng 5/1000 hộ", "tháng năm năm một nghìn hộ"),
    # ... but a total that cannot be a year, or an amount word before, makes a tally
    ("Có 5/1000 hộ nghèo.", "Có năm trên một nghìn hộ nghèo."),
    ("5/1899 hộ", "năm trên một nghìn tám trăm chín mươi chín hộ"),
    ("đạt 5/2026 hộ", f"đạt năm trên {Y2026} hộ"),
    ("13/2026 hộ", f"mười ba trên {Y2026} hộ"),
    # totals written in full or with dots stay tallies
    ("1200/1500 hộ", "một nghìn hai trăm trên một nghìn năm trăm hộ"),
    ("5/1.500 hộ", "năm trên một nghìn năm trăm hộ"),
    ("120/1500 hộ", "một trăm hai mươi trên một nghìn năm trăm hộ"),
    ("5/20260 hộ", "năm trên hai mươi nghìn hai trăm sáu mươi hộ"),
])
def test_a_four_digit_total_is_decided_as_a_month_and_year(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("Quý I/2026", f"Quý một năm {Y2026}"),
    ("quý 1/2026", f"quý một năm {Y2026}"),
    ("Trong quý I/2026, doanh thu tăng.", f"Trong quý một năm {Y2026} , doanh thu tăng."),
    ("Quý IV/2025 và quý 1/2026 tăng 5%.",
     f"Quý bốn năm {Y2025} và quý một năm {Y2026} tăng năm phần trăm ."),
    ("Trong quý I và II/2026", f"Trong quý một và hai năm {Y2026}"),
    ("các quý I, II, III/2026", f"các quý một , hai , ba năm {Y2026}"),
    ("Quý I-2026 doanh thu tăng.", f"Quý một năm {Y2026} doanh thu tăng."),
    ("Đến hết quý 3/2026", f"Đến hết quý ba năm {Y2026}"),
    ("Cuối quý II, đầu quý III/2026.", f"Cuối quý hai , đầu quý ba năm {Y2026} ."),
    ("quý II năm 2026", f"quý hai năm {Y2026}"),
    ("6 tháng đầu năm 2026", f"sáu tháng đầu năm {Y2026}"),
    ("tháng 1/2026", f"tháng một năm {Y2026}"),
])
def test_a_quarter_and_its_year(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    # night words are day words too, for dash dates as for slash dates
    ("Đêm 20-11, trời mưa to.", "Đêm ngày hai mươi tháng mười một , trời mưa to."),
    ("khuya 2-9 có pháo hoa", "khuya ngày hai tháng chín có pháo hoa"),
    ("30-4 và 1-5", "ngày ba mươi tháng tư và ngày một tháng năm"),
    ("Dịp nghỉ lễ 30-4 và 1-5, tỉnh đón khách.",
     "Dịp nghỉ lễ ngày ba mươi tháng tư và ngày một tháng năm , tỉnh đón khách."),
    ("từ 30-4 đến 1-5", "từ ngày ba mươi tháng tư đến ngày một tháng năm"),
    ("Ngày 30-4 và 1-5, khách tăng.",
     "Ngày ba mươi tháng tư và ngày một tháng năm , khách tăng."),
    ("lễ 30-4, 1-5", "lễ ngày ba mươi tháng tư , ngày một tháng năm"),
    ("Nghỉ lễ 30-4 - 1-5 năm nay.",
     "Nghỉ lễ ngày ba mươi tháng tư đến ngày một tháng năm năm nay."),
    # rising pairs too, after a word of the day
    ("từ 1-6 đến 15-6", "từ ngày một tháng sáu đến ngày mười lăm tháng sáu"),
    ("diễn ra ngày 20-3 và 21-3.",
     "diễn ra ngày hai mươi tháng ba và ngày hai mươi mốt tháng ba ."),
    # one pair after a word of a holiday, or a falling one after "từ"
    ("Kỷ niệm 30-4, thành phố bắn pháo hoa.",
     "Kỷ niệm ngày ba mươi tháng tư , thành phố bắn pháo hoa."),
    ("Dịp 2-9, tỉnh tổ chức lễ thượng cờ.",
     "Dịp ngày hai tháng chín , tỉnh tổ chức lễ thượng cờ."),
    ("Quốc khánh 2-9", "Quốc khánh ngày hai tháng chín"),
    ("Từ 30-4, các điểm mở cửa.", "Từ ngày ba mươi tháng tư , các điểm mở cửa."),
    # the last of a list of days
    ("Trong hai ngày 1 và 2-9", "Trong hai ngày một và ngày hai tháng chín"),
    ("các ngày 28, 29 và 30-4", "các ngày hai mươi tám , hai mươi chín và ngày ba mươi tháng tư"),
    ("Từ ngày 1 đến 3-9, tỉnh tổ chức hội chợ.",
     "Từ ngày một đến ngày ba tháng chín , tỉnh tổ chức hội chợ."),
    ("Từ 30-4 đến hết 3-5, nghỉ 5 ngày.",
     "Từ ngày ba mươi tháng tư đến hết ngày ba tháng năm , nghỉ năm ngày."),
    ("Sáng 2-9 người dân đổ về quảng trường.",
     "Sáng ngày hai tháng chín người dân đổ về quảng trường."),
    # not dates: scores, ranges of amounts
    ("Đội nhà thắng 3-1 và 2-1", "Đội nhà thắng ba - một và hai - một"),
    ("tỷ số 2-1, 3-0", "tỷ số hai - một , ba - không"),
    ("từ 5-7 người", "từ năm đến bảy người"),
    ("từ 3-5 ha", "từ ba đến năm héc ta"),
    ("từ 5-7 cây", "từ năm đến bảy cây"),
    ("từ 2-3 và 4-5 ngày", "từ hai đến ba và bốn đến năm ngày"),
    ("Tết 7-9 ngày", "Tết bảy đến chín ngày"),
    ("Có 3 và 5-7 người", "Có ba và năm đến bảy người"),
    ("từ 5 đến 7-9", "từ năm đến bảy đến chín"),
])
def test_dash_dates_joined_and_after_holiday_words(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


def test_a_tally_and_a_quarter_map_back_to_what_was_written() -> None:
    text = "Quý I/2026 có 10/10 xã đạt chuẩn."
    spoken = normalize(text, base=100)
    for words, written in (("mười trên mười", "10/10"), ("Quý", "Quý"),
                           ("một năm hai nghìn", "I/2026")):
        at = spoken.text.index(words)
        start, end = spoken.original_span(at, at + len(words))
        assert text[start - 100:end - 100] == written
