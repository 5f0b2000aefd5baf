"""Idle reset and the attract loop.

After `idle_timeout_s` without a touch, key or wheel the station forgets the
visitor (home screen, document closed, search and history cleared, zoom
reset, audio stopped); `attract_after_s` later the attract loop starts. Any
touch leaves the loop at once. The timers are plain `QTimer`s: tests emit
their `timeout` instead of sleeping.

A visitor watching a video or listening to a bulletin stands still for
minutes: while anything in `busy` says it is playing, the countdown starts
over instead of resetting, so the idle time runs from the end of the sound
(a paused player holds nothing).

Both settings are held to a range the station can live with: an idle time
of 0 (or less) would reset the screen at every touch, and one above a day
does not fit a `QTimer` (the kiosk would not start), so either is brought
to the nearest bound and the log says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # loaded at the first event (`activity_events`), not before the first frame
    from PySide6.QtCore import QEvent

log = logging.getLogger(__name__)

#: Shortest idle time: a visitor reading one page without touching must not lose it.
MIN_IDLE_S = 30.0
#: Longest wait for either timer (a day; a QTimer holds at most ~24 days in ms).
MAX_WAIT_S = 86_400.0


@cache
def activity_events() -> tuple[frozenset[QEvent.Type], QEvent.Type]:
    """(events that mean "someone is here", the mouse move among them), built at the
    first event the watch sees.

    Not at import: PySide builds QEvent's whole `Type` enum (~180 members, ~4 ms)
    when the class is first loaded, and this module is imported before the home
    screen's first frame; the watch sees its first event after it.
    """
    from PySide6.QtCore import QEvent

    kind = QEvent.Type
    return frozenset({kind.MouseButtonPress, kind.MouseButtonRelease, kind.MouseMove,
                      kind.TouchBegin, kind.TouchUpdate, kind.TouchEnd, kind.KeyPress,
                      kind.Wheel, kind.InputMethod}), kind.MouseMove


@cache
def lift_events() -> frozenset[QEvent.Type]:
    """Events that end a tap (a click is delivered with them); built at the first event."""
    from PySide6.QtCore import QEvent

    return frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd})


def held_within(setting: str, seconds: float, low: float, high: float = MAX_WAIT_S) -> float:
    """A timer's `setting` (``section.key``) held to [low, high] (logged when outside)."""
    held = min(max(float(seconds), low), high)
    if held != seconds:
        log.warning("%s = %s is out of range; using %g s", setting, seconds, held)
    return held


class IdleWatch(QObject):
    """Watches the application's input; emits `reset` then `attract`."""

    reset = Signal()
    attract = Signal()
    woke = Signal()

    def __init__(self, idle_s: float, attract_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        idle_s = held_within("station.idle_timeout_s", idle_s, MIN_IDLE_S)
        attract_s = held_within("station.attract_after_s", attract_s, 0.0)
        self.idle_timer = QTimer(self, singleShot=True, interval=int(idle_s * 1000))
        self.attract_timer = QTimer(self, singleShot=True, interval=int(attract_s * 1000))
        self.idle_timer.timeout.connect(self._on_idle)
        self.attract_timer.timeout.connect(self.attract.emit)
        self._attracting = False
        self._idle = False  # the idle reset ran and nobody has touched since
        #: Checks that say a visitor's video or audio is playing (the parts add theirs).
        self.busy: list[Callable[[], bool]] = []
        #: A finger is being lifted (its release is being delivered): a screen that
        #: changes now was tapped to, not moved to by a timer or a script.
        self.lifting = False

    def start(self) -> None:
        self.idle_timer.start()

    def stop(self) -> None:
        """No more resets (the kiosk is closing: a reset then would reach closed parts)."""
        self.idle_timer.stop()
        self.attract_timer.stop()

    def set_attracting(self, on: bool) -> None:
        self._attracting = on

    @property
    def idle(self) -> bool:
        """Nobody at the screen: the idle reset has run (the visitor forgotten, the
        attract loop next) and no touch came since. What waits for a quiet moment (the
        kiosk's restart into writing, `kiosk.disk_return`) asks this."""
        return self._idle

    def attract_now(self) -> None:
        """As though the idle time and the attract delay had both passed with nobody at
        the screen: idle (`idle`), and the attract loop at once (`attract`); the next
        touch leaves it as any. A kiosk started again in place (`kiosk.restart`), which
        restarts only when idle (`kiosk.disk_return.kiosk_quiet`), begins so: a visitor
        walking up finds what an idle kiosk shows."""
        self.idle_timer.stop()
        self.attract_timer.stop()
        self._idle = True
        self.attract.emit()

    def activity(self) -> None:
        """Someone touched the screen: restart the countdown (and leave the loop)."""
        self.attract_timer.stop()
        self.idle_timer.start()
        self._idle = False
        if self._attracting:
            self._attracting = False
            self.woke.emit()

    def _playing(self) -> bool:
        for check in self.busy:
            try:
                if check():
                    return True
            except RuntimeError:  # a player already deleted (the window closing)
                continue
        return False

    def _on_idle(self) -> None:
        if self._playing():
            self.idle_timer.start()
            return
        self._idle = True
        self.reset.emit()
        self.attract_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        activity, mouse_move = activity_events()
        if kind in activity and (kind != mouse_move
                                 or event.buttons()):  # type: ignore[attr-defined]
            self.activity()
        if kind in lift_events() and not self.lifting:
            self.lifting = True  # until this event (and what it sets off) is delivered
            QTimer.singleShot(0, self._lifted)
        return False

    def _lifted(self) -> None:
        self.lifting = False
