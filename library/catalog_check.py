"""A catalog damaged inside: noticed when a query meets it, checked at the next start.

Why: a `catalog.db` whose header is fine but one of whose pages is damaged (a bad
sector on a cheap eMMC or SD card, a power cut on a disk that lies about
flushing) opens; only the first query that reads the broken page fails, with
"database disk image is malformed". A kiosk that met it at every start died at
the same query again and again under the service's restarts.

So the kiosk, when such an error reaches it, leaves a mark in the data folder
(`mark_for_check`) and starts again; a start that finds the mark runs SQLite's
`quick_check` over the catalog (`check_if_marked`) — seconds on a big catalog, so
only then, never at a normal start. A catalog that fails it is refused with the
damaged catalog's own line (`catalog.read_error`: what to do, in Vietnamese), and
the station shows it out of service; one that passes clears the mark (the error
came from something else) and the station starts as always.

`quick_check` reads every page of the file but not what a search index makes of
them: an index damaged inside, its pages sound, passes it while every search
says "malformed". So the check also runs each index's own `integrity-check` (and
looks in the schema for an index that lacks one of its internal tables, which FTS5
can neither check nor name as damage), and an index that fails it is made again
from the items and pages it indexes (`Catalog.rebuild_search_index`): the station
searches again, instead of meeting
the same error at every start. Nor does SQLite see a bit flipped inside a row's
text (its pages keep no checksum): the check reads every row too, and mends a
value that cannot be read (`Catalog.unreadable_rows`) before the indexes are made
again from the rows as mended.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .catalog import (
    FTS_CONSTRUCTOR_ERROR,
    FTS_FORMAT_ERROR,
    UNREADABLE_TEXT,
    Catalog,
    DamagedRow,
    DamagedSearchIndex,
    read_error,
)
from .errors import LibraryError
from .paths import DataPaths

log = logging.getLogger(__name__)

#: The mark's file name in the data folder: its presence is all it says.
MARK_NAME = "catalog-check-needed"

#: SQLite's result codes for damage (a broken page, a file that is no database).
_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)

#: The catalog's search indexes (FTS5), each checked with its own `integrity-check`.
SEARCH_INDEXES = ("items_fts", "pages_fts")


def is_damage(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from, is SQLite saying the file is
    damaged — not a locked or read-only file (`OperationalError`), nor a constraint or
    a mistake in the program (`IntegrityError`, `ProgrammingError`). FTS5's words for a
    search index's damaged settings row, or for one it cannot open, count too: SQLite
    gives them no damage code; a row that cannot be read (`DamagedRow`, Python's
    words for a text that is no UTF-8), which SQLite does not see at all; and an index
    that lacks one of its internal tables (`DamagedSearchIndex`: the catalog's reading
    of a bare «SQL logic error» against its schema, never those words alone)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DamagedRow | DamagedSearchIndex):
            return True
        if isinstance(error, sqlite3.DatabaseError):
            code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
            if code in _DAMAGE_CODES or (code == 0 and type(error) is sqlite3.DatabaseError):
                return True
            if FTS_FORMAT_ERROR.search(str(error)) or UNREADABLE_TEXT.search(str(error)):
                return True  # a search index's settings row; a row's text
            # one it cannot open; the same words with a lock's code are a lock
            if code == sqlite3.SQLITE_ERROR and FTS_CONSTRUCTOR_ERROR.search(str(error)):
                return True
        error = error.__cause__ or error.__context__
    return False


def mark_for_check(paths: DataPaths) -> bool:
    """Leave the mark: the next start checks the catalog. False when it cannot be
    written (a read-only data folder): said in the log, nothing else."""
    try:
        (paths.root / MARK_NAME).touch()
    except OSError as exc:
        log.error("the catalog check at the next start could not be asked for (%s): %s",
                  paths.root / MARK_NAME, exc.strerror or exc)
        return False
    return True


def check_asked(paths: DataPaths) -> bool:
    """Whether the mark is there: the next `check_marked` reads the whole catalog (the
    kiosk shows a window that says so meanwhile)."""
    return (paths.root / MARK_NAME).exists()


def check_marked(catalog: Catalog, paths: DataPaths) -> bool:
    """At a start: when the mark is there, `quick_check` the opened catalog. Damage
    raises the damaged catalog's `CatalogError`, a file that cannot be read through
    the check its own (`catalog.read_error`; the catalog is then closed); a sound
    catalog has its search indexes checked too, a damaged one made again, then the
    mark cleared, and True says it was checked. The mark stays when the indexes
    cannot be checked or made again now (a catalog shown read-only). No mark:
    nothing is read, the start costs what it did (False)."""
    if not check_asked(paths):
        return False
    mark = paths.root / MARK_NAME
    path = paths.catalog_db
    try:
        rows = catalog.conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:  # damage, or the file unreadable (an I/O error)
        catalog.close()
        raise read_error(path, exc) from exc
    problems = [str(row[0]) for row in rows if str(row[0]) != "ok"]
    if problems:
        catalog.close()
        shown = "; ".join(problems[:3]) + ("; …" if len(problems) > 3 else "")
        raise read_error(path, sqlite3.DatabaseError(f"quick_check: {shown}"))
    if not _rows_and_indexes_whole(catalog, path):
        return True  # the mark stays: the next start that can write mends them
    try:
        mark.unlink()
    except OSError as exc:  # a folder turned read-only since: checked again next time
        log.warning("the catalog passed its check, but its mark stays (%s): %s",
                    mark, exc.strerror or exc)
    else:
        log.warning("the catalog passed its check after an error: the station starts as "
                    "always")
    return True


def damaged_search_indexes(catalog: Catalog) -> list[str]:
    """The search indexes that lack one of their internal tables in sqlite_schema
    (`Catalog.missing_search_index_parts`: FTS5 can check no such index, and says only
    «SQL logic error»), and those whose own `integrity-check` finds them damaged (on a
    catalog that can be written: SQLite words the check as a write)."""
    damaged = list(catalog.missing_search_index_parts())
    for table in SEARCH_INDEXES:
        if table in damaged:
            continue
        try:
            catalog.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            damaged.append(table)
    return damaged


def _rows_and_indexes_whole(catalog: Catalog, path: Path) -> bool:
    """Mend the rows that cannot be read (`Catalog.unreadable_rows`, each said in the
    log) and make the search indexes again when one is damaged or a row was mended.
    False when that cannot be done now: the catalog is shown read-only (a full or
    read-only disk), where neither can run; the first start that can write does both."""
    if catalog.read_only:
        log.error("the catalog's rows and search indexes cannot be checked while the "
                  "catalog is read-only: checked at the first start that can write it")
        return False
    try:
        fixes = catalog.unreadable_rows()
        damaged = damaged_search_indexes(catalog)
        if not damaged and not fixes:
            return True
        for fix in fixes:
            log.warning("a damaged value in the catalog is mended: %s", fix)
        # said before, not only after: on a big library this takes up to a minute (the
        # kiosk's window only says a check runs), and the journal is where the
        # technician looks
        log.warning("the catalog's search index %s: making it again from the catalog, up "
                    "to a minute on a big library",
                    f"is damaged ({', '.join(damaged)})" if damaged
                    else "holds rows as they were before they were mended")
        items, pages = catalog.rebuild_search_index(fixes)
    except (LibraryError, sqlite3.DatabaseError) as exc:
        if is_damage(exc):  # what they are made from is damaged too
            catalog.close()
            raise read_error(path, exc if isinstance(exc, sqlite3.Error)
                             else sqlite3.DatabaseError(str(exc))) from exc
        # the catalog cannot be written now (read-only, locked by a writer, an I/O
        # error, no room on the disk for the index)
        log.error("the catalog's search indexes cannot be checked or made again now: "
                  "searches may fail until a start that can (%s)", exc)
        return False
    if damaged:
        log.warning("the catalog's search index was damaged (%s) and was made again from "
                    "%d items and %d pages", ", ".join(damaged), items, pages)
    if fixes:
        log.warning("the catalog had %d damaged values in its rows: mended, and the search "
                    "index made again from %d items and %d pages (the next sync, or importing "
                    "the packs of the items named above again, makes them whole)",
                    len(fixes), items, pages)
    return True
