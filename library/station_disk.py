"""A station whose data folder cannot be written: its disk full, or mounted read-only.

Visitors come for the library, and reading it needs no byte written: the
catalog opens read-only (`Catalog.open_read_only`), pages render from the
object store, the QR codes are drawn in memory. So the kiosk does not refuse
to start on such a disk (what it did until 4.0: one line and an exit, a black
screen in the market until a technician came); it shows the library as it is
and skips what it would have written — broken-file flags, counts, settings,
the schedule's state, cached pages and speech, the log — each said once in the
log, and the librarian's «Tình trạng» says the disk is full.

`write_refusal` is the one test of "can this data folder be written now";
`open_station_catalog` is how the kiosk opens its catalog. Once the disk takes
writes again (`unwritable(root, below=RESUME_FREE_BYTES)` is None), the kiosk
restarts itself into writing at its next quiet moment (`kiosk.disk_return`).

A station updated to a new program on such a disk has a catalog of the previous
schema, which cannot be upgraded where it lies (upgrading writes). It is then
copied into memory and the copy upgraded (`upgraded_in_memory`): the station
shows its library, `catalog.db` stays as it was, and the restart into writing
upgrades it in place as any update's first start does. So does a disk that is not
full but has too little room for that upgrade (`upgrade_room`): it would fill to
its last byte, the upgrade roll back, and the station refuse to start.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path

from .catalog import FULL_DISK_BYTES, Catalog, OlderSchema, connect_read_only
from .errors import CatalogError, StorageError
from .locks import folder_lock, remove_unheld
from .migrations import MIGRATIONS, schema_version, upgrade_copy
from .objects import ObjectStore
from .paths import DataPaths, disk_free, on_read_only_disk
from .sizes import human_size

log = logging.getLogger(__name__)


#: What `unwritable` answers, and the health report's `disk.cannot_write` says.
FULL, READ_ONLY = "full", "read-only"

#: Free space a full disk must have again before a read-only kiosk goes back to writing.
#: Far above `FULL_DISK_BYTES` (the hysteresis): a disk hovering at the limit would
#: otherwise bring the kiosk back to writing only to fill at its first cached page.
RESUME_FREE_BYTES = 32 * 1024 * 1024


def unwritable(root: Path, *, below: int = FULL_DISK_BYTES) -> str | None:
    """Whether the data folder `root` cannot be written now: `READ_ONLY` (a
    write-protected mount, or a folder this user may not write), `FULL` (less than
    `below` free on its disk — by default `FULL_DISK_BYTES`, where SQLite cannot even
    make the `-shm` index every catalog connection needs), or None. Asks the system,
    writes nothing: cheap enough to ask every half minute.

    Read-only is asked first: a read-only disk often has no byte free as well (a
    squashfs or a disc always says 0), and deleting files, what `FULL` tells the
    librarian to do, cannot help there."""
    if on_read_only_disk(root):
        return READ_ONLY
    if root.is_dir() and not os.access(root, os.W_OK):
        return READ_ONLY
    free = disk_free(root)
    return FULL if free is not None and free < below else None


def write_refusal(root: Path) -> StorageError | None:
    """`unwritable` as the one line a refused write says, or None when it can write."""
    state = unwritable(root)
    if state == FULL:
        return StorageError(
            f"the disk holding the data folder {root} is full: the station shows its "
            "library but writes nothing until some space is freed (the data folder's "
            "cache/ and staging/ can go); the kiosk then takes up writing by itself at "
            "its next quiet moment",
            message_vi="Đĩa đã đầy: trạm vẫn cho xem, tìm, đọc và lấy mã QR, nhưng không "
                       "ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi "
                       "xoá bớt tệp; có chỗ trống rồi thì trạm tự ghi lại như thường vào lúc "
                       "không có ai dùng.")
    if state == READ_ONLY:
        return StorageError(
            f"the data folder {root} cannot be written (a read-only disk, or another "
            "user's folder): the station shows its library but writes nothing until it is "
            "made writable; the kiosk then takes up writing by itself at its next quiet "
            "moment",
            message_vi="Thư mục dữ liệu chỉ cho đọc: trạm vẫn cho xem, tìm, đọc và lấy mã QR, "
                       "nhưng không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) "
                       "cho đến khi cho phép ghi; khi đó trạm tự ghi lại như thường vào lúc "
                       "không có ai dùng.")
    return None


#: The refusals already logged as a warning by this process (the kiosk's start, the
#: phone server and every panel task open the catalog: the journal says it once).
_SAID: set[str] = set()


def _say_once(refusal: StorageError) -> None:
    line = str(refusal)
    if line in _SAID:
        log.info("%s", line)
    else:
        _SAID.add(line)
        log.warning("%s", line)


def open_station_catalog(paths: DataPaths, *, tidy: bool = True,
                         read_only_because: StorageError | None = None) -> Catalog:
    """The running station's catalog (the kiosk's, its panel's tasks', the phone
    server's): writable, or — when the data folder cannot be written
    (`write_refusal`) — read-only, its writes refused with that reason
    (`Catalog.refusal`), so every writer's `except LibraryError` says it in one line.

    A catalog waiting for its upgrade (a new program installed) is upgraded in place
    only where its disk has room for it (`upgrade_room`): a disk with a few megabytes
    free is not "full", yet a larger catalog's upgrade would fill it to its last byte
    and fail. It is then shown read-only as on a full disk (`no_room_to_upgrade`), as
    it is when its upgrade fails for want of room all the same.

    `tidy=False`: the object store is left as it is (`Catalog.open` clears what a cut
    import left in it, the importer's business, never a server's that only reads).
    `read_only_because`: the kiosk's own catalog was opened read-only for this reason
    (its `refusal`); its panel's tasks then open theirs read-only too, even once the
    disk is freed: what they wrote the kiosk's read-only view would not follow until
    the kiosk restarts into writing (`kiosk.disk_return`). Any other failure (a
    damaged catalog, a newer schema) is raised as before.
    """
    refusal = read_only_because
    if refusal is None:
        refusal = no_room_to_upgrade(paths)
        if refusal is not None:
            _say_once(refusal)
    if refusal is None:
        try:
            if tidy:
                catalog = Catalog.open(paths)
            else:
                catalog = Catalog(paths.catalog_db, objects=ObjectStore(paths.objects))
        except (StorageError, CatalogError) as exc:
            # the upgrade rolled back for want of room: the disk may have its megabytes
            # free again by now (the upgrade's journal deleted), but not enough for it
            refusal = write_refusal(paths.root)
            if refusal is None and isinstance(exc, StorageError) and upgrade_room(paths):
                _remember_failed_upgrade(paths)  # or the next restart would fail alike
                refusal = no_room_to_upgrade(paths, failed=True)
            if refusal is None:
                raise
            _say_once(refusal)
        else:
            _give_back_upgraded(paths)  # upgraded in place now: the copy is not needed
            return catalog
    try:
        catalog = Catalog.open_read_only(paths)
    except OlderSchema as older:  # updated on this disk: its catalog cannot be upgraded here
        catalog = upgraded_in_memory(paths, older)
    catalog.refusal = refusal
    return catalog


def _older_schema_on_disk(db: Path) -> bool:
    """Whether the catalog file `db` is of an older schema than this program's, asked
    without writing it: as any reader asks (`mode=ro`), so that a catalog just upgraded
    in place, its new number still in the `-wal` of the kiosk that holds it open, is not
    taken for one still waiting; where no reader can open it so (the `-shm` cannot be
    made: a full disk, a read-only mount, where nobody writes), from the file alone
    (`immutable`). A few reads, also every half minute on a read-only station."""
    try:  # a stick pulled out, a folder gone: nothing to upgrade there
        if not db.is_file():
            return False
        uri = db.resolve().as_uri()
    except OSError:
        return False
    for mode in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + mode, uri=True, timeout=1)
        except sqlite3.Error:
            continue
        try:
            return 0 < schema_version(conn) < len(MIGRATIONS)
        except sqlite3.OperationalError:  # cannot read it as a reader does: the file alone
            continue
        except sqlite3.Error:  # not a database: opening it says so
            return False
        finally:
            conn.close()
    return False


def upgrade_room(paths: DataPaths) -> int:
    """Free space the data folder's disk needs to upgrade its catalog in place: 0 when it
    is of this program's schema (or none yet). Otherwise twice the catalog with its
    `-wal`: the copy kept for a rollback (`catalog.db.before-schema-N`), and the
    upgrade's own `-wal`, which may rewrite every page of the catalog before it is
    folded back in — more than an upgrade usually takes, and the station still shows
    its library meanwhile (`open_station_catalog`). Where an upgrade of this file was
    tried and failed for want of room all the same, a catalog's size more than was free
    then (`_remember_failed_upgrade`): the restart into writing would otherwise meet the
    same failure, and restart again, at every quiet moment."""
    db = paths.catalog_db
    if not _older_schema_on_disk(db):
        return 0
    size = 0
    for file in (db, db.with_name(db.name + "-wal")):
        with contextlib.suppress(OSError):
            size += file.stat().st_size
    failed_with = _free_when_upgrade_failed(paths)
    return max(2 * size, failed_with + size if failed_with is not None else 0)


def _failed_note(paths: DataPaths) -> Path:
    """The note of an upgrade in place of this very `catalog.db` (its size and time)
    that failed for want of room, kept beside its copy in memory: it outlives the
    kiosk's restart, and goes with the copy (upgraded in place, a reboot)."""
    st = paths.catalog_db.stat()
    return _upgrade_folder(paths) / f"failed-{st.st_size}-{st.st_mtime_ns}"


def _remember_failed_upgrade(paths: DataPaths) -> None:
    """Note the free space an upgrade in place failed with (`upgrade_room`)."""
    free = disk_free(paths.root)
    if free is None:
        return
    try:
        note = _failed_note(paths)
        _own_private_folder(note.parent)
        note.write_text(str(free), encoding="ascii")
    except OSError as exc:
        log.warning("the failed upgrade of %s could not be noted: %s", paths.catalog_db, exc)


def _free_when_upgrade_failed(paths: DataPaths) -> int | None:
    """The free space an upgrade in place of this `catalog.db` failed with, if one did."""
    try:
        note = _failed_note(paths)
        _check_private(note.parent)
        return int(note.read_text(encoding="ascii"))
    except (OSError, ValueError):  # none (the usual case), or not one of ours
        return None


def resume_free_bytes(paths: DataPaths) -> int:
    """Free space a read-only station's disk must have before it goes back to writing
    (`kiosk.disk_return`, the health report): `RESUME_FREE_BYTES`, plus what its
    catalog's upgrade in place takes when it waits for one (`upgrade_room`), or the
    restart would find too little room again and go on restarting."""
    return RESUME_FREE_BYTES + upgrade_room(paths)


def no_room_to_upgrade(paths: DataPaths, *, failed: bool = False) -> StorageError | None:
    """The one line a station says when its disk takes writes but has too little room
    to upgrade its catalog in place (less than `upgrade_room` and `FULL_DISK_BYTES`
    left after it); None when it has, or needs none. `failed`: the upgrade was tried
    and rolled back for want of room, said whatever the estimate."""
    need = upgrade_room(paths)
    if need == 0:
        return None
    free = disk_free(paths.root)
    if not failed and (free is None or free >= need + FULL_DISK_BYTES):
        return None
    shown = human_size(free, "en") if free is not None else "too little"
    return StorageError(
        f"the disk holding the data folder {paths.root} has too little room to upgrade "
        f"the catalog for this version ({shown} free, {human_size(need, 'en')} needed): "
        "the station shows its library but writes nothing until some space is freed (the "
        "data folder's cache/ and staging/ can go); the kiosk then upgrades it and takes "
        "up writing by itself at its next quiet moment",
        message_vi=f"Đĩa không đủ chỗ để nâng cấp cơ sở dữ liệu cho phiên bản mới (còn "
                   f"{human_size(free, 'vi') if free is not None else 'quá ít'}, cần "
                   f"{human_size(need, 'vi')}): trạm vẫn cho xem, tìm, đọc và lấy mã QR, "
                   "nhưng không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) "
                   "cho đến khi xoá bớt tệp; có chỗ trống rồi thì trạm tự nâng cấp và ghi "
                   "lại như thường vào lúc không có ai dùng.")


#: The largest catalog (with its `-wal`) a station that cannot write its disk upgrades
#: in memory; larger ones keep the refusal. The copy lives in RAM (`/dev/shm`) as long
#: as the disk stays unwritable: 20,000 documents with their full text
#: (`bench/search.py`) make a 310 MB catalog, copied and upgraded in 1.7 s; a kiosk
#: PC's /dev/shm (half its 4 GB) must also have twice the catalog free
#: (`_make_upgraded`), for the copy and what its upgrade adds.
UPGRADE_IN_MEMORY_MAX_BYTES = 1024 * 1024 * 1024


#: How the folder of every upgraded copy's name begins (`_upgrade_folder`).
UPGRADED_PREFIX = "cafesach-upgraded-"


def _upgrade_folder(paths: DataPaths) -> Path:
    """Where this data folder's upgraded copy is kept: one folder per catalog and user
    in memory, so the kiosk, its phone server, each panel task and the kiosk started
    again all share one copy instead of each making its own."""
    owner = os.getuid() if hasattr(os, "getuid") else 0
    key = hashlib.sha256(f"{owner}:{paths.catalog_db.resolve()}".encode()).hexdigest()[:16]
    return memory_root() / f"{UPGRADED_PREFIX}{key}"


#: How long a process waits for another making the same upgraded copy (a 310 MB catalog
#: takes 1.7 s): the kiosk and its phone server start together at boot.
MAKING_WAIT_S = 120.0


def upgraded_in_memory(paths: DataPaths, older: OlderSchema) -> Catalog:
    """The catalog of `paths`, of an older schema, copied into memory and upgraded there,
    open read-only; `catalog.db` is not written. A copy made before for the same file
    (same size and time, and its `-wal`'s) is reused; any other is given back.

    One process at a time makes or opens a copy (`folder_lock` on its folder): the
    kiosk, its phone server and a panel task starting together would otherwise each
    delete the copy another is making. The folder must be this user's own and closed to
    others, checked before a copy in it is used: `/dev/shm` is every user's to write,
    and a copy planted there by another would be shown to visitors as the library.

    Refused, with `older`'s line and why, when the catalog is larger than
    `UPGRADE_IN_MEMORY_MAX_BYTES` or the copy cannot be made (no room in memory)."""
    db = paths.catalog_db
    wal = db.with_name(db.name + "-wal")
    stamps = []
    for file in (db, wal):
        st: os.stat_result | None
        try:
            st = file.stat()
        except FileNotFoundError:
            st = None
        # an empty `-wal` holds nothing: made, or deleted and made again, by a reader's
        # open, it would otherwise give the same catalog another copy
        stamps.append((st.st_size, st.st_mtime_ns) if st is not None and st.st_size
                      else (0, 0))
    size = stamps[0][0] + stamps[1][0]
    if size > UPGRADE_IN_MEMORY_MAX_BYTES:
        raise _not_upgraded(older, f"at {human_size(size, 'en')} it is too large to upgrade "
                                   f"in memory (at most "
                                   f"{human_size(UPGRADE_IN_MEMORY_MAX_BYTES, 'en')})")
    folder = _upgrade_folder(paths)
    name = f"schema{len(MIGRATIONS)}-" + "-".join(f"{a}-{b}" for a, b in stamps) + ".db"
    copy = folder / name
    try:
        _own_private_folder(folder)
        with folder_lock(folder, held_by="another process is upgrading a copy of the "
                         "catalog in", error=CatalogError, wait_s=MAKING_WAIT_S,
                         message_vi="Một tiến trình khác đang nâng cấp bản sao cơ sở dữ liệu."):
            made = not copy.is_file()
            if made:
                _make_upgraded(db, folder, copy, size)
            # opened under the lock: no other process deletes it in between
            catalog = Catalog(copy, objects=ObjectStore(paths.objects), read_only=True)
    except (OSError, sqlite3.Error, CatalogError) as exc:
        raise _not_upgraded(older, f"no upgraded copy could be made in memory "
                                   f"({folder.parent}): {exc}") from exc
    if made:
        log.warning("%s is of an older schema and cannot be upgraded on this disk: shown "
                    "from a copy upgraded in memory (%s) until the disk takes writes again",
                    db, copy)
    return catalog


def copy_given_back(catalog: Catalog) -> bool:
    """Whether `catalog` was opened from a copy upgraded in memory that has gone since:
    `catalog.db` was upgraded in place (the kiosk back to writing) or changed (a new
    copy made). A reader that runs for days, the phone server, then opens the catalog
    again, or it would serve the library as it was at the update until it is restarted
    (an item added since: "not found" for the QR code the kiosk shows). One `stat`."""
    path = catalog.path
    return (path is not None and path.parent.name.startswith(UPGRADED_PREFIX)
            and not path.exists())


def _own_private_folder(folder: Path) -> None:
    """Make `folder` (0700), or check that the one there is: this user's, a real folder
    (not a link), closed to other users (`_check_private`)."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    _check_private(folder)


def _check_private(folder: Path) -> None:
    """Raise `OSError` unless `folder` is this user's, a real folder (not a link), closed
    to other users. In a folder every user may write (`/dev/shm`, the temporary folder)
    another could have made it first, to have the station read what they put in it."""
    st = folder.lstat()
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(f"{folder} is not a folder (a link or a file by its name): not used")
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        raise OSError(f"{folder} is another user's, or open to other users: not used "
                      "(a restart of the machine empties it)")


def _make_upgraded(db: Path, folder: Path, copy: Path, size: int) -> None:
    """Make `copy`: `db` upgraded, written beside under a name of its own, then renamed,
    so no one reads half of one. The caller holds the folder's lock: what else is in it
    is a copy of an earlier state of the file, or what a maker cut off left."""
    free = disk_free(folder)
    if free is not None and free < 2 * size:  # the copy, its growth and journal
        raise OSError(f"{human_size(free, 'en')} free there, "
                      f"{human_size(2 * size, 'en')} needed")
    for other in folder.iterdir():  # stale now (a reader of one keeps it till it closes)
        if not other.name.startswith("failed-"):  # the note of a failed upgrade stays
            with contextlib.suppress(OSError):
                other.unlink()
    part = copy.with_name(f"{copy.name}.{os.getpid()}.part")
    source, private = connect_read_only(db)
    try:
        upgrade_copy(source, part)
        os.replace(part, copy)
    finally:
        source.close()
        if private is not None:
            private.cleanup()
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _not_upgraded(older: OlderSchema, why: str) -> CatalogError:
    """The refusal of a station that can neither upgrade its catalog on the disk nor in
    memory: what to do is free the disk (`older`'s own advice, a writing command, cannot
    work until then)."""
    return CatalogError(
        f"{older.needs}; {why}; free space on this disk (or make the data folder writable) "
        "first, then the station upgrades the catalog as it starts",
        message_vi="Cơ sở dữ liệu cần nâng cấp cho phiên bản mới nhưng đĩa không ghi được, "
                   "và trạm không nâng cấp tạm được trong bộ nhớ: hãy giải phóng chỗ trống "
                   "trên đĩa (hoặc cho phép ghi thư mục dữ liệu), trạm sẽ tự nâng cấp khi "
                   "khởi động.")


def _give_back_upgraded(paths: DataPaths) -> None:
    """Delete the copy upgraded in memory, if any: the catalog could be opened writable,
    so it is upgraded in place (one `stat` when there is none). Only this user's own
    folder, and not while another process is making or opening a copy in it."""
    folder = _upgrade_folder(paths)
    with contextlib.suppress(OSError, CatalogError):
        _check_private(folder)
        with folder_lock(folder, held_by="another process is upgrading a copy of the "
                         "catalog in", error=CatalogError, wait_s=MAKING_WAIT_S,
                         message_vi="Một tiến trình khác đang nâng cấp bản sao cơ sở dữ liệu."):
            shutil.rmtree(folder, ignore_errors=True)


def memory_root() -> Path:
    """The system's folder in memory (`/dev/shm` on Linux), else the temporary folder."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm
    return Path(tempfile.gettempdir())


#: The folders `memory_folder` made in this process, each with the descriptor that holds
#: its lock (`flock`) until `release_memory_folder`, or until the process ends.
_HELD_FOLDERS: dict[Path, int] = {}


def memory_folder(prefix: str) -> Path:
    """A new folder for what the data folder's disk cannot take now (a reading to play):
    in memory where the system keeps one (`/dev/shm` on Linux), else in the temporary
    folder. Its owner deletes it (`release_memory_folder`).

    A kiosk killed (`kill -9`, the OOM killer) never deletes it, and memory is what it
    takes, until a reboot: one more at every kill of a kiosk on a full disk. So the maker
    holds a lock on it as long as it lives, and a new one first deletes the folders of
    the same `prefix` whose makers are gone (`remove_abandoned_memory_folders`)."""
    root = memory_root()
    remove_abandoned_memory_folders(root, prefix)
    for _ in range(2):
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
        if _hold_folder(folder):
            return folder
    # swept twice in that moment: a third one is used however it fares (never a loop)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    _hold_folder(folder)
    return folder


def _hold_folder(folder: Path) -> bool:
    """Lock `folder` for this process's life; False when another process's sweep deleted
    it before the lock was taken (the moment after `mkdtemp`). True where the system has
    no `flock`: there nothing sweeps either."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fd = os.open(folder, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.stat(folder).st_ino != os.fstat(fd).st_ino:
            raise FileNotFoundError(folder)
    except OSError:
        os.close(fd)
        return False
    _HELD_FOLDERS[folder] = fd
    return True


def release_memory_folder(folder: Path) -> None:
    """Delete a folder `memory_folder` made, and let go of its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    fd = _HELD_FOLDERS.pop(folder, None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def remove_abandoned_memory_folders(root: Path, prefix: str) -> list[Path]:
    """Delete the folders named `prefix…` in `root` that no living process holds locked
    (their kiosk was killed); return them (`locks.remove_unheld`)."""
    return [root / name for name in remove_unheld(root, prefix, folders=True)]

