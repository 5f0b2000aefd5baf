"""A tap near a page's edge turns it; a double tap there zooms the page it was made on.

The first tap of a double tap near the edge turned the page at once, and the double tap
then zoomed into the next page; zoomed in, a double tap there zoomed out and its release
turned the page.
"""

from __future__ import annotations

import pytest

from .conftest import BOOK_ID, item, settle

pytestmark = pytest.mark.ui


@pytest.fixture
def reading(kiosk, qtbot):
    kiosk.window.resize(768, 1366)  # portrait: the page's text runs to near its edges
    qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == (768, 1366),
                    timeout=5000)
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    settle()
    yield kiosk
    kiosk.visit.home()


def edge(kiosk, fraction: float):
    """A point on the page, `fraction` of its width from the left, half-way down."""
    from PySide6.QtCore import QPointF

    area = item(kiosk, "pageArea")
    return area.mapToScene(QPointF(area.width() * fraction, area.height() / 2)).toPoint()


def double_tap_at(kiosk, point) -> None:
    """Two taps in quick succession, as a finger makes them (press, release, press, the
    double click, release)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.touch import pump

    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point)
    QTest.mouseDClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      point)
    pump(10)


def past_a_double_tap(kiosk) -> None:
    """Long enough that no second tap can still come."""
    from PySide6.QtGui import QGuiApplication

    settle(QGuiApplication.styleHints().mouseDoubleClickInterval() + 200)


def test_a_tap_near_an_edge_turns_the_page(reading, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    kiosk = reading
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     edge(kiosk, 0.9))
    qtbot.waitUntil(lambda: kiosk.reader.page == 2, timeout=5000)
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     edge(kiosk, 0.1))
    qtbot.waitUntil(lambda: kiosk.reader.page == 1, timeout=5000)


@pytest.mark.parametrize("fraction", [0.9, 0.1])
def test_a_double_tap_near_an_edge_zooms_this_page(reading, fraction: float) -> None:
    kiosk = reading
    kiosk.reader.goTo(2)
    settle()
    double_tap_at(kiosk, edge(kiosk, fraction))
    past_a_double_tap(kiosk)
    assert kiosk.reader.page == 2 and kiosk.reader.zoom == 2.0
    double_tap_at(kiosk, edge(kiosk, fraction))  # and back out: still this page
    past_a_double_tap(kiosk)
    assert kiosk.reader.page == 2 and kiosk.reader.zoom == 1.0


def test_leaving_right_after_an_edge_tap_turns_nothing(reading) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    kiosk = reading
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     edge(kiosk, 0.9))
    kiosk.visit.back()  # before the page turned
    past_a_double_tap(kiosk)
    assert kiosk.nav.screen != "reader" and kiosk.reader.itemId == ""
    kiosk.visit.read(BOOK_ID, 1)
    assert kiosk.reader.page == 1
