"""Kinetic scrolling on the browse grid and the home shelves, by finger.

A fast flick keeps the content moving after the finger lifts, then comes to
rest; a slow drag moves the content with the finger and leaves it where the
finger stopped. Frames are driven with `qtbot.waitUntil` (every wait asks the
window for another frame), and what the tests check is where the content is
frame by frame, never how long anything took.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import SIGNAL, QMetaObject, QObject, QPoint
from PySide6.QtGui import QPointingDevice
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from kiosk.models.collections import NEW
from kiosk.touch import centre

from .conftest import item

pytestmark = pytest.mark.ui

#: Frames watched after the content came to rest: a flick would move within them.
FRAMES = 12
_TOUCH: list[QPointingDevice] = []


def touch_screen() -> QPointingDevice:
    """One touch screen for the whole run (Qt keeps every registered device)."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    return _TOUCH[0]


def drag(window: QQuickWindow, start: QPoint, dx: int, dy: int, *, steps: int, step_ms: int,
         rest_ms: int = 0) -> None:
    """A finger down at `start`, moved by (dx, dy) in `steps` moves `step_ms` apart,
    resting there `rest_ms` (a finger that stops before it lifts), then lifted."""
    device = touch_screen()
    QTest.touchEvent(window, device).press(0, start).commit()
    for i in range(1, steps + 1):
        QTest.qWait(step_ms)
        QTest.touchEvent(window, device).move(
            0, QPoint(start.x() + dx * i // steps, start.y() + dy * i // steps)).commit()
    if rest_ms:
        QTest.qWait(rest_ms)
    QTest.touchEvent(window, device).release(0, QPoint(start.x() + dx, start.y() + dy)).commit()


class Watch:
    """A Flickable's position on every frame, and its flicks; asks for frames."""

    def __init__(self, window: QQuickWindow, flick: QQuickItem, axis: str) -> None:
        self.window, self.flick, self.axis = window, flick, axis
        self.flicks = 0
        self.positions: list[float] = []
        QObject.connect(flick, SIGNAL("flickStarted()"), self._flicked)
        window.afterAnimating.connect(self._frame)

    def close(self) -> None:
        self.window.afterAnimating.disconnect(self._frame)
        QObject.disconnect(self.flick, SIGNAL("flickStarted()"), self._flicked)

    def _flicked(self) -> None:
        self.flicks += 1

    def _frame(self) -> None:
        self.positions.append(self.position())

    def position(self) -> float:
        return float(self.flick.property(self.axis))

    def at_rest(self) -> bool:
        self.window.update()
        return not self.flick.property("moving")

    def frames(self, count: int) -> Callable[[], bool]:
        """A condition for waitUntil: true once `count` more frames were drawn."""
        target = len(self.positions) + count

        def drawn() -> bool:
            self.window.update()
            return len(self.positions) >= target

        return drawn


@pytest.fixture
def watch(kiosk) -> Iterator[Callable[[QQuickItem, str], Watch]]:
    made: list[Watch] = []

    def make(flick: QQuickItem, axis: str) -> Watch:
        made.append(Watch(kiosk.window, flick, axis))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.fixture
def grid(kiosk, qtbot) -> QQuickItem:
    """The browse grid of every item, once its screen has faded in (a touch during
    the fade would land on the screen going away)."""
    kiosk.visit.openCollection(NEW)
    screen = item(kiosk, "browseScreen")
    qtbot.waitUntil(lambda: screen.property("opacity") == 1
                    and not kiosk.find("homeScreen").isVisible())
    grid = item(kiosk, "browseGrid")
    QMetaObject.invokeMethod(grid, "positionViewAtBeginning")  # where an earlier test left it
    qtbot.waitUntil(lambda: not grid.property("moving"))
    assert grid.property("contentHeight") > grid.height() + 150  # there is room to scroll
    return grid


@pytest.fixture
def shelf(kiosk, qtbot) -> QQuickItem:
    """The home screen's "newest" shelf (wider than the screen), scrolled into view."""
    home = item(kiosk, "homeFlick")
    home.setProperty("contentY", home.property("contentHeight") - home.height())
    shelf = item(kiosk, "newShelfList")
    QMetaObject.invokeMethod(shelf, "positionViewAtBeginning")
    qtbot.waitUntil(lambda: 0 < centre(shelf).y() < kiosk.window.height()
                    and not shelf.property("moving"))
    assert shelf.property("contentWidth") > shelf.width() + 150
    return shelf


def fast_flick_keeps_moving(kiosk, qtbot, watch: Watch, start: QPoint, dx: int, dy: int,
                            screen: str) -> None:
    begin = watch.position()
    drag(kiosk.window, start, dx, dy, steps=6, step_ms=5)
    released = watch.position()
    assert released > begin  # the content followed the finger...
    frames_at_release = len(watch.positions)
    qtbot.waitUntil(watch.at_rest, timeout=10_000)
    after = watch.positions[frames_at_release:]
    assert watch.flicks == 1
    # ...and went on after it lifted, frame after frame, in the same direction...
    assert len(set(after)) >= 3, after
    # (a fraction of a pixel back is the bound catching a flick that reached the end)
    assert all(b >= a - 1 for a, b in itertools.pairwise(after)), after
    settled = watch.position()
    assert settled > released
    # ...then came to rest and stays there.
    qtbot.waitUntil(watch.frames(FRAMES), timeout=10_000)
    assert watch.position() == settled
    assert kiosk.nav.screen == screen  # a flick over a cover is not a tap on it


def slow_drag_stops_with_the_finger(kiosk, qtbot, watch: Watch, start: QPoint, dx: int,
                                    dy: int, screen: str) -> None:
    begin = watch.position()
    drag(kiosk.window, start, dx, dy, steps=15, step_ms=40, rest_ms=150)
    released = watch.position()
    assert released > begin + 50  # the content followed the finger
    qtbot.waitUntil(watch.frames(FRAMES), timeout=10_000)
    assert watch.position() == released  # and did not sail on once it lifted
    assert watch.flicks == 0 and watch.at_rest()
    assert kiosk.nav.screen == screen


def test_fast_flick_on_the_browse_grid_keeps_moving_then_settles(kiosk, qtbot, grid,
                                                                  watch) -> None:
    start = centre(grid)
    fast_flick_keeps_moving(kiosk, qtbot, watch(grid, "contentY"),
                            QPoint(start.x(), start.y() + 200), 0, -150, "browse")


def test_slow_drag_on_the_browse_grid_does_not_overshoot(kiosk, qtbot, grid, watch) -> None:
    start = centre(grid)
    slow_drag_stops_with_the_finger(kiosk, qtbot, watch(grid, "contentY"),
                                    QPoint(start.x(), start.y() + 200), 0, -150, "browse")


def test_fast_flick_on_a_home_shelf_keeps_moving_then_settles(kiosk, qtbot, shelf,
                                                              watch) -> None:
    start = centre(shelf)
    fast_flick_keeps_moving(kiosk, qtbot, watch(shelf, "contentX"),
                            QPoint(start.x() + 300, start.y()), -200, 0, "home")


def test_slow_drag_on_a_home_shelf_does_not_overshoot(kiosk, qtbot, shelf, watch) -> None:
    start = centre(shelf)
    slow_drag_stops_with_the_finger(kiosk, qtbot, watch(shelf, "contentX"),
                                    QPoint(start.x() + 300, start.y()), -200, 0, "home")
