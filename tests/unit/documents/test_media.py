"""Video and audio: duration and poster frame through ffprobe/ffmpeg (no Qt, no MuPDF)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from library.documents import media
from library.errors import DocumentError
from library.extract import extract

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args], check=True, timeout=60)


def test_video_has_duration_size_and_poster(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "2",
            "-pix_fmt", "yuv420p", str(clip))
    info = media.probe(clip)
    assert info.duration_s == pytest.approx(2.0, abs=0.2)
    assert (info.width, info.height) == (320, 240)
    assert info.poster_png and info.poster_png.startswith(b"\x89PNG")
    found = extract(clip)
    assert found.kind == "video" and found.duration_s == pytest.approx(2.0, abs=0.2)
    assert found.cover_png == info.poster_png


def test_audio_has_duration_and_no_poster(tmp_path: Path) -> None:
    sound = tmp_path / "tin.wav"
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1.5", str(sound))
    info = media.probe(sound)
    assert info.duration_s == pytest.approx(1.5, abs=0.1)
    assert info.poster_png is None and info.width is None


def test_broken_clip_is_a_document_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(300))
    with pytest.raises(DocumentError, match="not a playable media file"):
        media.probe(junk)


def test_without_ffmpeg_a_clip_has_no_duration(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "find_tool", lambda name: None)
    info = media.probe(tmp_path / "any.mp4")
    assert info == media.MediaInfo(None, None, None, None)


def test_media_module_loads_neither_qt_nor_mupdf() -> None:
    code = ("import sys, library.documents.media; "
            "print(any(m.startswith(('PySide6', 'pymupdf', 'fitz')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_check_reports_a_clip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from kiosk.main import main

    clip = tmp_path / "clip.webm"
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=5", "-t", "1", str(clip))
    code = main(["--data", str(tmp_path / "data"), "check", str(clip), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] and report["duration_s"] == pytest.approx(1.0, abs=0.3)


@pytest.mark.skipif(sys.platform == "win32", reason="':' is not allowed in Windows names")
def test_a_clip_whose_name_looks_like_a_protocol_is_read_as_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`http:tin.mp4` is a legal file name; ffmpeg must not take it for a URL."""
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1",
            "-pix_fmt", "yuv420p", str(tmp_path / "http:tin.mp4"))
    monkeypatch.chdir(tmp_path)
    info = media.probe(Path("http:tin.mp4"))
    assert info.duration_s == pytest.approx(1.0, abs=0.2)
    assert info.poster_png and info.poster_png.startswith(b"\x89PNG")
