"""Bản tin: a slot says when its bulletin is empty (or its recording damaged) and will not
play, as it says for a hidden one; the picker marks empty bulletins instead of hiding them."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.schedule import Schedule, Slot, save_schedule

from ..english import english
from .harness import Panel, named_under

pytestmark = pytest.mark.ui


def silent_bulletins(panel: Panel) -> str:
    """An empty bulletin, a flagged recording and a plain one, all in one 06:00 slot."""
    catalog = panel.catalog
    catalog.put(Item(id="tin-rong", title="Tin chưa viết", kind="bulletin", body=" \n "))
    catalog.put(Item(id="tin-thu", title="Tin thu sẵn", kind="bulletin",
                     media_type="audio/mpeg", filename="tin.mp3"))
    catalog.set_flags("tin-thu", broken=True)  # its recording did not decode
    plain = catalog.items(kind="bulletin", order="title")
    filled = next(i for i in plain if (i.body or "").strip())
    save_schedule(catalog, Schedule((Slot("06:00", ("tin-rong", "tin-thu", filled.id)),)))
    return filled.title


def test_an_empty_bulletin_is_named_on_its_slot_and_marked_in_the_picker(panel: Panel) -> None:
    filled = silent_bulletins(panel)
    panel.unlock()
    panel.admin.showScreen("schedule")
    panel.pump(100)
    [row] = panel.admin.schedule.slotsModel.rows()
    assert row["titles"] == ("Tin chưa viết (trống, sẽ không phát) · "
                             "Tin thu sẵn (tệp hỏng, sẽ không phát) · " + filled)
    shown = panel.find("slotTitles")
    assert shown.property("fullText") == row["titles"]
    assert "(trống, sẽ không phát)" in shown.property("text")  # the notes are never cut off
    notes = {r["itemId"]: r["note"] for r in panel.admin.schedule.bulletinsModel.rows()}
    assert notes["tin-rong"] == "(trống, sẽ không phát)"
    assert notes["tin-thu"] == "(tệp hỏng, sẽ không phát)"
    assert sum(1 for n in notes.values() if n) == 2  # the demo's bulletins all have words
    shown = [t.property("text") for t in named_under(panel.root, "chooseBulletinNote")
             if t.property("visible")]
    assert "(trống, sẽ không phát)" in shown
    # still chosen by a tap: marked, not left out
    panel.admin.schedule.toggleBulletin("tin-rong")
    assert next(r for r in panel.admin.schedule.bulletinsModel.rows()
                if r["itemId"] == "tin-rong")["chosen"]


def test_the_notes_in_english(qapp, station, stick_dir) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    with english():
        panel = Panel(paths, catalog)
        try:
            filled = silent_bulletins(panel)
            panel.unlock()
            panel.admin.showScreen("schedule")
            panel.pump(100)
            [row] = panel.admin.schedule.slotsModel.rows()
            assert row["titles"] == ("Tin chưa viết (empty, will not play) · "
                                     "Tin thu sẵn (damaged file, will not play) · " + filled)
        finally:
            panel.close()
