"""A station whose catalog (or settings) cannot be opened at all: a calm «out of
service» screen.

Why: when `open_station_catalog` raises (a damaged `catalog.db`, a catalog of a
newer program, a data folder the kiosk may not read …), `cafesach run` used to
end with one line; the service started it again two seconds later, and the
visitors in the market saw a black screen flashing for as long as nobody came.
Now the kiosk stays up, fullscreen and locked down as always, and says in large
words that the station is out of service and whom to tell; a smaller line gives
the technician the reason and when the catalog was last tried.

A `config.toml` that cannot be read (a typing mistake, a file saved in another
encoding) gets the same screen, its reason naming the file and the mistake.

It tries again every `RETRY_S` seconds. Once the catalog opens (a technician
put a good one back, freed the folder, mended the settings), the window ends and the run command
starts the kiosk again in place (`kiosk.restart`), as after a freed disk.

The reason goes to the station log once (`logs/kiosk.log`, an ERROR), so the
librarian's «Lỗi gần đây» and the health report read it later. The health
report itself needs the catalog, so none is written from here.

The same window, with other words, covers the catalog's check after a fault
(`CatalogCheck`): up to a minute on a big library that had its search index made
again, which a dark screen made look like a dead station.

Only the screen run does this: `--terminal` and `--tour` keep the one-line
error and the non-zero exit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from library.config import Config
from library.errors import ConfigError, LibraryError

# isort: split
from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow

from .app import (
    QML_DIR,
    application,
    config_section,
    find_item,
    load_translation,
    register_fonts,
    station_name,
    text_font,
)
from .lockdown import Lockdown, lock_window
from .tasks import Tasks

log = logging.getLogger(__name__)

#: How often the catalog is tried again while the station is out of service.
RETRY_S = 60.0

#: Raises the `LibraryError` while the catalog still cannot be opened; returns once it
#: opened (having closed it again: the kiosk started anew opens its own).
TryOpen = Callable[[], object]


def reason_line(error: LibraryError) -> str:
    """The technician's line: the error's own Vietnamese when it was given one, else its
    English line (a class's general text, «Không ghi được vào thư viện.», would hide
    that the file is damaged)."""
    own = vars(error).get("message_vi")
    return str(own) if own else str(error)


def tried_at(now: float | None = None) -> str:
    """When the catalog was last tried, as the screen shows it (local time)."""
    return time.strftime("%H:%M:%S %d/%m/%Y", time.localtime(now))


class StationNotice(QObject):
    """A window the station shows by itself, before the kiosk or instead of it
    (`OutOfService.qml`): fullscreen and locked down as the kiosk, in the station's
    language, text size and contrast. `checking` picks its words: the catalog being
    checked after a fault, or the station out of service. `show()` puts it on screen,
    `exec()` runs it until `quit()`.
    """

    def __init__(self, *, config: Config | None, checking: bool) -> None:
        self.qapp = application()
        super().__init__()
        self.quitting = False
        font_family = register_fonts()
        self.qapp.setFont(text_font(font_family))
        language = config.get("station", "language") if config is not None else "vi"
        self.translator = load_translation(self.qapp, str(language or "vi"))
        self.lockdown = Lockdown(self)
        self.engine = QQmlApplicationEngine()
        context = self.engine.rootContext()
        context.setContextProperty("fontFamily", font_family)
        context.setContextProperty("stationName", station_name(config))
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "OutOfService.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the station's notice did not load (see the messages above)")
        self.window: QQuickWindow = roots[0]
        self.lockdown.windows.append(self.window)
        self.qapp.installEventFilter(self.lockdown)
        self.window.setProperty("checking", checking)
        station = config_section(config, "station")
        self.window.setProperty("largeText", bool(station("large_text", False)))
        self.window.setProperty("highContrast", bool(station("high_contrast", False)))

    def show(self, *, fullscreen: bool = True, size: tuple[int, int] | None = None) -> None:
        if size:
            self.window.resize(*size)
        lock_window(self.window, fullscreen=fullscreen)

    def exec(self) -> int:
        """Run until `quit`; its exit status. A `quit` that came before the event loop
        ran (a SIGTERM right as the window showed: Qt ignores a quit with no loop
        running) ends it as soon as it starts, instead of being lost."""
        QTimer.singleShot(0, lambda: self.qapp.quit() if self.quitting else None)
        return self.qapp.exec()

    def quit(self) -> None:
        """End the window (its work is done, or SIGTERM)."""
        self.quitting = True
        self.lockdown.allow_close = True
        self.qapp.quit()

    def close(self) -> None:
        """Let go of the window, its filter and its translation (the process goes on)."""
        self.qapp.removeEventFilter(self.lockdown)
        self.lockdown.allow_close = True
        self.window.close()
        self.engine.clearComponentCache()
        self.window.deleteLater()
        self.engine.deleteLater()
        if self.translator is not None:
            self.qapp.removeTranslator(self.translator)

    def find(self, name: str) -> QQuickItem | None:
        """The QML item with this objectName (tests)."""
        return find_item(self.window.contentItem(), name)


class OutOfService(StationNotice):
    """The out-of-service window and its retry; `show()` puts it on screen.

    `opened` is True once the catalog opened: the window has then quit, and the
    caller starts the kiosk again. `quit()` is the one way out, as the kiosk's.
    """

    def __init__(self, error: LibraryError, try_open: TryOpen, *,
                 config: Config | None = None, retry_s: float | None = None) -> None:
        super().__init__(config=config, checking=False)
        self.try_open = try_open
        self.opened = False
        self._logged: set[str] = set()
        seconds = RETRY_S if retry_s is None else retry_s
        self.window.setProperty("retrySeconds", max(1, round(seconds)))
        self.timer = QTimer(self, interval=max(1, int(seconds * 1000)))
        self.timer.timeout.connect(self.check)
        self._show_failure(error)

    def _show_failure(self, error: LibraryError) -> None:
        """The reason on screen, its time, and in the log once per distinct reason."""
        line = reason_line(error)
        self.window.setProperty("reason", line)
        self.window.setProperty("triedAt", tried_at())
        self.window.setProperty("settingsFailed", isinstance(error, ConfigError))
        said = str(error)
        if said not in self._logged:
            self._logged.add(said)
            what = ("the station's settings cannot be read" if isinstance(error, ConfigError)
                    else "the catalog cannot be opened")
            log.error("%s: %s; the station shows «tạm ngừng phục vụ» and tries again every "
                      "%d s", what, said, self.timer.interval() // 1000)

    def check(self) -> bool:
        """Try the settings and the catalog again; True (and the window quits) once both
        open."""
        try:
            self.try_open()
        except LibraryError as exc:
            self._show_failure(exc)
            return False
        log.warning("the catalog opens again: the station starts anew")
        self.opened = True
        self.quit()
        return True

    def show(self, *, fullscreen: bool = True, size: tuple[int, int] | None = None) -> None:
        super().show(fullscreen=fullscreen, size=size)
        self.timer.start()

    def quit(self) -> None:
        """End the window (the catalog opened, or SIGTERM)."""
        self.timer.stop()
        super().quit()

    def close(self) -> None:
        self.timer.stop()
        super().close()


class CatalogCheck(StationNotice):
    """The catalog's check after a fault (`work`, off the GUI thread: `Tasks.detach`), with a window
    that says so meanwhile: on a big library, making its search index again takes up
    to a minute, and a dark screen for that long reads as a dead station — one a
    technician may switch off mid-way, to meet the same check at the next start.

    The window quits once `work` has returned or raised; `outcome()` then gives its
    result or raises its error, here on the caller's thread. A SIGTERM meanwhile quits
    the window with `work` unfinished (`done` False): SQLite undoes a rebuild cut short
    at the next open, and the next start checks again.
    """

    def __init__(self, work: Callable[[], bool], *, config: Config | None = None) -> None:
        super().__init__(config=config, checking=True)
        self.work = work
        self.done = False
        self._result = False
        self._error: BaseException | None = None
        self.tasks = Tasks(self)

    def _ended(self, result: bool) -> None:
        self._result, self.done = result, True
        self._quit_once()

    def _failed(self, error: BaseException) -> None:
        self._error, self.done = error, True
        self._quit_once()

    def _quit_once(self) -> None:
        """Quit, unless a stop quit already: the check's end, come after it, must not end
        whatever event loop runs by then."""
        if not self.quitting:
            self.quit()

    def show(self, *, fullscreen: bool = True, size: tuple[int, int] | None = None) -> None:
        super().show(fullscreen=fullscreen, size=size)
        self.tasks.detach(self.work, self._ended, self._failed)  # a stop need not wait

    def outcome(self) -> bool:
        """What `work` returned; its error raised again. Only once `done`."""
        if not self.done:
            raise RuntimeError("the catalog check has not ended")
        if self._error is not None:
            raise self._error
        return self._result
