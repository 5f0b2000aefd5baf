"""What a station knows about each repository it follows (table `repositories`).

The kiosk's librarian screen shows `status_vi()`: "Đồng bộ lần cuối …" or,
for content that could not be checked against a fresh signature, "Chưa xác
minh từ …". Bulletin schedules read `extensions()`.

Beside each repository's row, the station keeps what its syncs warned of
(`Warned`, in the catalog's `state` table under `sync.warnings.<id>`), each
warning with the time of the sync that raised it. They are kept apart from
`message` (which a failed sync overwrites with its error) because a warning
about the library's content — an item taken into another collection than
its published kind — stays true for as long as the library stays as it is:
through a sync that finds nothing changed (a `304`) and through a failed one.
Which of them still hold is decided in one place, `standing` (what the panel
and `sync --status` show) and `carried_over` (what a sync that reads no new
index keeps of them).

`message` is only saved where it says something of its own: the error of a
failed sync, or the joined warnings of a state saved before warnings were
kept apart. Otherwise it is the warnings joined, derived when the state is
made.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..catalog import Catalog, connect_read_only, read_error
from ..config import DEFAULTS
from . import notices
from .notices import LASTING, Notice

#: status values: ok, unverified (expired index from a stick), ahead, error, unchanged
_FIELDS = ("id", "title", "url", "version", "publisher_key", "index_sha256", "etag",
           "last_modified", "expires", "last_sync", "verified_until", "status", "message",
           "extensions")


#: The user and password part of an address (`https://user:secret@host/…`): up to the
#: last `@` before the path, query or fragment, as httpx reads it — a password typed
#: with an `@` of its own (`kho:mat@khau@host`) is all hidden, not cut at its first.
_USERINFO = re.compile(r"(?<=://)[^/?#\s]*@")


def redacted(text: str) -> str:
    """`text` with the user name and password of any address in it replaced by `***`.

    A server protected by a password is reached with it in `sync.server_url`;
    what the station shows and reports (the status line, `sync --status`, the
    health report a librarian carries to the province) must not carry it. This is
    the one rule for it; where lines leave the station, `library.address_passwords`
    applies it.
    """
    return _USERINFO.sub("***@", text)


#: The `state` key under which a repository's warnings are kept (+ its id).
WARNINGS_KEY = "sync.warnings."
#: The `state` key under which the Vietnamese line of a failed sync's error is kept (+ its
#: id): the librarian reads it first in the status line, the technician the English after.
ERROR_VI_KEY = "sync.error_vi."
#: The `state` key (+ its id) saying that the repository's content on the station last
#: came from a content pack (a stick, a folder), not over the network: the status line
#: must not say «Đồng bộ» to a librarian whose station has no network.
VIA_PACK_KEY = "sync.via_pack."


#: How many days ahead a station says that the index it holds is about to expire
#: (`sync.expiry_warning_days`, this by default).
EXPIRY_WARNING_DAYS = int(DEFAULTS["sync"]["expiry_warning_days"])


@dataclass(frozen=True)
class Warned:
    """One warning a sync gave, and when that sync ran (`raised`, ISO time in UTC)."""

    notice: Notice
    raised: str

    def to_json(self) -> dict[str, str]:
        return {"text": str(self.notice), "text_vi": self.notice.message_vi,
                "code": self.notice.code, "raised": self.raised}


@dataclass(frozen=True)
class RepositoryState:
    id: str
    title: str = ""
    url: str | None = None
    version: int = 0
    publisher_key: str | None = None
    index_sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    expires: str | None = None
    last_sync: str | None = None
    verified_until: str | None = None
    status: str = ""
    message: str = ""
    extensions: str = "{}"
    #: what the syncs of this repository warned of and still holds (see `save_warnings`);
    #: None where nothing was ever recorded (a station synced by an older version), and
    #: for `save`: the kept ones are left as they are
    warnings: tuple[Warned, ...] | None = None
    #: the error's Vietnamese line, under status "error" (empty: none kept)
    message_vi: str = ""
    #: the content last came from a content pack, not a sync over the network
    via_pack: bool = False

    def __post_init__(self) -> None:
        # where the warnings are known and no error stands in their place, `message` is
        # the warnings joined: derived, so that it never disagrees with them (also after
        # `dataclasses.replace`, which hands the old state's message on)
        if self.warnings is not None and self.status != "error":
            object.__setattr__(self, "message", "; ".join(w.notice for w in self.warnings))

    def to_json(self, zone: tzinfo | None = None, *, now: datetime | None = None,
                within_days: int = EXPIRY_WARNING_DAYS) -> dict[str, Any]:
        """The state as data. An address's password in it (`id` and `url` of a failed
        first sync, an unsigned feed's `title`, an error) is hidden where the data
        leaves: `sync --status --json` (`cli.emit_json`) and the health report."""
        data = {f: getattr(self, f) for f in _FIELDS}
        data["extensions"] = json.loads(self.extensions or "{}")
        data["status_vi"] = status_vi(self, zone)
        data["warnings"] = [w.to_json() for w in self.warnings or ()]
        said = expiry(self, zone, now=now, within_days=within_days)
        data["expiry"] = {"text": str(said), "text_vi": said.message_vi, "code": said.code} \
            if said is not None else None
        return data


def date_vi(text: str | None, zone: tzinfo | None = None) -> str:
    """An ISO time as the librarian reads it: `HH:MM dd/mm/yyyy` in the station's zone."""
    if not text:
        return "?"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = zone or ZoneInfo(DEFAULTS["station"]["time_zone"])
    return moment.astimezone(zone).strftime("%H:%M %d/%m/%Y")


def expiry_warning_days(config: Any) -> int:
    """`sync.expiry_warning_days` of `config` (None: the default); below 0 is 0, which
    says only that the index has expired."""
    if config is None:
        return EXPIRY_WARNING_DAYS
    try:
        return max(0, int(config.get("sync", "expiry_warning_days")))
    except (TypeError, ValueError):
        return EXPIRY_WARNING_DAYS


def expiry(state: RepositoryState, zone: tzinfo | None = None, *,
           now: datetime | None = None,
           within_days: int = EXPIRY_WARNING_DAYS) -> Notice | None:
    """What the station should be told of the expiry of the index it holds: that it
    expires within `within_days` days of `now` (days counted on the station's calendar,
    in `zone`), or that it has expired; None otherwise.

    A station that has not synced for weeks keeps showing its library, but once its
    index has expired a sync over the network refuses that index (a freeze attack looks
    just the same), so the librarian must hear of it before, not from a failed sync.
    Nothing is said where a sync already did (an expired pack, an index left to expire
    on the server: status "unverified" and its own warning), nor for a source that has
    no signed index (an OPDS feed) or none yet.
    """
    if not state.expires or state.status == "unsigned":
        return None
    expires = _moment(state.expires)
    if expires is None:
        return None
    now = now or datetime.now(UTC)
    zone = zone or ZoneInfo(DEFAULTS["station"]["time_zone"])
    day = expires.astimezone(zone).date()
    if expires <= now:
        said_already = state.status == "unverified" or any(
            w.notice.code in (notices.EXPIRED_PACK, notices.EXPIRED_ON_SERVER)
            for w in standing(state))
        return None if said_already else notices.index_expired(day)
    days_left = (day - now.astimezone(zone).date()).days
    if days_left > within_days:
        return None
    return notices.expires_soon(day, days_left)


def _moment(text: str) -> datetime | None:
    """An ISO time of the repository table (UTC when it names no zone); None if unreadable."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def status_vi(state: RepositoryState, zone: tzinfo | None = None) -> str:
    """One Vietnamese line for the librarian screen, times in the station's zone."""
    return redacted(_status_vi(state, zone))


def _status_vi(state: RepositoryState, zone: tzinfo | None) -> str:
    if state.status == "unverified":
        return f"Chưa xác minh từ {date_vi(state.verified_until, zone)} (gói đã hết hạn)"
    if state.status == "ahead":
        return f"Trạm mới hơn máy chủ (phiên bản {state.version}); đồng bộ lần cuối " \
               f"{date_vi(state.last_sync, zone)}"
    if state.status == "error":
        # what the station shows still dates from the last good sync: say when that was
        said = f"{state.message_vi} ({state.message})" if state.message_vi else state.message
        if state.last_sync and state.version:
            # what the station shows came from a pack: no sync ever succeeded then
            last = "nạp gói nội dung lần cuối" if state.via_pack else "lần cuối thành công"
            return f"Đồng bộ lỗi ({last} {date_vi(state.last_sync, zone)}, " \
                   f"phiên bản {state.version}): {said}"
        return f"Đồng bộ lỗi: {said}"
    if state.status == "unsigned":
        return f"Nguồn OPDS không ký; đồng bộ lần cuối {date_vi(state.last_sync, zone)}"
    done = "Nạp gói nội dung" if state.via_pack else "Đồng bộ"
    return f"{done} lần cuối {date_vi(state.last_sync, zone)} (phiên bản {state.version})"


def get(catalog: Catalog, repository: str) -> RepositoryState | None:
    rows = list(catalog.query("SELECT * FROM repositories WHERE id = ?", [repository]))
    if not rows:
        return None
    return RepositoryState(**{f: rows[0][f] for f in _FIELDS},
                           warnings=_parse_warnings(catalog.get_state(WARNINGS_KEY + repository)),
                           message_vi=catalog.get_state(ERROR_VI_KEY + repository) or "",
                           via_pack=catalog.get_state(VIA_PACK_KEY + repository) is not None)


def all_states(catalog: Catalog) -> list[RepositoryState]:
    return _states(catalog.query("SELECT * FROM repositories ORDER BY id"),
                   _all_warnings(catalog.query(_WARNINGS_SQL)),
                   _all_errors_vi(catalog.query(_ERRORS_VI_SQL)),
                   _all_via_pack(catalog.query(_VIA_PACK_SQL)))


def followed_states(catalog: Catalog, config: Any) -> list[RepositoryState]:
    """The repositories people are shown (the health report, the panel): those of the
    configured addresses (`sync.server_url`, `sync.unsigned_sources`) and those whose
    content is still in the catalog (items, or a bulletin schedule).

    The table keeps every address ever synced from: one typed wrong once stays there
    (version 0, status error) after the address was put right, and would read as a
    failing sync for ever. It is not deleted (`sync --status` lists it all).
    """
    states = all_states(catalog)
    if config is None:
        return states
    configured = {_address(u) for u in (config.get("sync", "server_url"),
                                        *config.get("sync", "unsigned_sources")) if u}
    delivered = {r["source"] for r in catalog.query("SELECT DISTINCT source FROM items")}
    return [s for s in states if (s.url and _address(s.url) in configured)
            or s.id in delivered or (s.extensions or "{}") != "{}"]


def _address(url: str) -> str:
    """An address as a sync reads it: without the spaces or the last "/" typed around it;
    with its password hidden, as the catalog keeps an unsigned feed's (`import_opds`)."""
    return redacted(str(url).strip().rstrip("/"))


def _states(rows: Iterable[dict[str, Any]],
            kept: dict[str, tuple[Warned, ...] | None],
            errors_vi: dict[str, str] | None = None,
            via_pack: set[str] | None = None) -> list[RepositoryState]:
    # a catalog of an older version may lack later columns: they keep their defaults
    errors_vi, via_pack = errors_vi or {}, via_pack or set()
    return [RepositoryState(**{f: r[f] for f in _FIELDS if f in r}, warnings=kept.get(r["id"]),
                            message_vi=errors_vi.get(r["id"], ""),
                            via_pack=r["id"] in via_pack) for r in rows]


def save_warnings(catalog: Catalog, repository: str, warned: Sequence[Warned]) -> None:
    """Keep what holds of `repository`'s warnings (inside the sync's transaction)."""
    catalog.set_state(WARNINGS_KEY + repository, json.dumps(
        [[str(w.notice), w.notice.message_vi, w.notice.code, w.raised] for w in warned],
        ensure_ascii=False))


_WARNINGS_SQL = (f"SELECT key, value FROM state WHERE substr(key, 1, {len(WARNINGS_KEY)}) = "
                 f"'{WARNINGS_KEY}'")
_ERRORS_VI_SQL = (f"SELECT key, value FROM state WHERE substr(key, 1, {len(ERROR_VI_KEY)}) "
                  f"= '{ERROR_VI_KEY}'")
_VIA_PACK_SQL = (f"SELECT key FROM state WHERE substr(key, 1, {len(VIA_PACK_KEY)}) "
                 f"= '{VIA_PACK_KEY}'")


def _all_errors_vi(rows: Any) -> dict[str, str]:
    return {r["key"][len(ERROR_VI_KEY):]: r["value"] or "" for r in rows}


def _all_via_pack(rows: Any) -> set[str]:
    """The repositories whose content last came from a pack (`VIA_PACK_KEY`): read by
    `all_states` and `read_states` alike, so `sync --status` says what the panel says."""
    return {r["key"][len(VIA_PACK_KEY):] for r in rows}


def _all_warnings(rows: Any) -> dict[str, tuple[Warned, ...] | None]:
    return {r["key"][len(WARNINGS_KEY):]: _parse_warnings(r["value"]) for r in rows}


def _parse_warnings(value: str | None) -> tuple[Warned, ...] | None:
    """The kept warnings; None for none recorded, or a value this version cannot read."""
    if value is None:
        return None
    try:
        return tuple(Warned(Notice(text, text_vi, code), raised)
                     for text, text_vi, code, raised in json.loads(value))
    except (ValueError, TypeError):
        return None


#: The statuses under which a state saved before warnings were kept apart (its `warnings`
#: None) holds its sync's warnings, joined, in `message`. Under "error" the message is
#: the error; under "ahead" it is the station's state ("server has version N"), which
#: the status line says already.
_WARNED_IN_MESSAGE = frozenset({"ok", "unverified", "unsigned"})


def standing(state: RepositoryState) -> tuple[Warned, ...]:
    """What the syncs of `state`'s repository warned of and still holds: the one rule for
    the status (`warning_lines`: the panel, `sync --status`) and for a sync that takes no
    new index (`carried_over`).

    A station synced before warnings were kept apart has only its `message`: taken as
    one warning, without a code, under the time of the sync that saved it.
    """
    if state.warnings is not None:
        return state.warnings
    if state.message and state.status in _WARNED_IN_MESSAGE:
        return (Warned(Notice(state.message, state.message), state.last_sync or ""),)
    return ()


def carried_over(state: RepositoryState, fresh: Sequence[Notice],
                 synced: str) -> tuple[Warned, ...]:
    """The warnings of a sync at `synced` that did not take a new index (the server's is
    unchanged, or older than this station's): of what stands (`standing`), those about
    the library's content (`notices.LASTING`, and a message of an older station, whose
    kind is unknown) stay, each with the time of the sync that raised it, as the library
    they describe stays; those about the check itself are this sync's `fresh`."""
    said = set(fresh)
    kept = [w for w in standing(state)
            if (w.notice.code in LASTING or not w.notice.code) and w.notice not in said]
    return (*kept, *(Warned(n, synced) for n in fresh))


def warning_lines(state: RepositoryState, zone: tzinfo | None, *,
                  now: datetime | None = None, within_days: int = EXPIRY_WARNING_DAYS,
                  language: str = "en") -> list[str]:
    """What to print under the repository's status line, indented: first what `expiry`
    says of the index held (as of `now`), then what the syncs warned of and still holds
    (`standing`: a kind that did not fit, the clock): those of the last sync as they are;
    those of an earlier sync (nothing changed since, or the last sync failed) under the
    date of the sync that raised them. Each warning in `language` (`Notice.text`)."""
    held = standing(state)

    def current(warned: Warned) -> bool:
        return warned.raised == state.last_sync and state.status != "error"

    expiring = expiry(state, zone, now=now, within_days=within_days)
    lines = [f"  {expiring.text(language)}"] if expiring is not None else []
    lines += [f"  {w.notice.text(language)}" for w in held if current(w)]
    raised: str | None = None
    for warned in sorted((w for w in held if not current(w)), key=lambda w: w.raised):
        if warned.raised != raised:
            raised = warned.raised
            lines.append(f"  Cảnh báo từ lần đồng bộ {date_vi(raised, zone)}:")
        lines.append(f"    {warned.notice.text(language)}")
    return lines


def read_only_query(db_path: Path, sql: str) -> list[dict[str, Any]]:
    """Rows of `sql` from the catalog file at `db_path`, read without writing a byte.

    Opening a `Catalog` migrates and switches on WAL, which needs a writable
    data folder, and `Catalog.open_read_only` refuses a catalog of another
    schema; commands that only show something (`sync --status`, `trust list`)
    must also work where the folder cannot be written (a read-only mount,
    another user's station, a copy on a stick), on a catalog of any age. How
    the file is read there, commits still in its `-wal` included, is
    `connect_read_only`'s. No catalog, or one without the table (it never
    took part in an import), has no rows; a `catalog.db` that is a folder or
    a link to nothing is an error, not "never synced".
    """
    if not db_path.exists() and not db_path.is_symlink():
        return []
    conn, copy = connect_read_only(db_path)  # a folder or a dangling link: one clear line
    try:
        cursor = conn.execute(sql)
        keys = [column[0] for column in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc):
            return []
        raise read_error(db_path, exc) from exc
    finally:
        conn.close()
        if copy is not None:
            copy.cleanup()


def read_states(db_path: Path) -> list[RepositoryState]:
    """`all_states` of the catalog file at `db_path`, read only (see `read_only_query`)."""
    rows = read_only_query(db_path, "SELECT * FROM repositories ORDER BY id")
    if not rows:
        return []
    return _states(rows, _all_warnings(read_only_query(db_path, _WARNINGS_SQL)),
                   _all_errors_vi(read_only_query(db_path, _ERRORS_VI_SQL)),
                   _all_via_pack(read_only_query(db_path, _VIA_PACK_SQL)))


def save(catalog: Catalog, state: RepositoryState) -> None:
    """Upsert (call inside the import's transaction), with its `warnings` unless None,
    and its address (`url`) with the password hidden (`redacted`): the catalog file is no
    place for it, and a copy of the data folder would carry it.

    `message` is saved only where it cannot be derived from the warnings (see the
    module's docstring): the error of a failed sync, or a state without warnings.
    """
    derived = state.warnings is not None and state.status != "error"
    values = [("" if derived else state.message) if f == "message" else getattr(state, f)
              for f in _FIELDS]
    if state.url:  # the address with its password hidden: a sync reads it from the config
        values[_FIELDS.index("url")] = redacted(state.url)
    columns = ", ".join(_FIELDS)
    marks = ", ".join("?" for _ in _FIELDS)
    updates = ", ".join(f"{f} = excluded.{f}" for f in _FIELDS[1:])
    catalog.execute(f"INSERT INTO repositories({columns}) VALUES ({marks}) "
                       f"ON CONFLICT(id) DO UPDATE SET {updates}", values)
    if state.warnings is not None:
        save_warnings(catalog, state.id, state.warnings)
    # the Vietnamese line belongs to the error it was saved with: any other state ends it
    if state.status == "error" and state.message_vi:
        catalog.set_state(ERROR_VI_KEY + state.id, state.message_vi)
    else:
        catalog.execute("DELETE FROM state WHERE key = ?", [ERROR_VI_KEY + state.id])
    if state.via_pack:
        catalog.set_state(VIA_PACK_KEY + state.id, "1")
    else:
        catalog.execute("DELETE FROM state WHERE key = ?", [VIA_PACK_KEY + state.id])


def rename(catalog: Catalog, old: str, new: str) -> None:
    """`old`'s row and kept lines (warnings, Vietnamese error, via a pack) under the id
    `new` (call inside a transaction); a row `new` already has is kept, `old`'s dropped.

    Why: a source whose id is made differently than before (an unsigned feed's, which
    once held the address's user name and password) is the same source; under two ids it
    would show twice, the old one never synced again."""
    taken = get(catalog, new) is not None
    if not taken:
        catalog.execute("UPDATE repositories SET id = ? WHERE id = ?", [new, old])
    catalog.execute("DELETE FROM repositories WHERE id = ?", [old])
    for prefix in (WARNINGS_KEY, ERROR_VI_KEY, VIA_PACK_KEY):
        if not taken:
            catalog.execute("UPDATE OR IGNORE state SET key = ? WHERE key = ?",
                            [prefix + new, prefix + old])
        catalog.execute("DELETE FROM state WHERE key = ?", [prefix + old])


def extensions(catalog: Catalog, repository: str) -> dict[str, Any]:
    """The `extensions` object of the last imported index (e.g. bulletin schedules)."""
    state = get(catalog, repository)
    return json.loads(state.extensions) if state else {}
