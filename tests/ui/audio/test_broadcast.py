"""Scheduled broadcast under a fake clock: plays on time, pauses other audio, never late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.schedule import Schedule, Slot, save_schedule

pytestmark = pytest.mark.ui

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def bulletins(catalog: Catalog) -> Catalog:
    catalog.put(Item(id="tin-sang", title="Tin buổi sáng", kind="bulletin",
                     body="Chào buổi sáng bà con."))
    catalog.put(Item(id="tin-gia", title="Giá nông sản", kind="bulletin",
                     body="Giá lúa hôm nay tăng."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-sang", "khong-co", "tin-gia")),)))
    return catalog


def _controller(make_player, speech, bulletins, clock):
    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import load_schedule

    on_air = make_player(speech, catalog=bulletins, stop_on_reset=False)
    visitor = make_player(speech, catalog=bulletins)
    controller = BroadcastController(on_air, lambda: load_schedule(bulletins), VN, clock=clock,
                                     others=[visitor], catalog=bulletins, interval_ms=20)
    return controller, on_air, visitor


def test_plays_due_bulletins_in_order_with_banner_pausing_the_visitor(
        qtbot, make_player, speech, bulletins) -> None:
    clock = Clock(datetime(2026, 11, 24, 5, 59, 50, tzinfo=VN))
    controller, _, visitor = _controller(make_player, speech, bulletins, clock)
    visitor.playText("", "Bà con đang nghe một bài khác rất dài. " * 3)
    qtbot.waitUntil(lambda: visitor.playing, timeout=20_000)
    started: list[str] = []
    controller.started.connect(started.append)
    controller.start()
    controller.check()
    assert not controller.active  # 05:59:50: nothing yet
    clock.now += timedelta(seconds=15)  # 06:00:05
    with qtbot.waitSignal(controller.ended, timeout=30_000):
        qtbot.waitUntil(lambda: controller.active, timeout=5_000)
        assert controller.banner == "Bản tin: Tin buổi sáng"
        assert visitor.state == "paused"
    assert started == ["tin-sang", "tin-gia"]  # the missing bulletin is skipped
    assert not controller.active and controller.banner == "Bản tin"
    clock.now += timedelta(minutes=30)
    controller.check()
    assert not controller.active  # once per slot
    controller.stop()


def test_slot_missed_while_off_is_not_played_late(qtbot, make_player, speech,
                                                 bulletins) -> None:
    clock = Clock(datetime(2026, 11, 24, 9, 0, tzinfo=VN))  # switched on at 09:00
    controller, _, _ = _controller(make_player, speech, bulletins, clock)
    controller.start()
    clock.now += timedelta(seconds=1)
    controller.check()
    assert not controller.active and controller.queue == []
    # the timer itself drives checks: the next morning it fires on time
    clock.now = datetime(2026, 11, 25, 6, 0, 1, tzinfo=VN)
    qtbot.waitUntil(lambda: controller.active, timeout=5_000)
    controller.stop()
    assert not controller.active


def test_idle_reset_does_not_cut_a_broadcast(qtbot, make_player, speech, bulletins,
                                            volume) -> None:
    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import load_schedule

    on_air = make_player(speech, volume, catalog=bulletins, stop_on_reset=False)
    controller = BroadcastController(on_air, lambda: load_schedule(bulletins), VN,
                                     clock=Clock(datetime(2026, 11, 24, 6, 0, tzinfo=VN)),
                                     catalog=bulletins)
    controller.playNow("tin-gia")
    qtbot.waitUntil(lambda: on_air.playing, timeout=20_000)
    volume.stopAll.emit()
    assert on_air.playing and controller.active
    controller.stop()


def test_a_bulletin_taken_down_is_never_broadcast(qtbot, make_player, speech,
                                                  bulletins) -> None:
    bulletins.set_flags("tin-sang", hidden=True)  # "Gỡ xuống ngay" in the panel
    clock = Clock(datetime(2026, 11, 24, 6, 0, 5, tzinfo=VN))
    controller, _, _ = _controller(make_player, speech, bulletins, clock)
    started: list[str] = []
    controller.started.connect(started.append)
    with qtbot.waitSignal(controller.ended, timeout=30_000):
        controller.playNow("tin-sang")
        controller.playNow("tin-gia")
    assert started == ["tin-gia"]


def test_overlapping_slots_read_a_bulletin_once(qtbot, make_player, speech, bulletins) -> None:
    save_schedule(bulletins, Schedule((Slot("06:00", ("tin-sang", "tin-gia")),
                                       Slot("06:00", ("tin-gia",), frozenset(range(5))))))
    save_schedule(bulletins, Schedule((Slot("06:00", ("tin-sang",)),)), source="kho-tinh")
    clock = Clock(datetime(2026, 11, 24, 5, 59, 59, tzinfo=VN))  # a Tuesday
    controller, _, _ = _controller(make_player, speech, bulletins, clock)
    started: list[str] = []
    controller.started.connect(started.append)
    controller.start()
    clock.now += timedelta(seconds=2)
    controller.check()
    queue = controller.queue
    controller.stop()
    assert sorted(started + queue) == ["tin-gia", "tin-sang"]


def test_a_zone_changed_in_the_panel_holds_at_the_next_check(qtbot, make_player, speech,
                                                            bulletins) -> None:
    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import load_schedule

    zone = [ZoneInfo("UTC")]
    clock = Clock(datetime(2026, 11, 23, 22, 59, 59, tzinfo=UTC))  # 05:59:59 in Việt Nam
    on_air = make_player(speech, catalog=bulletins, stop_on_reset=False)
    controller = BroadcastController(on_air, lambda: load_schedule(bulletins), lambda: zone[0],
                                     clock=clock, catalog=bulletins, interval_ms=60_000)
    controller.start()
    zone[0] = VN  # the librarian picks «Việt Nam (GMT+7)»
    clock.now += timedelta(seconds=2)
    controller.check()
    assert controller.active  # 06:00 station time, not 06:00 UTC seven hours later
    controller.stop()


def test_the_schedule_is_read_only_when_it_may_have_changed(qtbot, make_player, speech,
                                                           bulletins) -> None:
    """The check runs every second on the GUI thread; the catalog is read again only after
    `reload` (an edit, an import, another process's commit) or on a new day, and an edit
    told so still plays at its minute."""
    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import load_schedule

    reads: list[int] = []

    def schedule() -> Schedule:
        reads.append(1)
        return load_schedule(bulletins)

    clock = Clock(datetime(2026, 11, 24, 5, 0, tzinfo=VN))
    on_air = make_player(speech, catalog=bulletins, stop_on_reset=False)
    controller = BroadcastController(on_air, schedule, VN, clock=clock, catalog=bulletins,
                                     interval_ms=3_600_000)
    started: list[str] = []
    controller.started.connect(started.append)
    controller.start()
    for _ in range(30):  # half a minute of ticks with nothing changed
        clock.now += timedelta(seconds=1)
        controller.check()
    assert len(reads) == 1
    save_schedule(bulletins, Schedule((Slot("05:01", ("tin-gia",)),)))  # the panel's edit
    controller.reload()
    clock.now = datetime(2026, 11, 24, 5, 1, 0, tzinfo=VN)
    with qtbot.waitSignal(controller.ended, timeout=30_000):
        controller.check()
    assert started == ["tin-gia"] and len(reads) == 2
    clock.now = datetime(2026, 11, 25, 0, 0, 1, tzinfo=VN)  # a new day is read afresh
    controller.check()
    controller.check()
    assert len(reads) == 3
    controller.stop()
