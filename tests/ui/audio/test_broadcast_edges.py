"""The loudspeaker's less travelled paths: a scheduled bulletin with nothing to say."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.schedule import Schedule, Slot, load_schedule, save_schedule

from .harness import on_air_at_six

pytestmark = pytest.mark.ui

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_empty_bulletin_never_goes_on_air_nor_holds_the_visitor(
        qtbot, make_player, speech, catalog: Catalog) -> None:
    """At 06:00 an empty bulletin would flash «Bản tin: …» and stop the visitor's reading
    for nothing: it is skipped before the banner shows, the next one plays."""

    catalog.put(Item(id="tin-rong", title="Bản tin chưa viết", kind="bulletin", body=" \n "))
    catalog.put(Item(id="tin-gia", title="Giá nông sản", kind="bulletin",
                     body="Giá lúa hôm nay tăng."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-rong",)),
                                     Slot("06:30", ("tin-rong", "tin-gia")))))
    on_air = make_player(speech, catalog=catalog, stop_on_reset=False)
    controller, started, now = on_air_at_six(on_air, catalog)
    held: list[bool] = []
    controller.pauseOthers.connect(lambda: held.append(True))
    now[0] += timedelta(seconds=2)
    controller.check()
    assert not controller.active and controller.queue == []
    assert started == [] and held == []
    now[0] += timedelta(minutes=30)
    with qtbot.waitSignal(controller.ended, timeout=30_000):
        controller.check()
    assert started == ["tin-gia"] and held == [True]
    controller.stop()


@pytest.mark.parametrize("trouble", ["hidden", "gone", "empty"])
def test_a_test_play_with_nothing_to_play_does_not_say_playing_for_ever(
        qtbot, make_player, speech, catalog: Catalog, trouble: str) -> None:
    """«Nghe thử» on a slot whose bulletin was taken down, removed or left empty: nothing
    goes on air, and the panel does not keep saying «Đang phát thử…»."""
    from kiosk.admin.schedule import ScheduleController
    from kiosk.audio.broadcast import BroadcastController

    catalog.put(Item(id="tin", title="Tin sáng", kind="bulletin",
                     body="" if trouble == "empty" else "Xin chào bà con."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin",)),)))
    if trouble == "hidden":
        catalog.set_flags("tin", hidden=True)
    elif trouble == "gone":
        catalog.remove("tin")
    on_air = make_player(speech, catalog=catalog, stop_on_reset=False)
    broadcast = BroadcastController(on_air, lambda: load_schedule(catalog), VN,
                                    catalog=catalog, interval_ms=3_600_000)
    panel = ScheduleController(catalog, Config(catalog.path.parent / "config.toml"))
    panel.testPlayRequested.connect(lambda ids: [broadcast.playNow(i) for i in ids])
    broadcast.ended.connect(panel.testPlayEnded)
    panel.attach_player()
    panel.refresh()
    panel.testPlay(0)
    assert not broadcast.active
    assert not panel.property("testPlaying") and panel.property("message") == ""


def test_a_visitors_mute_does_not_silence_the_loudspeaker(qtbot, data_paths,
                                                         catalog: Catalog) -> None:
    """A visitor mutes (or turns the volume right down) just before 06:00: the 06:00
    bulletin still goes out at the station's own volume, as the next visitor would find it."""
    from kiosk.app import KioskApp
    from kiosk.audio import install

    config = Config.load(data_paths.config_file)
    config.set("station", "volume", 60)
    config.save()
    catalog.put(Item(id="tin", title="Tin sáng", kind="bulletin", body="Xin chào bà con."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin",)),)))
    now = [datetime(2026, 11, 24, 5, 59, 59, tzinfo=VN)]
    app = KioskApp(catalog, config=config, paths=data_paths)
    audio = install(app, clock=lambda: now[0])
    try:
        qtbot.waitUntil(lambda: audio.listen.available, timeout=20_000)
        app.volume.step(-20)
        app.volume.toggleMute()
        assert app.volume.effective == 0.0
        now[0] = now[0].replace(hour=6, minute=0, second=1)
        audio.broadcast.check()
        assert audio.broadcast.active
        assert not app.volume.muted and app.volume.level == 60
        assert audio.broadcast.player.output_volume() == pytest.approx(0.6)
        app.volume.toggleMute()  # the visitor may still turn it down meanwhile
        assert audio.broadcast.active and audio.broadcast.player.output_volume() == 0.0
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def test_a_notice_listed_twice_in_a_slot_is_read_twice(qtbot, make_player, speech,
                                                       catalog: Catalog) -> None:
    """«Thông báo đọc hai lần»: a slot naming a bulletin twice reads it twice; another slot
    at the same moment naming it again (the province's, "daily" and "weekdays") adds none."""

    catalog.put(Item(id="tin-gap", title="Thông báo khẩn", kind="bulletin",
                     body="Bà con chú ý."))
    catalog.put(Item(id="tin-gia", title="Giá nông sản", kind="bulletin", body="Lúa tăng."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-gap", "tin-gia", "tin-gap")),)))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-gap", "tin-gia")),)), source="kho-tinh")
    on_air = make_player(speech, catalog=catalog, stop_on_reset=False)
    controller, started, now = on_air_at_six(on_air, catalog)
    now[0] += timedelta(seconds=2)
    controller.check()
    whole = started + controller.queue
    controller.stop()
    assert sorted(whole) == ["tin-gap", "tin-gap", "tin-gia"]


def test_a_damaged_slot_row_is_skipped_logged_once_and_the_rest_plays(
        qtbot, make_player, speech, catalog: Catalog,
        caplog: pytest.LogCaptureFixture) -> None:
    """A catalog edited by hand (or damaged) holds a row the schedule cannot read: that
    row stays silent, said once in the log, and every good slot still goes on air."""
    catalog.put(Item(id="tin-gia", title="Giá nông sản", kind="bulletin",
                     body="Giá lúa hôm nay tăng."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-gia",)),)))
    for time, days, bulletins in (("6 giờ", "0,1,2,3,4,5,6", '["tin-gia"]'),
                                  ("06:00", "0,1,8", '["tin-gia"]'),
                                  ("06:00", "0,1,2,3,4,5,6", "tin-gia")):
        catalog.execute("INSERT INTO schedule_slots (source, time, days, bulletins) "
                        "VALUES ('local', ?, ?, ?)", [time, days, bulletins])
    on_air = make_player(speech, catalog=catalog, stop_on_reset=False)
    controller, started, now = on_air_at_six(on_air, catalog)
    caplog.set_level("WARNING", logger="kiosk.audio.broadcast")
    controller.check()
    now[0] += timedelta(seconds=2)
    with qtbot.waitSignal(controller.ended, timeout=30_000):
        controller.check()
    for _ in range(3):
        now[0] += timedelta(seconds=1)
        controller.check()
    assert started == ["tin-gia"]
    damaged = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    assert len(damaged) == 3, damaged  # one line per bad row, not one per check
    controller.stop()
