"""`follow.js`: the one rule by which a page read aloud keeps the spoken word in view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.ui

VIEW = b"""
import QtQuick
import "follow.js" as Follow

Item {
    width: 400; height: 300
    property var box: []  // x0, y0, x1, y1 in the view's content coordinates
    onBoxChanged: Follow.follow(view, box[0], box[1], box[2], box[3])
    Flickable {
        id: view
        objectName: "view"
        anchors.fill: parent
        contentWidth: 1000; contentHeight: 3000
    }
}
"""


@pytest.fixture
def view(qapp) -> Iterator[Any]:
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    from kiosk.app import QML_DIR

    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(VIEW, QUrl.fromLocalFile(str(QML_DIR / "components" / "FollowTest.qml")))
    root = component.create()
    assert root is not None, component.errorString()
    yield root
    root.deleteLater()
    engine.deleteLater()


def _place(root: Any) -> tuple[float, float]:
    from PySide6.QtCore import QObject

    flick = root.findChild(QObject, "view")
    return flick.property("contentX"), flick.property("contentY")


def test_a_word_in_view_leaves_the_view_where_it_is(view) -> None:
    view.setProperty("box", [20, 200, 80, 230])  # above 80 % of the height (240)
    assert _place(view) == (0, 0)


def test_a_word_low_in_the_view_or_below_it_comes_to_the_upper_third(view) -> None:
    view.setProperty("box", [20, 250, 80, 270])  # in view, but below 80 %
    assert _place(view) == (0, 250 - 100)
    view.setProperty("box", [20, 1800, 80, 1830])
    assert _place(view) == (0, 1800 - 100)
    view.setProperty("box", [20, 100, 80, 130])  # above the view: back up to it
    assert _place(view) == (0, 0)  # clamped at the top


def test_the_place_stays_within_the_content(view) -> None:
    view.setProperty("box", [20, 2990, 80, 3000])
    assert _place(view) == (0, 3000 - 300)


def test_a_word_off_to_the_side_comes_into_view_sideways(view) -> None:
    view.setProperty("box", [700, 20, 760, 40])
    x, y = _place(view)
    assert (x, y) == (700 - 400 / 3, 0)
    view.setProperty("box", [990, 20, 1000, 40])
    assert _place(view) == (1000 - 400, 0)
