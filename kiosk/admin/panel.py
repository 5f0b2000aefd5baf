"""The librarian panel's root object: one controller per screen behind one PIN.

QML sees it as the context property ``admin`` (see docs/librarian.md):
``admin.pin``, ``admin.content``, ``admin.shelf``, ``admin.stats``,
``admin.settings``, ``admin.health``, ``admin.posters`` and, when the bulletin schedule is
available, ``admin.schedule``. `install()` wires it into a running
`KioskApp`: the context property, the "librarian" slot, the catalog
refresh after curation or import, the relock setting and the exit request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot

from library.admin import PinLock
from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog
from library.clock import set_system_time
from library.config import Config
from library.paths import DataPaths
from library.stats import StatsStore
from library.usb import Stick, find_sticks

from .content import ContentController
from .health import HealthController
from .pin import PinController
from .posters import PosterController
from .settings import SettingsController
from .shelf import ShelfController
from .statistics import StatsController

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).resolve().parent
PANEL_QML = QML_DIR / "AdminPanel.qml"
SCREENS = ("content", "shelf", "schedule", "stats", "settings", "health")
#: The settings the panel's own look follows (as the visitors' screens do).
LOOK_SETTINGS = (("station", "large_text"), ("station", "high_contrast"))


class AdminController(QObject):
    screenChanged = Signal()
    closeRequested = Signal()
    catalogChanged = Signal()
    lookChanged = Signal()  # large text or high contrast switched

    def __init__(self, paths: DataPaths, catalog: Catalog, config: Config, stats: StatsStore,
                 tasks: Any, *, sticks: Callable[[], list[Stick]] = find_sticks,
                 set_clock: Callable[[datetime], str] = set_system_time,
                 pin_lock: PinLock | None = None,
                 broken_in_memory: BrokenInMemory | None = None,
                 parent: QObject | None = None) -> None:
        """`pin_lock` is the station's own (`PinLock.open(paths)`) unless a test brings one
        with its own clock, so waits after wrong PINs pass without sleeping.
        `broken_in_memory`: the kiosk's items shut in memory (`KioskApp.broken_in_memory`),
        which «Tình trạng» lists with the flagged ones."""
        super().__init__(parent)
        self._paths, self._catalog, self._config = paths, catalog, config

        def stick_folders() -> list[Path]:
            # writable sticks first: exports and reports go to the first one, and a
            # write-protected stick (a pack stick, an SD card's lock) must not take them
            return [s.path for s in sorted(sticks(), key=lambda s: s.read_only)]

        self._pin = PinController(pin_lock or PinLock.open(paths),
                                  relock_after_s=float(config.get("admin", "relock_after_s")),
                                  stick_folders=stick_folders, parent=self)
        self._content = ContentController(paths, catalog, config, tasks, sticks=sticks,
                                          parent=self)
        self._shelf = ShelfController(catalog, self)
        # posters go onto the stick chosen on the «Nạp nội dung» screen, where they are made
        self._posters = PosterController(paths, catalog, tasks,
                                         stick=self._content.selected_stick,
                                         today=config.running_today, parent=self)
        self._stats = StatsController(stats, catalog, config.running_today, tasks,
                                      station_name=str(config.get("station", "name")),
                                      stick_folders=stick_folders,
                                      counting=lambda: bool(config.get("admin", "stats_enabled")),
                                      parent=self)
        self._settings = SettingsController(config, catalog, stick_folders=stick_folders,
                                            set_clock=set_clock, parent=self)
        self._health = HealthController(paths, config, stats, tasks,
                                        stick_folders=stick_folders,
                                        read_only_because=getattr(catalog, "refusal", None),
                                        broken_in_memory=broken_in_memory, parent=self)
        self._schedule = _schedule_controller(catalog, config, self,
                                              broken_in_memory=broken_in_memory)
        self._screen = "content"
        self._display: Any = None  # the kiosk's large text and contrast (`follow_display`)
        self._content.catalogChanged.connect(self.catalogChanged)
        self._content.catalogChanged.connect(self._shelf.refresh)
        self._shelf.catalogChanged.connect(self.catalogChanged)
        self.catalogChanged.connect(self._posters.refresh)  # the counts on its buttons
        # what the poster box said of a stick goes with it, as the screen's other stick lines
        self._content.stickSelected.connect(self._posters.stickChanged)
        self._settings.settingChanged.connect(self._setting_changed)
        self._pin.unlockedChanged.connect(self._unlocked_changed)
        # Relocked for lack of touch (or a PIN prompt left alone): the screen goes back to
        # the visitors; the PIN pad must not stand in their way until someone taps «Đóng».
        self._pin.expired.connect(self.close)

    def _setting_changed(self, section: str, key: str) -> None:
        if (section, key) == ("admin", "relock_after_s"):
            self._pin.set_relock_after(float(self._config.get("admin", "relock_after_s")))
        if self._display is None and (section, key) in LOOK_SETTINGS:
            self.lookChanged.emit()

    def follow_display(self, display: Any) -> None:
        """Take large text and high contrast from the kiosk's `Display`, as the visitors'
        screens do: the station's settings when it starts, a saved setting at once, and
        the top bar's switches the librarian may have tapped before opening the panel."""
        self._display = display
        display.changed.connect(self.lookChanged)
        self.lookChanged.emit()

    def _look(self, name: str, key: str) -> bool:
        """The kiosk's `Display` once followed; standing alone, the saved setting."""
        if self._display is not None:
            return bool(self._display.property(name))
        return bool(self._config.get("station", key))

    def _unlocked_changed(self) -> None:
        content_shown = self._pin.unlocked and self._screen == "content"
        self._content.setWatching(content_shown)
        if self._pin.unlocked:
            self.showScreen(self._screen)

    # -- properties -------------------------------------------------------------
    def _p_pin(self) -> QObject:
        return self._pin

    pin = Property(QObject, _p_pin, constant=True)

    def _p_content(self) -> QObject:
        return self._content

    content = Property(QObject, _p_content, constant=True)

    def _p_shelf(self) -> QObject:
        return self._shelf

    shelf = Property(QObject, _p_shelf, constant=True)

    def _p_stats(self) -> QObject:
        return self._stats

    stats = Property(QObject, _p_stats, constant=True)

    def _p_posters(self) -> QObject:
        return self._posters

    posters = Property(QObject, _p_posters, constant=True)

    def _p_settings(self) -> QObject:
        return self._settings

    settings = Property(QObject, _p_settings, constant=True)

    def _p_health(self) -> QObject:
        return self._health

    health = Property(QObject, _p_health, constant=True)

    def _p_schedule(self) -> QObject | None:
        return self._schedule

    schedule = Property(QObject, _p_schedule, constant=True)

    def _p_has_schedule(self) -> bool:
        return self._schedule is not None

    hasSchedule = Property(bool, _p_has_schedule, constant=True)

    def _p_large_text(self) -> bool:
        return self._look("largeText", "large_text")

    #: The station's large-text mode (`station.large_text`): the panel's theme follows it.
    largeText = Property(bool, _p_large_text, notify=lookChanged)

    def _p_high_contrast(self) -> bool:
        return self._look("highContrast", "high_contrast")

    #: The station's high-contrast mode (`station.high_contrast`), as `largeText`.
    highContrast = Property(bool, _p_high_contrast, notify=lookChanged)

    def _p_screen(self) -> str:
        return self._screen

    screen = Property(str, _p_screen, notify=screenChanged)

    # -- actions --------------------------------------------------------------------
    @Slot(str)
    def showScreen(self, name: str) -> None:
        if name not in SCREENS or (name == "schedule" and self._schedule is None):
            return
        self._screen = name
        self._content.setWatching(name == "content" and self._pin.unlocked)
        self._settings.setWatching(name == "settings" and self._pin.unlocked)
        refresh = {"content": self._posters.refresh,
                   "shelf": self._shelf.refresh, "stats": self._stats.refresh,
                   "settings": self._settings.refresh, "health": self._health.refresh}
        if name in refresh:
            refresh[name]()
        if name == "schedule" and self._schedule is not None:
            self._schedule.refresh()
        self.screenChanged.emit()

    @Slot()
    def close(self) -> None:
        """Lock and leave the panel (the kiosk unloads it)."""
        self._content.setWatching(False)
        self._settings.setWatching(False)
        self._pin.lock()
        self._pin.stop()
        self.closeRequested.emit()


def _schedule_controller(catalog: Catalog, config: Config, parent: QObject, *,
                         broken_in_memory: BrokenInMemory | None = None) -> QObject | None:
    """The bulletin schedule editor, when the speech part provides `library.schedule`."""
    try:
        from .schedule import ScheduleController
    except ImportError as exc:
        log.info("no bulletin schedule editor: %s", exc)
        return None
    return ScheduleController(catalog, config, parent=parent,
                              broken_in_memory=broken_in_memory)


def install(app: Any, *, stats: StatsStore | None = None) -> AdminController:
    """Add the librarian panel to a running `KioskApp` (its `librarian` slot)."""
    if app.paths is None:
        raise ValueError("the librarian panel needs the station's data folder")
    config = app.config if app.config is not None else Config.load(app.paths.config_file)
    store = stats if stats is not None else (
        app.stats if isinstance(app.stats, StatsStore)
        else StatsStore.open(app.paths.root, today=config.running_today))
    admin = AdminController(app.paths, app.catalog, config, store, app.tasks,
                            broken_in_memory=getattr(app, "broken_in_memory", None), parent=app)
    app.engine.rootContext().setContextProperty("admin", admin)
    # read off the GUI thread: the lists after a sync of 25,000 items take up to a second
    admin.catalogChanged.connect(app.refresh_lists)
    admin.settings.exitRequested.connect(app.quit)
    if getattr(app, "display", None) is not None:  # the visitors' large text and contrast
        admin.follow_display(app.display)
    if hasattr(app, "apply_setting"):  # what the visitors see follows a saved setting at once
        admin.settings.settingChanged.connect(
            lambda section, key: app.apply_setting(section, key, config.get(section, key)))
    _connect_test_play(app, admin)
    if getattr(app.catalog, "refusal", None) is None:  # a data disk that takes writes
        app.tasks.run(lambda: _make_station_key(app.paths), failure=_station_key_not_made)
    app.slots.set_source("librarian", QUrl.fromLocalFile(str(PANEL_QML)))
    return admin


def _make_station_key(paths: Any) -> bool:
    """The station's report key, made at its first start (`report.ensure_station_key`);
    off the GUI thread, where importing the report's cryptography would cost ~60 ms."""
    from library.report import ensure_station_key

    return ensure_station_key(paths)


def _station_key_not_made(exc: BaseException) -> None:
    log.warning("the station's report key was not made (%s); the first report makes it", exc)


def _connect_test_play(app: Any, admin: AdminController) -> None:
    """«Nghe thử» plays through the kiosk's broadcaster (`kiosk.audio`) when it is installed;
    «Dừng» stops it there, and its end clears the panel's «Đang phát thử…»."""
    schedule = admin.schedule
    broadcast = app.engine.rootContext().contextProperty("broadcast")
    if schedule is None or broadcast is None or not hasattr(broadcast, "playNow"):
        log.info("no broadcaster: the schedule's test play stays silent")
        return

    def play(item_ids: list[str]) -> None:
        for item_id in item_ids:
            broadcast.playNow(item_id)

    # The broadcaster reads the schedule only when told it may have changed: here after
    # the librarian's edit (an import or sync commits in a child process, which the
    # catalog watch reports: `kiosk.audio.install`).
    if hasattr(broadcast, "reload"):
        schedule.saved.connect(broadcast.reload)
    schedule.testPlayRequested.connect(play)
    if hasattr(broadcast, "stopNow"):
        schedule.testStopRequested.connect(broadcast.stopNow)
    if hasattr(broadcast, "ended"):
        broadcast.ended.connect(schedule.testPlayEnded)
    schedule.attach_player()
