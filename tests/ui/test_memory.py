"""Memory between visitors: what a visitor left in the C heap is given back after the reset."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap")
def test_trim_heap_gives_back_blocks_freed_under_one_still_held() -> None:
    """60 MB of small blocks freed while the last one is still held: glibc keeps the
    pages (the heap's top is in use) until `trim_heap` hands them back."""
    from kiosk.memory import trim_heap

    blocks = [bytearray(2000) for _ in range(30_000)]
    kept = blocks[-1]
    del blocks
    freed = rss_mb()
    assert trim_heap()
    assert rss_mb() < freed - 30
    assert len(kept) == 2000


def test_the_idle_reset_gives_memory_back_once_the_visitor_has_gone(kiosk,
                                                                   monkeypatch) -> None:
    trims: list[bool] = []
    monkeypatch.setattr("kiosk.app.trim_heap", lambda: trims.append(True) or True)
    kiosk.visit.openSearch()
    kiosk.idle.idle_timer.timeout.emit()  # the idle reset
    assert kiosk.nav.screen == "home"
    assert kiosk.tidy_timer.isActive() and trims == []  # not while the screens change
    kiosk.tidy_timer.timeout.emit()
    assert trims == [True]
    kiosk.idle.idle_timer.timeout.emit()  # every visitor's reset, not only the first
    kiosk.tidy_timer.timeout.emit()
    assert trims == [True, True]


def test_the_idle_reset_lets_the_document_worker_give_back_the_visitors_documents(
        kiosk, monkeypatch) -> None:
    """With the heap's trim, the worker is told to let go of the documents and decoded
    pictures it kept (`DocumentEngine.rest`), once the screens have changed."""
    rests: list[bool] = []
    monkeypatch.setattr(kiosk.reader.engine(), "rest", lambda: rests.append(True))
    kiosk.visit.openSearch()
    kiosk.idle.idle_timer.timeout.emit()  # the idle reset
    assert rests == []
    kiosk.tidy_timer.timeout.emit()
    assert rests == [True]


def test_a_document_engine_not_started_is_not_started_to_give_memory_back(
        kiosk, monkeypatch) -> None:
    monkeypatch.setattr(kiosk.reader, "_engine", None)
    monkeypatch.setattr(kiosk.reader, "_engine_factory",
                        lambda: pytest.fail("the idle reset started a document engine"))
    kiosk.give_back_memory()


def test_a_closed_kiosk_neither_resets_nor_tidies_later(qapp, station_paths) -> None:
    """Closing stops the idle watch and the tidy after a reset: neither may reach the
    QML engine or the tasks once they are gone."""
    from kiosk.app import KioskApp
    from library.catalog import Catalog

    with Catalog.open(station_paths) as catalog:
        app = KioskApp(catalog, paths=station_paths)
        app.idle.start()  # as `show` starts it (without the worker's warm-up)
        app.reset()
        assert app.idle.idle_timer.isActive() and app.tidy_timer.isActive()
        app.close()
        app.reader.shutdown()
        assert not app.idle.idle_timer.isActive()
        assert not app.idle.attract_timer.isActive()
        assert not app.tidy_timer.isActive()
