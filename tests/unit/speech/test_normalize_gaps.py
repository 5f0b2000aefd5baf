"""Digits never reach the voice: numbers after an abbreviation's dot, minus signs; more
abbreviations; a dash between words stays a pause; highlighting still maps back."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize
from tests.unit.speech.spoken import said


@pytest.mark.parametrize(("text", "spoken"), [
    ("Q.1", "quận một"),
    ("nhà ở Q.10, TP.HCM", "nhà ở quận mười , thành phố Hồ Chí Minh"),
    ("P. 12", "phường mười hai"),
    ("-5 độ", "âm năm độ"),
    ("nhiệt độ xuống -5", "nhiệt độ xuống âm năm"),
    ("giảm -3,5%", "giảm âm ba phẩy năm phần trăm"),
    ("(−12)", "( âm mười hai )"),
    ("gạo, muối, v.v.", "gạo, muối, vân vân"),
    ("mang CCCD gắn chip", "mang căn cước công dân gắn chip"),
])
def test_spelled_out(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert not any(ch.isdigit() for ch in normalize(text).text)


@pytest.mark.parametrize(("text", "spoken"), [
    ("Hà Nội - Huế", "Hà Nội - Huế"),  # a dash between words: a pause, not "âm"
    ("từ 5-7 độ", "từ năm đến bảy độ"),  # a range: no minus, said "đến" as readers do
    ("mã KT-XH", "mã kinh tế xã hội"),
    ("1.200.000 người", "một triệu hai trăm nghìn người"),  # not "Q.1"-like
])
def test_dashes_between_words_and_numbers_stay(text: str, spoken: str) -> None:
    assert said(text) == spoken


def test_spoken_words_map_back_to_what_was_written() -> None:
    text = "Trụ sở Q.1 lúc -5 độ"
    spoken = normalize(text)
    at = spoken.text.index("quận một")
    assert text[slice(*spoken.original_span(at, at + len("quận một")))] == "Q.1"
    at = spoken.text.index("âm năm")
    assert text[slice(*spoken.original_span(at, at + len("âm năm")))] == "-5"


@pytest.mark.parametrize(("text", "spoken"), [
    ("Café sách 4.0", "Café sách bốn chấm không"),
    ("đạt 99.9%", "đạt chín mươi chín chấm chín phần trăm"),
    ("tăng 1.25 lần", "tăng một chấm hai mươi lăm lần"),
    ("giá 1.200 đồng", "giá một nghìn hai trăm đồng"),  # a dot grouping thousands stays so
    ("nhà 50 m2", "nhà năm mươi mét vuông"),
    ("hồ 2 km²", "hồ hai ki lô mét vuông"),
    ("bể 3 m³", "bể ba mét khối"),
])
def test_dotted_numbers_and_square_units_are_spoken(text: str, spoken: str) -> None:
    assert said(text) == spoken
    assert not any(ch.isdigit() or ch in "²³" for ch in normalize(text).text)


def test_a_dotted_number_maps_back_to_what_was_written() -> None:
    text = "Chợ 4.0 mở cửa"
    spoken = normalize(text)
    start = spoken.text.index("bốn")
    assert text[slice(*spoken.original_span(start, start + len("bốn chấm không")))] == "4.0"


@pytest.mark.parametrize(("text", "spoken"), [
    ("Wi-Fi miễn phí", "wai phai miễn phí"),
    ("đăng ký online qua Zalo, Facebook", "đăng ký on lai qua da lô , phây búc"),
    ("phòng COVID-19", "phòng cô vít mười chín"),  # a name: no pause at its dash
    ("Zalopay và Facebooker", "Zalopay và Facebooker"),  # only whole words
])
def test_everyday_english_words_are_said_the_vietnamese_way(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), [
    ("Đại hội lần thứ XIII", "Đại hội lần thứ mười ba"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("quý IV", "quý bốn"),
    ("ngày 2-9-1945", "ngày hai tháng chín năm một nghìn chín trăm bốn mươi lăm"),
    ("từ 5-7 người", "từ năm đến bảy người"),  # a range, not a date
    ("Vitamin C và I love VN", "Vitamin C và I love Việt Nam"),  # no lead word: as written
    ("giá 5€", "giá năm"),  # symbols still fall silent
])
def test_roman_numerals_and_dash_dates(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), [
    ("Giá lúa 7.200 đ/kg.", "Giá lúa bảy nghìn hai trăm đồng một ki lô gam ."),
    ("lợn hơi 62.000đ/kg", "lợn hơi sáu mươi hai nghìn đồng một ki lô gam"),
    ("Tốc độ 50 km/h", "Tốc độ năm mươi ki lô mét một giờ"),
    ("học phí 120.000 đồng/tháng", "học phí một trăm hai mươi nghìn đồng một tháng"),
    ("năng suất 6 tấn/ha", "năng suất sáu tấn một héc ta"),
    ("và/hoặc", "và/hoặc"),  # a slash between words stays as written
    ("ngày 2/9", "ngày hai tháng chín"),  # a date, not "per"
])
def test_a_slash_after_an_amount_is_read_per(text: str, spoken: str) -> None:
    assert said(text) == spoken
