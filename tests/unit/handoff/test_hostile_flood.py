"""One client opening connections by the hundred on the open Wi-Fi.

Each connection is a file descriptor held for `keepalive_s`; past the
process's limit the server could accept no phone at all. One client may
hold `Limits.connections_per_client`; others keep being served.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from library.handoff.limits import ClientConnections, Limits
from library.handoff.server import HandoffServer

from .conftest import Station

PER_CLIENT = 8


@pytest.fixture
def guarded(station: Station) -> Iterator[HandoffServer]:
    limits = Limits(requests_per_minute=100_000, burst=100_000,
                    connections_per_client=PER_CLIENT)
    server = HandoffServer(station.paths, host="127.0.0.1", port=0, limits=limits).start()
    yield server
    server.stop()


def _answer(sock: socket.socket) -> bytes:
    """The status line sent back on `sock`, or b"" when the server closed it."""
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: tram\r\nConnection: close\r\n\r\n")
        return sock.recv(64).split(b"\r\n", 1)[0]
    except (ConnectionResetError, BrokenPipeError):
        return b""


def test_a_client_holds_only_so_many_connections(guarded: HandoffServer) -> None:
    flood = [socket.create_connection(("127.0.0.1", guarded.port), timeout=10)
             for _ in range(PER_CLIENT * 5)]
    try:
        # connections are accepted in order: once the last is closed, all were counted
        try:
            last = flood[-1].recv(1)
        except ConnectionResetError:
            last = b""
        assert last == b""
        answers = [_answer(sock) for sock in flood]
        assert answers[:PER_CLIENT] == [b"HTTP/1.1 200 OK"] * PER_CLIENT
        assert set(answers[PER_CLIENT:]) == {b""}
        # another phone is served meanwhile, and so is this client once it let go
        other = socket.create_connection(("127.0.0.1", guarded.port), timeout=10,
                                         source_address=("127.0.0.2", 0))
        with other:
            assert _answer(other) == b"HTTP/1.1 200 OK"
    finally:
        for sock in flood:
            sock.close()
    with socket.create_connection(("127.0.0.1", guarded.port), timeout=10) as again:
        assert _answer(again) == b"HTTP/1.1 200 OK"


def test_connection_counts_go_back_to_zero() -> None:
    counts = ClientConnections(2)
    assert counts.open("a") and counts.open("a") and not counts.open("a")
    assert counts.open("b")
    counts.close("a")
    assert counts.held("a") == 1 and counts.open("a")
    counts.close("a")
    counts.close("a")
    counts.close("b")
    assert counts.held("a") == counts.held("b") == 0 and counts._open == {}
