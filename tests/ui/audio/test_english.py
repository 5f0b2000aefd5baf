"""The listening controls in English: the buttons, the speed, the player's and banner's lines."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from ..english import english
from .harness import harness_window

pytestmark = pytest.mark.ui

HARNESS = b"""
import QtQuick
import QtQuick.Window
import "../components"

Window {
    id: window
    width: 1280; height: 600; visible: true
    Theme { id: theme; window: window.contentItem; family: fontFamily }
    Column {
        anchors.fill: parent; anchors.margins: 40; spacing: 30
        ListenButton { item: { "itemId": "tin-sang", "kind": "bulletin", "title": "Tin" } }
        PlayerControls { player: listenPlayer }
    }
}
"""


def test_listen_controls_speak_english(qtbot, make_player) -> None:
    from kiosk.app import find_item
    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import Schedule

    player = make_player(None)
    on_air = make_player(None, stop_on_reset=False)
    broadcast = BroadcastController(on_air, Schedule, ZoneInfo("UTC"))
    with english(), harness_window(HARNESS, "Harness.qml", listenPlayer=player) as window:
        root = window.contentItem()

        def text(name: str) -> str:
            return find_item(root, name).property("text")

        assert text("listenStart") == "Listen"
        assert text("listenBack") == "−10 s"
        assert text("listenForward") == "+10 s"
        assert text("listenToggle") == "Resume"
        assert text("listenSpeed") == "1.0×"  # English numbers: a point, not a comma
        player.playItem("tin-sang")  # this player has no catalog: nothing to read
        assert player.error == "This item cannot be read aloud."
        assert broadcast.banner == "News bulletin"
    assert broadcast.banner == "Bản tin"
    broadcast.stop()
