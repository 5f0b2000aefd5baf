"""Loudness: recorded MP3/OGG/WAV and synthesised speech end at −16 LUFS (±1 LU)."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from library.errors import SpeechError
from library.speech.loudness import (
    TARGET_LUFS,
    decode,
    gain_to_target,
    integrated_lufs,
    measure_file,
    normalized_recording,
    voice_gain,
)
from library.speech.worker import SpeechWorker

pytestmark = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is in APT_PACKAGES")


def _recording(tmp_path: Path, name: str, level_db: float) -> Path:
    """A 6 s voice-like recording (a warbling tone with pauses), made by ffmpeg."""
    out = tmp_path / name
    source = ("aevalsrc='0.5*sin(2*PI*(300+80*sin(2*PI*3*t))*t)*gt(sin(2*PI*0.7*t),-0.3)'"
              ":s=44100:d=6")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source,
                    "-af", f"volume={level_db}dB", str(out)], check=True)
    return out


@pytest.mark.parametrize(("name", "level"), [("quiet.mp3", -18.0), ("loud.ogg", 4.0),
                                             ("plain.wav", -12.0)])
def test_recorded_files_are_brought_to_target(tmp_path: Path, name: str, level: float) -> None:
    source = _recording(tmp_path, name, level)
    before = measure_file(source)
    assert abs(before - TARGET_LUFS) > 2  # the fixture really is off target
    out = normalized_recording(source, tmp_path / "cache")
    with wave.open(str(out)) as wf:
        pcm, rate = wf.readframes(wf.getnframes()), wf.getframerate()
    assert abs(integrated_lufs(pcm, rate) - TARGET_LUFS) <= 1.0
    assert normalized_recording(source, tmp_path / "cache") == out  # cached


@pytest.mark.parametrize("content", [b"", b"ID3\x03\x00garbage" + bytes(range(256)) * 20,
                                     b"OggS" + b"\x00" * 500])
def test_corrupt_audio_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bulletin.mp3"
    bad.write_bytes(content)
    with pytest.raises(SpeechError, match=r"bulletin\.mp3: not a playable audio file") as info:
        normalized_recording(bad, tmp_path / "cache")
    assert info.value.message_vi == "Tệp âm thanh bị hỏng."
    assert not (tmp_path / "cache" / "recorded").exists() or \
        not list((tmp_path / "cache" / "recorded").iterdir())


def test_an_undecodable_recording_names_itself_once(tmp_path: Path) -> None:
    """ffmpeg's complaint began with the file's whole path again; the line is said as a
    media file's is (`media.tool_reason`): the name once, the reason in brackets."""
    bad = tmp_path / "bulletin.mp3"
    bad.write_bytes(b"OggS" + b"\x00" * 500)
    with pytest.raises(SpeechError) as info:
        decode(bad)
    line = str(info.value)
    assert line.startswith("bulletin.mp3: not a playable audio file (") and line.endswith(")")
    assert str(tmp_path) not in line and "\n" not in line


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="no such audio file"):
        decode(tmp_path / "none.ogg")


def test_silence_gets_no_gain() -> None:
    assert integrated_lufs(b"\x00\x00" * 48000, 48000) == float("-inf")
    assert gain_to_target(float("-inf")) == 0.0
    assert gain_to_target(-60.0) == 24.0  # capped


def test_voice_gain_is_measured_once_and_stored(tmp_path: Path,
                                               espeak_worker: SpeechWorker) -> None:
    gain = voice_gain(espeak_worker, tmp_path, voice="vi-vn-x-south", rate=150, volume=1.0)
    assert -24 <= gain <= 24
    stored = (tmp_path / "calibration.json").read_text()
    assert "vi-vn-x-south|150|1|-16" in stored
    assert voice_gain(None, tmp_path, voice="vi-vn-x-south", rate=150,  # type: ignore[arg-type]
                      volume=1.0) == pytest.approx(gain, abs=0.001)


def test_a_full_cache_for_a_recording_is_a_storage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from library.errors import StorageError
    from library.speech import loudness

    def full(path: Path, *args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    source = _recording(tmp_path, "tin.ogg", -12.0)
    monkeypatch.setattr(loudness, "write_wav", full)
    with pytest.raises(StorageError, match=r"cannot write .*recorded.*\.wav: No space left"):
        normalized_recording(source, tmp_path / "cache")
