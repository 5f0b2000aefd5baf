"""The speech cache over a station's long life: readings of older rules, recorded
bulletins' copies, and a disk that fills up."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from library.speech import Speech, SpeechWorker, loudness
from library.speech import reading as reading_module
from library.speech.reading import CACHE_VERSION, RULES_VERSION, prune_cache


@pytest.fixture
def speech(tmp_path: Path, espeak_worker: SpeechWorker) -> Speech:
    return Speech(tmp_path / "speech", espeak_worker, voice="vi", rate=170)


def _old_reading(cache: Path, name: str, manifest: dict, size: int = 1000) -> Path:
    folder = cache / name
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "0000.wav").write_bytes(b"\0" * size)
    return folder


def test_readings_of_older_rules_go_whatever_the_cap(tmp_path: Path) -> None:
    cache = tmp_path / "speech"
    current = _old_reading(cache, "now", {"version": CACHE_VERSION, "rules": RULES_VERSION})
    older_rules = _old_reading(cache, "rules", {"version": CACHE_VERSION,
                                                 "rules": RULES_VERSION - 1})
    older_layout = _old_reading(cache, "layout", {"version": CACHE_VERSION - 1})
    assert prune_cache(cache, 10**9) > 0
    assert current.exists() and not older_rules.exists() and not older_layout.exists()


def test_the_manifest_names_the_rules(speech: Speech) -> None:
    reading = speech.prepare("Xin chào bà con.")
    manifest = json.loads((reading.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rules"] == RULES_VERSION and manifest["version"] == CACHE_VERSION
    assert prune_cache(speech.cache_dir, 10**9) == 0 and reading.folder.exists()


def test_recorded_copies_count_towards_the_cap(tmp_path: Path) -> None:
    cache = tmp_path / "speech"
    recorded = cache / "recorded"
    recorded.mkdir(parents=True)
    old, new = recorded / "old.wav", recorded / "new.wav"
    old.write_bytes(b"\0" * 5000)
    new.write_bytes(b"\0" * 5000)
    os.utime(old, (1_000_000, 1_000_000))
    assert prune_cache(cache, 6000) == 5000
    assert new.exists() and not old.exists()


def test_a_recorded_copy_played_again_is_kept_longest(tmp_path: Path) -> None:
    import wave

    source = tmp_path / "tin.wav"
    with wave.open(str(source), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(48000)
        wf.writeframes(b"\x10\x00\xf0\xff" * 4800)
    cache = tmp_path / "speech"
    copy = loudness.normalized_recording(source, cache)
    os.utime(copy, (1_000_000, 1_000_000))
    assert loudness.normalized_recording(source, cache) == copy
    assert copy.stat().st_mtime > 1_000_000


def test_a_full_disk_makes_room_from_other_readings(
        speech: Speech, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    other = speech.prepare("Giá lúa hôm nay tăng nhẹ.")
    speech.sentence(other, 0)
    os.utime(other.folder / "manifest.json", (1_000_000, 1_000_000))  # read long ago
    write_wav = reading_module.write_wav
    failures = []

    def full_until_room(path: Path, *args: object) -> None:
        if other.folder.exists():  # the disk is full while the older reading is there
            failures.append(path)
            raise OSError(errno.ENOSPC, "No space left on device")
        write_wav(path, *args)

    monkeypatch.setattr(reading_module, "write_wav", full_until_room)
    reading = speech.prepare("Xin chào bà con.")
    audio = speech.sentence(reading, 0)
    assert failures and audio.wav.exists() and not other.folder.exists()
    assert "disk is full" in caplog.text


def test_what_a_cut_write_left_goes_once_old(tmp_path: Path) -> None:
    cache = tmp_path / "speech"
    cache.mkdir()
    empty = cache / "0123abcd"  # the disk filled up before its manifest was written
    empty.mkdir()
    (empty / ".0000.wav.x1y2.tmp").write_bytes(b"\0" * 100)
    tmp = cache / ".calibration.json.a1b2.tmp"  # killed while writing
    tmp.write_bytes(b"{")
    young = cache / "4567efgh"  # being prepared right now
    young.mkdir()
    for old in (empty, tmp):
        os.utime(old, (1_000_000, 1_000_000))
    prune_cache(cache, 10**9)
    assert not empty.exists() and not tmp.exists() and young.exists()


def test_older_readings_go_before_the_disk_fills(
        speech: Speech, monkeypatch: pytest.MonkeyPatch) -> None:
    from library import paths

    other = speech.prepare("Giá lúa hôm nay tăng nhẹ.")
    speech.sentence(other, 0)
    os.utime(other.folder / "manifest.json", (1_000_000, 1_000_000))  # read long ago
    on_air = speech.prepare("Thông báo của loa xã.")  # the other player reads it now
    speech.sentence(on_air, 0)
    usage = shutil.disk_usage(speech.cache_dir)
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda _path: usage._replace(free=paths.DISK_RESERVE_BYTES - 1))
    reading = speech.prepare("Xin chào bà con.")
    assert speech.sentence(reading, 0).wav.exists()
    assert not other.folder.exists()
    assert speech.cached(on_air, 0) is not None  # its next sentences still play


def test_speak_keeps_the_cache_within_its_setting(tmp_path: Path) -> None:
    from kiosk.main import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text("[speech]\ncache_mb = 0\n", encoding="utf-8")
    for n, text in enumerate(("Xin chào bà con.", "Giá lúa hôm nay tăng nhẹ.")):
        assert main(["--data", str(data), "speak", "--text", text,
                     "-o", str(tmp_path / f"{n}.wav")]) == 0
    readings = [f for f in (data / "cache" / "speech").iterdir() if f.is_dir()]
    assert len(readings) == 1  # the one just read; the earlier one was trimmed
    assert (tmp_path / "0.wav").exists() and (tmp_path / "1.wav").exists()
