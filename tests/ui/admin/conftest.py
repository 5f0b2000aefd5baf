"""Fixtures for the librarian panel: a station with the demo library and a panel over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.demo import load_demo
from library.paths import DataPaths
from library.usb import Stick

from .harness import Panel


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[DataPaths, Catalog]]:
    paths = DataPaths(tmp_path / "data").ensure()
    catalog = Catalog.open(paths)
    load_demo(catalog)
    yield paths, catalog
    catalog.close()


@pytest.fixture
def stick_dir(tmp_path: Path) -> Path:
    path = tmp_path / "media" / "USB THU VIEN"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def panel(qapp, station, stick_dir: Path) -> Iterator[Panel]:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    panel = Panel(paths, catalog)
    panel.stick_list = [Stick(stick_dir, stick_dir.name, "/dev/sdz1", "vfat", False,
                              8 << 30, 4 << 30)]
    yield panel
    panel.close()
