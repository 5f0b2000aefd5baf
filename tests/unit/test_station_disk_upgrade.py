"""A station updated to a new program on a disk it cannot write: the catalog, of the
previous schema, cannot be upgraded in place, so an upgraded copy in memory is shown.

Real disks (a tmpfs filled to its last byte, left with a few megabytes under a larger
catalog, or remounted read-only; root only, skipped elsewhere), as in
`test_station_disk`.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from library import station_disk
from library.catalog import Catalog
from library.errors import CatalogError, NotFound, StorageError
from library.migrations import MIGRATIONS, schema_version
from library.paths import DataPaths
from library.search import Search
from library.station_disk import (
    RESUME_FREE_BYTES,
    open_station_catalog,
    resume_free_bytes,
    unwritable,
)
from tests.fulldisk import demo_station, fill, run_at_terminal
from tests.unit.admin.mounts import tmpfs

BOOK_ID = "demo-chuyen-doi-so"


#: The schema the previous release wrote: an update to this one runs the two newest
#: migrations, `_v7_title_order` (every row rewritten: the upgrade that fills a nearly
#: full disk) and `_v8_newest_first` (three indexes).
PREVIOUS_SCHEMA = len(MIGRATIONS) - 2


def previous_schema(paths: DataPaths) -> None:
    """The demo station's catalog as the previous release left it: the migrations after
    `PREVIOUS_SCHEMA` undone, `user_version` set back."""
    conn = sqlite3.connect(paths.catalog_db, isolation_level=None)
    conn.execute("DROP INDEX items_kind_newest")
    conn.execute("DROP INDEX items_newest")
    conn.execute("DROP INDEX items_added")
    conn.execute("DROP INDEX items_title_key")
    conn.execute("ALTER TABLE items DROP COLUMN title_key")
    conn.execute(f"PRAGMA user_version = {PREVIOUS_SCHEMA}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for leftover in ("-wal", "-shm"):
        paths.catalog_db.with_name(paths.catalog_db.name + leftover).unlink(missing_ok=True)


def schema_of(path: Path) -> int:
    """The schema version of the catalog file at `path`, read without touching it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return schema_version(conn)
    finally:
        conn.close()


def refuse_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The station's writable open refused as on a full disk, without mounting one."""

    def refused(_paths: DataPaths) -> Catalog:
        raise StorageError("cannot open the catalog: the disk holding the data folder is full")

    monkeypatch.setattr(station_disk.Catalog, "open", refused)
    monkeypatch.setattr(station_disk, "write_refusal",
                        lambda root: StorageError(f"the disk holding {root} is full"))


@pytest.fixture
def upgrades(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The upgraded copies go to a folder of this test's (not the machine's /dev/shm)."""
    where = tmp_path / "memory"
    where.mkdir()
    monkeypatch.setattr(station_disk, "memory_root", lambda: where)
    return where


@pytest.mark.parametrize("state", ["full", "read-only"])
def test_an_updated_station_on_a_disk_it_cannot_write_shows_its_library(
        tmp_path: Path, state: str, upgrades: Path) -> None:
    import subprocess

    with tmpfs(tmp_path / "disk", "12m", what=f"an update on a {state} disk") as point:
        paths = demo_station(point / "data")
        previous_schema(paths)
        before = paths.catalog_db.read_bytes()
        if state == "full":
            fill(point)
        else:
            proc = subprocess.run(["mount", "-o", "remount,ro", str(point)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                pytest.skip(f"cannot remount read-only: {proc.stderr.strip()}")
        assert unwritable(paths.root) == state
        with pytest.raises(CatalogError, match="needs upgrading"):
            Catalog.open_read_only(paths).close()  # what the kiosk met until now
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is not None and catalog.read_only
            assert len(catalog) > 10
            assert Search(catalog).search_typed("chuyen doi so")[0].item.id == BOOK_ID
            assert catalog.items(order="title")  # the new schema's title order is there
            with pytest.raises(StorageError) as refused:
                catalog.set_flags(BOOK_ID, broken=True)
            assert str(refused.value) == str(catalog.refusal)
            # the librarian's panel tasks open theirs the same way, from the same copy
            with open_station_catalog(paths, read_only_because=catalog.refusal) as task:
                assert len(task) == len(catalog)
            assert len(list(upgrades.rglob("*.db"))) == 1
        assert paths.catalog_db.read_bytes() == before  # catalog.db untouched
        assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA
        assert not list(paths.root.glob("catalog.db.before-schema-*"))

        # the disk freed: the kiosk's restart into writing upgrades the real file
        if state == "full":
            (point / "filler").unlink()
        else:
            subprocess.run(["mount", "-o", "remount,rw", str(point)], check=True)
        assert unwritable(paths.root) is None
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is None and not catalog.read_only
            catalog.set_flags(BOOK_ID, broken=True)
        assert schema_of(paths.catalog_db) == len(MIGRATIONS)
        assert (paths.root / f"catalog.db.before-schema-{PREVIOUS_SCHEMA}").is_file()
        assert not list(upgrades.rglob("*.db"))  # the copy in memory is given back


def test_a_catalog_too_large_to_upgrade_in_memory_keeps_the_refusal(
        tmp_path: Path, upgrades: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with tmpfs(tmp_path / "disk", "12m", what="a large catalog on a full disk") as point:
        paths = demo_station(point / "data")
        previous_schema(paths)
        fill(point)
        monkeypatch.setattr(station_disk, "UPGRADE_IN_MEMORY_MAX_BYTES", 4096)
        with pytest.raises(CatalogError) as refused:
            open_station_catalog(paths)
        line = str(refused.value)
        assert "needs upgrading" in line and "too large to upgrade in memory" in line
        assert line.endswith("free space on this disk (or make the data folder writable) "
                             "first, then the station upgrades the catalog as it starts")
        assert "giải phóng chỗ trống" in refused.value.message_vi
        assert "chạy một lệnh ghi" not in refused.value.message_vi  # cannot work on it
        assert "writing command" not in line and "selftest" not in line  # nor in English
        assert "\n" not in line
        assert not list(upgrades.rglob("*.db*"))


def test_an_upgraded_copy_is_made_once_and_follows_the_file(
        tmp_path: Path, upgrades: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without mounting: the writable open refused as on a full disk. The kiosk, its
    phone server and each panel task share one copy; a catalog changed meanwhile (a
    technician copied another in) gets a new one, the old one given back."""
    paths = demo_station(tmp_path / "data")
    previous_schema(paths)
    refuse_writes(monkeypatch)
    made = []
    real = station_disk.upgrade_copy
    monkeypatch.setattr(station_disk, "upgrade_copy",
                        lambda *a, **k: made.append(1) or real(*a, **k))
    with open_station_catalog(paths) as first, open_station_catalog(paths) as second:
        assert len(first) == len(second) > 10
    assert made == [1]
    conn = sqlite3.connect(paths.catalog_db, isolation_level=None)
    conn.execute("DELETE FROM items WHERE id = ?", [BOOK_ID])
    conn.close()
    os.utime(paths.catalog_db, ns=(1, 1))  # a different stamp, whatever the clock
    with open_station_catalog(paths) as again, pytest.raises(NotFound):
        again.get(BOOK_ID)
    assert made == [1, 1]
    assert len(list(upgrades.rglob("*.db"))) == 1
    assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA


def test_a_newer_catalog_on_a_full_disk_is_still_refused(
        tmp_path: Path, upgrades: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = demo_station(tmp_path / "data")
    conn = sqlite3.connect(paths.catalog_db, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    refuse_writes(monkeypatch)
    with pytest.raises(CatalogError, match="newer version"):
        open_station_catalog(paths)
    assert not list(upgrades.iterdir())


def test_run_after_an_update_on_a_full_disk_shows_the_library(
        tmp_path: Path, upgrades: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`cafesach run` (its terminal prompt, the same start as the screen's): the library,
    not "the catalog needs upgrading" and exit 1."""
    with tmpfs(tmp_path / "disk", "12m", what="an update on a full disk") as point:
        paths = demo_station(point / "data")
        previous_schema(paths)
        fill(point)
        code, out, err = run_at_terminal(capsys, monkeypatch, paths)
        assert code == 0, err
        assert "mục trong thư viện" in out
        assert "needs upgrading" not in err
        assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA


def bulletins(paths: DataPaths, megabytes: int) -> None:
    """About `megabytes` of bulletins added to the station's catalog: a province's
    catalog, larger than what a nearly full disk has left (written in one transaction,
    few and long words, so the search index costs little time and room)."""
    words = [os.urandom(16).hex() for _ in range(300)]
    with Catalog.open(paths) as catalog, catalog.atomic():
        book = catalog.get(BOOK_ID)
        for n in range(megabytes * 128):  # 8 KB of text each
            body = " ".join(words[(n * 7 + k * k) % len(words)] for k in range(240))
            catalog.put(replace(book, id=f"ban-tin-{n}", title=f"Bản tin số {n}",
                                kind="bulletin", body=body, featured=False))


def leave_free(folder: Path, room: int) -> None:
    """Fill `folder`'s disk until only `room` bytes are free."""
    with open(folder / "filler", "wb") as filler:
        filler.write(b"\0" * (shutil.disk_usage(folder).free - room))


def updated_with_3_mb_free(point: Path) -> tuple[DataPaths, bytes]:
    """A station on the disk mounted at `point`, its catalog (some 12 MB, bulletins in
    it) set back one schema as before an update, the disk then left with 3 MB free;
    with the catalog's bytes as they were, to show they stay untouched."""
    paths = demo_station(point / "data")
    bulletins(paths, 4)
    previous_schema(paths)
    before = paths.catalog_db.read_bytes()
    leave_free(point, 3 * 1024 * 1024)
    return paths, before


@pytest.mark.parametrize("upgrade", ["foreseen", "tried"])
def test_an_update_on_a_nearly_full_disk_shows_the_library_then_upgrades_once_freed(
        tmp_path: Path, upgrade: str, upgrades: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A few megabytes free — not "full" — and a larger catalog of the previous schema:
    its upgrade in place (with the copy kept for a rollback) would fill the disk. It is
    foreseen (`upgrade_room`), or, where the estimate fell short, tried and rolled back
    (SQLite's `-wal` discarded, the copy's leftovers deleted); either way the station
    shows its library from a copy upgraded in memory and refuses writes, and upgrades
    `catalog.db` once the disk has room."""
    with tmpfs(tmp_path / "disk", "80m", what="an update on a nearly full disk") as point:
        paths, before = updated_with_3_mb_free(point)
        assert len(before) > 3 * shutil.disk_usage(point).free
        assert unwritable(paths.root) is None  # above the 1 MB line: not "full"
        assert resume_free_bytes(paths) > RESUME_FREE_BYTES + 2 * len(before) - 1
        with monkeypatch.context() as estimate, caplog.at_level(logging.WARNING):
            if upgrade == "tried":  # the estimate falls short: the upgrade in place is tried
                estimate.setattr(station_disk, "upgrade_room", lambda _paths: 1)
            with open_station_catalog(paths) as catalog:
                assert catalog.refusal is not None and catalog.read_only
                assert "too little room to upgrade the catalog" in str(catalog.refusal)
                assert "Đĩa không đủ chỗ" in (catalog.refusal.message_vi or "")
                assert len(catalog) > 500
                assert Search(catalog).search_typed("chuyen doi so")[0].item.id == BOOK_ID
                with pytest.raises(StorageError) as refused:
                    catalog.set_flags(BOOK_ID, broken=True)
                assert str(refused.value) == str(catalog.refusal)
        tried = [r.getMessage() for r in caplog.records if "disk is full" in r.getMessage()]
        assert bool(tried) == (upgrade == "tried")  # the copy for a rollback did not fit
        # catalog.db whole, at its old schema; nothing of the attempt left beside it
        assert paths.catalog_db.read_bytes() == before
        assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA
        assert not list(paths.root.glob("catalog.db.before-schema-*"))
        conn = sqlite3.connect(f"{paths.catalog_db.resolve().as_uri()}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
        # the kiosk waits for room for the upgrade, not only its usual 32 MB
        assert shutil.disk_usage(point).free < resume_free_bytes(paths)

        (point / "filler").unlink()
        assert shutil.disk_usage(point).free >= resume_free_bytes(paths)
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is None and not catalog.read_only
            catalog.set_flags(BOOK_ID, broken=True)
        assert schema_of(paths.catalog_db) == len(MIGRATIONS)
        assert (paths.root / f"catalog.db.before-schema-{PREVIOUS_SCHEMA}").is_file()
        assert not list(upgrades.rglob("*.db"))
        assert resume_free_bytes(paths) == RESUME_FREE_BYTES  # nothing left to upgrade


def test_the_room_an_upgrade_in_place_takes_is_told_without_mounting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twice the catalog (the copy kept for a rollback, the upgrade's `-wal`), asked of
    the file alone; nothing once upgraded. Less free than that (and the 1 MB line) is
    one line in each language."""
    paths = demo_station(tmp_path / "data")
    assert station_disk.upgrade_room(paths) == 0
    assert resume_free_bytes(paths) == RESUME_FREE_BYTES
    previous_schema(paths)
    size = paths.catalog_db.stat().st_size
    assert station_disk.upgrade_room(paths) == 2 * size
    assert station_disk.no_room_to_upgrade(paths) is None  # this disk has room
    monkeypatch.setattr(station_disk, "disk_free", lambda _root: 2 * size)
    refusal = station_disk.no_room_to_upgrade(paths)
    assert refusal is not None and "\n" not in str(refusal)
    assert "too little room to upgrade" in str(refusal) and refusal.message_vi
    assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA  # asking wrote nothing


def test_the_health_report_says_the_upgrade_waits_for_room_not_a_full_disk(
        tmp_path: Path, upgrades: Path) -> None:
    """Tens of megabytes free, not "full", and a catalog waiting for room to upgrade:
    `health.json` (and «Tình trạng», which reads it) says how much the upgrade needs and
    how much must be free before the station writes again, beside what is free."""
    from library.config import Config
    from library.report import health_report

    with tmpfs(tmp_path / "disk", "80m", what="an update on a nearly full disk") as point:
        paths = demo_station(point / "data")
        bulletins(paths, 4)
        previous_schema(paths)
        leave_free(point, 20 * 1024 * 1024)
        need = station_disk.upgrade_room(paths)
        assert need > 20 * 1024 * 1024 and unwritable(paths.root) is None
        config = Config.load(paths.config_file)
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is not None
            disk = health_report(paths, catalog, config)["disk"]
        assert disk["cannot_write"] == "full"  # the province's column, as before
        assert disk["upgrade_needs_bytes"] == need
        assert disk["resume_free_bytes"] == resume_free_bytes(paths) == RESUME_FREE_BYTES + need
        assert 19 * 1024 * 1024 < disk["free_bytes"] <= 20 * 1024 * 1024
        (point / "filler").unlink()  # freed: upgraded in place, nothing waits
        with open_station_catalog(paths) as catalog:
            disk = health_report(paths, catalog, config)["disk"]
        assert "cannot_write" not in disk and "upgrade_needs_bytes" not in disk
