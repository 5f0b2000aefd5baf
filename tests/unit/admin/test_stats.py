"""Anonymous statistics: counters per day, privacy of the files, broken stores dropped."""

from __future__ import annotations

import csv
import io
import logging
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from library.config import Config
from library.errors import InvalidInput
from library.paths import DataPaths
from library.stats import (
    CSV_HEADER,
    SUPPRESS_BELOW,
    NullSink,
    StatsSink,
    StatsStore,
    collection_totals,
    fold_term,
    rows_to_csv,
)

from .privacy import inspect_data_dir

ROOT = Path(__file__).resolve().parents[3]


class Day:
    def __init__(self, day: str = "2026-03-02") -> None:
        self.day = day

    def __call__(self) -> str:
        return self.day


@pytest.fixture
def day() -> Day:
    return Day()


@pytest.fixture
def store(data_paths: DataPaths, day: Day) -> StatsStore:
    return StatsStore.open(data_paths.root, today=day, flush_interval_s=None)


def test_store_and_null_sink_satisfy_the_protocol(store: StatsStore) -> None:
    sinks: list[StatsSink] = [store, NullSink()]
    for sink in sinks:
        sink.item_viewed("a")
        sink.search_committed("x", found=True)


def test_counts_per_item_per_day(store: StatsStore, day: Day) -> None:
    for _ in range(3):
        store.item_viewed("sach-1")
    store.page_read("sach-1")
    store.audio_played("ban-tin")
    store.qr_shown("sach-1")
    day.day = "2026-03-03"
    store.item_viewed("sach-1")
    store.search_committed("  Chuyển ĐỔI   số ", found=True)
    store.search_committed("chuyen doi so", found=True)
    store.search_committed("xyz lạ", found=False)
    store.search_committed("   ", found=False)  # nothing typed: not counted
    assert store.daily_totals("view") == [("2026-03-02", 3), ("2026-03-03", 1)]
    assert store.top_items("view") == [("sach-1", 4)]
    assert store.totals() == {"view": 4, "page": 1, "audio": 1, "qr": 1, "search": 2,
                              "search_none": 1}
    assert store.search_terms(found=True) == [("chuyen doi so", 2)]
    assert store.search_terms() == [("xyz la", 1)]
    assert store.totals("2026-03-03", "2026-03-03")["view"] == 1
    with pytest.raises(InvalidInput):
        store.totals("2026-03-04", "2026-03-03")
    with pytest.raises(InvalidInput):
        store.totals("yesterday")


def test_day_is_the_stations_day(data_paths: DataPaths) -> None:
    # 23:30 UTC is already the next day in Hà Nội: the config decides, not the machine
    config = Config(data_paths.config_file, {"station": {"time_zone": "Asia/Ho_Chi_Minh"}})
    store = StatsStore.open(data_paths.root, today=config.today, flush_interval_s=None)
    store.item_viewed("a")
    assert store.daily_totals("view") == [(config.today(), 1)]


def test_export_suppresses_small_counts_and_csv_content(store: StatsStore) -> None:
    for _ in range(SUPPRESS_BELOW):
        store.item_viewed("pho-bien")
    for _ in range(SUPPRESS_BELOW - 1):
        store.item_viewed("hiem")
    for _ in range(7):
        store.search_committed("Đà Lạt", found=False)
    store.search_committed("ten rieng", found=False)
    rows = store.export_rows()
    text = rows_to_csv(rows)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == CSV_HEADER
    assert parsed[1:] == [["2026-03-02", "item", "pho-bien", "view", "5"],
                          ["2026-03-02", "search_none", "da lat", "count", "7"]]
    assert "hiem" not in text and "ten rieng" not in text


def test_the_csv_goes_day_by_day(data_paths: DataPaths) -> None:
    """Items and searches of one day stand together, days in order (not every day's items
    first, then every day's searches)."""
    for day in ("2026-03-02", "2026-03-01"):
        store = StatsStore.open(data_paths.root, today=lambda day=day: day,
                                flush_interval_s=None)
        for _ in range(5):
            store.search_committed("Nước mắm", found=False)
            store.search_committed("Đà Lạt", found=True)
            store.item_viewed("sach")
        store.close()
    parsed = list(csv.reader(io.StringIO(rows_to_csv(store.export_rows()))))
    assert [row[:3] for row in parsed[1:]] == [
        ["2026-03-01", "item", "sach"], ["2026-03-01", "search", "da lat"],
        ["2026-03-01", "search_none", "nuoc mam"],
        ["2026-03-02", "item", "sach"], ["2026-03-02", "search", "da lat"],
        ["2026-03-02", "search_none", "nuoc mam"]]


def test_collection_totals(store: StatsStore) -> None:
    kinds = {"a": "book", "b": "book", "c": "bulletin"}
    for item, n in (("a", 2), ("b", 3), ("c", 4), ("gone", 1)):
        for _ in range(n):
            store.item_viewed(item)
    assert collection_totals(store, kinds.get) == [("book", 5), ("bulletin", 4),
                                                   ("unknown", 1)]


def test_background_writer_flushes_and_close_writes_the_rest(data_paths: DataPaths,
                                                              day: Day) -> None:
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=0.05)
    store.item_viewed("a")
    store.close()
    fresh = StatsStore.open(data_paths.root, today=day, flush_interval_s=None)
    assert fresh.totals()["view"] == 1


def test_corrupt_store_is_moved_aside_never_raised(store: StatsStore, caplog) -> None:
    store.path.write_bytes(b"this is not a database" * 100)
    caplog.set_level(logging.ERROR, logger="cafesach.stats")
    store.item_viewed("a")  # must not raise
    assert store.flush() is False
    assert "damaged" in caplog.text
    assert store.path.with_name("stats.db.corrupt").exists()
    assert store.flush() is True  # the count went to a fresh file
    assert store.totals()["view"] == 1


def test_only_the_newest_damaged_stores_are_kept(store: StatsStore) -> None:
    """A disk that damages the file again and again: each copy is as large as the file
    was, and every one of them was kept until the disk was full."""
    from library.stats import CORRUPT_KEPT

    older = [store.path.with_name("stats.db.corrupt")] + [
        store.path.with_name(f"stats.db.corrupt.{n}") for n in (1, 2, 3, 4)]
    for n, path in enumerate(older):  # what an earlier version kept, every one
        path.write_bytes(b"damaged %d" % n)
    for damage in range(3):
        store.path.write_bytes(b"damaged again %d " % damage * 100)
        store.item_viewed("a")
        assert store.flush() is False
        assert store.flush() is True  # counted in a fresh file
    kept = sorted(p.name for p in store.path.parent.glob("stats.db.corrupt*"))
    assert len(kept) == CORRUPT_KEPT == 3
    assert kept == ["stats.db.corrupt.5", "stats.db.corrupt.6", "stats.db.corrupt.7"]
    assert store.path.with_name("stats.db.corrupt.7").read_bytes().startswith(
        b"damaged again 2 ")
    assert store.totals()["view"] == 1


def test_locked_store_keeps_counts_and_never_blocks_the_caller(store: StatsStore,
                                                               caplog) -> None:
    store.item_viewed("a")
    store.flush()
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        caplog.set_level(logging.WARNING, logger="cafesach.stats")
        store.item_viewed("a")
        assert store.flush() is False
        assert "locked" in caplog.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.flush() is True
    assert store.totals()["view"] == 2


def test_unwritable_folder_is_logged_not_raised(tmp_path: Path, day: Day) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = StatsStore(blocker / "stats.db", today=day, flush_interval_s=None)
    store.item_viewed("a")
    assert store.flush() is False
    assert store.flush() is False  # the count waits for a folder it can be written to
    blocker.unlink()
    assert store.flush() is True
    assert store.totals()["view"] == 1 and store.dropped == 0


def test_a_failing_day_function_never_raises(tmp_path: Path) -> None:
    def broken() -> str:
        raise RuntimeError("clock gone")

    store = StatsStore(tmp_path / "stats.db", today=broken, flush_interval_s=None)
    store.item_viewed("a")
    store.search_committed("x", found=True)


def test_fold_term() -> None:
    assert fold_term("  ĐẢNG   Viên ") == "dang vien"
    assert len(fold_term("a" * 500)) == 64
    # a term never starts a spreadsheet formula in the province's CSV
    assert fold_term('=HYPERLINK("http://x","y")') == 'hyperlink("http://x","y")'
    assert fold_term(" + - @cmd") == "cmd"
    assert fold_term("=") == ""
    assert fold_term("covid-19") == "covid-19"


# -- privacy ------------------------------------------------------------------
QUERIES = ["chuyển đổi số", "dang vien", "Đà Lạt", "nong nghiep", "xyzzy", "bản tin xã"]
DAYS = ["2026-03-01", "2026-03-02", "2026-03-03"]


def test_privacy_of_1000_scripted_visits(data_paths: DataPaths, catalog, day: Day) -> None:
    rng = random.Random(7)
    items = [f"muc-{n:02d}" for n in range(30)]
    # a few visitors with a distinctive path through the library
    trails = [rng.sample(items, 6) for _ in range(1000)]
    store = StatsStore.open(data_paths.root, today=day, flush_interval_s=None)
    events = 0
    for visit, trail in enumerate(trails):
        day.day = DAYS[visit * len(DAYS) // len(trails)]
        query = QUERIES[visit % len(QUERIES)]
        store.search_committed(query, found=query != "xyzzy")
        for item in trail:
            store.item_viewed(item)
            for _ in range(rng.randint(0, 3)):
                store.page_read(item)
            events += 1
        if visit % 3 == 0:
            store.qr_shown(trail[0])
        if visit % 7 == 0:
            store.audio_played(trail[-1])
        if visit % 50 == 0:
            store.flush()
    store.close()
    assert not any(n.startswith("logs/") for n in
                   (p.relative_to(data_paths.root).as_posix() for p in data_paths.root.rglob("*")
                    if p.is_file()))
    inspect_data_dir(data_paths.root, trails=trails, queries=QUERIES, views=events, store=store)


# -- the command ----------------------------------------------------------------
def test_stats_command_csv_and_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = Config(data / "config.toml")
    store = StatsStore.open(data, today=config.today, flush_interval_s=None)
    for _ in range(6):
        store.item_viewed("sach")
    store.item_viewed("it")
    store.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "stats",
                               *args], capture_output=True, text=True, cwd=ROOT, timeout=60)

    out = run("--csv")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == ",".join(CSV_HEADER)
    assert lines[1:] == [f"{config.today()},item,sach,view,6"]
    target = tmp_path / "out.csv"
    assert run("-o", str(target)).returncode == 0
    assert target.read_text().splitlines() == lines
    as_json = run("--json")
    assert '"view": 7' in as_json.stdout
    bad = run("--from", "hôm qua")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    for both in (("--json", "--csv"), ("--json", "-o", str(tmp_path / "both.csv"))):
        refused = run(*both)  # not one of the two silently dropped
        assert refused.returncode == 2 and "give one" in refused.stderr
    assert not (tmp_path / "both.csv").exists()


def test_stats_command_says_when_counting_is_off(tmp_path: Path) -> None:
    """All zeros from a station that does not count must not read as "nobody came"."""
    data = tmp_path / "data"
    config = Config(data / "config.toml")
    store = StatsStore.open(data, today=config.today, flush_interval_s=None)
    for _ in range(5):
        store.item_viewed("sach")
    store.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "stats",
                               *args], capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert run().stderr == "" and '"counting": true' in run("--json").stdout
    config.set("admin", "stats_enabled", False)
    config.save()
    for args in ((), ("--csv",), ("--json",)):
        result = run(*args)
        assert result.returncode == 0
        assert result.stderr.startswith("cafesach: warning: counting is off "
                                        "(admin.stats_enabled = false)")
    assert '"counting": false' in run("--json").stdout
    assert f"{config.today()},item,sach,view,5" in run("--csv").stdout  # earlier counts stay


def test_stats_command_names_the_items(tmp_path: Path) -> None:
    """The librarian reads titles, not ids; an item since removed keeps its id alone."""
    from library.catalog import Catalog, Item

    data = tmp_path / "data"
    paths = DataPaths(data).ensure()
    catalog = Catalog.open(paths)
    catalog.put(Item(id="3f2a9c1b7e4d", title="Sổ tay đảng viên", kind="handbook"))
    catalog.close()
    config = Config(data / "config.toml")
    store = StatsStore.open(data, today=config.today, flush_interval_s=None)
    for _ in range(7):
        store.item_viewed("3f2a9c1b7e4d")
    store.item_viewed("da-xoa")
    store.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "stats",
                               *args], capture_output=True, text=True, cwd=ROOT, timeout=60)

    text = run().stdout.splitlines()
    top = text[text.index("top items (views):") + 1:][:2]
    assert top == ["       7  3f2a9c1b7e4d  Sổ tay đảng viên", "       1  da-xoa"]
    assert '"3f2a9c1b7e4d": "Sổ tay đảng viên"' in run("--json").stdout
    bare = tmp_path / "bare"  # counts, but no catalog: the ids stand alone
    shutil.copytree(data, bare, ignore=shutil.ignore_patterns("catalog.db*"))
    alone = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(bare), "stats"],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert alone.returncode == 0, alone.stderr
    assert "       7  3f2a9c1b7e4d" in alone.stdout.splitlines()


def test_station_sink_follows_the_setting(data_paths: DataPaths) -> None:
    from library.stats import station_sink

    config = Config(data_paths.config_file)
    assert isinstance(station_sink(data_paths.root, config, flush_interval_s=None), StatsStore)
    config.set("admin", "stats_enabled", False)
    assert isinstance(station_sink(data_paths.root, config), NullSink)
