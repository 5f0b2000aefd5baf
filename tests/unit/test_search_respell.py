"""A query that finds nothing because a letter slipped is offered put right."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search, _one_letter_away
from library.vietnamese import plain_syllable


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook"),
            ["Mỗi đảng viên gương mẫu.", "Đảng viên ven sông."])
    cat.put(Item(id="giao-thong", title="An toàn giao thông", kind="book"),
            ["Đi xe máy đội mũ bảo hiểm."])
    cat.put(Item(id="nuoc", title="Nước sạch", kind="infographic"), ["Nước sạch cho cả nhà."])
    cat.put(Item(id="thu-tuc", title="Thủ tục hành chính", kind="document"), ["Nộp hồ sơ."])
    return Search(cat)


@pytest.mark.parametrize(("typed", "respelled"), [
    # offered with the marks the library's texts write them with
    ("dang vein", "đảng viên"),  # two letters swapped
    ("dnag vien", "đảng viên"),
    ("giao thogn", "giao thông"),  # the last syllable, a prefix: not `giao tho…`
    ("nuoc sahc", "nước sạch"),
    ("Đảng vein", "Đảng viên"),  # the words typed with marks stay as typed
    ("thu tuc hanh chnh", "thủ tục hành chính"),  # a letter left out
    ("sor tay", "sổ tay"),  # one too many
    ("dang vien", None),  # found as it is
    ("lua dao", None),  # words, only not in this library: no slip to put right
    ("traffic", None),  # a foreign word
    ("chu tich ho chi mnh", None),  # `minh`/`manh` would still find nothing
    ("", None),
    ("???", None),
])
def test_respell(search: Search, typed: str, respelled: str | None) -> None:
    assert search.respell(typed) == respelled
    if respelled:
        assert search.search(respelled)


def test_respell_skips_hidden_items(search: Search) -> None:
    search.catalog.set_flags("nuoc", hidden=True)
    assert search.respell("nuoc sahc") is None


def test_one_letter_away() -> None:
    near = _one_letter_away("vein")
    assert {"vien", "ven", "vain", "veins"} <= set(near) and "vein" not in near
    assert "vei" not in _one_letter_away("vein", shorter=False)


@pytest.mark.parametrize(("plain", "whole", "begun"), [
    ("vien", True, True), ("thong", True, True), ("nghieng", True, True),
    ("gin", True, True), ("vein", False, False), ("thogn", False, False),
    ("thon", True, True), ("vie", False, True), ("ngh", False, True), ("q", False, True),
    ("mnh", False, False), ("traffic", False, False),
    # the first consonant's rule of `is_syllable`: «qua, quy, khoa», never «coa, cuy, quu»
    ("cua", True, True), ("cuoc", True, True), ("quoc", True, True), ("quynh", True, True),
    ("coa", False, False), ("cuy", False, False), ("quu", False, False),
    ("cuan", False, False), ("ci", False, False), ("ka", False, False),
])
def test_plain_syllable(plain: str, whole: bool, begun: bool) -> None:
    assert plain_syllable(plain) is whole
    assert plain_syllable(plain, begun=True) is begun


def test_an_abbreviation_is_no_slip(search: Search) -> None:
    assert search.respell("hcm") is None  # not «hôm»
