"""library.csvsafe: no CSV cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from library.csvsafe import safe_cell, safe_csv_text, safe_row


@pytest.mark.parametrize("text", [
    "=1+1", "@SUM(A1)", "+84 912 345 678", "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","Bấm vào đây")', "\t=1+1", "\r=1+1", "-", "=",
])
def test_a_formula_start_becomes_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [
    "Sổ tay đảng viên", "a=b", "x-1", "'=1+1", "", " =1+1", "-3", "+12", "-0.5", "2026-03-02",
    7, -3, None,
])
def test_text_and_numbers_stay_as_they_are(value: object) -> None:
    """Only a leading mark counts; plain numbers are numbers; neutralising is idempotent."""
    assert safe_cell(value) == value


def test_a_row_and_csv_text_read_back_with_the_apostrophe() -> None:
    assert safe_row(["s1", "=1+1", 5]) == ["s1", "'=1+1", 5]
    text = 'title,n\n"=1+1",5\n@SUM(A1),6\n"a, ""quoted"" title",7\n"two\nlines",8\n'
    safe = safe_csv_text(text)
    assert list(csv.reader(io.StringIO(safe))) == [
        ["title", "n"], ["'=1+1", "5"], ["'@SUM(A1)", "6"], ['a, "quoted" title', "7"],
        ["two\nlines", "8"]]
    assert safe_csv_text(safe) == safe
    clean = 'day,key,count\n2026-03-02,"Sổ tay, 2026",5\n'
    assert safe_csv_text(clean) == clean  # nothing to change: byte for byte the same
