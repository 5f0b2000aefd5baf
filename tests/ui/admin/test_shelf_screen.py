"""Tủ sách: the switches change the catalog and the row at once."""

from __future__ import annotations

import pytest

from kiosk.touch import tap
from library import curation

from .harness import Panel, shown_up_to_a_word, texts_under

pytestmark = pytest.mark.ui


def row_button(panel: Panel, title: str, name: str):
    """The button `name` in the shelf row showing `title`."""
    for button in panel.find_all(name):
        if title in texts_under(button.parentItem().parentItem(), "shelfTitle"):
            return button
    raise AssertionError(f"no {name} in the row {title!r}")


def open_shelf(panel: Panel, kind: str = "") -> None:
    panel.unlock()
    panel.admin.showScreen("shelf")
    panel.admin.shelf.setKind(kind)
    panel.pump(100)


def test_hide_and_show_again(panel: Panel) -> None:
    open_shelf(panel, "book")
    item = panel.catalog.items(kind="book", order="title")[0]
    tap(panel.view, row_button(panel, item.title, "toggleHidden"))
    assert panel.catalog.get(item.id).hidden
    assert "Đã ẩn" in panel.find("shelfMessage").property("text")
    panel.pump(50)
    assert row_button(panel, item.title, "toggleHidden").property("text") == "Hiện"
    tap(panel.view, row_button(panel, item.title, "toggleHidden"))
    assert not panel.catalog.get(item.id).hidden


def test_featured_and_attract_loop(panel: Panel) -> None:
    open_shelf(panel, "infographic")
    item = panel.catalog.items(kind="infographic", order="title")[0]
    was = item.featured
    tap(panel.view, row_button(panel, item.title, "toggleFeatured"))
    assert panel.catalog.get(item.id).featured is (not was)
    # the librarian's choice, which a sync updating the item keeps
    assert curation.featured_choices(panel.catalog) == {item.id: not was}
    tap(panel.view, row_button(panel, item.title, "toggleAttract"))
    assert curation.attract_ids(panel.catalog) == [item.id]
    assert [i.id for i in curation.attract_items(panel.catalog)] == [item.id]
    panel.pump(50)
    assert row_button(panel, item.title, "toggleAttract").property("checked")


def test_take_a_bulletin_down_at_once(panel: Panel, qtbot) -> None:
    open_shelf(panel, "bulletin")
    bulletin = panel.catalog.items(kind="bulletin", order="title")[0]
    assert len(panel.find_all("takeDown")) == panel.catalog.count(kind="bulletin")
    with qtbot.waitSignal(panel.admin.catalogChanged, timeout=2000):
        tap(panel.view, row_button(panel, bulletin.title, "takeDown"))
    assert panel.catalog.get(bulletin.id).hidden
    assert bulletin.id not in {i.id for i in panel.catalog.items(kind="bulletin")}
    assert "Đã gỡ" in panel.find("shelfMessage").property("text")


def test_portrait_rows_fit_the_screen(qapp, station) -> None:
    """On a portrait kiosk (1080×1920) the buttons go under the title, inside the screen."""
    paths, catalog = station
    portrait = Panel(paths, catalog, size=(1080, 1920))
    try:
        open_shelf(portrait, "bulletin")
        buttons = portrait.find_all("takeDown") + portrait.find_all("toggleAttract")
        assert buttons
        for button in buttons:
            right = button.mapToScene(button.boundingRect().topRight()).x()
            assert right <= 1080, f"{button.objectName()} ends at x={right}"
    finally:
        portrait.close()


def test_an_item_removed_elsewhere_leaves_the_shelf_when_touched(panel: Panel, qtbot) -> None:
    """`cafesach remove` (or a sync) took it meanwhile: its row must not stay to be tapped
    again and again, each time «not found»."""
    from library.catalog import Catalog

    open_shelf(panel)
    gone = panel.admin.shelf.itemsModel.rows()[0]
    with Catalog.open(panel.paths) as other:  # another process' connection
        other.remove(gone["itemId"])
    with qtbot.waitSignal(panel.admin.catalogChanged):
        panel.admin.shelf.setHidden(gone["itemId"], True)
    assert gone["itemId"] not in [r["itemId"] for r in panel.admin.shelf.itemsModel.rows()]
    assert panel.admin.shelf.message == "Không tìm thấy mục này."


def test_a_long_title_is_cut_at_a_whole_syllable(panel: Panel) -> None:
    """Qt's own elide cut «…bán hàn…» inside a syllable, which reads as another word."""
    title = ("An toàn khi bán hàng trực tuyến: hướng dẫn cho bà con tiểu thương ở chợ "
             "truyền thống, thanh toán không dùng tiền mặt và giữ an toàn tài khoản ") * 2
    book = panel.catalog.items(kind="book", order="title")[0]
    panel.catalog.update(book.id, title=title.strip())
    open_shelf(panel, "book")
    shown = [t for t in panel.find_all("shelfTitle")
             if t.property("text").startswith("An toàn khi bán")]
    assert len(shown) == 1
    assert len(shown_up_to_a_word(shown[0], title)) < len(title)
