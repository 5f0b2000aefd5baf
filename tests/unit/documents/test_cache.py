"""Page caches and prefetch: pages land in the caches, stale sizes are cancelled."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from library.documents import DocumentEngine, RenderedPage
from library.documents.pagecache import DiskCache, MemoryCache, PageKey

from . import hostile


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return hostile.text_pdf(tmp_path / "book.pdf", [f"Trang số {n}" for n in range(1, 7)])


def _page(number: int, size: int) -> RenderedPage:
    return RenderedPage(number, size, 1, size * 3, "RGB888", bytes(size * 3))


def test_rendered_page_lands_in_memory_and_on_disk(tmp_path: Path, book: Path) -> None:
    cache = tmp_path / "cache"
    with DocumentEngine(cache_dir=cache, standby_worker=False) as engine:
        assert engine.cached(book, 2, 400, 600) is None
        page = engine.render(book, 2, 400, 600).result()
        assert engine.cached(book, 2, 400, 600) == page
        engine.wait_idle()
        assert len(list((cache / "pages").glob("*/*.page"))) == 1
    with DocumentEngine(cache_dir=cache, standby_worker=False) as second:
        again = second.render(book, 2, 400, 600).result()
        assert again == page
        assert second.worker.requests == 0  # read back from disk, not rendered


def test_changed_file_never_hits_old_pages(engine: DocumentEngine, tmp_path: Path) -> None:
    path = hostile.text_pdf(tmp_path / "v.pdf", ["một"])
    first = engine.render(path, 1, 300, 300).result()
    hostile.text_pdf(tmp_path / "v.pdf", ["hai trang", "khác hẳn"], size=(842, 595))
    os.utime(path, ns=(1, 1))
    second = engine.render(path, 1, 300, 300).result()
    assert (second.width, second.height) != (first.width, first.height)


def test_prefetch_renders_next_two_and_previous(engine: DocumentEngine, book: Path) -> None:
    engine.info(book).result()  # the page count bounds prefetch
    engine.render(book, 3, 300, 400).result()
    engine.prefetch(book, 3, 300, 400)
    engine.wait_idle()
    assert all(engine.cached(book, n, 300, 400) is not None for n in (2, 3, 4, 5))
    assert engine.cached(book, 1, 300, 400) is None and engine.cached(book, 6, 300, 400) is None
    engine.prefetch(book, 6, 300, 400)  # the last page: only the one before
    engine.wait_idle()
    assert engine.cached(book, 7, 300, 400) is None


def test_new_size_cancels_stale_prefetch(fresh_engine: DocumentEngine, book: Path,
                                         tmp_path: Path) -> None:
    stuck = hostile.hang_pdf(tmp_path / "stuck.pdf")
    fresh_engine.info(stuck).result()
    busy = fresh_engine.render(stuck, 1, 100, 100)  # holds the worker for the 1.5 s timeout
    fresh_engine.prefetch(book, 3, 300, 400)  # a rotation arrives before these start…
    fresh_engine.prefetch(book, 3, 400, 300)
    with pytest.raises(Exception, match="longer than"):
        busy.result(timeout=60)
    fresh_engine.wait_idle()
    assert all(fresh_engine.cached(book, n, 300, 400) is None for n in (2, 4, 5))
    assert all(fresh_engine.cached(book, n, 400, 300) is not None for n in (2, 4, 5))


def test_render_promotes_a_queued_prefetch(fresh_engine: DocumentEngine, book: Path,
                                           tmp_path: Path) -> None:
    stuck = hostile.hang_pdf(tmp_path / "stuck.pdf")
    fresh_engine.info(stuck).result()
    busy = fresh_engine.render(stuck, 1, 100, 100)
    fresh_engine.prefetch(book, 1, 300, 400)
    wanted = fresh_engine.render(book, 3, 300, 400)  # the visitor swiped two pages at once
    page_two_first: list[bool] = []
    wanted.add_done_callback(
        lambda _f: page_two_first.append(fresh_engine.cached(book, 2, 300, 400) is not None))
    with pytest.raises(Exception, match="longer than"):
        busy.result(timeout=60)
    assert wanted.result(timeout=60).page == 3
    fresh_engine.wait_idle()
    assert page_two_first == [False]  # page 3 jumped ahead of the queued page 2
    assert fresh_engine.cached(book, 2, 300, 400) is not None
    # info, the hang, page 3 once (joined, not rendered twice), page 2, the idle ping
    assert fresh_engine.worker.requests == 5


def test_memory_cache_is_lru_by_bytes() -> None:
    cache = MemoryCache(max_bytes=3000)
    keys = [PageKey("doc", n, 1, 1, 1.0) for n in range(4)]
    for key in keys[:3]:
        cache.put(key, _page(key.page, 300))  # 900 bytes each
    assert cache.get(keys[0]) is not None  # page 0 is now the most recent
    cache.put(keys[3], _page(3, 300))
    assert keys[1] not in cache and keys[0] in cache and keys[3] in cache
    assert cache.bytes <= 3000
    cache.put(PageKey("doc", 9, 1, 1, 1.0), _page(9, 2000))  # larger than the whole cache
    assert len(cache) == 3


def test_disk_cache_is_capped_and_survives_deletion(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    cache = DiskCache(root, max_bytes=10_000)
    keys = [PageKey("doc", n, 1, 1, 1.0) for n in range(1, 6)]
    for index, key in enumerate(keys):
        cache.put(key, _page(key.page, 1000))  # ~3 KB each
        for file in root.glob("*/*.page"):  # make "older" unambiguous on coarse clocks
            os.utime(file, (1000 + index, 1000 + index)) if file == cache._file(key) else None
    assert cache.bytes <= 10_000
    assert cache.get(keys[0]) is None and cache.get(keys[-1]) is not None
    shutil.rmtree(root)  # a librarian empties cache/ while the kiosk runs
    assert cache.get(keys[-1]) is None
    cache.put(keys[0], _page(1, 10))
    assert cache.get(keys[0]) == _page(1, 10)


def test_damaged_disk_page_is_a_miss(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, max_bytes=1_000_000)
    key = PageKey("doc", 1, 1, 1, 1.0)
    cache.put(key, _page(1, 50))
    file = cache._file(key)
    file.write_bytes(file.read_bytes()[:-7])
    assert cache.get(key) is None


def test_a_page_cached_as_drawn_before_is_drawn_again(tmp_path: Path) -> None:
    """A station's disk cache held a white logo on transparency drawn on white (a blank
    page) under the same key: it is a miss, so the page is drawn again on dark grey, and
    written over the old file."""
    cache = DiskCache(tmp_path, max_bytes=1_000_000)
    key = PageKey("doc", 1, 1, 1, 1.0)
    cache.put(key, _page(1, 50))
    file = cache._file(key)
    file.write_bytes(b"CSPG1\n" + file.read_bytes().split(b"\n", 1)[1])  # as written before
    assert cache.get(key) is None
    cache.put(key, _page(1, 50))
    assert cache.get(key) == _page(1, 50) and list(tmp_path.glob("*/*.page")) == [file]


def test_close_fails_queued_work_instead_of_hanging(fresh_engine: DocumentEngine, book: Path,
                                                    tmp_path: Path) -> None:
    from library.errors import DocumentError

    stuck = hostile.hang_pdf(tmp_path / "stuck.pdf")
    fresh_engine.info(stuck).result()
    busy = fresh_engine.render(stuck, 1, 100, 100)
    waiting = fresh_engine.render(book, 1, 200, 200)
    fresh_engine.prefetch(book, 1, 200, 200)
    fresh_engine.close()
    with pytest.raises(DocumentError, match="closed"):
        waiting.result(timeout=30)
    with pytest.raises(DocumentError):
        busy.result(timeout=30)
    assert not fresh_engine.worker.is_alive()
    with pytest.raises(DocumentError, match="closed"):
        fresh_engine.text(book, 1).result(timeout=30)
