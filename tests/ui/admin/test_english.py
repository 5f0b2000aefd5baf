"""The librarian panel in English: the QML's own words and the lines its models build."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths
from library.sizes import human_size
from library.usb import Stick

from ..english import english
from .harness import Panel

pytestmark = pytest.mark.ui


def text(panel: Panel, name: str) -> str:
    item = panel.find(name)
    assert item is not None, f"no QML item {name!r}"
    return item.property("text")


def test_panel_speaks_english(qapp, station: tuple[DataPaths, Catalog], stick_dir: Path) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    with english():
        panel = Panel(paths, catalog)
        try:
            panel.stick_list = [Stick(stick_dir, "USB THU VIEN", "/dev/sdz1", "vfat", False,
                                      8 << 30, 4 << 30)]
            assert text(panel, "pinTitle") == "Set the librarian PIN"
            assert text(panel, "pinMessage") == "No PIN yet. Please set a new PIN."
            panel.type_pin("1357")
            assert text(panel, "pinTitle") == "Enter the PIN again"
            panel.type_pin("2468")  # not the same: the model's message, in English
            assert text(panel, "pinMessage") == "The two entries do not match. Please try again."
            panel.tap("cancelPin")

            panel.unlock()
            assert text(panel, "nav_content") == "Load content"
            assert text(panel, "nav_settings") == "Settings"
            assert text(panel, "closePanel") == "Lock and close"

            panel.admin.showScreen("content")
            panel.admin.content.refresh()
            panel.pump(100)
            assert text(panel, "ejectButton") == "Safely remove USB"
            assert text(panel, "stick") == f"USB THU VIEN · {human_size(4 << 30)} free"
            assert text(panel, "stickMessage") == "This USB stick has no content pack."

            panel.admin.showScreen("settings")
            panel.pump(100)
            assert text(panel, "label_name") == "Station name"
            assert text(panel, "label_orientation") == "Screen orientation"
            assert text(panel, "choice_orientation_portrait") == "Portrait"
            assert text(panel, "addKey") == "Add key from USB"

            panel.admin.showScreen("health")
            panel.wait(lambda: panel.admin.health.busy == "")
            panel.pump(100)
            labels = [i.property("text") for i in panel.find_all("factLabel")]
            assert labels[:2] == ["Free space", "Library"]
            assert text(panel, "checkIntegrity") == "Check file integrity"
        finally:
            panel.close()


def test_the_name_fields_typing_switch_speaks_english(
        qapp, station: tuple[DataPaths, Catalog]) -> None:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    with english():
        panel = Panel(paths, catalog)
        try:
            panel.unlock()
            panel.admin.showScreen("settings")
            panel.pump(100)
            panel.tap("text_name")
            assert panel.find("pkey_scheme").property("caption") == "Typing"
            panel.tap("pkey_scheme")
            panel.tap("pkey_scheme")
            assert panel.find("pkey_scheme").property("label") == "No marks"
        finally:
            panel.close()


def test_sizes_are_written_the_english_way(
        qapp, station: tuple[DataPaths, Catalog], stick_dir: Path) -> None:
    """«11 byte», «2,4 GB» in an English panel: a decimal comma and no plural."""
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    (stick_dir / "kho-tinh.zip").write_bytes(b"not a pack!")  # 11 bytes
    with english():
        panel = Panel(paths, catalog)
        try:
            panel.stick_list = [Stick(stick_dir, "USB THU VIEN", "/dev/sdz1", "vfat", False,
                                      8 << 30, 2_516_582 << 10)]
            panel.unlock()
            panel.admin.showScreen("content")
            panel.admin.content.refresh()
            panel.pump(100)
            assert text(panel, "stick") == "USB THU VIEN · 2.4 GB free"
            [pack] = panel.admin.content.packsModel.rows()
            assert pack["sizeText"] == "11 bytes"

            panel.admin.showScreen("health")
            panel.wait(lambda: panel.admin.health.busy == "")
            free = panel.admin.health.facts[0]["value"]
            assert free.endswith(("bytes", "KB", "MB", "GB")) and "," not in free
        finally:
            panel.close()
