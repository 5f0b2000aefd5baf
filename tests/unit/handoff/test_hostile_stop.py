"""Stopping the server while a phone holds a download it no longer reads.

`cafesach serve` ended with Ctrl+C, or the kiosk closing, with a phone (or a
script) stuck mid-file: the stop must be quiet — no asyncio error and
traceback in the log, no task left pending.
"""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path

import pytest

from library.handoff.server import HandoffServer

from .conftest import build_station


def test_stopping_during_a_stuck_download_logs_no_error(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    station = build_station(tmp_path)
    server = HandoffServer(station.paths, port=0).start()
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        client.connect(("127.0.0.1", server.port))
        client.sendall(b"GET /f/clip HTTP/1.1\r\nHost: tram\r\n\r\n")
        deadline = time.monotonic() + 20
        while server.site.slots.in_flight == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.site.slots.in_flight == 1  # under way, and the phone reads nothing
        time.sleep(0.3)  # let the transfer fill the connection's buffers
        with caplog.at_level(logging.ERROR):
            server.stop()
    finally:
        client.close()
        server.stop()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
