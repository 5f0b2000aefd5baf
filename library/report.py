"""Reports up by USB: the station's signed figures and health for the province.

A station with no network still reports: `write_report(stick_dir)` puts a
folder ``cafesach-reports/<station id>-<day>/`` on the stick (with
``-tu-<first day>`` / ``-den-<last day>`` after it when not all days are in it) holding

* ``stats.csv`` — the anonymous counts, small counts suppressed
  (`library.stats.StatsStore.export_rows`),
* ``health.json`` — free disk, catalog size, last sync, objects verified,
  voice found, app version, recent errors,
* ``titles.json`` — the titles of the items counted (the province knows an
  item by its id otherwise),
* ``report.json`` — the manifest: station id and name, public key, day,
  sha256 of each file above,
* ``report.sig`` — the station's Ed25519 signature of ``report.json``.

The folder is written under a temporary name, fsynced and renamed into place,
so a pulled stick or a full disk leaves either the old report or the new one,
never half of one.

The station's key pair is made on first use in ``<data>/keys/``. The station
id *is* the key id (sha256 of the public key), so a report whose content was
changed fails its hashes, and one re-signed with another key shows up as
another station; `collect` can also be given the province's list of known
station keys and then rejects the rest.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import errno
import hashlib
import io
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from . import __version__, logfile
from .address_passwords import hidden_in
from .csvsafe import safe_csv_text, safe_row
from .errors import InvalidInput, LibraryError, StorageError
from .files import decode_text, disk_full, fsync_dir, output_target, write_atomic, write_error
from .locks import folder_lock
from .paths import DataPaths
from .stats import CSV_HEADER, StatsStore, check_range, rows_to_csv

log = logging.getLogger("cafesach.report")

REPORTS_FOLDER = "cafesach-reports"
STATION_KEY = "station.key"
STATION_PUB = "station.pub"
FILES = ("stats.csv", "health.json")
#: Signed like `FILES` when present; reports from before it have none (collectors from
#: before it ignore it): ``{item id: title}`` of the items counted, for the province.
TITLES = "titles.json"
FORMAT = "cafesach-report-v1"
INTEGRITY_STATE = "health.integrity"


# -- the station's key --------------------------------------------------------
@dataclass(frozen=True)
class StationKey:
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)

    @property
    def station_id(self) -> str:
        return station_id(self.public_raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def station_id(public_raw: bytes) -> str:
    """A station is named by its key: the first 16 hex digits of sha256(public key)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


#: One maker of the key pair at a time in a process: the kiosk makes it at start
#: (`ensure_station_key`) while the librarian may already be writing a report.
_KEY_LOCK = threading.Lock()


def ensure_station_key(paths: DataPaths) -> bool:
    """Make the station's key pair now if it has none; whether it was made.

    Why not wait for the first report: the key is written beside the catalog,
    and a station whose data disk filled before its first report could then
    never sign one, though the report itself goes to a stick. The kiosk calls
    this once it has started on a writable disk.
    """
    with _KEY_LOCK:
        if (paths.keys / STATION_KEY).exists():
            return False
        _station_key(paths)
        return True


def station_key(paths: DataPaths) -> StationKey:
    """Load the station's key pair, making it on first use (private key mode 0600)."""
    with _KEY_LOCK:
        return _station_key(paths)


def _station_key(paths: DataPaths) -> StationKey:
    folder = paths.keys
    key_file = folder / STATION_KEY
    if key_file.exists():
        try:
            private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StorageError(f"cannot read the station key {key_file}: {exc}",
                               message_vi="Không đọc được khoá của trạm.") from exc
        if not isinstance(private, Ed25519PrivateKey):
            raise StorageError(f"{key_file} is not an Ed25519 key")
        return StationKey(private)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    key = StationKey(private)
    pub = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    # the public half first: the private key is what marks the pair as made, so a disk
    # that fills up between the two leaves no key without its public half
    target = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        target = folder / STATION_PUB
        write_atomic(target, pub, mode=0o644)
        target = key_file
        write_atomic(target, pem, mode=0o600)
    except OSError as exc:  # a full or read-only data folder: which file, and why
        raise write_error(target, exc, what_vi="khoá của trạm") from exc
    log.info("made the station key %s", key.station_id)
    return key


# -- health -------------------------------------------------------------------
@dataclass(frozen=True)
class IntegrityResult:
    checked: int
    bad: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cancelled: bool = False
    at: str = ""

    @property
    def ok(self) -> bool:
        return not self.bad and not self.missing and not self.cancelled

    def to_json(self) -> dict[str, Any]:
        return {"checked": self.checked, "bad": self.bad, "missing": self.missing,
                "cancelled": self.cancelled, "at": self.at, "ok": self.ok}


def check_integrity(catalog: Any, *, progress: Callable[[int, int], None] | None = None,
                    cancel: Any = None) -> IntegrityResult:
    """Re-hash every object the catalog uses; store the result for the health report.

    `cancel` is a `threading.Event` (or anything with ``is_set()``); `progress`
    gets ``(done, total)``.
    """
    store = catalog.objects
    wanted = sorted(catalog.referenced_objects())
    bad: list[str] = []
    missing: list[str] = []
    cancelled = False
    done = 0
    for sha in wanted:
        if cancel is not None and cancel.is_set():
            cancelled = True
            break
        if not store.has(sha):
            missing.append(sha)
        elif not store.verify(sha):
            bad.append(sha)
        done += 1
        if progress is not None:
            progress(done, len(wanted))
    result = IntegrityResult(done, bad, missing, cancelled,
                             datetime.now(UTC).isoformat(timespec="seconds"))
    if not cancelled:
        catalog.set_state(INTEGRITY_STATE, json.dumps(result.to_json()))
    return result


def _last_sync(catalog: Any, config: Any, zone: Any) -> Any:
    """The repositories this station follows and how their last import or sync went
    (`status.followed_states`: not an address typed wrong once, long since put right),
    each with what `status.expiry` says of the index it holds (its `expiry`), times and
    days in the station's `zone`, as the panel's «Nạp nội dung» and `sync --status` say
    them."""
    from .repository import status

    try:
        within = status.expiry_warning_days(config)
        return [state.to_json(zone, within_days=within)
                for state in status.followed_states(catalog, config)]
    except Exception as exc:  # a health report must always come out
        return {"error": str(exc)}


def _voice_found(config: Any) -> dict[str, Any]:
    """A cheap look for the speech engine (no voice is started for a health report)."""
    import ctypes.util

    from .speech.engine import is_vietnamese_voice

    lib = ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
    voice = str(config.get("speech", "voice")) if config is not None else "vi"
    vietnamese = is_vietnamese_voice(voice)
    if os.name == "nt":
        return {"found": True, "engine": "sapi5", "voice": voice, "vietnamese": vietnamese}
    return {"found": bool(lib or shutil.which("espeak-ng")), "engine": "espeak-ng",
            "voice": voice, "vietnamese": vietnamese}


#: The most of one log file `recent_errors` reads: its end. The kiosk keeps its own
#: files under `logfile.MAX_BYTES`, so this reads them whole; a file something else let
#: grow (an older station's, a copy put there by hand) costs no more than this.
LOG_TAIL_BYTES = logfile.MAX_BYTES


def _log_files(logs: Path) -> list[Path]:
    """`NAME.log` and its numbered backups (`NAME.log.1` … `NAME.log.<BACKUPS>`, what
    `library.logfile` rotates them into): never a compressed `.gz` or any other file."""
    patterns = ["*.log", *(f"*.log.{n}" for n in range(1, logfile.BACKUPS + 1))]
    return sorted({path for pattern in patterns for path in logs.glob(pattern)})


def _tail(log_file: Path, size: int) -> str:
    """The text of the last `size` bytes of `log_file`, from the first whole line in them."""
    with log_file.open("rb") as stream:
        end = stream.seek(0, os.SEEK_END)
        start = max(0, end - size)
        stream.seek(max(0, start - 1))  # with the byte before: was the cut at a line's start?
        data = stream.read(end - start + (start > 0))
    if start > 0:  # the first whole line starts after the first newline
        data = data[data.find(b"\n") + 1:] if b"\n" in data else b""
    return data.decode("utf-8", errors="replace")


def recent_errors(paths: DataPaths, *, limit: int = 20) -> list[str]:
    """The last ERROR/WARNING lines of the log files (newest last), then those of this
    process the file could not take (a full or read-only disk: `logfile.unwritten`).

    Only the logs and their numbered backups are read, each only its last
    `LOG_TAIL_BYTES`: the health screen and the report keep `limit` lines, and a
    file of any size in `logs/` must not make the librarian's panel wait or the
    report grow.
    """
    from .logfile import unwritten

    lines: list[str] = []

    def modified(log_file: Path) -> tuple[float, int]:
        """Oldest first; at the same time a higher backup number is the older file."""
        backup = log_file.suffix[1:]
        older = -int(backup) if backup.isdigit() else 0
        try:
            return log_file.stat().st_mtime, older
        except OSError:  # rotated away since it was listed: read as the oldest (then skipped)
            return 0.0, older

    on_disk = sorted(_log_files(paths.logs), key=modified) if paths.logs.is_dir() else []
    for log_file in on_disk:
        try:
            text = _tail(log_file, LOG_TAIL_BYTES)
        except OSError:
            continue
        lines.extend(line for line in text.splitlines()
                     if " ERROR " in line or " WARNING " in line or line.startswith("ERROR"))
    lines.extend(unwritten(paths))  # this process' lines a full disk kept out of the file
    return lines[-limit:]


#: At most this many flagged ids in a report: a station with a whole damaged pack
#: must not write a report the size of its catalog.
BROKEN_IDS_LIMIT = 50


def _broken(catalog: Any, in_memory: Sequence[str]) -> dict[str, Any]:
    """Items the kiosk flagged `broken` (they failed to open or play): they stay unusable
    until the librarian retries them, so a technician far away must see them. With them,
    `in_memory`: those the running kiosk shut whose flag its full or read-only disk
    refused (`library.broken_in_memory`), which no catalog on that disk holds — those
    the librarian's «Tình trạng» lists too (`still_shut`): not one removed since, nor
    one flagged since (it is in `ids`)."""
    from .broken_in_memory import still_shut

    return {"count": catalog.broken_count(),
            "ids": [i.id for i in catalog.broken_items(limit=BROKEN_IDS_LIMIT)],
            "in_memory": [i.id for i in still_shut(catalog, in_memory)][:BROKEN_IDS_LIMIT]}


def _zone(config: Any, running: bool) -> Any:
    """The station's zone: for the running kiosk (`running`) a misspelt one is the default
    zone it keeps (`Config.running_zone`); a command refuses it with one line."""
    return config.running_zone() if running else config.time_zone


def health_report(paths: DataPaths, catalog: Any, config: Any, *,
                  running: bool = False, broken_in_memory: Sequence[str] = ()
                  ) -> dict[str, Any]:
    """What a technician far away needs to know about this station.

    `running`: asked by the running kiosk (the librarian's panel), which keeps
    working with a misspelt `station.time_zone`, as the panel is where it is put right.
    `broken_in_memory`: the running kiosk's items shut in memory (`BrokenInMemory.ids`).

    Every text in it has an address's password hidden (`address_passwords.hidden_in`):
    the report goes to the province on a stick and onto the panel's «Tình trạng», and
    the station's lines in it name its server — the status of a failed sync, an unsigned
    feed's title (its address), a log line written before the password was hidden.
    """
    try:
        usage = shutil.disk_usage(paths.root)
        disk = {"free_bytes": usage.free, "total_bytes": usage.total}
    except OSError as exc:
        disk = {"error": str(exc)}
    from .station_disk import FULL, resume_free_bytes, unwritable, upgrade_room

    # A kiosk showing its library read-only (the catalog it lends the panel has its
    # `refusal`) keeps nothing until it restarts into writing, which waits for
    # `resume_free_bytes` (`kiosk.disk_return`): below that it is still full, not fine.
    read_only = getattr(catalog, "refusal", None) is not None
    state = unwritable(paths.root,
                       **({"below": resume_free_bytes(paths)} if read_only else {}))
    if state is not None:  # "full" or "read-only": the station shows, but writes nothing
        disk["cannot_write"] = state
    if state == FULL and read_only and (need := upgrade_room(paths)):
        # waiting for room to upgrade its catalog (a new program installed on a nearly
        # full disk), not "full" as such: 40 MB free may be far from enough. Said with
        # the numbers, so the librarian and the province know what to free
        disk["upgrade_needs_bytes"] = need
        disk["resume_free_bytes"] = resume_free_bytes(paths)
    objects_bytes = objects_count = 0
    if catalog.objects is not None:
        for sha in catalog.objects:
            objects_count += 1
            try:
                objects_bytes += catalog.objects.path(sha).stat().st_size
            except OSError:
                continue
    integrity = catalog.get_state(INTEGRITY_STATE)
    return hidden_in({
        "format": "cafesach-health-v1",
        "app_version": __version__,
        "station_name": config.get("station", "name"),
        "time_zone": config.get("station", "time_zone"),
        "created": datetime.now(_zone(config, running)).isoformat(timespec="seconds"),
        "disk": disk,
        "catalog": {
            "items": catalog.count(include_hidden=True),
            "visible_items": catalog.count(),
            "kinds": catalog.kind_counts(include_hidden=True),
            "db_bytes": paths.catalog_db.stat().st_size if paths.catalog_db.exists() else 0,
            "objects": objects_count,
            "objects_bytes": objects_bytes,
        },
        "broken": _broken(catalog, broken_in_memory),
        "last_sync": _last_sync(catalog, config, _zone(config, running)),
        "objects_verified": json.loads(integrity) if integrity else None,
        "voice": _voice_found(config),
        "recent_errors": recent_errors(paths),
    })


# -- writing a report ---------------------------------------------------------
@dataclass(frozen=True)
class WrittenReport:
    folder: Path
    station_id: str
    rows: int
    #: why the usage counts are missing (a damaged ``stats.db``); the health went anyway
    stats_error: str = ""


def write_report(stick_dir: Path, *, paths: DataPaths, catalog: Any, config: Any,
                 stats: StatsStore, start: str | None = None,
                 end: str | None = None, running: bool = False,
                 broken_in_memory: Sequence[str] = ()) -> WrittenReport:
    """Write the signed report folder onto `stick_dir`, atomically.

    Raises `StorageError` (the stick is full, read-only or gone); nothing
    half-written is left behind. `running`, `broken_in_memory`: as for `health_report`.
    """
    if not stick_dir.is_dir():  # a stick not plugged in, a mistyped mount point
        why = "not a folder" if stick_dir.exists() else "no such folder"
        raise StorageError(f"{stick_dir}: {why}", message_vi="Không thấy USB.")
    check_range(start, end)  # before anything is made or named after these days
    key = station_key(paths)
    day = config.running_today() if running else config.today()
    health = health_report(paths, catalog, config, running=running,
                           broken_in_memory=broken_in_memory)
    stats_error = ""
    try:
        rows = stats.export_rows(start, end)
    except StorageError as exc:  # a damaged stats.db: the province still needs the health
        log.info("report without usage counts: %s", exc)
        rows, stats_error = [], str(exc)
        health["stats_error"] = stats_error
    files = {
        "stats.csv": rows_to_csv(rows).encode("utf-8"),
        "health.json": json.dumps(health, ensure_ascii=False, indent=2).encode("utf-8"),
        TITLES: json.dumps(item_titles(catalog, rows), ensure_ascii=False, indent=1,
                           sort_keys=True).encode("utf-8"),
    }
    manifest = {
        "format": FORMAT,
        "station_id": key.station_id,
        "station_name": config.get("station", "name"),
        "public_key": key.public_b64,
        "day": day,
        "from": start or "",
        "to": end or "",
        "app_version": __version__,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        # so that a copy cut short (a stick pulled out) is told from a changed file
        "sizes": {name: len(data) for name, data in files.items()},
    }
    files["report.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    files["report.sig"] = base64.b64encode(key.sign(files["report.json"])) + b"\n"

    parent = stick_dir / REPORTS_FOLDER
    final = parent / report_folder_name(key.station_id, day, start, end)
    tmp = parent / f".{final.name}.tmp"
    old = parent / f".{final.name}.old"
    made_parent = not parent.exists()
    try:
        parent.mkdir(exist_ok=True)
        with one_writer(parent):  # the temporary names below are this station's and day's
            try:
                for leftover in (tmp, old):
                    if leftover.exists():
                        shutil.rmtree(leftover)
                tmp.mkdir()
                for name, data in files.items():
                    with (tmp / name).open("wb") as fh:
                        fh.write(data)
                        fh.flush()
                        os.fsync(fh.fileno())
                fsync_dir(tmp)
                if final.exists():
                    final.rename(old)
                tmp.rename(final)
                fsync_dir(parent)
                if old.exists():
                    shutil.rmtree(old)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if old.exists() and not final.exists():
                    old.rename(final)
                if made_parent:  # an empty reports folder would only puzzle the province
                    with contextlib.suppress(OSError):
                        parent.rmdir()
                raise
    except OSError as exc:
        raise StorageError(
            f"cannot write the report to {stick_dir}: {exc.strerror or exc}",  # not the temp name
            message_vi=stick_write_vi(exc, "báo cáo")) from exc
    return WrittenReport(final, key.station_id, len(rows), stats_error)


#: How long a report waits for another one being written into the same stick.
WRITER_WAIT_S = 30.0


def one_writer(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Hold the stick's reports folder while a report is written into it.

    Two writes of one station's report at once (the panel's button and `cafesach
    report write`, or a double tap) share the temporary names and would mix
    their files into one folder whose hashes no longer match. The second waits
    (a write takes a second) for the first, up to `WRITER_WAIT_S`, then is a
    `StorageError` (`folder_lock`).
    """
    return folder_lock(folder, wait_s=WRITER_WAIT_S, error=StorageError,
                       held_by="another report is being written into",
                       then="try again when it is done",
                       message_vi="Đang ghi một báo cáo khác ra USB này. Hãy thử lại sau.")


def item_titles(catalog: Any, rows: Iterable[Any]) -> dict[str, str]:
    """The titles of the items in `rows` (`Catalog.titles`): an item id alone tells the
    province nothing. None when the catalog cannot be read: the counts go anyway."""
    try:
        return catalog.titles(sorted({row.key for row in rows if row.type == "item"}))
    except LibraryError:
        return {}


def report_folder_name(sid: str, day: str, start: str | None, end: str | None) -> str:
    """``<station id>-<day>``, and the days it covers when not all of them.

    Written again the same day, a report for the same days replaces the earlier
    one; a report for other days (March, then April, onto one stick) stands beside
    it, and `collect` merges both.
    """
    return (f"{sid}-{day}" + (f"-tu-{start}" if start else "")
            + (f"-den-{end}" if end else ""))


def write_stats_csv(target: Path, rows_csv: str, *, bom: bool = False) -> Path:
    """Write an export CSV atomically (for "export to stick"); `StorageError` when full.

    `bom`: start with a UTF-8 byte-order mark, for a CSV whose text carries
    Vietnamese (station names) and is opened by a double click: Excel reads a
    CSV without one in the PC's ANSI code page («Nhà văn hóa» comes out as
    «NhÃ  vÄƒn hÃ³a»); with it, Excel and LibreOffice both take UTF-8, and
    Python (``utf-8-sig``) and pandas skip it.

    Every cell that a spreadsheet would run as a formula (a title typed as
    «=HYPERLINK(…)», a station named «@SUM(A1)») is written as text
    (`library.csvsafe`), whoever made `rows_csv`.
    """
    output_target(target)
    data = safe_csv_text(rows_csv).encode("utf-8-sig" if bom else "utf-8")
    return write_to_stick(target, data, what="tệp")


def write_to_stick(target: Path, data: bytes, *, what: str, mode: int = 0o644) -> Path:
    """Write one file whole onto a stick (or wherever `target` is); `target` when done.

    A failed write is a `StorageError` naming `target` — not the temporary file
    the write went through — with `stick_write_vi`'s words for `what` (a full
    or write-protected stick). `mode` as for `files.write_atomic`.
    """
    try:
        write_atomic(target, data, mode=mode)
    except OSError as exc:
        raise StorageError(f"cannot write {target}: {exc.strerror or exc}",
                           message_vi=stick_write_vi(exc, what)) from exc
    return target


def stick_write_vi(exc: OSError, what: str) -> str:
    """Why `what` could not be written to a stick, in words a librarian can act on: the
    stick is full, or write-protected (the switch on an SD card or some sticks)."""
    if disk_full(exc):
        return f"USB đã đầy, không ghi được {what}."
    if exc.errno == errno.EROFS:
        return (f"USB đang khoá chống ghi (chỉ đọc), không ghi được {what}. "
                "Hãy gạt khoá hoặc dùng USB khác.")
    return f"Không ghi được {what} ra USB."


# -- collecting reports -------------------------------------------------------
@dataclass(frozen=True)
class VerifiedReport:
    folder: Path
    station_id: str
    station_name: str
    day: str
    rows: list[list[str]]
    health: dict[str, Any]
    #: sha256 of ``report.json``: the same report copied onto two sticks is one report
    digest: str = ""
    #: item id -> title, when the report carries them (`TITLES`)
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    folder: Path
    reason: str


def verify_report(folder: Path, *, trusted: set[str] | None = None) -> VerifiedReport:
    """Check a report folder's signature and hashes; `InvalidInput` says why not."""
    try:
        manifest_bytes = (folder / "report.json").read_bytes()
        signature = base64.b64decode((folder / "report.sig").read_bytes().strip(),
                                     validate=True)
        manifest = json.loads(manifest_bytes)
        public_raw = base64.b64decode(manifest["public_key"], validate=True)
        public = Ed25519PublicKey.from_public_bytes(public_raw)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"{folder.name}: not a readable report ({exc})") from exc
    try:
        public.verify(signature, manifest_bytes)
    except InvalidSignature as exc:
        raise InvalidInput(f"{folder.name}: bad signature") from exc
    if manifest.get("format") != FORMAT:
        raise InvalidInput(f"{folder.name}: unknown report format")
    sid = station_id(public_raw)
    if manifest.get("station_id") != sid:
        raise InvalidInput(f"{folder.name}: station id does not match its key")
    if trusted is not None and sid not in trusted:
        raise InvalidInput(f"{folder.name}: station {sid} is not in the trusted list")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise InvalidInput(f"{folder.name}: report.json lists no files")
    sizes = manifest.get("sizes") if isinstance(manifest.get("sizes"), dict) else {}
    checked: dict[str, bytes] = {}  # parsed below from these very bytes, not read again
    for name in (*FILES, *((TITLES,) if TITLES in files else ())):
        try:
            data = (folder / name).read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{folder.name}: {name} missing") from exc
        if hashlib.sha256(data).hexdigest() != files.get(name):
            size = sizes.get(name)
            if isinstance(size, int) and len(data) < size:  # reports since sizes were signed
                raise InvalidInput(f"{folder.name}: {name} is incomplete ({len(data)} of "
                                   f"{size} bytes): copy the report again")
            raise InvalidInput(f"{folder.name}: {name} was changed after signing")
        checked[name] = data
    try:  # signed, yet written by something else than a station: one line, not a traceback
        reader = csv.reader(io.StringIO(checked["stats.csv"].decode("utf-8")))
        header = next(reader, [])
        if header != CSV_HEADER:
            raise InvalidInput(f"{folder.name}: stats.csv has an unexpected header")
        rows = [row for row in reader if row]
        health = json.loads(checked["health.json"])
        titles = json.loads(checked.get(TITLES, b"{}"))
    except (ValueError, csv.Error) as exc:
        raise InvalidInput(f"{folder.name}: not a readable report ({exc})") from exc
    for number, row in enumerate(rows, start=2):
        if len(row) != len(CSV_HEADER) or not (row[4].isascii() and row[4].isdigit()):
            raise InvalidInput(f"{folder.name}: stats.csv line {number} is not "
                               f"{','.join(CSV_HEADER)}")
    if not isinstance(health, dict):
        raise InvalidInput(f"{folder.name}: health.json is not a health report")
    if not isinstance(titles, dict):
        raise InvalidInput(f"{folder.name}: {TITLES} is not a list of titles")
    # names in NFC: a config.toml saved on a Mac (NFD) must not make "Nhà văn hóa" two
    # stations in a pivot table, nor show loose marks in Excel
    return VerifiedReport(folder, sid, _nfc(manifest.get("station_name", "")),
                          str(manifest.get("day", "")), rows, health,
                          hashlib.sha256(manifest_bytes).hexdigest(),
                          {str(k): _nfc(v) for k, v in titles.items()})


def _nfc(text: Any) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", str(text))


def find_report_folders(root: Path) -> list[Path]:
    """The station reports under `root` (a stick, its reports folder, a folder of sticks).

    A folder counts when it holds ``report.json`` and sits in a reports folder or
    holds one of a report's other files: a stick also carries other programs'
    ``report.json`` files, which are none of the province's business and must not
    turn the collection's exit code into "some reports were rejected". Hidden
    folders (a report being written) are left out.
    """
    others = ("report.sig", *FILES)
    return sorted({p.parent for p in root.rglob("report.json")
                   if not p.parent.name.startswith(".")
                   and (p.parent.parent.name == REPORTS_FOLDER
                        or any((p.parent / name).exists() for name in others))})


def load_trusted(path: Path) -> set[str]:
    """Station ids or base64 public keys, one a line (``#`` comments).

    The list is typed or pasted by people: saved by Notepad (a byte-order mark,
    or UTF-16), ids in capitals. Anything that is neither a 16-digit id nor a
    32-byte key is refused by its line (a mistyped id must not become some
    other station's id and reject the real one), and so is a list naming no one.
    """
    try:
        text = decode_text(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not a text file (UTF-8 or UTF-16)") from exc
    out: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if len(line) == 16 and all(c in "0123456789abcdef" for c in line.lower()):
            out.add(line.lower())
            continue
        try:
            key = base64.b64decode(line, validate=True)
        except ValueError:
            key = b""
        if len(key) != 32:  # an Ed25519 public key
            raise InvalidInput(f"{path}, line {number}: not a station id (16 hex digits) "
                               f"or public key: {line!r}")
        out.add(station_id(key))
    if not out:
        raise InvalidInput(f"{path} names no station: every report would be rejected")
    return out


def collect(roots: Iterable[Path], *, trusted: set[str] | None = None
            ) -> tuple[list[VerifiedReport], list[Rejected]]:
    """Verify every report under `roots`; each distinct report once.

    A station may send several reports written the same day (to two sticks,
    for two ranges of days): all are kept, as each may hold days the others
    lack; `merged_csv` counts each day once. The same report copied onto
    several sticks (or folders) is one report.
    """
    good: dict[tuple[str, str], VerifiedReport] = {}
    bad: list[Rejected] = []
    for root in roots:
        for folder in find_report_folders(root):
            try:
                report = verify_report(folder, trusted=trusted)
            except InvalidInput as exc:
                bad.append(Rejected(folder, str(exc)))
                continue
            good.setdefault((report.station_id, report.digest), report)
    return sorted(good.values(), key=lambda r: (r.station_id, r.day, r.digest)), bad


#: Statistics days before this are a station clock that was not set (a flat battery
#: starts a PC in 1970 or 2000), not visits.
EARLIEST_DAY = "2020-01-01"


def station_names(reports: Iterable[VerifiedReport]) -> dict[str, str]:
    """Each station's name as its newest report gives it (a renamed station is one station)."""
    names: dict[str, str] = {}
    for report in sorted(reports, key=lambda r: (r.day, r.digest)):
        names[report.station_id] = report.station_name
    return names


#: The province's CSV: who, then the station's columns, then the item's title (last, so
#: the columns before it stand where they stood before titles were carried).
MERGED_HEADER = ["station_id", "station_name", *CSV_HEADER, "title"]


def merged_csv(reports: Iterable[VerifiedReport]) -> str:
    """One CSV for the province: one row per station, day, type, key and metric.

    Several reports of one station may cover the same days (written on two
    days, or twice to two sticks). A counter only grows, so the largest count
    of a (day, type, key, metric) is the latest: it is taken once, whichever
    report holds it. Taking the newest report's row instead would let a report
    dated by a clock running ahead win over later, fuller ones. Every row of a
    station carries the name from its newest report, and an item's row the title
    its station gave it (empty from a report written before titles were carried).
    """
    reports = list(reports)
    names = station_names(reports)
    titles: dict[tuple[str, str], str] = {}  # (station, item) -> its newest title
    for report in sorted(reports, key=lambda r: (r.day, r.digest)):
        titles.update(((report.station_id, item), title)
                      for item, title in report.titles.items())
    merged: dict[tuple[str, ...], int] = {}
    for report in reports:
        for row in report.rows:
            key = (report.station_id, *row[:4])
            merged[key] = max(merged.get(key, 0), int(row[4]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MERGED_HEADER)
    for key in sorted(merged):
        title = titles.get((key[0], key[3]), "") if key[2] == "item" else ""
        writer.writerow(safe_row([key[0], names[key[0]], *key[1:], merged[key], title]))
    return buf.getvalue()


def clock_doubts(reports: Iterable[VerifiedReport], today: str) -> list[str]:
    """Stations whose clock was wrong, as the days in their reports show, one line each.

    The counts stay in the merged CSV (they were real visits), but under days
    the province should not trust: a report dated after `today` (the clock ran
    ahead when it was written; a day of slack), days counted after the report's own day (the
    clock ran ahead for a while, then was put right), days before `EARLIEST_DAY`
    (a clock that was never set).
    """
    from datetime import date, timedelta

    # a day of slack: the province's PC and the station may be in different zones
    tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
    reports = list(reports)
    lines: list[str] = []
    names = station_names(reports)
    for sid in sorted(names):
        own = [r for r in reports if r.station_id == sid]
        label = f"station {sid} ({names[sid]})"
        ahead = sorted({r.day for r in own if r.day > tomorrow})
        if ahead:
            lines.append(f"{label}: a report dated {ahead[-1]}, after today ({today}); "
                         "its clock was ahead")
        later = sorted({row[0] for r in own if r.day for row in r.rows if row[0] > r.day})
        if later:
            lines.append(f"{label}: counts dated {later[0]}"
                         f"{f' to {later[-1]}' if len(later) > 1 else ''}, after the report "
                         "was written; its clock was wrong while they were counted")
        early = sorted({row[0] for r in own for row in r.rows if row[0] < EARLIEST_DAY})
        if early:
            lines.append(f"{label}: counts dated {early[0]}"
                         f"{f' to {early[-1]}' if len(early) > 1 else ''}; "
                         "its clock was not set while they were counted")
    return lines


#: The columns of the province's `--health` CSV. A new column is only ever appended at
#: the end, never put between two, and none is removed or renamed: a librarian's
#: spreadsheet may read them by position (a formula on column L, a sheet fed by a
#: macro), and a column slipped in shifts every one after it. The CSV is written whole
#: at each `report collect` (atomically, replacing the file), never appended to, so an
#: older file's rows never sit under a newer header.
HEALTH_HEADER = ["station_id", "station_name", "day", "app_version", "free_mb",
                 "items", "objects_checked", "objects_bad", "last_sync",
                 "voice_found", "recent_errors", "stats_error", "cannot_write"]


def health_csv(reports: Iterable[VerifiedReport]) -> str:
    """One line of health per report, for the province's overview of its stations."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEALTH_HEADER)
    for r in sorted(reports, key=lambda r: (r.station_id, r.day)):
        h = hidden_in(r.health)  # a report of an older station may name its server whole
        verified = h.get("objects_verified") or {}
        sync = h.get("last_sync")
        sync_text = "; ".join(
            str(s.get("status_vi", "")) + (f" ({s['expiry'].get('text_vi', '')})"
                                          if isinstance(s.get("expiry"), dict) else "")
            for s in sync) if isinstance(sync, list) else ""
        disk = h.get("disk") if isinstance(h.get("disk"), dict) else {}
        free = disk.get("free_bytes")
        cells = {
            "station_id": r.station_id, "station_name": r.station_name, "day": r.day,
            "app_version": h.get("app_version", ""),
            # unknown (the station could not read its disk) is blank, not "0 MB free"
            "free_mb": free // 2**20 if isinstance(free, int) else "",
            "items": h.get("catalog", {}).get("items", ""),
            "objects_checked": verified.get("checked", ""),
            "objects_bad": len(verified.get("bad", [])) + len(verified.get("missing", []))
            if verified else "",
            "last_sync": sync_text,
            "voice_found": (h.get("voice") or {}).get("found", ""),
            "recent_errors": len(h.get("recent_errors", [])),
            "stats_error": h.get("stats_error", ""),  # why a report came without counts
            # "full" or "read-only" (`station_disk.unwritable`): the station shows its library
            # but keeps no counts, settings or flags until it is freed (it then takes up
            # writing by itself, `kiosk.disk_return`)
            "cannot_write": disk.get("cannot_write") or "",
        }
        # in the header's order, so a row cannot drift from it
        writer.writerow(safe_row([cells[column] for column in HEALTH_HEADER]))
    return buf.getvalue()
