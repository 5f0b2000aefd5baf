"""`cafesach run --tour OUT_DIR`: drive the station through every screen and photograph it.

The tour taps the real controls (tiles, the on-screen keyboard key by key,
results, the read button, swipes and double taps on the page), waits until
each screen really shows what it should, and writes `NN-<screen>.png` with a
`NN-<screen>.json` beside it holding the app's state at that moment (screen,
query, page, zoom…), for each size in landscape and portrait. The e2e test
checks those JSON files; the README shows some of the pictures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject
from PySide6.QtQuick import QQuickItem

from .app import KioskApp
from .controllers.reader import MEDIA_KINDS, TEXT_KINDS
from .touch import double_tap, pump, swipe, tap, wait_until

TOUR_QUERY = "chuyen doi so"
SETTLE_MS = 260  # screen fades are 160 ms


class TourError(RuntimeError):
    """A step of the tour did not reach the screen it expected."""


class Tour:
    def __init__(self, kiosk: KioskApp, out_dir: Path) -> None:
        self.kiosk = kiosk
        self.out_dir = out_dir
        self.shots: list[dict[str, Any]] = []
        self._folder = out_dir
        self._n = 0

    # -- helpers ------------------------------------------------------------------
    def item(self, name: str) -> QQuickItem:
        item = self.kiosk.find(name)
        if item is None:
            raise TourError(f"no item named {name!r} on screen {self.kiosk.nav.screen!r}")
        return item

    def tap(self, name: str) -> None:
        tap(self.kiosk.window, self.item(name))

    def expect(self, what: str, condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
        if not wait_until(condition, timeout_s):
            raise TourError(f"tour step failed: {what} (state: {self.kiosk.state()})")
        pump(SETTLE_MS)

    def shot(self, name: str) -> Path:
        self._n += 1
        stem = f"{self._n:02d}-{name}"
        png = self._folder / f"{stem}.png"
        image = self.kiosk.window.grabWindow()
        if image.isNull() or not image.save(str(png)):
            raise TourError(f"could not save {png}")
        state = {"name": name, **self.kiosk.state()}
        (self._folder / f"{stem}.json").write_text(
            json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")
        self.shots.append({"png": str(png.relative_to(self.out_dir)), **state})
        return png

    # -- the walk -------------------------------------------------------------------
    def run(self, sizes: list[tuple[int, int]]) -> list[dict[str, Any]]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.expect("every screen built", self.kiosk.screens_ready)
        pump(SETTLE_MS)  # the parts started after the first frame settle in
        for width, height in sizes:
            self._folder = self.out_dir / f"{width}x{height}"
            self._folder.mkdir(parents=True, exist_ok=True)
            self._n = 0
            self.kiosk.reset()
            self.kiosk.window.resize(width, height)
            self.expect("window size", lambda w=width, h=height: (
                self.kiosk.window.width(), self.kiosk.window.height()) == (w, h))
            self.walk()
        index = self.out_dir / "tour.json"
        index.write_text(json.dumps(self.shots, ensure_ascii=False, indent=2), encoding="utf-8")
        return self.shots

    def walk(self) -> None:
        k = self.kiosk
        self.expect("home", lambda: k.nav.screen == "home")
        self.shot("home")

        # The books, or the first collection of a library that has none.
        tiles = k.collections.keys()
        first = "book" if "book" in tiles else tiles[0]
        self.tap(f"tile_{first}")
        self.expect("browse a collection",
                    lambda: k.nav.screen == "browse" and k.browse.model.rowCount() > 0)
        self.shot("browse")

        self.tap("searchPill")
        self.expect("search", lambda: k.nav.screen == "search")
        for key in TOUR_QUERY:
            self.tap("key_space" if key == " " else f"key_{key}")
        self.expect("typed query", lambda: k.search.text == TOUR_QUERY and k.search.resultCount > 0)
        self.shot("search")

        self.tap("key_search")  # commits the search and puts the keyboard away
        self.expect("results", lambda: self.item("searchResults").height() > k.window.height() / 2)
        self.shot("results")

        # The reader's pages need a document of two pages or more: in a province's library
        # the best hit may be a video or a bulletin, which the reader shows otherwise.
        row = self.document_row()
        if row:
            QMetaObject.invokeMethod(self.item("searchResults"), "positionViewAtIndex",
                                     Q_ARG(int, row), Q_ARG(int, 1))  # ListView.Beginning
            self.expect("the document's result in view",
                        lambda: k.find(f"result_{row}") is not None)
        self.tap(f"result_{row or 0}")
        self.expect("detail", lambda: k.nav.screen == "detail" and k.visit.detail.get("itemId"))
        self.shot("detail")
        if row is not None:
            self.reader_pages()
        self.idle_and_attract()

    def document_row(self) -> int | None:
        """The first search result the reader shows as pages, two at least (None: none)."""
        for row, hit in enumerate(self.kiosk.search.results.hits()):
            item = hit.item
            if (item.kind not in TEXT_KINDS + MEDIA_KINDS and not item.broken
                    and item.page_count >= 2):
                return row
        return None

    def reader_pages(self) -> None:
        """The document open from the detail screen: page 1, a swipe to page 2, a zoom."""
        k = self.kiosk
        self.tap("readButton")
        self.expect("reader open", lambda: k.nav.screen == "reader" and k.reader.mode == "pages")
        while k.reader.page > 1:
            self.tap("prevButton")
        self.expect("page 1 painted", lambda: k.reader.imagePage == 1 and k.reader.page == 1)
        self.shot("reader-page1")

        swipe(k.window, self.item("pageArea"), -int(k.window.width() * 0.3))
        self.expect("page 2 painted", lambda: k.reader.imagePage == 2 and k.reader.page == 2)
        self.shot("reader-page2")

        double_tap(k.window, self.item("pageArea"))
        self.expect("zoomed", lambda: k.reader.zoom > 1.5 and k.reader.imagePage == 2)
        pump(300)  # the sharper render at this zoom
        self.shot("reader-zoom")

    def idle_and_attract(self) -> None:
        """The idle reset, the attract loop, a touch, then large text in high contrast."""
        k = self.kiosk
        k.idle.idle_timer.timeout.emit()
        self.expect("idle reset", lambda: k.nav.screen == "home" and k.reader.mode == "none")
        k.idle.attract_timer.timeout.emit()
        self.expect("attract", lambda: k.nav.screen == "attract")
        pump(700)
        self.shot("attract")

        tap(k.window, self.item("touchToStart"))
        self.expect("woken", lambda: k.nav.screen == "home")
        k.display.largeText = True
        k.display.highContrast = True
        self.expect("accessible", lambda: k.display.largeText)
        self.shot("home-large-contrast")
        k.display.reset()


def orientations(width: int, height: int) -> list[tuple[int, int]]:
    """The size in landscape, then in portrait."""
    long, short = max(width, height), min(width, height)
    return [(long, short), (short, long)]
