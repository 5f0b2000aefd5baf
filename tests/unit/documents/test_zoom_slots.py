"""A zoomed page takes the shared slots its own output needs, not the whole zoomed box."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from library.documents import DocumentEngine, reader
from library.documents.limits import most_output_pixels
from library.documents.slots import SLOT_BYTES

from . import hostile

#: The reader's page area on a 1920×1080 screen.
READER_AREA = (1896, 838)


@pytest.fixture
def a4_book(tmp_path: Path) -> Path:
    return hostile.text_pdf(tmp_path / "sach.pdf", [f"Trang {n}" for n in range(1, 9)])


def _renders(engine: DocumentEngine) -> list[dict[str, Any]]:
    """The render requests the engine sends its worker from now on, as sent (with the
    shared slots reserved for each: `shm_offset`, `shm_size`)."""
    sent: list[dict[str, Any]] = []
    reserve = engine.worker._page_slots

    def recording(args: dict[str, Any], *rest: Any) -> Any:
        request, slots = reserve(args, *rest)
        sent.append(request)
        return request, slots

    engine.worker._page_slots = recording  # type: ignore[method-assign]
    return sent


def _reference(path: Path, number: int, width: int, height: int, zoom: float) -> bytes:
    """The page drawn without shared memory: every byte through the pipe."""
    with DocumentEngine(cache_dir=None, standby_worker=False) as piped:
        piped.worker.arena_bytes = 0
        return bytes(piped.render(path, number, width, height, zoom).result().data)


@pytest.mark.parametrize(("zoom", "slots"), [(2.0, 2), (3.0, 3)])
def test_a_zoomed_a4_page_reserves_the_slots_of_its_own_size(
        a4_book: Path, zoom: float, slots: int) -> None:
    """In a 1920×1080 box an A4 page fills the height and a third of the width: at ×3
    it is 22 MB (3 slots), where the zoomed box would have asked for 56 MB (7)."""
    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        engine.info(a4_book).result()
        arena = engine.worker._page_arena()
        assert arena is not None
        free = arena.free_slots()
        page = engine.render(a4_book, 2, 1920, 1080, zoom).result()
        assert isinstance(page.data, memoryview)
        assert free - arena.free_slots() == slots == -(-page.nbytes // SLOT_BYTES)


def test_the_reservation_covers_the_page_as_mupdf_rounds_it() -> None:
    """Pages whose corners fall between pixels span one pixel more at each end."""
    doc = pymupdf.open()
    for width, height, origin in [(595.3, 841.9, (0.4, 0.7)), (612, 792, (0, 0)),
                                  (100.25, 1000.75, (13.3, 7.9)), (842, 595, (0.5, 0.5))]:
        page = doc.new_page(width=width, height=height)
        page.set_mediabox(pymupdf.Rect(origin[0], origin[1],
                                       origin[0] + width, origin[1] + height))
    for number in range(1, doc.page_count + 1):
        size = (doc[number - 1].rect.width, doc[number - 1].rect.height)
        for box in [(1920, 1080), (1080, 1920), *[READER_AREA], (333, 777)]:
            for zoom in (1.0, 1.37, 2.0, 3.0, 4.0):
                header, _pixels, _keep = reader.render(doc, number, *box, zoom)
                drawn = header["width"] * header["height"]
                assert drawn <= most_output_pixels(*box, zoom, size)
                assert drawn <= most_output_pixels(*box, zoom)  # the bound for any page


@pytest.mark.parametrize(("zoom", "cache_mb", "box"), [
    (2.0, 32, READER_AREA),   # the kiosk's cache: an arena of five slots
    (3.0, 48, READER_AREA),
    (2.0, 48, (1920, 1080)),
])
def test_the_page_shown_and_its_neighbours_stay_cached_across_a_zoom_in_and_out(
        a4_book: Path, zoom: float, cache_mb: int, box: tuple[int, int]) -> None:
    with DocumentEngine(cache_dir=None, standby_worker=False,
                        memory_cache_mb=cache_mb) as engine:
        engine.info(a4_book).result()  # the reader opens a document with its info
        engine.render(a4_book, 3, *box).result()
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        renders = _renders(engine)
        zoomed = engine.render(a4_book, 3, *box, zoom).result()
        assert isinstance(zoomed.data, memoryview)
        del zoomed
        engine.render(a4_book, 3, *box).result()  # zoomed out again
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        assert [args["zoom"] for args in renders] == [zoom]  # nothing drawn again
        assert all(engine.cached(a4_book, n, *box) is not None for n in (2, 3, 4, 5))


def test_a_page_larger_than_the_whole_arena_lets_go_of_no_cached_page(a4_book: Path) -> None:
    """At ×3 on a 1080×1920 screen an A4 page is 42.6 MB, more than the kiosk's five
    slots: it comes through the pipe, and the pages cached around it stay."""
    box = (1056, 1527)
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=32) as engine:
        engine.info(a4_book).result()
        engine.render(a4_book, 3, *box).result()
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        zoomed = engine.render(a4_book, 3, *box, 3.0).result()
        assert isinstance(zoomed.data, bytes)
        assert all(engine.cached(a4_book, n, *box) is not None for n in (2, 3, 4, 5))


def test_a_page_whose_info_is_unknown_reserves_the_zoomed_box_and_renders(
        a4_book: Path) -> None:
    expected = _reference(a4_book, 2, 1920, 1080, 2.0)
    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        arena = engine.worker._page_arena()
        assert arena is not None
        free = arena.free_slots()
        page = engine.render(a4_book, 2, 1920, 1080, 2.0).result()  # no info asked
        assert isinstance(page.data, memoryview)
        assert free - arena.free_slots() == 3  # (3840+2) × (2160+2) × 3 bytes: 24.9 MB
        assert bytes(page.data) == expected


def _one_page(path: Path, width: float, height: float, text: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.draw_rect(page.rect, color=(0, 0, 0), fill=(0.2, 0.4, 0.6))
    page.insert_text((40, 60), text)
    doc.save(path)
    doc.close()


@pytest.fixture
def swapped(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """An A4 portrait page, and a landscape one of the same byte size (padded with a PDF
    comment) to be copied over it with the same modification time: the same identity
    (path, time, size) with a page of another shape."""
    portrait, landscape = tmp_path / "ban_tin.pdf", tmp_path / "ngang.pdf"
    _one_page(portrait, 595, 842, "Dung")
    _one_page(landscape, 842, 595, "Ngang")
    small, large = sorted((portrait, landscape), key=lambda p: p.stat().st_size)
    gap = large.stat().st_size - small.stat().st_size
    with small.open("ab") as out:
        out.write(b"%" + b" " * max(0, gap - 2) + b"\n" if gap >= 2 else b" " * gap)
    assert portrait.stat().st_size == landscape.stat().st_size
    yield portrait, landscape


def test_a_page_that_changed_shape_on_disk_is_never_drawn_past_its_slots(
        swapped: tuple[Path, Path]) -> None:
    """The info cached for the file says A4 portrait; the file on disk is now landscape,
    50 % larger at ×2 in 1920×1080. Its page comes through the pipe, whole, and the page
    held in the slot right after those reserved keeps every byte."""
    portrait, landscape = swapped
    expected = _reference(landscape, 1, 1920, 1080, 2.0)
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=48) as engine:
        assert engine.info(portrait).result().page_sizes == ((595.0, 842.0),)
        arena = engine.worker._page_arena()
        assert arena is not None
        held = [engine.render(portrait, 1, 300 + n, 400).result() for n in range(arena.slots)]
        before = [bytes(page.data) for page in held]
        del held[1:3]  # slots 1 and 2 free: the A4 page at ×2 is reserved there
        engine.memory_cache.clear()
        assert arena.free_slots() == 2

        stat = portrait.stat()
        portrait.write_bytes(landscape.read_bytes())
        os.utime(portrait, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        engine.worker.restart()  # a worker that has not got the old file open
        renders = _renders(engine)
        page = engine.render(portrait, 1, 1920, 1080, 2.0).result()
        assert len(renders) == 1
        assert (renders[0]["shm_offset"], renders[0]["shm_size"]) == (SLOT_BYTES, 2 * SLOT_BYTES)
        assert isinstance(page.data, bytes)  # drawn on its own, sent through the pipe
        assert page.width > page.height
        assert bytes(page.data) == expected
        assert [bytes(p.data) for p in held] == [before[0], *before[3:]]
        assert arena.free_slots() == 2


@pytest.mark.parametrize(("zoom", "cache_mb", "box"), [
    (3.0, 32, READER_AREA),  # the kiosk's five slots: the zoomed page takes 2
    (4.0, 32, READER_AREA),  # 3 of 5
    (2.0, 32, (1056, 1527)),  # the 1080×1920 reader: 3 of 5
    (3.0, 48, (1920, 1080)),  # six slots: 3 of them
    (4.0, 48, (1920, 1080)),  # 5 of 6
])
def test_a_zoom_lets_go_only_of_the_cached_pages_its_slots_need(
        a4_book: Path, zoom: float, cache_mb: int, box: tuple[int, int]) -> None:
    """Where the zoomed page needs more slots than are free, the cache lets go of the
    pages in the cheapest run of slots: as few as the arena allows, and never the page
    shown. Letting go of the oldest pages until a long enough run appeared lost one or
    two more (the page shown, drawn first, among them), drawn again on zooming out."""
    with DocumentEngine(cache_dir=None, standby_worker=False,
                        memory_cache_mb=cache_mb) as engine:
        engine.info(a4_book).result()
        arena = engine.worker._page_arena()
        assert arena is not None
        engine.render(a4_book, 3, *box).result()
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        cached = len(engine.memory_cache)  # pages 2–5 (counted without using them)
        assert cached == 4
        renders = _renders(engine)
        zoomed = engine.render(a4_book, 3, *box, zoom).result()
        assert isinstance(zoomed.data, memoryview)  # in the arena, not through the pipe
        del zoomed
        engine.render(a4_book, 3, *box).result()  # zoomed out again
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        zoom_slots = renders[0]["shm_size"] // arena.slot_bytes
        fewest = max(0, cached + zoom_slots - arena.slots)
        redrawn = [args["page"] for args in renders[1:]]
        assert [args["zoom"] for args in renders[1:]] == [1.0] * len(redrawn)
        assert len(redrawn) == fewest, (redrawn, zoom_slots, arena.slots)
        assert 3 not in redrawn  # the page shown, waited for on zooming out
        assert all(engine.cached(a4_book, n, *box) is not None for n in (2, 3, 4, 5))


def test_a_zoom_lets_go_of_other_pages_before_the_page_read_and_its_neighbours(
        a4_book: Path) -> None:
    """The slider's small pictures of other pages, asked after the page read and its
    neighbours, are let go of first: the oldest pages are the ones the visitor reads."""
    box = (1920, 1080)
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=64) as engine:
        engine.info(a4_book).result()
        arena = engine.worker._page_arena()
        assert arena is not None and arena.slots == 8
        engine.render(a4_book, 3, *box).result()
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        for page in (5, 6, 7, 8):  # the slider's pictures, one slot each
            engine.render(a4_book, page, 160, 220).result()
        renders = _renders(engine)
        zoomed = engine.render(a4_book, 3, *box, 3.0).result()  # 22 MB: three slots
        assert isinstance(zoomed.data, memoryview)
        del zoomed
        engine.render(a4_book, 3, *box).result()
        engine.prefetch(a4_book, 3, *box)
        engine.wait_idle()
        assert [(args["page"], args["zoom"]) for args in renders] == [(3, 3.0)]


def test_an_infographic_zoomed_step_by_step_is_decoded_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MuPDF decodes a picture once per loaded page: loading it again for each zoom step
    decoded a 4000×4000 infographic again at every step (100–280 ms each). The page
    drawn last stays loaded; another page of a document is loaded when it is drawn."""
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 600, 400), False)
    picture.set_rect(picture.irect, (30, 120, 200))
    png = tmp_path / "infographic.png"
    png.write_bytes(picture.tobytes("png"))
    loads: list[int] = []
    load = reader._page

    def counted(doc: pymupdf.Document, number: int) -> pymupdf.Page:
        loads.append(number)
        return load(doc, number)

    monkeypatch.setattr(reader, "_page", counted)
    doc = reader.open_document(png)
    drawn = [reader.render(doc, 1, 540, 360, zoom)[0]["width"] for zoom in (1.0, 1.5, 2.0, 1.0)]
    assert drawn == [540, 810, 1080, 540] and loads == [1]
    book = reader.open_document(hostile.text_pdf(tmp_path / "sach.pdf", ["Một", "Hai"]))
    for number in (1, 2, 1):
        reader.render(book, number, 300, 400, 1.0)
    assert loads == [1, 1, 2, 1]
