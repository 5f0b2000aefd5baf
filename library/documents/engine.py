"""The document engine: one worker process, page caches, prefetch, futures.

Requests go into a priority queue (what a visitor waits for before
prefetch) drained by one dispatcher thread that talks to the worker
(`process.WorkerProcess`); results come back as futures. Rendered pages go
into the memory cache and, through a background I/O thread, the disk cache.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import math
import queue
import shutil
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from library.config import DEFAULTS
from library.errors import DocumentError

from .model import DocumentInfo, MediaInfo, PageWords, RenderedPage, TocEntry, Word
from .pagecache import DiskCache, MemoryCache, PageKey
from .process import WorkerProcess
from .slots import SLOT_BYTES, Cost

if TYPE_CHECKING:
    from library.catalog import Catalog
    from library.config import Config
    from library.extract import Extraction

log = logging.getLogger(__name__)


#: Priorities of queued work: what a visitor waits for goes before prefetch.
_NOW, _AHEAD, _LAST = 0, 1, 2
#: Pages rendered ahead of page N: the next two, then the previous one.
PREFETCH_OFFSETS = (1, 2, -1)
#: Pages of text asked for per request during extraction (each bounded by the timeout).
TEXT_CHUNK = 25
#: Documents whose `info` is remembered (a reopened book answers at once).
INFO_CACHE = 32
#: Bounds of `documents.timeout_s`: below, no page could ever finish; above, a hung
#: worker would hold the reader for hours (and the pipe's poll overflows past ~2**31 s).
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.5, 3600.0
#: Smallest worker memory limit: Python with MuPDF needs this much address space just
#: to start; a smaller `documents.memory_limit_mb` would make every file "unreadable".
MIN_MEMORY_LIMIT_MB = 256
DEFAULT_TIMEOUT_S = float(DEFAULTS["documents"]["timeout_s"])


def sane_timeout(value: float) -> float:
    """`documents.timeout_s` as the engine can use it: bounded, and the default if unusable."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        log.warning("documents.timeout_s = %r is not a usable time; using %g s",
                    value, DEFAULT_TIMEOUT_S)
        return DEFAULT_TIMEOUT_S
    return min(max(seconds, MIN_TIMEOUT_S), MAX_TIMEOUT_S)


def sane_memory_limit(value: int) -> int:
    """`documents.memory_limit_mb` as the worker can use it: 0 or less is no limit,
    and a limit too small to start MuPDF is raised to the smallest that works."""
    megabytes = int(value)
    if megabytes <= 0:
        return 0
    return max(megabytes, MIN_MEMORY_LIMIT_MB)


@dataclass(eq=False)
class _Job:
    priority: int
    op: str
    args: dict[str, Any]
    future: Future[Any]
    key: Any = None  # PageKey of a render
    started: bool = False


#: Bands of a tall page kept on disk: its first screen, so a poster opened again shows
#: its top at once. The rest stay in memory only: one scroll down a 1:40 poster is
#: ~50 bands of 8 MB, which would push every book's pages out of the disk cache.
DISK_BANDS = 2


class DocumentEngine:
    """One per process: owns the worker process, the page caches and prefetch.

    Thread-safe: every method may be called from any thread (the kiosk calls
    from its GUI thread; futures complete on the engine's dispatcher thread,
    so hand their results to the GUI thread yourself). One dispatcher thread
    feeds the single worker, interactive requests before prefetch.

    `cache_dir` is the data folder's `cache/`; pages go to its `pages/`
    subfolder (None: memory cache only). `standby_worker` keeps a second,
    idle worker ready so a restart after a crash takes milliseconds (the
    station wants it; a one-shot command does not).
    """

    def __init__(self, *, cache_dir: Path | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
                 memory_limit_mb: int = 1024, memory_cache_mb: int = 256,
                 disk_cache_mb: int = 512, standby_worker: bool = True) -> None:
        self.timeout_s = sane_timeout(timeout_s)
        memory_limit_mb = sane_memory_limit(memory_limit_mb)
        self.memory_cache = MemoryCache(memory_cache_mb * 1024 * 1024)
        self.disk_cache = (DiskCache(Path(cache_dir) / "pages", disk_cache_mb * 1024 * 1024)
                           if cache_dir is not None and disk_cache_mb > 0 else None)
        if cache_dir is not None and self.disk_cache is None:
            # the disk cache switched off (`documents.disk_cache_mb = 0`): the pages an
            # earlier setting cached (up to its cap) would never be read, nor trimmed
            shutil.rmtree(Path(cache_dir) / "pages", ignore_errors=True)
        # Pages are drawn into shared slots as large as the memory cache (at least
        # a page and its three prefetched neighbours, and the slot the worker keeps
        # free to whiten: without it the page shown, the oldest of the four, left
        # memory at every turn), handed over without a copy.
        arena = max(memory_cache_mb * 1024 * 1024, (len(PREFETCH_OFFSETS) + 2) * SLOT_BYTES)
        self.worker = WorkerProcess(memory_limit_mb=memory_limit_mb, standby=standby_worker,
                                    arena_bytes=arena)
        self.worker.price_pages = self._cost_to_lose
        self.worker.let_go = self.memory_cache.let_go
        #: The page the visitor reads (the last one prefetched around), at zoom 1.
        self._shown: PageKey | None = None
        self._lock = threading.Lock()
        self._queue: queue.PriorityQueue[tuple[int, int, _Job | None]] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._inflight: dict[Any, _Job] = {}
        self._ahead: dict[Any, _Job] = {}  # queued prefetch renders
        self._infos: OrderedDict[str, DocumentInfo] = OrderedDict()  # by document identity
        self._closed = False
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cafesach-page-io")
        self.worker.start()  # spawning overlaps with whatever the caller does next
        self._thread = threading.Thread(target=self._dispatch, name="cafesach-documents",
                                        daemon=True)
        self._thread.start()

    @classmethod
    def for_station(cls, config: Config | None, **options: Any) -> DocumentEngine:
        """An engine with the station's `documents.*` settings (the defaults without a
        config), so the kiosk and every command read files under the same limits;
        `options` (cache folder, memory cache, standby worker) are the caller's own."""
        def setting(key: str) -> Any:
            return config.get("documents", key) if config is not None \
                else DEFAULTS["documents"][key]

        options.setdefault("disk_cache_mb", int(setting("disk_cache_mb")))
        return cls(timeout_s=setting("timeout_s"),
                   memory_limit_mb=int(setting("memory_limit_mb")), **options)

    # -- queue ----------------------------------------------------------------
    def _submit(self, op: str, args: dict[str, Any], priority: int = _NOW,
                key: Any = None) -> _Job:
        job = _Job(priority, op, args, Future(), key)
        if self._closed:
            job.future.set_exception(DocumentError("the document engine is closed"))
            return job
        self._queue.put((priority, next(self._seq), job))
        return job

    def _dispatch(self) -> None:
        while True:
            _priority, _seq, job = self._queue.get()
            if job is None:
                return
            if self._claim(job):  # not cancelled, nor a promoted prefetch queued twice
                self._run(job)
            del job  # its future holds the page: do not keep it while waiting for the next

    def _run(self, job: _Job) -> None:
        """One request to its future; no page outlives this call here, so its slots
        come back as soon as the caller and the cache let go of it."""
        try:
            value, pixels = self.worker.call(job.op, job.args, self.timeout_s,
                                             page_size=self._page_size(job.key),
                                             owner=job.key)
            result = self._result(job, value, pixels)
        except DocumentError as exc:
            self._forget(job)
            if job.key is not None and job.key.band >= 0:
                self._give_up_bands(job.key)
            job.future.set_exception(exc)
            return
        except Exception as exc:  # a bug here must not kill the dispatcher
            log.exception("document request %s failed", job.op)
            self._forget(job)
            job.future.set_exception(DocumentError(f"{type(exc).__name__}: {exc}"))
            return
        self._forget(job)
        job.future.set_result(result)

    def _page_size(self, key: PageKey | None) -> tuple[float, float] | None:
        """The size in points of the whole page a render draws, from the document's
        `info` (None when not known yet, or for a band): the worker's shared slots
        are reserved for that page's own output, not for the whole zoomed box."""
        if key is None or key.band >= 0:
            return None
        with self._lock:
            known = self._infos.get(key.document)
        if known is None or not 1 <= key.page <= len(known.page_sizes):
            return None
        width, height = known.page_sizes[key.page - 1]
        return float(width), float(height)

    def _cost_to_lose(self, keys: Sequence[Hashable]) -> dict[Hashable, Cost]:
        """What letting go of each cached page among `keys` costs, for the worker to
        pick the run of shared slots to free (`slots.PageArena.cheapest_run`).

        Compared place by place, summed over a run's pages: the page the visitor
        reads, then its prefetched neighbours (N+1, N+2, N−1: what a zoom out or
        the next turn shows at once), then how many pages (each one drawn
        again if asked), then how recently each was used. So a run holding
        neither the page shown nor its neighbours is taken whenever there is
        one, and of the rest the one losing the fewest, oldest pages. Pages not
        in the memory cache, or cached as bytes of their own (read back from
        disk), are left out: letting go of them frees no slot (`recency`).
        """
        used = self.memory_cache.recency(keys)
        shown = self._shown
        costs: dict[Hashable, Cost] = {}
        for key, recency in used.items():
            on_screen = near = 0
            if shown is not None and isinstance(key, PageKey) and key.same_view(shown):
                on_screen = int(key.page == shown.page)
                near = int(key.page - shown.page in PREFETCH_OFFSETS)
            costs[key] = (on_screen, near, 1, recency)
        return costs

    def _claim(self, job: _Job) -> bool:
        """Take a job to run it: exactly once, and never a cancelled one."""
        with self._lock:
            if job.started:
                return False
            job.started = True
        if job.future.set_running_or_notify_cancel():
            return True
        self._forget(job)
        return False

    def _forget(self, job: _Job) -> None:
        if job.key is None:
            return
        with self._lock:
            if self._inflight.get(job.key) is job:
                del self._inflight[job.key]
            if self._ahead.get(job.key) is job:
                del self._ahead[job.key]

    def _result(self, job: _Job, value: Any, pixels: bytes | memoryview | None) -> Any:
        if job.op == "render":
            if pixels is None:
                raise DocumentError("the worker sent no pixels")
            page = RenderedPage(data=pixels, **value)
            self._store(job.key, page)
            return page
        if job.op == "info":
            info = DocumentInfo(
                page_count=value["page_count"], title=value["title"],
                authors=tuple(value["authors"]),
                toc=tuple(TocEntry(*entry) for entry in value["toc"]),
                scanned=value["scanned"], media_type=value["media_type"],
                page_sizes=tuple(tuple(size) for size in value["page_sizes"]),
                repaired=bool(value.get("repaired")),
                missing_chapters=tuple(value.get("missing_chapters", ())),
                legacy_encoding=value.get("legacy_encoding"),
            )
            with self._lock:
                self._infos[job.args["document"]] = info
                while len(self._infos) > INFO_CACHE:
                    self._infos.popitem(last=False)
            return info
        if job.op == "words":
            return PageWords(value["page"], value["width"], value["height"],
                             tuple(Word(*w) for w in value["words"]))
        return value

    def _store(self, key: PageKey, page: RenderedPage) -> None:
        self.memory_cache.put(key, page)
        if key.band >= DISK_BANDS:
            return  # further down a poster: memory only (see DISK_BANDS)
        if self.disk_cache is not None and not self._closed:
            disk = self.disk_cache
            with contextlib.suppress(RuntimeError):  # closing: the cache is optional
                self._io.submit(disk.put, key, page)

    # -- rendering ------------------------------------------------------------
    def _render_job(self, key: Any, path: Path, priority: int) -> Future[RenderedPage]:
        """Queue a render (or join the one in flight); the disk cache is tried first."""
        with self._lock:
            job = self._inflight.get(key)
            if job is not None and not job.future.cancelled():
                if priority == _NOW and job.priority == _AHEAD and not job.started:
                    job.priority = _NOW  # a visitor waits for it now: jump the queue
                    self._ahead.pop(key, None)
                    self._queue.put((_NOW, next(self._seq), job))
                return job.future
            args = {"path": str(path), "page": key.page, "width": key.width,
                    "height": key.height, "zoom": key.zoom}
            if key.band >= 0:
                args["band"] = key.band
            job = _Job(priority, "render", args, Future(), key)
            self._inflight[key] = job
            if priority == _AHEAD:
                self._ahead[key] = job
        if self._closed:
            self._forget(job)
            job.future.set_exception(DocumentError("the document engine is closed"))
        elif self.disk_cache is None:
            self._queue.put((priority, next(self._seq), job))
        else:
            try:
                self._io.submit(self._from_disk_or_queue, job)
            except RuntimeError:
                self._forget(job)
                job.future.set_exception(DocumentError("the document engine is closed"))
        return job.future

    def _from_disk_or_queue(self, job: _Job) -> None:
        page = self.disk_cache.get(job.key) if self.disk_cache is not None else None
        if page is None:
            self._queue.put((job.priority, next(self._seq), job))
            return
        if not self._claim(job):
            return
        self.memory_cache.put(job.key, page)
        self._forget(job)
        job.future.set_result(page)

    def _give_up_bands(self, key: PageKey) -> None:
        """Cancel the queued bands of the page a band of which just failed.

        They would most likely fail the same way (a page that hangs MuPDF hangs it
        in every band), each holding the worker for a whole timeout while the
        visitor, gone back, waits for the next document. Asked for again, they run.
        """
        with self._lock:
            for other, job in list(self._inflight.items()):
                if (other.band >= 0 and other[:5] == key[:5] and not job.started
                        and job.future.cancel()):
                    del self._inflight[other]

    def _cancel_stale(self, key: Any, *, same_document_only: bool) -> None:
        """Cancel queued prefetch renders made for another size, zoom or document."""
        with self._lock:
            for other, job in list(self._ahead.items()):
                if other.same_view(key):
                    continue
                if same_document_only and other.document != key.document:
                    continue
                if job.future.cancel():
                    del self._ahead[other]
                    if self._inflight.get(other) is job:
                        del self._inflight[other]

    def _missing_chapter(self, key: PageKey) -> Future[RenderedPage] | None:
        """A failed future for a page known (`info`) to be an EPUB chapter MuPDF cannot
        read: drawn, it would be MuPDF's own English error line, never the chapter."""
        with self._lock:
            known = self._infos.get(key.document)
        if known is None or key.page not in known.missing_chapters:
            return None
        failed: Future[RenderedPage] = Future()
        failed.set_exception(DocumentError(
            f"page {key.page}: a chapter that cannot be read (missing from the file)"))
        return failed

    def render(self, path: Path, page: int, width: int, height: int,
               zoom: float = 1.0) -> Future[RenderedPage]:
        """Page `page` (1-based) fitted into width×height keeping its aspect, times zoom.

        Output pixels are capped (a huge page or zoom is scaled down). Served
        from the memory or disk cache when there; otherwise rendered before
        any queued prefetch. A chapter known to be unreadable fails at once.
        """
        resolved = Path(path).resolve()
        key = PageKey.of(resolved, page, width, height, zoom)
        missing = self._missing_chapter(key)
        if missing is not None:
            return missing
        cached = self.memory_cache.get(key)
        if cached is not None:
            return _done(cached)
        self._cancel_stale(key, same_document_only=True)
        return self._render_job(key, resolved, _NOW)

    def render_band(self, path: Path, page: int, width: int, band: int,
                    zoom: float = 1.0) -> Future[RenderedPage]:
        """Band `band` (0-based) of page `page` fitted to `width` pixels times `zoom`.

        For tall pages read as a strip: `strip.strip_layout` of the page's
        size (`DocumentInfo.page_sizes`) says how many bands there are and
        where each lies. Cached like pages; queued like a page the visitor
        waits for, in the order asked (ask for the band in view first).
        """
        resolved = Path(path).resolve()
        key = PageKey.of_band(resolved, page, width, zoom, band)
        cached = self.memory_cache.get(key)
        if cached is not None:
            return _done(cached)
        return self._render_job(key, resolved, _NOW)

    def prefetch(self, path: Path, page: int, width: int, height: int,
                 zoom: float = 1.0) -> None:
        """Render N+1, N+2, N−1 ahead at this size; a new size/zoom cancels stale work."""
        resolved = Path(path).resolve()
        key = PageKey.of(resolved, page, width, height, zoom)
        self._cancel_stale(key, same_document_only=False)
        with self._lock:
            self._shown = key  # the page read: it and these neighbours are let go last
            known = self._infos.get(key.document)
        count = known.page_count if known is not None else None
        missing = known.missing_chapters if known is not None else ()
        for offset in PREFETCH_OFFSETS:
            number = page + offset
            if number < 1 or (count is not None and number > count) or number in missing:
                continue
            ahead = key._replace(page=number)
            if self.memory_cache.get(ahead) is None:
                self._render_job(ahead, resolved, _AHEAD)

    def cached(self, path: Path, page: int, width: int, height: int,
               zoom: float = 1.0) -> RenderedPage | None:
        """The page from the memory cache, instantly, or None."""
        return self.memory_cache.get(PageKey.of(Path(path).resolve(), page, width, height, zoom))

    # -- reading ----------------------------------------------------------------
    def info(self, path: Path) -> Future[DocumentInfo]:
        """Page count, metadata, table of contents, page sizes."""
        resolved = Path(path).resolve()
        document = PageKey.of(resolved, 1, 1, 1, 1.0).document
        with self._lock:
            known = self._infos.get(document)
        if known is not None:
            return _done(known)
        return self._submit("info", {"path": str(resolved), "document": document}).future

    def text(self, path: Path, page: int | None = None,
             last: int | None = None) -> Future[list[str]]:
        """Plain text of one page (a one-element list), of pages page…last, or of every page.

        One request, under the timeout: read a long book a chunk of pages at a time.
        """
        return self._submit("text", {"path": str(Path(path).resolve()), "page": page,
                                     "last": last}).future

    def words(self, path: Path, page: int) -> Future[PageWords]:
        """Words with boxes of one page, for read-aloud highlighting and hits."""
        return self._submit("words", {"path": str(Path(path).resolve()), "page": page}).future

    def cover(self, path: Path, width: int = 360) -> Future[bytes]:
        """A PNG of the first page, `width` pixels wide (for the catalog, not the hot path)."""
        return self._submit("cover", {"path": str(Path(path).resolve()), "width": width}).future

    def extract(self, path: Path) -> Extraction:
        """Blocking: metadata, per-page text, cover — what `library.extract` returns.

        Text is read in chunks of pages, each its own request under the
        timeout, so a long book is fine and one endless page is not.
        """
        from library.extract import looks_scanned

        resolved = str(Path(path).resolve())
        extraction = self._wait(self._submit("extract", {"path": resolved,
                                                         "with_text": False}).future)
        pages = self.all_text(path, extraction.page_count)
        extraction.pages = pages
        extraction.scanned = looks_scanned(extraction.media_type, pages)
        return extraction

    def all_text(self, path: Path, page_count: int) -> list[str]:
        """Blocking: the text of every page, read `TEXT_CHUNK` pages a request, each
        under the timeout, so a long book is read whole and one endless page is not."""
        resolved = str(Path(path).resolve())
        pages: list[str] = []
        for first in range(1, page_count + 1, TEXT_CHUNK):
            last = min(first + TEXT_CHUNK - 1, page_count)
            pages += self._wait(self._submit("text", {"path": resolved, "page": first,
                                                      "last": last}).future)
        return pages

    def media(self, path: Path) -> MediaInfo:
        """Blocking: duration and poster frame of a video/audio file (no MuPDF)."""
        from .media import probe

        return probe(Path(path))

    def _wait(self, future: Future[Any]) -> Any:
        # The worker enforces the timeout; this outer bound only guards a lost reply.
        try:
            return future.result(timeout=self.timeout_s * 3 + self.worker.startup_timeout_s)
        except FutureTimeout as exc:
            raise DocumentError("the document worker did not answer") from exc

    # -- life cycle -------------------------------------------------------------
    def rest(self) -> Future[bool]:
        """Let the worker give back what it keeps for the visitor who has gone: its open
        documents, MuPDF's store of decoded pictures, then the C heap's free pages.

        Why: over many picture documents the worker held 450–820 MB (the store
        full of pictures of documents closed long ago, and the heap's holes
        around them), near its limit all day; after this about 80 MB, most of
        it a fresh worker's and the page arena it maps (docs/performance.md,
        "The worker's memory over many documents"). Queued
        like prefetch: any page a visitor waits for, even one asked after this,
        is drawn first. The pages cached here stay. Nothing is sent to a worker
        that opened nothing since it started or last rested (the standby taken
        over after a crash, a second rest); the future's result is True when the
        heap gave pages back."""
        if self._closed:
            return _done(False)
        return self._submit("rest", {}, _AHEAD).future

    def wait_idle(self, timeout_s: float = 60.0) -> None:
        """Block until all queued work (prefetch, cache writes) is done — for tests, bench."""
        self._io.submit(lambda: None).result(timeout_s)
        self._submit("ping", {}, _LAST).future.result(timeout_s)
        self._io.submit(lambda: None).result(timeout_s)

    def worker_pid(self) -> int | None:
        """The worker process id (None until started) — for tests and `selftest`."""
        return self.worker.pid

    @property
    def restarts(self) -> int:
        """How often the worker was restarted after a crash or timeout."""
        return self.worker.restarts

    def close(self) -> None:
        """Stop the worker; queued futures fail with `DocumentError`."""
        if self._closed:
            return
        self._closed = True
        self._io.shutdown(wait=True)  # disk lookups done: every job is queued or finished
        self._queue.put((-1, -1, None))  # before any queued job
        self._thread.join(self.timeout_s + 5)
        while True:
            try:
                _p, _s, job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None and self._claim(job):
                job.future.set_exception(DocumentError("the document engine is closed"))
        self.worker.stop()

    def __enter__(self) -> DocumentEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _done(value: Any) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_result(value)
    return future


_default: DocumentEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> DocumentEngine:
    """The process-wide engine: the one installed with `set_default_engine` (the
    kiosk's), else one with default settings made on first use and closed at exit."""
    global _default
    with _default_lock:
        if _default is None or _default._closed:
            _default = DocumentEngine(standby_worker=False)  # commands: short-lived
            atexit.register(_default.close)
        return _default


def set_default_engine(engine: DocumentEngine) -> None:
    """Make `engine` the one `default_engine()` (and so `library.extract`) uses."""
    global _default
    with _default_lock:
        _default = engine


def mark_broken(catalog: Catalog, item_id: str) -> None:
    """Flag an item whose document failed to render, so the kiosk shows a card instead.

    The kiosk calls this from its failure handler of `render`/`info`; it
    must go through the kiosk's single catalog writer.
    """
    catalog.set_flags(item_id, broken=True)
