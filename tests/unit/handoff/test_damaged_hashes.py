"""A stored file whose bytes changed on the disk with its size kept (a bad sector, zeros
written over it), and a damaged cover (the catalog keeps no size of covers), are not
sent to phones: the file's page offers no download, the file and the cover answer a
404 page that says the file is damaged. Each file is hashed once per server life (again
only once it changed on the disk), not at every request."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.handoff import server as handoff_server
from library.handoff.server import HandoffServer
from library.handoff.verified import VerifiedFiles
from library.paths import DataPaths

from .conftest import get

BODY = os.urandom(50_000)
#: a PNG's first bytes, so a whole cover is sent as an image
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)


def _flip(path: Path, at: int) -> None:
    """One byte changed, the size kept: what no size check sees."""
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[DataPaths, dict[str, Path]]]:
    paths = DataPaths(tmp_path / "data").ensure()
    stored: dict[str, Path] = {}
    with Catalog.open(paths) as catalog:
        assert catalog.objects is not None
        for number, item_id in enumerate(("whole", "flipped", "bad-cover", "text")):
            body = BODY + bytes([number])
            cover = catalog.objects.add_bytes(PNG + bytes([number]))
            if item_id == "text":
                body = "Thông báo họp chợ\n\nLúc 8 giờ sáng.\n".encode() * 50
            item = catalog.put(Item(
                id=item_id, title=f"Tài liệu {item_id}", kind="document",
                sha256=catalog.objects.add_bytes(body), size=len(body),
                media_type="text/plain" if item_id == "text" else "application/pdf",
                filename="tai-lieu.txt" if item_id == "text" else "tai-lieu.pdf",
                cover_sha256=cover))
            stored[item_id] = catalog.object_path(item)
            stored[f"{item_id}-cover"] = catalog.objects.path(cover)
    _flip(stored["flipped"], 20_000)
    _flip(stored["text"], 10)
    _flip(stored["bad-cover-cover"], 100)
    yield paths, stored


@pytest.fixture
def served(station) -> Iterator[HandoffServer]:
    paths, _stored = station
    server = HandoffServer(paths, host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=19000-"}])
def test_a_file_changed_with_its_size_kept_is_not_sent(served: HandoffServer,
                                                       headers: dict[str, str]) -> None:
    status, _, body = get(served, "/f/flipped?tai=1", headers)
    assert status == 404
    assert BODY[19_000:21_000] not in body and BODY[:1000] not in body
    assert "bị hỏng" in body.decode() and "thủ thư" in body.decode()
    status, _, page = get(served, "/i/flipped")
    assert status == 200 and b"/f/flipped" not in page
    assert "bị thiếu hoặc hỏng" in page.decode()


def test_a_damaged_cover_is_not_sent_nor_shown(served: HandoffServer) -> None:
    status, _, body = get(served, "/c/bad-cover")
    assert status == 404 and PNG[:100] not in body and "bị hỏng" in body.decode()
    page = get(served, "/i/bad-cover")[2]
    assert b"/c/bad-cover" not in page and b"/f/bad-cover" in page  # its file is whole
    assert get(served, "/c/whole")[0] == 200 and b"/c/whole" in get(served, "/i/whole")[2]


def test_a_damaged_text_is_not_shown_as_a_page(served: HandoffServer) -> None:
    status, _, body = get(served, "/f/text")
    assert status == 404 and "họp chợ" not in body.decode()
    assert "họp chợ" not in get(served, "/i/text")[2].decode()


def test_a_large_files_download_waits_for_its_check(
        served: HandoffServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file larger than a page checks at once (a video) is offered while its check
    runs in the background; its download waits for the answer."""
    monkeypatch.setattr(handoff_server, "PAGE_CHECK_BYTES", 1000)
    get(served, "/i/flipped")  # offered or not, depending on how far its check came
    assert get(served, "/f/flipped?tai=1")[0] == 404
    assert b"/f/flipped" not in get(served, "/i/flipped")[2]  # known by now
    assert get(served, "/f/whole?tai=1")[2] == BODY + b"\0"


def test_each_file_is_hashed_once_and_again_once_mended(
        station, served: HandoffServer, monkeypatch: pytest.MonkeyPatch) -> None:
    _paths, stored = station
    hashed: list[Path] = []
    real = VerifiedFiles._hash

    def counting(self: VerifiedFiles, path: Path) -> str | None:
        hashed.append(path)
        return real(self, path)

    monkeypatch.setattr(VerifiedFiles, "_hash", counting)
    for _ in range(3):
        assert get(served, "/f/whole?tai=1")[2] == BODY + b"\0"
        assert get(served, "/f/whole", {"Range": "bytes=100-199"})[2] == BODY[100:200]
        assert get(served, "/f/flipped?tai=1")[0] == 404
        get(served, "/i/whole")
    assert hashed.count(stored["whole"]) == 1 and hashed.count(stored["flipped"]) == 1

    _flip(stored["flipped"], 20_000)  # mended (the integrity check's copy, say)
    assert get(served, "/f/flipped?tai=1")[2] == BODY + b"\1"
    assert hashed.count(stored["flipped"]) == 2
