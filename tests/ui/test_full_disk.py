"""A visitor at a station whose disk is full, read-only, or fills while it runs:
browse, search, read, QR.

The kiosk is built as `cafesach run` builds it (`open_station_catalog`, the
station's settings and counts, its parts) on a real tmpfs filled to its last
byte; root only (skipped elsewhere: `tests/unit/test_station_disk.py` injects
the refusal instead).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from library.config import Config
from library.station_disk import open_station_catalog
from tests.fulldisk import BROKEN_ID, fill, station_disk

from .bigcatalog import station

pytestmark = pytest.mark.ui

BOOK_ID = "demo-chuyen-doi-so"


@pytest.fixture(scope="module", params=["full", "read-only", "filling"])
def full_kiosk(qapp, tmp_path_factory: pytest.TempPathFactory,
               request: pytest.FixtureRequest) -> Iterator:
    from PySide6.QtCore import QUrl

    from kiosk.parts import install_parts, station_stats

    with station_disk(tmp_path_factory.mktemp("station") / "disk", request.param) as paths:
        config = Config.load(paths.config_file)
        catalog = open_station_catalog(paths)
        try:
            with station(paths, catalog, config=config) as app:
                app.stats = station_stats(paths, config)
                parts = install_parts(app, options={"handoff": {"serve": False}},
                                      only=("handoff", "librarian"))
                if request.param == "filling":  # the disk fills once the kiosk is up
                    fill(paths.root.parent)
                try:
                    yield app, parts, request.param
                finally:
                    app.slots.set_source("librarian", QUrl())
                    close = getattr(app.stats, "close", None)
                    if close is not None:
                        close()
        finally:
            catalog.close()


def test_a_visitor_browses_searches_reads_and_takes_the_qr(full_kiosk) -> None:
    from kiosk.touch import pump, wait_until

    app, parts, state = full_kiosk
    assert (app.catalog.refusal is None) == (state == "filling")
    assert app.collections.rowCount() > 0  # the home screen's collections
    app.search.setTyped("chuyen doi so")
    assert wait_until(lambda: app.search.resultCount > 0)
    assert app.search.results.hits()[0].item.id == BOOK_ID
    app.visit.openItem(BOOK_ID)
    pump(300)
    assert app.nav.screen == "detail"
    code = parts["handoff"].code(BOOK_ID)
    assert code.get("rows"), code  # the QR is drawn
    app.visit.read(BOOK_ID)
    assert wait_until(lambda: app.reader.state()["image_page"] == 1, 30)
    assert app.reader.state()["mode"] == "pages"
    app.reader.next()
    assert wait_until(lambda: app.reader.state()["image_page"] == 2, 30)


def test_the_librarian_is_told_the_disk_cannot_be_written(full_kiosk) -> None:
    from kiosk.touch import wait_until

    _app, parts, state = full_kiosk
    health = parts["librarian"].health
    health.refresh()
    assert wait_until(lambda: bool(health.facts), 30), health.message
    disk = health.facts[0]
    assert disk["label"] == "Dung lượng trống"
    assert disk["warning"] is True
    expected = "Thư mục dữ liệu chỉ cho đọc" if state == "read-only" else "Đĩa đã đầy"
    assert expected in disk["value"]
    assert "khách vẫn xem, tìm, đọc và lấy mã QR" in disk["value"]


def test_a_file_that_cannot_open_shows_its_card_and_is_said_once(
        full_kiosk, caplog: pytest.LogCaptureFixture) -> None:
    """Its flag cannot be written: kept in memory, so the next visitor gets the card at
    once (no second try of the file), and the log says it once, not at every tap."""
    from kiosk.touch import pump, wait_until

    app, _parts, _state = full_kiosk
    caplog.set_level(logging.WARNING, logger="kiosk.controllers.reader")
    for _visitor in range(2):
        app.visit.read(BROKEN_ID)
        assert wait_until(lambda: app.reader.state()["mode"] == "broken", 30)
        app.visit.home()
        pump(100)
    unflagged = [r for r in caplog.records if "could not flag" in r.getMessage()]
    assert len(unflagged) == 1
    said = unflagged[0].getMessage()
    assert str(app.catalog.refusal) in said if app.catalog.refusal else "disk is full" in said
    assert not app.catalog.get(BROKEN_ID).broken  # nothing written



def test_the_librarian_sees_the_file_kept_shut_in_memory(full_kiosk) -> None:
    """Its flag not written, the file is still in «Tình trạng»'s list, marked as kept in
    memory only, so the librarian knows which file to replace."""
    from kiosk.touch import pump, wait_until

    app, parts, _state = full_kiosk
    app.visit.read(BROKEN_ID)
    assert wait_until(lambda: app.reader.state()["mode"] == "broken", 30)
    app.visit.home()
    pump(100)
    health = parts["librarian"].health
    health.refresh()
    assert wait_until(lambda: health.busy == "" and bool(health.facts), 30), health.message
    assert [(row["id"], row["inMemory"]) for row in health.brokenItems] == [(BROKEN_ID, True)]
    assert health.brokenCount == 1


def test_no_import_or_sync_runs_while_the_library_is_shown_read_only(full_kiosk) -> None:
    """It would fail on that disk or, once freed, write under the kiosk's read-only view of
    the catalog: the librarian reads why (restart first), the timed sync waits."""
    app, parts, _state = full_kiosk
    if app.catalog.refusal is None:
        pytest.skip("the catalog is writable here: its writes say why they fail")
    content = parts["librarian"].content
    content._config.set("sync", "server_url", "http://127.0.0.1:9/kho")  # set in memory only
    try:
        content.syncAutomatically()
        assert not content.busy and content.resultText == ""
    finally:
        content._config.set("sync", "server_url", "")
    content.syncNow()
    assert not content.busy
    assert content.resultText == app.catalog.refusal.message_vi
    assert "trạm tự ghi lại như thường vào lúc không có ai dùng" in content.resultText


def test_once_the_disk_is_freed_the_panel_still_writes_nothing_until_the_restart(
        full_kiosk) -> None:
    """«Thử lại» on a station shown read-only, its disk freed meanwhile: refused with the
    reason (restart), not written under the kiosk's read-only view of the catalog."""
    from kiosk.touch import wait_until

    app, parts, state = full_kiosk
    if state != "full":
        pytest.skip("the disk freed: a full one")
    filler = app.paths.root.parent / "filler"
    filler.unlink()  # the technician deletes what filled it
    try:
        health = parts["librarian"].health
        health.retry(BOOK_ID)
        assert wait_until(lambda: health.message != "", 30)
        assert health.message == app.catalog.refusal.message_vi
        # a few MB freed on this small disk: not yet the room the kiosk waits for
        assert "Đĩa đã đầy" in health.facts[0]["value"]
    finally:
        fill(app.paths.root.parent)
