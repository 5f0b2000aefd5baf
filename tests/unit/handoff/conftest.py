"""A station with a few real items and its handoff server on 127.0.0.1 (port 0)."""

from __future__ import annotations

import http.client
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from library.catalog import Catalog, Item
from library.handoff.limits import Limits
from library.handoff.server import HandoffServer
from library.paths import DataPaths, font_files

UNICODE_TITLE = 'Sổ tay "đảng viên" / Chợ 4.0: bản đặc biệt'
SECRET = b"SECRET-OUTSIDE-OBJECTS-7f3a"
TEXT_BULLETIN = ("Thông báo họp chợ\n\nBan quản lý mời bà con <b>họp chợ</b> lúc 8 giờ "
                 "sáng thứ Hai.\n\nĐịa điểm: nhà văn hoá thôn 3.\n")


@dataclass
class Station:
    paths: DataPaths
    items: dict[str, Item]
    video_bytes: bytes
    pdf_bytes: bytes


def _pdf(path: Path, title: str) -> Path:
    doc = pymupdf.open()
    font = str(font_files()[0])
    for text in ("Chuyển đổi số cho người dân", "Trang hai: đảng viên và nông sản"):
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="vn", fontfile=font)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 800), text, fontname="vn", fontsize=20)
    doc.set_metadata({"title": title})
    doc.save(path)
    doc.close()
    return path


def build_station(root: Path) -> Station:
    paths = DataPaths(root / "data").ensure()
    (paths.root / "secret.txt").write_bytes(SECRET)
    (paths.objects / "secret.txt").write_bytes(SECRET)  # inside objects/, but not an object
    video = os.urandom(6 * 1024 * 1024 + 123)
    items: dict[str, Item] = {}
    with Catalog.open(paths) as catalog:
        pdf = _pdf(root / "so-tay.pdf", UNICODE_TITLE)
        items["so-tay"] = catalog.add_file(pdf, title=UNICODE_TITLE, item_id="so-tay",
                                           summary="Những điều đảng viên cần biết.").item
        hidden = _pdf(root / "an.pdf", "Tài liệu nội bộ")
        catalog.add_file(hidden, title="Tài liệu nội bộ", item_id="noi-bo")
        items["noi-bo"] = catalog.set_flags("noi-bo", hidden=True)
        assert catalog.objects is not None
        sha = catalog.objects.add_bytes(video)
        items["clip"] = catalog.put(Item(id="clip", title="Phim: Chợ 4.0 ở Đà Lạt", kind="video",
                                         sha256=sha, size=len(video), media_type="video/mp4",
                                         filename="cho-4-0.mp4"))
        # An object that is a symlink out of objects/ (a tampered store): never followed.
        link_sha = "e" * 64
        link = paths.objects / link_sha[:2] / link_sha[2:]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(paths.root / "secret.txt")
        items["lien-ket"] = catalog.put(Item(id="lien-ket", title="Liên kết", kind="document",
                                             sha256=link_sha, size=len(SECRET)))
        items["ban-tin"] = catalog.put(Item(
            id="ban-tin", title="Bản tin sáng", kind="bulletin",
            summary="Giá lúa tăng nhẹ.", body="Giá lúa tăng nhẹ. Trời nắng, không mưa."))
        # A bulletin kept as a .txt file (as every demo bulletin is), its text not copied
        # into the catalog: the server reads the stored file.
        text_sha = catalog.objects.add_bytes(TEXT_BULLETIN.encode())
        items["hop-cho"] = catalog.put(Item(
            id="hop-cho", title="Thông báo họp chợ", kind="bulletin", sha256=text_sha,
            size=len(TEXT_BULLETIN.encode()), media_type="text/plain", filename="hop-cho.txt",
            summary="Ban quản lý mời bà con họp chợ."))
        audio = os.urandom(3000)
        items["nghe"] = catalog.put(Item(
            id="nghe", title="Bản tin đọc", kind="audio", sha256=catalog.objects.add_bytes(audio),
            size=len(audio), media_type="audio/mpeg", filename="ban-tin.mp3", duration_s=125.4))
    return Station(paths, items, video, pdf.read_bytes())


@pytest.fixture(scope="package")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return build_station(tmp_path_factory.mktemp("handoff"))


@pytest.fixture(scope="package")
def server(station: Station) -> Iterator[HandoffServer]:
    """The server with room for the tests' own bursts (limits are tested on their own)."""
    limits = Limits(requests_per_minute=100_000, burst=100_000, downloads=64,
                    downloads_per_client=64)
    srv = HandoffServer(station.paths, host="127.0.0.1", port=0, limits=limits)
    srv.start()
    yield srv
    srv.stop()


def get(server: HandoffServer, path: str, headers: dict[str, str] | None = None,
        method: str = "GET") -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request with the path sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def page(server: HandoffServer, path: str, status: int = 200) -> str:
    """The HTML at `path`, after checking the response had `status`."""
    got, _, body = get(server, path)
    assert got == status
    return body.decode()
