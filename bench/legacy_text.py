"""Old font encodings benchmark: what reading TCVN3/VNI text as Unicode costs a page.

Builds six 100-page PDFs at run time (six paragraphs a page): Unicode Vietnamese in the
bundled font, English in Helvetica, the same Vietnamese in TCVN3 and VNI codes in
Helvetica (a font whose name says nothing: the text tells the encoding), and in TCVN3 and
VNI codes in a font named `.VnTime` and `VNI-Times` (the name tells it,
`tests/legacy_fonts.build_font_pdf`). For each page it times, in one process, the page's
text as MuPDF gives it (`reader.page_blocks_text(page)`, the reference) and as the worker
reads it (`reader.page_blocks_text(page, doc)`: each span's font looked at, the encoding
told and the text converted); the cost is the difference. Median per page, best of 3
rounds. Targets: on Unicode and English pages (nearly every page a station reads) the
reading adds ≤ 5 % to the page's text; on an old-encoding page, ≤ 1.5× it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pymupdf

from library.documents import reader
from library.paths import font_files
from tests.legacy_fonts import build_font_pdf, to_tcvn3, to_vni

PAGES = 100
PARAGRAPHS = 6
VIETNAMESE = (
    "Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Ủy ban nhân dân tỉnh thông báo về "
    "việc tổ chức Ngày hội đọc sách năm 2024 tại Thư viện tỉnh. Mọi người dân đều được mời "
    "tham dự; chương trình gồm trưng bày, giới thiệu sách mới và nói chuyện chuyên đề về tư "
    "tưởng Hồ Chí Minh, về chuyển đổi số và về phòng chống thiên tai ở địa phương.")
ENGLISH = (
    "The provincial library invites everyone to the reading festival at the central "
    "library; the programme includes an exhibition of new books, talks on digital change "
    "and on disaster prevention, and a corner where children read with their parents.")
#: name: (paragraph, font: "vn" the bundled one, "helv" Helvetica, else the name a copy of
#: the bundled one is embedded under; whether it is in an old encoding)
CASES = {"Unicode": (VIETNAMESE, "vn", False), "English": (ENGLISH, "helv", False),
         "TCVN3": (to_tcvn3(VIETNAMESE), "helv", True), "VNI": (to_vni(VIETNAMESE), "helv", True),
         ".VnTime": (to_tcvn3(VIETNAMESE), ".VnTime", True),
         "VNI-Times": (to_vni(VIETNAMESE), "VNI-Times", True)}
ADDED_SHARE = 0.05
CONVERT_RATIO = 1.5
#: A line of a paragraph set with `insert_text` (which does not wrap): about 90 letters.
_LINE = 90


def _lines(paragraph: str) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > _LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def build(path: Path, paragraph: str, font: str) -> None:
    if font not in ("vn", "helv"):
        lines = [line for _ in range(PARAGRAPHS) for line in [*_lines(paragraph), ""]]
        build_font_pdf(path, [[(font, line) for line in lines]] * PAGES)
        return
    doc = pymupdf.open()
    for _ in range(PAGES):
        page = doc.new_page(width=595, height=842)
        if font == "vn":
            page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
        page.insert_textbox(pymupdf.Rect(40, 40, 555, 800),
                            "\n\n".join([paragraph] * PARAGRAPHS), fontname=font, fontsize=10)
    doc.save(path)


def measure(path: Path) -> tuple[float, float, str]:
    """(page text as MuPDF gives it, as the worker reads it) in seconds, median a page; the
    last page's text as read."""
    doc = pymupdf.open(path)
    raw_s, read_s = [], []
    shown = ""
    for page in doc:
        start = time.perf_counter()
        reader.page_blocks_text(page)
        raw = time.perf_counter()
        shown = reader.page_blocks_text(page, doc)
        read = time.perf_counter()
        raw_s.append(raw - start)
        read_s.append(read - raw)
    doc.close()
    return statistics.median(raw_s), statistics.median(read_s), shown


def main() -> int:
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (paragraph, font, old) in CASES.items():
            path = Path(folder) / f"{name}.pdf"
            build(path, paragraph, font)
            raw_s, read_s, shown = min((measure(path) for _ in range(3)),
                                       key=lambda r: r[1] - r[0])
            if old and not " ".join(shown.split()).startswith(VIETNAMESE[:40]):
                missed.append(f"{name}: not converted ({shown[:40]!r})")
            added = max(read_s - raw_s, 0.0)
            print(f"{name:9} page text {raw_s * 1e3:.2f} ms; read as the worker does "
                  f"{read_s * 1e3:.2f} ms: {added * 1e6:.0f} µs more ({added / raw_s:.1%})")
            if not old and added > ADDED_SHARE * raw_s:
                missed.append(f"{name}: reading adds {added / raw_s:.1%} to the page's text")
            if old and added > CONVERT_RATIO * raw_s:
                missed.append(f"{name}: reading adds {added / raw_s:.2f}× the page's text")
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
