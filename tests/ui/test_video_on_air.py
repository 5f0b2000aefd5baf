"""A video waits while a scheduled bulletin is on air, and carries on after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import item, settle, tap

# Without pytest-qt's message capture (a Python handler): see tests/ui/audio/conftest.py.
pytestmark = [pytest.mark.ui, pytest.mark.no_qt_log]


def _on_air_class() -> type:
    from PySide6.QtCore import Property, QObject, Signal

    class OnAir(QObject):
        """What VideoPlayer.qml reads of kiosk.audio.BroadcastController: active, pauseOthers."""

        changed = Signal()
        pauseOthers = Signal()

        def __init__(self) -> None:
            super().__init__()
            self._active = False

        def _p_active(self) -> bool:
            return self._active

        active = Property(bool, _p_active, notify=changed)

        def go(self, on: bool) -> None:
            if on:
                self.pauseOthers.emit()  # as the controller does, before it is active
            self._active = on
            self.changed.emit()

    return OnAir


@pytest.fixture
def on_air(kiosk) -> Iterator[object]:
    broadcast = _on_air_class()()
    kiosk.engine.rootContext().setContextProperty("broadcast", broadcast)
    yield broadcast
    broadcast.go(False)


def test_video_is_held_during_a_bulletin(kiosk, on_air, video_item, qtbot) -> None:
    kiosk.visit.read(video_item, 0)
    qtbot.waitUntil(lambda: kiosk.find("videoPlay") is not None, timeout=10_000)
    settle(300)
    play = item(kiosk, "videoPlay")
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=10_000)  # playing
    on_air.go(True)
    qtbot.waitUntil(lambda: play.property("icon") == "play", timeout=5_000)  # paused
    assert not play.isEnabled()
    assert item(kiosk, "videoHeld").isVisible()
    tap(kiosk, "videoPlay")  # the visitor cannot play over the bulletin
    settle()
    assert play.property("icon") == "play"
    on_air.go(False)
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=5_000)  # it carries on
    assert play.isEnabled() and not item(kiosk, "videoHeld").isVisible()


def test_a_video_opened_on_air_waits_for_the_end(kiosk, on_air, video_item, qtbot) -> None:
    on_air.go(True)
    kiosk.visit.read(video_item, 0)
    qtbot.waitUntil(lambda: kiosk.find("videoPlay") is not None, timeout=10_000)
    settle(500)
    play = item(kiosk, "videoPlay")
    assert play.property("icon") == "play" and not play.isEnabled()
    on_air.go(False)
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=5_000)
