"""Nạp nội dung: while a sync waits to try again, the progress line says why, how long
it waits and which attempt follows, in the panel's language."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.admin.content import RETRY_TEXTS, retry_text
from library.repository import retries
from library.repository.retries import Retrying

from ..english import english
from .harness import Panel

pytestmark = pytest.mark.ui

#: kind: (the line in Vietnamese, in English) for a wait of 40 s before attempt 2 of 6
LINES = {
    retries.BUSY: ("Máy chủ của tỉnh đang bận; thử lại sau 40 giây (lần 2/6)…",
                   "The province's server is busy; trying again in 40 seconds "
                   "(attempt 2 of 6)…"),
    retries.NO_NAME: ("Không tìm thấy máy chủ: trạm chưa có mạng, hoặc địa chỉ máy chủ sai; "
                      "thử lại sau 40 giây (lần 2/6)…",
                      "Cannot find the server: this station is not online, or the server "
                      "address is wrong; trying again in 40 seconds (attempt 2 of 6)…"),
    retries.PROXY: ("Không kết nối được qua proxy của mạng; thử lại sau 40 giây (lần 2/6)…",
                    "Cannot connect through the network's proxy; trying again in 40 seconds "
                    "(attempt 2 of 6)…"),
    retries.NETWORK: ("Không kết nối được máy chủ; thử lại sau 40 giây (lần 2/6)…",
                      "Cannot connect to the server; trying again in 40 seconds "
                      "(attempt 2 of 6)…"),
    retries.TIMEOUT: ("Máy chủ chưa trả lời; thử lại sau 40 giây (lần 2/6)…",
                      "The server is not answering; trying again in 40 seconds "
                      "(attempt 2 of 6)…"),
    retries.STALL: ("Mạng quá chậm, việc tải bị đứng; thử lại sau 40 giây (lần 2/6)…",
                    "The network is too slow and the download stalled; trying again in "
                    "40 seconds (attempt 2 of 6)…"),
    retries.CUT: ("Kết nối bị ngắt giữa chừng; tải tiếp phần còn lại sau 40 giây (lần 2/6)…",
                  "The connection dropped; fetching the rest in 40 seconds (attempt 2 of 6)…"),
    retries.CUT_RESTART: ("Kết nối bị ngắt giữa chừng; tải lại từ đầu sau 40 giây (lần 2/6)…",
                          "The connection dropped; downloading it again from the start in "
                          "40 seconds (attempt 2 of 6)…"),
    retries.DAMAGED: ("Dữ liệu bị hỏng trên đường truyền; tải lại sau 40 giây (lần 2/6)…",
                      "The data arrived damaged; downloading it again in 40 seconds "
                      "(attempt 2 of 6)…"),
    retries.CHANGED: ("Tệp trên máy chủ vừa thay đổi; tải lại sau 40 giây (lần 2/6)…",
                      "The file changed on the server; downloading it again in 40 seconds "
                      "(attempt 2 of 6)…"),
    retries.REPUBLISHED: ("Tỉnh vừa xuất bản phiên bản mới trong lúc đồng bộ; đang đồng bộ "
                          "lại theo phiên bản mới…",
                          "The province published a new version during the sync; syncing "
                          "again with it…"),
}


def test_every_kind_has_its_line() -> None:
    kinds = {value for name, value in vars(retries).items() if name.isupper()}
    assert set(RETRY_TEXTS) == set(LINES) == kinds


@pytest.mark.parametrize("kind", sorted(LINES))
def test_each_kind_in_vietnamese_and_in_english(qapp, kind: str) -> None:
    line = Retrying("http://kho/index.json: …; retrying in 40 s (attempt 2 of 6)", kind,
                    40.0, 2, 6)
    vietnamese, english_line = LINES[kind]
    assert retry_text(line) == vietnamese
    with english():
        assert retry_text(line) == english_line


def test_a_long_wait_is_said_in_minutes_and_an_unknown_line_in_general_words(qapp) -> None:
    busy = Retrying("x", retries.BUSY, 300.0, 3, 6)
    assert retry_text(busy) == "Máy chủ của tỉnh đang bận; thử lại sau 5 phút (lần 3/6)…"
    assert retry_text("a line of an older kind") == "Máy chủ chưa trả lời, đang thử lại…"


class _Busy(BaseHTTPRequestHandler):
    """Always 503, asking for a wait of one second."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Retry-After", "1")
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def busy_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_sync_to_a_busy_server_says_so_on_the_panel(panel: Panel, busy_server: str) -> None:
    """Through the sync's own process: the kind crosses the pipe to the panel."""
    panel.config.set("sync", "server_url", busy_server)
    panel.config.set("sync", "retries", 1)
    panel.unlock()
    panel.admin.showScreen("content")
    panel.pump(100)
    content = panel.admin.content
    texts: list[str] = []
    content.changed.connect(lambda: texts.append(content.property("progressText")))
    panel.tap("syncNow")
    panel.wait(lambda: not content.busy)
    assert "Máy chủ của tỉnh đang bận; thử lại sau 1 giây (lần 2/2)…" in texts
    assert "bận" in panel.find("importResult").property("text")  # then the failure's line
