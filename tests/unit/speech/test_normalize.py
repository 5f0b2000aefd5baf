"""Text for speech: numbers, dates, times, abbreviations, URLs, and the offset map back."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize, read_decimal, read_number


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"),
    (10, "mười"),
    (11, "mười một"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (55, "năm mươi lăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1005, "một nghìn không trăm linh năm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (1_200_000, "một triệu hai trăm nghìn"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
])
def test_numbers_read_the_vietnamese_way(n: int, words: str) -> None:
    assert read_number(n) == words


def test_decimal_comma() -> None:
    assert read_decimal("3", "05") == "ba phẩy không năm"


@pytest.mark.parametrize(("text", "spoken"), [
    ("Ngày 10/8/2021", "Ngày mười tháng tám năm hai nghìn không trăm hai mươi mốt"),
    ("10/8/2021", "ngày mười tháng tám năm hai nghìn không trăm hai mươi mốt"),
    ("hạn chót 30/4", "hạn chót ngày ba mươi tháng tư"),
    ("tháng 8/2021", "tháng tám năm hai nghìn không trăm hai mươi mốt"),
    ("họp lúc 17:30", "họp lúc mười bảy giờ ba mươi phút"),
    ("khai mạc 8h", "khai mạc tám giờ"),
    ("tăng 45%", "tăng bốn mươi lăm phần trăm"),
    ("giảm 3,5%", "giảm ba phẩy năm phần trăm"),
    ("1.200.000 người", "một triệu hai trăm nghìn người"),
    ("UBND xã", "ủy ban nhân dân xã"),
    ("HĐND tỉnh", "hội đồng nhân dân tỉnh"),
    ("Trung ương (TW)", "Trung ương ( trung ương )"),
    ("TP. Huế", "thành phố Huế"),
    ("TP.HCM", "thành phố Hồ Chí Minh"),
    # a web address with a path: the site is said, the path and the query are not
    ("xem https://tinh.gov.vn/tin?id=3 nhé", "xem tinh chấm giê o vê chấm vê en nhé"),
    # an e-mail address is there to be written down: it is dictated, not dropped
    ("gửi thu@xa.gov.vn", "gửi thu a còng xa chấm giê o vê chấm vê en"),
    ("Hello, xin chào", "Hello, xin chào"),
    ("gọi 0263 3822 123", "gọi không hai sáu ba ba tám hai hai một hai ba"),
    ("+84 905 123 456", "cộng tám bốn chín không năm một hai ba bốn năm sáu"),
    ("mã số 007", "mã số không không bảy"),
    ("0,5 ha", "không phẩy năm héc ta"),
])
def test_normalised_text(text: str, spoken: str) -> None:
    assert " ".join(normalize(text).text.split()) == spoken


@pytest.mark.parametrize("text", ["32/13/2021", "99:99"])
def test_impossible_dates_and_times_are_not_read_as_dates(text: str) -> None:
    assert "tháng" not in normalize(text).text and "giờ" not in normalize(text).text


def test_emoji_and_symbols_become_silence() -> None:
    spoken = normalize("Chào 🙂 ★ bà con")
    assert " ".join(spoken.text.split()) == "Chào bà con"
    assert normalize("🙂 ★ ♥ ###").is_empty()


def _span_of(spoken_text: str, spoken_word: str, spoken) -> str:
    start = spoken_text.index(spoken_word)
    a, b = spoken.original_span(start, start + len(spoken_word))
    return spoken.original[a:b]


@pytest.mark.parametrize(("text", "spoken_word", "original"), [
    ("Ngày 10/8/2021 họp", "tám", "10/8/2021"),
    ("Ngày 10/8/2021 họp", "họp", "họp"),
    ("UBND TP. Huế thông báo", "nhân", "UBND"),
    ("UBND TP. Huế thông báo", "Huế", "Huế"),
    ("UBND TP. Huế thông báo", "thông", "thông"),
    ("đạt 45% kế hoạch", "kế", "kế"),
    ("đạt 45% kế hoạch", "phần", "45%"),
    ("xem https://a.vn/b rồi về lúc 17:30.", "về", "về"),
    ("xem https://a.vn/b rồi về lúc 17:30.", "phút", "17:30"),
])
def test_offset_map_points_at_the_written_text(text: str, spoken_word: str,
                                               original: str) -> None:
    spoken = normalize(text)
    assert _span_of(spoken.text, spoken_word, spoken) == original


def test_base_offset_maps_into_the_whole_text() -> None:
    whole = "Câu một. Ngày 2/9/1945 lập nước."
    start = whole.index("Ngày")
    spoken = normalize(whole[start:], base=start)
    i = spoken.text.index("chín")
    a, b = spoken.original_span(i, i + 4)
    assert whole[a:b] == "2/9/1945"


def test_vietnamese_in_nfd_is_composed() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Đảng viên")
    assert normalize(text).text == "Đảng viên"
