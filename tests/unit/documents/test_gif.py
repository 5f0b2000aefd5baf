"""`gif.first_frame`: an animated GIF cut after its first picture, any other left alone."""

from __future__ import annotations

import pytest

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
