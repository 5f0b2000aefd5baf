"""What a transparent picture stands on (`backdrop`): told from its header, then from its
pixels — a light picture on dark grey, every other on white."""

from __future__ import annotations

import io
import struct
import zlib

import pymupdf

from library.documents.backdrop import DARK, WHITE, background_for, may_be_transparent


def _png(colour_type: int, extra: bytes = b"") -> bytes:
    """A 1×1 PNG of `colour_type`, with `extra` chunks before its data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, colour_type, 0, 0, 0))
    return (b"\x89PNG\r\n\x1a\n" + header + extra
            + chunk(b"IDAT", zlib.compress(bytes(1 + channels))) + chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_only_pictures_that_can_be_see_through_are_looked_at() -> None:
    assert may_be_transparent(io.BytesIO(_png(6)))  # RGB + alpha
    assert may_be_transparent(io.BytesIO(_png(4)))  # grey + alpha
    assert may_be_transparent(io.BytesIO(_png(2, _chunk(b"tRNS", bytes(6)))))  # a clear colour
    # a text chunk before the picture data is stepped over
    assert may_be_transparent(io.BytesIO(_png(3, _chunk(b"tEXt", b"a\x00b" * 50)
                                              + _chunk(b"PLTE", bytes(3))
                                              + _chunk(b"tRNS", b"\x00"))))
    assert not may_be_transparent(io.BytesIO(_png(2)))
    assert not may_be_transparent(io.BytesIO(_png(0, _chunk(b"tEXt", b"tRNS"))))
    jpeg = pymupdf.Pixmap(pymupdf.csRGB, 4, 4, bytes(48), False).tobytes("jpg")
    assert not may_be_transparent(io.BytesIO(jpeg))
    assert not may_be_transparent(io.BytesIO(b"\x89PNG\r\n\x1a\n"))  # cut short
    assert not may_be_transparent(io.BytesIO(b""))
    # a GIF's transparent colour MuPDF draws opaque: nothing to decide
    assert not may_be_transparent(io.BytesIO(b"GIF89a" + bytes(7) + b"\x21\xf9\x04\x01"))


def _pixels(*runs: tuple[tuple[int, int, int, int], int]) -> tuple[bytes, int]:
    """Premultiplied RGBA pixels: (straight colour and alpha, count) runs."""
    data = bytearray()
    count = 0
    for (red, green, blue, alpha), n in runs:
        data += bytes((red * alpha // 255, green * alpha // 255, blue * alpha // 255,
                       alpha)) * n
        count += n
    return bytes(data), count


def test_a_light_picture_on_transparency_stands_on_dark_grey() -> None:
    assert background_for(*_pixels(((255, 255, 255, 255), 300), ((0, 0, 0, 0), 700))) == DARK
    cream = _pixels(((250, 240, 210, 200), 300), ((0, 0, 0, 0), 700))
    assert background_for(*cream) == DARK
    # white text with a thin dark outline: mostly light
    assert background_for(*_pixels(((255, 255, 255, 255), 300), ((20, 20, 20, 255), 100),
                                   ((0, 0, 0, 0), 600))) == DARK


def test_every_other_picture_stays_on_white() -> None:
    assert background_for(*_pixels(((0, 0, 0, 255), 300), ((0, 0, 0, 0), 700))) == WHITE
    assert background_for(*_pixels(((200, 20, 30, 255), 300), ((0, 0, 0, 0), 700))) == WHITE
    assert background_for(*_pixels(((0, 0, 0, 0), 1000))) == WHITE  # nothing to see
    # white throughout but opaque (an RGBA export of a photo): the background never shows
    assert background_for(*_pixels(((255, 255, 255, 255), 1000))) == WHITE
    # a faint white haze (alpha under half) is not what one sees of a dark logo
    assert background_for(*_pixels(((0, 0, 0, 255), 300), ((255, 255, 255, 60), 700))) == WHITE
    assert background_for(b"", 0) == WHITE


def test_a_small_light_emblem_anywhere_on_a_wide_transparency_is_seen(tmp_path) -> None:
    """A 40×60 white emblem on a transparent 1080×1104 picture: every 72nd pixel of the
    drawing fell on the same 15 columns of every row (1080 = 15 × 72), none of them in the
    emblem, and the picture was drawn on white, blank. Looked at on a grid, it is met."""
    from library.documents import reader

    width, height = 1080, 1104
    data = bytearray(width * height * 4)
    for row in range(520, 580):
        data[(row * width + 20) * 4:(row * width + 60) * 4] = b"\xff" * 160
    assert background_for(bytes(data), width * height, width) == DARK
    picture = tmp_path / "huy-hieu.png"
    picture.write_bytes(pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(data), True)
                        .tobytes("png"))
    doc = reader.open_document(picture)
    try:
        header, pixels, _keep = reader.render(doc, 1, width, 1920, 1.0)
        assert (header["width"], header["height"]) == (width, height)
        assert bytes(pixels[:3]) == bytes((DARK,) * 3)  # the corner: the grey, not white
    finally:
        doc.close()
