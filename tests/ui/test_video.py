"""A video item plays in the reader with large controls (QtMultimedia, no sound card needed)."""

from __future__ import annotations

import pytest

from .conftest import item, settle, tap

# Qt's message capture stays on here: the test clip has no sound track, so no audio
# thread starts that could log while the GUI thread waits for it (tests/ui/audio/conftest.py).
pytestmark = pytest.mark.ui


def test_video_plays_with_large_controls(kiosk, video_item, qtbot) -> None:
    kiosk.visit.read(video_item, 0)
    assert kiosk.reader.mode == "video"
    assert kiosk.reader.mediaUrl.toLocalFile().endswith(kiosk.catalog.get(video_item).sha256[2:])
    qtbot.waitUntil(lambda: kiosk.find("videoPlay") is not None, timeout=10000)
    settle(300)
    play = item(kiosk, "videoPlay")
    assert play.height() >= kiosk.find("homeButton").height()
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=10000)  # it is playing
    tap(kiosk, "videoPlay")
    qtbot.waitUntil(lambda: play.property("icon") == "play", timeout=5000)  # paused
