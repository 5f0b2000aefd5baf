"""Thống kê: the charts get the right series; the range; CSV export to a stick."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from library.stats import CSV_HEADER

from .harness import Panel, scene_rect

pytestmark = pytest.mark.ui


def seed(panel: Panel) -> list[str]:
    items = [i.id for i in panel.catalog.items(order="title")][:3]
    plan = {"2026-03-08": [7, 2, 1], "2026-03-09": [3, 6, 0], "2026-03-10": [5, 0, 4]}
    for day, counts in plan.items():
        panel.today = day
        for item_id, n in zip(items, counts, strict=True):
            for _ in range(n):
                panel.stats.item_viewed(item_id)
        panel.stats.audio_played(items[0])
        panel.stats.qr_shown(items[1])
        for _ in range(6):
            panel.stats.search_committed("Nước Mắm", found=False)
        panel.stats.search_committed("tìm thấy", found=True)
    panel.stats.flush()
    return items


def export(panel: Panel) -> None:
    """Tap «Xuất CSV ra USB» and wait for the export, which runs off the GUI thread."""
    panel.tap("exportCsv")
    panel.wait(lambda: not panel.admin.stats.busy)
    panel.pump(20)


def bars(panel: Panel, chart: str) -> list[int]:
    root = panel.find(chart)
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.objectName() == "bar" and node.isVisible():
            out.append(int(node.property("value")))
        stack.extend(node.childItems())
    return sorted(out)


def test_charts_get_the_right_series(panel: Panel) -> None:
    items = seed(panel)
    panel.unlock()
    panel.admin.stats.setRange("7")
    panel.admin.showScreen("stats")
    panel.pump(150)
    stats = panel.admin.stats
    assert stats.viewsPerDay == [{"label": "8/3", "value": 10}, {"label": "9/3", "value": 9},
                                 {"label": "10/3", "value": 9}]
    assert bars(panel, "viewsPerDay") == [9, 9, 10]
    titles = {i.id: i.title for i in panel.catalog.items()}
    assert stats.topItems[0] == {"label": titles[items[0]], "value": 15}
    assert bars(panel, "topItems") == [5, 8, 15]
    assert sum(b["value"] for b in stats.topCollections) == 28
    assert bars(panel, "audioPerDay") == [1, 1, 1] and bars(panel, "qrPerDay") == [1, 1, 1]
    assert stats.zeroSearches == [{"label": "nuoc mam", "value": 18}]
    assert panel.find("total_view").property("text") == "28"
    assert panel.find("total_search_none").property("text") == "18"
    assert panel.find("total_search_all").property("text") == "21"  # every search, found or not


def test_range_changes_the_series(panel: Panel) -> None:
    seed(panel)
    panel.today = "2026-04-20"  # a month later: the last 7 days hold nothing
    panel.unlock()
    panel.admin.showScreen("stats")
    panel.tap("range_7")
    assert panel.admin.stats.viewsPerDay == []
    assert panel.find("total_view").property("text") == "0"
    panel.tap("range_all")
    # 8/3 to today (20/4) is more than a month of days: one bar a week, from Monday
    assert panel.admin.stats.periodUnit == "week"
    assert panel.admin.stats.viewsPerDay == [{"label": "2/3", "value": 10},
                                             {"label": "9/3", "value": 18}]
    assert panel.find("rangeLabel").property("text") == "Toàn bộ thời gian"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_long_ranges_fit_and_labels_never_run_together(qapp, station, size) -> None:
    paths, catalog = station
    panel = Panel(paths, catalog, size=size, today="2026-03-10")
    try:
        item = catalog.items()[0].id
        for back in range(0, 230, 1):  # views on 230 days, the last one today
            panel.today = (date(2026, 3, 10) - timedelta(days=back)).isoformat()
            panel.stats.item_viewed(item)
        panel.stats.flush()
        panel.today = "2026-03-10"
        panel.unlock()
        panel.admin.showScreen("stats")
        for preset, unit in (("30", "day"), ("all", "month")):
            panel.tap(f"range_{preset}")
            panel.pump(100)
            assert panel.admin.stats.periodUnit == unit
            chart = panel.find("viewsPerDay")
            area = scene_rect(chart)
            labels = [scene_rect(t) for t in panel.find_all("barLabel")
                      if chart.isAncestorOf(t)]
            bars = [b for b in panel.find_all("bar") if chart.isAncestorOf(b)]
            assert len(bars) == len(panel.admin.stats.viewsPerDay)
            assert all(area.left() - 1 <= b.left() and b.right() <= area.right() + 1
                       for b in labels)
            ordered = sorted(labels, key=lambda b: b.left())
            assert all(a.right() <= b.left() for a, b in pairwise(ordered))
            last = panel.admin.stats.viewsPerDay[-1]["label"]
            shown = [t.property("text") for t in panel.find_all("barLabel")
                     if chart.isAncestorOf(t)]
            assert shown[-1] == last  # the most recent day (or month) always has its label
        assert panel.admin.stats.viewsPerDay[-1] == {"label": "3/2026", "value": 10}
    finally:
        panel.close()


def test_csv_export_to_the_stick(panel: Panel, stick_dir: Path) -> None:
    seed(panel)
    panel.unlock()
    panel.admin.showScreen("stats")
    panel.tap("range_all")
    export(panel)
    files = list(stick_dir.glob("thong-ke-*.csv"))
    assert len(files) == 1
    rows = list(csv.reader(files[0].open(encoding="utf-8")))
    assert rows[0] == CSV_HEADER
    assert all(int(r[4]) >= 5 for r in rows[1:])
    assert ["2026-03-08", "search_none", "nuoc mam", "count", "6"] in rows
    # per item per day: 7, 6 and 5 are exported; 4, 3, 2 and 1 are suppressed
    assert sorted(int(r[4]) for r in rows if r[1] == "item") == [5, 6, 7]
    assert "Đã ghi" in panel.find("statsMessage").property("text")


def test_export_without_a_stick_says_so(panel: Panel) -> None:
    panel.stick_list = []
    panel.unlock()
    panel.admin.showScreen("stats")
    export(panel)
    assert "cắm USB" in panel.find("statsMessage").property("text")


def test_a_stick_pulled_out_since_it_was_listed_gets_nothing_written(panel: Panel,
                                                                     tmp_path: Path) -> None:
    from library.usb import Stick

    gone = tmp_path / "USB DA RUT"  # listed a moment ago, its folder gone with the stick
    panel.stick_list = [Stick(gone, gone.name, "/dev/sdz1", "vfat", False, 8 << 30, 4 << 30)]
    seed(panel)
    panel.unlock()
    panel.admin.showScreen("stats")
    export(panel)
    assert not gone.exists()  # not made on the station's own disk
    assert "cắm USB" in panel.find("statsMessage").property("text")


def test_a_write_protected_stick_listed_first_is_passed_over(panel: Panel, stick_dir: Path,
                                                             tmp_path: Path) -> None:
    """The pack stick is locked; the librarian's second stick gets the figures."""
    from library.usb import Stick

    locked = tmp_path / "media" / "A GOI SACH"
    locked.mkdir(parents=True)
    panel.stick_list = [Stick(locked, locked.name, "/dev/sdy1", "vfat", True, 8 << 30, 0),
                        *panel.stick_list]
    seed(panel)
    panel.unlock()
    panel.admin.showScreen("stats")
    export(panel)
    assert list(locked.iterdir()) == []
    assert len(list(stick_dir.glob("thong-ke-*.csv"))) == 1
    assert f"USB: {stick_dir.name}/thong-ke-" in panel.find("statsMessage").property("text")


def test_a_failed_export_is_told_in_the_warning_colour(panel: Panel, stick_dir: Path) -> None:
    seed(panel)
    panel.unlock()
    panel.admin.showScreen("stats")
    export(panel)
    assert "Đã ghi" in panel.find("statsMessage").property("text")
    assert not panel.admin.stats.problem
    calm = panel.find("statsMessage").property("color")
    (stick_dir / "thong-ke-2026-02-09-den-2026-03-10.csv").unlink()
    (stick_dir / "thong-ke-2026-02-09-den-2026-03-10.csv").mkdir()  # cannot be replaced
    export(panel)
    assert panel.admin.stats.problem
    panel.pump(50)
    assert panel.find("statsMessage").property("color") != calm


def test_unreadable_figures_are_told_in_the_warning_colour(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("stats")
    panel.pump(50)
    assert not panel.admin.stats.problem
    panel.stats.path.write_bytes(b"this is not a database" * 100)
    panel.admin.stats.refresh()
    assert panel.admin.stats.problem and panel.admin.stats.message
    panel.admin.stats.setRange("7")
    assert panel.admin.stats.problem  # still unreadable: still said so


def test_counting_switched_off_is_said_above_the_figures(qapp, station) -> None:
    """With `admin.stats_enabled = false` the zeros must not read as "nobody came"."""
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    paths.config_file.write_text("[admin]\nstats_enabled = false\n")
    panel = Panel(paths, catalog)
    try:
        panel.unlock()
        panel.admin.showScreen("stats")
        panel.pump(100)
        assert panel.admin.stats.countingOff
        box = panel.find("countingBox")
        assert box.isVisible()
        text = panel.find("countingText").property("text")
        assert "TẮT việc đếm" in text and "admin.stats_enabled = false" in text
        assert "«Đếm lượt sử dụng»" in text  # where to switch it on
        assert box.y() < panel.find("total_view").mapToItem(box.parentItem(), 0, 0).y()
        assert panel.find("total_view").property("text") == "0"

        panel.admin.showScreen("settings")  # switched on: counting starts after a restart
        panel.admin.settings.setValue("admin", "stats_enabled", True)
        panel.admin.showScreen("stats")
        panel.pump(50)
        assert "sau khi khởi động lại" in panel.find("countingText").property("text")
    finally:
        panel.close()


def test_no_word_about_counting_while_it_is_on(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("stats")
    panel.pump(50)
    assert not panel.admin.stats.countingOff
    assert panel.admin.stats.countingText == ""
    assert not panel.find_all("countingBox")


def test_the_export_runs_off_the_interface_thread(panel: Panel, stick_dir: Path,
                                                   monkeypatch) -> None:
    """A year of figures or a slow stick froze the panel: the export ran on its thread.
    Now it runs as the report and the poster do, and the panel answers meanwhile."""
    import threading

    seed(panel)
    release, threads = threading.Event(), []
    read = panel.stats.export_rows

    def slow_read(*args):
        threads.append(threading.current_thread())
        assert release.wait(30)  # a stick that takes its time
        return read(*args)

    monkeypatch.setattr(panel.stats, "export_rows", slow_read)
    panel.unlock()
    panel.admin.showScreen("stats")
    panel.tap("range_all")
    panel.tap("exportCsv")
    try:
        panel.wait(lambda: bool(threads))
        assert threads[0] is not threading.main_thread()
        stats = panel.admin.stats
        assert stats.busy
        assert panel.find("statsMessage").property("text") == "Đang ghi số liệu ra USB…"
        assert panel.find("exportProgress").isVisible()
        assert not panel.find("exportCsv").property("enabled")
        stats.exportToStick()  # a second tap while it runs starts nothing
        panel.tap("range_7")  # the panel answers while the stick is written
        assert stats.rangeName == "7" and stats.busy
        assert panel.find("statsMessage").property("text") == "Đang ghi số liệu ra USB…"
    finally:
        release.set()
    panel.wait(lambda: not panel.admin.stats.busy)
    panel.pump(20)
    assert len(threads) == 1
    [written] = stick_dir.glob("thong-ke-*.csv")
    assert written.name == "thong-ke-dau-den-2026-03-10.csv"  # the range when it was asked
    assert "Đã ghi" in panel.find("statsMessage").property("text")
    assert panel.find("exportCsv").property("enabled")
    assert not panel.find("exportProgress").isVisible()
