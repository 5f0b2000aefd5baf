"""Nothing of a scrolled list is painted outside it (software scene graph, as offscreen).

The kind icons of rows kept just outside a list (its cache buffer) used to be
painted over the screen's header, the search field and the keyboard when the
station draws without a GPU: Qt's software Shape paints with no clip at all
once its item lies wholly outside the clipping view. Each test grabs the
window before and after a scroll and checks that what lies outside the list
did not change by a single pixel.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage

from library.catalog import Catalog, Item
from library.paths import DataPaths

from .bigcatalog import library_paths, station
from .conftest import item, settle

pytestmark = pytest.mark.ui

BULLETINS = 240  # no covers: every card shows the kind's icon


@pytest.fixture(scope="module")
def bulletin_paths(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    return library_paths(tmp_path_factory, "clip", _fill)


def _fill(catalog: Catalog, paths: DataPaths) -> None:
    for n in range(BULLETINS):
        catalog.put(Item(id=f"ban-tin-{n:03d}", title=f"Bản tin số {n}", kind="bulletin",
                         published=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                         body=f"Nội dung bản tin số {n}."), [f"Bản tin số {n}."])


@pytest.fixture(scope="module")
def kiosk(qapp, bulletin_paths: DataPaths) -> Iterator:
    """This module's own station: a collection of a few hundred bulletins."""
    with station(bulletin_paths) as app:
        yield app


def _rect(view) -> QRect:
    """The whole pixels a QML item touches in the window (its edge pixels included)."""
    top_left = view.mapToScene(QPointF(0, 0))
    left, top = math.floor(top_left.x()), math.floor(top_left.y())
    right = math.ceil(top_left.x() + view.width())
    bottom = math.ceil(top_left.y() + view.height())
    return QRect(left, top, right - left, bottom - top)


def _grab(app) -> QImage:
    settle(300)
    return app.window.grabWindow().convertToFormat(QImage.Format.Format_RGB32)


def _changed(before: QImage, after: QImage, area: QRect) -> int:
    """How many pixels of `area` differ between the two grabs."""
    area = area.intersected(before.rect())
    return sum(1 for y in range(area.top(), area.bottom() + 1)
               for x in range(area.left(), area.right() + 1)
               if before.pixel(x, y) != after.pixel(x, y))


def test_cards_scrolled_above_the_grid_leave_the_header_untouched(kiosk) -> None:
    kiosk.visit.openCollection("bulletin")
    settle()
    grid = item(kiosk, "browseGrid")
    grid.setProperty("contentY", 0.0)
    before = _grab(kiosk)
    header = QRect(0, 0, before.width(), _rect(grid).top())  # top bar, title, sort buttons
    row = grid.property("cellHeight")
    # Rows whose cover lies wholly above the grid, their titles still in it or not.
    for contentY in (2390.0, 5 * row + row * 0.8, 3 * row + row * 0.95):
        grid.setProperty("contentY", contentY)
        after = _grab(kiosk)
        assert _changed(before, after, header) == 0, f"ink over the header at contentY={contentY}"
    grid.setProperty("contentY", 0.0)


def test_results_scrolled_under_the_keyboard_leave_it_and_the_header_untouched(kiosk) -> None:
    kiosk.window.resize(768, 1366)  # portrait: the keyboard under the results
    settle()
    try:
        kiosk.visit.openSearch()
        for key in "ban tin so":
            kiosk.search.typeKey(key)
        results = item(kiosk, "searchResults")
        settle()
        assert results.property("count") > 10
        results.setProperty("contentY", 0.0)
        before = _grab(kiosk)
        field = _rect(item(kiosk, "searchField"))
        listed = _rect(results)
        top_bar = QRect(0, 0, before.width(), field.top())
        below = QRect(0, listed.bottom() + 1, before.width(), before.height() - listed.bottom() - 1)
        for contentY in (330.0, 700.0, 1010.0):
            results.setProperty("contentY", contentY)
            after = _grab(kiosk)
            assert _changed(before, after, top_bar) == 0, f"ink over the top bar at {contentY}"
            assert _changed(before, after, below) == 0, f"ink over the keyboard at {contentY}"
    finally:
        kiosk.search.clear()
        kiosk.nav.home()
        kiosk.window.resize(1920, 1080)
        settle()
