"""A page's text keeps MuPDF's blocks: a heading stands apart from the paragraph under it
(a blank line between blocks), in the index, the search snippet and the sentences read
aloud, while the lines of a paragraph, the words and their boxes read as before."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from library.catalog import Catalog
from library.documents import DocumentEngine
from library.paths import DataPaths
from library.search import Search
from library.speech.sentences import split_sentences
from tests import blocks_pdf
from tests.blocks_pdf import COLUMNS, HEADED, HEADING, HYPHEN, SCANNED, SINGLE, WIDE


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return blocks_pdf.build(tmp_path_factory.mktemp("blocks") / "ho-so.pdf")


@pytest.fixture(scope="module")
def pages(engine: DocumentEngine, pdf: Path) -> list[str]:
    return engine.text(pdf).result(timeout=20)


def test_a_heading_and_each_paragraph_are_blocks_apart(pages: list[str]) -> None:
    heading, first, second = pages[HEADED - 1].split("\n\n")
    assert heading == HEADING
    assert first.count("\n") >= 1 and "\n\n" not in first  # printed on several lines
    assert _squash(first) == blocks_pdf.FIRST and _squash(second) == blocks_pdf.SECOND


def test_two_columns_are_two_blocks_left_first(pages: list[str]) -> None:
    left, right = pages[COLUMNS - 1].split("\n\n")
    assert (_squash(left), _squash(right)) == (blocks_pdf.LEFT, blocks_pdf.RIGHT)


def test_one_block_has_no_blank_line(pages: list[str]) -> None:
    single = pages[SINGLE - 1]
    assert "\n\n" not in single and single.count("\n") >= 1
    assert _squash(single) == blocks_pdf.ONE_BLOCK


def test_a_scanned_page_has_no_text(engine: DocumentEngine, pdf: Path,
                                    pages: list[str]) -> None:
    assert pages[SCANNED - 1] == ""
    assert engine.words(pdf, SCANNED).result(timeout=20).words == ()


def test_a_hyphen_at_a_lines_end_stays_as_printed(pages: list[str]) -> None:
    assert pages[HYPHEN - 1] == "\n".join(blocks_pdf.HYPHENATED)


def test_only_the_breaks_between_blocks_are_new(pdf: Path, pages: list[str]) -> None:
    """Every character MuPDF's plain text gave is still there, in the same order."""
    with pymupdf.open(pdf) as doc:
        plain = [unicodedata.normalize("NFKC", page.get_text("text")).strip() for page in doc]
    assert [page.replace("\n\n", "\n") for page in pages] == plain


def test_a_paragraph_printed_with_wide_line_spacing_stays_one(pdf: Path,
                                                             pages: list[str]) -> None:
    """MuPDF makes a block of every printed line spaced wider than 1.5 font sizes; the page's
    text still has its heading and two paragraphs, each paragraph's lines one break apart."""
    with pymupdf.open(pdf) as doc:
        assert len([b for b in doc[WIDE - 1].get_text("blocks") if b[6] == 0]) > 3
    assert pages[WIDE - 1] == pages[HEADED - 1]
    # a sentence runs on over the printed lines, the heading stands alone
    sentences = [_squash(s.text) for s in split_sentences(pages[WIDE - 1])]
    assert sentences[:2] == [HEADING, blocks_pdf.FIRST.split(". ")[0] + "."]


def test_the_words_come_in_the_texts_order_with_their_blocks(engine: DocumentEngine,
                                                             pdf: Path,
                                                             pages: list[str]) -> None:
    for number in (HEADED, COLUMNS, SINGLE, HYPHEN, WIDE):
        words = engine.words(pdf, number).result(timeout=20).words
        blocks: dict[int, list[str]] = {}
        for word in words:
            blocks.setdefault(word.block, []).append(word.text)
        assert list(blocks) == sorted(blocks)  # each block's words together
        assert [" ".join(b) for b in blocks.values()] == [
            _squash(block) for block in pages[number - 1].split("\n\n")]
    # a two-column page reads down the left column, then the right one
    columns = engine.words(pdf, COLUMNS).result(timeout=20).words
    assert max(w.x1 for w in columns if w.block == columns[0].block) < 200 < min(
        w.x0 for w in columns if w.block != columns[0].block)


def test_a_heading_without_a_full_stop_is_a_sentence_of_its_own(pages: list[str]) -> None:
    sentences = [s.text for s in split_sentences(pages[HEADED - 1])]
    assert sentences[0] == HEADING
    assert sentences[1].startswith("Người dân cần")


@pytest.fixture(scope="module")
def search(tmp_path_factory: pytest.TempPathFactory, pdf: Path) -> Iterator[Search]:
    paths = DataPaths(tmp_path_factory.mktemp("catalog") / "data").ensure()
    with Catalog.open(paths) as catalog:
        catalog.add_file(pdf, item_id="ho-so", title="Hồ sơ một cửa")
        yield Search(catalog)


def test_the_snippet_marks_the_end_of_a_heading(search: Search) -> None:
    hit = search.search("nguoi dan can")[0]
    assert hit.page == HEADED
    assert hit.snippet.startswith("Hướng dẫn nộp hồ sơ · Người dân cần chuẩn bị")
    assert "[Người dân cần]" in hit.marked_snippet()


def test_words_either_side_of_a_printed_line_break_are_still_found_together(
        search: Search, pages: list[str]) -> None:
    lines = pages[HEADED - 1].split("\n\n")[1].split("\n")
    # the last word of a printed line and the first of the next one
    pair = f"{lines[0].split()[-1].strip(',.')} {lines[1].split()[0].strip(',.')}"
    hit = search.search(pair)[0]
    assert hit.page == HEADED
    assert f"[{pair}]" in hit.marked_snippet()


def test_list_items_printed_wide_apart_stay_items() -> None:
    """A list's items, each a full line spaced wide, are not taken for one wrapped paragraph."""
    from library.documents.reader import page_blocks_text
    from library.paths import font_files

    items = ["• Nhường đường cho người đi bộ tại vạch kẻ đường khi qua nút giao.",
             "• Bật đèn chiếu sáng khi trời tối, sương mù hoặc mưa to trên đường.",
             "1. Đội mũ bảo hiểm đạt chuẩn và cài quai đúng cách khi đi xe máy."]
    with pymupdf.open() as doc:
        page = doc.new_page(width=400, height=300)
        page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
        for n, item in enumerate(items):
            page.insert_text((20, 40 + 22 * n), item, fontname="vn", fontsize=11)
        with pymupdf.open("pdf", doc.tobytes()) as again:
            assert page_blocks_text(again[0]) == "\n\n".join(items)
