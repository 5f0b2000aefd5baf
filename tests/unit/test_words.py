"""One rule for "this item has text": the detail screen, the reader, «Nghe», the broadcaster."""

from __future__ import annotations

import pytest

from library.catalog import Catalog, Item
from library.errors import InvalidInput
from library.speech.reading import item_text
from library.words import has_text, shown_text

TITLE = "Lịch tiêm phòng"


@pytest.mark.parametrize("body", ["", "  \n ", "…", "— . —", "\u200b - \n"])
def test_a_bulletin_with_no_words_has_no_text_anywhere(catalog: Catalog, body: str) -> None:
    catalog.put(Item(id="tin", title=TITLE, kind="bulletin", body=body))
    item = catalog.get("tin")
    assert not has_text(catalog, item)
    assert shown_text(catalog, item) == ""
    with pytest.raises(InvalidInput):
        item_text(catalog, "tin")


@pytest.mark.parametrize("body", [f"{TITLE}\n", f"# {TITLE}\n\n - "])
def test_a_notice_of_one_line_is_its_title_line_and_is_read(catalog: Catalog, body: str) -> None:
    """A one-line notice saved as a file has its title from that line: it is not empty,
    the reader shows the line, «Nghe» and the loudspeaker read it."""
    catalog.put(Item(id="tin", title=TITLE, kind="bulletin", body=body))
    item = catalog.get("tin")
    assert has_text(catalog, item)
    assert TITLE in shown_text(catalog, item)
    assert TITLE in item_text(catalog, "tin")


def test_words_are_the_body_else_the_pages(catalog: Catalog) -> None:
    catalog.put(Item(id="tin", title=TITLE, kind="bulletin", body=f"{TITLE}\n\nThôn Đông, 7 giờ."))
    item = catalog.get("tin")
    assert has_text(catalog, item)
    assert shown_text(catalog, item) == "Thôn Đông, 7 giờ."
    assert item_text(catalog, "tin") == f"{TITLE}\n\nThôn Đông, 7 giờ."  # read with its title
    catalog.put(Item(id="clip", title="Clip", kind="video", body="  "))
    assert not has_text(catalog, catalog.get("clip"))
