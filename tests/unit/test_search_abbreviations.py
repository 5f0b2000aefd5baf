"""Abbreviations of public life typed for the words written out, and the other way round."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search
from library.spellings import more_than_shown
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


def test_written_out_words_stand_together_all_in_one_run() -> None:
    """A page holding each pair of «Hồ Chí Minh» apart («Hồ chí …», «… chí minh bạch»)
    is no «Hồ Chí Minh»: neither listed for `hcm` nor counted, while the page that
    writes it is both."""
    cat = Catalog(memory=True)
    cat.put(Item(id="pairs-apart", title="Sổ tay", kind="handbook"),
            ["Hồ chí đi chợ, chí minh bạch."])
    cat.put(Item(id="city", title="Tin vắn", kind="bulletin"), ["Thành phố Hồ Chí Minh."])
    search = Search(cat)
    assert ids(search.search_typed("hcm")) == ["city"]
    assert search.count_typed("hcm") == 1
    assert ids(search.search("ho chi minh", together=True)) == ["city"]
    assert ids(search.search("ho chi mi", together=True)) == ["city"]
    assert set(ids(search.search("ho chi minh"))) == {"city", "pairs-apart"}


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


@pytest.fixture
def tw_search() -> Search:
    """`tw` is the abbreviation of «Trung ương» and, in Telex, the word «tư»."""
    cat = Catalog(memory=True)
    cat.put(Item(id="nghi-quyet", title="Nghị quyết Trung ương 4", kind="bulletin"),
            ["Hội nghị Trung ương bàn về xây dựng Đảng."])
    cat.put(Item(id="chi-dao", title="Thông báo", kind="bulletin"),
            ["Theo chỉ đạo của TW, các xã triển khai ngay."])
    cat.put(Item(id="tu-duy", title="Tư duy số cho nông dân", kind="book"), ["Đổi mới tư duy."])
    cat.put(Item(id="tu-tuong", title="Học tập tư tưởng Hồ Chí Minh", kind="book"),
            ["Tư tưởng, đạo đức, phong cách."])
    return Search(cat)


def test_tw_alone_finds_trung_uong_first_then_tu(tw_search: Search) -> None:
    """Typed alone, the whole-word abbreviation comes first — the page writing «TW» too,
    though two letters are otherwise answered by titles alone — and the Telex «tư»
    finds its titles after them."""
    found = ids(tw_search.search_typed("tw"))
    assert set(found[:2]) == {"nghi-quyet", "chi-dao"}
    assert set(found[2:]) == {"tu-duy", "tu-tuong"}


def test_tw_after_another_word_is_telex_first(tw_search: Search) -> None:
    """`tu tw` is «tư …» being typed (Telex `tuw tw…` cut short) before it is «tu Trung
    ương»: the title «Từ Trung ương …», which the abbreviation's reading ranks as a
    title phrase, stands where the Telex reading puts it, after «Tư liệu …», which holds
    `tư` as typed so far — and is still found."""
    cat = tw_search.catalog
    cat.put(Item(id="tu-tw", title="Từ Trung ương đến cơ sở", kind="book"), ["Chỉ đạo."])
    cat.put(Item(id="tu-lieu", title="Tư liệu", kind="book"), ["Ảnh cũ."])
    found = ids(tw_search.search_typed("tu tw"))
    assert found.index("tu-lieu") < found.index("tu-tw")
    assert found[0] == "tu-tuong"


def test_the_count_holds_what_an_abbreviation_found() -> None:
    """«Hơn 30»: 20 items write «UBND», 20 others «Ủy ban nhân dân»; `ubnd` lists 30 of
    the 40, and the count says there are more, as the list does."""
    cat = Catalog(memory=True)
    for n in range(20):
        cat.put(Item(id=f"ubnd-{n}", title=f"Lịch tiếp dân của UBND xã số {n}", kind="bulletin"),
                ["Tiếp dân."])
        cat.put(Item(id=f"uy-ban-{n}", title=f"Thông báo số {n}", kind="bulletin"),
                ["Ủy ban nhân dân xã mời bà con dự họp."])
    search = Search(cat)
    hits = search.search_typed("ubnd", limit=30)
    assert len(hits) == 30
    assert search.count("ubnd", limit=31) == 20  # the typed word alone
    assert search.count_typed("ubnd", limit=31) == 31
    assert more_than_shown(search, "ubnd", hits, 30) is True
    assert search.count_typed("ubnd", limit=100) == 40
    assert search.count_typed("uy ban nhan dan", limit=100) == 40
