"""The engine's API on ordinary documents: info, TOC, render, text, words, images."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from library.documents import DocumentEngine, PageWords, RenderedPage
from library.documents.limits import MAX_OUTPUT_PIXELS
from library.documents.slots import SLOT_BYTES
from library.errors import DocumentError

from . import hostile


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return hostile.text_pdf(tmp_path / "book.pdf",
                            ["Đảng viên gương mẫu", "Chuyển đổi số ở xã", "Nước sạch", "Chợ 4.0"],
                            toc=[[1, "Mở đầu", 1], [2, "Chuyển đổi số", 2], [1, "Kết", 4]])


def test_info_has_pages_sizes_and_toc(engine: DocumentEngine, book: Path) -> None:
    info = engine.info(book).result()
    assert info.page_count == 4
    assert info.media_type == "application/pdf"
    assert info.page_sizes == ((595.0, 842.0),) * 4
    assert [(t.level, t.title, t.page) for t in info.toc] == [
        (1, "Mở đầu", 1), (2, "Chuyển đổi số", 2), (1, "Kết", 4)]
    assert not info.scanned


def test_render_fits_the_box_keeping_aspect(engine: DocumentEngine, book: Path) -> None:
    landscape = engine.render(book, 2, 1920, 1080).result()
    assert isinstance(landscape, RenderedPage)
    assert landscape.height == 1080 and abs(landscape.width - round(1080 * 595 / 842)) <= 1
    portrait = engine.render(book, 2, 1080, 1920).result()
    assert portrait.width == 1080 and portrait.height < 1920
    assert portrait.format == "RGB888" and portrait.stride >= portrait.width * 3
    assert len(portrait.data) == portrait.stride * portrait.height
    zoomed = engine.render(book, 2, 1080, 1920, zoom=2.0).result()
    assert zoomed.width == 2160
    # Text is drawn: not every pixel is white.
    assert bytes(portrait.data).count(b"\xff") < len(portrait.data)


def test_output_pixels_are_capped(engine: DocumentEngine, tmp_path: Path) -> None:
    giant = hostile.text_pdf(tmp_path / "giant.pdf", ["x"], size=(200_000, 200_000))
    fitted = engine.render(giant, 1, 1920, 1080).result()
    assert (fitted.width, fitted.height) == (1080, 1080)
    page = engine.render(giant, 1, 1920, 1080, zoom=8.0).result()  # 8640² asked for
    assert page.width * page.height <= MAX_OUTPUT_PIXELS and page.width == page.height


def test_text_of_one_page_and_all_pages(engine: DocumentEngine, book: Path) -> None:
    assert "Chuyển đổi số" in engine.text(book, 2).result()[0]
    pages = engine.text(book).result()
    assert len(pages) == 4 and "Chợ 4.0" in pages[3]


def test_words_have_boxes_inside_the_page(engine: DocumentEngine, book: Path) -> None:
    found = engine.words(book, 1).result()
    assert isinstance(found, PageWords)
    assert [w.text for w in found.words] == ["Đảng", "viên", "gương", "mẫu"]
    assert (found.page_width, found.page_height) == (595.0, 842.0)
    xs = [w.x0 for w in found.words]
    assert xs == sorted(xs)  # reading order, left to right
    for word in found.words:
        assert 0 <= word.x0 < word.x1 <= 595 and 0 <= word.y0 < word.y1 <= 842


@pytest.mark.parametrize("name", ["poster.png", "poster.jpg"])
def test_images_are_one_page_documents(engine: DocumentEngine, tmp_path: Path,
                                       name: str) -> None:
    picture = hostile.image(tmp_path / name, 800, 400, (200, 30, 30))
    info = engine.info(picture).result()
    assert info.page_count == 1 and info.media_type.startswith("image/")
    assert not info.scanned
    page = engine.render(picture, 1, 1080, 1920).result()
    assert (page.width, page.height) == (1080, 540)
    red, green, _blue = page.data[page.stride * 270 + 3 * 540: page.stride * 270 + 3 * 540 + 3]
    assert red > 150 and green < 80
    assert engine.render(picture, 1, 1080, 1920, zoom=2.0).result().width == 2160


def test_object_files_without_a_name_are_recognised(engine: DocumentEngine, book: Path,
                                                    tmp_path: Path) -> None:
    blob = tmp_path / "ab" / "cdef0123456789"
    blob.parent.mkdir()
    blob.write_bytes(book.read_bytes())
    assert engine.info(blob).result().page_count == 4


def test_page_out_of_range_is_a_document_error(engine: DocumentEngine, book: Path) -> None:
    with pytest.raises(DocumentError, match="page 9 does not exist"):
        engine.render(book, 9, 100, 100).result()


def test_extract_runs_in_the_worker(engine: DocumentEngine, book: Path) -> None:
    found = engine.extract(book)
    assert found.page_count == 4 and len(found.pages) == 4
    # no metadata title, and the first TOC entry («Mở đầu») names no book: the heading
    assert found.title == "Đảng viên gương mẫu"
    assert found.cover_png and found.cover_png.startswith(b"\x89PNG")
    assert engine.worker_pid() not in (None, os.getpid())


def test_scanned_pdf_is_marked_and_still_renders(engine: DocumentEngine, tmp_path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page()
        page.draw_rect(pymupdf.Rect(50, 50, 500, 700), color=(0, 0, 0), fill=(0.8, 0.8, 0.7))
    path = tmp_path / "scan.pdf"
    doc.save(path)
    assert engine.info(path).result().scanned
    assert engine.extract(path).scanned
    assert engine.render(path, 1, 300, 300).result().height == 300


def test_pages_come_through_the_pipe_without_shared_memory(book: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from library.documents import process

    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        shared = engine.render(book, 1, 300, 400).result()
        assert isinstance(shared.data, memoryview) and shared.data.readonly
    monkeypatch.setattr(process, "_shm_has_room", lambda size: False)  # a full /dev/shm
    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        piped = engine.render(book, 1, 300, 400).result()  # through the pipe
        assert isinstance(piped.data, bytes) and engine.worker.requests == 1
    assert (piped.width, piped.height, bytes(piped.data)) == (
        shared.width, shared.height, bytes(shared.data))


def test_a_held_page_is_never_overwritten(book: Path) -> None:
    """Slots come back only when the last view of their page is gone."""
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=1) as engine:
        arena_slots = engine.worker.arena_bytes // SLOT_BYTES
        first = engine.render(book, 1, 600, 800).result()
        copy = bytes(first.data)
        kept_slice = first.data[1000:2000]  # a view derived from the page outlives it
        del first
        for round_ in range(3 * arena_slots):  # far more pages than there are slots
            engine.memory_cache.clear()
            engine.render(book, 2 + round_ % 3, 600, 800).result()
        engine.memory_cache.clear()
        assert bytes(kept_slice) == copy[1000:2000]
        assert engine.worker._arena.free_slots() == arena_slots - 1
        del kept_slice
        assert engine.worker._arena.free_slots() == arena_slots


def test_pages_still_come_when_every_slot_is_held(book: Path) -> None:
    with DocumentEngine(cache_dir=None, standby_worker=False, memory_cache_mb=1) as engine:
        held = [engine.render(book, 1 + n % 4, 600, 800, zoom=1 + n / 100).result()
                for n in range(engine.worker.arena_bytes // SLOT_BYTES)]
        assert engine.worker._arena.free_slots() == 0
        extra = engine.render(book, 2, 600, 800, zoom=1.5).result()  # through the pipe
        assert isinstance(extra.data, bytes)
        engine.memory_cache.clear()
        again = engine.render(book, 2, 600, 800, zoom=1.5).result()
        assert bytes(again.data) == extra.data
        assert all(bytes(page.data).count(b"\xff") < len(page.data) for page in held)


def test_a_page_larger_than_a_slot_spans_several(book: Path) -> None:
    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        big = engine.render(book, 2, 1080, 1920, zoom=2.0).result()
        assert big.nbytes > SLOT_BYTES and isinstance(big.data, memoryview)
    with DocumentEngine(cache_dir=None, standby_worker=False) as piped:
        piped.worker.arena_bytes = 0  # no arena: the page comes through the pipe
        reference = piped.render(book, 2, 1080, 1920, zoom=2.0).result()
        assert isinstance(reference.data, bytes)
    assert bytes(big.data) == reference.data


def test_a_crash_while_drawing_gives_the_slots_back(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from library.documents.process import TEST_HOOKS_ENV

    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    hang = hostile.hang_pdf(tmp_path / "hang.pdf")
    with DocumentEngine(cache_dir=None, standby_worker=False, timeout_s=0.5) as engine:
        engine.render(hostile.text_pdf(tmp_path / "ok.pdf", ["Trang một"]), 1, 300, 400).result()
        free = engine.worker._arena.free_slots()
        with pytest.raises(DocumentError):
            engine.render(hang, 1, 300, 400).result()
        assert engine.worker._arena.free_slots() == free


def test_cbz_pages_are_its_images(engine: DocumentEngine, tmp_path: Path) -> None:
    comic = hostile.cbz(tmp_path / "truyen.cbz", 3)
    info = engine.info(comic).result()
    assert info.page_count == 3 and info.media_type == "application/vnd.comicbook+zip"
    page = engine.render(comic, 2, 600, 800).result()
    assert (page.width, page.height) == (600, 800)
    assert page.data[0] == 40  # the second image's red channel


def test_a_comic_zipped_on_a_mac_has_only_its_pictures_as_pages(engine: DocumentEngine,
                                                                tmp_path: Path) -> None:
    """The Finder adds `__MACOSX/._001.png` beside each page: no extra, broken pages."""
    import zipfile

    comic = hostile.cbz(tmp_path / "truyen-mac.cbz", 3)
    with zipfile.ZipFile(comic, "a") as zf:
        for number in range(1, 4):
            zf.writestr(f"__MACOSX/._{number:03d}.png", b"\x00\x05\x16\x07Mac OS X")
        zf.writestr("._004.png", b"\x00\x05\x16\x07Mac OS X")
    info = engine.info(comic).result(timeout=30)
    assert info.page_count == 3
    for number in (1, 2, 3):
        page = engine.render(comic, number, 300, 400).result(timeout=30)
        assert page.data[0] == 20 * number  # each page is its own picture, in order


def test_xps_opens_and_renders(engine: DocumentEngine, tmp_path: Path) -> None:
    document = hostile.xps(tmp_path / "van-ban.xps", "văn bản")
    info = engine.info(document).result()
    assert info.page_count == 1 and info.page_sizes[0] == pytest.approx((612.0, 792.0))
    page = engine.render(document, 1, 612, 792).result()
    inside = page.stride * 150 + 3 * 200  # a pixel inside the filled rectangle
    assert tuple(page.data[inside:inside + 3]) == (0x20, 0x50, 0xA0)


@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="needs ffmpeg")
def test_webp_is_a_one_page_document(engine: DocumentEngine, tmp_path: Path) -> None:
    import subprocess

    picture = tmp_path / "infographic.webp"
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                    "color=c=red:s=320x160", "-frames:v", "1", str(picture)],
                   check=True, timeout=60)
    assert engine.info(picture).result().media_type == "image/webp"
    page = engine.render(picture, 1, 640, 640).result()
    assert (page.width, page.height) == (640, 320) and page.data[0] > 200


def test_info_is_remembered_until_the_file_changes(book: Path) -> None:
    with DocumentEngine(cache_dir=None, standby_worker=False) as engine:
        first = engine.info(book).result()
        assert engine.info(book).result() is first and engine.worker.requests == 1
        hostile.text_pdf(book, ["một trang"])
        os.utime(book, ns=(1, 1))
        assert engine.info(book).result().page_count == 1 and engine.worker.requests == 2


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_word_boxes_fall_on_the_word_of_a_rotated_page(engine: DocumentEngine, tmp_path: Path,
                                                       rotation: int) -> None:
    """Highlights and read-along boxes are drawn over the page as shown: on a page
    with /Rotate the boxes must turn with it."""
    import pymupdf

    from library.paths import font_files

    path = tmp_path / f"xoay-{rotation}.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=600)
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    page.insert_text((40, 100), "ĐẢNG", fontname="vn", fontsize=60)
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    words = engine.words(path, 1).result(timeout=30)
    assert [w.text for w in words.words] == ["ĐẢNG"]
    box = words.words[0]
    shown = engine.render(path, 1, 400, 400).result(timeout=30)
    assert (shown.width > shown.height) == (rotation in (90, 270))
    scale = shown.width / words.width
    assert abs(shown.height / words.height - scale) < 0.01

    def darkest(x0: float, y0: float, x1: float, y1: float) -> int:
        data = bytes(shown.data)
        return min(data[y * shown.stride + x * 3]
                   for y in range(int(y0 * scale), min(int(y1 * scale), shown.height))
                   for x in range(int(x0 * scale), min(int(x1 * scale), shown.width)))

    assert darkest(box.x0, box.y0, box.x1, box.y1) < 80  # the word's ink is inside its box


def test_an_engine_for_the_station_takes_its_documents_settings(tmp_path: Path) -> None:
    from library.config import Config

    config = Config.load(tmp_path / "config.toml")
    config.set("documents", "timeout_s", 3.5)
    config.set("documents", "memory_limit_mb", 600)
    config.set("documents", "disk_cache_mb", 0)
    with DocumentEngine.for_station(config, cache_dir=tmp_path / "cache",
                                    standby_worker=False) as engine:
        assert engine.timeout_s == 3.5
        assert engine.worker.memory_limit_mb == 600
        assert engine.disk_cache is None  # disk_cache_mb = 0: no page cache on disk
    with DocumentEngine.for_station(None, standby_worker=False) as engine:  # no station
        assert engine.timeout_s == 10.0 and engine.worker.memory_limit_mb == 1024


def test_a_worker_that_cannot_start_is_the_stations_trouble(tmp_path: Path) -> None:
    """Out of memory at start: a `WorkerUnavailable`, so the reader flags no document."""
    from library.documents.api import WorkerUnavailable
    from library.documents.process import WorkerProcess

    worker = WorkerProcess(memory_limit_mb=16)  # too little for Python to start
    try:
        with pytest.raises(WorkerUnavailable):
            worker.call("info", {"path": str(tmp_path / "sach.pdf")}, 5.0)
    finally:
        worker.kill()


def test_an_epub_chapter_that_cannot_be_read_has_no_text(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """MuPDF fills a chapter missing from the archive with its own English error line;
    the catalog must not index it, nor the reader read it aloud or mark it."""
    book = hostile.epub_chapters(tmp_path / "sach.epub", [
        ("mot.xhtml", "<p>Chương một: chuyển đổi số.</p>"), ("hai.xhtml", None),
        ("ba.xhtml", "<p>Chương ba: nông thôn mới.</p>")])
    assert engine.info(book).result(timeout=20).missing_chapters == (2,)
    texts = engine.text(book).result(timeout=20)
    assert texts[1] == "" and "chuyển đổi số" in texts[0] and "nông thôn" in texts[2]
    assert engine.extract(book).pages[1] == ""
    assert engine.words(book, 2).result(timeout=20).words == ()


def test_an_epub_chapter_that_cannot_be_read_is_never_drawn(
        engine: DocumentEngine, tmp_path: Path) -> None:
    """Drawn, it would be MuPDF's English error line: the engine refuses the page (the
    reader then shows its calm line) and does not draw it ahead."""
    book = hostile.epub_chapters(tmp_path / "sach.epub", [
        ("mot.xhtml", "<p>Chương một.</p>"), ("hai.xhtml", None),
        ("ba.xhtml", "<p>Chương ba.</p>")])
    engine.info(book).result(timeout=20)
    with pytest.raises(DocumentError, match="chapter that cannot be read"):
        engine.render(book, 2, 400, 600).result(timeout=20)
    engine.prefetch(book, 1, 400, 600)
    engine.wait_idle()
    assert engine.cached(book, 2, 400, 600) is None
    assert engine.cached(book, 3, 400, 600) is not None  # the readable ones are
    assert engine.render(book, 3, 400, 600).result(timeout=20).width > 0
