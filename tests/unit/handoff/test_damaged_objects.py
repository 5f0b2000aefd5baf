"""A stored file cut short or grown on the disk (a power cut, a failing disk), before
the catalog check mends it: no phone gets it as the item's file.

It went out "whole" (its own length, 200) with the strong ETag of the bytes the
catalog names, which it does not hold: the phone kept a broken document, and a
download resumed after the mend spliced the two.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from library.catalog import Catalog, Item
from library.handoff.server import HandoffServer
from library.paths import DataPaths

from .conftest import get

BODY = os.urandom(20_000)
DAMAGE = {
    "whole": BODY,
    "cut-short": BODY[:1000],
    "grown": BODY + b"\0" * 4096,
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HandoffServer]:
    paths = DataPaths(tmp_path_factory.mktemp("damaged") / "data").ensure()
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        for number, (item_id, stored) in enumerate(DAMAGE.items()):
            body = BODY + bytes([number])  # an object of its own for each item
            item = catalog.put(Item(id=item_id, title=f"Tài liệu {item_id}", kind="document",
                                    sha256=catalog.objects.add_bytes(body), size=len(body),
                                    media_type="application/pdf", filename="tai-lieu.pdf"))
            path = catalog.object_path(item)
            path.chmod(0o644)
            path.write_bytes(stored + bytes([number]) if item_id == "whole" else stored)
    server = HandoffServer(paths, host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("item_id", ["cut-short", "grown"])
@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=500-"}])
def test_a_damaged_file_is_not_sent(served: HandoffServer, item_id: str,
                                    headers: dict[str, str]) -> None:
    status, _, body = get(served, f"/f/{item_id}?tai=1", headers)
    assert status == 404
    assert BODY[:500] not in body and BODY[500:1000] not in body


@pytest.mark.parametrize("item_id", ["cut-short", "grown"])
def test_its_page_offers_no_download(served: HandoffServer, item_id: str) -> None:
    status, _, body = get(served, f"/i/{item_id}")
    assert status == 200 and f"/f/{item_id}".encode() not in body


def test_a_whole_file_still_goes_out(served: HandoffServer) -> None:
    status, _, body = get(served, "/f/whole?tai=1")
    assert status == 200 and body == BODY + b"\0"
    assert b"/f/whole" in get(served, "/i/whole")[2]
