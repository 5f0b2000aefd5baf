"""Cài đặt: numbers, switches, choices and text are saved to config.toml; keys from a stick."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from library.config import Config
from tests.unit.admin.packs import build_pack

from .harness import PIN, Panel

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


@contextmanager
def panel_with_config(station, config_toml: str) -> Iterator[Panel]:
    """A panel on a station whose config.toml holds `config_toml` (written by hand)."""
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    paths.config_file.write_text(config_toml)
    panel = Panel(paths, catalog)
    try:
        yield panel
    finally:
        panel.close()


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


def test_the_panel_offers_each_language_of_the_station_by_its_own_name(panel: Panel) -> None:
    from library.config import LANGUAGES

    [row] = [r for r in panel.admin.settings.settingsModel.rows() if r["key"] == "language"]
    assert row["choices"] == list(LANGUAGES)
    # each named, none shown as its bare code: a language added to the station needs a name
    assert all(label not in LANGUAGES for label in row["choiceLabels"])
    assert row["choiceLabels"][:2] == ["Tiếng Việt", "English"]
    open_settings(panel)
    show_setting(panel, "language")
    panel.tap(f"choice_language_{LANGUAGES[-1]}")
    assert saved(panel, "station", "language") == LANGUAGES[-1]


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


def test_a_key_file_named_in_capitals_is_found(panel: Panel, stick_dir: Path, tmp_path: Path,
                                               make_pdf) -> None:
    """FAT sticks written on Windows or by old tools often hold SO-VHTTDL.PUB."""
    _, public = build_pack(tmp_path / "b", make_pdf("a.pdf", ["x"]))
    (stick_dir / "SO-VHTTDL.PUB").write_bytes(public.read_bytes())
    open_settings(panel)
    panel.tap("addKey")
    assert panel.admin.settings.keysModel.count == 1
    assert "SO-VHTTDL" in panel.find("settingsMessage").property("text")


def test_exit_kiosk_asks_before_it_quits(panel: Panel) -> None:
    open_settings(panel)
    exits: list[bool] = []
    panel.admin.settings.exitRequested.connect(lambda: exits.append(True))
    panel.tap("exitKiosk")
    assert exits == []  # one tap only asks
    assert "không dùng được trạm" in panel.find("exitWarning").property("text")
    panel.tap("cancelExit")
    assert not panel.find("confirmExit").isVisible() and exits == []
    panel.tap("exitKiosk")
    panel.tap("confirmExit")
    assert exits == [True]
    # and it is nowhere near the librarian's «Thêm khoá từ USB»
    add, leave = panel.find("addKey"), panel.find("exitKiosk")
    add_y = add.mapToScene(add.boundingRect().topLeft()).y()
    leave_y = leave.mapToScene(leave.boundingRect().topLeft()).y()
    assert leave_y - add_y > add.height()


def test_add_key_with_no_key_file_says_so(panel: Panel) -> None:
    open_settings(panel)
    panel.tap("plus_volume")
    assert panel.find("settingsMessage").property("text") == "Đã lưu."
    panel.tap("addKey")  # the stick holds no .pub file
    text = panel.find("settingsMessage").property("text")
    assert "Không thấy tệp khoá" in text and "Đã lưu" not in text
    assert panel.admin.settings.keysModel.count == 0
    panel.stick_list = []
    panel.tap("addKey")
    assert "Chưa thấy USB" in panel.find("settingsMessage").property("text")


def test_a_key_from_keygen_is_named_after_what_it_signed(
        panel: Panel, stick_dir: Path, tmp_path: Path, make_pdf) -> None:
    pack, public = build_pack(tmp_path / "b", make_pdf("a.pdf", ["x"]), title="Kho sách Lào Cai")
    (stick_dir / pack.name).write_bytes(pack.read_bytes())
    (stick_dir / "publisher.pub").write_bytes(public.read_bytes())
    open_settings(panel)
    panel.tap("addKey")
    names = [r["name"] for r in panel.admin.settings.keysModel.rows()]
    assert names == ["Kho sách Lào Cai"]
    assert "Kho sách Lào Cai" in panel.find("settingsMessage").property("text")


def test_a_key_with_nothing_signed_on_the_stick_shows_its_id(
        panel: Panel, stick_dir: Path, tmp_path: Path, make_pdf) -> None:
    _, public = build_pack(tmp_path / "b", make_pdf("a.pdf", ["x"]))
    (stick_dir / "publisher.pub").write_bytes(public.read_bytes())
    open_settings(panel)
    panel.tap("addKey")
    [row] = panel.admin.settings.keysModel.rows()
    assert row["name"] == "Khoá " + row["keyid"][:8]


def test_a_key_the_command_named_by_its_id_takes_a_better_name_from_the_stick(
        panel: Panel, stick_dir: Path, tmp_path: Path, make_pdf) -> None:
    """`cafesach trust add publisher.pub` names the key «Khoá» and its short id: the panel
    shows that in its own words, and a key file with a real name later names it."""
    from kiosk.main import main

    _, public = build_pack(tmp_path / "b", make_pdf("a.pdf", ["x"]))
    assert main(["--data", str(panel.paths.root), "trust", "add", str(public)]) == 0
    open_settings(panel)
    [row] = panel.admin.settings.keysModel.rows()
    assert row["name"] == "Khoá " + row["keyid"][:8]
    (stick_dir / "so-vhttdl.pub").write_bytes(public.read_bytes())
    panel.tap("addKey")
    assert [r["name"] for r in panel.admin.settings.keysModel.rows()] == ["so-vhttdl"]


def test_text_fields_are_typed_on_the_panel_keyboard(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "server_url")
    field = panel.find("text_server_url")
    assert field.height() >= panel.find("addKey").height()  # as big as a button
    assert not panel.find("settingsKeyboard").isVisible()
    panel.tap("text_server_url")
    assert panel.find("settingsKeyboard").isVisible()
    for key in "http":
        panel.tap(f"pkey_{key}")
    panel.tap("pkey_symbols")
    for key in (":", "/", "/"):
        panel.tap(f"pkey_{key}")
    panel.tap("pkey_symbols")
    panel.tap("pkey_shift")
    panel.tap("pkey_k")  # a capital, typed as it is: no Vietnamese typing rules
    for key in "ho":  # ⇧ held for one letter only, as on a phone
        panel.tap(f"pkey_{key}")
    assert field.property("text") == "http://Kho"
    panel.tap("pkey_done")
    assert saved(panel, "sync", "server_url") == "http://Kho"
    assert not panel.find("settingsKeyboard").isVisible()


def test_clock_buttons_ask_to_set_the_machine_clock(panel: Panel) -> None:
    open_settings(panel)
    assert panel.find("clockText").property("text")
    before = panel.config.now()
    panel.tap("clock_60")
    assert len(panel.clock_calls) == 1
    moved = (panel.clock_calls[0] - before).total_seconds()
    assert 3590 < moved < 3700
    assert "Đã đặt giờ" in panel.find("settingsMessage").property("text")


def test_steps_from_an_out_of_range_value_land_inside(qapp, station) -> None:
    with panel_with_config(station, "[station]\nvolume = 150\nidle_timeout_s = 5\n") as panel:
        open_settings(panel)
        panel.tap("minus_volume")  # lower, as asked: the highest allowed, not "invalid"
        assert saved(panel, "station", "volume") == 100
        assert panel.find("value_volume").property("text") == "100"
        panel.tap("plus_idle_timeout_s")
        assert saved(panel, "station", "idle_timeout_s") == 30
        assert "không hợp lệ" not in panel.find("settingsMessage").property("text")


def test_a_misspelt_zone_still_shows_the_time_the_station_keeps(qapp, station) -> None:
    """The running station falls back to Asia/Ho_Chi_Minh; the panel showed no time at all."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with panel_with_config(station, '[station]\ntime_zone = "Asia/Hanoi"\n') as panel:
        open_settings(panel)
        shown = panel.find("clockText").property("text")
        now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        assert shown.endswith(f", {now.day}/{now.month}/{now.year}") and ":" in shown


def test_a_misspelt_zone_is_named_under_its_row_until_a_zone_is_chosen(qapp, station) -> None:
    with panel_with_config(station, '[station]\ntime_zone = "Asia/Hanoi"\n') as panel:
        open_settings(panel)
        show_setting(panel, "time_zone")
        warning = panel.find("warning_time_zone")
        assert warning.isVisible()
        text = warning.property("text")
        assert "«Asia/Hanoi»" in text and "Asia/Ho_Chi_Minh" in text
        assert not panel.find_all("warning_volume")  # the other rows say nothing
        panel.tap("choice_time_zone_Asia/Ho_Chi_Minh")
        assert saved(panel, "station", "time_zone") == "Asia/Ho_Chi_Minh"
        assert not panel.find("warning_time_zone").isVisible()


def test_a_known_zone_has_no_warning(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "time_zone")
    assert not panel.find_all("warning_time_zone")
    assert panel.find("choice_time_zone_Asia/Ho_Chi_Minh").property("checked")


def test_counting_can_be_switched_from_the_panel(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "stats_enabled")
    panel.tap("toggle_stats_enabled")
    assert saved(panel, "admin", "stats_enabled") is False
    assert "khởi động lại" in panel.find("settingsMessage").property("text")


def test_a_voice_that_is_not_vietnamese_is_named_under_its_row(qapp, station) -> None:
    with panel_with_config(station, '[speech]\nvoice = "en-us"\n') as panel:
        open_settings(panel)
        show_setting(panel, "voice")
        assert "«en-us»" in panel.find("warning_voice").property("text")
        panel.tap("choice_voice_vi-vn-x-south")
        assert saved(panel, "speech", "voice") == "vi-vn-x-south"
        assert not panel.find("warning_voice").isVisible()


def type_keys(panel: Panel, keys: str) -> None:
    """Tap the panel keyboard's own keys (a capital with ⇧, a space with the space bar)."""
    for key in keys:
        if key == " ":
            panel.tap("pkey_space")
        elif key.isupper():
            panel.tap("pkey_shift")  # for this letter only
            panel.tap(f"pkey_{key.lower()}")
        else:
            panel.tap(f"pkey_{key}")


def test_only_names_people_read_are_typed_with_marks(panel: Panel) -> None:
    rows = {r["key"]: r["typing"] for r in panel.admin.settings.settingsModel.rows()
            if r["kind"] == "text"}
    assert rows == {"name": "vietnamese", "server_url": "literal", "ssid": "literal",
                    "password": "literal"}


def test_the_station_name_is_typed_with_telex_and_saved_composed(panel: Panel) -> None:
    import unicodedata

    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    scheme = panel.find("pkey_scheme")
    assert scheme.isVisible() and scheme.property("label") == "Telex"
    panel.tap("pkey_clear")
    type_keys(panel, "Nhaf vawn hoas")
    field = panel.find("text_name")
    assert field.property("text") == "Nhà văn hóa"  # shown composed while typed
    panel.tap("pkey_done")
    name = saved(panel, "station", "name")
    assert name == "Nhà văn hóa" and unicodedata.is_normalized("NFC", name)
    assert not panel.find("settingsKeyboard").isVisible()


def test_the_station_name_from_an_input_method_is_kept_to_one_line(panel: Panel) -> None:
    from library.text import one_line

    typed = " Nhà\u202e văn\u200b\nhóa\t👨\u200d👩\u200d👧 "
    panel.admin.settings.setValue("station", "name", typed)
    assert saved(panel, "station", "name") == one_line(typed) == "Nhà văn hóa 👨\u200d👩\u200d👧"


def test_backspace_takes_the_last_key_and_the_old_name_stays_as_it_was(panel: Panel) -> None:
    panel.admin.settings.setValue("station", "name", "Mississippi")
    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    field = panel.find("text_name")
    type_keys(panel, " Laapj")
    assert field.property("text") == "Mississippi Lập"  # «ss» already there is not a mark
    panel.tap("pkey_backspace")  # the last key (j, the dot below), as visitors' keyboard does
    assert field.property("text") == "Mississippi Lâp"
    for _ in range(5):  # « Laap»
        panel.tap("pkey_backspace")
    assert field.property("text") == "Mississippi"
    panel.tap("pkey_backspace")  # no key left: the old text loses its last letter
    assert field.property("text") == "Mississipp"
    panel.tap("pkey_done")
    assert saved(panel, "station", "name") == "Mississipp"


def test_the_scheme_switch_gives_vni(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    panel.tap("pkey_clear")
    panel.tap("pkey_scheme")
    assert panel.find("pkey_scheme").property("label") == "VNI"
    type_keys(panel, "ho1a")
    assert panel.find("text_name").property("text") == "hóa"
    panel.tap("pkey_done")
    assert saved(panel, "station", "name") == "hóa"


def test_the_panel_scheme_key_follows_the_same_cycle_as_the_visitors(panel: Panel) -> None:
    from kiosk.controllers.search import TypedText
    from tests.ui.test_search import scheme_cycle

    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    composer = panel.admin.settings.nameTyping
    shown = []
    for _ in range(3):
        panel.tap("pkey_scheme")
        shown.append((composer.scheme, panel.find("pkey_scheme").property("label")))
    assert shown == scheme_cycle(TypedText())
    panel.tap("pkey_done")


def test_the_wifi_password_is_typed_literally_with_no_scheme_switch(panel: Panel) -> None:
    open_settings(panel)
    show_setting(panel, "password")
    panel.tap("text_password")
    assert panel.find("settingsKeyboard").isVisible()
    assert not panel.find_all("pkey_scheme")
    panel.tap("pkey_clear")
    type_keys(panel, "aass")
    panel.tap("pkey_done")
    assert saved(panel, "wifi", "password") == "aass"
    show_setting(panel, "server_url")
    panel.tap("text_server_url")
    assert not panel.find_all("pkey_scheme")
    panel.tap("pkey_done")


def test_text_from_a_physical_keyboard_is_kept_as_typed(panel: Panel) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    open_settings(panel)
    show_setting(panel, "name")
    panel.tap("text_name")
    panel.tap("pkey_clear")
    for ch in "Pass":  # a physical keyboard: plain text, no Telex
        QTest.keyClick(panel.view, ch, Qt.KeyboardModifier.NoModifier)
    type_keys(panel, " xax")
    assert panel.find("text_name").property("text") == "Pass xã"
    panel.tap("pkey_done")
    assert saved(panel, "station", "name") == "Pass xã"


SPECIAL_KEYS = ("shift", "backspace", "symbols", "scheme", "clear", "space", "done")


def _keys_fit(panel: Panel, keyboard_name: str) -> list[str]:
    """Every key shown on the keyboard `keyboard_name`: at least 48 px each way, inside
    the keyboard, none over another. Returns their names."""
    from PySide6.QtCore import QRectF

    from kiosk.app import items_named

    keyboard = panel.find(keyboard_name)
    outline = keyboard.mapRectToScene(QRectF(0, 0, keyboard.width(), keyboard.height()))
    names = [f"pkey_{key}" for row in keyboard.property("rows").toVariant() for key in row]
    keys = [key for name in [*names, *(f"pkey_{key}" for key in SPECIAL_KEYS)]
            for key in items_named(keyboard, name) if key.isVisible()]
    places = {}
    for key in keys:
        name = key.objectName()
        assert min(key.width(), key.height()) >= 48, (name, key.width(), key.height())
        place = key.mapRectToScene(QRectF(0, 0, key.width(), key.height()))
        assert outline.contains(place), (name, place, outline)
        assert all(not place.intersected(other).isValid() for other in places.values()), name
        places[name] = place
    return sorted(places)


def test_every_panel_key_is_a_fingertip_wide_in_portrait(qapp, station) -> None:
    """At 768×1366 the panel's column leaves the keyboard about 520 px for ten keys: the
    gaps narrow so that no key is under 48 px, on the letters, on the symbols, with the
    typing-mode switch, and on the recovery code's keyboard."""
    from PySide6.QtQuickControls2 import QQuickStyle

    from library.admin import PinLock

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    panel = Panel(paths, catalog, size=(768, 1366))
    try:
        open_settings(panel)
        show_setting(panel, "name")
        panel.tap("text_name")
        assert panel.find("pkey_scheme").isVisible()
        letters = _keys_fit(panel, "settingsKeyboard")
        assert {"pkey_q", "pkey_p", "pkey_shift", "pkey_scheme", "pkey_done"} <= set(letters)
        assert len(letters) == 3 * 10 + 9 + 5
        panel.tap("pkey_symbols")
        assert "pkey_@" in _keys_fit(panel, "settingsKeyboard")
        panel.tap("pkey_symbols")
        panel.tap("pkey_done")
        PinLock.open(paths).set_pin(PIN)
        panel.admin.pin.lock()
        panel.tap("forgotPin")
        assert "pkey_k" in _keys_fit(panel, "codeKeyboard")
    finally:
        panel.close()


def open_server_field(panel: Panel) -> tuple[object, object]:
    """The server address field with the panel keyboard under it, both emptied."""
    open_settings(panel)
    show_setting(panel, "server_url")
    panel.tap("text_server_url")
    panel.tap("pkey_clear")
    return panel.find("text_server_url"), panel.find("settingsKeyboard")


def test_one_tap_on_shift_is_for_the_next_letter_only(panel: Panel) -> None:
    """⇧ stayed on until tapped again: «KHO» typed for «Kho», as no phone does."""
    field, keyboard = open_server_field(panel)
    panel.tap("pkey_shift")
    assert keyboard.property("shiftMode") == "once"
    assert panel.find("pkey_a").property("label") == "A"
    assert not panel.find("shiftLockMark").isVisible()
    for key in "kho":
        panel.tap(f"pkey_{key}")
    assert field.property("text") == "Kho"
    assert keyboard.property("shiftMode") == "off"
    assert panel.find("pkey_a").property("label") == "a"


def test_a_double_tap_on_shift_locks_capitals_until_tapped_again(panel: Panel) -> None:
    from kiosk.touch import double_tap

    field, keyboard = open_server_field(panel)
    double_tap(panel.view, panel.find("pkey_shift"))
    assert keyboard.property("shiftMode") == "lock"
    assert panel.find("shiftLockMark").isVisible()  # shown apart from the one-letter ⇧
    for key in "vnpt":
        panel.tap(f"pkey_{key}")
    panel.tap("pkey_shift")  # off
    assert not panel.find("shiftLockMark").isVisible()
    panel.tap("pkey_x")
    assert field.property("text") == "VNPTx"


def test_a_long_press_on_shift_locks_capitals(panel: Panel) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.touch import centre

    field, keyboard = open_server_field(panel)
    key = panel.find("pkey_shift")
    QTest.mousePress(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre(key))
    panel.wait(lambda: keyboard.property("shiftMode") == "lock")
    QTest.mouseRelease(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre(key))
    for letter in "ab":
        panel.tap(f"pkey_{letter}")
    assert field.property("text") == "AB"
    assert panel.find("shiftLockMark").isVisible()
