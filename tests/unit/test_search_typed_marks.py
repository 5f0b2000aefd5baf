"""The marks a visitor typed, as search weighs them: the tone wherever it stands
(`hòa` is `hoà`), and the last syllable while Telex/VNI keys are still composing it."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search
from library.vietnamese import (
    begins_syllable,
    compose,
    same_marks,
    same_marks_re,
    spelling,
)


def ids(hits) -> list[str]:
    return [h.item.id for h in hits]


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="hoa-giai", title="Hoà giải ở cơ sở", kind="book"),
            ["Tổ hoà giải ở thôn giúp bà con giữ tình làng nghĩa xóm."])
    cat.put(Item(id="hoa-ban", title="Hoa ban nở trên núi", kind="infographic"),
            ["Mùa xuân, hoa ban trắng cả sườn đồi."])
    cat.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook"),
            ["Mỗi đảng viên gương mẫu."])
    cat.put(Item(id="xe", title="Trên đường", kind="bulletin"), ["Xe đang chạy trên đường."])
    cat.put(Item(id="mua", title="Thời tiết", kind="bulletin"), ["Trời đang mưa to."])
    return Search(cat)


@pytest.mark.parametrize("query", ["hòa", "hoà", "HOÀ", "hòa giải"])
def test_a_word_typed_with_its_tone_elsewhere_is_the_same_word(search: Search,
                                                                query: str) -> None:
    """Telex composes the old `hòa`; the title is written the new way, `Hoà`: it is the
    word the visitor typed, not `Hoa` (a flower), and ranks first."""
    for prefix in (True, False):
        assert ids(search.search(query, prefix=prefix))[0] == "hoa-giai", (query, prefix)
    assert ids(search.search_typed("hoaf"))[0] == "hoa-giai"


def test_every_telex_keystroke_keeps_the_word_being_typed_first(search: Search) -> None:
    """`ddang` shows `đang` until the `r` makes it `đảng`: meanwhile the handbook titled
    «đảng viên» must not drop below two pages that say «đang» (currently)."""
    keys = "ddangr vieen"
    for end in range(3, len(keys) + 1):  # from `đa` (`đ` alone is also «Trên đường»)
        assert ids(search.search_typed(keys[:end]))[0] == "so-tay", compose(keys[:end])


def test_a_finished_word_keeps_its_own_marks(search: Search) -> None:
    """Typed in full (`prefix=False`, or followed by more words), `đang` is «currently»:
    the pages saying so rank above the title holding `đảng`."""
    assert ids(search.search("đang", prefix=False))[-1] == "so-tay"
    assert set(ids(search.search("đang", prefix=False))[:2]) == {"xe", "mua"}


@pytest.mark.parametrize(("typed", "word", "finished", "unfinished"), [
    ("hòa", "hoà", True, True),
    ("Hoà", "HÒA", True, True),
    ("hoa", "hoà", False, True),
    ("đang", "đảng", False, True),
    ("chuyên", "chuyển", False, True),
    ("tòa", "toàn", False, True),  # the tone moves as letters come: toaf → tòa, +n → toàn
    ("đảng", "đang", False, False),  # a tone typed must be there
    ("dương", "đường", False, False),  # so must đ, and d must not be đ
    ("đường", "dương", False, False),
    ("chuyển", "chuyện", False, False),
    ("đô", "đổi", False, True),
    ("đô", "đói", False, False),  # a shaped vowel typed must be there
    ("đổi", "đổ", False, False),  # longer than the word
])
def test_same_marks(typed: str, word: str, finished: bool, unfinished: bool) -> None:
    assert same_marks(typed, word) is finished
    assert same_marks(typed, word, unfinished=True) is unfinished
    # the pattern search runs finds the same words in a text
    text = f"xem {word.lower()}, rồi"
    assert bool(same_marks_re(typed).search(text)) is finished
    assert bool(same_marks_re(typed, unfinished=True).search(text)) is unfinished


def test_spelling_puts_the_tone_apart() -> None:
    assert spelling("Hoà") == spelling("hòa") == ("hoa", "\u0300")
    assert spelling("Đường") == ("đương", "\u0300")
    assert spelling("thuý") == spelling("thúy") == ("thuy", "\u0301")
    assert spelling("an") == ("an", "")


def test_keys_of_a_foreign_word_are_searched_as_typed_not_as_telex() -> None:
    """`usb` is on a page as USB; Telex reads the keys as `úb`, whose prefix is the
    title «… UBND xã»: that reading is no Vietnamese word and must not rank first."""
    cat = Catalog(memory=True)
    cat.put(Item(id="ubnd", title="Ngày hội tại UBND xã", kind="bulletin"), ["Ngày hội."])
    cat.put(Item(id="usb", title="Hướng dẫn", kind="book"), ["Cập nhật sách qua USB."])
    cat.put(Item(id="daklak", title="Cà phê Đắk Lắk", kind="book"), ["Cà phê."])
    search = Search(cat)
    assert ids(search.search_typed("usb")) == ["usb"]
    # found by Telex alone, a name no syllable of the spelling still counts
    assert ids(search.search_typed("ddawks lawks")) == ["daklak"]
    assert ids(search.search_typed("chuyeenr")) == []


@pytest.mark.parametrize(("word", "begins"), [
    ("chuyê", True), ("đ", True), ("q", True), ("ngh", True), ("nươc", True),
    ("giữ", True), ("chuyển", True), ("úb", False), ("ưifi", False), ("facebôk", False),
    # the first consonant's rule of `is_syllable`: c not before a glide, qu not before u,
    # k, gh, ngh only before i, e, ê (y), c, g, ng never
    ("co", True), ("cu", True), ("qu", True), ("quỳ", True), ("coa", False), ("cuy", False),
    ("quu", False), ("ci", False), ("ge", False), ("ka", False),
])
def test_begins_syllable(word: str, begins: bool) -> None:
    assert begins_syllable(word) is begins


def test_a_title_spelled_as_typed_so_far_comes_before_one_it_may_become() -> None:
    """`ddang` finds «đảng» on its way there, but a title saying «đang» is what the keys
    spell now: it comes first, not after by the alphabet; the `r` turns them round."""
    cat = Catalog(memory=True)
    cat.put(Item(id="dang-vien", title="Sổ tay đảng viên", kind="book"), ["Đảng viên."])
    cat.put(Item(id="dang", title="Thư viện đang cập nhật", kind="bulletin"), ["Sách về."])
    search = Search(cat)
    assert ids(search.search_typed("ddang")) == ["dang", "dang-vien"]
    assert ids(search.search_typed("ddangr")) == ["dang-vien", "dang"]


@pytest.fixture
def rhymes() -> Search:
    """Words folding alike to `thuo`, `quo`: the one the visitor means only in a page,
    another in a title, which outranks a page by score alone."""
    cat = Catalog(memory=True)
    cat.put(Item(id="thuong", title="Thương binh, liệt sĩ", kind="book"),
            ["Chính sách với thương binh."])
    cat.put(Item(id="thuo", title="Chuyện làng", kind="book"), ["Thuở ấy, làng còn nghèo."])
    cat.put(Item(id="quo", title="Chuyện nhà", kind="book"), ["Bị quở vì đến muộn."])
    cat.put(Item(id="quo-quang", title="Quờ quạng", kind="book"), ["Quờ quạng trong đêm."])
    return Search(cat)


@pytest.mark.parametrize(("keys", "first"), [
    ("thuowr", "thuo"), ("thuorw", "thuo"), ("thuo73", "thuo"),
    ("quowr", "quo"), ("quo73", "quo"),
])
def test_thuo_typed_in_telex_or_vni_finds_thuo_first(rhymes: Search, keys: str,
                                                     first: str) -> None:
    """`thuowr` composed «thưở» and `quowr` «qưở», which no text writes: the pages saying
    «thuở», «quở» ranked below a title that only folds alike («Thương…», «Quờ…»)."""
    for prefix in (True, False):
        assert ids(rhymes.search_typed(keys, prefix=prefix))[0] == first, (keys, prefix)
    assert ids(rhymes.search_typed("thuowng"))[0] == "thuong"
