"""An unsigned OPDS feed's links lead only to its own server and to those
`sync.allowed_hosts` lists: an acquisition link, a next page or a redirect to another
machine (the station's LAN, 169.254.169.254, a service on the station) is not followed;
the entry or page is skipped with its reason, and nothing is asked of that machine."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from library.config import Config
from library.repository.fetch import FetchSettings
from library.repository.importer import fetch_settings, import_opds
from library.repository.opds import LinkRule

from .helpers import make_pdf
from .raw_server import raw_server
from .test_password_exits import NOT_FOUND, _ok

FAST = FetchSettings(retries=0, backoff_s=0.01, stall_timeout_s=5, timeout_s=5)


def _feed(entries: list[tuple[str, str]], next_page: str = "") -> bytes:
    body = "".join(
        f"<entry><id>urn:{title}</id><title>{title}</title>"
        f'<link rel="http://opds-spec.org/acquisition" type="application/pdf" '
        f'href="{link}"/></entry>' for title, link in entries)
    more = f'<link rel="next" href="{next_page}"/>' if next_page else ""
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{more}{body}</feed>'.encode()


def _recording(answers: dict[str, bytes], asked: list[str]) -> Callable[[socket.socket], None]:
    """Answers by the path asked (404 to any other), noting every path asked; every
    request of a kept-alive connection."""

    def handle(conn: socket.socket) -> None:
        while request := conn.recv(65536).split(b" ", 2):
            if len(request) < 3:
                return
            path = request[1].decode()
            asked.append(path)
            conn.sendall(answers.get(path, NOT_FOUND))

    return handle


@pytest.fixture
def pdf(tmp_path: Path) -> bytes:
    return make_pdf(tmp_path / "p.pdf", "Sách", "Giá lúa hôm nay.").read_bytes()


def test_links_to_other_servers_are_skipped_and_never_asked(station, pdf: bytes) -> None:
    paths, catalog = station
    elsewhere: list[str] = []
    other = {"/lan.pdf": _ok(pdf, "application/pdf"), "/lan2.pdf": _ok(pdf, "application/pdf"),
             "/page2": _ok(_feed([("Trang hai", "/lan.pdf")]), "application/atom+xml")}
    with raw_server(_recording(other, elsewhere)) as other_url:
        # the same machine under another name: another server as far as the rule goes
        lan = other_url.replace("127.0.0.1", "localhost")
        port = other_url.rsplit(":", 1)[1]
        feed = _feed([("Ở đây", "/here.pdf"),
                      ("Mạng trong", f"{lan}/lan.pdf"),
                      ("Siêu dữ liệu", "http://169.254.169.254/latest/meta-data/x.pdf"),
                      ("Cùng máy, cổng khác", f"//localhost:{port}/lan2.pdf"),
                      ("Chuyển hướng", "/moved.pdf")],
                     next_page=f"{lan}/page2")
        moved = (f"HTTP/1.1 302 Found\r\nLocation: {lan}/lan.pdf\r\n"
                 "Content-Length: 0\r\n\r\n").encode()
        here = {"/opds": _ok(feed, "application/atom+xml"),
                "/here.pdf": _ok(pdf, "application/pdf"), "/moved.pdf": moved}
        asked: list[str] = []
        with raw_server(_recording(here, asked)) as url:
            result = import_opds(paths, catalog, f"{url}/opds", settings=FAST)
    assert [i.title for i in catalog.items()] == ["Ở đây"]
    assert elsewhere == [], "nothing is asked of another server, a redirect's target too"
    skipped = sorted(w for w in result.warnings if "skipped" in w)
    assert len(skipped) == 4, result.warnings
    for title in ("Mạng trong", "Siêu dữ liệu", "Cùng máy, cổng khác"):
        [line] = [w for w in skipped if w.startswith(title)]
        assert "another server" in line and "sync.allowed_hosts" in line
        assert "máy chủ khác" in line.message_vi
    assert "169.254.169.254" in next(w for w in skipped if w.startswith("Siêu"))
    [redirected] = [w for w in skipped if w.startswith("Chuyển hướng")]
    assert "redirected to another server (localhost)" in redirected
    [page] = [w for w in result.warnings if w.startswith("feed page")]
    assert "page2" in page and "not fetched" in page


def test_a_listed_host_is_followed(station, pdf: bytes) -> None:
    paths, catalog = station
    elsewhere: list[str] = []
    with raw_server(_recording({"/lan.pdf": _ok(pdf, "application/pdf")}, elsewhere)) as other:
        lan = other.replace("127.0.0.1", "localhost")
        feed = _feed([("Ở máy khác", f"{lan}/lan.pdf")])
        with raw_server(_recording({"/opds": _ok(feed, "application/atom+xml")}, [])) as url:
            result = import_opds(paths, catalog, f"{url}/opds",
                                 settings=replace(FAST, allowed_hosts=("LOCALHOST",)))
    assert [i.title for i in catalog.items()] == ["Ở máy khác"], result.warnings
    assert elsewhere == ["/lan.pdf"]


def test_a_feed_page_elsewhere_removes_nothing(station, pdf: bytes) -> None:
    """Its publications were imported while the page was on the feed's server; the
    page now moved elsewhere: the feed was not read whole, so none is removed."""
    paths, catalog = station
    page2 = _ok(_feed([("Trang hai", "/two.pdf")]), "application/atom+xml")
    answers = {"/two.pdf": _ok(pdf, "application/pdf"), "/page2": page2}
    with raw_server(_recording(answers, [])) as url:
        answers["/opds"] = _ok(_feed([], next_page="/page2"), "application/atom+xml")
        import_opds(paths, catalog, f"{url}/opds", settings=FAST)
        assert [i.title for i in catalog.items()] == ["Trang hai"]
        lan = url.replace("127.0.0.1", "localhost")
        answers["/opds"] = _ok(_feed([], next_page=f"{lan}/page2"), "application/atom+xml")
        result = import_opds(paths, catalog, f"{url}/opds", settings=FAST)
    assert result.removed == [] and [i.title for i in catalog.items()] == ["Trang hai"]
    assert [w for w in result.warnings if w.startswith("feed page")]


@pytest.mark.parametrize(("link", "allowed"), [
    ("http://thuvien.example.vn/a.pdf", True),
    ("https://THUVIEN.example.vn.:8443/a.pdf", True),  # any port, http or https
    ("http://kho:mk@thuvien.example.vn/a.pdf", True),
    ("http://cdn.example.vn/a.pdf", True),
    ("http://[fd00::5]/a.pdf", True),
    ("http://192.168.1.10/a.pdf", False),
    ("http://169.254.169.254/latest/meta-data/", False),
    ("http://localhost:631/", False),
    ("http://thuvien.example.vn.evil.example/a.pdf", False),
    ("http://evil.example/thuvien.example.vn/a.pdf", False),
    ("http://thuvien.example.vn@evil.example/a.pdf", False),
    ("file:///etc/passwd", False),
])
def test_the_rule(link: str, allowed: bool) -> None:
    rule = LinkRule("http://thuvien.example.vn/opds", ("cdn.example.vn", "[fd00::5]"))
    assert rule.allows(link) is allowed


def test_allowed_hosts_is_a_setting(tmp_path: Path) -> None:
    config = Config(tmp_path / "config.toml")
    assert fetch_settings(config).allowed_hosts == ()
    config.set("sync", "allowed_hosts", ["cdn.example.vn", " ", "https://anh.example.vn/"])
    assert fetch_settings(config).allowed_hosts == ("cdn.example.vn", "https://anh.example.vn/")
    rule = LinkRule("http://a.example/opds", fetch_settings(config).allowed_hosts)
    assert rule.allows("http://anh.example.vn/x.pdf")
