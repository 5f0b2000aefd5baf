"""Tình trạng: the health report, a background integrity check, the report written to a stick.

Everything slow (hashing every object, sizing the store, writing to a
stick) runs through `kiosk.tasks.Tasks` with its own catalog connection.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Qt, Signal, Slot

from library.broken_in_memory import BrokenInMemory, still_shut
from library.catalog import Catalog
from library.config import Config
from library.errors import LibraryError, StorageError
from library.paths import DataPaths
from library.sizes import human_size
from library.station_disk import open_station_catalog
from library.stats import StatsStore

from ..language import current as current_language
from ..language import failure_text

#: At most this many flagged items are listed on the screen (the count says how many in
#: all): a damaged pack could flag hundreds, and the list must stay a list to act on.
BROKEN_SHOWN = 50


#: What the screen shows after each task: the health report and `broken_rows`.
Shown = tuple[dict[str, Any], list[dict[str, Any]]]


def broken_rows(catalog: Catalog, in_memory: list[str] | tuple[str, ...] = ()
                ) -> list[dict[str, Any]]:
    """The items that do not open as the screen lists them: id, title, kind in the panel's
    language, and `inMemory`. First those shut only in the kiosk's memory (`in_memory`:
    `BrokenInMemory.ids`, their flag refused by a full or read-only disk: the librarian
    must know them now, they are forgotten when the kiosk restarts), then the flagged
    ones, both by title."""
    from library.vietnamese import sort_key

    from ..models.collections import kind_name

    kept = sorted(still_shut(catalog, in_memory), key=lambda i: sort_key(i.title))

    def row(item: Any, memory: bool) -> dict[str, Any]:
        return {"id": item.id, "title": item.title, "kind": item.kind,
                "kindName": kind_name(item.kind), "inMemory": memory}

    return ([row(i, True) for i in kept]
            + [row(i, False) for i in catalog.broken_items(limit=BROKEN_SHOWN)])


class HealthController(QObject):
    changed = Signal()
    _progressed = Signal(float, float)

    def __init__(self, paths: DataPaths, config: Config, stats: StatsStore, tasks: Any, *,
                 stick_folders: Callable[[], list[Path]] | None = None,
                 read_only_because: StorageError | None = None,
                 broken_in_memory: BrokenInMemory | None = None,
                 parent: QObject | None = None) -> None:
        """`read_only_because`: the kiosk's catalog is read-only for this reason (its
        `refusal`, `library.station_disk`): the tasks' catalogs are opened so too.
        `broken_in_memory`: the kiosk's items shut in memory, listed with the flagged."""
        super().__init__(parent)
        self._paths, self._config, self._stats, self._tasks = paths, config, stats, tasks
        self._read_only_because = read_only_because
        self._in_memory = broken_in_memory if broken_in_memory is not None \
            else BrokenInMemory()
        self._sticks = stick_folders or (lambda: [])
        self._report: dict[str, Any] = {}
        self._broken: list[dict[str, Any]] = []
        self._busy = ""
        self._progress = 0.0
        self._message = ""
        self._problem = False  # the message says something went wrong (warning colour)
        self._cancel = threading.Event()
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    # -- properties -------------------------------------------------------------
    def _p_facts(self) -> list[dict[str, str]]:
        r = self._report
        if not r:
            return []
        disk, cat = r.get("disk", {}), r.get("catalog", {})
        verified = r.get("objects_verified")
        if verified is None:
            check = QCoreApplication.translate("Health", "Chưa kiểm tra")
        elif verified.get("ok"):
            checked = int(verified["checked"])
            check = QCoreApplication.translate(
                "Health", "%n tệp nguyên vẹn (%1)", None, checked).replace(
                "%1", self._local_day(str(verified.get("at", ""))))
        else:
            broken = len(verified.get("bad", [])) + len(verified.get("missing", []))
            check = QCoreApplication.translate(
                "Health", "%n tệp hỏng/thiếu trên %1", None, broken).replace(
                "%1", str(verified["checked"]))
        sync = r.get("last_sync")
        expiring = False  # the index of a library expires soon or has expired
        if isinstance(sync, list) and sync:
            # one line per library the station follows, named, so two are never confused,
            # and under it what `status.expiry` says of the index it holds
            lines = []
            for s in sync:
                lines.append((f"{s.get('title') or s.get('id')}: "
                              if s.get("title") or s.get("id") else "")
                             + str(s.get("status_vi", "")))
                said = s.get("expiry")
                if isinstance(said, dict):
                    expiring = True
                    lines.append(str(said.get("text_vi") if current_language() == "vi"
                                     else said.get("text")))
            sync_text = "\n".join(lines)
        else:
            sync_text = QCoreApplication.translate("Health", "Chưa đồng bộ lần nào")
        voice = r.get("voice", {})
        items = int(cat.get("items", 0))
        return [
            self._disk_fact(disk),
            {"label": QCoreApplication.translate("Health", "Thư viện"),
             "value": QCoreApplication.translate(
                 "Health", "%n mục, %1", None, items).replace(
                 "%1", human_size(int(cat.get("objects_bytes", 0)), current_language()))},
            # damaged or missing files: in the warning colour, like a missing voice
            {"label": QCoreApplication.translate("Health", "Kiểm tra tệp"), "value": check,
             "warning": verified is not None and not verified.get("ok")},
            {"label": QCoreApplication.translate("Health", "Đồng bộ"), "value": sync_text,
             "warning": expiring},
            self._voice_fact(voice),
            {"label": QCoreApplication.translate("Health", "Phiên bản"),
             "value": str(r.get("app_version", ""))},
        ]

    facts = Property("QVariantList", _p_facts, notify=changed)

    def _disk_fact(self, disk: dict[str, Any]) -> dict[str, Any]:
        """«Dung lượng trống», and in the warning colour when the data folder cannot be
        written (`library.station_disk`): visitors still read, but nothing is kept. Once
        it can again while the kiosk still shows its library read-only, the librarian
        reads that the kiosk takes up writing by itself (`kiosk.disk_return`) — at the
        next quiet moment, so not while this panel is open."""
        free = int(disk.get("free_bytes", 0))
        value = human_size(free, current_language())
        # the report's: for a kiosk still read-only, "full" until there is the room it
        # waits for to write again (`library.report.health_report`)
        state = disk.get("cannot_write")
        upgrade = int(disk.get("upgrade_needs_bytes", 0))
        if state == "full" and upgrade:
            # a new program waits for room to upgrade the catalog: "full" would send the
            # librarian looking for a full disk that shows tens of megabytes free
            lang = current_language()
            value += " — " + QCoreApplication.translate(
                "Health", "Chưa đủ chỗ để nâng cấp cơ sở dữ liệu cho phiên bản mới (cần "
                "%1): trạm đang cho xem thư viện từ bản sao trong bộ nhớ. Khách vẫn xem, "
                "tìm, đọc và lấy mã QR được, nhưng trạm không ghi được gì (số lượt sử dụng, "
                "cài đặt, lịch phát, nhật ký) cho đến khi đĩa còn trống %2. Có đủ chỗ rồi "
                "thì trạm tự nâng cấp và ghi lại như thường vào lúc không có ai dùng, không "
                "cần khởi động lại.").replace("%1", human_size(upgrade, lang)).replace(
                "%2", human_size(int(disk.get("resume_free_bytes", upgrade)), lang))
        elif state == "full":
            value += " — " + QCoreApplication.translate(
                "Health", "Đĩa đã đầy: khách vẫn xem, tìm, đọc và lấy mã QR được, nhưng trạm "
                "không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, nhật ký) cho đến khi "
                "xoá bớt tệp trên đĩa. Có chỗ trống rồi thì trạm tự ghi lại như thường vào "
                "lúc không có ai dùng, không cần khởi động lại.")
        elif state is not None:
            value += " — " + QCoreApplication.translate(
                "Health", "Thư mục dữ liệu chỉ cho đọc: khách vẫn xem, tìm, đọc và lấy mã QR "
                "được, nhưng trạm không ghi được gì (số lượt sử dụng, cài đặt, lịch phát, "
                "nhật ký) cho đến khi cho phép ghi. Khi đó trạm tự ghi lại như thường vào "
                "lúc không có ai dùng, không cần khởi động lại.")
        elif self._read_only_because is not None:
            value += " — " + QCoreApplication.translate(
                "Health", "Đĩa đã ghi được trở lại: trạm sẽ tự ghi lại như thường vào lúc "
                "không có ai dùng (sau khi đóng trang thủ thư), không cần khởi động lại.")
        return {"label": QCoreApplication.translate("Health", "Dung lượng trống"),
                "value": value, "warning": state is not None}

    @staticmethod
    def _voice_fact(voice: dict[str, Any]) -> dict[str, Any]:
        """«Giọng đọc»: found or not, and a warning when `speech.voice` is not Vietnamese.

        A foreign voice (``en-us``) is found and speaks, but reads every bulletin
        with foreign sounds; «Có» would tell the librarian all is well.
        """
        name = str(voice.get("voice", ""))
        label = QCoreApplication.translate("Health", "Giọng đọc")
        if not voice.get("found"):
            return {"label": label, "warning": True, "value": QCoreApplication.translate(
                "Health", "Không tìm thấy") + f" ({name})"}
        if voice.get("vietnamese") is False:
            return {"label": label, "warning": True, "value": QCoreApplication.translate(
                "Health", "Giọng đã chọn (%1) không phải giọng tiếng Việt: bản tin sẽ bị "
                "đọc sai. Chọn lại ở Cài đặt › Giọng đọc.").replace("%1", name)}
        return {"label": label, "warning": False,
                "value": QCoreApplication.translate("Health", "Có") + f" ({name})"}

    def _local_day(self, moment: str) -> str:
        """An ISO time (UTC) from the report as the station's own date, dd/mm/yyyy."""
        from datetime import UTC, datetime

        try:
            when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(self._config.running_zone()).strftime("%d/%m/%Y")
        except (ValueError, LibraryError):
            return moment[:10]

    def _p_errors(self) -> list[str]:
        return list(self._report.get("recent_errors", []))

    recentErrors = Property("QStringList", _p_errors, notify=changed)

    def _p_broken(self) -> list[dict[str, Any]]:
        return list(self._broken)

    #: Items that failed to open or play: those shut in memory only (`inMemory`), then
    #: those flagged `broken`, at most `BROKEN_SHOWN` of these.
    brokenItems = Property("QVariantList", _p_broken, notify=changed)

    def _p_broken_count(self) -> int:
        in_memory = sum(1 for row in self._broken if row.get("inMemory"))
        return int(self._report.get("broken", {}).get("count", 0)) + in_memory

    brokenCount = Property(int, _p_broken_count, notify=changed)

    def _p_broken_text(self) -> str:
        count = self._p_broken_count()
        if not self._report:
            return ""
        if count == 0:
            return QCoreApplication.translate("Health", "Mọi mục đều mở được.")
        text = QCoreApplication.translate(
            "Health", "%n mục không mở được lần trước nên khách đang không xem được. "
            "«Thử lại» để lần sau mở lại.", None, count)
        if count > len(self._broken):
            text += " " + QCoreApplication.translate(
                "Health", "(Hiện %1 mục đầu.)").replace("%1", str(len(self._broken)))
        return text

    #: One line over the list: how many are flagged, or that none is.
    brokenText = Property(str, _p_broken_text, notify=changed)

    def _p_busy(self) -> str:
        return self._busy

    busy = Property(str, _p_busy, notify=changed)

    def _p_progress(self) -> float:
        return self._progress

    progress = Property(float, _p_progress, notify=changed)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    def _p_problem(self) -> bool:
        return self._problem

    #: The message reports a failure or damaged files: shown in the warning colour, so
    #: «USB đã đầy» does not read like «Đã ghi báo cáo».
    problem = Property(bool, _p_problem, notify=changed)

    def report(self) -> dict[str, Any]:
        return dict(self._report)

    # -- actions ------------------------------------------------------------------
    def _run(self, what: str, job: Callable[[Catalog], Any],
             done: Callable[[Any], None]) -> None:
        if self._busy:
            return
        self._busy, self._progress, self._message, self._problem = what, 0.0, "", False
        self._cancel.clear()
        self.changed.emit()
        paths, because = self._paths, self._read_only_because

        def work() -> Any:
            # read-only on a full disk: the report still shows, and «Thử lại» says why not
            with open_station_catalog(paths, read_only_because=because) as own:
                return job(own)

        def ok(result: Any) -> None:
            self._busy = ""
            done(result)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._busy, self._problem = "", True
            self._message = failure_text(error, "health task")
            self.changed.emit()

        self._tasks.run(work, ok, failed, long=True)

    def _read(self, cat: Catalog) -> Shown:
        """In the task: the report and the flagged items the screen shows."""
        from library.report import health_report

        in_memory = self._in_memory.ids()
        return (health_report(self._paths, cat, self._config, running=True,
                              broken_in_memory=in_memory),
                broken_rows(cat, in_memory))

    def _show(self, shown: Shown) -> None:
        self._report, self._broken = shown

    @Slot()
    def refresh(self) -> None:
        self._run("refresh", self._read, self._show)

    @Slot(str)
    def retry(self, item_id: str) -> None:
        """«Thử lại»: clear the item's `broken` flag, so the next visitor's open tries the
        file again (a flag may come from a passing fault: a timeout on a busy station).
        If it fails again, the kiosk flags it again. An item shut in memory only is let
        out of it: that writes nothing, so it works on the full disk too. One both shut
        in memory and flagged since (listed with the flagged, `still_shut`) is let out
        of both, or the tap would leave it shut and still listed."""

        def job(cat: Catalog) -> tuple[str, Shown]:
            item = cat.get(item_id)
            in_memory = self._in_memory.forget(item_id)
            if item.broken or not in_memory:
                item = cat.set_flags(item_id, broken=False)
            return item.title, self._read(cat)

        def done(out: tuple[str, Shown]) -> None:
            title, shown = out
            self._show(shown)
            self._message = QCoreApplication.translate(
                "Health", "«%1» sẽ được mở lại cho khách tiếp theo.").replace("%1", title)

        self._run("retry", job, done)

    @Slot()
    def checkIntegrity(self) -> None:
        from library.report import check_integrity

        def job(cat: Catalog) -> tuple[Any, Shown]:
            result = check_integrity(cat, progress=lambda d, t: self._progressed.emit(d, t),
                                     cancel=self._cancel)
            return result, self._read(cat)

        def done(out: tuple[Any, Shown]) -> None:
            result, shown = out
            self._show(shown)
            if result.cancelled:
                self._message = QCoreApplication.translate("Health", "Đã dừng kiểm tra.")
            elif result.ok:
                checked = result.checked
                self._message = QCoreApplication.translate(
                    "Health", "Mọi tệp đều nguyên vẹn (%n tệp).", None, checked)
            else:
                self._problem = True
                broken = len(result.bad) + len(result.missing)
                self._message = QCoreApplication.translate(
                    "Health", "Có %n tệp hỏng hoặc thiếu. Hãy nạp lại gói nội dung.", None, broken)

        self._run("integrity", job, done)

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()

    def _show_progress(self, done: float, total: float) -> None:
        self._progress = done / total if total else 0.0
        self.changed.emit()

    @Slot()
    def writeReport(self) -> None:
        from library.report import write_report

        sticks = self._sticks()
        if not sticks:
            self._message = QCoreApplication.translate("Health", "Hãy cắm USB để ghi báo cáo.")
            self._problem = False  # an instruction, nothing broke
            self.changed.emit()
            return
        stick = sticks[0]

        def job(cat: Catalog) -> Any:
            # the items shut in memory go too: the province sees which files to replace
            return write_report(stick, paths=self._paths, catalog=cat, config=self._config,
                                stats=self._stats, running=True,
                                broken_in_memory=self._in_memory.ids())

        def done(written: Any) -> None:
            self._message = QCoreApplication.translate(
                "Health", "Đã ghi báo cáo ra USB: %1").replace(
                "%1", f"{stick.name}/{written.folder.parent.name}/{written.folder.name}")
            if written.stats_error:  # the health part went, the counts could not be read
                self._problem = True
                self._message += "\n" + QCoreApplication.translate(
                    "Health", "Báo cáo không có số lượt sử dụng: không đọc được tệp số liệu "
                    "(stats.db). Chỉ phần tình trạng trạm được ghi.")

        self._run("report", job, done)

    @Slot(result=str)
    def reportJson(self) -> str:
        return json.dumps(self._report, ensure_ascii=False, indent=2)
