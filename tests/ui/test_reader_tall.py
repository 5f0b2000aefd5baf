"""A tall poster in the reader: fitted to the width, flicked down, drawn band by band."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Item
from tests.unit.documents import hostile

from .conftest import BOOK_ID, item, settle, tap
from .meta import class_name, has_signal, qml_types

pytestmark = pytest.mark.ui

POSTER_ID = "tall-poster"
TITLE = "Áp phích: Phòng chống lũ quét và sạt lở đất cho bà con vùng cao"


@pytest.fixture
def poster(kiosk, tmp_path: Path) -> Iterator[str]:
    """A 1080×8000 poster of eight coloured stripes, in the kiosk's catalog."""
    png = hostile.stripes_png(tmp_path / "poster.png", 1080, 8000)
    sha, size = kiosk.catalog.objects.add_file(png)
    kiosk.catalog.put(Item(id=POSTER_ID, title=TITLE, kind="infographic", sha256=sha,
                           size=size, page_count=1, media_type="image/png",
                           filename="poster.png"))
    yield POSTER_ID
    kiosk.visit.home()
    kiosk.catalog.remove(POSTER_ID)


def open_poster(kiosk, qtbot, poster: str) -> None:
    kiosk.visit.read(poster, 1)
    qtbot.waitUntil(lambda: kiosk.reader.tall and kiosk.reader.imagePage == 1, timeout=20000)
    settle()


def put_tall_pdf(kiosk, folder: Path, item_id: str, title: str, height: int,
                 lines: dict[int, str]) -> None:
    """A one-page scroll poster (300 pt wide) with `lines` of text at their heights, in the
    kiosk's catalog with its text indexed, so a search inside can find them."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=height)
    for y, line in lines.items():
        page.insert_text((20, y), line, fontsize=14)
    doc.save(folder / f"{item_id}.pdf")
    sha, size = kiosk.catalog.objects.add_file(folder / f"{item_id}.pdf")
    kiosk.catalog.put(Item(id=item_id, title=title, kind="infographic", sha256=sha, size=size,
                           page_count=1, media_type="application/pdf",
                           filename=f"{item_id}.pdf"), ["\n".join(lines.values())])


def band_colour(kiosk, band: int, row: int, column: int = 300) -> tuple[int, int, int]:
    """The colour the shown image of `band` has at (column, row)."""
    url = kiosk.reader.bands.source(band)
    assert url, f"band {band} is not drawn"
    image = kiosk.pages.requestImage(url.removeprefix("image://page/"), *_sizes())
    pixel = image.pixelColor(column, row)
    return pixel.red(), pixel.green(), pixel.blue()


def _sizes():
    from PySide6.QtCore import QSize

    return QSize(), QSize()


def expected_colour(kiosk, band: int, row: int) -> tuple[int, int, int]:
    top = kiosk.reader.bands.data(kiosk.reader.bands.index(band, 0), 0x0101)
    return hostile.STRIPES[(top + row) * len(hostile.STRIPES) // kiosk.reader.stripHeight]


def test_a_tall_poster_opens_fitted_to_the_width_with_its_first_band(kiosk, qtbot,
                                                                      poster) -> None:
    open_poster(kiosk, qtbot, poster)
    area = item(kiosk, "pageArea")
    flick = item(kiosk, "stripFlick")
    assert flick.isVisible() and not item(kiosk, "pageFlick").isVisible()
    assert kiosk.reader.stripWidth == int(area.width())  # the reader's width, not the screen's
    assert kiosk.reader.stripHeight == round(8000 * area.width() / 1080)
    assert flick.property("contentHeight") == kiosk.reader.stripHeight
    assert kiosk.reader.bands.rowCount() > 5
    assert kiosk.reader.bands.source(0)  # the band in view is drawn and shown
    shown = kiosk.find("bandImage_0")
    assert shown.property("paintedWidth") == area.width()  # painted, the full width
    assert band_colour(kiosk, 0, 20) == hostile.STRIPES[0]
    assert not kiosk.reader.bands.source(kiosk.reader.bands.rowCount() - 1)  # far: not yet
    assert not item(kiosk, "pageMessage").isVisible()
    assert not kiosk.find("nextZone").isVisible()  # edge arrows make no sense on a scroll


def test_flicking_down_brings_the_later_bands_with_their_stripes(kiosk, qtbot,
                                                                 poster) -> None:
    from kiosk.touch import swipe

    open_poster(kiosk, qtbot, poster)
    flick = item(kiosk, "stripFlick")
    swipe(kiosk.window, flick, 0, -600)  # a finger drags the poster up
    qtbot.waitUntil(lambda: not flick.property("moving"), timeout=10000)
    assert flick.property("contentY") > 300
    last = kiosk.reader.bands.rowCount() - 1
    engine = kiosk.reader.engine()
    requests = engine.worker.requests
    flick.setProperty("contentY", flick.property("contentHeight") - flick.height())  # the end
    qtbot.waitUntil(lambda: bool(kiosk.reader.bands.source(last)), timeout=20000)
    assert engine.worker.requests > requests  # drawn by the worker, band by band
    for band in (last - 1, last):
        if kiosk.reader.bands.source(band):
            for row in (10, 300):
                assert band_colour(kiosk, band, row) == expected_colour(kiosk, band, row)
    assert band_colour(kiosk, last, 5) == hostile.STRIPES[-1]
    # Far from the view now: the first bands are let go, so memory stays bounded.
    assert not kiosk.reader.bands.source(0)
    drawn = kiosk.reader.bands.drawn()
    assert len(drawn) <= 5 and kiosk.pages.pinned_count() == len(drawn)


def test_the_band_in_view_is_asked_for_first_then_its_neighbours(kiosk, qtbot, poster,
                                                                 monkeypatch) -> None:
    open_poster(kiosk, qtbot, poster)
    engine = kiosk.reader.engine()
    real = engine.render_band
    asked: list[int] = []

    def render_band(path, page, width, band, zoom=1.0):
        asked.append(band)
        return real(path, page, width, band, zoom)

    monkeypatch.setattr(engine, "render_band", render_band)
    bands = kiosk.reader.bands
    top = bands.data(bands.index(5, 0), 0x0101)
    height = item(kiosk, "stripFlick").height()
    kiosk.reader.setStripView(top + 10, top + 10 + height)  # band 5 fills the view
    assert asked[0] == 5 and set(asked) == {4, 5, 6}
    qtbot.waitUntil(lambda: all(bands.source(b) for b in (4, 5, 6)), timeout=20000)
    assert not bands.source(0)  # far above now: let go


def test_bands_a_fast_flick_left_behind_are_no_error(kiosk, qtbot, poster,
                                                    monkeypatch) -> None:
    """Requests the view let go of (it moved on before they were drawn) are no failure:
    no calm line, no band marked as not drawable."""
    from concurrent.futures import Future

    open_poster(kiosk, qtbot, poster)
    waiting: list[Future] = []

    def render_band(*args, **kw) -> Future:
        waiting.append(Future())
        return waiting[-1]

    monkeypatch.setattr(kiosk.reader.engine(), "render_band", render_band)
    bands = kiosk.reader.bands
    height = item(kiosk, "stripFlick").height()
    for band in (bands.rowCount() - 1, 3):  # far down, then quickly back up a little
        top = bands.data(bands.index(band, 0), 0x0101)
        kiosk.reader.setStripView(top, top + height)
    settle()
    assert waiting and any(job.cancelled() for job in waiting)
    assert not bands.failed() and kiosk.reader.pageError == ""
    assert not item(kiosk, "pageMessage").isVisible()


def test_leaving_a_poster_gives_its_bands_shared_slots_back_at_once(kiosk, qtbot,
                                                                    poster) -> None:
    """The band pages' shared slots come back when the poster is left, not whenever
    the cyclic garbage collector next runs (minutes, in a kiosk that runs for days):
    meanwhile other pages came through the slower pipe."""
    import gc

    open_poster(kiosk, qtbot, poster)
    engine = kiosk.reader.engine()
    qtbot.waitUntil(lambda: kiosk.tasks.pending == 0, timeout=20000)
    arena = engine.worker._page_arena()
    assert arena is not None and arena.free_slots() < arena.slots  # bands drawn into it
    was_enabled = gc.isenabled()
    gc.disable()  # only plain reference counting may free the bands
    try:
        kiosk.visit.home()
        settle()
        engine.memory_cache.clear()  # the engine's own copies: let go of on purpose
        assert arena.free_slots() == arena.slots
    finally:
        if was_enabled:
            gc.enable()


def test_zoom_still_works_and_keeps_the_strip(kiosk, qtbot, poster) -> None:
    open_poster(kiosk, qtbot, poster)
    width = kiosk.reader.stripWidth
    kiosk.reader.toggleZoom()
    assert kiosk.reader.zoom == pytest.approx(2.0)
    qtbot.waitUntil(lambda: kiosk.reader.stripZoom == pytest.approx(2.0), timeout=10000)
    assert kiosk.reader.stripWidth == 2 * width
    qtbot.waitUntil(lambda: bool(kiosk.reader.bands.drawn()), timeout=20000)
    assert item(kiosk, "stripFlick").property("contentWidth") == 2 * width


def test_books_turn_pages_as_before_after_a_poster(kiosk, qtbot, poster) -> None:
    open_poster(kiosk, qtbot, poster)
    kiosk.visit.back()
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1 and kiosk.reader.mode == "pages",
                    timeout=20000)
    settle()
    assert not kiosk.reader.tall and kiosk.pages.pinned_count() == 0
    assert item(kiosk, "pageFlick").isVisible() and not kiosk.find("stripFlick").isVisible()
    assert item(kiosk, "pageImage").property("paintedWidth") > 100


def test_a_hostile_poster_is_capped_and_shows_a_calm_line(kiosk, qtbot, tmp_path: Path) -> None:
    """A 1000×400000 "poster" (1.2 GB of pixels): laid out within the caps, its bands
    refused by the worker's memory limit, a calm line shown — and the station reads on."""
    from library.documents.strip import MAX_STRIP_ROWS

    bomb = hostile.huge_png(tmp_path / "bomb.png", 1000, 400_000)
    sha, size = kiosk.catalog.objects.add_file(bomb)
    kiosk.catalog.put(Item(id="bomb-poster", title="Áp phích hỏng", kind="infographic",
                           sha256=sha, size=size, page_count=1, media_type="image/png",
                           filename="bomb.png"))
    try:
        kiosk.visit.read("bomb-poster", 1)
        qtbot.waitUntil(lambda: kiosk.reader.pageError != "", timeout=30000)
        settle()
        assert kiosk.reader.tall and kiosk.reader.stripHeight <= MAX_STRIP_ROWS
        assert kiosk.reader.stripWidth < item(kiosk, "pageArea").width()  # drawn narrower
        assert item(kiosk, "pageMessage").isVisible()
        assert not kiosk.reader.bands.drawn()
        # A one-page poster has no other page to turn to: the line says what to do instead,
        # and no arrow invites the visitor down an empty poster.
        assert "trang khác" not in kiosk.reader.pageError
        assert kiosk.reader.pageError.startswith("Tài liệu này")
        assert not kiosk.find("stripMore").isVisible()
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("bomb-poster")
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1 and not kiosk.reader.tall,
                    timeout=20000)


def test_the_more_button_scrolls_down_and_a_scroll_bar_shows(kiosk, qtbot, poster) -> None:
    from .conftest import tap

    open_poster(kiosk, qtbot, poster)
    flick = item(kiosk, "stripFlick")
    assert item(kiosk, "stripScroll").isVisible()
    tap(kiosk, "stripMore")  # for a visitor who does not flick: the poster moves up
    qtbot.waitUntil(lambda: flick.property("contentY") > flick.height() * 0.5, timeout=5000)
    qtbot.waitUntil(lambda: not kiosk.find("stripMore").isVisible(), timeout=5000)


@pytest.mark.parametrize("large", [False, True])
def test_the_title_says_what_the_document_is_in_portrait(kiosk, qtbot, poster,
                                                         large: bool) -> None:
    kiosk.window.resize(1080, 1920)
    kiosk.display.largeText = large
    try:
        qtbot.waitUntil(lambda: kiosk.window.height() == 1920, timeout=5000)
        open_poster(kiosk, qtbot, poster)
        wide = item(kiosk, "readerTitleWide")
        assert wide.isVisible() and not kiosk.find("readerTitle").isVisible()
        assert not wide.property("shortened")  # the whole title, on up to two lines
        assert wide.property("lineCount") <= 2
        bar_bottom = item(kiosk, "readerTitle").parentItem().height()
        area = item(kiosk, "pageArea")
        assert wide.mapToScene(wide.boundingRect().topLeft()).y() >= bar_bottom
        assert area.mapToScene(area.boundingRect().topLeft()).y() >= \
            wide.mapToScene(wide.boundingRect().bottomLeft()).y()  # nothing under the title
    finally:
        kiosk.display.largeText = False


def test_a_long_title_in_landscape_takes_two_lines_in_the_bar(kiosk, qtbot, poster) -> None:
    open_poster(kiosk, qtbot, poster)
    title = item(kiosk, "readerTitle")
    assert not kiosk.find("readerTitleWide").isVisible()
    assert title.property("maxLines") == 2 and not title.property("shortened")
    bar = title.parentItem()
    assert title.y() >= 0 and title.y() + title.height() <= bar.height()


def test_turning_the_screen_keeps_the_place_on_the_poster(kiosk, qtbot, poster) -> None:
    open_poster(kiosk, qtbot, poster)
    flick = item(kiosk, "stripFlick")
    flick.setProperty("contentY", round(flick.property("contentHeight") * 0.4))
    settle()
    landscape = kiosk.reader.stripHeight
    kiosk.window.resize(1080, 1920)  # the screen is turned while the poster is read
    qtbot.waitUntil(lambda: 0 < kiosk.reader.stripHeight < landscape, timeout=10000)
    settle()
    assert flick.property("contentY") / flick.property("contentHeight") == \
        pytest.approx(0.4, abs=0.01)  # the same part of the poster, not the same pixel row
    qtbot.waitUntil(lambda: bool(kiosk.reader.bands.drawn()), timeout=20000)
    top = flick.property("contentY")
    in_view = [band for band in kiosk.reader.bands.drawn()
               if kiosk.reader.bands.data(kiosk.reader.bands.index(band, 0), 0x0101) <= top]
    assert in_view  # the band at the top of the view is drawn at the new width


def test_the_strip_sits_on_whole_pixels(kiosk, qtbot, poster) -> None:
    open_poster(kiosk, qtbot, poster)
    flick = item(kiosk, "stripFlick")
    flick.setProperty("contentY", 1000.6)  # between two pixel rows, as a flick may stop
    settle()
    # Two bands meeting between pixel rows may leave a thin white line across the poster.
    assert flick.property("contentY") == round(flick.property("contentY"))


def test_a_search_inside_brings_its_hit_far_down_a_tall_page_into_view(kiosk, qtbot,
                                                                        tmp_path: Path) -> None:
    put_tall_pdf(kiosk, tmp_path, "tall-text", "Áp phích có chữ", 3000,
                 {40: "Mo dau", 2900: "Dia chi cuoicung"})
    try:
        open_poster(kiosk, qtbot, "tall-text")
        flick = item(kiosk, "stripFlick")
        assert flick.property("contentY") == 0
        kiosk.reader.find("cuoicung")
        qtbot.waitUntil(lambda: len(kiosk.reader.highlights) == 1, timeout=20000)
        settle()
        box = kiosk.reader.highlights[0]
        top = flick.property("contentY")
        rows = flick.property("contentHeight")
        assert top <= box["y"] * rows and (box["y"] + box["h"]) * rows <= top + flick.height()
        flick.setProperty("contentY", 0)  # the visitor scrolls away: the poster stays there
        kiosk.reader.find("cuoicung")
        qtbot.waitUntil(lambda: len(kiosk.reader.highlights) == 1, timeout=20000)
        settle()
        assert flick.property("contentY") == 0
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("tall-text")


def test_the_hit_is_marked_over_its_word_on_the_poster_at_every_zoom(kiosk, qtbot,
                                                                   tmp_path: Path) -> None:
    from PySide6.QtCore import QPointF

    put_tall_pdf(kiosk, tmp_path, "tall-mark", "Áp phích có dấu", 2400,
                 {1200: "Giua trang dauvet"})
    try:
        open_poster(kiosk, qtbot, "tall-mark")
        kiosk.reader.find("dauvet")
        qtbot.waitUntil(lambda: len(kiosk.reader.highlights) == 1, timeout=20000)
        box = kiosk.reader.highlights[0]
        flick = item(kiosk, "stripFlick")
        for zoom in (1.0, 2.0):
            kiosk.reader.zoom = zoom
            qtbot.waitUntil(lambda z=zoom: kiosk.reader.stripZoom == pytest.approx(z),
                            timeout=10000)

            def placed() -> None:
                mark = item(kiosk, "hitMark_0")
                assert mark.isVisible() and not item(kiosk, "pageFlick").isVisible()
                # A little larger than the word's box (drawn anew at each zoom: the same
                # margin).
                rows = flick.property("contentHeight")
                corner = mark.mapToItem(flick.property("contentItem"), QPointF(0, 0))
                assert corner.y() == pytest.approx(box["y"] * rows - 2, abs=1)
                far = mark.mapToItem(flick.property("contentItem"),
                                     QPointF(mark.width(), mark.height()))
                assert far.y() == pytest.approx((box["y"] + box["h"]) * rows + 2, abs=1)
                assert far.x() - corner.x() == pytest.approx(
                    box["w"] * flick.property("contentWidth") + 4, abs=1)

            # the strip lays out its new size over a few frames: wait for it, however slow
            qtbot.waitUntil(placed, timeout=10000)
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("tall-mark")


def test_pinch_with_two_fingers_zooms_the_poster(kiosk, qtbot, poster) -> None:
    from kiosk.touch import pinch

    open_poster(kiosk, qtbot, poster)
    pinch(kiosk.window, item(kiosk, "stripFlick"), 120, 360)
    assert kiosk.reader.zoom > 1.5  # fingers 120 px apart → 360 px: about 3×
    qtbot.waitUntil(lambda: kiosk.reader.stripZoom == pytest.approx(kiosk.reader.zoom),
                    timeout=10000)


def test_zooming_keeps_the_poster_on_screen_until_the_new_bands_are_drawn(
        kiosk, qtbot, poster, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future

    open_poster(kiosk, qtbot, poster)
    qtbot.waitUntil(lambda: len(kiosk.reader.bands.drawn()) >= 2, timeout=20000)
    shown = [kiosk.reader.bands.source(band) for band in kiosk.reader.bands.drawn()]
    engine = kiosk.reader.engine()
    real_band = engine.render_band
    waiting: list[tuple[Future, tuple]] = []

    def slow_band(*args, **kwargs) -> Future:  # the new zoom's bands take their time
        future: Future = Future()
        waiting.append((future, args))
        return future

    monkeypatch.setattr(engine, "render_band", slow_band)
    kiosk.reader.toggleZoom()
    qtbot.waitUntil(lambda: kiosk.reader.stripZoom == pytest.approx(2.0), timeout=10000)
    settle()
    assert not kiosk.reader.bands.drawn()
    old = kiosk.reader.oldBands
    assert [old.data(old.index(row, 0), 0x0103) for row in range(old.rowCount())] == shown
    assert all(kiosk.pages.has(url.removeprefix("image://page/")) for url in shown)
    assert kiosk.reader.oldScale == pytest.approx(2.0)
    assert item(kiosk, "stripOld").isVisible()
    kiosk.reader.zoom = 3.0  # a second step before anything new was drawn: still shown
    qtbot.waitUntil(lambda: kiosk.reader.stripZoom == pytest.approx(3.0), timeout=10000)
    settle()
    assert [old.data(old.index(row, 0), 0x0103) for row in range(old.rowCount())] == shown
    assert kiosk.reader.oldScale == pytest.approx(3.0)
    for future, args in waiting:  # the new bands arrive
        if not future.cancelled():
            future.set_result(real_band(*args).result())
    qtbot.waitUntil(lambda: old.rowCount() == 0, timeout=20000)
    assert not any(kiosk.pages.has(url.removeprefix("image://page/")) for url in shown)
    assert kiosk.pages.pinned_count() == len(kiosk.reader.bands.drawn())


# -- turning the page by swipe on a strip ---------------------------------------------------
TALL_BOOK_ID = "tall-brochure"
PAGE_COLOURS = [(0.85, 0.2, 0.2), (0.2, 0.6, 0.25), (0.2, 0.3, 0.8)]  # one per page


@pytest.fixture
def brochure(kiosk, tmp_path: Path) -> Iterator[str]:
    """A three-page PDF whose every page is a tall poster, each page its own colour."""
    import pymupdf

    doc = pymupdf.open()
    for number, colour in enumerate(PAGE_COLOURS, 1):
        page = doc.new_page(width=300, height=3000)
        page.draw_rect(page.rect, color=colour, fill=colour)
        page.insert_text((20, 40), f"Trang {number}", fontsize=20, color=(1, 1, 1))
    doc.save(tmp_path / "brochure.pdf")
    sha, size = kiosk.catalog.objects.add_file(tmp_path / "brochure.pdf")
    kiosk.catalog.put(Item(id=TALL_BOOK_ID, title="Cẩm nang ba trang dài", kind="infographic",
                           sha256=sha, size=size, page_count=3, media_type="application/pdf",
                           filename="brochure.pdf"), ["Trang 1", "Trang 2", "Trang 3"])
    yield TALL_BOOK_ID
    kiosk.visit.home()
    kiosk.catalog.remove(TALL_BOOK_ID)


def on_strip(kiosk, qtbot, page: int) -> None:
    """Wait until `page` is shown as a strip with its first band drawn."""
    qtbot.waitUntil(lambda: kiosk.reader.page == page and kiosk.reader.tall
                    and kiosk.reader.imagePage == page
                    and bool(kiosk.reader.bands.source(0)), timeout=20000)
    settle()


def page_colour(kiosk, page: int) -> bool:
    """Whether the first band shows `page`'s colour (away from its heading)."""
    shown = band_colour(kiosk, 0, 400, column=1500)
    wanted = PAGE_COLOURS[page - 1]
    return all(abs(a - round(b * 255)) <= 3 for a, b in zip(shown, wanted, strict=True))


def test_a_sideways_swipe_on_a_tall_page_turns_it_and_back(kiosk, qtbot, brochure) -> None:
    from kiosk.touch import swipe

    kiosk.visit.read(brochure, 1)
    on_strip(kiosk, qtbot, 1)
    assert kiosk.reader.pageCount == 3
    flick = item(kiosk, "stripFlick")
    swipe(kiosk.window, flick, -400)  # to the left: the next page
    on_strip(kiosk, qtbot, 2)
    assert page_colour(kiosk, 2)
    assert flick.property("contentY") == 0 and item(kiosk, "stripColumn").x() == 0
    swipe(kiosk.window, flick, 400)  # to the right: back
    on_strip(kiosk, qtbot, 1)
    assert page_colour(kiosk, 1)
    swipe(kiosk.window, flick, -60)  # shorter than a whole page's swipe: no turn
    settle()
    assert kiosk.reader.page == 1 and item(kiosk, "stripColumn").x() == 0


def test_the_poster_follows_the_finger_and_does_not_scroll_during_a_swipe(
        kiosk, qtbot, brochure) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from kiosk.touch import LEFT, NONE, centre, pump

    kiosk.visit.read(brochure, 1)
    on_strip(kiosk, qtbot, 1)
    flick = item(kiosk, "stripFlick")
    column = item(kiosk, "stripColumn")
    start = centre(flick)
    QTest.mousePress(kiosk.window, LEFT, NONE, start)
    for step in range(1, 9):  # sideways, drifting a little down as a finger does
        QTest.mouseMove(kiosk.window, QPoint(start.x() - 30 * step, start.y() - 5 * step), 5)
    pump(20)
    assert column.x() == pytest.approx(-240, abs=2)  # the poster goes with the finger
    assert not flick.property("interactive") and flick.property("contentY") == 0
    QTest.mouseRelease(kiosk.window, LEFT, NONE, QPoint(start.x() - 240, start.y() - 40))
    on_strip(kiosk, qtbot, 2)
    assert flick.property("interactive") and column.x() == 0


@pytest.mark.parametrize("dx", [0, -250])  # straight down, and a steep diagonal
def test_a_mostly_vertical_drag_scrolls_and_does_not_turn(kiosk, qtbot, brochure,
                                                          dx: int) -> None:
    from kiosk.touch import swipe

    kiosk.visit.read(brochure, 1)
    on_strip(kiosk, qtbot, 1)
    flick = item(kiosk, "stripFlick")
    swipe(kiosk.window, flick, dx, -600)
    qtbot.waitUntil(lambda: not flick.property("moving"), timeout=10000)
    assert flick.property("contentY") > 300
    settle()
    assert kiosk.reader.page == 1 and item(kiosk, "stripColumn").x() == 0


def test_a_swipe_on_a_one_page_poster_does_nothing(kiosk, qtbot, poster) -> None:
    from kiosk.touch import swipe

    open_poster(kiosk, qtbot, poster)
    flick = item(kiosk, "stripFlick")
    for dx in (-400, 400):
        swipe(kiosk.window, flick, dx)
        settle()
        assert kiosk.reader.page == 1 and kiosk.reader.itemId == poster
        assert kiosk.reader.tall and item(kiosk, "stripColumn").x() == 0
        assert flick.property("contentY") == 0


def test_zoomed_in_a_sideways_drag_pans_the_strip(kiosk, qtbot, brochure) -> None:
    from kiosk.touch import swipe

    kiosk.visit.read(brochure, 1)
    on_strip(kiosk, qtbot, 1)
    kiosk.reader.toggleZoom()
    qtbot.waitUntil(lambda: kiosk.reader.stripZoom == pytest.approx(2.0), timeout=10000)
    settle()
    flick = item(kiosk, "stripFlick")
    flick.setProperty("contentX", 0)
    settle()
    swipe(kiosk.window, flick, -400)  # as on a zoomed page: it pans, it does not turn
    qtbot.waitUntil(lambda: not flick.property("moving"), timeout=10000)
    assert flick.property("contentX") > 200
    edge = flick.property("contentWidth") - flick.width()
    flick.setProperty("contentX", edge)  # at the right edge, dragged on: still no turn
    settle()
    swipe(kiosk.window, flick, -400)
    qtbot.waitUntil(lambda: not flick.property("moving"), timeout=10000)
    settle()
    assert kiosk.reader.page == 1 and kiosk.reader.zoom == pytest.approx(2.0)
    assert flick.property("contentX") == pytest.approx(edge, abs=1)


def test_the_attract_loop_shows_a_tall_poster_s_top_not_a_thin_column(kiosk, poster) -> None:
    from PySide6.QtCore import QSize

    sha = kiosk.catalog.get(poster).sha256
    image = kiosk.engine.imageProvider("poster").requestImage(f"{sha}/", QSize(),
                                                              QSize(900, 600))
    assert (image.width(), image.height()) == (900, 600)  # the box filled, not 81×600
    top = image.pixelColor(450, 10)
    assert (top.red(), top.green(), top.blue()) == hostile.STRIPES[0]  # the poster's top


# -- a band that cannot be drawn --------------------------------------------------------------

class FailingBands:
    """`render_band` of a worker in trouble: every band fails as a timed-out one does."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def __call__(self, path, page, width, band, zoom=1.0):
        from concurrent.futures import Future

        from library.errors import DocumentError

        self.asked.append(band)
        failed: Future = Future()
        failed.set_exception(DocumentError("the document worker did not answer in time"))
        return failed


def test_failed_bands_next_to_each_other_make_one_stretch(qapp) -> None:
    from kiosk.controllers.reader import BandList
    from library.documents.strip import Strip

    bands = BandList()
    bands.reset(Strip(scale=1.0, width=100, height=1000, band_rows=200))
    for band in (1, 2, 4):
        bands.set_failed(band, True)
    assert bands.failedSpans == [{"top": 200, "rows": 400}, {"top": 800, "rows": 200}]
    bands.reset(None)
    assert bands.failedSpans == [] and bands.failed() == []


def test_a_band_that_fails_in_view_is_tried_again_then_offers_thu_lai(kiosk, qtbot, poster,
                                                                      monkeypatch) -> None:
    from PySide6.QtCore import QPointF

    open_poster(kiosk, qtbot, poster)
    engine = kiosk.reader.engine()
    failing = FailingBands()
    monkeypatch.setattr(engine, "render_band", failing)
    bands = kiosk.reader.bands
    flick = item(kiosk, "stripFlick")
    top = bands.data(bands.index(5, 0), 0x0101)
    flick.setProperty("contentY", top + 40)  # the visitor scrolls to band 5
    qtbot.waitUntil(lambda: 5 in bands.failed(), timeout=10000)
    settle()
    assert failing.asked.count(5) == 2  # asked, then once more by itself, then shown failed
    assert 5 not in bands.drawn() and kiosk.reader.pageError == ""  # the poster is still read
    assert not item(kiosk, "pageMessage").isVisible()
    # Said once for the failed bands on screen (4, 5 and 6 failed together), in view.
    assert bands.failed() == [4, 5, 6]
    assert item(kiosk, "stripFailedText_0").property("text") == "Không vẽ được phần này"
    assert kiosk.find("stripRetry_1") is None
    retry = item(kiosk, "stripRetry_0")
    assert retry.height() >= kiosk.find("prevButton").height()  # a large target
    corner = retry.mapToItem(flick, QPointF(0, 0))
    assert corner.y() >= 0 and corner.y() + retry.height() <= flick.height()  # in view
    assert corner.x() >= 0 and corner.x() + retry.width() <= flick.width()
    settle(400)
    assert failing.asked.count(5) == 2  # not asked again and again while in view

    monkeypatch.undo()  # the worker is healthy again: "Thử lại" really draws the band
    requests = engine.worker.requests
    tap(kiosk, "stripRetry_0")
    qtbot.waitUntil(lambda: bool(bands.source(5)), timeout=20000)
    assert engine.worker.requests > requests and not bands.failed()
    for row in (10, 600):
        assert band_colour(kiosk, 5, row) == expected_colour(kiosk, 5, row)
    settle()
    assert kiosk.find("stripRetry_0") is None


def test_a_failed_band_scrolled_far_away_and_back_is_asked_for_anew(kiosk, qtbot, poster,
                                                                    monkeypatch) -> None:
    open_poster(kiosk, qtbot, poster)
    failing = FailingBands()
    monkeypatch.setattr(kiosk.reader.engine(), "render_band", failing)
    bands = kiosk.reader.bands
    flick = item(kiosk, "stripFlick")
    flick.setProperty("contentY", bands.data(bands.index(4, 0), 0x0101))
    qtbot.waitUntil(lambda: 4 in bands.failed(), timeout=10000)
    monkeypatch.undo()
    flick.setProperty("contentY", 0)  # far away: its failure is forgotten …
    qtbot.waitUntil(lambda: bool(bands.source(0)), timeout=20000)
    assert 4 not in bands.failed()
    flick.setProperty("contentY", bands.data(bands.index(4, 0), 0x0101))  # … and back: drawn
    qtbot.waitUntil(lambda: bool(bands.source(4)), timeout=20000)


def test_a_poster_none_of_which_draws_says_so_and_thu_lai_draws_it(kiosk, qtbot, poster,
                                                                   monkeypatch) -> None:
    failing = FailingBands()
    monkeypatch.setattr(kiosk.reader.engine(), "render_band", failing)
    kiosk.visit.read(poster, 1)
    qtbot.waitUntil(lambda: kiosk.reader.pageError != "", timeout=20000)
    settle()
    assert kiosk.reader.tall and not kiosk.reader.bands.drawn()
    assert failing.asked.count(0) == 2
    assert item(kiosk, "pageMessage").isVisible()
    assert kiosk.find("stripRetry_0") is None  # said once, for the whole page
    monkeypatch.undo()
    tap(kiosk, "pageRetry")
    qtbot.waitUntil(lambda: bool(kiosk.reader.bands.source(0)), timeout=20000)
    settle()
    assert kiosk.reader.pageError == "" and kiosk.reader.imagePage == 1
    assert not kiosk.find("pageMessage").isVisible()
    assert band_colour(kiosk, 0, 20) == hostile.STRIPES[0]


# -- read aloud: the spoken word on the strip ---------------------------------------------------

SPOKEN_NAMES = ("readingItem", "readingPage", "wordBoxes", "wordChanged", "changed")


def _listen_stand_in():
    """What TallPage reads of the "Nghe" player (`listenPlayer`), driven by the test: the
    station's real player needs a voice; these are the same names (checked below)."""
    from PySide6.QtCore import Property, QObject, Signal

    class Listen(QObject):
        changed = Signal()
        wordChanged = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.item, self.page, self.boxes = "", 0, []

        def speak(self, item: str, page: int, boxes: list[dict[str, float]]) -> None:
            self.item, self.page, self.boxes = item, page, boxes
            self.changed.emit()
            self.wordChanged.emit()

        readingItem = Property(str, lambda self: self.item, notify=changed)
        readingPage = Property(int, lambda self: self.page, notify=changed)
        wordBoxes = Property("QVariantList", lambda self: self.boxes, notify=wordChanged)

    return Listen()


def test_the_stand_in_has_the_real_players_names() -> None:
    from kiosk.audio.player import ListenPlayer

    for name in SPOKEN_NAMES:
        assert hasattr(ListenPlayer, name), name


@pytest.fixture
def listen(kiosk) -> Iterator:
    player = _listen_stand_in()
    kiosk.engine.rootContext().setContextProperty("listenPlayer", player)
    yield player
    player.speak("", 0, [])
    kiosk._listen_stand_in = player  # stays the context's object until the module's end


def _word_box(pdf: Path, word: str) -> dict[str, float]:
    """The word's box as 0..1 of the page, as the player gives it (from PyMuPDF)."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        page = doc[0]
        for x0, y0, x1, y1, text, *_ in page.get_text("words"):
            if text == word:
                w, h = page.rect.width, page.rect.height
                return {"x": x0 / w, "y": y0 / h, "w": (x1 - x0) / w, "h": (y1 - y0) / h}
    raise AssertionError(f"{word!r} is not on the page")


def test_the_spoken_word_is_marked_on_the_strip_and_kept_in_view(kiosk, qtbot, listen,
                                                                tmp_path: Path) -> None:
    from PySide6.QtCore import QPointF

    put_tall_pdf(kiosk, tmp_path, "tall-read", "Áp phích đọc to", 3000,
                 {60: "Loa xa dautien", 1500: "Giua trang khoanggiua", 2900: "Het roi cuoicung"})
    pdf = tmp_path / "tall-read.pdf"
    try:
        open_poster(kiosk, qtbot, "tall-read")
        flick = item(kiosk, "stripFlick")
        content = flick.property("contentItem")
        marks = item(kiosk, "spokenMarks")
        assert not marks.isVisible()  # nothing read yet
        for zoom, word in ((1.0, "cuoicung"), (1.0, "dautien"), (2.0, "khoanggiua")):
            if kiosk.reader.zoom != zoom:
                kiosk.reader.zoom = zoom
                qtbot.waitUntil(lambda z=zoom: kiosk.reader.stripZoom == pytest.approx(z),
                                timeout=10000)
                settle()
            box = _word_box(pdf, word)
            listen.speak("tall-read", 1, [box])
            settle()
            mark = item(kiosk, "spokenMark_0")
            assert mark.isVisible()
            rows, columns = flick.property("contentHeight"), flick.property("contentWidth")
            corner = mark.mapToItem(content, QPointF(0, 0))
            far = mark.mapToItem(content, QPointF(mark.width(), mark.height()))
            # Over the word at the strip's scale and zoom, a few pixels larger on screen.
            assert corner.y() == pytest.approx(box["y"] * rows - 2, abs=1)
            assert far.y() == pytest.approx((box["y"] + box["h"]) * rows + 2, abs=1)
            assert corner.x() == pytest.approx(box["x"] * columns - 3, abs=1)
            assert far.x() == pytest.approx((box["x"] + box["w"]) * columns + 3, abs=1)
            # The strip scrolled to it: the word is on screen.
            top, left = flick.property("contentY"), flick.property("contentX")
            assert top <= corner.y() and far.y() <= top + flick.height(), word
            assert left <= corner.x() and far.x() <= left + flick.width(), word
        listen.speak("tall-read", 2, [_word_box(pdf, "dautien")])  # another page read
        settle()
        assert not item(kiosk, "spokenMarks").isVisible()
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("tall-read")


def test_a_word_in_view_does_not_move_the_poster(kiosk, qtbot, listen, tmp_path: Path) -> None:
    put_tall_pdf(kiosk, tmp_path, "tall-still", "Áp phích đọc to", 3000,
                 {40: "Loa xa dautien", 70: "Dong hai thuhai"})
    pdf = tmp_path / "tall-still.pdf"
    try:
        open_poster(kiosk, qtbot, "tall-still")
        flick = item(kiosk, "stripFlick")
        for word in ("dautien", "thuhai"):
            listen.speak("tall-still", 1, [_word_box(pdf, word)])
            settle()
            assert flick.property("contentY") == 0 and item(kiosk, "spokenMark_0").isVisible()
    finally:
        kiosk.visit.home()
        kiosk.catalog.remove("tall-still")


def _meta_handles() -> dict[int, object]:
    """The meta-objects the binding holds a handle to, by address.

    Only the addresses are read: a handle other modules' tests left behind may
    point at a meta-object freed with their kiosk, and asking it its name
    crashes the test process."""
    import shiboken6
    from PySide6.QtCore import QMetaObject

    return {shiboken6.getCppPointer(handle)[0]: handle
            for handle in shiboken6.getAllValidWrappers() if isinstance(handle, QMetaObject)}


def test_reading_a_kiosk_items_qml_types_keeps_no_handle_on_its_meta_objects(kiosk) -> None:
    """A handle kept would outlive the kiosk, and be handed back for another object."""
    import gc

    before = set(_meta_handles())  # those other modules' tests left behind
    button = item(kiosk, "homeButton")
    assert "KButton" in qml_types(button)
    assert class_name(button).startswith("KButton_QMLTYPE_") and has_signal(button, "clicked()")
    gc.collect()
    # none kept, not even while the item's own handle (which held them) is alive; a new
    # handle is of this kiosk, alive, so its name can be read
    kept = [handle.className() for address, handle in _meta_handles().items()
            if address not in before and "_QML" in handle.className()]
    assert kept == []
    assert button.objectName() == "homeButton"


def test_the_poster_and_a_page_box_the_spoken_word_with_one_component(kiosk, qtbot, listen,
                                                                      tmp_path: Path) -> None:
    """The boxes on a tall poster and those the audio part lays over a whole page are one
    component (components/SpokenWordMarks.qml): one look, and no copy to drift apart."""
    from kiosk.audio import _add_word_boxes

    put_tall_pdf(kiosk, tmp_path, "tall-same", "Áp phích đọc to", 3000, {60: "Loa xa dautien"})
    page_boxes = None
    try:
        open_poster(kiosk, qtbot, "tall-same")
        page_boxes = _add_word_boxes(kiosk)  # as the audio part does over the page image
        assert page_boxes is not None
        poster_boxes = item(kiosk, "spokenMarks")
        assert "SpokenWordMarks" in qml_types(poster_boxes)
        assert {"SpokenWordBoxes", "SpokenWordMarks"} <= qml_types(page_boxes)
        box = _word_box(tmp_path / "tall-same.pdf", "dautien")
        listen.speak("tall-same", 1, [box])
        settle()
        on_poster = item(kiosk, "spokenMark_0")
        [on_page] = [c for c in page_boxes.childItems() if c.objectName() == "spokenWordBox"]
        assert on_poster.parentItem() == poster_boxes and on_page.parentItem() == page_boxes
        assert on_poster.property("color") == on_page.property("color")
        assert on_poster.property("radius") == on_page.property("radius")
        # a little larger than the word by the same margins (the poster at zoom 1)
        poster_margin = on_poster.width() - box["w"] * poster_boxes.width()
        page_margin = on_page.width() - box["w"] * page_boxes.property("paintedWidth")
        assert poster_margin == pytest.approx(page_margin) == pytest.approx(6)
    finally:
        if page_boxes is not None:
            page_boxes.deleteLater()
        kiosk.visit.home()
        kiosk.catalog.remove("tall-same")
