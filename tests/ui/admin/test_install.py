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
