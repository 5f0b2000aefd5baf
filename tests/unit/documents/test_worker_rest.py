"""Once a visitor has gone, the worker gives back what it kept for them (`DocumentEngine.rest`):
its open documents, MuPDF's store of decoded pictures, the C heap's free pages.

Over many picture documents the worker held ~820 MB, near its limit all day
(docs/performance.md, "The worker's memory over many documents").
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from library.documents import DocumentEngine, reader
from library.documents import worker as worker_module

from .test_whitening_resumed import _Bench, _dark_and_light

#: Copies of one picture PDF read one after the other: each is a document of its own to
#: MuPDF, whose store keeps the pictures of every one (copying is cheaper than drawing).
COPIES = 8


def _picture_pdf(path: Path, pages: int = 2, per_page: int = 2,
                 size: tuple[int, int] = (2400, 1800)) -> Path:
    """Pages filled with large pictures (each 13 MB decoded), stored with Flate."""
    doc = pymupdf.open()
    width, height = size
    for number in range(pages):
        page = doc.new_page(width=595, height=842)
        for index in range(per_page):
            row = bytes((number * 37 + index * 11 + x) % 256 for x in range(width * 3))
            picture = pymupdf.Pixmap(pymupdf.csRGB, width, height, row * height, False)
            page.insert_image(pymupdf.Rect(0, index * 842 / per_page, 595,
                                           (index + 1) * 842 / per_page), pixmap=picture)
    doc.save(path, deflate=True)
    doc.close()
    return path


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pictures")
    one = _picture_pdf(folder / "pictures.pdf")
    return [Path(shutil.copy(one, folder / f"copy{n}.pdf")) for n in range(COPIES)]


@pytest.fixture
def own_engine() -> Iterator[DocumentEngine]:
    """An engine of its own, as the kiosk's (32 MB page cache) without the disk cache."""
    with DocumentEngine(memory_cache_mb=32, disk_cache_mb=0, timeout_s=30.0,
                        standby_worker=False) as made:
        yield made


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and glibc's heap")
def test_rest_gives_the_pictures_memory_back_and_pages_draw_the_same(
        own_engine: DocumentEngine, pictures: list[Path]) -> None:
    own_engine.wait_idle()
    pid = own_engine.worker_pid()
    assert pid is not None
    fresh = _rss_mb(pid)
    first = bytes(own_engine.render(pictures[0], 1, 1080, 1920).result().data)
    for pdf in pictures:
        for page in (1, 2):
            own_engine.render(pdf, page, 1080, 1920).result()
    read = _rss_mb(pid)
    assert read > fresh + 80, (fresh, read)  # the store kept the pictures of every copy

    assert own_engine.rest().result() is True
    rested = _rss_mb(pid)
    assert rested - fresh < (read - fresh) / 3, (fresh, read, rested)
    assert own_engine.worker_pid() == pid  # the same worker, not a restarted one

    own_engine.memory_cache.clear()  # drawn again by the worker, not from the cache
    assert bytes(own_engine.render(pictures[0], 1, 1080, 1920).result().data) == first


def test_a_page_asked_after_rest_is_drawn_before_it(own_engine: DocumentEngine,
                                                    pictures: list[Path]) -> None:
    """The queue's order, with the dispatcher held on a request until all is queued."""
    own_engine.render(pictures[0], 1, 400, 600).result()  # something to let go of
    own_engine.info(pictures[2]).result()  # two pages: the prefetch asks for page 2 only
    real_call = own_engine.worker.call
    held, asked = threading.Event(), []

    def call(op: str, args: dict[str, Any], *rest: Any, **options: Any) -> Any:
        asked.append(op)
        if len(asked) == 1:
            assert held.wait(30)
        return real_call(op, args, *rest, **options)

    own_engine.worker.call = call  # type: ignore[method-assign]
    busy = own_engine.info(pictures[1])  # holds the dispatcher
    own_engine.rest()
    own_engine.prefetch(pictures[2], 1, 400, 600)  # asked later than the rest: after it
    page = own_engine.render(pictures[2], 1, 400, 600)
    held.set()
    page.result()
    busy.result()
    own_engine.wait_idle()
    assert asked[:3] == ["info", "render", "rest"], asked
    assert asked[3:] == ["render", "ping"], asked  # the prefetch, behind the rest


def test_rest_sends_nothing_to_a_worker_that_opened_nothing(own_engine: DocumentEngine,
                                                            pictures: list[Path]) -> None:
    own_engine.wait_idle()
    sent = own_engine.worker.requests
    assert own_engine.rest().result() is False  # a fresh worker
    assert own_engine.worker.requests == sent
    own_engine.text(pictures[0], 1).result()
    own_engine.rest().result()
    sent = own_engine.worker.requests
    assert own_engine.rest().result() is False  # nothing opened since the last rest
    assert own_engine.worker.requests == sent


def test_the_standby_taken_over_after_a_crash_is_not_asked_to_rest(
        tmp_path: Path, pictures: list[Path]) -> None:
    """The standby never opened anything; once it replaces a crashed worker, there is
    nothing to give back until a visitor reads with it."""
    with DocumentEngine(memory_cache_mb=32, disk_cache_mb=0, timeout_s=30.0) as engine:
        engine.text(pictures[0], 1).result()
        crashed = engine.worker_pid()
        assert crashed is not None
        os.kill(crashed, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while engine.worker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)  # until the kill has landed
        engine.wait_idle()  # a ping: the standby takes over
        assert engine.worker_pid() != crashed and engine.restarts == 1
        sent = engine.worker.requests
        assert engine.rest().result() is False
        assert engine.worker.requests == sent
        engine.text(pictures[0], 1).result()
        assert isinstance(engine.rest().result(), bool)
        assert engine.worker.requests == sent + 2  # with a document read, the rest is sent


def test_a_closed_engine_rests_without_a_worker() -> None:
    engine = DocumentEngine(disk_cache_mb=0, standby_worker=False)
    engine.close()
    assert engine.rest().result() is False


def test_the_workers_rest_closes_its_documents_and_empties_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's own loop: "rest" lets go of the open documents, MuPDF's store and the
    heap's free pages, answers, and pages draw on after it."""
    bench = _Bench(_dark_and_light(tmp_path / "dark.pdf"))
    done: list[str] = []
    drop = reader.drop_decoded
    monkeypatch.setattr(reader, "drop_decoded", lambda: done.append("store") or drop())
    monkeypatch.setattr(worker_module, "trim_heap", lambda: done.append("heap") or True)
    try:
        first, rested = bench.run((bench.render(2, 0, []), 0), (bench.request("rest"), 0))
        assert first[1] is True and rested[1:3] == (True, True)
        assert done == ["store", "heap"]
        assert not bench.docs.open
        (again,) = bench.run((bench.render(2, 1, []), 0))
        assert again[1] is True
        assert bench.slot(1)[:again[3]] == bench.slot(0)[:first[3]]
    finally:
        bench.close()
