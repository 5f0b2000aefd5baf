"""The PIN prompt's behaviour: enter, first set-up, recovery, and the relock timer.

QML (`PinPrompt.qml`) only collects digits and shows `mode` and `message`;
every decision — throttle, recovery, when to relock — is made here with the
core's `PinLock` and `AdminSession`. The relock is a `QTimer` restarted by
every touch on the panel (`touch()`), so no thread or polling is needed.

The same timer runs while the panel is locked (the PIN pad, the recovery
code of the first set-up): the panel covers the visitors' screens, so a
prompt nobody touches for the relock time — a visitor who held the corner
by accident, a librarian called away — must not stay there. When it fires,
the session locks, anything secret on screen is forgotten, and `expired`
asks the panel to close.

Modes: ``enter`` (ask the PIN), ``setup`` / ``setupConfirm`` (first PIN,
twice), ``showCode`` (the recovery code, shown once), ``recover`` (type the
recovery code or use the key file on a stick), ``newPin`` / ``newPinConfirm``
(a new PIN after recovery), ``broken`` (the PIN file is damaged: only a
technician can help; nothing is accepted).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot

from library.admin import AdminSession, CheckResult, PinLock, check_pin_format
from library.errors import AdminError, LibraryError, StorageError

from ..controllers.idle import MAX_WAIT_S, held_within
from ..language import error_text, wait_text

#: The relock time is held to this range (seconds). Shorter, the panel would lock again
#: before the librarian could use it (0 or less: it never opens at all); longer than a
#: day is more than a QTimer holds, and a panel left open that long is not wanted.
MIN_RELOCK_S, MAX_RELOCK_S = 30.0, MAX_WAIT_S


def relock_within(seconds: float) -> float:
    """`admin.relock_after_s` held to [MIN_RELOCK_S, MAX_RELOCK_S] (logged when outside)."""
    return held_within("admin.relock_after_s", seconds, MIN_RELOCK_S, MAX_RELOCK_S)


def check_text(result: CheckResult) -> str:
    """The line after a PIN attempt (or while the keypad waits), in the kiosk's language."""
    if result.ok:
        return QCoreApplication.translate("Pin", "Đã mở khoá.")
    if result.throttled:
        return QCoreApplication.translate(
            "Pin", "Nhập sai quá nhiều lần. Hãy thử lại sau %1.").replace(
            "%1", wait_text(result.wait_s))
    remaining = result.remaining
    return QCoreApplication.translate(
        "Pin", "Mã PIN không đúng. Còn %n lần thử trong giờ này.", None, remaining)


class PinController(QObject):
    changed = Signal()  # mode, recovery code, relock time: the digits typed so far go
    messageChanged = Signal()  # message and wait: the countdown must not clear the digits
    unlockedChanged = Signal()
    expired = Signal()  # nobody touched the panel for the relock time: close it

    def __init__(self, lock: PinLock, *, relock_after_s: float = 120.0,
                 stick_folders: Callable[[], list[Path]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self._session = AdminSession(relock_after_s)
        self._sticks = stick_folders or (lambda: [])
        self._mode, self._message = "", ""
        self._problem = False  # the message says something went wrong (shown in warning colour)
        self._first = ""
        self._code = ""
        self._wait = 0
        self._opened = False
        #: the relock time without a touch (tests emit its `timeout` instead of waiting)
        self.relock_timer = QTimer(self)
        self.relock_timer.setSingleShot(True)
        self.relock_timer.timeout.connect(self._expire)
        #: refreshes the wait after wrong PINs once a second (tests emit its `timeout`)
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(1000)
        self.countdown_timer.timeout.connect(self._tick)
        self.set_relock_after(relock_after_s)
        self._rest()

    # -- properties -------------------------------------------------------------
    def _get_mode(self) -> str:
        return self._mode

    mode = Property(str, _get_mode, notify=changed)

    def _get_message(self) -> str:
        return self._message

    message = Property(str, _get_message, notify=messageChanged)

    def _get_problem(self) -> bool:
        return self._problem

    #: The message reports a wrong PIN or code, or a failure: the prompt shows it in the
    #: warning colour, so it is not read as a mere instruction.
    problem = Property(bool, _get_problem, notify=messageChanged)

    def _get_code(self) -> str:
        return self._code if self._mode == "showCode" else ""

    recoveryCode = Property(str, _get_code, notify=changed)

    def _get_wait(self) -> int:
        return self._wait

    waitSeconds = Property(int, _get_wait, notify=messageChanged)

    def _get_unlocked(self) -> bool:
        return self._session.is_unlocked

    unlocked = Property(bool, _get_unlocked, notify=unlockedChanged)

    def _get_relock(self) -> int:
        return int(self._session.relock_after_s)

    relockAfterS = Property(int, _get_relock, notify=changed)

    # -- session ------------------------------------------------------------------
    def set_relock_after(self, seconds: float) -> None:
        seconds = relock_within(seconds)
        self._session.relock_after_s = seconds
        self.relock_timer.setInterval(int(seconds * 1000))
        self.changed.emit()

    @Slot()
    def touch(self) -> None:
        """Any touch on the panel or its prompt (and the panel being shown): keeps it open.

        While unlocked this also keeps the session alive; while locked it only
        restarts the countdown after which the prompt gives the screen back.
        """
        if self._opened and not self._session.touch():
            self._expire()  # the session ran out unnoticed (e.g. the machine slept)
            return
        self.relock_timer.start()

    def stop(self) -> None:
        """The panel closed: nothing on screen to count down for."""
        self.relock_timer.stop()

    def _expire(self) -> None:
        """The relock time passed without a touch: lock, forget, ask the panel to close."""
        self.lock()
        self.stop()
        self.expired.emit()

    @Slot()
    def lock(self) -> None:
        """Lock now. The recovery code and a half-entered new PIN are forgotten too:
        the code is shown once, never to whoever comes to the screen next."""
        was = self._opened  # the session itself may already count as expired
        self._opened = False
        self._session.lock()
        self.relock_timer.start()  # the PIN pad is up now: it too goes when left alone
        self._code, self._first = "", ""
        self._rest()
        if was:
            self.unlockedChanged.emit()

    def _resting_mode(self) -> str:
        """``enter`` when a PIN is set, ``setup`` when none, ``broken`` when its file is damaged.

        A damaged PIN file never falls back to set-up: that would hand the
        panel to whoever touches the screen next.
        """
        try:
            return "enter" if self._lock.is_set else "setup"
        except AdminError:
            return "broken"

    def _rest(self) -> None:
        """Back to the resting mode, with the technician's note when the PIN file is damaged."""
        mode = self._resting_mode()
        message = {"broken": self._broken_message(),
                   "setup": QCoreApplication.translate(
                       "Pin", "Chưa có mã PIN. Hãy đặt mã PIN mới.")}.get(mode, "")
        self._wait = 0
        if mode == "enter":  # a wait after wrong PINs outlives a relock (and a restart)
            status = self._lock.status()
            if status.throttled:
                self._wait, message = max(1, math.ceil(status.wait_s)), check_text(status)
                self.countdown_timer.start()
        self._set(mode, message)

    def _broken_message(self) -> str:
        return QCoreApplication.translate(
            "Pin", "Dữ liệu mã PIN bị hỏng. Kỹ thuật viên hãy đặt lại mã bằng lệnh "
                   "«cafesach pin set».")

    def _open(self) -> None:
        self._opened = True
        self._session.unlock()
        self.relock_timer.start()
        self.unlockedChanged.emit()

    def _set(self, mode: str, message: str, *, problem: bool = False) -> None:
        self._mode, self._message, self._problem = mode, message, problem
        self.changed.emit()
        self.messageChanged.emit()

    def _tick(self) -> None:
        """Once a second while the keypad waits: the countdown, then how many tries are left.

        Emits only `messageChanged`, so the prompt keeps what it shows; the
        keypad is disabled while `waitSeconds` > 0.
        """
        try:
            status = self._lock.status()
        except AdminError as exc:
            self.countdown_timer.stop()
            self._wait, self._message, self._problem = 0, error_text(exc), True
            self.messageChanged.emit()
            return
        self._wait = max(0, math.ceil(status.wait_s))
        if self._wait == 0:
            self.countdown_timer.stop()
        if self._mode == "enter":  # the recovery route has its own lines
            self._message, self._problem = check_text(status), not status.ok
        self.messageChanged.emit()

    # -- what the keypad sends --------------------------------------------------
    @Slot(str)
    def submit(self, text: str) -> None:
        """The OK key in the current mode."""
        try:
            handler = {"enter": self._enter, "setup": self._setup_first,
                       "setupConfirm": self._setup_confirm, "newPin": self._new_first,
                       "newPinConfirm": self._new_confirm, "recover": self._recover}
            if self._mode in handler:
                handler[self._mode](text)
        except LibraryError as exc:
            self._set(self._mode, error_text(exc), problem=True)

    def _enter(self, pin: str) -> None:
        try:
            result = self._lock.check(pin)
        except StorageError as exc:
            # a wrong PIN the disk could not take (full, read-only): said so, and counted
            # in memory (`PinLock`), so the keypad waits as after any third wrong PIN
            self._wait = max(0, math.ceil(self._lock.status().wait_s))
            if self._wait > 0:
                self.countdown_timer.start()
            self._set("enter", error_text(exc), problem=True)
            return
        if result.ok:
            self._set("enter", "")
            self._open()
            return
        self._wait = max(0, math.ceil(result.wait_s))
        if self._wait > 0:
            self.countdown_timer.start()
        self._set("enter", check_text(result), problem=True)

    def _setup_first(self, pin: str) -> None:
        self._first = check_pin_format(pin)
        self._set("setupConfirm", QCoreApplication.translate("Pin", "Nhập lại mã PIN để xác nhận."))

    def _same_twice(self, pin: str, retry_mode: str) -> bool:
        """Whether the second entry matches the first; if not, start the pair again."""
        if pin == self._first:
            return True
        self._first = ""
        self._set(retry_mode, QCoreApplication.translate(
            "Pin", "Hai lần nhập không khớp. Hãy nhập lại."), problem=True)
        return False

    def _setup_confirm(self, pin: str) -> None:
        if not self._same_twice(pin, "setup"):
            return
        try:
            # `first`: a PIN set meanwhile (`cafesach pin set`) is refused under the lock's
            # own file lock, never replaced, however close the two come
            self._code = self._lock.set_pin(pin, first=True)
        except AdminError as exc:
            self._first = ""
            self._set("enter", error_text(exc), problem=True)
            return
        self._first = ""
        self._set("showCode", QCoreApplication.translate(
            "Pin", "Hãy chép lại mã khôi phục này và cất giữ cẩn thận. Mã chỉ hiện một lần."))

    @Slot()
    def codeNoted(self) -> None:
        """The librarian wrote the recovery code down: forget it and open the panel.

        Only while the code is on screen: once the prompt timed out, the button
        (or a stale call) must not open the panel for whoever stands there.
        """
        if self._mode != "showCode":
            return
        self._code = ""
        self._set("enter", "")
        self._open()

    @Slot()
    def startRecovery(self) -> None:
        self._set("recover", QCoreApplication.translate(
            "Pin", "Nhập mã khôi phục, hoặc cắm USB có tệp khoá khôi phục."))

    @Slot()
    def cancelRecovery(self) -> None:
        self._rest()

    def _recover(self, code: str) -> None:
        if self._lock.check_recovery(code):
            self._set("newPin", QCoreApplication.translate(
                "Pin", "Mã khôi phục đúng. Hãy đặt mã PIN mới."))
        else:
            self._set("recover", QCoreApplication.translate("Pin", "Mã khôi phục không đúng."),
                      problem=True)

    @Slot()
    def recoverWithStick(self) -> None:
        for folder in self._sticks():
            try:
                found = self._lock.unlock_with_key_file(folder)
            except AdminError as exc:
                self._set("recover", error_text(exc), problem=True)
                return
            if found:
                self._set("newPin", QCoreApplication.translate(
                    "Pin", "Đã nhận khoá trên USB. Hãy đặt mã PIN mới."))
                return
        self._set("recover", QCoreApplication.translate(
            "Pin", "Không thấy tệp khoá khôi phục trên USB nào."), problem=True)

    def _new_first(self, pin: str) -> None:
        self._first = check_pin_format(pin)
        self._set("newPinConfirm", QCoreApplication.translate("Pin", "Nhập lại mã PIN mới."))

    def _new_confirm(self, pin: str) -> None:
        if not self._same_twice(pin, "newPin"):
            return
        self._lock.change_pin(pin)  # clears the wrong PINs, and with them any wait
        self._first, self._wait = "", 0
        self.countdown_timer.stop()
        self._set("enter", "")
        self._open()
