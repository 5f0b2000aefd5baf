"""The visitor screens on a library of a few hundred items: more than one page of everything.

A province's library holds thousands of items; the demo holds a dozen, so
lists that stop at their first page, or read too much, never show on it.
Here a module of its own has 300 items (metadata and one page of text each,
made in well under a second), 30 of them featured.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMetaObject

from kiosk.controllers.visit import SHELF_PAGE
from kiosk.models.collections import NEW
from kiosk.models.items import PAGE_SIZE
from kiosk.touch import tap
from library.catalog import Catalog, Item
from library.paths import DataPaths

from .bigcatalog import library_paths, station
from .conftest import item, settle

pytestmark = pytest.mark.ui

BOOKS, DOCUMENTS, FEATURED = 200, 100, 30
OTHERS = 2  # a video and a handbook, for the tour


@pytest.fixture(scope="module")
def big_paths(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    return library_paths(tmp_path_factory, "big", _fill)


def _fill(catalog: Catalog, paths: DataPaths) -> None:
    for n in range(BOOKS + DOCUMENTS):
        kind = "book" if n < BOOKS else "document"
        catalog.put(Item(id=f"muc-{n:03d}", title=f"Tài liệu số {n} của tỉnh", kind=kind,
                         tags=("tỉnh", f"{kind} {n % 3}"),
                         published=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                         featured=n % 10 == 0), [f"Trang của mục {n}."])
    # For the tour: the best hit of its query a video, a document of two pages below it.
    catalog.put(Item(id="phim-cds", title="Chuyển đổi số", kind="video",
                     summary="Phim ngắn về chuyển đổi số ở xã.", published="2026-01-02"))
    catalog.add_file(_two_pages(paths.root / "cds.pdf"), title="Chuyển đổi số ở xã",
                     kind="handbook", item_id="sach-cds")


def _two_pages(path):
    import pymupdf

    from library.paths import font_files

    doc = pymupdf.open()
    for text in ("Chuyển đổi số ở xã, trang một.", "Trang hai."):
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 800), text, fontname="vn", fontsize=14)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="module")
def kiosk(qapp, big_paths: DataPaths) -> Iterator:
    """This module's own station (the shared one holds the demo library)."""
    with station(big_paths) as app:
        yield app


def _to_end(view) -> None:
    """Scroll a list view to its end until it loads no more rows."""
    model = view.property("model")
    while True:
        rows = model.rowCount()
        QMetaObject.invokeMethod(view, "positionViewAtEnd")
        settle(60)
        if model.rowCount() == rows:
            return


def test_the_featured_shelf_holds_every_featured_item(kiosk) -> None:
    assert FEATURED > SHELF_PAGE  # more than the shelf's first page
    _to_end(item(kiosk, "featuredShelfList"))
    ids = [i.id for i in kiosk.visit.featured.items()]
    assert len(ids) == len(set(ids)) == FEATURED
    assert item(kiosk, "featuredShelfList").property("count") == FEATURED


def test_another_collection_starts_with_one_page_not_the_rows_scrolled_before(kiosk) -> None:
    kiosk.visit.openCollection("new")
    settle()
    _to_end(item(kiosk, "browseGrid"))
    everything = BOOKS + DOCUMENTS + OTHERS
    assert kiosk.browse.model.rowCount() == everything  # the whole list, no repeats
    assert len({i.id for i in kiosk.browse.model.items()}) == everything
    kiosk.visit.openCollection("book")
    settle()
    assert PAGE_SIZE <= kiosk.browse.model.rowCount() < BOOKS  # a page (and what the view asks)
    assert kiosk.browse.model.property("total") == BOOKS
    _to_end(item(kiosk, "browseGrid"))
    assert kiosk.browse.model.rowCount() == BOOKS


def test_the_grid_keeps_its_cards_for_the_next_rows_and_each_shows_its_own_item(kiosk) -> None:
    kiosk.visit.openCollection("new")
    settle()
    grid = item(kiosk, "browseGrid")
    def shows(cell) -> str:
        return next((c.property("itemId") for c in cell.childItems() if c.property("itemId")), "")

    for cell in grid.property("contentItem").childItems():  # the first screen's cards
        cell.setProperty("qaFirstShowed", shows(cell))
    _to_end(grid)
    now = grid.property("contentItem").childItems()
    # Cards scrolled out came back for rows further down (a destroyed delegate leaks).
    assert any(cell.property("qaFirstShowed") not in (None, shows(cell)) for cell in now)
    titles = {i.id: i.title for i in kiosk.browse.model.items()}
    cards = [c for cell in now if cell.isVisible() for c in cell.childItems()
             if c.objectName().startswith("browse_")]
    assert cards
    for card in cards:
        assert card.property("title") == titles[card.objectName().removeprefix("browse_")]
    for cell in now:  # a card waiting in the pool answers to no item's name
        if cell.property("pooled"):
            assert all(not c.objectName() for c in cell.childItems())


def test_the_next_visitor_finds_each_shelf_at_its_start(kiosk) -> None:
    shelf = item(kiosk, "featuredShelfList")
    _to_end(shelf)
    assert shelf.property("contentX") > shelf.property("originX") + 100
    kiosk.reset()
    settle()
    assert shelf.property("contentX") == pytest.approx(shelf.property("originX"))


def test_a_tag_on_an_items_page_lists_that_tag_in_every_collection(kiosk) -> None:
    kiosk.visit.openCollection("document")  # where the visitor before left the grid
    settle()
    kiosk.reset()
    settle()
    kiosk.visit.openItem("muc-001")  # a book
    settle()
    tap(kiosk.window, item(kiosk, "detailTag"))  # «#tỉnh»
    settle()
    assert kiosk.nav.screen == "browse" and kiosk.browse.tag == "tỉnh"
    assert kiosk.browse.kind == NEW
    assert kiosk.browse.model.property("total") == BOOKS + DOCUMENTS
    # A chip of the browse screen's own strip stays within the collection shown.
    kiosk.visit.openCollection("document")
    settle()
    kiosk.visit.openTag("tỉnh")
    assert kiosk.browse.kind == "document"
    assert kiosk.browse.model.property("total") == DOCUMENTS


def test_the_shelf_offered_when_nothing_is_found_leaves_out_an_item_hidden_since(kiosk) -> None:
    kiosk.visit.openSearch()
    for key in "xyzq":
        kiosk.search.typeKey(key)
    offered = [i.id for i in kiosk.search.popular.items()]
    assert kiosk.search.nothingFound and offered
    kiosk.search.clear()
    kiosk.catalog.set_flags(offered[0], hidden=True)  # the librarian takes it down
    try:
        for key in "qwzx":
            kiosk.search.typeKey(key)
        assert kiosk.search.nothingFound
        assert offered[0] not in {i.id for i in kiosk.search.popular.items()}
    finally:
        kiosk.catalog.set_flags(offered[0], hidden=False)


def test_the_chips_and_cards_stay_when_the_list_changes_and_show_the_new_one(kiosk) -> None:
    """Kept, not destroyed and built again: Qt leaves memory behind for each one destroyed."""
    kiosk.visit.openCollection("book")
    settle()
    chips = [item(kiosk, f"tag_{n}") for n in range(2)]
    grid = item(kiosk, "browseGrid")
    for thing in [*chips, *grid.property("contentItem").childItems()]:
        thing.setProperty("qaKept", True)
    kiosk.visit.openCollection("document")
    settle()
    assert [item(kiosk, f"tag_{n}").property("qaKept") for n in range(2)] == [True, True]
    texts = {item(kiosk, f"tag_{n}").property("text") for n in range(4)}
    assert "#tỉnh" in texts and texts <= {"#tỉnh", "#document 0", "#document 1", "#document 2"}
    kept = [cell for cell in grid.property("contentItem").childItems() if cell.property("qaKept")]
    assert len(kept) > 6  # a screenful, not only the view's current item
    titles = {i.id: i.title for i in kiosk.browse.model.items()}
    for cell in kept:
        for card in cell.childItems():
            if card.objectName().startswith("browse_") and card.isVisible():
                assert card.objectName().removeprefix("browse_") in titles  # a document now
                assert card.property("title") == titles[card.objectName().removeprefix("browse_")]

    kiosk.visit.openItem("muc-001")
    settle()
    for chip in kiosk.find_all("detailTag"):
        chip.setProperty("qaKept", True)
    kiosk.visit.openItem("muc-202")
    settle()
    shown = [c for c in kiosk.find_all("detailTag") if c.isVisible()]
    assert [c.property("text") for c in shown] == ["#tỉnh", "#document 1"]
    assert all(c.property("qaKept") for c in shown)


def test_another_list_takes_the_rows_shown_in_place(kiosk) -> None:
    """Only the tail is removed or added: the rows shown change their item, so the cards
    showing them are kept (not destroyed and built again)."""
    kiosk.visit.openCollection("book")
    settle()
    model = kiosk.browse.model
    removed: list[int] = []
    changed: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    model.dataChanged.connect(lambda top, _bottom, _roles=(): changed.append(top.row()))
    kiosk.visit.openCollection("document")
    settle()
    assert changed and min(changed) == 0
    assert all(first >= PAGE_SIZE for first in removed)
    assert model.items()[0].kind == "document"


def test_the_tour_reads_a_document_when_the_best_hit_is_a_video(kiosk, tmp_path) -> None:
    from kiosk.tour import TOUR_QUERY, Tour

    assert kiosk.search._search.search_typed(TOUR_QUERY)[0].item.kind == "video"
    tour = Tour(kiosk, tmp_path)
    tour.walk()
    names = [shot["name"] for shot in tour.shots]
    assert names[names.index("detail") + 1:names.index("attract")] == [
        "reader-page1", "reader-page2", "reader-zoom"]
    detail = next(shot for shot in tour.shots if shot["name"] == "detail")
    assert detail["detail"] == "sach-cds"
