"""Hostile requests: traversal, odd targets, huge headers, slow and greedy clients.

Every case must end in a 4xx (429 when rate-limited), never serve a byte
from outside `objects/`, and leave the server answering normal requests.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from library.handoff.limits import Limits
from library.handoff.server import HandoffServer

from .conftest import SECRET, Station, get

TRAVERSALS = [
    "/../secret.txt",
    "/i/../../secret.txt",
    "/f/../secret.txt",
    "/f/..",
    "/f/..%2F..%2Fsecret.txt",
    "/f/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/f/%2E%2E/%2E%2E/secret.txt",
    "/f/%252e%252e%252fsecret.txt",
    "/f/..%5C..%5Csecret.txt",
    "/f/%2Fetc%2Fpasswd",
    "/f//etc/passwd",
    "//etc/passwd",
    "/etc/passwd",
    "/f/secret.txt",
    "/objects/secret.txt",
    "/c/../../secret.txt",
    "/f/clip/../../secret.txt",
    "/f/clip%00.txt",
    "/f/clip/",
    "/f/catalog.db",
    "/catalog.db",
    "/f/" + "a" * 64,  # looks like an object digest, is not an item id
    "/f/" + "x" * 5000,
    "/i/%C0%AE%C0%AE%2Fsecret.txt",  # overlong UTF-8 dots
    "http://127.0.0.1/../secret.txt",  # absolute-form target
    "/f/clip?tai=../../secret.txt",
    "/f/lien-ket",  # the item's object is a symlink to a file outside objects/
]


def _assert_up(server: HandoffServer) -> None:
    assert get(server, "/i/clip")[0] == 200


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_never_leaves_objects(server: HandoffServer, path: str) -> None:
    status, headers, body = get(server, path)
    assert SECRET not in body
    assert b"SQLite format" not in body
    if path.startswith("/f/clip?"):
        assert status == 200  # the query is ignored: still only the item's own file
    elif path == "/f/clip/":  # another spelling of the item's own file (test_spellings.py)
        assert status == 301 and headers["Location"] == "/f/clip"
    else:
        assert 400 <= status < 500
    _assert_up(server)


def _raw(server: HandoffServer, data: bytes, *, timeout: float = 20) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else 0


@pytest.mark.parametrize("request_bytes", [
    b"GET /i/clip HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
    + b"a" * 70_000 + b"\r\n\r\n",
    b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /i/clip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + b"".join(
        b"X-%d: y\r\n" % i for i in range(500)) + b"\r\n",
    b"GET /../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET \\..\\secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /i/clip HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS hello
])
def test_malformed_and_huge_requests_are_4xx(server: HandoffServer, request_bytes: bytes) -> None:
    reply = _raw(server, request_bytes)
    assert SECRET not in reply
    status = _status(reply)
    assert reply == b"" or 400 <= status < 500, reply[:200]
    _assert_up(server)


def test_slow_client_does_not_block_others_and_is_dropped(station: Station) -> None:
    limits = Limits(keepalive_s=1.0)
    with HandoffServer(station.paths, port=0, limits=limits) as server, \
            socket.create_connection(("127.0.0.1", server.port), timeout=30) as slow:
        slow.sendall(b"GET /i/clip HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and then nothing
        for _ in range(3):
            assert get(server, "/i/clip")[0] == 200  # others are served meanwhile
        # The server closes the half-open request once the idle timeout passes.
        data = slow.recv(4096)
        assert data == b"" or _status(data) >= 400
        _assert_up(server)


def test_request_rate_limit_gives_429_and_recovers(station: Station) -> None:
    limits = Limits(requests_per_minute=30, burst=5)  # one per 2 s after a burst of 5
    with HandoffServer(station.paths, port=0, limits=limits) as server:
        statuses = [get(server, "/")[0] for _ in range(15)]
        assert statuses[:5] == [200] * 5
        assert 429 in statuses[5:]
        status, headers, body = get(server, "/i/clip")
        assert status == 429
        assert int(headers["Retry-After"]) >= 1
        assert "quá nhiều yêu cầu" in body.decode()
        time.sleep(int(headers["Retry-After"]) + 0.2)  # waiting as told is enough
        assert get(server, "/i/clip")[0] == 200


def _hold_download(server: HandoffServer, opened: threading.Event,
                   release: threading.Event) -> None:
    """Ask for the 6 MB file and read almost nothing until told (a slow phone)."""
    with socket.socket() as sock:
        # A small receive window, set before connecting so it really stays small.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"GET /f/clip HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1024)
        opened.set()
        release.wait(30)


def _wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def test_parallel_downloads_per_client_get_429(station: Station) -> None:
    limits = Limits(downloads=16, downloads_per_client=2)
    release = threading.Event()
    with HandoffServer(station.paths, port=0, limits=limits) as server:
        holders = []
        for _ in range(2):
            opened = threading.Event()
            thread = threading.Thread(target=_hold_download, args=(server, opened, release))
            thread.start()
            assert opened.wait(20)
            holders.append(thread)
        _wait_for(lambda: server.site.slots.in_flight == 2)
        status, headers, _ = get(server, "/f/clip", {"Range": "bytes=0-9"})
        assert status == 429 and "Retry-After" in headers
        assert get(server, "/i/clip")[0] == 200  # pages still load
        release.set()
        for thread in holders:
            thread.join(30)
        _wait_for(lambda: server.site.slots.in_flight == 0)
        status, _, body = get(server, "/f/clip", {"Range": "bytes=0-9"})
        assert status == 206 and body == station.video_bytes[:10]


def test_many_parallel_clients_server_stays_up(station: Station) -> None:
    # One client address for all 40 threads: its own download slots are set above the
    # station's, so a download past the 4 slots is the station's 503, never a 429 that
    # would look like the rate limit (how many downloads overlap depends on the load).
    limits = Limits(requests_per_minute=600, burst=40, downloads=4, downloads_per_client=40)
    statuses: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        for path in ("/", "/i/clip", "/f/so-tay", "/c/so-tay", "/?q=cho"):
            try:
                status = get(server, path)[0]
            except OSError:
                status = -1
            with lock:
                statuses.append(status)

    with HandoffServer(station.paths, port=0, limits=limits) as server:
        threads = [threading.Thread(target=client) for _ in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(statuses) == 200
        assert set(statuses) <= {200, 429, 503}
        assert 429 in statuses  # 200 requests at once are more than the burst allows
        # Every request within the burst was answered: served, or (a download past
        # the station's 4 slots) told the station is busy.
        assert statuses.count(200) + statuses.count(503) >= 40
        assert statuses.count(200) >= 20
        time.sleep(2.5)
        _assert_up(server)
