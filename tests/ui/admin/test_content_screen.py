"""Nạp nội dung: packs on a stick, a real import through the panel, bad packs, cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.admin.packs import build_pack, trust

from .harness import Panel, as_read, label_of

pytestmark = pytest.mark.ui


@pytest.fixture
def packs(tmp_path: Path, stick_dir: Path, make_pdf) -> dict[str, Path]:
    pdf = make_pdf("so-tay-nong-nghiep.pdf", ["Kỹ thuật trồng lúa cho hộ gia đình."],
                   title="Sổ tay nông nghiệp")
    good, public = build_pack(tmp_path / "build", pdf)
    stranger, _ = build_pack(tmp_path / "other", pdf, repo_id="kho-la", title="Kho lạ")
    for pack in (good, stranger):
        (stick_dir / pack.name).write_bytes(pack.read_bytes())
    (stick_dir / "hong.zip").write_bytes(b"PK\x03\x04 broken")
    return {"good": stick_dir / good.name, "stranger": stick_dir / stranger.name,
            "public": public}


def open_content(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("content")
    panel.admin.content.refresh()
    panel.pump(100)


def rows(panel: Panel) -> dict[str, dict]:
    model = panel.admin.content.packsModel
    return {Path(r["path"]).name: r for r in model.rows()}


def test_stick_with_no_packs(panel: Panel) -> None:
    open_content(panel)
    assert panel.admin.content.packsModel.count == 0
    assert "không có gói" in panel.find("stickMessage").property("text")


def test_real_import_through_the_panel(panel: Panel, packs: dict[str, Path]) -> None:
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    listed = rows(panel)
    assert listed["kho-tinh.zip"]["signature"] == "ok"
    assert listed["kho-tinh.zip"]["title"] == "Kho sách của tỉnh"
    assert listed["kho-la.zip"]["signature"] == "unknown-key"
    assert listed["hong.zip"]["signature"] == "bad" and not listed["hong.zip"]["importable"]
    assert len(panel.find_all("importButton")) == 3
    before = panel.catalog.count(include_hidden=True)

    # rows are sorted by file name: hong.zip (disabled), kho-la.zip, kho-tinh.zip
    buttons = sorted(panel.find_all("importButton"),
                     key=lambda b: b.mapToScene(b.boundingRect().topLeft()).y())
    assert [b.property("enabled") for b in buttons] == [False, True, True]
    from kiosk.touch import tap

    tap(panel.view, buttons[2])
    panel.wait(lambda: not panel.admin.content.busy)
    assert "thêm 1 mục" in panel.read("importResult")
    assert panel.catalog.count(include_hidden=True) == before + 1
    assert any(i.title == "Sổ tay nông nghiệp" for i in panel.catalog.items())


def test_a_number_stays_on_the_line_of_the_word_it_counts(panel: Panel,
                                                         packs: dict[str, Path]) -> None:
    """On a narrow portrait panel «(phiên bản 1)» broke before its «1», and the librarian
    read a figure alone at the start of a line: the screen joins a number that stands as a
    word to the word before it, in the import's result and the repository's status line,
    and leaves times and dates free to wrap between them."""
    import re

    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    panel.pump(50)
    shown = panel.find("importResult").property("text")
    assert "thêm\u00a01 mục" in shown and shown.endswith("(phiên bản\u00a01).")
    status = panel.find("syncStatus").property("text")
    assert status.endswith("(phiên bản\u00a01)")
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", status), status  # a plain space
    # the words themselves are unchanged: only how the line may wrap
    assert as_read(shown) == content.resultText


def test_a_half_copied_pack_says_to_copy_it_again(panel: Panel, packs: dict[str, Path]) -> None:
    """Not «broken or tampered with»: the librarian must learn what to do about it."""
    whole = packs["good"].read_bytes()
    (packs["good"].parent / "chep-do.zip").write_bytes(whole[: len(whole) // 2])
    (packs["good"].parent / "anh.zip").write_bytes(b"\xff\xd8 a photo, renamed")
    open_content(panel)
    row = rows(panel)["chep-do.zip"]
    assert row["signature"] == "bad" and not row["importable"]
    assert "chép lại" in row["signatureText"]
    # a photo renamed .zip: said so, not «invalid or altered», nor zipfile's English words
    assert rows(panel)["anh.zip"]["signatureText"] == ("Tệp này không phải gói nội dung (bên "
                                                       "trong không phải tệp zip).")


def test_an_expired_pack_imports_with_its_warning_in_vietnamese(
        panel: Panel, packs: dict[str, Path], monkeypatch) -> None:
    """The importer's warnings are English lines for the CLI; the panel said them as they were."""
    import functools
    from datetime import timedelta

    from library.repository import worker
    from library.repository.index import utc_now

    later = utc_now() + timedelta(days=90)  # the pack's 30 days have run out
    monkeypatch.setattr(worker, "import_in_child", functools.partial(worker.import_in_child,
                                                                     now=later))
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    panel.admin.content.importPack(str(packs["good"]))
    panel.wait(lambda: not panel.admin.content.busy)
    text = panel.read("importResult")
    assert "thêm 1 mục" in text and "Gói đã hết hạn từ " in text and "hãy xin gói mới" in text
    assert "expired" not in text and "imported" not in text


def test_import_warnings_are_shown_in_the_kiosk_language(qapp, monkeypatch) -> None:
    """The importer's own Vietnamese line is shown, whatever its English words; in
    English the CLI's line; a plain line with no Vietnamese one is shown as it is."""
    from kiosk import language
    from kiosk.admin.content import warning_text
    from library.repository import notices

    ahead = notices.ahead(7, 5)
    assert warning_text(ahead) == "Trạm đang có phiên bản 7, mới hơn máy chủ (phiên bản 5)."
    assert warning_text("something new") == "something new"
    monkeypatch.setattr(language, "current", lambda: "en")
    assert warning_text(ahead) == (
        "this station is ahead of the server: it has version 7, the server 5")


def test_unknown_key_is_refused_and_nothing_changes(panel: Panel, packs: dict[str, Path]) -> None:
    open_content(panel)
    before = panel.catalog.count(include_hidden=True)
    panel.admin.content.importPack(str(packs["stranger"]))
    panel.wait(lambda: not panel.admin.content.busy)
    text = panel.read("importResult")
    assert "chưa được tin cậy" in text and "giữ nguyên" in text
    # what to do, with the panel's own button (the core's English line names a command)
    assert "Cài đặt → «Thêm khoá từ USB»" in text and "cafesach" not in text
    assert panel.catalog.count(include_hidden=True) == before


def test_cancel_rolls_back(panel: Panel, packs: dict[str, Path]) -> None:
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    before = panel.catalog.count(include_hidden=True)
    panel.admin.content.importPack(str(packs["good"]))
    panel.admin.content.cancel()  # before the first progress report: the import stops there
    panel.wait(lambda: not panel.admin.content.busy)
    assert "huỷ" in panel.read("importResult").lower()
    assert panel.catalog.count(include_hidden=True) == before


def test_stick_pulled_mid_import_rolls_back(panel: Panel, packs: dict[str, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from library.repository.worker import TEST_HOOK_ENV

    pulled_file = packs["good"].parent.parent / "pulled"
    # the import (in its own process) waits after its first object until the stick is out
    monkeypatch.setenv(TEST_HOOK_ENV, f"wait:staged-object:{pulled_file}")
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    before = panel.catalog.count(include_hidden=True)
    content = panel.admin.content
    original = content._on_progress
    pulled = []

    def pull_stick(done: int, total: int, label: str) -> None:
        if not pulled:  # the stick goes away: the file is gone and reads fail
            pulled.append(True)
            packs["good"].write_bytes(b"")
            pulled_file.touch()
        original(done, total, label)

    content._on_progress = pull_stick
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    assert pulled
    assert "giữ nguyên" in panel.read("importResult")
    assert panel.catalog.count(include_hidden=True) == before


def _serve(folder: Path):
    """A repository folder served on 127.0.0.1 (shut it down when done)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_sync_now_with_live_status(panel: Panel, tmp_path: Path, make_pdf) -> None:
    pack, public = build_pack(tmp_path / "srv", make_pdf("ban-tin.pdf", ["Giá lúa hôm nay."],
                                                           title="Giá nông sản"))
    server = _serve(pack.with_name("kho-tinh-repo"))
    try:
        trust(panel.paths.root, public)
        panel.config.set("sync", "server_url", f"http://127.0.0.1:{server.server_port}/")
        open_content(panel)
        assert panel.find("syncNow").property("enabled")
        panel.tap("syncNow")
        panel.wait(lambda: not panel.admin.content.busy)
        assert "thêm 1 mục" in panel.read("importResult")
        status = " ".join(panel.admin.content.syncStatus)
        assert "Đồng bộ lần cuối" in status and "phiên bản 1" in status
    finally:
        server.shutdown()
        server.server_close()


def test_a_sync_from_a_server_whose_key_is_not_trusted_says_to_sync_again(
        panel: Panel, tmp_path: Path, make_pdf) -> None:
    """The untrusted key's remedy named the pack's own step, «rồi nạp lại», after «Đồng bộ
    ngay» too: what the librarian does after trusting the key is to sync again."""
    pack, _public = build_pack(tmp_path / "srv", make_pdf("ban-tin.pdf", ["Giá lúa."],
                                                            title="Giá nông sản"))
    server = _serve(pack.with_name("kho-tinh-repo"))
    try:
        panel.config.set("sync", "server_url", f"http://127.0.0.1:{server.server_port}/")
        open_content(panel)
        panel.tap("syncNow")
        panel.wait(lambda: not panel.admin.content.busy)
        text = panel.read("importResult")
        assert text.startswith("Kho trên máy chủ được ký bằng khoá chưa được tin cậy.")
        assert "Cài đặt → «Thêm khoá từ USB», rồi đồng bộ lại." in text
        assert "nạp lại" not in text and text.count("giữ nguyên") == 1
    finally:
        server.shutdown()
        server.server_close()


def test_the_sync_runs_outside_the_kiosk_process_and_the_lists_follow(
        panel: Panel, tmp_path: Path, make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the index would hold this process for seconds: the import is the child's."""
    from library.repository import importer

    pack, public = build_pack(tmp_path / "srv", make_pdf("ban-tin.pdf", ["Giá lúa hôm nay."],
                                                           title="Giá nông sản"))
    server = _serve(pack.with_name("kho-tinh-repo"))
    try:
        def not_here(*_args, **_kwargs):
            raise AssertionError("the sync ran in the kiosk's own process")

        monkeypatch.setattr(importer, "import_from", not_here)
        trust(panel.paths.root, public)
        panel.config.set("sync", "server_url", f"http://127.0.0.1:{server.server_port}/")
        content = panel.admin.content
        changed: list[bool] = []
        content.catalogChanged.connect(lambda: changed.append(True))
        ticks: list[tuple] = []
        content._progressed.connect(lambda *args: ticks.append(args))
        before = panel.catalog.count(include_hidden=True)
        content.syncAutomatically()  # the station's timer
        panel.wait(lambda: not content.busy)
        assert panel.catalog.count(include_hidden=True) == before + 1  # the panel's connection
        assert changed == [True] and ticks  # the screens reload; progress came across
        assert "phiên bản 1" in " ".join(content.syncStatus)
    finally:
        server.shutdown()
        server.server_close()


def test_a_sync_whose_process_dies_says_one_line_and_keeps_the_library(
        panel: Panel, tmp_path: Path, make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    from library.repository.worker import TEST_HOOK_ENV

    pack, public = build_pack(tmp_path / "srv", make_pdf("ban-tin.pdf", ["Giá lúa hôm nay."],
                                                           title="Giá nông sản"))
    server = _serve(pack.with_name("kho-tinh-repo"))
    try:
        monkeypatch.setenv(TEST_HOOK_ENV, "crash:before-commit")
        trust(panel.paths.root, public)
        panel.config.set("sync", "server_url", f"http://127.0.0.1:{server.server_port}/")
        open_content(panel)
        before = panel.catalog.count(include_hidden=True)
        panel.tap("syncNow")
        panel.wait(lambda: not panel.admin.content.busy)
        text = panel.read("importResult")
        assert text == "Việc nhập bị dừng đột ngột. Thư viện giữ nguyên như trước."
        assert panel.catalog.count(include_hidden=True) == before
        assert "lỗi" in " ".join(panel.admin.content.syncStatus).lower()
    finally:
        server.shutdown()
        server.server_close()


def test_sync_says_when_it_is_retrying(panel: Panel) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on: refused, then retried
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    panel.config.set("sync", "server_url", f"http://127.0.0.1:{port}/")
    panel.config.set("sync", "retries", 1)
    open_content(panel)
    content = panel.admin.content
    texts: list[str] = []
    content.changed.connect(lambda: texts.append(content.property("progressText")))
    panel.tap("syncNow")
    panel.wait(lambda: not content.busy)
    # the reason, the wait (`sync.retries` 1: the backoff's first second) and the attempt
    assert "Không kết nối được máy chủ; thử lại sau 1 giây (lần 2/2)…" in texts
    assert panel.read("importResult")  # and the failure is then said


def test_sync_status_is_read_once_per_import_not_per_progress_tick(
        panel: Panel, packs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from library.repository import status

    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    reads, ticks = [], []
    real = status.all_states
    monkeypatch.setattr(status, "all_states", lambda catalog: reads.append(1) or real(catalog))
    content._progressed.connect(lambda *args: ticks.append(args))
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    panel.pump(100)
    assert len(ticks) >= 2  # the panel was told of progress several times...
    assert len(reads) == 1  # ...and read the repositories' state once, when the import ended
    status_text = " ".join(content.syncStatus)
    assert "Kho sách của tỉnh" in status_text and len(reads) == 1


def test_stick_message_is_about_the_stick_and_never_hides_an_import_result(
        panel: Panel, packs: dict[str, Path], tmp_path: Path) -> None:
    from library.usb import Stick

    empty = tmp_path / "media" / "USB TRONG"
    empty.mkdir(parents=True)
    with_packs = panel.stick_list[0]
    panel.stick_list = [Stick(empty, empty.name, "/dev/sdy1", "vfat", False, 8 << 30, 8 << 30),
                        with_packs]
    open_content(panel)
    content = panel.admin.content
    assert content.selectedStick == str(empty)
    assert "không có gói" in panel.find("stickMessage").property("text")
    sticks = panel.find_all("stick")
    assert len(sticks) == 2
    from kiosk.touch import tap

    tap(panel.view, sticks[1])  # the stick with packs
    assert content.selectedStick == str(with_packs.path)
    assert content.packsModel.count == 3
    assert not panel.find("stickMessage").isVisible()  # no word left about the other stick

    content.importPack(str(packs["stranger"]))  # refused: its key is not trusted
    panel.wait(lambda: not content.busy)
    reason = panel.read("importResult")
    assert "chưa được tin cậy" in reason
    panel.stick_list = [panel.stick_list[0]]  # the stick with packs is pulled out
    content.refresh()  # as the screen's poll does
    assert content.selectedStick == str(empty)
    assert "không có gói" in panel.find("stickMessage").property("text")
    assert panel.read("importResult") == reason


def test_another_stick_with_the_same_label_brings_its_own_packs(
        panel: Panel, packs: dict[str, Path], stick_dir: Path) -> None:
    """Swapped between two polls: same label, same folder, another mount of another device."""
    from dataclasses import replace

    panel.stick_list = [replace(panel.stick_list[0], mount_id=811, major_minor="8:17")]
    open_content(panel)
    content = panel.admin.content
    assert content.packsModel.count == 3
    for pack in stick_dir.iterdir():  # the first stick goes, the second one holds one pack
        pack.unlink()
    (stick_dir / "kho-moi.zip").write_bytes(b"PK\x03\x04 not a pack yet")
    panel.stick_list = [replace(panel.stick_list[0], mount_id=812, major_minor="8:33")]
    content.refresh()  # as the screen's poll does
    assert content.selectedStick == str(stick_dir)
    assert list(rows(panel)) == ["kho-moi.zip"]


def test_importing_the_same_pack_again_says_nothing_is_new(
        panel: Panel, packs: dict[str, Path]) -> None:
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    assert "thêm 1 mục" in panel.read("importResult")
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    text = panel.read("importResult")
    assert text.startswith("Không có gì mới") and "thêm 0" not in text



def test_a_newer_version_with_no_item_changed_is_shown_with_its_number(
        panel: Panel, packs: dict[str, Path], tmp_path: Path, stick_dir: Path) -> None:
    from kiosk.main import main

    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    build = tmp_path / "build"  # the editor publishes again with nothing new: version 2
    assert main(["publish", str(build / "kho-tinh-src"), "--out", str(build / "kho-tinh-repo"),
                 "--key", str(build / "kho-tinh-key" / "publisher.key")]) == 0
    newer = stick_dir / "kho-tinh-2.zip"
    assert main(["pack", str(build / "kho-tinh-repo"), "--out", str(newer)]) == 0
    content.importPack(str(newer))
    panel.wait(lambda: not content.busy)
    text = panel.read("importResult")
    assert text.startswith("Xong: thêm 0 mục") and "(phiên bản 2)" in text
    content.importPack(str(packs["good"]))  # the older pack after the newer one
    panel.wait(lambda: not content.busy)
    assert "cũ hơn nội dung đã có" in panel.read("importResult")

def test_progress_is_plain_words_with_a_percentage(panel: Panel, packs: dict[str, Path]) -> None:
    import re

    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    lines: list[tuple[str, bool]] = []
    content.changed.connect(lambda: lines.append((content.progressText, content.finishing)))
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    texts = [t for t, _ in lines]
    assert not any(re.search(r"[0-9a-f]{12}", t) for t in texts)  # no object hashes
    copying = [t for t in texts if t.startswith("Đang chép dữ liệu…")]
    assert copying and all(re.fullmatch(r"Đang chép dữ liệu… \d{1,2} %", t) for t in copying)
    assert ("Đang kiểm tra và lưu…", True) in lines  # a phase of its own after copying


def test_the_timed_sync_follows_the_setting_and_keeps_to_the_status_line(
        panel: Panel, tmp_path: Path, make_pdf) -> None:
    from kiosk.admin.content import ContentController

    content = panel.admin.content
    assert content._auto.interval() == 60 * 60_000  # sync.interval_min = 60
    assert content._auto.isActive() and content._first.isActive()
    panel.config.set("sync", "interval_min", 0)
    off = ContentController(panel.paths, panel.catalog, panel.config, panel.tasks)
    assert not off._auto.isActive() and not off._first.isActive()
    off.deleteLater()
    # "once a year": more than a QTimer holds stopped the panel, and the station, from starting
    panel.config.set("sync", "interval_min", 525_600)
    rare = ContentController(panel.paths, panel.catalog, panel.config, panel.tasks)
    assert rare._auto.isActive() and rare._auto.interval() == 7 * 24 * 60 * 60_000
    rare.deleteLater()

    open_content(panel)
    content.syncAutomatically()  # no server set: nothing to do
    assert not content.busy
    pack, public = build_pack(tmp_path / "srv", make_pdf("ban-tin.pdf", ["Giá lúa hôm nay."],
                                                           title="Giá nông sản"))
    trust(panel.paths.root, public)
    import socket

    with socket.socket() as closed:  # a port nothing listens on: the network is down
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    panel.config.set("sync", "server_url", f"http://127.0.0.1:{port}/")
    panel.config.set("sync", "retries", 0)
    content.syncAutomatically()  # said in the status line only, not as the librarian's result
    panel.wait(lambda: not content.busy)
    assert panel.read("importResult") == ""
    assert "lỗi" in " ".join(content.syncStatus).lower()

    panel.config.set("sync", "server_url", str(pack.with_name("kho-tinh-repo")))
    changed: list[bool] = []
    content.catalogChanged.connect(lambda: changed.append(True))
    before = panel.catalog.count(include_hidden=True)
    content.syncAutomatically()
    panel.wait(lambda: not content.busy)
    assert panel.catalog.count(include_hidden=True) == before + 1
    assert changed == [True]  # the visitor screens are reloaded
    assert panel.read("importResult") == ""
    assert "phiên bản 1" in " ".join(content.syncStatus)


def test_a_long_stick_name_is_cut_at_its_end_in_portrait(qapp, station, tmp_path: Path) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    from library.usb import Stick

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    long_name = tmp_path / "USB Thư viện tổng hợp huyện Mèo Vạc tỉnh Hà Giang năm 2026"
    long_name.mkdir()
    panel = Panel(paths, catalog, size=(768, 1366))
    panel.stick_list = [Stick(long_name, long_name.name, "/dev/sdz1", "vfat", False,
                              8 << 30, 4 << 30)]
    try:
        open_content(panel)
        button = panel.find("stick")
        label = label_of(button)
        assert label.mapToItem(button, 0, 0).x() >= 0, "the name starts outside its button"
        assert label.property("truncated")
    finally:
        panel.close()


def damaged_copy(pack: Path, name: str) -> Path:
    """A copy of `pack` beside it whose biggest document has its last byte changed (what
    a worn stick does), its zip entry whole: only the index's sha256 can tell."""
    import zipfile

    damaged = pack.with_name(name)
    with zipfile.ZipFile(pack) as whole, zipfile.ZipFile(damaged, "w") as out:
        biggest = max((i for i in whole.infolist() if i.filename.startswith("objects/")),
                      key=lambda i: i.file_size)
        for info in whole.infolist():
            data = whole.read(info)
            out.writestr(info, data[:-1] + bytes([data[-1] ^ 0xFF])
                         if info is biggest else data)
    return damaged


def test_two_packs_of_one_name_in_two_folders_of_a_stick_are_told_apart() -> None:
    """A stick with «kho-tinh.zip» at its top and in its `cafesach` folder: both rows read
    «Kho sách của tỉnh (kho-tinh.zip)», the librarian could not tell them apart."""
    from kiosk.admin.content import told_apart

    rows = [{"title": "Kho sách của tỉnh", "path": "/media/usb/THU VIEN/kho-tinh.zip"},
            {"title": "Kho sách của tỉnh", "path": "/media/usb/THU VIEN/cafesach/kho-tinh.zip"},
            {"title": "Kho sách của tỉnh", "path": "/media/usb/THU VIEN/kho-tinh (1).zip"},
            {"title": "Kho lạ", "path": "/media/usb/THU VIEN/cafesach/kho-la.zip"}]
    assert [row["title"] for row in told_apart(rows)] == [
        "Kho sách của tỉnh (THU VIEN/kho-tinh.zip)",
        "Kho sách của tỉnh (cafesach/kho-tinh.zip)",
        "Kho sách của tỉnh (kho-tinh (1).zip)", "Kho lạ"]


def test_a_pack_with_a_damaged_file_is_named_and_said_to_be_copied_again(
        panel: Panel, packs: dict[str, Path]) -> None:
    """A byte changed in a document inside a copy of the pack (a worn stick): its signed
    index still reads «Chữ ký hợp lệ», so the two copies looked like one row twice; the
    import refuses it naming the copy and saying what to do, and the good copy imports."""
    damaged = damaged_copy(packs["good"], "kho-tinh (1).zip")
    trust(panel.paths.root, packs["public"])
    open_content(panel)
    titles = {name: row["title"] for name, row in rows(panel).items()}
    assert titles["kho-tinh.zip"] == "Kho sách của tỉnh (kho-tinh.zip)"
    assert titles["kho-tinh (1).zip"] == "Kho sách của tỉnh (kho-tinh (1).zip)"
    assert titles["kho-la.zip"] == "Kho lạ"  # a title of its own keeps it alone
    before = panel.catalog.count(include_hidden=True)

    panel.admin.content.importPack(str(damaged))
    panel.wait(lambda: not panel.admin.content.busy)
    said = panel.read("importResult")
    assert said.startswith("Kho sách của tỉnh (kho-tinh (1).zip): ")
    assert "hãy chép lại gói" in said and "giữ nguyên" in said
    assert panel.catalog.count(include_hidden=True) == before

    panel.admin.content.importPack(str(packs["good"]))  # she tries the other copy
    panel.wait(lambda: not panel.admin.content.busy)
    assert "thêm 1 mục" in panel.read("importResult")
    assert panel.catalog.count(include_hidden=True) == before + 1


def test_a_disk_filling_up_mid_import_is_said_once_and_the_next_try_lands(
        qapp, tmp_path: Path, stick_dir: Path, make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    """The station's disk fills while the pack is being copied in: one line that says the
    library is unchanged and what to do (it said «giữ nguyên» twice), the library as it
    was, and once space is freed the same «Nạp» takes the pack."""
    from PySide6.QtQuickControls2 import QQuickStyle

    from library.catalog import Catalog
    from library.repository.worker import TEST_HOOK_ENV
    from library.usb import Stick
    from tests.fulldisk import fill, station_disk

    pdf = make_pdf("so-tay.pdf", ["Kỹ thuật trồng lúa."] * 3, title="Sổ tay nông nghiệp")
    pack, public = build_pack(tmp_path / "build", pdf)
    (stick_dir / pack.name).write_bytes(pack.read_bytes())
    go = tmp_path / "go"
    # the import (in its own process) waits after its first object until the disk is full
    monkeypatch.setenv(TEST_HOOK_ENV, f"wait:staged-object:{go}")
    QQuickStyle.setStyle("Basic")
    with station_disk(tmp_path / "disk", "filling", size="160m") as paths:
        trust(paths.root, public)
        catalog = Catalog.open(paths)
        panel = Panel(paths, catalog)
        try:
            panel.stick_list = [Stick(stick_dir, stick_dir.name, "/dev/sdz1", "vfat", False,
                                      8 << 30, 4 << 30)]
            open_content(panel)
            before = catalog.count(include_hidden=True)
            content = panel.admin.content
            content.importPack(str(stick_dir / pack.name))
            panel.wait(lambda: "%" in content.progressText)  # room checked, copying began
            fill(paths.root.parent)
            go.touch()
            panel.wait(lambda: not content.busy)
            said = panel.read("importResult")
            assert "Đĩa đã đầy" in said and "giải phóng" in said
            assert said.count("giữ nguyên") == 1, said
            assert catalog.count(include_hidden=True) == before

            monkeypatch.delenv(TEST_HOOK_ENV)
            (paths.root.parent / "filler").unlink()
            panel.tap("importButton")
            panel.wait(lambda: not content.busy)
            assert "thêm 1 mục" in panel.read("importResult")
            assert catalog.count(include_hidden=True) == before + 1
        finally:
            panel.close()
            catalog.close()


def test_a_failure_in_english_ends_its_sentence_before_the_panels_own(
        panel: Panel, packs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The core's English lines are the CLI's, with no full stop: «… copy the pack again
    The library is unchanged.» ran two sentences into one."""
    from kiosk import language

    monkeypatch.setattr(language, "current", lambda: "en")
    trust(panel.paths.root, packs["public"])
    damaged = damaged_copy(packs["good"], "kho-tinh-2.zip")
    open_content(panel)
    panel.admin.content.importPack(str(damaged))
    panel.wait(lambda: not panel.admin.content.busy)
    said = panel.read("importResult")
    assert "does not match its sha256" in said
    assert "copy the pack again. " in said, said


def test_a_key_trusted_in_settings_shows_on_the_packs_when_she_comes_back(
        panel: Panel, tmp_path: Path, stick_dir: Path, make_pdf) -> None:
    """She is told to add the publisher's key in «Cài đặt», does so, comes back to «Nạp
    nội dung»: the pack's row reads «Chữ ký hợp lệ» (it still read «Khoá chưa được tin
    cậy», though the import would now go through)."""
    pdf = make_pdf("huyen.pdf", ["Lịch tiêm phòng cho gia súc."], title="Tiêm phòng")
    pack, public = build_pack(tmp_path / "huyen", pdf, repo_id="kho-huyen",
                              title="Kho sách huyện")
    (stick_dir / pack.name).write_bytes(pack.read_bytes())
    open_content(panel)
    assert rows(panel)["kho-huyen.zip"]["signature"] == "unknown-key"
    (stick_dir / "publisher.pub").write_bytes(public.read_bytes())
    panel.tap("nav_settings")
    panel.tap("addKey")
    assert "Kho sách huyện" in panel.admin.settings.message
    panel.tap("nav_content")
    row = rows(panel)["kho-huyen.zip"]
    assert row["signature"] == "ok" and row["signatureText"] == "Chữ ký hợp lệ"


def test_an_import_meeting_a_damaged_row_is_damage_for_the_kiosk_not_a_failed_import(
        qtbot, panel: Panel, packs: dict[str, Path]) -> None:
    """A row of the catalog a flipped bit left unreadable, met by the import's process:
    said as a failed import, the kiosk went on and the row was never mended. It reaches
    the kiosk as the damage it is (the watch leaves the mark and starts again)."""
    from library.catalog import DamagedRow
    from library.catalog_check import is_damage

    trust(panel.paths.root, packs["public"])
    open_content(panel)
    content = panel.admin.content
    content.importPack(str(packs["good"]))
    panel.wait(lambda: not content.busy)
    panel.catalog.execute("UPDATE items SET tags = '[\"cut' WHERE source != 'local'")
    with qtbot.captureExceptions() as raised:
        content.importPack(str(packs["good"]))
        panel.wait(lambda: not content.busy)
    assert [type(error) for _, error, _ in raised] == [DamagedRow]
    assert is_damage(raised[0][1]) and not content.busy


def _shown_texts(item: Any) -> list[str]:
    """Every text of the items under `item`, as read."""
    found = [as_read(item.property("text"))] if isinstance(item.property("text"), str) else []
    for child in item.childItems():
        found += _shown_texts(child)
    return found


def test_the_servers_password_is_not_on_the_screen(panel: Panel) -> None:
    """A protected server's address carries its password; the panel, open to whoever
    stands behind the librarian, shows the server without it."""
    panel.config.set("sync", "server_url", "https://kho:matkhau-7f3a@thuvien.example/kho/")
    open_content(panel)
    shown = _shown_texts(panel.root)
    assert any("https://***@thuvien.example/kho/" in text for text in shown), shown
    assert not any("matkhau-7f3a" in text for text in shown)
