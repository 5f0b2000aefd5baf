"""A bulletin's own title line is known as such however its file spelled it: the
reader and the phone pages do not show the title twice, and a search snippet sets
it apart from the first sentence (`words.is_title_line`, the one comparison)."""

from __future__ import annotations

import unicodedata

import pytest

from library.catalog import Catalog, Item
from library.handoff.pages import item_page, text_page
from library.search import Search
from library.text import PARAGRAPH_MARK, paragraphs_in_one_line
from library.words import is_title_line, shown_text, without_title_line

TITLE = "Thông báo họp chợ"
REST = "Ngày 12 tháng 9, bà con họp chợ lúc 8 giờ."
#: The title line as editors' files spell it: decomposed (a Mac), old line breaks,
#: capitals, a Markdown heading.
BODIES = {
    "nfd": unicodedata.normalize("NFD", TITLE) + "\n" + REST,
    "cr": f"{TITLE}\r{REST}",
    "crlf": f"{TITLE}\r\n\r\n{REST}\r\n",
    "line-separator": f"{TITLE}\u2028{REST}",
    "capitals": f"{TITLE.upper()}\n{REST}",
    "markdown": f"#  {TITLE}\n\n{REST}\n",
    "spaces": f"{TITLE.replace(' ', '  ')}  \n{REST}",
}


def _bulletin(body: str) -> Item:
    return Item(id="tin", title=TITLE, kind="bulletin", body=body)


def _seen(html: str) -> str:
    """The page's <main> as a reader sees it: marks composed, case aside."""
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return unicodedata.normalize("NFC", main).casefold()


@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
def test_the_reader_does_not_show_the_title_twice(catalog: Catalog, body: str) -> None:
    assert shown_text(catalog, _bulletin(body)) == REST.strip()
    catalog.put(_bulletin(body))  # as the catalog keeps it
    assert shown_text(catalog, catalog.get("tin")) == REST


@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
def test_the_phone_pages_do_not_show_the_title_twice(body: str) -> None:
    for html in (item_page(_bulletin(body), station="Trạm", has_file=True, text=body),
                 text_page(_bulletin(body), body, station="Trạm")):
        seen = _seen(html)
        assert seen.count(TITLE.casefold()) == 1  # the <h1>
        assert f"<p>{REST}</p>".casefold() in seen


@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
def test_a_search_snippet_sets_the_title_line_apart(catalog: Catalog, body: str) -> None:
    expected = f"{TITLE}{PARAGRAPH_MARK}{REST}".casefold()
    shown = paragraphs_in_one_line(body, TITLE)
    assert unicodedata.normalize("NFC", shown).casefold() == expected
    catalog.put(_bulletin(body))
    hit = next(h for h in Search(catalog).search("ngay 12") if h.item.id == "tin")
    assert hit.snippet.casefold() == expected


@pytest.mark.parametrize("line", ["Thông báo họp chợ thôn 3", "Thông báo", "Thong bao hop cho",
                                  "## Lịch tiêm phòng", ""])
def test_a_line_with_other_words_is_not_the_title(line: str) -> None:
    assert not is_title_line(line, TITLE)
    assert without_title_line(TITLE, f"{line}\r\n{REST}") == f"{line}\r\n{REST}".strip()
