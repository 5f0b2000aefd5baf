"""Old font encodings benchmark: what telling (and converting) TCVN3/VNI text costs a page.

Builds four 100-page PDFs at run time (six paragraphs a page): Unicode Vietnamese in the
bundled font, English, and the same Vietnamese in TCVN3 and VNI codes (a built-in font,
as `tests/legacy_fonts.py` makes them). For each page it times, in one process, the
page's text as the worker reads it (`reader.page_blocks_text`, the reference) and what
`reader._readable` adds: the detection alone and, on old-encoding pages, the conversion.
Median per page, best of 3 rounds. Targets: on Unicode and English pages (nearly every
page a station reads) the detection costs ≤ 5 % of the page's text; on an old-encoding
page, detection and conversion together ≤ 1.5× it.
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
from library.legacy_vietnamese import detect
from library.paths import font_files
from tests.legacy_fonts import to_tcvn3, to_vni

PAGES = 100
VIETNAMESE = (
    "Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Ủy ban nhân dân tỉnh thông báo về "
    "việc tổ chức Ngày hội đọc sách năm 2024 tại Thư viện tỉnh. Mọi người dân đều được mời "
    "tham dự; chương trình gồm trưng bày, giới thiệu sách mới và nói chuyện chuyên đề về tư "
    "tưởng Hồ Chí Minh, về chuyển đổi số và về phòng chống thiên tai ở địa phương.")
ENGLISH = (
    "The provincial library invites everyone to the reading festival at the central "
    "library; the programme includes an exhibition of new books, talks on digital change "
    "and on disaster prevention, and a corner where children read with their parents.")
#: name: (paragraph, font, whether it is in an old encoding)
CASES = {"Unicode": (VIETNAMESE, "vn", False), "English": (ENGLISH, "helv", False),
         "TCVN3": (to_tcvn3(VIETNAMESE), "helv", True), "VNI": (to_vni(VIETNAMESE), "helv", True)}
DETECT_SHARE = 0.05
CONVERT_RATIO = 1.5


def build(path: Path, paragraph: str, font: str) -> None:
    doc = pymupdf.open()
    for _ in range(PAGES):
        page = doc.new_page(width=595, height=842)
        if font == "vn":
            page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
        page.insert_textbox(pymupdf.Rect(40, 40, 555, 800), "\n\n".join([paragraph] * 6),
                            fontname=font, fontsize=10)
    doc.save(path)


def measure(path: Path) -> tuple[float, float, float, str]:
    """(page text, detection, detection and conversion) in seconds, median a page; the
    last page's text as read."""
    doc = pymupdf.open(path)
    text_s, detect_s, readable_s = [], [], []
    shown = ""
    for page in doc:
        start = time.perf_counter()
        raw = reader.page_blocks_text(page)
        read = time.perf_counter()
        shown = reader._readable(doc, raw)
        converted = time.perf_counter()
        detect(raw)
        told = time.perf_counter()
        text_s.append(read - start)
        readable_s.append(converted - read)
        detect_s.append(told - converted)
    doc.close()
    return (statistics.median(text_s), statistics.median(detect_s),
            statistics.median(readable_s), shown)


def main() -> int:
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (paragraph, font, old) in CASES.items():
            path = Path(folder) / f"{name}.pdf"
            build(path, paragraph, font)
            text_s, detect_s, readable_s, shown = min((measure(path) for _ in range(3)),
                                                      key=lambda r: r[2])
            if old and not shown.startswith(VIETNAMESE[:40]):
                missed.append(f"{name}: not converted ({shown[:40]!r})")
            ratio = readable_s / text_s
            print(f"{name:8} page text {text_s * 1e3:.2f} ms; detection {detect_s * 1e6:.0f} µs "
                  f"({detect_s / text_s:.1%}); detection + conversion "
                  f"{readable_s * 1e6:.0f} µs ({ratio:.2f}×)")
            if not old and detect_s > DETECT_SHARE * text_s:
                missed.append(f"{name}: detection {detect_s / text_s:.1%} of the page's text")
            if old and ratio > CONVERT_RATIO:
                missed.append(f"{name}: detection + conversion {ratio:.2f}× the page's text")
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
