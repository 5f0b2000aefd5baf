"""The copy of an older catalog upgraded in memory (`station_disk.upgraded_in_memory`):
shared safely by the processes of one station, and never one another user made.

No mounting: the writable open is refused as on a full disk (as in
`test_station_disk_upgrade.test_an_upgraded_copy_is_made_once_and_follows_the_file`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from library import station_disk
from library.catalog import Catalog
from library.errors import CatalogError, StorageError
from library.paths import DataPaths
from library.station_disk import (
    RESUME_FREE_BYTES,
    open_station_catalog,
    resume_free_bytes,
    unwritable,
)
from tests.fulldisk import demo_station
from tests.unit.test_station_disk_upgrade import BOOK_ID, previous_schema, refuse_writes


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A station of the previous schema whose disk refuses writes; its copies go to a
    folder of this test's (not the machine's /dev/shm)."""
    where = tmp_path / "memory"
    where.mkdir()
    monkeypatch.setattr(station_disk, "memory_root", lambda: where)
    paths = demo_station(tmp_path / "data")
    previous_schema(paths)
    refuse_writes(monkeypatch)
    return paths


def _copy_of(paths: DataPaths) -> Path:
    """The upgraded copy the station shows (made by opening it once)."""
    with open_station_catalog(paths) as catalog:
        assert catalog.path is not None
        return catalog.path


def _plant(copy: Path) -> None:
    """What another user would put there: the station's catalog with a title of theirs."""
    planted = sqlite3.connect(copy, isolation_level=None)
    planted.execute("UPDATE items SET title = 'PLANTED' WHERE id = ?", [BOOK_ID])
    planted.close()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners and modes of POSIX folders")
@pytest.mark.parametrize("made_by", ["another user", "a link", "open to others"])
def test_a_copy_another_user_could_have_put_there_is_never_shown(
        station: DataPaths, tmp_path: Path, made_by: str) -> None:
    """/dev/shm is every user's to write: a folder by the copy's name made first by
    another user (or a link to one, or a folder left open to all) is refused in one line,
    and what is in it is not read."""
    copy = _copy_of(station)
    folder = copy.parent
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    shutil.copy(copy, theirs / copy.name)
    shutil.rmtree(folder)
    _plant(theirs / copy.name)
    if made_by == "a link":
        folder.symlink_to(theirs)
    else:
        theirs.rename(folder)
        folder.chmod(0o777)
        if made_by == "another user":
            if os.getuid() != 0:
                pytest.skip("giving a folder to another user needs root")
            os.chown(folder, 65534, 65534)
            os.chown(folder / copy.name, 65534, 65534)
    with pytest.raises(CatalogError) as refused:
        open_station_catalog(station)
    line = str(refused.value)
    assert "needs upgrading" in line and "not used" in line and "\n" not in line
    assert (theirs if made_by == "a link" else folder).joinpath(copy.name).is_file()


def test_two_processes_opening_at_once_share_one_copy(
        station: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk and its phone server start together at boot: the second to ask waits
    for the copy the first is making, instead of deleting it half-made (the first then
    refused its own library) and making another."""
    pytest.importorskip("fcntl", reason="advisory locks (Windows runs one at a time)")
    made: list[int] = []
    second: dict[str, object] = {}
    real = station_disk.upgrade_copy
    at_lock = threading.Event()
    real_lock = getattr(station_disk, "folder_lock", None)

    def lock(*args: object, **options: object) -> object:
        if threading.current_thread() is not threading.main_thread():
            at_lock.set()  # the second process waits here for the first's copy
        assert real_lock is not None
        return real_lock(*args, **options)

    monkeypatch.setattr(station_disk, "folder_lock", lock, raising=False)

    def other_process() -> None:
        try:
            with open_station_catalog(station) as catalog:
                second["items"] = len(catalog)
        except CatalogError as exc:
            second["error"] = exc

    def making(source: sqlite3.Connection, part: Path) -> int:
        made.append(1)
        version = real(source, part)
        if len(made) == 1:  # the second process asks while the first is half-way
            other = threading.Thread(target=other_process)
            other.start()
            while other.is_alive() and not at_lock.wait(0.01):
                pass  # it ends (it did not wait), or it waits at the lock
            second["thread"] = other
        return version

    monkeypatch.setattr(station_disk, "upgrade_copy", making)
    with open_station_catalog(station) as first:
        items = len(first)
        assert first.get(BOOK_ID).title != "PLANTED"
    thread = second.pop("thread")
    assert isinstance(thread, threading.Thread)
    thread.join()
    assert second == {"items": items}
    assert made == [1]


def test_an_empty_wal_made_again_gives_no_second_copy(
        station: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader's open makes `catalog.db-wal` (empty) where the folder can be written, and
    a writable connection's close deletes it: the same catalog, no new copy (the old one
    deleted under the kiosk that shows it)."""
    made: list[int] = []
    real = station_disk.upgrade_copy
    monkeypatch.setattr(station_disk, "upgrade_copy",
                        lambda *a, **k: made.append(1) or real(*a, **k))
    first = _copy_of(station)
    wal = station.catalog_db.with_name(station.catalog_db.name + "-wal")
    assert wal.is_file() and wal.stat().st_size == 0
    os.utime(wal, ns=(5, 5))  # made again at another time
    assert _copy_of(station) == first
    wal.unlink()
    assert _copy_of(station) == first
    assert made == [1]


def test_an_upgrade_that_failed_for_want_of_room_waits_for_more_room_than_it_had(
        station: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk had the room the estimate asks (`upgrade_room`), and the upgrade in place
    failed for want of room all the same: the kiosk's restart into writing
    (`kiosk.disk_return`, which waits for `resume_free_bytes`) would meet the same
    failure and restart again at every quiet moment. It now waits for a catalog's size
    more than was free then, and tries again once that is there."""
    monkeypatch.setattr(station_disk, "write_refusal", lambda _root: None)  # not full
    size = station.catalog_db.stat().st_size
    free = RESUME_FREE_BYTES + 3 * size  # what the disk has (the test's, not the machine's)
    monkeypatch.setattr(station_disk, "disk_free", lambda _root: free)
    assert free > resume_free_bytes(station)  # the estimate: room enough, try it
    with open_station_catalog(station) as catalog:  # the upgrade fails (`station`)
        assert catalog.read_only and catalog.refusal is not None
        assert "too little room to upgrade the catalog" in str(catalog.refusal)
    assert resume_free_bytes(station) > free  # no restart into the same failure
    assert unwritable(station.root, below=resume_free_bytes(station)) == "full"
    # the same note read by the kiosk started again, and by its phone server
    assert station_disk.upgrade_room(station) >= free + size

    more = free + size + RESUME_FREE_BYTES
    monkeypatch.setattr(station_disk, "disk_free", lambda _root: more)  # freed since
    assert unwritable(station.root, below=resume_free_bytes(station)) is None
    assert station_disk.no_room_to_upgrade(station) is None  # tried again at that start


def test_a_catalog_just_upgraded_in_place_is_not_taken_for_one_still_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk upgraded `catalog.db` in place and holds it open: the new schema number
    may still be in its `-wal` only. Its panel's tasks, its phone server and a poster
    opening the catalog then must not read the file's old number, and refuse their writes
    for want of room to upgrade it again (less than twice the catalog free, as the copy
    kept for a rollback has just taken its room)."""
    monkeypatch.setattr(station_disk, "memory_root", lambda: tmp_path)
    paths = demo_station(tmp_path / "data")
    previous_schema(paths)
    with Catalog.open(paths) as kiosk:
        assert kiosk.refusal is None
        size = paths.catalog_db.stat().st_size
        monkeypatch.setattr(station_disk, "disk_free", lambda _root: size + 2 * 1024 * 1024)
        assert station_disk.upgrade_room(paths) == 0
        assert resume_free_bytes(paths) == RESUME_FREE_BYTES
        with open_station_catalog(paths) as task:
            assert task.refusal is None and not task.read_only
            task.set_flags(BOOK_ID, broken=True)


def test_the_phone_server_follows_the_catalog_once_its_copy_is_given_back(
        station: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cafesach serve` runs for days: started on the copy upgraded in memory, it opens
    the catalog again once the kiosk, back to writing, has upgraded `catalog.db` and given
    the copy back, so a phone sees what the kiosk shows (not the library of the update)."""
    import http.client

    from library.handoff.server import HandoffServer

    def status(port: int, path: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    # the server opens no catalog writable (`tidy=False`): refused as on a nearly full disk
    monkeypatch.setattr(station_disk, "no_room_to_upgrade",
                        lambda _paths, **_: StorageError("too little room to upgrade"))
    with HandoffServer(station, host="127.0.0.1", port=0) as server:
        assert server.port is not None
        assert status(server.port, f"/i/{BOOK_ID}") == 200  # from the copy
        assert list(station_disk.memory_root().rglob("*.db"))
        # the disk freed, the kiosk restarted into writing: `catalog.db` upgraded in
        # place (what `open_station_catalog` does then), and the librarian hid the book
        with Catalog(station.catalog_db) as kiosk:
            kiosk.set_flags(BOOK_ID, hidden=True)
        station_disk._give_back_upgraded(station)
        assert status(server.port, f"/i/{BOOK_ID}") == 404
        assert status(server.port, "/") == 200
