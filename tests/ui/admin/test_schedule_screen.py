"""Bản tin: add, switch off, delete and test-play the station's own broadcast times."""

from __future__ import annotations

import pytest

from library.schedule import DAY_SETS, Schedule, Slot, load_schedule, save_schedule

from .harness import Panel, one_under, shown_up_to_a_word

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


def test_minutes_carry_into_the_hour_and_a_same_slot_is_kept_once(panel: Panel) -> None:
    open_schedule(panel)
    panel.tap("minuteDown")  # 06:00 − 5' is 05:55, not 06:55
    assert panel.find("newTime").property("text") == "05:55"
    panel.tap("minuteUp")
    panel.tap("minuteUp")  # 06:05
    assert panel.find("newTime").property("text") == "06:05"
    for _ in range(2):  # the same time, days and bulletin twice: still one row, one play
        panel.tap("chooseBulletin")
        panel.tap("addSlot")
    assert len(load_schedule(panel.catalog, source="local").slots) == 1
    assert panel.admin.schedule.slotsModel.count == 1
    for _ in range(6):
        panel.tap("hourDown")  # 00:05
    panel.tap("minuteDown")
    panel.tap("minuteDown")  # past midnight backwards: 23:55
    assert panel.find("newTime").property("text") == "23:55"


def test_a_misspelt_zone_in_config_still_opens_the_panel(qapp, station) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    paths.config_file.write_text('[station]\ntime_zone = "Asia/Ho_Chi_Mihn"\n')
    panel = Panel(paths, catalog)  # the panel whose «Múi giờ» setting corrects it
    try:
        panel.unlock()
        panel.admin.showScreen("stats")
        panel.pump(100)
        assert panel.admin.stats.rangeLabel.count("/") == 4
        # the health screen's dates are the station's days too (UTC+7 by default)
        assert panel.admin.health._local_day("2026-11-26T20:00:00Z") == "27/11/2026"
        panel.admin.settings.setValue("station", "time_zone", "Asia/Ho_Chi_Minh")
        assert "Asia/Ho_Chi_Minh" in paths.config_file.read_text()
    finally:
        panel.close()


def test_a_removed_or_hidden_bulletin_is_named_as_such_in_its_slot(panel: Panel) -> None:
    first, second = [i.id for i in panel.catalog.items(kind="bulletin", order="title")][:2]
    save_schedule(panel.catalog, Schedule((Slot("06:00", (first, "ban-tin-da-go")),
                                           Slot("07:00", (second,)))))
    panel.catalog.set_flags(second, hidden=True)
    open_schedule(panel)
    panel.admin.schedule.refresh()
    titles = {row["time"]: row["titles"] for row in panel.admin.schedule.slotsModel.rows()}
    assert titles["06:00"] == f"{panel.catalog.get(first).title} · (bản tin đã bị gỡ)"
    assert "ban-tin-da-go" not in titles["06:00"]  # never the raw id
    assert titles["07:00"].endswith("(đang ẩn, sẽ không phát)")


def test_a_long_bulletin_title_is_cut_at_its_end_not_at_both_sides(panel: Panel) -> None:
    """A centred label wider than its button lost its first words (and its last) to the clip;
    now it wraps to a second line and, longer still, ends in "…" inside its button."""
    bulletin = panel.catalog.items(kind="bulletin", order="title")[0]
    panel.catalog.update(bulletin.id, title="Thông báo khẩn của Ủy ban nhân dân xã về việc "
                         "phòng chống dịch bệnh và bão lũ trong mùa mưa năm 2026 " * 2)
    panel.admin.schedule.refresh()
    open_schedule(panel)
    long_label = None
    for button in panel.find_all("chooseBulletin"):
        label = one_under(button, "chooseBulletinText")
        assert label.mapToItem(button, 0, 0).x() >= 0, "the title starts outside its button"
        assert label.mapToItem(button, label.width(), 0).x() <= button.width()
        assert label.mapToItem(button, 0, 0).y() >= 0
        assert label.mapToItem(button, 0, label.height()).y() <= button.height()
        if label.property("text").startswith("Thông báo khẩn"):
            long_label = label
    assert long_label is not None and long_label.property("shortened")  # ends in "…"
    assert long_label.property("lineCount") == 2


LONG_TITLE = ("Hướng dẫn bà con tiểu thương bán hàng trực tuyến trên sàn thương mại điện tử "
              "của tỉnh, thanh toán không dùng tiền mặt và giữ an toàn tài khoản ngân hàng "
              "khi mua bán ở chợ truyền thống")


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_a_long_title_is_cut_at_a_whole_syllable(qapp, station, size) -> None:
    """Qt's own elide cut «…bán hàn…» inside a syllable, which reads as another word: the
    chooser and the broadcast time's row end in whole syllables and "…"."""
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    bulletin = catalog.items(kind="bulletin", order="title")[0]
    catalog.update(bulletin.id, title=LONG_TITLE)
    save_schedule(catalog, Schedule((Slot("06:00", (bulletin.id,)),)))
    panel = Panel(paths, catalog, size=size)
    try:
        open_schedule(panel)
        chooser = [t for t in panel.find_all("chooseBulletinText")
                   if t.property("text").startswith(LONG_TITLE[:20])]
        assert len(chooser) == 1
        assert len(shown_up_to_a_word(chooser[0], LONG_TITLE)) < len(LONG_TITLE)
        assert chooser[0].property("lineCount") == 2
        row = panel.find("slotTitles")
        assert len(shown_up_to_a_word(row, LONG_TITLE)) < len(LONG_TITLE)
    finally:
        panel.close()


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_bulletins_that_differ_at_their_end_are_told_apart(qapp, station, size) -> None:
    """«Bản tin sáng … ngày 12/3/2026» and «… ngày 13/3/2026»: one line cut both to the same
    «Bản tin sáng của Ủy ban nhân dân…»."""
    from dataclasses import replace

    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    first = catalog.items(kind="bulletin")[0]
    titles = [f"Bản tin sáng của Ủy ban nhân dân huyện Cao Lãnh, ngày {d}/3/2026" for d in (12, 13)]
    for n, title in enumerate(titles):
        catalog.put(replace(first, id=f"ban-tin-sang-{n}", title=title), catalog.pages(first.id))
    panel = Panel(paths, catalog, size=size)
    try:
        open_schedule(panel)
        shown = {t.property("text"): t for t in panel.find_all("chooseBulletinText")}
        for title in titles:
            assert not shown[title].property("shortened"), title
        panel.tap("chooseBulletin")  # still a button: a tap chooses
        assert any(r["chosen"] for r in panel.admin.schedule.bulletinsModel.rows())
    finally:
        panel.close()


def test_a_damaged_row_is_listed_with_why_and_the_good_ones_stay_editable(
        panel: Panel) -> None:
    """A row a damaged catalog holds (written straight into the file) is shown as damaged,
    with a plain reason and no buttons; the station's good slot is listed and editable."""
    bulletin = panel.catalog.items(kind="bulletin")[0].id
    save_schedule(panel.catalog, Schedule((Slot("06:00", (bulletin,)),)))
    panel.catalog.execute("INSERT INTO schedule_slots (source, time, days, bulletins) "
                          "VALUES ('local', '25:99', '0,1,2', ?)", [f'["{bulletin}"]'])
    panel.catalog.execute("INSERT INTO schedule_slots (source, time, days, bulletins) "
                          "VALUES ('kho-tinh', '18:00', 'thu tam', ?)", [f'["{bulletin}"]'])
    open_schedule(panel)
    rows = panel.admin.schedule.slotsModel.rows()
    assert [(r["time"], r["damaged"]) for r in rows] == [
        ("06:00", ""), ("18:00", "Ngày phát không đọc được"),
        ("25:99", "Giờ phát không đọc được")]
    shown = [d.property("text") for d in panel.find_all("slotDamage") if d.isVisible()]
    assert shown == ["Ngày phát không đọc được · lịch của tỉnh", "Giờ phát không đọc được"]
    assert len([b for b in panel.find_all("removeSlot") if b.isVisible()]) == 1
    panel.tap("toggleSlot")  # the good slot is still the librarian's to change
    assert not load_schedule(panel.catalog, source="local").slots[0].enabled


def test_a_time_added_on_the_panel_goes_on_air_at_that_minute(panel: Panel, qtbot) -> None:
    """The broadcaster does not read the schedule at every tick: the panel's save tells it
    to read again (`_connect_test_play`), so a slot added for the next minute plays."""
    from datetime import datetime, timedelta
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QObject, Signal
    from PySide6.QtCore import Slot as QtSlot
    from PySide6.QtQml import QQmlEngine

    from kiosk.admin.panel import _connect_test_play
    from kiosk.audio.broadcast import BroadcastController

    class Player(QObject):
        """What the broadcaster asks of its player, without a voice."""

        finished = Signal()
        state = "idle"

        @QtSlot(str)
        def playItem(self, item_id: str) -> None:
            self.finished.emit()

    reads: list[int] = []

    def schedule() -> Schedule:
        reads.append(1)
        return load_schedule(panel.catalog)

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    now = [datetime(2026, 11, 24, 7, 3, 0, tzinfo=zone)]
    broadcast = BroadcastController(Player(), schedule, zone, clock=lambda: now[0],
                                    catalog=panel.catalog, interval_ms=3_600_000)
    started: list[str] = []
    broadcast.started.connect(started.append)
    engine = QQmlEngine()
    engine.rootContext().setContextProperty("broadcast", broadcast)
    _connect_test_play(SimpleNamespace(engine=engine), panel.admin)
    broadcast.start()
    broadcast.check()
    open_schedule(panel)
    panel.tap("hourUp")  # 07:00
    panel.tap("minuteUp")  # 07:05
    panel.tap("chooseBulletin")
    panel.tap("addSlot")
    chosen = load_schedule(panel.catalog, source="local").slots[0].bulletins
    for _ in range(2):  # 07:04, 07:05
        now[0] += timedelta(minutes=1)
        broadcast.check()
    assert started == list(chosen)
    assert len(reads) == 2  # at the start, and once after the save
    broadcast.stop()
    engine.deleteLater()
