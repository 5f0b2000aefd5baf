"""The QML parts: the "Nghe" button in its Loader slot, read-along text, word boxes, banner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import harness_window

pytestmark = pytest.mark.ui

HARNESS = b"""
import QtQuick
import QtQuick.Window
import "../components"

Window {
    id: window
    width: 1280; height: 900; visible: true
    color: theme.bg
    Theme { id: theme; window: window.contentItem; family: fontFamily }
    Column {
        anchors.fill: parent; anchors.margins: 40; spacing: 30
        Loader {
            id: slot
            objectName: "slot"
            source: "ListenButton.qml"
            onLoaded: item.item = { "itemId": "tin-sang", "kind": "bulletin", "title": "Tin" }
        }
        Rectangle {
            objectName: "pageImage"
            width: 300; height: 400; color: "white"; border.color: "grey"
            SpokenWordBoxes { anchors.fill: parent }
        }
    }
    BroadcastBanner { objectName: "banner"; anchors.bottom: parent.bottom }
}
"""


@pytest.fixture
def window(qtbot, make_player, speech, catalog) -> Iterator[tuple[object, object]]:
    from kiosk.audio.broadcast import BroadcastController
    from library.catalog import Item
    from library.schedule import Schedule

    catalog.put(Item(id="tin-sang", title="Tin buổi sáng", kind="bulletin",
                     body="Ngày 10/8/2021, UBND xã thông báo lịch tiêm phòng cho đàn gia súc."))
    player = make_player(speech, catalog=catalog)
    player.set_available(True)
    on_air = make_player(speech, catalog=catalog, stop_on_reset=False)
    broadcast = BroadcastController(on_air, Schedule, __import__("zoneinfo").ZoneInfo("UTC"),
                                    catalog=catalog)
    with harness_window(HARNESS, "Harness.qml", listenPlayer=player,
                        broadcast=broadcast) as root:
        yield root, player
    broadcast.stop()


def _find(root, name: str):
    from PySide6.QtCore import QObject

    found = root.findChild(QObject, name)
    assert found is not None, name
    return found


def _tap(qtbot, window, item) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt

    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()),
                                                                   int(centre.y())))


def test_listen_button_plays_with_read_along(qtbot, window, tmp_path: Path) -> None:
    win, player = window
    start = _find(win, "listenStart")
    assert start.property("visible") and start.property("text") == "Nghe"
    _tap(qtbot, win, start)
    qtbot.waitUntil(lambda: player.playing, timeout=20_000)
    assert player.title == "Tin buổi sáng"
    qtbot.waitUntil(lambda: player.currentWord == "UBND", timeout=20_000)
    assert _find(win, "listenControls").property("visible")
    body = _find(win, "readAlongBody")
    assert ">UBND</span>" in body.property("text")
    assert win.grabWindow().save(str(tmp_path / "listen.png"))  # renders without errors
    _tap(qtbot, win, _find(win, "listenToggle"))  # pause
    assert player.state == "paused"
    _tap(qtbot, win, _find(win, "listenSpeed"))
    assert player.speed == 1.25
    _tap(qtbot, win, _find(win, "listenStop"))
    assert player.state == "idle"
    qtbot.waitUntil(lambda: _find(win, "listenStart").property("visible"), timeout=2_000)


def test_listen_button_hides_without_a_voice(qtbot, window) -> None:
    win, player = window
    player.set_available(False)
    assert not _find(win, "listenButton").property("visible")


def test_word_boxes_follow_the_player(qtbot, window) -> None:
    win, player = window
    layer = _find(win, "spokenWordBoxes")

    def boxes() -> list:
        return [c for c in layer.childItems() if c.objectName() == "spokenWordBox"]

    player._boxes = [{"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.05}]
    player.wordChanged.emit()
    qtbot.waitUntil(lambda: len(boxes()) == 1, timeout=2_000)
    assert boxes()[0].x() == pytest.approx(0.1 * 300 - 3)
    assert boxes()[0].width() == pytest.approx(0.3 * 300 + 6)
    player._boxes = []
    player.wordChanged.emit()
    qtbot.waitUntil(lambda: not boxes(), timeout=2_000)


def test_banner_shows_while_on_air(qtbot, window) -> None:
    win, _ = window
    banner = _find(win, "banner")
    assert not banner.property("visible")
    broadcast = banner.property("controller")
    broadcast.playNow("tin-sang")
    qtbot.waitUntil(lambda: banner.property("visible"), timeout=5_000)
    assert _find(win, "broadcastTitle").property("text") == "Bản tin: Tin buổi sáng"
    broadcast.stop()
    assert not banner.property("visible")
