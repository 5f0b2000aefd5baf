"""WordText (kiosk/qml/components/WordText.qml): a title cut at a whole word, laid out once.

Every row of a long list (the panel's shelf of hundreds of items, the bulletin chooser,
the visitors' result grids) makes one as it scrolls into view, so what it measures while
it is made is paid on every row: it fits its text once, when it is complete, not again for
each of its font's parts, its line limit and its text as they are set one by one.
"""

from __future__ import annotations

from typing import Any

import PySide6.QtQuick  # noqa: F401  (QQuickItem for the items made here)
import pytest
from PySide6.QtCore import QUrl

from .admin.harness import shown_up_to_a_word
from .conftest import here

pytestmark = pytest.mark.ui

TITLE = ("Hướng dẫn bà con tiểu thương bán hàng trực tuyến trên sàn thương mại điện tử của "
         "tỉnh, thanh toán không dùng tiền mặt và giữ an toàn tài khoản ngân hàng")
ROWS = 40


def _list_of_titles(engine: Any, width: int) -> Any:
    """A list of long titles, each row as the panel's shelf makes it: the font set part by
    part, two lines at most; each row counts the texts it showed."""
    from PySide6.QtQml import QQmlComponent

    components = QUrl.fromLocalFile(str(here().parent.parent / "kiosk/qml/components/"))
    component = QQmlComponent(engine)
    component.setData(
        (f'import QtQuick\nimport "{components.toString()}"\n'
         f'ListView {{ width: {width}; height: 100000; model: {ROWS}\n'
         '  delegate: WordText {\n'
         '    objectName: "row"; property int shown: 0; onTextChanged: shown++\n'
         '    width: ListView.view.width\n'
         f'    fullText: "{TITLE} " + index\n'
         '    font.family: "Noto Sans"; font.pixelSize: 20; font.weight: Font.DemiBold\n'
         '    maxLines: 2 } }').encode(), QUrl())
    made = component.create()
    assert made is not None, component.errorString()
    _MADE.append((component, made))  # kept: the engine would collect an unowned item
    return made


_MADE: list = []


def _rows(view: Any) -> list[Any]:
    from kiosk.app import items_named

    return items_named(view, "row")  # type: ignore[arg-type]


def test_a_row_of_a_long_list_is_fitted_once_as_it_is_made(qapp) -> None:
    """Each row showed its whole title first (fitted while its width was still 0), then
    fitted it again for its width: twice the work on every row scrolled into view."""
    from PySide6.QtQml import QQmlEngine

    engine = QQmlEngine()
    try:
        view = _list_of_titles(engine, 320)
        rows = _rows(view)
        assert len(rows) == ROWS
        for row in rows:
            assert row.property("shortened") and row.property("lineCount") == 2
            assert row.property("shown") == 1, row.property("text")
        # a narrower list cuts every row again, still at a whole word
        view.setProperty("width", 240)
        for row in rows:
            shown = row.property("text")
            assert shown.endswith("…") and row.property("lineCount") == 2
            head = shown[:-1]
            assert TITLE.startswith(head) and TITLE[len(head):].lstrip(",")[:1] == " ", shown
            assert row.property("shown") == 2
    finally:
        _MADE.clear()
        engine.deleteLater()


@pytest.mark.parametrize("phrase", ["chuyển đổi số", "Chuyển Đổi Số"])
def test_digital_before_a_year_keeps_its_whole_phrase(qapp, phrase: str) -> None:
    """«số» after «đổi» means "digital", not "number": «… số 2025» alone would read as
    issue 2025, and cut as any word the plans for 2025 and 2026 showed the same row. The
    year is kept with the whole phrase."""
    from PySide6.QtQml import QQmlEngine

    base = "Kế hoạch triển khai của tỉnh Đồng Tháp cho bà con tiểu thương ở chợ 4.0"
    engine = QQmlEngine()
    try:
        shown = []
        for year in (2025, 2026):
            end = f"{phrase} {year}"
            row = _word_text(engine, f"{base} {end}", 300)
            text = row.property("text")
            assert row.property("shortened") and text.endswith("… " + end), text
            assert shown_up_to_a_word(row, f"{base} {end}") == text  # whole words
            shown.append(text)
        assert shown[0] != shown[1]
        # «đổi số» without «chuyển» before it: no phrase to keep, cut as any word
        plain = _word_text(engine, f"{base} đổi số 2025", 300)
        assert plain.property("text").endswith("…"), plain.property("text")
    finally:
        _MADE.clear()
        engine.deleteLater()


def _word_text(engine: Any, full: str, width: int, lines: int = 1, more: str = "") -> Any:
    from PySide6.QtQml import QQmlComponent

    components = QUrl.fromLocalFile(str(here().parent.parent / "kiosk/qml/components/"))
    component = QQmlComponent(engine)
    component.setData(
        (f'import QtQuick\nimport "{components.toString()}"\n'
         f'WordText {{ width: {width}; maxLines: {lines}; fullText: "{full}"\n'
         f'  font.family: "Noto Sans"; font.pixelSize: 20; {more} }}').encode(), QUrl())
    made = component.create()
    assert made is not None, component.errorString()
    _MADE.append((component, made))
    return made


@pytest.mark.parametrize(("ends", "lines"), [
    (("(kỳ 1)", "(kỳ 2)"), 1), (("(kỳ 1)", "(kỳ 2)"), 2), (("số 14", "số 15"), 1),
    (("năm 2025", "năm 2026"), 1), (("ngày 12/3", "ngày 13/3"), 2)])
def test_a_shortened_title_keeps_the_end_that_tells_it_from_the_next(
        qapp, ends: tuple[str, str], lines: int) -> None:
    """Issues of one bulletin differ only at the end: cut there, a list showed the same
    «Bản tin nông nghiệp…» on every row."""
    from PySide6.QtQml import QQmlEngine

    base = "Bản tin nông nghiệp và xây dựng nông thôn mới của tỉnh Đồng Tháp tuần này"
    engine = QQmlEngine()
    try:
        shown = []
        for end in ends:
            row = _word_text(engine, f"{base} {end}", 260 if lines == 1 else 180, lines)
            text = row.property("text")
            assert row.property("shortened") and text.endswith("… " + end), text
            head = text[:-len("… " + end)]
            assert base.startswith(head) and base[len(head)] == " ", text  # whole words
            assert shown_up_to_a_word(row, f"{base} {end}") == text  # the panel tests' check
            assert row.property("lineCount") <= lines
            if lines == 1:
                assert row.property("implicitWidth") <= 260.5
            shown.append(text)
        assert shown[0] != shown[1]
        # an end with no bracket nor labelled number is cut as before (a number alone is
        # as often part of a name), and a tail with no room for a word before it is
        # dropped rather than shown alone
        for full in (base, f"{base} Café sách 4.0"):
            plain = _word_text(engine, full, 260)
            assert plain.property("text").endswith("…") and full.startswith(
                plain.property("text")[:-1])
        narrow = _word_text(engine, f"{base} (kỳ 1)", 60)
        assert narrow.property("text").startswith("Bản")
        # a search snippet's highlights: cut as before, its tags never split for an end
        snippet = _word_text(engine, f"{base} (<b>kỳ</b> 1)", 260, more="styled: true")
        assert snippet.property("text").endswith("…"), snippet.property("text")
    finally:
        _MADE.clear()
        engine.deleteLater()


def test_a_list_of_titles_keeps_no_end_of_its_last_title(qapp) -> None:
    """A schedule slot's row lists its bulletins with « · » between them: the end kept
    after the "…" would be the last title's, and «Bản tin nông nghiệp… (kỳ 2)» said a
    slot playing issues 1 and 2 played issue 2 alone."""
    from PySide6.QtQml import QQmlEngine

    base = "Bản tin nông nghiệp và xây dựng nông thôn mới của tỉnh Đồng Tháp tuần này"
    titles = f"{base} (kỳ 1) · {base} (kỳ 2)"
    engine = QQmlEngine()
    try:
        for lines, width in ((1, 260), (2, 260)):
            row = _word_text(engine, titles, width, lines)
            shown = row.property("text")
            assert row.property("shortened") and shown.endswith("…"), shown
            assert titles.startswith(shown[:-1]), shown
    finally:
        _MADE.clear()
        engine.deleteLater()
