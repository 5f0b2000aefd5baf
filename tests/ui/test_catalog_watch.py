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


def _lists_read(kiosk) -> None:
    """Wait until what the watch asked for (read on the task thread) is on the screens."""
    from kiosk.touch import wait_until

    assert wait_until(lambda: not kiosk.lists_reading and kiosk.tasks.pending == 0, 20)


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
        _lists_read(kiosk)
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
    _lists_read(kiosk)
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
    _lists_read(kiosk)
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


# -- a big commit: the lists are read off the screen's thread -------------------------------
MANY = 150  # more than a page of the grid (60)


def _bulletins(n: int, prefix: str = "dong-bo") -> list[Item]:
    return [Item(id=f"{prefix}-{i:04d}", title=f"Bản tin đồng bộ số {i}", kind="bulletin",
                 body=f"Nội dung bản tin số {i}.", tags=("dong-bo",), published="2099-01-01")
            for i in range(n)]


def _grid(kiosk) -> set[str]:
    return {i.id for i in kiosk.browse.model.items()}


def _tile(kiosk, key: str) -> int:
    model = kiosk.collections
    return next((r["count"] for r in model._rows if r["key"] == key), 0)


@pytest.fixture
def watch_by_hand(kiosk):
    """The watch looks only when a test calls `check()`, not every few seconds on its own.

    Its timer firing during a `settle()` noticed the test's commit first and started (and
    could finish) the read the test then meant to start and catch in flight.
    """
    from PySide6.QtCore import QTimer

    timer = kiosk.watch.findChild(QTimer)
    timer.stop()
    yield
    timer.start()


@pytest.fixture
def synced(kiosk, station_paths: DataPaths, watch_by_hand: None):
    """Commit `MANY` bulletins from another connection (a sync); removed after the test."""
    before = _tile(kiosk, "bulletin")
    with Catalog.open(station_paths) as sync, sync.atomic():
        for item in _bulletins(MANY):
            sync.put(item)
    yield before
    kiosk.visit.home()
    with Catalog.open(station_paths) as sync, sync.atomic():
        for item in sync.items(include_hidden=True):
            if item.id.startswith(("dong-bo-", "lan-hai-")):
                sync.remove(item.id)
    kiosk.reload_lists()


def test_a_big_commit_shows_on_the_home_and_browse_lists(kiosk, synced: int) -> None:
    kiosk.visit.openCollection("bulletin")
    settle()
    kiosk.watch.check()
    assert kiosk.lists_reading  # read on the task thread, not in this call
    _lists_read(kiosk)
    assert {f"dong-bo-{i:04d}" for i in range(MANY - 24, MANY)} <= _newest(kiosk)
    grid = kiosk.browse.model
    assert grid.property("total") == kiosk.catalog.count(kind="bulletin") >= MANY
    assert len(_grid(kiosk) & {i.id for i in _bulletins(MANY)}) == 60  # the first page
    assert _tile(kiosk, "bulletin") == synced + MANY
    assert kiosk.browse.tags[0] == "dong-bo"
    while grid.canFetchMore():  # scrolling on still reads the rest
        grid.fetchMore()
    assert {i.id for i in _bulletins(MANY)} <= _grid(kiosk)


def test_a_commit_during_a_read_ends_with_the_newest_catalog(
        kiosk, station_paths: DataPaths, synced: int) -> None:
    kiosk.visit.openCollection("bulletin")
    settle()
    kiosk.watch.check()  # the first read starts; its result is not delivered before a pump
    assert kiosk.lists_reading
    with Catalog.open(station_paths) as sync, sync.atomic():  # the next commit lands
        sync.remove("dong-bo-0149")
        sync.put(_bulletins(1, "lan-hai")[0])
    kiosk.watch.check()
    _lists_read(kiosk)
    for ids in (_newest(kiosk), _grid(kiosk)):
        assert "lan-hai-0000" in ids and "dong-bo-0149" not in ids
    assert _tile(kiosk, "bulletin") == synced + MANY


def test_an_item_removed_by_a_commit_is_gone_from_every_list(
        kiosk, station_paths: DataPaths, synced: int) -> None:
    with Catalog.open(station_paths) as sync:
        sync.set_flags("dong-bo-0100", featured=True)
    kiosk.watch.check()
    _lists_read(kiosk)
    kiosk.visit.openCollection("new")
    kiosk.browse.setOrder("popular")  # the featured items first
    settle()
    kiosk.search.suggest("Bản tin đồng bộ số 100")
    assert "dong-bo-0100" in {i.id for i in kiosk.visit.featured.items()}
    assert "dong-bo-0100" in _grid(kiosk)
    assert "dong-bo-0100" in {h.item.id for h in kiosk.search.results.hits()}
    with Catalog.open(station_paths) as sync:
        sync.remove("dong-bo-0100")
    kiosk.watch.check()
    _lists_read(kiosk)
    lists = (kiosk.visit.featured, kiosk.visit.newest, kiosk.visit.attract_items,
             kiosk.browse.model)
    for model in lists:
        assert "dong-bo-0100" not in {i.id for i in model.items()}
    assert "dong-bo-0100" not in {h.item.id for h in kiosk.search.results.hits()}
    assert _tile(kiosk, "bulletin") == synced + MANY - 1
    kiosk.browse.setOrder("new")
    kiosk.search.clear()


def test_a_read_for_a_list_the_visitor_left_shows_the_list_they_are_on(
        kiosk, synced: int) -> None:
    kiosk.visit.openCollection("book")
    settle()
    kiosk.watch.check()  # the read is for the books
    kiosk.visit.openCollection("bulletin")  # the visitor moves on before it arrives
    _lists_read(kiosk)
    assert kiosk.nav.screen == "browse" and kiosk.browse.kind == "bulletin"
    assert {i.kind for i in kiosk.browse.model.items()} == {"bulletin"}
    assert kiosk.browse.model.property("total") == kiosk.catalog.count(kind="bulletin")


def test_a_big_commit_keeps_the_rows_the_visitor_scrolled_to(
        kiosk, station_paths: DataPaths, synced: int) -> None:
    kiosk.reload_lists()
    kiosk.visit.openCollection("bulletin")
    settle()
    grid = kiosk.browse.model
    grid.fetchMore()  # a visitor scrolled past the first page
    loaded = grid.rowCount()
    assert loaded > 60
    resets: list[bool] = []
    grid.modelReset.connect(lambda *_: resets.append(True))
    with Catalog.open(station_paths) as sync:
        sync.put(_bulletins(1, "lan-hai")[0])
    kiosk.watch.check()
    _lists_read(kiosk)
    assert grid.rowCount() >= loaded and resets == []
    assert "lan-hai-0000" in _grid(kiosk)
    assert kiosk.nav.screen == "browse"  # the screen is not taken away


def test_a_big_commit_reaches_the_visitors_screen_first_and_one_list_at_a_time(
        kiosk, synced: int) -> None:
    """The lists read go in one per turn of the event loop (a frame each), the list on
    the visitor's screen first: all at once, every screen's new cards were made and
    drawn in one frame, the screen's longest freeze after a sync."""
    from PySide6.QtCore import QTimer

    kiosk.visit.openCollection("bulletin")
    settle()
    events: list[str] = []

    def changed(name: str) -> None:
        events.append(name)
        QTimer.singleShot(0, lambda: events.append("loop"))  # runs once the slot returns

    kiosk.browse.model.dataChanged.connect(lambda *_: changed("grid"))  # its rows anew
    kiosk.visit.newest.dataChanged.connect(lambda *_: changed("home"))
    kiosk.collections.dataChanged.connect(lambda *_: changed("tiles"))
    kiosk.watch.check()
    _lists_read(kiosk)
    shown = [name for name in events if name != "loop"]
    assert shown[0] == "grid" and {"home", "tiles"} <= set(shown)
    for name in ("home", "tiles"):  # the loop ran between the grid and each later list
        assert "loop" in events[events.index("grid"):events.index(name)]
    assert _tile(kiosk, "bulletin") == synced + MANY
    assert {f"dong-bo-{i:04d}" for i in range(MANY - 24, MANY)} <= _newest(kiosk)


def test_a_reload_while_the_lists_go_in_keeps_the_newer_lists(
        kiosk, station_paths: DataPaths, synced: int) -> None:
    """A reload on this thread (a tap on an item gone, a new language) while the lists
    read go in: the older ones left are not put over it."""
    kiosk.visit.openCollection("bulletin")
    settle()
    from PySide6.QtCore import QTimer

    reloads: list[bool] = []

    def reload() -> None:  # a commit after the read, and a reload, before the other lists
        with Catalog.open(station_paths) as sync:
            sync.remove("dong-bo-0149")
        kiosk.reload_lists()

    def grid_changed() -> None:  # once, right after the grid took the rows read
        if not reloads:
            reloads.append(True)
            QTimer.singleShot(0, reload)

    kiosk.browse.model.dataChanged.connect(lambda *_: grid_changed())
    kiosk.watch.check()
    _lists_read(kiosk)
    assert reloads
    for ids in (_newest(kiosk), _grid(kiosk)):
        assert "dong-bo-0149" not in ids and "dong-bo-0148" in ids
    assert _tile(kiosk, "bulletin") == synced + MANY - 1


def test_a_commit_taken_as_seen_by_a_list_reload_still_reaches_the_schedule(
        qapp, data_paths: DataPaths) -> None:
    """`catch_up` (the lists are being read anew anyway) does not report `changed`, but
    says `committed`: the bulletin schedule, read only when told, must hear of every
    commit another process made (an import's new schedule)."""
    from kiosk.controllers.watch import CatalogWatch
    from library.schedule import Schedule, Slot, save_schedule

    with Catalog.open(data_paths) as station:
        watch = CatalogWatch(station, interval_ms=3_600_000)
        changed: list[str] = []
        watch.changed.connect(lambda: changed.append("changed"))
        watch.committed.connect(lambda: changed.append("committed"))
        with Catalog.open(data_paths) as importer:  # another process
            save_schedule(importer, Schedule((Slot("06:00", ("tin",)),)), source="kho-tinh")
        watch.catch_up()
        watch.check()
        assert changed == ["committed"]
        with Catalog.open(data_paths) as importer:
            save_schedule(importer, Schedule(), source="kho-tinh")
        watch.check()
        watch.catch_up()
        assert changed == ["committed", "committed", "changed"]
        watch.stop()
