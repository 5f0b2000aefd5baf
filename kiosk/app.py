"""The kiosk application: QApplication, fonts, translations, QML engine, wiring.

`KioskApp` builds the whole station around one catalog: the controllers
(Python, behaviour) are handed to QML as context properties, QML (layout and
animation) is loaded from `kiosk/qml/Main.qml`. Tests, the tour and the
benchmark build a `KioskApp` the same way `cafesach run` does.

Language: the QML and Python source strings are Vietnamese (the visitors'
language, and the default); `i18n/cafesach_en.qm` translates them to English
when `station.language = "en"`.
"""

from __future__ import annotations

import logging
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The core before Qt: PySide6 reads the source of every module imported after it
# (its `__feature__` import hook), ~40 ms of each launch for sqlite-utils and dateutil.
from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog
from library.config import DEFAULTS, Config
from library.errors import LibraryError
from library.paths import DataPaths, emoji_font_files, font_files
from library.stats import NullSink, StatsSink

# isort: split
from PySide6.QtCore import QCoreApplication, QObject, QTimer, QTranslator, QUrl, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtWidgets import QApplication

from .controllers.browse import BrowseController, BrowsePage, BrowseQuery, read_page
from .controllers.idle import MIN_IDLE_S, IdleWatch, held_within
from .controllers.navigation import Navigation
from .controllers.reader import ReaderController
from .controllers.search import DEFAULT_SCHEME, SearchController, TypedText
from .controllers.settings import Display, Volume
from .controllers.slots import CornerHold, Slots
from .controllers.visit import HomeLists, Visit, home_lists
from .controllers.watch import CatalogWatch
from .images import CoverFiles, PageProvider, PosterProvider, page_image
from .lockdown import Lockdown, lock_window
from .memory import pin_mmap_threshold, trim_heap
from .models.collections import CollectionsModel
from .models.items import use_cover_files
from .tasks import Tasks

if TYPE_CHECKING:  # the engine module loads when the first document opens, not at launch
    from library.documents.api import DocumentEngine

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).with_name("qml")
I18N_DIR = Path(__file__).with_name("i18n")
FALLBACK_FAMILY = "Noto Sans"
#: Rendered pages the engine keeps in this process (about ten screen-sized pages); the
#: disk cache holds the rest. Keeps the kiosk's memory flat after many documents.
PAGE_MEMORY_CACHE_MB = 32
#: After the idle reset, this long (the screens' parts the visitor used are deleted and
#: the fades are over; nobody is at the screen) before the memory they held is given back.
TIDY_AFTER_RESET_MS = 2000
#: Between two lists put on the screens after a commit elsewhere (`KioskApp._lists_read`):
#: a frame, so each list's new cards are drawn in a frame of their own.
LIST_STEP_MS = 16


def application() -> QApplication:
    """The process' QApplication (a widgets app: QML charts need one)."""
    # Plain controls we style ourselves, no platform look. Said through the environment
    # Qt reads when Controls start, not QQuickStyle: its Python module is one more load.
    os.environ["QT_QUICK_CONTROLS_STYLE"] = "Basic"
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("cafesach")
        app.setApplicationDisplayName("Café sách 4.0")
    return app  # type: ignore[return-value]


def register_fonts() -> str:
    """Register the bundled fonts (Qt wheels ship none); return the family to use.

    The bundled colour emoji font (titles and bulletins carry 🎉, 📢, ⚠️) is
    registered as well, never as the text font: Qt draws emoji sequences with
    its emoji families, and the text family lists it as its first fallback, so
    a bare ⚠ or ❤ (no U+FE0F) is drawn in colour too, not by whatever font the
    machine happens to have — or as an empty box where it has none.
    """
    families = add_font_files(font_files())
    if not families:
        log.warning("bundled font not found; text may lack Vietnamese marks")
    family = families[0] if families else FALLBACK_FAMILY
    for emoji in register_emoji_fonts():
        if emoji.casefold() not in (name.casefold() for name in QFont.substitutes(family)):
            QFont.insertSubstitution(family, emoji)
    return family


def text_font(family: str) -> QFont:
    """The station's text font: `family`, its outlines drawn as they are, not hinted.

    Why: hinting moves a glyph's outline onto whole pixels, and the tilde of «ẽ ã õ
    ĩ ũ ỹ ữ» is under a pixel tall at the sizes of cards and labels (15–27 px at
    1366×768 and 1920×1080). Qt's software renderer (the offscreen tour, the
    screenshots, a station without OpenGL) drew it as a flat bar: «sẽ» read «sē»,
    «đã» read «đā». Unhinted, the wave stays; stems are a shade softer, which
    nobody reads at arm's length. The OpenGL renderer draws the wave either way.
    Set as the application's font, so every QML text inherits it.
    """
    font = QFont(family)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def register_emoji_fonts() -> list[str]:
    """Register the bundled emoji font as Qt's emoji family; its family names."""
    names = add_font_files(emoji_font_files())
    for name in names:
        if name not in QFontDatabase.applicationEmojiFontFamilies():
            QFontDatabase.addApplicationEmojiFontFamily(name)
    if not names:
        log.warning("bundled emoji font not found; emoji may show as empty boxes")
    return names


def add_font_files(paths: list[Path]) -> list[str]:
    """Register font files with Qt; the family names of those it could load, in order."""
    families: list[str] = []
    for path in paths:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families


def load_translation(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translation for `language` (Vietnamese needs none: it is the source)."""
    if language == "vi":
        return None
    translator = QTranslator(app)
    if translator.load(f"cafesach_{language}", str(I18N_DIR)):
        app.installTranslator(translator)
        return translator
    log.warning("no translation for %r; staying in Vietnamese", language)
    return None


def config_section(config: Config | None, section: str) -> Callable[[str, Any], Any]:
    """`get(key, default)` for one section: the config's value, or `default` without a config."""
    if config is None:
        return lambda key, default: default
    return lambda key, default: config.get(section, key)


def station_name(config: Config | None, value: Any = None) -> str:
    """The name the visitor screens show: `value` (or `station.name`), on one line;
    the default name when it is empty, so the top bar never shows a bare cup."""
    if value is None and config is not None:
        value = config.get("station", "name")
    name = unicodedata.normalize("NFC", " ".join(str(value or "").split()))
    return name or str(DEFAULTS["station"]["name"])


def station_engine(paths: DataPaths | None, config: Config | None) -> DocumentEngine:
    """The document engine for this station (its page cache in the data folder)."""
    from library.documents.api import DocumentEngine as Engine
    from library.documents.api import set_default_engine

    engine = Engine.for_station(config, cache_dir=paths.cache if paths else None,
                                memory_cache_mb=PAGE_MEMORY_CACHE_MB)
    set_default_engine(engine)
    return engine


def items_named(root: QQuickItem, name: str) -> list[QQuickItem]:
    """Every item under `root` (itself included) with this objectName, in tree order.

    Walks the visual tree: delegates made by views and repeaters have a
    visual parent but not always a QObject parent, so `findChild` misses them.
    """
    out: list[QQuickItem] = []
    stack = [root]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            out.append(item)
        stack.extend(reversed(item.childItems()))
    return out


def find_item(root: QQuickItem, name: str) -> QQuickItem | None:
    """The item under `root` with this objectName, a visible one first."""
    found = items_named(root, name)
    visible = [item for item in found if item.isVisible()]
    return (visible or found or [None])[0]


class KioskApp(QObject):
    """The station's UI around one catalog. `show()` puts it on screen."""

    def __init__(self, catalog: Catalog, *, config: Config | None = None,
                 paths: DataPaths | None = None,
                 engine: Callable[[], DocumentEngine] | None = None,
                 stats: StatsSink | None = None, language: str | None = None) -> None:
        self.qapp = application()
        super().__init__()
        self.catalog = catalog
        self.config = config
        self.paths = paths
        self.stats: StatsSink = stats or NullSink()
        station = config_section(config, "station")
        self.font_family = register_fonts()
        self.qapp.setFont(text_font(self.font_family))
        self.translator = load_translation(self.qapp, language or station("language", "vi"))

        self.covers = CoverFiles(catalog.objects)
        use_cover_files(self.covers)
        self.tasks = Tasks(self)
        self.pages = PageProvider()
        self.nav = Navigation(self)
        self.browse = BrowseController(catalog, self)
        self.search = SearchController(catalog, stats=self.stats, parent=self)
        self._own_engine = engine is None
        #: Items found broken whose flag the disk refused: one set for the reader, «Nghe»,
        #: the loudspeaker and the panel's list (`library.broken_in_memory`).
        self.broken_in_memory = BrokenInMemory()
        self.reader = ReaderController(catalog, engine or (lambda: station_engine(paths, config)),
                                       self.tasks, self.pages, stats=self.stats,
                                       broken_in_memory=self.broken_in_memory, parent=self)
        self.find_input = TypedText(self)
        self.find_input.textChanged.connect(lambda: self.reader.find(self.find_input.text))
        self.visit = Visit(catalog, self.nav, self.browse, self.search, self.reader,
                           stats=self.stats, parent=self)
        self.collections = CollectionsModel(catalog, self)
        self.visit.itemGone.connect(self.reload_lists)  # a card tapped after it went
        self.watch = CatalogWatch(catalog, parent=self)  # `cafesach add`, imports, the sync
        self.watch.changed.connect(self.refresh_lists)  # read on the task thread
        self._lists_reading = False  # a `refresh_lists` read is on the task thread
        self._lists_again = False  # the catalog changed while it was read: read again
        self._lists_stale = False  # `reload_lists` ran meanwhile: its result is older
        #: The lists read, not yet on the screens: one goes in per frame (`_show_next_list`).
        self._lists_to_show: list[Callable[[], Any]] = []
        self._list_timer = QTimer(self, singleShot=True, interval=LIST_STEP_MS)
        self._list_timer.timeout.connect(self._show_next_list)
        self.display = Display(large_text=bool(station("large_text", False)),
                               high_contrast=bool(station("high_contrast", False)), parent=self)
        self.volume = Volume(int(station("volume", 80)), self)
        self.slots = Slots(self)
        self.idle = IdleWatch(float(station("idle_timeout_s", 90)),
                              float(station("attract_after_s", 30)), self)
        self.idle.busy.append(self._video_playing)
        self.idle.reset.connect(self.reset)
        self.tidy_timer = QTimer(self, singleShot=True, interval=TIDY_AFTER_RESET_MS)
        self.tidy_timer.timeout.connect(self.give_back_memory)
        self.idle.attract.connect(self._attract)
        self.idle.woke.connect(self._woke)
        #: After a tap that changed the screen (or left the attract loop), the rest of its
        #: double tap does nothing on the new screen (`_shield`).
        self.tap_shield = QTimer(self, singleShot=True,
                                 interval=QGuiApplication.styleHints().mouseDoubleClickInterval())
        self.tap_shield.timeout.connect(lambda: self._shield(False))
        self.nav.screenChanged.connect(self._screen_changed)
        self.lockdown = Lockdown(self)

        self.engine = QQmlApplicationEngine()
        self.engine.addImageProvider("page", self.pages)
        self.engine.addImageProvider("poster", PosterProvider(self._poster, self._item_cover))
        context = self.engine.rootContext()
        for name, obj in {
            "nav": self.nav, "visit": self.visit, "browse": self.browse,
            "search": self.search, "reader": self.reader, "display": self.display,
            "volume": self.volume, "slots": self.slots, "collections": self.collections,
            "findInput": self.find_input,
        }.items():
            context.setContextProperty(name, obj)
        context.setContextProperty("fontFamily", self.font_family)
        #: The station's name on the visitor screens (`station.name`); `apply_setting`
        #: sets it again when the librarian saves a new one.
        context.setContextProperty("stationName", station_name(config))
        #: `(section, key, value)` callbacks of the parts (audio…) for a saved setting.
        self.setting_hooks: list[Callable[[str, str, Any], None]] = []
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the kiosk's QML did not load (see the messages above)")
        self.window: QQuickWindow = roots[0]  # a QQuickWindow because QtQuick is imported
        self._first_frame_seen = False
        self._after_first_frame: list[Callable[[], Any]] = []
        # A slot of this object: Qt queues the call to the GUI thread when the render
        # thread emits it (an explicit connection type would need PySide's `Qt` enums,
        # ~25 ms, before the first frame).
        self.window.frameSwapped.connect(self._on_first_frame)
        self.corner = CornerHold(self.slots, self.window, self)
        self.lockdown.windows.append(self.window)
        # The event filters go in once the home screen is on screen: the first event a
        # Python filter sees makes PySide set up every Qt class and enum it has loaded
        # (~30 ms), which the visitor should not wait for before seeing the home screen.
        self.after_first_frame(self._filter_events)
        # Page buffers are made when a document opens, after this; pinning needs ctypes
        # (~3 ms to load), which the home screen does not.
        self.after_first_frame(pin_mmap_threshold)

    def _filter_events(self) -> None:
        """Idle watch, lockdown and the corner hold see every event from now on."""
        for watcher in (self.idle, self.lockdown, self.corner):
            self.qapp.installEventFilter(watcher)

    def set_language(self, language: str) -> None:
        """Switch the screens' language at once (`vi` or `en`)."""
        if self.translator is not None:
            self.qapp.removeTranslator(self.translator)
        self.translator = load_translation(self.qapp, language)
        # Texts the models build in Python (a card's kind, a collection's title) are read
        # again by loading the lists anew; qsTr texts follow `retranslate`.
        self.reload_lists()
        self.visit.detailChanged.emit()
        self.engine.retranslate()

    @Slot()
    def reload_lists(self) -> None:
        """Every list on the visitor screens again, as the catalog holds it now: after an
        import or sync, a change made from a terminal (noticed by the watch, or by a tap
        on an item that went), or a switch of language."""
        self.watch.catch_up()  # what this reload reads, the watch need not report again
        self._lists_stale = self._lists_reading
        self.collections.refresh()
        self.visit.refresh()
        self.browse.reload()
        self.search.refresh()

    @Slot()
    def refresh_lists(self) -> None:
        """`reload_lists` without stalling the screen: what the catalog watch calls when
        another process committed (a sync of 25,000 items, `cafesach add`).

        Why: the lists' queries sort the whole catalog (the newest, the featured,
        the tags of the newest 400); after a sync of 25,000 items they took
        0.2–1.3 s of the GUI thread (`bench/sync_stall.py`, docs/performance.md),
        a frozen screen. Here they run on the task
        thread, on a connection of their own, and only the rows each screen shows
        (the first page of each list, the counts) are swapped into the models on
        the GUI thread. A commit landing during the read reads again, so the lists
        end with the newest catalog; until then they show the catalog as it was
        (a tap on an item gone meanwhile still finds it gone: `Visit.itemGone`).
        """
        path = self.catalog.path
        if path is None:  # a catalog in memory (tests): no second connection to read it
            self.reload_lists()
            return
        self.watch.catch_up()
        if self._lists_reading:
            self._lists_again = True
            return
        self._lists_reading, self._lists_again, self._lists_stale = True, False, False
        query, rows = self.browse.query(), self.browse.model.rowCount()
        self.tasks.run(lambda: read_lists(path, query, rows), self._lists_read,
                       self._lists_failed)

    @property
    def lists_reading(self) -> bool:
        """A `refresh_lists` read has not reached the screens yet (tests, the bench wait)."""
        return self._lists_reading

    def _lists_read(self, lists: VisitorLists) -> None:
        """Put the lists read on the screens, one list per frame, the visitor's screen first.

        Why not all at once: swapping every list in, and the frame after it (each
        screen's cards taking their new items, new cards made where a list grew),
        held the GUI thread for 0.1–0.3 s after a big sync, every screen's part in
        one frame, though the visitor sees one screen (docs/performance.md, "The
        lists' reload after a big commit"). `lists_reading` stays true until the
        last list is in."""
        def show_page() -> None:
            if not self.browse.show_page(lists.browse):
                self.browse.reload()  # the visitor opened another list meanwhile

        steps = {"browse": show_page,
                 "tiles": lambda: self.collections.show_counts(lists.kind_counts),
                 "home": lambda: self.visit.show_home(lists.home),
                 "search": self.search.refresh}
        first = {"home": ("tiles", "home"), "attract": ("home",), "search": ("search",),
                 "browse": ("browse",)}.get(self.nav.screen, ())
        order = [*first, *(name for name in steps if name not in first)]
        self._lists_to_show = [steps[name] for name in order]
        self._show_next_list()

    def _show_next_list(self) -> None:
        """One list read into its model; the next after a frame (`LIST_STEP_MS`)."""
        if self._lists_again:  # the catalog changed again meanwhile: these are old already
            self._lists_to_show, self._lists_reading = [], False
            self.refresh_lists()
            return
        if self._lists_stale:  # `reload_lists` put a newer catalog on screen meanwhile
            self._lists_to_show, self._lists_reading = [], False
            return
        if self._lists_to_show:
            self._lists_to_show.pop(0)()
        if self._lists_to_show:
            self._list_timer.start()
        else:
            self._lists_reading = False

    def _lists_failed(self, error: BaseException) -> None:
        """The read failed (the catalog busy or gone): read on this thread as before."""
        self._lists_reading = False
        log.warning("reading the visitor lists off the screen failed: %s", error)
        self.reload_lists()

    # -- life ---------------------------------------------------------------------
    def show(self, *, fullscreen: bool = True, size: tuple[int, int] | None = None) -> None:
        if size:
            self.window.resize(*size)
        lock_window(self.window, fullscreen=fullscreen)
        self.idle.start()
        # Start the document worker once the home screen is up, so the first page opens fast.
        QTimer.singleShot(300, self.reader.warm_up)

    def after_first_frame(self, fn: Callable[[], Any]) -> None:
        """Call `fn` once the window has shown its first frame (work a visitor can wait for)."""
        if self._first_frame_seen:
            QTimer.singleShot(0, fn)
        else:
            self._after_first_frame.append(fn)

    @Slot()
    def _on_first_frame(self) -> None:
        """The first frame is on screen: build the other screens, then run what waited for it.

        Runs on the GUI thread (queued there when the render thread swaps); the
        work is posted, so none of it runs inside the frame's swap.
        """
        if self._first_frame_seen:
            return
        self._first_frame_seen = True
        self.window.frameSwapped.disconnect(self._on_first_frame)
        for fn in (self._preload, *self._after_first_frame):
            QTimer.singleShot(0, fn)
        self._after_first_frame.clear()

    def _preload(self) -> None:
        self.window.setProperty("preload", True)

    def quit(self) -> None:
        """The one way out (the librarian panel calls it after the PIN)."""
        self.lockdown.allow_close = True
        self.tasks.shutdown()
        self.qapp.quit()

    def close(self) -> None:
        """Tear down (tests): remove filters, delete the QML engine."""
        self.watch.stop()
        self._list_timer.stop()
        self.idle.stop()
        self.tidy_timer.stop()
        self.tap_shield.stop()
        self.qapp.removeEventFilter(self.idle)
        self.qapp.removeEventFilter(self.lockdown)
        self.qapp.removeEventFilter(self.corner)
        self.lockdown.allow_close = True
        self.window.close()
        # The QML goes first: bindings must not outlive the controllers they read.
        self.engine.clearComponentCache()
        self.window.deleteLater()
        self.engine.deleteLater()
        from PySide6.QtCore import QCoreApplication, QEvent
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.tasks.shutdown()
        if self._own_engine:
            self.reader.shutdown()
        if self.translator is not None:
            self.qapp.removeTranslator(self.translator)

    def reset(self) -> None:
        """Idle reset: home, document closed, search/history/zoom cleared, audio stopped.

        The next visitor also finds the station's own volume, unmuted, and the
        default typing mode: a previous visitor's mute would otherwise silence
        the scheduled bulletins too, and a switched keyboard would type wrong.
        The volume is read from the settings now, so a librarian's change holds.
        """
        self.volume.stopAll.emit()
        self._shield(False)  # a new visitor: no double tap of the last one is pending
        self.station_volume()
        self.visit.forget()
        self.find_input.clear()
        self.search.scheme = DEFAULT_SCHEME
        self.find_input.scheme = DEFAULT_SCHEME
        self.display.reset()
        if self.config is not None:  # the defaults as the librarian set them since the start
            station = config_section(self.config, "station")
            self.display.largeText = bool(station("large_text", False))
            self.display.highContrast = bool(station("high_contrast", False))
        self.tidy_timer.start()

    def station_volume(self) -> None:
        """The station's own volume, unmuted: what the next visitor finds (the idle reset)
        and what a bulletin goes on air at (the loudspeaker is the market's: a visitor's
        mute just before 06:00 must not silence the 06:00 bulletin for everyone). Read from
        the settings now, so a librarian's change holds."""
        try:
            level = int(config_section(self.config, "station")(
                "volume", DEFAULTS["station"]["volume"]))
        except (TypeError, ValueError):
            level = int(DEFAULTS["station"]["volume"])
        self.volume.level = level
        self.volume.muted = False

    def apply_setting(self, section: str, key: str, value: Any) -> None:
        """A setting just saved on the librarian panel, applied now where the visitors see it.

        The panel says «Đã lưu.» without "after a restart" for these, so the station must
        not go on with the value it started with: the station's name, the home-screen
        timeout, the volume and the text size and contrast the next visitor finds (and the
        librarian, on closing the panel, sees at once). The parts' own settings (the
        voice of «Nghe») go to their `setting_hooks`.
        """
        for hook in self.setting_hooks:  # the parts' own settings (the voice, …)
            try:
                hook(section, key, value)
            except (LibraryError, OSError, TypeError, ValueError) as exc:
                log.warning("%s.%s = %r not applied: %s", section, key, value, exc)
        if section != "station":
            return
        try:
            if key == "name":
                self.engine.rootContext().setContextProperty(
                    "stationName", station_name(None, value))
            elif key == "idle_timeout_s":
                held = held_within("station.idle_timeout_s", float(value), MIN_IDLE_S)
                self.idle.idle_timer.setInterval(int(held * 1000))
            elif key == "volume":
                self.volume.level = int(value)
            elif key == "large_text":
                self.display.largeText = bool(value)
            elif key == "high_contrast":
                self.display.highContrast = bool(value)
        except (TypeError, ValueError) as exc:
            log.warning("station.%s = %r not applied: %s", key, value, exc)

    def give_back_memory(self) -> None:
        """Between visitors: QML's garbage collected, the C heap's free pages returned,
        and the document worker told to let go of the visitor's documents.

        Why: each visitor leaves JavaScript garbage and freed blocks in holes of
        the heap that neither QML nor glibc hands back by itself; a station up
        for weeks would creep upwards with them (`bench/soak.py`, docs/performance.md).
        The worker keeps decoded pictures of every document read until its store
        is full, near its memory limit all day; it lets go in its own process,
        behind any page asked meanwhile.
        """
        self.reader.rest_engine()
        self.engine.collectGarbage()
        trim_heap()

    def _video_playing(self) -> bool:
        """A video (or a recording opened in the reader) is playing: not idle."""
        if self.reader.mode != "video":
            return False
        view = self.find("videoView")
        player = view.property("item") if view is not None else None
        return bool(player is not None and player.property("playing"))

    def _attract(self) -> None:
        self.idle.set_attracting(True)
        self.nav.show_attract()

    def _woke(self) -> None:
        """A touch left the attract loop: home, and the rest of that touch's double tap
        (a hurried visitor tapping «Chạm để bắt đầu» twice) opens nothing under the finger.
        Called before the touch reaches the screens (`IdleWatch` filters the application's
        events), so it ends on the shield too. Only when the loop is what shows: left some
        other way, the touch is an ordinary one."""
        if self.nav.screen == "attract":
            self._shield(True)
        self.nav.home()

    def _screen_changed(self) -> None:
        """A tap changed the screen: the rest of its double tap must not act on the new one.

        Why: from a touchscreen Qt takes a second tap on another item than the first as a
        tap of its own, so a hurried double tap on a collection opened a card of it, one on
        a result or on «Đọc» opened the reader or zoomed its page. A screen changed by a
        timer (the idle reset) or a script is no tap: nothing is shielded then."""
        if self.idle.lifting:
            self._shield(True)

    def _shield(self, on: bool) -> None:
        """Taps end on the window's `tapShield` for a double tap's time (or no more)."""
        self.window.setProperty("tapShield", on)
        if on:
            self.tap_shield.start()
        else:
            self.tap_shield.stop()

    def _object_path(self, sha: str) -> Path | None:
        store = self.catalog.objects
        try:
            path = store.path(sha) if store is not None else None
        except (ValueError, LibraryError):
            return None
        return path if path is not None and path.is_file() else None

    def _poster(self, poster_id: str, width: int, height: int) -> QImage | None:
        """Page 1 of `<file sha>/<cover sha>` drawn at the size shown (off the GUI thread).

        A tall page (a scroll poster) fitted whole would be a thin column of
        stripes: its top is shown instead, drawn at the box's width and cut to
        the box's shape, where the poster's title usually stands.
        """
        from library.documents import is_tall

        path = self._object_path(poster_id.split("/", 1)[0])
        if path is None:
            return None
        engine = self.reader.engine()
        try:
            sizes = engine.info(path).result(timeout=15).page_sizes
            if sizes and is_tall(*sizes[0], width, height):
                top = page_image(engine.render_band(path, 1, width, 0).result(timeout=15))
                return top.copy(0, 0, top.width(),
                                min(top.height(), round(top.width() * height / width)))
            page = engine.render(path, 1, width, height).result(timeout=15)
        except (LibraryError, TimeoutError, OSError):
            return None
        return page_image(page)

    def _item_cover(self, poster_id: str) -> Path | None:
        return self.covers.path(poster_id.split("/", 1)[1] if "/" in poster_id else None)

    # -- looking inside (tests, tour) ------------------------------------------------
    def find(self, name: str) -> QQuickItem | None:
        """The QML item with this objectName, a visible one first."""
        return find_item(self.window.contentItem(), name)

    def find_all(self, name: str) -> list[QQuickItem]:
        return items_named(self.window.contentItem(), name)

    def screens_ready(self) -> bool:
        """True once every screen has been built (they load right after the first frame)."""
        return all(self.find(f"{name}Screen") is not None
                   for name in ("home", "browse", "search", "detail", "reader", "attract"))

    def state(self) -> dict[str, Any]:
        """What is on screen now, in words a test can check."""
        return {
            "screen": self.nav.screen,
            "history": self.nav.history,
            "query": self.search.text,
            "raw_query": self.search.raw,
            "results": self.search.resultCount,
            "browse": {"kind": self.browse.kind, "tag": self.browse.tag,
                       "order": self.browse.order, "count": self.browse.model.rowCount()},
            "detail": self.visit.detail.get("itemId", ""),
            "reader": self.reader.state(),
            "large_text": self.display.largeText,
            "high_contrast": self.display.highContrast,
            "size": [self.window.width(), self.window.height()],
            "orientation": "portrait" if self.window.height() > self.window.width()
            else "landscape",
        }


@dataclass(frozen=True)
class VisitorLists:
    """What `refresh_lists` reads on the task thread for the screens."""

    kind_counts: dict[str, int]
    home: HomeLists
    browse: BrowsePage


def read_lists(path: Path, query: BrowseQuery, rows: int) -> VisitorLists:
    """Read every visitor list from the catalog at `path` on a connection of its own
    (the task thread's: the kiosk's connection stays the GUI thread's), read-only: it
    writes nothing, so it opens on a full disk too (`library.station_disk`)."""
    with Catalog(path, read_only=True) as own:
        return VisitorLists(own.kind_counts(), home_lists(own), read_page(own, query, rows))


def primary_screen_size() -> tuple[int, int]:
    screen = QGuiApplication.primaryScreen()
    geometry = screen.geometry() if screen else None
    return (geometry.width(), geometry.height()) if geometry else (1920, 1080)
