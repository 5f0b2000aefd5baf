"""The phone's search finds what the station's screen and `cafesach search` find:
abbreviations, Telex/VNI keys, and the spellings offered when nothing is found —
over real HTTP on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest

from library.catalog import Catalog, Item
from library.handoff.limits import Limits
from library.handoff.server import SEARCH_LIMIT, HandoffServer
from library.paths import DataPaths
from library.search import Search
from library.spellings import offered_spellings

from .conftest import page


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = DataPaths(tmp_path_factory.mktemp("phone-search") / "data").ensure()
    with Catalog.open(paths) as catalog:
        catalog.put(Item(id="thong-bao", title="Thông báo của Ủy ban nhân dân xã", kind="bulletin",
                         summary="Lịch tiếp dân tháng này."))
        catalog.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook",
                         summary="Những điều đảng viên cần biết."))
        catalog.put(Item(id="chuyen-doi-so", title="Chuyển đổi số cho người dân", kind="book"))
        catalog.put(Item(id="cu-mgar", title="Hội nghị tại huyện Cư M'gar", kind="bulletin"))
        catalog.put(Item(id="thuong", title="Thương binh, liệt sĩ", kind="book",
                         summary="Chính sách với thương binh."))
        catalog.put(Item(id="thuo", title="Chuyện làng", kind="book",
                         summary="Thuở ấy, làng còn nghèo."))
        for n in range(SEARCH_LIMIT + 4):  # more «UBND» items than a page shows
            catalog.put(Item(id=f"ubnd-{n}", title=f"Công văn UBND số {n}", kind="document"))
    return paths.root


@pytest.fixture(scope="module")
def server(station: Path) -> Iterator[HandoffServer]:
    limits = Limits(requests_per_minute=100_000, burst=100_000)
    with HandoffServer(DataPaths(station), host="127.0.0.1", port=0, limits=limits) as srv:
        yield srv


def _found(html: str) -> list[str]:
    return re.findall(r'<a class="card" href="/i/([^"]+)"', html)


def _offered(html: str) -> list[str]:
    return [unescape(text) for text in re.findall(r'<a class="offer" href="[^"]*">([^<]*)</a>',
                                                  html)]


def test_an_abbreviation_finds_what_it_stands_for(server: HandoffServer) -> None:
    """`ubnd` is «Ủy ban nhân dân», as on the station's screen; the count of a cut
    list counts those items too."""
    html = page(server, "/?q=ubnd")
    assert "thong-bao" in _found(html)
    assert len(_found(html)) == SEARCH_LIMIT
    assert f"Đang hiện {SEARCH_LIMIT} trên {SEARCH_LIMIT + 5} kết quả" in html
    assert _found(page(server, "/?q=" + quote("ủy ban nhân dân")))[0] == "thong-bao"


@pytest.mark.parametrize(("keys", "first"), [
    ("ddangr vieen", "so-tay"),  # Telex
    ("d9a3ng vie6n", "so-tay"),  # VNI
    ("chuyeenr ddooir soos", "chuyen-doi-so"),
    ("thuowr", "thuo"),  # «thuở», not «thưở»
    ("thuo73", "thuo"),
    ("cumgar", "cu-mgar"),  # a name in parts typed joined
])
def test_keys_typed_on_a_phone_without_a_vietnamese_keyboard(server: HandoffServer,
                                                             keys: str, first: str) -> None:
    html = page(server, "/?q=" + quote(keys))
    assert first in _found(html)[:2], keys
    assert f"Kết quả cho “{keys}”" in html  # shown back as typed: the phone's field holds it


def test_a_slip_is_offered_put_right_in_vietnamese(server: HandoffServer,
                                                   station: Path) -> None:
    """`dang vein` finds nothing; the page offers what the station's screen offers, each
    a link that finds it."""
    html = page(server, "/?q=dang%20vein")
    assert _found(html) == []
    assert "Không tìm thấy tài liệu nào cho “dang vein”." in html
    assert "Có phải bạn muốn tìm:" in html
    offered = _offered(html)
    with Catalog.open(DataPaths(station)) as catalog:
        assert offered == offered_spellings(Search(catalog), "dang vein")
    assert offered and offered[0] in ("dang vien", "đảng viên")
    href = re.search(r'<a class="offer" href="([^"]*)"', html)
    assert href is not None
    assert "so-tay" in _found(page(server, unescape(href.group(1))))


def test_nothing_to_offer_says_nothing_more(server: HandoffServer) -> None:
    html = page(server, "/?q=xqzkw")
    assert "Không tìm thấy tài liệu nào" in html
    assert "Có phải bạn muốn tìm" not in html and 'class="offer"' not in html
