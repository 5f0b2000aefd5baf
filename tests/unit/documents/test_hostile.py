"""Hostile and broken files: a clear error or a safe render, never a dead or hung caller."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from library.documents import DocumentEngine
from library.errors import DocumentError

from . import hostile


def outcome(engine: DocumentEngine, path: Path) -> str:
    """'rendered' or the DocumentError's text; anything else fails the test."""
    try:
        info = engine.info(path).result(timeout=30)
        engine.render(path, 1, 540, 960).result(timeout=30)
        engine.text(path, 1).result(timeout=30)
    except DocumentError as exc:
        assert str(exc) and exc.message_vi == "Không mở được tài liệu này."
        return str(exc)
    assert info.page_count >= 1
    return "rendered"


def assert_still_serves(engine: DocumentEngine, tmp_path: Path) -> None:
    good = hostile.text_pdf(tmp_path / "after.pdf", ["vẫn chạy"])
    assert "vẫn chạy" in engine.text(good, 1).result(timeout=30)[0]


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return hostile.text_pdf(tmp_path / "good.pdf", ["Trang một " * 300, "Trang hai " * 300])


def test_truncated_pdf(engine: DocumentEngine, tmp_path: Path, good_pdf: Path) -> None:
    cut = hostile.truncated_pdf(tmp_path / "cut.pdf", good_pdf, keep=0.5)
    outcome(engine, cut)  # MuPDF repairs what it can: a safe render or a clear error
    assert_still_serves(engine, tmp_path)
    header_only = tmp_path / "head.pdf"
    header_only.write_bytes(good_pdf.read_bytes()[:16])  # "%PDF-1.7" and nothing else
    assert outcome(engine, header_only) != "rendered"


def test_zero_byte_file(engine: DocumentEngine, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty" in outcome(engine, empty)


def test_random_bytes_named_pdf(engine: DocumentEngine, tmp_path: Path) -> None:
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(os.urandom(64 * 1024))
    assert "cannot open" in outcome(engine, noise)
    assert_still_serves(engine, tmp_path)


def test_encrypted_pdf_without_password(engine: DocumentEngine, tmp_path: Path) -> None:
    locked = hostile.encrypted_pdf(tmp_path / "locked.pdf")
    assert "password" in outcome(engine, locked)


def test_cyclic_outline_gives_a_finite_toc(engine: DocumentEngine, tmp_path: Path) -> None:
    cyclic = hostile.cyclic_outline_pdf(tmp_path / "cyclic.pdf")
    assert outcome(engine, cyclic) == "rendered"
    toc = engine.info(cyclic).result(timeout=30).toc
    assert len(toc) <= 3


@pytest.mark.parametrize("size", [(200_000, 200_000), (30_000, 30_000), (16_000, 16_000)])
def test_image_with_huge_declared_dimensions(engine: DocumentEngine, tmp_path: Path,
                                             size: tuple[int, int]) -> None:
    bomb = hostile.huge_png(tmp_path / "bomb.png", *size)
    result = outcome(engine, bomb)
    assert result != "rendered" or engine.render(bomb, 1, 540, 960).result().width <= 540
    assert_still_serves(engine, tmp_path)


def test_an_image_too_large_for_the_memory_limit_names_the_setting(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """A poster scanned at 300 dpi is no bomb: the librarian is told which setting to raise."""
    poster = hostile.huge_png(tmp_path / "ap-phich.png", 20_000, 20_000)  # 1.2 GB of pixels
    with pytest.raises(DocumentError, match=r"documents\.memory_limit_mb") as failed:
        engine.render(poster, 1, 540, 960).result(timeout=30)
    assert str(failed.value).startswith("ap-phich.png: too large")
    assert_still_serves(engine, tmp_path)


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_epub_with_script_and_remote_images(engine: DocumentEngine, tmp_path: Path,
                                            web: tuple[str, list[str]]) -> None:
    base, hits = web
    marker = tmp_path / "script-ran"
    body = (f"<p>Xin chào bà con</p><img src='{base}/anh.png'/>"
            f"<link rel='stylesheet' href='{base}/kieu.css'/>"
            "<script>document.write('INJECTED'); "
            f"new XMLHttpRequest().open('GET', '{base}/js');</script>"
            f"<object data='{base}/o'/><iframe src='{base}/f'/>")
    book = hostile.epub(tmp_path / "script.epub", body,
                        manifest_extra=f"<item id='r' href='{base}/remote.png' "
                                       "media-type='image/png'/>")
    assert outcome(engine, book) == "rendered"
    text = engine.text(book).result()[0]
    assert "Xin chào bà con" in text and "INJECTED" not in text
    assert hits == [] and not marker.exists()


def test_epub_with_directory_traversal_names(engine: DocumentEngine, tmp_path: Path) -> None:
    inside = tmp_path / "shelf"
    inside.mkdir()
    outside = hostile.image(tmp_path / "outside.png", 300, 300, (255, 0, 0))
    body = ("<p>Trang an toàn</p>"
            "<img src='../../outside.png'/><img src='../../../outside.png'/>"
            f"<img src='file://{outside}'/><img src='../evil.png'/>")
    book = hostile.epub(inside / "traversal.epub", body,
                        extra={"../../evil.xhtml": b"<p>evil</p>",
                               "../evil.png": outside.read_bytes()})
    assert outcome(engine, book) == "rendered"
    page = engine.render(book, 1, 540, 960).result()
    pixels = page.data
    reds = sum(1 for i in range(0, len(pixels) - 2, 3 * 7)
               if pixels[i] > 200 and pixels[i + 1] < 60 and pixels[i + 2] < 60)
    assert reds == 0  # nothing from outside the archive (or from a ../ entry) was drawn
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.png", "shelf"]
    assert [p.name for p in inside.iterdir()] == ["traversal.epub"]


def test_page_that_never_finishes_times_out_and_restarts(fresh_engine: DocumentEngine,
                                                         tmp_path: Path) -> None:
    stuck = hostile.hang_pdf(tmp_path / "stuck.pdf")
    assert fresh_engine.info(stuck).result().page_count == 1  # opening is fine
    first_pid = fresh_engine.worker_pid()
    with pytest.raises(DocumentError, match=r"longer than 1\.5 s"):
        fresh_engine.render(stuck, 1, 540, 960).result(timeout=60)
    assert fresh_engine.restarts == 1
    assert fresh_engine.worker_pid() != first_pid
    assert_still_serves(fresh_engine, tmp_path)


def test_killed_worker_is_restarted(fresh_engine: DocumentEngine, tmp_path: Path) -> None:
    assert_still_serves(fresh_engine, tmp_path)
    victim = fresh_engine.worker_pid()
    spare = fresh_engine.worker._spare
    assert victim is not None and spare is not None
    os.kill(victim, signal.SIGKILL)
    fresh_engine.worker._process.join(10)  # dead while idle: the next request restarts it
    assert_still_serves(fresh_engine, tmp_path)
    assert fresh_engine.worker_pid() == spare[0].pid  # the standby took over
    assert fresh_engine.worker._spare is not None  # and a new standby stands behind it
    assert fresh_engine.worker._spare[0].pid not in (victim, spare[0].pid)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_ctrl_c_at_the_terminal_is_left_to_the_caller(fresh_engine: DocumentEngine,
                                                     tmp_path: Path) -> None:
    """Ctrl+C reaches the whole process group: the worker must not die with a
    traceback of its own; the caller stops it as it stops itself."""
    assert_still_serves(fresh_engine, tmp_path)
    worker = fresh_engine.worker_pid()
    assert worker is not None
    os.kill(worker, signal.SIGINT)
    assert_still_serves(fresh_engine, tmp_path)
    assert fresh_engine.worker_pid() == worker and fresh_engine.restarts == 0


def test_worker_killed_during_a_request(fresh_engine: DocumentEngine, tmp_path: Path) -> None:
    stuck = hostile.hang_pdf(tmp_path / "stuck.pdf")
    fresh_engine.info(stuck).result()
    victim = fresh_engine.worker_pid()
    pending = fresh_engine.render(stuck, 1, 540, 960)
    threading.Timer(0.3, os.kill, (victim, signal.SIGKILL)).start()
    with pytest.raises(DocumentError, match=r"stopped|longer than"):
        pending.result(timeout=60)
    assert_still_serves(fresh_engine, tmp_path)
    assert fresh_engine.worker_pid() != victim


def test_memory_limit_applies_to_the_worker(fresh_engine: DocumentEngine,
                                            tmp_path: Path) -> None:
    assert_still_serves(fresh_engine, tmp_path)
    limits = Path(f"/proc/{fresh_engine.worker_pid()}/limits").read_text()
    line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
    # 1 GiB for MuPDF, plus the address space of the shared page slots it maps
    assert str(1024 * 1024 * 1024 + fresh_engine.worker.arena_bytes) in line


def test_pdf_scripts_links_launches_and_attachments_stay_inert(
        engine: DocumentEngine, tmp_path: Path, web: tuple[str, list[str]]) -> None:
    base, hits = web
    marker = tmp_path / "launched"
    active = hostile.active_content_pdf(tmp_path / "active.pdf", base, marker)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert outcome(engine, active) == "rendered"
    assert "Tài liệu có mã độc" in engine.text(active, 1).result()[0]
    engine.words(active, 1).result()
    engine.extract(active)
    assert hits == [] and not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no attachment written
