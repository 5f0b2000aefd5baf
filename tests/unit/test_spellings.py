"""The spellings a search that found nothing offers, chosen in the core for every caller."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search
from library.spellings import more_than_shown, offered_spellings, shown_text


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook"),
            ["Mỗi đảng viên gương mẫu."])
    cat.put(Item(id="giao-thong", title="An toàn giao thông", kind="book"),
            ["Đi xe máy đội mũ bảo hiểm."])
    return Search(cat)


def test_a_slip_put_right_comes_first_then_shorter_queries(search: Search) -> None:
    assert offered_spellings(search, "dang vein") == ["đảng viên", "dang"]
    assert offered_spellings(search, "  ") == []


def test_words_are_offered_as_the_field_shows_the_keys(search: Search) -> None:
    # Telex keys, found by none of their readings: «đảng», not `ddangr`.
    assert offered_spellings(search, "ddangr hieen") == ["đảng"]
    assert offered_spellings(search, "ddangr hieen", scheme="plain") == ["ddangr"]
    assert shown_text("ddangr", "vni") == "ddangr" and shown_text("d9a3ng", "vni") == "đảng"


def test_a_letter_left_of_the_query_is_not_offered(search: Search) -> None:
    assert search.search_typed("s", limit=1)  # a letter alone finds titles…
    assert offered_spellings(search, "s leo") == []  # …but leads nowhere meant
    assert offered_spellings(search, "s, leo") == [] and offered_spellings(search, "s - leo") == []
    assert offered_spellings(search, "an leo") == ["an"]  # two may be a word
    assert offered_spellings(search, "sổ tay leo") == ["sổ tay", "tay"]


def test_a_collection_asked_for_narrows_what_is_offered(search: Search) -> None:
    assert offered_spellings(search, "dang vein", kind="book") == []
    assert offered_spellings(search, "giao thogn", kind="book") == ["giao thông", "giao"]


def test_more_than_shown_counts_every_reading(search: Search) -> None:
    hits = search.search_typed("ddang", limit=1)
    assert len(hits) == 1 and more_than_shown(search, "ddang", hits, 1) is False
    hits = search.search_typed("t", limit=1)  # «tay», «toàn»: two titles
    assert more_than_shown(search, "t", hits, 1) is True
    assert more_than_shown(search, "t", search.search_typed("t", limit=2), 2) is False
    # a letter alone lists titles, and counts them only: «đội» on a page is not «more»
    assert more_than_shown(search, "d", search.search_typed("d", limit=1), 1) is False
