"""A repository server that answers with compression bombs.

The index and OPDS feeds are fetched whole into memory, under a byte limit;
that limit must hold for the decoded bytes as they are decoded, not after a
whole network block (or a stack of encodings) has been inflated.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.errors import SyncError
from library.repository.fetch import Fetcher, FetchSettings
from library.repository.index import ObjectRef

QUICK = FetchSettings(timeout_s=5, stall_timeout_s=5, retries=1, backoff_s=0.01)


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * (1 << 20)
    return b"".join([packer.compress(block) for _ in range(size >> 20)] + [packer.flush()])


#: path -> (Content-Encoding, body)
ANSWERS: dict[str, tuple[str, bytes]] = {
    "/bomb/index.json": ("gzip", _gzip_of_zeros(64 << 20)),
    "/stacked/index.json": ("gzip, gzip", gzip.compress(_gzip_of_zeros(64 << 20))),
    "/br/index.json": ("br", b"\x0b\x02\x80{}\x03"),
    "/ok/index.json": ("gzip", gzip.compress(b'{"hello": "world"}')),
    "/deflate/index.json": ("deflate", zlib.compress(b'{"a": 1}')),
    "/raw-deflate/index.json": ("deflate", zlib.compress(b'{"a": 2}')[2:-4]),
    "/short/index.json": ("gzip", gzip.compress(b'{"hello": "world"}' * 50)[:-30]),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        encoding, body = ANSWERS.get(self.path, ("", b""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_gzip_bomb_is_cut_at_the_limit_without_inflating_it_whole(server: str) -> None:
    """64 KB on the wire, 64 MB inflated: the fetch stops near its 1 MB limit."""
    tracemalloc.start()
    try:
        with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="larger than"):
            fetcher.get_small(f"{server}/bomb/index.json", limit=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


@pytest.mark.parametrize("path", ["/stacked/index.json", "/br/index.json"])
def test_an_encoding_not_asked_for_is_refused_at_once(server: str, path: str) -> None:
    with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="does not read"):
        fetcher.get_small(f"{server}{path}", limit=80 << 20)


@pytest.mark.parametrize(("path", "body"), [("/ok/index.json", b'{"hello": "world"}'),
                                            ("/deflate/index.json", b'{"a": 1}'),
                                            ("/raw-deflate/index.json", b'{"a": 2}')])
def test_compressed_answers_still_arrive_whole(server: str, path: str, body: bytes) -> None:
    with Fetcher(QUICK) as fetcher:
        assert fetcher.get_small(f"{server}{path}", limit=1 << 20).body == body


def test_a_compressed_answer_cut_short_is_named_damaged(server: str) -> None:
    with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="arrived damaged"):
        fetcher.get_small(f"{server}/short/index.json", limit=1 << 20)


CHUNK = 4096
OBJECT = bytes(range(256)) * (3 * CHUNK // 256)
REF = ObjectRef(hashlib.sha256(OBJECT).hexdigest(), len(OBJECT),
                tuple(hashlib.sha256(OBJECT[i:i + CHUNK]).hexdigest()
                      for i in range(0, len(OBJECT), CHUNK)))


class _RangeHandler(http.server.BaseHTTPRequestHandler):
    """Answers every Range with a `Content-Range` of thousands of digits."""

    def do_GET(self) -> None:
        self.send_response(206)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Range", f"bytes {'4' * 5000}-{len(OBJECT) - 1}/{len(OBJECT)}")
        self.send_header("Content-Length", str(len(OBJECT) - CHUNK))
        self.end_headers()
        self.wfile.write(OBJECT[CHUNK:])

    def log_message(self, *args: object) -> None:
        pass


def test_a_content_range_of_thousands_of_digits_is_a_wrong_range(tmp_path: Path) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RangeHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    part = tmp_path / f"{REF.sha256}.part"
    part.write_bytes(OBJECT[:CHUNK])  # one good chunk from before: the download resumes
    part.with_name(part.name + ".etag").write_text('"v1"')
    try:
        with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="wrong range"):
            fetcher.download(f"http://127.0.0.1:{httpd.server_address[1]}/o", part, REF, CHUNK)
    finally:
        httpd.shutdown()
        httpd.server_close()


class _CompressingHandler(http.server.BaseHTTPRequestHandler):
    """Sends every file gzip-compressed, though asked for it as it is (a CDN or a
    server set to compress everything)."""

    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        body = gzip.compress(OBJECT)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_file_sent_compressed_is_said_so_at_once_and_nothing_is_kept(tmp_path: Path) -> None:
    """Its compressed bytes, shorter than the file, were taken for a cut link and retried
    (then «Mạng chập chờn»); longer, for an endless answer."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CompressingHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    part = tmp_path / f"{REF.sha256}.part"
    try:
        with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="compressed") as caught:
            fetcher.download(f"http://127.0.0.1:{httpd.server_address[1]}/o", part, REF, CHUNK)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "gzip" in (caught.value.message_vi or "")
    assert _CompressingHandler.requests == 1
    assert not part.exists()


def test_a_feed_file_sent_compressed_names_the_feed_not_objects(tmp_path: Path) -> None:
    """An OPDS feed (calibre, another library) has no objects/ folder to set: the line
    names what to change there."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CompressingHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match="compressed") as caught:
            fetcher.get_file(f"http://127.0.0.1:{httpd.server_address[1]}/sach.epub",
                             tmp_path / "sach.epub", limit=1 << 20)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "turn gzip off for the feed's files" in str(caught.value)
    assert "objects/" not in str(caught.value) + (caught.value.message_vi or "")
