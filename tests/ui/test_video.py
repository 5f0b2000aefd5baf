"""A video item plays in the reader with large controls (QtMultimedia, no sound card needed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from library.catalog import Item

from .conftest import item, settle, tap

pytestmark = pytest.mark.ui


@pytest.fixture
def video_item(kiosk, tmp_path: Path) -> str:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=5:duration=30", "-pix_fmt", "yuv420p", str(clip)],
                   check=True, timeout=60)
    sha, size = kiosk.catalog.objects.add_file(clip)
    kiosk.catalog.put(Item(id="video-clip", title="Video hướng dẫn", kind="video", sha256=sha,
                           size=size, media_type="video/mp4", filename="clip.mp4"))
    yield "video-clip"
    kiosk.visit.home()
    kiosk.catalog.remove("video-clip")


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
