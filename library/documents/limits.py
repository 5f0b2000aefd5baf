"""Limits and the fit rule shared by the caller and the worker (no MuPDF import here).

The worker draws a page at `output_scale`; the caller reserves shared memory
for what that scale makes of the page (`most_output_pixels`). Both call the
same function, so the reservation follows the drawing. The memory limit is set
here too, the one way for the worker (`worker.limit_memory`) and for the media
tools it and the caller start (`child_memory_limit`, `media.run_tool`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from contextlib import suppress

from library.errors import DocumentError

#: Most pixels one rendered page may have (≈ 6K × 4K); larger output is scaled down.
MAX_OUTPUT_PIXELS = 25_000_000
#: Longest side in pixels of one rendered page.
MAX_OUTPUT_SIDE = 12_000
#: Pixels a drawn page may have on each side beyond its size times the scale: MuPDF
#: rounds the page's box outwards to whole pixels, one more at each end at most.
EDGE_PIXELS = 2


def output_scale(page_w: float, page_h: float, width: int, height: int, zoom: float) -> float:
    """Scale that fits a page into width×height times zoom, capped in pixels."""
    if page_w <= 0 or page_h <= 0 or not math.isfinite(page_w * page_h):
        raise DocumentError(f"the page has no usable size ({page_w}×{page_h})")
    scale = min(width / page_w, height / page_h) * max(zoom, 0.01)
    pixels = page_w * scale * page_h * scale
    if pixels > MAX_OUTPUT_PIXELS:
        scale = math.sqrt(MAX_OUTPUT_PIXELS / (page_w * page_h))
    scale = min(scale, MAX_OUTPUT_SIDE / page_w, MAX_OUTPUT_SIDE / page_h)
    return scale


def most_output_pixels(width: int, height: int, zoom: float,
                       page_size: tuple[float, float] | None = None) -> int:
    """The most pixels a page fitted into width×height times zoom can be drawn with.

    With the page's size in points (`DocumentInfo.page_sizes`) this is that
    page's own output: an A4 page fitted into a landscape box fills its
    height and a third of its width, so at ×3 on 1920×1080 it is 22 MB, not
    the 56 MB of the zoomed box. Without it (or with a size no page can
    have), any page: the zoomed box itself, capped like every render.
    """
    if page_size is not None:
        page_w, page_h = page_size
        try:
            scale = output_scale(page_w, page_h, width, height, zoom)
        except DocumentError:
            pass  # the worker will say what is wrong with the page; reserve for any
        else:
            return math.ceil((page_w * scale + EDGE_PIXELS) * (page_h * scale + EDGE_PIXELS))
    zoom = max(zoom, 0.01)
    box = (width * zoom + EDGE_PIXELS) * (height * zoom + EDGE_PIXELS)
    return math.ceil(min(box, MAX_OUTPUT_PIXELS + 2 * EDGE_PIXELS * MAX_OUTPUT_SIDE))


def address_space_limit(limit_mb: int) -> tuple[int, int] | None:
    """The (soft, hard) `RLIMIT_AS` that caps a process at `limit_mb` MiB, or None where
    there is none to set (a limit of 0, or not Linux/macOS: Windows uses a Job Object).

    Never looser than the limit this process already has: ffmpeg started by the worker
    (a WebP) keeps the worker's own limit when that is lower."""
    if limit_mb <= 0 or not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = limit_mb * 1024 * 1024
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    return limit, hard


def child_memory_limit(limit_mb: int) -> Callable[[], None] | None:
    """A `preexec_fn` that caps a child process (ffprobe, ffmpeg) at `limit_mb` MiB with
    the worker's own mechanism (`RLIMIT_AS`, `address_space_limit`); None where there is
    none (Windows, which has no `preexec_fn`).

    Why in the child before it starts: a hostile file (a 16000×16000 cover picture in an
    MP3) made ffmpeg take 1.1 GB of a kiosk's 4 GB; under the limit its allocation fails
    and it exits with "Cannot allocate memory". The function runs between fork and exec,
    so it is one C call (`setrlimit`, imported here, beforehand) and takes no lock."""
    limits = address_space_limit(limit_mb)
    if limits is None:
        return None
    import resource

    setrlimit, which = resource.setrlimit, resource.RLIMIT_AS

    def limit() -> None:
        with suppress(ValueError, OSError):  # macOS refuses some values; the time holds
            setrlimit(which, limits)

    return limit
