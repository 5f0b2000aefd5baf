"""The reader with the real document engine: page turns, zoom, jumps, find, broken files."""

from __future__ import annotations

import pytest

from kiosk.touch import double_tap, swipe

from .conftest import BOOK_ID, BROKEN_ID, item, put_book, settle, tap

pytestmark = pytest.mark.ui


def test_pages_turn_by_tap_zone_swipe_and_buttons(reading, qtbot, sink) -> None:
    kiosk = reading
    assert kiosk.reader.mode == "pages" and kiosk.reader.pageCount == 4
    image = item(kiosk, "pageImage")
    assert image.property("paintedWidth") > 100  # the page really painted
    tap(kiosk, "nextZone")
    assert kiosk.reader.page == 2
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 2, timeout=10000)
    swipe(kiosk.window, item(kiosk, "pageArea"), -500)
    assert kiosk.reader.page == 3
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 3, timeout=10000)
    swipe(kiosk.window, item(kiosk, "pageArea"), 500)
    assert kiosk.reader.page == 2
    tap(kiosk, "nextButton")
    tap(kiosk, "nextButton")
    assert kiosk.reader.page == 4
    assert not item(kiosk, "nextButton").isEnabled()
    tap(kiosk, "nextButton")  # past the end: nothing
    assert kiosk.reader.page == 4
    assert len(sink.names("page_read")) == 4  # each page once


def test_prefetched_next_page_shows_without_waiting(reading, qtbot) -> None:
    kiosk = reading
    engine = kiosk.reader.engine()
    width, height = kiosk.reader._size
    path = kiosk.catalog.object_path(kiosk.catalog.get(BOOK_ID))
    qtbot.waitUntil(lambda: engine.cached(path, 2, width, height) is not None, timeout=10000)
    kiosk.reader.next()
    assert kiosk.reader.imagePage == 2  # painted in the same turn, from the prefetch


def test_double_tap_zooms_and_pans_then_a_turn_resets_zoom(reading, qtbot) -> None:
    kiosk = reading
    double_tap(kiosk.window, item(kiosk, "pageArea"))
    assert kiosk.reader.zoom == pytest.approx(2.0)
    flick = item(kiosk, "pageFlick")
    assert flick.property("interactive") and flick.property("contentWidth") > flick.width()
    qtbot.waitUntil(lambda: kiosk.reader.pageImage.endswith("/2.00"), timeout=10000)
    tap(kiosk, "zoomIn")
    assert kiosk.reader.zoom == pytest.approx(3.0)
    for expected in (2.0, 1.5, 1.0):
        tap(kiosk, "zoomOut")
        assert kiosk.reader.zoom == pytest.approx(expected)
    assert not item(kiosk, "zoomOut").isEnabled()
    kiosk.reader.zoom = 2.5
    kiosk.reader.next()
    assert kiosk.reader.zoom == 1.0


def test_jump_then_back_to_where_i_was(reading) -> None:
    kiosk = reading
    kiosk.reader.next()
    kiosk.reader.jump(4)
    assert kiosk.reader.page == 4 and kiosk.reader.returnPage == 2
    settle()
    tap(kiosk, "returnButton")
    assert kiosk.reader.page == 2 and kiosk.reader.returnPage == 0


def test_find_inside_the_document_jumps_to_the_hit_page(reading, qtbot) -> None:
    kiosk = reading
    tap(kiosk, "findButton")
    assert item(kiosk, "findPanel").isVisible()
    for key in "dinh danh":
        tap(kiosk, "key_space" if key == " " else f"key_{key}")
    pages = kiosk.reader.hitPages
    assert pages and kiosk.reader.page == pages[0]
    texts = kiosk.catalog.pages(BOOK_ID)
    assert all("định danh" in texts[p - 1].lower() for p in pages)
    qtbot.waitUntil(lambda: len(kiosk.reader.highlights) > 0, timeout=10000)
    box = kiosk.reader.highlights[0]
    assert 0 <= box["x"] < 1 and 0 <= box["y"] < 1


def test_each_hit_is_marked_over_its_words_on_the_page(reading, qtbot) -> None:
    from PySide6.QtCore import QPointF

    kiosk = reading
    kiosk.reader.find("dinh danh")
    qtbot.waitUntil(lambda: len(kiosk.reader.highlights) > 0, timeout=10000)
    settle()
    image = item(kiosk, "pageImage")
    painted_w, painted_h = image.property("paintedWidth"), image.property("paintedHeight")
    left, top = (image.width() - painted_w) / 2, (image.height() - painted_h) / 2
    boxes = kiosk.reader.highlights
    marks = [m for m in kiosk.find_all("hitMark_0") + kiosk.find_all("hitMark_1")
             if m.isVisible()]
    assert len(marks) == min(2, len(boxes))  # the strip's marks are not shown on a page
    for n, box in enumerate(boxes[:2]):
        mark = item(kiosk, f"hitMark_{n}")
        corner = mark.mapToItem(image, QPointF(0, 0))
        # A little larger than the word's box, on the page as painted (centred in its item).
        assert corner.x() == pytest.approx(left + box["x"] * painted_w - 2, abs=0.5)
        assert corner.y() == pytest.approx(top + box["y"] * painted_h - 2, abs=0.5)
        assert mark.width() == pytest.approx(box["w"] * painted_w + 4, abs=0.5)
        assert mark.height() == pytest.approx(box["h"] * painted_h + 4, abs=0.5)


def test_find_folds_each_opened_document_once(reading, qtbot, monkeypatch) -> None:
    """Refining a search reads the pages once; closing or opening another forgets them."""
    from library.vietnamese import fold, syllables

    kiosk = reading
    catalog = kiosk.reader._catalog
    real_pages = catalog.pages
    asked: list[str] = []
    monkeypatch.setattr(catalog, "pages", lambda item_id: asked.append(item_id)
                        or real_pages(item_id))

    def expected(item_id: str, query: str) -> list[int]:
        terms = syllables(fold(query))
        return [n for n, text in enumerate(real_pages(item_id), start=1)
                if all(any(w.startswith(t) for w in syllables(fold(text))) for t in terms)]

    for query in ("d", "dinh", "dinh d", "dinh danh"):
        kiosk.reader.find(query)
        assert kiosk.reader.hitPages == expected(BOOK_ID, query)
    assert kiosk.reader.hitPages and asked == [BOOK_ID]

    kiosk.visit.back()  # closed: its pages are forgotten
    kiosk.visit.read(BOOK_ID, 1)
    kiosk.reader.find("dinh danh")
    assert asked == [BOOK_ID, BOOK_ID]

    other = next(i for i in catalog.items() if i.id != BOOK_ID and i.kind == "book"
                 and i.page_count > 1 and not i.broken)
    word = syllables(fold(real_pages(other.id)[-1]))[0]
    kiosk.visit.read(other.id, 1)  # another document: its own pages, not the last one's
    kiosk.reader.find(word)
    assert asked == [BOOK_ID, BOOK_ID, other.id]
    assert kiosk.reader.hitPages == expected(other.id, word) and other.page_count \
        in kiosk.reader.hitPages


def test_reopening_resumes_at_the_page_the_visitor_left(reading) -> None:
    kiosk = reading
    kiosk.reader.goTo(3)
    kiosk.visit.back()
    kiosk.visit.read(BOOK_ID, 0)
    assert kiosk.reader.page == 3


def test_broken_document_shows_a_calm_card(kiosk, qtbot) -> None:
    kiosk.visit.read(BROKEN_ID, 0)
    qtbot.waitUntil(lambda: kiosk.reader.mode == "broken", timeout=20000)
    settle()
    assert item(kiosk, "brokenCard").isVisible()
    assert "chưa mở được" in kiosk.reader.error
    assert kiosk.catalog.get(BROKEN_ID).broken  # flagged for the librarian
    tap(kiosk, "brokenBack")
    assert kiosk.nav.screen != "reader"


def test_a_video_flagged_broken_says_video_words(kiosk, qtbot) -> None:
    """A clip flagged when it would not play: the next visitor reads what the player said
    (video words), not the document card's «Tài liệu này…»."""
    from library.catalog import Item

    sha = kiosk.catalog.objects.add_bytes(b"not a clip at all")
    kiosk.catalog.put(Item(id="video-hong", title="Video hỏng", kind="video", sha256=sha,
                           size=17, media_type="video/mp4", filename="hong.mp4", broken=True))
    try:
        kiosk.visit.read("video-hong", 0)
        qtbot.waitUntil(lambda: kiosk.reader.mode == "broken", timeout=20000)
        settle()
        assert item(kiosk, "brokenCard").isVisible()
        shown = item(kiosk, "brokenText").property("text")
        assert shown == "Video này tạm thời chưa phát được. Mời bạn chọn mục khác."
        tap(kiosk, "brokenBack")
        assert kiosk.nav.screen != "reader"
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("video-hong")


def test_a_worker_that_cannot_start_flags_no_document(kiosk, qtbot, monkeypatch) -> None:
    """The station short of memory at that moment: the visitor reads the calm card, but
    the book is not flagged broken, so the next visitor (or a restart) reads it."""
    from concurrent.futures import Future

    from library.documents.api import WorkerUnavailable

    engine = kiosk.reader.engine()

    def info(path):
        failed: Future = Future()
        failed.set_exception(WorkerUnavailable("the document worker could not start"))
        return failed

    monkeypatch.setattr(engine, "info", info)
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.mode == "broken", timeout=20000)
    assert "chưa mở được" in kiosk.reader.error
    assert not kiosk.catalog.get(BOOK_ID).broken
    monkeypatch.undo()
    kiosk.visit.home()
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)


def test_a_page_that_cannot_be_drawn_shows_a_line_and_the_others_still_turn(
        kiosk, qtbot, monkeypatch) -> None:
    from concurrent.futures import Future

    from library.errors import DocumentError

    engine = kiosk.reader.engine()
    real_render, real_cached = engine.render, engine.cached

    def render(path, page, *args, **kwargs):
        if page == 3:  # this page takes longer than documents.timeout_s, every time
            failed: Future = Future()
            failed.set_exception(DocumentError("the document took longer than 10 s"))
            return failed
        return real_render(path, page, *args, **kwargs)

    monkeypatch.setattr(engine, "render", render)
    monkeypatch.setattr(engine, "cached", lambda path, page, *a, **k: None if page == 3
                        else real_cached(path, page, *a, **k))
    kiosk.visit.read(BOOK_ID, 2)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 2, timeout=20000)
    settle()
    tap(kiosk, "nextZone")
    qtbot.waitUntil(lambda: kiosk.reader.pageError != "", timeout=10000)
    settle()
    assert kiosk.reader.mode == "pages" and kiosk.reader.page == 3
    assert item(kiosk, "pageMessage").property("text").startswith("Trang này tạm thời")
    assert item(kiosk, "pageMessage").isVisible() and not item(kiosk, "brokenCard").isVisible()
    assert not kiosk.catalog.get(BOOK_ID).broken  # the book stays open to the next visitor
    tap(kiosk, "nextZone")  # the visitor turns on
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 4, timeout=10000)
    assert kiosk.reader.pageError == ""

def test_bulletin_reads_as_large_text(kiosk) -> None:
    kiosk.visit.read("demo-ban-tin-canh-bao-mua-lu", 0)
    settle()
    assert kiosk.reader.mode == "text"
    text = item(kiosk, "bulletinText")
    assert text.isVisible() and "lũ quét" in text.property("text")
    assert not text.property("text").startswith(kiosk.reader.title)


def test_contents_jump_to_their_page(kiosk, qtbot, book_with_contents) -> None:
    kiosk.visit.read(book_with_contents, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    assert [e["title"] for e in kiosk.reader.toc] == ["Mở đầu", "Chương một", "Nước sạch",
                                                     "Chương hai"]
    settle()
    tap(kiosk, "tocButton")
    assert item(kiosk, "tocPanel").isVisible()
    settle()
    tap(kiosk, "toc_3")
    assert kiosk.reader.page == 3 and kiosk.reader.returnPage == 1
    assert not item(kiosk, "tocPanel").isVisible()
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 3, timeout=10000)


def test_slider_thumbnail_of_another_page(reading, qtbot) -> None:
    kiosk = reading
    with qtbot.waitSignal(kiosk.reader.thumbReady, timeout=10000) as signal:
        kiosk.reader.requestThumb(3)
    page, url = signal.args
    assert page == 3 and url.startswith("image://page/thumb/")
    assert kiosk.pages.has(url.removeprefix("image://page/"))


def test_infographic_opens_zoomable(kiosk, qtbot) -> None:
    kiosk.visit.read("demo-info-phong-chong-bao-lu", 0)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    assert kiosk.reader.mode == "pages" and kiosk.reader.pageCount == 1
    kiosk.reader.toggleZoom()
    assert kiosk.reader.zoom == 2.0


def test_slider_jumps_and_remembers_where_the_visitor_was(reading, qtbot) -> None:
    from PySide6.QtCore import QPointF

    from kiosk.touch import tap_at

    kiosk = reading
    slider = item(kiosk, "pageSlider")
    near_end = slider.mapToScene(QPointF(slider.width() - 8, slider.height() / 2)).toPoint()
    tap_at(kiosk.window, near_end)
    assert kiosk.reader.page == 4 and kiosk.reader.returnPage == 1
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 4, timeout=10000)
    assert item(kiosk, "returnButton").isVisible()


def test_pinch_with_two_fingers_zooms(reading, qtbot) -> None:
    from kiosk.touch import pinch

    kiosk = reading
    pinch(kiosk.window, item(kiosk, "pageArea"), 120, 360)
    assert kiosk.reader.zoom > 1.5  # fingers 120 px apart → 360 px: about 3×
    assert kiosk.reader.page == 1  # a pinch is not a swipe


def test_a_wide_banner_zoomed_by_the_buttons_stays_on_screen_in_portrait(kiosk, qtbot,
                                                                        tmp_path) -> None:
    """An 8000×1080 banner in portrait is a thin band fitted whole; the zoom buttons
    enlarge it about the middle of the view, so it stays on screen and pans sideways."""
    import pymupdf
    from PySide6.QtCore import QPointF

    from library.catalog import Item

    doc = pymupdf.open()
    page = doc.new_page(width=8000, height=1080)
    page.insert_text((200, 700), "CHAO MUNG NGAY HOI DOC SACH", fontsize=330)
    doc.save(tmp_path / "banner.pdf")
    sha, size = kiosk.catalog.objects.add_file(tmp_path / "banner.pdf")
    kiosk.catalog.put(Item(id="wide-banner", title="Băng rôn", kind="infographic", sha256=sha,
                           size=size, page_count=1, media_type="application/pdf",
                           filename="banner.pdf"), ["CHAO MUNG NGAY HOI DOC SACH"])
    kiosk.window.resize(1080, 1920)
    try:
        qtbot.waitUntil(lambda: kiosk.window.height() == 1920, timeout=5000)
        kiosk.visit.read("wide-banner", 1)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
        settle()
        assert not kiosk.reader.tall  # a banner is no tall poster: fitted whole
        flick, image = item(kiosk, "pageFlick"), item(kiosk, "pageImage")
        for expected in (1.5, 2.0, 3.0, 4.0):
            tap(kiosk, "zoomIn")
            assert kiosk.reader.zoom == pytest.approx(expected)
            qtbot.waitUntil(lambda: image.height() == int(flick.height() * kiosk.reader.zoom),
                            timeout=5000)
            settle()
            # The banner as painted (centred in the image), in the flickable's content.
            painted_h = image.property("paintedHeight")
            top = image.mapToItem(flick.property("contentItem"),
                                  QPointF(0, (image.height() - painted_h) / 2)).y()
            shown = flick.property("contentY")
            assert shown <= top and top + painted_h <= shown + flick.height(), expected
        assert flick.property("contentWidth") > 3 * flick.width()  # room to pan along it
        assert flick.property("interactive")
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("wide-banner")


def test_an_epub_chapter_missing_from_the_file_shows_the_calm_line(kiosk, qtbot,
                                                                    tmp_path) -> None:
    """MuPDF draws `ERROR: cannot find chapter "…"` in English for it; the visitor sees
    the reader's own line for a page that cannot be shown, and turns on."""
    from library.catalog import Item
    from tests.unit.documents import hostile

    book = hostile.epub_chapters(tmp_path / "sach.epub", [
        ("mot.xhtml", "<p>Chương một: chuyển đổi số.</p>"), ("hai.xhtml", None),
        ("ba.xhtml", "<p>Chương ba: nông thôn mới.</p>")])
    sha, size = kiosk.catalog.objects.add_file(book)
    kiosk.catalog.put(Item(id="epub-thieu-chuong", title="Sách thiếu chương", kind="book",
                           sha256=sha, size=size, page_count=3,
                           media_type="application/epub+zip", filename="sach.epub"),
                      ["Chương một: chuyển đổi số.", "", "Chương ba: nông thôn mới."])
    try:
        kiosk.visit.read("epub-thieu-chuong", 1)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
        settle()
        tap(kiosk, "nextZone")
        qtbot.waitUntil(lambda: kiosk.reader.pageError != "", timeout=10000)
        settle()
        assert kiosk.reader.page == 2 and kiosk.reader.imagePage != 2
        assert item(kiosk, "pageMessage").property("text").startswith("Trang này tạm thời")
        assert not kiosk.catalog.get("epub-thieu-chuong").broken
        with qtbot.waitSignal(kiosk.reader.thumbReady, timeout=5000) as thumb:
            kiosk.reader.requestThumb(2)  # the slider's bubble over that page: no picture
        assert thumb.args == [2, ""]
        tap(kiosk, "nextZone")
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 3, timeout=10000)
        assert kiosk.reader.pageError == ""
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("epub-thieu-chuong")


def test_a_document_removed_by_a_sync_while_open_shows_the_calm_card(kiosk, qtbot,
                                                                      make_pdf) -> None:
    """Its file is gone, so no page can be drawn any more: not "turn to another page"
    on every page, but the card that offers another document."""
    sha = put_book(kiosk, make_pdf, "sap-xoa", "Sắp bị xoá",
                   [f"Trang {n}: bảo vệ nguồn nước" for n in range(1, 7)])
    try:
        kiosk.visit.read("sap-xoa", 1)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
        settle()
        kiosk.catalog.remove("sap-xoa")  # what a sync does, then its clean-up of the file
        kiosk.catalog.objects.path(sha).unlink()
        kiosk.reader.jump(6)
        qtbot.waitUntil(lambda: kiosk.reader.mode == "broken", timeout=10000)
        settle()
        assert item(kiosk, "brokenCard").isVisible()
        assert item(kiosk, "brokenText").property("text").startswith("Tài liệu này tạm thời")
    finally:
        kiosk.visit.home()


@pytest.mark.parametrize(("size", "large"), [((1920, 1080), False), ((1366, 768), False),
                                            ((1366, 768), True)])
def test_many_hits_keep_the_search_field_below_the_top_bar(kiosk, qtbot, make_pdf,
                                                            size, large) -> None:
    """Two rows of hit pages made the panel taller than a landscape screen has room for:
    its field and close button slid up under the top bar."""
    put_book(kiosk, make_pdf, "nhieu-trang", "Nước sạch",
             [f"Trang {n}: nước sạch cho thôn bản" for n in range(1, 41)])
    kiosk.window.resize(*size)
    kiosk.display.largeText = large
    try:
        qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == size,
                        timeout=5000)
        kiosk.visit.read("nhieu-trang", 1)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
        settle()
        tap(kiosk, "findButton")
        for key in "nuoc":
            tap(kiosk, f"key_{key}")
        assert len(kiosk.reader.hitPages) == 40
        settle()
        panel, pages = item(kiosk, "findPanel"), item(kiosk, "findPages")
        assert pages.isVisible() and pages.height() > 0
        assert panel.y() >= 0  # wholly on the reader screen, not under the top bar
        assert panel.y() + panel.height() <= item(kiosk, "readerControls").y()
    finally:
        kiosk.display.largeText = False
        kiosk.visit.home()
        kiosk.catalog.remove("nhieu-trang")


def test_another_document_opens_with_an_empty_search_field(reading, qtbot) -> None:
    """The words sought in one document stayed in the field of the next, over "Không
    thấy trong tài liệu này." — a search never run in it."""
    kiosk = reading
    tap(kiosk, "findButton")
    for key in "dinh":
        tap(kiosk, f"key_{key}")
    assert kiosk.reader.hitPages
    tap(kiosk, "findButton")  # the panel closed with its toggle, not with ✕
    kiosk.visit.home()
    settle()
    kiosk.visit.read("demo-so-tay-dang-vien", 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    settle()
    tap(kiosk, "findButton")
    assert kiosk.find_input.text == ""
    assert not item(kiosk, "findStatus").isVisible()


def test_a_very_deep_contents_entry_keeps_room_for_its_title(kiosk, qtbot, make_pdf) -> None:
    """Each level indented its title further without end: thirty levels deep, in portrait,
    the title was squeezed to a few letters a line at the panel's right edge. And the
    panel covered half of the document's title above the page."""
    put_book(kiosk, make_pdf, "muc-luc-sau", "Mục lục rất sâu", ["Mở đầu", "Nội dung"],
             toc=[[level, f"Mục cấp {level}: nước sạch", 1] for level in range(1, 31)])
    kiosk.window.resize(768, 1366)
    try:
        qtbot.waitUntil(lambda: kiosk.window.height() == 1366, timeout=5000)
        kiosk.visit.read("muc-luc-sau", 1)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
        assert len(kiosk.reader.toc) == 30
        settle()
        tap(kiosk, "tocButton")
        settle()
        panel = item(kiosk, "tocPanel")
        heading = item(kiosk, "readerTitleWide")  # the portrait title stays whole above it
        assert panel.y() >= heading.y() + heading.height()
        titles = [t for t in kiosk.find_all("tocTitle") if t.isVisible()]
        assert len(titles) > 8  # deep entries are on screen, not only the first levels
        for title in titles:
            assert title.width() >= panel.width() / 2, title.property("text")
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("muc-luc-sau")


def test_a_thumbnail_that_cannot_be_drawn_clears_the_bubble(reading, qtbot,
                                                            monkeypatch) -> None:
    """Else the slider's bubble kept the picture of the page it showed before, labelled
    with this page's number."""
    from concurrent.futures import Future

    from library.errors import DocumentError

    engine = reading.reader.engine()
    failed: Future = Future()
    failed.set_exception(DocumentError("the document took longer than 10 s"))
    monkeypatch.setattr(engine, "render", lambda *args, **kwargs: failed)
    with qtbot.waitSignal(reading.reader.thumbReady, timeout=5000) as thumb:
        reading.reader.requestThumb(3)
    assert thumb.args == [3, ""]

    def refuse(*args: object, **kwargs: object) -> Future:
        raise DocumentError("the document engine is closed")

    monkeypatch.setattr(engine, "render", refuse)  # refused at once: the same answer
    with qtbot.waitSignal(reading.reader.thumbReady, timeout=5000) as thumb:
        reading.reader.requestThumb(4)
    assert thumb.args == [4, ""]


@pytest.mark.parametrize("size", [(768, 1366), (1366, 768)])
def test_no_edge_arrow_peeks_out_from_under_an_open_panel(kiosk, qtbot, size) -> None:
    """In portrait, large text, the search panel covered the lower half of the "next page"
    arrow; the upper half stuck out above it. The arrows stand aside while a panel is open."""
    from PySide6.QtCore import QRectF

    kiosk.window.resize(*size)
    kiosk.display.largeText = True
    try:
        qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == size,
                        timeout=5000)
        kiosk.visit.read(BOOK_ID, 2)
        qtbot.waitUntil(lambda: kiosk.reader.imagePage == 2, timeout=20000)
        settle()
        assert item(kiosk, "nextZone").isVisible() and item(kiosk, "prevZone").isVisible()
        for toggle, panel_name in (("findButton", "findPanel"), ("tocButton", "tocPanel")):
            if not kiosk.find(toggle) or not kiosk.find(toggle).isVisible():
                continue
            tap(kiosk, toggle)
            if toggle == "findButton":  # found: the panel grows by its line of pages
                for key in "so":
                    tap(kiosk, f"key_{key}")
                assert kiosk.reader.hitPages
            settle()
            panel = item(kiosk, panel_name)
            area = panel.mapRectToScene(QRectF(0, 0, panel.width(), panel.height()))
            for zone in ("prevZone", "nextZone"):
                arrow = kiosk.find(zone)
                if arrow is not None and arrow.isVisible():
                    shown = arrow.mapRectToScene(QRectF(0, 0, arrow.width(), arrow.height()))
                    assert not shown.intersects(area), (zone, panel_name, size)
            tap(kiosk, toggle)
            settle()
        assert item(kiosk, "nextZone").isVisible()  # back when the panel closes
    finally:
        kiosk.display.largeText = False
        kiosk.visit.home()


def test_page_slider_track_shows_in_high_contrast(reading, qtbot) -> None:
    """On the high-contrast black bar the track still to read was black on black: only the
    yellow part behind the knob showed where the slider runs."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor

    from .test_look import ratio

    kiosk = reading
    kiosk.display.highContrast = True
    try:
        settle(300)
        slider = item(kiosk, "pageSlider")
        track, knob = slider.property("background"), slider.property("handle")
        bar = item(kiosk, "readerControls").property("color")
        image = kiosk.window.grabWindow()
        top = track.mapToScene(QPointF(0, 0)).y()
        start = int(knob.mapToScene(QPointF(knob.width(), 0)).x()) + 4
        end = int(track.mapToScene(QPointF(track.width(), 0)).x()) - 4
        assert end > start + 20
        best = max(ratio(QColor(image.pixel(x, int(top + dy))), bar)
                   for x in range(start, end, 7) for dy in range(int(track.height()) + 1))
        assert best >= 3
    finally:
        kiosk.display.highContrast = False


def test_a_flag_a_busy_catalog_refused_is_tried_again_by_the_next_visitor(
        kiosk, qtbot, monkeypatch) -> None:
    """Not the disk but a passing refusal (an import holding the catalog): the item is not
    kept shut in memory; the next visitor's open tries the file and flags it."""
    import os
    from dataclasses import replace

    from library.documents import api
    from library.errors import CatalogError

    sha = kiosk.catalog.objects.add_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    kiosk.catalog.put(replace(kiosk.catalog.get(BOOK_ID), id="sach-hong-ban", title="Sách hỏng",
                              sha256=sha, size=3009, featured=False, cover_sha256=None,
                              filename="hong.pdf"), ["trang hỏng"])
    mark_broken = api.mark_broken

    def busy(_catalog, _item_id: str) -> None:
        raise CatalogError("the catalog is busy: another program kept it locked too long")

    try:
        monkeypatch.setattr(api, "mark_broken", busy)
        kiosk.visit.read("sach-hong-ban", 0)
        qtbot.waitUntil(lambda: kiosk.reader.mode == "broken", timeout=20000)
        assert not kiosk.catalog.get("sach-hong-ban").broken
        kiosk.visit.home()
        monkeypatch.setattr(api, "mark_broken", mark_broken)  # the import is over
        kiosk.visit.read("sach-hong-ban", 0)
        qtbot.waitUntil(lambda: kiosk.catalog.get("sach-hong-ban").broken, timeout=20000)
        assert kiosk.reader.mode == "broken"
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("sach-hong-ban")
