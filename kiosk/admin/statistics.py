"""Thống kê: the series the bar charts draw, a date range, CSV export to a stick.

The charts are plain QML bars (`Bars.qml`) over lists of ``{label, value}``
computed here from the `StatsStore`; counts shown on the station are exact,
the CSV export leaves out counts below 5 (`StatsStore.export_rows`). The
export reads every count of the range and writes to a stick, either of which
may take long (a year of figures, a slow or failing stick): it runs as the
panel's other long jobs do (`kiosk.tasks.Tasks`, ``long=True``), never on the
GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from library.catalog import Catalog
from library.errors import LibraryError, NotFound
from library.stats import StatsStore, collection_totals, rows_to_csv

from ..language import error_text, failure_text
from ..models.collections import tile_name

Series = list[dict[str, Any]]


def _series(name: str, notify: Any) -> Any:
    """A read-only QML list property over one series of ``{label, value}``."""

    def get(self: StatsController) -> Series:
        return list(self._data.get(name, []))

    return Property("QVariantList", get, notify=notify)


class StatsController(QObject):
    changed = Signal()

    def __init__(self, store: StatsStore, catalog: Catalog, today: Callable[[], str],
                 tasks: Any, *, station_name: str = "",
                 stick_folders: Callable[[], list[Path]] | None = None,
                 counting: Callable[[], bool] | None = None,
                 parent: QObject | None = None) -> None:
        """`counting()` says whether `admin.stats_enabled` is on (the panel asks the
        station's config; without it counting is taken as on and nothing is said).
        `tasks` (`kiosk.tasks.Tasks`) runs the CSV export."""
        super().__init__(parent)
        self._store, self._catalog, self._today = store, catalog, today
        self._tasks = tasks
        self._busy = False  # the CSV export is running
        self._counting = counting or (lambda: True)
        # the station picks its sink (counting or not) when it starts, as the panel is made
        self._counted_at_start = self._counting()
        self._counting_now = self._counted_at_start
        self._station = station_name
        self._sticks = stick_folders or (lambda: [])
        self._range = "30"
        self._start, self._end = "", ""
        self._data: dict[str, Any] = {}
        self._message = ""
        self._problem = False  # the message says reading or exporting failed (warning colour)
        self.setRange("30")

    # -- range --------------------------------------------------------------------
    @Slot(str)
    def setRange(self, preset: str) -> None:
        """``7``, ``30`` (days back from today), ``month`` (this month) or ``all``."""
        today = date.fromisoformat(self._today())
        if preset == "all":
            self._start, self._end = "", ""
        elif preset == "month":
            self._start, self._end = today.replace(day=1).isoformat(), today.isoformat()
        else:
            days = int(preset) if preset.isdigit() else 30
            self._start = (today - timedelta(days=days - 1)).isoformat()
            self._end = today.isoformat()
        self._range = preset
        self.refresh()

    @Slot(str, str)
    def setDates(self, start: str, end: str) -> None:
        self._start, self._end, self._range = start, end, "custom"
        self.refresh()

    def _p_range(self) -> str:
        return self._range

    rangeName = Property(str, _p_range, notify=changed)

    def _p_label(self) -> str:
        if not self._start and not self._end:
            return QCoreApplication.translate("Stats", "Toàn bộ thời gian")
        return f"{_vi_day(self._start)} – {_vi_day(self._end)}"

    rangeLabel = Property(str, _p_label, notify=changed)

    # -- data ---------------------------------------------------------------------
    def _title(self, item_id: str) -> str:
        try:
            return self._catalog.get(item_id).title
        except NotFound:
            return item_id

    def _kind(self, item_id: str) -> str | None:
        try:
            return self._catalog.get(item_id).kind
        except NotFound:
            return None

    # -- counting switched off ---------------------------------------------------
    def _p_counting_off(self) -> bool:
        return not self._counted_at_start

    # `admin.stats_enabled` was off when the station started: the figures stay at
    # what was counted before, and zeros do not mean that nobody came.
    countingOff = Property(bool, _p_counting_off, notify=changed)

    def _p_counting_text(self) -> str:
        if not self._counted_at_start and not self._counting_now:
            return QCoreApplication.translate(
                "Stats", "Trạm đang TẮT việc đếm lượt sử dụng (admin.stats_enabled = false): "
                "các con số dưới đây không cho biết có ai đến hay không. Bật lại ở Cài đặt › "
                "«Đếm lượt sử dụng», rồi khởi động lại trạm.")
        if not self._counted_at_start:
            return QCoreApplication.translate(
                "Stats", "Đã bật việc đếm lượt sử dụng. Trạm bắt đầu đếm sau khi khởi động "
                "lại; đến lúc đó các con số dưới đây chưa tăng.")
        if not self._counting_now:
            return QCoreApplication.translate(
                "Stats", "Đã tắt việc đếm lượt sử dụng. Trạm thôi đếm sau khi khởi động lại.")
        return ""

    # what the librarian must know before reading the figures ("" while counting is on)
    countingText = Property(str, _p_counting_text, notify=changed)

    @Slot()
    def refresh(self) -> None:
        self._counting_now = self._counting()
        s, e, store = self._start or None, self._end or None, self._store
        try:
            daily = {name: store.daily_totals(name, s, e) for name in ("view", "audio", "qr")}
            unit = period_unit([d for series in daily.values() for d, _ in series],
                               self._start, self._end or self._today())
            totals = store.totals(s, e)
            # «Lượt tìm» is every search the visitors made; the store counts those that
            # found something ("search") apart from those that did not ("search_none").
            totals["search_all"] = totals.get("search", 0) + totals.get("search_none", 0)
            self._data = {
                "totals": totals,
                "unit": unit,
                "viewsPerDay": by_period(daily["view"], unit),
                "audioPerDay": by_period(daily["audio"], unit),
                "qrPerDay": by_period(daily["qr"], unit),
                "topItems": [{"label": self._title(i), "value": n}
                             for i, n in store.top_items("view", s, e, limit=10)],
                "topCollections": [{"label": tile_name(k), "value": n}
                                   for k, n in collection_totals(store, self._kind, "view",
                                                                 s, e)],
                "zeroSearches": [{"label": t, "value": n}
                                 for t, n in store.search_terms(s, e, found=False, limit=15)],
            }
            if not self._busy:  # «Đang ghi…» stays until the export says how it went
                self._message, self._problem = "", False
        except LibraryError as exc:  # stats.db unreadable
            self._data = {}
            self._message, self._problem = error_text(exc), True
        self.changed.emit()

    viewsPerDay = _series("viewsPerDay", changed)
    audioPerDay = _series("audioPerDay", changed)
    qrPerDay = _series("qrPerDay", changed)
    topItems = _series("topItems", changed)
    topCollections = _series("topCollections", changed)
    zeroSearches = _series("zeroSearches", changed)

    def _p_unit(self) -> str:
        return str(self._data.get("unit", "day"))

    #: what one bar of the "per day" charts counts: ``day``, ``week`` or ``month``
    periodUnit = Property(str, _p_unit, notify=changed)

    def _p_totals(self) -> dict[str, int]:
        return dict(self._data.get("totals", {}))

    totals = Property("QVariantMap", _p_totals, notify=changed)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    def _p_problem(self) -> bool:
        return self._problem

    problem = Property(bool, _p_problem, notify=changed)

    def _p_busy(self) -> bool:
        return self._busy

    #: The CSV export is running: «Xuất CSV ra USB» waits, a bar moves, the figures stay.
    busy = Property(bool, _p_busy, notify=changed)

    # -- export -------------------------------------------------------------------
    @Slot()
    def exportToStick(self) -> None:
        """«Xuất CSV ra USB»: the range shown, counts below 5 left out, onto the first
        writable stick; read and written on a worker thread, told when done."""
        from library.report import write_stats_csv

        if self._busy:
            return
        # a stick pulled out since it was listed: never write (and make) its folder on the
        # station's own disk and call that "on the USB"
        sticks = [folder for folder in self._sticks() if folder.is_dir()]
        self._problem = False
        if not sticks:
            self._message = QCoreApplication.translate("Stats", "Hãy cắm USB để xuất số liệu.")
            self.changed.emit()
            return
        stick = sticks[0]
        name = f"thong-ke-{self._start or 'dau'}-den-{self._end or self._today()}.csv"
        start, end, store = self._start or None, self._end or None, self._store

        def work() -> tuple[int, Path]:
            rows = store.export_rows(start, end)
            return len(rows), write_stats_csv(stick / name, rows_to_csv(rows))

        def done(written: tuple[int, Path]) -> None:
            count, target = written
            self._busy = False
            self._message = QCoreApplication.translate(
                "Stats", "Đã ghi %n dòng vào USB: %1", None, count).replace(
                "%1", f"{stick.name}/{target.name}")  # which stick, when two are in
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._busy, self._problem = False, True
            self._message = failure_text(error, "CSV export")
            self.changed.emit()

        self._busy = True
        self._message = QCoreApplication.translate("Stats", "Đang ghi số liệu ra USB…")
        self.changed.emit()
        self._tasks.run(work, done, failed, long=True)


#: At most this many bars per chart: one a day up to a month, then one a week, then a month.
MAX_DAYS, MAX_WEEKS = 31, 26


def period_unit(days: list[str], start: str, end: str) -> str:
    """``day``, ``week`` or ``month``: what one bar stands for over this range.

    Chosen from the range shown (or, for «Tất cả», from the first day with
    figures to today), the same for every chart, so a bar is never so thin
    that its days cannot be read, and the most recent period is always there.
    """
    first = start or (min(days) if days else "")
    if not first or not end:
        return "day"
    try:
        span = (date.fromisoformat(end) - date.fromisoformat(first)).days + 1
    except ValueError:
        return "day"
    if span <= MAX_DAYS:
        return "day"
    return "week" if span <= MAX_WEEKS * 7 else "month"


def by_period(daily: list[tuple[str, int]], unit: str) -> Series:
    """Daily totals summed per `unit`, oldest first, labelled as the librarian reads dates:
    the day (d/m), the Monday a week starts (d/m), or the month (m/yyyy)."""
    sums: dict[date, int] = {}
    for day, n in daily:
        d = date.fromisoformat(day)
        if unit == "week":
            d -= timedelta(days=d.weekday())
        elif unit == "month":
            d = d.replace(day=1)
        sums[d] = sums.get(d, 0) + n
    return [{"label": f"{d.month}/{d.year}" if unit == "month" else f"{d.day}/{d.month}",
             "value": n} for d, n in sorted(sums.items())]


def _vi_day(day: str, *, short: bool = False) -> str:
    if not day:
        return "…"
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{d.day}/{d.month}" if short else f"{d.day}/{d.month}/{d.year}"
