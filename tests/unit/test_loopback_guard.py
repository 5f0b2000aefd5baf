"""Tests listen on 127.0.0.1 only: the guard in tests/conftest.py (`tests.loopback`).

Checked in a pytest run of its own, with the project's conftest as a plugin: a
test binding every interface, one swallowing the refusal (as the kiosk logs a
phone server that did not start and goes on) and one whose child process binds
every interface all fail with the one message; loopback and a unix socket pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from tests.loopback import CHILDREN, REPORT_ENV, free_port, loopback_config

ROOT = Path(__file__).resolve().parents[2]
SAID = ("tests may bind only to 127.0.0.1 (or ::1); start the phone server with host "
        "127.0.0.1 and port 0, or write the data folder's settings with "
        "tests.loopback.loopback_config")

INNER = r'''
import socket, subprocess, sys


def test_every_interface():
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))


def test_refusal_swallowed():
    with socket.socket(socket.AF_INET6) as sock:
        try:
            sock.bind(("::", 0))
        except OSError:
            pass


def test_child_on_every_interface():
    subprocess.run([sys.executable, "-c",
                    "import socket; socket.create_server(('', 0))"], check=False)


def test_this_machine_only(tmp_path):
    for host, family in (("127.0.0.1", socket.AF_INET), ("localhost", socket.AF_INET),
                         ("::1", socket.AF_INET6)):
        with socket.socket(family) as sock:
            sock.bind((host, 0))
            sock.listen()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "s"))
    done = subprocess.run([sys.executable, "-c",
                           "import socket; socket.create_server(('127.0.0.1', 0))"])
    assert done.returncode == 0
'''


def test_a_bind_beyond_loopback_fails_its_test(tmp_path: Path) -> None:
    inner = tmp_path / "test_inner.py"
    inner.write_text(INNER, encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != REPORT_ENV}
    env["PYTHONPATH"] = os.pathsep.join(  # the inner run sets its own watch up
        p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(CHILDREN))
    report = tmp_path / "report.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "--rootdir", str(tmp_path), f"--junitxml={report}", str(inner)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    said = {case.get("name"): [problem.get("message", "") for problem in case
                               if problem.tag in ("failure", "error")]
            for case in ElementTree.parse(report).iter("testcase")}
    assert said["test_this_machine_only"] == []
    assert said["test_every_interface"] == [
        "Failed: a test listened on '0.0.0.0' port 0: " + SAID]
    assert said["test_refusal_swallowed"] == ["Failed: a test listened on '::' port 0: " + SAID]
    assert said["test_child_on_every_interface"] == [
        "Failed: a test listened on 'every interface' port 0: " + SAID]


def test_a_kiosk_data_folder_listens_on_loopback_and_a_free_port(tmp_path: Path) -> None:
    """`loopback_config` keeps the folder's other settings."""
    import socket

    from library.config import Config

    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text('[station]\nname = "Thư viện xã"\n', encoding="utf-8")
    port = loopback_config(data)
    config = Config.load(data / "config.toml")
    assert (config.get("handoff", "host"), config.get("handoff", "port")) == ("127.0.0.1", port)
    assert config.get("station", "name") == "Thư viện xã"
    assert port != 8765 and port != free_port()  # random, not one fixed port for all
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
