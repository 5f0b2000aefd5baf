"""«Tình trạng» lists the items the kiosk shut in memory only (their flag refused by a full
or read-only disk), first and marked so, beside the flagged ones; «Bản tin» says such a
recording will not play, as for a flagged one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.errors import StorageError
from library.paths import DataPaths

from ..english import english
from .harness import Panel

pytestmark = pytest.mark.ui

FULL = StorageError("the disk holding the data folder is full")
MARK = "chỉ trong bộ nhớ — chưa ghi được vào đĩa"


def refused() -> None:
    raise FULL


def shown(panel: Panel) -> list[tuple[str, bool]]:
    """The rows on screen: title, and whether the «in memory only» line shows under it."""
    from .harness import named_under

    return [(named_under(row, "brokenTitle")[0].property("text"),
             named_under(row, "brokenInMemory")[0].isVisible())
            for row in panel.find_all("brokenRow")]


def open_health(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("health")
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)


def test_an_item_shut_in_memory_is_listed_first_and_marked(panel: Panel) -> None:
    flagged, kept = [i for i in panel.catalog.items() if i.sha256][:2]
    panel.catalog.set_flags(flagged.id, broken=True)
    panel.broken_in_memory.flag(kept.id, refused)  # what the reader does on a full disk
    open_health(panel)
    health = panel.admin.health
    assert health.brokenCount == 2
    assert health.brokenText.startswith("2 mục không mở được")
    assert shown(panel) == [(kept.title, True), (flagged.title, False)]
    assert panel.find("brokenInMemory").property("text") == MARK
    if os.environ.get("CAFESACH_SHOTS"):
        panel.grab(Path(os.environ["CAFESACH_SHOTS"]) / "health-broken-in-memory.png")

    # «Thử lại» lets it out of memory (nothing to write): the next visitor tries it again
    from kiosk.touch import tap

    tap(panel.view, panel.find_all("retryBroken")[0])
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    assert kept.id not in panel.broken_in_memory
    assert kept.title in panel.find("healthMessage").property("text")
    assert shown(panel) == [(flagged.title, False)]
    assert panel.catalog.get(flagged.id).broken  # the flagged one untouched


def test_retry_lets_out_an_item_shut_in_memory_and_flagged_since(panel: Panel) -> None:
    """Shut in memory, then flagged by another hand (`cafesach check` from a terminal): it
    is listed once, with the flagged, and one «Thử lại» opens it to the next visitor —
    out of memory and unflagged — not a tap that leaves it shut and still listed."""
    from kiosk.touch import tap

    item = next(i for i in panel.catalog.items() if i.sha256)
    panel.broken_in_memory.flag(item.id, refused)
    panel.catalog.set_flags(item.id, broken=True)
    open_health(panel)
    assert shown(panel) == [(item.title, False)]
    tap(panel.view, panel.find_all("retryBroken")[0])
    panel.wait(lambda: panel.admin.health.busy == "")
    panel.pump(50)
    assert item.id not in panel.broken_in_memory
    assert not panel.catalog.get(item.id).broken
    assert shown(panel) == []
    assert item.title in panel.find("healthMessage").property("text")


def test_the_report_on_the_stick_names_it(panel: Panel, stick_dir: Path) -> None:
    import json

    from library.report import REPORTS_FOLDER

    kept = next(i for i in panel.catalog.items() if i.sha256)
    panel.broken_in_memory.flag(kept.id, refused)
    open_health(panel)
    panel.tap("writeReport")
    panel.wait(lambda: panel.admin.health.busy == "")
    folder = next((stick_dir / REPORTS_FOLDER).iterdir())
    health = json.loads((folder / "health.json").read_text())
    assert health["broken"]["in_memory"] == [kept.id]


def test_the_schedule_says_a_recording_shut_in_memory_will_not_play(panel: Panel) -> None:
    from library.catalog import Item
    from library.schedule import Schedule, Slot, save_schedule

    panel.catalog.put(Item(id="tin-thu", title="Tin thu sẵn", kind="bulletin",
                           media_type="audio/mpeg", filename="tin.mp3"))
    save_schedule(panel.catalog, Schedule((Slot("06:00", ("tin-thu",)),)))
    panel.broken_in_memory.flag("tin-thu", refused)  # «Nghe» could not decode it
    panel.unlock()
    panel.admin.showScreen("schedule")
    panel.pump(100)
    [row] = panel.admin.schedule.slotsModel.rows()
    assert row["titles"] == "Tin thu sẵn (tệp hỏng, sẽ không phát)"


def test_an_item_removed_since_is_not_listed(panel: Panel, stick_dir: Path) -> None:
    """Neither on the screen nor in the report the panel writes to a stick."""
    import json

    from library.report import REPORTS_FOLDER

    kept = next(i for i in panel.catalog.items() if i.sha256)
    panel.broken_in_memory.flag(kept.id, refused)
    panel.catalog.remove(kept.id)
    open_health(panel)
    assert panel.admin.health.brokenCount == 0
    assert panel.find_all("brokenTitle") == []
    panel.tap("writeReport")
    panel.wait(lambda: panel.admin.health.busy == "")
    folder = next((stick_dir / REPORTS_FOLDER).iterdir())
    health = json.loads((folder / "health.json").read_text())
    assert health["broken"]["in_memory"] == []


def test_the_mark_in_english(qapp, station: tuple[DataPaths, Catalog]) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    with english():
        panel = Panel(paths, catalog)
        try:
            kept = next(i for i in catalog.items() if i.sha256)
            panel.broken_in_memory.flag(kept.id, refused)
            open_health(panel)
            assert panel.find("brokenInMemory").property("text") == (
                "in memory only — not yet written to disk")
        finally:
            panel.close()
