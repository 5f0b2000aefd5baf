"""`cafesach render`, `text`, `check` and `add` — through the console script's entry point."""

from __future__ import annotations

import json
import os
import stat
import struct
import sys
import zlib
from pathlib import Path

import pytest

from library.catalog import Item
from library.documents import DocumentEngine, default_engine
from tests.clirun import cafesach

from . import hostile


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def item_id(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> str:
    book = hostile.text_pdf(tmp_path / "sach.pdf", ["Đảng viên gương mẫu", "Chợ 4.0 ở xã"],
                            toc=[[1, "Mở đầu", 1]])
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(book), "--json")
    assert code == 0
    return json.loads(out)[0]["id"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_add_reads_the_file_in_the_worker_process_with_the_station_settings(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As `check` does: a limit raised for large posters holds for `add` too."""
    from library.documents import commands

    data.mkdir()
    (data / "config.toml").write_text("[documents]\ntimeout_s = 7.5\nmemory_limit_mb = 2048\n",
                                      encoding="utf-8")
    used: list[tuple[DocumentEngine, int | None]] = []
    install = commands.set_default_engine

    def recording(engine: DocumentEngine) -> None:
        used.append((engine, engine.worker_pid()))
        install(engine)

    monkeypatch.setattr(commands, "set_default_engine", recording)
    book = hostile.text_pdf(tmp_path / "a.pdf", ["nước sạch nông thôn"])
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(book))
    assert code == 0 and "added" in out
    assert len(used) == 1
    engine, pid = used[0]
    assert engine.timeout_s == 7.5 and engine.worker.memory_limit_mb == 2048
    assert engine.worker.requests > 0 and pid not in (None, os.getpid())
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "nuoc sach")
    assert code == 0 and "a" in out


def test_render_writes_a_png(capsys: pytest.CaptureFixture[str], data: Path, item_id: str,
                             tmp_path: Path) -> None:
    out_file = tmp_path / "trang.png"
    code, out, err = cafesach(capsys, "--data", str(data), "render", item_id, "--page", "2",
                              "--width", "400", "-o", str(out_file))
    assert code == 0, err
    png = out_file.read_bytes()
    width, height = _png_size(png)
    assert width == 400 and abs(height - 400 * 842 / 595) <= 1
    body = png[33:]
    length = struct.unpack(">I", body[:4])[0]
    pixels = zlib.decompress(body[8:8 + length])
    assert len(pixels) == height * (1 + width * 3)
    assert pixels.count(0) > 100  # dark text on the page
    assert f"400×{height}" in out


def test_render_of_a_missing_page_fails_in_one_line(capsys: pytest.CaptureFixture[str],
                                                    data: Path, item_id: str,
                                                    tmp_path: Path) -> None:
    out_file = tmp_path / "x.png"
    code, _, err = cafesach(capsys, "--data", str(data), "render", item_id, "--page", "9",
                            "-o", str(out_file))
    assert code == 1 and err.startswith("cafesach: error:") and "page 9" in err
    assert err.count("\n") == 1 and not out_file.exists()


def test_text_prints_pages(capsys: pytest.CaptureFixture[str], data: Path, item_id: str) -> None:
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item_id, "--page", "2")
    assert code == 0 and out.strip() == "Chợ 4.0 ở xã"
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item_id, "--json")
    assert [p["page"] for p in json.loads(out)] == [1, 2]
    assert "Đảng viên" in json.loads(out)[0]["text"]


def test_check_reports_a_good_file(capsys: pytest.CaptureFixture[str], data: Path,
                                   tmp_path: Path) -> None:
    pages = ["Trang một của sách", "Trang hai của sách", "Trang ba của sách"]
    book = hostile.text_pdf(tmp_path / "ok.pdf", pages,
                            toc=[[1, "Một", 1]])
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(book), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["pages"] == 3 and report["text_layer"]
    assert report["toc_entries"] == 1 and report["problems"] == []
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(book))
    assert code == 0 and "3 pages, text layer: yes" in out
    leaflet = hostile.text_pdf(tmp_path / "to-roi.pdf", ["Một trang"])
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(leaflet))
    assert code == 0 and "1 page, text layer: yes" in out  # not "1 pages"


def test_check_of_a_scanned_pdf_says_no_text_layer(capsys: pytest.CaptureFixture[str],
                                                   data: Path, tmp_path: Path) -> None:
    picture = hostile.image(tmp_path / "scan.png", 200, 300, (120, 120, 120))
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), filename=str(picture))
    doc.save(tmp_path / "scan.pdf")
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(tmp_path / "scan.pdf"))
    assert code == 0 and "text layer: no" in out and "scanned" in out


def test_check_of_a_truncated_pdf_says_damaged_not_scanned(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    whole = hostile.text_pdf(tmp_path / "whole.pdf", ["Trang một " * 40] * 3)
    cut = hostile.truncated_pdf(tmp_path / "cut.pdf", whole, keep=0.33)
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(cut), "--json")
    report = json.loads(out)
    assert code == 0 and report["repaired"] and not report["text_layer"]
    assert len(report["problems"]) == 1 and report["problems"][0].startswith("damaged")
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(whole), "--json")
    assert not json.loads(out)["repaired"]


def test_check_of_an_image_says_it_has_no_text_layer(capsys: pytest.CaptureFixture[str],
                                                     data: Path, tmp_path: Path) -> None:
    picture = hostile.image(tmp_path / "infographic.png", 300, 200, (20, 120, 200))
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(picture), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["pages"] == 1
    assert report["text_layer"] is False and report["problems"] == []


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (os.urandom(4096), "cannot open")])
def test_check_of_a_bad_file_exits_non_zero(capsys: pytest.CaptureFixture[str], data: Path,
                                            tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(content)
    code, _, err = cafesach(capsys, "--data", str(data), "check", str(bad))
    assert code == 1 and err.startswith("cafesach: error: ") and reason in err


def test_document_commands_never_import_qt(tmp_path: Path, item_id: str, data: Path) -> None:
    import subprocess

    code = ("import sys; from kiosk.main import main; "
            f"rc = main(['--data', {str(data)!r}, 'text', {item_id!r}]); "
            "sys.exit(rc or any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_text_of_a_bulletin_comes_from_the_catalog(capsys: pytest.CaptureFixture[str],
                                                   data: Path, tmp_path: Path) -> None:
    bulletin = tmp_path / "ban-tin.txt"
    bulletin.write_text("# Bản tin sáng\nLịch tiêm chủng tuần này.\n", encoding="utf-8")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(bulletin), "--json")
    item = json.loads(out)[0]["id"]
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item)
    assert code == 0 and "Lịch tiêm chủng tuần này." in out
    code, _, err = cafesach(capsys, "--data", str(data), "render", item,
                            "-o", str(tmp_path / "x.png"))
    assert code == 1 and "has no pages" in err


def test_a_folder_of_hostile_files_never_takes_the_caller_down(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    good = hostile.text_pdf(folder / "good.pdf", ["Trang tốt " * 40])
    hostile.truncated_pdf(folder / "cut.pdf", good, keep=0.3)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "noise.pdf").write_bytes(os.urandom(20_000))
    hostile.encrypted_pdf(folder / "locked.pdf")
    hostile.cyclic_outline_pdf(folder / "cyclic.pdf")
    hostile.huge_png(folder / "bomb.png", 16_000, 16_000)
    hostile.epub(folder / "script.epub", "<p>chữ</p><script>x()</script>",
                 extra={"../../evil.xhtml": b"<p>evil</p>"})
    (folder / "fake.epub").write_bytes(b"PK\x03\x04" + os.urandom(500))
    outcomes = {}
    for file in sorted(folder.iterdir()):
        code, _, err = cafesach(capsys, "--data", str(data), "add", str(file))
        assert code in (0, 1), file.name
        if code:
            assert err.startswith("cafesach: error: ") and err.count("\n") == 1, err
        outcomes[file.name] = code
    assert outcomes["good.pdf"] == 0 and outcomes["script.epub"] == 0
    assert all(outcomes[n] == 1 for n in ("empty.pdf", "noise.pdf", "locked.pdf", "bomb.png",
                                          "fake.epub"))
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    assert {i["title"] for i in json.loads(out)} >= {"Sách thử"}


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "."], "no output file name"),
    (["--zoom", "nan", "-o", "z.png"], "bad page size or zoom"),
    # a PNG under another name: a viewer reading it as a JPEG says it is damaged
    (["-o", "trang 1.jpg"], "trang 1.jpg: the file name must end in .png"),
])
def test_render_refuses_a_bad_output_or_zoom_in_one_line(
        capsys: pytest.CaptureFixture[str], data: Path, item_id: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = cafesach(capsys, "--data", str(data), "render", item_id, *args)
    assert code == 1 and message in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_render_never_replaces_a_device_or_pipe(capsys: pytest.CaptureFixture[str], data: Path,
                                                item_id: str, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    code, _, err = cafesach(capsys, "--data", str(data), "render", item_id, "-o", str(pipe))
    assert code == 1 and "not a regular file" in err
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def _png_first_pixel(data: bytes) -> tuple[int, ...]:
    """The top-left pixel of a PNG written by `encode_png` (one IDAT, no filter)."""
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4:at])[0]
    raw = zlib.decompress(data[at + 4:at + 4 + length])
    assert raw[0] == 0
    return tuple(raw[1:4])


@pytest.mark.parametrize(("name", "media_type"), [
    ("bang-tin.gif", "image/gif"), ("ban-do.tif", "image/tiff"), ("so-do.tiff", "image/tiff"),
    ("ban-ve.bmp", "image/bmp"),
])
def test_gif_tiff_and_bmp_infographics_are_added_and_shown(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, name: str,
        media_type: str) -> None:
    colour = (200, 30, 40)
    suffix = Path(name).suffix
    picture = tmp_path / name
    if suffix == ".gif":
        hostile.gif(picture, colour)
    elif suffix == ".bmp":
        hostile.bmp(picture, 6, 4, colour)
    else:
        hostile.tiff(picture, 6, 4, colour)
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(picture), "--json")
    assert code == 0, err
    item = json.loads(out)[0]
    assert (item["media_type"], item["kind"], item["page_count"]) == (media_type,
                                                                      "infographic", 1)
    page = tmp_path / "page.png"
    code, _, err = cafesach(capsys, "--data", str(data), "render", item["id"], "--width", "40",
                            "-o", str(page))
    assert code == 0, err
    assert _png_first_pixel(page.read_bytes()) == colour


def test_a_file_with_a_wrong_ending_is_read_as_what_it_is(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    report = hostile.text_pdf(tmp_path / "bao-cao.pdf", ["Nghị quyết về nông thôn mới"])
    misnamed = report.rename(tmp_path / "bao-cao-quet.jpg")  # a scan saved with a photo's name
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(misnamed), "--json")
    checked = json.loads(out)
    assert code == 0 and checked["format"] == "application/pdf" and checked["text_layer"]
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(misnamed), "--json")
    assert code == 0, err
    item = json.loads(out)[0]
    assert (item["media_type"], item["kind"]) == ("application/pdf", "book")
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "nong thon moi")
    assert code == 0 and item["id"] in out
    photo = hostile.image(tmp_path / "cho.jpg", 30, 20, (10, 20, 30))
    renamed = photo.rename(tmp_path / "cho.png")
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(renamed), "--json")
    assert code == 0, err
    assert json.loads(out)[0]["media_type"] == "image/jpeg"


def test_check_of_a_folder_says_it_is_a_folder(capsys: pytest.CaptureFixture[str], data: Path,
                                               tmp_path: Path) -> None:
    code, _, err = cafesach(capsys, "--data", str(data), "check", str(tmp_path))
    assert code == 1 and "is a folder" in err and "no such file" not in err


def test_render_and_text_of_an_item_whose_file_is_gone_say_so(
        capsys: pytest.CaptureFixture[str], data: Path, item_id: str, tmp_path: Path) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    catalog = Catalog.open(DataPaths(data))
    try:
        catalog.object_path(catalog.get(item_id)).unlink()
    finally:
        catalog.close()
    for args in (["render", item_id, "-o", str(tmp_path / "x.png")], ["text", item_id]):
        code, _, err = cafesach(capsys, "--data", str(data), *args)
        assert code == 1 and "missing from the data folder" in err and err.count("\n") == 1


def _put_without_file(data: Path, item: Item, pages: tuple[str, ...] = ()) -> None:
    """An item the catalog holds with no file behind it (a text bulletin, a clip's entry)."""
    from library.catalog import Catalog
    from library.paths import DataPaths

    paths = DataPaths(data)
    paths.ensure()
    catalog = Catalog.open(paths)
    try:
        catalog.put(item, pages)
    finally:
        catalog.close()


def test_text_of_a_bulletin_without_a_file(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    _put_without_file(data, Item(id="bantin-sang", title="Bản tin sáng", kind="bulletin",
                                 media_type="text/plain", body="Lịch tiêm chủng tuần này."),
                      ("Lịch tiêm chủng tuần này.",))
    code, out, err = cafesach(capsys, "--data", str(data), "text", "bantin-sang")
    assert code == 0, err
    assert "Lịch tiêm chủng tuần này." in out


def test_text_of_a_clip_says_it_has_none(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    _put_without_file(data, Item(id="video-huong-dan", title="Video hướng dẫn", kind="video",
                                 media_type="video/mp4"))
    for extra in ([], ["--json"]):
        code, out, err = cafesach(capsys, "--data", str(data), "text", "video-huong-dan", *extra)
        assert code == 1 and out == ""
        assert "has no text (it is video/mp4)" in err and err.count("\n") == 1


def test_text_of_a_picture_says_it_has_none(capsys: pytest.CaptureFixture[str], data: Path,
                                            tmp_path: Path) -> None:
    """A poster with no text layer: one line saying so, not an empty answer."""
    poster = hostile.stripes_png(tmp_path / "ap-phich.png", 200, 600)
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(poster), "--json")
    assert code == 0, err
    item = json.loads(out)[0]["id"]
    for extra in ([], ["--json"]):
        code, out, err = cafesach(capsys, "--data", str(data), "text", item, *extra)
        assert code == 1 and out == ""
        assert "has no text (it is image/png without a text layer)" in err
        assert err.count("\n") == 1
    code, out, err = cafesach(capsys, "--data", str(data), "text", item, "--page", "1")
    assert code == 0 and out.strip() == ""  # one page asked for: its (empty) text


@pytest.mark.parametrize("setting", ["timeout_s = 0", "timeout_s = -5", "timeout_s = 1e12",
                                     "timeout_s = nan", "memory_limit_mb = -1",
                                     "memory_limit_mb = 8"])
def test_render_works_with_an_odd_documents_setting(
        capsys: pytest.CaptureFixture[str], data: Path, item_id: str, tmp_path: Path,
        setting: str) -> None:
    (data / "config.toml").write_text(f"[documents]\n{setting}\n", encoding="utf-8")
    out_file = tmp_path / "trang.png"
    code, _, err = cafesach(capsys, "--data", str(data), "render", item_id, "--width", "100",
                            "-o", str(out_file))
    assert code == 0, err
    assert _png_size(out_file.read_bytes())[0] == 100


def test_text_of_a_long_book_is_read_in_chunks_like_add(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request is bounded by `documents.timeout_s`: one request for a whole book
    failed on long books that `add` (which reads in chunks) had taken."""
    from library.documents.engine import TEXT_CHUNK
    from library.documents.process import WorkerProcess

    count = TEXT_CHUNK * 2 + 3
    book = hostile.text_pdf(tmp_path / "dai.pdf", [f"Trang số {n}" for n in range(1, count + 1)])
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(book), "--json")
    item = json.loads(out)[0]["id"]
    asked: list[tuple[int | None, int | None]] = []
    call = WorkerProcess.call

    def recording(self: WorkerProcess, op: str, args: dict, timeout_s: float,
                  **options: object) -> object:
        if op == "text":
            asked.append((args.get("page"), args.get("last")))
        return call(self, op, args, timeout_s, **options)

    monkeypatch.setattr(WorkerProcess, "call", recording)
    code, out, err = cafesach(capsys, "--data", str(data), "text", item, "--json")
    assert code == 0, err
    pages = json.loads(out)
    assert [p["page"] for p in pages] == list(range(1, count + 1))
    assert pages[-1]["text"].strip() == f"Trang số {count}"
    assert asked and all(first is not None and last is not None
                         and last - first < TEXT_CHUNK for first, last in asked)


@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8: Linux only")
def test_a_name_from_another_code_page_is_checked_and_refused_in_one_line(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/S\xf4 tay.pdf"))  # Windows-1258 "Sổ"
    hostile.text_pdf(tmp_path / "tam.pdf", ["Sổ tay đảng viên"]).rename(odd)
    code, out, err = cafesach(capsys, "--data", str(data), "check", str(odd), "--json")
    assert code == 0, err
    assert json.loads(out)["text_layer"]
    good = hostile.text_pdf(tmp_path / "tot.pdf", ["Nông thôn mới"])
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(odd), str(good))
    assert code == 1 and "Traceback" not in err
    assert "S\ufffd tay.pdf: the file name is not UTF-8 text" in err
    assert "Nông thôn mới" in out and out.count("(added)") == 1
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(odd))
    assert code == 0 and out.startswith(str(tmp_path) + "/S\ufffd tay.pdf: application/pdf")


def test_add_warns_of_a_damaged_file_it_had_to_repair(capsys: pytest.CaptureFixture[str],
                                                      data: Path, tmp_path: Path) -> None:
    whole = hostile.text_pdf(tmp_path / "nguyen.pdf", ["Trang một " * 200, "Trang hai " * 200])
    broken = hostile.truncated_pdf(tmp_path / "hong.pdf", whole)
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(broken), str(whole))
    assert code == 0, err
    assert out.count("(added)") == 2
    warnings = [line for line in err.splitlines() if "warning:" in line]
    assert len(warnings) == 1 and "hong.pdf: the file is damaged" in warnings[0]


@pytest.mark.parametrize(("drm", "reason"), [(True, "it is locked by DRM"),
                                             (False, "they are missing or damaged")])
def test_an_epub_whose_chapters_cannot_be_read_is_refused(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, drm: bool,
        reason: str) -> None:
    """MuPDF opens it anyway, with `ERROR: cannot find chapter` where the text should be."""
    book = hostile.epub_chapters(tmp_path / "sach.epub", [
        ("mot.xhtml", None if not drm else "<p>Chương một</p>"),
        ("hai.xhtml", None if not drm else "<p>Chương hai</p>")], drm=drm)
    for command in ("check", "add"):
        code, out, err = cafesach(capsys, "--data", str(data), command, str(book))
        assert code == 1 and "Traceback" not in err
        assert f"none of the book's chapters can be read ({reason}" in err
    code, out, _ = cafesach(capsys, "--data", str(data), "list")
    assert out == ""


def test_check_names_each_epub_chapter_that_cannot_be_read(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    book = hostile.epub_chapters(tmp_path / "sach.epub", [
        ("mot.xhtml", "<p>Chương một: chuyển đổi số.</p>"), ("hai.xhtml", None),
        ("ba.xhtml", "<p>Chương ba: nông thôn mới.</p>")])
    code, out, _ = cafesach(capsys, "--data", str(data), "check", str(book), "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert [p for p in report["problems"] if "cannot be read" in p] == [
        "page 2: a chapter that cannot be read (missing from the file, or locked by DRM): "
        "the kiosk shows that page blank, with its calm line"]


def test_a_glyph_without_unicode_leaves_no_control_character(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    """MuPDF reads a glyph the font cannot name as U+0000: it must not reach the
    title, the stored text or the words read aloud."""
    import pymupdf

    from library.paths import font_files

    book = tmp_path / "mui-ten.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    page.insert_text((72, 100), "Hướng ↑ dẫn", fontname="vn", fontsize=28)  # ↑: no glyph
    page.insert_text((72, 160), "Chuyển đổi số ở tỉnh. " * 3, fontname="vn", fontsize=11)
    doc.save(book)
    doc.close()
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(book), "--json")
    assert code == 0, err
    item = json.loads(out)[0]
    assert item["title"] == "Hướng dẫn"
    code, out, _ = cafesach(capsys, "--data", str(data), "text", item["id"], "--json")
    assert "\x00" not in json.loads(out)[0]["text"]
    words = default_engine().words(book, 1).result(timeout=30)
    assert all(w.text.strip() and "\x00" not in w.text for w in words.words)


def _flag(data: Path, item_id: str) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    with Catalog.open(DataPaths(data)) as catalog:
        catalog.set_flags(item_id, broken=True)


def _flagged(data: Path, item_id: str) -> bool:
    from library.catalog import Catalog
    from library.paths import DataPaths

    with Catalog.open(DataPaths(data)) as catalog:
        return catalog.get(item_id).broken


def test_check_of_an_item_clears_its_flag_only_when_asked_and_it_opens(
        capsys: pytest.CaptureFixture[str], data: Path, item_id: str) -> None:
    """A flag set after a passing fault (a timeout on a busy station) is lifted from the
    command line: `check ID` says it opens now, `--clear` offers it to visitors again."""
    _flag(data, item_id)
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["id"] == item_id and report["broken"]
    assert report["pages"] == 2 and "cleared" not in report
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id)
    assert code == 0 and f"check {item_id} --clear" in out
    assert _flagged(data, item_id)  # only reading: still flagged
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id, "--clear")
    assert code == 0 and "flag is cleared" in out
    assert not _flagged(data, item_id)
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--broken", "--json")
    assert json.loads(out) == []


def test_check_clear_leaves_the_flag_on_an_item_that_still_fails(
        capsys: pytest.CaptureFixture[str], data: Path, item_id: str) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    _flag(data, item_id)
    with Catalog.open(DataPaths(data)) as catalog:
        path = catalog.object_path(catalog.get(item_id))
    os.chmod(path, 0o644)
    path.write_bytes(os.urandom(4096))
    code, _, err = cafesach(capsys, "--data", str(data), "check", item_id, "--clear")
    assert code == 1 and err.startswith("cafesach: error: ") and err.count("\n") == 1
    assert _flagged(data, item_id)


def test_check_clear_wants_an_item(capsys: pytest.CaptureFixture[str], data: Path,
                                   tmp_path: Path) -> None:
    book = hostile.text_pdf(tmp_path / "ok.pdf", ["Trang một"])
    code, _, err = cafesach(capsys, "--data", str(data), "check", str(book), "--clear")
    assert code == 1 and "--clear takes the id of a catalog item" in err
    code, _, err = cafesach(capsys, "--data", str(data), "check", "khong-co-muc-nay")
    assert code == 1 and "no such file, and no catalog item has that id" in err


def test_check_of_an_item_names_it_as_list_does(capsys: pytest.CaptureFixture[str],
                                               data: Path, item_id: str) -> None:
    """A librarian checks an item by its id: the answer names the item and its title, not
    its file deep in objects/, and `--clear` on an item that is not flagged says so."""
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id)
    title = json.loads(cafesach(capsys, "--data", str(data), "show", item_id, "--json")[1])
    assert code == 0 and out.startswith(f"{item_id} «{title['title']}»: application/pdf, ")
    assert "objects" not in out
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id, "--clear")
    assert code == 0 and out.splitlines()[-1] == f"{item_id}: not flagged broken; nothing to clear"


def test_a_picture_mupdf_cannot_read_is_said_in_its_words(capsys: pytest.CaptureFixture[str],
                                                          data: Path, tmp_path: Path) -> None:
    """«unknown image file format», not «FzErrorFormat: code=7: …»: the librarian reads it."""
    bad = tmp_path / "anh.png"
    bad.write_bytes(b"\x00not a picture at all" * 200)
    code, _, err = cafesach(capsys, "--data", str(data), "check", str(bad))
    assert code == 1
    assert err == "cafesach: error: anh.png: cannot read (unknown image file format)\n"
