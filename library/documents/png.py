"""A minimal PNG writer for rendered pages (the CLI's `render -o page.png`).

Pages travel as raw pixels; only the command line turns one into a file, so
this stays out of the hot path and needs neither MuPDF nor Qt nor Pillow.
"""

from __future__ import annotations

import struct
import zlib

from .model import RenderedPage

_COLOR_TYPES = {"RGB888": (2, 3), "RGBA8888": (6, 4)}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(page: RenderedPage, *, level: int = 6) -> bytes:
    """The page as PNG bytes (8 bits per channel, no filter)."""
    color_type, channels = _COLOR_TYPES[page.format]
    row = page.width * channels
    raw = bytearray()
    for y in range(page.height):
        start = y * page.stride
        raw += b"\x00"
        raw += page.data[start:start + row]
    header = struct.pack(">IIBBBBB", page.width, page.height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(raw), level)) + _chunk(b"IEND", b""))
