"""While a bulletin is on air the screens give way to its banner: the first lines of what a
visitor reads (the reader's page, the detail title and cover, the first result, the first card
of a collection, the read-along panel, a video) stay in sight below it, in landscape and
portrait, in large text too; when the bulletin ends every screen is laid out as before. The
page being read is not drawn again for the banner (nor for its end): the page drawn for the
whole area is shown scaled to fit the shorter one."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.demo import load_demo
from library.paths import DataPaths

from ..meta import has_signal
from .harness import close_kiosk

pytestmark = pytest.mark.ui

BOOK = "demo-chuyen-doi-so"
BULLETIN = "tin-loa"
VIDEO = "video-clip"
# Long enough to stay on air through a whole test, whatever the voice's speed.
ON_AIR = " ".join(f"Thông báo {i} của loa xã gửi tới toàn thể bà con trong thôn."
                  for i in range(80))

Rect = tuple[float, float, float, float]  # left, top, right, bottom in the window


@pytest.fixture(scope="module")
def station(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The demo library, a long bulletin and (with ffmpeg) a video, with the audio part."""
    from kiosk.app import KioskApp
    from kiosk.audio import install
    from kiosk.touch import wait_until

    root = tmp_path_factory.mktemp("gives-way")
    paths = DataPaths(root / "data").ensure()
    catalog = Catalog.open(paths)
    load_demo(catalog)
    catalog.put(Item(id=BULLETIN, title="Thông báo lịch tiêm phòng gia súc đợt hai năm 2026 "
                     "cho các thôn", kind="bulletin", body=ON_AIR))
    has_video = shutil.which("ffmpeg") is not None
    if has_video:
        clip = root / "clip.mp4"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                        "testsrc=size=320x240:rate=5:duration=60", "-pix_fmt", "yuv420p",
                        str(clip)], check=True, timeout=60)
        sha, size = catalog.objects.add_file(clip)
        catalog.put(Item(id=VIDEO, title="Video hướng dẫn", kind="video", sha256=sha,
                         size=size, media_type="video/mp4", filename="clip.mp4"))
    clock = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    app = KioskApp(catalog, config=Config.load(paths.config_file), paths=paths)
    audio = install(app, clock=lambda: clock)
    try:
        app.show(fullscreen=False, size=(1920, 1080))
        app.idle.idle_timer.setInterval(3_600_000)  # no idle reset in the middle of a test
        assert wait_until(app.screens_ready, 20)
        assert wait_until(lambda: audio.listen.available, 30)
        yield {"app": app, "audio": audio, "video": has_video}
    finally:
        close_kiosk(app, audio, catalog)


@pytest.fixture(params=[((1920, 1080), False), ((1080, 1920), False), ((1366, 768), True),
                        ((768, 1366), True)],
                ids=["landscape", "portrait", "small-landscape-large-text",
                     "small-portrait-large-text"])
def sized(request, station) -> Iterator[dict[str, Any]]:
    from kiosk.touch import pump, wait_until

    app, audio = station["app"], station["audio"]
    size, large = request.param
    app.reset()
    app.nav.home()
    app.display.largeText = large
    app.window.resize(*size)
    assert wait_until(lambda: (app.window.width(), app.window.height()) == size)
    pump(200)
    yield station
    audio.broadcast.stopNow()
    audio.listen.stop()
    app.display.largeText = False


def _visible_rect(item: Any) -> Rect:
    """The part of `item` the window shows: cut by every clipping item above it."""
    from PySide6.QtCore import QPointF

    def scene(node: Any) -> Rect:
        a = node.mapToScene(QPointF(0, 0))
        b = node.mapToScene(QPointF(node.width(), node.height()))
        return a.x(), a.y(), b.x(), b.y()

    left, top, right, bottom = scene(item)
    node = item.parentItem()
    while node is not None:
        if node.clip():
            cl, ct, cr, cb = scene(node)
            left, top, right, bottom = max(left, cl), max(top, ct), min(right, cr), min(bottom, cb)
        node = node.parentItem()
    root = item
    while root.parentItem() is not None:  # the window's root item: the window's size
        root = root.parentItem()
    left, top = max(left, 0.0), max(top, 0.0)
    right, bottom = min(right, root.width()), min(bottom, root.height())
    return left, top, max(left, right), max(top, bottom)


def _painted_page(app: Any) -> Rect:
    """The reader's page as painted: centred in its image item (fitted, aspect kept)."""
    from PySide6.QtCore import QPointF

    image = app.find("pageImage")
    w, h = image.property("paintedWidth"), image.property("paintedHeight")
    top_left = image.mapToScene(QPointF((image.width() - w) / 2, (image.height() - h) / 2))
    return top_left.x(), top_left.y(), top_left.x() + w, top_left.y() + h


def _first_named(app: Any, prefix: str) -> Any:
    """The visible item of the current screen whose name starts with `prefix`, topmost first."""
    screen = app.find(f"{app.nav.screen}Screen")
    found: list[Any] = []

    def walk(node: Any) -> None:
        if not node.isVisible():
            return
        if node.objectName().startswith(prefix):
            found.append(node)
        for child in node.childItems():
            walk(child)

    walk(screen)
    assert found, prefix
    return min(found, key=lambda n: (_visible_rect(n)[1], _visible_rect(n)[0]))


def _home(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    app.visit.home()
    return {"greeting": app.find("greeting"), "first tile": app.find("tile_book")}


def _browse(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import wait_until

    app.visit.openCollection("book")
    assert wait_until(lambda: app.browse.model.rowCount() > 0)
    _settle(app)
    return {"title": app.find("browseTitle"), "first card": _first_named(app, "browse_")}


def _search(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import wait_until

    app.visit.openSearch()
    app.search.setTyped("chuyen doi so")
    app.search.commit()
    assert wait_until(lambda: app.search.resultCount > 0 and app.find("result_0") is not None)
    return {"search field": app.find("searchField"), "first result": app.find("result_0")}


def _detail(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    app.visit.openItem(BOOK)
    return {"title": app.find("detailTitle"), "cover": app.find("detailCover")}


def _reader_page(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import wait_until

    app.visit.read(BOOK, 1)
    assert wait_until(lambda: app.reader.mode == "pages" and app.reader.imagePage == 1, 20)
    return {"page": _painted_page}


def _reader_text(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import wait_until

    app.visit.read(BULLETIN, 0)
    assert wait_until(lambda: app.reader.mode == "text")
    return {"text view": app.find("textView"), "text": app.find("bulletinText")}


def _video(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import wait_until

    if not station["video"]:
        pytest.skip("ffmpeg is not installed")
    app.visit.read(VIDEO, 0)
    assert wait_until(lambda: app.find("videoPlay") is not None, 10)
    return {"video": app.find("videoView")}


def _read_along(app: Any, station: dict[str, Any]) -> dict[str, Any]:
    from kiosk.touch import tap, wait_until

    app.visit.openItem(BOOK)
    _settle(app)
    tap(app.window, app.find("listenStart"))
    listen = station["audio"].listen
    assert wait_until(lambda: listen.state == "playing", 20)
    panel = app.find("listenPanel")
    assert wait_until(panel.isVisible)
    return {"read-along panel": panel, "title": app.find("detailTitle")}


SCREENS: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "home": _home, "browse": _browse, "search": _search, "detail": _detail,
    "reader-page": _reader_page, "reader-text": _reader_text, "video": _video,
    "read-along": _read_along,
}


def _settle(app: Any) -> None:
    from kiosk.touch import pump, wait_until

    wait_until(lambda: app.find(f"{app.nav.screen}Screen").opacity() == 1, 5)
    pump(300)  # a screen's fade, a banner's height following its text's layout


def _rects(app: Any, shown: dict[str, Any]) -> dict[str, Rect]:
    return {name: thing(app) if callable(thing) else _visible_rect(thing)
            for name, thing in shown.items()}


def _overlap(a: Rect, b: Rect) -> float:
    """The height of what `a` and `b` share (0 when they do not meet)."""
    if min(a[2], b[2]) <= max(a[0], b[0]):
        return 0.0
    return max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_banner_covers_nothing_the_visitor_reads(qtbot, sized, screen: str) -> None:
    from kiosk.touch import wait_until

    app, audio = sized["app"], sized["audio"]
    shown = SCREENS[screen](app, sized)
    _settle(app)
    before = _rects(app, shown)
    page_before = app.reader.pageImage
    for name, (left, top, right, bottom) in before.items():
        assert right - left > 0 and bottom - top > 0, f"{name} is not in sight to begin with"

    audio.broadcast.playNow(BULLETIN)
    assert wait_until(lambda: audio.broadcast.active and audio.banner.isVisible(), 20)
    _settle(app)
    banner = _visible_rect(audio.banner)
    assert banner[3] - banner[1] > 0
    on_air = _rects(app, shown)
    for name, rect in on_air.items():
        assert rect[3] - rect[1] > 0, f"{name} is out of sight while on air"
        assert _overlap(rect, banner) <= 0.5, f"the banner covers the {name}: {rect} {banner}"
    if screen == "reader-page":
        page, area = on_air["page"], _visible_rect(app.find("pageArea"))
        assert page[1] >= area[1] - 0.5 and page[3] <= area[3] + 0.5  # the whole page fits
        assert app.reader.pageImage == page_before  # shown scaled, not drawn again
    assert audio.broadcast.active  # all this while on air

    audio.broadcast.stopNow()
    assert wait_until(lambda: not audio.banner.isVisible())
    _settle(app)
    after = _rects(app, shown)
    for name, rect in before.items():
        assert after[name] == pytest.approx(rect, abs=0.5), f"{name} did not come back"
    assert app.reader.pageImage == page_before


def _on_air(app: Any, audio: Any) -> float:
    """Put the bulletin on air; the banner's height."""
    from kiosk.touch import wait_until

    audio.broadcast.playNow(BULLETIN)
    assert wait_until(lambda: audio.broadcast.active and audio.banner.isVisible(), 20)
    _settle(app)
    return audio.banner.height()


def _off_air(app: Any, audio: Any) -> None:
    from kiosk.touch import wait_until

    audio.broadcast.stopNow()
    assert wait_until(lambda: not audio.banner.isVisible())
    _settle(app)


def _top(item: Any) -> float:
    from PySide6.QtCore import QPointF

    return item.mapToScene(QPointF(0, 0)).y()


def test_a_zoomed_in_page_only_moves_down_by_the_banner(sized) -> None:
    """Zoomed in, what the visitor was looking at stays under their eyes, lower by the banner:
    the page is neither scaled nor scrolled, nor drawn again."""
    from kiosk.touch import wait_until

    app, audio = sized["app"], sized["audio"]
    app.visit.read(BOOK, 1)
    assert wait_until(lambda: app.reader.mode == "pages" and app.reader.imagePage == 1, 20)
    app.reader.toggleZoom()
    assert wait_until(lambda: app.reader.zoom > 1.5 and app.reader.imagePage == 1, 20)
    _settle(app)
    flick, image = app.find("pageFlick"), app.find("pageImage")
    flick.setProperty("contentY", (flick.property("contentHeight") - flick.height()) / 2)
    _settle(app)

    def view() -> tuple[float, ...]:
        return (image.width(), image.height(), flick.property("contentX"),
                flick.property("contentY"), _top(image) - _top(flick))

    before, top_before, page = view(), _top(flick), app.reader.pageImage
    band = _on_air(app, audio)
    assert view() == pytest.approx(before, abs=0.5)
    assert _top(flick) == pytest.approx(top_before + band, abs=0.5)
    assert app.reader.pageImage == page
    _off_air(app, audio)
    assert view() == pytest.approx(before, abs=0.5)
    assert _top(flick) == pytest.approx(top_before, abs=0.5)


@pytest.mark.parametrize("screen", ["reader-text", "zoomed-page", "detail"])
def test_a_view_scrolled_to_its_end_on_air_is_whole_afterwards(sized, screen: str) -> None:
    """Scrolled to its end while the banner shows, a view keeps no empty band at its bottom
    once the banner is gone."""
    from kiosk.touch import wait_until

    app, audio = sized["app"], sized["audio"]
    if screen == "reader-text":
        _reader_text(app, sized)
        name = "textView"
    elif screen == "zoomed-page":
        _reader_page(app, sized)
        app.reader.toggleZoom()
        assert wait_until(lambda: app.reader.zoom > 1.5)
        name = "pageFlick"
    else:
        _detail(app, sized)
        name = "detailFlick"
    _settle(app)
    _on_air(app, audio)
    flick = app.find(name)
    end = flick.property("contentHeight") - flick.height()
    assert end > 0, "nothing to scroll"
    flick.setProperty("contentY", end)
    _settle(app)
    _off_air(app, audio)
    content_y = flick.property("contentY")
    assert 0 <= content_y <= max(0.0, flick.property("contentHeight") - flick.height()) + 0.5


def _controls(root: Any) -> list[Any]:
    """The visible items under `root` a visitor taps: those with a `clicked` signal."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if not node.isVisible():
            return
        if has_signal(node, "clicked()"):
            found.append(node)
        for child in node.childItems():
            walk(child)

    walk(root)
    return found


@pytest.mark.parametrize(("size", "large", "kept"), [
    ((1366, 768), True, 0.65), ((1366, 768), False, 0.65), ((1920, 1080), True, 0.65),
    ((768, 1366), True, 0.75), ((768, 1366), False, 0.75), ((1080, 1920), False, 0.75),
    ((1080, 1920), True, 0.75)],
    ids=["1366x768-large-text", "1366x768", "1920x1080-large-text", "768x1366-large-text",
         "768x1366", "1080x1920", "1080x1920-large-text"])
def test_the_banner_leaves_the_reader_most_of_the_page(station, size, large, kept) -> None:
    """At 1366×768 in large text the banner took three lines and a third of the window (the
    title on two, the text under it), and the page a visitor read shrank to a third of its
    area; in portrait (768×1366 in large text, 1080×1920) the same three lines shrank the page
    to 60 % of its area. The banner keeps to the title's one line and the text's two: beside
    each other in landscape (the page keeps two thirds of its area or more), one above the
    other in portrait (three quarters or more); every control stays a whole target."""
    from kiosk.touch import pump, tap, wait_until

    app, audio = station["app"], station["audio"]
    app.reset()
    app.nav.home()
    app.display.largeText = large
    app.window.resize(*size)
    try:
        assert wait_until(lambda: (app.window.width(), app.window.height()) == size)
        pump(200)
        _reader_page(app, station)
        _settle(app)
        left, top, right, bottom = _painted_page(app)
        area_off_air = (right - left) * (bottom - top)

        band = _on_air(app, audio)
        assert band <= 0.15 * size[1], band
        left, top, right, bottom = _painted_page(app)
        assert (right - left) * (bottom - top) >= kept * area_off_air
        # nothing of the banner is cut: the title on one line within its width, the text in
        # whole lines within the band, the band within the window
        title, text = app.find("broadcastTitle"), app.find("broadcastText")
        assert title.property("lineCount") == 1
        assert title.property("contentWidth") <= title.width() + 0.5
        lines = (text.height() - text.property("rise") - text.property("lastLine")) \
            / text.property("linePitch") + 1
        assert round(lines) == 2 and abs(lines - 2) < 0.01, lines
        banner = _visible_rect(audio.banner)
        for part in (title, text):
            rect = _visible_rect(part)
            assert rect[1] >= banner[1] - 0.5 and rect[3] <= banner[3] + 0.5, part.objectName()
            assert rect[0] >= 0 and rect[2] <= size[0] + 0.5, part.objectName()

        # every control on screen (the banner's, the top bar's, the reader's) a whole
        # target (9 mm, and the kiosk's 80 px at 1080 p: 57 px on a 768-px side), in the
        # window and clear of the banner
        mm = app.window.screen().physicalDotsPerInch() / 25.4
        target = max(9 * mm, 80 * min(size) / 1080)
        controls = (_controls(audio.banner) + _controls(app.find("topBar"))
                    + _controls(app.find("readerControls")))
        assert len(controls) >= 8
        for control in controls:
            rect = _visible_rect(control)
            name = control.objectName() or type(control).__name__
            assert min(rect[2] - rect[0], rect[3] - rect[1]) >= target - 0.5, name
            assert _overlap(rect, banner) <= 0.5, name
        # and they answer a tap: the next page while the bulletin goes on
        tap(app.window, app.find("nextButton"))
        assert wait_until(lambda: app.reader.page == 2, 10), app.reader.page
        assert audio.broadcast.active
    finally:
        _off_air(app, audio)
        app.display.largeText = False
