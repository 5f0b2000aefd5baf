"""The handoff server over real HTTP on 127.0.0.1: pages, downloads, ranges, headers."""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import socket
from urllib.parse import unquote

import pytest

from library.errors import HandoffError
from library.handoff.server import HandoffServer, bind_failure

from .conftest import UNICODE_TITLE, Station, get, page


def test_index_lists_visible_items_only(server: HandoffServer) -> None:
    status, headers, body = get(server, "/")
    html = body.decode()
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Phim: Chợ 4.0 ở Đà Lạt" in html
    assert "/i/clip" in html
    assert "noi-bo" not in html and "Tài liệu nội bộ" not in html
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none' covers it
    assert headers["Server"] == "cafesach"


def test_index_search_folds_marks(server: HandoffServer) -> None:
    html = page(server, "/?q=chuyen%20doi%20so")
    assert "/i/so-tay" in html
    assert "<mark>" in html
    assert "/i/noi-bo" not in page(server, "/?q=noi%20bo")  # hidden items are not found either


def test_item_page_vietnamese_escaped_with_download(server: HandoffServer) -> None:
    html = page(server, "/i/so-tay")
    assert "Sổ tay &quot;đảng viên&quot; / Chợ 4.0: bản đặc biệt" in html
    assert 'href="/f/so-tay?tai=1">' in html
    assert "Tải về điện thoại" in html and "Mở tài liệu" in html
    assert re.search(r"\d+(,\d)? KB", html)  # the size, with a Vietnamese decimal comma
    assert 'src="/c/so-tay"' in html


def test_bulletin_without_file_shows_text(server: HandoffServer) -> None:
    html = page(server, "/i/ban-tin")
    assert "Trời nắng, không mưa." in html
    assert "/f/ban-tin" not in html
    assert get(server, "/f/ban-tin")[0] == 404


def test_download_equals_object(server: HandoffServer, station: Station) -> None:
    status, headers, body = get(server, "/f/clip")
    assert status == 200
    assert hashlib.sha256(body).hexdigest() == station.items["clip"].sha256
    assert body == station.video_bytes
    assert headers["Content-Type"] == "video/mp4"
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Disposition"].startswith("inline;")
    status, headers, body = get(server, "/f/so-tay")
    assert status == 200 and body == station.pdf_bytes
    assert headers["Content-Type"] == "application/pdf"


def test_range_requests(server: HandoffServer, station: Station) -> None:
    data = station.video_bytes
    status, headers, body = get(server, "/f/clip", {"Range": "bytes=1000-1999"})
    assert status == 206
    assert body == data[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    status, _, body = get(server, "/f/clip", {"Range": "bytes=-500"})
    assert status == 206 and body == data[-500:]
    status, _, body = get(server, "/f/clip", {"Range": f"bytes={len(data) - 10}-"})
    assert status == 206 and body == data[-10:]
    status, headers, _ = get(server, "/f/clip", {"Range": f"bytes={len(data) + 5}-"})
    assert status == 416


@pytest.mark.parametrize("wanted", ["bytes=0-1,5-6", "items=0-5", "bytes=abc", "bytes=20-10"])
def test_ranges_not_understood_send_the_whole_file(server: HandoffServer, station: Station,
                                                   wanted: str) -> None:
    """Several ranges (PDF readers ask so), another unit, a malformed range: 200, whole file.

    A 416 there told the phone nothing of the file could be had: it got no file at all.
    """
    status, headers, body = get(server, "/f/clip", {"Range": wanted})
    assert status == 200 and body == station.video_bytes
    assert "Content-Range" not in headers


def test_empty_suffix_range_is_unsatisfiable(server: HandoffServer, station: Station) -> None:
    status, headers, body = get(server, "/f/clip", {"Range": "bytes=-0"})
    assert status == 416 and body == b""
    assert headers["Content-Range"] == f"bytes */{len(station.video_bytes)}"
    status, _, body = get(server, "/f/clip", {"Range": "bytes = 10 - 19"})
    assert status == 206 and body == station.video_bytes[10:20]


def test_head_sends_no_body(server: HandoffServer, station: Station) -> None:
    status, headers, body = get(server, "/f/clip", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == len(station.video_bytes)


def test_unicode_title_in_content_disposition(server: HandoffServer) -> None:
    status, headers, _ = get(server, "/f/so-tay?tai=1")
    assert status == 200
    value = headers["Content-Disposition"]
    value.encode("ascii")  # headers stay ASCII: the title travels percent-encoded
    assert value.startswith("attachment;")
    star = re.search(r"filename\*=UTF-8''([^;\s]+)", value)
    assert star is not None
    # Marks stay; characters no file system accepts (" / :) become spaces.
    assert UNICODE_TITLE == 'Sổ tay "đảng viên" / Chợ 4.0: bản đặc biệt'
    assert unquote(star.group(1)) == "Sổ tay đảng viên Chợ 4.0 bản đặc biệt.pdf"
    plain = re.search(r'filename="([^"]*)"', value)
    assert plain is not None and plain.group(1) == "So tay dang vien Cho 4.0 ban dac biet.pdf"


def test_cover_is_an_image(server: HandoffServer) -> None:
    status, headers, body = get(server, "/c/so-tay")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")


@pytest.mark.parametrize("path", ["/i/noi-bo", "/f/noi-bo", "/c/noi-bo", "/i/khong-co",
                                  "/f/khong-co", "/i/", "/f/"])
def test_hidden_and_unknown_are_404(server: HandoffServer, path: str) -> None:
    assert "Không tìm thấy" in page(server, path, status=404)


def test_post_is_refused(server: HandoffServer) -> None:
    assert get(server, "/i/clip", method="POST")[0] == 405
    assert get(server, "/f/clip", method="DELETE")[0] == 405


def test_stats_sink_gets_counts_and_nothing_is_logged(station: Station, caplog) -> None:
    class Counting:
        def __init__(self) -> None:
            self.views: list[str] = []
            self.searches: list[tuple[str, bool]] = []

        def item_viewed(self, item_id: str) -> None:
            self.views.append(item_id)

        def search_committed(self, query: str, *, found: bool) -> None:
            self.searches.append((query, found))

    sink = Counting()
    caplog.set_level(logging.DEBUG)
    with HandoffServer(station.paths, port=0, stats=sink) as srv:  # type: ignore[arg-type]
        assert get(srv, "/i/clip")[0] == 200
        assert get(srv, "/?q=khongcogi")[0] == 200
        assert get(srv, "/f/clip", {"Range": "bytes=0-9"})[0] == 206
        assert get(srv, "/i/clip", {"X-Huge": "a" * 20_000})[0] == 400  # an error is logged
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as raw:
            raw.sendall(b"\x16\x03\x01 not http\r\n\r\n")
            raw.recv(1024)
    assert sink.views == ["clip"]
    assert sink.searches == [("khongcogi", False)]
    # No access log: nothing recorded names the client or what it fetched.
    for record in caplog.records:
        text = record.getMessage()
        assert "127.0.0.1" not in text and "/f/clip" not in text and "/i/clip" not in text


def test_malformed_requests_log_one_quiet_line_each(server: HandoffServer, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="library.handoff.http")
    for line in (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"GET / HTTP/1.1\r\nX: " + b"b" * 20_000 + b"\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
            raw.sendall(line)
            assert raw.recv(64).startswith(b"HTTP/1.0 400")
    bad = [r for r in caplog.records if r.name == "library.handoff.http"]
    assert len(bad) == 2
    for record in bad:  # below the console's warning level, no traceback, no address
        assert record.levelno == logging.INFO and record.exc_info is None
        assert record.getMessage().startswith("bad request from a client (400)")
        assert len(record.getMessage()) < 160 and "127.0.0.1" not in record.getMessage()


def test_port_in_use_is_a_clear_error(station: Station) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = HandoffServer(station.paths, host="127.0.0.1", port=port)
        with pytest.raises(HandoffError) as refused:
            server.start()
        assert not server.running
    # not asyncio's "[Errno 98] error while attempting to bind on address ('127.0.0.1', …)"
    assert str(refused.value) == (
        f"cannot serve on 127.0.0.1:{port}: port {port} is already in use by another program "
        "(a kiosk or another `cafesach serve` running?); stop it, or choose another port "
        "(--port; the kiosk: handoff.port)")


@pytest.mark.parametrize(("error", "said"), [
    (socket.gaierror(-2, "Name or service not known"),
     "tram-cho.invalid is neither an address of this machine nor a name it can look up"),
    (OSError(errno.EADDRNOTAVAIL, "error while attempting to bind on address "
             "('tram-cho.invalid', 8765): cannot assign requested address"),
     "tram-cho.invalid is not an address of this machine"),
    (OSError(errno.EACCES, "error while attempting to bind on address "
             "('tram-cho.invalid', 80): permission denied"),
     "port 80 is reserved for the system (ports below 1024)"),
    (OSError(errno.ENOBUFS, "error while attempting to bind on address "
             "('tram-cho.invalid', 8765): no buffer space available"),
     "no buffer space available"),
])
def test_a_bind_failure_is_said_without_errno_or_asyncio_words(error: OSError, said: str) -> None:
    """`cafesach serve --host` mistyped, not this machine's, or a port for root only."""
    port = 80 if "80)" in str(error) else 8765
    reason = bind_failure(error, "tram-cho.invalid", port)
    assert reason.startswith(said)
    assert "Errno" not in reason and "attempting" not in reason and "\n" not in reason


def test_a_refused_bind_on_a_high_port_is_not_blamed_on_ports_below_1024() -> None:
    """A security policy (SELinux, a firewall's hook) refusing port 8765: the system's
    words, not advice to leave ports below 1024 the port never was among."""
    error = OSError(errno.EACCES, "error while attempting to bind on address "
                    "('0.0.0.0', 8765): permission denied")
    assert bind_failure(error, "0.0.0.0", 8765) == "permission denied"


def test_stop_frees_the_port_and_restarts(station: Station) -> None:
    server = HandoffServer(station.paths, port=0).start()
    port = server.port
    assert get(server, "/")[0] == 200
    server.stop()
    assert not server.running
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))  # free again
    again = HandoffServer(station.paths, port=0).start()
    try:
        assert get(again, "/i/clip")[0] == 200
    finally:
        again.stop()


def test_no_catalog_is_refused(tmp_path) -> None:
    from library.paths import DataPaths

    with pytest.raises(HandoffError):
        HandoffServer(DataPaths(tmp_path / "empty"), port=0).start()


@pytest.mark.parametrize(("host", "url"), [("0.0.0.0", "http://127.0.0.1:8765"),
                                           ("::", "http://[::1]:8765"),
                                           ("10.42.0.1", "http://10.42.0.1:8765")])
def test_url_is_one_this_machine_can_open(station: Station, host: str, url: str) -> None:
    """`handoff.host = "::"` (every interface, IPv6 too) printed `http://[::]:8765/`."""
    server = HandoffServer(station.paths, host=host, port=8765)
    server.port = 8765  # as if listening; nothing is bound here
    assert server.url == url
    assert server.all_interfaces == (host in ("0.0.0.0", "::"))


def test_a_decomposed_query_is_shown_back_composed(server: HandoffServer) -> None:
    """Marks typed as combining characters (NFD) come back as one character each (NFC)."""
    import unicodedata
    from urllib.parse import quote

    html = page(server, "/?q=" + quote(unicodedata.normalize("NFD", "đảng viên")))
    assert "Kết quả cho “đảng viên”" in html  # this literal is NFC
    assert "/i/so-tay" in html


@pytest.fixture
def every_interface(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple, dict]]:
    """The server's socket for every interface, made as the server asks but on ::1.

    Tests listen on this machine only (tests/loopback): the `socket.create_server`
    call is recorded as asked — `::`, one socket for both families — and made with
    the same options on ::1. What is checked is the server's choice of socket,
    never the network around the machine.
    """
    asked: list[tuple[tuple, dict]] = []
    real = socket.create_server

    def create_server(address: tuple, **options: object) -> socket.socket:
        asked.append((address, options))
        host, port = address[:2]
        return real(("::1" if host == "::" else host, port), **options)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_server", create_server)
    return asked


@pytest.mark.parametrize("host", ["::", "[::]", "*"])
def test_every_interface_is_one_socket_for_ipv4_and_ipv6_phones(station: Station, host: str,
                                                      every_interface) -> None:
    """`handoff.host = "::"` listened on IPv6 only (asyncio sets IPV6_V6ONLY), so every
    IPv4 phone — the hotspot's, the ones the codes send — was refused: it is one socket
    for both families now (`dualstack_ipv6`), which the kernel gives IPv4 phones too."""
    import http.client

    if not socket.has_dualstack_ipv6():
        pytest.skip("this machine has no IPv6")
    server = HandoffServer(station.paths, host=host, port=0).start()
    try:
        assert server.host == "::" and server.all_interfaces
        [(address, options)] = every_interface  # IPV6_V6ONLY off: IPv4 phones reach it
        assert address == ("::", 0)
        assert options["family"] == socket.AF_INET6 and options["dualstack_ipv6"] is True
        conn = http.client.HTTPConnection("::1", server.port, timeout=30)
        try:
            conn.request("GET", "/i/clip")
            response = conn.getresponse()
            assert response.status == 200
            assert "Phim: Chợ 4.0 ở Đà Lạt" in response.read().decode()
        finally:
            conn.close()
    finally:
        server.stop()


def test_a_taken_port_on_every_interface_is_refused_plainly(station: Station,
                                                            every_interface) -> None:
    if not socket.has_dualstack_ipv6():
        pytest.skip("this machine has no IPv6")
    server = HandoffServer(station.paths, host="::", port=0).start()
    try:
        with pytest.raises(HandoffError, match="cannot serve on ::"):
            HandoffServer(station.paths, host="::", port=server.port).start()
    finally:
        server.stop()
