"""The handoff server: this station's catalog, read-only, for phones on its Wi-Fi.

Built on aiohttp (its `web` server): a mature asyncio HTTP/1.1 server with a
C-accelerated parser (llhttp), limits on request-line/header size and header
count, idle-connection timeouts that also start before the first request (so
a client that never finishes its headers is dropped), and `sendfile()`
through its event loop. One package, no ASGI glue, and its event loop runs
happily in a background thread the kiosk can start and stop. We write no
HTTP parsing of our own; files go out through `_ObjectResponse` (ETag =
sha256, a correct If-Range, an end to stalled transfers) rather than
aiohttp's `FileResponse` — see there for why.

What the server will and will not do:
- Only `/`, `/i/<id>`, `/f/<id>` and `/c/<id>`; other spellings of those (a
  slash at the end, doubled slashes, capitals) are redirected to them
  (`routes`). An id is looked up in the catalog; the file is
  `catalog.object_path(item)` — nothing from the request ever becomes a
  file-system path, and the resolved path must lie in `objects/` or nothing
  is sent. Hidden items do not exist here.
- Per-client request rate (429 with Retry-After) and concurrent downloads
  (429 per client, 503 when the whole station is busy).
- No access log: aiohttp's is switched off, and nothing else records who
  fetched what. Counts go to the anonymous statistics sink.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import re
import socket
import struct
import threading
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from aiohttp import hdrs, web
from aiohttp.abc import AbstractStreamWriter
from aiohttp.helpers import ETAG_ANY, parse_http_date
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler

from ..catalog import Catalog, Item, check_id
from ..errors import ConfigError, HandoffError, InvalidInput, LibraryError, NotFound
from ..formats import FORMATS, sniff_suffix
from ..paths import DataPaths
from ..station_disk import copy_given_back, open_station_catalog
from ..stats import NullSink, StatsSink
from . import pages, routes
from .address import host_port
from .headers import content_disposition, content_type, download_name
from .limits import ClientConnections, DownloadSlots, Limits, RateLimiter
from .verified import VerifiedFiles

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
_HTML_POLICY = ("default-src 'none'; img-src 'self'; media-src 'self'; "
                "style-src 'unsafe-inline'; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
INDEX_LIMIT = 60
SEARCH_LIMIT = 30
#: Matching items counted at most for "showing 30 of N" (bounds the work of one search).
COUNT_LIMIT = pages.COUNT_SHOWN_MAX
QUERY_LIMIT = 200

_MESSAGES_VI = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy tài liệu này.",
    405: "Yêu cầu không được hỗ trợ.",
    429: "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.",
    503: "Trạm đang bận phục vụ nhiều người. Vui lòng thử lại sau ít phút.",
}
#: A stored file whose bytes no longer match its name (`VerifiedFiles`): said as such,
#: not as a document that does not exist, so the visitor tells the librarian.
DAMAGED_VI = "Tệp của tài liệu này trên trạm bị hỏng nên chưa gửi được. Xin báo thủ thư."
#: A file up to this size is hash-checked before its page offers it (a fraction of a
#: second, once per server life); a larger one (a video) is checked in the background
#: from its page on, and its download waits for the answer.
PAGE_CHECK_BYTES = 32 * 1024 * 1024


def _image_type(head: bytes) -> str:
    suffix = sniff_suffix(head)
    return FORMATS[suffix][0] if suffix in FORMATS else "application/octet-stream"


#: A phone reading slower than this (bytes a second) counts as stalled.
STALLED_RATE = 4 * 1024
#: Bounds of a transfer's step (see `send_step`).
MIN_STEP, MAX_STEP = 16 * 1024, 1024 * 1024


def send_step(stall_s: float) -> int:
    """Bytes handed to the network per step of a transfer, for a stall limit of `stall_s`.

    A step that does not complete within `stall_s` ends the transfer, so a
    step is what a phone reading at `STALLED_RATE` gets through in that time
    (120 KiB for the default 30 s). Fixed 1 MiB steps ended every download
    of a phone slower than 35 KB/s — a crowded market Wi-Fi — as "stalled"
    while it was still reading. Smaller steps cost throughput on loopback
    only (64 KiB steps: 1,094 MiB/s, far above any Wi-Fi; docs/performance.md).
    """
    return int(min(max(stall_s * STALLED_RATE, MIN_STEP), MAX_STEP))


#: Where Linux's `struct tcp_info` keeps `tcpi_bytes_acked` (since Linux 4.1).
_TCP_INFO_SIZE, _BYTES_ACKED_AT = 128, 120


def bytes_acked(transport: asyncio.BaseTransport) -> int | None:
    """Bytes of this connection the phone has acknowledged (None where the system
    does not say: then steps are sized by `send_step` instead).

    The one sure sign that a phone is still reading: with it, a step may take as
    long as the phone needs, and a transfer ends only when nothing at all was
    acknowledged for `stall_s`.
    """
    sock = transport.get_extra_info("socket")
    if sock is None or not hasattr(socket, "TCP_INFO"):
        return None
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
    except OSError:
        return None
    if len(info) < _BYTES_ACKED_AT + 8:
        return None
    return int(struct.unpack_from("=Q", info, _BYTES_ACKED_AT)[0])


#: Files and covers: kept by the phone, but asked again each time (a 304 when unchanged).
#: `/f/<id>` and `/c/<id>` name an item, not its bytes: when the librarian replaces an
#: item's file or cover, a phone re-scanning the code must get the new one at once,
#: not the copy it kept (an hour for files, a day for covers with a `max-age`).
FILE_CACHE = "private, no-cache"

#: The station's name when `station.name` is empty: a header with nothing to tap.
DEFAULT_STATION_NAME = "Café sách 4.0"

#: A text item larger than this opens as the raw file, not as a page.
TEXT_VIEW_LIMIT = 512 * 1024


def strong_etag(sha256: str) -> str:
    """The ETag of a stored object: its digest, so the same bytes always carry the same tag."""
    return f'"{sha256}"'


def range_allowed(if_range: str | None, *, etag: str, modified: float) -> bool:
    """Whether a Range may be honoured under `If-Range` (RFC 9110 §13.1.5).

    aiohttp's `FileResponse` reads If-Range only as a date: an ETag there
    parses as "no date", so the Range was honoured and a resumed download
    could splice the old file's first part onto a new file's rest. Here only
    the exact strong ETag, or a date no older than the file, keeps the Range;
    anything else (another or a weak ETag, an older or unreadable date)
    means "send the whole current file".
    """
    if if_range is None:
        return True
    value = if_range.strip()
    if value.startswith(("W/", '"')):
        return value == etag  # weak tags never match: a range must come from the same bytes
    date = parse_http_date(value)
    return date is not None and modified <= date.timestamp()


_BYTE_RANGE = re.compile(r"\s*(\d*)\s*-\s*(\d*)\s*", re.ASCII)
#: Longest `first-last` part of a Range header read: two 20-digit offsets and some
#: spaces. A longer one is ignored (the whole file goes out) — thousands of digits
#: are more than Python converts to a number, and thousands of spaces made the
#: pattern above backtrack for a noticeable time, both within one request line.
MAX_RANGE_SPEC = 64


class Unsatisfiable(ValueError):
    """The one byte range asked for lies wholly past the end of the file (416)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The `(start, stop)` a `Range` header asks of a `size`-byte file; None: send it whole.

    Why not aiohttp's `http_range`: it fails every header it does not parse,
    and a failure used to mean 416, "nothing of this file can be sent" —
    so a reader asking for several ranges at once (PDF readers do) or in a
    unit other than bytes got no file at all. RFC 9110 §14.2 asks a server
    to ignore a unit it does not know and lets it ignore several ranges or a
    malformed one; the whole file (200) is an answer every client takes.
    Raises `Unsatisfiable` only for one well-formed range past the end
    (`bytes=5000-` of a shorter file, `bytes=-0`).
    """
    unit, equals, spec = header.partition("=")
    if not equals or unit.strip().lower() != "bytes" or "," in spec or \
            len(spec) > MAX_RANGE_SPEC:
        return None
    match = _BYTE_RANGE.fullmatch(spec)
    if match is None or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        wanted = int(last)
        if wanted == 0 or size == 0:
            raise Unsatisfiable(header)
        return max(size - wanted, 0), size
    start = int(first)
    if last and int(last) < start:
        return None  # malformed (the end before the start): ignored
    if start >= size:
        raise Unsatisfiable(header)
    return start, size if not last else min(int(last) + 1, size)


class _ObjectResponse(web.StreamResponse):
    """One stored object: Range, If-Range, If-None-Match, HEAD, and an end to stalled transfers.

    Why not aiohttp's `FileResponse`: its ETag comes from mtime and size and
    its If-Range understands dates only (see `range_allowed`), and a client
    that stops reading holds the transfer — and its download slot — for ever.
    Here the ETag is the object's sha256, and the file goes out in steps of
    `send_step(stall_s)` bytes (each by `sendfile()`); a step that does not
    complete within `stall_s` seconds ends the connection. The download slot
    is given back when `prepare` returns, however the transfer ended.
    """

    def __init__(self, path: Path, *, sha256: str, stall_s: float,
                 release: Callable[[], None], headers: dict[str, str]) -> None:
        super().__init__(headers=headers)
        self._path = path
        self._tag = strong_etag(sha256)
        self._stall_s = stall_s
        self._release: Callable[[], None] | None = release

    def _give_back(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        try:
            return await self._respond(request)
        finally:
            self._give_back()

    async def _respond(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        loop = asyncio.get_running_loop()
        fobj = await loop.run_in_executor(None, self._path.open, "rb")
        try:
            stat = os.fstat(fobj.fileno())
            size, modified = stat.st_size, stat.st_mtime
            self.headers[hdrs.ETAG] = self._tag
            self.last_modified = modified
            self.headers[hdrs.ACCEPT_RANGES] = "bytes"
            none_match, since = request.if_none_match, request.if_modified_since
            if none_match is not None:  # decides alone when sent (RFC 9110 13.2.2)
                unchanged = any(tag.value in (ETAG_ANY, self._tag[1:-1]) for tag in none_match)
            else:  # Last-Modified is sent in whole seconds: the file's fraction is no change
                unchanged = since is not None and int(modified) <= since.timestamp()
            if unchanged:
                self.set_status(304)
                return await super().prepare(request)
            start, count = 0, size
            wanted = None
            if hdrs.RANGE in request.headers and range_allowed(
                    request.headers.get(hdrs.IF_RANGE), etag=self._tag, modified=modified):
                try:
                    wanted = byte_range(request.headers[hdrs.RANGE], size)
                except Unsatisfiable:
                    self.headers[hdrs.CONTENT_RANGE] = f"bytes */{size}"
                    self.content_length = 0
                    self.set_status(416)
                    return await super().prepare(request)
            if wanted is not None:
                start, stop = wanted
                count = stop - start
                self.set_status(206)
                self.headers[hdrs.CONTENT_RANGE] = f"bytes {start}-{stop - 1}/{size}"
            self.content_length = count
            writer = await super().prepare(request)
            if count and request.method != "HEAD":
                await self._send(request, fobj, start, count)
            return writer
        finally:
            fobj.close()  # a read-only file: closing is immediate, and the slot waits on it

    async def _send(self, request: web.BaseRequest, fobj: BinaryIO, offset: int,
                    count: int) -> None:
        loop = asyncio.get_running_loop()
        transport = request.transport
        if transport is None:
            raise ConnectionResetError("connection lost")
        use_sendfile = True
        end = offset + count
        # Where the phone's acknowledgements can be read (Linux), steps are large (few
        # wake-ups: loopback runs at nginx's pace) and a step ends the transfer only if
        # nothing was acknowledged for `stall_s`; elsewhere a step that does not finish
        # within `stall_s` does, so steps are what a barely moving phone gets through.
        acked = bytes_acked(transport)
        size = MAX_STEP if acked is not None else send_step(self._stall_s)
        while offset < end:
            step = min(size, end - offset)

            async def send(at: int = offset, length: int = step) -> None:
                nonlocal use_sendfile
                if use_sendfile:
                    try:
                        await loop.sendfile(transport, fobj, at, length)
                        return
                    except NotImplementedError:  # e.g. a transport without sendfile
                        use_sendfile = False
                    except RuntimeError:  # "Transport is closing": the phone left
                        if not transport.is_closing():  # between two steps
                            raise
                        raise ConnectionResetError("connection closed") from None
                fobj.seek(at)
                await self.write(fobj.read(length))

            task = asyncio.ensure_future(send())
            if acked is not None:
                acked = bytes_acked(transport)
            while True:
                try:
                    done, _ = await asyncio.wait({task}, timeout=self._stall_s)
                except asyncio.CancelledError:
                    # the server is stopping with this transfer under way: end the step
                    # first, or it is left pending on a closed connection (asyncio logs
                    # "Task was destroyed" and, in Python 3.11, an InvalidStateError)
                    await _end_step(task, transport)
                    raise
                if done:
                    task.result()
                    break
                now = bytes_acked(transport)
                if acked is None or now is None or now == acked:
                    await _end_step(task, transport)
                    log.info("a transfer made no progress for %.0f s and was ended",
                             self._stall_s)
                    transport.abort()
                    raise ConnectionResetError("transfer stalled")
                acked = now  # still reading: give it another `stall_s`
            offset += step


async def _end_step(task: asyncio.Future[None], transport: asyncio.BaseTransport) -> None:
    """Cancel a step of a transfer and wait until it has let go of the connection.

    `loop.sendfile` first waits for the connection's buffer to drain, on a
    future it keeps in the transport; a step cancelled around that wait
    (the server stopping, a stall) can leave it there settled, and closing
    the connection then sets it again: Python 3.11 logs an InvalidStateError
    with its traceback. A settled one is cleared here, as sendfile itself
    would have.
    """
    task.cancel()
    _drop_settled_waiter(transport)  # the connection may be closed while the task ends
    with contextlib.suppress(asyncio.CancelledError, OSError, RuntimeError):
        await task
    _drop_settled_waiter(transport)


def _drop_settled_waiter(transport: asyncio.BaseTransport) -> None:
    waiter = getattr(transport, "_empty_waiter", None)
    if waiter is not None and waiter.done():
        transport._empty_waiter = None  # type: ignore[attr-defined]


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
        self.station_name = " ".join(station_name.split()) or DEFAULT_STATION_NAME
        self.rate = RateLimiter(limits.requests_per_minute, limits.burst)
        self.slots = DownloadSlots(limits.downloads, limits.downloads_per_client)
        self.objects_root = paths.objects.resolve()
        self.catalog: Catalog | None = None
        self.search = None
        self.verified = VerifiedFiles()
        self._reopen_failed = False  # the catalog of a copy gone could not be reopened

    # -- application ------------------------------------------------------------
    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._limit_rate, self._finish, self._canonical,
                                           self._current],
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

        # read-only on a full disk or a read-only mount: phones still get their files
        self.catalog = open_station_catalog(self.paths, tidy=False)
        self.search = Search(self.catalog)
        self.verified = VerifiedFiles()  # checked once per server life

    async def _close(self, _app: web.Application) -> None:
        self.verified.close()
        if self.catalog is not None:
            self.catalog.close()
            self.catalog = None

    def _open_again(self) -> None:
        """The catalog opened again, its copy upgraded in memory gone (`copy_given_back`).
        Where that fails (no room in memory for a new copy), the pages go on from the one
        held open, as it was, until the server is restarted: tried once, said once."""
        from ..search import Search

        old = self.catalog
        try:
            catalog = open_station_catalog(self.paths, tidy=False)
        except LibraryError as exc:
            log.warning("the catalog could not be opened again (%s): the phone pages show "
                        "the library as it was until the server is restarted", exc)
            self._reopen_failed = True
            return
        self.catalog, self.search = catalog, Search(catalog)
        if old is not None:
            old.close()

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

    @web.middleware
    async def _current(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every page from the catalog as it is now: a station updated on a full disk shows
        its library from a copy upgraded in memory (`station_disk`), which goes once the
        disk is freed and `catalog.db` upgraded, or when it changes."""
        if self.catalog is not None and copy_given_back(self.catalog) \
                and not self._reopen_failed:
            self._open_again()
        return await handler(request)

    @web.middleware
    async def _canonical(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Another spelling of a page's address (`/i/<id>/`, `//i/<id>`, `/I/<ID>`): a
        permanent redirect to the address itself (see `routes`)."""
        if request.method in (hdrs.METH_GET, hdrs.METH_HEAD):
            target = routes.redirect_target(request.path, request.rel_url.raw_query_string)
            if target is not None:
                return web.Response(status=301, headers={hdrs.LOCATION: target})
        return await handler(request)

    def _secure(self, response: web.StreamResponse) -> None:
        response.headers["Server"] = "cafesach"  # no library or Python versions to strangers
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.content_type == "text/html":
            response.headers.setdefault("Content-Security-Policy", _HTML_POLICY)
            response.headers.setdefault("Cache-Control", "no-cache")

    def error_response(self, status: int) -> web.Response:
        """The Vietnamese error page for `status`, with the headers every response carries."""
        return self._error(status)

    def _error(self, status: int, *, retry_after: float | None = None,
               headers: dict[str, str] | None = None, item: Item | None = None,
               download: bool = False, message: str | None = None) -> web.Response:
        message = message or _MESSAGES_VI.get(status, "Đã có lỗi xảy ra.")
        response = web.Response(status=status, content_type="text/html", charset="utf-8",
                                text=pages.error_page(status, message,
                                                      station=self.station_name,
                                                      item=item, download=download),
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

    def _object(self, sha256: str | None, size: int = 0) -> Path:
        """The stored file for a digest, only if it really lies inside objects/ and has
        the `size` the catalog gives it (when it gives one).

        A file cut short or grown on the disk (a power cut, a failing disk, before the
        catalog check mends it) is as good as lost: sent, it reached the phone "whole"
        with a strong ETag naming the bytes it does not hold, and a resumed download
        spliced it with the mended file.
        """
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
        if size and resolved.stat().st_size != size:
            raise web.HTTPNotFound()
        return resolved

    async def _offered(self, sha256: str | None, size: int = 0) -> bool:
        """Whether a page may offer the stored file for a digest: there, whole, and not
        found damaged. A small one (a cover, a book) is hash-checked now; a larger one is
        checked in the background, its download waiting for the answer (`file`)."""
        try:
            path = self._object(sha256, size)
            length = path.stat().st_size
        except (web.HTTPNotFound, OSError):
            return False
        assert sha256 is not None  # _object() found it
        if length <= PAGE_CHECK_BYTES:
            return await self.verified.check(sha256, path)
        self.verified.start(sha256, path)
        return self.verified.known(sha256, path) is not False

    def _count(self, what: str, *args: object, **kwargs: object) -> None:
        """Tell the statistics sink; a failing sink never breaks a download."""
        try:
            getattr(self.stats, what)(*args, **kwargs)
        except Exception:  # the sink is someone else's code
            log.exception("statistics sink failed")

    # -- routes -------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.Response:
        assert self.catalog is not None and self.search is not None
        # NFC: an iPhone keyboard sends decomposed marks, which some phones draw
        # misplaced when the query is shown back; the search folds either way.
        query = unicodedata.normalize("NFC", request.query.get("q", "")).strip()[:QUERY_LIMIT]
        total = None
        offers: list[str] = []
        if query:
            # as the station's screen and `cafesach search` read a query (docs/search.md):
            # Telex/VNI keys, abbreviations, names typed joined; spellings offered if none
            hits = self.search.search_typed(query, limit=SEARCH_LIMIT, prefix=True)
            results = [(h.item, pages.marked(h.snippet, h.highlights)) for h in hits]
            if len(hits) >= SEARCH_LIMIT:
                total = max(self.search.count_typed(query, limit=COUNT_LIMIT), len(hits))
            if not hits:
                from ..spellings import offered_spellings  # as Search: loaded when used

                offers = offered_spellings(self.search, query)
            if request.method != hdrs.METH_HEAD:  # a link preview, not a person searching
                self._count("search_committed", query, found=bool(hits))
        else:
            results = [(item, "") for item in self.catalog.items(limit=INDEX_LIMIT)]
            total = self.catalog.count()
        html = pages.index_page(station=self.station_name, query=query, results=results,
                                total=total, offers=offers)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def item(self, request: web.Request) -> web.Response:
        item = self._visible(request)
        # no buttons to a file that is not there (or not whole)
        has_file = await self._offered(item.sha256, item.size)
        if request.method != hdrs.METH_HEAD:  # a link preview or a checker, not a reader
            self._count("item_viewed", item.id)
        text = item.body or self._stored_text(item)
        html = pages.item_page(item, station=self.station_name, has_file=has_file, text=text,
                               has_cover=await self._offered(item.cover_sha256))
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    def _stored_text(self, item: Item) -> str | None:
        """A text item's own file as text (small ones only), for reading on the phone.

        Read as the importer reads it (`legacy_vietnamese.readable_text_file`): UTF-8
        without the byte-order mark Notepad puts first, or UTF-16 (Notepad's "Unicode"),
        which showed as garbage with a broken character between letters, or an old
        Vietnamese encoding (TCVN3, VNI, Windows-1258) as Unicode; and composed
        (NFC), as the catalog keeps titles, so a first line repeating the title is
        recognised and the marks of a file saved decomposed are not drawn misplaced.
        """
        if not pages.is_text(item) or not item.sha256 or item.size > TEXT_VIEW_LIMIT:
            return None
        try:
            path = self._object(item.sha256, item.size)
            data = path.read_bytes()[:TEXT_VIEW_LIMIT]
        except (web.HTTPNotFound, OSError):
            return None
        if not self.verified.remember(item.sha256, path, data):
            return None  # damaged: no page of its broken text
        from ..legacy_vietnamese import readable_text_file

        try:
            text = readable_text_file(data)[0]
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
        return unicodedata.normalize("NFC", text)

    async def file(self, request: web.Request) -> web.StreamResponse:
        item = self._visible(request)
        path = self._object(item.sha256, item.size)
        attachment = request.query.get("tai") == "1"
        assert item.sha256 is not None  # _object() found it
        if not await self.verified.check(item.sha256, path):
            return self._error(404, message=DAMAGED_VI)
        if not attachment and hdrs.RANGE not in request.headers and pages.is_text(item):
            # Plain text lays out 980 px wide on a phone: it opens as a small page.
            text = item.body or self._stored_text(item)
            if text is not None:
                html = pages.text_page(item, text, station=self.station_name)
                return web.Response(text=html, content_type="text/html", charset="utf-8")
        client = request.remote or "?"
        refused = self.slots.acquire(client)
        if refused == "client":
            return self._error(429, retry_after=5, item=item, download=attachment)
        if refused == "server":
            return self._error(503, retry_after=15, item=item, download=attachment)
        try:
            headers = {
                "Content-Type": content_type(item),
                "Content-Disposition": content_disposition(download_name(item),
                                                           attachment=attachment),
                "Cache-Control": FILE_CACHE,
            }
            return _ObjectResponse(path, sha256=item.sha256, stall_s=self.limits.stall_s,
                                   release=lambda: self.slots.release(client),
                                   headers=headers)
        except BaseException:
            self.slots.release(client)
            raise

    async def cover(self, request: web.Request) -> web.StreamResponse:
        item = self._visible(request)
        path = self._object(item.cover_sha256)
        assert item.cover_sha256 is not None  # _object() found it
        if not await self.verified.check(item.cover_sha256, path):
            return self._error(404, message=DAMAGED_VI)
        with path.open("rb") as fh:
            head = fh.read(16)
        response = web.FileResponse(path, headers={
            "Content-Type": _image_type(head), "Cache-Control": FILE_CACHE})
        return response


class _RequestHandler(RequestHandler):
    """aiohttp's connection handler, answering what never reached the app in Vietnamese.

    Requests the HTTP parser rejects (an over-long line, too many headers, a
    control character, not HTTP at all) and handler crashes are answered by
    `handle_error`, outside every middleware: by default an English
    text/plain page that echoes the parser's complaint and names aiohttp and
    Python in `Server`. The base method still logs (through the filter that
    makes it one quiet line) and refuses when a response is already under
    way; only the page it would send is replaced. `error_page` comes from the
    runner's keyword arguments, which aiohttp hands on to every handler.
    """

    __slots__ = ("_client", "_connections", "_error_page")

    def __init__(self, manager: web.Server, *, error_page: Callable[[int], web.Response],
                 connections: ClientConnections, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._error_page = error_page
        self._connections = connections
        self._client: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Count the connection against its client's `Limits.connections_per_client`;
        one over it is closed before anything is read (see `ClientConnections`)."""
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        client = str(peer[0]) if isinstance(peer, tuple | list) and peer else "?"
        if self._connections.open(client):
            self._client = client
        else:
            transport.abort()

    def connection_lost(self, exc: BaseException | None) -> None:
        client, self._client = self._client, None
        if client is not None:
            self._connections.close(client)
        super().connection_lost(exc)

    def handle_error(self, request: web.BaseRequest, status: int = 500,
                     exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        super().handle_error(request, status, exc, message)
        response = self._error_page(status)
        response.force_close()
        return response


class _Server(web.Server):
    """aiohttp's low-level server, making `_RequestHandler`s."""

    def __call__(self) -> RequestHandler:
        return _RequestHandler(self, loop=self._loop, **self._kwargs)


class _Runner(web.AppRunner):
    """An `AppRunner` (app start-up and clean-up as usual) serving through `_Server`.

    Its keyword arguments (`error_page` among them) reach each `_RequestHandler`.
    """

    async def _make_server(self) -> web.Server:
        plain = await super()._make_server()
        return _Server(plain.request_handler, request_factory=plain.request_factory,
                       handler_cancellation=plain.handler_cancellation,
                       loop=asyncio.get_running_loop(), **plain._kwargs)


#: `handoff.host` values meaning "every interface, IPv6 and IPv4 alike".
_EVERY_FAMILY = {"::", "*"}


def listen_host(host: str) -> str:
    """The address the server binds for `handoff.host` (`[::]` is `::`, `*` is `::`).

    `::` means every interface of both families: one dual-stack socket
    (`IPV6_V6ONLY` off), as asyncio alone would bind IPv6 only and refuse
    every IPv4 phone — the ones the hotspot serves and the codes name. On a
    machine with no IPv6 at all it is `0.0.0.0`, every IPv4 interface.
    """
    value = host.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    if value in _EVERY_FAMILY:
        return "::" if socket.has_dualstack_ipv6() else "0.0.0.0"
    return value


def bind_failure(exc: BaseException, host: str, port: int) -> str:
    """Why listening on `host`:`port` failed, in words a technician acts on.

    asyncio's own words are a programmer's ("[Errno 98] error while attempting to bind
    on address ('0.0.0.0', 8765): address already in use"); the usual causes are said
    with what to do, anything else as the system words it, without its number.
    """
    if isinstance(exc, socket.gaierror):
        return (f"{host} is neither an address of this machine nor a name it can look up "
                "(give one of its addresses, or 0.0.0.0 for all of them)")
    if isinstance(exc, OSError):
        if exc.errno == errno.EADDRINUSE:
            return (f"port {port} is already in use by another program (a kiosk or another "
                    "`cafesach serve` running?); stop it, or choose another port (--port; the "
                    "kiosk: handoff.port)")
        if exc.errno == errno.EADDRNOTAVAIL:
            return (f"{host} is not an address of this machine (give one of its addresses, "
                    "or 0.0.0.0 for all of them)")
        if exc.errno in (errno.EACCES, errno.EPERM) and 0 < port < 1024:
            return (f"port {port} is reserved for the system (ports below 1024); give a port "
                    "from 1024 up (default 8765)")
        reason = exc.strerror or str(exc)
        return reason.rsplit(": ", 1)[-1] if "while attempting to bind" in reason else reason
    return str(exc) or exc.__class__.__name__


class HandoffServer:
    """Runs a `HandoffSite` on host:port in a background thread.

    `start()` returns once the socket listens (or raises `HandoffError`, e.g.
    the port is taken); `stop()` closes connections and joins the thread. The
    kiosk owns one of these; `cafesach serve` runs one in the foreground.
    """

    def __init__(self, paths: DataPaths, *, host: str = "127.0.0.1", port: int = 8765,
                 limits: Limits | None = None, stats: StatsSink | None = None,
                 station_name: str = DEFAULT_STATION_NAME) -> None:
        self.paths = paths
        self.host = listen_host(host)
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
        from .links import configured_port

        get = config.get
        if port is None:
            port = configured_port(config)
            if port is None:
                raise ConfigError(f"handoff.port is {get('handoff', 'port')}; it must be "
                                  "a port from 1 to 65535 (default 8765)",
                                  message_vi="Cài đặt handoff.port phải từ 1 đến 65535.")
        return cls(paths, host=host if host is not None else get("handoff", "host"),
                   port=port,
                   limits=Limits.from_config(config), stats=stats,
                   station_name=get("station", "name"))

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self.port is not None

    @property
    def all_interfaces(self) -> bool:
        """Whether phones on any network of this machine reach it (0.0.0.0, "" or ::)."""
        return self.host in ("0.0.0.0", "", "::")

    @property
    def url(self) -> str:
        if self.port is None:
            raise HandoffError("the handoff server is not running")
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://{host_port(host, self.port)}"

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
                               f"{bind_failure(self._error, self.host, self.requested_port)}",
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

    def _site(self, runner: web.BaseRunner) -> web.BaseSite:
        """Where it listens: one socket for both families on `::` (see `listen_host`)."""
        if self.host == "::":
            sock = socket.create_server(("::", self.requested_port), family=socket.AF_INET6,
                                        backlog=256, dualstack_ipv6=True)
            return web.SockSite(runner, sock, backlog=256)
        return web.TCPSite(runner, self.host, self.requested_port, backlog=256)

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        limits = self.limits
        runner = _Runner(
            self.site.application(),
            error_page=self.site.error_response,
            connections=ClientConnections(limits.connections_per_client),
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
            site = self._site(runner)
            await site.start()
            self.port = int(runner.addresses[0][1])
            self._ready.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()
