"""The first frame of an animated GIF, cut out of the file's own bytes (no decoding).

Why: MuPDF reads every frame of a GIF, each drawn over the one before, and
shows where the animation ends — an animated infographic's last slide, or a
counter's final number, as its cover and page. A still picture of an animation
is its first frame everywhere else (a browser that does not animate, a print,
a phone's preview), and the first frame is where its title stands. The file is
cut after its first picture and closed with GIF's trailer; MuPDF then reads one
frame. Neither MuPDF nor Qt is imported here.
"""

from __future__ import annotations

from pathlib import Path

_EXTENSION = 0x21
_IMAGE = 0x2C
_TRAILER = 0x3B
#: A GIF larger than this is left to MuPDF whole (it is read into memory to be cut).
MAX_CUT_BYTES = 64 * 1024 * 1024


def _colour_table(packed: int) -> int:
    """The size in bytes of the colour table a packed field announces (0 for none)."""
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def _skip_blocks(data: bytes, at: int) -> int:
    """Where the data sub-blocks starting at `at` end (after their empty block)."""
    while data[at] != 0:
        at += data[at] + 1
    return at + 1


def first_frame(data: bytes) -> bytes | None:
    """The GIF `data` with only its first picture, or None when it has one picture only
    (or its blocks cannot be followed: MuPDF then reads it as it is, or says why not)."""
    if not data.startswith((b"GIF87a", b"GIF89a")) or len(data) < 13:
        return None
    try:
        at = 13 + _colour_table(data[10])
        first_end = None
        while True:
            kind = data[at]
            if kind == _EXTENSION:
                at = _skip_blocks(data, at + 2)
            elif kind == _IMAGE:
                if first_end is not None:
                    return data[:first_end] + bytes([_TRAILER])
                at += 10 + _colour_table(data[at + 9])
                first_end = at = _skip_blocks(data, at + 1)  # past the LZW code size
            else:
                return None  # the trailer (one picture), or bytes that are no block
    except IndexError:
        return None  # cut short: read as it is


def first_frame_of(path: Path) -> bytes | None:
    """`first_frame` of the file at `path`; None for a file too large to cut in memory."""
    if path.stat().st_size > MAX_CUT_BYTES:
        return None
    return first_frame(path.read_bytes())
