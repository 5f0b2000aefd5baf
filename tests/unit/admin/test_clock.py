"""Setting the machine's clock: the commands tried, and refusals in plain words."""

from __future__ import annotations

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from library.clock import clock_commands, set_system_time
from library.errors import AdminError

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class FakeRun:
    def __init__(self, *results: tuple[int, str]) -> None:
        self.results = list(results)
        self.calls: list[list[str]] = []

    def __call__(self, cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        self.calls.append(cmd)
        code, err = self.results.pop(0)
        return subprocess.CompletedProcess(cmd, code, "", err)


def test_commands_set_utc_whatever_the_station_zone() -> None:
    moment = datetime(2026, 3, 10, 7, 30, tzinfo=HANOI)  # 00:30 UTC
    commands = clock_commands(moment)
    assert commands[-1] == ["date", "-s", f"@{int(moment.timestamp())}"]
    if commands[0][0] == "timedatectl":
        assert commands[0] == ["timedatectl", "set-time", "2026-03-10 00:30:00 UTC"]
    with pytest.raises(ValueError):
        clock_commands(datetime(2026, 3, 10, 7, 30))


def test_falls_back_and_reports() -> None:
    moment = datetime(2026, 3, 10, 7, 30, tzinfo=HANOI)
    count = len(clock_commands(moment))
    ok = FakeRun(*([(1, "Access denied")] * (count - 1)), (0, ""))
    assert set_system_time(moment, run=ok) == "date"
    denied = FakeRun(*([(1, "Operation not permitted")] * count))
    with pytest.raises(AdminError) as info:
        set_system_time(moment, run=denied)
    assert "kỹ thuật viên" in info.value.message_vi


def test_network_time_on_is_said_plainly() -> None:
    moment = datetime(2026, 3, 10, 7, 30, tzinfo=HANOI)
    ntp = FakeRun((1, "Failed to set time: Automatic time synchronization is enabled"),
                  (1, "x"))
    with pytest.raises(AdminError) as info:
        set_system_time(moment, run=ntp)
    if ntp.calls[0][0] == "timedatectl":
        assert "qua mạng" in info.value.message_vi
