"""Video and audio: duration and a poster frame through `ffprobe` / `ffmpeg`.

Qt-free and MuPDF-free. The tools run as child processes with a timeout, so
a broken clip is contained the same way a broken PDF is. They come from the
system (`apt install ffmpeg` on Debian; the Makefile lists it) or, in the frozen
build, from an `ffmpeg/` folder in the bundle (`_internal/ffmpeg/`) or next
to the executable. Without them a clip is
still added: no duration, no poster (the kiosk shows a generic card).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from library.errors import DocumentError

from .model import MediaInfo

#: Seconds ffprobe/ffmpeg may take for one file.
TOOL_TIMEOUT_S = 20.0
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


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, capture_output=True, timeout=TOOL_TIMEOUT_S, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(f"{path.name}: the media file took too long to read") \
            from exc
    except OSError as exc:
        raise DocumentError(f"cannot run {args[0]}: {exc}") from exc


def probe(path: Path, *, poster: bool = True) -> MediaInfo:
    """Duration (and size and poster frame for video); `DocumentError` if unreadable."""
    ffprobe = find_tool("ffprobe")
    if ffprobe is None:
        return MediaInfo(None, None, None, None)
    result = _run([ffprobe, "-v", "error", "-show_entries",
                   "format=duration:stream=codec_type,width,height,duration",
                   "-of", "json", "-i", tool_input(path)], path)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DocumentError(f"{path.name}: not a playable media file"
                            + (f" ({reason[-1][:160]})" if reason else ""))
    data = json.loads(result.stdout or b"{}")
    duration = _number(data.get("format", {}).get("duration"))
    width = height = None
    for stream in data.get("streams", []):
        if stream.get("codec_type") == "video" and stream.get("width"):
            width, height = int(stream["width"]), int(stream["height"])
        duration = duration or _number(stream.get("duration"))
    if duration is None and width is None:
        raise DocumentError(f"{path.name}: the media file has no audio or video")
    poster_png = _poster(path, duration) if poster and width else None
    return MediaInfo(duration, width, height, poster_png)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _poster(path: Path, duration: float | None) -> bytes | None:
    """One frame a tenth into the clip (past black intro frames), as PNG."""
    ffmpeg = find_tool("ffmpeg")
    if ffmpeg is None:
        return None
    at = f"{(duration or 0) * 0.1:.3f}"
    result = _run([ffmpeg, "-v", "error", "-nostdin", "-ss", at, "-i", tool_input(path),
                   "-frames:v", "1", "-vf", f"scale='min({POSTER_WIDTH},iw)':-2",
                   "-f", "image2pipe", "-vcodec", "png", "-"], path)
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        return None
    return result.stdout
