"""The statistics sink: where the UI and the core report what was used.

Counts are anonymous by design (see DESIGN.md): per item per day, never who,
never a sequence, never a search string with its time. This module holds the
interface, a sink that drops everything, and `StatsStore`, the station's
counter store.

How `StatsStore` keeps that promise:

* It only ever holds *counters*: ``(day, item, metric) -> n`` and
  ``(day, folded term, found) -> n``. There is no event table, no time finer
  than the station's day (`Config.today()`), no session or visitor column.
* Increments are summed in memory and written in batches by a background
  thread, so the file never sees one visit at a time and a reader of the
  kiosk never waits for a disk write.
* Tables are ``WITHOUT ROWID`` (no insertion order to read back),
  ``secure_delete`` is on and the rollback journal is deleted after each
  write (no WAL history of successive counter values).
* Search terms are folded (`library.vietnamese.fold`), whitespace-collapsed
  and counted only when committed; zero-result searches are counted apart.
* Exports drop every count below `SUPPRESS_BELOW`.

The store lives in its own SQLite file (``<data>/stats.db``), apart from the
catalog: a locked or corrupt stats file is logged and dropped (a corrupt one
is moved aside, the newest `CORRUPT_KEPT` such copies kept, and a fresh one
started) and never raised to the caller. A
file that cannot be written (a full disk, a read-only folder) is not damage:
it is left as it is, and the counts wait in memory for the next write.

A station runs for years: with `keep_days` (``admin.stats_keep_days``) the
days older than that are deleted once a day, so the file (and every report
read from it) stays the size of that many days.
"""

from __future__ import annotations

import contextlib
import glob
import io
import logging
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import InvalidInput, LibraryError, StorageError

log = logging.getLogger("cafesach.stats")

#: What is counted per item per day.
METRICS = ("view", "page", "audio", "qr")
METRIC_NAMES_VI = {"view": "Lượt xem", "page": "Trang đã đọc", "audio": "Lượt nghe",
                   "qr": "Mã QR đã hiện"}
#: Exported counts below this are suppressed (not written at all).
SUPPRESS_BELOW = 5
#: Longest search term kept (longer queries are cut).
MAX_TERM = 64
#: Pending keys held while the file is locked before counts are dropped.
MAX_PENDING = 20_000
STATS_FILE = "stats.db"
#: Damaged stats files kept moved aside (`stats.db.corrupt`, `.corrupt.1`…), the newest
#: ones: each is as large as the file was (84 MB at 730 days of counts), and a disk that
#: damages the file again and again would otherwise fill the station with copies. Three
#: show the technician the damage and that it recurs (a failing disk, not one power
#: cut); the counts in an older one were already in the reports sent before it.
CORRUPT_KEPT = 3
CSV_HEADER = ["day", "type", "key", "metric", "count"]


class StatsSink(Protocol):
    """What callers report. Implementations must never raise into a caller."""

    def item_viewed(self, item_id: str) -> None: ...

    def page_read(self, item_id: str) -> None: ...

    def audio_played(self, item_id: str) -> None: ...

    def qr_shown(self, item_id: str) -> None: ...

    def search_committed(self, query: str, *, found: bool) -> None:
        """A search the visitor acted on (opened a result or tapped search)."""
        ...


def _query(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
    """All rows of `sql` on `conn`, which is closed afterwards."""
    try:
        return list(conn.execute(sql, list(params)))
    finally:
        conn.close()


class NullSink:
    """Drops every count (the default until a store is configured)."""

    def item_viewed(self, item_id: str) -> None:
        return None

    def page_read(self, item_id: str) -> None:
        return None

    def audio_played(self, item_id: str) -> None:
        return None

    def qr_shown(self, item_id: str) -> None:
        return None

    def search_committed(self, query: str, *, found: bool) -> None:
        return None


def fold_term(query: str) -> str:
    """The form a search is counted under: folded, single-spaced, at most `MAX_TERM`.

    Why no leading `=`, `+`, `-` or `@`: the terms reach the province's CSV, which
    officials open in Excel, and a cell starting with one is read as a formula
    (`=HYPERLINK(…)`). A visitor's search is words; those marks in front add nothing.
    """
    from .csvsafe import FORMULA_STARTS
    from .vietnamese import fold

    term = " ".join(fold(query).split())[:MAX_TERM].strip()
    while term.startswith(FORMULA_STARTS):
        term = term[1:].lstrip()
    return term


@dataclass(frozen=True)
class CountRow:
    """One exported counter: `type` is ``item`` or ``search`` / ``search_none``."""

    day: str
    type: str
    key: str
    metric: str
    count: int


_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS item_counts (
        day TEXT NOT NULL, item_id TEXT NOT NULL, metric TEXT NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (day, item_id, metric)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS search_counts (
        day TEXT NOT NULL, term TEXT NOT NULL, found INTEGER NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (day, term, found)) WITHOUT ROWID""",
)

# pending key: ("item", day, item_id, metric) or ("search", day, term, found)
_Key = tuple[str, str, str, Any]


class StatsStore:
    """Per-day counters in ``stats.db``; implements `StatsSink`.

    `today` gives the station's day (``Config.today``). With
    `flush_interval_s` set, a daemon thread writes pending counts that often;
    `flush()` writes them at once and `close()` writes and stops.
    """

    def __init__(self, path: Path, *, today: Callable[[], str],
                 flush_interval_s: float | None = 5.0, keep_days: int = 0) -> None:
        self.path = Path(path)
        self.today = today
        self.flush_interval_s = flush_interval_s
        self.keep_days = keep_days  # 0 or less: every day is kept
        self._pruned_on = ""  # the day old days were last deleted
        self._write_failed = False  # said once per spell of failed writes
        self._pending: Counter[_Key] = Counter()
        self._lock = threading.Lock()  # guards _pending
        self._db_lock = threading.Lock()  # one writer at a time
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.dropped = 0  # increments lost to a broken store (for the health screen)

    @classmethod
    def open(cls, root: Path, *, today: Callable[[], str],
             flush_interval_s: float | None = 5.0, keep_days: int = 0) -> StatsStore:
        """The store of a data folder (``<root>/stats.db``)."""
        return cls(Path(root) / STATS_FILE, today=today, flush_interval_s=flush_interval_s,
                   keep_days=keep_days)

    # -- the sink ---------------------------------------------------------------
    def item_viewed(self, item_id: str) -> None:
        self._bump_item(item_id, "view")

    def page_read(self, item_id: str) -> None:
        self._bump_item(item_id, "page")

    def audio_played(self, item_id: str) -> None:
        self._bump_item(item_id, "audio")

    def qr_shown(self, item_id: str) -> None:
        self._bump_item(item_id, "qr")

    def search_committed(self, query: str, *, found: bool) -> None:
        try:
            term = fold_term(query)
            if term:
                self._bump(("search", self.today(), term, int(bool(found))))
        except Exception:  # the sink never raises into the kiosk
            log.exception("stats: cannot count a search")

    def _bump_item(self, item_id: str, metric: str) -> None:
        try:
            if item_id:
                self._bump(("item", self.today(), str(item_id), metric))
        except Exception:  # the sink never raises into the kiosk
            log.exception("stats: cannot count %s", metric)

    def _bump(self, key: _Key) -> None:
        with self._lock:
            if key not in self._pending and len(self._pending) >= MAX_PENDING:
                self.dropped += 1
                return
            self._pending[key] += 1
        self._start_thread()

    # -- writing ----------------------------------------------------------------
    def _start_thread(self) -> None:
        if self.flush_interval_s is None or self._thread is not None or self._stop.is_set():
            return
        self._thread = threading.Thread(target=self._run, name="stats-flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self.flush_interval_s is not None
        while not self._stop.wait(self.flush_interval_s):
            self.flush()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=0.5, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            for sql in _SCHEMA:
                conn.execute(sql)
        except BaseException:
            conn.close()
            raise
        return conn

    def flush(self) -> bool:
        """Write pending counts, and once a day delete the days older than `keep_days`;
        False (logged, never raised) when the store is broken.

        The deletion (and the VACUUM that may follow it) is left to this method, which
        the background writer calls: reading the figures (the librarian's panel, on the
        interface thread) and `close` (the station's way out) write only what is pending.
        """
        return self._write(prune=True)

    def _write(self, *, prune: bool) -> bool:
        with self._lock:
            batch, self._pending = self._pending, Counter()
        today = self._today_or_empty() if prune and self.keep_days > 0 else ""
        old_days = self._old_days(today)
        if not batch and old_days is None:
            return True
        with self._db_lock:
            try:
                conn = self._connect()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    for (kind, day, key, extra), n in sorted(batch.items()):
                        table, col, ecol = (("item_counts", "item_id", "metric")
                                            if kind == "item" else
                                            ("search_counts", "term", "found"))
                        conn.execute(
                            f"INSERT INTO {table}(day, {col}, {ecol}, n) VALUES (?, ?, ?, ?) "
                            f"ON CONFLICT(day, {col}, {ecol}) DO UPDATE SET n = n + excluded.n",
                            [day, key, extra, n])
                    if old_days is not None:
                        for table in ("item_counts", "search_counts"):
                            conn.execute(f"DELETE FROM {table} WHERE day < ?", [old_days])
                    conn.execute("COMMIT")
                finally:
                    conn.close()
                if old_days is not None:
                    self._pruned_on = today
                    self._shrink()
                if self._write_failed:
                    self._write_failed = False
                    log.warning("stats: %s is written again", self.path)
                return True
            except sqlite3.DatabaseError as exc:
                return self._failed(exc, batch)
            except OSError as exc:
                self._cannot_write(exc, batch)
                return False

    def _shrink(self) -> None:
        """Give the disk back the room of the days just deleted when they were most of the
        file (the first day `keep_days` applies to years of counts): SQLite otherwise keeps
        the freed pages for later rows. Best effort: a full disk leaves the file as it is."""
        try:
            conn = self._connect()
            try:
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                free = conn.execute("PRAGMA freelist_count").fetchone()[0]
                if pages > 64 and free * 2 > pages:
                    conn.execute("VACUUM")
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            log.info("stats: %s not made smaller: %s", self.path, exc)

    def _today_or_empty(self) -> str:
        try:
            return str(self.today())
        except Exception:  # the sink never raises into the kiosk
            return ""

    def _old_days(self, today: str) -> str | None:
        """The first day kept, when days before it are to be deleted now (once a day:
        `today` not done yet); else None."""
        if not today or today == self._pruned_on:
            return None
        from datetime import date, timedelta

        try:
            return (date.fromisoformat(today) - timedelta(days=self.keep_days)).isoformat()
        except ValueError:
            return None

    def _failed(self, exc: sqlite3.DatabaseError, batch: Counter[_Key]) -> bool:
        """Sort a failed write: only a file SQLite finds damaged is moved aside.

        A full disk ("database or disk is full"), a read-only or vanished folder,
        an I/O error are the machine's, not the file's: moving the file aside
        for them would hide every day counted so far (and the next move would
        replace the first one's copy). The counts wait in memory instead.
        """
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or (
                primary is None and ("locked" in str(exc) or "busy" in str(exc))):
            log.warning("stats: %s is locked; counts kept for the next write", self.path)
            self._requeue(batch)
            return False
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
                primary is None and not isinstance(exc, sqlite3.OperationalError)):
            self._drop_file(exc, batch)
            return False
        self._cannot_write(exc, batch)
        return False

    def _cannot_write(self, exc: Exception, batch: Counter[_Key]) -> None:
        """Keep the counts for the next write (as many keys as `MAX_PENDING`), said
        once until a write succeeds again: a full disk is not a line every few seconds."""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        if not self._write_failed:
            self._write_failed = True
            log.warning("stats: cannot write %s: %s; counts kept in memory until it can be "
                        "written", self.path, reason)
        self._requeue(batch)

    def _requeue(self, batch: Counter[_Key]) -> None:
        with self._lock:
            for key, n in batch.items():
                if key in self._pending or len(self._pending) < MAX_PENDING:
                    self._pending[key] += n
                else:
                    self.dropped += n

    def _drop_file(self, exc: Exception, batch: Counter[_Key]) -> None:
        """A damaged stats file is moved aside (kept for a technician) and started afresh."""
        earlier = self._set_aside()
        # numbered after the newest one kept, never in a gap left by deleted older ones,
        # so the number always says which is newer
        number = max(earlier, default=-1) + 1
        aside = self.path.with_name(self.path.name + ".corrupt"
                                    + (f".{number}" if number else ""))
        log.error("stats: %s is damaged (%s); moved to %s and started afresh",
                  self.path, exc, aside.name)
        try:
            self.path.replace(aside)
            for suffix in ("-journal", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        except OSError as move_exc:
            log.error("stats: cannot move %s aside: %s", self.path, move_exc)
            self.dropped += sum(batch.values())
            return
        for old in sorted(earlier)[:max(0, len(earlier) + 1 - CORRUPT_KEPT)]:
            with contextlib.suppress(OSError):
                earlier[old].unlink()
        self._requeue(batch)  # written to the fresh file next time

    def _set_aside(self) -> dict[int, Path]:
        """The damaged files moved aside before, by number (`stats.db.corrupt` is 0)."""
        found: dict[int, Path] = {}
        with contextlib.suppress(OSError):
            for path in self.path.parent.glob(glob.escape(self.path.name) + ".corrupt*"):
                tail = path.name[len(self.path.name) + len(".corrupt"):]
                if not tail:
                    found[0] = path
                elif tail[0] == "." and tail[1:].isdigit() and tail[1:].isascii():
                    found[int(tail[1:])] = path
        return found

    def close(self) -> None:
        """Write what is pending and stop the background writer."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._write(prune=False)

    # -- reading ----------------------------------------------------------------
    def _read(self, sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
        self._write(prune=False)
        if not self.path.exists():
            return []
        try:
            try:
                uri = self.path.resolve().as_uri() + "?mode=ro"  # as_uri escapes ?, # and %
                return _query(sqlite3.connect(uri, uri=True, timeout=2), sql, params)
            except sqlite3.OperationalError as exc:
                # a read-only connection found a journal it would have to roll back
                if exc.sqlite_errorcode != sqlite3.SQLITE_READONLY_ROLLBACK:
                    raise
                return self._read_rolled_back(sql, params)
        except sqlite3.Error as exc:
            if "no such table" in str(exc):
                return []
            raise StorageError(f"cannot read statistics: {exc}",
                               message_vi="Không đọc được số liệu thống kê.") from exc

    def _read_rolled_back(self, sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
        """Read past a write cut short (a power cut mid-flush left `stats.db-journal`).

        SQLite must roll such a journal back before anything is read, which is a
        write: a read-only connection cannot, and a reading command must not
        change the data folder (it may be read-only). The file and its journal
        are copied into a temporary folder and read there, rolled back in the copy.
        """
        journal = self.path.with_name(self.path.name + "-journal")
        try:
            with tempfile.TemporaryDirectory(prefix="cafesach-stats-") as folder:
                copy = Path(folder) / self.path.name
                shutil.copyfile(self.path, copy)
                shutil.copyfile(journal, copy.with_name(journal.name))
                return _query(sqlite3.connect(copy, timeout=2), sql, params)
        except OSError as exc:
            raise StorageError(f"cannot read statistics: {self.path.name} was being written "
                               f"when the station stopped, and a copy to read it could not be "
                               f"made: {exc.strerror or exc}",
                               message_vi="Không đọc được số liệu thống kê.") from exc

    def rows(self, start: str | None = None, end: str | None = None) -> list[CountRow]:
        """Every counter between `start` and `end` (days, inclusive), unsuppressed.

        Day by day (a CSV read by people, or cut at a day, must not list every
        day's items before the first day's searches), then by type, key and metric.
        """
        lo, hi = check_range(start, end)
        items = self._read(
            "SELECT day, 'item', item_id, metric, n FROM item_counts "
            "WHERE day BETWEEN ? AND ? ORDER BY day, item_id, metric", [lo, hi])
        searches = self._read(
            "SELECT day, CASE found WHEN 1 THEN 'search' ELSE 'search_none' END, term, "
            "'count', n FROM search_counts WHERE day BETWEEN ? AND ? ORDER BY day, found, term",
            [lo, hi])
        return sorted((CountRow(*row) for row in items + searches),
                      key=lambda r: (r.day, r.type, r.key, r.metric))

    def export_rows(self, start: str | None = None, end: str | None = None) -> list[CountRow]:
        """What may leave the station: counts below `SUPPRESS_BELOW` are left out."""
        return [row for row in self.rows(start, end) if row.count >= SUPPRESS_BELOW]

    def daily_totals(self, metric: str, start: str | None = None,
                     end: str | None = None) -> list[tuple[str, int]]:
        """``[(day, total)]`` of one metric over all items, days in order."""
        if metric not in METRICS:
            raise InvalidInput(f"unknown metric {metric!r}")
        lo, hi = check_range(start, end)
        return [(d, int(n)) for d, n in self._read(
            "SELECT day, sum(n) FROM item_counts WHERE metric = ? AND day BETWEEN ? AND ? "
            "GROUP BY day ORDER BY day", [metric, lo, hi])]

    def top_items(self, metric: str = "view", start: str | None = None,
                  end: str | None = None, *, limit: int = 10) -> list[tuple[str, int]]:
        lo, hi = check_range(start, end)
        return [(i, int(n)) for i, n in self._read(
            "SELECT item_id, sum(n) AS t FROM item_counts WHERE metric = ? AND day BETWEEN ? "
            "AND ? GROUP BY item_id ORDER BY t DESC, item_id LIMIT ?", [metric, lo, hi, limit])]

    def totals(self, start: str | None = None, end: str | None = None) -> dict[str, int]:
        """Total per metric, plus ``search`` and ``search_none``."""
        lo, hi = check_range(start, end)
        out = dict.fromkeys((*METRICS, "search", "search_none"), 0)
        for metric, n in self._read("SELECT metric, sum(n) FROM item_counts WHERE day BETWEEN ? "
                                    "AND ? GROUP BY metric", [lo, hi]):
            out[metric] = int(n)
        for found, n in self._read("SELECT found, sum(n) FROM search_counts WHERE day BETWEEN ? "
                                   "AND ? GROUP BY found", [lo, hi]):
            out["search" if found else "search_none"] = int(n)
        return out

    def search_terms(self, start: str | None = None, end: str | None = None, *,
                     found: bool = False, limit: int = 20) -> list[tuple[str, int]]:
        """Folded terms with counts; by default the searches that found nothing."""
        lo, hi = check_range(start, end)
        return [(t, int(n)) for t, n in self._read(
            "SELECT term, sum(n) AS t FROM search_counts WHERE found = ? AND day BETWEEN ? "
            "AND ? GROUP BY term ORDER BY t DESC, term LIMIT ?", [int(found), lo, hi, limit])]


def station_sink(root: Path, config: Any, *, flush_interval_s: float | None = 5.0) -> StatsSink:
    """The sink the kiosk should count into: a `StatsStore`, or `NullSink` when
    `admin.stats_enabled` is off."""
    if not config.get("admin", "stats_enabled"):
        return NullSink()
    # a misspelt zone in config.toml counts in the default zone rather than failing every count
    return StatsStore.open(root, today=config.running_today,
                           flush_interval_s=flush_interval_s,
                           keep_days=keep_days_setting(config))


def keep_days_setting(config: Any) -> int:
    """`admin.stats_keep_days`: how many days of counts the station keeps (0 or less:
    all of them)."""
    try:
        return max(0, int(config.get("admin", "stats_keep_days")))
    except (LookupError, TypeError, ValueError, LibraryError):
        return 0


def collection_totals(store: StatsStore, kind_of: Callable[[str], str | None],
                      metric: str = "view", start: str | None = None,
                      end: str | None = None) -> list[tuple[str, int]]:
    """Totals per collection (item kind); `kind_of(item_id)` looks the kind up."""
    totals: Counter[str] = Counter()
    for item_id, n in store.top_items(metric, start, end, limit=1_000_000):
        totals[kind_of(item_id) or "unknown"] += n
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))


def check_range(start: str | None, end: str | None) -> tuple[str, str]:
    """Validate ``YYYY-MM-DD`` days; missing ends mean "from the beginning/until the end"."""
    from datetime import date

    out = []
    for value, default in ((start, "0000-01-01"), (end, "9999-12-31")):
        if not value:
            out.append(default)
            continue
        try:
            out.append(date.fromisoformat(value).isoformat())
        except ValueError as exc:
            raise InvalidInput(f"not a day (YYYY-MM-DD): {value!r}",
                               message_vi="Ngày không hợp lệ (YYYY-MM-DD).") from exc
    if out[0] > out[1]:
        raise InvalidInput("the start day is after the end day",
                           message_vi="Ngày bắt đầu sau ngày kết thúc.")
    return out[0], out[1]


def rows_to_csv(rows: Iterable[CountRow], *, prefix: dict[str, str] | None = None) -> str:
    """CSV text (UTF-8, header first); `prefix` adds leading constant columns."""
    import csv  # exports only; not on the kiosk's launch path

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    extra = prefix or {}
    writer.writerow([*extra.keys(), *CSV_HEADER])
    for row in rows:
        writer.writerow([*extra.values(), row.day, row.type, row.key, row.metric, row.count])
    return buf.getvalue()
