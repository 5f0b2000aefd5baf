"""Abbreviations of public life typed for the words written out, and the other way round."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search
from library.vietnamese import abbreviation_readings


def ids(hits) -> list[str]:
    return [h.item.id for h in hits]


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="ubnd", title="Ngày hội tại UBND xã", kind="bulletin"), ["Ngày hội."])
    cat.put(Item(id="uy-ban", title="Thông báo", kind="bulletin"),
            ["Ủy ban nhân dân xã mời bà con dự họp."])
    cat.put(Item(id="htx", title="Nông sản lên sàn", kind="book"),
            ["Liên hệ hợp tác xã để được tư vấn."])
    cat.put(Item(id="scattered", title="Sổ tay", kind="handbook"),
            ["Hỗ trợ chi bộ.", "Hồ sơ minh bạch, chi tiết."])
    return Search(cat)


@pytest.mark.parametrize(("typed", "found"), [
    ("UBND", {"ubnd", "uy-ban"}),
    ("ubnd xa", {"ubnd", "uy-ban"}),
    ("uy ban nhan dan", {"ubnd", "uy-ban"}),
    ("Ủy ban nhân dân xã", {"ubnd", "uy-ban"}),
    ("htx", {"htx"}),
])
def test_an_abbreviation_finds_the_words_written_out_and_back(search: Search, typed: str,
                                                              found: set[str]) -> None:
    assert set(ids(search.search_typed(typed))) == found


def test_written_out_words_must_stand_together(search: Search) -> None:
    """`hcm` is «Hồ Chí Minh», not a page holding «hỗ», «chi» and «minh» apart."""
    assert search.search_typed("hcm") == []
    assert search.search_typed("TP HCM") == []


def test_together_keeps_only_the_phrase(search: Search) -> None:
    assert ids(search.search("ho chi minh", prefix=False)) == ["scattered"]
    assert search.search("ho chi minh", prefix=False, together=True) == []
    assert ids(search.search("hop tac xa", together=True)) == ["htx"]


@pytest.mark.parametrize(("text", "readings"), [
    ("UBND xã", ["uy ban nhan dan xa"]),
    ("Ủy ban nhân dân xã", ["ubnd xa"]),
    ("TP HCM", ["thanh pho ho chi minh"]),
    ("thanh pho ho chi minh", ["tp hcm"]),
    ("chuyển đổi số cho mọi người", ["cds cho moi nguoi"]),
    ("dang vien", []),
    ("", []),
])
def test_abbreviation_readings(text: str, readings: list[str]) -> None:
    assert abbreviation_readings(text) == readings


def test_an_abbreviation_the_words_become_is_a_whole_word() -> None:
    """`thanh pho` finds the page's «TP.HCM» (two letters, yet a whole word: looked for in
    pages, not titles alone), never «TPBank»."""
    cat = Catalog(memory=True)
    cat.put(Item(id="tphcm", title="Tin vắn", kind="bulletin"),
            ["Đoàn đi TP.HCM học tập kinh nghiệm."])
    cat.put(Item(id="tpbank", title="Ngân hàng", kind="bulletin"),
            ["Mở tài khoản TPBank tại quầy."])
    search = Search(cat)
    assert ids(search.search_typed("thanh pho")) == ["tphcm"]
    assert ids(search.search_typed("thành phố")) == ["tphcm"]
