"""Cài đặt on a full disk: the real reason on the line, the setting left as config.toml has it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from library import config as config_module
from library.config import Config

from ..english import english
from .harness import Panel
from .test_settings_screen import open_settings, saved, show_setting, type_keys

pytestmark = pytest.mark.ui

FULL = "Đĩa đã đầy, không ghi được cài đặt."


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """config.toml finds no room: the write fails as on a disk filled to the last byte."""
    def no_room(path: Path, data: bytes, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(config_module, "write_atomic", no_room)


def test_a_name_not_saved_says_why_and_the_field_shows_the_saved_one(
        panel: Panel, full_disk: None) -> None:
    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    panel.tap("pkey_clear")
    type_keys(panel, "Trajm mowis")
    field = panel.find("text_name")
    assert field.property("text") == "Trạm mới"
    panel.tap("pkey_done")
    assert panel.admin.settings.message == FULL  # not «Giá trị không hợp lệ: Tên trạm»
    line = panel.find("settingsMessage")
    assert line.property("text") == FULL
    # in the warning colour: it must not read like «Đã lưu.»
    assert line.property("color") == panel.theme().property("warm")
    assert panel.admin.settings.problem
    assert panel.config.get("station", "name") == "Café sách 4.0"  # as config.toml has it
    assert saved(panel, "station", "name") == "Café sách 4.0"
    panel.pump(50)
    assert field.property("text") == "Café sách 4.0"
    row = next(r for r in panel.admin.settings.settingsModel.rows() if r["key"] == "name")
    assert row["value"] == "Café sách 4.0"


def test_a_number_and_a_switch_not_saved_stay_as_they_were(
        panel: Panel, full_disk: None) -> None:
    changed: list[tuple[str, str]] = []
    panel.admin.settings.settingChanged.connect(lambda s, k: changed.append((s, k)))
    open_settings(panel)
    panel.tap("plus_volume")
    assert panel.find("value_volume").property("text") == "80"
    assert panel.config.get("station", "volume") == 80
    show_setting(panel, "large_text")
    panel.tap("toggle_large_text")
    assert panel.find("toggle_large_text").property("checked") is False
    assert panel.config.get("station", "large_text") is False
    assert panel.admin.settings.message == FULL
    assert changed == []  # the running station is not told of a value it must not take


def test_the_reason_is_said_in_english_on_an_english_panel(
        panel: Panel, full_disk: None) -> None:
    with english():
        panel.admin.settings.setValue("station", "idle_timeout_s", 120)
        assert panel.admin.settings.message == (
            f"cannot write {panel.paths.config_file}: No space left on device")


def test_a_value_out_of_bounds_is_still_called_invalid(panel: Panel) -> None:
    panel.admin.settings.setValue("station", "volume", 150)
    assert panel.admin.settings.message == "Giá trị không hợp lệ: Âm lượng"
    assert panel.admin.settings.problem


def test_the_next_save_after_room_was_made_goes_through(
        panel: Panel, monkeypatch: pytest.MonkeyPatch) -> None:
    real = config_module.write_atomic

    def no_room(path: Path, data: bytes, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(config_module, "write_atomic", no_room)
    panel.admin.settings.setValue("station", "volume", 50)
    monkeypatch.setattr(config_module, "write_atomic", real)
    panel.admin.settings.setValue("station", "name", "Chợ Đà Lạt")
    on_disk = Config.load(panel.paths.config_file)
    assert on_disk.get("station", "name") == "Chợ Đà Lạt"
    assert on_disk.get("station", "volume") == 80  # the refused value did not ride along
    assert panel.admin.settings.message == "Đã lưu." and not panel.admin.settings.problem
