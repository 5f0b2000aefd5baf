"""Cài đặt: numbers, switches, choices and text are saved to config.toml; keys from a stick."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.config import Config
from tests.unit.admin.packs import build_pack

from .harness import Panel

pytestmark = pytest.mark.ui


def open_settings(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("settings")
    panel.pump(100)


def show_setting(panel: Panel, key: str) -> None:
    """Scroll the settings list to `key`'s row (a row far down may not be made yet)."""
    keys = [r["key"] for r in panel.admin.settings.settingsModel.rows()]
    panel.scroll_to("settingsList", keys.index(key))


def saved(panel: Panel, section: str, key: str):
    return Config.load(panel.paths.config_file).get(section, key)


def test_number_switch_and_choice_are_saved(panel: Panel) -> None:
    open_settings(panel)
    panel.tap("plus_volume")
    assert saved(panel, "station", "volume") == 90
    assert panel.find("value_volume").property("text") == "90"
    show_setting(panel, "large_text")
    panel.tap("toggle_large_text")
    assert saved(panel, "station", "large_text") is True
    show_setting(panel, "orientation")
    panel.tap("choice_orientation_portrait")
    assert saved(panel, "station", "orientation") == "portrait"
    assert "khởi động lại" in panel.find("settingsMessage").property("text")


def test_bounds_and_bad_values_are_refused(panel: Panel) -> None:
    open_settings(panel)
    settings = panel.admin.settings
    settings.setValue("station", "volume", 250)
    assert saved(panel, "station", "volume") == 80
    assert "không hợp lệ" in panel.find("settingsMessage").property("text")
    settings.setValue("station", "language", "fr")
    assert saved(panel, "station", "language") == "vi"
    settings.setValue("station", "nonsense", 1)  # not an editable setting: ignored
    assert not Config.load(panel.paths.config_file).as_dict()["station"].get("nonsense")


def test_text_setting_and_relock_applied_live(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "server_url")
    field = panel.find("text_server_url")
    field.setProperty("text", "https://kho.tinh.gov.vn/thu-vien")
    field.editingFinished.emit()
    assert saved(panel, "sync", "server_url") == "https://kho.tinh.gov.vn/thu-vien"
    panel.admin.settings.setValue("admin", "relock_after_s", 300)
    assert panel.admin.pin.relockAfterS == 300


def test_add_a_trusted_key_from_the_stick(panel: Panel, stick_dir: Path, tmp_path: Path,
                                          make_pdf) -> None:
    _, public = build_pack(tmp_path / "b", make_pdf("a.pdf", ["x"]))
    (stick_dir / "so-vhttdl.pub").write_bytes(public.read_bytes())
    open_settings(panel)
    assert panel.admin.settings.keysModel.count == 0
    panel.tap("addKey")
    assert panel.admin.settings.keysModel.count == 1
    assert "so-vhttdl" in panel.find("settingsMessage").property("text")


def test_exit_kiosk_is_a_signal(panel: Panel, qtbot) -> None:
    open_settings(panel)
    with qtbot.waitSignal(panel.admin.settings.exitRequested, timeout=2000):
        panel.tap("exitKiosk")


def test_clock_buttons_ask_to_set_the_machine_clock(panel: Panel) -> None:
    open_settings(panel)
    assert panel.find("clockText").property("text")
    before = panel.config.now()
    panel.tap("clock_60")
    assert len(panel.clock_calls) == 1
    moved = (panel.clock_calls[0] - before).total_seconds()
    assert 3590 < moved < 3700
    assert "Đã đặt giờ" in panel.find("settingsMessage").property("text")
