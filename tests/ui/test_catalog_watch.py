"""What a terminal or a background sync changes shows on a running station."""

from __future__ import annotations

import pytest

from library.catalog import Catalog, Item
from library.paths import DataPaths

from .conftest import settle

pytestmark = pytest.mark.ui

NEW_ID = "tin-moi-tu-may-tram"


def _newest(kiosk) -> set[str]:
    return {i.id for i in kiosk.visit.newest.items()}


def test_an_item_added_from_a_terminal_shows_without_a_restart(
        kiosk, station_paths: DataPaths) -> None:
    settle()
    seen: list[bool] = []
    kiosk.watch.changed.connect(lambda: seen.append(True))
    kiosk.watch.check()  # nothing committed elsewhere yet: no reload
    assert seen == []
    with Catalog.open(station_paths) as terminal:  # `cafesach add`, another process
        terminal.put(Item(id=NEW_ID, title="Lịch tiêm phòng tháng này", kind="bulletin",
                          body="Thôn Đông tiêm phòng vào sáng thứ Hai."))
    try:
        kiosk.watch.check()  # what its timer does every few seconds
        assert seen == [True]
        assert NEW_ID in _newest(kiosk)
        kiosk.visit.openCollection("bulletin")
        settle()
        assert NEW_ID in {i.id for i in kiosk.browse.model.items()}
        kiosk.watch.check()
        assert seen == [True]  # once per change, not at every look
    finally:
        with Catalog.open(station_paths) as terminal:
            terminal.remove(NEW_ID)
    kiosk.watch.check()
    assert NEW_ID not in _newest(kiosk)
    assert NEW_ID not in {i.id for i in kiosk.browse.model.items()}


def test_the_stations_own_changes_do_not_reload_the_lists(kiosk) -> None:
    seen: list[bool] = []
    kiosk.watch.changed.connect(lambda: seen.append(True))
    kiosk.catalog.set_state("watch.test", "1")  # a commit on the station's own connection
    kiosk.watch.check()
    assert seen == []


def test_a_commit_that_changes_no_item_leaves_the_lists_where_the_visitor_is(
        kiosk, station_paths: DataPaths) -> None:
    kiosk.visit.openCollection("book")
    settle()
    model = kiosk.browse.model
    rows_before = model.items()
    moved: list[str] = []
    model.rowsRemoved.connect(lambda *_: moved.append("removed"))
    model.modelReset.connect(lambda *_: moved.append("reset"))
    tiles: list[str] = []
    kiosk.collections.modelReset.connect(lambda *_: tiles.append("reset"))
    with Catalog.open(station_paths) as sync:  # an hourly sync that found nothing new
        sync.set_state("sync.last_check", "2026-11-26T10:00:00+00:00")
    kiosk.watch.check()
    assert moved == [] and tiles == []  # no row taken away: the grid stays scrolled
    assert model.items() == rows_before


def test_a_reload_the_station_asked_for_is_not_reported_again(
        kiosk, station_paths: DataPaths) -> None:
    seen: list[bool] = []
    kiosk.watch.changed.connect(lambda: seen.append(True))
    with Catalog.open(station_paths) as panel_import:  # the panel's import, on its own connection
        panel_import.set_state("watch.test", "panel")
    kiosk.reload_lists()  # what the panel's `catalogChanged` does when the import ends
    kiosk.watch.check()
    assert seen == []  # the lists were just loaded: the watch does not load them again
    with Catalog.open(station_paths) as terminal:
        terminal.set_state("watch.test", "terminal")
    kiosk.watch.check()
    assert seen == [True]  # a later commit elsewhere is still noticed
