"""The bulletin timetable under a fake clock: zones, weekdays, no late replays, storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog
from library.errors import InvalidInput
from library.schedule import Schedule, Slot, load_schedule, save_schedule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = Slot("06:00", ("tin-sang",), frozenset(range(5)))  # weekdays
EVENING = Slot("17:00", ("tin-chieu", "tin-nong-nghiep"))  # daily
SCHEDULE = Schedule((MORNING, EVENING))


class FakeClock:
    """Advances by explicit steps; the schedule is polled like the kiosk's timer does."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def run(self, schedule: Schedule, until: datetime, step: timedelta) -> list[datetime]:
        fired, last = [], self.now
        while self.now < until:
            self.now += step
            fired += [o.at for o in schedule.due(last, self.now, VN)]
            last = self.now
        return fired


def test_slots_fire_once_each_at_their_station_time() -> None:
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=VN)  # a Monday
    clock = FakeClock(monday)
    fired = clock.run(SCHEDULE, monday + timedelta(days=7), timedelta(seconds=30))
    mornings = [f for f in fired if f.hour == 6]
    evenings = [f for f in fired if f.hour == 17]
    assert [f.weekday() for f in mornings] == [0, 1, 2, 3, 4]  # weekdays only
    assert len(evenings) == 7 and len(set(fired)) == len(fired)
    assert all(f.minute == 0 and f.tzinfo is VN for f in fired)


def test_time_zone_is_the_stations_not_the_machines() -> None:
    # 06:00 in Ho Chi Minh City is 23:00 UTC the day before
    last = datetime(2026, 11, 23, 22, 59, 30, tzinfo=UTC)  # Monday UTC, Tuesday VN
    now = last + timedelta(seconds=60)
    due = SCHEDULE.due(last, now, VN)
    assert [o.bulletins for o in due] == [("tin-sang",)]
    assert due[0].at == datetime(2026, 11, 24, 6, 0, tzinfo=VN)
    # at the same instant a UTC-zoned station would have played nothing
    assert SCHEDULE.due(last, now, UTC) == []


def test_missed_slots_are_not_replayed_late() -> None:
    # the station was off from 05:00 and starts again at 09:00: nothing plays
    off = datetime(2026, 11, 24, 5, 0, tzinfo=VN)
    on = datetime(2026, 11, 24, 9, 0, tzinfo=VN)
    assert SCHEDULE.due(off, on, VN) == []
    # a timer that was a few seconds late still plays the slot
    assert len(SCHEDULE.due(off, datetime(2026, 11, 24, 6, 0, 40, tzinfo=VN), VN)) == 1


def test_disabled_slot_and_next_after() -> None:
    quiet = Schedule((Slot("06:00", ("a",), enabled=False), Slot("21:30", ("b",),
                                                               frozenset({5, 6}))))
    friday_noon = datetime(2026, 11, 27, 12, 0, tzinfo=VN)
    upcoming = quiet.next_after(friday_noon, VN)
    assert upcoming is not None and upcoming.at == datetime(2026, 11, 28, 21, 30, tzinfo=VN)
    assert Schedule().next_after(friday_noon, VN) is None


def test_json_round_trip_and_format() -> None:
    data = SCHEDULE.to_json()
    assert data == {"version": 1, "slots": [
        {"time": "06:00", "days": "weekdays", "bulletins": ["tin-sang"]},
        {"time": "17:00", "days": "daily", "bulletins": ["tin-chieu", "tin-nong-nghiep"]}]}
    assert Schedule.from_json(data) == Schedule(tuple(SCHEDULE.sorted_slots()))
    custom = Schedule.from_json('{"slots": [{"time": "7:05", "days": ["Mon", "thu"], '
                                '"bulletins": ["x"], "enabled": false}]}')
    slot = custom.slots[0]
    assert slot.time == "07:05" and slot.days == {0, 3} and not slot.enabled
    assert Schedule.from_json(custom.to_json()) == custom


@pytest.mark.parametrize(("data", "message"), [
    ("{nope", "not JSON"),
    ([], "must be an object"),
    ({"slots": "x"}, "'slots' must be a list"),
    ({"version": 2, "slots": []}, "version 2"),
    ({"slots": [{"time": "25:00", "bulletins": ["a"]}]}, "not HH:MM"),
    ({"slots": [{"time": "6h", "bulletins": ["a"]}]}, "not HH:MM"),
    ({"slots": [{"time": "6:3\u0660", "bulletins": ["a"]}]}, "not HH:MM"),  # Arabic-Indic 0
    ({"slots": [{"time": "06:00\n", "bulletins": ["a"]}]}, "not HH:MM"),
    ({"slots": [{"time": "06:00", "bulletins": []}]}, "at least one bulletin"),
    ({"slots": [{"time": "06:00", "bulletins": "a"}]}, "must be a list"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "days": ["someday"]}]}, "unknown day"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "days": ["monkey"]}]}, "unknown day"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "days": ["thứ tám"]}]}, "unknown day"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "days": []}]}, "days"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "volume": 3}]}, "unknown slot field: volume"),
    ({"slots": [{"time": "06:00", "bulletins": ["a"], "volume": 3, "voice": "nam"}]},
     "unknown slot fields: voice, volume"),
])
def test_bad_schedules_are_refused_plainly(data: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        Schedule.from_json(data)


@pytest.mark.parametrize(("days", "expected"), [
    ("Thứ Hai, thứ 4, T6", {0, 2, 4}),
    (["Thứ Bảy", "Chủ nhật"], {5, 6}),
    (["T7", "CN"], {5, 6}),
    (["thu ba", "THỨ NĂM"], {1, 3}),
    ("Hằng ngày", set(range(7))),
    ("ngày thường", set(range(5))),
    ("Cuối tuần", {5, 6}),
    (["Monday", "tues", "thurs"], {0, 1, 3}),
])
def test_days_as_a_vietnamese_editor_writes_them(days: object, expected: set[int]) -> None:
    slot = Schedule.from_json({"slots": [{"time": "06:00", "bulletins": ["a"], "days": days}]})
    assert set(slot.slots[0].days) == expected


def test_stored_in_the_catalog_per_source(catalog: Catalog) -> None:
    save_schedule(catalog, SCHEDULE)
    province = Schedule((Slot("11:00", ("tin-tinh",), frozenset({6})),))
    save_schedule(catalog, province, source="so-tttt")
    assert set(load_schedule(catalog).slots) == {MORNING, EVENING, *province.slots}
    assert load_schedule(catalog, source="so-tttt") == province
    save_schedule(catalog, Schedule((EVENING,)))  # the librarian edits only her own
    assert set(load_schedule(catalog).slots) == {EVENING, *province.slots}


def test_storage_survives_reopening(data_paths) -> None:
    with Catalog.open(data_paths) as cat:
        save_schedule(cat, SCHEDULE)
    with Catalog.open(data_paths) as cat:
        assert set(load_schedule(cat).slots) == set(SCHEDULE.slots)


def test_repository_extensions_replace_only_that_repositorys_slots(catalog: Catalog) -> None:
    from library.schedule import apply_extensions

    save_schedule(catalog, Schedule((EVENING,)))
    index_extensions = {"schedule": {"version": 1, "slots": [
        {"time": "11:00", "days": ["sun"], "bulletins": ["tin-tinh"]}]}, "other": 1}
    applied = apply_extensions(catalog, "so-tttt", index_extensions)
    assert [s.time for s in applied.slots] == ["11:00"]
    assert {s.time for s in load_schedule(catalog).slots} == {"17:00", "11:00"}
    with pytest.raises(InvalidInput, match="not HH:MM"):
        apply_extensions(catalog, "so-tttt", {"schedule": {"slots": [{"time": "x",
                                                                      "bulletins": ["a"]}]}})
    assert {s.time for s in load_schedule(catalog).slots} == {"17:00", "11:00"}  # untouched
    apply_extensions(catalog, "so-tttt", {})  # a new index without a schedule clears it
    assert {s.time for s in load_schedule(catalog).slots} == {"17:00"}
    with pytest.raises(InvalidInput):
        apply_extensions(catalog, "local", {})


def test_a_misspelt_station_zone_falls_back_and_a_corrected_one_holds_at_once(
        tmp_path, caplog, monkeypatch) -> None:
    from zoneinfo import ZoneInfo

    from library import config as config_module
    from library.config import Config
    from library.errors import ConfigError

    monkeypatch.setattr(config_module, "_warned_zones", set())  # said once per process

    config = Config(tmp_path / "config.toml")
    config.set("station", "time_zone", "Asia/Ho_Chi_Mihn")
    with pytest.raises(ConfigError):
        config.time_zone  # noqa: B018 - commands still refuse it with one line
    assert config.running_zone() == ZoneInfo("Asia/Ho_Chi_Minh")
    assert len(config.running_today()) == 10
    assert "Asia/Ho_Chi_Mihn" in caplog.text
    config.set("station", "time_zone", "UTC")
    assert config.running_zone() == ZoneInfo("UTC")


#: Rows as a damaged or hand-edited catalog holds them: (time, days, bulletins, enabled).
DAMAGED_ROWS = [
    ("6h sáng", "0,1,2,3,4,5,6", '["tin-sang"]', 1, "time"),
    (600, "0,1,2,3,4,5,6", '["tin-sang"]', 1, "time"),  # stored as the text "600"
    ("07:00", "0,1,9", '["tin-sang"]', 1, "days"),
    ("07:30", "funday", '["tin-sang"]', 1, "days"),
    ("08:00", "0,1,2,3,4,5,6", '["tin-sang"', 1, "bulletins"),
    ("08:30", "0,1,2,3,4,5,6", "null", 1, "bulletins"),
    ("09:00", "0,1,2,3,4,5,6", "[]", 1, "bulletins"),
    ("09:30", "0,1,2,3,4,5,6", '["tin-sang"]', "có", "enabled"),
]


def test_a_damaged_row_is_skipped_and_every_good_row_still_plays(data_paths) -> None:
    import sqlite3

    with Catalog.open(data_paths) as cat:
        save_schedule(cat, SCHEDULE)
        path = cat.path
    with sqlite3.connect(path) as db:  # straight into the file, as a damaged catalog has it
        db.executemany("INSERT INTO schedule_slots (source, time, days, bulletins, enabled) "
                       "VALUES ('local', ?, ?, ?, ?)", [r[:4] for r in DAMAGED_ROWS])
        db.execute("INSERT INTO schedule_slots (source, time, days, bulletins, enabled) "
                   "VALUES ('so-tttt', '11:00', 'mon,CN', '[\"tin-tinh\"]', 1)")
    db.close()
    with Catalog.open(data_paths) as cat:
        schedule = load_schedule(cat)
    # the good rows, and a hand-written "mon,CN" read as the editor meant it
    assert set(schedule.slots) == {MORNING, EVENING,
                                   Slot("11:00", ("tin-tinh",), frozenset({0, 6}))}
    assert [(d.time, d.problem) for d in sorted(schedule.damaged, key=lambda d: d.num)] == [
        (str(r[0]), r[4]) for r in DAMAGED_ROWS]
    assert all(d.source == "local" and d.detail for d in schedule.damaged)
    # and they play: the morning slot on a Monday, as if nothing were wrong
    monday = datetime(2026, 11, 23, 5, 59, tzinfo=VN)
    assert [o.at.hour for o in schedule.due(monday, monday + timedelta(minutes=2), VN)] == [6]


def test_nulls_in_a_slot_row_damage_only_that_row() -> None:
    """A catalog whose table lost its NOT NULL constraints (edited by hand) may hold NULLs."""

    class Rows:
        def query(self, sql: str, params: object) -> list[dict[str, object]]:
            good = {"num": 1, "source": "local", "time": "06:00", "days": "0,1,2,3,4,5,6",
                    "bulletins": '["tin-sang"]', "enabled": 1}
            return [good, *({**good, "num": n, column: None} for n, column in enumerate(
                ("time", "days", "bulletins", "enabled"), start=2))]

    schedule = load_schedule(Rows())  # type: ignore[arg-type]
    assert schedule.slots == (Slot("06:00", ("tin-sang",)),)
    assert [d.problem for d in schedule.damaged] == ["time", "days", "bulletins", "enabled"]
