import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from library.catalog import Catalog
from library.errors import CatalogError
from library.migrations import MIGRATIONS, migrate, schema_version
from library.search import Search


def old_database(path: Path) -> None:
    """A catalog as the first release wrote it: items and pages, no search index."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrate(db, target=1)
    db.execute("INSERT INTO items(id, title, kind, added, summary) VALUES "
               "('old', 'Cẩm nang phòng chống thiên tai', 'handbook', '2024-01-01T00:00:00', '')")
    db.execute("INSERT INTO pages(item_num, page, text) VALUES (1, 1, 'Đảng viên đi đầu.')")
    db.close()


def test_old_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    old_database(path)
    with Catalog(path) as cat:
        assert schema_version(cat.db) == len(MIGRATIONS)
        item = cat.get("old")
        assert item.kind == "handbook" and not item.hidden and not item.featured
        assert [h.item.id for h in Search(cat).search("phong chong thien tai")] == ["old"]
        assert Search(cat).search("dang vien")[0].page == 1
    with Catalog(path) as again:  # a second open migrates nothing more
        assert schema_version(again.db) == len(MIGRATIONS)


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    Catalog(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(CatalogError, match="newer version") as refused:
        Catalog(path)
    assert f"restore the copy catalog.db.before-schema-{len(MIGRATIONS)}" in str(refused.value)


def test_failed_migration_keeps_previous_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "catalog.db"
    old_database(path)

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    import library.migrations as migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", [MIGRATIONS[0], broken, *MIGRATIONS[2:]])
    with pytest.raises(RuntimeError):
        Catalog(path)
    db = sqlite_utils.Database(sqlite3.connect(path))
    assert schema_version(db) == 1
    assert "half_done" not in db.table_names()


def test_a_copy_is_kept_before_migrating_for_a_rollback(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    old_database(path)
    (tmp_path / "catalog.db.before-schema-0").write_bytes(b"an older copy")
    with Catalog(path) as cat:
        assert schema_version(cat.db) == len(MIGRATIONS)
    copies = sorted(p.name for p in tmp_path.glob("catalog.db.before-schema-*"))
    assert copies == ["catalog.db.before-schema-1"]  # only the newest copy is kept
    copy = sqlite3.connect(tmp_path / copies[0])
    assert schema_version(copy) == 1
    assert copy.execute("SELECT title FROM items").fetchall() == [
        ("Cẩm nang phòng chống thiên tai",)]
    copy.close()
    with Catalog(path):  # nothing to migrate: no new copy
        pass
    assert sorted(p.name for p in tmp_path.glob("catalog.db.before-schema-*")) == copies


def test_a_new_catalog_keeps_no_copy(tmp_path: Path) -> None:
    Catalog(tmp_path / "catalog.db").close()
    assert list(tmp_path.glob("*before-schema*")) == []



def test_a_second_opener_does_not_repeat_an_upgrade_done_meanwhile(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """Two processes open an older catalog at once (the kiosk starting while `selftest`
    runs): the one that read the old version before the other upgraded must neither run
    the steps again (`duplicate column name: hidden`) nor replace the copy kept before."""
    from library import migrations

    path = tmp_path / "catalog.db"
    old_database(path)
    late = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    with Catalog(path):  # the first opener upgrades it, keeping the copy of schema 1
        pass
    kept = path.with_name("catalog.db.before-schema-1")
    assert kept.is_file()
    real = migrations.schema_version
    stale = iter([1])  # what the late opener read before the first one committed

    def read(db):
        return next(stale, None) or real(db)

    monkeypatch.setattr(migrations, "schema_version", read)
    assert migrations.keep_copy_before_migrating(late.conn, path) is None
    stale = iter([1])
    assert migrations.migrate(late) == len(MIGRATIONS)
    late.close()
    assert sorted(p.name for p in tmp_path.glob("catalog.db.before-*")) == [kept.name]
    with sqlite3.connect(kept) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    with Catalog(path) as cat:
        assert [h.item.id for h in Search(cat).search("phong chong thien tai")] == ["old"]
