"""File transfers: validators that keep a resumed download whole, and stalled phones."""

from __future__ import annotations

import socket
import threading
import time
from email.utils import formatdate

from library.handoff.limits import Limits
from library.handoff.server import HandoffServer, range_allowed

from .conftest import Station, get


def _etag(station: Station) -> str:
    return f'"{station.items["clip"].sha256}"'


def test_etag_is_the_objects_digest(server: HandoffServer, station: Station) -> None:
    status, headers, _ = get(server, "/f/clip", method="HEAD")
    assert status == 200
    assert headers["ETag"] == _etag(station)  # strong: no W/ prefix
    status, headers, body = get(server, "/f/clip", {"If-None-Match": _etag(station)})
    assert status == 304 and body == b""
    status, _, body = get(server, "/f/clip", {"If-None-Match": '"' + "0" * 64 + '"'})
    assert status == 200 and body == station.video_bytes


def test_if_modified_since_the_last_modified_date_is_not_modified(server: HandoffServer,
                                                                 station: Station) -> None:
    """A phone revalidating by date gets 304, not the whole video again."""
    status, headers, _ = get(server, "/f/clip", method="HEAD")
    stamp = headers["Last-Modified"]
    status, _, body = get(server, "/f/clip", {"If-Modified-Since": stamp})
    assert status == 304 and body == b""
    status, _, body = get(server, "/f/clip", {"If-Modified-Since": formatdate(0, usegmt=True)})
    assert status == 200 and body == station.video_bytes
    # a validator that does not match wins over the date
    status, _, body = get(server, "/f/clip", {"If-Modified-Since": stamp,
                                              "If-None-Match": '"' + "0" * 64 + '"'})
    assert status == 200 and body == station.video_bytes


def test_if_range_with_the_current_strong_etag_resumes(server: HandoffServer,
                                                       station: Station) -> None:
    status, headers, body = get(server, "/f/clip", {"Range": "bytes=100-",
                                                    "If-Range": _etag(station)})
    assert status == 206
    assert body == station.video_bytes[100:]
    assert headers["Content-Range"] == f"bytes 100-{len(station.video_bytes) - 1}/" \
                                       f"{len(station.video_bytes)}"


def test_if_range_with_another_files_etag_sends_the_whole_file(server: HandoffServer,
                                                               station: Station) -> None:
    """A phone resuming a download of bytes that changed must not get a spliced file."""
    for validator in ('"' + "0" * 64 + '"',                       # another file's tag
                      "W/" + _etag(station),                      # weak: never for ranges
                      '"18f3a2b4c5d6e7-600000"',                  # aiohttp's old mtime tag
                      formatdate(time.time() - 10 * 365 * 86400, usegmt=True),  # too old
                      "not a date or a tag"):
        status, headers, body = get(server, "/f/clip", {"Range": "bytes=100-",
                                                        "If-Range": validator})
        assert status == 200, validator
        assert body == station.video_bytes, validator
        assert "Content-Range" not in headers


def test_if_range_with_a_current_date_resumes(server: HandoffServer, station: Station) -> None:
    _, headers, _ = get(server, "/f/clip", method="HEAD")
    status, _, body = get(server, "/f/clip", {"Range": "bytes=0-9",
                                              "If-Range": headers["Last-Modified"]})
    assert status == 206 and body == station.video_bytes[:10]


def test_range_allowed_rules() -> None:
    tag = '"' + "a" * 64 + '"'
    assert range_allowed(None, etag=tag, modified=1000.0)
    assert range_allowed(tag, etag=tag, modified=1000.0)
    assert not range_allowed("W/" + tag, etag=tag, modified=1000.0)
    assert not range_allowed('"b"', etag=tag, modified=1000.0)
    assert range_allowed(formatdate(2000, usegmt=True), etag=tag, modified=1000.0)
    assert not range_allowed(formatdate(500, usegmt=True), etag=tag, modified=1000.0)
    assert not range_allowed("", etag=tag, modified=1000.0)


def test_a_stalled_transfer_ends_and_frees_its_slot(station: Station) -> None:
    """A phone that stops reading (screen off, app killed) gives its slot back."""
    limits = Limits(downloads=1, downloads_per_client=1, stall_s=0.3)
    with HandoffServer(station.paths, port=0, limits=limits) as server, socket.socket() as sock:
        # A tiny receive window, set before connecting so it stays tiny: the 6 MB
        # file fills the socket buffers and then the transfer makes no progress.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"GET /f/clip HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(12) == b"HTTP/1.1 200"
        released = threading.Event()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not released.is_set():
            if server.site.slots.in_flight == 0:
                released.set()
            time.sleep(0.05)
        assert released.is_set(), "the stalled transfer still holds its slot"
        # The server has ended the connection: reading on gets less than the file, then EOF.
        received = 0
        try:
            while chunk := sock.recv(65536):
                received += len(chunk)
        except ConnectionResetError:
            pass
        assert received < len(station.video_bytes)
        status, _, body = get(server, "/f/clip", {"Range": "bytes=0-9"})  # the slot is free
        assert status == 206 and body == station.video_bytes[:10]


def test_a_reading_client_gets_the_whole_file_under_a_short_stall_limit(station: Station) -> None:
    limits = Limits(stall_s=2.0)
    with HandoffServer(station.paths, port=0, limits=limits) as server:
        status, _, body = get(server, "/f/clip")
        assert status == 200 and body == station.video_bytes


def test_the_stall_limit_is_a_setting(tmp_path) -> None:
    from library.config import Config

    assert Limits.from_config(Config(tmp_path / "c.toml")).stall_s == 30.0
    config = Config(tmp_path / "c.toml", {"handoff": {"stall_s": 5}})
    assert Limits.from_config(config).stall_s == 5.0


def test_a_slow_phone_still_reading_is_not_cut() -> None:
    """Where the phone's acknowledgements cannot be read, each step must finish within
    the stall limit: 1 MiB steps would cut phones below 35 KB/s.

    A crowded market Wi-Fi gives a phone 10–30 KB/s; only a phone slower
    than about 4 KB/s counts as stalled, whatever `stall_s` is set to.
    """
    from library.handoff.server import send_step

    for stall_s in (5.0, 10.0, Limits().stall_s, 120.0):
        assert send_step(stall_s) / stall_s <= 5_000
    assert send_step(Limits().stall_s) >= 64 * 1024  # steps stay large enough to be cheap
    assert send_step(0.3) > 0


def test_a_phone_reading_slower_than_a_step_per_stall_limit_gets_the_whole_file(
        station: Station) -> None:
    """Reading steadily, but a 1 MiB step takes it longer than `stall_s`: still reading,
    so not stalled (the server sees its acknowledgements move)."""
    from library.handoff.server import bytes_acked

    limits = Limits(stall_s=0.3)
    wanted = len(station.video_bytes)  # more than the socket buffers hold: steps must wait
    with HandoffServer(station.paths, port=0, limits=limits) as server, socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(f"GET /f/clip HTTP/1.1\r\nHost: x\r\nRange: bytes=0-{wanted - 1}\r\n"
                     "Connection: close\r\n\r\n".encode())
        received = b""
        started = time.monotonic()
        while chunk := sock.recv(65536):  # ~2.5 MB/s: a 1 MiB step takes longer than 0.3 s
            received += chunk
            time.sleep(0.025)
        took = time.monotonic() - started
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 206")
    assert body == station.video_bytes[:wanted]
    assert took > 2 * limits.stall_s  # it really read for longer than one stall limit
    assert bytes_acked(_Fake(sock=None)) is None  # no socket: steps sized by send_step


class _Fake:
    """A transport that has no socket to ask (as on a system without TCP_INFO)."""

    def __init__(self, sock: object) -> None:
        self._sock = sock

    def get_extra_info(self, name: str) -> object:
        return self._sock if name == "socket" else None


def test_a_phone_leaving_mid_download_logs_no_traceback(station: Station, caplog) -> None:
    """The visitor closes the browser mid-file: the transfer ends quietly, its slot freed.

    When the phone left between two steps, the next one found the connection
    closing and logged an "Unhandled exception" with a whole traceback.
    """
    limits = Limits(stall_s=1.0)  # the smallest steps: most chances to leave between two
    with caplog.at_level("WARNING", logger="library.handoff"), \
            HandoffServer(station.paths, port=0, limits=limits) as server:
        for _ in range(3):
            with socket.socket() as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
                sock.settimeout(30)
                sock.connect(("127.0.0.1", server.port))
                sock.sendall(b"GET /f/clip HTTP/1.1\r\nHost: x\r\n\r\n")
                for _ in range(40):
                    sock.recv(2048)
                    time.sleep(0.005)
            deadline = time.monotonic() + 30
            while server.site.slots.in_flight and time.monotonic() < deadline:
                time.sleep(0.02)
            assert server.site.slots.in_flight == 0
    assert not [r for r in caplog.records if r.levelno >= 40], caplog.text[-2000:]
