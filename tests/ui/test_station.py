"""The station looks after itself: idle reset, attract loop, lockdown, layouts, accessibility."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent

from .conftest import BOOK_ID, item, settle, tap
from .meta import class_name

pytestmark = pytest.mark.ui

SIZES = [(1920, 1080), (1366, 768), (1080, 1920), (768, 1366)]


def test_idle_reset_forgets_the_visitor_then_attract_loop(kiosk, qtbot) -> None:
    stopped = []
    kiosk.volume.stopAll.connect(lambda: stopped.append(True))
    kiosk.search.typeKey("n")
    kiosk.visit.read(BOOK_ID, 2)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 2, timeout=20000)
    kiosk.reader.zoom = 2.0
    kiosk.display.largeText = True
    assert kiosk.nav.history == ["home", "reader"]

    kiosk.idle.idle_timer.timeout.emit()  # the visitor walked away
    assert kiosk.nav.screen == "home" and kiosk.nav.history == ["home"]
    assert kiosk.reader.mode == "none" and kiosk.reader.zoom == 1.0
    assert kiosk.search.text == "" and kiosk.search.resultCount == 0
    assert kiosk.visit.detail == {}
    assert not kiosk.display.largeText
    assert stopped
    assert kiosk.idle.attract_timer.isActive()
    kiosk.visit.read(BOOK_ID, 0)
    assert kiosk.reader.page == 1  # "where I was" went with the visitor
    kiosk.visit.home()

    kiosk.idle.attract_timer.timeout.emit()
    assert kiosk.nav.screen == "attract"
    settle(300)
    assert item(kiosk, "touchToStart").isVisible()
    assert not item(kiosk, "topBar").isVisible()
    tap(kiosk, "touchToStart")  # a touch leaves the loop at once
    assert kiosk.nav.screen == "home"
    assert kiosk.idle.idle_timer.isActive() and not kiosk.idle.attract_timer.isActive()


def test_touch_restarts_the_idle_countdown(kiosk) -> None:
    kiosk.idle.idle_timer.stop()
    tap(kiosk, "tile_book")
    assert kiosk.idle.idle_timer.isActive()


@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Back, Qt.KeyboardModifier.NoModifier),
])
def test_escape_keys_do_nothing(kiosk, key, modifiers) -> None:
    kiosk.visit.read(BOOK_ID, 1)
    blocked = kiosk.lockdown.blocked
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(kiosk.window, QKeyEvent(kind, key, modifiers))
    settle(50)
    assert kiosk.lockdown.blocked >= blocked + 3
    assert kiosk.window.isVisible()
    assert kiosk.nav.screen == "reader" and kiosk.reader.itemId == BOOK_ID


def test_window_refuses_to_close_and_context_menus(kiosk) -> None:
    event = QCloseEvent()
    QCoreApplication.sendEvent(kiosk.window, event)
    assert not event.isAccepted()
    assert kiosk.window.isVisible()


def test_fullscreen_kiosk_window_is_frameless_and_on_top(kiosk) -> None:
    from kiosk.lockdown import lock_window

    lock_window(kiosk.window, fullscreen=True)
    try:
        flags = kiosk.window.flags()
        assert flags & Qt.WindowType.FramelessWindowHint
        assert flags & Qt.WindowType.WindowStaysOnTopHint
        assert kiosk.window.visibility().name == "FullScreen"
    finally:
        kiosk.window.setProperty("kioskMode", False)
        assert not kiosk.window.flags() & Qt.WindowType.FramelessWindowHint
        kiosk.window.showNormal()
        kiosk.window.resize(1920, 1080)


def _visible_buttons(kiosk, root_name: str):
    from PySide6.QtQuick import QQuickItem

    root = item(kiosk, root_name)
    out, stack = [], [root]
    while stack:
        node: QQuickItem = stack.pop()
        if not node.isVisible():
            continue
        name = node.objectName()
        if name.startswith(("key_", "tile_")) or name.endswith("Button"):
            out.append(node)
        stack.extend(node.childItems())
    return out


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_layouts_fit_and_targets_are_large(kiosk, qtbot, size) -> None:
    from PySide6.QtCore import QPointF

    kiosk.window.resize(*size)
    qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    settle(250)
    mm = kiosk.window.screen().physicalDotsPerInch() / 25.4
    for screen, root in (("home", "homeScreen"), ("search", "searchScreen")):
        kiosk.nav.go(screen)
        settle(250)
        buttons = _visible_buttons(kiosk, root) + _visible_buttons(kiosk, "topBar")
        assert len(buttons) > 5
        for button in buttons:
            name = button.objectName()
            assert min(button.width(), button.height()) >= 9 * mm - 0.5, (screen, name)
            corner = button.mapToScene(QPointF(button.width(), button.height()))
            origin = button.mapToScene(QPointF(0, 0))
            assert origin.x() >= -0.5 and corner.x() <= size[0] + 0.5, (screen, name, size)
        keys = [b for b in buttons if b.objectName().startswith("key_")]
        if screen == "search":
            assert len(keys) >= 40
            rows: dict[int, list] = {}
            for key in keys:  # no two keys overlap
                rows.setdefault(round(key.mapToScene(QPointF(0, 0)).y()), []).append(key)
            for row in rows.values():
                spans = sorted((k.mapToScene(QPointF(0, 0)).x(), k.width()) for k in row)
                for (x1, w1), (x2, _) in itertools.pairwise(spans):
                    assert x1 + w1 <= x2 + 0.5
    portrait = size[1] > size[0]
    assert kiosk.state()["orientation"] == ("portrait" if portrait else "landscape")
    tiles = item(kiosk, "collectionTiles")
    assert tiles.property("columns") == (2 if portrait else tiles.property("columns"))


def test_large_text_and_high_contrast_switch_from_any_screen(kiosk) -> None:
    kiosk.visit.openItem(BOOK_ID)
    settle()
    title = item(kiosk, "detailTitle")
    size = title.property("font").pixelSize()
    tap(kiosk, "largeTextButton")
    assert kiosk.display.largeText
    assert title.property("font").pixelSize() > size * 1.2
    tap(kiosk, "contrastButton")
    assert kiosk.display.highContrast
    assert kiosk.window.property("color").name() == "#000000"


def test_english_translation_switches_every_string(kiosk) -> None:
    greeting = item(kiosk, "greeting")
    assert greeting.property("text") == "Xin chào! Hôm nay bạn muốn đọc gì?"
    kiosk.set_language("en")
    try:
        assert greeting.property("text") == "Hello! What would you like to read today?"
        names = [kiosk.collections.data(kiosk.collections.index(i, 0))
                 for i in range(kiosk.collections.rowCount())]
        assert "E-books" in names and "Just added" in names
    finally:
        kiosk.set_language("vi")
    assert greeting.property("text") == "Xin chào! Hôm nay bạn muốn đọc gì?"


def test_focus_is_visible_and_return_activates(kiosk) -> None:
    tile = item(kiosk, "tile_book")
    tile.forceActiveFocus()
    assert tile.hasActiveFocus()
    ring = kiosk.window.grabWindow()  # the focus ring is painted in the focus colour
    corner = tile.mapToScene(tile.boundingRect().topLeft()).toPoint()
    edge = ring.pixelColor(corner.x() + int(tile.width() / 2), corner.y() + 1).name()
    assert edge == "#2f6fde"
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(kiosk.window, QKeyEvent(kind, Qt.Key.Key_Return,
                                                           Qt.KeyboardModifier.NoModifier))
    assert kiosk.nav.screen == "browse" and kiosk.browse.kind == "book"


def test_attract_loop_shows_infographics_drawn_at_screen_size(kiosk, qtbot) -> None:
    from PySide6.QtCore import QSize

    model = kiosk.visit.attract_items
    role = next(r for r, name in model.roleNames().items() if bytes(name) == b"poster")
    posters = [model.data(model.index(row, 0), role) for row in range(model.rowCount())]
    assert any(p.startswith("image://poster/") for p in posters)
    provider = kiosk.engine.imageProvider("poster")
    poster_id = next(p for p in posters if p.startswith("image://poster/"))
    poster_id = poster_id.removeprefix("image://poster/")
    size = QSize()
    image = provider.requestImage(poster_id, size, QSize(900, 1200))
    assert not image.isNull()
    assert image.width() == 900 or image.height() == 1200  # fitted, not the 360 px cover
    assert (size.width(), size.height()) == (image.width(), image.height())
    broken = provider.requestImage("0" * 64 + "/", QSize(), QSize(900, 1200))
    assert (broken.width(), broken.height()) == (1, 1)  # no file, no cover: a blank pixel
    assert broken.pixelColor(0, 0).alpha() == 0


def test_covers_are_files_decoded_at_the_size_shown(kiosk, qtbot) -> None:
    """Covers load as files (no Python on Qt's loader thread), named with their ending
    and decoded at the card's width, so the renderer draws them 1:1."""
    from PySide6.QtCore import QUrl

    cards = [card for i in kiosk.catalog.items() if i.cover_sha256
             for card in kiosk.find_all("card_" + i.id) if card.isVisible()]
    assert cards  # the home shelves show covers
    for shown in cards:
        image = next(child for child in shown.childItems()[0].childItems()
                     if class_name(child).startswith("QQuickImage"))
        source = QUrl(image.property("source"))
        assert source.isLocalFile() and source.toLocalFile().endswith((".png", ".jpg"))
        want = math.ceil(shown.width())
        assert image.property("sourceSize").width() == want
        qtbot.waitUntil(lambda image=image, want=want: image.property("implicitWidth") == want,
                        timeout=5000)
