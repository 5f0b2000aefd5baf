"""A librarian panel on its own: AdminPanel.qml in a QQuickView with a real station behind it.

Used by the panel's UI tests and by `python -m tests.ui.admin.harness OUT_DIR [WxH]
[large] [contrast] [freed] [english]`, which renders every screen to PNG for a look (at
1920×1080 unless a size is given; `large`, `contrast`: the station's large text and high
contrast; `english`: the panel in English;
`freed`: a kiosk showing its library read-only whose disk was freed meanwhile, as
«Tình trạng» says it while the kiosk waits for a quiet moment to take up writing).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from library.admin import PinLock
from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths
from library.stats import StatsStore
from library.usb import Stick

PIN = "2468"


# -- finding QML items --------------------------------------------------------------
# Every test of the panel finds its items through these, by objectName, never by a QML
# class name (which changes with a component's file or the Qt version). A handle to an
# item is good only until its screen or list row is made again (`showScreen`, a list
# refreshed, a row scrolled away): find it again after such a change.


def named_under(item: Any, name: str) -> list[Any]:
    """The items called `name` under `item` (itself included), in tree order; delegates
    of lists and repeaters too (they are reached through the visual tree)."""
    from kiosk.app import items_named

    return items_named(item, name)


def one_under(item: Any, name: str) -> Any:
    """The one item called `name` under `item` (a visible one first)."""
    from kiosk.app import find_item

    found = find_item(item, name)
    assert found is not None, f"no QML item {name!r} under {item.objectName() or item}"
    return found


def as_read(text: str) -> str:
    """A shown text as the librarian reads it: the no-break spaces the screen puts where a
    line must not wrap (`wrapping.js`) read as the plain spaces they stand for."""
    return str(text).replace("\u00a0", " ")


def texts_under(item: Any, *names: str) -> list[str]:
    """The texts of the items called one of `names` under `item`, as read (`as_read`)."""
    return [as_read(node.property("text")) for name in names for node in named_under(item, name)]


def label_of(button: Any) -> Any:
    """A KButton's label: the item under it that shows the button's own text (the shared
    KButton gives its label no name)."""
    text = button.property("text")
    stack = list(button.childItems())
    while stack:
        node = stack.pop()
        if node.property("text") == text:
            return node
        stack.extend(node.childItems())
    raise AssertionError(f"no label showing {text!r} in {button.objectName() or button}")


def shown_up_to_a_word(label: Any, whole: str) -> str:
    """What a shortened title label shows, checked to be whole syllables of `whole` plus
    "…" inside its lines: Vietnamese writes one syllable per word, and a cut inside one
    («bán hàn…») reads as another word. The title's distinguishing end («… (kỳ 2)»), if
    kept after the "…", is checked to be its end."""
    shown = label.property("text")
    head, mark, end = shown.rpartition("…")
    assert mark, f"not shortened: {shown!r}"
    assert not end or (end.startswith(" ") and whole.endswith(end)), \
        f"{shown!r} keeps no end of {whole!r}"
    assert head and whole.startswith(head), f"{shown!r} is not the start of {whole!r}"
    rest = whole[len(head):]  # a comma or dash before the cut is dropped with it
    assert rest.lstrip(",;:·-–—(")[:1] == " ", f"cut inside a syllable: {shown!r}"
    assert not label.property("truncated"), f"Qt's elide cut it again: {shown!r}"
    return shown


def scene_rect(item: Any) -> Any:
    """The item's rectangle in the window's coordinates."""
    from PySide6.QtCore import QRectF

    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


class Panel:
    """The view, the controller and the station under it."""

    def __init__(self, paths: DataPaths, catalog: Catalog, *,
                 sticks: Callable[[], list[Stick]] | None = None,
                 today: str = "2026-03-10", size: tuple[int, int] = (1920, 1080)) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtQuick import QQuickView

        from kiosk.admin.panel import PANEL_QML, AdminController
        from kiosk.app import register_fonts
        from kiosk.tasks import Tasks

        self.paths, self.catalog = paths, catalog
        self.config = Config.load(paths.config_file)
        self.today = today
        self.stats = StatsStore.open(paths.root, today=lambda: self.today, flush_interval_s=None)
        self.tasks = Tasks()
        self.stick_list: list[Stick] = []
        #: clock changes asked for (never the real clock of the test machine)
        self.clock_calls: list[datetime] = []
        self._root: Any = None  # see `theme`
        #: the PIN lock's wall clock (seconds): tests move it instead of waiting
        self.wall = [time.time()]
        #: the kiosk's items shut in memory (their flag refused by a full disk)
        self.broken_in_memory = BrokenInMemory()
        self.admin = AdminController(paths, catalog, self.config, self.stats, self.tasks,
                                     sticks=sticks or (lambda: list(self.stick_list)),
                                     set_clock=self._record_clock,
                                     pin_lock=PinLock.open(paths, clock=lambda: self.wall[0]),
                                     broken_in_memory=self.broken_in_memory)
        self.admin._stats._today = lambda: self.today  # the range follows the test's day
        self.admin._stats.setRange("30")
        self.view = QQuickView()
        self.view.rootContext().setContextProperty("admin", self.admin)
        self.view.rootContext().setContextProperty("fontFamily", register_fonts())
        self.view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
        self.view.resize(*size)
        self.view.setSource(QUrl.fromLocalFile(str(PANEL_QML)))
        errors = [e.toString() for e in self.view.errors()]
        if errors:
            raise RuntimeError("AdminPanel.qml: " + "; ".join(errors))
        self.view.show()
        from PySide6.QtTest import QTest

        QTest.qWaitForWindowExposed(self.view)
        self.pump(50)

    def look(self, *, large_text: bool = False, high_contrast: bool = False) -> None:
        """Switch the station's large text and high contrast, as the settings screen saves
        them (the panel follows them as the visitors' screens do)."""
        for key, on in (("large_text", large_text), ("high_contrast", high_contrast)):
            self.config.set("station", key, on)
            self.admin.settings.settingChanged.emit("station", key)
        self.pump(50)

    def _record_clock(self, moment: datetime) -> str:
        self.clock_calls.append(moment)
        return "test"

    @property
    def root(self) -> Any:
        return self.view.rootObject()

    def find(self, name: str) -> Any:
        """The first *visible* QML item called `name` (or any, if none is visible)."""
        from kiosk.app import find_item

        return find_item(self.root, name)

    def read(self, name: str) -> str:
        """The text of the QML item `name` (as `find`), as the librarian reads it (`as_read`)."""
        return as_read(self.find(name).property("text"))

    def theme(self) -> Any:
        """The panel's Theme (sizes and colours it draws with)."""
        from PySide6.QtCore import QObject

        # the root's wrapper is kept: a child found through a wrapper lives only as long
        # as that wrapper does
        self._root = self.root
        theme = self._root.findChild(QObject, "panelTheme")
        assert theme is not None, "no Theme in the panel"
        return theme

    def find_all(self, name: str) -> list[Any]:
        """The visible QML items called `name`."""
        from kiosk.app import items_named

        return [i for i in items_named(self.root, name) if i.isVisible()]

    def tap(self, name: str) -> None:
        from kiosk.touch import tap

        self.pump(20)  # let layouts settle so the item is where it will be drawn
        item = self.find(name)
        assert item is not None, f"no QML item {name!r}"
        if self.scroll_into_view(item):
            self.pump(20)
        tap(self.view, item)

    def scroll_into_view(self, item: Any) -> bool:
        """Scroll the lists and pages holding `item` until it is in sight, as a finger would
        before tapping it (a page's last buttons lie below its fold). Whether anything moved.

        Again until nothing needs to move: a list lays out the rows scrolled into view only
        then, and rows taller than it guessed move the item on by a pixel or more (seen on a
        loaded machine: the panel's clock one pixel under the settings' edge)."""
        from PySide6.QtCore import QRectF

        moved = False
        for _ in range(5):
            shifted = False
            node = item.parentItem()
            while node is not None:
                if node.property("contentY") is not None and node.property("atYEnd") is not None:
                    box = item.mapRectToItem(node, QRectF(0, 0, item.width(), item.height()))
                    shift = (box.top() if box.top() < 0
                             else min(box.top(), box.bottom() - node.height())
                             if box.bottom() > node.height() else 0)
                    if shift:
                        node.setProperty("contentY", node.property("contentY") + shift)
                        shifted = True
                node = node.parentItem()
            if not shifted:
                break
            moved = True
            self.pump(20)
        return moved

    def scroll_to(self, list_name: str, row: int) -> None:
        """Bring row `row` of the ListView `list_name` into view (as a finger would scroll)."""
        from PySide6.QtCore import Q_ARG, QMetaObject

        view = self.find(list_name)
        QMetaObject.invokeMethod(view, "positionViewAtIndex", Q_ARG(int, row), Q_ARG(int, 1))
        self.pump(50)

    def type_pin(self, pin: str) -> None:
        for digit in pin:
            self.tap(f"key_{digit}")
        self.tap("key_OK")

    def unlock(self) -> None:
        if not PinLock.open(self.paths).is_set:
            PinLock.open(self.paths).set_pin(PIN)
            self.admin.pin.lock()
        self.type_pin(PIN)
        assert self.admin.pin.unlocked

    def pump(self, ms: int = 50) -> None:
        from kiosk.touch import pump

        pump(ms)

    def wait(self, condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
        from kiosk.touch import wait_until

        assert wait_until(condition, timeout_s), "timed out"

    def grab(self, path: Path) -> None:
        self.pump(150)
        self.view.grabWindow().save(str(path))

    def close(self) -> None:
        """Tear down on the GUI thread: QML first, then the controllers and their timers."""
        from PySide6.QtCore import QCoreApplication, QEvent, QUrl

        self.wait(lambda: self.tasks.pending == 0)
        self.view.setSource(QUrl())  # the QML goes before the controllers it binds to
        self.view.close()
        self.admin.deleteLater()
        self.view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.tasks.shutdown()
        self.stats.close()


def _render(out: Path, size: tuple[int, int] = (1920, 1080), *, large: bool = False,
            contrast: bool = False, freed: bool = False,
            english: bool = False) -> None:  # pragma: no cover - a look for people
    import tempfile

    from PySide6.QtQuickControls2 import QQuickStyle
    from PySide6.QtWidgets import QApplication

    from library.demo import load_demo

    QQuickStyle.setStyle("Basic")
    app = QApplication(sys.argv[:1])
    if english:  # as `station.language = "en"`
        from kiosk.app import load_translation

        load_translation(app, "en")
    paths = DataPaths(Path(tempfile.mkdtemp()) / "data").ensure()
    catalog = Catalog.open(paths)
    load_demo(catalog)
    stick = Path(tempfile.mkdtemp()) / "USB THU VIEN"
    stick.mkdir()
    (stick / "kho-tinh-2026.zip").write_bytes(b"not really a pack")
    panel = Panel(paths, catalog, size=size)
    panel.stick_list = [Stick(stick, "USB THU VIEN", "/dev/sdb1", "vfat", False, 8 << 30, 5 << 30)]
    panel.look(large_text=large, high_contrast=contrast)
    if freed:  # the kiosk opened read-only (`station_disk`), the disk freed since
        from library.errors import StorageError

        panel.admin.health._read_only_because = StorageError("the disk is full")
    out.mkdir(parents=True, exist_ok=True)
    panel.grab(out / "0-setup.png")
    PinLock.open(paths).set_pin(PIN)
    panel.admin.pin.lock()
    panel.grab(out / "1-pin.png")
    items = [i.id for i in catalog.items()]
    for day in range(1, 11):
        panel.today = f"2026-03-{day:02d}"
        for n, item_id in enumerate(items):
            for _ in range((day * 3 + n * 7) % 11):
                panel.stats.item_viewed(item_id)
        panel.stats.audio_played(items[0])
        panel.stats.qr_shown(items[1])
        panel.stats.search_committed("nuoc mam" if day % 2 else "xe buyt", found=False)
    panel.stats.flush()
    panel.unlock()
    for n, name in enumerate(("content", "shelf", "schedule", "stats", "settings", "health")):
        panel.admin.showScreen(name)
        panel.pump(300)
        if name == "health":
            panel.wait(lambda: panel.admin.health.busy == "")
        panel.grab(out / f"{n + 2}-{name}.png")
        if name == "settings":  # the clock, the keys and the exit, after the settings
            from PySide6.QtCore import QMetaObject

            QMetaObject.invokeMethod(panel.find("settingsList"), "positionViewAtEnd")
            panel.grab(out / f"{n + 2}-{name}-end.png")
    panel.close()
    app.quit()


if __name__ == "__main__":  # pragma: no cover
    _args = sys.argv[2:]
    _size = next((tuple(int(n) for n in a.split("x")) for a in _args if "x" in a), (1920, 1080))
    _render(Path(sys.argv[1]), (_size[0], _size[1]), large="large" in _args,
            contrast="contrast" in _args, freed="freed" in _args, english="english" in _args)
