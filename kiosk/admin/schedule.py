"""Bản tin: the librarian's own broadcast timetable (source "local"), with a test play.

Slots from the provincial repository (other sources) are shown read-only;
the librarian edits only the station's own. Every change is saved at once
through `library.schedule.save_schedule` (one transaction). "Nghe thử"
emits `testPlayRequested(ids)`; the kiosk's broadcaster plays those
bulletins (`panel.install` connects it with `attach_player`). The panel stays
usable meanwhile: «Dừng» emits `testStopRequested`, and the broadcaster's
end (`testPlayEnded`) clears «Đang phát thử…», so the line never claims a
playback that is over.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog, Item
from library.errors import LibraryError, NotFound
from library.schedule import DAY_SETS, WEEKDAYS, Schedule, load_schedule, save_schedule
from library.schedule import Slot as TimeSlot

from ..controllers.visit import has_sound, is_recording
from ..language import error_text
from .listmodel import RowsModel

#: Day names, translated when a row is made.
DAY_NAMES = {"daily": QT_TRANSLATE_NOOP("Schedule", "Hằng ngày"),
             "weekdays": QT_TRANSLATE_NOOP("Schedule", "Thứ Hai – Thứ Sáu"),
             "weekends": QT_TRANSLATE_NOOP("Schedule", "Thứ Bảy, Chủ nhật")}
WEEKDAY_SHORT = (QT_TRANSLATE_NOOP("Schedule", "T2"), QT_TRANSLATE_NOOP("Schedule", "T3"),
                 QT_TRANSLATE_NOOP("Schedule", "T4"), QT_TRANSLATE_NOOP("Schedule", "T5"),
                 QT_TRANSLATE_NOOP("Schedule", "T6"), QT_TRANSLATE_NOOP("Schedule", "T7"),
                 QT_TRANSLATE_NOOP("Schedule", "CN"))
#: Why a stored row is damaged (`library.schedule.DamagedSlot.problem`), in plain words.
DAMAGE = {"time": QT_TRANSLATE_NOOP("Schedule", "Giờ phát không đọc được"),
          "days": QT_TRANSLATE_NOOP("Schedule", "Ngày phát không đọc được"),
          "bulletins": QT_TRANSLATE_NOOP("Schedule", "Danh sách bản tin không đọc được"),
          "enabled": QT_TRANSLATE_NOOP("Schedule", "Không rõ đang bật hay tắt")}
ROLES = ("slotIndex", "time", "daysText", "titles", "enabled", "local", "damaged")


class ScheduleController(QObject):
    changed = Signal()
    testPlayRequested = Signal("QStringList")
    testStopRequested = Signal()
    saved = Signal()  # the station's own slots were written: the broadcaster reads them again

    def __init__(self, catalog: Catalog, config: Any, parent: QObject | None = None, *,
                 broken_in_memory: BrokenInMemory | None = None) -> None:
        """`broken_in_memory`: the kiosk's items shut in memory, which the loudspeaker
        skips as it skips the flagged (`KioskApp.broken_in_memory`)."""
        super().__init__(parent)
        self._catalog, self._config = catalog, config
        self._broken_in_memory = broken_in_memory if broken_in_memory is not None \
            else BrokenInMemory()
        self.slots = RowsModel(ROLES, self)
        self.bulletins = RowsModel(("itemId", "title", "chosen", "note"), self)
        self._local: list[TimeSlot] = []
        self._hour, self._minute, self._days = 6, 0, "daily"
        self._chosen: list[str] = []
        self._message = ""
        self._testing = False
        self._has_player = False

    # -- properties -------------------------------------------------------------
    def _p_slots(self) -> QObject:
        return self.slots

    slotsModel = Property(QObject, _p_slots, constant=True)

    def _p_bulletins(self) -> QObject:
        return self.bulletins

    bulletinsModel = Property(QObject, _p_bulletins, constant=True)

    def _p_new_time(self) -> str:
        return f"{self._hour:02d}:{self._minute:02d}"

    newTime = Property(str, _p_new_time, notify=changed)

    def _p_days(self) -> str:
        return self._days

    newDays = Property(str, _p_days, notify=changed)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    def _p_testing(self) -> bool:
        return self._testing

    testPlaying = Property(bool, _p_testing, notify=changed)

    # -- reading ------------------------------------------------------------------
    def _title(self, item_id: str) -> str:
        """A slot's bulletin as the librarian knows it; one that is gone or hidden says so,
        since it will not be read at that time."""
        try:
            item = self._catalog.get(item_id)
        except NotFound:
            return QCoreApplication.translate("Schedule", "(bản tin đã bị gỡ)")
        if item.hidden:
            return item.title + " " + QCoreApplication.translate(
                "Schedule", "(đang ẩn, sẽ không phát)")
        note = self._silent_note(item)
        return f"{item.title} {note}" if note else item.title

    def _silent_note(self, item: Item) -> str:
        """Why a bulletin in the catalog would not go on air ("" if it would): empty (the
        broadcaster's own rule, `has_sound`), or a recording flagged as not decoding (or
        shut in memory, its flag refused by a full disk: the broadcaster skips it too)."""
        if not has_sound(self._catalog, item):
            return QCoreApplication.translate("Schedule", "(trống, sẽ không phát)")
        if self._broken_in_memory.is_shut(item) and is_recording(item):
            return QCoreApplication.translate("Schedule", "(tệp hỏng, sẽ không phát)")
        return ""

    @staticmethod
    def _days_text(slot: TimeSlot) -> str:
        name = slot.days_json()
        if isinstance(name, str):
            return QCoreApplication.translate("Schedule", DAY_NAMES[name]) if name in DAY_NAMES \
                else name
        return ", ".join(QCoreApplication.translate("Schedule", WEEKDAY_SHORT[WEEKDAYS.index(d)])
                         for d in name)

    @Slot()
    def refresh(self) -> None:
        self._local = load_schedule(self._catalog, source="local").sorted_slots()
        every = load_schedule(self._catalog)
        others = [s for s in every.sorted_slots() if s not in self._local]
        rows = [{"slotIndex": n, "time": s.time, "daysText": self._days_text(s),
                 "titles": " · ".join(self._title(b) for b in s.bulletins),
                 "enabled": s.enabled, "local": True, "damaged": ""}
                for n, s in enumerate(self._local)]
        rows += [{"slotIndex": -1, "time": s.time, "daysText": self._days_text(s),
                  "titles": " · ".join(self._title(b) for b in s.bulletins),
                  "enabled": s.enabled, "local": False, "damaged": ""} for s in others]
        # A row a damaged catalog holds is listed too, with why it stays silent: a time
        # that never plays with no word on the panel would leave the librarian guessing.
        rows += [{"slotIndex": -1, "time": d.time or "?", "daysText": "",
                  "titles": QCoreApplication.translate("Schedule", "(hỏng, sẽ không phát)"),
                  "enabled": False, "local": d.source == "local",
                  "damaged": QCoreApplication.translate("Schedule", DAMAGE[d.problem])}
                 for d in every.damaged]
        self.slots.set_rows(sorted(rows, key=lambda r: r["time"]))
        items = self._catalog.items(kind="bulletin", order="title")
        self._chosen = [c for c in self._chosen if c in {i.id for i in items}]
        # Empty ones stay in the picker, marked: a bulletin just imported that vanished
        # from the list would leave the librarian asking where it went, and its words may
        # come with the next pack or sync (the same id, filled in) in time for its slot.
        self.bulletins.set_rows([{"itemId": i.id, "title": i.title, "chosen": i.id in self._chosen,
                                  "note": self._silent_note(i)} for i in items])
        self.changed.emit()

    # -- the new slot -------------------------------------------------------------
    @Slot(int)
    def stepHour(self, delta: int) -> None:
        self._hour = (self._hour + delta) % 24
        self.changed.emit()

    @Slot(int)
    def stepMinute(self, delta: int) -> None:
        """«−5'» from 06:00 is 05:55 (the hour follows), and 23:55 «+5'» is 00:00."""
        total = (self._hour * 60 + self._minute + delta) % (24 * 60)
        self._hour, self._minute = divmod(total, 60)
        self.changed.emit()

    @Slot(str)
    def setDays(self, days: str) -> None:
        if days in DAY_SETS:
            self._days = days
            self.changed.emit()

    @Slot(str)
    def toggleBulletin(self, item_id: str) -> None:
        if item_id in self._chosen:
            self._chosen.remove(item_id)
        else:
            self._chosen.append(item_id)
        self.bulletins.update_row("itemId", item_id, {"chosen": item_id in self._chosen})

    def _save(self, slots: list[TimeSlot], message: str) -> None:
        try:
            save_schedule(self._catalog, Schedule(tuple(slots)), source="local")
        except LibraryError as exc:
            self._message = error_text(exc)
            self.changed.emit()
            return
        self._message = message
        self.saved.emit()
        self.refresh()

    @Slot()
    def addSlot(self) -> None:
        if not self._chosen:
            self._message = QCoreApplication.translate(
                "Schedule", "Hãy chọn ít nhất một bản tin.")
            self.changed.emit()
            return
        slot = TimeSlot(self._p_new_time(), tuple(self._chosen), DAY_SETS[self._days])
        self._chosen = []
        if slot in self._local:  # the same time, days and bulletins again: one row, one play
            self._message = QCoreApplication.translate("Schedule", "Đã lưu.")
            self.refresh()
            return
        self._save([*self._local, slot], QCoreApplication.translate(
            "Schedule", "Đã thêm giờ phát %1.").replace("%1", slot.time))

    @Slot(int)
    def removeSlot(self, index: int) -> None:
        if 0 <= index < len(self._local):
            gone = self._local[index]
            self._save([s for n, s in enumerate(self._local) if n != index],
                       QCoreApplication.translate(
                           "Schedule", "Đã xoá giờ phát %1.").replace("%1", gone.time))

    @Slot(int)
    def toggleSlot(self, index: int) -> None:
        if 0 <= index < len(self._local):
            from dataclasses import replace

            slots = list(self._local)
            slots[index] = replace(slots[index], enabled=not slots[index].enabled)
            self._save(slots, QCoreApplication.translate("Schedule", "Đã lưu."))

    # -- test play -----------------------------------------------------------------
    def attach_player(self) -> None:
        """A broadcaster listens to `testPlayRequested` and reports its end to `testPlayEnded`."""
        self._has_player = True

    @Slot(int)
    def testPlay(self, index: int) -> None:
        if 0 <= index < len(self._local):
            # «Đang phát thử…» is said before asking: a slot with nothing playable (its
            # bulletins gone, hidden or empty) ends at once, inside the emit, and that end
            # must clear the line rather than come before it and leave it for ever.
            self._testing = self._has_player
            self._message = (
                QCoreApplication.translate("Schedule", "Đang phát thử…") if self._has_player
                else QCoreApplication.translate(
                    "Schedule", "Trạm chưa có bộ phát bản tin, nên không nghe thử được."))
            self.testPlayRequested.emit(list(self._local[index].bulletins))
            self.changed.emit()

    @Slot()
    def stopTestPlay(self) -> None:
        """«Dừng»: the broadcaster stops the bulletin and what was queued after it."""
        if not self._testing:
            return
        self._testing = False
        self.testStopRequested.emit()
        self._message = QCoreApplication.translate("Schedule", "Đã dừng phát thử.")
        self.changed.emit()

    @Slot()
    def testPlayEnded(self) -> None:
        """The broadcaster finished (or was stopped): no playback to speak of any more."""
        if not self._testing:
            return
        self._testing = False
        self._message = ""
        self.changed.emit()
