"""Self-test: named checks that each say pass, fail or skip in one line.

Why it exists: a technician installs a station in a commune with nobody to
ask. `cafesach selftest` (also inside the frozen bundle) tells them in one
screen whether this PC can show, search, render, speak and hand off — and
the build runs it on every `make test`, so a module left out of the bundle
fails there and not at the station.

The core registers its checks here; the kiosk registers its Qt checks from
`kiosk/selftest_checks.py` when `selftest` runs, so the core never loads Qt.
Checks of optional features import their module inside the check: a
feature missing from a build is a SKIP line (`Skipped`), never a crash of
the whole self-test.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import DataPaths, owner_hint

MIN_FREE_BYTES = 200 * 1024 * 1024
#: Words every text check uses: marks, đ, and a tone on a capital.
VIETNAMESE_PROBE = "Đảng viên chuyển đổi số"
#: Seconds a check that starts a process (worker, zbarimg) may take.
PROCESS_TIMEOUT_S = 30.0


class Skipped(Exception):
    """The feature a check tests is not part of this build; not a failure."""


class Warned(Exception):
    """The station works, but needs the technician (room to free): a WARN line, no failure.

    `install.sh` reads a non-zero exit as a broken install; a station that shows its
    library on a nearly full disk is not one, yet the technician must read what to free.
    """


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float
    skipped: bool = False
    #: `Warned`: ok (exit status 0), and said as WARN
    warned: bool = False

    @property
    def status(self) -> str:
        if self.skipped:
            return "SKIP"
        return "WARN" if self.warned else "PASS" if self.ok else "FAIL"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "status": self.status.lower(),
                "detail": self.detail, "seconds": round(self.seconds, 3)}


Check = Callable[[DataPaths], str]  # returns a detail line; raises on failure
_CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Decorator: add a check under `name` (later registrations replace earlier)."""

    def wrap(func: Check) -> Check:
        _CHECKS[name] = func
        return func

    return wrap


def checks() -> dict[str, Check]:
    return dict(_CHECKS)


def run_checks(paths: DataPaths, only: list[str] | None = None) -> list[CheckResult]:
    """Run every registered check (or those named in `only`), in registration order."""
    if only:
        unknown = sorted(set(only) - set(_CHECKS))
        if unknown:
            from .errors import InvalidInput
            from .plural import noun

            raise InvalidInput(f"unknown {noun(len(unknown), 'check')}: {', '.join(unknown)}; "
                               f"known: {', '.join(_CHECKS)}")
    results = []
    for name, func in _CHECKS.items():
        if only and name not in only:
            continue
        start = time.perf_counter()
        skipped = warned = False
        try:
            detail = func(paths)
            ok = True
        except Skipped as exc:
            detail, ok, skipped = str(exc), True, True
        except Warned as exc:
            detail, ok, warned = str(exc), True, True
        except Exception as exc:  # a check's failure is its result, whatever it was
            detail = failure_line(exc)
            ok = False
        results.append(CheckResult(name, ok, " ".join(detail.split()),
                                   time.perf_counter() - start, skipped, warned))
    return results


def failure_line(exc: Exception) -> str:
    """What a failed check says: its own words for a failure it describes (a check's
    RuntimeError, the library's errors), the exception's name too for any other."""
    from .errors import LibraryError

    if type(exc) is RuntimeError or isinstance(exc, LibraryError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def format_results(results: list[CheckResult]) -> str:
    width = max((len(r.name) for r in results), default=0)
    lines = [f"{r.status}  {r.name:<{width}}  {r.detail}" for r in results]
    from .plural import noun

    passed = sum(r.ok and not r.skipped and not r.warned for r in results)
    skipped = sum(r.skipped for r in results)
    warned = [r.name for r in results if r.warned]
    summary = f"{passed}/{len(results)} checks passed"
    if warned:
        summary += f", {len(warned)} {noun(len(warned), 'warning')}"
    if skipped:
        summary += f", {skipped} skipped"
    failed = [r.name for r in results if not r.ok]
    if failed:
        summary += f"; FAILED: {', '.join(failed)}"
        if warned:
            summary += f"; WARN: {', '.join(warned)}"
    elif warned:
        summary += (f"; the station works: read the WARN {noun(len(warned), 'line')} "
                    f"({', '.join(warned)})")
    else:
        summary += "; station OK"
    lines.append(summary)
    return "\n".join(lines)


# -- helpers ------------------------------------------------------------------------------
def optional_module(name: str, feature: str) -> Any:
    """Import a feature's module, or raise `Skipped` when this build does not have it.

    Only a *missing* module skips: a module that exists but fails to import
    is a real failure and is reported as one.
    """
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        raise Skipped(f"{feature} is not part of this build")
    return importlib.import_module(name)


#: A self-test's scratch folder or probe file older than this is what a self-test killed
#: mid-run left (a whole self-test takes under a minute); a younger one may be another
#: self-test's, running now.
LEFTOVER_AFTER_S = 3600.0


def clear_leftovers(paths: DataPaths) -> list[Path]:
    """Delete the scratch folders (`cache/selftest-*`) and probe files (`.selftest-*`)
    that a self-test killed mid-run left, older than `LEFTOVER_AFTER_S`; return them.

    Nothing else ever removes them: a killed self-test does not reach its `finally`,
    and each left a rendered page cache and a speech sample behind.
    """
    old = time.time() - LEFTOVER_AFTER_S
    removed = []
    for leftover in [*paths.cache.glob("selftest-*"), *paths.root.glob(".selftest-*")]:
        try:
            if leftover.lstat().st_mtime > old:
                continue
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        except OSError:
            continue  # another user's, or gone meanwhile: left for its owner
        removed.append(leftover)
    return removed


@contextmanager
def scratch_dir(paths: DataPaths) -> Iterator[Path]:
    """A temporary folder inside the data dir's cache (removed afterwards, or by the
    next self-test's `clear_leftovers` when this one is killed)."""
    paths.ensure()
    clear_leftovers(paths)
    folder = Path(tempfile.mkdtemp(prefix="selftest-", dir=paths.cache))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def probe_pdf(path: Path) -> Path:
    """A one-page PDF with Vietnamese text in the bundled font (the documents check's input)."""
    import pymupdf

    from .paths import font_files

    fonts = font_files()
    if not fonts:
        raise RuntimeError("bundled font missing (assets/fonts)")
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_font(fontname="vn", fontfile=str(fonts[0]))
    page.insert_text((20, 60), VIETNAMESE_PROBE, fontname="vn", fontsize=16)
    doc.save(path)
    doc.close()
    return path


# -- core checks -------------------------------------------------------------------------
@register("data-dir")
def _data_dir_writable(paths: DataPaths) -> str:
    paths.ensure()
    clear_leftovers(paths)
    try:
        with tempfile.NamedTemporaryFile(dir=paths.root, prefix=".selftest-") as fh:
            fh.write(b"ok")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # said of the folder and its owner, not of a temporary name
        raise RuntimeError(f"{paths.root} is not writable: {exc.strerror or exc}"
                           f"{owner_hint(paths.root)}") from exc
    return f"{paths.root} is writable"


@register("config")
def _config_values(paths: DataPaths) -> str:
    """config.toml reads, and holds no value the running station would quietly replace.

    The kiosk keeps going on a misspelt `station.time_zone` (it counts and
    plays bulletins in Asia/Ho_Chi_Minh) or an unknown `station.language`
    (it stays in Vietnamese) rather than leave visitors with a dead screen;
    here the technician reads which value is wrong, in one line.
    """
    from .config import DEFAULTS, LANGUAGES, Config
    from .errors import ConfigError

    config = Config.load(paths.config_file)  # a wrong type or broken TOML fails here
    wrong = []
    try:
        _ = config.time_zone  # raises for a zone that does not exist
    except ConfigError:
        wrong.append(f"station.time_zone {config.get('station', 'time_zone')!r} is not a "
                     f"known time zone (the station keeps {DEFAULTS['station']['time_zone']})")
    language = config.get("station", "language")
    if language not in LANGUAGES:
        wrong.append(f"station.language {language!r} is not one of {', '.join(LANGUAGES)} "
                     "(the kiosk stays in Vietnamese)")
    unknown = unknown_settings(config.as_dict())
    if unknown:
        one = len(unknown) == 1
        wrong.append(f"{', '.join(unknown)} {'is not a setting' if one else 'are not settings'} "
                     f"of this version (misspelt? the station ignores {'it' if one else 'them'}; "
                     "README lists the settings)")
    if wrong:
        raise RuntimeError(f"{paths.config_file}: " + "; ".join(wrong))
    where = paths.config_file if paths.config_file.exists() else "defaults (no config.toml)"
    return f"{where}: time zone {config.get('station', 'time_zone')}, language {language}"


def unknown_settings(data: dict[str, Any]) -> list[str]:
    """`section.key` names in the settings that no part of the station reads.

    A misspelt key (`idle_timout_s`, `[stations]`) is not an error to TOML nor to
    the kiosk, which simply runs on the default: only here does the technician
    learn that the line they wrote changes nothing.
    """
    from .config import DEFAULTS

    names = []
    for section, keys in data.items():
        if section not in DEFAULTS or not isinstance(keys, dict):
            names.append(section)
            continue
        names.extend(f"{section}.{key}" for key in keys if key not in DEFAULTS[section])
    return names


@register("free-disk")
def _free_disk(paths: DataPaths) -> str:
    """Room for packs, updates and the page cache. Too little on a station that already
    holds its library (an update) is a WARN: it shows that library on a full disk too
    (`library.station_disk`), and what the technician must do is free space. On a new
    station, with no library yet, it is a FAIL: there is nothing to show, and no room to
    take the province's library, so the install is not done."""
    paths.ensure()
    free = shutil.disk_usage(paths.root).free
    if free < MIN_FREE_BYTES:
        short = (f"only {free // 2**20} MiB free (need {MIN_FREE_BYTES // 2**20} for packs, "
                 "updates and the page cache)")
        if not _holds_a_library(paths):
            raise RuntimeError(f"{short}: a new station has no library yet and no room to "
                               "take one; free some space on this disk, or install on a "
                               "larger one")
        raise Warned(f"{short}: free some space on this disk")
    return f"{free // 2**20} MiB free"


def _holds_a_library(paths: DataPaths) -> bool:
    """Whether the station's catalog already holds items (a station updated, not a new
    one), read without writing a byte (`connect_read_only`): the disk may be full. No
    catalog, or one set up with no item in it: a new station. One there that cannot be
    read now (its `-wal` to be copied on a full disk) is taken as a library: the
    `catalog` check says what is wrong with it, this one only what space is short."""
    from .catalog import connect_read_only
    from .errors import LibraryError

    try:
        if paths.catalog_db.stat().st_size == 0:
            return False
    except OSError:
        return False  # none yet
    try:
        conn, copy = connect_read_only(paths.catalog_db)
    except (LibraryError, OSError, sqlite3.Error):
        return True
    try:
        return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM items)").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()
        if copy is not None:
            copy.cleanup()


@register("catalog")
def _catalog_opens_and_searches(paths: DataPaths) -> str:
    """The catalog opens as the kiosk opens it (`open_station_catalog`): on a disk with
    too little room to upgrade it after an update, from a copy upgraded in memory, never
    by trying the upgrade in place, and said as a WARN with what to free."""
    from .catalog import Catalog, Item
    from .search import Search
    from .station_disk import open_station_catalog

    paths.ensure()
    with open_station_catalog(paths) as catalog:
        count = len(catalog)
        refusal = catalog.refusal
        try:  # the station's own index answers too (one made by an early build may not)
            Search(catalog).search("dang vien", limit=1)
        except sqlite3.Error as exc:
            raise RuntimeError(f"{count} items, but searching them fails ({exc}): the "
                               f"search index in {paths.catalog_db} is damaged or from an early "
                               "build") from exc
    with Catalog(memory=True) as probe:
        probe.put(Item(id="selftest", title="Chuyển đổi số", kind="book"), ["Đảng viên"])
        search = Search(probe)
        if not search.search("chuyen doi so"):
            raise RuntimeError("search found nothing in a test catalog")
        if not search.search("dang vien"):
            raise RuntimeError("full-text search found nothing in a test catalog")
    if refusal is not None:
        raise Warned(_read_only_line(paths, count, refusal))
    return f"{count} items; search works (chuyen doi so → Chuyển đổi số)"


def _read_only_line(paths: DataPaths, count: int, refusal: Exception) -> str:
    """The catalog check's WARN for a station that shows its `count` items but writes
    nothing: for want of room to upgrade its catalog after an update, with the numbers
    (`station_disk.upgrade_room`, `resume_free_bytes`), else the refusal's own line — also
    on a folder that cannot be written at all, where freeing space would not help."""
    from .paths import disk_free
    from .sizes import human_size
    from .station_disk import READ_ONLY, resume_free_bytes, unwritable, upgrade_room

    need = upgrade_room(paths)
    if not need:
        return f"the station shows its {count} items but writes nothing: {refusal}"
    if unwritable(paths.root) == READ_ONLY:
        return (f"the station shows its {count} items from a copy of its catalog upgraded "
                f"in memory but writes nothing: {refusal}")
    free = disk_free(paths.root)
    shown = human_size(free, "en") if free is not None else "too little"
    return (f"catalog upgrade needs {human_size(need, 'en')}, {shown} free: the station "
            f"shows its library ({count} items) from a copy upgraded in memory and writes "
            f"nothing until {human_size(resume_free_bytes(paths), 'en')} are free; free "
            "space on this disk (the data folder's cache/ and staging/ can go), the station "
            "then upgrades the catalog by itself")


@register("demo")
def _demo_library_intact(paths: DataPaths) -> str:
    demo = optional_module("library.demo", "the demo library")
    folder = demo.demo_dir()
    manifest = demo.verify_demo(folder)
    return f"{len(manifest['items'])} demo items intact in {folder}"


def _spawn_probe(conn: Any) -> None:
    """Runs in a spawned child: report that the frozen executable re-entered correctly."""
    conn.send((os.getpid(), bool(getattr(sys, "frozen", False))))


@register("spawn")
def _spawn_works(paths: DataPaths) -> str:
    """Workers (documents, speech, the kiosk's imports) start with the spawn method, also in
    the frozen app: probed the way they are started (`library.children`)."""
    from .children import end_child, spawn_child

    child, conn = spawn_child(_spawn_probe, name="cafesach-selftest", duplex=False)
    try:
        if not conn.poll(PROCESS_TIMEOUT_S):
            raise RuntimeError(f"the spawned worker did not answer within "
                               f"{PROCESS_TIMEOUT_S:g} s")
        pid, frozen = conn.recv()
    finally:
        end_child(child, conn, 5)
    if pid == os.getpid():
        raise RuntimeError("the child reported the parent's pid")
    return f"spawned a worker process (pid {pid}, frozen={frozen})"


@register("documents")
def _document_renders(paths: DataPaths) -> str:
    """A page renders and its Vietnamese text reads back through the document worker."""
    documents = optional_module("library.documents", "the document worker")
    with scratch_dir(paths) as folder:
        pdf = probe_pdf(folder / "probe.pdf")
        with documents.DocumentEngine(cache_dir=folder / "cache", timeout_s=20.0) as engine:
            page = engine.render(pdf, 1, 300, 200).result(PROCESS_TIMEOUT_S)
            text = "".join(engine.text(pdf, 1).result(PROCESS_TIMEOUT_S))
            pid = engine.worker_pid()
        if "Đảng" not in text:
            raise RuntimeError(f"the worker read back {text[:40]!r}")
        if not page.width or not page.height or len(page.data) < page.height * page.width:
            raise RuntimeError(f"the worker rendered a {page.width}×{page.height} page")
        return f"the worker (pid {pid}) rendered {page.width}×{page.height} and read Vietnamese"


@register("qr")
def _qr_round_trip(paths: DataPaths) -> str:
    """A QR code encodes, and (with zbarimg installed) decodes back to the same text."""
    qr = optional_module("library.qr", "QR codes")
    payload = "https://cafesach.vn/i/selftest?t=Đảng-viên"
    code = qr.make_qr(payload)
    if code.payload != payload:
        raise RuntimeError(f"the code holds {code.payload!r}")
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        return f"encoded version {code.version}-{code.level} (zbarimg not installed: not decoded)"
    with scratch_dir(paths) as folder:
        image = folder / "qr.png"
        image.write_bytes(code.png(scale=6))
        out = subprocess.run([zbarimg, "--raw", "-q", "-Sbinary", str(image)],
                             capture_output=True, timeout=PROCESS_TIMEOUT_S)
    decoded = out.stdout.decode("utf-8", "replace").rstrip("\n")
    if out.returncode != 0 or decoded != payload:
        raise RuntimeError(f"zbarimg read {decoded!r} (exit {out.returncode})")
    return f"encoded version {code.version}-{code.level}; zbarimg read it back"


# -- the command ---------------------------------------------------------------------------
def _selftest_command() -> Any:
    """Build the click command here, so importing this module for `register` needs no click."""
    import click

    from .cli import emit_json, pass_station

    @click.command("selftest")
    @click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
    @click.option("--only", multiple=True, metavar="NAME",
                  help="Run only this check (repeatable).")
    @pass_station
    def selftest(station: Any, as_json: bool, only: tuple[str, ...]) -> None:
        """Check that this station works: data folder, catalog, documents, voice, QR, screen.

        Prints PASS, WARN (the station works, but something must be done: free
        space), FAIL or SKIP (a feature not in this build) per check and exits with
        status 1 when any check failed; warnings alone exit with 0.
        """
        results = run_checks(station.paths, list(only) or None)
        if as_json:
            emit_json([r.to_json() for r in results])
        else:
            click.echo(format_results(results))
        if not all(r.ok for r in results):
            raise SystemExit(1)  # the console script's exit status

    return selftest


selftest_command = _selftest_command()



# -- feature modules that register their own checks ---------------------------------------
#: Imported when this module loads. Add a line for a feature's own checks module;
#: a module missing from a build is left out, one that fails to import becomes a
#: failing check, so the self-test itself always runs.
CHECK_MODULES = (
    "library.speech.checks",  # "speech": a Vietnamese voice reads through the worker
    "library.handoff.checks",  # "handoff": the phone server serves a file on 127.0.0.1
    "library.repository.checks",  # "repository": staging leftovers, synced files, status
)


def _load_check_modules() -> None:
    for name in CHECK_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                continue
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # the feature is not in this build
            _register_broken(name, exc)
        except Exception as exc:  # report it as a check, never crash the self-test
            _register_broken(name, exc)


def _register_broken(module: str, exc: Exception) -> None:
    message = f"{type(exc).__name__}: {exc}"

    def broken(paths: DataPaths) -> str:
        raise RuntimeError(f"cannot load its checks ({module}): {message}")

    register(module.rsplit(".", 2)[-2])(broken)


_load_check_modules()
