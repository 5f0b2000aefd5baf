"""Tall pages as a strip of bands: which pages, the layout, and bands drawn by the worker."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from library.documents import DocumentEngine, is_tall, strip_layout
from library.documents.engine import DISK_BANDS
from library.documents.limits import MAX_OUTPUT_SIDE
from library.documents.pagecache import PageKey
from library.documents.strip import BAND_PIXELS, BAND_ROWS, MAX_STRIP_ROWS
from library.errors import DocumentError

from . import hostile


@pytest.mark.parametrize(("page", "area", "tall"), [
    ((1080, 8000), (1900, 880), True),   # a scroll poster, landscape kiosk
    ((1080, 8000), (1060, 1560), True),  # … and portrait
    ((1000, 2500), (1900, 880), True),   # 1:2.5 poster: a strip in landscape …
    ((1000, 2500), (1060, 1560), False),  # … fits well enough in portrait
    ((595, 842), (1900, 880), False),    # an A4 book page: pages turn as always
    ((810, 1146), (1900, 880), False),   # the demo infographics
    ((1200, 675), (1060, 1560), False),  # a wide chart
    ((0, 800), (1900, 880), False),      # no size: never a strip
])
def test_which_pages_are_read_as_a_strip(page: tuple[int, int], area: tuple[int, int],
                                         tall: bool) -> None:
    assert is_tall(*page, *area) is tall


def test_layout_fits_the_width_and_cuts_bands_that_cover_the_page() -> None:
    strip = strip_layout(810, 6000, 1920)
    assert strip.width == 1920 and strip.height == round(6000 * 1920 / 810)
    assert strip.band_rows <= BAND_ROWS and strip.width * strip.band_rows <= BAND_PIXELS
    bands = [strip.band(i) for i in range(strip.count)]
    assert bands[0][0] == 0 and sum(rows for _top, rows in bands) == strip.height
    assert all(top == prev_top + prev_rows for (prev_top, prev_rows), (top, _r)
               in itertools.pairwise(bands))
    assert list(strip.bands_between(0, 10)) == [0]
    assert list(strip.bands_between(strip.band_rows - 5, strip.band_rows + 5)) == [0, 1]
    assert list(strip.bands_between(strip.height - 1, strip.height + 900)) == [strip.count - 1]
    with pytest.raises(DocumentError):
        strip.band(strip.count)
    assert strip_layout(810, 6000, 1080).band_rows == BAND_ROWS  # portrait: full bands


def test_layout_caps_hostile_shapes_and_zoom() -> None:
    needle = strip_layout(1, 1_000_000, 1920)  # a "poster" one point wide
    assert needle.height <= MAX_STRIP_ROWS and needle.count <= MAX_STRIP_ROWS // 1
    zoomed = strip_layout(810, 6000, 1920, zoom=8.0)
    assert zoomed.width <= MAX_OUTPUT_SIDE
    assert zoomed.width * zoomed.band_rows <= BAND_PIXELS
    for bad in ((0, 100, 1920, 1.0), (100, 100, 0, 1.0), (100, 100, 1920, float("nan"))):
        with pytest.raises(DocumentError):
            strip_layout(*bad)


@pytest.fixture
def poster(tmp_path: Path) -> Path:
    return hostile.stripes_png(tmp_path / "poster.png", 1080, 8000)


def colour_at(page, row: int, column: int = 400) -> tuple[int, ...]:
    start = row * page.stride + column * 3
    return tuple(page.data[start:start + 3])


def test_every_band_is_drawn_by_the_worker_with_the_right_pixels(
        engine: DocumentEngine, poster: Path) -> None:
    width, height = engine.info(poster).result(timeout=30).page_sizes[0]
    strip = strip_layout(width, height, 1920)
    assert strip.count > 5
    requests = engine.worker.requests
    for index in range(strip.count):
        band = engine.render_band(poster, 1, 1920, index).result(timeout=30)
        top, rows = strip.band(index)
        assert (band.width, band.height, band.format) == (strip.width, rows, "RGB888")
        for row in (1, rows // 2, rows - 2):  # off the stripes' edges
            stripe = (top + row) * len(hostile.STRIPES) // strip.height
            if (top + row - 1) * 8 // strip.height == (top + row + 1) * 8 // strip.height:
                assert colour_at(band, row) == hostile.STRIPES[stripe], (index, row)
    assert engine.worker.requests - requests == strip.count  # each band one worker request


def test_bands_are_cached_by_band_in_memory_and_on_disk(
        engine: DocumentEngine, poster: Path, tmp_path: Path) -> None:
    first = engine.render_band(poster, 1, 1600, 1).result(timeout=30)
    key = PageKey.of_band(poster.resolve(), 1, 1600, 1.0, 1)
    assert key in engine.memory_cache
    assert PageKey.of_band(poster.resolve(), 1, 1600, 1.0, 2) not in engine.memory_cache
    engine.wait_idle()  # the disk cache has it too
    requests = engine.worker.requests
    again = engine.render_band(poster, 1, 1600, 1).result(timeout=30)
    assert again is first and engine.worker.requests == requests
    engine.memory_cache.clear()
    from_disk = engine.render_band(poster, 1, 1600, 1).result(timeout=30)
    assert engine.worker.requests == requests and bytes(from_disk.data) == bytes(first.data)
    assert key.digest() != PageKey.of(poster.resolve(), 1, 1600, 1, 1.0).digest()


def test_only_the_first_screen_of_bands_goes_to_disk(engine: DocumentEngine,
                                                      poster: Path) -> None:
    """Scrolling down a long poster must not push the books' pages out of the disk cache."""
    assert engine.disk_cache is not None
    for band in range(4):
        engine.render_band(poster, 1, 1600, band).result(timeout=30)
    engine.wait_idle()
    engine.memory_cache.clear()
    requests = engine.worker.requests
    for band in range(DISK_BANDS):  # the top of the poster: from disk
        engine.render_band(poster, 1, 1600, band).result(timeout=30)
    assert engine.worker.requests == requests
    engine.render_band(poster, 1, 1600, DISK_BANDS).result(timeout=30)  # drawn again
    assert engine.worker.requests == requests + 1


def test_a_band_past_the_end_or_a_bomb_is_a_clear_error(
        engine: DocumentEngine, poster: Path, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="band 99"):
        engine.render_band(poster, 1, 1920, 99).result(timeout=30)
    bomb = hostile.huge_png(tmp_path / "bomb.png", 1000, 400_000)
    try:
        band = engine.render_band(bomb, 1, 1920, 0).result(timeout=30)
    except DocumentError as exc:
        assert str(exc)
    else:  # drawn: then within the caps
        assert band.width * band.height <= BAND_PIXELS
    assert "vẫn" in engine.text(hostile.text_pdf(tmp_path / "ok.pdf", ["vẫn chạy"]), 1).result(
        timeout=30)[0]


def test_a_band_that_hangs_lets_go_of_the_bands_queued_after_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A poster that hangs MuPDF: its first band times out, and the others asked with it
    are given up, not each run for a whole timeout while the next document waits."""
    import pymupdf

    from library.documents.process import TEST_HOOKS_ENV
    from library.documents.reader import TEST_HANG_KEYWORD

    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    doc = pymupdf.open()
    doc.new_page(width=300, height=3000)
    doc.set_metadata({"keywords": TEST_HANG_KEYWORD})
    doc.save(tmp_path / "hang.pdf")
    with DocumentEngine(cache_dir=None, standby_worker=False, timeout_s=0.5) as engine:
        bands = [engine.render_band(tmp_path / "hang.pdf", 1, 400, band) for band in range(3)]
        with pytest.raises(DocumentError):
            bands[0].result()
        assert all(band.cancelled() for band in bands[1:])
        assert engine.worker.requests == 1
        ok = hostile.stripes_png(tmp_path / "ok.png", 100, 1000)
        assert engine.render_band(ok, 1, 400, 0).result().width == 400  # the next one runs
        again = engine.render_band(tmp_path / "hang.pdf", 1, 400, 1)  # asked again: it runs
        with pytest.raises(DocumentError):
            again.result()


@pytest.mark.parametrize(("height", "cover_height"), [(8000, 480), (1620, 540)])
def test_a_tall_poster_s_cover_is_its_top(tmp_path: Path, height: int,
                                          cover_height: int) -> None:
    """A 1080×8000 poster's cover is its top, 3:4 like a card (a whole one would be a
    thin column of stripes on the printed QR poster); a page less than twice as tall
    as wide keeps its whole cover."""
    import pymupdf

    from library.documents.reader import cover_png

    png = hostile.stripes_png(tmp_path / "poster.png", 1080, height)
    with pymupdf.open(png) as doc:
        cover = pymupdf.Pixmap(cover_png(doc, 360))
    assert (cover.width, cover.height) == (360, cover_height)
    top, bottom = cover.pixel(180, 2), cover.pixel(180, cover.height - 3)
    assert top == hostile.STRIPES[0]
    # The poster's top 1,440 of 8,000 rows end in its second stripe; the short page's
    # cover is all of it, down to the last stripe.
    assert bottom == hostile.STRIPES[1 if height == 8000 else -1]
