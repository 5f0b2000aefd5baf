"""`gif.first_frame`: an animated GIF cut after its first picture, any other left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from library.documents.gif import first_frame

HEADER = b"GIF89a" + bytes([2, 0, 2, 0, 0x80, 0, 0]) + bytes(6)  # 2×2, a 2-colour table
CONTROL = b"\x21\xf9\x04\x00\x32\x00\x00\x00"  # a frame's delay
PICTURE = b"\x2c" + bytes(8) + b"\x00" + b"\x02\x02\x44\x01\x00"  # 2×2, one LZW block
LOOP = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"


def test_an_animated_gif_keeps_its_first_picture_and_ends() -> None:
    animated = HEADER + LOOP + CONTROL + PICTURE + CONTROL + PICTURE + b"\x3b"
    assert first_frame(animated) == HEADER + LOOP + CONTROL + PICTURE + b"\x3b"


@pytest.mark.parametrize("data", [
    HEADER + PICTURE + b"\x3b",  # one picture
    HEADER + PICTURE + b"\x21\xfe\x03abc\x00\x3b",  # one picture and a comment
    HEADER + PICTURE[:6],  # cut short inside its first picture
    HEADER + PICTURE + b"\x99",  # a byte that starts no block
    b"\x89PNG\r\n\x1a\n" + bytes(20),  # no GIF
    b"GIF89a",
])
def test_any_other_gif_is_left_as_it_is(data: bytes) -> None:
    assert first_frame(data) is None


def test_a_gif87a_with_a_local_colour_table_and_a_comment_first_is_cut_after_its_picture() -> None:
    """A picture with its own colour table (4 colours: 12 bytes after its descriptor), a
    comment and an old plain-text block before it, interlaced: each skipped by its size."""
    header = b"GIF87a" + bytes([2, 0, 2, 0, 0x00, 0, 0])  # no global colour table
    comment = b"\x21\xfe\x05hello\x03abc\x00"
    plain_text = b"\x21\x01\x0c" + bytes(12) + b"\x02hi\x00"
    local = b"\x2c" + bytes(8) + bytes([0xC1]) + bytes(12) + b"\x02\x02\x44\x01\x00"
    data = header + comment + plain_text + local + CONTROL + local + b"\x3b"
    assert first_frame(data) == header + comment + plain_text + local + b"\x3b"


def test_an_animated_gif_cut_short_after_its_first_picture_is_left_whole() -> None:
    """MuPDF reads the whole (one picture, then nothing): the same first frame."""
    assert first_frame(HEADER + LOOP + PICTURE + CONTROL) is None
    # the second picture's start is enough to know it is animated: cut before it
    assert first_frame(HEADER + PICTURE + b"\x2c" + bytes(5)) == HEADER + PICTURE + b"\x3b"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_after_a_gif_header_give_a_cut_or_none_never_an_error(tail: bytes) -> None:
    """Sizes that lie (a block running past the end, a colour table the file lacks): the
    worker is never taken down by the cutting, only by MuPDF, which it is made for."""
    data = HEADER + tail
    cut = first_frame(data)
    assert cut is None or (cut[:-1] == data[:len(cut) - 1] and cut.endswith(b"\x3b"))
