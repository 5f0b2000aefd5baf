"""The panel says when the index the station holds is about to expire, or has expired:
under the library's line on «Nạp nội dung», and in «Đồng bộ» on «Tình trạng»."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.unit.repository.expiring import expired_since, hold, publish_small

from ..english import english
from .harness import Panel, as_read

pytestmark = pytest.mark.ui

SOON_VI = "Mục lục của tỉnh sẽ hết hạn ngày "
EXPIRED_VI = "Mục lục của tỉnh đã hết hạn ngày "


def unlocked(panel: Panel) -> None:
    if not panel.admin.pin.unlocked:
        panel.unlock()


def content_lines(panel: Panel) -> dict[str, str]:
    """The lines under «Máy chủ», by text: their objectName (status or warning)."""
    unlocked(panel)
    panel.admin.showScreen("content")
    panel.pump(50)
    return {as_read(item.property("text")): item.objectName()
            for item in panel.find_all("syncStatus") + panel.find_all("syncWarning")}


def sync_fact(panel: Panel) -> dict:
    unlocked(panel)
    panel.admin.showScreen("health")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    return next(f for f in panel.admin.health.facts if f["label"] in ("Đồng bộ", "Sync"))


def test_an_index_expiring_in_three_days_is_said_on_both_screens(panel: Panel,
                                                                tmp_path: Path) -> None:
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=3))
    hold(panel.paths, panel.catalog, repo, key)
    lines = content_lines(panel)
    soon = [text for text in lines if text.startswith(SOON_VI)]
    assert len(soon) == 1 and "(còn 3 ngày); hãy đồng bộ hoặc nạp gói mới từ USB" in soon[0]
    assert lines[soon[0]] == "syncWarning"  # in the warning colour, under the library's line
    fact = sync_fact(panel)
    assert soon[0] in fact["value"].split("\n") and fact["warning"] is True
    shown = [as_read(item.property("text")) for item in panel.find_all("fact")]
    assert fact["value"] in shown


def test_an_index_that_expired_yesterday_is_said(panel: Panel, tmp_path: Path) -> None:
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    hold(panel.paths, panel.catalog, repo, key,
         now=expired_since(repo, key, timedelta(days=1)))
    expired = [text for text in content_lines(panel) if text.startswith(EXPIRED_VI)]
    assert len(expired) == 1 and expired[0].endswith(
        "; đồng bộ mà không có gì mới thì hãy báo người biên tập của tỉnh.")
    assert expired[0] in sync_fact(panel)["value"].split("\n")


def test_far_from_its_expiry_nothing_is_said(panel: Panel, tmp_path: Path) -> None:
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    hold(panel.paths, panel.catalog, repo, key)
    assert not [text for text in content_lines(panel) if "hết hạn" in text]
    assert sync_fact(panel)["warning"] is False


def test_in_english(qapp, station, tmp_path: Path) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=3))
    hold(paths, catalog, repo, key)
    with english():
        panel = Panel(paths, catalog)
        try:
            said = [text for text in content_lines(panel) if "expires in 3 days" in text]
            assert len(said) == 1
            assert said[0].startswith("the province's index this station holds expires")
            assert said[0] in sync_fact(panel)["value"].split("\n")
        finally:
            panel.close()
