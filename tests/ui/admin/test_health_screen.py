"""Tình trạng: the facts, the background integrity check, the signed report on a stick."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from library.report import REPORTS_FOLDER, verify_report

from .harness import Panel

pytestmark = pytest.mark.ui


def open_health(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("health")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)


def facts(panel: Panel) -> dict[str, str]:
    return {f["label"]: f["value"] for f in panel.admin.health.facts}


def test_facts_are_shown(panel: Panel) -> None:
    open_health(panel)
    shown = facts(panel)
    assert shown["Thư viện"].startswith(f"{panel.catalog.count(include_hidden=True)} mục")
    assert shown["Kiểm tra tệp"] == "Chưa kiểm tra"
    assert len(panel.find_all("fact")) == len(shown)


def test_integrity_check_finds_a_damaged_file(panel: Panel) -> None:
    open_health(panel)
    panel.tap("checkIntegrity")
    panel.wait(lambda: panel.admin.health.busy == "")
    assert "nguyên vẹn" in panel.find("healthMessage").property("text")
    calm = panel.find("healthMessage").property("color")
    item = next(i for i in panel.catalog.items() if i.sha256)
    path = panel.catalog.object_path(item)
    os.chmod(path, 0o644)
    path.write_bytes(b"hong")
    panel.tap("checkIntegrity")
    panel.wait(lambda: panel.admin.health.busy == "")
    assert "1 tệp hỏng" in panel.find("healthMessage").property("text")
    # damage is told in the warning colour, not in the colour of «all intact»
    assert panel.admin.health.problem
    panel.pump(50)
    assert panel.find("healthMessage").property("color") != calm
    assert "hỏng/thiếu" in facts(panel)["Kiểm tra tệp"]


def test_write_report_to_the_stick(panel: Panel, stick_dir: Path) -> None:
    for _ in range(5):
        panel.stats.item_viewed("demo-chuyen-doi-so")
    open_health(panel)
    panel.tap("writeReport")
    panel.wait(lambda: panel.admin.health.busy == "")
    folders = list((stick_dir / REPORTS_FOLDER).iterdir())
    assert len(folders) == 1
    report = verify_report(folders[0])
    assert report.rows == [["2026-03-10", "item", "demo-chuyen-doi-so", "view", "5"]]
    assert f"USB: {stick_dir.name}/{REPORTS_FOLDER}/" in panel.find("healthMessage").property(
        "text")  # which stick, when two are in


def test_a_misspelt_zone_neither_empties_the_screen_nor_stops_the_report(
        qapp, station, stick_dir: Path) -> None:
    """The running station keeps Asia/Ho_Chi_Minh; its health and report must work on, and
    the report still names the zone as written, for the technician to put right."""
    from PySide6.QtQuickControls2 import QQuickStyle

    from library.usb import Stick

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    paths.config_file.write_text('[station]\ntime_zone = "Asia/Hanoi"\n')
    panel = Panel(paths, catalog)
    panel.stick_list = [Stick(stick_dir, stick_dir.name, "/dev/sdz1", "vfat", False,
                              8 << 30, 4 << 30)]
    try:
        open_health(panel)
        assert facts(panel)["Thư viện"].startswith(f"{catalog.count(include_hidden=True)} mục")
        assert panel.admin.health.message == ""
        panel.tap("writeReport")
        panel.wait(lambda: panel.admin.health.busy == "")
        assert "Đã ghi báo cáo" in panel.find("healthMessage").property("text")
        report = verify_report(next((stick_dir / REPORTS_FOLDER).iterdir()))
        assert report.health["time_zone"] == "Asia/Hanoi"
        assert report.health["created"].endswith("+07:00")
    finally:
        panel.close()


@pytest.mark.parametrize("voice", ["en-us", "vi-vn-x-south"])
def test_a_voice_that_is_not_vietnamese_is_a_warning(qapp, station, voice: str) -> None:
    """«Có (en-us)» read as all well; a foreign voice reads every bulletin wrongly."""
    import shutil

    from PySide6.QtQuickControls2 import QQuickStyle

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed here")
    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    paths.config_file.write_text(f'[speech]\nvoice = "{voice}"\n')
    panel = Panel(paths, catalog)
    try:
        open_health(panel)
        line = facts(panel)["Giọng đọc"]
        shown = next(f for f in panel.find_all("fact") if f.property("text") == line)
        plain = next(f for f in panel.find_all("fact")
                     if f.property("text") == facts(panel)["Phiên bản"])
        if voice == "en-us":
            assert "(en-us) không phải giọng tiếng Việt" in line
            assert shown.property("color") != plain.property("color")  # the warning colour
        else:
            assert line == "Có (vi-vn-x-south)"
            assert shown.property("color") == plain.property("color")
    finally:
        panel.close()


def test_flagged_items_are_listed_and_try_again_clears_one(panel: Panel) -> None:
    """An item flagged after a passing fault stays closed to visitors until the librarian
    sees it here and taps «Thử lại»."""
    open_health(panel)
    assert panel.admin.health.brokenCount == 0
    assert panel.find("brokenSummary").property("text") == "Mọi mục đều mở được."
    assert panel.find_all("retryBroken") == []
    first, second = [i for i in panel.catalog.items() if i.sha256][:2]
    panel.catalog.set_flags(first.id, broken=True)
    panel.catalog.set_flags(second.id, broken=True, hidden=True)  # hidden ones too
    panel.admin.showScreen("health")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    assert panel.admin.health.brokenCount == 2
    assert panel.find("brokenSummary").property("text").startswith("2 mục không mở được")
    titles = [t.property("text") for t in panel.find_all("brokenTitle")]
    assert sorted(titles) == sorted([first.title, second.title])
    assert len(panel.find_all("retryBroken")) == 2
    assert panel.find_all("brokenKind")[0].property("text")  # the kind, named
    row = titles.index(first.title)
    from kiosk.touch import tap

    tap(panel.view, panel.find_all("retryBroken")[row])
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    assert not panel.catalog.get(first.id).broken  # the next visitor's open tries again
    assert panel.catalog.get(second.id).broken
    assert [t.property("text") for t in panel.find_all("brokenTitle")] == [second.title]
    assert first.title in panel.find("healthMessage").property("text")
    assert panel.admin.health.brokenCount == 1


def test_a_report_without_counts_says_so(panel: Panel, stick_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged stats.db: the health part still goes to the province, and the librarian
    reads that the counts are missing, in the warning colour, not a plain success."""
    from library.errors import StorageError

    def damaged(*args: object) -> list:
        raise StorageError("stats.db is damaged", message_vi="Tệp số liệu bị hỏng.")

    open_health(panel)
    monkeypatch.setattr(panel.stats, "export_rows", damaged)
    panel.tap("writeReport")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    folders = list((stick_dir / REPORTS_FOLDER).iterdir())
    assert len(folders) == 1 and verify_report(folders[0]).rows == []
    first, second = panel.find("healthMessage").property("text").split("\n")
    assert first.startswith(f"Đã ghi báo cáo ra USB: {stick_dir.name}/")
    assert second.startswith("Báo cáo không có số lượt sử dụng")
    assert panel.admin.health.problem


def test_a_freed_disk_is_said_to_take_up_writing_by_itself(panel: Panel) -> None:
    """The kiosk shows its library read-only (its catalog's refusal) and the disk was
    freed: «Dung lượng trống» no longer says to restart it, but that the kiosk takes up
    writing by itself at the next quiet moment; with too little room yet, still full."""
    import shutil

    from library.errors import StorageError
    from library.station_disk import RESUME_FREE_BYTES

    health = panel.admin.health
    health._read_only_because = StorageError("the disk is full")
    try:
        freed = health._disk_fact({"free_bytes": RESUME_FREE_BYTES})
        assert "Đĩa đã ghi được trở lại: trạm sẽ tự ghi lại như thường" in freed["value"]
        assert "khởi động lại trạm" not in freed["value"] and not freed["warning"]
        # some room, not what the kiosk waits for: the report says full (`health_report`)
        some = health._disk_fact({"free_bytes": RESUME_FREE_BYTES - 1, "cannot_write": "full"})
        assert some["warning"] and "Đĩa đã đầy" in some["value"]
        assert "trạm tự ghi lại như thường vào lúc không có ai dùng" in some["value"]
        open_health(panel)  # the screen, from the report of this machine's disk
        room = shutil.disk_usage(panel.paths.root).free >= RESUME_FREE_BYTES
        said = "Đĩa đã ghi được trở lại" if room else "Đĩa đã đầy"
        assert said in facts(panel)["Dung lượng trống"]
    finally:
        health._read_only_because = None


def test_a_catalog_waiting_for_room_to_upgrade_is_said_with_its_numbers(panel: Panel) -> None:
    """A new program on a nearly full disk: the report says the upgrade waits for room
    (`health_report`'s `upgrade_needs_bytes`); «Dung lượng trống» says how much it needs
    and how much must be free, not «Đĩa đã đầy» beside 40 MB free."""
    from library.errors import StorageError

    from ..english import english

    health = panel.admin.health
    health._read_only_because = StorageError("too little room to upgrade the catalog")
    mb = 1024 * 1024
    disk = {"free_bytes": 40 * mb, "cannot_write": "full",
            "upgrade_needs_bytes": 60 * mb, "resume_free_bytes": 92 * mb}
    try:
        fact = health._disk_fact(disk)
        assert fact["warning"]
        assert fact["value"].startswith("40 MB — Chưa đủ chỗ để nâng cấp cơ sở dữ liệu "
                                        "cho phiên bản mới (cần 60 MB)")
        assert "cho đến khi đĩa còn trống 92 MB" in fact["value"]
        assert "Đĩa đã đầy" not in fact["value"]
        with english():
            fact = health._disk_fact(disk)
        assert "Too little room to upgrade the catalog for the new version (it needs 60 MB)" \
            in fact["value"] and "until the disk has 92 MB free" in fact["value"]
        # the report read by the screen, as the panel shows it
        health._report = {"disk": disk, "catalog": {"items": 3}}
        health.changed.emit()
        panel.pump(50)
        assert "cần 60 MB" in facts(panel)["Dung lượng trống"]
    finally:
        health._read_only_because = None
