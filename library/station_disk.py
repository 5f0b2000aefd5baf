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
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .catalog import FULL_DISK_BYTES, Catalog
from .errors import CatalogError, StorageError
from .objects import ObjectStore
from .paths import DataPaths, disk_free

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
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    try:
        if statvfs is not None and statvfs(root).f_flag & os.ST_RDONLY:
            return READ_ONLY
    except OSError:
        pass
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
        try:
            if tidy:
                return Catalog.open(paths)
            return Catalog(paths.catalog_db, objects=ObjectStore(paths.objects))
        except (StorageError, CatalogError):
            refusal = write_refusal(paths.root)
            if refusal is None:
                raise
            _say_once(refusal)
    catalog = Catalog.open_read_only(paths)
    catalog.refusal = refusal
    return catalog


def memory_folder(prefix: str) -> Path:
    """A new folder for what the data folder's disk cannot take now (a reading to play):
    in memory where the system keeps one (`/dev/shm` on Linux), else in the temporary
    folder. Its owner deletes it; a reboot empties `/dev/shm` anyway."""
    import tempfile

    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))

