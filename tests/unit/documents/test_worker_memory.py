"""A page that fails for want of memory is tried once more after the worker let go of
what earlier documents left (MuPDF's decoded pictures, its open documents).

Over many picture documents MuPDF's store fills and the worker's address space
ends near its limit (docs/performance.md, "The worker's memory over many
documents"); a heavy page a fresh worker draws failed then as "too large".
The worker's loop runs here with a scripted caller (`test_whitening_resumed`);
MuPDF's failed allocation is stood in for by a render that fails as MuPDF
says it, until the decoded pictures are let go.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from library.documents import reader
from library.documents import worker as worker_module

from .test_whitening_resumed import _Bench, _dark_and_light, _light

#: How MuPDF says an allocation failed (its error's text, as the worker reads it).
NO_MEMORY = "code=2: malloc (174000000 bytes) failed"


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[_Bench]:
    made = _Bench(_dark_and_light(tmp_path / "dark.pdf"))
    yield made
    made.close()


class _Memory:
    """MuPDF's memory as the test stands it in for: full until the decoded pictures are
    let go (`fails_after_drop` more failures after that), counting the draws asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fails_after_drop: int = 0,
                 error: str = NO_MEMORY) -> None:
        self.full = True
        self.draws = 0
        self.drops = 0
        self.events: list[str] = []  # "draw", "store" and "heap", in order
        self.fails_after_drop = fails_after_drop
        self.error = error
        render, drop = reader.render, reader.drop_decoded

        def rendering(*args: Any, **kwargs: Any) -> Any:
            self.draws += 1
            self.events.append("draw")
            if self.full:  # a new error each time, as MuPDF's: none keeps the slots' view
                raise RuntimeError(self.error)
            return render(*args, **kwargs)

        def dropping() -> None:
            self.drops += 1
            self.events.append("store")
            drop()  # MuPDF's own store really emptied
            if self.fails_after_drop:
                self.fails_after_drop -= 1
            else:
                self.full = False

        monkeypatch.setattr(reader, "render", rendering)
        monkeypatch.setattr(reader, "drop_decoded", dropping)
        monkeypatch.setattr(worker_module, "trim_heap",
                            lambda: self.events.append("heap") or True)


def test_a_page_that_failed_for_memory_is_drawn_after_the_worker_lets_go(
        bench: _Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _Memory(monkeypatch)
    bench.docs.get(bench.pdf)  # a document open from before
    (reply,) = bench.run((bench.render(2, 0, [1]), 0))
    assert reply[1] is True, reply
    assert (memory.draws, memory.drops) == (2, 1)
    assert bench.docs.open  # opened again for the second try
    light = _light(bench.pdf)
    assert reply[3] == len(light)
    assert bench.slot(0)[:len(light)] == light


def test_a_page_too_large_for_the_limit_itself_fails_once_more_and_is_said(
        bench: _Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _Memory(monkeypatch, fails_after_drop=5)
    replies = bench.run((bench.render(2, 0, [1]), 0), (bench.request("ping"), 0))
    assert (memory.draws, memory.drops) == (2, 1)  # tried twice, not until it fits
    assert replies[0][1] is False
    assert "memory limit" in replies[0][2][0]
    assert replies[1][1] is True  # the worker answers on
    assert bench.docs.open  # opened for the second try, kept: only the retry lets go


@pytest.mark.parametrize("error", [
    "code=2: calloc (4000 x 43500 bytes) failed",
    "code=2: realloc (174000000 bytes) failed",  # a stream's buffer grown while decoded
    "Out of memory allocating dictionary array",
    "code=3: jpeg error: Insufficient memory (case 4)",  # libjpeg, inside MuPDF
])
def test_every_way_mupdf_says_memory_ran_out_is_tried_again(
        bench: _Bench, monkeypatch: pytest.MonkeyPatch, error: str) -> None:
    """Only "malloc … failed" was taken for memory: a failed calloc or realloc failed the
    page at once as "cannot read", and the kiosk flagged the item broken."""
    memory = _Memory(monkeypatch, error=error)
    (reply,) = bench.run((bench.render(2, 0, [1]), 0))
    assert reply[1] is True, reply
    assert (memory.draws, memory.drops) == (2, 1)


def test_the_retry_gives_the_heaps_free_top_back_before_drawing_again(
        bench: _Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to 64 MiB kept free at the heap's top (`heap.TRIM_THRESHOLD`) count against the
    worker's limit: a pixmap larger than that is mapped on its own, and fits only once
    they are given back, as the rest between visitors gives them."""
    memory = _Memory(monkeypatch)
    (reply,) = bench.run((bench.render(2, 0, [1]), 0))
    assert reply[1] is True, reply
    assert memory.events == ["draw", "store", "heap", "draw"]


@pytest.mark.parametrize("error", [
    "code=7: syntax error in content stream",
    # sizes that overflow: a malformed file, no memory would ever hold them
    "code=2: calloc (4000 x 4611686018427387904 bytes) failed (overflow)",
    "code=2: malloc array (3 x 6148914691236517206 bytes) failed (overflow)",
    "code=2: realloc array (3 x 6148914691236517206 bytes) failed (overflow)",
    # MuPDF's words around a name the file chose, not about memory
    "code=7: cannot find font 'malloc-failed'",
    "code=2: cannot open file 'ban tin realloc da failed.pdf': No such file or directory",
])
def test_other_failures_are_not_tried_again(bench: _Bench, monkeypatch: pytest.MonkeyPatch,
                                            error: str) -> None:
    """Tried again they cost a second parse of the file, and were said as "too large for
    the memory limit": a librarian would raise the limit for a file that can never open."""
    memory = _Memory(monkeypatch, error=error)
    (reply,) = bench.run((bench.render(2, 0, [1]), 0))
    assert reply[1] is False and "cannot read" in reply[2][0]
    assert (memory.draws, memory.drops) == (1, 0)


def test_letting_go_of_the_decoded_pictures_keeps_pages_drawing(bench: _Bench) -> None:
    """The real `drop_decoded` between two draws of the same page: the same bytes."""
    (first,) = bench.run((bench.render(2, 0, []), 0))
    drawn = bench.slot(0)[:first[3]]
    reader.drop_decoded()
    (again,) = bench.run((bench.render(2, 1, []), 0))
    assert bench.slot(1)[:again[3]] == drawn
