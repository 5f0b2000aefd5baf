"""A server address that answers, but not in HTTP: another service on the port (an
SSH server's banner), an answer no HTTP server sends, a redirect to no address.

Another attempt meets the same answer, so the sync says so at once, in words
that send the librarian to the address and port, not "Mạng chập chờn" (a flaky
network) after six attempts.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from library.errors import SyncError
from library.repository.fetch import Fetcher, network_problem
from library.repository.importer import import_from

from .helpers import World, assert_untouched, snapshot
from .raw_server import raw_server
from .test_http_faults import QUICK

ANSWERS = {
    "ssh": b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n",
    "two-lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 5\r\n\r\n",
    "no-address": b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
}


class _Answering:
    """A server on 127.0.0.1 sending `answer` to every connection; counts them."""

    def __init__(self, answer: bytes) -> None:
        self.answer, self.connections = answer, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/kho"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(self.answer)
                    conn.shutdown(socket.SHUT_WR)
                    conn.recv(65536)  # until the station hangs up
                except OSError:
                    pass


@pytest.fixture(params=list(ANSWERS))
def answering(request: pytest.FixtureRequest) -> Iterator[_Answering]:
    server = _Answering(ANSWERS[request.param])
    yield server
    server.listener.close()


def test_an_answer_that_is_not_http_is_said_at_once(world: World, station,
                                                   answering: _Answering) -> None:
    paths, catalog = station
    before = snapshot(paths)
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, answering.url, settings=QUICK)
    said = str(caught.value)
    assert "the server did not answer in HTTP" in said, said
    assert "check the address and port" in said and "bytearray" not in said
    assert "HTTP" in (caught.value.message_vi or "") and "Mạng" not in caught.value.message_vi
    assert answering.connections == 1  # no retry: the next attempt gets the same answer
    assert_untouched(before, paths)


def test_an_ssh_servers_banner_is_quoted() -> None:
    server = _Answering(ANSWERS["ssh"])
    try:
        with Fetcher(QUICK) as fetcher, pytest.raises(SyncError, match=r"'SSH-2\.0-OpenSSH"):
            fetcher.get_small(f"{server.url}/index.json", limit=1 << 20)
    finally:
        server.listener.close()


def test_what_an_answer_too_long_for_its_length_leaves_is_tried_again() -> None:
    """A body longer than its Content-Length leaves bytes on the kept connection; the
    next answer read there starts with them. That is the earlier answer's fault, not a
    server that speaks no HTTP: the next attempt, on a new connection, gets through."""
    served: list[str] = []

    def handle(conn: socket.socket) -> None:
        asked = b""
        while more := conn.recv(65536):
            asked += more
            while b"\r\n\r\n" in asked:
                head, _, asked = asked.partition(b"\r\n\r\n")
                path = head.split(b" ")[1].decode()
                served.append(path)
                tail = b"LEFT-OVER" if path == "/first" else b""
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}" + tail)

    with raw_server(handle) as url, Fetcher(QUICK) as fetcher:
        assert fetcher.get_small(f"{url}/first", limit=100, expect_json=False).body == b"{}"
        assert fetcher.get_small(f"{url}/second", limit=100, expect_json=False).body == b"{}"
    assert served == ["/first", "/second", "/second"]


@pytest.mark.parametrize(("status", "said", "said_vi"), [
    (401, "the server asks for a user name and password (401)", "Máy chủ đòi tên đăng nhập"),
    (407, "the proxy asks for a user name and password (407)", "Proxy đòi tên đăng nhập"),
])
def test_a_password_asked_for_is_said_as_such(world: World, station, status: int, said: str,
                                              said_vi: str) -> None:
    """A protected server (or proxy) whose password is missing or wrong: not «the server
    refuses the request», which names neither the password nor, for 407, the proxy."""
    server = _Answering(f"HTTP/1.1 {status} Authorization Required\r\n"
                        "Content-Length: 0\r\n\r\n".encode())
    paths, catalog = station
    try:
        with pytest.raises(SyncError) as caught:
            import_from(paths, catalog, server.url, settings=QUICK)
    finally:
        server.listener.close()
    assert said in str(caught.value) and said_vi in (caught.value.message_vi or "")
    assert server.connections == 1


@pytest.mark.parametrize("cut", [
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1",  # inside a chunk's size
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-T",  # trailer
])
def test_a_chunked_answer_cut_short_is_a_flaky_link_tried_again(cut: bytes) -> None:
    """A chunked answer (a feed, a server that streams) whose connection drops inside a
    chunk's size line or its trailer: h11 says «peer unexpectedly closed connection». It
    began as HTTP, so it is a cut link to try again, not a server that speaks no HTTP
    (which stopped a flaky market link's sync at its first drop)."""
    server = _Answering(cut)
    retried: list[str] = []
    try:
        with Fetcher(QUICK, on_retry=lambda line: retried.append(str(line))) as fetcher, \
                pytest.raises(SyncError) as caught:
            fetcher.get_small(f"{server.url}/index.json", limit=1 << 20)
    finally:
        server.listener.close()
    assert "did not answer in HTTP" not in str(caught.value), caught.value
    assert server.connections == QUICK.retries + 1 and len(retried) == QUICK.retries
    assert "Mạng chập chờn" in (caught.value.message_vi or "")


@pytest.mark.parametrize(("said", "shown"), [
    ("illegal header line: bytearray(b'SSH-2.0-OpenSSH_9.2')",
     "network error (illegal header line: «SSH-2.0-OpenSSH_9.2»)"),
    ("Bob's server's answer", "network error (Bob's server's answer)"),
])
def test_a_malformed_answer_on_a_kept_connection_shows_its_bytes_as_sent(said: str,
                                                                         shown: str) -> None:
    """Retried (a kept connection may hold another answer's leftovers), then said as what
    came, not as Python's «bytearray(b'…')»."""
    assert network_problem(httpx.RemoteProtocolError(said)) == shown
