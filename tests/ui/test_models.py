"""List models without QML: paging, roles, results markup, collections."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.search import Hit

pytestmark = pytest.mark.ui


def make_items(n: int) -> list[Item]:
    return [Item(id=f"item-{i}", title=f"Sách số {i}", kind="book") for i in range(n)]


def test_items_model_fetches_in_pages_only(qapp) -> None:
    from kiosk.models.items import PAGE_SIZE, ItemsModel

    calls: list[tuple[int, int]] = []
    everything = make_items(20_000)

    def fetch(limit: int, offset: int) -> list[Item]:
        calls.append((limit, offset))
        return everything[offset:offset + limit]

    model = ItemsModel()
    model.set_source(fetch, lambda: len(everything))
    assert model.rowCount() == PAGE_SIZE and model.property("total") == 20_000
    assert calls == [(PAGE_SIZE, 0)]
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE and calls[-1] == (PAGE_SIZE, PAGE_SIZE)
    roles = {bytes(name).decode(): role for role, name in model.roleNames().items()}
    assert model.data(model.index(61, 0), roles["title"]) == "Sách số 61"
    assert model.get(0)["itemId"] == "item-0"


def test_result_snippets_escape_text_and_mark_hits(qapp) -> None:
    from kiosk.models.results import snippet_html

    hit = Hit(item=make_items(1)[0], score=1.0, snippet="<b>x</b> chuyển đổi số",
              highlights=((9, 22),), page=2)
    html = snippet_html(hit)
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; ")
    assert "<b><font" in html and "chuyển đổi số</font></b>" in html


def test_dates_read_the_vietnamese_way() -> None:
    from kiosk.models.items import display_date

    assert display_date("2026-05-15") == "15/05/2026"
    assert display_date("2026") == "2026"
    assert display_date(None) == ""
