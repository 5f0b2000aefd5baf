"""`cafesach run` in a real process of its own, offscreen: read its journal (stderr)
up to a line, then stop it as systemd does (SIGTERM) and expect its clean exit.

Why a process: SIGTERM, a restart in place (`execve`) and the journal's lines are
the process's own; a kiosk inside the test process has none of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.loopback import loopback_config

#: `cafesach run --windowed` on the data folder given as the first argument.
RUN = ("import sys; from kiosk.main import main; sys.exit(main(['--data', sys.argv[1], "
       "'run', '--windowed', '--size', '800x600']))")


class KioskProcess:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.said: list[str] = []

    def read_until(self, done: Callable[[list[str]], bool], what: str) -> list[str]:
        """The journal's lines until `done(lines so far)`; fails the test, naming `what`,
        when the kiosk ends first."""
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.said.append(line)
            if done(self.said):
                return self.said
        pytest.fail(f"the kiosk ended before {what}: {self.said}")

    def read_until_line(self, start: str, what: str) -> list[str]:
        """The journal's lines up to the first that starts with `start`."""
        return self.read_until(lambda lines: lines[-1].startswith(start), what)

    def stop(self) -> None:
        """SIGTERM, as `systemctl stop`: the kiosk leaves its own way (exit status 0)."""
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=60) == 0


@contextmanager
def kiosk_process(data: Path, code: str = RUN) -> Iterator[KioskProcess]:
    """The kiosk on `data` (its phone server on this machine only) run by `code` (Python,
    the data folder as its first argument); killed at the end if still running."""
    loopback_config(data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    env.pop("DISPLAY", None)
    process = subprocess.Popen([sys.executable, "-c", code, str(data)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env=env)
    try:
        yield KioskProcess(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
