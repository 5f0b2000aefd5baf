"""The librarian's PIN, its throttle, the recovery route and the admin session.

Why scrypt (``hashlib.scrypt``) and not argon2: scrypt is memory-hard like
argon2 and ships with Python itself (through OpenSSL), so the station needs no
extra compiled wheel on Linux or Windows and nothing more to bundle into the
installer. With a PIN of 4–12 digits no hash can stop an offline guesser for
long anyway; what protects the PIN is the *online* throttle below and the data
folder's file permissions. The hash only ensures the PIN is never on disk in
clear and costs an attacker 16 MiB and ~0.1 s per guess (measured on a busy 2-core PC).

Throttle: at most `MAX_FAILURES_PER_HOUR` wrong PINs in any rolling hour, with
a delay that doubles after every wrong PIN past the first two. Failures are
written (fsynced, atomically replaced) before the answer is given, so killing
the process or pulling the plug does not reset the count.

One attempt at a time: the kiosk's PIN pad and any number of `cafesach pin`
processes may check PINs on the same data folder at once. Each attempt (and
each change of PIN) holds an exclusive lock on the ``keys/`` folder from
reading the failure count to writing it back, so two wrong PINs typed at the
same moment are both counted: running many checks side by side cannot get
round the hourly limit.

Recovery: at set-up a random recovery code (100 bits, shown once, stored only
as an scrypt hash) is made; it may also be written to a key file on a USB
stick. The recovery route has its own check and is never locked by wrong PINs,
so a visitor hammering the PIN pad cannot lock the librarian out for good;
guessing the code itself is hopeless (2**100), so it needs no lockout.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AdminError, InvalidInput, StorageError
from .files import decode_text, write_atomic, write_error
from .locks import folder_lock
from .paths import DataPaths

log = logging.getLogger(__name__)

MAX_FAILURES_PER_HOUR = 10
WINDOW_S = 3600
#: Delay after the n-th consecutive failure: 0, 0, 1, 2, 4, 8, … seconds, capped.
MAX_DELAY_S = 300
PIN_MIN, PIN_MAX = 4, 12
#: scrypt cost: 16 MiB of memory, ~0.1 s on a busy 2-core PC (stored per record).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 5, 4
KEY_FILE_NAME = "cafesach-recovery.key"
FILE_NAME = "admin.json"
#: How long an attempt waits for another one (another process) to finish.
LOCK_WAIT_S = 10.0


def hash_secret(secret: str, salt: bytes | None = None) -> dict[str, Any]:
    """An scrypt record of `secret` (never the secret itself)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32)
    return {"algo": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode(), "hash": base64.b64encode(digest).decode()}


def check_secret(secret: str, record: dict[str, Any]) -> bool:
    """True when `secret` matches the scrypt `record` (constant-time compare)."""
    if record.get("algo") != "scrypt":
        return False
    salt = base64.b64decode(record["salt"])
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=int(record["n"]),
                            r=int(record["r"]), p=int(record["p"]),
                            maxmem=64 * 1024 * 1024, dklen=32)
    return hmac.compare_digest(digest, base64.b64decode(record["hash"]))


def _valid_record(record: Any) -> bool:
    """Whether a stored secret is an scrypt record this code can check (a damaged
    file must be reported as such, not crash the PIN screen)."""
    if not isinstance(record, dict) or record.get("algo") != "scrypt":
        return False
    n, r, p = record.get("n"), record.get("r"), record.get("p")
    if not all(type(v) is int for v in (n, r, p)):
        return False
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        return False
    try:
        salt = base64.b64decode(record.get("salt", ""), validate=True)
        digest = base64.b64decode(record.get("hash", ""), validate=True)
    except (TypeError, ValueError):
        return False
    return len(salt) >= 8 and len(digest) == 32


def _valid_state(data: Any) -> bool:
    """Whether admin.json holds what `PinLock` writes: records, failure times, a streak."""
    if not isinstance(data, dict):
        return False
    records = [data[k] for k in ("pin", "recovery") if k in data]
    failures = data.get("failures", [])
    return (all(_valid_record(r) for r in records)
            and isinstance(failures, list)
            and all(isinstance(t, int | float) and not isinstance(t, bool) for t in failures)
            and type(data.get("streak", 0)) is int)


def check_pin_format(pin: str) -> str:
    """Digits only (the touch keypad has nothing else), 4–12 of them."""
    pin = pin.strip()
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX or not pin.isascii():
        raise InvalidInput(
            f"a PIN is {PIN_MIN}–{PIN_MAX} digits",
            message_vi=f"Mã PIN gồm {PIN_MIN}–{PIN_MAX} chữ số.",
        )
    return pin


def new_recovery_code() -> str:
    """A random code like ``K7QM-2XHP-…``: 20 symbols of 5 bits = 100 bits."""
    chars = [secrets.choice(RECOVERY_ALPHABET)
             for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN)]
    groups = ["".join(chars[i:i + RECOVERY_GROUP_LEN])
              for i in range(0, len(chars), RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    """Accept lower case, spaces and missing dashes."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(raw), RECOVERY_GROUP_LEN))


@dataclass(frozen=True)
class CheckResult:
    """The answer to one PIN attempt."""

    ok: bool
    #: Seconds until the next attempt is accepted (0 = now).
    wait_s: float = 0.0
    #: Wrong PINs still allowed in the current hour.
    remaining: int = MAX_FAILURES_PER_HOUR
    #: True when the attempt was refused without checking (throttled).
    throttled: bool = False

    def message_vi(self) -> str:
        if self.ok:
            return "Đã mở khoá."
        if self.throttled:
            return f"Nhập sai quá nhiều lần. Hãy thử lại sau {_human_wait(self.wait_s)}."
        return f"Mã PIN không đúng. Còn {self.remaining} lần thử trong giờ này."


def _human_wait(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 90:
        return f"{seconds} giây"
    return f"{round(seconds / 60)} phút"


class PinLock:
    """The PIN record and failure history in ``<data>/keys/admin.json``.

    `clock` is injectable (wall clock in seconds) for tests. Failure times
    that lie in the future (clock moved back) still count, so setting the
    clock back cannot clear the throttle.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        #: Wrong PINs the disk could not take (full, read-only): counted here for this
        #: lock's life, or the throttle would never hold there (`_with_unsaved`).
        self._unsaved: dict[str, Any] = {}

    @classmethod
    def open(cls, paths: DataPaths, *, clock: Callable[[], float] = time.time) -> PinLock:
        return cls(paths.keys / FILE_NAME, clock=clock)

    # -- storage --------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AdminError(f"cannot read {self.path}: {exc}",
                             message_vi="Không đọc được dữ liệu mã PIN.") from exc
        if not _valid_state(data):
            raise AdminError(f"the PIN file {self.path} is damaged; delete it, then set a new "
                             "PIN with `cafesach pin set`",
                             message_vi="Dữ liệu mã PIN bị hỏng. Cần kỹ thuật viên đặt lại.")
        return data

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Hold the PIN file for one read-check-write, against every other process.

        The lock is `folder_lock` on the ``keys/`` folder (``admin.json`` itself
        is replaced by a rename at every write, so it cannot carry it). Another
        holder is waited for up to `LOCK_WAIT_S` (an attempt takes a fraction of
        a second); a holder stuck longer is an `AdminError`. Where no PIN was
        ever set (no folder yet), the block runs unlocked.
        """
        if not self.path.parent.is_dir():
            yield
            return
        with folder_lock(self.path.parent, wait_s=LOCK_WAIT_S, error=AdminError,
                         held_by="another PIN check holds", then="try again",
                         message_vi="Trạm đang kiểm tra một mã PIN khác. Hãy thử lại."):
            yield

    def _save(self, data: dict[str, Any]) -> None:
        """Atomic and durable: fsync the file, rename it in, fsync the folder.

        A full or read-only disk is a `StorageError` naming the file (for the PIN
        pad and the CLI alike), never a bare `OSError`; a wrong PIN that cannot be
        written down is not answered as merely wrong.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(self.path.parent, 0o700)
            write_atomic(self.path, json.dumps(data).encode("utf-8"), mode=0o600)
        except OSError as exc:
            raise write_error(self.path, exc, what_vi="dữ liệu mã PIN") from exc

    # -- state ----------------------------------------------------------------
    @property
    def is_set(self) -> bool:
        return "pin" in self._load()

    def _recent_failures(self, data: dict[str, Any]) -> list[float]:
        now = self.clock()
        return [t for t in data.get("failures", []) if t > now - WINDOW_S]

    def status(self) -> CheckResult:
        """Whether an attempt would be accepted now, without making one."""
        data = self._with_unsaved(self._load())
        return self._status(data)

    def _with_unsaved(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` as read from the file, with the wrong PINs it could not take.

        A wrong PIN is written down before it is answered; where the disk cannot
        take it, the answer is the disk's refusal — and were it not counted, every
        PIN could be tried there in turn without a wait, the right one opening
        the panel. So it is counted in memory too, as long as this lock lives (the
        kiosk's: its whole run).
        """
        if not self._unsaved:
            return data
        # both lists come from one history (the file's, then what it could not take):
        # each time counted as often as the longer of them has it
        both = Counter(data.get("failures", [])) | Counter(self._unsaved["failures"])
        failures = sorted(both.elements())
        streak = max(int(data.get("streak", 0)), self._unsaved["streak"])
        return {**data, "failures": failures, "streak": streak}

    def _status(self, data: dict[str, Any]) -> CheckResult:
        now = self.clock()
        recent = self._recent_failures(data)
        remaining = max(0, MAX_FAILURES_PER_HOUR - len(recent))
        wait = 0.0
        if remaining == 0:
            wait = min(recent) + WINDOW_S - now
        streak = int(data.get("streak", 0))
        if streak >= 3 and recent:
            delay = min(MAX_DELAY_S, 2 ** (streak - 3))
            wait = max(wait, max(recent) + delay - now)
        wait = max(0.0, wait)
        return CheckResult(ok=False, wait_s=wait, remaining=remaining, throttled=wait > 0)

    # -- actions --------------------------------------------------------------
    def set_pin(self, pin: str, *, key_file_dir: Path | None = None,
                first: bool = False) -> str:
        """Set a new PIN and a new recovery code; return the code (shown once).

        With `key_file_dir` the code is also written to a key file there
        (a USB stick), which `unlock_with_key_file` accepts. `first`: the caller
        saw no PIN set when it asked for this one; a PIN set meanwhile (on the
        station's screen while `cafesach pin set` waited for typing) is then an
        `AdminError`, never silently replaced.
        """
        pin = check_pin_format(pin)
        code = new_recovery_code()
        record, recovery = hash_secret(pin), hash_secret(code)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # to be locked
        with self._exclusive():
            data = self._load()
            if first and "pin" in data:
                raise AdminError("a PIN was set meanwhile (on the station's screen?); it is "
                                 "kept: run `cafesach pin set` again to change it",
                                 message_vi="Mã PIN vừa được đặt ở nơi khác; mã ấy được giữ.")
            data.update(pin=record, recovery=recovery, failures=[], streak=0)
            if key_file_dir is not None:
                write_key_file(key_file_dir, code)
            self._save(data)
            self._unsaved = {}
        return code

    def change_pin(self, pin: str) -> None:
        """Replace the PIN, keeping the recovery code (and any key file) valid."""
        pin = check_pin_format(pin)
        record = hash_secret(pin)
        with self._exclusive():
            data = self._load()
            if "pin" not in data:
                raise AdminError("no PIN is set", message_vi="Chưa đặt mã PIN.")
            data.update(pin=record, failures=[], streak=0)
            self._save(data)
            self._unsaved = {}

    def check(self, pin: str) -> CheckResult:
        """One attempt: refused while throttled; a failure is on disk before we answer.

        Attempts from several processes are taken one after the other (`_exclusive`).
        """
        with self._exclusive():
            return self._check(pin)

    def _check(self, pin: str) -> CheckResult:
        data = self._with_unsaved(self._load())
        if "pin" not in data:
            raise AdminError("no PIN is set; run `cafesach pin set`",
                             message_vi="Chưa đặt mã PIN.")
        status = self._status(data)
        if status.throttled:
            return status
        if check_secret(pin.strip(), data["pin"]):
            self._unsaved = {}
            if data.get("failures") or data.get("streak"):  # else there is nothing to clear,
                data.update(failures=[], streak=0)  # and a read-only data folder will do
                try:
                    self._save(data)
                except StorageError as exc:
                    # a full disk: the librarian still gets in (to see «Tình trạng» say
                    # so); the old failures stay counted, so no attempt is won back
                    log.warning("PIN right, earlier failures not cleared: %s", exc)
            return CheckResult(ok=True)
        data["failures"] = [*self._recent_failures(data), self.clock()]
        data["streak"] = int(data.get("streak", 0)) + 1
        try:
            self._save(data)
        except StorageError:
            self._unsaved = {"failures": data["failures"], "streak": data["streak"]}
            raise
        self._unsaved = {}  # the file holds them all now
        after = self._status(data)
        return CheckResult(ok=False, wait_s=after.wait_s, remaining=after.remaining,
                           throttled=False)

    def check_recovery(self, code: str) -> bool:
        """True for the right recovery code. Never throttled by wrong PINs."""
        data = self._load()
        record = data.get("recovery")
        if not record:
            return False
        return check_secret(normalise_recovery_code(code), record)

    def reset_with_recovery(self, code: str, new_pin: str) -> None:
        """Set a new PIN with the recovery code; clears the throttle."""
        new_pin = check_pin_format(new_pin)
        if not self.check_recovery(code):
            raise AdminError("wrong recovery code", message_vi="Mã khôi phục không đúng.")
        self.change_pin(new_pin)

    def unlock_with_key_file(self, folder: Path) -> bool:
        """True when `folder` (a stick) holds the station's recovery key file."""
        code = read_key_file(folder)
        return code is not None and self.check_recovery(code)


def write_key_file(folder: Path, code: str) -> Path:
    """Write the recovery code as a key file (e.g. on a USB stick kept in a drawer)."""
    from .report import write_to_stick

    return write_to_stick(folder / KEY_FILE_NAME, f"cafesach-recovery-v1\n{code}\n".encode(),
                          what="tệp khoá khôi phục", mode=0o666)


def read_key_file(folder: Path) -> str | None:
    """The recovery code in `folder`'s key file, or None.

    As a stick brings it back: its name in any letter case (``CAFESACH-RECOVERY.KEY``,
    copied by an old Windows tool), saved again by Notepad (a byte-order mark, CRLF).
    """
    from .usb import stick_files

    exact = folder / KEY_FILE_NAME
    for path in [exact, *(p for p in stick_files(folder, (KEY_FILE_NAME,)) if p != exact)]:
        try:
            with path.open("rb") as fh:
                lines = decode_text(fh.read(4096)).split()
        except (OSError, UnicodeDecodeError):
            continue
        if len(lines) >= 2 and lines[0] == "cafesach-recovery-v1":
            return lines[1]
    return None


class AdminSession:
    """An unlocked panel that locks itself after `relock_after_s` without a touch."""

    def __init__(self, relock_after_s: float = 120.0, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.relock_after_s = relock_after_s
        self.clock = clock
        self._last: float | None = None

    def unlock(self) -> None:
        self._last = self.clock()

    def lock(self) -> None:
        self._last = None

    def touch(self) -> bool:
        """Note activity; False (and stays locked) when the session already expired."""
        if not self.is_unlocked:
            return False
        self._last = self.clock()
        return True

    @property
    def is_unlocked(self) -> bool:
        if self._last is None:
            return False
        if self.clock() - self._last >= self.relock_after_s:
            self._last = None
            return False
        return True

    def seconds_left(self) -> float:
        if not self.is_unlocked or self._last is None:
            return 0.0
        return max(0.0, self.relock_after_s - (self.clock() - self._last))
