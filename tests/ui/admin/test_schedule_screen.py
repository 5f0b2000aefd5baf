"""Bản tin: add, switch off, delete and test-play the station's own broadcast times."""

from __future__ import annotations

import pytest

from library.schedule import DAY_SETS, Schedule, Slot, load_schedule, save_schedule

from .harness import Panel

pytestmark = pytest.mark.ui


def open_schedule(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("schedule")
    panel.pump(100)


def test_add_a_broadcast_time_by_touch(panel: Panel) -> None:
    open_schedule(panel)
    assert panel.admin.hasSchedule
    bulletins = [i.id for i in panel.catalog.items(kind="bulletin", order="title")]
    panel.tap("hourUp")  # 07:00
    panel.tap("minuteUp")  # 07:05
    assert panel.find("newTime").property("text") == "07:05"
    panel.tap("days_weekdays")
    panel.tap("addSlot")
    assert "ít nhất một bản tin" in panel.find("scheduleMessage").property("text")
    panel.tap("chooseBulletin")  # the first bulletin by title
    panel.tap("addSlot")
    saved = load_schedule(panel.catalog, source="local")
    assert saved == Schedule((Slot("07:05", (bulletins[0],), DAY_SETS["weekdays"]),))
    assert panel.admin.schedule.slotsModel.count == 1


def test_switch_off_test_play_and_delete(panel: Panel, qtbot) -> None:
    bulletin = panel.catalog.items(kind="bulletin")[0].id
    save_schedule(panel.catalog, Schedule((Slot("06:00", (bulletin,)),)))
    save_schedule(panel.catalog, Schedule((Slot("18:00", (bulletin,)),)), source="kho-tinh")
    open_schedule(panel)
    rows = panel.admin.schedule.slotsModel.rows()
    assert [(r["time"], r["local"]) for r in rows] == [("06:00", True), ("18:00", False)]
    assert len(panel.find_all("removeSlot")) == 1  # the province's slot is read-only
    with qtbot.waitSignal(panel.admin.schedule.testPlayRequested, timeout=2000) as played:
        panel.tap("testPlay")
    assert played.args == [[bulletin]]
    panel.tap("toggleSlot")
    assert not load_schedule(panel.catalog, source="local").slots[0].enabled
    panel.tap("removeSlot")
    assert load_schedule(panel.catalog, source="local").slots == ()
    assert len(load_schedule(panel.catalog).slots) == 1


def test_test_play_goes_to_the_kiosk_broadcaster(panel: Panel) -> None:
    from types import SimpleNamespace

    from PySide6.QtCore import QObject
    from PySide6.QtCore import Slot as QtSlot
    from PySide6.QtQml import QQmlEngine

    from kiosk.admin.panel import _connect_test_play

    class Broadcast(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.played: list[str] = []

        @QtSlot(str)
        def playNow(self, item_id: str) -> None:
            self.played.append(item_id)

    broadcast = Broadcast()
    engine = QQmlEngine()
    engine.rootContext().setContextProperty("broadcast", broadcast)
    _connect_test_play(SimpleNamespace(engine=engine), panel.admin)
    bulletins = [i.id for i in panel.catalog.items(kind="bulletin")][:2]
    save_schedule(panel.catalog, Schedule((Slot("06:00", tuple(bulletins)),)))
    open_schedule(panel)
    panel.tap("testPlay")
    assert broadcast.played == bulletins
    engine.deleteLater()
