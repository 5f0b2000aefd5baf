"""A PDF whose pages are laid out as documents arrive: a heading over its paragraphs, two
columns, one block, a scanned page with no text layer, a word hyphenated at a line's end, a
heading over paragraphs printed with wide line spacing (MuPDF: a block per printed line).

Made at test time with the bundled font, so MuPDF finds real text blocks in it.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from library.paths import font_files

HEADING = "Hướng dẫn nộp hồ sơ"
#: Long enough to wrap over several printed lines of the page.
FIRST = ("Người dân cần chuẩn bị giấy tờ tùy thân và đơn đề nghị theo mẫu, nộp tại bộ phận "
         "một cửa của xã trong giờ hành chính. Cán bộ tiếp nhận kiểm tra và hẹn ngày trả "
         "kết quả cho người dân.")
SECOND = ("Lệ phí được niêm yết tại trụ sở, những trường hợp được miễn giảm theo quy định "
          "hiện hành của tỉnh.")
LEFT = "Cột trái nói về nông nghiệp và cách trồng lúa theo mùa vụ của địa phương."
RIGHT = "Cột phải nói về chăn nuôi gia súc và phòng dịch bệnh cho đàn vật nuôi."
ONE_BLOCK = ("Một trang chỉ có một đoạn văn, không có tiêu đề, in trên vài dòng để kiểm tra "
             "rằng các dòng trong một đoạn vẫn đứng liền nhau.")
HYPHENATED = ("Chuyển đổi số là việc chuyển-", "giao công nghệ cho người dân.")

#: Line spacing of `WIDE`'s paragraphs, in font sizes: Word's «1.5 lines» is about 1.7.
WIDE_SPACING = 1.9

#: The pages of `build`, 1-based.
HEADED, COLUMNS, SINGLE, SCANNED, HYPHEN, WIDE = 1, 2, 3, 4, 5, 6


def build(path: Path) -> Path:
    """Write the six pages (`HEADED` … `WIDE`) to `path`."""
    font = str(font_files()[0])
    doc = pymupdf.open()

    def page() -> pymupdf.Page:
        new = doc.new_page(width=400, height=600)
        new.insert_font(fontname="vn", fontfile=font)
        return new

    def box(on: pymupdf.Page, rect: tuple[float, float, float, float], text: str,
            spacing: float | None = None) -> None:
        assert on.insert_textbox(pymupdf.Rect(rect), text, fontname="vn", fontsize=11,
                                 lineheight=spacing) > 0

    headed = page()
    headed.insert_text((40, 60), HEADING, fontname="vn", fontsize=18)
    box(headed, (40, 80, 360, 200), FIRST)
    box(headed, (40, 220, 360, 320), SECOND)
    columns = page()
    box(columns, (30, 60, 190, 300), LEFT)
    box(columns, (210, 60, 370, 300), RIGHT)
    box(page(), (40, 60, 360, 300), ONE_BLOCK)
    scanned = page()  # a picture of a page, no text layer
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 60), False)
    picture.clear_with(200)
    scanned.insert_image(pymupdf.Rect(20, 20, 380, 580), pixmap=picture)
    hyphen = page()
    for n, line in enumerate(HYPHENATED):
        hyphen.insert_text((40, 60 + 14 * n), line, fontname="vn", fontsize=11)
    wide = page()
    wide.insert_text((40, 60), HEADING, fontname="vn", fontsize=18)
    box(wide, (40, 80, 360, 330), FIRST, WIDE_SPACING)
    box(wide, (40, 340, 360, 560), SECOND, WIDE_SPACING)
    doc.save(path)
    doc.close()
    return path
