"""Places on the screens that other parts of the station fill.

Each slot is a QML `Loader` whose `source` comes from here; a part fills it
with `slots.set_source("handoff", QUrl.fromLocalFile(".../Handoff.qml"))`
before or after the window is up. The properties each slot's component
receives are documented in docs/kiosk.md.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, QPointF, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QWindow

if TYPE_CHECKING:  # loaded at the first event (`_hold_events`), not before the first frame
    from PySide6.QtCore import QEvent

#: handoff: QR / "take it with you" on the detail screen; listen: the "Nghe"
#: player on bulletins and the reader; librarian: the PIN prompt.
SLOT_NAMES = ("handoff", "listen", "librarian")


class Slots(QObject):
    """Component URLs for the slots (empty = the kiosk's own default or nothing)."""

    changed = Signal()
    librarianRequested = Signal()  # the hidden corner gesture

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: dict[str, QUrl] = {name: QUrl() for name in SLOT_NAMES}
        self._hold_ms = 5000

    def set_source(self, name: str, url: QUrl) -> None:
        if name not in self._sources:
            raise KeyError(f"unknown slot {name!r} (one of {', '.join(SLOT_NAMES)})")
        self._sources[name] = url
        self.changed.emit()

    def _get_handoff(self) -> QUrl:
        return self._sources["handoff"]

    handoff = Property(QUrl, _get_handoff, notify=changed)

    def _get_listen(self) -> QUrl:
        return self._sources["listen"]

    listen = Property(QUrl, _get_listen, notify=changed)

    def _get_librarian(self) -> QUrl:
        return self._sources["librarian"]

    librarian = Property(QUrl, _get_librarian, notify=changed)

    def _get_hold(self) -> int:
        return self._hold_ms

    def _set_hold(self, ms: int) -> None:
        self._hold_ms = int(ms)
        self.changed.emit()

    librarianHoldMs = Property(int, _get_hold, _set_hold, notify=changed)

    @Slot()
    def requestLibrarian(self) -> None:
        self.librarianRequested.emit()


@cache
def _hold_events() -> tuple[Any, Any, tuple[QEvent.Type, ...], tuple[QEvent.Type, ...],
                            tuple[QEvent.Type, ...]]:
    """(QMouseEvent, QTouchEvent, press, move, release types): built at the first event.

    Not at import: loading QEvent or any event class builds QEvent's whole `Type`
    enum (~180 members, ~4 ms), and this module is imported before the home
    screen's first frame; the filter sees its first event after it.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent, QTouchEvent

    kind = QEvent.Type
    return (QMouseEvent, QTouchEvent, (kind.MouseButtonPress, kind.TouchBegin),
            (kind.MouseMove, kind.TouchUpdate),
            (kind.MouseButtonRelease, kind.TouchEnd, kind.TouchCancel))


class CornerHold(QObject):
    """The hidden librarian gesture: a finger held on the bottom-left corner.

    An application event filter, not a QML item: it only watches, so the
    button that happens to sit in that corner (a video's play button, the
    reader's previous page) keeps working. The corner is 72 px per 1080 px
    of the window's short side; the hold time is `slots.librarianHoldMs`.
    """

    CORNER = 72 / 1080

    def __init__(self, slots: Slots, window: QWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slots = slots
        self._window = window
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(slots.requestLibrarian)

    def _in_corner(self, point: QPointF) -> bool:
        side = self.CORNER * min(self._window.width(), self._window.height())
        return point.x() <= side and point.y() >= self._window.height() - side

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._window:
            return False
        kind = event.type()
        mouse_event, touch_event, press, move, release = _hold_events()
        point: QPointF | None = None
        if isinstance(event, mouse_event):
            point = event.position()
        elif isinstance(event, touch_event) and event.points():
            point = event.points()[0].position()
        if kind in press:
            if point is not None and self._in_corner(point):
                self._timer.start(self._slots.librarianHoldMs)
        elif kind in move:
            if point is not None and not self._in_corner(point):
                self._timer.stop()
        elif kind in release:
            self._timer.stop()
        return False
