"""The media tools a file is handed to are contained as the document worker is: every
ffprobe/ffmpeg child runs under a memory limit (`media.run_tool`, the worker's
`RLIMIT_AS`), and the whole look at one file has one time budget, shared by its steps.

The hostile file is made at test time: a 3 s MP3 carrying a valid 16000×16000 RGBA
PNG as its cover (1 MB on disk, 1 GB decoded; ffmpeg took 1.1 GB for it)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import types
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from library.documents import media
from library.errors import DocumentError
from library.extract import extract
from tests.clirun import cafesach
from tests.province_files import clip, ffmpeg, recording_with_art

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="apt install ffmpeg")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="RLIMIT_AS is enforced on Linux only")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _one_colour_png(side: int) -> bytes:
    """A valid side×side RGBA PNG of one colour, made without holding its pixels: rows are
    deflated in blocks ended by a full flush, after which every block's bytes are the same."""
    row = b"\x00" + b"\x10\x80\xc0\xff" * side
    per_block = 64
    block = row * per_block
    deflate = zlib.compressobj(9)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(side, per_block)
    adler = 1
    for _ in range(blocks):
        adler = zlib.adler32(block, adler)
    adler = zlib.adler32(row * rest, adler)
    tail = deflate.compress(row * rest) + deflate.flush(zlib.Z_FINISH)
    stream = first + again * (blocks - 1) + tail[:-4] + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream)
            + _chunk(b"IEND", b""))


def _recording_with_picture(folder: Path, side: int) -> Path:
    """A 3 s MP3 whose ID3 cover is a side×side PNG."""
    sound, picture = folder / "tam.mp3", folder / "bia.png"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", str(sound))
    picture.write_bytes(_one_colour_png(side))
    path = folder / f"ban-tin-{side}.mp3"
    ffmpeg("-i", str(sound), "-i", str(picture), "-map", "0:a", "-map", "1:v", "-c", "copy",
           "-disposition:v:0", "attached_pic", "-id3v2_version", "3", str(path))
    sound.unlink()
    picture.unlink()
    return path


@linux_only
def test_a_cover_too_large_for_the_limit_is_left_out_and_the_recording_added(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Without the limit ffmpeg decoded the whole 16000×16000 picture (1.1 GB) to make a
    640-wide cover; under it the allocation fails and the card keeps the generic picture:
    the recording itself plays, so it is added, not refused."""
    sound = _recording_with_picture(tmp_path, 16000)
    info = media.probe(sound)
    assert info.duration_s == pytest.approx(3.0, abs=0.2)
    assert info.poster_png is None
    code, _out, err = cafesach(capsys, "--data", str(tmp_path / "data"), "add", str(sound))
    assert code == 0, err


def test_a_5000_cover_and_a_4k_clip_pass_the_limit(tmp_path: Path) -> None:
    """The limit leaves room for what a province really has: a scanned 5000×5000 cover
    (380 MiB of address space for ffmpeg) and a 4K clip's frame (370 MiB)."""
    assert extract(_recording_with_picture(tmp_path, 5000)).cover_png is not None
    uhd = clip(tmp_path, "4k.mp4", "-c:v", "libx264", "-preset", "ultrafast",
               "-pix_fmt", "yuv420p", source="testsrc=size=3840x2160:rate=5", seconds=1)
    info = media.probe(uhd)
    assert (info.width, info.height) == (3840, 2160)
    assert info.poster_png is not None


@linux_only
def test_a_tool_over_the_limit_fails_instead_of_taking_the_memory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The one helper every media call goes through sets the limit in the child."""
    hungry = [sys.executable, "-c", "b = bytearray(600 << 20)"]
    monkeypatch.setattr(media, "TOOL_MEMORY_LIMIT_MB", 300)
    failed = media.run_tool(hungry, tmp_path / "x", media.look_deadline())
    assert failed.returncode != 0 and b"MemoryError" in failed.stderr
    monkeypatch.setattr(media, "TOOL_MEMORY_LIMIT_MB", 1024)
    assert media.run_tool(hungry, tmp_path / "x", media.look_deadline()).returncode == 0


def test_a_tool_stopped_by_the_limit_is_said_in_one_line(tmp_path: Path) -> None:
    stopped = subprocess.CompletedProcess(
        ["ffprobe"], 1, b"", b"[png @ 0x55d6be406780] get_buffer() failed\n"
        b"Error while decoding stream #0:1: Cannot allocate memory\n")
    reason = media.tool_reason(stopped, tmp_path / "x.mp4")
    assert reason == "it needs more than the 1024 MiB a media file may use"


class _Clock:
    """A clock that moves only when a tool has run: each run takes `per_run` seconds.
    `given` holds the time each tool that ran was given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, per_run: float) -> None:
        self.now = 1000.0
        self.given: list[float] = []
        real = media.run_tool

        def timed(args: list[str], path: Path, until: float) -> subprocess.CompletedProcess[bytes]:
            left = until - self.now
            result = real(args, path, until)  # raises, running nothing, once none is left
            self.given.append(left)
            self.now += per_run
            return result

        monkeypatch.setattr(media, "time", types.SimpleNamespace(monotonic=lambda: self.now))
        monkeypatch.setattr(media, "run_tool", timed)


def _dark_clip(tmp_path: Path) -> Path:
    return clip(tmp_path, "toi.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                source="color=c=black:size=160x120:rate=10")


@pytest.mark.parametrize("make", [lambda tmp: recording_with_art(tmp, "tin.mp3"), _dark_clip],
                         ids=["mp3-cover", "black-clip"])
def test_the_looks_at_a_file_share_one_budget(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              make: Callable[[Path], Path]) -> None:
    """An MP3 with a cover could take 20 s to probe and 20 s more for its picture, and a
    black clip is looked at three times (10 %, 30 %, 50 %), each with its own 20 s before:
    each look now gets what the ones before left, and with the budget spent after the
    first frame the clip keeps that frame."""
    path = make(tmp_path)
    clock = _Clock(monkeypatch, per_run=12.0)
    info = media.probe(path)
    assert clock.given == [media.TOOL_TIMEOUT_S, media.TOOL_TIMEOUT_S - 12.0]
    assert info.poster_png is not None


def test_a_look_whose_budget_is_spent_by_the_probe_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No frame in time: the clip cannot be read in time, as before."""
    picture = clip(tmp_path, "tin.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p")
    _Clock(monkeypatch, per_run=media.TOOL_TIMEOUT_S)
    with pytest.raises(DocumentError, match=r"^tin\.mp4: the file took too long to read$"):
        media.probe(picture)
