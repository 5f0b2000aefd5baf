"""Setting the machine's clock from the librarian panel (a kiosk offline has no NTP).

The station shows and counts days in `station.time_zone`, but the machine's
clock is the operating system's: we set it in UTC, so the machine's own zone
does not matter. Linux: ``timedatectl set-time "… UTC"`` (systemd; refused
while network time sync is on, which is then the right clock anyway), else
``date -s @EPOCH``; Windows: PowerShell ``Set-Date``. Needs the right to set
the time (root, a polkit rule, or the Windows privilege); without it the
librarian sees a plain message.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from .errors import AdminError

Runner = Callable[..., subprocess.CompletedProcess[str]]


def clock_commands(moment: datetime) -> list[list[str]]:
    """The commands to try, in order, to set the clock to `moment` (aware)."""
    if moment.tzinfo is None:
        raise ValueError("the moment must carry its time zone")
    utc = moment.astimezone(UTC)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        return [["powershell", "-NoProfile", "-Command",
                 f"Set-Date -Date ([DateTime]::Parse('{stamp}'))"]]
    commands = []
    if shutil.which("timedatectl"):
        commands.append(["timedatectl", "set-time", utc.strftime("%Y-%m-%d %H:%M:%S UTC")])
    commands.append(["date", "-s", f"@{int(utc.timestamp())}"])
    return commands


def set_system_time(moment: datetime, *, run: Runner = subprocess.run) -> str:
    """Set the machine's clock; return the command used. `AdminError` says why not."""
    errors = []
    for cmd in clock_commands(moment):
        try:
            proc = run(cmd, capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            errors.append(f"{cmd[0]}: {exc}")
            continue
        if proc.returncode == 0:
            return cmd[0]
        reason = (proc.stderr or proc.stdout or "").strip()
        if "synchroniz" in reason.lower():
            raise AdminError(f"{cmd[0]}: {reason}",
                             message_vi="Máy đang tự lấy giờ qua mạng; không cần đặt giờ.")
        errors.append(f"{cmd[0]}: {reason or proc.returncode}")
    raise AdminError("cannot set the clock: " + "; ".join(errors),
                     message_vi="Không đặt được giờ (máy chưa cho phép). "
                                "Hãy nhờ kỹ thuật viên.")
