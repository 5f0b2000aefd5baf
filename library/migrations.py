"""Versioned schema changes, applied in order on open.

`PRAGMA user_version` holds how many migrations a database has had. The
missing ones run in one transaction that holds the write lock from its start,
so an interrupted upgrade leaves the previous version intact and is simply
retried on the next open, and two processes opening an older catalog at once
upgrade it once. Never edit a
released migration: append a new one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError
from .files import fsync_dir

if TYPE_CHECKING:  # imported with the first migration, not at every start
    import sqlite_utils

log = logging.getLogger(__name__)

#: Beside catalog.db, the copy made before a migration: `catalog.db.before-schema-N`.
BACKUP_SUFFIX = ".before-schema-"

#: The lists' "new" order: the newest published (or, unpublished, added) first; and
#: their "added" order, the last added first (the home screen's newest shelf). The
#: catalog's queries write them word for word, so SQLite uses the indexes made on them.
NEWEST_FIRST = "COALESCE(published, added) DESC, num DESC"
ADDED_FIRST = "added DESC, num DESC"

#: Prefix indexes up to six letters (the length of most Vietnamese syllables) let
#: search-as-you-type look a typed prefix up directly instead of merging the
#: document lists of every word that starts with it (4-9 ms → 0.05 ms at 20,000 docs).
FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6'"
#: Pages also index adjacent syllable pairs (`dang_vien`), so `_` joins a token.
#: The page index keeps no copy of the text (content=''): `pages` holds it, and
#: a deletion re-supplies the folded text (see `Catalog._delete_num`).
PAGES_FTS_OPTIONS = (
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", "
    "prefix = '1 2 3 4 5 6', content = ''"
)
#: The two search indexes, as schema 3 made them and every schema since keeps them;
#: `Catalog.rebuild_search_index` makes them again with the same statements.
ITEMS_FTS_SQL = ("CREATE VIRTUAL TABLE items_fts USING fts5(title, authors, tags, summary, "
                 f"{FTS_OPTIONS})")
PAGES_FTS_SQL = f"CREATE VIRTUAL TABLE pages_fts USING fts5(body, pairs, {PAGES_FTS_OPTIONS})"


def _v1_items_and_pages(db: sqlite_utils.Database) -> None:
    """The item model from DESIGN.md and the per-page text table."""
    db.execute(
        """
        CREATE TABLE items (
            num INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            publisher TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'vi',
            tags TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '',
            published TEXT,
            sha256 TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            page_count INTEGER NOT NULL DEFAULT 0,
            media_type TEXT NOT NULL DEFAULT '',
            filename TEXT NOT NULL DEFAULT '',
            cover_sha256 TEXT,
            public_url TEXT,
            source TEXT NOT NULL DEFAULT 'local',
            added TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX items_kind ON items(kind, added)")
    db.execute("CREATE INDEX items_sha256 ON items(sha256)")
    db.execute(
        """
        CREATE TABLE pages (
            num INTEGER PRIMARY KEY,
            item_num INTEGER NOT NULL REFERENCES items(num) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (item_num, page)
        )
        """
    )


def _v2_curation_and_state(db: sqlite_utils.Database) -> None:
    """Librarian curation (hidden, featured) and document state flags."""
    items = db["items"]
    assert isinstance(items, sqlite_utils_table())
    items.add_column("hidden", int, not_null_default=0)
    items.add_column("featured", int, not_null_default=0)
    items.add_column("scanned", int, not_null_default=0)
    items.add_column("broken", int, not_null_default=0)
    items.add_column("body", str)  # bulletin text
    items.add_column("duration_s", float)


def _v3_search_index(db: sqlite_utils.Database) -> None:
    """Folded full-text indexes, filled from what the catalog already holds."""
    from .vietnamese import fold, syllable_pairs

    db.execute(ITEMS_FTS_SQL)
    db.execute(PAGES_FTS_SQL)
    for row in db.query("SELECT num, title, authors, tags, summary, body FROM items"):
        db.execute(
            "INSERT INTO items_fts(rowid, title, authors, tags, summary) VALUES (?, ?, ?, ?, ?)",
            [row["num"], fold(row["title"]), fold(row["authors"]), fold(row["tags"]),
             fold(row["summary"] + " " + (row["body"] or ""))],
        )
    for row in db.query("SELECT num, text FROM pages"):
        folded = fold(row["text"])
        db.execute("INSERT INTO pages_fts(rowid, body, pairs) VALUES (?, ?, ?)",
                   [row["num"], folded, syllable_pairs(folded)])


def _v4_settings(db: sqlite_utils.Database) -> None:
    """A small key/value table for state that belongs with the catalog."""
    db.execute("CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v5_repositories_and_trust(db: sqlite_utils.Database) -> None:
    """Provincial repositories a station follows, their items, and trusted publisher keys."""
    db.execute(
        """
        CREATE TABLE repositories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            url TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            publisher_key TEXT,
            index_sha256 TEXT,
            etag TEXT,
            last_modified TEXT,
            expires TEXT,
            last_sync TEXT,
            verified_until TEXT,
            status TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            extensions TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    db.execute(
        """
        CREATE TABLE repository_items (
            repository TEXT NOT NULL,
            item_id TEXT NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (repository, item_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE trusted_keys (
            keyid TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            public TEXT NOT NULL,
            added TEXT NOT NULL,
            via TEXT,
            revoked TEXT,
            reason TEXT NOT NULL DEFAULT ''
        )
        """
    )


def _v6_broadcast_schedule(db: sqlite_utils.Database) -> None:
    """Bulletin broadcast slots (library/schedule.py); `source` is "local" or a repository."""
    db.execute(
        """
        CREATE TABLE schedule_slots (
            num INTEGER PRIMARY KEY,
            source TEXT NOT NULL DEFAULT 'local',
            time TEXT NOT NULL,
            days TEXT NOT NULL,
            bulletins TEXT NOT NULL DEFAULT '[]',
            enabled INTEGER NOT NULL DEFAULT 1
        )
        """
    )
    db.execute("CREATE INDEX schedule_slots_source ON schedule_slots(source)")


def _v7_title_order(db: sqlite_utils.Database) -> None:
    """Each title's Vietnamese dictionary-order key (`vietnamese.sort_key`), and an index
    for lists by title.

    SQLite's NOCASE puts «Đ…» after «T…» and «Ánh» far from «Anh». The key is
    computed in Python, so it is stored: every connection then orders with
    SQLite's plain comparison. Existing rows are filled here, in one statement
    inside the upgrade's transaction.
    """
    from .vietnamese import sort_key

    db.execute("ALTER TABLE items ADD COLUMN title_key TEXT NOT NULL DEFAULT ''")
    db.conn.create_function("cafesach_title_key", 1, sort_key, deterministic=True)
    try:
        db.execute("UPDATE items SET title_key = cafesach_title_key(title)")
    finally:
        db.conn.create_function("cafesach_title_key", 1, None)
    db.execute("CREATE INDEX items_title_key ON items(title_key, num)")


def _v8_newest_first(db: sqlite_utils.Database) -> None:
    """Indexes in the lists' "new" order (`catalog._ORDERS`), within a kind and over
    all kinds, and in their "added" order over all kinds.

    A visitor's tap on a collection reads its first page and counts the tags of its
    newest 400 items; the home screen's shelf reads the last added of the whole
    catalog. Without an index in those orders SQLite read and sorted every item of
    the collection at each tap (a collection of 2,000: 20 ms; 7 ms with these), and
    every item of the catalog for the shelf (10,000 items: 28 ms), growing with the
    library.
    """
    db.execute(f"CREATE INDEX items_kind_newest ON items(kind, {NEWEST_FIRST})")
    db.execute(f"CREATE INDEX items_newest ON items({NEWEST_FIRST})")
    db.execute(f"CREATE INDEX items_added ON items({ADDED_FIRST})")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_items_and_pages,
    _v2_curation_and_state,
    _v3_search_index,
    _v4_settings,
    _v5_repositories_and_trust,
    _v6_broadcast_schedule,
    _v7_title_order,
    _v8_newest_first,
]


def sqlite_utils_table() -> type:
    from sqlite_utils.db import Table

    return Table


def schema_version(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def needs_migration(conn: sqlite3.Connection) -> bool:
    """Whether the file's schema is not this program's (older: migrate; newer: refuse)."""
    return schema_version(conn) != len(MIGRATIONS)


def keep_copy_before_migrating(conn: sqlite3.Connection, path: Path) -> Path | None:
    """Copy the catalog as it is before migrations change it; return the copy.

    The previous program refuses a migrated catalog, so rolling an update
    back (docs/install.md) needs this copy: `catalog.db.before-schema-N`, N
    the schema it had. Only the newest copy is kept. A copy that cannot be
    made (a full disk) is logged and the upgrade goes on: a station that no
    longer starts would be worse than one that cannot be rolled back.
    """
    if not 0 < schema_version(conn) < len(MIGRATIONS):
        return None  # a new catalog, or one this program refuses anyway
    partial: Path | None = None
    try:
        with _upgrade_lock(conn):
            # read again under the lock: another process (the kiosk starting while
            # `selftest` runs) may have upgraded it meanwhile, and kept the copy
            version = schema_version(conn)
            if not 0 < version < len(MIGRATIONS):
                return None
            target = path.with_name(f"{path.name}{BACKUP_SUFFIX}{version}")
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            # read through a connection of its own: this one holds the write lock, and a
            # backup from a connection inside a write transaction never gets its pages
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # consistent, WAL included
            finally:
                copy.close()
                source.close()
            os.replace(partial, target)
            # the copy's bytes are synced by SQLite's commit; its new name is not, and a
            # cut after the upgrade's commit could leave the migrated catalog and no copy
            fsync_dir(path.parent)
            # under the lock no one else is copying: any other copy or part is old
            for older in path.parent.glob(f"{path.name}{BACKUP_SUFFIX}*"):
                if older != target:
                    older.unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as exc:
        if partial is not None:  # and the journal of its last write, left by a full disk
            for leftover in (partial, partial.with_name(partial.name + "-journal")):
                leftover.unlink(missing_ok=True)
        log.warning("no copy of %s kept before upgrading it: %s", path.name, exc)
        return None
    return target


#: Milliseconds an open waits for another process's upgrade of the same catalog (a large
#: catalog's search index takes a while to rebuild) before it gives up.
UPGRADE_WAIT_MS = 300_000


@contextlib.contextmanager
def _upgrade_lock(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction holding the catalog's write lock from its first statement.

    Two processes may open an older catalog at once (the kiosk starting while a
    command runs): each must read the schema version under the lock and do only
    the steps still missing, or the second repeats the first's (`table items_fts
    already exists`). The second waits for the first's upgrade, however long.
    """
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {max(waited, UPGRADE_WAIT_MS)}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {waited}")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate(db: sqlite_utils.Database, *, target: int | None = None) -> int:
    """Bring `db` up to `target` (default: the newest); return the version reached."""
    target = len(MIGRATIONS) if target is None else target
    current = schema_version(db)
    if current > len(MIGRATIONS):
        raise CatalogError(
            f"catalog.db is from a newer version (schema {current}, this program knows "
            f"{len(MIGRATIONS)}); update the program, or restore the copy "
            f"catalog.db{BACKUP_SUFFIX}{len(MIGRATIONS)} kept before the upgrade",
            message_vi="Cơ sở dữ liệu thuộc phiên bản mới hơn; hãy cập nhật phần mềm.",
        )
    # a caller's transaction holds the write lock already; else one is taken, and the
    # version read again under it: another process may have upgraded it meanwhile. The
    # steps go in one transaction, so no one ever sees (or copies) a half-upgraded one
    with db.atomic() if db.conn.in_transaction else _upgrade_lock(db.conn):
        current = schema_version(db.conn)
        for version in range(current + 1, target + 1):
            MIGRATIONS[version - 1](db)
            db.execute(f"PRAGMA user_version = {version}")
    return max(current, target)


def upgrade_copy(source: sqlite3.Connection, target: Path) -> int:
    """Copy the catalog `source` reads to a new file `target` and upgrade the copy; the
    catalog itself is not written. Returns the version reached.

    For a station updated on a disk it cannot write (`station_disk`): its
    catalog cannot be upgraded in place, yet the new program reads only the new
    schema. The copy keeps no `-wal` beside it (rollback journal), so it can be
    read as any file once made.
    """
    import sqlite_utils

    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(copy)  # consistent, WAL included, whatever mode `source` reads in
        copy.execute("PRAGMA journal_mode = DELETE")
        return migrate(sqlite_utils.Database(copy, execute_plugins=False))
    finally:
        copy.close()
