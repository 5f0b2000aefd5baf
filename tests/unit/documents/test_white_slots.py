"""Pages start on slots the worker whitened while it waited, and never show an older page."""

from __future__ import annotations

import time
from multiprocessing import Pipe
from pathlib import Path

import pymupdf
import pytest

from library.documents import DocumentEngine, reader
from library.documents.slots import SLOT_BYTES, WHITEN_STEP, PageArena, WhiteSlots, fill_white
from library.documents.worker import _SharedPages


def _dark_and_light(path: Path) -> Path:
    """Page 1 black from edge to edge, page 2 almost all white (a line of text), page 3
    a wide landscape page, so pages of several sizes follow a dark one in a slot."""
    doc = pymupdf.open()
    dark = doc.new_page()
    dark.draw_rect(dark.rect, color=(0, 0, 0), fill=(0, 0, 0))
    doc.new_page().insert_text((72, 72), "Trang gần như trắng")
    wide = doc.new_page(width=842, height=400)
    wide.insert_text((40, 60), "Bản tin xã")
    doc.save(path)
    return path


def _reference(path: Path, number: int, width: int, height: int, zoom: float = 1.0) -> bytes:
    """The page drawn by MuPDF into a pixmap of its own (no shared memory, no whitening)."""
    with DocumentEngine(cache_dir=None, standby_worker=False) as piped:
        piped.worker.arena_bytes = 0
        return bytes(piped.render(path, number, width, height, zoom).result().data)


def _wait_white(engine: DocumentEngine, slot: int, nbytes: int) -> bool:
    """Whether the worker has whitened `nbytes` of a free slot within a few seconds."""
    arena = engine.worker._arena
    assert arena is not None and arena._block is not None
    start = arena.offset(slot)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if bytes(arena._block.buf[start:start + nbytes]).count(0xFF) == nbytes:
            return True
        time.sleep(0.02)
    return False


def test_a_light_page_after_a_dark_one_in_the_same_slot_is_drawn_whole(tmp_path: Path) -> None:
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    sizes = [(1080, 1920, 1.0), (600, 800, 1.0), (1920, 1080, 1.0), (300, 300, 2.0)]
    expected = {(n, *size): _reference(pdf, n, *size) for n in (2, 3) for size in sizes}
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=1) as engine:
        for round_ in range(2):
            for size in sizes:
                for number in (1, 2, 3):
                    engine.memory_cache.clear()  # every slot free again: reused at once
                    page = engine.render(pdf, number, *size).result()
                    if number != 1:
                        assert bytes(page.data) == expected[(number, *size)], (round_, size)
                    del page


def test_the_worker_whitens_a_used_slot_it_may_hand_out_next(tmp_path: Path) -> None:
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=1) as engine:
        light = engine.render(pdf, 2, 600, 800).result()  # slot 0
        arena = engine.worker._arena  # made at the first render
        dark = engine.render(pdf, 1, 600, 800).result()  # slot 1
        nbytes = dark.nbytes
        assert bytes(dark.data).count(0) > 0.99 * nbytes
        del light, dark
        engine.memory_cache.clear()  # both free again; slot 1 still black
        assert arena is not None and arena.next_free(3) == [0, 1, 2]
        engine.render(pdf, 3, 600, 800).result()  # slot 0; slots 1 and 2 named next
        assert _wait_white(engine, 1, nbytes)
        engine.wait_idle()
        assert arena._block is not None
        third = arena.offset(2)
        assert bytes(arena._block.buf[third:third + SLOT_BYTES]) == bytes(SLOT_BYTES)  # never used


@pytest.mark.parametrize("size", [(600, 800), (300, 400), (1080, 1920)])
def test_a_page_drawn_into_a_slot_whitened_ahead_shows_nothing_of_the_page_before(
        tmp_path: Path, size: tuple[int, int]) -> None:
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    expected = _reference(pdf, 2, *size)
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=1) as engine:
        light = engine.render(pdf, 2, 600, 800).result()  # slot 0
        dark = engine.render(pdf, 1, 600, 800).result()  # slot 1, black
        arena = engine.worker._arena
        nbytes = dark.nbytes
        del light, dark
        engine.memory_cache.clear()
        assert arena is not None and arena.next_free(3) == [0, 1, 2]
        shown = engine.render(pdf, 3, 600, 800).result()  # slot 0; slot 1 whitened ahead
        assert _wait_white(engine, 1, nbytes)
        page = engine.render(pdf, 2, *size).result()  # slot 1: the worker clears only
        assert arena.next_free(1) == [2]  # what it did not whiten (none, or a larger tail)
        assert bytes(page.data) == expected
        del shown  # held until now: slot 0 was not free for the page


def test_whitening_stops_when_a_request_comes_and_goes_on_later() -> None:
    buffer = memoryview(bytearray(b"\x00" * (3 * WHITEN_STEP)))
    white = WhiteSlots()
    white.drawn(0, len(buffer), len(buffer), (0, 0))  # a page filled it
    looks = iter([False, True])
    white.whiten(buffer, [(0, len(buffer))], lambda: next(looks, True))
    assert bytes(buffer[:WHITEN_STEP]) == b"\xff" * WHITEN_STEP
    assert bytes(buffer[WHITEN_STEP:]).count(0) == 2 * WHITEN_STEP
    assert white.unknown(0, len(buffer)) == (WHITEN_STEP, len(buffer))
    white.whiten(buffer, [(0, len(buffer))], lambda: False)
    assert bytes(buffer) == b"\xff" * len(buffer)
    assert white.unknown(0, len(buffer)) == (0, 0)


def test_a_draw_forgets_every_region_it_overlaps() -> None:
    size = 4096
    buffer = memoryview(bytearray(3 * size))
    white = WhiteSlots()
    white.whiten(buffer, [(0, size), (size, 2 * size)], lambda: False)
    assert bytes(buffer) == bytes(3 * size)  # never drawn into: left alone
    white.drawn(0, size, size, (0, 0))
    white.drawn(size, 2 * size, 2 * size, (0, 0))
    white.whiten(buffer, [(0, size), (size, 2 * size)], lambda: False)
    assert white.unknown(0, size) == (0, 0) and white.unknown(size, 2 * size) == (0, 0)
    before = white.drawing(2 * size, size)  # a page into the third slot
    assert before == (0, size)  # never seen alone: unknown
    assert white.unknown(size, 2 * size) == (0, 2 * size)  # spans it: nothing known now
    assert white.unknown(0, size) == (0, 0)  # apart from it: still white
    white.drawn(2 * size, size, size, before)
    assert white.unknown(2 * size, size) == (0, size)
    white.whiten(buffer, [(2 * size, size)], lambda: False)
    assert white.unknown(2 * size, size) == (0, 0)
    assert bytes(buffer[2 * size:]).count(0xFF) == size
    before = white.drawing(2 * size, size)
    assert before == (0, 0)
    white.drawn(2 * size, size, 1000, before)
    assert white.unknown(2 * size, size) == (0, 1000)  # only the page's bytes
    white.drawing(2 * size, size)  # a draw that fails: its region stays unknown
    assert white.unknown(2 * size, size) == (0, size)
    white.whiten(buffer, [(2 * size, size)], lambda: False)  # all of it drawn before
    assert white.unknown(2 * size, size) == (0, 0)


def test_whitening_ahead_stops_at_the_largest_page_drawn_in_the_slot() -> None:
    size, small, large = 8 * WHITEN_STEP, WHITEN_STEP + 10, 3 * WHITEN_STEP
    buffer = memoryview(bytearray(size))
    white = WhiteSlots()
    before = white.drawing(0, size)  # a fresh worker: a page before it may have been there
    assert before == (0, size)
    white.drawn(0, size, small, before)
    buffer[:small] = bytes(small)  # the page, black
    white.whiten(buffer, [(0, size)], lambda: False)
    assert bytes(buffer[:small]) == b"\xff" * small
    assert bytes(buffer[small:]) == bytes(size - small)  # the tail: never touched, not in memory
    assert white.unknown(0, size) == (small, size)  # cleared when a larger page comes
    before = white.drawing(0, size)
    assert before == (small, size)
    white.drawn(0, size, large, before)  # the draw cleared small…large itself
    white.whiten(buffer, [(0, size)], lambda: False)
    assert bytes(buffer[:large]) == b"\xff" * large
    assert bytes(buffer[large:]) == bytes(size - large)
    before = white.drawing(0, size)
    white.drawn(0, size, small, before)  # a small page again: what the large one drew is
    white.whiten(buffer, [(0, size)], lambda: False)  # in memory, whitened ahead as well
    assert white.unknown(0, size) == (large, size)
    assert bytes(buffer[large:]) == bytes(size - large)


def test_regions_outside_the_arena_are_not_touched() -> None:
    buffer = memoryview(bytearray(100))
    white = WhiteSlots()
    for offset, size in [(90, 20), (-10, 20), (0, 0)]:
        white.drawn(offset, size, size, (0, 0))
    white.whiten(buffer, [(90, 20), (-10, 20), (0, 0)], lambda: False)
    assert bytes(buffer) == bytes(100)


@pytest.mark.parametrize("unknown", [(0, 0), (5000, 20000), (0, 10**9)])
def test_only_the_unknown_bytes_are_cleared_before_drawing(tmp_path: Path,
                                                          unknown: tuple[int, int]) -> None:
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    expected = _reference(pdf, 2, 200, 300)
    doc = reader.open_document(pdf)
    into = memoryview(bytearray(SLOT_BYTES))
    fill_white(into, 0, len(into))
    lo, hi = unknown
    into[lo:min(hi, len(into))] = bytes(min(hi, len(into)) - lo)  # black where unknown
    header, samples, _keep = reader.render(doc, 2, 200, 300, 1.0, into=into, unknown=unknown)
    assert samples is None and bytes(into[:header["shared"]]) == expected


def test_free_slots_of_another_arena_are_not_whitened_in_the_one_attached() -> None:
    """A render that fails before it attaches the arena it names (its file will not open)
    must not whiten that arena's free slots in the one attached: there the same offsets
    may hold pages still shown (an arena closed keeps its held pages)."""
    slot = 4096
    shown, new = PageArena(2 * slot, slot_bytes=slot), PageArena(2 * slot, slot_bytes=slot)
    ours, theirs = Pipe()
    shared = _SharedPages()
    try:
        drawn = {"shm": shown.name, "shm_offset": slot, "shm_size": slot}
        assert shared.view(drawn) is not None
        shared.drawn(drawn, slot, shared.drawing(drawn))  # a page the worker drew there
        assert shown._block is not None
        before = bytes(shown._block.buf)
        shared.named({"shm": new.name, "whiten": [(slot, slot)]})
        shared.whiten_ahead(theirs)
        assert bytes(shown._block.buf) == before
        shared.named({"shm": shown.name, "whiten": [(slot, slot)]})
        shared.whiten_ahead(theirs)
        assert bytes(shown._block.buf[slot:]) == b"\xff" * slot  # the one named: whitened
    finally:
        shared.close()
        ours.close()
        theirs.close()
        shown.close()
        new.close()


def test_the_slot_kept_free_is_not_taken_from_the_page_shown_and_its_neighbours(
        tmp_path: Path) -> None:
    """The kiosk's cache (32 MB) makes the smallest arena: the slot the worker keeps free
    to whiten must come on top of the page and its three prefetched neighbours, or the
    page the visitor is looking at (the oldest of them) left memory at every turn."""
    book = tmp_path / "sach.pdf"
    doc = pymupdf.open()
    for number in range(1, 9):
        doc.new_page().insert_text((72, 72), f"Trang {number}")
    doc.save(book)
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=32) as engine:
        for number in (3, 4, 5):  # a visitor reads on
            engine.render(book, number, 1080, 1920).result()
            engine.prefetch(book, number, 1080, 1920)
            engine.wait_idle()
            kept = [n for n in (number - 1, number, number + 1, number + 2)
                    if engine.cached(book, n, 1080, 1920) is not None]
            assert kept == [number - 1, number, number + 1, number + 2]
