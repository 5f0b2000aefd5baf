"""The catalog: items, their per-page text and the search index, in one SQLite file.

Every write is one transaction covering the item row, its pages and its
index rows, so a crash mid-add leaves no half item. Files live in the
content-addressed `ObjectStore`; the catalog only names them by sha256.
Callers get frozen `Item` dataclasses, never rows or cursors.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CatalogError, DocumentError, InvalidInput, NotFound, StorageError
from .files import disk_full
from .formats import KIND_NAMES_VI, KINDS, check_file_kind, check_kind
from .migrations import (
    ADDED_FIRST,
    ITEMS_FTS_SQL,
    MIGRATIONS,
    NEWEST_FIRST,
    PAGES_FTS_SQL,
    keep_copy_before_migrating,
    migrate,
    needs_migration,
    schema_version,
)
from .objects import CANNOT_WRITE_HINT, ObjectStore
from .paths import DataPaths, check_room, disk_free, has_room, on_read_only_disk
from .text import one_line
from .vietnamese import fold, sort_key, syllable_pairs

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import sqlite_utils

    from .extract import Extraction

_SAVEPOINTS = itertools.count(1)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_id(item_id: str) -> str:
    """Item ids are short, lower-case and URL-safe; anything else is refused."""
    if not isinstance(item_id, str) or not _ID.match(item_id):
        raise InvalidInput(f"not a valid item id: {item_id!r}")
    return item_id


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _one_line(text: str | None) -> str:
    """A title, author or tag as one line (`text.one_line`, after NFKC): a line break or
    tab typed into `--title`, or a right-to-left override sent by a feed, would split or
    turn round the kiosk's one-line labels and `list`'s rows."""
    return one_line(_nfkc(text))


#: Unreferenced objects younger than this are left by `collect_garbage`: they may
#: belong to an `add` or an import in another process that has not committed yet.
GARBAGE_GRACE_S = 3600.0

#: The most the catalog's `-wal` keeps on the disk after a checkpoint. A sync's one
#: transaction grows it to the size of all it wrote (38.8 MB after a year of syncs of
#: a 3,000-item catalog), and without a limit SQLite keeps that file at its peak for
#: good, to reuse it.
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024

#: `upkeep` merges the search index once this share of the catalog's pages (and at
#: least `UPKEEP_MIN_PAGES`) were written or deleted since it last did. Every change to
#: a page adds index segments and, the page index holding no text, delete markers
#: that only a merge drops: 1,000 syncs each changing 1 % of a catalog grew its page
#: index from 58 MB to 167 MB.
UPKEEP_SHARE = 0.1
UPKEEP_MIN_PAGES = 200
#: `state` key: pages written or deleted since the last `upkeep`.
PAGES_CHANGED_KEY = "upkeep.pages_changed"

#: Less free space than this on the data folder's disk, and SQLite's failure to open the
#: catalog ("disk I/O error": it could not make the 32 KiB `-shm` index every WAL
#: connection needs) is put down to a full disk, not to the folder's permissions.
FULL_DISK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Item:
    """One thing a visitor can open: a book, infographic, bulletin, video…"""

    id: str
    title: str
    kind: str
    authors: tuple[str, ...] = ()
    publisher: str = ""
    language: str = "vi"
    tags: tuple[str, ...] = ()
    summary: str = ""
    published: str | None = None
    sha256: str | None = None
    size: int = 0
    page_count: int = 0
    media_type: str = ""
    filename: str = ""
    cover_sha256: str | None = None
    public_url: str | None = None
    source: str = "local"
    added: str = field(default_factory=now_iso)
    hidden: bool = False
    featured: bool = False
    scanned: bool = False
    broken: bool = False
    body: str | None = None
    duration_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["tags"] = list(self.tags)
        return data

    @property
    def kind_name(self) -> str:
        return KIND_NAMES_VI.get(self.kind, self.kind)


_COLUMNS = [f for f in Item.__dataclass_fields__]
#: The lists' orders (`Catalog.items`): the newest published (or added) first, the
#: last added first, or by title in Vietnamese dictionary order (`sort_key`).
_ORDERS = {
    "new": NEWEST_FIRST,  # indexed (migration 8), within a kind and over all
    "added": ADDED_FIRST,  # indexed (migration 8) over all kinds
    "title": "title_key, num",
}
_BOOL_COLUMNS = {"hidden", "featured", "scanned", "broken"}


#: The columns of `items` that hold a JSON list of texts.
_LIST_COLUMNS = ("authors", "tags")
#: The columns that hold JSON, with what the catalog check writes over one that does not
#: read as such (`unreadable_rows`): an item's lists, a repository's index `extensions`
#: (read by every status line: the panel's, `sync --status --json`, the health report).
_JSON_COLUMNS = {("items", "authors"): "[]", ("items", "tags"): "[]",
                 ("repositories", "extensions"): "{}"}
#: The columns whose value, when it cannot be read, is cleared rather than kept with «�»:
#: a part of it is worth nothing, and kept it would do harm. A key id a repository is
#: pinned to would refuse every later index of it («signed by another key»); an ETag or
#: a date sent back to the server cannot hold a «�» (every sync would fail); an index's
#: expiry is read as a date at every sync the server answers "not modified" (each would
#: fail as "not a date", the ETag still good); a trusted key's half-read public key
#: would fail every import and `trust list`. Cleared, the next import pins the
#: repository again, the next sync fetches its index whole, and the key reads as not
#: trusted until the librarian adds it again.
_CLEARED_COLUMNS: dict[tuple[str, str], str | None] = {
    ("repositories", "publisher_key"): None, ("repositories", "etag"): None,
    ("repositories", "last_modified"): None, ("repositories", "expires"): None,
    ("trusted_keys", "public"): ""}


class DamagedRow(sqlite3.DatabaseError):
    """A row of the catalog that cannot be read, in a file whose pages are sound. Its
    line ends with what to do (`__str__`).

    Why SQLite's error and not a `LibraryError`: it is damage, as SQLite's own
    "malformed" is, and must travel as far: the kiosk's handlers of expected failures
    (`except LibraryError`: an item gone, a file that will not play) would show the
    visitor a line and go on, leaving no mark for the check that mends it
    (`catalog_check.is_damage`); the command line says it in one line as any error
    of SQLite's (`cli.run`)."""

    def __str__(self) -> str:
        return (f"{super().__str__()} (damage inside the catalog: the kiosk that meets it "
                "starts again, checks the catalog and mends the row)")


def _row_to_item(row: dict[str, Any]) -> Item:
    """The item a row holds; `DamagedRow` when a list in it is no JSON list (a bit flipped
    on the disk: `catalog_check.is_damage` takes it for damage, the check mends it)."""
    values = {k: row[k] for k in _COLUMNS if k in row}
    try:
        for key in _LIST_COLUMNS:
            values[key] = tuple(json.loads(values.get(key) or "[]"))
    except (ValueError, TypeError) as exc:
        raise DamagedRow(f"catalog row {row.get('num', '?')} ({key}) cannot be read: "
                         f"{one_line(str(exc))}") from exc
    for key in _BOOL_COLUMNS:
        values[key] = bool(values.get(key))
    return Item(**values)


@dataclass(frozen=True)
class RowFix:
    """A value the catalog check writes over one that cannot be read (`unreadable_rows`)."""

    table: str  # "items", "pages", "state", …
    num: int
    column: str
    value: str | None  # written: the text with U+FFFD for what could not be read, "[]",
    #                    "{}", or cleared ("" or NULL: `_CLEARED_COLUMNS`)
    item: str  # the id of the item the row belongs to, as far as it can be read ("": none)
    page: int | None = None  # a page row's page number

    def __str__(self) -> str:
        where = f"page {self.page}'s {self.column}" if self.page is not None else self.column
        what = ("a value that could not be read, now cleared" if not self.value
                else "a list that could not be read, now empty" if self.value == "[]"
                else "settings that could not be read, now empty" if self.value == "{}"
                else "letters that could not be read, now \ufffd")
        whose = f"{self.item}, " if self.item else ""
        return f"{whose}{where} ({self.table} row {self.num}): {what}"


def _fixed_text(value: bytes, *, empty: str | None) -> str | None:
    """What to write over `value` read as bytes, or None when it reads as it is. `empty`:
    the column holds JSON (`_JSON_COLUMNS`), and this is written when the value, its
    letters mended, is no such JSON — a «�» in place of a bracket or a quote."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("utf-8", "replace")
        return text if empty is None or _reads_as(text, empty) else empty
    return None if empty is None or _reads_as(text, empty) else empty


def _sql_name(name: str) -> str:
    """`name` as an SQL identifier, whatever it holds. Why: the catalog check reads every
    table the file holds (`Catalog.unreadable_rows`), names read from the file itself;
    one with a quote in it (a table another program added) must not end the check
    with a syntax error, nor make a statement of its name."""
    return '"' + name.replace('"', '""') + '"'


def _reads_as(text: str, empty: str) -> bool:
    """Whether `text` is JSON of `empty`'s kind: a list of texts ("[]"), an object ("{}")."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    if empty == "{}":
        return isinstance(value, dict)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _item_to_row(item: Item) -> dict[str, Any]:
    """The item as its `items` row, with the title's dictionary-order key beside it
    (`vietnamese.sort_key`): every write of a title goes through here, so the key
    the lists by title use is never stale."""
    row = asdict(item)
    row["title_key"] = sort_key(item.title)
    row["authors"] = json.dumps(list(item.authors), ensure_ascii=False)
    row["tags"] = json.dumps(list(item.tags), ensure_ascii=False)
    for key in _BOOL_COLUMNS:
        row[key] = int(row[key])
    return row


#: FTS5's words for a search index whose settings row (`<table>_config`) is damaged:
#: «invalid fts5 file format (found 0, expected 4) - run 'rebuild'» (newer SQLite:
#: «expected 4 or 5»). SQLite words it as a plain error, not as damage. Anchored at the
#: message's start: no other error that merely quotes these words is taken for them.
FTS_FORMAT_ERROR = re.compile(r"^invalid fts5 file format \(found -?\d+, expected \d+")
#: FTS5's words for a search index it cannot open at all: one of its internal tables
#: gone, or its structure record garbled (then with `SQLITE_CORRUPT_VTAB`, already
#: damage by its code; a missing settings table gives a plain error). Anchored as above.
FTS_CONSTRUCTOR_ERROR = re.compile(r"^vtable constructor failed: ")
#: Python's words for a text SQLite holds that is no UTF-8 (a bit flipped on the disk).
UNREADABLE_TEXT = re.compile(r"^Could not decode to UTF-8 column ")
#: The statement that makes each search index (`rebuild_search_index`, `_drop_search_index`).
_SEARCH_INDEX_SQL = {"items_fts": ITEMS_FTS_SQL, "pages_fts": PAGES_FTS_SQL}
#: SQLite's generic words for its result code 1, all FTS5 says when it meets one of an
#: index's internal tables gone in the middle of a statement (`<name>_idx`, …).
_LOGIC_ERROR = "SQL logic error"


class DamagedSearchIndex(sqlite3.DatabaseError):
    """One of the catalog's search indexes lacks one of its internal tables
    (`Catalog.missing_search_index_parts`).

    Why its own error: FTS5 then says only «SQL logic error», SQLite's words for any
    mistake, which no one may take for damage; said instead as what it is, a search that
    meets it leaves the kiosk's mark (`catalog_check.is_damage`), and the check at the
    next start makes the index again from the catalog."""


@functools.cache
def _search_index_parts(table: str) -> frozenset[str]:
    """The internal tables a fresh `table` (a search index) has, as this SQLite's FTS5
    makes them (`items_fts_data`, `items_fts_idx`, …): read once, from one made in
    memory with the catalog's own statement."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(_SEARCH_INDEX_SQL[table])
        return frozenset(str(row[0]) for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != ?", [table]))
    finally:
        conn.close()


def _page_index_text(text: str) -> tuple[str, str]:
    """What a page puts in `pages_fts`: its folded text and its syllable pairs.

    Indexing and deleting must hand the content-less index the very same
    tokens, so both take them from here.
    """
    folded = fold(text)
    return folded, syllable_pairs(folded)


@dataclass(frozen=True)
class AddResult:
    item: Item
    created: bool  # False when the same file was already in the catalog
    #: The same file added again, whose text reads otherwise now (`Catalog.add_file`).
    text_read_again: bool = False
    #: The same file added again, whose cover comes out otherwise now (`Catalog.add_file`).
    cover_made_again: bool = False


def connect_read_only(path: Path) -> tuple[sqlite3.Connection,
                                             tempfile.TemporaryDirectory[str] | None]:
    """A connection that reads the catalog file at `path` and writes nothing beside it.

    The catalog runs in WAL mode, and SQLite reads a WAL database through its
    `-shm` index, which it must be able to make when it is missing. So:

    1. `mode=ro`: the usual case, also while the kiosk writes (WAL gives a
       consistent snapshot), and in a read-only folder whose `-wal` and
       `-shm` files are there (left by a station stopped mid-write).
    2. `immutable=1`, when (1) cannot open because the folder cannot be
       written (or its disk is full) and there is no usable `-shm`, and no
       `-wal` holding commits: the file alone is then the whole catalog.
       Immutable tells SQLite that nobody changes the file while it reads,
       which holds on a read-only mount (and on a full disk nobody writes);
       where another user's kiosk runs meanwhile it can be wrong, but the
       kiosk keeps `-shm` open, so (1) serves that case.
    3. A private copy, when (1) cannot open and a `-wal` holds commits not
       yet in the file (a power cut, then the folder mounted read-only):
       immutable would silently miss them. The file and its `-wal` are copied
       into a temporary folder and read there (removed on `close`).

    Returns the connection and, for (3), the temporary folder.
    """
    if not path.is_file():
        what = ("no such file" if not path.is_symlink() and not path.exists() else
                "it is not a file" if path.exists() else "it links to a file that is not there")
        raise CatalogError(f"cannot read the catalog {path}: {what}")
    uri = path.resolve().as_uri()  # as_uri escapes ?, # and %
    try:
        return _probe(sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None,
                                      check_same_thread=False, timeout=10)), None
    except sqlite3.OperationalError as exc:
        # the `-shm` cannot be made: CANTOPEN on a read-only mount, READONLY_DIRECTORY in
        # a folder this user may not write; READONLY_RECOVERY/CANTINIT: a stale one is there
        # …and IOERR on a full disk, where the `-shm` cannot be made either
        if (exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)
                and full_disk_error(path, exc) is None):
            raise CatalogError(f"cannot read the catalog {path}: {exc}") from exc
        first = exc
    except sqlite3.DatabaseError as exc:
        raise read_error(path, exc) from exc
    wal = path.with_name(path.name + "-wal")
    try:
        commits_waiting = wal.stat().st_size > 0
    except FileNotFoundError:
        commits_waiting = False
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog {path}: {first}; {wal}: "
                           f"{exc.strerror or exc}") from exc
    copy = tempfile.TemporaryDirectory(prefix="cafesach-catalog-") if commits_waiting else None
    try:
        if copy is None:
            conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False)
        else:
            target = Path(copy.name) / path.name
            shutil.copyfile(path, target)
            shutil.copyfile(wal, target.with_name(wal.name))
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        return _probe(conn), copy
    except (OSError, sqlite3.Error) as exc:
        if copy is not None:
            copy.cleanup()
            if isinstance(exc, OSError) and (  # the temporary folder failed
                    disk_full(exc)
                    or str(exc.filename2 or exc.filename or "").startswith(copy.name)):
                raise CatalogError(
                    f"cannot read the catalog {path}: changes still in {wal.name} are read "
                    f"from a copy in {Path(copy.name).parent}, which failed: "
                    f"{exc.strerror or exc} (set TMPDIR to a folder with room for the "
                    "catalog)") from exc
        raise read_error(path, exc) from exc


def _sqlite_temp_folder() -> Path:
    """Where SQLite writes a VACUUM's temporary copy: on Unix the first folder it can
    write of `SQLITE_TMPDIR`, `TMPDIR`, /var/tmp, /usr/tmp, /tmp and the current
    folder (its own order); elsewhere the system's temporary folder."""
    if os.name == "nt":
        return Path(tempfile.gettempdir())
    for folder in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR"),
                   "/var/tmp", "/usr/tmp", "/tmp"):
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return Path(folder)
    return Path.cwd()


def _room_to_rewrite(folder: Path, size: int) -> bool:
    """Whether a VACUUM of a catalog of `size` bytes in `folder` leaves the disks'
    reserve free: `size` more for the `-wal` there, `size` more for the temporary
    copy on its disk (both on the data disk when the folders share it). False when a
    disk's free space cannot be told."""
    need: dict[int, tuple[Path, int]] = {}
    for where in (folder, _sqlite_temp_folder()):
        try:
            device = where.stat().st_dev
        except OSError:
            return False
        need[device] = (where, need.get(device, (where, 0))[1] + size)
    return all(disk_free(where) is not None and has_room(where, bytes_)
               for where, bytes_ in need.values())


def full_disk_error(path: Path, exc: OSError | sqlite3.Error) -> StorageError | None:
    """The one line for a catalog that could not be opened because its disk is full, or
    None when that is not why.

    SQLite says "disk I/O error" when it cannot make the `-shm` file on a full disk
    (`SQLITE_IOERR_SHMSIZE`), and "database or disk is full" when it cannot grow the
    `-wal`: the error alone does not say which, so the free space decides — except on
    a disk mounted read-only, which says it has no room as well (a squashfs, a disc):
    there the write failed for that, and deleting files, what this line asks, cannot
    help (`station_disk.unwritable` asks in the same order).
    """
    if isinstance(exc, OSError):
        full = disk_full(exc)
    else:
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code not in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
            return None
        if on_read_only_disk(path.parent):
            return None
        free = disk_free(path.parent)
        full = code == sqlite3.SQLITE_FULL or (free is not None and free < FULL_DISK_BYTES)
    if not full:
        return None
    return StorageError(
        f"cannot open the catalog {path}: the disk holding the data folder is full "
        "(free some space on it: old files in the data folder's staging/ and cache/ can go; "
        "then try again)",
        message_vi="Đĩa chứa thư mục dữ liệu đã đầy, không mở được danh mục; hãy xoá bớt "
                   "tệp cho có chỗ trống rồi mở lại.")


def read_error(path: Path, exc: OSError | sqlite3.Error) -> CatalogError | StorageError:
    """Why the catalog at `path` could not be read, as one line: a file that is not a
    database is damage; a full disk says so (`full_disk_error`); anything else
    (read-only, locked, cannot open) points at the data folder's owner and permissions."""
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return CatalogError(
            f"catalog database is damaged or not a catalog: {exc}",
            message_vi="Tệp cơ sở dữ liệu của thư viện (catalog.db) bị hỏng: chép lại tệp "
                       "từ bản sao lưu, hoặc đổi tên tệp hỏng để trạm tạo thư viện mới rồi "
                       "nạp lại nội dung.")
    full = full_disk_error(path, exc)
    if full is not None:
        return full
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    return CatalogError(f"cannot read the catalog {path}: {reason} (check the data "
                        "folder's owner and permissions)")


def _probe(conn: sqlite3.Connection) -> sqlite3.Connection:
    """`conn` once it has read the schema: SQLite opens the WAL, and finds out whether
    the file is a database at all, only at the first read. Closed if that fails."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path | str | None) -> None:
    """Refuse an SQLite file of another program in the catalog's place.

    Schema 0 is how a new catalog looks, but a new one holds no tables: one
    that does belongs to something else, and migrating would write this
    program's tables into it (and reading it would ask for an "upgrade").
    """
    if schema_version(conn) != 0:
        return
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 4")]
    if names:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise CatalogError(f"{path} is not a catalog of this program (it holds other tables: "
                           f"{shown}); choose another data folder",
                           message_vi="Tệp catalog.db không phải của chương trình này.")


def _write_error(exc: sqlite3.OperationalError, path: Path | None = None, *,
                 read_only: bool = False, refusal: StorageError | None = None) -> Exception:
    """A write that SQLite refused, as a `LibraryError` when people can act on it.

    SQLite opens a catalog it may not write (another user's file, a read-only
    mount with the `-wal` and `-shm` a running kiosk left) read-only without a
    word; only the first write says "attempt to write a readonly database".
    A catalog opened `read_only` on purpose keeps SQLite's own error there: a
    write through it is a mistake in the program, not in the folder — unless it
    was opened so because the folder cannot be written (`refusal`): that is said.
    """
    code = exc.sqlite_errorcode & 0xFF
    if code == sqlite3.SQLITE_READONLY and refusal is not None:
        return StorageError(str(refusal), message_vi=refusal.message_vi)
    if code == sqlite3.SQLITE_READONLY and not read_only:
        return StorageError(f"cannot write the catalog {path}: {exc}; nothing was changed "
                            f"({CANNOT_WRITE_HINT})",
                            message_vi="Không ghi được vào danh mục (thư mục dữ liệu chỉ cho "
                                       "đọc, hoặc của người dùng khác); chưa thay đổi gì.")
    if code == sqlite3.SQLITE_FULL:
        return StorageError("the disk is full: the catalog could not be written; nothing was "
                            "changed (free some space, then try again)",
                            message_vi="Đĩa đầy; chưa ghi được gì vào danh mục.")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return CatalogError("the catalog is busy: another program (an import, a sync, the "
                            "kiosk) kept it locked too long; nothing was changed (try again "
                            "in a moment)",
                            message_vi="Danh mục đang bận; chưa ghi gì, hãy thử lại sau.")
    return exc


def _file_stamp(path: Path) -> tuple[int, int]:
    """Size and modification time: what changes while a file is being written
    ((-1, -1) when it cannot be read: `extract` then says why)."""
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


class _BlankCatalog(CatalogError):
    """A catalog file with no schema at all, opened read-only (`open_read_only`: empty)."""


class OlderSchema(CatalogError):
    """A catalog of an older schema, opened read-only: it needs upgrading, which writes.

    Its own class because a station on a disk it cannot write shows an upgraded
    copy instead (`station_disk.open_station_catalog`)."""

    def __init__(self, message: str, *, message_vi: str | None = None,
                 needs: str = "") -> None:
        super().__init__(message, message_vi=message_vi)
        #: What is wrong without the advice (a writing command), for a station that
        #: cannot write its disk and must say another way out (`station_disk`).
        self.needs = needs or message


class Catalog:
    """A catalog database (and, when given, its object store)."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        memory: bool = False,
        objects: ObjectStore | None = None,
        read_only: bool = False,
    ) -> None:
        self._copy: tempfile.TemporaryDirectory[str] | None = None
        if memory:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        else:
            if path is None:
                raise ValueError("a path or memory=True is needed")
            path = Path(path)
            if read_only:
                conn, self._copy = connect_read_only(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                           timeout=10)
                except sqlite3.Error as exc:
                    raise full_disk_error(path, exc) or CatalogError(
                        f"cannot open {path}: {exc}") from exc
        self.path = None if memory else Path(path)  # type: ignore[arg-type]
        self.objects = objects
        self.read_only = read_only
        #: Why this read-only catalog stands in for a writable one (the kiosk on a full
        #: disk or a read-only mount: `station_disk.open_station_catalog`); a write is
        #: then refused with this `StorageError`, not SQLite's "readonly database".
        self.refusal: StorageError | None = None
        try:
            if read_only:  # a write would fail anyway; this makes it fail the same everywhere
                conn.execute("PRAGMA query_only = ON")
            else:
                # a new catalog gives the pages it frees back to the disk (`upkeep`); set
                # before its first table, and before WAL, which would fix the mode first.
                # An older catalog is switched by a VACUUM at its upkeep, when safe.
                # Only on an empty file: SQLite writes the setting even when it is the
                # same, which fails in a catalog this user may only read
                if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
                conn.execute("PRAGMA synchronous = NORMAL" if memory
                             else "PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Search reads index pages at every keystroke: mapping the file saves a
            # read() per page (p95 per keystroke 10 → 6 ms at 20,000 documents).
            conn.execute("PRAGMA mmap_size = 268435456")
            self.conn = conn
            self._db: sqlite_utils.Database | None = None
            if needs_migration(conn):
                _refuse_foreign(conn, path)
                if read_only:
                    self._refuse_other_schema()
                if not memory:
                    keep_copy_before_migrating(conn, Path(path))
                migrate(self.db)
        except sqlite3.OperationalError as exc:  # read-only, locked, cannot open: not damage
            self._close_quietly(conn)
            full = None if memory else full_disk_error(Path(path), exc)  # type: ignore[arg-type]
            if full is not None:
                raise full from exc
            if not memory and on_read_only_disk(Path(path).parent):  # type: ignore[arg-type]
                # no owner or permission helps there: say what still works
                raise CatalogError(
                    f"cannot change the catalog {path}: the data folder is on a read-only "
                    "disk (a write-protected stick, a read-only mount); the commands that "
                    "only read it (list, search, show, render, text) still work",
                    message_vi="Ổ đĩa chứa thư mục dữ liệu chỉ cho đọc: không ghi được gì "
                               "vào thư viện.") from exc
            raise CatalogError(f"cannot use the catalog {path}: {exc} (check the data folder's "
                               "owner and permissions)") from exc
        except sqlite3.DatabaseError as exc:
            self._close_quietly(conn)
            raise read_error(path, exc) from exc
        except CatalogError:
            self._close_quietly(conn)
            raise

    def _close_quietly(self, conn: sqlite3.Connection) -> None:
        conn.close()
        if self._copy is not None:
            self._copy.cleanup()

    def _refuse_other_schema(self) -> None:
        """A catalog of another version, opened only to read: say what to do, change nothing.

        Upgrading writes, and a reading command must not (the folder may be
        read-only, or another station's, looked at). A newer catalog gets
        `migrate`'s own refusal, raised before it changes anything.
        """
        version = schema_version(self.conn)
        if version == 0 and not self.conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            raise _BlankCatalog(f"the catalog {self.path} was never set up: it holds nothing")
        if version > len(MIGRATIONS):
            migrate(self.db)  # raises: this program is older than the catalog
        needs = (f"the catalog needs upgrading (schema {version}; this version uses "
                 f"{len(MIGRATIONS)})")
        raise OlderSchema(
            f"{needs}: run any writing command once where the data folder can be "
            "written (`cafesach selftest` will do), or start the kiosk there",
            message_vi="Cơ sở dữ liệu cần nâng cấp: hãy chạy một lệnh ghi (ví dụ "
                       "cafesach selftest) một lần, hoặc mở kiosk.", needs=needs)

    @classmethod
    def open(cls, paths: DataPaths) -> Catalog:
        """The catalog of a data directory, with its object store."""
        paths.ensure()
        store = ObjectStore(paths.objects)
        store.clear_incoming()
        return cls(paths.catalog_db, objects=store)

    @classmethod
    def open_read_only(cls, paths: DataPaths) -> Catalog:
        """The catalog of a data directory for commands that only read it.

        Changes nothing: no folders made, no schema upgraded, no WAL switched
        on, not a byte of the catalog written, so it works on a read-only
        mount, another user's station or a copy on a stick (how it reads is
        `connect_read_only`). Where the folder can be written, SQLite makes
        the empty `-wal` and `-shm` files every WAL reader needs, as the kiosk
        does. A data folder with no catalog yet reads as an empty catalog, and
        so does an empty catalog file (made, never set up: a station stopped
        at its first start, `touch`); a `catalog.db` that is a folder or a
        dangling link is an error, not an empty catalog. A catalog of another
        schema is a `CatalogError` saying how to upgrade it. Writing through it
        fails (`PRAGMA query_only`).
        """
        paths.check_is_folder()
        store = ObjectStore(paths.objects)
        if paths.catalog_db.exists() or paths.catalog_db.is_symlink():
            try:
                return cls(paths.catalog_db, objects=store, read_only=True)
            except _BlankCatalog:
                pass
        catalog = cls(memory=True, objects=store)
        catalog.read_only = True
        catalog.conn.execute("PRAGMA query_only = ON")
        return catalog

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection wrapped by sqlite-utils, for schema migrations.

        Made on first use: reading and writing items needs only `query` and
        `execute`, and importing sqlite-utils (with dateutil and pluggy) costs
        ~50 ms that a station's start does not have to pay.
        """
        if self._db is None:
            import sqlite_utils

            # no sqlite-utils plugins here: skipping their entry-point scan saves ~14 ms
            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows of a SELECT as dicts (column name → value); a text that is no UTF-8 raises
        `DamagedRow` (see `unreadable_rows`)."""
        cursor = self.conn.execute(sql, tuple(params))
        keys = [column[0] for column in cursor.description]
        try:
            for row in cursor:
                yield dict(zip(keys, row, strict=True))
        except sqlite3.OperationalError as exc:
            if not UNREADABLE_TEXT.search(str(exc)):
                raise
            raise DamagedRow(f"a catalog row cannot be read: {one_line(str(exc))}"[:300]) from exc

    def execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """One SQL statement on the catalog's connection.

        Every write goes through here (or `atomic`), so a catalog SQLite opened
        read-only says so in one line (`_write_error`), whichever command wrote.
        """
        try:
            return self.conn.execute(sql, tuple(params))
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_ERROR and str(exc) == _LOGIC_ERROR:
                self._say_lost_search_index_parts(exc)
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY:
                raise
            error = _write_error(exc, self.path, read_only=self.read_only,
                                 refusal=self.refusal)
            if error is exc:
                raise
            raise error from exc

    def _say_lost_search_index_parts(self, exc: sqlite3.OperationalError) -> None:
        """Raise `DamagedSearchIndex` from `exc` («SQL logic error») when one of the
        catalog's search indexes lacks one of its internal tables; nothing when none
        does (the words then stay what they are: a mistake, no damage). Read only on
        that error's way: a catalog that never meets it never looks."""
        missing = self.missing_search_index_parts()
        if missing:
            lost = "; ".join(f"{table} lacks {', '.join(parts)}"
                             for table, parts in missing.items())
            raise DamagedSearchIndex(f"the catalog's search index is damaged ({lost}): {exc}")

    def data_version(self) -> int:
        """A number that changes when another connection or process commits to the catalog.

        SQLite's `PRAGMA data_version`: a running kiosk asks it every few seconds
        to notice what `cafesach add`, `import` or a background sync changed,
        without reading any table. Its own commits do not change it.
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self._close_quietly(self.conn)

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Catalog]:
        """One transaction; nested calls become savepoints."""
        if self.conn.in_transaction:
            savepoint = f"catalog_{next(_SAVEPOINTS)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            error = (_write_error(exc, self.path, read_only=self.read_only,
                                 refusal=self.refusal)
                     if isinstance(exc, sqlite3.OperationalError) else exc)
            if error is not exc:  # one line for the person; the rollback undid it all
                raise error from exc
            raise

    # -- reading --------------------------------------------------------------
    def get(self, item_id: str) -> Item:
        rows = list(self.query("SELECT * FROM items WHERE id = ?", [item_id]))
        if not rows:
            raise NotFound(f"no item with id {item_id!r}", message_vi="Không tìm thấy mục này.")
        return _row_to_item(rows[0])

    def titles(self, item_ids: Iterable[str]) -> dict[str, str]:
        """The titles of `item_ids`, in their order, for people reading ids (counts, a
        report): an id alone (``3f2a9c1b7e4d`` for a file the librarian added) says
        nothing. An item since removed has none."""
        titles: dict[str, str] = {}
        for item_id in item_ids:
            row = self.execute("SELECT title FROM items WHERE id = ?", [item_id]).fetchone()
            if row is not None:
                titles[item_id] = row[0]
        return titles

    def find_by_sha256(self, sha256: str) -> Item | None:
        rows = list(self.query("SELECT * FROM items WHERE sha256 = ? LIMIT 1", [sha256]))
        return _row_to_item(rows[0]) if rows else None

    def items(
        self,
        *,
        kind: str | None = None,
        tag: str | None = None,
        include_hidden: bool = False,
        featured: bool | None = None,
        broken: bool | None = None,
        order: str = "new",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Item]:
        """Items filtered and sorted; `order` is `new`, `title` (Vietnamese dictionary
        order: «Anh, Ánh, Ăn, Âm, Bác, Đà Nẵng, Em»; see `vietnamese.sort_key`) or `added`."""
        where, params = self._filters(kind, tag, include_hidden, featured, broken)
        order_sql = _ORDERS.get(order)
        if order_sql is None:
            raise InvalidInput(f"unknown order {order!r}")
        if featured or broken:
            # few rows pass (the librarian's picks, the files found broken): SQLite reads
            # those and sorts them. Walking an index in the order instead looks up every
            # row of the list in turn to find them (10,000 items, 40 featured: the home
            # shelf 7.7 ms, against 5.4). `+` keeps the order, not the index
            order_sql = "+" + order_sql
        sql = f"SELECT * FROM items {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_row_to_item(r) for r in self.query(sql, params)]

    def count(self, *, kind: str | None = None, tag: str | None = None,
              include_hidden: bool = False, broken: bool | None = None,
              featured: bool | None = None) -> int:
        where, params = self._filters(kind, tag, include_hidden, featured, broken)
        return int(self.execute(f"SELECT count(*) FROM items {where}", params).fetchone()[0])

    @staticmethod
    def _filters(kind: str | None, tag: str | None, include_hidden: bool,
                 featured: bool | None, broken: bool | None = None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        if tag:
            clauses.append("EXISTS (SELECT 1 FROM json_each(items.tags) WHERE value = ?)")
            params.append(_one_line(tag))  # as `put` keeps tags: typed decomposed, or spaced
        if not include_hidden:
            clauses.append("hidden = 0")
        for flag, value in (("featured", featured), ("broken", broken)):
            if value is not None:
                clauses.append(f"{flag} = ?")
                params.append(int(value))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def broken_items(self, *, limit: int | None = None) -> list[Item]:
        """Items flagged `broken` (their file failed to open or play), hidden ones too,
        by title: what the librarian looks through to retry them."""
        return self.items(include_hidden=True, broken=True, order="title", limit=limit)

    def broken_count(self) -> int:
        """How many items are flagged `broken`, hidden ones too."""
        return self.count(include_hidden=True, broken=True)

    def kind_counts(self, *, include_hidden: bool = False) -> dict[str, int]:
        where = "" if include_hidden else "WHERE hidden = 0"
        return {r["kind"]: r["n"] for r in self.query(
            f"SELECT kind, count(*) AS n FROM items {where} GROUP BY kind")}

    def tag_counts(self, *, kind: str | None = None, newest: int | None = None,
                   include_hidden: bool = False) -> list[tuple[str, int]]:
        """Tags with how many items (of `kind`; among the `newest` of them, in the lists'
        "new" order) carry each, the commonest first; tags as common in Vietnamese
        dictionary order (`vietnamese.sort_key`: «Đ…» after «D…», where code points
        would put it after «Z…»).

        Counted by SQLite over the tags' JSON: a collection's tag strip counts its
        newest 400 items at every tap on it, and making those items in Python for
        their tags alone took 24 ms of the tap (2,000 items), this ~2 ms. A row whose
        tags are not JSON counts none, and a tag that is no text (a number, a null:
        written by hand) is not counted, rather than fail the whole strip (damage is
        `catalog_check`'s to find)."""
        where, params = self._filters(kind, None, include_hidden, None)
        limit = ""
        if newest is not None:
            limit = f" ORDER BY {_ORDERS['new']} LIMIT ?"
            params.append(newest)
        counts = [(r["value"], r["n"]) for r in self.query(
            f"SELECT j.value, count(*) AS n FROM (SELECT tags FROM items {where}{limit}) AS i, "
            "json_each(CASE WHEN json_valid(i.tags) THEN i.tags ELSE '[]' END) AS j "
            "WHERE j.type = 'text' GROUP BY j.value", params)]
        return sorted(counts, key=lambda tag_n: (-tag_n[1], sort_key(tag_n[0])))

    def pages(self, item_id: str) -> list[str]:
        """Text of every page, page 1 first."""
        item_num = self._num(item_id)
        return [r["text"] for r in self.query(
            "SELECT text FROM pages WHERE item_num = ? ORDER BY page", [item_num])]

    def page_text(self, item_id: str, page: int) -> str:
        """Text of one page, numbered from 1."""
        rows = list(self.query(
            "SELECT text FROM pages WHERE item_num = ? AND page = ?", [self._num(item_id), page]))
        if not rows:
            raise NotFound(f"{item_id} has no page {page}")
        return rows[0]["text"]

    def has_page_text(self, item_id: str) -> bool:
        """Whether any page of the item holds words: one lookup that stops at the first,
        instead of reading a whole book's text to find out."""
        row = self.execute("SELECT 1 FROM pages WHERE item_num = ? AND length(trim(text, "
                           "char(32, 9, 10, 11, 12, 13, 160))) > 0 "
                           "LIMIT 1", [self._num(item_id)]).fetchone()
        return row is not None

    def _num(self, item_id: str) -> int:
        row = self.execute("SELECT num FROM items WHERE id = ?", [item_id]).fetchone()
        if row is None:
            raise NotFound(f"no item with id {item_id!r}", message_vi="Không tìm thấy mục này.")
        return int(row[0])

    def object_path(self, item: Item) -> Path:
        if self.objects is None or not item.sha256:
            raise NotFound(f"{item.id} has no file")
        return self.objects.path(item.sha256)

    def referenced_objects(self) -> set[str]:
        refs: set[str] = set()
        for row in self.query("SELECT sha256, cover_sha256 FROM items"):
            refs.update(v for v in (row["sha256"], row["cover_sha256"]) if v)
        return refs

    # -- writing --------------------------------------------------------------
    def put(self, item: Item, pages: Iterable[str] = ()) -> Item:
        """Insert or replace an item with its pages and index rows, in one transaction."""
        check_id(item.id)
        if item.kind not in KINDS:
            raise InvalidInput(f"unknown kind {item.kind!r} (one of {', '.join(KINDS)})")
        item = replace(
            item,
            title=_one_line(item.title) or item.id,
            summary=_nfkc(item.summary),
            tags=tuple(dict.fromkeys(t for t in map(_one_line, item.tags) if t)),
            authors=tuple(a for a in map(_one_line, item.authors) if a),
            body=_nfkc(item.body) or None,
        )
        page_list = [unicodedata.normalize("NFKC", p) for p in pages]
        row = _item_to_row(item)
        with self.atomic():
            existing = self.execute("SELECT num, sha256 FROM items WHERE id = ?",
                                    [item.id]).fetchone()
            if existing:
                if item.broken and existing[1] != item.sha256:
                    # A new file for the same id (import, sync, add): the flag was about
                    # the old file, so the next visitor's open tries the new one.
                    item = replace(item, broken=False)
                    row = _item_to_row(item)
                self._delete_num(int(existing[0]))
            self.execute(f"INSERT INTO items({', '.join(row)}) "
                         f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
            num = int(self.execute("SELECT num FROM items WHERE id = ?",
                                      [item.id]).fetchone()[0])
            self._index_item(num, item)
            for number, text in enumerate(page_list, start=1):
                cur = self.execute(
                    "INSERT INTO pages(item_num, page, text) VALUES (?, ?, ?)", [num, number, text])
                self.execute("INSERT INTO pages_fts(rowid, body, pairs) VALUES (?, ?, ?)",
                                [cur.lastrowid, *_page_index_text(text)])
            self._count_pages_changed(len(page_list))
        return item

    def _count_pages_changed(self, pages: int) -> None:
        """Add to the pages written or deleted since the last `upkeep` (same transaction)."""
        if pages:
            self.execute("INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                         "UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
                         [PAGES_CHANGED_KEY, pages])

    def _index_item(self, num: int, item: Item) -> None:
        self.execute(
            "INSERT INTO items_fts(rowid, title, authors, tags, summary) VALUES (?, ?, ?, ?, ?)",
            [num, fold(item.title), fold(" ".join(item.authors)), fold(" ".join(item.tags)),
             fold(item.summary + " " + (item.body or ""))],
        )

    def _delete_num(self, num: int) -> None:
        # The page index holds no text of its own: a deletion hands it back the
        # very tokens it indexed, recomputed from the stored page text.
        rows = self.execute("SELECT num, text FROM pages WHERE item_num = ?", [num]).fetchall()
        for page_num, text in rows:
            self.execute(
                "INSERT INTO pages_fts(pages_fts, rowid, body, pairs) VALUES ('delete', ?, ?, ?)",
                [page_num, *_page_index_text(text)])
        self._count_pages_changed(len(rows))
        self.execute("DELETE FROM pages WHERE item_num = ?", [num])
        self.execute("DELETE FROM items_fts WHERE rowid = ?", [num])
        self.execute("DELETE FROM items WHERE num = ?", [num])

    def remove(self, item_id: str, *, drop_files: bool = False) -> Item:
        """Remove an item. Its objects stay until `collect_garbage`, or with `drop_files`
        go now unless another item uses them.

        `drop_files` touches only this item's own objects: a sweep of the whole
        store would also take the files an import or `add` running meanwhile in
        another process has stored but not yet committed. The links to them in
        `.named/` go too (`ObjectStore.prune_named`), also those an earlier cut left.
        """
        item = self.get(item_id)
        with self.atomic():
            self._delete_num(self._num(item_id))
        if drop_files:
            self._drop_unreferenced([sha for sha in (item.sha256, item.cover_sha256) if sha])
            if self.objects is not None:
                self.objects.prune_named()
        return item

    def update(self, item_id: str, **changes: Any) -> Item:
        """Change metadata fields of an item, keeping its pages.

        A new kind must suit the item's file (`formats.check_kind`), as at `add`.
        """
        item = replace(self.get(item_id), **changes)
        if "kind" in changes and item.media_type:
            check_kind(item.filename or item.id, item.media_type, item.kind,
                       scanned=item.scanned)
        return self.put(item, self.pages(item_id))

    def set_flags(self, item_id: str, **flags: bool) -> Item:
        """Set `hidden`, `featured` or `broken` without touching the index."""
        allowed = {"hidden", "featured", "broken", "scanned"}
        unknown = set(flags) - allowed
        if unknown:
            raise InvalidInput(f"unknown flags {sorted(unknown)}")
        self.get(item_id)
        with self.atomic():
            for key, value in flags.items():
                self.execute(f"UPDATE items SET {key} = ? WHERE id = ?", [int(value), item_id])
        return self.get(item_id)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str) -> None:
        with self.atomic():
            self.execute("INSERT INTO state(key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    def add_file(
        self,
        path: Path,
        *,
        title: str | None = None,
        kind: str | None = None,
        tags: Iterable[str] = (),
        summary: str | None = None,
        item_id: str | None = None,
        source: str = "local",
        extra: dict[str, Any] | None = None,
    ) -> AddResult:
        """Extract, store and catalog one file. Same bytes twice → one item, one object."""
        if self.objects is None:
            raise CatalogError("this catalog has no object store")
        # the document worker: only when a file is added
        from .extract import check_nonempty_file, extract

        path = Path(path)
        if kind is not None:  # refused at once, before the document is read (an empty
            check_nonempty_file(path)  # file is said to be empty first)
            check_file_kind(path, kind)
        before = _file_stamp(path)
        info = extract(path)  # raises DocumentError before anything is written
        kind = kind or info.kind
        check_kind(path.name, info.media_type, kind, scanned=info.scanned)  # as extracted
        sha, size = self.objects.add_file(path)
        if _file_stamp(path) != before or size != before[0]:
            # still being copied or saved: the text and cover read from it need not
            # belong to the bytes just stored
            self._drop_unreferenced([sha])
            raise DocumentError(f"{path.name}: the file changed while it was being added; "
                                "nothing was added (add it again once it is complete)",
                                message_vi="Tệp đang thay đổi; hãy thêm lại sau.")
        already = self.find_by_sha256(sha)
        if already is not None and item_id in (None, already.id):
            if already.source != source:
                return AddResult(already, created=False)
            return self._read_again(already, info)
        stored = [sha]
        try:  # also on Ctrl+C: no object is left behind that no item uses
            cover = self.objects.add_bytes(info.cover_png) if info.cover_png else None
            stored += [cover] if cover else []
            item = Item(
                id=item_id or sha[:12],
                title=title or info.title or path.stem.replace("_", " "),
                kind=kind,
                authors=tuple(info.authors),
                language=info.language or "vi",
                tags=tuple(tags),
                summary=summary if summary is not None else (info.summary or ""),
                sha256=sha,
                size=size,
                page_count=info.page_count,
                media_type=info.media_type,
                filename=unicodedata.normalize("NFC", path.name),
                cover_sha256=cover,
                source=source,
                scanned=info.scanned,
                body=info.pages[0] if info.media_type.startswith("text/") else None,
                duration_s=info.duration_s,
                **(extra or {}),
            )
            return AddResult(self.put(item, info.pages), created=True)
        except BaseException:
            self._drop_unreferenced(stored)
            raise

    def _read_again(self, item: Item, info: Extraction) -> AddResult:
        """`item`, added before from the same file, written again with the text and the
        cover `info` makes of it now (unchanged when the catalog holds both already).

        Why: how a file's text is read and its cover drawn get better
        (`extract.PAGE_TEXT_VERSION`: text typed in an old font encoding, «Céng hoµ»,
        comes out as Vietnamese now; a white logo on a transparent picture is drawn on
        grey, an MP3 shows its cover art), and a station keeps no copy of the old
        reading's version: adding the same file again (`cafesach add FILE`) is the
        librarian's way to have an item read anew. Its title, authors and summary become
        the file's only where they are still in the old codes
        (`legacy_vietnamese.before_nfkc`); the librarian's own, its tags, flags and when
        it was added stay. A cover that cannot be made now keeps the old one.
        """
        pages = [unicodedata.normalize("NFKC", p) for p in info.pages]
        again = self._with_text_read_again(item, info, pages)
        text = again is not None
        again = again or item
        cover = self.objects.add_bytes(info.cover_png) \
            if info.cover_png and self.objects is not None else None
        if cover is None or cover == item.cover_sha256:
            stored = again if not text else self.put(again, pages)
            return AddResult(stored, created=False, text_read_again=text)
        try:  # also on Ctrl+C: a new cover no item uses is not left behind
            stored = self.put(replace(again, cover_sha256=cover), pages)
        except BaseException:
            self._drop_unreferenced([cover])
            raise
        if item.cover_sha256:
            self._drop_unreferenced([item.cover_sha256])
        return AddResult(stored, created=False, text_read_again=text, cover_made_again=True)

    def _with_text_read_again(self, item: Item, info: Extraction,
                              pages: list[str]) -> Item | None:
        """`item` with the text (`pages`, NFKC), title, authors and summary `info` reads
        (not yet written), or None when the catalog holds that text already
        (`_read_again`)."""
        body = (_nfkc(pages[0]) or None) if item.body is not None and pages else item.body
        again = replace(item, body=body)  # as `put` keeps it, so the same text is no change
        if info.legacy_encoding is not None:
            from .legacy_vietnamese import before_nfkc, readable

            def old(text: str) -> bool:  # as an earlier version kept it, NFKC
                return readable(before_nfkc(text), likely=info.legacy_encoding)[1] is not None

            if info.title and old(item.title):
                again = replace(again, title=info.title)
            if info.summary and old(item.summary):
                again = replace(again, summary=info.summary)
            if info.authors and any(map(old, item.authors)):
                again = replace(again, authors=tuple(info.authors))
        if again == item and pages == self.pages(item.id):
            return None
        return again

    def _drop_unreferenced(self, shas: list[str]) -> None:
        """Remove these objects unless an item uses them (after a failed or interrupted add)."""
        if self.objects is None:
            return
        for sha in shas:
            used = self.execute("SELECT 1 FROM items WHERE sha256 = ? OR cover_sha256 = ? "
                                "LIMIT 1", [sha, sha]).fetchone()
            if used is None:
                self.objects.remove(sha)

    def collect_garbage(self) -> list[str]:
        """Delete objects no item refers to; return their hashes.

        An object stored less than `GARBAGE_GRACE_S` ago is kept even so: another
        process (an `add`, an import) may have stored it and not yet committed the
        item that refers to it. Its inode change time is the age: set when the file
        was written or renamed into the store, and never by a copy that keeps dates.

        Then the links in `.named/` to objects gone (`ObjectStore.prune_named`: a
        link holds its object's bytes on the disk), and, when enough pages changed
        since it last ran, `upkeep`: imports and syncs collect after their commit,
        outside their transaction, in a process of their own. The upkeep failing
        (another writer past the busy timeout, a full disk) fails neither the
        collection nor the import before it, which has landed: it is logged, and
        the next import, sync, add or remove tries again.
        """
        try:
            self.upkeep_if_due()
        except (CatalogError, StorageError, sqlite3.Error, OSError) as exc:
            log.warning("the catalog was not tidied (%s); the next import, sync, add or "
                        "remove tries again", one_line(str(exc)))
        if self.objects is None:
            return []
        keep = self.referenced_objects()
        young = time.time() - GARBAGE_GRACE_S
        removed = []
        for sha in self.objects:
            if sha in keep:
                continue
            try:
                if self.objects.path(sha).stat().st_ctime > young:
                    continue
            except FileNotFoundError:
                continue
            self.objects.remove(sha)
            removed.append(sha)
        self.objects.prune_named()
        return removed

    def upkeep_due(self) -> bool:
        """Whether enough pages were written or deleted since the last `upkeep`
        (`UPKEEP_SHARE` of the catalog's pages, and at least `UPKEEP_MIN_PAGES`).

        The count is read as SQLite's `_count_pages_changed` adds to it (`CAST`): a count
        the catalog check mended («1�3», a flipped bit) must not end every later import
        with Python's ValueError before the next add puts it right."""
        row = self.execute("SELECT CAST(value AS INTEGER) FROM state WHERE key = ?",
                           [PAGES_CHANGED_KEY]).fetchone()
        changed = int(row[0]) if row else 0
        if changed < UPKEEP_MIN_PAGES:
            return False
        pages = int(self.execute("SELECT count(*) FROM pages").fetchone()[0])
        return changed >= UPKEEP_SHARE * pages

    def upkeep_if_due(self) -> bool:
        """`upkeep` when it is due (`upkeep_due`); whether it ran."""
        if self.read_only or not self.upkeep_due():
            return False
        self.upkeep()
        return True

    def unreadable_rows(self) -> list[RowFix]:
        """Every value in the catalog's own tables that cannot be read, with what to
        write over it (`rebuild_search_index(fixes)`): a text that is no UTF-8 keeps
        what can be read, U+FFFD for the rest; a list of an item's authors or tags that
        is no JSON list of texts becomes empty, and so does a repository's `extensions`
        that is no JSON object (the pack's next import writes them again); a key or an
        ETag (`_CLEARED_COLUMNS`) is cleared.

        Why: SQLite keeps no checksum of what a page holds, so a bit flipped on a
        cheap card inside a row's text passes `quick_check`, and every list, search
        or start that reads the row fails there ("Could not decode to UTF-8",
        `DamagedRow`), the kiosk at every start. Read as bytes, row by row (a
        page's text is never all in memory at once); run by the start-up check.
        The search indexes' own tables are not read: they are made again anyway."""
        fixes: list[RowFix] = []
        reads = list(self._text_reads())  # the schema read as text, before the switch
        factory = self.conn.text_factory
        self.conn.text_factory = bytes
        try:
            for table, sql, columns in reads:
                for num, item, page, *values in self.conn.execute(sql):
                    for name, value in zip(columns, values, strict=True):
                        if not isinstance(value, bytes):
                            continue
                        fixed = _fixed_text(value, empty=_JSON_COLUMNS.get((table, name)))
                        if fixed is not None:
                            fixed = _CLEARED_COLUMNS.get((table, name), fixed)
                            fixes.append(RowFix(table, int(num), name, fixed,
                                                (item or b"").decode("utf-8", "replace"),
                                                page))
        finally:
            self.conn.text_factory = factory
        return fixes

    def missing_search_index_parts(self) -> dict[str, list[str]]:
        """Each of the catalog's search indexes that sqlite_schema lists without one of
        the internal tables a fresh one has (`items_fts_idx`, …), with those it lacks.

        Why: FTS5 meets an `<name>_idx` gone only in the middle of a statement, and says
        no more than «SQL logic error»: every search then fails, and no damage is told.
        Only sqlite_schema says it for certain — one look at it, no index read, so the
        start-up check and an error's way can afford it."""
        wanted = {part: table for table in _SEARCH_INDEX_SQL
                  for part in _search_index_parts(table)}
        names = [*wanted, *_SEARCH_INDEX_SQL]
        have = {str(row[0]) for row in self.conn.execute(
            f"SELECT name FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})",
            names)}
        missing: dict[str, list[str]] = {}
        for part, table in sorted(wanted.items()):
            if table in have and part not in have:
                missing.setdefault(table, []).append(part)
        return missing

    def _text_reads(self) -> Iterator[tuple[str, str, list[str]]]:
        """(table, SELECT of rowid, item id, page number and the text columns, those
        columns) for each of the file's tables that has text columns: an item's and a
        page's rows name their item; the others (state, repositories, keys, the
        schedule, a table another program added) no item.

        A table WITHOUT ROWID is left as it is, and said so in the log. Why not read it
        by its primary key instead: the catalog never makes one (its own tables all
        have a rowid) and never reads one, so nothing in it can be what stopped the
        station; its key is its only handle on a row, and may be the very text that
        cannot be read, and a mended key may collide with another or no longer be the
        one the program that made the table looks its rows up by — rewriting another
        program's keys is no mend. Its rows cannot stop the mend of the catalog's own
        tables either: before, the scan's «no such column: rowid» ended it, and the
        mark stayed at every start. Told by asking the table for its rowid, not by
        `PRAGMA table_list`: an SQLite before 3.37 (Debian 11, Ubuntu 20.04) knows no such
        pragma and answers it with no rows, so every table seemed to have one."""
        tables = [str(row[0]) for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
            if not str(row[0]).startswith(tuple(_SEARCH_INDEX_SQL))]
        for table in tables:
            if not self._has_rowid(table):
                log.warning("the catalog check leaves table %s as it is: another program's "
                            "(WITHOUT ROWID), which the catalog never reads", table)
                continue
            described = self.conn.execute(f"PRAGMA table_info({_sql_name(table)})")
            columns = [str(c[1]) for c in described if str(c[2]).upper() == "TEXT"]
            if not columns:
                continue
            listed = ", ".join(_sql_name(name) for name in columns)
            if table == "items":
                yield table, f"SELECT num, id, NULL, {listed} FROM items", columns
            elif table == "pages":
                yield (table, "SELECT pages.num, items.id, pages.page, pages.text FROM pages"
                       " LEFT JOIN items ON items.num = pages.item_num", ["text"])
            else:
                yield (table, f"SELECT rowid, NULL, NULL, {listed} FROM {_sql_name(table)}",
                       columns)

    def _has_rowid(self, table: str) -> bool:
        """Whether `table`'s rows have a rowid to be read and written by (a table made
        WITHOUT ROWID has none): the statement is prepared, no row is read."""
        try:
            self.conn.execute(f"SELECT rowid FROM {_sql_name(table)} LIMIT 0")
        except sqlite3.OperationalError as exc:
            if "no such column" not in str(exc):
                raise  # another trouble than the missing rowid: the check says it
            return False
        return True

    def rebuild_search_index(self, fixes: Iterable[RowFix] = ()) -> tuple[int, int]:
        """Make both search indexes again from the items and pages they index; returns
        (items, pages) indexed. `fixes` (`unreadable_rows`) are written first, in the
        same transaction: the indexes hold what those rows held, and must be made
        from what they hold now.

        Why: an index can be damaged inside while every page of the file is sound,
        so `PRAGMA quick_check` passes and every search still fails ("malformed").
        The indexes hold nothing the catalog does not: dropped and made again in one
        transaction, by the code that indexes a `put`, they come back whole, and the
        catalog is as it was if anything fails on the way. Seconds on a large
        catalog (every page's text folded again); run by the start-up check after
        such an error (`catalog_check.check_marked`), never at a normal start.

        The `-wal` takes the whole new index before the commit (58 MB for a 76 MB
        catalog): refused first (`StorageError`, nothing written) when the disk has
        not the catalog's size free beside its reserve, or a rebuild cut short by
        the full disk would leave the disk full of its `-wal`; emptied after it, as
        `upkeep` does.
        """
        if self.path is not None:
            size = (int(self.execute("PRAGMA page_count").fetchone()[0])
                    * int(self.execute("PRAGMA page_size").fetchone()[0]))
            check_room(self.path.parent, size, what="making the search index again",
                       message_vi="Không đủ chỗ trống trên đĩa để tạo lại chỉ mục tìm kiếm;"
                                  " chưa thay đổi gì.")
        with self.atomic():
            for fix in fixes:
                self._write_fix(fix)
                self._forget_import_of(fix)
            self._drop_search_index("items_fts")
            self._drop_search_index("pages_fts")
            for sql in _SEARCH_INDEX_SQL.values():
                self.execute(sql)
            items = 0
            for row in self.query("SELECT * FROM items ORDER BY num"):
                self._index_item(int(row["num"]), _row_to_item(row))
                items += 1
            pages = 0
            for num, text in self.conn.execute("SELECT num, text FROM pages ORDER BY num"):
                self.execute("INSERT INTO pages_fts(rowid, body, pairs) VALUES (?, ?, ?)",
                             [num, *_page_index_text(text)])
                pages += 1
        if self.path is not None:
            with self._not_waiting():  # a reader in the way: cut at a later write instead
                self.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return items, pages

    def _write_fix(self, fix: RowFix) -> None:
        """Write `fix` over its row's value. When the table keeps that column's values
        unique and another row holds the mended value already, the row's own name, in
        the log's words, follows it — «sach-� (items row 7)» — and the log says so.

        Why: two ids whose last letters a flipped bit spoiled («sach-3», «sach-5») both
        mend to «sach-�»; the second's UPDATE failed the UNIQUE, the whole mend was
        undone, and the check failed at every start. The value keeps what could be read
        (what the librarian and the log know the row by) and adds only what tells it
        apart: no two rows share a number, so no two values mended so meet. The row
        stays (dropping it to make room would lose an item and its pages), and no other
        row changes. A row that already holds that very text (another program's) moves
        it on to «… (items row 7) 2», and so on."""
        named = f"{fix.value} ({fix.table} row {fix.num})"
        tries = itertools.chain([fix.value, named],
                                (f"{named} {n}" for n in itertools.count(2)))
        for value in tries:
            try:
                self.execute(f"UPDATE {_sql_name(fix.table)} SET {_sql_name(fix.column)} = ?"
                             " WHERE rowid = ?", [value, fix.num])
            except sqlite3.IntegrityError as exc:  # SQLite undid the UPDATE alone
                if exc.sqlite_errorcode not in (sqlite3.SQLITE_CONSTRAINT_UNIQUE,
                                                sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY):
                    raise
                continue
            if value != fix.value:
                log.warning("%s: written as «%s», another row being «%s» already", fix,
                            value, fix.value)
            return

    def _forget_import_of(self, fix: RowFix) -> None:
        """Forget the import digest of the item a mended item or page row belongs to.

        Why: an import takes again only an item whose digest in the index differs from
        the one it was imported with (`repository_items`), so the mended value (a title
        with «�», authors emptied) stayed for good, the same pack's next import saying
        "unchanged". Without its digest the item is taken again, whole, from the next
        pack or sync that carries it. Its `source` is first read back from there too:
        an import passes by, as another source's, an item whose source is not its
        repository, and the item would have stayed as mended.

        The ETag and Last-Modified of the item's repository go too: with them the next
        sync asked «changed since?», the server's 304 said no, and the index was never
        read — the mended item stayed until the province published again. The sync
        after a mend reads the index once in full and takes back what was mended
        (`repository.importer`); a healthy start pays nothing. An item whose *id* was
        mended («sach-�») has no digest under that id to forget: the index lists it
        under its real one, which no row holds now, and the import takes it again as
        new (it passes by as unchanged only an item that is there); the row the mend
        left is removed by that import (`importer._stand_ins`)."""
        if (fix.table, fix.column) == ("items", "source"):
            self.execute("UPDATE items SET source = COALESCE((SELECT repository FROM "
                         "repository_items WHERE item_id = items.id LIMIT 1), 'local') "
                         "WHERE num = ?", [fix.num])
        if fix.table == "items":
            owner = "SELECT id, source FROM items WHERE num = ?"
        elif fix.table == "pages":
            owner = "SELECT items.id, items.source FROM pages JOIN items " \
                    "ON items.num = pages.item_num WHERE pages.num = ?"
        else:
            return
        self.execute(f"DELETE FROM repository_items WHERE item_id IN "
                     f"(SELECT id FROM ({owner}))", [fix.num])
        self.execute(f"UPDATE repositories SET etag = NULL, last_modified = NULL WHERE id IN "
                     f"(SELECT source FROM ({owner}))", [fix.num])

    def _drop_search_index(self, table: str) -> None:
        """DROP one search index, damaged or not.

        Why: FTS5 opens an index to drop it, and one it cannot open refuses its own
        DROP — a settings row with a wrong version (`FTS_FORMAT_ERROR`), an internal
        table gone or its structure record garbled (`FTS_CONSTRUCTOR_ERROR`). The
        rebuild, the one way back for an index that holds nothing the catalog does
        not, then failed, and a bit flipped in that record put the station out of
        service. Such an index first gets what a fresh empty index holds
        (`_give_fresh_internals`), the rows FTS5 reads to open it; the DROP then
        removes those with the rest.

        That runs outside the `except`: an error there (another writer holding the
        catalog, a full disk) must not carry FTS5's words as its context, which
        `catalog_check.is_damage` would read as damage and refuse the whole catalog."""
        try:
            self.execute(f"DROP TABLE IF EXISTS {table}")
            return
        except sqlite3.DatabaseError as exc:
            if not (FTS_FORMAT_ERROR.search(str(exc)) or FTS_CONSTRUCTOR_ERROR.search(str(exc))):
                raise
        self._give_fresh_internals(table)
        self.execute(f"DROP TABLE {table}")

    def _give_fresh_internals(self, table: str) -> None:
        """Make `table`'s internal tables what a fresh empty index of the same kind has:
        each one missing made, the rows FTS5 reads first (settings, structure,
        averages) written over. Taken from an index made in the connection's `temp`
        schema with the same statement, so they match the running SQLite's FTS5."""
        fresh = "fresh_search_index"
        self.execute(f"DROP TABLE IF EXISTS temp.{fresh}")
        self.execute(_SEARCH_INDEX_SQL[table].replace(
            f"VIRTUAL TABLE {table} ", f"VIRTUAL TABLE temp.{fresh} ", 1))
        try:
            parts = self.execute(
                "SELECT name, sql FROM temp.sqlite_master WHERE type = 'table' AND name LIKE ?"
                " ESCAPE '\\'", [f"{fresh}\\_%"]).fetchall()
            for name, create in parts:
                own = table + name[len(fresh):]  # items_fts_data, items_fts_config, …
                self.execute(create.replace(f"CREATE TABLE '{name}'",
                                            f"CREATE TABLE IF NOT EXISTS main.'{own}'", 1))
                self.execute(f"INSERT OR REPLACE INTO main.'{own}' SELECT * FROM temp.'{name}'")
        finally:
            self.execute(f"DROP TABLE temp.{fresh}")

    def upkeep(self) -> None:
        """Keep the catalog file as small as its content after many changes.

        1. Merge each search index into one segment (FTS5 `optimize`). Every
           change adds segments, and a deleted page leaves delete markers in the
           page index (it holds no text) that only a merge drops.
        2. Give the pages freed back to the disk (`PRAGMA incremental_vacuum`),
           on a catalog made with `auto_vacuum = INCREMENTAL` (every catalog
           made since this version). An older catalog is switched to it once,
           by a VACUUM, when that is safe (`switch_to_incremental_vacuum`);
           until then it keeps its free pages for its next writes.
        3. Checkpoint, so that the `-wal` (the merge wrote the whole index into
           it) goes back to `JOURNAL_SIZE_LIMIT`.

        Takes seconds on a large catalog (5 to 9 s at 3,000 items of 6 pages,
        147 MB), holding the write lock (another writer waits, up to its busy
        timeout); the kiosk's reads go on (WAL: they see the catalog as it was
        until the commit). Called when due (`upkeep_if_due`) after imports and
        syncs (from `collect_garbage`), which run in a process of their own, and
        after `cafesach add` and `remove`.
        """
        with self.atomic():
            self.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
            self.execute("INSERT INTO pages_fts(pages_fts) VALUES ('optimize')")
            self.execute("DELETE FROM state WHERE key = ?", [PAGES_CHANGED_KEY])
        mode = int(self.execute("PRAGMA auto_vacuum").fetchone()[0])
        if mode == 0:  # none: a VACUUM, when safe, switches it and leaves no free page
            self.switch_to_incremental_vacuum()
        elif mode == 2:  # incremental
            # executescript steps it to the end: `execute` steps once, and frees one page
            self.conn.executescript("PRAGMA incremental_vacuum")
        if self.path is not None:
            # TRUNCATE empties the `-wal` now, but waits for readers as long as the busy
            # timeout allows: it waits for none here (busy: SQLite cuts the `-wal` to
            # its limit at a later write, once a checkpoint has copied it all)
            with self._not_waiting():
                self.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    @contextmanager
    def _not_waiting(self) -> Iterator[None]:
        """No busy timeout for what runs inside: upkeep work that another connection is
        in the way of is left for the next upkeep rather than waited for."""
        waited = self.execute("PRAGMA busy_timeout").fetchone()[0]
        self.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            self.execute(f"PRAGMA busy_timeout = {int(waited)}")

    def switch_to_incremental_vacuum(self) -> bool:
        """Switch a catalog made with `auto_vacuum` off to INCREMENTAL, once, by a
        VACUUM, when that is safe; whether it did.

        Safe means: a catalog in a file this process may write; room for the
        VACUUM's two copies beside the disk's reserve (`paths.has_room`): the
        `-wal` takes the whole file again, and SQLite's temporary copy takes it
        once more in its temporary folder (`_sqlite_temp_folder`, often the same
        disk); and no other writer now: the VACUUM does not wait for one
        (busy timeout 0) but leaves the switch to the next upkeep. Readers go on
        reading the catalog as it was (WAL). A writer that comes during it waits,
        as for the index merge before it: 3.6 to 5.2 s for a 147 MB catalog
        here. A VACUUM is one transaction: cut short, the file stays as it was.
        """
        return (self.rewrite(auto_vacuum="INCREMENTAL")
                and int(self.execute("PRAGMA auto_vacuum").fetchone()[0]) == 2)

    def rewrite(self, *, auto_vacuum: str | None = None) -> bool:
        """Write the catalog file anew (a VACUUM, then a checkpoint into the file), when
        that is safe (`switch_to_incremental_vacuum` says when); whether it did.

        No page of the file then holds what was deleted from it: SQLite leaves a deleted
        row's bytes in the space and the pages it frees, where reading the file finds
        them (a feed's password, `importer.import_opds`). `auto_vacuum`: the mode the
        new file is written in.
        """
        if self.read_only or self.path is None:
            return False
        size = (int(self.execute("PRAGMA page_count").fetchone()[0])
                * int(self.execute("PRAGMA page_size").fetchone()[0]))
        if not _room_to_rewrite(self.path.parent, size):
            return False
        try:
            with self._not_waiting():
                if auto_vacuum is not None:
                    self.execute(f"PRAGMA auto_vacuum = {auto_vacuum}")
                self.execute("VACUUM")
                # the old pages stay in the file until the new ones are copied over them
                # (a reader in the way: at a later checkpoint, at the latest when closed)
                self.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.OperationalError:  # another writer, or the disk filled meanwhile:
            return False  # the VACUUM changed nothing; the next upkeep tries again
        return True

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items(include_hidden=True, order="added"))

    def __len__(self) -> int:
        return self.count(include_hidden=True)


ProgressCallback = Callable[[int, int, str], None]
