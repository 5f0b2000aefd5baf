"""What a provincial bulletin writes, read the way a news reader says it: dash dates
next to phone numbers, fractions next to dates, ranges, document codes, units,
service numbers, e-mail and web addresses."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize, read_address, read_code
from tests.unit.speech.spoken import no_digits, said


@pytest.mark.parametrize(("text", "spoken"), [
    ("02-09-2026", "ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu"),
    ("Ngày 02-09-2026, HĐND tỉnh họp.",
     "Ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu , hội đồng nhân dân tỉnh họp."),
    ("khai mạc ngày 2.9.2026",
     "khai mạc ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu"),
    ("Ngày 12.10.2025", "Ngày mười hai tháng mười năm hai nghìn không trăm hai mươi lăm"),
    # phone numbers stay phone numbers, read digit by digit
    ("gọi 0912-345-678", "gọi không chín một hai ba bốn năm sáu bảy tám"),
    ("gọi 0236 3822 123", "gọi không hai ba sáu ba tám hai hai một hai ba"),
    ("(0236) 3822 123", "không hai ba sáu ba tám hai hai một hai ba"),
    ("hotline 02363.822.123", "hotline không hai ba sáu ba tám hai hai một hai ba"),
    ("hotline 1900 1234", "hotline một chín không không một hai ba bốn"),
    ("tổng đài 1022", "tổng đài một không hai hai"),
    ("dân số 1022 người", "dân số một nghìn không trăm hai mươi hai người"),  # not a number to dial
    ("gọi 113", "gọi một một ba"),
    ("kêu gọi 500 người", "kêu gọi năm trăm người"),
])
def test_dash_and_dot_dates_and_phone_numbers(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("Giai đoạn 2020-2025",
     "Giai đoạn hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm"),
    ("nhiệm kỳ 2025 - 2030",
     "nhiệm kỳ hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi"),
    ("thi công 5-7 ngày", "thi công năm đến bảy ngày"),
    ("mức phạt từ 4–6 triệu đồng", "mức phạt từ bốn đến sáu triệu đồng"),  # an en dash too
    ("tăng 3-5%", "tăng ba đến năm phần trăm"),
    ("từ 1.000-2.000 người", "từ một nghìn đến hai nghìn người"),
    ("nhiệt độ từ 24-32°C", "nhiệt độ từ hai mươi tư đến ba mươi hai độ xê"),
    ("lượng mưa 50-70 mm", "lượng mưa năm mươi đến bảy mươi mi li mét"),
    ("từ 13h30-17h", "từ mười ba giờ ba mươi phút đến mười bảy giờ"),
    ("từ 8 giờ - 10 giờ", "từ tám giờ đến mười giờ"),
    ("từ 7h đến 11h30", "từ bảy giờ đến mười một giờ ba mươi phút"),
    ("dịp 30/4-1/5", "dịp ngày ba mươi tháng tư đến ngày một tháng năm"),
    ("Sáng 25-27/9 diễn ra hội thảo",
     "Sáng ngày hai mươi lăm đến ngày hai mươi bảy tháng chín diễn ra hội thảo"),
    ("mở cửa T2-T6, thứ 2-CN, T2-CN",
     "mở cửa thứ hai đến thứ sáu , thứ hai đến chủ nhật , thứ hai đến chủ nhật"),
    ("tỷ số 2-1", "tỷ số hai - một"),  # falling numbers are no range: the dash stays a pause
    ("Hà Nội - Huế", "Hà Nội - Huế"),
])
def test_ranges_are_read_den(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), [
    # fractions: an amount word before, or a noun after
    ("1/2 số hộ", "một phần hai số hộ"),
    ("hơn 1/2 số hộ dân", "hơn một phần hai số hộ dân"),
    ("3/4 diện tích lúa", "ba phần tư diện tích lúa"),
    ("Khoảng 2/3 dân số", "Khoảng hai phần ba dân số"),
    ("chiếm 1/3.", "chiếm một phần ba ."),
    ("tăng đến 1/3 số hộ", "tăng đến một phần ba số hộ"),
    # tallies: a total above ten, or things counted after it, is "trên"
    ("đạt 9/10 tiêu chí", "đạt chín trên mười tiêu chí"),
    ("đạt 18/19 tiêu chí", "đạt mười tám trên mười chín tiêu chí"),
    ("xếp thứ 2/63 tỉnh thành", "xếp thứ hai trên sáu mươi ba tỉnh thành"),
    # dates
    ("ngày 1/2", "ngày một tháng hai"),
    ("Ngày 1/2 khai mạc", "Ngày một tháng hai khai mạc"),
    ("ngày 1/2/2026", "ngày một tháng hai năm hai nghìn không trăm hai mươi sáu"),
    ("1/2/2026 bế mạc", "ngày một tháng hai năm hai nghìn không trăm hai mươi sáu bế mạc"),
    ("tháng 1/2026", "tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("Sáng nay (2/9), tỉnh họp", "Sáng nay ( ngày hai tháng chín ), tỉnh họp"),
    ("Quốc khánh 2/9 năm nay", "Quốc khánh ngày hai tháng chín năm nay"),
    ("Tết Thiếu nhi 1/6 năm nay", "Tết Thiếu nhi ngày một tháng sáu năm nay"),
    ("Từ 1/7 người dân được miễn", "Từ ngày một tháng bảy người dân được miễn"),
    ("từ 1/6 đến 1/8 hằng năm", "từ ngày một tháng sáu đến ngày một tháng tám hằng năm"),
    ("hạn chót 30/4", "hạn chót ngày ba mươi tháng tư"),
    ("1/2.", "ngày một tháng hai ."),  # nothing says "amount": a date
    ("kéo dài đến 1/6.", "kéo dài đến ngày một tháng sáu ."),
    # numbers with a slash: house numbers, issue numbers; streets named after a date
    ("số 12/3 đường Trần Phú", "số mười hai trên ba đường Trần Phú"),
    ("Bản tin số 18/2026", "Bản tin số mười tám trên hai nghìn không trăm hai mươi sáu"),
    ("đường 3/2", "đường ba tháng hai"),
    ("phục vụ 24/7", "phục vụ hai tư trên bảy"),
])
def test_a_slash_pair_is_a_fraction_a_tally_or_a_date(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("Nghị quyết số 57-NQ/TW", "Nghị quyết số năm mươi bảy en quy trên tê vê kép"),
    ("Quyết định 1234/QĐ-UBND",
     "Quyết định một nghìn hai trăm ba mươi tư trên quy đê u bê en dê"),
    ("Nghị định 100/2019/NĐ-CP",
     "Nghị định một trăm trên hai nghìn không trăm mười chín trên en đê xê pê"),
    ("Thông tư số 01/2021/TT-BGDĐT",
     "Thông tư số không một trên hai nghìn không trăm hai mươi mốt trên "
     "tê tê bê giê dê đê tê"),
    ("Chỉ thị 05-CT/TW,", "Chỉ thị không năm xê tê trên tê vê kép ,"),
    ("Luật số 59/2020/QH14",
     "Luật số năm mươi chín trên hai nghìn không trăm hai mươi trên quy hát mười bốn"),
    ("Quyết định 1234/QĐ-TTg.", "Quyết định một nghìn hai trăm ba mươi tư trên quy đê tê tê giê ."),
    ("Kế hoạch số 45/KH-UBND ngày 1/7/2024",
     "Kế hoạch số bốn mươi lăm trên ca hát u bê en dê ngày một tháng bảy năm hai nghìn "
     "không trăm hai mươi tư"),
])
def test_document_codes_are_dictated(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("cấm xe qua QL14E, km 12+500",
     "cấm xe qua quốc lộ mười bốn e , ki lô mét mười hai cộng năm trăm"),
    ("Lớp 12A1 trường THPT", "Lớp mười hai a một trường trung học phổ thông"),
    ("cúm H5N1, sóng 4G, đội U23", "cúm hát năm en một , sóng bốn giê , đội u hai mươi ba"),
    ("giá mỗi m2", "giá mỗi mét vuông"),
    ("trên báo động III 0,5 m", "trên báo động ba không phẩy năm mét"),
    ("giai đoạn II", "giai đoạn hai"),
    ("bằng lái hạng C", "bằng lái hạng C"),  # a letter there, not a hundred
    ("khoảng 140 triệu USD", "khoảng một trăm bốn mươi triệu đô la Mỹ"),
    ("phát hành 2026-05-15",
     "phát hành ngày mười lăm tháng năm năm hai nghìn không trăm hai mươi sáu"),
])
def test_letters_with_digits_roman_levels_and_iso_dates(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert no_digits(text)


def test_read_code_spells_letters_and_says_the_slash() -> None:
    assert read_code("57-NQ/TW") == "năm mươi bảy en quy trên tê vê kép"
    assert read_code("12/KH&CN") == "mười hai trên ca hát và xê en"


@pytest.mark.parametrize(("text", "spoken"), [
    ("dài 25 cm", "dài hai mươi lăm xen ti mét"),
    ("cao 3 m", "cao ba mét"),
    ("sốt 38,5°C", "sốt ba mươi tám phẩy năm độ xê"),
    ("lương 2,34 triệu đồng/tháng", "lương hai phẩy ba mươi tư triệu đồng một tháng"),
    ("1.800.000 đồng/người/tháng", "một triệu tám trăm nghìn đồng một người một tháng"),
    ("2-3 lần/tuần", "hai đến ba lần một tuần"),
    ("ngày/tháng/năm", "ngày/tháng/năm"),  # a form's labels, no amount
    ("Sở KH&CN", "Sở khoa học và công nghệ"),
    ("Sở NN&PTNT và Sở LĐ-TB&XH",
     "Sở nông nghiệp và phát triển nông thôn và Sở lao động thương binh và xã hội"),
    ("Hội LHPN, BCH Đoàn", "Hội liên hiệp phụ nữ , ban chấp hành Đoàn"),
    ("Đại hội Đảng bộ tỉnh lần thứ XXII", "Đại hội Đảng bộ tỉnh lần thứ hai mươi hai"),
])
def test_units_per_and_abbreviations(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), [
    ("email: vanphong@quangnam.gov.vn",
     "i meo : van phong a còng quang nam chấm giê o vê chấm vê en"),
    ("website www.quangnam.gov.vn.",
     "oép sai vê kép vê kép vê kép chấm quang nam chấm giê o vê chấm vê en ."),
    ("xem tại https://baoquangnam.vn/", "xem tại bao quang nam chấm vê en"),
    ("gửi ubnd.tamky@gmail.com", "gửi u bê en dê chấm tam ky a còng gờ meo chấm com"),
    # with a path: the site is said (its "www." as written), the path cannot be listened to
    ("xem www.chinhphu.vn/portal nhé",
     "xem vê kép vê kép vê kép chấm chinh phu chấm vê en nhé"),
    ("xem https://tinh.gov.vn/tin?id=3 nhé", "xem tinh chấm giê o vê chấm vê en nhé"),
])
def test_e_mail_and_web_addresses_are_dictated(text: str, spoken: str) -> None:
    assert said(text) == spoken


def test_read_address_cuts_run_together_syllables() -> None:
    assert read_address("danang.gov.vn") == "da nang chấm giê o vê chấm vê en"
    assert read_address("vanhoa-dulich.gov.vn") == (
        "van hoa gạch ngang du lich chấm giê o vê chấm vê en")
    assert read_address("sxd2@xyz.vn") == "ét ích dê hai a còng ích i dét chấm vê en"


BULLETIN = (
    "Ngày 02-09-2026, tại Hội trường số 12, đường Lê Lợi, TP. Tam Kỳ, HĐND tỉnh khóa XI "
    "họp kỳ thứ 15 từ 7h30-11h. Thực hiện Nghị quyết số 57-NQ/TW, hơn 1/2 số hộ đã dùng "
    "dịch vụ công trực tuyến; giai đoạn 2020-2025 tỉnh chi 1,5 tỷ đồng, mỗi hộ được hỗ trợ "
    "250.000 đồng. Liên hệ 0235 3822 123 hoặc vanphong@quangnam.gov.vn.")


def test_a_bulletin_paragraph_reads_through() -> None:
    assert said(BULLETIN) == (
        "Ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu , tại Hội trường số mười "
        "hai , đường Lê Lợi, thành phố Tam Kỳ, hội đồng nhân dân tỉnh khóa mười một họp kỳ "
        "thứ mười lăm từ bảy giờ ba mươi phút đến mười một giờ . Thực hiện Nghị quyết số năm "
        "mươi bảy en quy trên tê vê kép , hơn một phần hai số hộ đã dùng dịch vụ công trực "
        "tuyến; giai đoạn hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm "
        "tỉnh chi một phẩy năm tỷ đồng, mỗi hộ được hỗ trợ hai trăm năm mươi nghìn đồng . "
        "Liên hệ không hai ba năm ba tám hai hai một hai ba hoặc van phong a còng quang nam "
        "chấm giê o vê chấm vê en .")
    assert no_digits(BULLETIN)


@pytest.mark.parametrize(("spoken_word", "original"), [
    ("tháng chín", "02-09-2026"),
    ("en quy", "57-NQ/TW"),
    ("phần hai", "1/2"),
    ("a còng", "vanphong@quangnam.gov.vn"),
    ("Lê Lợi", "Lê Lợi"),
])
def test_new_readings_map_back_to_what_was_written(spoken_word: str, original: str) -> None:
    spoken = normalize(BULLETIN)
    at = spoken.text.index(spoken_word)
    a, b = spoken.original_span(at, at + len(spoken_word))
    assert BULLETIN[a:b] == original


def test_the_range_word_maps_back_to_the_dash() -> None:
    text = "thi công 5-7 ngày"
    spoken = normalize(text)
    at = spoken.text.index("đến")
    assert text[slice(*spoken.original_span(at, at + 3))] == "-"


@pytest.mark.parametrize(("text", "spoken"), [
    # "ĐT 609" is a provincial road, "đường tỉnh"; "ĐT:" introduces a number to dial
    ("Tuyến ĐT 609 qua xã", "Tuyến đường tỉnh sáu trăm linh chín qua xã"),
    ("ĐT: 3822123", "điện thoại : ba tám hai hai một hai ba"),
    # digits glued to letters before a dash are a code, not the start of a range
    ("Lô A1-05, khu đô thị", "Lô a một - không năm , khu đô thị"),
    ("từ 5-7 ngày", "từ năm đến bảy ngày"),
    # a day and month with a dash or a dot, no year, after a word of the day
    ("Ngày 20-11 là Ngày Nhà giáo", "Ngày hai mươi tháng mười một là Ngày Nhà giáo"),
    ("Chiều 15.3, đoàn về thăm", "Chiều ngày mười lăm tháng ba , đoàn về thăm"),
    ("Sáng 2-9 làm lễ", "Sáng ngày hai tháng chín làm lễ"),
    ("Ngày 5-6 tháng 10 có mưa", "Ngày năm đến sáu tháng mười có mưa"),
    ("Tối 7-8 giờ", "Tối bảy đến tám giờ"),
    ("Mùng 10-3 âm lịch", "Mùng mười tháng ba âm lịch"),
    ("mùng 10/3, hôm 2/9 vừa qua", "mùng mười tháng ba , hôm hai tháng chín vừa qua"),
    ("Tăng 2.5 lần", "Tăng hai chấm năm lần"),
    ("ngày 1.5 triệu lượt", "ngày một chấm năm triệu lượt"),
    # "per" after more units and amount words; "=" is said
    ("mật độ 150 người/km2", "mật độ một trăm năm mươi người một ki lô mét vuông"),
    ("Lương 2 triệu/tháng", "Lương hai triệu một tháng"),
    ("vàng 85,5 triệu đồng/lượng", "vàng tám mươi lăm phẩy năm triệu đồng một lượng"),
    ("1 USD = 25.400 đồng", "một đô la Mỹ bằng hai mươi lăm nghìn bốn trăm đồng"),
    ("học sinh lớp 9/3", "học sinh lớp chín trên ba"),
    # an abbreviation's dot with the name straight after it
    ("P.Minh An, TP.Hội An, Q.Hải Châu", "phường Minh An, thành phố Hội An, quận Hải Châu"),
    # a web address with a path, with or without "https://": its site is said, the path
    # is not; the full stop and the comma after it stay
    ("Xem tại quangnam.gov.vn/tin-tuc.", "Xem tại quang nam chấm giê o vê chấm vê en ."),
    ("Chi tiết tại https://tinh.gov.vn/tin?id=3, xem ngay",
     "Chi tiết tại tinh chấm giê o vê chấm vê en , xem ngay"),
    ("xem tại https://baoquangnam.vn/ nhé", "xem tại bao quang nam chấm vê en nhé"),
])
def test_roads_codes_short_dates_and_units(text: str, spoken: str) -> None:
    assert said(text) == spoken
