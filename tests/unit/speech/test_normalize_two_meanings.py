"""Letters and figures a bulletin writes for two things: "HCV" a gold medal or the
hepatitis C virus, "BTC" the organisers, "1.5tr" a price typed on a phone; a "per"
after a square kilometre; and one table per word for the English words."""

from __future__ import annotations

import pytest

from library.speech.normalize import (
    ABBREVIATIONS,
    ENGLISH_WORDS,
    RULES_VERSION,
    WEB_WORDS,
    read_address,
)
from tests.unit.speech.spoken import reads_as, said


def test_the_reading_rules_version_moved_on() -> None:
    # audio cached under the old rules said "viêm gan huy chương vàng", "một chấm năm triệu"
    assert RULES_VERSION >= 11


# -- HCV: a gold medal, or the hepatitis C virus ----------------------------------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("Người mắc viêm gan HCV được khám miễn phí.",
     "Người mắc viêm gan hát xê vê được khám miễn phí.", [("hát xê vê", "HCV")]),
    ("Viêm gan C (virus HCV) gây xơ gan.", "Viêm gan C (virus hát xê vê ) gây xơ gan.",
     [("hát xê vê", "HCV")]),
    ("Người nhiễm HCV cần điều trị sớm.", "Người nhiễm hát xê vê cần điều trị sớm.",
     [("hát xê vê", "HCV")]),
    ("Xét nghiệm HBV, HCV miễn phí.", "Xét nghiệm HBV, hát xê vê miễn phí.",
     [("hát xê vê", "HCV")]),
    ("Kết quả anti-HCV âm tính.", "Kết quả anti- hát xê vê âm tính.", [("hát xê vê", "HCV")]),
    # a gold medal everywhere else, in the same bulletin too
    ("Đoàn giành 3 HCV, 2 HCB.", "Đoàn giành ba huy chương vàng , hai huy chương bạc .",
     [("huy chương vàng", "HCV")]),
    ("Viêm gan B đã giảm; VĐV Lan đoạt HCV.",
     "Viêm gan B đã giảm; vận động viên Lan đoạt huy chương vàng .",
     [("huy chương vàng", "HCV")]),
])
def test_hcv_after_hepatitis_is_the_virus_spelled(text: str, spoken: str,
                                                 lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


# -- BTC: the organisers, and the Ministry of Finance only inside its codes -------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("BTC giải chạy cho biết có 1.200 VĐV.",
     "ban tổ chức giải chạy cho biết có một nghìn hai trăm vận động viên .",
     [("ban tổ chức", "BTC")]),
    ("Theo Thông tư 58/2016/TT-BTC.",
     "Theo Thông tư năm mươi tám trên hai nghìn không trăm mười sáu trên tê tê bê tê xê .",
     [("bê tê xê", "58/2016/TT-BTC")]),
])
def test_btc_is_the_organisers_and_spelled_in_a_code(text: str, spoken: str,
                                                     lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


# -- a price typed on a phone: its dot is the decimal mark ------------------------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("Cam 1.5tr/tạ", "Cam một phẩy năm triệu một tạ",
     [("một phẩy năm", "1.5"), ("triệu", "tr"), ("một tạ", "/tạ")]),
    ("Cam 1,5tr/tạ", "Cam một phẩy năm triệu một tạ", [("một phẩy năm", "1,5")]),
    ("Gạo 2.5k/kg", "Gạo hai phẩy năm nghìn một ki lô gam",
     [("hai phẩy năm", "2.5"), ("nghìn", "k")]),
    ("Thuê nhà 1.5 tr/tháng", "Thuê nhà một phẩy năm triệu một tháng",
     [("một phẩy năm", "1.5"), ("triệu", "tr")]),
    ("Giá 0.5tr.", "Giá không phẩy năm triệu .", [("không phẩy năm", "0.5")]),
    # a dot before three digits groups thousands; a dot before anything else is "chấm"
    ("Giá 1.500k", "Giá một nghìn năm trăm nghìn", [("năm trăm nghìn", "1.500k")]),
    ("Chợ 4.0, đường 2.5 km, bao 2.5kg",
     "Chợ bốn chấm không , đường hai chấm năm ki lô mét , bao hai chấm năm ki lô gam", []),
    # a "per" after millions written "1tr5" is read too
    ("Mít 1tr5/chục", "Mít một triệu năm một chục", [("một chục", "/chục")]),
])
def test_a_market_price_with_a_dot_is_said_with_phay(text: str, spoken: str,
                                                     lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


# -- a "per" after a square kilometre, a square or a cubic metre ------------------------------
@pytest.mark.parametrize(("text", "spoken", "lights"), [
    ("Mật độ 150 người/km2", "Mật độ một trăm năm mươi người một ki lô mét vuông",
     [("một ki lô mét vuông", "/km2")]),
    ("Thu 2 triệu đồng/km2/năm", "Thu hai triệu đồng một ki lô mét vuông một năm",
     [("một ki lô mét vuông", "/km2"), ("một năm", "/năm")]),
    ("Thuê 200.000 đồng/m2/tháng", "Thuê hai trăm nghìn đồng một mét vuông một tháng",
     [("một tháng", "/tháng")]),
    ("Nước 8.000 đồng/m3/tháng", "Nước tám nghìn đồng một mét khối một tháng",
     [("một tháng", "/tháng")]),
    ("Dân số 480 người/km²/năm", "Dân số bốn trăm tám mươi người một ki lô mét vuông một năm",
     [("một năm", "/năm")]),
])
def test_per_follows_a_square_kilometre(text: str, spoken: str,
                                        lights: list[tuple[str, str]]) -> None:
    reads_as(text, spoken, lights)


# -- one table per word ---------------------------------------------------------------------
def test_no_word_stands_in_two_tables() -> None:
    english = {word.lower() for word in ENGLISH_WORDS}
    assert not set(ABBREVIATIONS) & set(ENGLISH_WORDS)
    assert not set(WEB_WORDS) & english
    assert not {word.lower() for word in ABBREVIATIONS} & set(WEB_WORDS)


@pytest.mark.parametrize(("address", "spoken"), [
    # the English words of a sentence are said the same inside an address
    ("lienhe@zalo.vn", "lien he a còng da lô chấm vê en"),
    ("www.facebook.com", "vê kép vê kép vê kép chấm phây búc chấm com"),
    ("email@gmail.com", "i meo a còng gờ meo chấm com"),
    ("covid19.gov.vn", "cô vít một chín chấm giê o vê chấm vê en"),
    ("lienhe@online.gov.vn", "lien he a còng on lai chấm giê o vê chấm vê en"),
])
def test_english_words_read_the_same_in_an_address(address: str, spoken: str) -> None:
    assert read_address(address) == spoken


def test_an_address_with_an_english_word_lights_the_address() -> None:
    reads_as("Xem tại covid19.gov.vn nhé", "Xem tại cô vít một chín chấm giê o vê chấm vê en nhé",
             [("cô vít", "covid19.gov.vn")])
    assert said("Tra cứu trên Zalo") == "Tra cứu trên da lô"
