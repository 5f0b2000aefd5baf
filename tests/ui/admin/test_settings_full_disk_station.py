"""A setting the panel could not save (a full disk) is not taken by the running station."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from library import config as config_module
from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths

from ..bigcatalog import station

pytestmark = pytest.mark.ui


def test_the_running_station_keeps_what_config_toml_holds(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QUrl

    from kiosk.admin.panel import install
    from kiosk.touch import pump
    from library.stats import StatsStore

    paths = DataPaths(tmp_path / "data").ensure()
    paths.config_file.write_text('[station]\nname = "Chợ Đà Lạt"\nvolume = 60\n',
                                 encoding="utf-8")

    def no_room(path: Path, data: bytes, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Catalog.open(paths) as catalog, station(
            paths, catalog, config=Config.load(paths.config_file), size=(1366, 768)) as app:
        store = StatsStore.open(paths.root, today=lambda: "2026-03-10", flush_interval_s=None)
        admin = install(app, stats=store)
        try:
            monkeypatch.setattr(config_module, "write_atomic", no_room)
            admin.settings.setValue("station", "name", "Trạm mới")
            admin.settings.setValue("station", "volume", 100)
            admin.settings.setValue("station", "large_text", True)
            pump(100)
            assert admin.settings.message == "Đĩa đã đầy, không ghi được cài đặt."
            assert app.find("stationName").property("text") == "Chợ Đà Lạt"
            assert app.volume.level == 60 and not app.display.largeText
            app.reset()  # the next visitor: the volume and text size read from the settings
            pump(100)
            assert app.volume.level == 60 and not app.display.largeText
        finally:
            store.close()
            app.slots.set_source("librarian", QUrl())
