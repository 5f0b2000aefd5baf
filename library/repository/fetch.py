"""HTTP for sync: conditional index requests, resumable verified downloads.

Built on httpx (pinned in the tree; one client with connection reuse,
timeouts per phase, proxy support, streaming with a hard byte limit). Why
not python-tuf's ngclient: TUF's metadata model (root/targets/snapshot/
timestamp roles, delegations) is far more than a province needs, it fetches
whole files without Range resume, and its fetcher has no bandwidth limit or
stall detection — the things that matter on a market's 3G link. We keep its
ideas (signed versions that only grow, expiry against freeze attacks, hashes
and sizes for every file, never reading more than declared) in a small
index we can document for editors.

Rules enforced here:
- an object download resumes with `Range` (+ `If-Range` when the server gave a
  strong ETag) from the last chunk that still verifies; a `200` answer restarts the file
  from zero (never appended); a `206` must carry the asked `Content-Range`;
- never more bytes than declared (an endless body is cut and refused);
- a transfer slower than `stall_bytes` per `stall_timeout` is a stall, counted on the
  connection from the request on: an answer's status line and headers too, not only its
  body (`_WatchedStream`);
- connection errors (a refused connection too: a server being restarted is
  back in seconds), stalls and 5xx are retried with exponential backoff, or
  after the `Retry-After` a busy server asks for (at most `MAX_RETRY_AFTER_S`),
  and each retry is announced through `on_retry` so nobody takes a wait for a
  hang; a download cut off after it kept more of its file is no failed attempt;
- what another attempt cannot cure fails at once: a malformed URL (checked by
  `check_url` before anything is sent), a scheme httpx does not speak, an answer
  that is not HTTP (another service on the port, a redirect to no address), a
  TLS handshake that fails for a reason other than a cut connection (e.g.
  `https://` to a plain-HTTP server, or a certificate that does not verify),
  and redirects that go round in a loop;
- an HTML page where data was expected is named as a captive portal;
- what the station can tell of the cause is said in the line: a server name that
  does not resolve (no network, a typo), the proxy that failed (`sync.proxy` or
  the environment's `HTTP(S)_PROXY`), a certificate out of its dates (the clock).
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import hashlib
import os
import re
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpcore
import httpx

from .. import __version__
from ..errors import ConfigError, InvalidInput, StorageError, SyncError
from ..files import disk_full, write_error
from . import faults
from .index import ObjectRef
from .retries import (
    BUSY,
    CHANGED,
    CUT,
    CUT_RESTART,
    DAMAGED,
    NETWORK,
    NO_NAME,
    PROXY,
    STALL,
    TIMEOUT,
    Retrying,
)

#: The longest one sync may download (`sync.deadline_min`): a server that drips bytes
#: just fast enough never stalls, and would hold the sync (its lock, the panel's
#: "đang đồng bộ") for days. Four hours bring a province's whole library over a
#: market's 3G link at 512 kbit/s (~900 MB); a sync that needs more goes on from where
#: it stopped next time (downloads resume).
DEADLINE_S = 4 * 3600.0

#: The longest a sync waits on a server that sends nothing at all (`sync.silence_s`),
#: counted across the attempts and waits of one request, from its last byte: a server
#: that accepts the connection and never answers otherwise held the sync through six
#: attempts of `stall_timeout_s` and their backoff, about 6.5 minutes. Two minutes are
#: two stall windows: a connection a NAT or a 3G link dropped without a word is timed
#: out once and tried again on a new one, and a server restarting (refused for some
#: seconds) is back; a server silent past that is not coming back in this sync. Only
#: silence counts: every byte received starts it again, so a slow but moving download
#: is never cut by it (the overall `deadline_s` bounds those).
SILENCE_S = 120.0


@dataclass
class FetchSettings:
    timeout_s: float = 30.0
    stall_timeout_s: float = 60.0
    stall_bytes: int = 4096
    retries: int = 5
    backoff_s: float = 1.0
    bandwidth_bps: int = 0  # 0 = unlimited
    proxy: str | None = None
    deadline_s: float = DEADLINE_S  # for all of one sync's downloads, from its start
    silence_s: float = SILENCE_S  # no byte from the server this long: the sync stops
    #: servers an unsigned feed's links may lead to besides its own (`opds.LinkRule`)
    allowed_hosts: tuple[str, ...] = ()


class SyncTooLong(SyncError):
    """One sync downloaded for longer than `FetchSettings.deadline_s`; what arrived is
    kept, and the next sync goes on from there."""


class ServerSilent(SyncTooLong):
    """The server sent nothing for `FetchSettings.silence_s` across a request's attempts
    (a server that accepts connections and never answers); like the deadline, it stops
    the sync where it is, what arrived is kept, and the next sync tries again."""


def duration_text(seconds: float, language: str) -> str:
    """`14400` → "4 h" / "4 giờ"; minutes or seconds below an hour."""
    for size, en, vi in ((3600, "h", "giờ"), (60, "min", "phút"), (1, "s", "giây")):
        if seconds >= size or size == 1:
            amount = round(seconds / size, 1)
            return f"{amount:g} {en if language == 'en' else vi}"
    raise AssertionError  # the loop returns at its last size


@dataclass(frozen=True)
class SmallResponse:
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    date: str | None = None  # the server's clock (HTTP `Date`), to tell a wrong clock here


class Retry(Exception):
    """A failure worth another attempt (network, stall, server busy), of `kind`."""

    def __init__(self, message: str, *, kind: str, after: float | None = None,
                 busy: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        #: the wait the server asked for (`Retry-After`), when it named one
        self.after = after
        #: the server answered, busy or failing (not the network's fault)
        self.busy = busy


#: The longest wait a server's `Retry-After` is granted: a province's server asking
#: for an hour would otherwise hold the sync (and the panel's "đang đồng bộ") that long.
MAX_RETRY_AFTER_S = 300.0


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds, or an HTTP date), at most
    `MAX_RETRY_AFTER_S`; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(int(value[:8]))
    else:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if moment.tzinfo is None:
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
    return max(0.0, min(MAX_RETRY_AFTER_S, seconds))


class Fatal(Exception):
    """A failure another attempt will not cure (a broken or hostile server)."""

    def __init__(self, message: str, *, status: int | None = None,
                 message_vi: str | None = None) -> None:
        super().__init__(message)
        self.status = status  #: the HTTP status behind it, when there was one
        #: the librarian's line for it (None: the sync's general one)
        self.message_vi = message_vi


#: What the librarian reads when a captive portal (a market Wi-Fi's login page) answered.
PORTAL_VI = ("Nhận được một trang web thay cho dữ liệu: mạng Wi-Fi có đòi đăng nhập không? "
             "Hãy đăng nhập mạng rồi đồng bộ lại.")


def _scheme(url: str) -> str:
    """The scheme an address was written with (`https`), for a line that may show no more."""
    return url.partition("://")[0] if "://" in url else ""


def check_url(url: str) -> str:
    """`url` if it is a usable http(s) address, else `InvalidInput` naming what is wrong.

    Checked before any request so that a typing mistake is one immediate line,
    not six attempts over half a minute ending in a mangled address.
    """
    def bad(reason: str) -> InvalidInput:
        return InvalidInput(f"not a valid URL: {url!r} ({reason})",
                            message_vi="Địa chỉ máy chủ không hợp lệ.")

    if any(ch.isspace() for ch in url):
        raise bad("it contains spaces")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        if "@" in url.partition("://")[2]:
            # `https://kho:mat/khau@host`: a password with a `/`, `?` or `#` of its own
            # ends the server's name early, and "mat" is read as a port — the address and
            # the parser's reason would both show part of the password
            after = url.rpartition("@")[2]
            raise InvalidInput(
                f"not a valid URL: '{_scheme(url)}://***@{after}' (a password with '/', "
                "'?' or '#' in it must be written percent-encoded: %2F, %3F, %23)",
                message_vi="Địa chỉ máy chủ không hợp lệ: mật khẩu có ký tự '/', '?' hoặc '#' "
                           "phải viết dạng %2F, %3F, %23.") from None
        raise bad(str(exc)) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise bad("only http:// and https:// addresses are supported")
    if not parts.hostname:
        raise bad("no server name")
    if port == 0:
        raise bad("port 0")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise bad(str(exc)) from exc
    return url


def _behind(exc: BaseException, *, in_args: bool = False) -> Iterator[BaseException]:
    """`exc` and the errors behind it (causes, contexts and, with `in_args`, errors passed
    as arguments, as httpcore wraps them), each once: httpx wraps the socket's and the TLS
    layer's errors several deep."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([current.__cause__, current.__context__,
                     *(current.args if in_args else ())])


def _tls_failure(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error behind a connection error, unless it is just a cut connection."""
    for current in _behind(exc, in_args=True):
        if isinstance(current, ssl.SSLError):
            transient = (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)
            return None if isinstance(current, transient) else current
    return None


#: OpenSSL's verify codes for a certificate outside its dates: what a station's clock
#: set years off (a flat CMOS battery) makes of every valid certificate.
_CERT_DATES = {9: "not valid yet", 10: "expired"}


def _tls_error(url: str, tls: ssl.SSLError) -> SyncError:
    """The one line for a TLS handshake that failed, with OpenSSL's own reason
    ("certificate has expired", not only `CERTIFICATE_VERIFY_FAILED`).

    A certificate out of its dates is, far more often than not, this station's
    clock being wrong: the line says so and gives the date the clock shows.
    """
    reason = getattr(tls, "verify_message", None) or tls.reason or str(tls)
    hint, hint_vi = "", ""
    if url.lower().startswith("https:") and "VERSION" in str(tls).upper():
        hint = "; does the server speak https? try http://"
    code = getattr(tls, "verify_code", None)
    if code in _CERT_DATES:
        today = time.strftime("%Y-%m-%d")
        hint = (f"; this station's clock says {today}: if that date is wrong, set the date "
                f"and time, then sync again (else the server's certificate is "
                f"{_CERT_DATES[code]})")
        hint_vi = (f" Đồng hồ của trạm đang là {time.strftime('%d/%m/%Y')}: nếu sai, hãy "
                   "chỉnh ngày giờ rồi đồng bộ lại.")
    return SyncError(f"{url}: the secure connection (TLS) failed: {reason}{hint}",
                     message_vi=f"Không lập được kết nối an toàn tới máy chủ.{hint_vi}")


#: How a failed name lookup reads once httpx has worded it (glibc, and Windows' getaddrinfo).
_NAME_NOT_FOUND = ("Name or service not known", "Temporary failure in name resolution",
                   "No address associated with hostname", "getaddrinfo failed")


#: The usual socket failures in plain words, by errno (Linux and Windows), and what to
#: check when no proxy stands between (with one, the proxy may be what failed).
_SOCKET_FAILURES = {
    errno.ECONNREFUSED: ("the connection was refused",
                         "is the server running, and its address and port right?"),
    errno.ECONNRESET: ("the connection was reset", ""),
    errno.EHOSTUNREACH: ("no route to the server", "is this station on the network?"),
    errno.ENETUNREACH: ("the network is unreachable", "is this station on the network?"),
}


def network_problem(exc: httpx.TransportError, *, proxy: bool = False) -> str:
    """A transport failure in plain words: "the connection was refused: is the server
    running…?" (the attempts follow in brackets), not httpx's "ConnectError: [Errno 111]
    Connection refused" (a class name and an errno). `proxy`: the request went through
    one, so no hint names the server."""
    for current in _behind(exc, in_args=True):
        said = _SOCKET_FAILURES.get(getattr(current, "errno", None) or -1)
        if said:
            words, hint = said
            return f"{words}: {hint}" if hint and not proxy else words
    words = re.sub(r"\[(Errno|WinError) -?\d+\] ", "", str(exc)).strip()
    # what a malformed answer held, as the server sent it, not Python's «bytearray(b'…')»
    words = _BYTES_SHOWN.sub(lambda m: f"«{m.group(2)[:60]}»", words)
    return f"network error ({words})" if words else "network error"


#: Bytes an HTTP parser quotes from a malformed answer (`illegal header line:
#: bytearray(b'SSH-2.0-OpenSSH')`).
_BYTES_SHOWN = re.compile(r"(?:bytearray\()?(?<!\w)b(['\"])(.*?)\1\)?")


def _connection_refused(exc: httpx.TransportError) -> bool:
    """Whether the server's machine answered that nothing listens on the port: the
    network is there, the server's program or the address is what to check."""
    return any(getattr(current, "errno", None) == errno.ECONNREFUSED
               for current in _behind(exc, in_args=True))


def _host_asked(exc: httpx.TransportError, url: str) -> str:
    """The server name of the request that failed: after a redirect (a captive portal
    sending every address to its login page) it is not the one the sync asked for."""
    try:
        return exc.request.url.host or urlsplit(url).hostname or ""
    except RuntimeError:  # no request attached
        return urlsplit(url).hostname or ""


#: The environment variables httpx takes a proxy from (`trust_env`).
_PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def _name_not_found(exc: BaseException) -> bool:
    """Whether `exc` comes from a server name that did not resolve (`socket.gaierror`)."""
    return any(isinstance(current, socket.gaierror)
               or any(words in str(current) for words in _NAME_NOT_FOUND)
               for current in _behind(exc))


#: httpcore's words for a connection that closed before or during an answer
_CUT_WORDS = ("complete message body", "disconnected without", "unexpectedly closed")
#: h11's words for a connection that closed inside a body: inside its data, or inside a
#: chunk's size line or the trailer of a chunked one (a flaky link, a proxy's timeout)
_BODY_CUT_WORDS = ("complete message body", "unexpectedly closed")


def _not_http(exc: httpx.TransportError, start: bytes) -> bool:
    """Whether the server answered, but not in HTTP: a status line or header no HTTP
    server sends (another service on the port — an SSH server's banner, a TLS server
    asked in plain http —, a broken proxy), or a redirect to no address. Another
    attempt meets the same answer, so it is no flaky network; a connection cut before
    or during an answer that began as HTTP is. `start`: the answer's first bytes
    (httpcore says "disconnected" of any connection closed before a whole head,
    whatever came)."""
    if not isinstance(exc, httpx.RemoteProtocolError):
        return False
    if not any(cut in str(exc) for cut in _CUT_WORDS):
        return True
    return bool(start) and "disconnected without" in str(exc) \
        and not start.startswith(b"HTTP/"[:len(start)])


def _body_cut(exc: httpx.TransportError) -> bool:
    """Whether `exc` is a connection closed in the middle of an answer's body."""
    return isinstance(exc, httpx.RemoteProtocolError) and \
        any(cut in str(exc) for cut in _BODY_CUT_WORDS)


def _not_http_error(url: str, exc: httpx.TransportError, start: bytes,
                    proxy: str | None) -> SyncError:
    """The one line for an answer that is no HTTP (`_not_http`): what came, readable
    (h11 names it as `bytearray(b'SSH-2.0-…')`), and what to check."""
    said = re.sub(r"bytearray\(b(['\"].*?['\"])\)", r"\1", str(exc)).strip().rstrip(".")
    if any(cut in said for cut in _CUT_WORDS):
        said = f"it began {start.decode('latin-1')!r}"
    said = said[:160] + "…" if len(said) > 160 else said
    who = f"the proxy {proxy}" if proxy else "the server"
    return SyncError(f"{url}: {who} did not answer in HTTP ({said}); check the address and "
                     f"port of the server{', and the proxy' if proxy else ''}",
                     message_vi="Máy chủ không trả lời theo giao thức web (HTTP): hãy kiểm tra "
                                "địa chỉ và cổng của máy chủ.")


def _is_html(response: httpx.Response) -> bool:
    return "html" in response.headers.get("content-type", "").lower()


#: A `Content-Range` of one object: ASCII digits, few enough for a number (a hostile
#: header of thousands of digits is more than `int` converts: named a wrong range).
_CONTENT_RANGE = re.compile(r"^bytes (\d{1,20})-(\d{1,20})/(\d{1,20}|\*)$", re.ASCII)


class Fetcher:
    """One HTTP client for one sync; counts requests and bytes for the report."""

    def __init__(self, settings: FetchSettings | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 cancel: threading.Event | None = None,
                 on_retry: Callable[[str], None] | None = None) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        try:
            self.client = httpx.Client(
                timeout=httpx.Timeout(s.timeout_s, read=s.stall_timeout_s),
                proxy=s.proxy or None, follow_redirects=True, trust_env=True,
                event_hooks={"request": [self._on_request]},
                headers={"User-Agent": f"cafesach/{__version__}"})
        except (OSError, ssl.SSLError) as exc:
            # SSL_CERT_FILE / SSL_CERT_DIR (a province's own certificate authority) naming
            # a file that is not there or holds no certificate
            named = ", ".join(f"{name}={os.environ[name]!r}" for name in
                              ("SSL_CERT_FILE", "SSL_CERT_DIR") if os.environ.get(name))
            raise ConfigError(
                f"the certificates for https ({named or 'the system store'}) cannot be "
                f"read ({exc}); fix the path or unset it",
                message_vi="Không đọc được tệp chứng chỉ cho https (SSL_CERT_FILE).") from exc
        except (ValueError, ImportError) as exc:  # "khong co", socks5:// (not supported)
            # httpx's words for socks5:// ("pip install httpx[socks]") are no advice for a
            # station: it speaks to HTTP proxies only
            reason = "this station speaks to HTTP proxies only, not SOCKS" \
                if isinstance(exc, ImportError) else str(exc)
            if not s.proxy:
                # the same, set in the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY)
                named = ", ".join(f"{name}={value!r}" for name, value in
                                  sorted(os.environ.items()) if name.upper() in _PROXY_ENV)
                raise ConfigError(f"the proxy set in the environment ({named or 'none'}) is "
                                  f"not usable ({reason}); write it as http://HOST:PORT, or "
                                  "unset it", message_vi="Cài đặt proxy của máy (HTTP_PROXY) "
                                  "không dùng được.") from exc
            raise ConfigError(f"sync.proxy {s.proxy!r} is not a usable proxy "
                              f"({reason}); write it as http://HOST:PORT",
                              message_vi="Cài đặt proxy (sync.proxy) không dùng được.") from exc
        _watch_reads(self.client, self._read, s)
        #: the first bytes of the last answer, as they came (`_not_http`), and its watch
        self.answer_start = b""
        self._answer_watch: _StallWatch | None = None
        #: the last answer came on a connection that had carried an answer before
        self.answer_reused = False
        self.sleep = sleep
        self.cancel = cancel
        self.on_retry = on_retry
        #: the address being fetched, for the deadline's line (`_read`)
        self.url = ""
        self.requests = 0
        self.bytes_received = 0
        #: told the bytes of the current file held so far, block by block (progress bars)
        self.on_bytes: Callable[[int], None] | None = None
        #: the servers requests may go to, redirects too (`opds.LinkRule.allows`); None:
        #: any (a signed repository's objects are checked by their hashes wherever they
        #: come from)
        self.allows: Callable[[str], bool] | None = None
        #: `time.monotonic()` after which this sync downloads nothing more
        self.deadline = time.monotonic() + s.deadline_s
        #: `time.monotonic()` of the last byte from the network, or of the start of the
        #: request being tried (`check_silence`)
        self.heard = time.monotonic()
        #: attempts made at the request being tried, for the silence's line
        self.tried = 0

    def check_deadline(self, url: str, *, after: float = 0.0) -> None:
        """Raise `SyncTooLong` when the sync is past its deadline, or would be `after`
        seconds from now (a retry's wait). Checked at every block received and before
        every attempt, so a download that never stalls still ends; the file being
        downloaded keeps what arrived, for the next sync to resume."""
        if time.monotonic() + after < self.deadline:
            return
        limit = self.settings.deadline_s
        raise SyncTooLong(
            f"{url}: the sync took longer than {duration_text(limit, 'en')} (sync.deadline_min) "
            "and was stopped; nothing was changed, and the next sync goes on from where it "
            "stopped",
            message_vi=f"Đồng bộ kéo dài quá {duration_text(limit, 'vi')} nên đã dừng; chưa thay "
                       "đổi gì, lần đồng bộ sau sẽ tải tiếp từ chỗ đã dừng.")

    def _on_request(self, request: httpx.Request) -> None:
        """Every request sent, each redirect's too: one to a server `allows` refuses is
        not sent (a feed's link to its own server redirected to the station's LAN)."""
        if self.allows is not None and not self.allows(str(request.url)):
            host = request.url.host
            raise Fatal(f"redirected to another server ({host}), neither the feed's nor one "
                        "in sync.allowed_hosts",
                        message_vi=f"Máy chủ chuyển hướng sang máy chủ khác ({host}), không "
                                   "phải máy chủ của danh mục hay máy chủ trong "
                                   "sync.allowed_hosts.")

    def check_silence(self, url: str, *, after: float = 0.0) -> None:
        """Raise `ServerSilent` when nothing came from the network for `silence_s`, or
        would not have `after` seconds from now (a retry's wait): checked before every
        attempt and wait, and each attempt's timeouts end where the silence would
        (`attempt_timeout`), so a server that never answers ends the sync in
        `silence_s`, not in every attempt's full timeout and the backoff between."""
        limit = self.settings.silence_s
        if time.monotonic() + after - self.heard < limit:
            return
        tries = "1 attempt" if self.tried == 1 else f"{self.tried} attempts"
        raise ServerSilent(
            f"{url}: the server sent nothing for {duration_text(limit, 'en')} "
            f"(sync.silence_s; {tries}) and the sync was stopped; nothing was changed, and "
            "the next sync tries again",
            message_vi=f"Máy chủ không trả lời trong {duration_text(limit, 'vi')} nên đồng bộ "
                       "đã dừng; chưa thay đổi gì, lần đồng bộ sau sẽ thử lại.")

    def attempt_timeout(self) -> httpx.Timeout:
        """The timeouts of the next attempt: the settings', cut to the silence left (never
        below a second, so an attempt is made at all)."""
        s = self.settings
        left = max(1.0, s.silence_s - (time.monotonic() - self.heard))
        return httpx.Timeout(min(s.timeout_s, left), read=min(s.stall_timeout_s, left))

    def _read(self, stream: _WatchedStream, data: bytes) -> None:
        """Every block read from the network, head or body: the stall rule and the
        sync's deadline (`_WatchedStream`)."""
        watch = stream.watch
        if watch is not self._answer_watch:  # an answer's first block: a new watch
            self._answer_watch, self.answer_start = watch, b""
            self.answer_reused = stream.reused
        if len(self.answer_start) < 64:
            self.answer_start += data[:64 - len(self.answer_start)]
        self.heard = time.monotonic()
        watch.received(len(data))
        self.check_deadline(self.url)

    def proxy_for(self, url: str) -> tuple[str | None, str]:
        """The proxy a request to `url` goes through (`sync.proxy`, else the
        environment's, as httpx reads it) and, for one from the environment, the
        words saying so; (None, "") when it goes straight to the server."""
        if self.settings.proxy:
            return self.settings.proxy, ""
        host = urlsplit(url).hostname or ""
        found = urllib.request.getproxies_environment()
        if not found or urllib.request.proxy_bypass_environment(host, found):
            return None, ""
        proxy = found.get(urlsplit(url).scheme.lower()) or found.get("all")
        return (proxy, " (set in the environment: HTTP_PROXY/HTTPS_PROXY)") if proxy \
            else (None, "")

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- retry loop -----------------------------------------------------------
    def _with_retries(self, url: str, attempt: Callable[[], object],
                      kept: Callable[[], int] | None = None) -> object:
        """`attempt()` until it succeeds, fails for good, or fails `retries + 1` times.

        `kept()` says how far a download has come (bytes kept for a resume): an
        attempt that got further than any before is no failure to count, so a link
        that drops every few hundred KB (a market's 3G) still brings a large video in
        one sync, resuming each time; it cannot loop for ever, as every such attempt
        keeps more of a file of known size.
        """
        problems: list[str] = []
        problem = ""
        kind = NETWORK  # what the last attempt met (`Retrying.kind`)
        asked: float | None = None  # the wait the server asked for, if it did
        busy = False  # the last attempt reached the server, which answered "busy" (5xx)
        unknown = False  # the last attempt could not find the server's name (DNS)
        unknown_host = ""
        attempts = self.settings.retries + 1
        furthest = kept() if kept is not None else 0
        # (a password in the address is hidden where the lines leave the sync:
        # `importer._addresses_hidden`)
        self.url = url
        # the silence is this request's: the time since the last one (verifying, staging)
        # is the station's, not the server's
        self.heard, self.tried = time.monotonic(), 0
        number = -1
        while number + 1 < attempts:
            number += 1
            self.check_deadline(url)
            self.check_silence(url)
            if number:
                delay = min(60.0, self.settings.backoff_s * 2 ** (number - 1))
                if asked is not None:  # a busy server said when to come back: not sooner
                    delay = max(delay, asked)
                self.check_deadline(url, after=delay)  # said now, not after the wait
                if asked is None:  # a wait the server asked for is no silence of its
                    self.check_silence(url, after=delay)
                if self.on_retry is not None:
                    self.on_retry(Retrying(f"{url}: {problem}; retrying in {delay:g} s "
                                           f"(attempt {number + 1} of {attempts})", kind,
                                           delay, number + 1, attempts))
                if self.cancel is not None:
                    if self.cancel.wait(delay):
                        raise SyncError(f"{url}: the sync was cancelled")
                else:
                    self.sleep(delay)
                if asked is not None:
                    self.heard = time.monotonic()
            asked, busy, unknown, refused = None, False, False, False
            self.tried += 1
            self.answer_start, self.answer_reused = b"", False
            try:
                return attempt()
            except Fatal as exc:
                raise SyncError(f"{url}: {exc}", message_vi=exc.message_vi) from exc
            except Retry as exc:
                problem, asked, busy, kind = str(exc), exc.after, exc.busy, exc.kind
                if asked is not None:
                    problem += f", asking to wait {asked:g} s"
            except httpx.InvalidURL as exc:  # e.g. a feed's link or a redirect
                raise SyncError(f"not a valid URL: {url!r} ({exc})") from exc
            except httpx.UnsupportedProtocol as exc:
                raise SyncError(f"{url}: only http:// and https:// addresses are supported "
                                f"({exc})") from exc
            except httpx.TooManyRedirects as exc:
                raise SyncError(f"{url}: the server redirects in a loop "
                                f"({exc}); check the server address",
                                message_vi="Máy chủ chuyển hướng vòng quanh; "
                                "hãy kiểm tra địa chỉ máy chủ.") from exc
            except httpx.DecodingError as exc:  # a damaged compressed answer
                problem, kind = f"the answer arrived damaged ({exc})", DAMAGED
            except httpx.TimeoutException:
                problem, kind = "the server did not answer in time (stalled)", TIMEOUT
            except httpx.TransportError as exc:
                tls = _tls_failure(exc)
                if tls is not None:
                    raise _tls_error(url, tls) from exc
                proxy, where = self.proxy_for(url)
                # on a connection kept from an earlier answer, what is left of that one
                # (a Content-Length too short) reads as no HTTP: another attempt, on a
                # new connection, tells
                if _not_http(exc, self.answer_start) and not self.answer_reused:
                    raise _not_http_error(url, exc, self.answer_start,
                                          proxy and f"{proxy}{where}") from exc
                problem, kind = network_problem(exc, proxy=bool(proxy)), NETWORK
                refused = not proxy and _connection_refused(exc)
                if _body_cut(exc):
                    kind = CUT  # the connection dropped in the middle of an answer
                if _name_not_found(exc) and not proxy:
                    # the first thing to fail with no network at all (a 3G dongle not
                    # connected) or with a mistyped address: either way, not the server
                    unknown, unknown_host = True, _host_asked(exc, url)
                    problem = (f"the server name {unknown_host} cannot be found "
                               f"(DNS: {exc}); check the address, and that this station is "
                               "online")
                    kind = NO_NAME
                if proxy:  # the proxy may be what is down, not the server
                    problem += f" through the proxy {proxy}{where}"
                    kind = PROXY
            now_kept = kept() if kept is not None else 0
            if kind == CUT and not now_kept:
                # nothing to resume from (the index, a feed's file, a small object, less
                # than a chunk): the next attempt fetches it again from its start
                kind = CUT_RESTART
            if problem not in problems:
                problems.append(problem)
            if now_kept > furthest:
                # it moved on: the next wait is the first, and the line of a download that
                # fails in the end names the failures since, not every drop of a long one
                furthest, number, problems = now_kept, 0, [problem]
        if busy:  # the network worked: the server is what to wait for, or to call
            said_vi = "Máy chủ của tỉnh đang bận hoặc gặp lỗi; chưa tải được, sẽ thử lại sau."
        elif unknown:
            said_vi = (f"Không tìm thấy máy chủ {unknown_host}: hãy kiểm tra địa "
                       "chỉ và kết nối mạng của trạm.")
        elif refused:  # the network works; the server's program, or the address, does not
            said_vi = ("Máy chủ của tỉnh không nhận kết nối: máy chủ chưa chạy, hoặc địa chỉ "
                       "hay cổng máy chủ bị sai; chưa tải được, sẽ thử lại sau.")
        else:
            said_vi = "Mạng chập chờn; chưa tải được, sẽ thử lại sau."
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        raise SyncError(f"{url}: {'; '.join(problems)} (gave up after {tries})",
                        message_vi=said_vi)

    def _check_status(self, response: httpx.Response) -> None:
        if response.status_code == 404:
            raise Fatal("not found on the server (404)", status=404,
                        message_vi="Máy chủ không có tệp cần tải (404): địa chỉ máy chủ sai, "
                                   "hoặc kho của tỉnh chưa được tải lên đủ.")
        if response.status_code in (408, 425, 429) or response.status_code >= 500:
            raise Retry(f"server busy or failing ({response.status_code})", kind=BUSY,
                        after=retry_after(response.headers.get("retry-after")), busy=True)
        if response.status_code == 401:  # a protected server: no or a wrong password
            raise Fatal("the server asks for a user name and password (401): give them in its "
                        "address (https://USER:PASSWORD@…), or check them", status=401,
                        message_vi="Máy chủ đòi tên đăng nhập và mật khẩu (401): hãy kiểm tra "
                                   "chúng trong địa chỉ máy chủ.")
        if response.status_code == 407:  # the proxy's, not the province's server
            raise Fatal("the proxy asks for a user name and password (407): give them in "
                        "sync.proxy (http://USER:PASSWORD@HOST:PORT), or check them",
                        status=407,
                        message_vi="Proxy đòi tên đăng nhập và mật khẩu (407): hãy kiểm tra "
                                   "cài đặt proxy.")
        if response.status_code >= 400:
            raise Fatal(f"refused by the server ({response.status_code})",
                        message_vi=f"Máy chủ từ chối yêu cầu ({response.status_code}).")

    # -- small files (index, feeds) -------------------------------------------
    def get_small(self, url: str, *, limit: int, etag: str | None = None,
                  last_modified: str | None = None, expect_json: bool = True) -> SmallResponse:
        """GET a bounded document, conditionally: `status == 304` means unchanged."""
        # only what `_Inflater` decodes in bounded steps (httpx's decoders inflate a whole
        # network block at once, and stacked ones multiply: a 4 KB answer marked
        # `gzip, gzip` became 4 GB in memory before any limit was looked at)
        headers = {"Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        def attempt() -> SmallResponse:
            self.requests += 1
            with self.client.stream("GET", url, headers=headers,
                                    timeout=self.attempt_timeout()) as response:
                if response.status_code == 304:
                    if not (etag or last_modified):
                        # "not modified" since nothing: a station that has no copy (or lost
                        # files of it) would report "unchanged" and never get the index
                        raise Fatal("the server answered 304 (not modified) to a request "
                                    "for the whole document, which it must send (a "
                                    "misconfigured server or cache)")
                    return SmallResponse(304, b"", etag, last_modified,
                                         response.headers.get("date"))
                self._check_status(response)
                if response.status_code != 200:
                    raise Fatal(f"unexpected answer {response.status_code}")
                if expect_json and _is_html(response):
                    raise Fatal("got a web page instead of the repository index (a captive "
                                "portal? log in to the network first)",
                                message_vi=PORTAL_VI)
                body = bytearray()
                inflater = _Inflater(response.headers.get("content-encoding", ""))
                for raw in response.iter_raw():
                    for block in inflater.feed(raw):
                        self.bytes_received += len(block)
                        body += block
                        if len(body) > limit:
                            raise Fatal(f"the document is larger than the {limit // 1048576} "
                                        "MB limit (endless or hostile answer)")
                inflater.finish()
                if expect_json and bytes(body[:512]).lstrip().startswith(b"<"):
                    # an error page sent as JSON or as a file (some CDNs and proxies)
                    raise Fatal("got a web page instead of the repository index (an error "
                                "page of the server or a proxy, or a captive portal)",
                                message_vi=PORTAL_VI)
                return SmallResponse(200, bytes(body), response.headers.get("etag"),
                                     response.headers.get("last-modified"),
                                     response.headers.get("date"))

        result = self._with_retries(url, attempt)
        assert isinstance(result, SmallResponse)
        return result

    # -- objects ----------------------------------------------------------------
    def download(self, url: str, part: Path, ref: ObjectRef, chunk_size: int) -> Path:
        """Fetch `url` into `part` (resuming), until it has exactly `ref.size` bytes.

        The caller verifies the full sha256; here every resumed prefix is
        checked chunk by chunk, so at most one chunk is fetched again.
        """
        etag_file = part.with_name(part.name + ".etag")

        def attempt() -> Path:
            offset = resume_offset(part, ref, chunk_size)
            if ref.size and offset == ref.size:
                return part
            etag = etag_file.read_text().strip() if etag_file.is_file() else None
            headers = {"Accept-Encoding": "identity"}
            if offset:
                # an object's name is its sha256, so its bytes never change under it, and
                # what is kept verified chunk by chunk: a server that sends no ETag (or a
                # weak one) is still asked for the rest only, never for all of it again
                headers["Range"] = f"bytes={offset}-"
                if etag and not etag.startswith("W/"):
                    headers["If-Range"] = etag
            self.requests += 1
            with self.client.stream("GET", url, headers=headers,
                                    timeout=self.attempt_timeout()) as response:
                self._check_status(response)
                if _is_html(response):
                    raise Fatal("got a web page instead of a file (a captive portal? "
                                "log in to the network first)",
                                message_vi=PORTAL_VI)
                new_etag = response.headers.get("etag")
                if response.status_code == 206:
                    match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
                    if not match or int(match.group(1)) != offset or (
                            match.group(3) != "*" and int(match.group(3)) != ref.size):
                        raise Fatal(f"the server answered a range request with the wrong range "
                                    f"({response.headers.get('content-range')!r} for bytes "
                                    f"{offset}-)")
                    if etag and new_etag != etag:
                        _discard(part, etag_file)
                        raise Retry(f"the file changed on the server during the download "
                                    f"(ETag {etag} became {new_etag})", kind=CHANGED)
                elif response.status_code == 200:
                    offset = 0  # a full answer: start over, never append
                else:
                    raise Fatal(f"unexpected answer {response.status_code}")
                try:
                    if new_etag:
                        etag_file.write_text(new_etag)
                    else:
                        etag_file.unlink(missing_ok=True)
                except OSError as exc:
                    raise write_failure(exc, "downloading", etag_file) from exc
                self._receive(response, part, offset, ref.size)
            return part

        def kept() -> int:  # what the next attempt resumes from: whole chunks (or file)
            try:
                have = part.stat().st_size
            except OSError:
                return 0
            if not ref.chunks:
                return have if have == ref.size else 0
            return have - have % chunk_size if have < ref.size else have

        result = self._with_retries(url, attempt, kept)
        assert isinstance(result, Path)
        return result

    def _receive(self, response: httpx.Response, part: Path, offset: int, size: int, *,
                 exact: bool = True) -> None:
        """Write `response`'s body into `part` from `offset`, at most `size` bytes; `exact`
        (a repository's object) wants all of them, else (a feed's file of unknown size)
        up to `size`."""
        s = self.settings
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):
            # asked for as it is (`Accept-Encoding: identity`): compressed bytes stored as
            # the file fail its size or hash — called a cut link and retried, or a bad
            # upload — while the server's compression setting is what to change: for a
            # repository its objects/ folder, for a feed (calibre, another library) its files
            where, where_vi = (("objects/", "thư mục objects/") if exact
                               else ("the feed's files", "các tệp của nguồn OPDS"))
            raise Fatal(f"the server sent the file compressed ({encoding}) though asked for "
                        f"it as it is; files must be served uncompressed (turn gzip off for "
                        f"{where})",
                        message_vi="Máy chủ gửi tệp ở dạng nén dù trạm không yêu cầu: hãy tắt "
                                   f"nén (gzip) cho {where_vi} trên máy chủ.")
        position = offset
        started = time.monotonic()
        received = 0
        try:
            fh = part.open("r+b" if offset else "wb")
        except OSError as exc:
            raise write_failure(exc, "downloading", part) from exc
        with _closing(fh, part):
            fh.seek(offset)
            fh.truncate()
            try:
                for block in response.iter_raw():
                    if position + len(block) > size:
                        raise Fatal(f"the server sent more than the declared {size} bytes "
                                    "(an endless or wrong answer)")
                    fh.write(block)
                    position += len(block)
                    received += len(block)
                    self.bytes_received += len(block)
                    faults.point("download-bytes", self.bytes_received)
                    if self.cancel is not None and self.cancel.is_set():
                        raise Fatal("the sync was cancelled")
                    if self.on_bytes is not None:
                        self.on_bytes(position)
                    # a stall or the deadline (`_read`) leaves what arrived in `part`, for a resume
                    if s.bandwidth_bps:
                        ahead = received / s.bandwidth_bps - (time.monotonic() - started)
                        if ahead > 0:
                            self.sleep(ahead)
                fh.flush()  # the last bytes may fail to go out only now (a full disk)
            except OSError as exc:
                raise write_failure(exc, "downloading", part) from exc
            finally:
                with contextlib.suppress(OSError):  # what arrived is kept for a resume
                    fh.flush()
                    os.fsync(fh.fileno())
        if exact and position < size:
            raise Retry(f"the connection closed after {position} of {size} bytes", kind=CUT)


    def get_file(self, url: str, dest: Path, *, limit: int) -> int:
        """Download a file of unknown hash (an OPDS acquisition) up to `limit` bytes."""

        def attempt() -> int:
            self.requests += 1
            identity = {"Accept-Encoding": "identity"}
            with self.client.stream("GET", url, headers=identity,
                                    timeout=self.attempt_timeout()) as response:
                self._check_status(response)
                if response.status_code != 200:
                    raise Fatal(f"unexpected answer {response.status_code}")
                if _is_html(response):
                    raise Fatal("got a web page instead of a file (a captive portal?)",
                                message_vi=PORTAL_VI)
                self._receive(response, dest, 0, limit, exact=False)
            return dest.stat().st_size

        result = self._with_retries(url, attempt)
        assert isinstance(result, int)
        return result


class _Inflater:
    """A `gzip` or `deflate` body decoded in steps of at most `STEP` bytes.

    Why not httpx's own decoding: it inflates each block from the network
    in one call, with no bound, and applies stacked encodings one after the
    other — so a few KB marked `Content-Encoding: gzip, gzip` grow to
    gigabytes before the caller can count a byte. Here the caller sees every
    `STEP` bytes and stops at its limit; an encoding other than these (or
    several) is refused.
    """

    STEP = 256 * 1024

    def __init__(self, encoding: str) -> None:
        value = encoding.strip().lower()
        self.started = False  # some compressed data was decoded
        # `deflate` sent bare, without the zlib wrapping (some servers): tried once, on
        # the first bytes, when they are no zlib stream
        self.bare_deflate = value == "deflate"
        if value in ("", "identity"):
            self.z = None
        elif value in ("gzip", "x-gzip", "deflate"):
            # gzip, or deflate in its zlib wrapping (what RFC 9110 means by it)
            self.z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        else:
            raise Fatal(f"the server compressed the answer as {encoding!r}, which this "
                        "station does not read (gzip or none)")

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.z is None:
            if data:
                yield data
            return
        while data:
            try:
                block = self.z.decompress(data, self.STEP)
            except zlib.error as exc:
                if self.bare_deflate:
                    self.bare_deflate = False
                    self.z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise Retry(f"the answer arrived damaged ({exc})", kind=DAMAGED) from exc
            self.started, self.bare_deflate = True, False
            if block:
                yield block
            data = self.z.unconsumed_tail
            if self.z.eof and self.z.unused_data.strip(b"\0"):
                raise Retry("the answer arrived damaged (data after its compressed end)",
                            kind=DAMAGED)

    def finish(self) -> None:
        if self.z is not None and self.started and not self.z.eof:
            raise Retry("the answer arrived damaged (its compressed data ends too early)",
                        kind=DAMAGED)


class _StallWatch:
    """Raises `Retry` when fewer than `stall_bytes` arrived in a `stall_timeout_s` window.

    The read timeout alone restarts with every byte, so a server that drips
    keeps a transfer alive for ever; this counts what arrives per window.
    """

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.window_start = time.monotonic()
        self.window_bytes = 0

    def received(self, count: int) -> None:
        s = self.settings
        self.window_bytes += count
        now = time.monotonic()
        if now - self.window_start >= s.stall_timeout_s:
            if self.window_bytes < s.stall_bytes:
                raise Retry(f"the download stalled (under {s.stall_bytes} bytes in "
                            f"{s.stall_timeout_s:g} s)", kind=STALL)
            self.window_start, self.window_bytes = now, 0


class _WatchedStream(httpcore.NetworkStream):
    """A connection whose every read goes through `on_read(self, bytes)`, with a new
    `_StallWatch` for each request written.

    Why at the connection, not around the body: the body's blocks are all the
    caller sees, and httpx's read timeout restarts with every byte, so a server
    that dripped its status line and headers a byte a second — or sent
    `102 Processing` again and again, which httpcore reads past without end —
    held a sync for hours, past its deadline and its retries.
    """

    def __init__(self, inner: httpcore.NetworkStream,
                 on_read: Callable[[_WatchedStream, bytes], None],
                 settings: FetchSettings) -> None:
        self.inner, self.on_read, self.settings = inner, on_read, settings
        self.watch = _StallWatch(settings)
        self.read_bytes = 0
        #: the request being answered follows an earlier answer on this connection
        self.reused = False

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self.inner.read(max_bytes, timeout)
        if data:
            self.read_bytes += len(data)
            self.on_read(self, data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.watch = _StallWatch(self.settings)  # a request: its answer's window starts
        self.reused = self.reused or self.read_bytes > 0
        self.inner.write(buffer, timeout)

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self.inner.start_tls(ssl_context, server_hostname, timeout)
        return _WatchedStream(inner, self.on_read, self.settings)

    def get_extra_info(self, info: str) -> object:
        return self.inner.get_extra_info(info)


class _WatchedBackend(httpcore.NetworkBackend):
    """httpcore's own network backend, its connections wrapped in `_WatchedStream`."""

    def __init__(self, inner: httpcore.NetworkBackend,
                 on_read: Callable[[_WatchedStream, bytes], None],
                 settings: FetchSettings) -> None:
        self.inner, self.on_read, self.settings = inner, on_read, settings

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: object = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(host, port, timeout, local_address,
                                        socket_options)  # type: ignore[arg-type]
        return _WatchedStream(stream, self.on_read, self.settings)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: object = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_unix_socket(path, timeout,
                                                socket_options)  # type: ignore[arg-type]
        return _WatchedStream(stream, self.on_read, self.settings)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _watch_reads(client: httpx.Client, on_read: Callable[[_WatchedStream, bytes], None],
                 settings: FetchSettings) -> None:
    """Route every connection of `client` (straight or through a proxy, `sync.proxy` or
    the environment's) through `_WatchedBackend`.

    httpx takes no network backend of its own, so it is set on the connection pools
    httpx made (`HTTPTransport._pool`, an httpcore pool): httpx and httpcore are
    pinned (constraints.txt), and a test fails at once if a pool — straight, or a
    proxy's — is no longer reached (`test_dripping_head`, every connection watched).
    """
    for transport in (client._transport, *client._mounts.values()):
        pool = getattr(transport, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool):
            pool._network_backend = _WatchedBackend(pool._network_backend, on_read, settings)


@contextlib.contextmanager
def _closing(fh: BinaryIO, part: Path) -> Iterator[None]:
    """Close `fh` after the block; a failure to write its last bytes (a full disk
    noticed only when the buffer is flushed) is named like any other write."""
    try:
        yield
    finally:
        try:
            fh.close()
        except OSError as exc:
            raise write_failure(exc, "downloading", part) from exc


def write_failure(exc: OSError, what: str, path: Path | None = None) -> StorageError:
    """The one line for a write that failed while an import or sync was `what`
    ("downloading", "staging objects"), built by the core's one "cannot write" builder
    (`files.write_error`): the file, when there is one, and the system's reason.

    A full disk adds what the librarian needs to hear: the import stopped before its
    one commit, so the library is as it was, and freeing space lets the next try through.
    """
    target = f"{path.name} while {what}" if path is not None else f"while {what}"
    error = write_error(target, exc, what_vi="nội dung mới")
    if not disk_full(exc):
        return error
    return StorageError(f"{error}; nothing was changed (free some space, then try again)",
                        message_vi=f"{error.message_vi} Thư viện giữ nguyên; hãy giải phóng "
                                   "bớt dung lượng rồi thử lại.")


def _discard(part: Path, etag_file: Path) -> None:
    part.unlink(missing_ok=True)
    etag_file.unlink(missing_ok=True)


def resume_offset(part: Path, ref: ObjectRef, chunk_size: int) -> int:
    """Bytes of `part` that can be kept: whole chunks that still verify."""
    try:
        have = part.stat().st_size
    except FileNotFoundError:
        return 0
    if have == 0:
        return 0
    if not ref.chunks:  # small object: only a complete file is worth keeping
        if have == ref.size:
            return have
        if have > ref.size:
            part.unlink()
        return 0
    good = 0
    with part.open("rb") as fh:
        for expected in ref.chunks:
            block = fh.read(chunk_size)
            if len(block) < chunk_size and good + len(block) != ref.size:
                break
            if hashlib.sha256(block).hexdigest() != expected:
                break
            good += len(block)
    if good != have:
        with part.open("r+b") as fh:
            fh.truncate(good)
    return good
