"""Titles in Vietnamese dictionary order: the key, the catalog's lists, an upgraded catalog."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from library.catalog import Catalog, Item
from library.migrations import MIGRATIONS, _v7_title_order, migrate, schema_version
from library.vietnamese import sort_key

# -- the key ------------------------------------------------------------------


def ordered(titles: list[str]) -> list[str]:
    return sorted(titles, key=sort_key)


def test_a_librarians_list_is_in_dictionary_order() -> None:
    expected = ["Anh", "Ánh", "Ăn", "Âm", "Bác", "Cà Mau", "Dân ca", "Đà Nẵng", "Em", "Êm đềm",
                "Giáo dục", "Ông", "Ơn", "Sổ tay", "Tin học", "Ư", "Ước mơ", "Xã hội", "Yên Bái"]
    assert ordered(list(reversed(expected))) == expected
    assert ordered(sorted(expected)) == expected  # code-point order puts Ă, Â, Đ, Ơ, Ư last


def test_d_with_stroke_is_a_letter_between_d_and_e() -> None:
    assert ordered(["Em", "Đảng", "Dz", "Du lịch", "Đà Lạt"]) == [
        "Du lịch", "Dz", "Đà Lạt", "Đảng", "Em"]


def test_tones_are_a_secondary_difference_in_dictionary_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert ordered(list(reversed(tones))) == tones
    # letters first: a tone never outweighs a letter
    assert ordered(["mac", "mạ", "ma"]) == ["ma", "mạ", "mac"]
    assert ordered(["Hòa bình", "Hoa ban"]) == ["Hoa ban", "Hòa bình"]
    # a tone belongs to its word, wherever the mark sits: old and new spelling tie
    assert sort_key("hoà").split("\x01")[:2] == sort_key("hòa").split("\x01")[:2]


def test_nfd_and_nfc_give_the_same_key() -> None:
    title = "Đà Nẵng — Người Việt, Ước mơ"
    for form in ("NFD", "NFKD", "NFKC"):
        assert sort_key(unicodedata.normalize(form, title)) == sort_key(title)


def test_case_comes_last() -> None:
    assert ordered(["AN", "an", "An", "án"]) == ["an", "An", "AN", "án"]
    assert ordered(["Bác", "bác", "BA"]) == ["BA", "bác", "Bác"]


def test_numbers_come_before_letters_by_value() -> None:
    assert ordered(["An", "Bản tin số 10", "100 câu hỏi", "2 người", "Bản tin số 9"]) == [
        "2 người", "100 câu hỏi", "An", "Bản tin số 9", "Bản tin số 10"]


def test_leading_punctuation_and_quotes_count_for_nothing() -> None:
    assert ordered(["«Cây tre»", '"Bác Hồ"', "(An toàn)", "…và gió", "Anh"]) == [
        "(An toàn)", "Anh", '"Bác Hồ"', "«Cây tre»", "…và gió"]


def test_words_come_before_longer_words() -> None:
    assert ordered(["Anh", "An toàn", "An", "An-giang"]) == ["An", "An-giang", "An toàn", "Anh"]


def test_different_titles_never_tie() -> None:
    titles = ["Noël", "Noel", "An", "an", "An.", "An!"]
    assert len({sort_key(t) for t in titles}) == len(titles)


# -- the key against a comparison written another way -------------------------

_TONED = {  # each vowel with its tones in dictionary order, written out
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị", "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ",
    "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}
_LETTERS = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_TABLE = {}  # written character -> (letter's place, tone, capital)
for _place, _letter in enumerate(_LETTERS):
    for _tone, _written in enumerate(_TONED.get(_letter, _letter)):
        _TABLE[_written] = (_place, _tone, False)
        _TABLE[_written.upper()] = (_place, _tone, True)
_PUNCTUATION = " ,.-–—:;!?\"'«»“”()…/"


def brute_force_compare(a: str, b: str) -> int:
    """-1, 0 or 1, from the rules read plainly: split each title into words, numbers and
    gaps; compare letters, then each word's tones, then capitals, then the text."""

    def levels(text: str) -> tuple[list, list, list, str]:
        text = unicodedata.normalize("NFC", text)
        units: list = []  # ("gap",), ("num", value), ("word", [(place, tone, capital)])
        i = 0
        while i < len(text):
            c = text[i]
            if c.isdigit():
                j = i
                while j < len(text) and text[j].isdigit():
                    j += 1
                units.append(("num", int(text[i:j])))
                i = j
            elif c in _TABLE:
                j = i
                while j < len(text) and text[j] in _TABLE:
                    j += 1
                units.append(("word", [_TABLE[x] for x in text[i:j]]))
                i = j
            else:
                if not units or units[-1] != ("gap",):
                    units.append(("gap",))
                i += 1
        while units and units[0] == ("gap",):
            units.pop(0)
        while units and units[-1] == ("gap",):
            units.pop()
        primary: list = []
        for unit in units:
            if unit[0] == "gap":
                primary.append((0,))
            elif unit[0] == "num":
                primary.append((1, unit[1]))
            else:
                primary.extend((2, place) for place, _tone, _cap in unit[1])
        tones = [tuple(t for _p, t, _c in unit[1] if t) for unit in units if unit[0] == "word"]
        capitals = [cap for unit in units if unit[0] == "word" for _p, _t, cap in unit[1]]
        return primary, tones, capitals, text

    left, right = levels(a), levels(b)
    return (left > right) - (left < right)


_ALPHABET = "".join(_TABLE) + "0123456789" + _PUNCTUATION
titles = st.text(alphabet=_ALPHABET, max_size=14)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(titles, titles)
def test_the_key_orders_as_the_rules_say(a: str, b: str) -> None:
    by_key = (sort_key(a) > sort_key(b)) - (sort_key(a) < sort_key(b))
    assert by_key == brute_force_compare(a, b)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=30))
def test_any_text_has_one_key_for_all_its_forms(text: str) -> None:
    key = sort_key(text)
    assert isinstance(key, str)
    key.encode("utf-8")  # SQLite stores it as TEXT
    assert sort_key(unicodedata.normalize("NFD", text)) == key
    assert sort_key(unicodedata.normalize("NFC", text)) == key
    # only the very same text (up to its normal form) has the very same key
    assert key.endswith(unicodedata.normalize("NFC", text))


_BY_PLACE: dict[int, list[str]] = {}
for _written, (_place, _tone, _cap) in _TABLE.items():
    _BY_PLACE.setdefault(_place, []).append(_written)


@st.composite
def look_alikes(draw) -> tuple[str, str]:
    """Two titles with the same letters, differing only in tones, capitals, punctuation,
    leading zeros or normal form: the pairs that only the later levels tell apart."""
    skeleton = draw(st.lists(st.one_of(st.sampled_from(sorted(_BY_PLACE)),
                                       st.sampled_from(["gap", "0", "7", "12"])),
                             max_size=10))

    def render() -> str:
        out = []
        for unit in skeleton:
            if unit == "gap":
                out.append(draw(st.sampled_from(_PUNCTUATION)))
            elif isinstance(unit, str):
                out.append(draw(st.sampled_from(["", "0"])) + unit + " ")
            else:
                out.append(draw(st.sampled_from(_BY_PLACE[unit])))
        text = "".join(out)
        return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)

    return render(), render()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(look_alikes())
def test_tones_capitals_and_punctuation_order_as_the_rules_say(pair: tuple[str, str]) -> None:
    a, b = pair
    by_key = (sort_key(a) > sort_key(b)) - (sort_key(a) < sort_key(b))
    assert by_key == brute_force_compare(a, b)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(titles, max_size=12))
def test_sorting_by_key_is_a_total_order(many: list[str]) -> None:
    import functools

    by_key = sorted(many, key=sort_key)
    by_rules = sorted(many, key=functools.cmp_to_key(brute_force_compare))
    assert [sort_key(t) for t in by_key] == [sort_key(t) for t in by_rules]


# -- the catalog ----------------------------------------------------------------

SHUFFLED = ["Ước mơ", "Đà Nẵng", "Ông", "Anh", "Ăn", "Em", "Bác", "Ánh", "Ơn", "Âm", "\"Cà phê\""]
IN_ORDER = ["Anh", "Ánh", "Ăn", "Âm", "Bác", "\"Cà phê\"", "Đà Nẵng", "Em", "Ông", "Ơn", "Ước mơ"]


def fill(catalog: Catalog, titles: list[str], kind: str = "book") -> None:
    for n, title in enumerate(titles):
        catalog.put(Item(id=f"{kind}-{n}", title=title, kind=kind))


def test_the_catalog_lists_titles_in_dictionary_order(catalog: Catalog) -> None:
    fill(catalog, SHUFFLED)
    assert [i.title for i in catalog.items(order="title")] == IN_ORDER
    assert [i.title for i in catalog.items(order="title", limit=3, offset=2)] == IN_ORDER[2:5]


def test_a_title_typed_decomposed_sorts_with_the_composed_ones(catalog: Catalog) -> None:
    fill(catalog, ["Em", "Bác"])
    catalog.put(Item(id="nfd", title=unicodedata.normalize("NFD", "Đà Nẵng"), kind="book"))
    assert [i.title for i in catalog.items(order="title")] == ["Bác", "Đà Nẵng", "Em"]


def test_a_renamed_item_moves_to_its_new_place(catalog: Catalog) -> None:
    fill(catalog, ["Anh", "Bác", "Em"])
    catalog.update("book-0", title="Đà Nẵng")
    assert [i.title for i in catalog.items(order="title")] == ["Bác", "Đà Nẵng", "Em"]
    stored = catalog.execute("SELECT title_key FROM items WHERE id = 'book-0'").fetchone()[0]
    assert stored == sort_key("Đà Nẵng")


def test_same_titles_keep_the_order_they_came_in(catalog: Catalog) -> None:
    fill(catalog, ["Bản tin", "Bản tin", "An"])
    assert [i.id for i in catalog.items(order="title")] == ["book-2", "book-0", "book-1"]


def test_broken_items_are_listed_in_dictionary_order(catalog: Catalog) -> None:
    fill(catalog, SHUFFLED)
    for item in catalog.items():
        catalog.set_flags(item.id, broken=True)
    assert [i.title for i in catalog.broken_items()] == IN_ORDER


def test_lists_by_title_read_the_index(catalog: Catalog) -> None:
    plan = " ".join(str(row[-1]) for row in catalog.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM items WHERE hidden = 0 ORDER BY title_key, num"))
    assert "items_title_key" in plan and "TEMP B-TREE" not in plan


# -- an upgraded catalog ----------------------------------------------------------


#: How many migrations come before the title order's.
BEFORE_TITLE_ORDER = MIGRATIONS.index(_v7_title_order)


def catalog_before_title_order(path: Path, titles: list[str]) -> None:
    """A catalog as the release before this order wrote it, with a few items."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrate(db, target=BEFORE_TITLE_ORDER)
    assert "title_key" not in db["items"].columns_dict
    for n, title in enumerate(titles):
        db.execute("INSERT INTO items(id, title, kind, added) VALUES (?, ?, 'book', ?)",
                   [f"old-{n}", title, f"2024-01-{n + 1:02d}T00:00:00"])
    db.close()


def test_an_older_catalog_is_ordered_right_once_opened(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    catalog_before_title_order(path, SHUFFLED)
    with Catalog(path) as cat:
        assert schema_version(cat.conn) == len(MIGRATIONS)
        assert [i.title for i in cat.items(order="title")] == IN_ORDER
        rows = cat.execute("SELECT title, title_key FROM items").fetchall()
        assert all(key == sort_key(title) for title, key in rows)
        cat.put(Item(id="new", title="Đắk Lắk", kind="book"))
        titles = [i.title for i in cat.items(order="title")]
        assert titles.index("Đà Nẵng") + 1 == titles.index("Đắk Lắk")
    # and a connection with no Python function at all reads the same order
    plain = sqlite3.connect(path)
    assert [r[0] for r in plain.execute("SELECT title FROM items ORDER BY title_key, num")
            if r[0] != "Đắk Lắk"] == IN_ORDER
    plain.close()


def test_the_upgrade_fills_every_row_in_its_own_transaction(tmp_path: Path,
                                                           monkeypatch) -> None:
    """A power cut in the middle leaves the older catalog whole: no column, no key."""
    from library import migrations

    path = tmp_path / "catalog.db"
    catalog_before_title_order(path, SHUFFLED)

    def cut(db) -> None:
        _v7_title_order(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *MIGRATIONS[:BEFORE_TITLE_ORDER], cut, *MIGRATIONS[BEFORE_TITLE_ORDER + 1:]])
    with pytest.raises(RuntimeError, match="power cut"):
        Catalog(path)
    db = sqlite_utils.Database(sqlite3.connect(path))
    assert schema_version(db) == BEFORE_TITLE_ORDER
    assert "title_key" not in db["items"].columns_dict
    db.close()
