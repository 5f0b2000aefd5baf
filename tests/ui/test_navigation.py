"""Home, browse, detail, reader and back again — by tapping, as a visitor does."""

from __future__ import annotations

import pytest

from .conftest import BOOK_ID, HIDDEN_ID, item, settle, tap

pytestmark = pytest.mark.ui


def test_home_shows_collections_and_featured_without_hidden_items(kiosk) -> None:
    assert kiosk.nav.screen == "home"
    keys = kiosk.collections.keys()
    assert keys[-1] == "new" and "book" in keys and "video" not in keys  # no videos in the demo
    for key in keys:
        assert item(kiosk, f"tile_{key}").isVisible()
    featured = [i.id for i in kiosk.visit.featured.items()]
    newest = [i.id for i in kiosk.visit.newest.items()]
    assert BOOK_ID in featured
    assert HIDDEN_ID not in featured + newest
    assert kiosk.find(f"card_{HIDDEN_ID}") is None


def test_tap_through_every_screen_and_back(kiosk, qtbot) -> None:
    tap(kiosk, "tile_book")
    assert kiosk.nav.screen == "browse"
    assert kiosk.browse.kind == "book"
    qtbot.waitUntil(lambda: kiosk.find(f"browse_{BOOK_ID}") is not None)
    settle()
    tap(kiosk, f"browse_{BOOK_ID}")
    assert kiosk.nav.screen == "detail"
    assert kiosk.visit.detail["itemId"] == BOOK_ID
    settle()
    tap(kiosk, "readButton")
    assert kiosk.nav.screen == "reader"
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    settle()
    tap(kiosk, "backButton")
    assert kiosk.nav.screen == "detail"
    assert kiosk.reader.mode == "none"
    settle()
    tap(kiosk, "searchPill")
    assert kiosk.nav.screen == "search"
    settle()
    tap(kiosk, "homeButton")
    assert kiosk.nav.screen == "home"
    assert kiosk.nav.history == ["home"]


def test_browse_sorts_and_filters_by_tag_without_hidden(kiosk) -> None:
    tap(kiosk, "tile_new")
    ids = [i.id for i in kiosk.browse.model.items()]
    assert len(ids) == kiosk.catalog.count() and HIDDEN_ID not in ids
    settle()
    tap(kiosk, "sortPopular")
    popular = [i for i in kiosk.browse.model.items()]
    flags = [i.featured for i in popular]
    assert flags == sorted(flags, reverse=True) and flags[0]  # featured first
    settle()
    tap(kiosk, "tag_0")
    tag = kiosk.browse.tag
    assert tag and all(tag in i.tags for i in kiosk.browse.model.items())


def test_item_view_is_counted_once_per_open(kiosk, sink) -> None:
    kiosk.visit.openItem(BOOK_ID)
    assert sink.names("item_viewed") == [(BOOK_ID,)]
    kiosk.visit.openItem(HIDDEN_ID)  # hidden: never opens
    assert kiosk.visit.detail["itemId"] == BOOK_ID


def test_volume_is_in_reach_on_every_screen(kiosk) -> None:
    for screen in ("home", "browse", "search", "detail"):
        if screen == "detail":
            kiosk.visit.openItem(BOOK_ID)
        elif screen != "home":
            kiosk.nav.go(screen)
        settle()
        assert item(kiosk, "muteButton").isVisible(), screen
    level = kiosk.volume.level
    tap(kiosk, "volumeDown")
    assert kiosk.volume.level == level - 10
    tap(kiosk, "muteButton")
    assert kiosk.volume.muted and kiosk.volume.effective == 0.0
    tap(kiosk, "muteButton")
    assert not kiosk.volume.muted


def test_librarian_corner_long_press_asks_for_the_pin(kiosk, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from kiosk.touch import pump

    left, right = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    corner = QPoint(12, kiosk.window.height() - 12)
    kiosk.slots.librarianHoldMs = 80  # the station waits 5 s; the test does not
    try:
        fired = []
        kiosk.slots.librarianRequested.connect(lambda: fired.append(True))
        elsewhere = QPoint(kiosk.window.width() // 2, 8)  # held, but not in the corner
        QTest.mousePress(kiosk.window, left, right, elsewhere)
        pump(200)
        QTest.mouseRelease(kiosk.window, left, right, elsewhere)
        QTest.mousePress(kiosk.window, left, right, corner)  # a short tap in the corner
        QTest.mouseRelease(kiosk.window, left, right, corner)
        pump(200)
        assert not fired
        with qtbot.waitSignal(kiosk.slots.librarianRequested, timeout=3000):
            QTest.mousePress(kiosk.window, left, right, corner)
        QTest.mouseRelease(kiosk.window, left, right, corner)
    finally:
        kiosk.slots.librarianHoldMs = 5000
    assert kiosk.nav.screen == "home"  # nothing else happened
