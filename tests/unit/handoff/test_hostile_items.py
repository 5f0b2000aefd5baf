"""Items whose catalog entries came from someone else's index, served to phones.

A repository's index sets each item's media type; the station must never
hand a phone a file that opens as a scripted page in the station's own
origin, nor let a malformed type break the response.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.catalog import Catalog, Item
from library.handoff.limits import Limits
from library.handoff.server import HandoffServer
from library.paths import DataPaths

from .conftest import get

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(2)</script></html>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HandoffServer]:
    paths = DataPaths(tmp_path_factory.mktemp("hostile") / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        svg, xhtml = catalog.objects.add_bytes(SVG), catalog.objects.add_bytes(XHTML)
        catalog.put(Item(id="anh-svg", title="Ảnh", kind="infographic", sha256=svg,
                         size=len(SVG), media_type="image/svg+xml", filename="anh.svg"))
        catalog.put(Item(id="svg-ten", title="Ảnh", kind="infographic", sha256=svg,
                         size=len(SVG), media_type="", filename="anh.svg"))
        catalog.put(Item(id="xhtml", title="Trang", kind="document", sha256=xhtml,
                         size=len(XHTML), media_type="application/xhtml+xml",
                         filename="trang.xhtml"))
        catalog.put(Item(id="html", title="Trang", kind="document", sha256=xhtml,
                         size=len(XHTML), media_type="text/html", filename="trang.html"))
        catalog.put(Item(id="xuong-dong", title="Tệp", kind="document", sha256=svg,
                         size=len(SVG), media_type="text/plain\r\nSet-Cookie: a=b",
                         filename="tep.bin"))
    server = HandoffServer(paths, port=0, limits=Limits(requests_per_minute=10_000,
                                                        burst=10_000)).start()
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/f/anh-svg", "/f/svg-ten", "/f/xhtml", "/f/html?tai=1",
                                  "/f/xuong-dong"])
def test_a_file_that_would_run_scripts_is_never_sent_as_a_page(
        hostile: HandoffServer, path: str) -> None:
    status, headers, body = get(hostile, path, {"Range": "bytes=0-"})
    assert status == 206 and body in (SVG, XHTML)
    assert headers["Content-Type"] == "application/octet-stream"
    assert "Set-Cookie" not in headers
