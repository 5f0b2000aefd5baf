"""A server that drips the head of its answer: the status line and headers, or
`102 Processing` again and again, before any body.

httpx's read timeout restarts with every byte and the body's blocks are all a
caller sees, so such a server held a sync for hours, past its deadline. The
stall rule and the deadline count every byte read on the connection.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from library.errors import SyncError
from library.repository.fetch import Fetcher, FetchSettings, SyncTooLong
from library.repository.importer import import_from

from .helpers import World, assert_untouched, clip_of, snapshot
from .raw_server import answering, raw_server

#: a stall is under 1 KB in half a second; the head drips a byte every 50 ms
QUICK = FetchSettings(timeout_s=5, stall_timeout_s=0.5, stall_bytes=1024, retries=1,
                      backoff_s=0.01)
#: the longest the tests wait for an answer that must come (a hang fails, not blocks)
BOUND_S = 60.0


def _drip_head(conn: socket.socket, stop: threading.Event) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 8000:
        if stop.wait(0.05):
            return
        conn.sendall(bytes([byte]))


def _processing(conn: socket.socket, stop: threading.Event) -> None:
    """`102 Processing` answers, faster than the stall rule counts a stall."""
    while not stop.wait(0.001):
        conn.sendall(b"HTTP/1.1 102 Processing\r\n\r\n" * 64)


@pytest.fixture
def dripping() -> Iterator[Callable[[Callable[[socket.socket, threading.Event], None]], str]]:
    """A server on 127.0.0.1 answering every request with the given head; its URL."""
    stop = threading.Event()

    def start(answer: Callable[[socket.socket, threading.Event], None]) -> str:
        def handle(conn: socket.socket) -> None:
            while b"\r\n\r\n" not in conn.recv(65536):
                pass
            answer(conn, stop)  # the station hanging up (OSError) is what it should do

        return servers.enter_context(raw_server(handle))

    with contextlib.ExitStack() as servers:
        yield start
        stop.set()


def _bounded(call: Callable[[], object]) -> BaseException:
    """What `call()` raised, waited for at most `BOUND_S`."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed to the test
            caught.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(BOUND_S)
    assert not thread.is_alive(), f"still waiting after {time.monotonic() - started:.0f} s"
    assert caught, "a server that never finishes its head was taken for an answer"
    return caught[0]


def test_a_sync_whose_index_head_drips_is_a_stall_and_changes_nothing(
        world: World, station, dripping) -> None:
    paths, catalog = station
    url = dripping(_drip_head)
    before = snapshot(paths)
    error = _bounded(lambda: import_from(paths, catalog, url, settings=QUICK))
    assert isinstance(error, SyncError)
    assert "stalled" in str(error) and "gave up after 2 attempts" in str(error)
    assert_untouched(before, paths)


def test_an_object_whose_head_drips_is_a_stall(world: World, dripping,
                                               tmp_path: Path) -> None:
    url = dripping(_drip_head)
    part = tmp_path / "clip.part"
    with Fetcher(QUICK) as fetcher:
        error = _bounded(lambda: fetcher.download(f"{url}/o", part, clip_of(world.repo_v1),
                                                  64 * 1024))
    assert isinstance(error, SyncError) and "stalled" in str(error)


def test_processing_answers_without_end_stop_at_the_deadline(dripping) -> None:
    url = dripping(_processing)
    settings = FetchSettings(timeout_s=5, stall_timeout_s=5, retries=1, backoff_s=0.01,
                             deadline_s=1.0)
    with Fetcher(settings) as fetcher:
        error = _bounded(lambda: fetcher.get_small(f"{url}/index.json", limit=1 << 20))
    assert isinstance(error, SyncTooLong)


@pytest.mark.parametrize("route", ["straight", "sync.proxy", "HTTP_PROXY"])
def test_every_connection_is_watched_straight_or_through_a_proxy(
        route: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch is set on the connection pools httpx makes, through attributes of its
    own (`fetch._watch_reads`): an httpx or httpcore that no longer has them would leave
    a dripping server unwatched, which the tests above only tell after their bound. Each
    way out of the station — straight, `sync.proxy`, the environment's proxy — is seen
    reading here at once. (A proxy asked for an http:// address answers it itself: this
    server, answering everything, serves as both.)"""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with raw_server(answering(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")) as url:
        settings = QUICK
        if route == "sync.proxy":
            settings = dataclasses.replace(QUICK, proxy=url)
        elif route == "HTTP_PROXY":
            monkeypatch.setenv("HTTP_PROXY", url)
        target = url if route == "straight" else "http://thuvien.example.invalid"
        with Fetcher(settings) as fetcher:
            assert (fetcher.proxy_for(target)[0] is None) == (route == "straight")
            assert fetcher.get_small(f"{target}/index.json", limit=100).body == b"{}"
            assert fetcher.answer_start.startswith(b"HTTP/1.1 200 OK")  # read, watched
