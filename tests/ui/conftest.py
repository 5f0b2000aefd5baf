"""One kiosk per test module: the demo library plus a hidden and a broken item.

Building the QML app takes about a second, so the tests of a module share one
`KioskApp`, and the autouse `fresh` fixture brings it back to a visitor-free
home screen, at 1920×1080, before each test — through the same idle reset
the station uses. The kiosk is closed at the end of its module, so its
application-wide event filters (idle, lockdown, corner) never reach the
other parts' UI tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.demo import load_demo
from library.paths import DataPaths

HIDDEN_ID = "demo-info-nuoc-sach"
BROKEN_ID = "broken-book"
BOOK_ID = "demo-chuyen-doi-so"


class RecordingSink:
    """A stats sink that remembers every call (tests check what was counted)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []

    def item_viewed(self, item_id: str) -> None:
        self.calls.append(("item_viewed", (item_id,)))

    def page_read(self, item_id: str) -> None:
        self.calls.append(("page_read", (item_id,)))

    def audio_played(self, item_id: str) -> None:
        self.calls.append(("audio_played", (item_id,)))

    def qr_shown(self, item_id: str) -> None:
        self.calls.append(("qr_shown", (item_id,)))

    def search_committed(self, query: str, *, found: bool) -> None:
        self.calls.append(("search_committed", (query, found)))

    def names(self, name: str) -> list[tuple]:
        return [args for call, args in self.calls if call == name]


@pytest.fixture(scope="session")
def station_paths(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    paths = DataPaths(tmp_path_factory.mktemp("kiosk") / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert load_demo(catalog) > 10
        catalog.set_flags(HIDDEN_ID, hidden=True)
        junk = paths.root / "junk.pdf"
        junk.write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
        sha, size = catalog.objects.add_file(junk)
        book = catalog.get(BOOK_ID)
        catalog.put(replace(book, id=BROKEN_ID, title="Sách hỏng để thử", sha256=sha, size=size,
                            featured=False, cover_sha256=None, filename="junk.pdf"), ["trang hỏng"])
    return paths


@pytest.fixture(scope="session")
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture(scope="module")
def kiosk(qapp, station_paths: DataPaths, sink: RecordingSink) -> Iterator:
    from kiosk.app import KioskApp

    catalog = Catalog.open(station_paths)
    app = KioskApp(catalog, paths=station_paths, stats=sink)
    app.show(fullscreen=False, size=(1920, 1080))
    app.idle.idle_timer.setInterval(3_600_000)  # tests drive the idle timers themselves
    from kiosk.touch import wait_until

    assert wait_until(app.screens_ready, 20)
    yield app
    app.close()
    app.reader.shutdown()
    catalog.close()


@pytest.fixture(autouse=True)
def fresh(request: pytest.FixtureRequest) -> Iterator[None]:
    """Before each UI test: the idle reset, home screen, 1920×1080, nothing counted."""
    if "kiosk" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("kiosk")
    from kiosk.touch import pump, wait_until

    app.reset()
    app.nav.home()
    app.window.resize(1920, 1080)
    wait_until(lambda: (app.window.width(), app.window.height()) == (1920, 1080))
    pump(200)
    request.getfixturevalue("sink").calls.clear()
    yield


def item(app, name: str):
    """The visible QML item called `name` (fails the test when there is none)."""
    found = app.find(name)
    assert found is not None, f"no QML item named {name!r} on {app.nav.screen}"
    return found


def tap(app, name: str) -> None:
    """Tap the item called `name` once the screen shows it, as a visitor looks first: a
    screen still coming in (a transition, a layout turned by a resize) shows it a few
    frames later, and `item` would find the one not shown yet."""
    from kiosk.touch import seen, wait_until
    from kiosk.touch import tap as tap_item

    seen(app.window)
    wait_until(lambda: (found := app.find(name)) is not None and found.isVisible(), 5.0)
    tap_item(app.window, item(app, name))


@contextmanager
def nothing_visible(app) -> Iterator[None]:
    """The library as a visitor finds it with every item hidden; shown again after."""
    shown = [i.id for i in app.catalog.items()]  # the visible ones
    try:
        with app.catalog.atomic():
            for item_id in shown:
                app.catalog.set_flags(item_id, hidden=True)
        app.reload_lists()
        yield
    finally:
        with app.catalog.atomic():
            for item_id in shown:
                app.catalog.set_flags(item_id, hidden=False)
        app.reload_lists()


def settle(ms: int = 220) -> None:
    from kiosk.touch import pump

    pump(ms)


def here() -> Path:
    return Path(__file__).parent


@pytest.fixture
def video_item(kiosk, tmp_path: Path) -> Iterator[str]:
    """A one-minute test clip in the kiosk's catalog (made by ffmpeg; skipped without it)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=5:duration=60", "-pix_fmt", "yuv420p", str(clip)],
                   check=True, timeout=60)
    sha, size = kiosk.catalog.objects.add_file(clip)
    kiosk.catalog.put(Item(id="video-clip", title="Video hướng dẫn", kind="video", sha256=sha,
                           size=size, media_type="video/mp4", filename="clip.mp4"))
    yield "video-clip"
    kiosk.visit.home()
    kiosk.catalog.remove("video-clip")


@pytest.fixture
def reading(kiosk, qtbot):
    """The kiosk reading the demo book from its first page, drawn."""
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    settle()
    return kiosk


def put_book(kiosk, make_pdf, item_id: str, title: str, texts: list[str],
             toc: list[list[object]] | None = None) -> str:
    """A PDF book made at test time (with `toc` as its outline: [level, title, page]),
    in the kiosk's catalog; its file's sha256."""
    import pymupdf

    path = make_pdf(f"{item_id}.pdf", texts, title=title)
    if toc is not None:
        doc = pymupdf.open(path)
        doc.set_toc(toc)
        doc.saveIncr()
        doc.close()
    sha, size = kiosk.catalog.objects.add_file(path)
    kiosk.catalog.put(Item(id=item_id, title=title, kind="book", sha256=sha, size=size,
                           page_count=len(texts), media_type="application/pdf",
                           filename=f"{item_id}.pdf"), texts)
    return sha


@pytest.fixture
def book_with_contents(kiosk, make_pdf) -> str:
    """The id of a three-page book with an outline of two levels, removed afterwards."""
    put_book(kiosk, make_pdf, "toc-book", "Sách có mục lục",
             ["Mở đầu: vì sao cần đọc", "Chương một: nước sạch", "Chương hai: bảo vệ nguồn nước"],
             toc=[[1, "Mở đầu", 1], [1, "Chương một", 2], [2, "Nước sạch", 2],
                  [1, "Chương hai", 3]])
    yield "toc-book"
    kiosk.visit.home()
    kiosk.catalog.remove("toc-book")
