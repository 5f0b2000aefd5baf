"""Scheduled bulletins: at their times, the station reads them out under a "Bản tin" banner.

A `QTimer` checks the schedule (`library.schedule`) once a second with an
injectable clock, so tests drive it with a fake clock and no sleeping. The
schedule itself is read from the catalog only when it may have changed
(`reload`, which the kiosk calls after a panel edit, an import or sync, or
another process's commit) and once at each new day, not at every tick. When
slots fall due, their bulletins queue up and play one after another on the
broadcast's own `ListenPlayer`; the visitor's player (and anything else
connected to `pauseOthers`) is paused first. Missed slots are never played
late: the first check after start-up only looks forward from that moment.
The idle reset does not stop a broadcast (a loudspeaker does not stop for
an empty room). In the kiosk each broadcast goes on air at the station's own
volume, unmuted (`kiosk.audio.install`); a visitor may turn it down meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot

from library.broken_in_memory import BrokenInMemory
from library.errors import LibraryError
from library.schedule import DamagedSlot, Schedule

from ..controllers.visit import has_sound, is_recording
from .player import ListenPlayer

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class BroadcastController(QObject):
    """Plays due bulletins, shows the banner, pauses other audio meanwhile."""

    changed = Signal()
    pauseOthers = Signal()  # connect the video player etc.; the listen player is paused here
    started = Signal(str)  # bulletin id
    ended = Signal()

    def __init__(self, player: ListenPlayer, schedule: Callable[[], Schedule],
                 tz: tzinfo | Callable[[], tzinfo], *,
                 clock: Clock | None = None, others: list[ListenPlayer] | None = None,
                 catalog: Any = None, interval_ms: int = 1000,
                 broken_in_memory: BrokenInMemory | None = None,
                 parent: QObject | None = None) -> None:
        """`broken_in_memory`: the kiosk's items shut in memory, skipped like the flagged
        (`KioskApp.broken_in_memory`); by default its player's, else a set of its own."""
        super().__init__(parent)
        self._player = player
        if broken_in_memory is None:
            broken_in_memory = getattr(player, "broken_in_memory", None)
        self._broken_in_memory = broken_in_memory if broken_in_memory is not None \
            else BrokenInMemory()
        self._schedule = schedule
        # a callable zone is asked at every check: «Múi giờ» changed in the panel holds at once
        self._zone: Callable[[], tzinfo] = tz if callable(tz) else (lambda: tz)
        self._clock: Clock = clock or (lambda: datetime.now(self._zone()))
        self._others = list(others or [])
        self._catalog = catalog
        self._queue: list[str] = []
        self._current = ""
        self._title = ""
        self._last: datetime | None = None
        self._reported: set[DamagedSlot] = set()  # damaged rows already logged
        self._cached = Schedule()
        self._read_day: date | None = None  # the station's day it was read on; None: read again
        self._unreadable = ""  # the last reading's failure, logged once
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)
        player.finished.connect(self._next)

    # -- properties --------------------------------------------------------------
    def _p_active(self) -> bool:
        return bool(self._current)

    active = Property(bool, _p_active, notify=changed)

    def _p_banner(self) -> str:
        if not self._title:
            return QCoreApplication.translate("Broadcast", "Bản tin")
        return QCoreApplication.translate("Broadcast", "Bản tin: %1").replace("%1", self._title)

    banner = Property(str, _p_banner, notify=changed)

    def _p_player(self) -> QObject:
        return self._player

    player = Property(QObject, _p_player, constant=True)

    @property
    def queue(self) -> list[str]:
        return list(self._queue)

    # -- running -------------------------------------------------------------------
    def start(self) -> None:
        """Begin watching from now on (earlier slots today are not replayed)."""
        self._last = self._clock()
        self._timer.start()

    def due_within(self, span: timedelta) -> bool:
        """Whether a slot falls due within `span` from now. The kiosk's restart into
        writing (`kiosk.disk_return`) waits then: started again, the kiosk looks only
        forward (missed slots are never played late), so a slot falling due while it
        restarts would go unread."""
        now = self._clock()
        schedule = self._read(now)
        following = schedule.next_after(now, self._zone()) if schedule is not None else None
        return following is not None and following.at - now <= span

    def stop(self) -> None:
        self._timer.stop()
        self._queue.clear()
        if self._current:
            self._player.stop()
            self._end()

    @Slot()
    def check(self) -> None:
        """Queue every bulletin whose slot fell due since the last check."""
        now = self._clock()
        last, self._last = self._last or now, now
        schedule = self._read(now)
        if schedule is None:
            return
        due = schedule.due(last, now, self._zone())
        # Overlapping slots (the station's and the province's, "daily" and "weekdays")
        # that name one bulletin at one moment read it once; a slot that names it twice
        # ("đọc hai lần", as loudspeaker notices often are) reads it twice.
        queued: dict[tuple[datetime, str], int] = {}
        for occurrence in due:
            log.info("broadcast %s: %s", occurrence.at.isoformat(), ", ".join(occurrence.bulletins))
            in_slot: dict[str, int] = {}
            for item_id in occurrence.bulletins:
                in_slot[item_id] = in_slot.get(item_id, 0) + 1
                if in_slot[item_id] > queued.get((occurrence.at, item_id), 0):
                    queued[(occurrence.at, item_id)] = in_slot[item_id]
                    self._queue.append(item_id)
        if self._queue and not self._current:
            self._next()

    @Slot()
    def reload(self) -> None:
        """The schedule may have changed (a panel edit, an import or sync, another
        process's commit): the next check reads it again."""
        self._read_day = None

    def _read(self, now: datetime) -> Schedule | None:
        """The schedule as last read; read again only after `reload` or when the day
        changes, never at every tick: the timer runs on the GUI thread once a second
        for weeks, and the schedule changes a few times a month."""
        day = now.astimezone(self._zone()).date()
        if self._read_day == day:
            return self._cached
        try:
            self._cached = self._schedule()
        except LibraryError as exc:
            if str(exc) != self._unreadable:  # said once, tried again at the next check
                self._unreadable = str(exc)
                log.warning("schedule unreadable: %s", exc)
            return None
        self._read_day, self._unreadable = day, ""
        self._report_damaged(self._cached)
        return self._cached

    def _report_damaged(self, schedule: Schedule) -> None:
        """Log each damaged slot row once (not at every check): it is skipped, the rest
        plays, and the panel's «Bản tin» screen lists it with why."""
        for damaged in schedule.damaged:
            if damaged not in self._reported:
                self._reported.add(damaged)
                log.warning("schedule slot %s #%d (%r) is damaged and skipped: %s",
                            damaged.source, damaged.num, damaged.time, damaged.detail)

    @Slot(str)
    def playNow(self, item_id: str) -> None:
        """The librarian's "phát ngay": broadcast one bulletin at once."""
        self._queue.append(item_id)
        if not self._current:
            self._next()

    @Slot()
    def stopNow(self) -> None:
        """The librarian's «Dừng» after «Nghe thử»: stop the bulletin and those queued after it.

        Unlike `stop`, the schedule keeps being watched: the next slot still plays.
        """
        self._queue.clear()
        if self._current:
            self._player.stop()
            self._end()

    def _next(self) -> None:
        if self._current and self._player.state == "error":
            log.warning("broadcast of %s failed: %s", self._current, self._player.error)
        while self._queue:
            item_id = self._queue.pop(0)
            title = item_id
            if self._catalog is not None:
                try:
                    item = self._catalog.get(item_id)
                except LibraryError:
                    log.warning("scheduled bulletin %s is not in the catalog", item_id)
                    continue
                if item.hidden:  # taken down by the librarian: never broadcast
                    log.info("scheduled bulletin %s is hidden; skipped", item_id)
                    continue
                if self._broken_in_memory.is_shut(item) and is_recording(item):
                    # Its recording did not decode (flagged then, or shut in memory where
                    # the disk refused the flag — by «Nghe» or the reader too): playing it
                    # again would only fail again, slot after slot, until the librarian's
                    # «Thử lại».
                    log.info("scheduled bulletin %s is marked broken; skipped", item_id)
                    continue
                if not has_sound(self._catalog, item):
                    # An empty bulletin would only flash the banner and cut into the
                    # visitor's reading for nothing; the librarian reads why in the log.
                    log.warning("scheduled bulletin %s has nothing to read aloud; skipped",
                                item_id)
                    continue
                title = item.title
            if not self._current:
                self._pause_others()
            self._current, self._title = item_id, title
            self.changed.emit()
            self.started.emit(item_id)
            self._player.playItem(item_id)
            return
        if self._current:
            self._end()
        else:
            # Nothing went on air (every bulletin gone, hidden or empty): whoever waits
            # for the end (the panel's «Đang phát thử…») hears of it now, not never.
            self.ended.emit()

    def _pause_others(self) -> None:
        self.pauseOthers.emit()
        for other in self._others:
            if other.state == "loading":
                other.stop()  # it would start speaking over the bulletin
            else:
                other.pause()

    def _end(self) -> None:
        self._current, self._title = "", ""
        self.changed.emit()
        self.ended.emit()
