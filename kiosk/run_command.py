"""`cafesach run`: start the station on the data folder (demo library on first run).

Screen by default (fullscreen, locked down); `--windowed` for a desk;
`--tour OUT_DIR` photographs every screen and exits; `--terminal` keeps the
old search prompt for a machine with no screen at all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from library.cli import GivenPath, Station, pass_station
from library.errors import ConfigError, InvalidInput, LibraryError, StorageError
from library.paths import DataPaths

if TYPE_CHECKING:  # for the hints only
    from library.catalog import Catalog
    from library.config import Config


def prompt_loop(station: Station) -> None:
    """A terminal search prompt over the catalog (used where no screen is wanted)."""
    from library.search import Search

    catalog = station.catalog
    search = Search(catalog)
    click.echo(f"Café sách 4.0 — {len(catalog)} mục trong thư viện ({station.paths.root})")
    for kind, count in sorted(catalog.kind_counts().items()):
        click.echo(f"  {kind:<12} {count}")
    click.echo("Gõ từ khoá để tìm (không dấu cũng được); Enter trống hoặc Ctrl+D để thoát.")
    while True:
        try:
            query = input("tìm> ").strip()
        except EOFError:  # Ctrl+D: end the prompt's line, so the shell's starts on its own
            click.echo()
            break
        if not query:
            break
        hits = search.search_typed(query, limit=8)
        if not hits:
            click.echo("  Không tìm thấy kết quả.")
        for hit in hits:
            where = f"trang {hit.page}" if hit.page else "thông tin"
            click.echo(f"  {hit.item.title}  [{hit.item.kind_name}, {where}]")
            click.echo(f"      {hit.marked_snippet('«', '»')}")


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise InvalidInput(f"--size must look like 1920x1080, not {text!r}") from None
    if not (320 <= width <= 8000 and 320 <= height <= 8000):
        raise InvalidInput(f"--size {text} is out of range (320..8000 per side)")
    return width, height


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def prepare_qt_environment(*, offscreen: bool) -> None:
    """Set what Qt needs before it starts: a runtime dir, and offscreen rendering if asked.

    `QT_QPA_UPDATE_IDLE_TIME=0`: Qt waits 5 ms by default before painting a
    requested frame, to merge updates; a kiosk answers a touch at once
    instead (animations keep their own timer, so this costs no extra frames).
    """
    os.environ.setdefault("QT_QPA_UPDATE_IDLE_TIME", "0")
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = tempfile.mkdtemp(prefix="cafesach-runtime-")
        os.chmod(runtime, 0o700)
        os.environ["XDG_RUNTIME_DIR"] = runtime
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("QT_QUICK_BACKEND", "software")


#: Start of the stderr line written when the home screen is first on screen.
HOME_SHOWN = "cafesach: home screen shown"
#: Start of the stderr line written when the out-of-service screen is up (`_out_of_service`).
OUT_OF_SERVICE_SHOWN = "cafesach: out-of-service screen shown"
#: Start of the stderr line written when the catalog check's window is up (`_check_on_screen`).
CHECKING_SHOWN = "cafesach: catalog check screen shown"
#: What `_start` returns when the kiosk ended to start again in place (`kiosk.restart`),
#: once it has let go of everything it held; never an exit status.
RESTART = -1
#: SIGTERM came (`systemctl stop`, a reboot): a restart then does not start again.
_STOP_ASKED: list[bool] = []


@click.command("run")
@click.option("--fullscreen/--windowed", default=True, show_default=True,
              help="Fullscreen kiosk (locked down) or a normal window.")
@click.option("--tour", "tour_dir", type=GivenPath(file_okay=False, path_type=Path),
              metavar="DIR",
              help="Walk through every screen, save screenshots and their state here, exit.")
@click.option("--size", "size_text", metavar="WxH",
              help="Window size for --windowed and --tour (the tour adds portrait).")
@click.option("--terminal", is_flag=True,
              help="A search prompt in the terminal instead of the screen.")
@pass_station
def run_command(station: Station, fullscreen: bool, tour_dir: Path | None,
                size_text: str | None, terminal: bool) -> None:
    """Start the reading station (a new data folder gets the demo library, once)."""
    started = time.monotonic()
    from .restart import came_back_from_restart

    restarted = came_back_from_restart()  # read once, before anything inherits it
    size = parse_size(size_text)
    screen = not terminal and tour_dir is None
    if screen and not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        # said before anything is loaded or written: the command does nothing here
        raise InvalidInput("no display here ($DISPLAY/$WAYLAND_DISPLAY unset): "
                           "use --tour OUT_DIR for screenshots or --terminal for a prompt")
    if tour_dir is not None:  # a folder the screenshots cannot go to: said before the tour
        tour_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as held:
        locked_out: LibraryError | None = None  # the data folder itself cannot be opened
        if screen:
            try:
                held.enter_context(one_kiosk(station.paths))
            except AnotherKiosk:  # a technician's second start: refused in one line
                raise
            except LibraryError as exc:
                locked_out = exc
            if not isinstance(locked_out, InvalidInput):
                # (`ensure`'s one InvalidInput: a folder of documents, where nothing of a
                # station's goes, `logs/` neither; the reason reaches the journal)
                held.enter_context(_station_log(station.paths))
        from library.catalog_check import check_asked, check_marked
        from library.station_disk import open_station_catalog

        try:
            if locked_out is not None:
                raise locked_out
            # a config.toml that cannot be read (a typing mistake, another encoding):
            # the screen below says so too, and the station comes back once it is mended
            _ = station.config  # read now, where its error has a screen
            # first: what a cut import left may be what fills the disk, and deleting it
            # writes nothing, so a station it filled opens writable again
            _discard_cut_import(station.paths)
            # a full disk or a read-only mount: the library is shown read-only, not refused
            catalog = open_station_catalog(station.paths)
            # a catalog the last run found damaged inside: checked now, only then; on the
            # screen with a window that says so (up to a minute on a big library)
            if screen and check_asked(station.paths):
                checked = _check_on_screen(station, catalog, fullscreen=fullscreen, size=size)
                if _STOP_ASKED:  # SIGTERM during the check: no kiosk after it
                    raise SystemExit(0)
            else:
                checked = check_marked(catalog, station.paths)
        except LibraryError as exc:
            if not screen:  # the terminal and the tour: the one line and the exit status
                raise
            # a catalog that cannot be opened at all: a screen that says so, not a
            # black one the service starts again every two seconds (`kiosk.out_of_service`)
            code = _out_of_service(station, exc, fullscreen=fullscreen, size=size,
                                   locked=locked_out is None)
        else:
            station.use_catalog(catalog)
            if terminal:
                if station.catalog.refusal is None:  # said once in the log when it is not
                    _load_demo(station)
                prompt_loop(station)
                return
            code = _start_watching_damage(
                station, checked=checked, fullscreen=fullscreen, tour_dir=tour_dir,
                size=size, started=started, attract=restarted)
    if code == RESTART:  # the disk was freed: start again, writable (`kiosk.disk_return`)
        from .restart import restart_in_place

        code = restart_in_place(stop_asked=lambda: bool(_STOP_ASKED))
    sys.exit(code)


def _discard_cut_import(paths: DataPaths) -> None:
    """What an import cut short (power cut, kill) left in `staging/`, deleted before the
    station shows — also on a full disk (where it may be what took the room) and a
    read-only one (where nothing goes, and nothing is said)."""
    staging = paths.staging
    if staging.is_dir() and any(staging.iterdir()):
        from library.repository.importer import recover_if_idle

        recover_if_idle(paths)


def _load_demo(station: Station) -> None:
    """A new station's demo library, loaded once, where the catalog can be written."""
    # the built demo (no MuPDF in this process), once: load_demo decides, so a
    # librarian who removed all of it does not see it come back
    from library.demo import load_demo

    added = load_demo(station.catalog)
    if added:
        click.echo(f"Đã nạp thư viện mẫu: {added} mục.", err=True)


class AnotherKiosk(StorageError):
    """Another kiosk holds the data folder: refused in one line, never out of service."""


def one_kiosk(paths: DataPaths) -> contextlib.AbstractContextManager[None]:
    """Held while a kiosk shows the station: a second one on the same data folder is refused.

    Two kiosks on one library would both play the scheduled bulletins, both sync,
    and fight for the phones' port; on a station the second is usually a
    technician's test start beside the service, so the refusal says how to stop it.
    The kernel lets go when the kiosk ends, however it ends (a crash, kill -9).
    """
    from library.locks import folder_lock

    try:
        paths.ensure()
    except StorageError:
        if not paths.root.is_dir():  # a read-only mount lacking a folder still shows
            raise
    return folder_lock(paths.root, held_by="another kiosk is running on the data folder",
                       error=AnotherKiosk,
                       message_vi="Một trạm khác đang chạy trên thư mục dữ liệu này.",
                       then="close it first (on an installed station: sudo systemctl stop "
                            "cafesach-kiosk)")


def _station_log(paths: DataPaths) -> contextlib.AbstractContextManager[object]:
    """The kiosk's warnings and errors also in `logs/kiosk.log`, where the librarian's
    panel and the health report read them (stderr is the journal, out of their reach).
    Only while it holds the data folder (`one_kiosk`): one writer renames that file."""
    from library.logfile import station_log

    return station_log(paths, "kiosk")


def _start(station: Station, *, fullscreen: bool, tour_dir: Path | None,
           size: tuple[int, int] | None, started: float, attract: bool = False,
           damaged: Callable[[BaseException], bool] = lambda error: False) -> int:
    """Show the kiosk (or tour its screens) until it ends; its exit status. `attract`:
    started again in place (`kiosk.restart`), with nobody at the screen, so the attract
    loop comes at once, right after the home screen's first frame (whose line the start
    time is read by), not an idle timeout later. `damaged(error)`: told every error
    that reaches no handler (a slot's, a background task's logged one); True ends the
    kiosk to start again in place (`_start_watching_damage`)."""
    prepare_qt_environment(offscreen=tour_dir is not None and not has_display())
    from .app import KioskApp
    from .parts import install_parts, station_stats

    stats = station_stats(station.paths, station.config)
    kiosk = KioskApp(station.catalog, config=station.config, paths=station.paths, stats=stats)
    # The parts (handoff, audio, librarian) start after the home screen's first frame, so
    # the visitor sees it sooner; the tour serves nothing on the network (no handoff server).
    parts = {"handoff": {"serve": tour_dir is None}}
    installed: dict[str, object] = {}
    restart: list[bool] = []
    if tour_dir is not None:
        code = _tour(kiosk, tour_dir, size or (1920, 1080),
                     lambda: install_parts(kiosk, options=parts))
    else:
        kiosk.after_first_frame(lambda: _report_shown(started))
        if attract:
            kiosk.after_first_frame(kiosk.idle.attract_now)
        kiosk.after_first_frame(lambda: installed.update(install_parts(kiosk, options=parts)))
        if station.catalog.refusal is not None:  # read-only: back to writing once freed
            from .disk_return import watch_disk

            watch_disk(kiosk, station.paths.root,
                       restart=lambda: (restart.append(True), kiosk.quit()))
        kiosk.show(fullscreen=fullscreen, size=size or (1920, 1080) if not fullscreen else None)
        _quit_on_sigterm(kiosk)
        with _errors_told(damaged, lambda: (restart.append(True), kiosk.quit())):
            code = kiosk.qapp.exec()
        _close_parts(installed)
        kiosk.close()
    close = getattr(stats, "close", None)
    if close is not None:
        close()
    return RESTART if restart else code


def _start_watching_damage(station: Station, *, checked: bool, **options: Any) -> int:
    """The demo library loaded once, then `_start`; a catalog damaged inside met on the
    way (`library.catalog_check`): the mark left and the kiosk started again in place
    (`RESTART`), where the check finds the damage and the station shows it out of
    service, instead of dying at the same query at every start. `checked`: this
    start's catalog just passed that check, so the error came from something it does
    not see; it is then left as it was (logged), not restarted over and over. The
    tour is never restarted: its one-line error and exit status stay."""
    from library.catalog_check import is_damage, mark_for_check

    met: list[BaseException] = []

    def damaged(error: BaseException) -> bool:
        """Mark and ask for the restart, once; True when the kiosk should stop."""
        if checked or met or options.get("tour_dir") is not None or not is_damage(error):
            return False
        met.append(error)
        logging.getLogger(__name__).error(
            "the catalog is damaged inside (%s): the station starts again to check it",
            error)
        return mark_for_check(station.paths)

    try:
        if station.catalog.refusal is None:  # said once in the log when it is not
            _load_demo(station)
        return _start(station, damaged=damaged, **options)
    except Exception as exc:
        if damaged(exc):
            return RESTART
        raise


@contextlib.contextmanager
def _errors_told(damaged: Callable[[BaseException], bool],
                 stop: Callable[[], object]) -> Iterator[None]:
    """While the kiosk runs: an error no code handled — one raised in a slot or a timer
    (Qt hands it to `sys.excepthook`, and goes on), or one logged with its traceback
    (a background task's, `kiosk.tasks`) — is told to `damaged`; True calls `stop`."""
    stopped: list[bool] = []

    def tell(error: BaseException | None) -> None:
        if error is not None and not stopped and damaged(error):
            stopped.append(True)
            stop()

    class Told(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info:
                tell(record.exc_info[1])

    before = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        before(kind, error, tb)
        tell(error)

    handler = Told(logging.ERROR)
    root = logging.getLogger()
    sys.excepthook = hook
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        sys.excepthook = before


def _check_on_screen(station: Station, catalog: Catalog, *, fullscreen: bool,
                     size: tuple[int, int] | None) -> bool:
    """`check_marked`, with the station's window saying that the library is being checked
    meanwhile (`kiosk.out_of_service.CatalogCheck`); its result, or its error raised.
    Returns early on SIGTERM (`_STOP_ASKED`), the check cut short.

    SIGTERM is handled by the window only while it is up: once it has ended, the
    handler from before is put back, so a stop that comes while the kiosk is being
    made (or the out-of-service window) ends the process as it did before the check,
    instead of quitting a window already gone and leaving the kiosk started after it."""
    import signal

    prepare_qt_environment(offscreen=False)
    from library.catalog_check import check_marked

    from .out_of_service import CatalogCheck

    screen = CatalogCheck(lambda: check_marked(catalog, station.paths),
                          config=_config_or_none(station))
    before = signal.getsignal(signal.SIGTERM)
    try:
        screen.show(fullscreen=fullscreen,
                    size=size or (1920, 1080) if not fullscreen else None)
        _quit_on_sigterm(screen)
        click.echo(f"{CHECKING_SHOWN}: the catalog is checked after a fault", err=True)
        screen.exec()
    finally:
        if before is not None:  # None: a handler not set from Python, left alone
            signal.signal(signal.SIGTERM, before)
        screen.close()
    return False if _STOP_ASKED else screen.outcome()


def _config_or_none(station: Station) -> Config | None:
    """The station's settings for a window shown before the kiosk (its language, text
    size, contrast); None, and Vietnamese, when the folder cannot be read."""
    try:
        return station.config
    except (LibraryError, OSError):
        return None


def _out_of_service(station: Station, error: LibraryError, *, fullscreen: bool,
                    size: tuple[int, int] | None, locked: bool) -> int:
    """The out-of-service screen until the catalog opens (`RESTART`: the kiosk starts
    again in place) or the station is stopped (SIGTERM: its exit status). `locked`: this
    process holds the data folder (`one_kiosk`); when it could not even open the folder,
    each try takes the lock first, as the kiosk started anew will."""
    prepare_qt_environment(offscreen=False)
    from library import config as settings
    from library.catalog_check import check_marked
    from library.station_disk import open_station_catalog

    from .out_of_service import RETRY_S, OutOfService

    def try_open() -> None:
        with contextlib.nullcontext() if locked else one_kiosk(station.paths):
            if isinstance(error, ConfigError):  # mended meanwhile?
                settings.Config.load(station.paths.config_file)
            catalog = open_station_catalog(station.paths)
            check_marked(catalog, station.paths)  # a catalog damaged inside stays refused
            catalog.close()

    screen = OutOfService(error, try_open, config=_config_or_none(station))
    screen.show(fullscreen=fullscreen, size=size or (1920, 1080) if not fullscreen else None)
    _quit_on_sigterm(screen)
    # the reason went to the log (the journal too) as the screen was made
    what = "the settings and the catalog are" if isinstance(error, ConfigError) \
        else "the catalog is"
    click.echo(f"{OUT_OF_SERVICE_SHOWN}; {what} tried again every {RETRY_S:.0f} s", err=True)
    code = screen.exec()
    screen.close()
    return RESTART if screen.opened else code


def _close_parts(installed: dict[str, object]) -> None:
    """The audio part's speech worker (a child process) ended as the kiosk ends, not
    left to the interpreter's exit: the kiosk may start again in this very process
    (`kiosk.restart`). The phone server stops at `aboutToQuit` (`kiosk.handoff`)."""
    audio = installed.get("audio")
    close = getattr(audio, "close", None)
    if callable(close):
        try:
            close()
        except (RuntimeError, OSError) as exc:  # its player already gone: the worker too
            logging.getLogger(__name__).warning("the audio part did not close: %s", exc)


def _quit_on_sigterm(kiosk: object) -> None:
    """`systemctl stop`, a shutdown or a reboot send SIGTERM: end as when the librarian
    leaves (the last usage counts written, the workers stopped), not cut off mid-way.

    Python runs a signal handler only when it next gets control, and inside Qt's
    event loop it has none: a light timer gives it some four times a second.
    """
    import signal

    from PySide6.QtCore import QTimer

    def stop(*_: object) -> None:
        _STOP_ASKED.append(True)  # a restart under way (`kiosk.restart`) stops instead
        kiosk.quit()  # type: ignore[attr-defined]

    signal.signal(signal.SIGTERM, stop)
    tick = QTimer(kiosk.qapp)  # type: ignore[attr-defined]
    tick.timeout.connect(lambda: None)
    tick.start(250)


def _report_shown(started: float) -> None:
    """One line on stderr (the station's journal) when visitors can see the home screen.

    Technicians read how long the station took to start; `bench/bundle.py`
    times the frozen and the source start by it.
    """
    click.echo(f"{HOME_SHOWN} {time.monotonic() - started:.2f} s after the run command began",
               err=True)


def _tour(kiosk: object, out_dir: Path, size: tuple[int, int],
          start_parts: Callable[[], object]) -> int:
    from .app import KioskApp
    from .tour import Tour, TourError, orientations

    assert isinstance(kiosk, KioskApp)
    started: list[object] = []
    kiosk.after_first_frame(lambda: started.append(start_parts()))
    kiosk.show(fullscreen=False, size=size)
    try:
        from .touch import wait_until

        wait_until(lambda: bool(started), 30)  # the screenshots show the parts too
        shots = Tour(kiosk, out_dir).run(orientations(*size))
    except TourError as exc:
        click.echo(f"cafesach: error: {exc}", err=True)
        return 1
    finally:
        kiosk.close()
    click.echo(f"{len(shots)} screenshots in {out_dir.resolve()}")
    for shot in shots:
        click.echo(f"  {shot['png']}")
    return 0
