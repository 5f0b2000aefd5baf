"""Nạp nội dung: the sticks inserted, their packs, import with progress and cancel, sync.

Imports and syncs run in a child process (`library.repository.worker`),
followed from a `kiosk.tasks.Tasks` worker thread: reading a province's
index holds the interpreter for a second or more, which on a thread of this
process would freeze every touch and frame (`bench/sync_stall.py`). The child
has its own catalog connection (SQLite WAL keeps the visitors' reads
consistent meanwhile); the repository importer verifies everything and
commits once, so a cancel, a pulled stick, a bad pack or a child that dies
leaves the catalog exactly as it was. Cancel reaches the child at once and
is also raised as `ImportCancelled` from the progress callback, which stops
the import like any failure: roll back.

With a server set, the station also syncs on its own every `sync.interval_min`
minutes (the first a minute after it starts), through the same path: never
two at once, progress shown if the screen is open, and its outcome in the
sync status line rather than in the line that answers the librarian.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Property,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from library.address_passwords import hidden
from library.catalog import Catalog
from library.catalog_check import is_damage
from library.errors import LibraryError, UntrustedKey
from library.paths import DataPaths
from library.repository import retries
from library.repository.notices import Notice
from library.sizes import human_size
from library.usb import PackFile, Stick, eject, find_packs, find_sticks

from .. import language
from ..language import error_text, wait_text
from .listmodel import RowsModel

log = logging.getLogger(__name__)

STICK_ROLES = ("path", "label", "fstype", "freeText", "readOnly")
PACK_ROLES = ("path", "title", "publisher", "version", "sizeText", "signature",
              "signatureText", "expired", "importable")
#: Shown beside each pack; translated when the row is made.
SIGNATURE_TEXTS = {
    "ok": QT_TRANSLATE_NOOP("Content", "Chữ ký hợp lệ"),
    "unknown-key": QT_TRANSLATE_NOOP("Content", "Khoá chưa được tin cậy"),
    "bad": QT_TRANSLATE_NOOP("Content", "Gói hỏng hoặc bị sửa"),
    "unknown": QT_TRANSLATE_NOOP("Content", "Chưa kiểm tra chữ ký"),
}


class ImportCancelled(LibraryError):
    """The librarian cancelled the import."""

    message_vi = "Đã huỷ nhập; thư viện giữ nguyên như trước."

    @staticmethod
    def text() -> str:
        """The line for the librarian, in the kiosk's language."""
        return QCoreApplication.translate("Content", "Đã huỷ nhập; thư viện giữ nguyên như trước.")


def signature_text(signature: str, *, expired: bool) -> str:
    """The pack's signature state for the librarian, "· expired" added when it is."""
    text = SIGNATURE_TEXTS.get(signature)
    line = QCoreApplication.translate("Content", text) if text else signature
    return line + (QCoreApplication.translate("Content", " · đã hết hạn") if expired else "")


#: The progress line while a sync waits to try again, for each kind of failure
#: (`retries.Retrying.kind`): %1 the wait, %2 the next attempt, %3 how many in all.
RETRY_TEXTS = {
    retries.BUSY: QT_TRANSLATE_NOOP(
        "Content", "Máy chủ của tỉnh đang bận; thử lại sau %1 (lần %2/%3)…"),
    retries.NO_NAME: QT_TRANSLATE_NOOP(
        "Content", "Không tìm thấy máy chủ: trạm chưa có mạng, hoặc địa chỉ máy chủ sai; "
        "thử lại sau %1 (lần %2/%3)…"),
    retries.PROXY: QT_TRANSLATE_NOOP(
        "Content", "Không kết nối được qua proxy của mạng; thử lại sau %1 (lần %2/%3)…"),
    retries.NETWORK: QT_TRANSLATE_NOOP(
        "Content", "Không kết nối được máy chủ; thử lại sau %1 (lần %2/%3)…"),
    retries.TIMEOUT: QT_TRANSLATE_NOOP(
        "Content", "Máy chủ chưa trả lời; thử lại sau %1 (lần %2/%3)…"),
    retries.STALL: QT_TRANSLATE_NOOP(
        "Content", "Mạng quá chậm, việc tải bị đứng; thử lại sau %1 (lần %2/%3)…"),
    retries.CUT: QT_TRANSLATE_NOOP(
        "Content", "Kết nối bị ngắt giữa chừng; tải tiếp phần còn lại sau %1 (lần %2/%3)…"),
    retries.CUT_RESTART: QT_TRANSLATE_NOOP(
        "Content", "Kết nối bị ngắt giữa chừng; tải lại từ đầu sau %1 (lần %2/%3)…"),
    retries.DAMAGED: QT_TRANSLATE_NOOP(
        "Content", "Dữ liệu bị hỏng trên đường truyền; tải lại sau %1 (lần %2/%3)…"),
    retries.CHANGED: QT_TRANSLATE_NOOP(
        "Content", "Tệp trên máy chủ vừa thay đổi; tải lại sau %1 (lần %2/%3)…"),
    retries.REPUBLISHED: QT_TRANSLATE_NOOP(
        "Content", "Tỉnh vừa xuất bản phiên bản mới trong lúc đồng bộ; đang đồng bộ lại "
        "theo phiên bản mới…"),
}


def retry_text(line: str) -> str:
    """The progress line for a retry the sync announced (`retries.Retrying`): why it
    waits, for how long, and which attempt comes, so that a slow network is not taken for
    a hang, nor a busy server for a broken station. A line of no known kind gets the
    general words."""
    template = RETRY_TEXTS.get(getattr(line, "kind", ""))
    if template is None:
        return QCoreApplication.translate("Content", "Máy chủ chưa trả lời, đang thử lại…")
    return QCoreApplication.translate("Content", template).replace(
        "%1", wait_text(getattr(line, "wait_s", 0.0))).replace(
        "%2", str(getattr(line, "attempt", 0))).replace("%3", str(getattr(line, "attempts", 0)))


def pack_state_text(pack: PackFile) -> str:
    """What the librarian reads beside a pack: its signature state, or, when the pack
    could not be read at all, why (a half-copied pack must be copied again, which
    «broken or tampered with» would not tell)."""
    if pack.signature == "bad" and pack.details.get("error"):
        return str(pack.details["error"] if language.current() == "vi"
                   else pack.details.get("error_en") or pack.details["error"])
    return signature_text(pack.signature, expired=pack.expired)


def warning_text(warning: str) -> str:
    """One importer warning in the kiosk's language: the importer gives each its
    Vietnamese line (`Notice`); a plain line (none today) is shown as it is. An
    address's password hidden: a feed's skipped link may name its server whole."""
    return hidden(warning.text(language.current()) if isinstance(warning, Notice)
                  else warning)


def sync_warning_rows(state: Any, zone: Any, *,
                      within_days: int | None = None) -> list[dict[str, Any]]:
    """What to say under `state`'s status line, as the panel lists it: the words and their
    order are those of `cafesach sync --status` (`status.warning_lines`: that the index held
    expires soon or has expired, the last sync's warnings as they are, older ones under
    «Cảnh báo từ lần đồng bộ …»), each warning in the panel's language
    (`Notice.message_vi` in Vietnamese)."""
    from library.repository import status

    if within_days is None:
        within_days = status.EXPIRY_WARNING_DAYS
    rows = []
    for line in status.warning_lines(state, zone, within_days=within_days,
                                     language=language.current()):
        text = line.lstrip(" ")
        rows.append({"text": text, "warning": True,
                     "indent": (len(line) - len(text)) // 2})
    return rows


# How the core's own lines say that the library is as it was (a full disk, a sync cut
# off or overtaken: they go on with what to do next).
_KEPT_SAID = ("giữ nguyên", "chưa thay đổi gì", "nothing was changed")


def ended(line: str) -> str:
    """`line` closed as a sentence: the core's English lines are the CLI's, which end
    without a full stop, and the panel goes on after them with a sentence of its own."""
    line = line.rstrip()
    return line if not line or line.endswith((".", "!", "?", "…")) else line + "."


def says_kept(line: str) -> bool:
    """Whether an error's line already tells the librarian her library is unchanged, so
    the panel does not say it a second time after the line's own remedy."""
    return any(words in line.lower() for words in _KEPT_SAID)


def told_apart(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pack rows with the file name after each title another row shares: two copies
    of one pack on a stick («kho-tinh.zip», «kho-tinh (1).zip») would otherwise be two
    identical rows, and the librarian could not tell which one a failure is about. Two
    copies of one name, one at the stick's top and one in its `cafesach` folder, are
    named with their folder («cafesach/kho-tinh.zip»)."""
    seen: dict[str, int] = {}
    names: dict[tuple[str, str], int] = {}
    for row in rows:
        seen[row["title"]] = seen.get(row["title"], 0) + 1
        key = (row["title"], Path(row["path"]).name)
        names[key] = names.get(key, 0) + 1

    def shown(row: dict[str, Any]) -> str:
        path = Path(row["path"])
        return path.name if names[(row["title"], path.name)] == 1 \
            else f"{path.parent.name}/{path.name}"

    return [dict(row, title=f"{row['title']} ({shown(row)})")
            if seen[row["title"]] > 1 else row for row in rows]


def stick_row(stick: Stick) -> dict[str, Any]:
    return {"path": str(stick.path), "label": stick.label, "fstype": stick.fstype,
            "freeText": QCoreApplication.translate("Content", "còn trống %1").replace(
                "%1", human_size(stick.free_bytes, language.current())),
            "readOnly": stick.read_only}


#: The first timed sync comes this long after the station starts (ms): the day's
#: content arrives early, and the start itself is not slowed by it.
FIRST_SYNC_MS = 60_000


#: The longest wait between timed syncs (minutes): a week. A longer one would keep a
#: station out of step for no gain, and past about 24 days a QTimer cannot hold it (the
#: panel, and the station with it, failed to start).
MAX_SYNC_INTERVAL_MIN = 7 * 24 * 60


def _sync_interval_min(config: Any) -> int:
    """`sync.interval_min` as whole minutes, at most `MAX_SYNC_INTERVAL_MIN`; 0 or less
    (or not a number) turns the timed sync off."""
    try:
        minutes = int(config.get("sync", "interval_min"))
    except (TypeError, ValueError, LibraryError):
        return 0
    if minutes > MAX_SYNC_INTERVAL_MIN:
        log.warning("sync.interval_min = %d is more than a week; syncing weekly", minutes)
        return MAX_SYNC_INTERVAL_MIN
    return max(minutes, 0)


class ContentController(QObject):
    changed = Signal()
    catalogChanged = Signal()  # an import or sync changed what visitors see
    _progressed = Signal(float, float, str)  # from the worker; delivered on the GUI thread
    #: from the worker: an attempt failed, another follows (`retries.Retrying`)
    _retrying = Signal(object)
    syncStatusChanged = Signal()  # an import or sync ended, or the screen was shown
    #: the chosen stick changed or was chosen again: lines about the old one go
    stickSelected = Signal()

    def __init__(self, paths: DataPaths, catalog: Catalog, config: Any, tasks: Any, *,
                 sticks: Callable[[], list[Stick]] = find_sticks,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths, self._catalog, self._config, self._tasks = paths, catalog, config, tasks
        self._find_sticks = sticks
        self._sticks: list[Stick] = []
        self.sticks = RowsModel(STICK_ROLES, self)
        self.packs = RowsModel(PACK_ROLES, self)
        self._selected = ""
        self._busy = False
        self._progress = 0.0
        self._progress_text = ""
        self._finishing = False  # every byte copied: verifying and saving, no percentage
        self._copying = ""  # what copying is called for the running job ("chép" or "tải")
        self._pack_path: Path | None = None  # the pack being imported (None: a sync)
        self._result = ""  # the last import or sync, kept apart from what the sticks say
        self._stick_message = ""  # no packs on this stick, ejected, could not eject
        self._sync_status: list[dict[str, Any]] | None = None  # read again after
        # `_forget_sync_status`
        self._cancel = threading.Event()
        self._poll = QTimer(self)
        self._poll.setInterval(3000)
        self._poll.timeout.connect(self.refresh)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._retrying.connect(self._show_retry, Qt.ConnectionType.QueuedConnection)
        self._automatic = False  # the running job is the timed sync, not the librarian's
        minutes = _sync_interval_min(config)
        self._auto = QTimer(self)  # every sync.interval_min minutes
        self._auto.timeout.connect(self.syncAutomatically)
        self._first = QTimer(self)  # and soon after the station starts
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.syncAutomatically)
        if minutes > 0:
            self._auto.start(minutes * 60_000)
            self._first.start(min(FIRST_SYNC_MS, minutes * 60_000))

    # -- properties -------------------------------------------------------------
    def _p_sticks(self) -> QObject:
        return self.sticks

    sticksModel = Property(QObject, _p_sticks, constant=True)

    def _p_packs(self) -> QObject:
        return self.packs

    packsModel = Property(QObject, _p_packs, constant=True)

    def _p_selected(self) -> str:
        return self._selected

    selectedStick = Property(str, _p_selected, notify=changed)

    def _p_busy(self) -> bool:
        return self._busy

    busy = Property(bool, _p_busy, notify=changed)

    def _p_progress(self) -> float:
        return self._progress

    progress = Property(float, _p_progress, notify=changed)

    def _p_progress_text(self) -> str:
        return self._progress_text

    progressText = Property(str, _p_progress_text, notify=changed)

    def _p_result(self) -> str:
        return self._result

    resultText = Property(str, _p_result, notify=changed)

    def _p_stick_message(self) -> str:
        return self._stick_message

    stickMessage = Property(str, _p_stick_message, notify=changed)

    def _p_finishing(self) -> bool:
        return self._finishing

    finishing = Property(bool, _p_finishing, notify=changed)

    def _sync_rows(self) -> list[dict[str, Any]]:
        # Read once per change: progress ticks emit `changed` many times a second,
        # and each read is a query and a Repeater rebuilt in the panel.
        if self._sync_status is None:
            self._sync_status = self._read_sync_status()
        return self._sync_status

    def _p_sync_status(self) -> list[str]:
        return [row["text"] for row in self._sync_rows()]

    #: Every line under «Máy chủ»: each repository's status line, then its warnings.
    syncStatus = Property("QStringList", _p_sync_status, notify=syncStatusChanged)

    def _p_sync_lines(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._sync_rows()]

    #: The same lines as ``{text, warning, indent}``: warnings in the warning colour,
    #: indented under the status line they belong to, as `cafesach sync --status` has them.
    syncLines = Property("QVariantList", _p_sync_lines, notify=syncStatusChanged)

    def _read_sync_status(self) -> list[dict[str, Any]]:
        """The rows of `syncLines`, each with an address's password hidden: a failed
        sync's line and an unsigned feed's title (its address) name the server."""
        rows: list[dict[str, Any]] = []
        try:
            from library.repository import status

            zone = self._zone()
            within = status.expiry_warning_days(self._config)
            for state in status.followed_states(self._catalog, self._config):
                line = status.status_vi(state, zone)
                rows.append({"text": f"{state.title}: {line}" if state.title else line,
                             "warning": state.status == "error", "indent": 0})
                rows.extend(sync_warning_rows(state, zone, within_days=within))
        except Exception as exc:  # no repository table yet, or its API moved
            log.debug("no sync status: %s", exc)
            rows = []
        rows = [dict(row, text=hidden(row["text"])) for row in rows]
        return rows or [{"text": QCoreApplication.translate("Content", "Chưa đồng bộ lần nào."),
                         "warning": False, "indent": 0}]

    def _zone(self) -> Any:
        """The station's time zone for the dates shown (None: the default zone).
        `running_zone` never refuses: a misspelt zone falls back to the default."""
        return self._config.running_zone() if self._config is not None else None

    def _forget_sync_status(self) -> None:
        """The repositories' state may have changed: read it again when next shown."""
        self._sync_status = None
        self.syncStatusChanged.emit()

    def _p_server(self) -> str:
        """The server's address as the screen shows it: the password of a protected
        server (`https://kho:…@…`) is hidden, as in every sync line beside it."""
        from library.repository import status

        return status.redacted(str(self._config.get("sync", "server_url"))) \
            if self._config else ""

    serverUrl = Property(str, _p_server, notify=changed)

    # -- sticks -------------------------------------------------------------------
    def stick_folders(self) -> list[Path]:
        return [s.path for s in self._find_sticks()]

    def selected_stick(self) -> Stick | None:
        """The stick the librarian chose on this screen (posters go onto it), if still in."""
        return next((s for s in self._sticks if str(s.path) == self._selected), None)

    @Slot(bool)
    def setWatching(self, on: bool) -> None:
        """Poll the mount table while the screen is shown (cheap: one small file)."""
        if on:
            self._forget_sync_status()  # e.g. a pack's verification expired
            shown = self._selected
            self.refresh()
            if shown and self._selected == shown:
                # the same stick, but what its packs' signatures say may have changed
                # meanwhile: a publisher's key trusted in «Cài đặt» (as a refused
                # import tells her to) must not still read «Khoá chưa được tin cậy»
                self.selectStick(shown)
            self._poll.start()
        else:
            self._poll.stop()

    @Slot()
    def refresh(self) -> None:
        """Re-read the mount table; the lists change only when the sticks did.

        A stick is known by `Stick.identity`, not by its folder alone: a
        different stick with the same label, swapped in between two polls,
        mounts at the same folder, and its own packs must replace the old list.
        """
        sticks = self._find_sticks()
        if [s.identity for s in sticks] != [s.identity for s in self._sticks]:
            before = {str(s.path): s.identity for s in self._sticks}
            self._sticks = sticks
            self.sticks.set_rows([stick_row(s) for s in sticks])
            now = {str(s.path): s.identity for s in sticks}
            if self._selected not in now:
                self.selectStick(str(sticks[0].path) if sticks else "")
            elif now[self._selected] != before.get(self._selected):
                self.selectStick(self._selected)  # another stick (or its contents) there now

    @Slot(str)
    def selectStick(self, path: str) -> None:
        self._selected = path
        rows = []
        if path:
            for pack in find_packs(Path(path), catalog=self._catalog):
                rows.append({
                    "path": str(pack.path), "title": pack.title, "publisher": pack.publisher,
                    "version": pack.version,
                    "sizeText": human_size(pack.size, language.current()),
                    "signature": pack.signature,
                    "signatureText": pack_state_text(pack),
                    "expired": pack.expired, "importable": pack.signature != "bad"})
        self.packs.set_rows(told_apart(rows))
        # Said of *this* stick only, and never in place of the last import's outcome:
        # the stick list refreshes every few seconds and must not wipe a failure reason.
        self._stick_message = QCoreApplication.translate(
            "Content", "USB này không có gói nội dung nào.") if path and not rows else ""
        self.changed.emit()
        self.stickSelected.emit()

    @Slot()
    def ejectSelected(self) -> None:
        stick = next((s for s in self._sticks if str(s.path) == self._selected), None)
        if stick is None or self._busy:
            return
        try:
            eject(stick)
        except LibraryError as exc:
            self._stick_message = error_text(exc)
        else:
            self._sticks = []
            self.refresh()  # selects the next stick, if any: said after it
            self._stick_message = QCoreApplication.translate(
                "Content", "Đã tháo USB an toàn. Có thể rút USB ra.")
        self.changed.emit()

    # -- import and sync ----------------------------------------------------------
    def _on_progress(self, done: int, total: int, label: str) -> None:
        """Called on the worker thread; raising here rolls the import back."""
        if self._cancel.is_set():
            raise ImportCancelled("import cancelled by the librarian")
        self._progressed.emit(done, total, label)

    def _show_progress(self, done: float, total: float, label: str) -> None:
        """The librarian's line: what is happening and how far, never an object's hash.

        The importer reports bytes staged with the object being copied as
        `label`, and (total, total, "") once every byte is there; verifying the
        files and saving the catalog follow, which on a big pack takes a while,
        so that is a phase of its own instead of a bar standing at 100 %.
        """
        if not self._busy or self._cancel.is_set():
            return
        fraction = min(1.0, done / total) if total > 0 else 0.0
        self._finishing = total > 0 and done >= total and not label
        if self._finishing:
            self._progress = 1.0
            self._progress_text = QCoreApplication.translate(
                "Content", "Đang kiểm tra và lưu…")
        else:
            self._progress = fraction
            percent = min(99, int(fraction * 100))  # 100 % only once it is all there
            self._progress_text = self._copying.replace("%1", str(percent))
        self.changed.emit()

    def _show_retry(self, line: str) -> None:
        """Say that the wait is a retry, and why (`retry_text`)."""
        if not self._busy:
            return
        self._progress_text = retry_text(line)
        self.changed.emit()

    def _start(self, work: Callable[[], Any], what: str) -> None:
        if self._busy:
            return
        refusal = getattr(self._catalog, "refusal", None)
        if refusal is not None:
            # the kiosk shows its library read-only (`library.station_disk`): an import
            # or sync would fail on that disk or, once it is freed, write under the
            # kiosk's read-only view of the catalog, which would not see it (or worse)
            # until the restart the line asks for: said, not run
            if self._automatic:
                self._automatic = False
                log.info("the timed sync waits for a writable data folder: %s", refusal)
            else:
                self._result = error_text(refusal)
                self.changed.emit()
            return
        self._busy, self._progress = True, 0.0
        if not self._automatic:
            self._result = ""
        self._finishing = False
        self._progress_text = what
        self._cancel.clear()
        self.changed.emit()
        self._tasks.run(work, self._done, self._failed, long=True)

    @Slot(str)
    def importPack(self, pack_path: str) -> None:
        if self._busy:
            return
        self._copying = QCoreApplication.translate("Content", "Đang chép dữ liệu… %1 %")
        self._pack_path = Path(pack_path)

        def work() -> Any:
            from library.repository.worker import import_in_child  # see `syncNow`

            return import_in_child(self._paths, pack_path, progress=self._on_progress,
                                   cancel=self._cancel)

        self._start(work, QCoreApplication.translate("Content", "Đang kiểm tra và nhập gói…"))

    @Slot()
    def syncAutomatically(self) -> None:
        """The timed sync: only with a server set and never over a running import or sync.

        It shows its progress like the librarian's own; its outcome goes to the
        sync status line and the log, not to the line that answers what the
        librarian last did.
        """
        if self._busy or not str(self._config.get("sync", "server_url") or "").strip():
            return
        self._automatic = True
        self.syncNow()

    @Slot()
    def syncNow(self) -> None:
        config = self._config
        if self._busy:
            return
        self._copying = QCoreApplication.translate("Content", "Đang tải dữ liệu… %1 %")
        self._pack_path = None

        def work() -> Any:
            # Imported on the task's thread: the importer brings the HTTP client and the
            # signature code, 0.1–0.15 s of the interpreter at the first sync after a
            # start. On the GUI thread that was the visitor's screen frozen when the timed
            # sync began (bench/sync_stall.py); here the screen runs between its steps.
            from library.repository.importer import fetch_settings, sync_target
            from library.repository.worker import import_in_child

            return import_in_child(self._paths, sync_target(config),
                                   settings=fetch_settings(config),
                                   progress=self._on_progress, cancel=self._cancel,
                                   on_retry=self._retrying.emit)

        self._start(work, QCoreApplication.translate("Content", "Đang đồng bộ với máy chủ…"))

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()
        self._finishing = False
        self._progress_text = QCoreApplication.translate("Content", "Đang huỷ…")
        self.changed.emit()

    def _done(self, result: Any) -> None:
        self._forget_sync_status()
        self._busy, self._finishing = False, False
        self._progress = 1.0
        added, updated = len(result.added), len(result.updated)
        removed = len(result.removed)
        if self._automatic:
            self._automatic = False
            log.info("automatic sync: %s, version %s, %d added, %d updated, %d removed",
                     result.status, result.version, added, updated, removed)
            self.changed.emit()
            if added or updated or removed:
                self.catalogChanged.emit()
            return
        # "unchanged": this version is already here; "ahead": a newer one is. A newer
        # version that changes no item is still news: its version number is shown.
        if result.status in ("unchanged", "ahead"):
            self._result = QCoreApplication.translate(
                "Content", "Không có gì mới: thư viện đã có phiên bản này.")
        else:
            self._result = QCoreApplication.translate(
                "Content", "Xong: thêm %1 mục, cập nhật %2 mục, gỡ %3 mục (phiên bản %4).").replace(
                "%1", str(added)).replace("%2", str(updated)).replace(
                "%3", str(removed)).replace("%4", str(result.version))
        if result.warnings:
            self._result += " " + " ".join(warning_text(w) for w in result.warnings)
        self.changed.emit()
        self.catalogChanged.emit()

    def _failed_pack_name(self) -> str:
        """«Title: » of the pack that failed, as its row shows it, so the librarian knows
        which row the reason is about when a stick holds several (empty for a sync)."""
        if self._pack_path is None:
            return ""
        shown = next((row["title"] for row in self.packs.rows()
                      if row["path"] == str(self._pack_path)), self._pack_path.name)
        return f"{shown}: "

    def _failed(self, error: BaseException) -> None:
        self._forget_sync_status()
        self._busy, self._finishing = False, False
        self._progress = 0.0
        if is_damage(error):
            # the catalog damaged inside (a row a flipped bit left unreadable): not a
            # failed import to say and go on from, but what the kiosk's watch for damage
            # takes (`run_command._errors_told`): the mark, and the check that mends it
            self.changed.emit()
            raise error
        if self._automatic:
            self._automatic = False
            log.warning("automatic sync failed: %s", error)
            self.changed.emit()
            return
        if isinstance(error, ImportCancelled) or (
                isinstance(error, LibraryError) and self._cancel.is_set()):
            # cancelled, whether the core or the progress callback noticed first
            self._result = ImportCancelled.text()
        elif self._pack_path is not None and not self._pack_path.exists():
            # the stick went out mid-import: a read error, not a bad pack, whatever the
            # importer made of the half-read file
            self._result = QCoreApplication.translate(
                "Content", "USB đã bị rút ra khi đang nạp; thư viện giữ nguyên như trước.")
        elif isinstance(error, UntrustedKey) and self._pack_path is None:
            # a sync: what she does after trusting the key is to sync again, not to load
            self._result = QCoreApplication.translate(
                "Content", "Kho trên máy chủ được ký bằng khoá chưa được tin cậy. Hãy thêm "
                "khoá của nhà xuất bản (tệp .pub trên USB) ở Cài đặt → «Thêm khoá từ USB», "
                "rồi đồng bộ lại. Thư viện giữ nguyên như trước.")
        elif isinstance(error, UntrustedKey):
            # the core's English line names a command; the librarian has a button for it
            self._result = self._failed_pack_name() + QCoreApplication.translate(
                "Content", "Kho được ký bằng khoá chưa được tin cậy. Hãy thêm khoá của nhà "
                "xuất bản (tệp .pub trên USB) ở Cài đặt → «Thêm khoá từ USB», rồi nạp lại. "
                "Thư viện giữ nguyên như trước.")
        elif isinstance(error, LibraryError):
            said = ended(error_text(error))
            self._result = self._failed_pack_name() + said + ("" if says_kept(said) else (
                " " + QCoreApplication.translate("Content", "Thư viện giữ nguyên như trước.")))
        else:
            log.error("import failed", exc_info=error)
            self._result = QCoreApplication.translate(
                "Content", "Lỗi không mong đợi; thư viện giữ nguyên như trước.")
        self.changed.emit()
