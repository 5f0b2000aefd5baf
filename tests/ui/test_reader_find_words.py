"""Search inside a document finds words that start with what the visitor typed.

Folded Vietnamese syllables hide inside one another ("an" in "dân" and "văn", "hoa" in
"thoại"): a page counted as a hit for such a match had nothing on it to mark, and the
visitor was sent to it all the same.
"""

from __future__ import annotations

import contextlib

import pytest

from library.errors import NotFound

from .conftest import settle
from .test_reader import put_book

pytestmark = pytest.mark.ui

PAGES = ["Gọi điện thoại cho cán bộ văn phòng.",        # "hoa", "an" only inside words
         "Giữ gìn văn hoá dân tộc.",                     # "hoá": a word of its own
         "Nhà văn hoá (hoá, học) và an toàn giao thông.",  # "an": a word of its own
         "Chuyển đổi số ở thôn Hoà Bình."]


@pytest.fixture
def book(kiosk, make_pdf, qtbot):
    put_book(kiosk, make_pdf, "tim-tu", "Tìm trong sách", PAGES)
    kiosk.visit.read("tim-tu", 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    yield kiosk
    kiosk.visit.home()
    kiosk.catalog.remove("tim-tu")


def test_only_pages_with_a_word_starting_so_are_hits(book) -> None:
    kiosk = book
    for query, pages in (("hoa", [2, 3, 4]), ("an", [3]), ("an toan", [3]), ("van hoa", [2, 3]),
                         ("thoai", [1]), ("tho", [1, 3, 4]), ("ANH", []), ("dan to", [2])):
        kiosk.reader.find(query)
        assert kiosk.reader.hitPages == pages, query


def test_every_hit_page_has_its_words_marked(book, qtbot) -> None:
    kiosk = book
    for query in ("hoa", "an"):
        kiosk.reader.find(query)
        for page in kiosk.reader.hitPages:
            kiosk.reader.jump(page)
            qtbot.waitUntil(lambda: len(kiosk.reader.highlights) > 0, timeout=10000)
            settle(50)
    kiosk.reader.find("hoa")
    kiosk.reader.jump(3)  # "hoá" and "(hoá,": both marked, the brackets no matter
    qtbot.waitUntil(lambda: len(kiosk.reader.highlights) >= 2, timeout=10000)


def put_scanned(kiosk, make_pdf, tmp_path) -> None:
    """Pictures of pages, no words: as a scanner makes them."""
    import pymupdf

    from library.catalog import Item

    text = make_pdf("goc.pdf", ["Công văn số 12 về nước sạch."])
    with pymupdf.open(text) as source:
        picture = source[0].get_pixmap(dpi=50)
        scan = pymupdf.open()
        page = scan.new_page(width=source[0].rect.width, height=source[0].rect.height)
        page.insert_image(page.rect, pixmap=picture)
    path = tmp_path / "ban-chup.pdf"
    scan.save(path)
    sha, size = kiosk.catalog.objects.add_file(path)
    kiosk.catalog.put(Item(id="ban-chup", title="Công văn chụp", kind="document", sha256=sha,
                           size=size, page_count=1, media_type="application/pdf",
                           filename=path.name, scanned=True), [""])


def test_a_document_of_pictures_says_it_has_no_words_to_find(kiosk, make_pdf, tmp_path,
                                                             qtbot) -> None:
    from .conftest import item, tap
    from .english import english

    put_scanned(kiosk, make_pdf, tmp_path)
    try:
        for item_id, said in (("ban-chup", "Tài liệu này chỉ có hình ảnh, không có chữ để tìm."),
                              ("tim-tu-2", "Không thấy trong tài liệu này.")):
            if item_id == "tim-tu-2":
                put_book(kiosk, make_pdf, item_id, "Có chữ", ["Nước sạch cho thôn bản."])
            kiosk.visit.read(item_id, 1)
            qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
            settle()
            tap(kiosk, "findButton")
            for key in "xyz":
                tap(kiosk, f"key_{key}")
            status = item(kiosk, "findStatus")
            assert status.isVisible() and status.property("text") == said
            assert kiosk.reader.hitPages == []
            if item_id == "ban-chup":
                with english():
                    kiosk.engine.retranslate()
                    settle(50)
                    assert status.property("text") == (
                        "This document is only pictures: it has no words to find.")
                kiosk.engine.retranslate()
            kiosk.visit.home()
            settle()
    finally:
        kiosk.visit.home()
        for item_id in ("ban-chup", "tim-tu-2"):
            with contextlib.suppress(NotFound):
                kiosk.catalog.remove(item_id)
