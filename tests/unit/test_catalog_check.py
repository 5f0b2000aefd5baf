"""A catalog damaged inside (a broken page, the header fine): the kiosk's mark asks for
SQLite's `quick_check` at the next start, and only then (`library.catalog_check`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.catalog_check import MARK_NAME, check_marked, is_damage, mark_for_check
from library.errors import CatalogError
from library.paths import DataPaths


def damage_inside(db: Path, table: str = "items") -> None:
    """Overwrite the b-tree leaf pages of `table` (as a bad sector would): the file
    still opens, a query reading those pages says "malformed"."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            pages = [row[0] for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert pages
    with db.open("r+b") as out:
        for page in pages:
            out.seek((page - 1) * size)
            out.write(b"\x0d\x00\x00\xff\xff\xff\xff\x00" + b"\xee" * 200)


def station_with_items(root: Path, count: int = 40) -> DataPaths:
    paths = DataPaths(root).ensure()
    with Catalog.open(paths) as catalog:
        for n in range(count):
            catalog.put(Item(id=f"sach-{n}", title=f"Sách số {n}", kind="book",
                             summary="Chuyển đổi số ở chợ 4.0 " * 20))
    return paths


def test_only_damage_counts_not_a_locked_file_or_a_constraint() -> None:
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    assert is_damage(malformed)
    wrapped = CatalogError("catalog database is damaged")
    wrapped.__cause__ = malformed
    assert is_damage(wrapped)
    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert not is_damage(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not is_damage(ValueError("nothing to do with the catalog"))
    assert not is_damage(None)


def test_a_real_broken_page_is_damage_and_opening_does_not_see_it(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    # the header is fine: it opens
    with Catalog.open(paths) as catalog, pytest.raises(sqlite3.DatabaseError) as met:
        catalog.items(limit=100)
    assert is_damage(met.value)


def test_without_the_mark_nothing_is_checked(tmp_path: Path) -> None:
    """The normal start's cost: no mark, no quick_check — even a damaged catalog passes."""
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is False


def test_the_mark_finds_the_damage_with_what_to_do_in_vietnamese(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    assert mark_for_check(paths)
    catalog = Catalog.open(paths)
    with pytest.raises(CatalogError) as refused:
        check_marked(catalog, paths)
    assert "damaged" in str(refused.value)
    assert refused.value.message_vi.startswith(
        "Tệp cơ sở dữ liệu của thư viện (catalog.db) bị hỏng: chép lại tệp từ bản sao lưu")
    assert (paths.root / MARK_NAME).exists()  # checked again at every try, until repaired


def test_a_sound_catalog_passes_and_the_mark_goes(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert catalog.count() == 40
    assert not (paths.root / MARK_NAME).exists()


def test_a_file_the_check_cannot_read_is_refused_in_one_line_and_closed(
        tmp_path: Path) -> None:
    """Not damage SQLite can name but a read that fails (a dying card's I/O error): the
    start still gets the library's own error (the station shows it out of service and
    tries again), never SQLite's raw one, and the catalog is not left open."""
    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    catalog = Catalog.open(paths)
    real = catalog.conn
    closed: list[bool] = []

    class Failing:
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA quick_check"):
                raise sqlite3.OperationalError("disk I/O error")
            return real.execute(sql, *args)

        def close(self) -> None:
            closed.append(True)
            real.close()

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    catalog.conn = Failing()  # type: ignore[assignment]
    with pytest.raises(CatalogError) as refused:
        check_marked(catalog, paths)
    assert "disk I/O error" in str(refused.value) and "\n" not in str(refused.value)
    assert closed == [True]
    assert (paths.root / MARK_NAME).exists()
