"""Tests listen on this machine only: 127.0.0.1 (or ::1), on a port no one else holds.

The phone server's own default is every interface, port 8765, since phones on
the Wi-Fi must reach it. A test that started a kiosk with that default would
offer its files to the whole network, and clash with a real kiosk on the
machine and with other test runs. So:

- `loopback_config(data)` writes a data folder's settings for a `cafesach run`
  or `serve` a test starts: the phone server on 127.0.0.1 and a free port;
- `BindWatch` (started for the whole run by tests/conftest.py) refuses any
  other address, in the test process and in every Python process it starts,
  and hands the refusals to the test that made them.
"""

from __future__ import annotations

import os
import random
import socket
from pathlib import Path

from . import guard

CHILDREN = Path(__file__).with_name("children")
#: Where the tests' Python children write the binds they refused (children/sitecustomize.py).
REPORT_ENV = "CAFESACH_TESTS_BIND_REPORT"
#: The phone server's default port: a real kiosk on this machine may hold it.
KIOSK_PORT = 8765


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A port free on 127.0.0.1 now, for a setting that another process binds later.

    Picked at random below the system's ephemeral range, where the kernel never
    hands a port out by itself (`bind(…, 0)`, outgoing connections): between
    this check and the kiosk's own bind, only a process choosing this very
    number on purpose could take it.
    """
    low = min(_ephemeral_low(), 32768)
    for _ in range(200):
        port = random.randrange(20000, low)
        if port == KIOSK_PORT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port on 127.0.0.1 below the ephemeral range")


def loopback_config(data: Path) -> int:
    """Set the data folder's phone server to 127.0.0.1 and a free port; return the port.

    Other settings in `data/config.toml` are kept. Through the product's own
    config file, so a `cafesach run` a test starts needs no test-only switch.
    """
    from library.config import Config

    data.mkdir(parents=True, exist_ok=True)
    config = Config.load(data / "config.toml")
    port = free_port()
    config.set("handoff", "host", "127.0.0.1")
    config.set("handoff", "port", port)
    config.save()
    return port


class BindWatch:
    """Refuses binds to anything but loopback for this process and its Python children."""

    def __init__(self, report: Path) -> None:
        self.report = report
        self._refused: list[str] = []
        self._read = 0
        self._saved_env: dict[str, str | None] = {}

    def start(self) -> None:
        self.report.touch()
        guard.install(self._refused.append)
        for name, value in ((REPORT_ENV, str(self.report)),
                            ("PYTHONPATH", os.pathsep.join(
                                filter(None, [str(CHILDREN), os.environ.get("PYTHONPATH")])))):
            self._saved_env[name] = os.environ.get(name)
            os.environ[name] = value

    def stop(self) -> None:
        guard.uninstall()
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def take(self) -> list[str]:
        """The refusals since the last call: this process's, then its children's."""
        refused = self._refused[:]
        del self._refused[:len(refused)]  # the list the guard appends to stays the same
        with self.report.open("rb") as fh:
            fh.seek(self._read)
            new = fh.read()
        whole = new[:new.rfind(b"\n") + 1]  # a child may be writing its line right now
        self._read += len(whole)
        return refused + whole.decode("utf-8").splitlines()
