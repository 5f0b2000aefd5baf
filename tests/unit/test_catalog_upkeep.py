"""The catalog after a year of syncs: its size stays near its content's, its `-wal` is
cut back, and the search index is merged when many pages changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from library.catalog import JOURNAL_SIZE_LIMIT, PAGES_CHANGED_KEY, Catalog, Item
from library.paths import DataPaths
from library.search import Search

ITEMS = 60
PAGES = 6


def _pages(item: int, edition: int) -> list[str]:
    return [f"Trang {page} của sách {item}, lần {edition}: chuyển đổi số ở xã "
            f"{edition * 7 + page}, đảng viên gương mẫu, hợp tác xã nông nghiệp số "
            f"{item * 13 + edition}" * 4
            for page in range(1, PAGES + 1)]


def _fill(catalog: Catalog) -> None:
    with catalog.atomic():
        for n in range(ITEMS):
            catalog.put(Item(id=f"s{n}", title=f"Sách {n}", kind="book"), _pages(n, 0))


def _sync(catalog: Catalog, edition: int, changed: int = 3) -> None:
    """What a sync that changes a few items does: one transaction, then the collection."""
    with catalog.atomic():
        for k in range(changed):
            n = (edition * changed + k) % ITEMS
            catalog.put(Item(id=f"s{n}", title=f"Sách {n}", kind="book"), _pages(n, edition))
    catalog.collect_garbage()


def _index_bytes(catalog: Catalog) -> int:
    return int(catalog.execute("SELECT sum(length(block)) FROM pages_fts_data").fetchone()[0])


def _file_pages(catalog: Catalog) -> int:
    return int(catalog.execute("PRAGMA page_count").fetchone()[0])


def test_a_catalog_limits_its_wal_and_gives_freed_pages_back(data_paths: DataPaths) -> None:
    with Catalog.open(data_paths) as catalog:
        assert catalog.execute("PRAGMA journal_size_limit").fetchone()[0] == JOURNAL_SIZE_LIMIT
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental


def test_many_changing_syncs_keep_the_catalog_near_its_content_size(
        data_paths: DataPaths) -> None:
    with Catalog.open(data_paths) as catalog:
        _fill(catalog)
        fresh_index, fresh_pages = _index_bytes(catalog), _file_pages(catalog)
        for edition in range(1, 61):  # each changes 5 % of the items
            _sync(catalog, edition)
        grown_index, grown_pages = _index_bytes(catalog), _file_pages(catalog)
        wal = data_paths.catalog_db.with_name("catalog.db-wal")
        assert wal.stat().st_size <= JOURNAL_SIZE_LIMIT
        # every item was replaced about three times over: without merging, the index
        # holds each edition's segments and delete markers
        assert grown_index < 1.5 * fresh_index, (fresh_index, grown_index)
        assert grown_pages < 1.5 * fresh_pages, (fresh_pages, grown_pages)
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) < fresh_pages // 4
        # the index still finds the newest text, and no longer the replaced one
        hits = Search(catalog).search("hop tac xa nong nghiep so 13", limit=5)
        assert hits
        assert catalog.page_text("s0", 1).startswith("Trang 1 của sách 0, lần 60")


def test_upkeep_waits_until_enough_pages_changed(data_paths: DataPaths,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []
    with Catalog.open(data_paths) as catalog:
        real = catalog.upkeep
        monkeypatch.setattr(catalog, "upkeep", lambda: (ran.append(1), real())[1])
        _fill(catalog)  # 360 pages written
        assert catalog.upkeep_due()
        catalog.collect_garbage()
        assert ran == [1] and catalog.get_state(PAGES_CHANGED_KEY) is None
        _sync(catalog, 1)  # 3 items: 36 pages written or deleted, far below the share
        assert ran == [1] and catalog.get_state(PAGES_CHANGED_KEY) == "36"
        catalog.remove("s5")
        assert catalog.get_state(PAGES_CHANGED_KEY) == "42"


def test_upkeep_does_not_stop_a_reader(data_paths: DataPaths) -> None:
    """WAL: a reader in the middle of a read transaction keeps its snapshot while the
    index is merged, and sees the catalog as it was."""
    with Catalog.open(data_paths) as catalog:
        _fill(catalog)
        reader = sqlite3.connect(data_paths.catalog_db, isolation_level=None)
        try:
            reader.execute("BEGIN")
            before = reader.execute("SELECT count(*) FROM pages").fetchone()[0]
            catalog.upkeep()
            assert reader.execute("SELECT count(*) FROM pages").fetchone()[0] == before
            reader.execute("COMMIT")
        finally:
            reader.close()
        assert Search(catalog).search("dang vien guong mau", limit=3)


def test_a_read_only_catalog_is_never_tidied(data_paths: DataPaths) -> None:
    with Catalog.open(data_paths) as catalog:
        _fill(catalog)
    with Catalog.open_read_only(data_paths) as reading:
        assert reading.upkeep_due() and not reading.upkeep_if_due()


def test_an_older_catalog_keeps_its_vacuum_mode(tmp_path: Path) -> None:
    """A catalog made before incremental vacuum keeps working (merges, no vacuum)."""
    path = tmp_path / "catalog.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE placeholder(x)")  # the mode is fixed from the first table
    conn.execute("DROP TABLE placeholder")
    conn.close()
    with Catalog(path) as catalog:
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        _fill(catalog)
        catalog.upkeep()
        assert Search(catalog).search("chuyen doi so", limit=1)
