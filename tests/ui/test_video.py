"""A video item plays in the reader with large controls (QtMultimedia, no sound card needed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from library.catalog import Item

from .conftest import BOOK_ID, item, settle, tap
from .english import english

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
    assert not kiosk.catalog.get(video_item).broken  # a video that plays is not flagged
    kiosk.reader.mediaFailed("not decodable")  # the slot flags only the video on screen
    assert kiosk.catalog.get(video_item).broken
    kiosk.visit.home()
    kiosk.reader.mediaFailed("not decodable")
    assert kiosk.catalog.get(BOOK_ID).broken is False


def shown(kiosk, name: str) -> bool:
    found = kiosk.find(name)
    return found is not None and found.isVisible()


def put_media(kiosk, path: Path, item_id: str, kind: str, media_type: str) -> str:
    sha, size = kiosk.catalog.objects.add_file(path)
    kiosk.catalog.put(Item(id=item_id, title="Tệp hỏng thử", kind=kind, sha256=sha, size=size,
                           media_type=media_type, filename=path.name))
    return item_id


# The decoder's complaints about the junk file must not reach pytest-qt's message handler
# while the GUI thread waits on the player (see tests/ui/audio/conftest.py).
@pytest.mark.no_qt_log
def test_undecodable_video_says_so_and_leads_back(kiosk, qtbot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from library.documents import api

    flagged: list[str] = []
    mark_broken = api.mark_broken

    def counting(catalog, item_id: str) -> None:
        flagged.append(item_id)
        mark_broken(catalog, item_id)

    monkeypatch.setattr(api, "mark_broken", counting)
    junk = tmp_path / "le-hoi.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 80)
    item_id = put_media(kiosk, junk, "video-junk", "video", "video/mp4")
    try:
        kiosk.visit.openItem(item_id)
        kiosk.visit.read(item_id, 0)
        qtbot.waitUntil(lambda: shown(kiosk, "videoFailed"), timeout=15000)
        settle(300)
        assert item(kiosk, "videoFailedText").property("text") == (
            "Video này tạm thời chưa phát được. Mời bạn chọn mục khác.")  # a video's own words
        assert not item(kiosk, "videoPlay").property("enabled")  # no button that does nothing
        # Flagged for the librarian, as a document that cannot open is, and only once.
        qtbot.waitUntil(lambda: kiosk.catalog.get(item_id).broken, timeout=5000)
        kiosk.reader.mediaFailed("again")
        assert flagged == [item_id]
        # The way back speaks of an item, as the card does, not of a "document".
        assert item(kiosk, "videoFailedBack").property("text") == "Chọn mục khác"
        with english():
            kiosk.engine.retranslate()
            settle()
            assert item(kiosk, "videoFailedBack").property("text") == "Choose something else"
        kiosk.engine.retranslate()
        settle()
        assert item(kiosk, "videoFailedBack").property("text") == "Chọn mục khác"
        tap(kiosk, "videoFailedBack")
        qtbot.waitUntil(lambda: kiosk.nav.screen == "detail", timeout=5000)
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove(item_id)


@pytest.mark.no_qt_log
def test_recording_in_the_player_shows_its_icon_not_a_black_box(kiosk, qtbot,
                                                                 tmp_path: Path) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    tone = tmp_path / "ban-tin.wav"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=3", str(tone)], check=True, timeout=60)
    item_id = put_media(kiosk, tone, "audio-tone", "audio", "audio/wav")
    try:
        kiosk.visit.read(item_id, 0)
        qtbot.waitUntil(lambda: shown(kiosk, "videoSoundOnly"), timeout=15000)
        assert not shown(kiosk, "videoFailed")
        assert not kiosk.catalog.get(item_id).broken
        assert item(kiosk, "videoPlay").property("enabled")
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove(item_id)


def test_a_playing_video_is_not_cut_off_by_the_idle_reset(kiosk, video_item, qtbot) -> None:
    kiosk.visit.openItem(video_item)
    kiosk.visit.read(video_item, 0)
    qtbot.waitUntil(lambda: kiosk.find("videoPlay") is not None, timeout=10000)
    play = item(kiosk, "videoPlay")
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=10000)  # playing
    kiosk.idle.idle_timer.timeout.emit()  # the visitor has watched without touching
    assert kiosk.nav.screen == "reader" and kiosk.reader.mode == "video"
    assert kiosk.idle.idle_timer.isActive()  # the countdown starts over
    settle(300)
    play = item(kiosk, "videoPlay")
    tap(kiosk, "videoPlay")  # paused, then left: the next idle time resets
    qtbot.waitUntil(lambda: play.property("icon") == "play", timeout=5000)
    kiosk.idle.idle_timer.timeout.emit()
    assert kiosk.nav.screen == "home"



def test_video_seek_bar_is_drawn_in_the_theme_colours(kiosk, video_item, qtbot) -> None:
    """The seek bar is the reader's slider: its played part and the rest of its track stand
    out from the control bar in both modes (the style's own dark grey vanished on the
    high-contrast black), and its knob is large."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor

    from .test_look import ratio

    kiosk.window.resize(1366, 768)
    for high_contrast in (False, True):
        kiosk.display.highContrast = high_contrast
        kiosk.visit.read(video_item, 0)
        qtbot.waitUntil(lambda: shown(kiosk, "videoSeekPlayed"), timeout=10000)
        settle(300)
        seek = item(kiosk, "videoSeek")
        bar_colour = seek.parentItem().parentItem().property("color")
        played = item(kiosk, "videoSeekPlayed")
        assert ratio(played.property("color"), bar_colour) >= 3
        # The track still to play, as painted: in high contrast some of it stands out from
        # the bar (in the light mode the knob and the played part mark the slider).
        track = item(kiosk, "videoSeekTrack")
        handle = item(kiosk, "videoSeekHandle")
        assert handle.height() >= 0.6 * seek.height()
        top_left = track.mapToScene(QPointF(0, 0))
        image = kiosk.window.grabWindow()
        start = int(handle.mapToScene(QPointF(handle.width(), 0)).x()) + 4
        end = int(top_left.x() + track.width()) - 4
        assert end > start + 20
        best = max(ratio(QColor(image.pixel(x, int(top_left.y() + dy))), bar_colour)
                   for x in range(start, end, 7) for dy in range(int(track.height()) + 1))
        assert best >= 3 or not high_contrast
        kiosk.visit.home()
    kiosk.display.reset()
