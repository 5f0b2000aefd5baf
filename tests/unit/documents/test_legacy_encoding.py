"""A PDF typed in the old Vietnamese fonts (TCVN3 `.VnTime`, VNI `VNI-Times`) is found,
printed and read as Vietnamese; its file is kept as it came."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from library.documents import DocumentEngine
from tests.clirun import cafesach
from tests.legacy_fonts import build_font_pdf, build_pdf, to_tcvn3, to_vni

HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY = ("Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Sở Văn hóa thông báo về việc tổ "
        "chức Ngày hội đọc sách tại Thư viện tỉnh. Mọi người dân đều được mời tham dự.")
SECOND = "Chương trình gồm trưng bày sách mới và nói chuyện về tư tưởng Hồ Chí Minh."
TITLE = "Thông báo Ngày hội đọc sách"
#: A page too short to tell its encoding alone: the document's first pages tell it.
SHORT = "Hà Nội"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _tcvn3_pdf(path: Path) -> Path:
    return build_pdf(path, [to_tcvn3(f"{HEADING}\n{MOTTO}\n{BODY}"), to_tcvn3(SECOND),
                            to_tcvn3(SHORT)],
                     title=to_tcvn3(TITLE), author=to_tcvn3("Sở Văn hóa"),
                     subject=to_tcvn3("Ngày hội đọc sách năm 2024"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_tcvn3_pdf_is_found_printed_and_titled_in_vietnamese(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    pdf = _tcvn3_pdf(tmp_path / "thong-bao.pdf")
    before = hashlib.sha256(pdf.read_bytes()).hexdigest()
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf), "--json")
    assert code == 0
    item = json.loads(out)[0]
    for query in ("Cộng hòa", "cong hoa", "nguoi dan", "tư tưởng"):
        code, out, _ = cafesach(capsys, "--data", str(data), "search", query, "--json")
        assert code == 0 and [r["id"] for r in json.loads(out)["results"]] == [item["id"]], query
    code, out, _ = cafesach(capsys, "--data", str(data), "show", item["id"], "--json")
    shown = json.loads(out)
    assert shown["title"] == TITLE
    assert shown["authors"] == ["Sở Văn hóa"]
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item["id"])
    assert code == 0
    assert _one_line(f"{HEADING} {MOTTO} {BODY}") in _one_line(out)
    assert _one_line(SECOND) in _one_line(out)
    assert out.rstrip().endswith(f"--- trang 3 ---\n{SHORT}")
    stored = next((data / "objects").rglob(before[2:]))
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == before  # the file as it came


def test_check_says_the_text_was_in_an_old_encoding(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    pdf = _tcvn3_pdf(tmp_path / "thong-bao.pdf")
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(pdf))
    assert code == 0
    assert "text layer: yes" in out
    assert "văn bản mã TCVN3, đã chuyển sang Unicode" in out
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(pdf), "--json")
    assert json.loads(out)["legacy_encoding"] == "TCVN3"
    assert json.loads(out)["title"] == TITLE


#: Unicode Vietnamese whose letters are all Latin-1, as MuPDF reads an old font's text:
#: a heading, a place and date line, a list of provinces, a table of figures, a page of it
#: and a short one.
LATIN1_PAGES = ["THÔNG BÁO\nTây Ninh, ngày 15 tháng 3\nCà Mau, Phú Yên, An Giang, Thái Bình,"
                " Khánh Hòa, Lào Cai\nMáy 25°C ± 2 °C · 1,5 giây · © 2024\nCafé sách: không có"
                " gì là khó",
                "Cà Mau"]


def test_check_of_a_unicode_pdf_says_nothing_of_encodings(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    from . import hostile

    pdf = hostile.text_pdf(tmp_path / "sach.pdf", ["Café Noël façade, Müller: Cộng hòa",
                                                   *LATIN1_PAGES])
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(pdf))
    assert code == 0 and "mã" not in out


def test_a_unicode_pdf_of_latin1_letters_is_read_as_it_is(engine: DocumentEngine,
                                                          tmp_path: Path) -> None:
    """No letter beyond Latin-1, just like an old font's text: the text, the words and the
    title a heading gives are the page's own."""
    from . import hostile

    pdf = hostile.text_pdf(tmp_path / "thong-bao.pdf", LATIN1_PAGES)
    assert engine.info(pdf).result().legacy_encoding is None
    for number, page in enumerate(LATIN1_PAGES, start=1):
        assert _one_line(engine.text(pdf, number).result()[0]) == _one_line(page)
        words = [w.text for w in engine.words(pdf, number).result().words]
        assert words == _one_line(page).split()
    assert engine.extract(pdf).title == "THÔNG BÁO"


def test_a_vni_pdf_reads_as_vietnamese_and_its_words_are_the_same(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """The word boxes (read-along, the search inside the reader) carry the page's words."""
    pdf = build_pdf(tmp_path / "vni.pdf", [to_vni(f"{HEADING}\n{MOTTO}\n{BODY}")],
                    title=to_vni(TITLE))
    assert engine.info(pdf).result().title == TITLE
    assert engine.info(pdf).result().legacy_encoding == "VNI"
    text = engine.text(pdf, 1).result()[0]
    assert _one_line(text) == _one_line(f"{HEADING} {MOTTO} {BODY}")
    words = [w.text for w in engine.words(pdf, 1).result().words]
    assert words == _one_line(f"{HEADING} {MOTTO} {BODY}").split()


def test_a_tcvn3_pdfs_words_are_the_pages_words(engine: DocumentEngine, tmp_path: Path) -> None:
    pdf = _tcvn3_pdf(tmp_path / "tcvn3.pdf")
    words = [w.text for w in engine.words(pdf, 2).result().words]
    assert words == SECOND.split()


def _page_words(engine: DocumentEngine, pdf: Path, number: int) -> list[str]:
    return [w.text for w in engine.words(pdf, number).result().words]


@pytest.mark.parametrize(("font", "to_old", "line"), [(".VnTime", to_tcvn3, "Không có"),
                                                      ("VNI-Times", to_vni, "Khánh Hoà")])
def test_a_unicode_line_in_arial_on_an_old_font_page_stays(
        engine: DocumentEngine, tmp_path: Path, font: str, to_old: Callable[[str], str],
        line: str) -> None:
    """Told by their fonts: the old font's lines are converted, Arial's line of Latin-1
    letters is kept (read as the page's encoding it became «Khụng cú», «Khánh Hồ»: as many
    syllables as before); text and words alike."""
    pdf = build_font_pdf(tmp_path / "mixed.pdf", [[(font, to_old(MOTTO)), ("Arial", line),
                                                   (font, to_old(SECOND))]])
    expected = f"{MOTTO} {line} {SECOND}"
    assert _one_line(engine.text(pdf, 1).result()[0]) == expected
    assert _page_words(engine, pdf, 1) == expected.split()


def test_a_capitals_font_line_is_in_capitals(engine: DocumentEngine, tmp_path: Path) -> None:
    """`.VnTimeH` draws every code as a capital; the text typed in it says nothing of that."""
    pdf = build_font_pdf(tmp_path / "heading.pdf", [[(".VnTimeH", to_tcvn3("Cộng hòa xã hội")),
                                                     (".VnTimeH,Bold", to_tcvn3(MOTTO)),
                                                     (".VnTime", to_tcvn3(SECOND))]])
    expected = f"CỘNG HÒA XÃ HỘI {MOTTO.upper()} {SECOND}"
    assert _one_line(engine.text(pdf, 1).result()[0]) == expected
    assert _page_words(engine, pdf, 1) == expected.split()
    assert engine.extract(pdf).title == "CỘNG HÒA XÃ HỘI"


def test_a_short_old_font_page_after_a_scanned_cover_converts(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """The first pages have no text (a scanned cover, blank pages): the short page's font
    tells it, and the document's fonts tell `check`."""
    pdf = build_font_pdf(tmp_path / "scanned.pdf", [[]] * 6 + [[(".VnTime", to_tcvn3(SHORT))]])
    assert engine.text(pdf, 7).result()[0].strip() == SHORT
    assert _page_words(engine, pdf, 7) == SHORT.split()
    assert engine.info(pdf).result().legacy_encoding == "TCVN3"


def test_an_epub_in_an_old_encoding_is_told_by_its_text(engine: DocumentEngine,
                                                        tmp_path: Path) -> None:
    """An EPUB's text is drawn in MuPDF's own fonts (Charis SIL, Nimbus Sans), whatever its
    style sheet names: their names say nothing of the text, which tells its encoding."""
    from . import hostile

    # no ư: MuPDF's HTML drops its TCVN3 code, 0xAD, as a soft hyphen
    body = ("Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Sở Văn hóa thông báo về việc tổ "
            "chức Ngày hội đọc sách năm nay. Mọi công dân đều có thể tham dự.")
    book = hostile.epub(tmp_path / "sach.epub", f"<h1>{to_tcvn3(HEADING)}</h1><p "
                        f"style='font-family: Arial'>{to_tcvn3(body)}</p>")
    assert _one_line(engine.text(book, 1).result()[0]) == f"{HEADING} {body}"
    assert _page_words(engine, book, 1) == f"{HEADING} {body}".split()


def test_fonts_change_within_a_printed_line(engine: DocumentEngine, tmp_path: Path) -> None:
    """One printed line of a `.VnTime` run, an Arial run and a `.VnTimeH` run: each word as
    its own font says, a word cut between two fonts as most of its letters (the old font
    on a tie: «H» in Arial and «µ» in `.VnTime` is «Hà»); the text and the words alike."""
    line = [(".VnTime", to_tcvn3("Sở Văn hóa ")), ("Arial", "Không có "),
            (".VnTime", to_tcvn3("thông ")), (".VnTimeH", to_tcvn3("báo ngày hội ")),
            ("Arial", "H"), (".VnTime", to_tcvn3("à ")), ("Arial", "N"),
            (".VnTime", to_tcvn3("ội"))]
    pdf = build_font_pdf(tmp_path / "runs.pdf", [[line]])
    expected = "Sở Văn hóa Không có thông BÁO NGÀY HỘI Hà Nội"
    assert _one_line(engine.text(pdf, 1).result()[0]) == expected
    assert _page_words(engine, pdf, 1) == expected.split()
