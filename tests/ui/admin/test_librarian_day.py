"""A librarian's day at the panel: what a stick pulled out, or a setting changed, leads to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.unit.admin.packs import build_pack, trust

from ..bigcatalog import station as own_station
from .harness import Panel, as_read

pytestmark = pytest.mark.ui


@pytest.fixture
def station_kiosk(qapp, station):
    """The kiosk over a station of its own, as `cafesach run` starts it (its settings
    loaded): what these tests change stays out of the other tests' shared station."""
    from library.config import Config

    paths, catalog = station
    with own_station(paths, catalog, config=Config.load(paths.config_file),
                     size=(1366, 768)) as app:
        yield app


def test_a_stick_pulled_out_mid_import_is_said_so_not_called_a_bad_pack(
        panel: Panel, tmp_path: Path, stick_dir: Path, make_pdf,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from library.repository.worker import TEST_HOOK_ENV

    pdf = make_pdf("so-tay.pdf", ["Kỹ thuật trồng lúa."], title="Sổ tay nông nghiệp")
    built, public = build_pack(tmp_path / "build", pdf)
    pack = stick_dir / built.name
    pack.write_bytes(built.read_bytes())
    pulled_file = tmp_path / "pulled"
    # the import (in its own process) waits after its first object until the stick is out
    monkeypatch.setenv(TEST_HOOK_ENV, f"wait:staged-object:{pulled_file}")
    trust(panel.paths.root, public)
    panel.unlock()
    content = panel.admin.content
    content.refresh()
    before = panel.catalog.count(include_hidden=True)
    original = content._on_progress
    pulled: list[bool] = []

    def pull_stick(done: int, total: int, label: str) -> None:
        if not pulled:  # the stick goes away, its folder with it
            pulled.append(True)
            shutil.rmtree(stick_dir)
            pulled_file.touch()
        original(done, total, label)

    content._on_progress = pull_stick
    content.importPack(str(pack))
    content.importPack(str(pack))  # a second tap while the first runs starts nothing
    panel.wait(lambda: not content.busy)
    assert pulled and panel.tasks.pending == 0
    said = panel.read("importResult")
    assert "rút ra" in said and "giữ nguyên" in said
    assert "không hợp lệ" not in said
    assert panel.catalog.count(include_hidden=True) == before


def test_settings_saved_on_the_panel_reach_the_visitors_at_once(station_kiosk) -> None:
    """«Đã lưu.» (no restart said) for the home-screen timeout, volume, text size and
    contrast: the kiosk must use the new values now, and the next visitor gets them too."""
    from PySide6.QtCore import Q_ARG, QMetaObject, QObject, QUrl

    from kiosk.admin.panel import install
    from kiosk.touch import pump, tap, wait_until
    from library.admin import PinLock
    from library.stats import StatsStore

    from .harness import PIN

    kiosk = station_kiosk
    config = kiosk.config
    PinLock.open(kiosk.paths).set_pin(PIN)
    store = StatsStore.open(kiosk.paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
    admin = install(kiosk, stats=store)
    try:
        kiosk.slots.requestLibrarian()
        assert wait_until(lambda: kiosk.find("pinPrompt") is not None
                          and kiosk.find("pinPrompt").isVisible())
        admin.pin.submit(PIN)
        admin.showScreen("settings")
        pump(200)

        def press(name: str) -> None:
            pump(30)
            found = kiosk.find(name)
            assert found is not None and found.isVisible(), name
            tap(kiosk.window, found)
            pump(30)

        before_idle = int(config.get("station", "idle_timeout_s"))
        before_volume = kiosk.volume.level
        press("plus_idle_timeout_s")
        press("minus_volume")
        keys = [r["key"] for r in admin.settings.settingsModel.rows()]

        def scroll_to(key: str) -> None:  # as a finger would
            rows = kiosk.find("settingsList")
            QMetaObject.invokeMethod(rows, "positionViewAtIndex", Q_ARG(int, keys.index(key)),
                                     Q_ARG(int, 1))

        scroll_to("large_text")
        press("toggle_large_text")
        panel = kiosk.find("adminPanel")  # held: a child found through it lives with it
        assert panel.findChild(QObject, "panelTheme").property("largeText")  # the panel too
        scroll_to("high_contrast")  # larger text: the rows moved
        press("toggle_high_contrast")
        assert admin.settings.message == "Đã lưu."
        assert kiosk.idle.idle_timer.interval() == (before_idle + 15) * 1000
        assert kiosk.volume.level == before_volume - 10
        assert kiosk.display.largeText and kiosk.display.highContrast
        kiosk.reset()  # the next visitor finds the station as the librarian set it
        assert kiosk.display.largeText and kiosk.display.highContrast
        assert kiosk.volume.level == before_volume - 10
    finally:
        admin.pin.stop()
        kiosk.slots.set_source("librarian", QUrl())
        store.close()


def test_the_librarians_long_jobs_never_hold_up_the_visitors_tasks(
        panel: Panel, stick_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import (waiting on its process for minutes) and a file check at once, then the
    panel locked: the visitors' list reads and readings still run meanwhile."""
    import threading

    from library import report
    from library.errors import LibraryError
    from library.repository import worker

    release = threading.Event()
    started: list[str] = []

    def slow_import(*_args, **_kwargs):
        started.append("import")
        release.wait(30)
        raise LibraryError("stopped")

    def slow_check(*_args, **_kwargs):
        started.append("check")
        release.wait(30)
        raise LibraryError("stopped")

    monkeypatch.setattr(worker, "import_in_child", slow_import)
    monkeypatch.setattr(report, "check_integrity", slow_check)
    (stick_dir / "kho.zip").write_bytes(b"PK")
    panel.unlock()
    try:
        panel.admin.content.importPack(str(stick_dir / "kho.zip"))
        panel.admin.health.checkIntegrity()
        panel.wait(lambda: len(started) == 2)
        panel.admin.close()
        answered: list[int] = []
        panel.tasks.run(lambda: 42, answered.append)  # e.g. the home lists read again
        panel.wait(lambda: answered == [42], timeout_s=5)
    finally:
        release.set()
    panel.wait(lambda: not panel.admin.content.busy and not panel.admin.health.busy)


def test_a_morning_at_the_panel_shows_on_the_visitor_screens_at_once(
        station_kiosk, tmp_path: Path, make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    """PIN (a wrong one first), a pack imported from the stick, one item hidden, another
    featured, two in the attract loop, the panel locked: the home screen and the attract
    loop show it all without a restart, and the panel keeps no step half-done."""
    from PySide6.QtCore import QUrl

    import kiosk.admin.content as content_module
    import kiosk.admin.panel as panel_module
    from kiosk.touch import pump, tap, wait_until
    from library.admin import PinLock
    from library.stats import StatsStore
    from library.usb import Stick

    from .harness import PIN

    kiosk = station_kiosk
    stick = tmp_path / "media" / "USB THU VIEN"
    stick.mkdir(parents=True)
    pdf = make_pdf("so-tay.pdf", ["Kỹ thuật trồng lúa."], title="Sổ tay nông nghiệp")
    built, public = build_pack(tmp_path / "build", pdf)
    (stick / built.name).write_bytes(built.read_bytes())
    trust(kiosk.paths.root, public)

    def sticks() -> list[Stick]:
        return [Stick(stick, stick.name, "/dev/sdz1", "vfat", False, 8 << 30, 4 << 30)]

    # `install` builds the panel with the station's real stick finder: this one in its place
    for init in (content_module.ContentController.__init__,
                 panel_module.AdminController.__init__):
        monkeypatch.setattr(init, "__kwdefaults__", {**init.__kwdefaults__, "sticks": sticks})
    PinLock.open(kiosk.paths).set_pin(PIN)
    store = StatsStore.open(kiosk.paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
    admin = panel_module.install(kiosk, stats=store)

    def press(name: str) -> None:
        pump(30)
        found = kiosk.find(name)
        assert found is not None and found.isVisible(), name
        tap(kiosk.window, found)
        pump(30)

    try:
        kiosk.slots.requestLibrarian()
        assert wait_until(lambda: kiosk.find("pinPrompt") is not None
                          and kiosk.find("pinPrompt").isVisible())
        for key in "1357":
            press(f"key_{key}")
        press("key_OK")
        assert not admin.pin.unlocked
        for key in PIN:
            press(f"key_{key}")
        press("key_OK")
        assert admin.pin.unlocked and admin.screen == "content"
        assert admin.content.packsModel.rowCount() == 1
        press("importButton")
        assert wait_until(lambda: not admin.content.busy, 30)
        assert "thêm 1 mục" in as_read(kiosk.find("importResult").property("text"))
        new = next(i for i in kiosk.catalog.items() if i.title == "Sổ tay nông nghiệp")
        others = [i.id for i in kiosk.catalog.items() if i.id != new.id]
        shelf = admin.shelf
        shelf.setFeatured(new.id, True)
        shelf.setHidden(others[0], True)
        shelf.setAttract(new.id, True)
        shelf.setAttract(others[1], True)
        press("closePanel")
        assert not admin.pin.unlocked and not kiosk.window.property("librarianOpen")
        visit = kiosk.visit

        def ids(model) -> list[str]:
            return [model.idAt(row) for row in range(model.rowCount())]

        assert wait_until(lambda: new.id in ids(visit.featuredModel)
                          and others[0] not in ids(visit.newestModel)
                          and set(ids(visit.attractModel)) == {new.id, others[1]}, 10)
        assert ids(visit.newestModel)[0] == new.id
        assert admin.content.busy is False and kiosk.tasks.pending == 0
    finally:
        admin.pin.stop()
        kiosk.slots.set_source("librarian", QUrl())
        store.close()
