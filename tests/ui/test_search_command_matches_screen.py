"""`cafesach search` finds what the kiosk's search screen finds, in the same order, and
offers the same spellings when nothing is found (queries from docs/search.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.demo import load_demo
from library.paths import DataPaths
from tests.clirun import cafesach

pytestmark = pytest.mark.ui

#: Keys as a visitor types them, and the first result docs/search.md's table names.
FOUND = [
    ("chuyen doi so", "Chuyển đổi số cho mọi người dân"),
    ("đảng viên", "Sổ tay đảng viên điện tử"),
    ("ddangr vieen", "Sổ tay đảng viên điện tử"),  # Telex
    ("ddang", "Sổ tay đảng viên điện tử"),  # Telex, the tone still to come
    ("d9a3ng vie6n", "Sổ tay đảng viên điện tử"),  # VNI
    ("nu7o71c sa5ch", "Nước sạch cho cả nhà"),
    ("baox lux", "Chủ động phòng chống bão lũ"),
    ("uy ban nhan dan", "Ngày hội chuyển đổi số tại UBND xã"),  # written out
    ("htx", "Nông sản lên sàn: bán hàng ở Chợ 4.0"),  # «hợp tác xã»
    ("cds", "Chuyển đổi số cho mọi người dân"),
    ("usb", "Hướng dẫn sử dụng Café sách 4.0"),
]
#: Keys that find nothing, and the spellings offered for them.
NOTHING = [
    ("dang vein", ["đảng viên", "dang"]),
    ("giao thogn", ["giao thông", "giao"]),
    ("hoaf giair", ["hòa", "giải"]),
    ("nghị quyết 57", ["nghị quyết", "nghị", "quyết"]),
    ("TP HCM", ["TP"]),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("station") / "data"
    with Catalog.open(DataPaths(folder)) as catalog:
        load_demo(catalog)
    return folder


@pytest.fixture
def screen(qapp, data: Path) -> Iterator:
    from kiosk.controllers.search import SearchController

    with Catalog.open(DataPaths(data)) as catalog:
        yield SearchController(catalog)


def command(capsys, data: Path, keys: str, *options: str) -> tuple[int, str]:
    code, out, _ = cafesach(capsys, "--data", str(data), "search", keys, *options)
    return code, out


@pytest.mark.parametrize(("keys", "first"), FOUND)
def test_the_command_lists_what_the_screen_lists(capsys, data, screen, keys, first) -> None:
    screen.setTyped(keys)
    shown = [hit.item.id for hit in screen.results.hits()]
    code, out = command(capsys, data, keys, "--json", "--limit", "30")
    listed = json.loads(out)
    assert code == 0
    assert [hit["id"] for hit in listed["results"]] == shown
    assert listed["results"][0]["title"] == first and listed["alternatives"] == []


@pytest.mark.parametrize(("keys", "offered"), NOTHING)
def test_the_command_offers_what_the_screen_offers(capsys, data, screen, keys,
                                                   offered) -> None:
    screen.setTyped(keys)
    assert screen.nothingFound and screen.suggestions == offered
    code, out = command(capsys, data, keys, "--json")
    assert (code, json.loads(out)) == (0, {"results": [], "alternatives": offered})
    code, out = command(capsys, data, keys)
    assert code == 0  # nothing found is an answer, not a failure
    assert out.splitlines() == [
        f"Không tìm thấy kết quả. Thử: {', '.join(offered)} (no results; try these)"]


def test_nothing_to_offer_says_so_alone(capsys, data) -> None:
    code, out = command(capsys, data, "traffic safety")
    assert (code, out) == (0, "Không tìm thấy kết quả. (no results)\n")
    code, out = command(capsys, data, "traffic safety", "--json")
    assert json.loads(out) == {"results": [], "alternatives": []}
