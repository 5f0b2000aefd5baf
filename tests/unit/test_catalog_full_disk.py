"""A data folder whose disk is full: SQLite cannot make the catalog's `-shm` file and says
"disk I/O error"; people are told the disk is full, and reading still works.

The failure is injected (SQLite's own error, as it gives it on a full tmpfs), so the
test runs anywhere without mounting a small disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from library import catalog as catalog_module
from library.catalog import Catalog, Item
from library.errors import CatalogError, StorageError
from library.paths import DataPaths
from tests.clirun import cafesach


class _NoShm(sqlite3.Connection):
    """A connection that fails as SQLite does when it cannot size the `-shm` on a full
    disk: at its first statement, with `SQLITE_IOERR_SHMSIZE`."""

    def execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 4874  # type: ignore[attr-defined]
        error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
        raise error


@pytest.fixture
def station(data_paths: DataPaths) -> DataPaths:
    with Catalog.open(data_paths) as catalog:
        catalog.put(Item(id="a1", title="Đảng viên gương mẫu", kind="book"), ["trang một"])
    return data_paths


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new connection that would need a `-shm` fails; an `immutable` one, which
    needs none, opens; the disk has no space left."""
    real = sqlite3.connect

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "immutable=1" in str(database):
            return real(database, *args, **kwargs)
        return real(database, *args, factory=_NoShm, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(catalog_module, "disk_free", lambda folder: 0)
    yield


def test_opening_on_a_full_disk_says_the_disk_is_full(station: DataPaths, full_disk) -> None:
    with pytest.raises(StorageError) as caught:
        Catalog.open(station)
    message = str(caught.value)
    assert "disk holding the data folder is full" in message and "\n" not in message
    assert "permissions" not in message
    assert caught.value.message_vi.startswith("Đĩa chứa thư mục dữ liệu đã đầy")


def test_the_cli_says_so_in_one_line(capsys, station: DataPaths, full_disk) -> None:
    code, _out, err = cafesach(capsys, "--data", str(station.root), "remove", "a1")
    assert code == 1
    assert err.startswith("cafesach: error: cannot open the catalog")
    assert "disk holding the data folder is full" in err and err.count("\n") == 1


def test_reading_commands_still_read_a_catalog_on_a_full_disk(capsys, station: DataPaths,
                                                             full_disk) -> None:
    code, out, err = cafesach(capsys, "--data", str(station.root), "list")
    assert code == 0, err
    assert "Đảng viên gương mẫu" in out


def test_with_room_on_the_disk_the_permissions_hint_stays(
        station: DataPaths, full_disk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "disk_free", lambda folder: 10 << 30)
    with pytest.raises(CatalogError) as caught:
        Catalog.open(station)
    assert not isinstance(caught.value, StorageError)
    assert "check the data folder's owner and permissions" in str(caught.value)


def test_sqlite_saying_the_disk_is_full_is_believed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    monkeypatch.setattr(catalog_module, "disk_free", lambda folder: None)
    full = catalog_module.full_disk_error(tmp_path / "catalog.db", error)
    assert full is not None and "full" in str(full)
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    assert catalog_module.full_disk_error(tmp_path / "catalog.db", busy) is None
