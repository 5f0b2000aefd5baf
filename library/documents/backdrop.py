"""What a transparent picture is drawn on: white, or dark when what it shows is light.

Why: every page is drawn on white, and so was a picture with transparency. A
province's logo is often white (or white text) on a transparent PNG or WebP, made
for a coloured banner: on white it was a blank page in the reader and a blank
card, with nothing to tell the visitor anything was there. Such a picture is
drawn on `DARK` instead; a dark logo on transparency stays on white, as every
other page.

The decision is taken once per open picture (the worker keeps it on the
document), from the pixels of its first drawing with transparency kept (the
same drawing MuPDF then reuses its decoded picture for): about
`SAMPLES` pixels on a grid are looked at. Pictures that cannot be transparent (a JPEG, a
PNG without an alpha channel or a transparent colour) are never drawn twice:
their header says so (`may_be_transparent`). A GIF is not looked at: MuPDF
draws its transparent colour opaque, in the colour its palette gives it, so
its background never shows. Neither MuPDF nor Qt is imported here.
"""

from __future__ import annotations

import math
import struct
from typing import BinaryIO

#: The grey a light picture on transparency is drawn on (#333333: white on it is 12.6:1).
DARK = 0x33
#: The white every other page is drawn on.
WHITE = 0xFF
#: How many pixels of a drawing the decision looks at, evenly spread.
SAMPLES = 16_384
#: A pixel counts as seen when at least this opaque (0–255)...
SEEN_ALPHA = 128
#: ...and as light (hard to see on white) when its luma (Rec. 601, 0–255) is at least this:
#: white, cream, pale yellow; a mid grey or any strong colour is not.
LIGHT_LUMA = 200
#: The share of seen pixels that must be light for the dark background.
LIGHT_SHARE = 0.5

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: PNG colour types with an alpha channel: grey + alpha (4), RGB + alpha (6).
_PNG_ALPHA_TYPES = (4, 6)
#: How many chunks before the picture data are looked through for a transparent colour.
_PNG_MAX_CHUNKS = 64


def may_be_transparent(fh: BinaryIO) -> bool:
    """Whether the picture file at `fh` (read from where it stands) can have transparent
    pixels: a PNG with an alpha channel or a transparent colour (`tRNS`). Anything else
    (JPEG, GIF, TIFF, BMP, a file that is none of these) is drawn on white without a
    look."""
    return fh.read(8) == _PNG_SIGNATURE and _png_may_be_transparent(fh)


def _png_may_be_transparent(fh: BinaryIO) -> bool:
    """A PNG's chunks before its picture data (`IDAT`): an alpha colour type, or `tRNS`."""
    for number in range(_PNG_MAX_CHUNKS):
        header = fh.read(8)
        if len(header) < 8:
            return False
        length, kind = struct.unpack(">I4s", header)
        if number == 0:
            if kind != b"IHDR" or length < 13:
                return False
            fields = fh.read(13)
            if len(fields) < 13:
                return False
            if fields[9] in _PNG_ALPHA_TYPES:
                return True
            fh.seek(length - 13 + 4, 1)  # the rest, and the CRC
            continue
        if kind == b"tRNS":
            return True
        if kind in (b"IDAT", b"IEND"):
            return False
        fh.seek(length + 4, 1)
    return False


def background_for(rgba: memoryview | bytes, pixels: int, width: int | None = None) -> int:
    """`DARK` or `WHITE`: what a drawing of a picture should stand on, from its pixels drawn
    with transparency kept (`rgba`: R, G, B, A a pixel, colour premultiplied by alpha, as
    MuPDF draws them; `width` pixels a row, all of them in one row when not given).

    Dark only when some of the picture is see-through (without that, the background
    never shows) and at least `LIGHT_SHARE` of the pixels one sees (`SEEN_ALPHA`) are
    light (`LIGHT_LUMA`): a white logo, white text. A dark or colourful logo, a picture
    that is all transparent, stays on white."""
    if pixels < 1:
        return WHITE
    reds, greens, blues, alphas = _samples(memoryview(rgba)[:pixels * 4], pixels,
                                           width if width and 0 < width <= pixels else pixels)
    if min(alphas) == 255:
        return WHITE  # opaque throughout: an RGBA export of a photo
    seen = light = 0
    for red, green, blue, alpha in zip(reds, greens, blues, alphas, strict=True):
        if alpha < SEEN_ALPHA:
            continue
        seen += 1
        # premultiplied: the colour shown is the stored one scaled back by its alpha
        if (299 * red + 587 * green + 114 * blue) * 255 >= LIGHT_LUMA * 1000 * alpha:
            light += 1
    return DARK if seen and light >= LIGHT_SHARE * seen else WHITE


def _samples(view: memoryview, pixels: int, width: int) -> tuple[bytes, bytes, bytes, bytes]:
    """The red, green, blue and alpha bytes of about `SAMPLES` pixels of a drawing
    `width` pixels wide: on a grid as many pixels apart down as across, so a small
    emblem anywhere in the picture is met.

    Why a grid: every n-th pixel of the whole drawing, n a divisor of its width (a
    1080-wide drawing, n = 72), met the same few columns on every row, and a white
    emblem between them (a 40-pixel one on a transparent 1080×1104) was never seen:
    the picture stayed on white, blank."""
    if pixels <= SAMPLES:
        return tuple(bytes(view[i::4]) for i in range(4))  # type: ignore[return-value]
    height = pixels // width
    down = max(1, math.ceil(math.sqrt(pixels / SAMPLES)))
    rows = range(0, height, down)
    across = max(1, math.ceil(width * len(rows) / SAMPLES)) * 4
    channels: tuple[bytearray, ...] = (bytearray(), bytearray(), bytearray(), bytearray())
    for row in rows:
        line = view[row * width * 4:(row + 1) * width * 4]
        for i, channel in enumerate(channels):
            channel += bytes(line[i::across])
    return tuple(bytes(channel) for channel in channels)  # type: ignore[return-value]
