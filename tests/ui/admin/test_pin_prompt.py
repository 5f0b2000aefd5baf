"""The PIN prompt: first set-up with the code shown once, wrong PINs, recovery, relock."""

from __future__ import annotations

import time

import pytest

from library.admin import PinLock

from .harness import PIN, Panel

pytestmark = pytest.mark.ui


def test_first_setup_shows_the_code_once_then_opens(panel: Panel) -> None:
    assert panel.admin.pin.mode == "setup"
    assert panel.find("pinPrompt").isVisible()
    assert not panel.find("panelBody").isVisible()
    for digit in "1357":
        panel.tap(f"key_{digit}")
    panel.tap("key_OK")
    assert panel.admin.pin.mode == "setupConfirm"
    for digit in "1357":
        panel.tap(f"key_{digit}")
    panel.tap("key_OK")
    code = panel.find("recoveryCode").property("text")
    assert panel.admin.pin.mode == "showCode" and len(code) == 24
    panel.tap("codeNoted")
    assert panel.admin.pin.unlocked and panel.find("panelBody").isVisible()
    assert panel.admin.pin.recoveryCode == ""  # forgotten after it was shown
    assert PinLock.open(panel.paths).check_recovery(code)


def test_mismatched_setup_starts_again(panel: Panel) -> None:
    panel.type_pin("1111")
    panel.type_pin("2222")
    assert panel.admin.pin.mode == "setup"
    assert "không khớp" in panel.find("pinMessage").property("text")
    assert not PinLock.open(panel.paths).is_set


def test_wrong_pin_then_right_pin(panel: Panel) -> None:
    PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    panel.type_pin("0000")
    assert not panel.admin.pin.unlocked
    assert "Còn 9 lần" in panel.find("pinMessage").property("text")
    panel.type_pin(PIN)
    assert panel.admin.pin.unlocked


def test_visitor_lockout_then_recovery_code(panel: Panel) -> None:
    code = PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    moment = [time.time() - 2400]
    lock = PinLock.open(panel.paths, clock=lambda: moment[0])
    for _ in range(10):  # a visitor over the last 40 minutes, waiting out each delay
        assert not lock.check("9999").throttled
        moment[0] += 250
    panel.type_pin(PIN)
    assert not panel.admin.pin.unlocked
    assert "quá nhiều lần" in panel.find("pinMessage").property("text")
    panel.tap("forgotPin")
    assert panel.admin.pin.mode == "recover"
    panel.find("codeField").setProperty("text", code.lower())
    panel.tap("recoverSubmit")
    assert panel.admin.pin.mode == "newPin"
    panel.type_pin("8642")
    panel.type_pin("8642")
    assert panel.admin.pin.unlocked
    assert PinLock.open(panel.paths).check("8642").ok


def test_recovery_with_the_key_file_on_a_stick(panel: Panel, stick_dir) -> None:
    PinLock.open(panel.paths).set_pin(PIN, key_file_dir=stick_dir)
    panel.admin.pin.lock()
    panel.tap("forgotPin")
    panel.tap("recoverStick")
    assert panel.admin.pin.mode == "newPin"


def test_relocks_after_inactivity(panel: Panel, qtbot) -> None:
    panel.unlock()
    panel.admin.pin.set_relock_after(0.4)
    panel.admin.pin.touch()
    with qtbot.waitSignal(panel.admin.pin.unlockedChanged, timeout=5000):
        pass
    assert not panel.admin.pin.unlocked
    assert panel.find("pinPrompt").isVisible() and not panel.find("panelBody").isVisible()


def test_close_button_locks_and_signals(panel: Panel, qtbot) -> None:
    panel.unlock()
    with qtbot.waitSignal(panel.root.closed, timeout=2000):
        panel.tap("closePanel")
    assert not panel.admin.pin.unlocked


def test_a_damaged_pin_file_never_falls_back_to_setup(qapp, station) -> None:
    paths, catalog = station
    (paths.keys).mkdir(parents=True, exist_ok=True)
    (paths.keys / "admin.json").write_text("{not json")
    panel = Panel(paths, catalog)
    try:
        assert panel.admin.pin.mode == "broken"
        assert "cafesach pin set" in panel.find("pinMessage").property("text")
        assert not panel.find("keypad").isVisible()
        panel.admin.pin.submit("1234")
        assert not panel.admin.pin.unlocked and panel.admin.pin.mode == "broken"
    finally:
        panel.close()


def test_recovery_code_typed_on_the_station_keyboard(panel: Panel) -> None:
    code = PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    panel.tap("forgotPin")
    keyboard = panel.find("codeKeyboard")
    assert keyboard.isVisible()
    target = keyboard.property("target")
    for ch in code.replace("-", "").lower():
        target.typeKey(ch)
    assert panel.find("codeField").property("text") == code.replace("-", "")
    target.commit()
    assert panel.admin.pin.mode == "newPin"
