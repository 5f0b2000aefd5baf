"""A small HTTP server that misbehaves on purpose, for the sync fault tests.

URLs are `/<mode>/<repository path>`; files come from a folder. Modes:

- `ok`         — correct static server (ETag, Range, 206);
- `range200`   — the first download of an object is cut halfway; a Range
                 request is answered with `200` and the whole file;
- `shift206`   — the first download is cut; the `206` answer starts one byte
                 later than asked;
- `etagswap`   — downloads of large objects are cut halfway; every answer
                 carries a new ETag (the file "changes" mid-download);
- `endless`    — objects come without length and never end;
- `drip`       — objects trickle `drip_size` bytes (one by default) every `drip_delay`;
- `driplarge`  — the same for objects over two chunks only, the others come at once;
- `portal`     — every answer is an HTML login page (a captive portal);
- `indexendless` — the index never ends;
- `loop`       — every answer redirects to itself;
- `badgzip`    — the index comes marked gzip-compressed, but is not;
- `dripindex`  — the index trickles one byte at a time;
- `always304`  — the index is answered `304 Not Modified`, asked for conditionally
                 or not (a misconfigured cache).
"""

from __future__ import annotations

import collections
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORTAL = b"<!DOCTYPE html><html><body><h1>Wi-Fi Cho 4.0</h1>Dang nhap de tiep tuc</body></html>"


class FaultyServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[tuple[str, dict[str, str]]] = []
        self.hits: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        self.drip_delay = 0.02
        self.drip_size = 1
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_state: FaultyServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server_state
        with state.lock:
            state.log.append((self.path, dict(self.headers)))
            state.hits[self.path] += 1
            hit = state.hits[self.path]
        mode, _, rest = self.path.lstrip("/").partition("/")
        if mode == "portal":
            return self._send(200, PORTAL, "text/html; charset=utf-8")
        if mode == "loop":
            return self._send(302, b"", "text/plain", extra={"Location": self.path})
        path = (state.root / rest).resolve()
        if not path.is_relative_to(state.root) or not path.is_file():
            return self._send(404, b"not found", "text/plain")
        data = path.read_bytes()
        is_object = "/objects/" in self.path
        if mode == "badgzip" and not is_object:
            return self._send(200, data, "application/json", extra={"Content-Encoding": "gzip"})
        if mode == "dripindex" and not is_object:
            return self._drip(data)
        if mode == "always304" and not is_object:
            return self._send(304, b"", "application/json")
        if mode == "indexendless" and not is_object:
            return self._endless(b'{"signed": {"items": [' + b"0," * 1000)
        if not is_object or mode == "ok":
            return self._ranged(data, etag='"fixed"')
        large = len(data) > 2 * 64 * 1024
        asked = self.headers.get("Range")
        if mode == "endless":
            return self._endless(data)
        if mode == "drip" or (mode == "driplarge" and large):
            return self._drip(data)
        if mode == "driplarge":
            return self._ranged(data, etag='"fixed"')
        if mode == "etagswap" and large:
            etag = f'"v{hit}"'
            if asked:  # a broken cache: ignores If-Range, answers 206 of another version
                return self._ranged(data, etag=etag, honour_if_range=False)
            return self._cut(data, etag)
        if mode in ("range200", "shift206") and large:
            if not asked:
                return self._cut(data, '"fixed"') if hit == 1 else self._send(
                    200, data, "application/octet-stream", etag='"fixed"')
            if mode == "range200":
                return self._send(200, data, "application/octet-stream", etag='"fixed"')
            start = int(re.match(r"bytes=(\d+)-", asked).group(1)) + 1  # type: ignore[union-attr]
            return self._send(206, data[start:], "application/octet-stream", etag='"fixed"',
                              extra={"Content-Range": f"bytes {start}-{len(data) - 1}/"
                                                     f"{len(data)}"})
        return self._ranged(data, etag='"fixed"')

    # answers ------------------------------------------------------------------
    def _send(self, code: int, body: bytes, ctype: str, *, etag: str | None = None,
              extra: dict[str, str] | None = None, length: int | None = None) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            if etag:
                self.send_header("ETag", etag)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _ranged(self, data: bytes, *, etag: str, honour_if_range: bool = True) -> None:
        asked = self.headers.get("Range")
        match = re.match(r"bytes=(\d+)-$", asked or "")
        if match and (self.headers.get("If-Range", etag) == etag or not honour_if_range):
            start = int(match.group(1))
            return self._send(206, data[start:], "application/octet-stream", etag=etag,
                              extra={"Content-Range": f"bytes {start}-{len(data) - 1}/"
                                                     f"{len(data)}"})
        ctype = "application/json" if self.path.endswith(".json") else "application/octet-stream"
        return self._send(200, data, ctype, etag=etag)

    def _cut(self, data: bytes, etag: str) -> None:
        """Promise the whole file, send half, hang up."""
        self._send(200, data[: len(data) // 2], "application/octet-stream", etag=etag,
                   length=len(data))
        self.close_connection = True

    def _endless(self, head: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            self.wfile.write(head)
            block = b"0" * 65536
            for _ in range(100_000):  # ~6 GB: "endless" for any client that does not stop
                self.wfile.write(block)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip(self, data: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", '"fixed"')
            self.end_headers()
            size = self.server_state.drip_size
            for offset in range(0, len(data), size):
                self.wfile.write(data[offset: offset + size])
                self.wfile.flush()
                time.sleep(self.server_state.drip_delay)
        except (BrokenPipeError, ConnectionResetError):
            pass
