"""The worker takes up whitening again after whatever request interrupted it, and what
it believes white stays true in every order of events: a page never shows an older one.

Most tests drive the worker's own loop (`worker.serve`) with a scripted caller:
each request comes after a set number of looks for a waiting request, so a
request interrupts whitening exactly where the test says, without timing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from library.documents import DocumentEngine, reader
from library.documents.slots import SLOT_BYTES, WHITEN_STEP, PageArena
from library.documents.worker import _Documents, _SharedPages, serve
from library.errors import DocumentError

SLOT = 1024 * 1024  # small slots: a 400×600 page is 679,200 bytes, two and a half steps
SIZE = (400, 600)


class _Caller:
    """The caller's end of the pipe, scripted: (request, looks before it comes) pairs.

    `poll` (the worker's look for a waiting request) says no until a request's
    looks are used up; with the script done, the pipe closes (the loop returns
    without a last request, so nothing interrupts the last whitening)."""

    def __init__(self, script: list[tuple[Any, int]],
                 probe: Callable[[], Any] | None = None) -> None:
        self.script = list(script)
        self.replies: list[Any] = []
        self.probe = probe
        self.probed: list[Any] = []  # what `probe` said as each request was read

    def poll(self, timeout: float = 0.0) -> bool:
        if not self.script:
            return False
        request, looks = self.script[0]
        if looks > 0:
            self.script[0] = (request, looks - 1)
            return False
        return True

    def recv(self) -> Any:
        if not self.script:
            raise EOFError
        if self.probe is not None:
            self.probed.append(self.probe())
        return self.script.pop(0)[0]

    def send(self, reply: Any) -> None:
        self.replies.append(reply)

    def send_bytes(self, data: Any) -> None:
        self.replies.append(bytes(data))


def _dark_and_light(path: Path) -> Path:
    """Page 1 black from edge to edge, page 2 almost all white."""
    doc = pymupdf.open()
    dark = doc.new_page()
    dark.draw_rect(dark.rect, color=(0, 0, 0), fill=(0, 0, 0))
    doc.new_page().insert_text((72, 72), "Trang gần như trắng")
    doc.save(path)
    return path


def _light(pdf: Path) -> bytes:
    """Page 2 drawn by MuPDF into a pixmap of its own (no shared memory, no whitening)."""
    _header, samples, _keep = reader.render(reader.open_document(pdf), 2, *SIZE, 1.0)
    assert samples is not None
    return bytes(samples)


class _Bench:
    """A worker's loop over a real arena of three small slots, run script by script."""

    def __init__(self, pdf: Path) -> None:
        self.pdf = pdf
        self.arena = PageArena(3 * SLOT, slot_bytes=SLOT)
        self.docs = _Documents(3)
        self.shared = _SharedPages()
        self._id = 0
        self.dark = b""  # the black page's bytes, as drawn into slot 1

    def request(self, op: str, **args: Any) -> tuple[int, str, dict[str, Any]]:
        self._id += 1
        return self._id, op, {"path": str(self.pdf), **args}

    def render(self, page: int, slot: int, whiten: list[int], *,
               arena: PageArena | None = None, path: Path | None = None,
               ) -> tuple[int, str, dict[str, Any]]:
        arena = arena or self.arena
        request = self.request("render", page=page, width=SIZE[0], height=SIZE[1], zoom=1.0,
                               shm=arena.name, shm_offset=arena.offset(slot), shm_size=SLOT,
                               whiten=[(arena.offset(s), SLOT) for s in whiten])
        if path is not None:
            request[2]["path"] = str(path)
        return request

    def run(self, *script: tuple[Any, int]) -> list[Any]:
        return self.run_probed(None, *script).replies

    def run_probed(self, probe: Callable[[], Any] | None, *script: tuple[Any, int]) -> _Caller:
        caller = _Caller(list(script), probe)
        serve(caller, self.docs, self.shared, False)  # type: ignore[arg-type]
        return caller

    def slot(self, index: int, arena: PageArena | None = None) -> bytes:
        block = (arena or self.arena)._block
        assert block is not None
        start = index * SLOT
        return bytes(block.buf[start:start + SLOT])

    def unknown(self, index: int) -> tuple[int, int]:
        return self.shared.white.unknown(index * SLOT, SLOT)

    def close(self) -> None:
        self.docs.clear()
        self.shared.close()
        self.arena.close()


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[_Bench]:
    made = _Bench(_dark_and_light(tmp_path / "dark.pdf"))
    yield made
    made.close()


def _dark_in_slot_1(bench: _Bench) -> int:
    """A black page drawn into slot 1 and given back; returns its size in bytes."""
    (reply,) = bench.run((bench.render(1, 1, []), 0))
    assert reply[1] is True
    nbytes = reply[3]
    bench.dark = bench.slot(1)[:nbytes]
    assert bench.dark.count(0) > 0.99 * nbytes
    return nbytes


def _whitened(bench: _Bench) -> int | None:
    """How much of the black page in slot 1 is white, from its start (None: something
    else is there, neither white nor the black page)."""
    dark = bench.dark
    shown = bench.slot(1)[:len(dark)]
    white = len(shown) - len(shown.lstrip(b"\xff"))
    return white if shown[white:] == dark[white:] else None


#: Every kind of request a caller sends between two renders, as (op, args).
OTHER_REQUESTS = {
    "ping": ("ping", {}),
    "info": ("info", {}),
    "text": ("text", {"page": 1, "last": 2}),
    "words": ("words", {"page": 2}),
    "cover": ("cover", {"width": 100}),
    "extract": ("extract", {"with_text": True}),
    "unknown op": ("shred", {}),
    "failing info": ("info", {"path": "/nonexistent/missing.pdf"}),
}


@pytest.mark.parametrize("kind", list(OTHER_REQUESTS))
def test_whitening_cut_short_by_any_request_is_taken_up_after_its_reply(
        bench: _Bench, kind: str) -> None:
    nbytes = _dark_in_slot_1(bench)
    op, args = OTHER_REQUESTS[kind]
    # The light page into slot 0, naming slots 1 and 2 free; the other request is
    # already waiting when its reply goes out, so whitening stops before a byte.
    render = bench.render(2, 0, [1, 2])
    other = bench.request(op, **args)
    caller = bench.run_probed(lambda: bench.unknown(1), (render, 0), (other, 0))
    assert caller.probed == [(0, SLOT), (0, SLOT)]  # nothing whitened before the other
    assert [reply[0] for reply in caller.replies] == [render[0], other[0]]
    assert caller.replies[0][1] is True
    assert bench.slot(1)[:nbytes] == b"\xff" * nbytes  # after the other reply
    assert bench.unknown(1) == (nbytes, SLOT)  # the tail this worker never reached
    assert bench.slot(2) == bytes(SLOT)  # never drawn into: not brought into memory
    assert bench.slot(0)[:len(_light(bench.pdf))] == _light(bench.pdf)  # the page shown
    assert bench.shared.ahead == (bench.arena.name, [(SLOT, SLOT), (2 * SLOT, SLOT)])


def test_without_another_request_the_render_itself_leaves_the_slot_white(bench: _Bench) -> None:
    nbytes = _dark_in_slot_1(bench)
    bench.run((bench.render(2, 0, [1, 2]), 0))
    assert bench.slot(1)[:nbytes] == b"\xff" * nbytes
    assert bench.unknown(1) == (nbytes, SLOT)


def test_a_render_into_a_slot_half_whitened_shows_nothing_of_the_page_before(
        bench: _Bench) -> None:
    nbytes = _dark_in_slot_1(bench)
    assert nbytes > 2 * WHITEN_STEP
    light = _light(bench.pdf)
    # A ping comes after one step, and after one more step of the whitening it
    # took up again, the render that takes slot 1.
    blackness = bench.slot(1)
    caller = bench.run_probed(
        lambda: (bench.unknown(1), _whitened(bench)),
        (bench.render(2, 0, [1, 2]), 0), (bench.request("ping"), 1),
        (bench.render(2, 1, [2]), 1))
    assert caller.probed == [((0, SLOT), 0), ((WHITEN_STEP, SLOT), WHITEN_STEP),
                             ((2 * WHITEN_STEP, SLOT), 2 * WHITEN_STEP)]
    assert blackness[:nbytes] == bench.dark
    assert caller.replies[-1][1] is True
    assert bench.slot(1)[:len(light)] == light


def test_a_failing_render_names_the_free_slots_from_then_on(bench: _Bench, tmp_path: Path) -> None:
    """A render that fails (its file is gone) still replaces the slots named before: its
    own slots come back to the caller, and what it named is what is free now."""
    nbytes = _dark_in_slot_1(bench)
    bench.run((bench.render(2, 0, []), 0))  # slot 0 holds the page shown, nothing named
    assert _whitened(bench) == 0
    failing = bench.render(2, 2, [1], path=tmp_path / "gone.pdf")
    replies = bench.run((failing, 0), (bench.request("ping"), 0))
    assert replies[0][1] is False
    assert bench.slot(1)[:nbytes] == b"\xff" * nbytes
    bench.run((bench.render(2, 1, []), 0))  # slot 1 taken: a ping no longer whitens it
    drawn = bench.slot(1)
    bench.run((bench.request("ping"), 0))
    assert bench.slot(1) == drawn


def test_a_render_through_the_pipe_keeps_the_slots_named_before(bench: _Bench) -> None:
    """The caller sends a page through the pipe when it could take no slots: the ones
    named with the render before are still free, and whitened after it."""
    nbytes = _dark_in_slot_1(bench)
    piped = bench.request("render", page=2, width=SIZE[0], height=SIZE[1], zoom=1.0)
    caller = bench.run_probed(lambda: bench.unknown(1), (bench.render(2, 0, [1]), 0),
                              (piped, 0))
    assert caller.probed == [(0, SLOT), (0, SLOT)]  # cut short by the piped render
    assert caller.replies[-2][3] == "pipe" and caller.replies[-1] == _light(bench.pdf)
    assert bench.shared.ahead == (bench.arena.name, [(SLOT, SLOT)])
    assert bench.slot(1)[:nbytes] == b"\xff" * nbytes  # taken up after its reply


def test_a_replaced_arena_is_never_whitened_at_the_old_one_s_offsets(bench: _Bench) -> None:
    """After the worker moved to a new arena, neither a ping nor a render that fails
    before attaching (naming the old one) whitens anything in either: in the old one
    the same offsets may hold pages still shown, and the new one is all unknown."""
    _dark_in_slot_1(bench)
    newer = PageArena(3 * SLOT, slot_bytes=SLOT)
    try:
        bench.run((bench.render(2, 0, [], arena=newer), 0))  # attaches the new arena
        old_dark = bench.slot(1)
        bench.run((bench.request("ping"), 0))
        assert bench.slot(1) == old_dark and _whitened(bench) == 0
        failing = bench.render(2, 2, [1], path=bench.pdf.with_name("gone.pdf"))
        bench.run((failing, 0), (bench.request("ping"), 0))  # names the old arena's slot 1
        assert bench.slot(1) == old_dark
        assert bench.slot(1, newer) == bytes(SLOT)
        bench.run((bench.render(2, 1, [2], arena=newer), 0))  # its slot 1: cleared in full
        assert bench.slot(1, newer)[:len(_light(bench.pdf))] == _light(bench.pdf)
    finally:
        newer.close()


def test_a_new_worker_knows_nothing_white_and_whitens_nothing_it_did_not_draw(
        bench: _Bench) -> None:
    """The standby taking over (or a restart after a killed draw) finds an older
    worker's bytes in the slots: it clears them in full before its first page there."""
    _dark_in_slot_1(bench)
    bench.shared.close()
    bench.shared = _SharedPages()  # the standby, taking over
    bench.run((bench.request("ping"), 0))
    bench.run((bench.render(2, 0, [1, 2]), 0), (bench.request("words", page=2), 0))
    assert _whitened(bench) == 0  # not its page: unknown, left alone
    assert bench.unknown(1) == (0, SLOT)
    bench.run((bench.render(2, 1, [2]), 0))
    assert bench.slot(1)[:len(_light(bench.pdf))] == _light(bench.pdf)


def test_a_draw_that_fails_leaves_its_slot_unknown_and_whitened_once_free(
        bench: _Bench) -> None:
    nbytes = _dark_in_slot_1(bench)
    bench.run((bench.render(2, 0, [1]), 0))
    assert bench.unknown(1) == (nbytes, SLOT)
    broken = bench.render(99, 1, [2])  # no page 99: fails after the slot was handed over
    (reply,) = bench.run((broken, 0))
    assert reply[1] is False
    assert bench.unknown(1) == (0, SLOT)
    bench.run((bench.render(2, 2, [1]), 0), (bench.request("info"), 0))
    assert bench.unknown(1) == (nbytes, SLOT)  # whitened again up to what was drawn there


def test_pages_after_a_black_one_never_show_black_whatever_comes_between(
        tmp_path: Path) -> None:
    """Through the real worker process: black and light pages in turn at several sizes,
    with words, text, info, pings, a dropped cache and a restart between them."""
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    sizes = [(600, 800), (1080, 1920), (300, 400)]
    with DocumentEngine(cache_dir=None, standby_worker=False) as piped:
        piped.worker.arena_bytes = 0
        expected = {size: bytes(piped.render(pdf, 2, *size).result().data) for size in sizes}
    with DocumentEngine(cache_dir=None, standby_worker=True, memory_cache_mb=1) as engine:
        for round_ in range(3):
            for step, size in enumerate(sizes):
                dark = engine.render(pdf, 1, *size).result()
                assert bytes(dark.data).count(0) > 0.9 * dark.nbytes
                del dark
                engine.memory_cache.clear()
                between = (round_ + step) % 4
                if between == 0:
                    engine.words(pdf, 2).result()
                elif between == 1:
                    engine.text(pdf, 2).result()
                    engine.info(pdf).result()
                elif between == 2:
                    engine.wait_idle()
                else:
                    engine.worker.restart()  # the standby takes over
                page = engine.render(pdf, 2, *size).result()
                assert bytes(page.data) == expected[size], (round_, size, between)
                del page
                engine.memory_cache.clear()


def test_a_page_after_a_killed_draw_shows_nothing_the_killed_worker_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render that overran is killed with its slot handed over, and the standby takes
    over knowing nothing of the arena: the next page there is cleared in full."""
    from library.documents.process import TEST_HOOKS_ENV

    from . import hostile

    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    pdf = _dark_and_light(tmp_path / "dark.pdf")
    hang = hostile.hang_pdf(tmp_path / "hang.pdf")
    with DocumentEngine(cache_dir=None, standby_worker=False) as piped:
        piped.worker.arena_bytes = 0
        expected = bytes(piped.render(pdf, 2, *SIZE).result().data)
    with DocumentEngine(cache_dir=None, timeout_s=1.0, memory_cache_mb=1) as engine:
        shown = engine.render(pdf, 2, *SIZE).result()  # slot 0, held
        dark = engine.render(pdf, 1, *SIZE).result()  # slot 1
        arena = engine.worker._arena
        assert arena is not None and arena._block is not None
        dark_bytes = bytes(dark.data)
        del dark
        engine.memory_cache.clear()  # slot 1 free, named to whiten: white again
        engine.wait_idle()
        with pytest.raises(DocumentError):
            engine.render(hang, 1, *SIZE).result()  # takes slot 1; killed, slot given back
        assert engine.restarts == 1
        arena._block.buf[SLOT_BYTES:SLOT_BYTES + len(dark_bytes)] = dark_bytes  # its leftovers
        engine.words(pdf, 2).result()  # the standby's first request: nothing to whiten
        engine.wait_idle()
        assert bytes(arena._block.buf[SLOT_BYTES:SLOT_BYTES + len(dark_bytes)]) == dark_bytes
        page = engine.render(pdf, 2, *SIZE).result()  # slot 1 again
        assert arena.next_free(1) == [2]
        assert bytes(page.data) == expected
        del page, shown
