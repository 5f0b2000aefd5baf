"""Posters: A4 pages render with PyMuPDF, every QR on them decodes, Vietnamese text intact."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from kiosk.main import main
from library.catalog import Catalog, Item
from library.config import Config
from library.handoff.links import (
    NOTE_NOT_SERVING_VI,
    NOTE_OFFLINE_VI,
    NOTE_TEXT_VI,
    SCAN_HINT_VI,
    item_link,
    item_text,
)
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
    out.parent.mkdir()
    code = main(["--data", str(paths.root), "poster", "--kind", "book", "--grid", "-o",
                 str(out)])
    assert code == 0
    assert pymupdf.open(out).page_count == 1
    assert "wrote" in capsys.readouterr().err
    code = main(["--data", str(paths.root), "poster", "--id", "khong-co", "-o", str(out),
                 "--force"])
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


def test_cli_poster_shows_progress(station, tmp_path: Path, capsys,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A 300-item grid takes seconds: the librarian sees it counting, not a silent prompt
    (on a terminal: `cli.bar_off`)."""
    paths, _ = station
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
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


def test_a_long_link_is_printed_cut_under_its_code_not_as_a_lone_ellipsis(
        station, tmp_path: Path) -> None:
    """A link is one long "word": cutting whole words left only "…" under the code."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    url = "https://thuvien.example.vn/" + "tai-lieu/" * 60 + "so-tay.pdf"  # 3 lines and more
    catalog.put(Item(id="lien-ket", title="Sổ tay", kind="book", sha256="c" * 64, size=1,
                     public_url=url))
    for grid in (False, True):
        result = make_poster([catalog.get("lien-ket")], config, grid=grid,
                             objects=catalog.objects)
        [(image, text)] = _pages(result.pdf, tmp_path)
        assert_holds_exactly(image, [url])  # the code holds it whole
        caption = next(line for line in text.splitlines() if line.startswith("https://"))
        assert caption.startswith("https://thuvien.example.vn/tai-lieu/")
        assert "…" in text


def test_marks_typed_apart_are_printed_on_their_letters(station, tmp_path: Path) -> None:
    """A station name saved decomposed (NFD) printed its marks beside the letters."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    name = "Nhà văn hóa xã Ẩn Bình Đông"
    config.set("station", "name", unicodedata.normalize("NFD", name))
    result = make_poster([catalog.get("muc-0")], config, objects=catalog.objects)
    [(_image, text)] = _pages(result.pdf, tmp_path)
    assert name in text


def test_a_vietnamese_web_address_is_coded_as_a_uri_and_printed_as_written(
        station, tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    written = "https://thưviện.example.vn/tài liệu/sổ tay.pdf"
    catalog.put(Item(id="web", title="Sổ tay", kind="book", sha256="c" * 64, size=1,
                     public_url=written))
    result = make_poster([catalog.get("web")], config, objects=catalog.objects)
    [(image, text)] = _pages(result.pdf, tmp_path)
    assert_holds_exactly(image, ["https://xn--thvin-grb5423c.example.vn/"
                                 "t%C3%A0i%20li%E1%BB%87u/s%E1%BB%95%20tay.pdf"])
    assert written in text.splitlines()


def test_cli_poster_refuses_ids_with_a_kind_or_tag(station, tmp_path: Path, capsys) -> None:
    """`--id X --kind video` printed X, a book, as if --kind had not been given."""
    paths, _ = station
    out = tmp_path / "p.pdf"
    for extra in (["--kind", "video"], ["--tag", "cho"]):
        code = main(["--data", str(paths.root), "poster", "--id", "muc-0", *extra, "-o",
                     str(out)])
        assert code == 2 and "not both" in capsys.readouterr().err
    assert not out.exists()


def test_cli_poster_says_it_cannot_write_before_drawing_anything(
        station, tmp_path: Path, capsys, monkeypatch) -> None:
    """A folder it cannot write to was said only after every code was drawn."""
    paths, _ = station
    import library.poster

    def never(*_args, **_kwargs):
        raise AssertionError("drew the poster before opening its file")

    monkeypatch.setattr(library.poster, "make_poster", never)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = main(["--data", str(paths.root), "poster", "-o", str(blocker / "p.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "drew" not in err


@pytest.mark.parametrize("command", [["poster"], ["qr", "muc-0"]])
def test_cli_an_empty_output_name_is_said_to_be_missing(station, command: list[str],
                                                        capsys) -> None:
    """`-o ""` said "the file name must end in .pdf" of a name "."; `-o .` is no file
    name either."""
    paths, _ = station
    assert main(["--data", str(paths.root), *command, "-o", ""]) == 2
    assert "the path is empty" in capsys.readouterr().err
    assert main(["--data", str(paths.root), *command, "-o", "."]) == 1
    assert "no output file name given" in capsys.readouterr().err


def test_a_damaged_cover_is_left_out_not_a_traceback(station, tmp_path: Path) -> None:
    """MuPDF reports a broken image as FzErrorFormat, which is no RuntimeError."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    assert catalog.objects is not None
    broken = catalog.objects.add_bytes(b"\x89PNG\r\n\x1a\n" + b"not the rest of a png" * 8)
    catalog.put(Item(id="bia-hong", title="Bìa hỏng", kind="book", sha256="c" * 64, size=1,
                     cover_sha256=broken))
    for grid in (False, True):
        result = make_poster([catalog.get("bia-hong")], config, grid=grid,
                             objects=catalog.objects)
        [(image, text)] = _pages(result.pdf, tmp_path)
        assert "Bìa hỏng" in text
        assert_holds_exactly(image, ["http://10.42.0.1:8765/i/bia-hong", WIFI])


def test_cli_no_items_says_which_filter_found_none(station, tmp_path: Path, capsys) -> None:
    """An empty library was told to "check --kind/--tag/--id", none of which was given."""
    paths, _ = station
    out = str(tmp_path / "p.pdf")
    assert main(["--data", str(paths.root), "poster", "--tag", "chợ quê", "-o", out]) == 1
    assert "no items with --tag 'chợ quê'" in capsys.readouterr().err
    empty = tmp_path / "empty"
    assert main(["--data", str(empty), "poster", "-o", out]) == 1
    err = capsys.readouterr().err
    assert "the library has no items" in err and "--kind" not in err


def test_a_station_with_no_name_heads_the_grid_with_the_hint_alone(station,
                                                                   tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    config.set("station", "name", "  ")
    result = make_poster([catalog.get("muc-0")], config, grid=True, objects=catalog.objects)
    [(_image, text)] = _pages(result.pdf, tmp_path)
    assert text.splitlines()[0] == SCAN_HINT_VI  # not "— Quét mã …"


def test_the_wifi_code_of_a_hidden_network_says_so(station, tmp_path: Path) -> None:
    paths, catalog = station
    config = Config.load(paths.config_file)
    config.set("wifi", "hidden", True)
    result = make_poster([catalog.get("muc-0")], config, objects=catalog.objects)
    [(image, _text)] = _pages(result.pdf, tmp_path)
    assert_holds_exactly(image, ["http://10.42.0.1:8765/i/muc-0",
                                 wifi_payload("Café sách xã An Bình", "doc;sach", hidden=True)])


def test_a_book_whose_code_holds_its_summary_says_so_not_bulletin_text(
        station, tmp_path: Path) -> None:
    """With handoff off, a book's poster said "Mã QR chứa nội dung bản tin." and the
    librarian was not told why the codes held only summaries."""
    paths, catalog = station
    config = Config.load(paths.config_file)
    config.set("handoff", "enabled", False)
    for grid in (False, True):
        result = make_poster([catalog.get("muc-0")], config, grid=grid,
                             objects=catalog.objects)
        [(image, text)] = _pages(result.pdf, tmp_path)
        assert_holds_exactly(image, [item_text(catalog.get("muc-0"))])
        assert result.notes == [NOTE_NOT_SERVING_VI]
        flat = " ".join(text.split())
        assert NOTE_NOT_SERVING_VI in flat and NOTE_TEXT_VI not in flat


@pytest.mark.parametrize("existing", [False, True])
def test_cli_ctrl_c_while_the_pdf_is_written_is_one_line_and_leaves_the_file(
        station, tmp_path: Path, capsys, monkeypatch, existing: bool) -> None:
    """Ctrl+C landing in MuPDF's write callback printed the binding's traceback and
    failed with "Director error: KeyboardInterrupt", exit 1."""
    import os
    import signal

    paths, _ = station
    output = tmp_path / "áp phích.pdf"
    if existing:
        output.write_bytes(b"%PDF-1.7 the last poster")
    real_write = pymupdf.JM_new_output_fileptr_Output.write

    def pressed(self, ctx, data_raw, data_length):  # Ctrl+C as MuPDF writes its first bytes
        if not getattr(self, "pressed", False):
            self.pressed = True
            os.kill(os.getpid(), signal.SIGINT)
        return real_write(self, ctx, data_raw, data_length)

    monkeypatch.setattr(pymupdf.JM_new_output_fileptr_Output, "write", pressed)
    code = main(["--data", str(paths.root), "poster", "--grid", "-o", str(output),
                 *(["--force"] if existing else [])])  # (an existing file: replaced only so)
    err = capsys.readouterr().err
    assert code == 130 and err == "cafesach: interrupted; nothing was changed\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    if existing:
        assert output.read_bytes() == b"%PDF-1.7 the last poster"
    else:
        assert not output.exists()
