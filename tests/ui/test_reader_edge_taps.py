"""Taps near a page's edge turn pages at once, quick ones page after page; a double tap
zooms the page it was made on.

A double tap near the edge used to turn the page with its first tap and zoom into the
next page with its second; zoomed in, a double tap zoomed out and its release turned
the page.
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


def at(kiosk, fraction: float):
    """A point on the page, `fraction` of its width from the left, half-way down."""
    from PySide6.QtCore import QPointF

    area = item(kiosk, "pageArea")
    return area.mapToScene(QPointF(area.width() * fraction, area.height() / 2)).toPoint()


def tap(kiosk, point) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point)


def double_tap_at(kiosk, point) -> None:
    """Two taps in quick succession, as a finger makes them (press, release, press, the
    double click, release)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.touch import pump

    tap(kiosk, point)
    QTest.mouseDClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      point)
    pump(10)


def test_a_tap_near_an_edge_turns_the_page_at_once(reading) -> None:
    from kiosk.touch import pump

    kiosk = reading
    tap(kiosk, at(kiosk, 0.9))
    pump(10)
    assert kiosk.reader.page == 2  # no wait for a second tap that may never come
    tap(kiosk, at(kiosk, 0.1))
    pump(10)
    assert kiosk.reader.page == 1


@pytest.mark.parametrize(("fraction", "start", "end"), [(0.9, 2, 4), (0.1, 3, 1)])
def test_two_quick_taps_near_an_edge_turn_two_pages(reading, fraction: float, start: int,
                                                   end: int) -> None:
    kiosk = reading
    kiosk.reader.goTo(start)
    settle()
    double_tap_at(kiosk, at(kiosk, fraction))
    settle(600)
    assert kiosk.reader.page == end and kiosk.reader.zoom == 1.0


def test_a_double_tap_in_the_middle_zooms_this_page_and_out_again(reading) -> None:
    kiosk = reading
    kiosk.reader.goTo(2)
    settle()
    double_tap_at(kiosk, at(kiosk, 0.5))
    settle(600)
    assert kiosk.reader.page == 2 and kiosk.reader.zoom == 2.0
    double_tap_at(kiosk, at(kiosk, 0.5))
    settle(600)
    assert kiosk.reader.page == 2 and kiosk.reader.zoom == 1.0


def test_zoomed_in_a_double_tap_near_an_edge_zooms_out_and_turns_nothing(reading) -> None:
    kiosk = reading
    kiosk.reader.goTo(2)
    settle()
    double_tap_at(kiosk, at(kiosk, 0.5))
    settle(600)
    assert kiosk.reader.zoom == 2.0
    double_tap_at(kiosk, at(kiosk, 0.9))
    settle(600)
    assert kiosk.reader.page == 2 and kiosk.reader.zoom == 1.0
