"""A server on 127.0.0.1 that speaks whatever the test writes on the socket.

Why raw sockets, not http.server: the answers these tests need are what no HTTP
server sends — a head dripped a byte at a time, an SSH banner, two Content-Lengths,
bytes left over past an answer's length — to prove what the station's fetcher makes
of them.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def raw_server(handle: Callable[[socket.socket], None]) -> Iterator[str]:
    """Run `handle(conn)` on each connection, in a thread of its own, while the block
    runs; gives the server's `http://127.0.0.1:PORT` address (port 0: no race). A
    connection is closed once `handle` returns; the station hanging up meanwhile
    (`OSError`) ends it quietly."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            handle(conn)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the block ended
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def answering(answer: bytes) -> Callable[[socket.socket], None]:
    """A `handle` that reads the request and sends `answer`, whatever was asked."""

    def handle(conn: socket.socket) -> None:
        conn.recv(65536)
        conn.sendall(answer)

    return handle
