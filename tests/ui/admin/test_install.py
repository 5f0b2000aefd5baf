"""The panel inside the real kiosk: the hidden corner opens the PIN prompt in the librarian slot."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_hidden_gesture_opens_the_pin_prompt(kiosk, qtbot) -> None:
    from PySide6.QtCore import QUrl

    from kiosk.admin.panel import install
    from kiosk.touch import pump, tap, wait_until
    from library.stats import StatsStore

    store = StatsStore.open(kiosk.paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
    admin = install(kiosk, stats=store)
    try:
        assert kiosk.slots.librarian.toLocalFile().endswith("AdminPanel.qml")
        assert kiosk.engine.rootContext().contextProperty("admin") is admin
        kiosk.slots.requestLibrarian()
        assert wait_until(lambda: kiosk.find("pinPrompt") is not None
                          and kiosk.find("pinPrompt").isVisible())
        assert admin.pin.mode in {"setup", "enter"}
        with qtbot.waitSignal(admin.closeRequested, timeout=2000):
            pump(50)
            tap(kiosk.window, kiosk.find("cancelPin"))
        assert wait_until(lambda: kiosk.find("pinPrompt") is None
                          or not kiosk.find("pinPrompt").isVisible())
    finally:
        kiosk.slots.set_source("librarian", QUrl())
        admin.catalogChanged.disconnect()
        store.close()


@pytest.fixture
def installed(kiosk):
    """The panel installed in the shared kiosk, with a PIN set; taken out again afterwards."""
    from PySide6.QtCore import QUrl

    from kiosk.admin.panel import install
    from library.admin import PinLock
    from library.stats import StatsStore

    from .harness import PIN

    PinLock.open(kiosk.paths).set_pin(PIN)
    store = StatsStore.open(kiosk.paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
    admin = install(kiosk, stats=store)
    yield admin
    admin.pin.stop()
    kiosk.window.setProperty("librarianOpen", False)
    kiosk.slots.set_source("librarian", QUrl())
    admin.catalogChanged.disconnect()
    store.close()


def panel_shown(kiosk) -> bool:
    found = kiosk.find("adminPanel")
    return found is not None and found.isVisible()


def test_idle_reset_gives_the_screen_back_to_visitors(kiosk, installed) -> None:
    from kiosk.touch import pump, wait_until

    from .harness import PIN

    kiosk.slots.requestLibrarian()  # a visitor held the corner by accident...
    assert wait_until(lambda: panel_shown(kiosk))
    kiosk.idle.idle_timer.timeout.emit()  # ...and walked away
    pump(100)
    assert not panel_shown(kiosk) and not kiosk.window.property("librarianOpen")

    kiosk.slots.requestLibrarian()  # a librarian opened it and was called away
    assert wait_until(lambda: panel_shown(kiosk))
    installed.pin.submit(PIN)
    assert installed.pin.unlocked
    kiosk.idle.idle_timer.timeout.emit()
    pump(100)
    assert not panel_shown(kiosk) and not installed.pin.unlocked  # closed, and locked


def test_relock_closes_the_panel_in_the_kiosk(kiosk, installed) -> None:
    from kiosk.touch import pump, wait_until

    from .harness import PIN

    kiosk.slots.requestLibrarian()
    assert wait_until(lambda: panel_shown(kiosk))
    installed.pin.submit(PIN)
    assert installed.pin.unlocked
    installed.pin.relock_timer.timeout.emit()  # no touch for the relock time
    pump(100)
    assert not installed.pin.unlocked
    assert not panel_shown(kiosk) and not kiosk.window.property("librarianOpen")


def test_the_panel_stays_usable_while_a_test_play_is_on_air(kiosk, installed) -> None:
    """«Nghe thử» plays under the bulletin banner, which takes every tap on it; the panel
    must stay above it, with «Dừng», and say nothing more once the playback ended."""
    from PySide6.QtCore import Property, QObject, QRectF, Signal, Slot

    from kiosk.admin.panel import _connect_test_play
    from kiosk.audio import _add_banner
    from kiosk.touch import pump, tap, wait_until
    from library.schedule import Schedule, save_schedule
    from library.schedule import Slot as TimeSlot

    from .harness import PIN

    class Broadcast(QObject):
        changed = Signal()
        ended = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.played: list[str] = []
            self.stops = 0

        def _active(self) -> bool:
            return bool(self.played)

        active = Property(bool, _active, notify=changed)
        banner = Property(str, lambda self: "Bản tin", constant=True)
        player = Property(QObject, lambda self: None, constant=True)

        @Slot(str)
        def playNow(self, item_id: str) -> None:
            self.played.append(item_id)
            self.changed.emit()

        @Slot()
        def stopNow(self) -> None:
            self.stops += 1
            self.finish()

        def finish(self) -> None:
            self.played.clear()
            self.changed.emit()
            self.ended.emit()

    broadcast = Broadcast()
    context = kiosk.engine.rootContext()
    context.setContextProperty("broadcast", broadcast)
    _connect_test_play(kiosk, installed)
    banner = _add_banner(kiosk)
    bulletin = kiosk.catalog.items(kind="bulletin")[0].id
    save_schedule(kiosk.catalog, Schedule((TimeSlot("06:00", (bulletin,)),)), source="local")
    try:
        kiosk.slots.requestLibrarian()
        assert wait_until(lambda: panel_shown(kiosk))
        installed.pin.submit(PIN)
        installed.showScreen("schedule")
        pump(200)
        tap(kiosk.window, kiosk.find("testPlay"))
        assert broadcast.played == [bulletin]
        # the banner as tall as the window: whatever it covers, the panel is above it
        banner.setProperty("height", kiosk.window.height())
        pump(100)
        assert banner.isVisible()
        stop = kiosk.find("stopTestPlay")
        assert stop.isVisible()
        box = stop.mapRectToScene(QRectF(0, 0, stop.width(), stop.height()))
        assert QRectF(banner.x(), banner.y(), banner.width(), banner.height()).intersects(box)
        tap(kiosk.window, stop)
        assert broadcast.stops == 1 and not installed.schedule.testPlaying
        assert "dừng" in kiosk.find("scheduleMessage").property("text")

        tap(kiosk.window, kiosk.find("testPlay"))  # again, and this time it plays to the end
        assert kiosk.find("scheduleMessage").property("text") == "Đang phát thử…"
        broadcast.finish()
        pump(50)
        assert kiosk.find("scheduleMessage").property("text") == ""
        assert not kiosk.find("stopTestPlay").isVisible()
    finally:
        save_schedule(kiosk.catalog, Schedule(()), source="local")
        banner.setParentItem(None)
        banner.deleteLater()
        context.setContextProperty("broadcast", None)


def test_the_panel_in_the_kiosk_follows_its_large_text_and_contrast(kiosk, installed) -> None:
    """The panel drew in small, light text whatever the station's modes were."""
    from PySide6.QtCore import QObject

    from kiosk.touch import pump, wait_until

    display = kiosk.display
    was = (display.largeText, display.highContrast)
    kiosk.slots.requestLibrarian()
    try:
        assert wait_until(lambda: panel_shown(kiosk))
        panel = kiosk.find("adminPanel")  # held: a child found through it lives with it
        theme = panel.findChild(QObject, "panelTheme")
        display.largeText, display.highContrast = True, True  # the top bar's switches
        pump(20)
        assert theme.property("largeText") and theme.property("highContrast")
        display.largeText, display.highContrast = False, False
        pump(20)
        assert not theme.property("largeText") and not theme.property("highContrast")
    finally:
        display.largeText, display.highContrast = was
        kiosk.idle.idle_timer.timeout.emit()
        pump(100)


def test_the_panel_makes_the_stations_report_key_at_start(kiosk) -> None:
    """Made while the disk has room, so a report can be signed after it filled."""
    from PySide6.QtCore import QUrl

    from kiosk.admin.panel import install
    from kiosk.touch import wait_until
    from library.report import STATION_KEY, STATION_PUB
    from library.stats import StatsStore

    for name in (STATION_KEY, STATION_PUB):
        (kiosk.paths.keys / name).unlink(missing_ok=True)
    store = StatsStore.open(kiosk.paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
    admin = install(kiosk, stats=store)
    try:
        assert wait_until(lambda: (kiosk.paths.keys / STATION_KEY).exists()
                          and kiosk.tasks.pending == 0)
        assert (kiosk.paths.keys / STATION_PUB).exists()
    finally:
        kiosk.slots.set_source("librarian", QUrl())
        admin.catalogChanged.disconnect()
        store.close()
