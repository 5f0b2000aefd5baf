"""Fill `cafesach_en.ts` with the English texts and compile `cafesach_en.qm`.

The kiosk's source strings are Vietnamese (qsTr / QCoreApplication.translate).
After changing strings: run `pyside6-lupdate` (command in docs/kiosk.md), add
the English here, then `python kiosk/i18n/translate_en.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
TS = HERE / "cafesach_en.ts"

ENGLISH: dict[str, str | tuple[str, str]] = {
    "Chạm để bắt đầu": "Touch to start",
    "Mới nhất": "Newest",
    "Phổ biến": "Popular",
    "Chưa có mục nào ở đây.": "Nothing here yet.",
    "Sách điện tử": "E-books",
    "Infographic": "Infographics",
    "Bản tin": "Bulletins",
    "Sổ tay": "Handbooks",
    "Video": "Videos",
    "Tài liệu": "Documents",
    "Âm thanh": "Audio",
    "Mới cập nhật": "Just added",
    "Xem infographic": "View infographic",
    "Đọc bản tin": "Read bulletin",
    "Xem video": "Watch video",
    "Nghe": "Listen",
    "Đọc ngay": "Read now",
    "%n trang": ("%n page", "%n pages"),
    "Ngày phát hành: %1": "Published: %1",
    "Đọc từ trang %1": "Read from page %1",
    "Xin chào! Hôm nay bạn muốn đọc gì?": "Hello! What would you like to read today?",
    "Chạm vào đây để tìm: sách, bản tin, thủ tục…":
        "Touch here to search: books, bulletins, forms…",
    "Bộ sưu tập": "Collections",
    "%n mục": ("%n item", "%n items"),
    "Thư viện giới thiệu": "Librarian's picks",
    "Không dấu": "No marks",
    "Xoá hết": "Clear",
    "dấu cách": "space",
    "Tìm": "Search",
    "Quét mã để đọc trên điện thoại": "Scan to read on your phone",
    "Tài liệu này tạm thời chưa mở được. Mời bạn chọn tài liệu khác.":
        "This document cannot be opened right now. Please choose another one.",
    "Đang mở trang…": "Opening the page…",
    "Trang %1": "Page %1",
    "Trang %1/%2": "Page %1/%2",
    "Về trang %1": "Back to page %1",
    "Mục lục": "Contents",
    "Tìm trong tài liệu này…": "Search this document…",
    "Có ở trang: %1": "Found on pages: %1",
    "Không thấy trong tài liệu này.": "Not found in this document.",
    "Chọn tài liệu khác": "Choose another document",
    "Gõ tên sách, chủ đề… (không dấu cũng được)": "Type a title or topic… (marks optional)",
    "Kết quả sẽ hiện ngay khi bạn gõ.": "Results appear as you type.",
    "%n kết quả cho “%1”": ("%n result for “%1”", "%n results for “%1”"),
    "Không tìm thấy kết quả cho “%1”": "Nothing found for “%1”",
    "trang %1": "page %1",
    "Có phải bạn muốn tìm:": "Did you mean:",
    "Nhiều người đọc": "Popular reads",
    "Bàn phím": "Keyboard",
    "Trang chủ": "Home",
    "Quay lại": "Back",
    "Tìm sách, bản tin…": "Search books, bulletins…",
}


def fill(ts: Path = TS) -> list[str]:
    """Write the English into the .ts; return source texts that have none."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        english = ENGLISH.get(source)
        if translation is None:
            continue
        if english is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        if message.get("numerus") == "yes":
            forms = english if isinstance(english, tuple) else (english, english)
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = english if isinstance(english, str) else english[1]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    missing = fill()
    for text in missing:
        print(f"no English for: {text}", file=sys.stderr)
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name(
        "pyside6-lrelease"))
    subprocess.run([lrelease, str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
