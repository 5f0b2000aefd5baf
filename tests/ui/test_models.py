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


def test_items_model_takes_rows_read_beforehand_without_reading(qapp) -> None:
    """A sync's reload reads the first rows on the task thread: the model reads nothing
    more on the GUI thread until the visitor scrolls on."""
    from kiosk.models.items import PAGE_SIZE, ItemsModel

    calls: list[tuple[int, int]] = []
    everything = make_items(500)

    def fetch(limit: int, offset: int) -> list[Item]:
        calls.append((limit, offset))
        return everything[offset:offset + limit]

    model = ItemsModel()
    model.set_source(fetch, None, first=everything[:PAGE_SIZE], known_total=500)
    assert calls == [] and model.rowCount() == PAGE_SIZE and model.property("total") == 500
    model.fetchMore()
    assert calls == [(PAGE_SIZE, PAGE_SIZE)] and model.rowCount() == 2 * PAGE_SIZE


def test_collection_tiles_from_counts_read_beforehand(qapp, catalog) -> None:
    from kiosk.models.collections import CollectionsModel

    model = CollectionsModel(catalog)
    assert model.keys() == ["new"] and model.property("libraryEmpty")
    model.show_counts({"video": 3, "book": 2})
    assert model.keys() == ["book", "video", "new"] and not model.property("libraryEmpty")
    assert [model._rows[i]["count"] for i in range(3)] == [2, 3, 5]


def test_new_counts_change_the_tiles_in_place(qapp, catalog) -> None:
    """A sync changes the counts: the tiles shown keep their place (no reset, which made
    the home screen build every tile again), and only a new kind adds one."""
    from kiosk.models.collections import CollectionsModel

    model = CollectionsModel(catalog)
    model.show_counts({"video": 3, "book": 2})
    signals: list[str] = []
    model.modelReset.connect(lambda: signals.append("reset"))
    model.rowsRemoved.connect(lambda *_: signals.append("removed"))
    model.dataChanged.connect(lambda *_: signals.append("changed"))
    model.show_counts({"video": 30, "book": 20})
    assert signals == ["changed"]
    assert [model._rows[i]["count"] for i in range(3)] == [20, 30, 50]
    signals.clear()
    model.show_counts({"video": 30, "book": 20, "audio": 1})
    assert "reset" not in signals and "removed" not in signals
    assert model.keys() == ["book", "video", "audio", "new"]


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
    assert display_date("2026-05") == "05/2026"  # a month alone, not the ISO form
    assert display_date(" 2026-05-15 ") == "15/05/2026"
    assert display_date("2026-05-15T10:00:00+07:00") == "15/05/2026"


def hit(item: Item, snippet: str = "chuyển đổi số", page: int | None = 1) -> Hit:
    return Hit(item=item, score=1.0, snippet=snippet, highlights=((0, 7),), page=page)


def test_results_change_kept_rows_in_place_with_only_their_changed_roles(qapp) -> None:
    """A keystroke's new hits update the rows already shown instead of replacing them all."""
    from kiosk.models.results import ResultsModel

    a, b, c, d = make_items(4)
    model = ResultsModel()
    model.set_hits([hit(a), hit(b), hit(c)])
    roles = {bytes(name).decode(): role for role, name in model.roleNames().items()}
    events: list[tuple] = []
    model.rowsRemoved.connect(lambda _p, first, last: events.append(("removed", first, last)))
    model.rowsInserted.connect(lambda _p, first, last: events.append(("inserted", first, last)))
    model.dataChanged.connect(lambda top, bottom, changed: events.append(
        ("changed", top.row(), bottom.row(), sorted(changed))))
    restarted: list[bool] = []
    model.restarted.connect(lambda: restarted.append(True))

    # a: another snippet; b: the same; then d where c was, and nothing after it
    model.set_hits([hit(a, "chuyển đổi"), hit(b), hit(d, page=None)])
    changed_d = sorted([roles["itemId"], roles["title"], roles["page"], 0])  # 0: display
    assert events == [("changed", 0, 0, [roles["snippet"]]), ("changed", 2, 2, changed_d)]
    assert restarted == [True]
    assert model.data(model.index(0, 0), roles["snippet"]).endswith("</font></b>đổi")
    assert model.data(model.index(2, 0), roles["itemId"]) == "item-3"
    assert model.data(model.index(2, 0), roles["page"]) == 0

    events.clear()
    model.set_hits([hit(c)])  # fewer hits: the tail goes, the first row changes
    assert events[0] == ("removed", 1, 2) and events[1][:3] == ("changed", 0, 0)
    events.clear()
    model.set_hits([hit(c), hit(a), hit(b)])  # more hits: the new ones are inserted
    assert events == [("inserted", 1, 2)]
    assert [h.item.id for h in model.hits()] == ["item-2", "item-0", "item-1"]


def test_the_same_results_again_are_read_anew_in_place(qapp) -> None:
    """A new language or a sync that changed nothing: every row says its values changed."""
    from kiosk.models.results import ResultsModel

    model = ResultsModel()
    hits = [hit(item) for item in make_items(3)]
    model.set_hits(hits)
    events: list[tuple] = []
    model.rowsRemoved.connect(lambda *_: events.append(("removed",)))
    model.dataChanged.connect(lambda top, bottom, _roles: events.append(
        ("changed", top.row(), bottom.row())))
    restarted: list[bool] = []
    model.restarted.connect(lambda: restarted.append(True))
    model.set_hits(list(hits))
    assert events == [("changed", 0, 2)] and restarted == []
