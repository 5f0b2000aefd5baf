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

from library.documents import default_engine
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


def test_add_reads_the_file_in_the_worker_process(capsys: pytest.CaptureFixture[str],
                                                  data: Path, tmp_path: Path) -> None:
    engine = default_engine()
    before = engine.worker.requests
    book = hostile.text_pdf(tmp_path / "a.pdf", ["nước sạch nông thôn"])
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(book))
    assert code == 0 and "added" in out
    engine = default_engine()
    assert engine.worker.requests > before
    assert engine.worker_pid() not in (None, os.getpid())
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
    (["-o", ""], "no output file name"),
    (["--zoom", "nan", "-o", "z.png"], "bad page size or zoom"),
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
