"""The handoff server: this station's catalog, read-only, for phones on its Wi-Fi.

Built on aiohttp (its `web` server): a mature asyncio HTTP/1.1 server with a
C-accelerated parser (llhttp), limits on request-line/header size and header
count, idle-connection timeouts that also start before the first request (so
a client that never finishes its headers is dropped), and a `FileResponse`
that does HTTP Range/If-Range/ETag itself and sends with `sendfile()`. One
package, no ASGI glue, and its event loop runs happily in a background
thread the kiosk can start and stop. We write no HTTP parsing of our own.

What the server will and will not do:
- Only `/`, `/i/<id>`, `/f/<id>` and `/c/<id>`. An id is looked up in the
  catalog; the file is `catalog.object_path(item)` — nothing from the request
  ever becomes a file-system path, and the resolved path must lie in
  `objects/` or nothing is sent. Hidden items do not exist here.
- Per-client request rate (429 with Retry-After) and concurrent downloads
  (429 per client, 503 when the whole station is busy).
- No access log: aiohttp's is switched off, and nothing else records who
  fetched what. Counts go to the anonymous statistics sink.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter
from aiohttp.http_exceptions import HttpProcessingError

from ..catalog import Catalog, Item, check_id
from ..errors import HandoffError, InvalidInput, NotFound
from ..formats import FORMATS, sniff_suffix
from ..objects import ObjectStore
from ..paths import DataPaths
from ..stats import NullSink, StatsSink
from . import pages
from .headers import content_disposition, content_type, download_name
from .limits import DownloadSlots, Limits, RateLimiter

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger(__name__)


class _NoClientAddresses(logging.Filter):
    """aiohttp names the client in its error messages; we keep the error, not the address.

    It also logs a whole traceback, as an error, for every malformed request
    (an over-long line, bad headers): any phone could fill the log with them.
    Those become one line at info level, which the console does not show.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and "from %s" in str(record.msg):
            record.msg = str(record.msg).replace("from %s", "from a client")
            record.args = tuple(record.args)[1:] if isinstance(record.args, tuple) else ()
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            record.msg, record.args = "bad request from a client (%s): %.100s", (
                error.code, error.message)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


#: The HTTP server's own (error) log: no access log exists, and no client address appears.
http_log = logging.getLogger("library.handoff.http")
http_log.addFilter(_NoClientAddresses())

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Pages never run scripts, never load anything from elsewhere.
_HTML_POLICY = ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
INDEX_LIMIT = 60
SEARCH_LIMIT = 30
QUERY_LIMIT = 200

_MESSAGES_VI = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy tài liệu này.",
    405: "Yêu cầu không được hỗ trợ.",
    429: "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.",
    503: "Trạm đang bận phục vụ nhiều người. Vui lòng thử lại sau ít phút.",
}


def _image_type(head: bytes) -> str:
    suffix = sniff_suffix(head)
    return FORMATS[suffix][0] if suffix in FORMATS else "application/octet-stream"


class _SlotFileResponse(web.FileResponse):
    """A file response that gives its download slot back when the transfer ends.

    aiohttp sends a `FileResponse` after the handler returns, so the slot is
    released here — also when the client goes away mid-transfer.
    """

    def __init__(self, path: Path, *, release: Callable[[], None], **kwargs: object) -> None:
        super().__init__(path, **kwargs)  # type: ignore[arg-type]
        self._release: Callable[[], None] | None = release

    def _give_back(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        try:
            return await super().prepare(request)
        finally:
            self._give_back()


class HandoffSite:
    """The aiohttp application: routes, limits, and the catalog it reads.

    Lives entirely in the event loop's thread; the catalog connection is
    opened there on start-up and closed on clean-up.
    """

    def __init__(self, paths: DataPaths, *, limits: Limits, stats: StatsSink,
                 station_name: str) -> None:
        self.paths = paths
        self.limits = limits
        self.stats = stats
        self.station_name = station_name
        self.rate = RateLimiter(limits.requests_per_minute, limits.burst)
        self.slots = DownloadSlots(limits.downloads, limits.downloads_per_client)
        self.objects_root = paths.objects.resolve()
        self.catalog: Catalog | None = None
        self.search = None

    # -- application ------------------------------------------------------------
    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._limit_rate, self._finish],
                              client_max_size=1024)
        app.router.add_get("/", self.index)
        app.router.add_get("/i/{item_id}", self.item)
        app.router.add_get("/f/{item_id}", self.file)
        app.router.add_get("/c/{item_id}", self.cover)
        app.on_startup.append(self._open)
        app.on_cleanup.append(self._close)
        return app

    async def _open(self, _app: web.Application) -> None:
        from ..search import Search

        # Not Catalog.open(): that also tidies the object store, which is the
        # importer's business, never a read-only server's.
        self.catalog = Catalog(self.paths.catalog_db, objects=ObjectStore(self.paths.objects))
        self.search = Search(self.catalog)

    async def _close(self, _app: web.Application) -> None:
        if self.catalog is not None:
            self.catalog.close()
            self.catalog = None

    # -- middleware ---------------------------------------------------------------
    @web.middleware
    async def _limit_rate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        wait = self.rate.allow(request.remote or "?")
        if wait > 0:
            return self._error(429, retry_after=wait)
        return await handler(request)

    @web.middleware
    async def _finish(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Vietnamese error pages, and headers every response carries."""
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return self._error(exc.status, headers={"Allow": exc.headers["Allow"]}
                               if "Allow" in exc.headers else None)
        if not response.prepared:
            self._secure(response)
        return response

    def _secure(self, response: web.StreamResponse) -> None:
        response.headers["Server"] = "cafesach"  # no library or Python versions to strangers
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.content_type == "text/html":
            response.headers.setdefault("Content-Security-Policy", _HTML_POLICY)
            response.headers.setdefault("Cache-Control", "no-cache")

    def _error(self, status: int, *, retry_after: float | None = None,
               headers: dict[str, str] | None = None) -> web.Response:
        message = _MESSAGES_VI.get(status, "Đã có lỗi xảy ra.")
        response = web.Response(status=status, content_type="text/html", charset="utf-8",
                                text=pages.error_page(status, message,
                                                      station=self.station_name),
                                headers=headers)
        if retry_after is not None:
            response.headers["Retry-After"] = str(max(1, int(retry_after + 0.999)))
        self._secure(response)
        return response

    # -- lookups ------------------------------------------------------------------
    def _visible(self, request: web.Request) -> Item:
        """The catalog item the URL names, or 404 (unknown, malformed or hidden)."""
        assert self.catalog is not None
        raw = request.match_info.get("item_id", "")
        try:
            item = self.catalog.get(check_id(raw))
        except (InvalidInput, NotFound):
            raise web.HTTPNotFound() from None
        if item.hidden:
            raise web.HTTPNotFound()
        return item

    def _object(self, sha256: str | None) -> Path:
        """The stored file for a digest, only if it really lies inside objects/."""
        assert self.catalog is not None and self.catalog.objects is not None
        if not sha256:
            raise web.HTTPNotFound()
        try:
            path = self.catalog.objects.path(sha256)
        except NotFound:
            raise web.HTTPNotFound() from None
        resolved = path.resolve()
        if not resolved.is_relative_to(self.objects_root) or not resolved.is_file():
            raise web.HTTPNotFound()
        return resolved

    def _count(self, what: str, *args: object, **kwargs: object) -> None:
        """Tell the statistics sink; a failing sink never breaks a download."""
        try:
            getattr(self.stats, what)(*args, **kwargs)
        except Exception:  # the sink is someone else's code
            log.exception("statistics sink failed")

    # -- routes -------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.Response:
        assert self.catalog is not None and self.search is not None
        query = request.query.get("q", "").strip()[:QUERY_LIMIT]
        total = None
        if query:
            hits = self.search.search(query, limit=SEARCH_LIMIT, prefix=True)
            results = [(h.item, pages.marked(h.snippet, h.highlights)) for h in hits]
            self._count("search_committed", query, found=bool(hits))
        else:
            results = [(item, "") for item in self.catalog.items(limit=INDEX_LIMIT)]
            total = self.catalog.count()
        html = pages.index_page(station=self.station_name, query=query, results=results,
                                total=total)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def item(self, request: web.Request) -> web.Response:
        item = self._visible(request)
        has_file = bool(item.sha256)
        self._count("item_viewed", item.id)
        html = pages.item_page(item, station=self.station_name, has_file=has_file)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def file(self, request: web.Request) -> web.StreamResponse:
        item = self._visible(request)
        path = self._object(item.sha256)
        client = request.remote or "?"
        refused = self.slots.acquire(client)
        if refused == "client":
            return self._error(429, retry_after=5)
        if refused == "server":
            return self._error(503, retry_after=15)
        attachment = request.query.get("tai") == "1"
        try:
            headers = {
                "Content-Type": content_type(item),
                "Content-Disposition": content_disposition(download_name(item),
                                                           attachment=attachment),
                "Cache-Control": "private, max-age=3600",
            }
            return _SlotFileResponse(path, release=lambda: self.slots.release(client),
                                     headers=headers)
        except BaseException:
            self.slots.release(client)
            raise

    async def cover(self, request: web.Request) -> web.StreamResponse:
        item = self._visible(request)
        path = self._object(item.cover_sha256)
        with path.open("rb") as fh:
            head = fh.read(16)
        response = web.FileResponse(path, headers={
            "Content-Type": _image_type(head), "Cache-Control": "public, max-age=86400"})
        return response


class HandoffServer:
    """Runs a `HandoffSite` on host:port in a background thread.

    `start()` returns once the socket listens (or raises `HandoffError`, e.g.
    the port is taken); `stop()` closes connections and joins the thread. The
    kiosk owns one of these; `cafesach serve` runs one in the foreground.
    """

    def __init__(self, paths: DataPaths, *, host: str = "127.0.0.1", port: int = 8765,
                 limits: Limits | None = None, stats: StatsSink | None = None,
                 station_name: str = "Café sách 4.0") -> None:
        self.paths = paths
        self.host = host
        self.requested_port = port
        self.limits = limits or Limits()
        self.site = HandoffSite(paths, limits=self.limits, stats=stats or NullSink(),
                                station_name=station_name)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.port: int | None = None

    @classmethod
    def from_config(cls, paths: DataPaths, config: Config, *, host: str | None = None,
                    port: int | None = None, stats: StatsSink | None = None) -> HandoffServer:
        get = config.get
        return cls(paths, host=host if host is not None else get("handoff", "host"),
                   port=port if port is not None else get("handoff", "port"),
                   limits=Limits.from_config(config), stats=stats,
                   station_name=get("station", "name"))

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self.port is not None

    @property
    def url(self) -> str:
        if self.port is None:
            raise HandoffError("the handoff server is not running")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    def start(self, *, timeout: float = 15.0) -> HandoffServer:
        if self._thread is not None:
            raise HandoffError("the handoff server is already running")
        if not self.paths.catalog_db.exists():
            raise HandoffError(f"no catalog in {self.paths.root}",
                               message_vi="Trạm chưa có thư viện để chia sẻ.")
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run, name="handoff-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise HandoffError("the handoff server did not start in time")
        if self._error is not None:
            self._thread.join(timeout)
            self._thread = None
            raise HandoffError(f"cannot serve on {self.host}:{self.requested_port}: "
                               f"{self._error}",
                               message_vi="Không mở được máy chủ chia sẻ cho điện thoại.") \
                from self._error
        return self

    def stop(self, *, timeout: float = 10.0) -> None:
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None:
            return
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(stop.set)
        thread.join(timeout)
        self._thread = None
        self.port = None

    def __enter__(self) -> HandoffServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self) -> None:
        """Block until the server stops (Ctrl+C in `cafesach serve` stops it)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    # -- the loop thread ------------------------------------------------------------
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except Exception as exc:  # reported to start() in the caller's thread
            self._error = exc
        finally:
            self._ready.set()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        limits = self.limits
        runner = web.AppRunner(
            self.site.application(),
            access_log=None,  # no record of who fetched what, by design
            logger=http_log,
            handle_signals=False,
            keepalive_timeout=limits.keepalive_s,
            max_line_size=limits.max_line_bytes,
            max_field_size=limits.max_line_bytes,
            max_headers=limits.max_headers,
            shutdown_timeout=2.0,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.requested_port, backlog=256)
            await site.start()
            self.port = int(runner.addresses[0][1])
            self._ready.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()
