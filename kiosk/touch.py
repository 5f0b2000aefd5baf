"""Touching QML items from Python: taps, double taps and swipes at an item's centre.

Why here and not only in the tests: the screenshot tour drives the real app
the way a visitor would (it types on the on-screen keyboard key by key), and
the UI tests use the very same helpers, so what the tour shows is what the
tests checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def centre(item: QQuickItem) -> QPoint:
    """The item's centre in window coordinates."""
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    return point.toPoint()


def seen(window: QQuickWindow) -> None:
    """Wait, as a visitor does, until the screen a tap just opened takes taps: for a double
    tap's time after it the window's `tapShield` ends every tap (`KioskApp._shield`)."""
    wait_until(lambda: not window.property("tapShield"), 5.0)


def tap(window: QQuickWindow, item: QQuickItem) -> None:
    """Press and release at the item's centre."""
    seen(window)
    if not item.isVisible():
        raise AssertionError(f"{item.objectName() or item} is not visible")
    QTest.mouseClick(window, LEFT, NONE, centre(item))
    pump(10)


def tap_at(window: QQuickWindow, point: QPoint) -> None:
    seen(window)
    QTest.mouseClick(window, LEFT, NONE, point)
    pump(10)


def double_tap(window: QQuickWindow, item: QQuickItem) -> None:
    seen(window)
    QTest.mouseDClick(window, LEFT, NONE, centre(item))
    pump(10)


def finger_double_tap(window: QQuickWindow, item: QQuickItem) -> None:
    """Two quick taps of one finger on a touchscreen at the item's centre.

    Not `double_tap`: with a mouse Qt reports the second click as a double click; from a
    touchscreen the second tap lands on whatever is at that spot by then, as a tap."""
    seen(window)
    device = QTest.createTouchDevice()
    point = centre(item)
    for _ in range(2):
        QTest.touchEvent(window, device).press(0, point).commit()
        pump(30)  # a finger rests on the glass a moment; the scene draws meanwhile
        QTest.touchEvent(window, device).release(0, point).commit()
        pump(30)


def swipe(window: QQuickWindow, item: QQuickItem, dx: int, dy: int = 0, steps: int = 8) -> None:
    """Drag from the item's centre by (dx, dy), as a finger would."""
    seen(window)
    start = centre(item)
    QTest.mousePress(window, LEFT, NONE, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(window, QPoint(start.x() + dx * i // steps, start.y() + dy * i // steps), 5)
    QTest.mouseRelease(window, LEFT, NONE, QPoint(start.x() + dx, start.y() + dy))
    pump(10)


def pinch(window: QQuickWindow, item: QQuickItem, start_gap: int, end_gap: int,
          steps: int = 10) -> None:
    """Two fingers on the item's centre, `start_gap` px apart, spread (or closed) to
    `end_gap` px along a horizontal line, as a visitor zooms with a pinch."""
    seen(window)
    device = QTest.createTouchDevice()
    mid = centre(item)

    def at(gap: int) -> tuple[QPoint, QPoint]:
        return QPoint(mid.x() - gap // 2, mid.y()), QPoint(mid.x() + gap // 2, mid.y())

    a, b = at(start_gap)
    QTest.touchEvent(window, device).press(0, a).press(1, b).commit()
    for i in range(1, steps + 1):
        a, b = at(start_gap + (end_gap - start_gap) * i // steps)
        QTest.touchEvent(window, device).move(0, a).move(1, b).commit()
        pump(10)
    a, b = at(end_gap)
    QTest.touchEvent(window, device).release(0, a).release(1, b).commit()
    pump(50)


def pump(ms: int = 0) -> None:
    """Let Qt run for `ms` milliseconds (events, bindings, animations).

    The loop sleeps while nothing is due (a timer wakes it at the end): spinning on
    `processEvents` would burn a core doing nothing, and hold the GIL the page worker's
    and the audio's threads need.
    """
    end = time.monotonic() + ms / 1000
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    while (left := end - time.monotonic()) > 0:
        _wait_for_events(left)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Run the event loop until `condition()` holds; False on timeout.

    The condition is looked at after every batch of events and at least every
    `_POLL_S` (it may hold by another thread's or process's doing, which Qt is not told).
    """
    end = time.monotonic() + timeout_s
    while (left := end - time.monotonic()) > 0:
        if condition():
            return True
        _wait_for_events(min(left, _POLL_S))
    return condition()


_POLL_S = 0.01


def _wait_for_events(seconds: float) -> None:
    """Handle Qt's events as they come, asleep between them, for at most `seconds`."""
    wake = QTimer()
    # it repeats: an event loop run inside an event handled here (a slot that pumps, a
    # modal loop) may take its first timeout, and Qt's Unix loop would then sleep on
    wake.setSingleShot(False)
    wake.setTimerType(Qt.TimerType.PreciseTimer)
    wake.start(max(1, round(seconds * 1000)))
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents
                                   | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    wake.stop()
