"""Video and audio: duration and a poster frame through `ffprobe` / `ffmpeg`.

Qt-free and MuPDF-free. The tools run as child processes with a timeout, so
a broken clip is contained the same way a broken PDF is. They come from the
system (`apt install ffmpeg` on Debian; the Makefile lists it) or, in the frozen
build, from an `ffmpeg/` folder in the bundle (`_internal/ffmpeg/`) or next
to the executable. Without them a clip is
still added: no duration, no poster (the kiosk shows a generic card).

Every child runs through `run_tool`: under `TOOL_MEMORY_LIMIT_MB` (the worker's
`RLIMIT_AS`, `limits.child_memory_limit`) and within the time left of its look at
the file (`look_deadline`: one budget for the probe, the poster frames and the
cover picture together).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from library.errors import DocumentError

from .limits import child_memory_limit
from .model import MediaInfo, RenderedPage

#: Seconds the whole look at one file may take: ffprobe, then every poster frame or the
#: cover picture, each given what is left (an MP3 with a cover took 20 s + 20 s before).
TOOL_TIMEOUT_S = 20.0
#: Address space (MiB) one ffprobe/ffmpeg child may take (`RLIMIT_AS` on Linux). Measured
#: with ffmpeg 5.1 and `TOOL_THREADS` (docs/documents.md, "Video and audio"): ffprobe needs
#: ~265 MiB of it (its ~215 libraries), a poster frame of a 1080p clip ~335, of a 4K clip
#: ~370, a 5000×5000 cover ~360; a 16000×16000 cover took 1.1 GB and fails under it.
TOOL_MEMORY_LIMIT_MB = 1024
#: Decoding threads per child: ffmpeg starts one per core, each with its own stack and
#: malloc arena in the address space the limit counts (a 4K frame needed 335 MiB with
#: one, 860 with eight, 1410 with sixteen), so a many-core machine stays under it too.
TOOL_THREADS = ("-threads", "2", "-filter_threads", "2")
POSTER_WIDTH = 640


def find_tool(name: str) -> str | None:
    """The path of ffprobe/ffmpeg: bundled beside a frozen build first, then PATH."""
    from library.paths import bundle_root, is_frozen

    if is_frozen():
        exe = name + (".exe" if sys.platform == "win32" else "")
        beside = Path(sys.executable).parent
        for folder in (bundle_root() / "ffmpeg", beside / "ffmpeg", bundle_root()):
            candidate = folder / exe
            if candidate.is_file():
                return str(candidate)
    return shutil.which(name)


def tool_input(path: Path) -> str:
    """A file name ffmpeg reads as a file: absolute, so that a clip named `http:tin.mp4`
    or `concat:a|b` (legal names) is never taken for a protocol and fetched or joined."""
    return str(Path(path).absolute())


def look_deadline(seconds: float | None = None) -> float:
    """When a look at one file must end (`time.monotonic`): `TOOL_TIMEOUT_S` from now."""
    return time.monotonic() + (TOOL_TIMEOUT_S if seconds is None else seconds)


def run_tool(args: list[str], path: Path, until: float) -> subprocess.CompletedProcess[bytes]:
    """Run ffprobe/ffmpeg on `path` under the memory limit, until `until` at the latest.

    The one way the project runs a media tool (`media`, the worker's WebP, recorded
    bulletins' loudness). A child stopped by the limit exits with its own "Cannot
    allocate memory" (`tool_reason` says it in words); out of time, `DocumentError`."""
    left = until - time.monotonic()
    if left <= 0:
        raise DocumentError(f"{path.name}: the file took too long to read")
    try:
        return subprocess.run(args, capture_output=True, timeout=left, check=False,
                              stdin=subprocess.DEVNULL,
                              preexec_fn=child_memory_limit(TOOL_MEMORY_LIMIT_MB))
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(f"{path.name}: the file took too long to read") from exc
    except OSError as exc:
        raise DocumentError(f"cannot run {Path(args[0]).name}: {exc}") from exc


def probe(path: Path, *, poster: bool = True) -> MediaInfo:
    """Duration (and size and poster frame for video); `DocumentError` if unreadable.

    All of it within one `TOOL_TIMEOUT_S` (`look_deadline`)."""
    ffprobe = find_tool("ffprobe")
    if ffprobe is None:
        return MediaInfo(None, None, None, None)
    until = look_deadline()
    result = run_tool([ffprobe, "-v", "error", "-show_entries",
                       "format=duration:stream=index,codec_type,width,height,duration"
                       ":stream_disposition=attached_pic",
                       "-of", "json", "-i", tool_input(path)], path, until)
    if result.returncode != 0:
        reason = tool_reason(result, path)
        raise DocumentError(f"{path.name}: not a playable media file"
                            + (f" ({reason})" if reason else ""))
    data = json.loads(result.stdout or b"{}")
    duration = _number(data.get("format", {}).get("duration"))
    width = height = art = None
    for stream in data.get("streams", []):
        if stream.get("codec_type") == "video" and stream.get("width"):
            if (stream.get("disposition") or {}).get("attached_pic"):
                art = art if art is not None else int(stream.get("index", 0))
                continue  # a recording's cover picture, not a picture that plays
            width, height = int(stream["width"]), int(stream["height"])
            duration = duration or _number(stream.get("duration"))
        elif stream.get("codec_type") != "video":
            duration = duration or _number(stream.get("duration"))
    if duration is None and width is None:
        raise DocumentError(f"{path.name}: the media file has no audio or video")
    poster_png = None
    if poster and width:
        poster_png = _poster(path, duration, until)
    if poster and poster_png is None and art is not None:
        poster_png = _attached_picture(path, art, until)
    return MediaInfo(duration, width, height, poster_png)


def _attached_picture(path: Path, stream: int, until: float) -> bytes | None:
    """The cover picture a recording carries (an MP3's ID3 `APIC`, an M4A's `covr`: ffprobe
    shows it as a one-frame video stream with `disposition.attached_pic`), at most
    `POSTER_WIDTH` wide, as PNG; None when ffmpeg cannot decode it.

    Why: a province's recorded bulletins and songs carry their programme's picture; the
    card showed the generic one. Looking for a frame a tenth in, as for a clip, found
    nothing: the picture is one frame at the start. A picture too large for the memory
    limit (or the time left) leaves the generic card: the recording plays all the same."""
    ffmpeg = find_tool("ffmpeg")
    if ffmpeg is None:
        return None
    try:
        result = run_tool([ffmpeg, "-v", "error", "-nostdin", *TOOL_THREADS, "-i",
                           tool_input(path), "-map", f"0:{stream}", "-frames:v", "1", "-vf",
                           f"scale='min({POSTER_WIDTH},iw)':-2", "-f", "image2pipe",
                           "-vcodec", "ppm", "-"], path, until)
    except DocumentError:
        return None  # the recording was read and plays: it keeps the generic card
    frame = _read_ppm(result.stdout) if result.returncode == 0 else None
    return _png(frame) if frame is not None else None


#: What ffmpeg's tools put before a message of one of their parts: `[mp3 @ 0x55…] `.
_TOOL_PART = re.compile(r"^\[[^\]]*@ 0x[0-9a-f]+\] ")


def tool_reason(result: subprocess.CompletedProcess[bytes], path: Path) -> str:
    """Why ffprobe/ffmpeg refused `path`, in one line: its last line of complaint, without
    the file's whole path it starts with (`/media/usb/…/video-loi.mp4: Invalid data found
    when processing input`) or the part's address, so the refusal names the file once, by
    its name. A child the memory limit stopped says so in words."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    if any("Cannot allocate memory" in line or "get_buffer() failed" in line
           for line in lines):
        return f"it needs more than the {TOOL_MEMORY_LIMIT_MB} MiB a media file may use"
    if not lines:
        return f"stopped by signal {-result.returncode}" if result.returncode < 0 else ""
    reason = _TOOL_PART.sub("", lines[-1].strip())
    for shown in (tool_input(path), str(path)):
        reason = reason.removeprefix(f"{shown}: ")
    return reason[:160]


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


#: Where a poster frame is looked for, as parts of the clip's length: a tenth in (past a
#: title card's first frames), then further on when the frame found there is black.
POSTER_AT = (0.1, 0.3, 0.5)
#: A frame is black when this share of its pixels are darker than `DARK_LEVEL` (0–255), as
#: ffmpeg's own `blackframe` filter judges (98 %, 32).
BLACK_SHARE = 0.98
DARK_LEVEL = 32


def _poster(path: Path, duration: float | None, until: float) -> bytes | None:
    """One frame of the clip as PNG: a tenth in, or further on (`POSTER_AT`) where that one
    is black.

    Why look again: a broadcaster's clip often opens on seconds of black (a fade in, a
    leader); a tenth of a 10 s clip is still in it, and the kiosk showed a black card. A
    clip dark throughout keeps the frame a tenth in. A later look that takes too long
    (a clip damaged further in, a slow seek: the look's time is spent) keeps that frame
    too: the clip was read, and refusing it for its poster would lose a clip the kiosk
    plays.
    """
    first = None
    for part in POSTER_AT if duration else (0.0,):
        try:
            frame = _frame(path, (duration or 0) * part, until)
        except DocumentError:
            if first is None:
                raise  # not even one frame in time: the clip cannot be read
            break
        if frame is None:
            break  # past the end, or not decodable: what was found so far
        if not _is_black(frame):
            return _png(frame)
        first = first or frame
    return _png(first) if first else None


def _frame(path: Path, at: float, until: float) -> RenderedPage | None:
    """The frame at `at` seconds, at most `POSTER_WIDTH` wide, as raw RGB (ffmpeg's PPM)."""
    ffmpeg = find_tool("ffmpeg")
    if ffmpeg is None:
        return None
    result = run_tool([ffmpeg, "-v", "error", "-nostdin", *TOOL_THREADS, "-ss", f"{at:.3f}",
                       "-i", tool_input(path), "-frames:v", "1", "-vf",
                       f"scale='min({POSTER_WIDTH},iw)':-2", "-f", "image2pipe", "-vcodec",
                       "ppm", "-"], path, until)
    if result.returncode != 0:
        return None
    return _read_ppm(result.stdout)


#: A binary PPM's header: magic, width, height, largest value, one whitespace byte (the
#: pixels may begin with bytes that read as whitespace, so nothing more is skipped).
_PPM_HEADER = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s")


def _read_ppm(data: bytes) -> RenderedPage | None:
    """A binary PPM (P6, 8 bits) as a page of RGB pixels; None for anything else."""
    header = _PPM_HEADER.match(data)
    if header is None or header[3] != b"255":
        return None
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end():]
    if width < 1 or height < 1 or len(pixels) < width * height * 3:
        return None
    return RenderedPage(page=1, width=width, height=height, stride=width * 3, format="RGB888",
                        data=pixels[:width * height * 3])


def _is_black(frame: RenderedPage) -> bool:
    """Whether nearly every pixel is dark (`BLACK_SHARE`, `DARK_LEVEL`), judged on a sample."""
    data = frame.data
    pixels = len(data) // 3
    step = max(1, pixels // 4096)
    sampled = bright = 0
    for at in range(0, pixels, step):
        sampled += 1
        if max(data[3 * at], data[3 * at + 1], data[3 * at + 2]) >= DARK_LEVEL:
            bright += 1
    return bright <= (1 - BLACK_SHARE) * sampled


def _png(frame: RenderedPage) -> bytes:
    from .png import encode_png

    return encode_png(frame)
