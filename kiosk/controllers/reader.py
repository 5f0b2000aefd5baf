"""The reader: pages from the document engine, turned by swipe or tap, zoomable.

Why it looks like this: the engine renders in its own process and answers
with futures; `Tasks.follow` brings each answer to the GUI thread, where it
becomes a QImage in the `PageProvider`. After every page turn the engine is
asked to prefetch the neighbours at the same size, and `next()` first asks the
engine's memory cache (`cached`) — so a swipe shows a prefetched page in the
same frame, without waiting for anything.

A tall page (a scroll poster: `library.documents.is_tall`) is read as a
strip instead: fitted to the reader's width, scrolled down with a finger,
drawn in bands (`render_band`) as they come near the view — the band in
view first, then its neighbours — and let go again when far away, so a
1080×8000 poster never becomes one 1920×14222 image. `BandList` holds the
bands for the QML column; the view reports what it shows (`setStripView`).

Modes: `pages` (PDF, EPUB, images — everything the engine opens), `text`
(bulletins: their body as large text), `video` (QtMultimedia in QML), and
`broken` (a calm card; the item is flagged so the librarian sees it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, QUrl, Signal, Slot

from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog, Item
from library.errors import DocumentError, LibraryError, NotFound
from library.stats import NullSink, StatsSink
from library.vietnamese import fold, syllables
from library.words import MEDIA_KINDS, TEXT_KINDS, has_text, shown_text

from ..images import PageProvider, page_image
from ..models.roles import USER_ROLE, RolesModel
from ..tasks import Tasks

if TYPE_CHECKING:  # loaded with the engine, when the first document opens
    from concurrent.futures import Future

    from library.documents.api import (
        DocumentEngine,
        DocumentInfo,
        PageWords,
        RenderedPage,
        Strip,
    )

log = logging.getLogger(__name__)

MAX_ZOOM = 4.0
ZOOM_LEVELS = (1.0, 1.5, 2.0, 3.0, 4.0)
THUMB_SIZE = (180, 250)

#: Bands drawn around the view: those within this many view heights above and below.
BANDS_NEAR = 1.0
#: Bands kept drawn: those within this many view heights; farther ones are let go.
BANDS_KEPT = 2.0
#: A band that could not be drawn is asked for again this many times by itself (the worker
#: restarts after a crash or a hang) before the visitor is shown it failed, with "Thử lại".
BAND_RETRIES = 1

EngineFactory = Callable[[], "DocumentEngine"]


class BandList(RolesModel):
    """The bands of the tall page on screen: where each lies, its image if drawn, and
    whether it could not be drawn (`failed`: the view says so and offers to try again)."""

    _NAMES = ("top", "rows", "source", "failed")

    failedChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(self._NAMES, parent)

    def _value(self, row: list[Any], name: str) -> Any:
        return row[self._NAMES.index(name)]

    def reset(self, strip: Strip | None) -> None:
        """A new layout (another page, width or zoom): every band undrawn."""
        had_failed = bool(self.failed())
        self.replace_rows([] if strip is None else [[*strip.band(i), "", False]
                                                    for i in range(strip.count)])
        if had_failed:
            self.failedChanged.emit()

    def set_source(self, band: int, source: str) -> None:
        if 0 <= band < len(self._rows) and self._rows[band][2] != source:
            self._rows[band][2] = source
            at = self.index(band, 0)
            self.dataChanged.emit(at, at, [USER_ROLE + 3])

    def source(self, band: int) -> str:
        return self._rows[band][2] if 0 <= band < len(self._rows) else ""

    def set_failed(self, band: int, failed: bool) -> None:
        if 0 <= band < len(self._rows) and self._rows[band][3] != failed:
            self._rows[band][3] = failed
            at = self.index(band, 0)
            self.dataChanged.emit(at, at, [USER_ROLE + 4])
            self.failedChanged.emit()

    def failed(self) -> list[int]:
        """The bands shown as not drawable (until tried again or scrolled far away)."""
        return [i for i, band in enumerate(self._rows) if band[3]]

    def _p_failed_spans(self) -> list[dict[str, int]]:
        spans: list[dict[str, int]] = []
        for top, rows, _source, failed in self._rows:
            if not failed:
                continue
            if spans and spans[-1]["top"] + spans[-1]["rows"] == top:
                spans[-1]["rows"] += rows
            else:
                spans.append({"top": top, "rows": rows})
        return spans

    #: The rows of the bands that could not be drawn, next ones joined ({top, rows}): the
    #: view says it once over each stretch, not once a band.
    failedSpans = Property("QVariantList", _p_failed_spans, notify=failedChanged)

    def drawn(self) -> list[int]:
        """The bands that have an image now."""
        return [i for i, band in enumerate(self._rows) if band[2]]


class ReaderController(QObject):
    """The open document, its page, zoom and the visitor's way back."""

    changed = Signal()  # item, mode, page count, toc
    pageChanged = Signal()
    imageChanged = Signal()
    zoomChanged = Signal()
    thumbReady = Signal(int, str)  # page, url
    hitsChanged = Signal()
    stripChanged = Signal()  # the tall page's layout (or none)

    def __init__(self, catalog: Catalog, engine: EngineFactory, tasks: Tasks,
                 provider: PageProvider, *, stats: StatsSink | None = None,
                 broken_in_memory: BrokenInMemory | None = None,
                 parent: QObject | None = None) -> None:
        """`broken_in_memory`: the kiosk's one set of items shut in memory, shared with
        «Nghe» and the loudspeaker (`KioskApp.broken_in_memory`); a set of its own if none."""
        super().__init__(parent)
        self._catalog = catalog
        self._engine_factory = engine
        self._engine: DocumentEngine | None = None
        self._tasks = tasks
        self._provider = provider
        self._stats: StatsSink = stats or NullSink()
        self._size = (1280, 720)
        self._last_pages: dict[str, int] = {}  # "back to where I was" per item, per visit
        self._read_pages: set[int] = set()
        self._generation = 0  # bumps on open/close: late answers for old documents are dropped
        #: items that failed and could not be flagged (the catalog read-only on a full disk):
        #: the next visitor gets their card at once, as with a flag
        self._broken_in_memory = broken_in_memory if broken_in_memory is not None \
            else BrokenInMemory()
        self._bands = BandList(self)
        self._old_bands = BandList(self)  # the previous layout's bands, shown meanwhile
        self._old_keys: list[str] = []
        self._old_scale = 1.0  # this layout's pixels per pixel of the previous one
        self._old_drawn_scale = 1.0  # pixels per point of the layout they were drawn at
        self._strip: Strip | None = None  # the tall page on screen, read as a strip
        self._band_jobs: dict[int, Future[RenderedPage]] = {}
        self._clear_document()
        self._sharpen = QTimer(self, singleShot=True, interval=180)
        self._sharpen.timeout.connect(self._request_current)

    # -- engine ---------------------------------------------------------------
    def engine(self) -> DocumentEngine:
        if self._engine is None:
            self._engine = self._engine_factory()
        return self._engine

    def warm_up(self) -> None:
        """Start the document worker ahead of the first page (after the home screen is up)."""
        try:
            self.engine()
        except (LibraryError, OSError, RuntimeError) as exc:
            log.warning("document engine not started: %s", exc)

    def rest_engine(self) -> None:
        """The visitor has gone: the document worker gives back what it kept for them
        (`DocumentEngine.rest`). An engine not started yet is left unstarted."""
        if self._engine is not None:
            self._engine.rest()

    def shutdown(self) -> None:
        """Stop the engine's worker (the station is closing)."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    # -- properties ------------------------------------------------------------
    def _p_item_id(self) -> str:
        return self._item.id if self._item else ""

    itemId = Property(str, _p_item_id, notify=changed)

    def _p_title(self) -> str:
        return self._item.title if self._item else ""

    title = Property(str, _p_title, notify=changed)

    def _p_kind(self) -> str:
        return self._item.kind if self._item else ""

    kind = Property(str, _p_kind, notify=changed)

    def _p_mode(self) -> str:
        return self._mode

    mode = Property(str, _p_mode, notify=changed)

    def _p_error(self) -> str:
        return self._error

    error = Property(str, _p_error, notify=changed)

    def _p_page_error(self) -> str:
        return self._page_error

    #: Why this one page shows no image (it could not be drawn); the others still turn.
    pageError = Property(str, _p_page_error, notify=imageChanged)

    def _p_count(self) -> int:
        return self._count

    pageCount = Property(int, _p_count, notify=changed)

    def _p_toc(self) -> list[dict[str, Any]]:
        return list(self._toc)

    toc = Property("QVariantList", _p_toc, notify=changed)

    def _p_text(self) -> str:
        if self._item is None or self._mode != "text":
            return ""
        # Without a first line repeating the title (the screen shows it already); "" when
        # the bulletin has no words, so the screen says it is empty (`library.words`).
        return shown_text(self._catalog, self._item)

    text = Property(str, _p_text, notify=changed)

    def _p_media(self) -> QUrl:
        if self._mode != "video" or self._path is None:
            return QUrl()
        return QUrl.fromLocalFile(str(self._path))

    mediaUrl = Property(QUrl, _p_media, notify=changed)

    def _p_page(self) -> int:
        return self._page

    page = Property(int, _p_page, notify=pageChanged)

    def _p_return(self) -> int:
        return self._return_page

    returnPage = Property(int, _p_return, notify=pageChanged)

    def _p_image(self) -> str:
        return self._image_url

    pageImage = Property(str, _p_image, notify=imageChanged)

    def _p_image_page(self) -> int:
        return self._image_page

    imagePage = Property(int, _p_image_page, notify=imageChanged)

    def _p_zoom(self) -> float:
        return self._zoom

    def _set_zoom(self, zoom: float) -> None:
        zoom = max(1.0, min(MAX_ZOOM, float(zoom)))
        if abs(zoom - self._zoom) < 1e-3:
            return
        self._zoom = zoom
        self.zoomChanged.emit()
        if self._mode == "pages":
            self._sharpen.start()  # a sharper render once the pinch settles

    zoom = Property(float, _p_zoom, _set_zoom, notify=zoomChanged)

    def _p_hits(self) -> list[int]:
        return list(self._hit_pages)

    hitPages = Property("QVariantList", _p_hits, notify=hitsChanged)

    def _p_hit_query(self) -> str:
        return self._hit_query

    hitQuery = Property(str, _p_hit_query, notify=hitsChanged)

    def _p_has_text(self) -> bool:
        return self._has_text

    # Whether any page of the open document has words to find: a scanned one (pictures
    # of pages) has none, and its search says so rather than "not in this document".
    hasText = Property(bool, _p_has_text, notify=changed)

    def _p_highlights(self) -> list[dict[str, float]]:
        return list(self._highlights)

    highlights = Property("QVariantList", _p_highlights, notify=hitsChanged)

    def _p_tall(self) -> bool:
        return self._strip is not None

    #: The page on screen is read as a strip (fitted to the width, scrolled down).
    tall = Property(bool, _p_tall, notify=stripChanged)

    def _p_strip_width(self) -> int:
        return self._strip.width if self._strip is not None else 0

    stripWidth = Property(int, _p_strip_width, notify=stripChanged)

    def _p_strip_height(self) -> int:
        return self._strip.height if self._strip is not None else 0

    stripHeight = Property(int, _p_strip_height, notify=stripChanged)

    def _p_strip_zoom(self) -> float:
        return self._strip_at[3] if self._strip_at is not None else 1.0

    #: The zoom the bands were drawn at (the view scales them by zoom / stripZoom meanwhile).
    stripZoom = Property(float, _p_strip_zoom, notify=stripChanged)

    def _p_bands(self) -> BandList:
        return self._bands

    def _p_strip_place(self) -> float:
        return self._strip_place

    #: The row (at `stripZoom`) the view starts at after the strip was laid out again at
    #: another width, so the visitor keeps the place; -1 when the view stays where it is.
    stripPlace = Property(float, _p_strip_place, notify=stripChanged)

    bands = Property(QObject, _p_bands, constant=True)

    def _p_old_bands(self) -> BandList:
        return self._old_bands

    #: The bands of the page's previous layout (another zoom or width), shown under the
    #: new ones until those in view are drawn; empty otherwise.
    oldBands = Property(QObject, _p_old_bands, constant=True)

    def _p_old_scale(self) -> float:
        return self._old_scale

    oldScale = Property(float, _p_old_scale, notify=stripChanged)

    # -- opening ----------------------------------------------------------------
    def open(self, item: Item, page: int = 0) -> None:
        """Open `item` at `page` (0: where this visitor left it, else page 1)."""
        self.close(remember=True)
        self._generation += 1
        self._item = item
        self._zoom = 1.0
        self._read_pages = set()
        self._page = page or self._last_pages.get(item.id, 1)
        self._count = max(1, item.page_count)
        try:
            self._path = self._catalog.object_path(item)
        except NotFound:
            self._path = None
        self._has_text = has_text(self._catalog, item)  # the detail screen's rule too
        if self._broken_in_memory.is_shut(item) or (
                self._path is None and item.kind not in TEXT_KINDS):
            # A clip says what the player itself says when it cannot play one, so the
            # visitor reads the same words the second time as the first.
            self._fail(_cannot_play() if item.kind in MEDIA_KINDS else _cannot_open())
            return
        if item.kind in TEXT_KINDS:
            self._mode = "text"
        elif item.kind in MEDIA_KINDS:
            self._mode = "video"
        else:
            self._mode = "loading"
            gen = self._generation
            try:
                future = self.engine().info(self._path)
            except (DocumentError, NotImplementedError, OSError) as exc:
                self._on_error(gen, exc)
                return
            self._tasks.follow(future, lambda info: self._on_info(gen, info),
                               lambda exc: self._on_error(gen, exc))
        self._page = max(1, min(self._page, self._count))
        self.changed.emit()
        self.zoomChanged.emit()
        self.pageChanged.emit()
        self._mark_read()

    def _on_info(self, gen: int, info: DocumentInfo) -> None:
        if gen != self._generation:
            return
        self._count = max(1, info.page_count)
        self._page_sizes = info.page_sizes
        self._toc = [{"title": e.title, "page": e.page, "level": e.level} for e in info.toc]
        self._mode = "pages"
        self._page = max(1, min(self._page, self._count))
        self.changed.emit()
        self.pageChanged.emit()
        self._request_current()

    def _on_error(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        log.warning("cannot open %s: %s", self._item.id if self._item else "?", exc)
        from library.documents.api import WorkerUnavailable, mark_broken

        # A file that fails is flagged for the librarian; a worker that cannot start is
        # the station's trouble: flagging would lock every later visitor out of the item.
        if (isinstance(exc, LibraryError) and not isinstance(exc, WorkerUnavailable)
                and self._item is not None):
            item_id, catalog = self._item.id, self._catalog
            self._broken_in_memory.flag(item_id, lambda: mark_broken(catalog, item_id),
                                        said=log)
        self._fail(_cannot_open())

    @Slot(str)
    def mediaFailed(self, reason: str) -> None:
        """The video player cannot decode this item's file (QML decides which errors count:
        a file the decoder rejects, not a stall): flag it for the librarian, as a document
        that cannot open is flagged — once: an item already flagged is left alone. The
        player shows its own card."""
        item = self._item
        if item is None or self._mode != "video":
            return
        from library.documents.api import mark_broken

        try:
            if self._broken_in_memory.is_shut(self._catalog.get(item.id)):
                return
        except LibraryError as gone:
            log.warning("cannot play %s: %s (%s)", item.id, reason, gone)
            return
        log.warning("cannot play %s: %s", item.id, reason)
        catalog, item_id = self._catalog, item.id
        # the disk refusing the flag: shut in memory (`library.broken_in_memory`)
        self._broken_in_memory.flag(item_id, lambda: mark_broken(catalog, item_id), said=log)

    def _fail(self, message: str) -> None:
        self._mode = "broken"
        self._error = message
        self._image_url = ""
        self.changed.emit()
        self.pageChanged.emit()
        self.imageChanged.emit()

    @Slot()
    def close(self, remember: bool = True) -> None:
        """Close the document (the idle reset calls it with `remember=False`)."""
        if self._item is not None and remember:
            self._last_pages[self._item.id] = self._page
        self._generation += 1
        self._clear_document()
        self._provider.clear()
        self.stripChanged.emit()
        self.changed.emit()
        self.pageChanged.emit()
        self.imageChanged.emit()
        self.zoomChanged.emit()
        self.hitsChanged.emit()

    def _clear_document(self) -> None:
        """No document open: the state the reader starts in and `close` returns to."""
        self._item: Item | None = None
        self._path: Path | None = None
        self._mode = "none"
        self._error = ""
        self._count = 0
        self._page = 1
        self._zoom = 1.0
        self._toc: list[dict[str, Any]] = []
        self._image_url = ""
        self._image_page = 0
        self._page_error = ""
        self._return_page = 0
        self._hit_pages: list[int] = []
        self._hit_query = ""
        self._highlights: list[dict[str, float]] = []
        # the pages' folded syllables, on the first find
        self._folded: list[frozenset[str]] | None = None
        self._has_text = False
        self._page_sizes: tuple[tuple[float, float], ...] = ()
        self._drop_strip()

    # -- tall pages -------------------------------------------------------------------
    def _drop_strip(self, *, keep_shown: bool = False) -> None:
        """Back to whole pages: the strip's requests cancelled, its band images let go.

        With `keep_shown` (the same page laid out again at another zoom or width)
        the bands drawn so far stay on screen, as `oldBands`, until the bands in
        view are drawn anew — so the poster does not blank out at every zoom step.
        """
        for job in self._band_jobs.values():
            job.cancel()
        strip, drawn = self._strip, self._bands.drawn()
        if not keep_shown or strip is None:
            self._drop_old()
            for band in drawn:  # none without a strip
                self._provider.drop(self._band_key(band))
        elif drawn:  # else nothing new is drawn yet: the old (if any) stay
            self._drop_old()
            self._old_keys = [self._band_key(band) for band in drawn]
            self._old_bands.replace_rows([[*strip.band(band), self._bands.source(band), False]
                                          for band in drawn])
            self._old_drawn_scale = strip.scale
        self._strip = None
        self._strip_at: tuple[str, int, int, float] | None = None  # item, page, width, zoom
        self._strip_place = -1.0  # where the view goes after a new width, or -1: it stays
        self._band_jobs = {}
        self._band_tries: dict[int, int] = {}  # failed attempts per band, this layout
        if not keep_shown:
            self._page_drawn = False  # a band of this page was shown (at any layout)
        self._view = (0.0, float(self._size[1]))  # rows of the strip in view
        self._bands.reset(None)

    def _drop_old(self) -> None:
        """Let go of the bands of the previous layout (the new ones in view are drawn)."""
        for key in self._old_keys:
            self._provider.drop(key)
        self._old_keys = []
        self._old_bands.reset(None)

    def _tall_page(self, page: int) -> bool:
        if not 1 <= page <= len(self._page_sizes):
            return False
        from library.documents.api import is_tall

        return is_tall(*self._page_sizes[page - 1], *self._size)

    def _band_key(self, band: int) -> str:
        assert self._strip_at is not None
        item, page, width, zoom = self._strip_at
        return f"{item}/{page}/band/{width}/{zoom:.2f}/{band}"

    def _request_strip(self) -> None:
        """Show the page on screen as a strip: its layout now, its bands near the view."""
        from library.documents.api import strip_layout

        assert self._item is not None
        at = (self._item.id, self._page, self._size[0], self._zoom)
        if at != self._strip_at:
            old = self._strip
            top = self._view[0] / old.height if old is not None and old.height else 0.0
            same_page = self._strip_at is not None and self._strip_at[:2] == at[:2]
            resized = same_page and self._strip_at[2] != at[2]
            self._drop_strip(keep_shown=same_page)
            if self._page_error and not same_page:  # a new page: its own outcome
                self._page_error = ""
                self.imageChanged.emit()
            self._strip = strip_layout(*self._page_sizes[self._page - 1], self._size[0],
                                       self._zoom)
            self._strip_at = at
            self._old_scale = self._strip.scale / self._old_drawn_scale if self._old_keys else 1.0
            self._bands.reset(self._strip)
            # The same page at another width or zoom: keep the place the visitor reads.
            start = top * self._strip.height if same_page else 0.0
            self._view = (start, start + self._size[1])
            # Another width (the screen turned): the view moves to the same place on the
            # poster. A new zoom keeps its own place (the view scales about its middle).
            self._strip_place = start if resized else -1.0
            self.stripChanged.emit()
        self._fetch_bands()

    @Slot(float, float)
    def setStripView(self, top: float, bottom: float) -> None:
        """The rows of the strip (at `stripZoom`) the visitor sees; bands follow the view."""
        if self._strip is None:
            return
        self._view = (max(0.0, float(top)), max(float(top), float(bottom)))
        self._fetch_bands()

    def _fetch_bands(self) -> None:
        """Draw the bands near the view (the one in view first), let go of far ones."""
        strip, path, at = self._strip, self._path, self._strip_at
        if strip is None or path is None or at is None:
            return
        top, bottom = self._view
        span = max(bottom - top, 1.0)
        near = strip.bands_between(top - BANDS_NEAR * span, bottom + BANDS_NEAR * span)
        kept = strip.bands_between(top - BANDS_KEPT * span, bottom + BANDS_KEPT * span)
        for band in [b for b in self._band_jobs if b not in near]:
            job = self._band_jobs[band]
            if job.cancel() or job.done():  # not yet drawn, or drawn (or failed) and handled
                del self._band_jobs[band]
                self._band_tries.pop(band, None)  # seen again later: a fresh start
                self._bands.set_failed(band, False)
        for band in self._bands.drawn():
            if band not in kept:
                self._provider.drop(self._band_key(band))
                self._bands.set_source(band, "")
        middle = (top + bottom) / 2
        in_view = strip.bands_between(top, bottom)

        def order(band: int) -> tuple[bool, float]:  # those in view first, nearest the middle
            first, rows = strip.band(band)
            return band not in in_view, abs(first + rows / 2 - middle)

        wanted = sorted(near, key=order)
        _item, page, width, zoom = at
        gen = self._generation
        engine = self.engine()
        for band in wanted:
            if self._bands.source(band) or band in self._band_jobs:
                continue
            try:
                job = engine.render_band(path, page, width, band, zoom)
            except (DocumentError, NotImplementedError, OSError) as exc:
                self._on_error(gen, exc)
                return
            self._band_jobs[band] = job
            self._tasks.follow(job, lambda r, b=band, j=job: self._on_band(gen, at, b, j, r),
                               lambda exc, b=band, j=job: self._on_band_error(gen, at, b, j, exc))

    def _on_band(self, gen: int, at: tuple[str, int, int, float], band: int,
                 job: Future[RenderedPage], rendered: RenderedPage) -> None:
        if gen != self._generation or at != self._strip_at or self._band_jobs.get(band) is not job:
            return  # another page, width or zoom since; or the band went far meanwhile
        url = self._provider.put(self._band_key(band), page_image(rendered), pinned=True)
        self._bands.set_source(band, url)
        self._bands.set_failed(band, False)
        self._band_tries.pop(band, None)
        self._page_drawn = True
        if self._old_keys and self._strip is not None and all(
                self._bands.source(b) for b in self._strip.bands_between(*self._view)):
            self._drop_old()
        if self._image_page != at[1] or not self._image_url or self._page_error:
            self._image_url, self._image_page, self._page_error = url, at[1], ""
            self.imageChanged.emit()

    def _on_band_error(self, gen: int, at: tuple[str, int, int, float], band: int,
                       job: Future[RenderedPage], exc: BaseException) -> None:
        """A band could not be drawn: asked for again at once (`BAND_RETRIES`: the
        worker restarts after a hang or a crash, and a passing fault passes), then
        marked failed — the view says so over the band and offers "Thử lại"
        (`retryBands`). When nothing of the page has shown, the calm line instead.

        A band cancelled while still wanted was given up by the engine, because
        another band of the page failed just before: it counts as a failure too
        (the same page most likely fails the same way). Requests the view let go
        of are no longer in `_band_jobs` and are no failure at all.
        """
        from concurrent.futures import CancelledError  # not before the first frame

        if gen != self._generation or at != self._strip_at or self._band_jobs.get(band) is not job:
            return  # another layout since, or the band left the view before it was drawn
        if isinstance(exc, CancelledError):
            log.info("band %d of page %d of %s given up with another", band, at[1], at[0])
        else:
            log.warning("band %d of page %d of %s cannot be drawn: %s", band, at[1], at[0], exc)
        self._drop_old()  # the old layout would stand in for it for good
        tries = self._band_tries[band] = self._band_tries.get(band, 0) + 1
        if tries <= BAND_RETRIES:
            del self._band_jobs[band]
            self._fetch_bands()
            return
        self._bands.set_failed(band, True)
        if not self._page_drawn and not self._bands.drawn() and not self._page_error:
            self._page_failed()

    @Slot()
    def retryBands(self) -> None:
        """The visitor's "Thử lại": the bands that could not be drawn are asked for again
        (one more failure shows the message again at once, without a second wait)."""
        if self._strip is None:
            return
        for band in self._bands.failed():
            self._bands.set_failed(band, False)
            self._band_jobs.pop(band, None)
            self._band_tries[band] = BAND_RETRIES
        if self._page_error:
            self._page_error = ""
            self.imageChanged.emit()
        self._fetch_bands()

    def _page_failed(self) -> None:
        """The page on screen cannot be drawn: no image, and the calm line to turn on to
        another page — or, with no other page to turn to (a one-page poster), to choose
        another document.

        A document a sync or a terminal removed while it was open has no page
        left to turn to: the calm card instead, as for a document that cannot open.
        """
        if self._path is not None and not self._path.exists():
            log.warning("the open document's file is gone: %s", self._path)
            self._fail(_cannot_open())
            return
        self._page_error = _cannot_open() if self._count <= 1 else QCoreApplication.translate(
            "Reader", "Trang này tạm thời chưa hiển thị được. Mời bạn lật sang trang khác.")
        self._image_url = ""
        self.imageChanged.emit()

    def forget(self) -> None:
        """Drop every visitor trace: open document and remembered pages (idle reset)."""
        self.close(remember=False)
        self._last_pages.clear()

    # -- viewport and pages -------------------------------------------------------
    @Slot(int, int)
    def setViewport(self, width: int, height: int) -> None:
        """The page area's size in device pixels; pages are rendered to fit it."""
        size = (max(64, int(width)), max(64, int(height)))
        if size != self._size:
            self._size = size
            if self._mode == "pages":
                self._request_current()

    def _key(self, page: int, zoom: float) -> str:
        w, h = self._size
        return f"{self._item.id if self._item else ''}/{page}/{w}x{h}/{zoom:.2f}"

    def _show(self, page: int, zoom: float, rendered: RenderedPage) -> None:
        url = self._provider.put(self._key(page, zoom), page_image(rendered))
        self._image_url = url
        self._image_page = page
        self._page_error = ""
        self.imageChanged.emit()

    def _on_page_error(self, gen: int, page: int, zoom: float, exc: BaseException) -> None:
        """One page could not be drawn (it took too long, or the worker died on it).

        The document opened, so the rest of it may be fine: this page shows a
        calm line and the visitor turns on. The item is not flagged: a page too
        heavy once is no reason to keep every later visitor out of the book.
        """
        if gen != self._generation or page != self._page or zoom != self._zoom:
            return
        log.warning("page %d of %s cannot be drawn: %s", page,
                    self._item.id if self._item else "?", exc)
        self._page_failed()

    def _request_current(self) -> None:
        if self._mode != "pages" or self._path is None:
            return
        gen = self._generation
        try:
            if self._tall_page(self._page):
                self._request_strip()
            else:
                self._request_page()
        except (DocumentError, NotImplementedError, OSError) as exc:
            self._on_error(gen, exc)
        self._load_highlights()

    def _request_page(self) -> None:
        """Show the page on screen whole: from the images made ready, else rendered."""
        assert self._path is not None
        if self._strip is not None:  # a whole page again (another page, or turned screen)
            self._drop_strip()
            self.stripChanged.emit()
        page, zoom, gen = self._page, self._zoom, self._generation
        had_error, self._page_error = bool(self._page_error), ""  # a new page: its own outcome
        w, h = self._size
        engine = self.engine()
        key = self._key(page, zoom)
        if self._provider.has(key):  # made ready beforehand: the turn is just a new URL
            self._image_url, self._image_page = self._provider.url(key), page
            self.imageChanged.emit()
        else:
            ready = engine.cached(self._path, page, w, h, zoom)
            if ready is not None:
                self._show(page, zoom, ready)
            else:
                if had_error:
                    self.imageChanged.emit()
                self._tasks.follow(engine.render(self._path, page, w, h, zoom),
                                   lambda r: self._on_page(gen, page, zoom, r),
                                   lambda exc: self._on_page_error(gen, page, zoom, exc))
        if zoom == 1.0:
            engine.prefetch(self._path, page, w, h, 1.0)
            self._prepare_neighbours(engine, page)

    def _prepare_neighbours(self, engine: DocumentEngine, page: int) -> None:
        """Turn the neighbours' pixels into QImages as they arrive, before any swipe."""
        assert self._path is not None
        gen = self._generation
        w, h = self._size
        for near in (page + 1, page - 1):
            if not 1 <= near <= self._count or self._provider.has(self._key(near, 1.0)):
                continue

            def ready(rendered: RenderedPage, near: int = near) -> None:
                if gen == self._generation and self._size == (w, h):
                    self._provider.put(self._key(near, 1.0), page_image(rendered))

            self._tasks.follow(engine.render(self._path, near, w, h, 1.0), ready,
                               lambda exc: log.info("neighbour page not ready: %s", exc))

    def _on_page(self, gen: int, page: int, zoom: float, rendered: RenderedPage) -> None:
        if gen == self._generation and page == self._page and zoom == self._zoom:
            self._show(page, zoom, rendered)

    def _mark_read(self) -> None:
        if self._item is not None and self._mode != "broken" and \
                self._page not in self._read_pages:
            self._read_pages.add(self._page)
            self._stats.page_read(self._item.id)

    @Slot(int)
    def goTo(self, page: int) -> None:
        """Turn to `page` (swipe, tap zone, slider); zoom goes back to the whole page."""
        if self._item is None or self._mode not in ("pages", "loading"):
            return
        page = max(1, min(int(page), self._count))
        if page == self._page:
            return
        self._page = page
        self._zoom = 1.0
        self.zoomChanged.emit()
        self.pageChanged.emit()
        self._mark_read()
        self._request_current()

    @Slot(int)
    def jump(self, page: int) -> None:
        """A jump (contents, slider, search hit): remember where the visitor was."""
        if page != self._page:
            self._return_page = self._page
        self.goTo(page)
        self.pageChanged.emit()

    @Slot()
    def returnBack(self) -> None:
        """Back to the page before the last jump."""
        if self._return_page:
            target, self._return_page = self._return_page, 0
            self.goTo(target)
            self.pageChanged.emit()

    @Slot()
    def next(self) -> None:
        self.goTo(self._page + 1)

    @Slot()
    def previous(self) -> None:
        self.goTo(self._page - 1)

    @Slot()
    def toggleZoom(self) -> None:
        """Double tap: 2× or back to the whole page."""
        self._set_zoom(1.0 if self._zoom > 1.0 else 2.0)

    @Slot(int)
    def zoomStep(self, direction: int) -> None:
        """The zoom buttons: the next level up or down (1, 1.5, 2, 3, 4)."""
        if direction > 0:
            bigger = [z for z in ZOOM_LEVELS if z > self._zoom + 1e-3]
            self._set_zoom(bigger[0] if bigger else MAX_ZOOM)
        else:
            smaller = [z for z in ZOOM_LEVELS if z < self._zoom - 1e-3]
            self._set_zoom(smaller[-1] if smaller else 1.0)

    @Slot(int)
    def requestThumb(self, page: int) -> None:
        """A small picture of `page` for the slider; answers with `thumbReady`."""
        if self._mode != "pages" or self._path is None or not 1 <= page <= self._count:
            return
        key = f"thumb/{self._item.id if self._item else ''}/{page}"
        if self._provider.has(key):
            self.thumbReady.emit(page, f"image://page/{key}")
            return
        gen = self._generation

        def done(rendered: RenderedPage) -> None:
            if gen == self._generation:
                self.thumbReady.emit(page, self._provider.put(key, page_image(rendered)))

        def failed(exc: BaseException) -> None:
            log.info("no thumbnail: %s", exc)
            if gen == self._generation:  # the bubble lets go of the page it showed before
                self.thumbReady.emit(page, "")

        try:
            self._tasks.follow(self.engine().render(self._path, page, *THUMB_SIZE), done, failed)
        except (DocumentError, NotImplementedError, OSError) as exc:
            failed(exc)  # refused at once: the same as failing later

    # -- search inside the document -------------------------------------------------
    @Slot(str)
    def find(self, query: str) -> None:
        """Pages with a word starting with each syllable of `query` (as the page marks
        them); jumps to the first at or after this page.

        Why the start of a word, not anywhere in the text: Vietnamese syllables are
        short, and inside others once folded ("an" in "dân", "văn"; "hoa" in "thoại"),
        so a page would count as a hit with no word on it to mark."""
        terms = syllables(fold(query))
        self._hit_query = query.strip()
        self._hit_pages = []
        if self._item is not None and terms:
            self._hit_pages = [number for number, words in enumerate(self._folded_pages(), 1)
                               if all(_has_word_starting(words, t) for t in terms)]
        self.hitsChanged.emit()
        if self._hit_pages:
            after = [p for p in self._hit_pages if p >= self._page]
            self.jump(after[0] if after else self._hit_pages[0])
        self._load_highlights()

    def _folded_pages(self) -> list[frozenset[str]]:
        """The open document's pages as sets of folded syllables, made once: a visitor
        refines a search word by word, and folding a long book again on every try would
        stall the screen."""
        if self._folded is None:
            assert self._item is not None
            self._folded = [frozenset(syllables(fold(text)))
                            for text in self._catalog.pages(self._item.id)]
        return self._folded

    @Slot()
    def clearFind(self) -> None:
        self._hit_pages, self._hit_query, self._highlights = [], "", []
        self.hitsChanged.emit()

    def _load_highlights(self) -> None:
        """Boxes (0..1 of the page) of words matching the in-document search on this page."""
        self._highlights = []
        self.hitsChanged.emit()
        if not self._hit_query or self._page not in self._hit_pages or self._path is None:
            return
        terms = syllables(fold(self._hit_query))
        page, gen = self._page, self._generation

        def done(words: PageWords) -> None:
            if gen != self._generation or page != self._page:
                return
            boxes = []
            for word in words.words:
                # "(hoá," is marked for "hoa": the syllables of the word, not its edges
                parts = syllables(fold(word.text))
                if any(_has_word_starting(parts, t) for t in terms):
                    boxes.append({"x": word.x0 / words.width, "y": word.y0 / words.height,
                                  "w": (word.x1 - word.x0) / words.width,
                                  "h": (word.y1 - word.y0) / words.height})
            self._highlights = boxes
            self.hitsChanged.emit()

        try:
            self._tasks.follow(self.engine().words(self._path, page), done,
                               lambda exc: log.info("no word boxes: %s", exc))
        except (DocumentError, NotImplementedError, OSError) as exc:
            log.info("no word boxes: %s", exc)

    def state(self) -> dict[str, Any]:
        return {"item": self._p_item_id(), "mode": self._mode, "page": self._page,
                "page_count": self._count, "zoom": round(self._zoom, 3),
                "image_page": self._image_page, "hit_pages": list(self._hit_pages)}


def _has_word_starting(words: frozenset[str] | list[str], term: str) -> bool:
    """Whether a folded syllable among `words` is `term` or starts with it (the last word
    of a search is typed as it goes: "chuy" finds "chuyển")."""
    return term in words or any(word.startswith(term) for word in words)


def _cannot_play() -> str:
    """The calm card's words for a clip (the video player's own, translated alike)."""
    return QCoreApplication.translate(
        "Reader", "Video này tạm thời chưa phát được. Mời bạn chọn mục khác.")


def _cannot_open() -> str:
    """The calm card's words (through Qt's translation system)."""
    return QCoreApplication.translate(
        "Reader", "Tài liệu này tạm thời chưa mở được. Mời bạn chọn tài liệu khác.")
