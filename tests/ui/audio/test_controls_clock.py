"""The listening controls' clock reads as every clock of the kiosk: hours past the hour."""

from __future__ import annotations

import pytest

from .harness import harness_window

pytestmark = pytest.mark.ui

HARNESS = b"""
import QtQuick
import QtQuick.Window
import "../components"

Window {
    id: window
    width: %d; height: %d; visible: true
    color: theme.bg
    Theme { id: theme; window: window.contentItem; family: fontFamily }
    QtObject {  // the names PlayerControls reads of a ListenPlayer
        id: recording
        objectName: "recording"
        property real positionMs: 0
        property real durationMs: 0
        property bool held: false
        property bool playing: true
        property string state: "playing"
        property real speed: 1.0
    }
    PlayerControls { objectName: "controls"; x: 40; y: 40; player: recording }
}
"""


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_a_position_past_an_hour_shows_the_hours(qtbot, size: tuple[int, int]) -> None:
    from PySide6.QtCore import QObject

    from kiosk.app import find_item

    with harness_window(HARNESS % size, "ClockHarness.qml") as window:
        root = window.contentItem()
        recording = window.findChild(QObject, "recording")
        clock = find_item(root, "listenClock")
        recording.setProperty("durationMs", 95_400)
        recording.setProperty("positionMs", 59_900)  # whole seconds gone by: not yet 1:00
        assert clock.property("text") == "0:59 / 1:35"
        recording.setProperty("durationMs", 4_200_000)
        recording.setProperty("positionMs", 3_900_000)
        assert clock.property("text") == "1:05:00 / 1:10:00"  # not "65:00 / 70:00"
        # The longer line still fits under the buttons, and the buttons on the screen.
        controls = find_item(root, "controls")
        assert clock.property("implicitWidth") <= controls.property("width")
        assert 40 + controls.property("width") <= size[0]
