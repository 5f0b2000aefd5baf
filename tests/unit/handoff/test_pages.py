"""What a phone reads: text items, players, result cards, cut lists, error pages."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.handoff.limits import Limits
from library.handoff.pages import duration_vi
from library.handoff.server import SEARCH_LIMIT, HandoffServer
from library.paths import DataPaths

from .conftest import TEXT_BULLETIN, Station, get, page

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _main(html: str) -> str:
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def test_text_bulletin_shows_its_text_on_the_item_page(server: HandoffServer) -> None:
    html = _main(page(server, "/i/hop-cho"))
    # Paragraphs, escaped; the file's own title line is not repeated under the <h1>.
    assert "<p>Ban quản lý mời bà con &lt;b&gt;họp chợ&lt;/b&gt; lúc 8 giờ sáng thứ Hai.</p>" \
        in html
    assert "<p>Địa điểm: nhà văn hoá thôn 3.</p>" in html
    assert "<b>" not in html
    assert html.count("Thông báo họp chợ") == 1
    assert 'href="/f/hop-cho?tai=1">' in html


def test_text_file_opens_as_a_phone_page_and_downloads_raw(server: HandoffServer) -> None:
    status, headers, body = get(server, "/f/hop-cho")
    html = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert VIEWPORT in html
    assert "<p>Địa điểm: nhà văn hoá thôn 3.</p>" in html
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, headers, body = get(server, "/f/hop-cho?tai=1")
    assert status == 200 and body == TEXT_BULLETIN.encode()
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Content-Disposition"].startswith("attachment;")
    status, _, body = get(server, "/f/hop-cho", {"Range": "bytes=0-5"})
    assert status == 206 and body == TEXT_BULLETIN.encode()[:6]  # ranges stay on the file


def test_bulletin_page_does_not_repeat_the_summary(server: HandoffServer) -> None:
    html = _main(page(server, "/i/ban-tin"))  # the body begins with the summary
    assert html.count("Giá lúa tăng nhẹ.") == 1
    assert "Trời nắng, không mưa." in html


def test_video_and_audio_play_on_the_page(server: HandoffServer) -> None:
    status, headers, body = get(server, "/i/clip")
    html = body.decode()
    assert status == 200
    assert re.search(r'<video controls preload="metadata"[^>]* src="/f/clip"', html)
    assert "media-src 'self'" in headers["Content-Security-Policy"]
    audio = page(server, "/i/nghe")
    assert re.search(r'<audio controls preload="metadata"[^>]* src="/f/nghe"', audio)
    assert "2 phút 5 giây" in audio
    assert ">Mở tài liệu<" not in audio and "Tải về điện thoại" in audio


@pytest.mark.parametrize(("seconds", "text"), [(8.0, "8 giây"), (125.4, "2 phút 5 giây"),
                                               (120, "2 phút"), (3900, "1 giờ 5 phút"),
                                               (0.2, "1 giây")])
def test_duration_vi(seconds: float, text: str) -> None:
    assert duration_vi(seconds) == text


def test_whole_result_card_is_the_link(server: HandoffServer) -> None:
    html = page(server, "/?q=cho")
    card = re.search(r'<li><a class="card" href="/i/clip">(.*?)</a></li>', html)
    assert card is not None
    assert "Phim: Chợ 4.0 ở Đà Lạt" in card.group(1)  # the title is inside the link …
    assert 'class="kind"' in card.group(1)  # … and so is the rest of the card
    rule = re.search(r"a\.card\{[^}]*min-height:(\d+)px", html)
    assert rule is not None and int(rule.group(1)) >= 48
    assert "display:block" in rule.group(0)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory):
    """A station with more matches for one word than a result page shows."""
    paths = DataPaths(tmp_path_factory.mktemp("crowded") / "data").ensure()
    with Catalog.open(paths) as catalog:
        for n in range(SEARCH_LIMIT + 7):
            catalog.put(Item(id=f"phien-{n}", title=f"Chợ phiên số {n}", kind="bulletin",
                             summary="Lịch chợ phiên."))
        for n in range(3):  # hidden items are not counted either
            catalog.put(Item(id=f"an-{n}", title=f"Chợ phiên nội bộ {n}", kind="bulletin",
                             hidden=True))
    limits = Limits(requests_per_minute=100_000, burst=100_000)
    with HandoffServer(paths, port=0, limits=limits) as srv:
        yield srv


def test_cut_search_results_say_so(crowded: HandoffServer) -> None:
    html = page(crowded, "/?q=cho%20phien")
    assert html.count('class="card"') == SEARCH_LIMIT
    assert f"Đang hiện {SEARCH_LIMIT} trên {SEARCH_LIMIT + 7} kết quả" in html
    few = page(crowded, "/?q=phien%20so%2012")
    assert "Đang hiện" not in few  # nothing left out, nothing said


def _raw(server: HandoffServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("request_bytes", [
    b"GET /i/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # path past 8190 bytes
    b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(100))
    + b"\r\n",  # more headers than allowed
    b"GARBAGE /i/demo-secret\r\n\r\n",  # no request line at all
    b"GET /i/a\x01b HTTP/1.1\r\nHost: x\r\n\r\n",  # a control character
])
def test_parser_rejections_get_the_stations_own_error_page(server: HandoffServer,
                                                            request_bytes: bytes) -> None:
    reply = _raw(server, request_bytes)
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert re.match(r"HTTP/1\.[01] 400 ", lines[0]), lines[0]
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert headers["server"] == "cafesach"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    text = body.decode()
    assert "Yêu cầu không hợp lệ." in text and VIEWPORT in text
    # Nothing of the request, the parser's English complaint or any version comes back.
    assert "demo-secret" not in text and "aaaa" not in text
    assert "Python" not in reply.decode("latin-1") and "aiohttp" not in text.lower()
    assert "Bad" not in text and "Invalid" not in text
    assert get(server, "/i/clip")[0] == 200


def test_station_answers_after_many_parser_errors(server: HandoffServer, tmp_path: Path,
                                                  station: Station) -> None:
    for _ in range(5):
        _raw(server, b"\x16\x03\x01 not http\r\n\r\n")
    assert get(server, "/f/clip", {"Range": "bytes=0-3"})[2] == station.video_bytes[:4]


def test_an_item_whose_file_is_lost_offers_no_download(tmp_path: Path) -> None:
    """A file gone from the store: the page still shows the item, with no button to a 404."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        sha = catalog.objects.add_bytes(b"%PDF-1.4 lost")
        catalog.put(Item(id="mat-tep", title="Tài liệu mất tệp", kind="book", sha256=sha,
                         size=13, media_type="application/pdf", filename="a.pdf"))
        catalog.objects.path(sha).unlink()
    with HandoffServer(paths, port=0) as server:
        html = page(server, "/i/mat-tep")
        assert "Tài liệu mất tệp" in html
        assert "/f/mat-tep" not in html and "Tải về điện thoại" not in html
        assert "không có trên trạm (bị thiếu hoặc hỏng)" in html and "thủ thư" in html


def test_an_item_with_no_file_of_its_own_says_nothing_is_missing(tmp_path: Path) -> None:
    """A bulletin that is only its text has no file to miss: no note about one."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        catalog.put(Item(id="tin", title="Thông báo họp chợ", kind="bulletin",
                         body="Họp chợ lúc 8 giờ sáng thứ hai."))
    with HandoffServer(paths, port=0) as server:
        html = page(server, "/i/tin")
    assert "Họp chợ lúc 8 giờ" in html and "không có trên trạm" not in html


def test_a_station_with_nothing_to_share_says_so(tmp_path: Path) -> None:
    """A heading "Tài liệu mới nhất" over an empty list looked like a page still loading."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths):
        pass
    with HandoffServer(paths, port=0) as server:
        html = page(server, "/")
    assert "Trạm chưa có tài liệu nào để chia sẻ." in html
    assert "Tài liệu mới nhất" not in html
