"""Digits never reach the voice: numbers after an abbreviation's dot, minus signs; more
abbreviations; a dash between words stays a pause; highlighting still maps back."""

from __future__ import annotations

import pytest

from library.speech.normalize import normalize


def said(text: str) -> str:
    return " ".join(normalize(text).text.split())


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
    ("từ 5-7 độ", "từ năm - bảy độ"),  # a range: no minus
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
