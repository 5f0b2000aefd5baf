"""Two "Nghe" buttons on one player: the controls go with the reading, not with a flag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.catalog import Item

from .harness import harness_window

pytestmark = pytest.mark.ui

HARNESS = b"""
import QtQuick
import QtQuick.Window
import "../components"

Window {
    id: window
    width: 1400; height: 900; visible: true
    color: theme.bg
    Theme { id: theme; window: window.contentItem; family: fontFamily }
    Column {
        anchors.fill: parent; anchors.margins: 40; spacing: 60
        Loader {
            objectName: "slotA"
            source: "ListenButton.qml"
            onLoaded: item.item = { "itemId": "tin-a", "kind": "bulletin", "title": "A" }
        }
        Loader {
            objectName: "slotB"
            source: "ListenButton.qml"
            onLoaded: item.item = { "itemId": "tin-b", "kind": "bulletin", "title": "B" }
        }
        Loader {
            objectName: "slotEmpty"
            source: "ListenButton.qml"
            onLoaded: item.item = { "itemId": "tin-c", "kind": "bulletin", "title": "C",
                                    "hasText": false }
        }
    }
}
"""


@pytest.fixture
def window(qtbot, make_player, speech, catalog) -> Iterator[tuple[object, object]]:
    sentence = "Bà con chú ý nghe thông báo của xã về lịch họp thôn. "
    catalog.put(Item(id="tin-a", title="Tin A", kind="bulletin", body=sentence * 6))
    catalog.put(Item(id="tin-b", title="Tin B", kind="bulletin", body=sentence * 6))
    player = make_player(speech, catalog=catalog)
    player.set_available(True)
    with harness_window(HARNESS, "TwoButtons.qml", listenPlayer=player) as root:
        yield root, player


def _slot(root, slot: str):
    from PySide6.QtQuick import QQuickItem

    return root.findChild(QQuickItem, slot).childItems()[0]  # the loaded ListenButton


def _part(root, slot: str, name: str):
    from kiosk.app import find_item

    found = find_item(_slot(root, slot), name)
    assert found is not None, (slot, name)
    return found


def _tap(qtbot, root, item) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt

    assert item.isVisible()
    c = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    qtbot.mouseClick(root, Qt.MouseButton.LeftButton, pos=QPoint(int(c.x()), int(c.y())))


def test_starting_another_reading_moves_the_controls_to_it(qtbot, window) -> None:
    root, player = window
    _tap(qtbot, root, _part(root, "slotA", "listenStart"))
    qtbot.waitUntil(lambda: player.playing, timeout=20_000)
    assert _part(root, "slotA", "listenControls").isVisible()
    # "Nghe" on B while A plays: the player stops A (briefly idle) and starts B
    _tap(qtbot, root, _part(root, "slotB", "listenStart"))
    qtbot.waitUntil(lambda: player.playing and player.title == "Tin B", timeout=20_000)
    assert _part(root, "slotB", "listenControls").isVisible()
    assert not _part(root, "slotB", "listenStart").isVisible()
    assert _part(root, "slotA", "listenStart").isVisible()  # A is over: its "Nghe" is back
    assert not _part(root, "slotA", "listenControls").isVisible()
    assert player.readingItem == "tin-b"
    _tap(qtbot, root, _part(root, "slotB", "listenStop"))
    assert player.state == "idle"
    assert _part(root, "slotB", "listenStart").isVisible()


def test_an_item_with_no_text_has_no_listen_button(qtbot, window) -> None:
    root, _ = window
    empty, with_text = _slot(root, "slotEmpty"), _slot(root, "slotA")
    assert with_text.isVisible()  # "hasText" unknown (not in the map): offered
    assert not empty.isVisible()  # "hasText": false (an empty bulletin): nothing to fail on
