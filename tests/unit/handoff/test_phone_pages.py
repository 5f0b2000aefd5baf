"""What a visitor's phone gets after scanning a code: thumb-sized targets at 320 px,
a fresh file after the librarian replaced it, a station name to tap, error pages
with a title in words.

The sizes are measured by a real headless Chromium in a 320 px wide frame (the
pages themselves run no script: the measuring script is added to a local copy).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.handoff import pages
from library.handoff.limits import Limits
from library.handoff.server import HandoffServer
from library.paths import DataPaths
from tests.legacy_fonts import to_tcvn3

from .conftest import Station, get, page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Appended to a local copy of a page: the size of everything a thumb taps, and the
#: page's width, written into the parent (the frame) for `--dump-dom` to print.
_MEASURE = """<script>
addEventListener('load', () => {
  const out = [];
  for (const e of document.querySelectorAll('a, button, input')) {
    const r = e.getBoundingClientRect();
    out.push([e.textContent.trim() || e.getAttribute('placeholder') || e.tagName,
              Math.round(r.height), Math.round(r.right)]);
  }
  parent.document.getElementById(frameElement.dataset.out).textContent =
    JSON.stringify({targets: out, width: document.documentElement.scrollWidth});
});
</script>"""


def _measure(pages_html: dict[str, str], folder: Path, width: int = 320) -> dict[str, dict]:
    """Each page in a `width` px frame of one headless Chromium run: its targets' heights."""
    if CHROMIUM is None:
        pytest.fail("chromium is missing (apt chromium, listed in the Makefile)")
    frames = []
    for n, (name, html) in enumerate(pages_html.items()):
        (folder / f"p{n}.html").write_text(html.replace("</body>", _MEASURE + "</body>"))
        frames.append(f'<pre id="o{n}" data-name="{name}"></pre>'
                      f'<iframe data-out="o{n}" src="p{n}.html" width="{width}" height="700">'
                      "</iframe>")
    (folder / "all.html").write_text("<!DOCTYPE html><html><body>" + "".join(frames)
                                      + "</body></html>")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--allow-file-access-from-files",
         f"--user-data-dir={folder / 'profile'}", "--window-size=1400,900",
         "--dump-dom", (folder / "all.html").as_uri()],
        capture_output=True, text=True, timeout=90, check=False)
    found = dict(re.findall(r'<pre id="o\d+" data-name="([^"]+)">([^<]*)</pre>', done.stdout))
    assert set(found) == set(pages_html) and all(found.values()), done.stderr[-2000:]
    return {name: json.loads(text) for name, text in found.items()}


def test_every_target_is_thumb_sized_and_nothing_overflows_at_320_px(
        server: HandoffServer, tmp_path: Path) -> None:
    """The station's name and "← Xem tất cả tài liệu" were 24 px tall lines of text:
    the only ways back from a page, too small for a thumb (≥ 48 px)."""
    wanted = {"item": "/i/so-tay", "clip": "/i/clip", "text": "/f/hop-cho",
              "index": "/", "missing": "/i/khong-co",
              "offers": "/?q=dang%20vein"}  # «Có phải bạn muốn tìm:» and its links
    html = {name: get(server, path)[2].decode() for name, path in wanted.items()}
    assert 'class="offer"' in html["offers"]
    html["busy"] = pages.error_page(503, "Trạm đang bận phục vụ nhiều người.",
                                    station="Café sách 4.0",
                                    item=Item(id="clip", title="Phim", kind="video"))
    measured = _measure(html, tmp_path)
    for name, result in measured.items():
        assert result["width"] <= 320, f"{name} is {result['width']} px wide"
        small = [(label, height) for label, height, _ in result["targets"] if height < 48]
        assert not small, f"{name}: targets under 48 px: {small}"
        assert all(right <= 320 for _, _, right in result["targets"]), result


def test_a_replaced_file_or_cover_is_not_kept_stale_on_the_phone(tmp_path: Path) -> None:
    """`/f/<id>` went out with `max-age=3600` and `/c/<id>` with a day: a phone that
    scanned the code again after the librarian replaced the file opened its old copy."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        old = catalog.objects.add_bytes(b"%PDF-1.4 old edition")
        catalog.put(Item(id="so-tay", title="Sổ tay", kind="handbook", sha256=old, size=20,
                         media_type="application/pdf", filename="so-tay.pdf",
                         cover_sha256=catalog.objects.add_bytes(b"\x89PNG\r\n\x1a\n cover")))
    with HandoffServer(paths, port=0) as server:
        for path in ("/f/so-tay", "/f/so-tay?tai=1", "/c/so-tay"):
            status, headers, _ = get(server, path)
            assert status == 200
            cache = headers["Cache-Control"]
            assert "no-cache" in cache and "max-age" not in cache, (path, cache)
        _, headers, _ = get(server, "/f/so-tay")
        old_tag = headers["ETag"]
        with Catalog.open(paths) as catalog:
            assert catalog.objects is not None
            new = catalog.objects.add_bytes(b"%PDF-1.4 new edition, longer")
            catalog.update("so-tay", sha256=new, size=28)
        # the phone asks again with what it kept, and gets the new file
        status, _, body = get(server, "/f/so-tay", {"If-None-Match": old_tag})
        assert status == 200 and body == b"%PDF-1.4 new edition, longer"


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_station_name_still_leaves_a_name_to_tap(station: Station, name: str) -> None:
    """`station.name = ""` gave an empty header bar: its link home had nothing to tap."""
    with HandoffServer(station.paths, port=0, station_name=name) as server:
        html = page(server, "/")
    assert '<header><a href="/">Café sách 4.0</a></header>' in html
    assert "<title>Café sách 4.0</title>" in html


def test_an_error_page_has_a_title_in_words(server: HandoffServer) -> None:
    """A phone's tab list and history showed a bare "404"."""
    html = page(server, "/i/khong-co", status=404)
    title = re.search(r"<title>(.*?)</title>", html)
    assert title is not None and title.group(1) == "Không tìm thấy tài liệu này. — Café sách 4.0"


def test_a_long_vietnamese_title_makes_a_name_phone_storage_takes() -> None:
    """120 letters with marks are up to 360 UTF-8 bytes, more than the 255 a phone's
    storage takes in one name; and the name ended mid-word ("…Nghị quyết về v.pdf")."""
    from library.handoff.headers import MAX_NAME_BYTES, download_name

    sentence = ("Nghị quyết về việc tiếp tục đẩy mạnh chuyển đổi số trong hệ thống chính "
                "trị ở các huyện, xã của tỉnh")
    name = download_name(Item(id="x", title=" ".join([sentence] * 3), kind="document",
                              filename="a.pdf"))
    assert name.endswith(" Nghị quyết về.pdf"), name
    heavy = download_name(Item(id="x", title="Tiếng Việt " + "ệ" * 300, kind="book",
                               filename="a.epub"))
    assert len(heavy.encode()) <= MAX_NAME_BYTES and heavy.endswith("ệ.epub")


@pytest.mark.parametrize(("path", "retry"), [("/f/clip?tai=1", 'href="/f/clip?tai=1"'),
                                             ("/f/so-tay", 'href="/f/so-tay"')])
def test_a_busy_station_offers_to_try_the_same_file_again(station: Station, path: str,
                                                          retry: str) -> None:
    """A visitor tapping "Tải về" at a busy station was sent to the first page and had
    to find the item again."""
    with HandoffServer(station.paths, port=0, limits=Limits(downloads=1)) as server:
        assert server.site.slots.acquire("10.42.0.99") is None  # another phone's download
        status, headers, body = get(server, path)
        html = body.decode()
    item_id = path.split("/")[2].split("?")[0]
    assert status == 503 and "Retry-After" in headers
    assert f'<a class="button primary" {retry}>Thử lại</a>' in html
    assert f'<a class="back" href="/i/{item_id}">← Về trang tài liệu</a>' in html


@pytest.mark.parametrize("data", [
    "\ufeffThông báo họp\r\n\r\nMời bà con họp chợ.\r\n".encode(),  # Notepad's UTF-8
    "Thông báo họp\r\n\r\nMời bà con họp chợ.\r\n".encode("utf-16"),  # its "Unicode"
    unicodedata.normalize("NFD", "Thông báo họp\n\nMời bà con họp chợ.\n").encode(),
    to_tcvn3("Thông báo họp\r\n\r\nMời bà con họp chợ.\r\n").encode("latin-1"),  # .VnTime
], ids=["utf-8-bom", "utf-16", "nfd", "tcvn3"])
def test_a_bulletin_file_saved_by_any_editor_reads_right_on_the_phone(
        tmp_path: Path, data: bytes) -> None:
    """A UTF-16 file showed as "T\\x00h\\x00…"; a byte-order mark or decomposed marks
    kept the title line from being recognised, so the page said the title twice; a TCVN3
    file showed as «M\ufffdi b\ufffd con», read as `add` reads it now."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        catalog.put(Item(id="hop", title="Thông báo họp", kind="bulletin",
                         sha256=catalog.objects.add_bytes(data), size=len(data),
                         media_type="text/plain", filename="hop.txt"))
    with HandoffServer(paths, port=0) as server:
        for path in ("/i/hop", "/f/hop"):
            html = page(server, path)
            text = re.search(r'<div class="text">(.*?)</div>', html)
            assert text is not None and text.group(1) == "<p>Mời bà con họp chợ.</p>", html


@pytest.mark.parametrize(("filename", "expected"), [
    ("clip.m4v", "video/mp4"), ("quay.3gp", "video/3gpp"), ("bai-hat.flac", "audio/flac"),
    ("quay.mov", "video/quicktime"), ("ghi-am.m4a", "audio/mp4"), ("cu.avi", "video/x-msvideo"),
    ("cong-van.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("sach.mobi", "application/x-mobipocket-ebook"),
])
def test_a_file_with_no_type_in_the_index_opens_in_the_right_app(filename: str,
                                                                 expected: str) -> None:
    """A repository's index may name no type: the type then comes from the name, the same
    on every kiosk (`.m4v` went out as `application/octet-stream`, `.3gp` as audio)."""
    from library.handoff.headers import content_type

    for media in ("", "application/octet-stream"):
        item = Item(id="x", title="t", kind="video", media_type=media, filename=filename)
        assert content_type(item) == expected


def test_a_markdown_bulletin_reads_as_paragraphs_on_the_phone(tmp_path: Path) -> None:
    """A .md bulletin opened as raw text: a 980 px page of small print on a phone."""
    data = "# Lịch tiêm chủng\n\nTrạm y tế tiêm vắc-xin sáng thứ Bảy.\n".encode()
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        catalog.put(Item(id="tiem", title="Lịch tiêm chủng", kind="bulletin",
                         sha256=catalog.objects.add_bytes(data), size=len(data),
                         media_type="text/markdown", filename="tiem.md"))
    with HandoffServer(paths, port=0) as server:
        status, headers, body = get(server, "/f/tiem")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        text = re.search(r'<div class="text">(.*?)</div>', body.decode())
        assert text is not None  # its heading is the title, already above it
        assert text.group(1) == "<p>Trạm y tế tiêm vắc-xin sáng thứ Bảy.</p>"
        status, headers, body = get(server, "/f/tiem?tai=1")
        assert headers["Content-Type"] == "text/markdown; charset=utf-8" and body == data


def test_a_lost_cover_is_left_out_not_drawn_broken(tmp_path: Path) -> None:
    """An item naming a cover the station does not have showed a broken picture."""
    paths = DataPaths(tmp_path / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        video = b"\x00\x00\x00\x18ftypmp42 clip"
        clip = catalog.objects.add_bytes(video)
        catalog.put(Item(id="sach", title="Sách", kind="book", cover_sha256="c" * 64))
        catalog.put(Item(id="phim", title="Phim", kind="video", sha256=clip, size=len(video),
                         media_type="video/mp4", filename="phim.mp4", cover_sha256="c" * 64))
    with HandoffServer(paths, port=0) as server:
        for path in ("/i/sach", "/i/phim"):
            html = page(server, path)
            assert "/c/" not in html, html
        assert "<video" in page(server, "/i/phim")


@pytest.mark.parametrize(("host", "named"), [("0.0.0.0", False), ("::", True),
                                             ("[::]", True), ("", True)])
def test_codes_name_an_ipv6_address_only_where_the_server_listens_on_ipv6(
        tmp_path: Path, host: str, named: bool) -> None:
    """With `handoff.host = "0.0.0.0"` (IPv4 only) and an IPv6 `wifi.address`, codes
    sent phones to `http://[2001:db8::5]:8765/`, where nothing listened."""
    from library.config import Config
    from library.handoff.commands import _phone_lines
    from library.handoff.links import item_link_from_config

    config = Config(tmp_path / "c.toml", {"wifi": {"address": "2001:db8::5"},
                                          "handoff": {"host": host}})
    book = Item(id="sach", title="Sách", kind="book", sha256="a" * 64, size=10,
                filename="sach.pdf")
    link = item_link_from_config(book, config, interfaces=lambda: {"wlan0": ["10.42.0.1"]},
                                 route=lambda: None)
    expected = "http://[2001:db8::5]:8765/i/sach" if named else "http://10.42.0.1:8765/i/sach"
    assert link.payload == expected
    said = _phone_lines(config, host, 8765)
    warned = [line for line in said if line.startswith("wifi.address 2001:db8::5 is IPv6")]
    assert bool(warned) != named, said
    assert named or "2001:db8" not in said[0]


def test_download_buttons_leave_saving_to_the_server(server: HandoffServer) -> None:
    """With the `download` attribute, a busy station's 503 page became a cancelled
    download of "so-tay.html" in Chromium; `Content-Disposition: attachment` alone
    saves the file when there is one, and shows the page saying why when there is not."""
    for path in ("/i/so-tay", "/i/clip", "/f/hop-cho"):
        html = page(server, path)
        buttons = re.findall(r"<a [^>]*tai=1[^>]*>", html)
        assert buttons and not any(" download" in b for b in buttons), buttons
    _, headers, _ = get(server, "/f/so-tay?tai=1", method="HEAD")
    assert headers["Content-Disposition"].startswith("attachment;")
