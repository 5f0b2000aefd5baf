"""A respelling is chosen from what a visitor could find, and offered with the marks the
library's own texts write it with."""

import pytest

from library.catalog import Catalog, Item
from library.search import Search
from library.spellings import offered_spellings
from library.vietnamese import fold


@pytest.fixture
def catalog() -> Catalog:
    cat = Catalog(memory=True)
    cat.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook"),
            ["Mỗi đảng viên gương mẫu.", "Đảng viên ven sông."])
    cat.put(Item(id="cap-nhat", title="Đang cập nhật", kind="document"), ["Đang cập nhật."])
    cat.put(Item(id="dang-ky", title="Đăng ký tạm trú", kind="document"), ["Đăng ký online."])
    cat.put(Item(id="hoa-giai", title="Tổ hoà giải ở cơ sở", kind="book"),
            ["Hòa giải viên thôn.", "Hoà giải mâu thuẫn."])
    return cat


@pytest.mark.parametrize(("typed", "offered"), [
    ("dang vein", "đảng viên"),  # the phrase stands so in every text
    ("Đảng vein", "Đảng viên"),  # the word typed with marks stays as typed
    ("đang vein", "đảng viên"),  # marks the library does not write there give way
    ("ĐẢNG VEIN", "ĐẢNG viên"),  # the library's marks in capitals are the same spelling
    ("hoa gaii", "hoà giải"),  # «hòa» and «hoà» are one spelling, the tone placed apart
    ("dnag", "dang"),  # «đang», «đảng», «đăng»: no spelling leads, so none is guessed
])
def test_a_respelling_takes_the_marks_the_library_writes(catalog: Catalog, typed: str,
                                                         offered: str) -> None:
    search = Search(catalog)
    assert search.respell(typed) == offered
    assert offered_spellings(search, typed)[0] == offered


def test_a_spelling_only_hidden_items_hold_is_not_chosen() -> None:
    """`thogn moi` is one letter from «thông mới» and from «thôn mới»: the visitor can
    find two items of the first and one of the second, while four hidden ones say
    «thôn mới» too; hidden items never show, so they never outvote."""
    cat = Catalog(memory=True)
    cat.put(Item(id="tin", title="Thông tin mới", kind="bulletin"), ["Thông tin mới nhất."])
    cat.put(Item(id="bao", title="Thông báo mới", kind="bulletin"), ["Thông báo mới."])
    cat.put(Item(id="thon", title="Thôn mới", kind="bulletin"), ["Thôn mới."])
    for n in range(4):
        cat.put(Item(id=f"an-{n}", title=f"Thôn mới {n}", kind="bulletin"), ["Thôn mới."] * 3)
        cat.set_flags(f"an-{n}", hidden=True)
    search = Search(cat)
    assert fold(search.respell("thogn moi") or "") == "thong moi"
