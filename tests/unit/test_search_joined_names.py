"""Names written in parts («Ea H'leo», «Cư M'gar», «Krông A Na») typed as visitors type
them: without the apostrophe, joined, or with a space where the apostrophe stands."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search, _name_parts, _within


def ids(hits) -> list[str]:
    return [h.item.id for h in hits]


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="ea-hleo", title="Huyện Ea H'leo vào mùa cà phê", kind="bulletin"),
            ["Nông dân Ea H’leo thu hoạch cà phê."])
    cat.put(Item(id="cu-mgar", title="Tin vắn", kind="bulletin"),
            ["Hội nghị tại huyện Cư M'gar, tỉnh Đắk Lắk."])
    cat.put(Item(id="krong-a-na", title="Sông Krông A Na", kind="book"),
            ["Dòng Krông A Na chảy qua huyện."])
    cat.put(Item(id="le-hoi", title="Lễ hội", kind="book"), ["Chào mừng ngày hội, hoa lệ."])
    return Search(cat)


@pytest.mark.parametrize(("typed", "found"), [
    ("ea hleo", "ea-hleo"), ("eahleo", "ea-hleo"), ("h leo", "ea-hleo"), ("hleo", "ea-hleo"),
    ("Eahleo", "ea-hleo"), ("ea h'leo", "ea-hleo"),
    ("cu mgar", "cu-mgar"), ("cumgar", "cu-mgar"), ("cư mgar", "cu-mgar"),
    ("krong ana", "krong-a-na"), ("krongana", "krong-a-na"), ("krong a na", "krong-a-na"),
    ("daklak", "cu-mgar"),  # «Đắk Lắk» typed joined
])
def test_a_name_in_parts_is_found_typed_joined(search: Search, typed: str, found: str) -> None:
    assert ids(search.search_typed(typed)) == [found]


def test_every_keystroke_of_a_joined_name_ends_on_it(search: Search) -> None:
    typed = "eahleo"
    for n in range(5, len(typed) + 1):  # `eah`: a lone letter last waits for the next
        assert "ea-hleo" in ids(search.search_typed(typed[:n])), typed[:n]


def test_the_joined_name_ranks_as_a_title_hit_and_is_highlighted_whole(search: Search) -> None:
    hit = search.search_typed("eahleo")[0]
    assert hit.score >= 100  # the title holds it: a title hit, not a folded page match
    assert "[Ea H’leo]" in hit.marked_snippet()


def test_the_parts_are_counted(search: Search) -> None:
    assert search.count("eahleo") == 1 and search.count("krongana") == 1


@pytest.mark.parametrize(("term", "begun", "has_parts"), [
    ("hleo", False, True), ("eahleo", False, True), ("ana", False, True),
    ("dang", False, False),  # a syllable is only itself
    ("chuye", True, False),  # the beginning of one, while typed
    ("ubnd", False, False),  # an abbreviation
    ("a", False, False), ("averyveryverylongword", False, False),
    # Telex keys of a syllable, searched as typed beside their composition
    ("chuyeen", False, False), ("nguwow", True, False), ("ddawngr", False, False),
    ("quoocs", False, False),
    ("chuse", False, True),  # «Chư Sê»: a tone key inside a name's letters
    ("cumgar", False, True),  # «Cư M'gar»: its r composes no syllable
])
def test_which_words_are_read_in_parts(term: str, begun: bool, has_parts: bool) -> None:
    assert bool(_name_parts(term, begun)) is has_parts


def test_a_syllable_typed_is_not_read_in_parts(search: Search) -> None:
    """`hoa` is no «h oa»: the page saying «hội, hoa lệ» is found for its word, not for
    letters of its neighbours."""
    assert ids(search.search_typed("hoa le")) == ["le-hoi"]
    assert search.search_typed("ahoi") == []


def test_a_name_with_a_tone_key_inside_is_still_found_joined() -> None:
    cat = Catalog(memory=True)
    cat.put(Item(id="chu-se", title="Tin vắn", kind="bulletin"),
            ["Nông dân huyện Chư Sê thu hoạch hồ tiêu."])
    assert ids(Search(cat).search_typed("chuse")) == ["chu-se"]


def test_a_name_typed_apart_still_ranks_where_its_words_stand_together() -> None:
    """`dak` is no Vietnamese syllable (a name's), so it is read in parts too; `dak lak`
    still asks the pair index, and the page saying «Đắk Lắk» comes before the one where
    «đắk» and «lắk» stand apart."""
    cat = Catalog(memory=True)
    cat.put(Item(id="apart", title="Tin vắn", kind="bulletin"),
            ["Lắk là tên hồ, đắk là nước: lắk ở trên, đắk ở dưới, lắk ở giữa."])
    cat.put(Item(id="together", title="Bản tin", kind="bulletin"),
            ["Hội nghị tại tỉnh Đắk Lắk bàn về mùa vụ, giá cà phê, giống mới, "
             "nước tưới và đường vào các buôn làng trong năm nay."])
    assert ids(Search(cat).search("dak lak")) == ["together", "apart"]


@pytest.mark.parametrize(("narrow", "wide", "within"), [
    (("hleo",), ("hle",), True),  # `h leo*`, `h le o*` are in `h le*`, `hle o*` in `hle*`
    (("eahle",), ("eahl",), False),  # `eah l e*`: `eah l*` is no reading (a lone letter last)
    (("dak", "l"), ("dak",), True),  # `d ak` whole is in `d ak*`
    (("dak",), ("da",), False),  # `da*` holds no `d ak`
    (("chuyen",), ("chuye",), True),  # syllables: no parts either side
])
def test_what_a_keystroke_learnt_holds_for_parts(narrow, wide, within: bool) -> None:
    for kind in ("body", "items", "titles"):
        assert _within((kind, narrow, True), (kind, wide, True)) is within
