"""Old-font text in a font whose name no list knows is still read as Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from library.documents import DocumentEngine, reader
from tests.legacy_fonts import build_font_pdf, to_tcvn3, to_vni

LINES = ["Căn cứ Nghị định của Chính phủ, Sở Văn hóa thông báo",
         "về việc tổ chức Ngày hội đọc sách tại Thư viện tỉnh.",
         "Mọi người dân đều được mời tham dự."]
BODY = " ".join(LINES)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_old_font_text_in_a_font_of_another_name_is_told_by_its_text(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """`UVN Sài Gòn` is a VNI font not named `VNI-…`, and a printer may name a `.VnTime`
    copy anyhow: a document with none of the known names is told by its text."""
    for name, old in (("UVNSaiGon", to_vni), ("VietTimes", to_tcvn3)):
        pdf = build_font_pdf(tmp_path / f"{name}.pdf", [[(name, old(line)) for line in LINES]])
        assert _one_line(engine.text(pdf, 1).result()[0]) == BODY, name


def test_a_unicode_page_in_a_named_font_is_kept(engine: DocumentEngine, tmp_path: Path) -> None:
    """The same text in Unicode, in a named font of a document with no old font: kept."""
    lines = [("Arial", line) for line in [*LINES, "Không có"]]
    pdf = build_font_pdf(tmp_path / "unicode.pdf", [lines])
    assert _one_line(engine.text(pdf, 1).result()[0]) == f"{BODY} Không có"


def test_a_unicode_page_is_told_not_read_word_by_word(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Most pages a station reads are Unicode Vietnamese, full of Latin-1 letters (à, ê,
    ô): their text is told as it is once, and MuPDF's blocks are kept, never rebuilt
    from every word (which cost half a page's text again, at every page)."""
    lines = [("Arial", line) for line in LINES]
    pdf = build_font_pdf(tmp_path / "unicode.pdf", [lines])
    old = build_font_pdf(tmp_path / "old.pdf", [[("Arial", to_vni(line)) for line in LINES]])
    read: list[int] = []
    real = reader._read_lines
    monkeypatch.setattr(reader, "_read_lines",
                        lambda *args: read.append(1) or real(*args))
    with pymupdf.open(pdf) as doc:
        assert _one_line(reader.page_blocks_text(doc[0], doc)) == BODY
    assert read == []
    with pymupdf.open(old) as doc:
        assert _one_line(reader.page_blocks_text(doc[0], doc)) == BODY
    assert read == [1]
