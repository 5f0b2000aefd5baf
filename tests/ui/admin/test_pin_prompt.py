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



def test_what_went_wrong_is_shown_in_the_warning_colour(panel: Panel) -> None:
    PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    panel.pump(50)
    message = panel.find("pinMessage")
    calm = message.property("color")
    panel.type_pin("0000")  # a wrong PIN
    assert panel.admin.pin.problem
    panel.pump(50)
    warning = message.property("color")
    assert warning != calm
    panel.tap("forgotPin")  # an instruction: not a problem
    assert not panel.admin.pin.problem
    panel.find("codeField").setProperty("text", "SAI-MA-KHOI-PHUC")
    panel.tap("recoverSubmit")
    message = panel.find("pinMessage")  # the prompt changed to its recovery form: found again
    assert "Mã khôi phục không đúng" in message.property("text")
    assert panel.admin.pin.problem
    panel.pump(50)
    assert message.property("color") == warning

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


def test_relocks_after_inactivity_and_gives_the_screen_back(panel: Panel, qtbot) -> None:
    panel.unlock()
    panel.tap("nav_shelf")  # a touch: the relock countdown starts again
    timer = panel.admin.pin.relock_timer
    assert timer.isActive() and timer.interval() == 120_000
    with qtbot.waitSignal(panel.root.closed, timeout=2000):
        timer.timeout.emit()  # the relock time passed without a touch
    assert not panel.admin.pin.unlocked
    assert panel.find("pinPrompt").isVisible() and not panel.find("panelBody").isVisible()


def test_a_pin_pad_left_alone_closes(panel: Panel, qtbot) -> None:
    """A visitor held the corner by accident and walked away: the PIN pad must not stay."""
    PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    timer = panel.admin.pin.relock_timer
    assert timer.isActive()  # counting from the moment the pad was shown
    panel.tap("key_1")
    assert panel.find("pinPrompt").property("typed") == "1"
    with qtbot.waitSignal(panel.root.closed, timeout=2000):
        timer.timeout.emit()
    assert panel.find("pinPrompt").property("typed") == ""
    assert not panel.admin.pin.unlocked


def test_the_recovery_code_goes_when_nobody_notes_it(panel: Panel, qtbot) -> None:
    panel.type_pin("1357")
    panel.type_pin("1357")
    assert panel.admin.pin.mode == "showCode"
    assert panel.find("recoveryCode").property("text")
    with qtbot.waitSignal(panel.root.closed, timeout=2000):
        panel.admin.pin.relock_timer.timeout.emit()
    assert panel.admin.pin.recoveryCode == ""
    assert panel.admin.pin.mode == "enter"  # the PIN was set; it is asked for now
    assert not panel.find("recoveryCode").isVisible() and not panel.find("codeNoted").isVisible()
    panel.admin.pin.codeNoted()  # a stale tap on «Tôi đã chép lại mã» opens nothing
    assert not panel.admin.pin.unlocked
    assert PinLock.open(panel.paths).check("1357").ok  # the PIN itself still works


def test_the_keypad_waits_after_wrong_pins_and_keeps_its_message(panel: Panel) -> None:
    PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    for _ in range(3):  # the third wrong PIN in a row makes the next try wait a second
        panel.type_pin("0000")
    pin = panel.admin.pin
    assert pin.waitSeconds == 1
    message = panel.find("pinMessage").property("text")
    assert "Còn 7 lần" in message
    assert not panel.find("key_5").property("enabled")  # greyed out while it waits
    panel.tap("key_5")
    assert panel.find("pinPrompt").property("typed") == ""
    panel.wall[0] += 2  # the wait is over
    pin.countdown_timer.timeout.emit()
    assert pin.waitSeconds == 0 and not pin.countdown_timer.isActive()
    assert panel.find("key_5").property("enabled")
    assert "Còn 7 lần" in panel.find("pinMessage").property("text")  # still says it
    panel.tap("key_1")
    panel.tap("key_2")
    pin.countdown_timer.timeout.emit()  # a late tick must not take the digits away
    assert panel.find("pinPrompt").property("typed") == "12"


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


@pytest.mark.parametrize(("written", "held"), [(0, 30), (-5, 30), (10**8, 86_400)])
def test_an_odd_relock_time_in_config_toml_is_held_to_range(
        qapp, station, written: int, held: int) -> None:
    """0 or less locked the panel again at once (the PIN opened nothing); more than a QTimer
    holds (about 24 days) stopped the panel, and the station with it, from starting."""
    paths, catalog = station
    paths.config_file.write_text(f"[admin]\nrelock_after_s = {written}\n")
    panel = Panel(paths, catalog)
    try:
        assert panel.admin.pin.relockAfterS == held
        panel.unlock()
        panel.tap("nav_shelf")
        assert panel.admin.pin.unlocked and panel.find("panelBody").isVisible()
    finally:
        panel.close()


def test_recovery_code_typed_on_the_station_keyboard(panel: Panel) -> None:
    code = PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()
    panel.tap("forgotPin")
    keyboard = panel.find("codeKeyboard")
    assert keyboard.isVisible()
    panel.tap("pkey_k")
    assert panel.find("codeField").property("text") == "K"  # capitals, as the code is written
    panel.tap("pkey_backspace")
    assert panel.find("pkey_done").property("label") == "Xong"
    assert not panel.find("key_scheme") and not panel.find("pkey_shift").isVisible()
    target = keyboard.property("target")
    for ch in code.replace("-", "").lower():
        target.typeKey(ch)
    assert panel.find("codeField").property("text") == code.replace("-", "")
    target.commit()
    assert panel.admin.pin.mode == "newPin"


def test_a_wrong_recovery_code_stays_typed_for_one_correction(panel: Panel) -> None:
    code = PinLock.open(panel.paths).set_pin(PIN).replace("-", "")
    panel.admin.pin.lock()
    panel.tap("forgotPin")
    wrong_last = "2" if code[-1] != "2" else "3"
    typed = code[:-1] + wrong_last
    for ch in typed.lower():
        panel.tap(f"pkey_{ch}")
    panel.tap("pkey_done")
    assert "Mã khôi phục không đúng" in panel.find("pinMessage").property("text")
    field = panel.find("codeField")
    assert field.property("text") == typed  # all 20 characters are still there
    assert field.property("cursorPosition") == len(typed)
    panel.tap("pkey_backspace")
    panel.tap(f"pkey_{code[-1].lower()}")
    assert field.property("text") == code
    panel.tap("pkey_done")
    assert panel.admin.pin.mode == "newPin"
    assert field.property("text") == ""  # the code is not kept once it did its work


def test_a_character_in_the_middle_of_the_code_is_corrected_at_the_cursor(panel: Panel) -> None:
    code = PinLock.open(panel.paths).set_pin(PIN).replace("-", "")
    panel.admin.pin.lock()
    panel.tap("forgotPin")
    wrong = "2" if code[3] != "2" else "3"
    typed = code[:3] + wrong + code[4:]
    for ch in typed.lower():
        panel.tap(f"pkey_{ch}")
    panel.tap("recoverSubmit")
    field = panel.find("codeField")
    assert field.property("text") == typed
    field.setProperty("cursorPosition", 4)  # a tap after the wrong character
    panel.tap("pkey_backspace")
    panel.tap(f"pkey_{code[3].lower()}")
    assert field.property("text") == code
    panel.tap("recoverSubmit")
    assert panel.admin.pin.mode == "newPin"


def test_a_pin_set_meanwhile_from_the_command_line_is_kept(panel: Panel) -> None:
    """`cafesach pin set` ran while the first PIN was being typed here: the core refuses
    to replace it (`set_pin(first=True)`), and the prompt says so in one line."""
    panel.type_pin("1357")
    assert panel.admin.pin.mode == "setupConfirm"
    PinLock.open(panel.paths).set_pin("9999")  # from the command line, meanwhile
    panel.type_pin("1357")
    assert panel.admin.pin.mode == "enter" and not panel.admin.pin.unlocked
    assert panel.find("pinMessage").property("text") == \
        "Mã PIN vừa được đặt ở nơi khác; mã ấy được giữ."
    assert panel.admin.pin.problem and panel.admin.pin.recoveryCode == ""
    assert PinLock.open(panel.paths).check("9999").ok  # the command line's PIN stands
    panel.type_pin("9999")
    assert panel.admin.pin.unlocked


def test_on_a_full_disk_the_keypad_still_waits_after_wrong_pins(
        panel: Panel, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrong PINs the disk cannot take are said as the disk's line and still counted: the
    third makes the keypad wait, so no visitor can try every PIN in turn there."""
    import errno

    PinLock.open(panel.paths).set_pin(PIN)
    panel.admin.pin.lock()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("library.admin.write_atomic", full)
    for _ in range(3):
        panel.type_pin("0000")
    pin = panel.admin.pin
    assert "Đĩa đã đầy" in panel.find("pinMessage").property("text")
    assert pin.waitSeconds == 1 and not panel.find("key_5").property("enabled")
    panel.type_pin(PIN)  # typed while it waits: not taken
    assert not pin.unlocked
    panel.wall[0] += 2  # the wait is over
    pin.countdown_timer.timeout.emit()
    panel.type_pin(PIN)
    assert pin.unlocked
