"""Search snippets on a real catalog: a title line never runs into the first sentence,
and no line break of any kind glues two words (bulletins, PDF pages, EPUB chapters)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from library.catalog import Catalog, Item
from library.paths import DataPaths, font_files
from library.search import Search
from library.text import PARAGRAPH_MARK, paragraphs_in_one_line

#: Bulletins as editors save them: a title line, then the text, with every kind of break.
BULLETINS = {
    "lf-blank": "Thông báo họp chợ\n\nNgày 12 tháng 9, bà con họp chợ lúc 8 giờ.\n",
    "lf": "Thông báo họp chợ\nNgày 12 tháng 9, bà con họp chợ lúc 8 giờ.",
    "crlf": "Thông báo họp chợ\r\n\r\nNgày 12 tháng 9, bà con họp chợ lúc 8 giờ.\r\n",
    "cr": "Thông báo họp chợ\rNgày 12 tháng 9, bà con họp chợ lúc 8 giờ.",  # old Mac
    "line-separator": "Thông báo họp chợ\u2028Ngày 12 tháng 9, bà con họp chợ lúc 8 giờ.",
    "markdown": "# Thông báo họp chợ\n\nNgày 12 tháng 9, bà con họp chợ lúc 8 giờ.\n",
}
#: A paragraph long enough to wrap over several printed lines of a PDF page.
PARAGRAPH = ("Ban quản lý chợ mời bà con tiểu thương đến dự buổi họp về việc sắp xếp lại "
             "các quầy rau củ và lắp thêm mái che trước mùa mưa bão năm nay.")


def _pdf(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=420)
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    assert page.insert_textbox(pymupdf.Rect(20, 20, 280, 400), PARAGRAPH, fontname="vn",
                               fontsize=11) > 0
    doc.set_metadata({"title": "Họp chợ"})
    doc.save(path)
    doc.close()


def _epub(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:'
                   'tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="c.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("c.opf",
                   '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                   'version="2.0" unique-identifier="i"><metadata xmlns:dc="http://purl.org/'
                   'dc/elements/1.1/"><dc:title>Lịch họp chợ</dc:title><dc:identifier id="i">'
                   'x</dc:identifier><dc:language>vi</dc:language></metadata><manifest>'
                   '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
                   '</manifest><spine><itemref idref="c1"/></spine></package>')
        z.writestr("c1.xhtml",
                   '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/'
                   'xhtml"><body><h1>Lịch họp chợ</h1><p>Sáng thứ Hai họp ở nhà văn hoá'
                   '<br/>Chiều thứ Ba dọn quầy</p><ul><li>Mang ghế</li><li>Mang sổ</li></ul>'
                   '</body></html>')


@pytest.fixture(scope="module")
def search(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Search]:
    root = tmp_path_factory.mktemp("snippets")
    paths = DataPaths(root / "data").ensure()
    with Catalog.open(paths) as catalog:
        for item_id, text in BULLETINS.items():
            name = root / (f"{item_id}.md" if item_id == "markdown" else f"{item_id}.txt")
            name.write_bytes(text.encode())
            catalog.add_file(name, kind="bulletin", item_id=item_id)
        _pdf(root / "hop-cho.pdf")
        catalog.add_file(root / "hop-cho.pdf", item_id="pdf")
        _epub(root / "lich.epub")
        catalog.add_file(root / "lich.epub", item_id="epub")
        yield Search(catalog)


def _words(text: str) -> list[str]:
    return [w for w in text.replace("…", " ").split() if w != PARAGRAPH_MARK.strip()]


@pytest.mark.parametrize("item_id", list(BULLETINS))
def test_a_bulletins_title_line_stands_apart_from_its_first_sentence(search: Search,
                                                                     item_id: str) -> None:
    hit = next(h for h in search.search("ngay 12", limit=20) if h.item.id == item_id)
    assert hit.item.title == "Thông báo họp chợ"
    assert hit.marked_snippet() == ("Thông báo họp chợ · [Ngày 12] tháng 9, bà con họp chợ "
                                    "lúc 8 giờ.")
    assert _words(hit.snippet) == _words(BULLETINS[item_id].replace("#", ""))


def test_the_lines_of_a_pdf_paragraph_are_spaces(search: Search) -> None:
    hit = next(h for h in search.search("mai che", limit=20) if h.item.id == "pdf")
    assert hit.page == 1
    assert search.catalog.pages("pdf")[0].strip().count("\n") >= 2  # printed on 3+ lines
    # each printed line's break a space: no glue, no "·"
    assert hit.snippet.startswith("…") and PARAGRAPH.endswith(hit.snippet[1:])
    assert "[mái che]" in hit.marked_snippet()


def test_an_epub_chapter_keeps_its_words_apart(search: Search) -> None:
    hit = next(h for h in search.search("chieu thu ba", limit=20) if h.item.id == "epub")
    assert hit.snippet.startswith("Lịch họp chợ · Sáng thứ Hai")
    assert "nhà văn hoá Chiều thứ Ba dọn quầy" in hit.snippet
    assert "[Chiều thứ Ba]" in hit.marked_snippet()
    assert "ghế" in hit.snippet and "Mang sổ" in hit.snippet


@pytest.mark.parametrize(("text", "title", "shown"), [
    ("Thông báo\n\nNgày 12", "", "Thông báo · Ngày 12"),  # a paragraph break
    ("Thông báo\nNgày 12", "Thông báo", "Thông báo · Ngày 12"),  # the title line
    ("Thông báo\nNgày 12", "Bản tin", "Thông báo Ngày 12"),  # a line like any other
    ("THÔNG BÁO\nNgày 12", "Thông báo", "THÔNG BÁO · Ngày 12"),
    ("  ## Thông  báo \n\n\n Ngày 12 \n", "Thông báo", "Thông báo · Ngày 12"),
    ("Thông báo", "Thông báo", "Thông báo"),
    ("Thông\u200bbáo\u00adNgày\ufeff12", "", "Thông báo Ngày 12"),  # invisible breaks
    ("một\u2029hai\x0bba\x0cbốn\x1cnăm\x85sáu", "", "một · hai ba bốn năm sáu"),
    ("", "Thông báo", ""),
    ("\n\n", "", ""),
])
def test_paragraphs_in_one_line(text: str, title: str, shown: str) -> None:
    assert paragraphs_in_one_line(text, title) == shown


def test_a_window_never_opens_or_ends_on_the_mark(tmp_path: Path) -> None:
    """A snippet cut out of a long bulletin begins and ends with words, not with "·"."""
    paths = DataPaths(tmp_path / "data").ensure()
    paragraphs = [f"Đoạn {n} nói về giá lúa và giá cà phê trong tuần." for n in range(30)]
    text = tmp_path / "dai.txt"
    text.write_text("Bản tin dài\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    with Catalog.open(paths) as catalog:
        catalog.add_file(text, kind="bulletin")
        for query in ("doan 7", "doan 15", "doan 29", "doan 3"):
            snippet = Search(catalog).search(query)[0].snippet
            core = snippet.strip("…")
            assert not core.startswith("·") and not core.endswith("·"), snippet
            assert "··" not in snippet and "  " not in snippet


def test_a_bulletin_found_by_its_own_text_shows_that_text(tmp_path: Path) -> None:
    """A bulletin kept in the catalog (`body`, no file): the index holds its text with the
    summary, and the snippet showed the summary, which held none of the words."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        catalog.put(Item(id="ban-tin", title="Bản tin sáng", kind="bulletin",
                         summary="Giá lúa tăng nhẹ.",
                         body="Bản tin sáng\n\nTrời nắng, không mưa.\nGió nhẹ."))
        search = Search(catalog)
        hit = search.search("troi nang")[0]
        assert hit.page is None
        assert hit.marked_snippet() == "Bản tin sáng · [Trời nắng], không mưa. Gió nhẹ."
        assert search.search("gia lua")[0].marked_snippet() == "[Giá lúa] tăng nhẹ."
        assert search.search("nhe")[0].marked_snippet() == "Giá lúa tăng [nhẹ]."  # summary first


@pytest.mark.parametrize(("typed", "marked"), [
    # the last syllable, still typed, is a prefix: the word it found is marked whole
    ("dien tu", "Dịch vụ công trực [tuyến], [điện tử] và [tủ] sách."),
    ("tu sa", "Dịch vụ công trực tuyến, điện [tử] và [tủ sách]."),  # `tu` is whole
    ("sac", "Dịch vụ công trực tuyến, điện tử và tủ [sách]."),
])
def test_a_word_found_by_its_beginning_is_highlighted_whole(typed: str, marked: str) -> None:
    cat = Catalog(memory=True)
    cat.put(Item(id="dvc", title="Tin vắn", kind="bulletin"),
            ["Dịch vụ công trực tuyến, điện tử và tủ sách."])
    assert Search(cat).search(typed)[0].marked_snippet() == marked
