"""Posters: A4 pages render with PyMuPDF, every QR on them decodes, Vietnamese text intact."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from kiosk.main import main
from library.catalog import Catalog, Item
from library.config import Config
from library.handoff.links import NOTE_OFFLINE_VI, SCAN_HINT_VI, item_link, item_text
from library.paths import DataPaths
from library.poster import make_poster
from library.qr import wifi_payload
from tests.unit.handoff.zbar import assert_holds_exactly

TITLES = ["Sổ tay đảng viên điện tử", "Chuyển đổi số cho mọi người dân",
          "Nông sản lên sàn: bán hàng ở Chợ 4.0"]
WIFI = wifi_payload("Café sách xã An Bình", "doc;sach")


@pytest.fixture
def station(data_paths: DataPaths, catalog: Catalog, make_pdf) -> tuple[DataPaths, Catalog]:
    for n, title in enumerate(TITLES):
        catalog.add_file(make_pdf(f"d{n}.pdf", [f"Trang một của {title}"], title=title),
                         title=title, item_id=f"muc-{n}", summary="Tài liệu cho bà con.")
    catalog.put(Item(id="ban-tin", title="Bản tin sáng", kind="bulletin",
                     summary="Giá lúa tăng nhẹ, trời nắng."))
    config = Config.load(data_paths.config_file)
    config.set("wifi", "ssid", "Café sách xã An Bình")
    config.set("wifi", "password", "doc;sach")
    config.set("wifi", "address", "10.42.0.1")
    config.save()
    return data_paths, catalog


def _pages(pdf: bytes, tmp_path: Path) -> list[tuple[Path, str]]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    out = []
    for number, page in enumerate(doc):
        assert page.rect.width == pytest.approx(595, abs=1)  # A4 portrait
        assert page.rect.height == pytest.approx(842, abs=1)
        image = tmp_path / f"page{number}.png"
        page.get_pixmap(dpi=150).save(image)
        out.append((image, page.get_text()))
    return out


def test_one_item_per_page(station, tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    items = [catalog.get(f"muc-{n}") for n in range(3)] + [catalog.get("ban-tin")]
    result = make_poster(items, config, objects=catalog.objects)
    pages = _pages(result.pdf, tmp_path)
    assert result.pages == len(pages) == 4
    for n, (image, text) in enumerate(pages[:3]):
        url = f"http://10.42.0.1:8765/i/muc-{n}"
        assert_holds_exactly(image, [url, WIFI])  # the item, and the Wi-Fi to reach it
        assert TITLES[n] in " ".join(text.split())
        assert SCAN_HINT_VI in text and url in text
    image, text = pages[3]
    bulletin = catalog.get("ban-tin")
    assert_holds_exactly(image, [item_text(bulletin)])  # text only: no Wi-Fi needed
    assert "Bản tin sáng" in text
    assert result.notes == []


def test_grid_pages(station, tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    items = [catalog.get(f"muc-{n % 3}") for n in range(7)]
    result = make_poster(items, config, grid=True, objects=catalog.objects)
    pages = _pages(result.pdf, tmp_path)
    assert len(pages) == 2
    urls = [f"http://10.42.0.1:8765/i/muc-{n % 3}" for n in range(7)]
    assert_holds_exactly(pages[0][0], [*urls[:6], WIFI])
    assert_holds_exactly(pages[1][0], [urls[6], WIFI])
    assert "Nông sản lên sàn" in pages[0][1]


def test_offline_station_falls_back_and_notes_it(station, tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    item = catalog.get("muc-0")

    def offline(it: Item):
        return item_link(it, interfaces=lambda: {}, route=lambda: None)

    result = make_poster([item], config, objects=catalog.objects, link_for=offline)
    assert result.notes == [NOTE_OFFLINE_VI]
    image, _ = _pages(result.pdf, tmp_path)[0]
    assert_holds_exactly(image, [item_text(item)])


def test_cli_poster_and_errors(station, tmp_path: Path, capsys) -> None:
    paths, _ = station
    out = tmp_path / "posters" / "cho.pdf"
    code = main(["--data", str(paths.root), "poster", "--kind", "book", "--grid", "-o",
                 str(out)])
    assert code == 0
    assert pymupdf.open(out).page_count == 1
    assert "wrote" in capsys.readouterr().err
    code = main(["--data", str(paths.root), "poster", "--id", "khong-co", "-o", str(out)])
    assert code == 1 and "khong-co" in capsys.readouterr().err
    code = main(["--data", str(paths.root), "poster", "--tag", "khong-co", "-o",
                 str(tmp_path / "x.pdf")])
    assert code == 1 and not (tmp_path / "x.pdf").exists()
    code = main(["--data", str(paths.root), "poster", "-o", str(tmp_path / "x.png")])
    assert code == 1


def test_an_invalid_wifi_password_prints_no_wifi_code_and_says_why(station,
                                                                    tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    config.set("wifi", "password", "short")  # WPA needs 8 to 63 characters
    result = make_poster([catalog.get("muc-0")], config, objects=catalog.objects)
    (image, _text), = _pages(result.pdf, tmp_path)
    assert_holds_exactly(image, ["http://10.42.0.1:8765/i/muc-0"])
    assert not any(p.startswith("WIFI:") for p in result.payloads)
    assert len(result.notes) == 1 and "wifi.password" in result.notes[0]


def test_a_mistyped_kind_names_the_kinds(station, tmp_path: Path, capsys) -> None:
    """`--kind sach` used to say "no items", as if the library were empty."""
    paths, _ = station
    code = main(["--data", str(paths.root), "poster", "--kind", "sach", "-o",
                 str(tmp_path / "x.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "'sach' is not one of" in err and "bulletin" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_wifi_name_no_network_can_have_prints_no_wifi_code(station, tmp_path: Path) -> None:
    """Wi-Fi names stop at 32 bytes; a longer Vietnamese one names no network."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    config.set("wifi", "ssid", "Café sách 4.0 xã An Bình Đông Thượng")  # 45 bytes
    result = make_poster([catalog.get("muc-0")], config, objects=catalog.objects)
    assert not any(p.startswith("WIFI:") for p in result.payloads)
    assert len(result.notes) == 1 and "wifi.ssid" in result.notes[0]


def test_codes_are_drawn_without_a_python_call_per_module(station, monkeypatch) -> None:
    """A bulletin's code has ~2,000 runs of dark modules; a call each made a 300-item grid
    take half a minute. The codes still scan (the tests above read them back)."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    calls = []
    real = pymupdf.Shape.draw_rect
    monkeypatch.setattr(pymupdf.Shape, "draw_rect",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    bulletin = Item(id="dai", title="Bản tin chợ", kind="bulletin", body="Giá rau. " * 50)
    make_poster([bulletin], config, grid=True, objects=catalog.objects)
    assert len(calls) < 20


def test_cli_poster_shows_progress(station, tmp_path: Path, capsys) -> None:
    """A 300-item grid takes seconds: the librarian sees it counting, not a silent prompt."""
    paths, _ = station
    assert main(["--data", str(paths.root), "poster", "--grid", "-o",
                 str(tmp_path / "p.pdf")]) == 0
    err = capsys.readouterr().err
    assert "poster:" in err and "item" in err
    assert "wrote" in err


def test_emoji_the_text_font_lacks_are_left_out_not_printed_as_boxes(
        data_paths: DataPaths, catalog: Catalog, tmp_path: Path) -> None:
    catalog.put(Item(id="le-hoi", title="🎉 Chào mừng Ngày Nhà giáo 20/11 ⚠️📢",
                     kind="bulletin", summary="Lễ hội 👨‍👩‍👧 ở xã."))
    config = Config.load(data_paths.config_file)
    result = make_poster([catalog.get("le-hoi")], config, objects=catalog.objects)
    [(_image, text)] = _pages(result.pdf, tmp_path)
    assert "Chào mừng Ngày Nhà giáo 20/11" in text.splitlines()
    for missing in ("🎉", "⚠", "📢", "\ufe0f", "\u200d", "\ufffd"):
        assert missing not in text
