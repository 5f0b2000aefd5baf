"""Touching QML items from Python: taps, double taps and swipes at an item's centre.

Why here and not only in the tests: the screenshot tour drives the real app
the way a visitor would (it types on the on-screen keyboard key by key), and
the UI tests use the very same helpers, so what the tour shows is what the
tests checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def centre(item: QQuickItem) -> QPoint:
    """The item's centre in window coordinates."""
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    return point.toPoint()


def tap(window: QQuickWindow, item: QQuickItem) -> None:
    """Press and release at the item's centre."""
    if not item.isVisible():
        raise AssertionError(f"{item.objectName() or item} is not visible")
    QTest.mouseClick(window, LEFT, NONE, centre(item))
    pump(10)


def tap_at(window: QQuickWindow, point: QPoint) -> None:
    QTest.mouseClick(window, LEFT, NONE, point)
    pump(10)


def double_tap(window: QQuickWindow, item: QQuickItem) -> None:
    QTest.mouseDClick(window, LEFT, NONE, centre(item))
    pump(10)


def swipe(window: QQuickWindow, item: QQuickItem, dx: int, dy: int = 0, steps: int = 8) -> None:
    """Drag from the item's centre by (dx, dy), as a finger would."""
    start = centre(item)
    QTest.mousePress(window, LEFT, NONE, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(window, QPoint(start.x() + dx * i // steps, start.y() + dy * i // steps), 5)
    QTest.mouseRelease(window, LEFT, NONE, QPoint(start.x() + dx, start.y() + dy))
    pump(10)


def pump(ms: int = 0) -> None:
    """Let Qt run for `ms` milliseconds (events, bindings, animations)."""
    end = time.monotonic() + ms / 1000
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Run the event loop until `condition()` holds; False on timeout."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if condition():
            return True
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return condition()
