"""The catalog after a year of syncs: its size stays near its content's, its `-wal` is
cut back, and the search index is merged when many pages changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from library.catalog import (
    JOURNAL_SIZE_LIMIT,
    PAGES_CHANGED_KEY,
    Catalog,
    Item,
    _sqlite_temp_folder,
)
from library.paths import DISK_RESERVE_BYTES, DataPaths
from library.search import Search
from tests.clirun import cafesach

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


def test_a_count_the_catalog_check_mended_does_not_end_an_import(
        data_paths: DataPaths) -> None:
    """A flipped bit in the count of pages changed, mended to «1�3» by the catalog
    check: `int()` of it ended every import that wrote no page (the same pack again)
    with a ValueError; it is read as SQLite adds to it."""
    with Catalog.open(data_paths) as catalog:
        catalog.set_state(PAGES_CHANGED_KEY, "1\ufffd3")
        assert catalog.upkeep_due() is False
        assert catalog.upkeep_if_due() is False


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


def _older_catalog(path: Path) -> None:
    """A catalog file as versions before incremental vacuum made it (auto_vacuum off)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE placeholder(x)")  # the mode is fixed from the first table
    conn.execute("DROP TABLE placeholder")
    conn.close()


def _say_free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    real_usage = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda path: real_usage(path)._replace(free=free))


def test_an_older_catalog_is_switched_to_incremental_vacuum_at_its_upkeep(
        tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    _older_catalog(path)
    with Catalog(path) as catalog:
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        _fill(catalog)
        for n in range(0, ITEMS, 2):
            catalog.remove(f"s{n}")
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) > 0
        catalog.upkeep()
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) == 0
        assert Search(catalog).search("chuyen doi so", limit=1)
        # from now on the pages a removal frees go back to the disk at each upkeep
        for n in range(1, ITEMS, 2):
            catalog.remove(f"s{n}")
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) > 0
        catalog.upkeep()
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) == 0
    with Catalog(path) as again:  # the mode is the file's, not the connection's
        assert again.execute("PRAGMA auto_vacuum").fetchone()[0] == 2


def test_an_older_catalog_without_room_for_two_copies_keeps_its_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The VACUUM needs the file twice over (its `-wal`, SQLite's temporary copy) beside
    the disk's reserve: with room for one copy only, the upkeep merges and goes on."""
    path = tmp_path / "catalog.db"
    _older_catalog(path)
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp_path))  # the copy on the catalog's disk
    with Catalog(path) as catalog:
        _fill(catalog)
        catalog.remove("s0")
        size = path.stat().st_size + (path.with_name("catalog.db-wal").stat().st_size)
        _say_free(monkeypatch, DISK_RESERVE_BYTES + size + size // 2)
        catalog.upkeep()
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        assert catalog.get_state(PAGES_CHANGED_KEY) is None  # merged all the same
        assert Search(catalog).search("chuyen doi so", limit=1)
        _say_free(monkeypatch, DISK_RESERVE_BYTES + 3 * size)
        catalog.upkeep()
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 2


def test_the_switch_does_not_wait_for_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    _older_catalog(path)
    with Catalog(path) as catalog:
        _fill(catalog)
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process writing now
            catalog.execute("PRAGMA busy_timeout = 600000")
            assert not catalog.switch_to_incremental_vacuum()  # not after ten minutes
            assert catalog.execute("PRAGMA busy_timeout").fetchone()[0] == 600000
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert catalog.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        assert catalog.switch_to_incremental_vacuum()


def test_sqlite_s_temporary_folder_is_the_one_it_uses(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp_path))
    assert _sqlite_temp_folder() == tmp_path
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp_path / "not-there"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert _sqlite_temp_folder() == tmp_path


def test_a_station_that_only_gets_adds_and_removes_gets_its_upkeep(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, make_pdf) -> None:
    """No import or sync ever runs: `add` and `remove` merge the index and give freed
    pages back once enough pages changed, and not at every file."""
    data = tmp_path / "data"
    books = [make_pdf(f"sach-{n}.pdf", [f"Trang {p} của sách {n}: hợp tác xã nông nghiệp "
                                        f"số {p * n}, chuyển đổi số ở xã. " * 25
                                        for p in range(1, 151)]) for n in range(3)]
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(books[0]), "--json")
    assert code == 0 and "tidying" not in err
    first = json.loads(out)[0]["id"]
    with Catalog.open(DataPaths(data)) as catalog:
        assert catalog.get_state(PAGES_CHANGED_KEY) == "150"  # not yet due
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(books[1]))
    assert code == 0 and "tidying the catalog" in err
    with Catalog.open(DataPaths(data)) as catalog:
        assert catalog.get_state(PAGES_CHANGED_KEY) is None
    code, _, err = cafesach(capsys, "--data", str(data), "remove", first)
    assert code == 0 and "tidying" not in err
    with Catalog.open(DataPaths(data)) as catalog:
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) > 0
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(books[2]))
    assert code == 0 and "tidying the catalog" in err
    with Catalog.open(DataPaths(data)) as catalog:
        assert catalog.get_state(PAGES_CHANGED_KEY) is None
        assert int(catalog.execute("PRAGMA freelist_count").fetchone()[0]) == 0
        assert Search(catalog).search("hop tac xa nong nghiep", limit=1)


def test_an_upkeep_that_fails_after_an_add_is_a_warning(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, make_pdf,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is in: the add succeeded, and says so; the next add tries again."""
    data = tmp_path / "data"
    book = make_pdf("sach.pdf", [f"Trang {p}: nước sạch" for p in range(1, 221)])

    def busy(self: Catalog) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Catalog, "upkeep", busy)
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(book))
    assert code == 0 and "added" in out
    assert "warning: the catalog was not tidied (database is locked)" in err
    monkeypatch.undo()
    with Catalog.open(DataPaths(data)) as catalog:
        assert catalog.get_state(PAGES_CHANGED_KEY) == "220" and len(catalog) == 1


def test_a_mistyped_id_is_said_even_when_the_tidying_it_runs_fails(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, make_pdf,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`remove` of an id not there collects what earlier runs left, and with it the upkeep
    when due: a catalog another program holds locked then is no traceback, the id is
    the news."""
    data = tmp_path / "data"
    book = make_pdf("sach.pdf", [f"Trang {p}: nước sạch" for p in range(1, 221)])

    def busy(self: Catalog) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Catalog, "upkeep", busy)
    code, _, _ = cafesach(capsys, "--data", str(data), "add", str(book))
    assert code == 0
    code, _, err = cafesach(capsys, "--data", str(data), "remove", "khong-co")
    assert code == 1 and "no item with id 'khong-co'" in err, err
    assert "Traceback" not in err
