"""Reports up by USB: the station's signed figures and health for the province.

A station with no network still reports: `write_report(stick_dir)` puts a
folder ``cafesach-reports/<station id>-<day>/`` on the stick holding

* ``stats.csv`` — the anonymous counts, small counts suppressed
  (`library.stats.StatsStore.export_rows`),
* ``health.json`` — free disk, catalog size, last sync, objects verified,
  voice found, app version, recent errors,
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
from collections.abc import Callable, Iterable
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

from . import __version__
from .errors import InvalidInput, StorageError
from .files import disk_full, fsync_dir, output_target, write_atomic
from .paths import DataPaths
from .stats import CSV_HEADER, StatsStore, rows_to_csv

log = logging.getLogger("cafesach.report")

REPORTS_FOLDER = "cafesach-reports"
STATION_KEY = "station.key"
STATION_PUB = "station.pub"
FILES = ("stats.csv", "health.json")
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


def station_key(paths: DataPaths) -> StationKey:
    """Load the station's key pair, making it on first use (private key mode 0600)."""
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
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    write_atomic(key_file, pem, mode=0o600)
    key = StationKey(private)
    pub = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    write_atomic(folder / STATION_PUB, pub, mode=0o644)
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


def _last_sync(catalog: Any) -> Any:
    """The repositories this station follows and how their last import or sync went."""
    from .repository import status

    try:
        return [state.to_json() for state in status.all_states(catalog)]
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


def recent_errors(paths: DataPaths, *, limit: int = 20) -> list[str]:
    """The last ERROR/WARNING lines of the log files (newest last)."""
    lines: list[str] = []
    if not paths.logs.is_dir():
        return lines

    def modified(log_file: Path) -> float:
        try:
            return log_file.stat().st_mtime
        except OSError:  # rotated away since it was listed: read as the oldest (then skipped)
            return 0.0

    for log_file in sorted(paths.logs.glob("*.log*"), key=modified):
        try:
            text = log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines.extend(line for line in text.splitlines()
                     if " ERROR " in line or " WARNING " in line or line.startswith("ERROR"))
    from .repository.status import redacted  # a failed sync's line may name the server

    return [redacted(line) for line in lines[-limit:]]


#: At most this many flagged ids in a report: a station with a whole damaged pack
#: must not write a report the size of its catalog.
BROKEN_IDS_LIMIT = 50


def _broken(catalog: Any) -> dict[str, Any]:
    """Items the kiosk flagged `broken` (they failed to open or play): they stay unusable
    until the librarian retries them, so a technician far away must see them."""
    return {"count": catalog.broken_count(),
            "ids": [i.id for i in catalog.broken_items(limit=BROKEN_IDS_LIMIT)]}


def _zone(config: Any, running: bool) -> Any:
    """The station's zone: for the running kiosk (`running`) a misspelt one is the default
    zone it keeps (`Config.running_zone`); a command refuses it with one line."""
    return config.running_zone() if running else config.time_zone


def health_report(paths: DataPaths, catalog: Any, config: Any, *,
                  running: bool = False) -> dict[str, Any]:
    """What a technician far away needs to know about this station.

    `running`: asked by the running kiosk (the librarian's panel), which keeps
    working with a misspelt `station.time_zone`, as the panel is where it is put right.
    """
    try:
        usage = shutil.disk_usage(paths.root)
        disk = {"free_bytes": usage.free, "total_bytes": usage.total}
    except OSError as exc:
        disk = {"error": str(exc)}
    objects_bytes = objects_count = 0
    if catalog.objects is not None:
        for sha in catalog.objects:
            objects_count += 1
            try:
                objects_bytes += catalog.objects.path(sha).stat().st_size
            except OSError:
                continue
    integrity = catalog.get_state(INTEGRITY_STATE)
    return {
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
        "broken": _broken(catalog),
        "last_sync": _last_sync(catalog),
        "objects_verified": json.loads(integrity) if integrity else None,
        "voice": _voice_found(config),
        "recent_errors": recent_errors(paths),
    }


# -- writing a report ---------------------------------------------------------
@dataclass(frozen=True)
class WrittenReport:
    folder: Path
    station_id: str
    rows: int


def write_report(stick_dir: Path, *, paths: DataPaths, catalog: Any, config: Any,
                 stats: StatsStore, start: str | None = None,
                 end: str | None = None, running: bool = False) -> WrittenReport:
    """Write the signed report folder onto `stick_dir`, atomically.

    Raises `StorageError` (the stick is full, read-only or gone); nothing
    half-written is left behind. `running`: as for `health_report`.
    """
    if not stick_dir.is_dir():
        raise StorageError(f"{stick_dir} is not a folder", message_vi="Không thấy USB.")
    key = station_key(paths)
    day = config.running_today() if running else config.today()
    rows = stats.export_rows(start, end)
    files = {
        "stats.csv": rows_to_csv(rows).encode("utf-8"),
        "health.json": json.dumps(health_report(paths, catalog, config, running=running),
                                  ensure_ascii=False, indent=2).encode("utf-8"),
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
    }
    files["report.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    files["report.sig"] = base64.b64encode(key.sign(files["report.json"])) + b"\n"

    parent = stick_dir / REPORTS_FOLDER
    final = parent / f"{key.station_id}-{day}"
    tmp = parent / f".{final.name}.tmp"
    old = parent / f".{final.name}.old"
    made_parent = not parent.exists()
    try:
        parent.mkdir(exist_ok=True)
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
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not final.exists():
            old.rename(final)
        if made_parent:  # an empty reports folder on the stick would only puzzle the province
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise StorageError(
            f"cannot write the report to {stick_dir}: {exc.strerror or exc}",  # not the temp name
            message_vi=stick_write_vi(exc, "báo cáo")) from exc
    return WrittenReport(final, key.station_id, len(rows))


def write_stats_csv(target: Path, rows_csv: str) -> Path:
    """Write an export CSV atomically (for "export to stick"); `StorageError` when full."""
    output_target(target)
    return write_to_stick(target, rows_csv.encode("utf-8"), what="tệp")


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
    files = manifest.get("files", {})
    checked: dict[str, bytes] = {}  # parsed below from these very bytes, not read again
    for name in FILES:
        try:
            data = (folder / name).read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{folder.name}: {name} missing") from exc
        if hashlib.sha256(data).hexdigest() != files.get(name):
            raise InvalidInput(f"{folder.name}: {name} was changed after signing")
        checked[name] = data
    reader = csv.reader(io.StringIO(checked["stats.csv"].decode("utf-8")))
    header = next(reader, [])
    if header != CSV_HEADER:
        raise InvalidInput(f"{folder.name}: stats.csv has an unexpected header")
    health = json.loads(checked["health.json"])
    return VerifiedReport(folder, sid, str(manifest.get("station_name", "")),
                          str(manifest.get("day", "")), [row for row in reader if row], health)


def find_report_folders(root: Path) -> list[Path]:
    return sorted({p.parent for p in root.rglob("report.json")
                   if not p.parent.name.startswith(".")})


def load_trusted(path: Path) -> set[str]:
    """Station ids or base64 public keys, one a line (``#`` comments)."""
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if len(line) == 16 and all(c in "0123456789abcdef" for c in line):
            out.add(line)
        else:
            try:
                out.add(station_id(base64.b64decode(line, validate=True)))
            except ValueError as exc:
                raise InvalidInput(f"{path}: not a station id or key: {line!r}") from exc
    return out


def collect(roots: Iterable[Path], *, trusted: set[str] | None = None
            ) -> tuple[list[VerifiedReport], list[Rejected]]:
    """Verify every report under `roots`; keep the newest report per station and day."""
    good: dict[tuple[str, str], VerifiedReport] = {}
    bad: list[Rejected] = []
    for root in roots:
        for folder in find_report_folders(root):
            try:
                report = verify_report(folder, trusted=trusted)
            except InvalidInput as exc:
                bad.append(Rejected(folder, str(exc)))
                continue
            good[(report.station_id, report.day)] = report
    return sorted(good.values(), key=lambda r: (r.station_id, r.day)), bad


def merged_csv(reports: Iterable[VerifiedReport]) -> str:
    """One CSV for the province: station columns in front of each report's rows.

    When one station sent several reports whose ranges overlap, the rows of
    the newest report win for each (day, type, key, metric).
    """
    merged: dict[tuple[str, ...], list[str]] = {}
    for report in sorted(reports, key=lambda r: r.day):
        for row in report.rows:
            merged[(report.station_id, *row[:4])] = [report.station_id, report.station_name,
                                                     *row]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["station_id", "station_name", *CSV_HEADER])
    for key in sorted(merged):
        writer.writerow(merged[key])
    return buf.getvalue()


HEALTH_HEADER = ["station_id", "station_name", "day", "app_version", "free_mb", "items",
                 "objects_checked", "objects_bad", "last_sync", "voice_found", "recent_errors"]


def health_csv(reports: Iterable[VerifiedReport]) -> str:
    """One line of health per report, for the province's overview of its stations."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEALTH_HEADER)
    for r in sorted(reports, key=lambda r: (r.station_id, r.day)):
        h = r.health
        verified = h.get("objects_verified") or {}
        sync = h.get("last_sync")
        sync_text = "; ".join(str(s.get("status_vi", "")) for s in sync) \
            if isinstance(sync, list) else ""
        writer.writerow([
            r.station_id, r.station_name, r.day, h.get("app_version", ""),
            int(h.get("disk", {}).get("free_bytes", 0)) // 2**20,
            h.get("catalog", {}).get("items", ""),
            verified.get("checked", ""),
            len(verified.get("bad", [])) + len(verified.get("missing", [])) if verified else "",
            sync_text, (h.get("voice") or {}).get("found", ""),
            len(h.get("recent_errors", [])),
        ])
    return buf.getvalue()
