"""The librarian's lists by title read in Vietnamese dictionary order, as on screen."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.vietnamese import sort_key

from .harness import Panel

pytestmark = pytest.mark.ui

#: Code-point order (SQLite's NOCASE) would put Âm, Đà Nẵng and Ước mơ after every T…
BULLETINS = ["Ước mơ mùa xuân", "Tin sáng", "Đà Nẵng hôm nay", "Âm nhạc dân gian",
             "Em đi học", "Anh hùng thời bình", "Dân ca"]
IN_ORDER = ["Anh hùng thời bình", "Âm nhạc dân gian", "Dân ca", "Đà Nẵng hôm nay",
            "Em đi học", "Tin sáng", "Ước mơ mùa xuân"]


def only_these_bulletins(panel: Panel) -> None:
    for item in panel.catalog.items(kind="bulletin"):
        panel.catalog.set_flags(item.id, hidden=True)
    for n, title in enumerate(BULLETINS):
        panel.catalog.put(Item(id=f"tin-{n}", title=title, kind="bulletin", body=title))


def on_screen_top_down(panel: Panel, name: str) -> list[str]:
    from PySide6.QtCore import QPointF

    shown = [(t.mapToScene(QPointF(0, 0)).y(), t.property("text"))
             for t in panel.find_all(name)]
    return [text for _y, text in sorted(shown)]


def test_the_bulletin_chooser_lists_titles_in_dictionary_order(panel: Panel) -> None:
    only_these_bulletins(panel)
    panel.unlock()
    panel.admin.showScreen("schedule")
    panel.pump(150)
    assert [r["title"] for r in panel.admin.schedule.bulletinsModel.rows()] == IN_ORDER
    shown = on_screen_top_down(panel, "chooseBulletinText")
    assert len(shown) >= 4 and shown == IN_ORDER[:len(shown)]
    panel.tap("chooseBulletin")  # the top one: «Anh hùng…», not «Dân ca» nor «Tin sáng»
    chosen = [r["title"] for r in panel.admin.schedule.bulletinsModel.rows() if r["chosen"]]
    assert chosen == ["Anh hùng thời bình"]


def test_the_shelf_lists_every_item_in_dictionary_order(panel: Panel) -> None:
    only_these_bulletins(panel)
    panel.unlock()
    panel.admin.showScreen("shelf")
    panel.admin.shelf.setKind("")
    panel.pump(100)
    titles = [r["title"] for r in panel.admin.shelf.itemsModel.rows()]
    assert titles == sorted(titles, key=sort_key)
    mine = [t for t in titles if t in BULLETINS]
    assert mine == IN_ORDER
