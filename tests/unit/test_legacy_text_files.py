"""A bulletin's `.txt` typed in an old Vietnamese encoding (TCVN3, VNI, Windows-1258), or
with TCVN3's look-alikes saved as UTF-8, is taken as Unicode; every other text as before."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from library.errors import DocumentError
from library.extract import extract
from library.legacy_vietnamese import (
    TCVN3,
    VNI,
    WINDOWS_1258,
    readable_text_file,
)
from tests.clirun import cafesach
from tests.legacy_fonts import to_tcvn3, to_vni, to_windows_1258

TITLE = "Thông báo họp dân"
BULLETIN = (f"{TITLE}\n"
            "Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, UBND xã thông báo về việc tổ "
            "chức họp dân tại nhà văn hoá thôn. Mọi người dân đều được mời tham dự.\n"
            "Độc lập - Tự do - Hạnh phúc\n")

#: The bytes each encoding saves the bulletin as.
SAVED = {
    TCVN3: to_tcvn3(BULLETIN).encode("latin-1"),
    VNI: to_vni(BULLETIN).encode("cp1252"),
    WINDOWS_1258: to_windows_1258(BULLETIN),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.mark.parametrize("encoding", list(SAVED))
def test_a_text_file_in_an_old_encoding_is_added_found_and_read_in_vietnamese(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, encoding: str) -> None:
    """Refused as «not UTF-8» before; now taken, searched, printed and checked as Unicode."""
    txt = tmp_path / "hop-dan.txt"
    txt.write_bytes(SAVED[encoding])
    with pytest.raises(UnicodeDecodeError):
        SAVED[encoding].decode("utf-8")
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(txt), "--json")
    assert code == 0, err
    item = json.loads(out)[0]
    assert item["title"] == TITLE
    for query in ("họp dân", "hop dan", "nghi dinh", "Hạnh phúc"):
        code, out, _ = cafesach(capsys, "--data", str(data), "search", query, "--json")
        assert [r["id"] for r in json.loads(out)["results"]] == [item["id"]], query
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item["id"])
    assert out.rstrip("\n") == BULLETIN.rstrip("\n")
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(txt))
    assert code == 0
    assert f"văn bản mã {encoding}, đã chuyển sang Unicode" in out
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item["id"], "--json")
    assert json.loads(out)["legacy_encoding"] == encoding


def test_tcvn3_look_alikes_saved_as_utf8_are_converted_line_by_line(tmp_path: Path) -> None:
    """«Céng hoµ» pasted from a `.VnTime` document into a UTF-8 file: its old lines come
    out in Unicode, the Unicode lines around them stay as they are."""
    heading = "Ủy ban nhân dân xã An Bình"
    txt = tmp_path / "ban-tin.txt"
    txt.write_text(f"{heading}\n{to_tcvn3(BULLETIN)}", encoding="utf-8")
    extraction = extract(txt)
    assert extraction.pages == [f"{heading}\n{BULLETIN}"]
    assert extraction.legacy_encoding == TCVN3
    assert extraction.title == heading


@pytest.mark.parametrize("text", [
    BULLETIN,
    "Café au lait, Noël à Paris, crème brûlée, déjà vu, façade, naïve, Zürich, São Paulo.\n",
    "Die Größe der Straße in München: schön, über, für, Mädchen, Äpfel, Öl.\n",
    "The quick brown fox jumps over the lazy dog. ± 2 °C, © 2024, 3½ µs.\n",
    "Thông báo\nTây Ninh, ngày 15 tháng 3\nCà Mau, Phú Yên, Khánh Hòa: không có gì là khó\n",
])
def test_english_french_and_unicode_vietnamese_text_files_stay_as_they_are(
        tmp_path: Path, text: str) -> None:
    txt = tmp_path / "tin.txt"
    txt.write_text(text, encoding="utf-8")
    extraction = extract(txt)
    assert extraction.pages == [unicodedata.normalize("NFKC", text)]
    assert extraction.legacy_encoding is None


#: A bulletin with its table of figures: each figure a word of its own, more of them than
#: the words of the text.
WITH_FIGURES = BULLETIN + "".join(f"{n}  {n * 1234:,}  {n * 7 % 100},{n % 10}\n"
                                  for n in range(1, 61))


@pytest.mark.parametrize(("encoding", "raw"), [
    (TCVN3, to_tcvn3(WITH_FIGURES).encode("latin-1")),
    (VNI, to_vni(WITH_FIGURES).encode("cp1252")),
    (WINDOWS_1258, to_windows_1258(WITH_FIGURES)),
    (TCVN3, to_tcvn3(WITH_FIGURES).encode("utf-8")),  # look-alikes saved as UTF-8
])
def test_a_bulletin_with_a_table_of_figures_is_read_as_its_encoding(encoding: str,
                                                                    raw: bytes) -> None:
    """Figures are no words of any language: counted as words, they outnumbered the
    bulletin's own, and the file was refused as not UTF-8 (or kept garbled)."""
    assert readable_text_file(raw) == (WITH_FIGURES, encoding)


@pytest.mark.parametrize("raw", [
    "Café au lait, Noël à Paris, crème brûlée, déjà vu, façade, naïve.".encode("cp1252"),
    "Die Größe der Straße in München: schön, über, für, Mädchen.".encode("cp1252"),
    to_tcvn3("Thông báo").encode("latin-1"),  # too short to tell
    b"Gr\xfc\xdfe aus K\xf6ln \x81\x8d\x90\x9d",  # and the bytes Windows-1252 leaves out
])
def test_other_text_that_is_not_utf8_is_refused_as_before(tmp_path: Path, raw: bytes) -> None:
    txt = tmp_path / "cu.txt"
    txt.write_bytes(raw)
    with pytest.raises(DocumentError, match=r"cu\.txt: not UTF-8 text \(save it again as UTF-8\)"):
        extract(txt)


_EUROPEAN_WORDS = ("Café Noël Müller façade crème brûlée déjà été où dû tôt hôtel naïve Zürich "
                   "São Paulo Ñandú niño Größe Straße über schön Äpfel Öl année garçon élève "
                   "Åse Ærø Øre ìl òpera È così perché più città Ýmir Þór Ðan the and 2024 "
                   "ça va à la fête").split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_EUROPEAN_WORDS), min_size=1, max_size=60),
       st.sampled_from([" ", "\n", ", ", ". "]))
def test_european_text_in_a_windows_code_page_is_never_taken_for_vietnamese(
        words: list[str], gap: str) -> None:
    """French, German, Spanish, Italian, Nordic words saved as Windows-1252: read as no old
    Vietnamese encoding (refused when not UTF-8, kept when it happens to be)."""
    raw = gap.join(words).encode("cp1252")
    try:
        _text, encoding = readable_text_file(raw)
    except UnicodeDecodeError:
        return
    assert encoding is None


@pytest.mark.parametrize("name", ["hop-dan.txt", "hop-dan.pdf"])
def test_an_item_kept_garbled_is_read_again_when_its_file_is_added_again(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, name: str) -> None:
    """An item an earlier version added kept «Céng hoµ» as its text and title, and adding
    the same file again only said «already in catalog»; now it reads the file anew, and
    only then: the librarian's tags and a title of their own stay."""
    from dataclasses import replace

    from library.catalog import Catalog
    from library.paths import DataPaths
    from tests.legacy_fonts import build_pdf

    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text(to_tcvn3(BULLETIN), encoding="utf-8")  # look-alikes saved as UTF-8
    else:
        build_pdf(path, [to_tcvn3(BULLETIN)], title=to_tcvn3(TITLE))
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(path), "--tags", "họp",
                              "--json")
    assert code == 0, err
    item_id = json.loads(out)[0]["id"]
    with Catalog.open(DataPaths(data)) as catalog:  # as the version before left it
        item = catalog.get(item_id)
        garbled = to_tcvn3(BULLETIN)
        catalog.put(replace(item, title=to_tcvn3(TITLE),
                            body=garbled if item.body is not None else None), [garbled])
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "họp dân", "--json")
    assert json.loads(out)["results"] == []

    code, out, err = cafesach(capsys, "--data", str(data), "add", str(path))
    assert code == 0, err
    assert f"{item_id}  {TITLE}  (already in catalog; its text read again)" in out
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "họp dân", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == [item_id]
    code, out, _ = cafesach(capsys, "--data", str(data), "show", item_id, "--json")
    shown = json.loads(out)
    assert shown["title"] == TITLE and shown["tags"] == ["họp"]
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(path))
    assert out.strip().endswith("(already in catalog)")  # read already: nothing written

    with Catalog.open(DataPaths(data)) as catalog:  # a title the librarian gave stays
        catalog.put(replace(catalog.get(item_id), title="Họp dân tháng 3"),
                    catalog.pages(item_id))
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(path))
    assert "Họp dân tháng 3  (already in catalog)" in out
