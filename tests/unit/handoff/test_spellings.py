"""Links as they come back from phones and apps: a slash at the end, doubled slashes,
capitals, a query string added by a messaging app, HEAD — over real HTTP on 127.0.0.1."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.handoff.routes import canonical_path
from library.handoff.server import HandoffServer
from library.paths import DataPaths

from .conftest import Station, get, page


@pytest.mark.parametrize(("path", "target"), [
    ("/i/so-tay/", "/i/so-tay"),
    ("//i/so-tay", "/i/so-tay"),
    ("/i//so-tay", "/i/so-tay"),
    ("/i/so-tay//", "/i/so-tay"),
    ("/I/SO-TAY", "/i/so-tay"),  # a reader that read the code in capitals
    ("/i/So-Tay/", "/i/so-tay"),
    ("/i/so-tay/?fbclid=IwAR0x-y_z", "/i/so-tay?fbclid=IwAR0x-y_z"),
    ("/f/clip/?tai=1", "/f/clip?tai=1"),  # still a download
    ("/c/so-tay/", "/c/so-tay"),
    ("//", "/"),
    ("//?q=chuyen%20doi%20so", "/?q=chuyen%20doi%20so"),
])
def test_another_spelling_is_sent_to_the_address_itself(server: HandoffServer, path: str,
                                                        target: str) -> None:
    status, headers, _ = get(server, path)
    assert status == 301
    assert headers["Location"] == target  # relative: right behind any address the phone used
    assert headers["Server"] == "cafesach"
    assert get(server, target)[0] == 200


def test_a_browser_follows_a_slash_at_the_end_to_the_page(server: HandoffServer) -> None:
    with urllib.request.urlopen(f"{server.url}/i/so-tay/", timeout=30) as response:
        html = response.read().decode()
        assert response.status == 200 and response.url == f"{server.url}/i/so-tay"
    assert "Sổ tay &quot;đảng viên&quot;" in html


@pytest.mark.parametrize("path", ["/i/noi-bo/", "/i/khong-co/", "/I/KHONG-CO"])
def test_a_hidden_item_spelled_otherwise_is_as_unknown_as_any(server: HandoffServer,
                                                              path: str) -> None:
    status, headers, _ = get(server, path)
    assert status == 301
    assert "Không tìm thấy" in page(server, headers["Location"], status=404)


@pytest.mark.parametrize("path", [
    "///evil.example", "//evil.example/i/so-tay", "/%2F%2Fevil.example", "/\\evil.example",
    "/i/so-tay/x", "/x/so-tay/", "/i/", "/i//", "/i/../so-tay/", "/i/%E2%84%AA/",
    "/i/so%20tay/", "/i/" + "a" * 65 + "/",
])
def test_what_is_no_spelling_of_a_page_is_not_found_and_never_sent_elsewhere(
        server: HandoffServer, path: str) -> None:
    status, headers, _ = get(server, path)
    assert status == 404
    assert "Location" not in headers


def test_only_reading_is_redirected(server: HandoffServer) -> None:
    status, headers, _ = get(server, "/i/so-tay/", method="POST")
    assert status in (404, 405) and "Location" not in headers


@pytest.mark.parametrize("path", ["/i/so-tay?fbclid=IwAR0x", "/i/so-tay?x=1",
                                  "/?fbclid=IwAR0x", "/c/so-tay?utm_source=zalo"])
def test_a_query_string_from_a_messaging_app_is_ignored(server: HandoffServer,
                                                        path: str) -> None:
    assert get(server, path)[0] == 200


def test_a_query_string_on_a_file_still_sends_the_file(server: HandoffServer,
                                                       station: Station) -> None:
    status, _, body = get(server, "/f/so-tay?fbclid=IwAR0x")
    assert status == 200 and body == station.pdf_bytes


def test_head_answers_as_get_without_a_body_and_counts_no_view(station: Station) -> None:
    class Counting:
        def __init__(self) -> None:
            self.views: list[str] = []
            self.searches: list[str] = []

        def item_viewed(self, item_id: str) -> None:
            self.views.append(item_id)

        def search_committed(self, query: str, *, found: bool) -> None:
            self.searches.append(query)

    sink = Counting()
    with HandoffServer(station.paths, port=0, stats=sink) as srv:  # type: ignore[arg-type]
        status, headers, body = get(srv, "/i/so-tay", method="HEAD")
        assert status == 200 and body == b""
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        _, _, whole = get(srv, "/i/so-tay")
        assert int(headers["Content-Length"]) == len(whole)
        assert get(srv, "/?q=chuyen", method="HEAD")[0] == 200
        status, headers, body = get(srv, "/i/so-tay/", method="HEAD")
        assert status == 301 and headers["Location"] == "/i/so-tay" and body == b""
        assert get(srv, "/i/khong-co", method="HEAD")[0] == 404
    assert sink.views == ["so-tay"]  # the GET only: a link preview is no reader
    assert sink.searches == []


def test_a_hex_id_read_out_in_capitals_finds_the_item(tmp_path: Path) -> None:
    """Items added without an id get the first 12 hex digits of their file's digest."""
    paths = DataPaths(tmp_path / "data").ensure()
    text = tmp_path / "thong-bao.txt"
    text.write_text("Thông báo\n\nNgày 12 họp chợ.\n", encoding="utf-8")
    with Catalog.open(paths) as catalog:
        item = catalog.add_file(text, kind="bulletin").item
    assert item.id.isalnum() and item.id == item.id.lower() and len(item.id) == 12
    with HandoffServer(paths, port=0) as srv:
        status, headers, _ = get(srv, f"/i/{item.id.upper()}")
        assert status == 301 and headers["Location"] == f"/i/{item.id}"
        assert "Ngày 12 họp chợ." in page(srv, headers["Location"])


@pytest.mark.parametrize(("path", "canonical"), [
    ("/", "/"), ("", "/"), ("/i/so-tay", "/i/so-tay"), ("/F/Clip/", "/f/clip"),
    ("/i/\u212a", None),  # a Kelvin sign lower-cases to "k": not an id
    ("/i/x/y", None), ("/y/x", None), ("/i", None),
])
def test_canonical_path(path: str, canonical: str | None) -> None:
    assert canonical_path(path) == canonical
