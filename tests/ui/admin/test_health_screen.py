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
    item = next(i for i in panel.catalog.items() if i.sha256)
    path = panel.catalog.object_path(item)
    os.chmod(path, 0o644)
    path.write_bytes(b"hong")
    panel.tap("checkIntegrity")
    panel.wait(lambda: panel.admin.health.busy == "")
    assert "1 tệp hỏng" in panel.find("healthMessage").property("text")
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
    assert "Đã ghi báo cáo" in panel.find("healthMessage").property("text")
