"""Tall pages (scroll posters) drawn fitted to a width, as a strip of bands.

A provincial infographic is often one very tall picture (1080×8000 px, say).
Fitted whole into a screen it is a thin unreadable column; fitted to the
reader's width it is e.g. 1920×14222 px — more than one page render may be
(`limits`) and more than many GPUs take as one texture. So such a page is
drawn in bands: the whole width, at most `BAND_ROWS` rows (and at most
`BAND_PIXELS` pixels, so one band fits one shared page slot), each band its
own render request to the worker, cached like a page.

No MuPDF here: the caller and the worker compute the same layout from the
page's size in points (`DocumentInfo.page_sizes`), so the caller knows every
band's place before any is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from library.errors import DocumentError

from .limits import MAX_OUTPUT_SIDE

#: Rows of one band at most.
BAND_ROWS = 2048
#: Pixels of one band at most (RGB: 8.1 MB, one 8 MiB shared page slot).
BAND_PIXELS = 2_700_000
#: Height in pixels of a whole strip at most; a taller page is drawn narrower.
MAX_STRIP_ROWS = 150_000
#: A page is drawn as a strip when its height/width is at least this …
TALL_MIN_RATIO = 2.0
#: … and more than this many times the reader area's height/width.
TALL_AREA_FACTOR = 2.0


def is_tall(page_w: float, page_h: float, area_w: float, area_h: float) -> bool:
    """Whether a page is read as a strip (fitted to the width, scrolled down).

    Tall when its height/width is at least 2 and more than twice the reader
    area's: a 1080×8000 poster on any screen, a 1:2.5 poster in landscape
    only; an A4 page (1.41) never, so books turn pages as they always did.
    """
    if min(page_w, page_h, area_w, area_h) <= 0 or not math.isfinite(page_h / page_w):
        return False
    ratio = page_h / page_w
    return ratio >= TALL_MIN_RATIO and ratio > TALL_AREA_FACTOR * area_h / area_w


@dataclass(frozen=True)
class Strip:
    """A page fitted to a width: its size in pixels and how it is cut into bands."""

    scale: float  # pixels per point
    width: int
    height: int
    band_rows: int  # rows of every band but maybe the last

    @property
    def count(self) -> int:
        """How many bands."""
        return -(-self.height // self.band_rows)

    def band(self, index: int) -> tuple[int, int]:
        """(first row, rows) of band `index` (0-based)."""
        if not 0 <= index < self.count:
            raise DocumentError(f"band {index} does not exist (the page has {self.count})")
        top = index * self.band_rows
        return top, min(self.band_rows, self.height - top)

    def bands_between(self, top: float, bottom: float) -> range:
        """The bands that rows top…bottom touch (clipped to the strip)."""
        first = max(0, int(top // self.band_rows))
        last = min(self.count - 1, int(max(top, bottom - 1) // self.band_rows))
        return range(first, last + 1) if first <= last else range(0)


def strip_layout(page_w: float, page_h: float, width: int, zoom: float = 1.0) -> Strip:
    """The page (size in points) fitted to `width` pixels times `zoom`.

    Capped like every render: no wider than `MAX_OUTPUT_SIDE`, no taller
    than `MAX_STRIP_ROWS` (a hostile 1×100000 "poster" is drawn narrower).
    """
    if not (page_w > 0 and page_h > 0 and math.isfinite(page_w * page_h)):
        raise DocumentError(f"the page has no usable size ({page_w}×{page_h})")
    if width < 1 or not (math.isfinite(zoom) and zoom > 0):
        raise DocumentError(f"bad strip width or zoom: {width} at {zoom}")
    scale = min(width * zoom, MAX_OUTPUT_SIDE) / page_w
    scale = min(scale, MAX_STRIP_ROWS / page_h)
    pixels_w = max(1, round(page_w * scale))
    pixels_h = max(1, round(page_h * scale))
    return Strip(scale, pixels_w, pixels_h, max(1, min(BAND_ROWS, BAND_PIXELS // pixels_w)))
