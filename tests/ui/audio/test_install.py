"""`kiosk.audio.install` wires the player, the banner and the schedule into the real kiosk."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.paths import DataPaths
from library.schedule import Schedule, Slot, save_schedule

pytestmark = pytest.mark.ui


def test_install_fills_the_listen_slot_and_goes_on_air(qtbot, data_paths: DataPaths,
                                                      catalog: Catalog) -> None:
    from PySide6.QtQuick import QQuickItem

    from kiosk.app import KioskApp
    from kiosk.audio import QML_DIR, install

    catalog.put(Item(id="tin", title="Tin sáng", kind="bulletin", body="Xin chào bà con."))
    save_schedule(catalog, Schedule((Slot("06:00", ("tin",)),)))
    now = [datetime(2026, 11, 24, 5, 59, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))]
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app, clock=lambda: now[0])
    try:
        assert app.slots.listen.toLocalFile() == str(QML_DIR / "ListenButton.qml")
        qtbot.waitUntil(lambda: audio.listen.available, timeout=20_000)  # a Vietnamese voice
        assert app.engine.rootContext().contextProperty("listenPlayer") is audio.listen
        assert audio.banner is not None and not audio.banner.property("visible")
        page = app.window.findChild(QQuickItem, "pageImage")
        if page is not None:  # the reader's page image exists: spoken words are boxed on it
            boxes = page.findChild(QQuickItem, "spokenWordBoxes")
            assert boxes is not None and boxes.parentItem() is page
        now[0] = now[0].replace(minute=0, hour=6, second=1)
        qtbot.waitUntil(lambda: audio.broadcast.active, timeout=5_000)  # the QTimer's check
        qtbot.waitUntil(lambda: audio.banner.property("visible"), timeout=5_000)
        top_bar = app.window.findChild(QQuickItem, "topBar")
        assert top_bar.property("height") > 0
        assert audio.banner.property("y") == top_bar.property("height")  # navigation in reach
        app.volume.stopAll.emit()  # the idle reset stops the visitor's audio only
        assert audio.broadcast.active
        with qtbot.waitSignal(audio.broadcast.ended, timeout=20_000):
            pass
        assert not audio.banner.property("visible")
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def test_a_negative_speech_cache_size_keeps_the_cache(qtbot, data_paths: DataPaths,
                                                      catalog: Catalog) -> None:
    """`speech.cache_mb = -1` is no size: the default is kept, not "delete everything"."""
    from kiosk.app import KioskApp
    from kiosk.audio import install

    data_paths.config_file.write_text("[speech]\ncache_mb = -1\n")
    config = Config.load(data_paths.config_file)
    reading = data_paths.cache / "speech" / "an-earlier-reading"  # left by an earlier day
    reading.mkdir(parents=True)
    (reading / "manifest.json").write_text("{}")
    (reading / "0000.wav").write_bytes(b"\0" * 4096)
    app = KioskApp(catalog, config=config, paths=data_paths)
    audio = install(app)
    try:
        assert audio.listen._speech.cache_dir == reading.parent
        listen = audio.listen
        qtbot.waitUntil(lambda: listen.available, timeout=20_000)  # the probe pruned by now
        assert (reading / "0000.wav").exists()
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def test_each_idle_reset_brings_the_speech_cache_back_within_its_cap(
        qtbot, data_paths: DataPaths, catalog: Catalog) -> None:
    """A station runs for weeks: the readings visitors leave during the day are pruned
    after each visitor, not only at the next start (the oldest go, the newest stay)."""
    import os

    from kiosk.app import KioskApp
    from kiosk.audio import install

    data_paths.config_file.write_text("[speech]\ncache_mb = 1\n")
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app)
    try:
        qtbot.waitUntil(lambda: audio.listen.available, timeout=20_000)  # started, pruned
        cache = audio.listen._speech.cache_dir
        for n in range(20):  # the day's readings: 20 × 200 KB, the last the newest
            reading = cache / f"reading-{n:02d}"
            reading.mkdir(parents=True)
            (reading / "0000.wav").write_bytes(b"\0" * 200_000)
            (reading / "manifest.json").write_text("{}")
            os.utime(reading / "manifest.json", (1_000_000 + n, 1_000_000 + n))
        app.idle.idle_timer.timeout.emit()  # the idle reset after a visitor
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        left = sorted(p.name for p in cache.glob("reading-*"))
        assert 0 < len(left) <= 5  # 1 MB holds five of them
        assert left[-1] == "reading-19"
        size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
        assert size <= 1 * 2**20
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def test_a_schedule_another_process_commits_plays_on_time(qtbot, data_paths: DataPaths,
                                                          catalog: Catalog) -> None:
    """An import or sync (a child process) or `cafesach` in a terminal brings a new slot:
    the catalog watch tells the broadcaster, which reads the schedule again."""
    from kiosk.app import KioskApp
    from kiosk.audio import install

    catalog.put(Item(id="tin", title="Tin sáng", kind="bulletin", body="Xin chào bà con."))
    now = [datetime(2026, 11, 24, 6, 58, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))]
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app, clock=lambda: now[0])
    try:
        audio.broadcast.check()  # read: nothing scheduled yet
        with Catalog.open(data_paths) as importer:
            save_schedule(importer, Schedule((Slot("07:00", ("tin",)),)), source="kho-tinh")
        app.watch.check()  # what its timer does every few seconds
        now[0] = now[0].replace(minute=0, hour=7, second=1)
        with qtbot.waitSignal(audio.broadcast.started, timeout=5_000) as started:
            audio.broadcast.check()
        assert started.args == ["tin"]
        audio.broadcast.stopNow()
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()
