"""«Nghe» with no room left for the reading: a calm line for the visitor, the reason for
the librarian (once in «Lỗi gần đây», not once per tap)."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest

from library.paths import DataPaths
from library.report import recent_errors
from library.speech import loudness
from library.speech import reading as reading_module

from ..english import english

pytestmark = pytest.mark.ui

NO_ROOM = "No space left on device"


@pytest.fixture
def full_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading's audio finds the disk full (and so does the calibration)."""
    def full(path: Path, *args: object) -> None:
        raise OSError(errno.ENOSPC, NO_ROOM)

    monkeypatch.setattr(reading_module, "write_wav", full)
    monkeypatch.setattr(loudness, "write_json", full)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "kiosk.audio.player" and r.levelno >= logging.WARNING]


def test_the_visitor_hears_nothing_of_a_disk_and_the_librarian_reads_it_once(
        qtbot, make_player, speech, full_cache, caplog: pytest.LogCaptureFixture) -> None:
    player = make_player(speech)
    for text in ("Xin chào bà con.", "Giá lúa hôm nay tăng nhẹ.", "Xin chào bà con."):
        with qtbot.waitSignal(player.finished, timeout=20_000):
            player.playText("", text)
        assert player.state == "error"
        assert player.error == "Không đọc được văn bản thành tiếng."  # no «Đĩa đã đầy»
    [warned] = warnings_of(caplog)  # three taps, one line
    assert warned.startswith("speech: cannot write ") and warned.endswith(NO_ROOM)


def test_once_a_reading_plays_a_disk_full_again_is_said_again(
        qtbot, make_player, speech, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.audio import player as player_module

    monkeypatch.setattr(player_module, "SPARE_RETRY_S", 0.0)  # every reading tries the disk
    write_wav = reading_module.write_wav
    player = make_player(speech)
    room = [False]

    def sometimes_full(path: Path, *args: object) -> None:
        if not room[0]:
            raise OSError(errno.ENOSPC, NO_ROOM)
        write_wav(path, *args)

    monkeypatch.setattr(reading_module, "write_wav", sometimes_full)
    for free, text in ((False, "Câu một."), (True, "Câu hai."), (False, "Câu ba.")):
        room[0] = free
        with qtbot.waitSignal(player.finished, timeout=20_000):
            player.playText("", text)
    assert len(warnings_of(caplog)) == 2


def test_the_reason_reaches_the_health_screens_recent_errors(
        qtbot, make_player, speech, full_cache, tmp_path: Path) -> None:
    from library.logfile import station_log

    paths = DataPaths(tmp_path / "data").ensure()
    with station_log(paths, "kiosk"):  # as `cafesach run` keeps its warnings
        player = make_player(speech)
        with qtbot.waitSignal(player.finished, timeout=20_000):
            player.playText("", "Xin chào bà con.")
    [line] = recent_errors(paths)
    assert " WARNING kiosk.audio.player: speech: cannot write " in line
    assert line.endswith(NO_ROOM)


def test_the_line_in_english(qtbot, make_player, speech, full_cache) -> None:
    player = make_player(speech)
    with english():
        with qtbot.waitSignal(player.finished, timeout=20_000):
            player.playText("", "Xin chào.")
        assert player.error == "The text cannot be read aloud."


def test_a_reading_the_full_disk_cannot_take_is_played_from_memory(
        qtbot, make_player, speech, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Only the station's cache is full: «Nghe» reads from memory, said once in the log,
    and the next readings go to memory at once (no sentence made twice)."""
    write_wav = reading_module.write_wav
    tried_on_disk: list[Path] = []

    def cache_full(path: Path, *args: object) -> None:
        if path.is_relative_to(speech.cache_dir):
            tried_on_disk.append(path)
            raise OSError(errno.ENOSPC, NO_ROOM)
        write_wav(path, *args)

    monkeypatch.setattr(reading_module, "write_wav", cache_full)
    player = make_player(speech)
    for text in ("Xin chào bà con.", "Giá lúa hôm nay tăng nhẹ."):
        with qtbot.waitSignal(player.finished, timeout=30_000):
            player.playText("", text)
            qtbot.waitUntil(lambda: player.state == "playing", timeout=20_000)
        assert player.error == ""
    assert len(tried_on_disk) == 1  # the second reading went to memory at once
    [warned] = warnings_of(caplog)
    assert warned.startswith("speech: cannot write ") and warned.endswith(NO_ROOM)
    assert not any(speech.cache_dir.rglob("*.wav"))


def test_a_recorded_bulletin_the_full_disk_cannot_take_is_played_from_memory(
        qtbot, make_player, speech, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Its normalised copy goes to memory: the loudspeaker and «Nghe» still play it."""
    from .test_player import quiet_recording

    mp3 = quiet_recording(tmp_path / "tin.mp3", 1.0)
    cache = tmp_path / "cache"
    write_wav = loudness.write_wav

    def cache_full(path: Path, *args: object) -> None:
        if path.is_relative_to(cache):
            raise OSError(errno.ENOSPC, NO_ROOM)
        write_wav(path, *args)

    monkeypatch.setattr(loudness, "write_wav", cache_full)
    player = make_player(speech, recordings_dir=cache)
    for _time in range(2):
        with qtbot.waitSignal(player.finished, timeout=30_000):
            player.playRecording("Bản tin thu sẵn", str(mp3))
        assert player.state == "idle" and player.error == ""  # played to its end
    assert not list(cache.rglob("*.wav"))
    [warned] = warnings_of(caplog)
    assert warned.startswith("speech: cannot write ") and warned.endswith(NO_ROOM)



def test_a_reading_the_disk_fails_midway_goes_on_from_memory_not_from_its_start(
        qtbot, make_player, speech, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its first sentence still found room on the disk, the second did not (the disk
    filled, or a visitor before stopped there): the rest is read into memory from the
    second sentence on; the first is not made again, so the visitor hears no jump back."""
    write_wav = reading_module.write_wav
    written: list[Path] = []

    def full_after_one(path: Path, *args: object) -> None:
        if path.is_relative_to(speech.cache_dir) and path.name != "0000.wav":
            raise OSError(errno.ENOSPC, NO_ROOM)
        write_wav(path, *args)
        written.append(path)

    monkeypatch.setattr(reading_module, "write_wav", full_after_one)
    player = make_player(speech)
    with qtbot.waitSignal(player.finished, timeout=30_000):
        player.playText("", "Bà con chú ý. Giá lúa hôm nay tăng nhẹ. Chợ họp đến trưa.")
    assert player.state == "idle" and player.error == ""  # played to its end
    assert [(p.name, p.is_relative_to(speech.cache_dir)) for p in written] == [
        ("0000.wav", True), ("0001.wav", False), ("0002.wav", False)]


def test_a_voice_saved_meanwhile_leaves_no_old_readings_in_memory(
        qtbot, make_player, speech, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The memory folder of the voice before goes when the new voice needs one of its own
    (it would hold up to 64 MB of memory until the kiosk stops)."""
    from library.speech.reading import Speech

    write_wav = reading_module.write_wav

    def cache_full(path: Path, *args: object) -> None:
        if path.is_relative_to(speech.cache_dir):
            raise OSError(errno.ENOSPC, NO_ROOM)
        write_wav(path, *args)

    monkeypatch.setattr(reading_module, "write_wav", cache_full)
    caplog.set_level(logging.INFO, logger="kiosk.audio.player")
    player = make_player(speech)
    for voice in (speech, Speech(speech.cache_dir, speech.worker, voice="vi", rate=300)):
        player.set_speech(voice)
        with qtbot.waitSignal(player.finished, timeout=30_000):
            player.playText("", "Xin chào bà con.")
        assert player.error == ""
    folders = [Path(r.getMessage().rpartition("(")[2].rstrip(")")) for r in caplog.records
               if "kept in memory" in r.getMessage()]
    assert len(folders) == 2 and folders[0] != folders[1]
    assert not folders[0].exists() and any(folders[1].rglob("*.wav"))
