"""The statistics store over a station's long life: a full disk is not damage, and
old days go after `admin.stats_keep_days`."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from library.config import Config
from library.paths import DataPaths
from library.stats import StatsStore, station_sink


class Day:
    def __init__(self, day: str = "2026-03-02") -> None:
        self.day = day

    def __call__(self) -> str:
        return self.day


def _full_disk(store: StatsStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write after this one finds the file unable to grow: SQLite's own
    "database or disk is full" (SQLITE_FULL), as on a disk with no space left."""
    connect = store._connect

    def full() -> sqlite3.Connection:
        conn = connect()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(store, "_connect", full)


def test_a_full_disk_keeps_the_file_and_the_counts(data_paths: DataPaths, caplog,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = StatsStore.open(data_paths.root, today=Day(), flush_interval_s=None)
    store.item_viewed("a")
    assert store.flush() is True
    _full_disk(store, monkeypatch)
    caplog.set_level(logging.WARNING, logger="cafesach.stats")
    for n in range(300):  # new keys: the file has to grow
        store.item_viewed(f"item-{n:04d}-" + "x" * 200)
    assert store.flush() is False
    assert store.flush() is False
    assert "damaged" not in caplog.text
    assert caplog.text.count("cannot write") == 1  # said once, not at every try
    assert not list(data_paths.root.glob("stats.db.corrupt*"))  # the year's counts stay
    monkeypatch.undo()  # space again
    assert store.flush() is True
    assert store.totals()["view"] == 301 and store.dropped == 0
    assert "written again" in caplog.text


def test_a_damaged_file_moved_aside_never_replaces_an_earlier_one(data_paths: DataPaths) -> None:
    store = StatsStore.open(data_paths.root, today=Day(), flush_interval_s=None)
    for round_ in range(2):
        store.path.write_bytes(b"not a database %d " % round_ * 100)
        store.item_viewed("a")
        assert store.flush() is False
    kept = sorted(p.name for p in data_paths.root.glob("stats.db.corrupt*"))
    assert kept == ["stats.db.corrupt", "stats.db.corrupt.1"]
    assert (data_paths.root / "stats.db.corrupt").read_bytes().startswith(b"not a database 0")


def test_days_older_than_the_setting_are_deleted_once_a_day(data_paths: DataPaths) -> None:
    day = Day("2025-01-01")
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=None, keep_days=30)
    for d in ("2025-01-01", "2025-01-20", "2025-02-10"):
        day.day = d
        store.item_viewed("a")
        store.search_committed("lua gao", found=True)
        store.flush()
    # 2025-02-10 keeps 30 days: from 2025-01-11 on
    assert [r.day for r in store.rows() if r.type == "item"] == ["2025-01-20", "2025-02-10"]
    assert [r.day for r in store.rows() if r.type == "search"] == ["2025-01-20", "2025-02-10"]
    day.day = "2025-03-01"  # a day with no visitor still deletes
    assert store.flush() is True
    assert [r.day for r in store.rows()] == ["2025-02-10", "2025-02-10"]


def test_reading_and_closing_leave_the_deletion_to_the_writer(data_paths: DataPaths) -> None:
    day = Day("2025-01-01")
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=None, keep_days=30)
    store.item_viewed("a")
    store.flush()
    day.day = "2025-03-01"
    store.item_viewed("a")
    # the librarian's panel reads on the interface thread: the count is written, no
    # deletion (nor VACUUM) is done there, nor on the way out
    assert [r.day for r in store.rows()] == ["2025-01-01", "2025-03-01"]
    store.item_viewed("a")
    store.close()
    assert [(r.day, r.count) for r in store.rows()] == [("2025-01-01", 1), ("2025-03-01", 2)]
    assert store.flush() is True
    assert [r.day for r in store.rows()] == ["2025-03-01"]


def test_keeping_every_day(data_paths: DataPaths) -> None:
    day = Day("2020-01-01")
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=None, keep_days=0)
    store.item_viewed("a")
    store.flush()
    day.day = "2026-01-01"
    store.item_viewed("a")
    store.flush()
    assert [r.day for r in store.rows()] == ["2020-01-01", "2026-01-01"]


def test_the_station_sink_keeps_the_configured_days(tmp_path: Path) -> None:
    config = Config(tmp_path / "config.toml")
    sink = station_sink(tmp_path, config, flush_interval_s=None)
    assert isinstance(sink, StatsStore) and sink.keep_days == 730
    config.set("admin", "stats_keep_days", -5)
    sink = station_sink(tmp_path, config, flush_interval_s=None)
    assert isinstance(sink, StatsStore) and sink.keep_days == 0


def test_the_room_of_years_deleted_goes_back_to_the_disk(data_paths: DataPaths) -> None:
    day = Day("2024-01-01")
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=None)
    for d in range(1, 29):
        day.day = f"2024-02-{d:02d}"
        for n in range(150):
            store.item_viewed(f"item-{n:04d}-" + "x" * 40)
        store.flush()
    before = store.path.stat().st_size
    day.day = "2026-01-01"
    store.keep_days = 30  # the setting is given: every day of 2024 goes
    store.item_viewed("a")
    assert store.flush() is True
    assert store.path.stat().st_size < before / 4
    assert store.totals()["view"] == 1
