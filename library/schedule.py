"""The bulletin timetable: like a commune loudspeaker, at set times, in the station's zone.

A schedule is a list of slots: a time of day, the days it applies to, and
the bulletins to play in order. Times are wall-clock times in the station's
time zone (`station.time_zone`, default Asia/Ho_Chi_Minh), never the
machine's. A slot missed while the station was off (or asleep) is *not*
played late: `due()` only returns slots whose time passed within a short
grace window since the last check, so a kiosk switched on at 09:00 does
not suddenly broadcast the 06:00 bulletin.

Schedules live in the catalog (`schedule_slots`, one row per slot, with the
source they came from: "local" for the librarian's own, or a repository's
name) and travel in a repository index's `extensions` as the JSON format
of `Schedule.to_json` / `Schedule.from_json` (see docs/speech.md).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput
from .plural import noun
from .vietnamese import fold

if TYPE_CHECKING:
    from .catalog import Catalog

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SETS = {
    "daily": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
}
#: A slot whose time passed more than this long before the check is skipped, not played late.
GRACE = timedelta(minutes=2)
#: Longest gap `due` looks back over (a station off for a week has nothing to replay anyway).
_LOOKBACK = timedelta(days=8)
#: ASCII digits only, and nothing after them (``$`` would let a trailing newline by).
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)", re.ASCII)


def _bad(message: str) -> InvalidInput:
    return InvalidInput(f"schedule: {message}", message_vi="Lịch phát bản tin không hợp lệ.")


@dataclass(frozen=True)
class Slot:
    """One broadcast time: "06:00 on weekdays: bulletins A then B"."""

    time: str  # "HH:MM", 24-hour, station time
    bulletins: tuple[str, ...]
    days: frozenset[int] = field(default_factory=lambda: DAY_SETS["daily"])  # 0 = Monday
    enabled: bool = True

    def __post_init__(self) -> None:
        match = _TIME.fullmatch(self.time) if isinstance(self.time, str) else None
        if not match:
            raise _bad(f"time {self.time!r} is not HH:MM (00:00–23:59)")
        object.__setattr__(self, "time", f"{int(match.group(1)):02d}:{match.group(2)}")
        if not self.days or not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
            raise _bad(f"slot {self.time}: days must be some of {', '.join(WEEKDAYS)}")
        if not self.bulletins or not all(isinstance(b, str) and b.strip()
                                         for b in self.bulletins):
            raise _bad(f"slot {self.time}: needs at least one bulletin id")

    @property
    def clock(self) -> time:
        hours, minutes = self.time.split(":")
        return time(int(hours), int(minutes))

    def days_json(self) -> str | list[str]:
        for name, days in DAY_SETS.items():
            if self.days == days:
                return name
        return [WEEKDAYS[d] for d in sorted(self.days)]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"time": self.time, "days": self.days_json(),
                                "bulletins": list(self.bulletins)}
        if not self.enabled:
            data["enabled"] = False
        return data

    @classmethod
    def from_json(cls, data: Any) -> Slot:
        if not isinstance(data, dict):
            raise _bad(f"a slot must be an object, got {type(data).__name__}")
        unknown = set(data) - {"time", "days", "bulletins", "enabled"}
        if unknown:
            raise _bad(f"unknown slot {noun(len(unknown), 'field')}: "
                       f"{', '.join(sorted(unknown))}")
        bulletins = data.get("bulletins")
        if not isinstance(bulletins, list):
            raise _bad(f"slot {data.get('time')!r}: bulletins must be a list of item ids")
        enabled = data.get("enabled", True)
        if not isinstance(enabled, bool):
            raise _bad("enabled must be true or false")
        return cls(time=data.get("time"), bulletins=tuple(bulletins),  # type: ignore[arg-type]
                   days=parse_days(data.get("days", "daily")), enabled=enabled)


#: Every way a day is written that `parse_days` takes, folded (`vietnamese.fold`, spaces
#: removed): English ("mon", "monday") and Vietnamese as a librarian or an editor writes
#: it ("Thứ Hai", "thứ 2", "T2", "Chủ nhật", "CN"). A word merely starting like a day
#: ("monkey") is no day.
_DAY_NAMES: dict[str, int] = {}
for _number, (_short, _long, _vi) in enumerate(zip(
        WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                   "sunday"),
        ("hai", "ba", "tu", "nam", "sau", "bay", None), strict=True)):
    _DAY_NAMES[_short] = _DAY_NAMES[_long] = _number
    if _vi is not None:
        _DAY_NAMES[f"thu{_vi}"] = _DAY_NAMES[f"thu{_number + 2}"] = _number
        _DAY_NAMES[f"t{_number + 2}"] = _number
_DAY_NAMES.update({"chunhat": 6, "cn": 6, "tues": 1, "weds": 2, "thur": 3, "thurs": 3})
#: ... and the sets of days, in both languages.
_DAY_SET_NAMES = {"daily": "daily", "weekdays": "weekdays", "weekends": "weekends",
                  "hangngay": "daily", "moingay": "daily",
                  "ngaythuong": "weekdays", "cuoituan": "weekends"}


def _folded(name: str) -> str:
    return "".join(fold(name).split())


def parse_days(value: Any) -> frozenset[int]:
    """"daily", "weekdays", "weekends" (or "hằng ngày", "ngày thường", "cuối tuần"), or a
    list like ["mon", "wed"] or ["Thứ Hai", "T4", "CN"]."""
    if isinstance(value, str):
        day_set = _DAY_SET_NAMES.get(_folded(value))
        if day_set is not None:
            return DAY_SETS[day_set]
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not value:
        raise _bad(f"days {value!r}: use daily, weekdays, weekends or a list of mon…sun")
    days = set()
    for name in value:
        day = _DAY_NAMES.get(_folded(str(name)))
        if day is None:
            raise _bad(f"unknown day {name!r} (use mon, tue, wed, thu, fri, sat, sun, "
                       "or Thứ Hai … Chủ nhật)")
        days.add(day)
    return frozenset(days)


@dataclass(frozen=True)
class Occurrence:
    """A slot at one concrete moment."""

    at: datetime  # aware, in the station's zone
    slot: Slot

    @property
    def bulletins(self) -> tuple[str, ...]:
        return self.slot.bulletins


@dataclass(frozen=True)
class Schedule:
    """All slots. Times are always the station's own (`station.time_zone`)."""

    slots: tuple[Slot, ...] = ()
    #: Stored rows that could not be read (`load_schedule`); they never play.
    damaged: tuple[DamagedSlot, ...] = field(default=(), compare=False)

    # -- JSON -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"version": FORMAT_VERSION, "slots": [s.to_json() for s in self.sorted_slots()]}

    @classmethod
    def from_json(cls, data: Any) -> Schedule:
        """Parse (and validate) the format of `to_json`; a str is parsed as JSON first."""
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise _bad(f"not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise _bad("must be an object with a 'slots' list")
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise _bad(f"format version {version!r} is not supported (this program reads "
                       f"{FORMAT_VERSION})")
        slots = data.get("slots")
        if not isinstance(slots, list):
            raise _bad("'slots' must be a list")
        return cls(tuple(Slot.from_json(s) for s in slots))

    def sorted_slots(self) -> list[Slot]:
        return sorted(self.slots, key=lambda s: (s.time, sorted(s.days), s.bulletins))

    # -- time -------------------------------------------------------------------
    def occurrences(self, start: datetime, end: datetime, tz: tzinfo) -> list[Occurrence]:
        """Every enabled slot moment in (start, end], oldest first."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("occurrences need aware datetimes")
        start = max(start, end - _LOOKBACK)
        out: list[Occurrence] = []
        day: date = start.astimezone(tz).date() - timedelta(days=1)
        last_day = end.astimezone(tz).date()
        while day <= last_day:
            for slot in self.slots:
                if slot.enabled and day.weekday() in slot.days:
                    at = datetime.combine(day, slot.clock, tzinfo=tz)
                    if start < at <= end:
                        out.append(Occurrence(at, slot))
            day += timedelta(days=1)
        out.sort(key=lambda o: (o.at, o.slot.time))
        return out

    def due(self, last_check: datetime, now: datetime, tz: tzinfo, *,
            grace: timedelta = GRACE) -> list[Occurrence]:
        """Slots to play now: passed since `last_check`, and no longer ago than `grace`."""
        return [o for o in self.occurrences(last_check, now, tz) if now - o.at <= grace]

    def next_after(self, now: datetime, tz: tzinfo) -> Occurrence | None:
        found = self.occurrences(now, now + timedelta(days=7, minutes=1), tz)
        return found[0] if found else None


# -- catalog storage -----------------------------------------------------------------
#: What can be wrong with a stored slot row (`DamagedSlot.problem`); the panel words each.
PROBLEMS = ("time", "days", "bulletins", "enabled")


@dataclass(frozen=True)
class DamagedSlot:
    """A stored slot row that cannot be read (a damaged or hand-edited catalog).

    It is skipped, not played: one bad row must not silence every other slot.
    The broadcaster logs it once and the panel lists it with `problem` in
    plain words, so the librarian can see why that time stays silent.
    """

    source: str
    num: int
    time: str  # the stored time as text ("" when there is none), to tell rows apart
    problem: str  # one of PROBLEMS
    detail: str  # what was found, in English, for the log


class _RowProblem(Exception):
    """Why one stored row cannot be read (caught in `load_schedule`)."""

    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(detail)
        self.problem, self.detail = problem, detail


def _stored_days(value: Any) -> frozenset[int]:
    """The stored "0,1,4" (Monday = 0); a hand-edited "mon,tue" or "daily" is read too."""
    if not isinstance(value, str) or not value.strip():
        raise _RowProblem("days", f"days {value!r} is not a list of weekdays")
    parts = [p.strip() for p in value.split(",")]
    if all(p.isascii() and p.isdigit() for p in parts):
        days = frozenset(int(p) for p in parts)
        if all(d <= 6 for d in days):
            return days
        raise _RowProblem("days", f"days {value!r}: weekdays are 0 (Monday) to 6")
    try:
        return parse_days(value)
    except InvalidInput as exc:
        raise _RowProblem("days", f"days {value!r}: {exc}") from exc


def _stored_bulletins(value: Any) -> tuple[str, ...]:
    try:
        bulletins = json.loads(value) if isinstance(value, str | bytes) else None
    except ValueError:
        bulletins = None
    if not isinstance(bulletins, list) or not bulletins \
            or not all(isinstance(b, str) and b.strip() for b in bulletins):
        raise _RowProblem("bulletins", f"bulletins {value!r} is not a list of item ids")
    return tuple(bulletins)


def _stored_slot(row: dict[str, Any]) -> Slot:
    if not isinstance(row["time"], str) or not _TIME.fullmatch(row["time"]):
        raise _RowProblem("time", f"time {row['time']!r} is not HH:MM (00:00–23:59)")
    enabled = row["enabled"]
    if isinstance(enabled, bool) or enabled not in (0, 1):
        raise _RowProblem("enabled", f"enabled {enabled!r} is neither 0 nor 1")
    return Slot(row["time"], _stored_bulletins(row["bulletins"]), _stored_days(row["days"]),
                bool(enabled))


def load_schedule(catalog: Catalog, *, source: str | None = None) -> Schedule:
    """The stored schedule: every source's slots together, or only `source`'s.

    A row that cannot be read is left out of `slots` and listed in `damaged`
    (never raised): every other slot still plays.
    """
    sql = "SELECT num, source, time, days, bulletins, enabled FROM schedule_slots"
    params: list[Any] = []
    if source is not None:
        sql += " WHERE source = ?"
        params.append(source)
    slots: list[Slot] = []
    damaged: list[DamagedSlot] = []
    for row in catalog.query(sql + " ORDER BY time, num", params):
        try:
            slots.append(_stored_slot(row))
        except _RowProblem as bad:
            stored_time = row["time"] if isinstance(row["time"], str) else ""
            damaged.append(DamagedSlot(str(row["source"]), int(row["num"]), stored_time,
                                       bad.problem, bad.detail))
    return Schedule(tuple(slots), damaged=tuple(damaged))


def save_schedule(catalog: Catalog, schedule: Schedule, *, source: str = "local") -> None:
    """Replace `source`'s slots with `schedule`'s, in one transaction."""
    with catalog.atomic():
        catalog.execute("DELETE FROM schedule_slots WHERE source = ?", [source])
        for slot in schedule.sorted_slots():
            catalog.execute(
                "INSERT INTO schedule_slots (source, time, days, bulletins, enabled) "
                "VALUES (?, ?, ?, ?, ?)",
                [source, slot.time, ",".join(str(d) for d in sorted(slot.days)),
                 json.dumps(list(slot.bulletins), ensure_ascii=False), int(slot.enabled)])


#: The key of a repository index's `extensions` object that holds its schedule.
EXTENSION_KEY = "schedule"


def apply_extensions(catalog: Catalog, source: str, extensions: dict[str, Any]) -> Schedule:
    """Store the schedule a repository's index carries (or clear that repository's slots).

    For the repository import, inside its transaction: `extensions` is the
    index's `extensions` object; a bad schedule raises `InvalidInput` before
    anything is written, so the import can refuse the index whole. The
    librarian's own slots ("local") are never touched.
    """
    if source == "local":
        raise _bad("a repository cannot be named 'local'")
    data = (extensions or {}).get(EXTENSION_KEY)
    schedule = Schedule() if data is None else Schedule.from_json(data)
    save_schedule(catalog, schedule, source=source)
    return schedule
