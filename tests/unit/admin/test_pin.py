"""The librarian PIN: hashing, throttle persisted across a killed process, recovery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from library.admin import (
    KEY_FILE_NAME,
    MAX_FAILURES_PER_HOUR,
    AdminSession,
    PinLock,
    check_pin_format,
    check_secret,
    normalise_recovery_code,
    read_key_file,
    write_key_file,
)
from library.errors import AdminError, InvalidInput
from library.paths import DataPaths

ROOT = Path(__file__).resolve().parents[3]
T0 = 1_800_000_000.0


@pytest.fixture(autouse=True)
def fast_scrypt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheaper scrypt for the throttle tests (the cost is stored in each record)."""
    if request.node.name != "test_pin_and_code_never_on_disk_in_clear":
        monkeypatch.setattr("library.admin.SCRYPT_N", 2**10)


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def pin_set_at_t0(data_paths: DataPaths) -> tuple[Clock, PinLock]:
    """A lock with the PIN 1357 on a clock the test moves by hand."""
    clock = Clock()
    lock = PinLock.open(data_paths, clock=clock)
    lock.set_pin("1357")
    return clock, lock


def test_pin_and_code_never_on_disk_in_clear(data_paths: DataPaths) -> None:
    lock = PinLock.open(data_paths)
    code = lock.set_pin("482913")
    text = (data_paths.keys / "admin.json").read_text()
    assert "482913" not in text
    assert code not in text and code.replace("-", "") not in text
    record = json.loads(text)
    assert record["pin"]["algo"] == "scrypt" and record["pin"]["n"] >= 2**14
    assert oct((data_paths.keys / "admin.json").stat().st_mode)[-3:] == "600"
    assert lock.check("482913").ok
    assert not lock.check("482914").ok


@pytest.mark.parametrize("bad", ["123", "abcd", "12 34", "1234567890123", "١٢٣٤"])
def test_pin_format(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_pin_format(bad)


def test_growing_delay_and_hourly_limit(data_paths: DataPaths) -> None:
    clock, lock = pin_set_at_t0(data_paths)
    waits = []
    for _ in range(6):
        result = lock.check("0000")
        assert not result.ok and not result.throttled
        waits.append(result.wait_s)
        # an immediate retry is refused while the delay runs, and is not counted
        if result.wait_s:
            again = lock.check("1357")
            assert again.throttled and not again.ok
        clock.now += result.wait_s
    assert waits == [0, 0, 1, 2, 4, 8]  # doubling after the second failure
    assert lock.status().remaining == MAX_FAILURES_PER_HOUR - 6


def test_ten_failures_lock_for_the_rest_of_the_hour(data_paths: DataPaths) -> None:
    clock, lock = pin_set_at_t0(data_paths)
    for _ in range(MAX_FAILURES_PER_HOUR):
        clock.now += 300
        assert not lock.check("9999").throttled
    first_failure = T0 + 300
    clock.now += 300
    refused = lock.check("1357")  # even the right PIN is refused now
    assert refused.throttled and not refused.ok and refused.remaining == 0
    assert refused.wait_s == pytest.approx(first_failure + 3600 - clock.now)
    clock.now = first_failure + 3601
    assert lock.check("1357").ok
    assert lock.status().remaining == MAX_FAILURES_PER_HOUR  # success clears the record


def test_setting_the_clock_back_does_not_clear_the_throttle(data_paths: DataPaths) -> None:
    clock, lock = pin_set_at_t0(data_paths)
    for _ in range(MAX_FAILURES_PER_HOUR):
        clock.now += 200
        lock.check("9999")
    clock.now = T0 - 86400  # a day back
    assert lock.check("1357").throttled


def test_wrong_pins_typed_at_the_same_moment_are_all_counted(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk's pad and `cafesach pin check` (or many scripts side by side) at once: each
    attempt must not read the failure count before the other has written it back, or
    parallel guesses would get round the hourly limit."""
    import library.admin as admin

    clock, first = pin_set_at_t0(data_paths)
    second = PinLock.open(data_paths, clock=clock)
    real_check = admin.check_secret
    other = threading.Thread(target=lambda: second.check("2222"), name="second")

    def check_while_another_attempt_runs(secret: str, record: dict) -> bool:
        if threading.current_thread().name == "first" and not other.is_alive():
            other.start()
            other.join(timeout=1.0)  # without the lock the second attempt runs whole here
        return real_check(secret, record)

    monkeypatch.setattr(admin, "check_secret", check_while_another_attempt_runs)
    worker = threading.Thread(target=lambda: first.check("1111"), name="first")
    worker.start()
    worker.join(timeout=30)
    other.join(timeout=30)
    assert len(json.loads(first.path.read_text())["failures"]) == 2
    assert first.status().remaining == MAX_FAILURES_PER_HOUR - 2


def test_an_attempt_waits_for_no_stuck_holder_for_ever(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `pin` process stopped while it holds the lock (Ctrl+Z) must not freeze the PIN pad."""
    import fcntl

    _clock, lock = pin_set_at_t0(data_paths)
    monkeypatch.setattr("library.admin.LOCK_WAIT_S", 0.2)
    fd = os.open(lock.path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(AdminError, match="another PIN check") as caught:
            lock.check("1111")
        assert caught.value.message_vi == "Trạm đang kiểm tra một mã PIN khác. Hãy thử lại."
    finally:
        os.close(fd)
    assert lock.status().remaining == MAX_FAILURES_PER_HOUR  # nothing was counted
    assert lock.check("1357").ok


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from library.admin import PinLock
    t = [float(sys.argv[2])]
    lock = PinLock(Path(sys.argv[1]), clock=lambda: t[0])
    for i in range(6):
        result = lock.check("0000")
        print(result.remaining, flush=True)
        t[0] += 300
    time.sleep(600)
""")


def test_failures_survive_sigkill_and_restart(data_paths: DataPaths) -> None:
    path = data_paths.keys / "admin.json"
    PinLock(path).set_pin("2468")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(T0)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        seen = [int(proc.stdout.readline()) for _ in range(6)]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert seen == [9, 8, 7, 6, 5, 4]
    clock = Clock(T0 + 1800)
    lock = PinLock(path, clock=clock)  # "after the restart"
    assert lock.status().remaining == 4
    for _ in range(4):
        clock.now += 200
        assert not lock.check("0000").ok
    clock.now += 200
    assert lock.check("2468").throttled
    assert not path.with_suffix(".json.tmp").exists()


def test_visitor_cannot_lock_out_the_librarian(data_paths: DataPaths, tmp_path: Path) -> None:
    clock = Clock()
    lock = PinLock.open(data_paths, clock=clock)
    stick = tmp_path / "stick"
    stick.mkdir()
    code = lock.set_pin("8080", key_file_dir=stick)
    for _ in range(25):  # a visitor hammering the pad, and the recovery route too
        clock.now += 1
        lock.check("1111")
        assert not lock.check_recovery("AAAA-BBBB-CCCC-DDDD-EEEE")
    assert lock.check("8080").throttled
    # the recovery code (any spelling) and the key file still work, never throttled
    assert lock.check_recovery(code.lower().replace("-", " "))
    assert lock.unlock_with_key_file(stick)
    lock.reset_with_recovery(code, "9090")
    assert lock.check("9090").ok
    assert lock.check_recovery(code)  # the code stays valid for next time
    with pytest.raises(AdminError):
        lock.reset_with_recovery("WRNG-WRNG-WRNG-WRNG-WRNG", "1234")


def test_key_file_of_another_station_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    lock = PinLock.open(data_paths)
    lock.set_pin("1234")
    write_key_file(tmp_path, "ABCD-EFGH-JKLM-NPQR-STUV")
    assert not lock.unlock_with_key_file(tmp_path)
    assert not lock.unlock_with_key_file(tmp_path / "nothing")


def test_normalise_recovery_code() -> None:
    assert normalise_recovery_code(" abcd efgh-jkLM npqr STUV ") == "ABCD-EFGH-JKLM-NPQR-STUV"


def test_session_relocks_after_inactivity() -> None:
    clock = Clock(0)
    session = AdminSession(120, clock=clock)
    assert not session.is_unlocked
    session.unlock()
    clock.now = 100
    assert session.touch()
    clock.now = 219
    assert session.is_unlocked and session.seconds_left() == pytest.approx(1)
    clock.now = 220
    assert not session.is_unlocked
    assert not session.touch()  # a touch after expiry does not reopen it


def run_cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_pin_cli_set_check_reset(tmp_path: Path) -> None:
    data = tmp_path / "data"
    short = run_cli(data, "pin", "set", stdin="12\n12\n")
    assert short.returncode == 1 and "4–12 digits" in short.stderr
    mismatch = run_cli(data, "pin", "set", stdin="1234\n4321\n")
    assert mismatch.returncode == 1 and "differ" in mismatch.stderr
    done = run_cli(data, "pin", "set", stdin="1234\n1234\n")
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip()
    assert len(code) == 24 and code.count("-") == 4
    assert run_cli(data, "pin", "check", stdin="1234\n").returncode == 0
    wrong = run_cli(data, "pin", "check", stdin="9999\n")
    assert wrong.returncode == 1 and "9 tries left" in wrong.stderr
    bad_code = run_cli(data, "pin", "reset", "--recovery-code", stdin="XXXX\n5555\n5555\n")
    assert bad_code.returncode == 1 and "recovery code" in bad_code.stderr
    reset = run_cli(data, "pin", "reset", "--recovery-code", stdin=f"{code}\n5555\n5555\n")
    assert reset.returncode == 0, reset.stderr
    assert run_cli(data, "pin", "check", stdin="5555\n").returncode == 0


def test_pin_cli_piped_input_mistakes_are_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    once = run_cli(data, "pin", "set", stdin="1234\n")  # a script gave the PIN once
    assert once.returncode == 1
    assert "give it twice on standard input (two lines)" in once.stderr, once.stderr
    assert "differ" not in once.stderr
    # a missing key-file folder is said before any PIN is read, not after all were typed
    missing = run_cli(data, "pin", "set", "--key-file", str(tmp_path / "USB"), stdin="")
    assert missing.returncode == 1
    assert missing.stderr == f"cafesach: error: {tmp_path / 'USB'}: no such folder\n"
    assert not (data / "keys" / "admin.json").exists()
    for how in (("--recovery-code",), ("--key-file", str(tmp_path))):
        unset = run_cli(data, "pin", "reset", *how, stdin="ABCD-EFGH-JKLM-NPQR-STUV\n")
        assert unset.returncode == 1
        assert "no PIN is set, so there is nothing to reset" in unset.stderr, unset.stderr


_GOOD = {"algo": "scrypt", "n": 1024, "r": 8, "p": 1, "salt": "c2FsdHNhbHRzYWx0",
         "hash": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}


@pytest.mark.parametrize("damage", [
    {"pin": "x"},
    {"pin": dict(_GOOD, n=3)},
    {"pin": dict(_GOOD, hash="not base64!")},
    {"pin": _GOOD, "recovery": {"algo": "md5"}},
    {"pin": _GOOD, "failures": "soon"},
    {"pin": _GOOD, "streak": "3"},
    ["pin"],
])
def test_a_damaged_pin_file_is_one_clear_error(data_paths: DataPaths, damage: object) -> None:
    _clock, lock = pin_set_at_t0(data_paths)
    lock.path.write_text(json.dumps(damage))
    for attempt in (lambda: lock.check("1357"), lambda: lock.is_set, lock.status,
                    lambda: lock.check_recovery("AAAA")):
        with pytest.raises(AdminError, match="is damaged; delete it") as caught:
            attempt()
        assert "bị hỏng" in caught.value.message_vi
    assert json.loads(lock.path.read_text()) == damage  # left for the technician to see


def test_a_damaged_pin_file_is_one_line_from_the_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli(data, "pin", "set", stdin="1234\n1234\n").returncode == 0
    (data / "keys" / "admin.json").write_text('{"pin": "x"}')
    result = run_cli(data, "pin", "check", stdin="1234\n")
    assert result.returncode == 1 and "is damaged" in result.stderr
    assert result.stderr.count("\n") == 1


def test_pin_cli_does_not_call_a_throttled_or_malformed_pin_wrong(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli(data, "pin", "set", stdin="1234\n1234\n").returncode == 0
    for line in ("\n", "12a4\n"):  # not a PIN at all: refused, no try spent
        refused = run_cli(data, "pin", "check", stdin=line)
        assert refused.returncode == 1 and "4–12 digits" in refused.stderr
    wrong = run_cli(data, "pin", "check", stdin="9999\n")
    assert "9 tries left" in wrong.stderr
    # wrong PINs stamped ahead of the wall clock keep the pad throttled for this whole test
    ahead = PinLock(data / "keys" / "admin.json", clock=lambda: time.time() + 600)
    for _ in range(4):
        ahead.check("9999")
    for args, stdin in ((("pin", "set"), "1234\n5555\n5555\n"), (("pin", "check"), "1234\n")):
        result = run_cli(data, *args, stdin=stdin)
        assert result.returncode == 1
        assert "too many wrong PINs; try again in" in result.stderr, result.stderr
    stored = json.loads((data / "keys" / "admin.json").read_text())
    assert check_secret("1234", stored["pin"])  # the PIN is unchanged


def test_a_key_file_on_a_locked_stick_is_one_line_naming_it_and_sets_nothing(
        data_paths: DataPaths, tmp_path: Path) -> None:
    from library.errors import StorageError

    from .mounts import tmpfs

    with tmpfs(tmp_path / "USB KHOA", "1m", what="locked stick test") as stick:
        subprocess.run(["mount", "-o", "remount,ro", str(stick)], check=True)
        lock = PinLock.open(data_paths)
        with pytest.raises(StorageError) as caught:
            lock.set_pin("2468", key_file_dir=stick)
    assert str(caught.value) == (f"cannot write {stick / 'cafesach-recovery.key'}: "
                                 "Read-only file system")
    assert caught.value.message_vi.startswith(
        "USB đang khoá chống ghi (chỉ đọc), không ghi được tệp khoá khôi phục.")
    assert not PinLock.open(data_paths).is_set  # no PIN whose key file was never written


def test_a_right_pin_with_no_failures_writes_nothing(data_paths: DataPaths) -> None:
    """A station's disk mounted read-only for inspection still answers the right PIN; a
    wrong one must be written down first, so it is refused there."""
    _clock, lock = pin_set_at_t0(data_paths)
    before = lock.path.stat()
    lock._save = None  # type: ignore[method-assign]  # any write would fail the test
    assert lock.check("1357").ok
    assert lock.path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_pin_file_that_cannot_be_written_is_one_clear_error(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full or read-only station disk: the PIN pad shows a line, it does not crash."""
    import errno

    from library.errors import StorageError

    _clock, lock = pin_set_at_t0(data_paths)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("library.admin.write_atomic", full)
    with pytest.raises(StorageError) as caught:
        lock.check("0000")
    assert str(caught.value) == f"cannot write {lock.path}: No space left on device"
    assert caught.value.message_vi == "Đĩa đã đầy, không ghi được dữ liệu mã PIN."


def test_the_right_pin_opens_the_panel_on_a_full_disk(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Earlier wrong tries on disk cannot be cleared there: the librarian still gets in
    (the panel is where she reads that the disk is full), the tries still counted."""
    import errno

    _clock, lock = pin_set_at_t0(data_paths)
    assert not lock.check("0000").ok  # written down while there was room

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("library.admin.write_atomic", full)
    assert lock.check("1357").ok
    assert lock.status().remaining == MAX_FAILURES_PER_HOUR - 1


def test_wrong_pins_a_full_disk_cannot_take_still_throttle(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each is refused with the disk's line, and counted in memory: without that, every
    PIN could be tried in turn at a kiosk whose disk is full, the right one opening it."""
    import errno

    from library.errors import StorageError

    clock, lock = pin_set_at_t0(data_paths)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("library.admin.write_atomic", full)
    for wrong in ("0000", "1111", "2222"):
        with pytest.raises(StorageError):
            lock.check(wrong)
    status = lock.status()
    assert status.throttled and status.remaining == MAX_FAILURES_PER_HOUR - 3
    assert lock.check("1357").throttled  # not opened: the wait holds, as on a disk with room
    for _try in range(MAX_FAILURES_PER_HOUR - 3):
        clock.now += 301  # past the longest wait between two tries, within the hour
        with pytest.raises(StorageError):
            lock.check("9999")
    clock.now += 301
    assert lock.status().remaining == 0
    assert not lock.check("1357").ok
    clock.now += 3600  # the hour has passed: the right PIN opens and clears the count
    assert lock.check("1357").ok
    assert lock.status().remaining == MAX_FAILURES_PER_HOUR
    assert not json.loads(lock.path.read_text()).get("failures")  # nothing was written


@pytest.mark.parametrize(("name", "encode"), [
    ("CAFESACH-RECOVERY.KEY", lambda text: text.encode()),
    ("cafesach-recovery.key", lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()),
    ("cafesach-recovery.key", lambda text: text.encode("utf-16")),
], ids=["upper-case-name", "notepad-utf8-bom-crlf", "notepad-unicode"])
def test_the_key_file_as_a_stick_brings_it_back(data_paths: DataPaths, tmp_path: Path,
                                                name: str, encode) -> None:
    lock = PinLock.open(data_paths)
    stick = tmp_path / "USB"
    stick.mkdir()
    code = lock.set_pin("8080", key_file_dir=stick)
    text = (stick / KEY_FILE_NAME).read_text()
    (stick / KEY_FILE_NAME).unlink()
    (stick / name).write_bytes(encode(text))
    assert read_key_file(stick) == code
    assert lock.unlock_with_key_file(stick)


def test_a_first_pin_set_meanwhile_elsewhere_is_not_replaced(data_paths: DataPaths) -> None:
    """`cafesach pin set` saw no PIN, then waited for typing while the librarian set one on
    the station's screen: the screen's PIN stays, and the command says so."""
    cli, screen = PinLock.open(data_paths), PinLock.open(data_paths)
    assert not cli.is_set
    screen.set_pin("2468", first=True)
    with pytest.raises(AdminError, match="a PIN was set meanwhile"):
        cli.set_pin("1357", first=True)
    assert cli.check("2468").ok
    cli.set_pin("1357")  # changing a PIN knowingly still replaces it
    assert cli.check("1357").ok
