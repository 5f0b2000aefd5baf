"""A protected server's password stays hidden in what Python prints on its own: the
traceback of an error no code caught — in `cafesach …`, in a thread, in a child the
core started — whose message names the address as it was typed (an httpx error quotes
its request's address whole).
"""

from __future__ import annotations

import os
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from library.children import end_child, spawn_child
from library.config import Config

from .helpers import World, new_station

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "matkhau-5d1c"
ADDRESS = f"https://kho:{PASSWORD}@thuvien.example/kho"

#: `cafesach ARGS…` with an error no code expects at the moment the index is read: an
#: httpx error naming the address it was given (argv[1]), as httpx's own do.
UNCAUGHT_IN_SYNC = r"""
import sys

import httpx

from library.repository import faults


def fail(point, _detail):
    if point == "index-read":
        raise httpx.ConnectError(f"lost the connection to {sys.argv[1]}")


faults.set_hook(fail)
from kiosk.main import main

sys.exit(main(sys.argv[2:]))
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def _assert_hidden(said: str, where: str) -> None:
    assert PASSWORD not in said, said
    assert where in said, said  # the server is still named: the line says where it went


def test_an_uncaught_error_of_a_sync_is_printed_with_the_password_hidden(
        world: World, nginx, tmp_path: Path) -> None:
    url = nginx.serve(world.repo_v1, "protected").replace("http://", f"http://kho:{PASSWORD}@")
    paths, catalog = new_station(tmp_path / "data", world)
    catalog.close()
    config = Config.load(paths.config_file)
    config.set("sync", "server_url", url)
    config.save()
    shown = _python(UNCAUGHT_IN_SYNC, url, "--data", str(paths.root), "sync")
    assert shown.returncode == 1, shown.stderr
    assert "Traceback (most recent call last)" in shown.stderr  # a bug: told whole
    assert "httpx.ConnectError: lost the connection to http://***@127.0.0.1" in shown.stderr
    _assert_hidden(shown.stderr + shown.stdout, "***@127.0.0.1")


def test_an_error_that_ends_a_thread_is_printed_with_the_password_hidden() -> None:
    shown = _python("import sys, threading\nimport library\n"
                    "def fail():\n    raise RuntimeError(f'cannot reach {sys.argv[1]}')\n"
                    "thread = threading.Thread(target=fail, name='dong-bo')\n"
                    "thread.start()\nthread.join()\n", ADDRESS)
    assert "Exception in thread dong-bo" in shown.stderr, shown.stderr
    _assert_hidden(shown.stderr, "RuntimeError: cannot reach https://***@thuvien.example/kho")


def _fails_naming(_conn: Connection, address: str) -> None:
    """A child whose work fails with an error no code of it catches."""
    raise RuntimeError(f"cannot reach {address}")


def test_an_uncaught_error_in_a_child_is_printed_with_the_password_hidden(capfd) -> None:
    process, conn = spawn_child(_fails_naming, (ADDRESS,), name="cafesach-test")
    try:
        process.join(60)
        assert process.exitcode == 1
    finally:
        end_child(process, conn, 0)
    said = capfd.readouterr().err  # the child writes on the stderr it shares with us
    assert "Process cafesach-test:" in said and "Traceback" in said, said
    _assert_hidden(said, "RuntimeError: cannot reach https://***@thuvien.example/kho")



def test_two_errors_told_at_once_leave_stderr_as_it_was(monkeypatch) -> None:
    """Two threads ending with an error together: each hook prints into a buffer in place
    of `sys.stderr`, which is the whole process'. Told one after the other, both tracebacks
    reach stderr hidden, and stderr is the one it was, not the buffer of the one told
    first (every line printed after would be lost in it)."""
    import io
    import threading

    from library.address_passwords import _printing_hidden

    real = io.StringIO()
    monkeypatch.setattr(sys, "stderr", real)
    first_inside, first_may_end = threading.Event(), threading.Event()
    second_started, second_inside = threading.Event(), threading.Event()
    second_may_end = threading.Event()

    def first(*_args: object) -> None:
        sys.stderr.write(f"first: cannot reach {ADDRESS}\n")
        first_inside.set()
        first_may_end.wait(60)

    def second(*_args: object) -> None:
        second_inside.set()
        sys.stderr.write(f"second: cannot reach {ADDRESS}\n")
        second_may_end.wait(60)

    def tell_second() -> None:
        second_started.set()
        _printing_hidden(second, print, "test")()

    one = threading.Thread(target=_printing_hidden(first, print, "test"))
    one.start()
    first_inside.wait(60)
    two = threading.Thread(target=tell_second)
    two.start()
    second_started.wait(60)
    # without one hook at a time, the second would print now, inside the first's window;
    # the bound only keeps the test from waiting for ever on one that does not
    second_inside.wait(0.5)
    first_may_end.set()
    one.join(60)
    second_may_end.set()
    two.join(60)
    assert sys.stderr is real
    said = real.getvalue()
    assert said.splitlines() == ["first: cannot reach https://***@thuvien.example/kho",
                                 "second: cannot reach https://***@thuvien.example/kho"], said


def _fails_and_so_does_its_telling(_conn: Connection, address: str) -> None:
    """A child whose error cannot be told: its hook fails as it tells it."""
    def broken(*_args: object) -> None:
        raise MemoryError

    sys.excepthook = broken
    raise RuntimeError(f"cannot reach {address}")


def test_a_child_whose_error_cannot_be_told_does_not_print_it_whole(capfd) -> None:
    """A failure while telling a child's error (no memory left) let it out to
    `multiprocessing`, which printed it with the error it met, password and all."""
    process, conn = spawn_child(_fails_and_so_does_its_telling, (ADDRESS,),
                                name="cafesach-test")
    try:
        process.join(60)
        assert process.exitcode == 1
    finally:
        end_child(process, conn, 0)
    said = capfd.readouterr().err
    assert PASSWORD not in said, said


def test_an_error_whose_hook_fails_is_still_printed_with_the_password_hidden() -> None:
    """A hook set up before ours that fails: Python printed its failure, then the error
    itself in its own form, where no hook reaches, password and all."""
    shown = _python("import sys\n"
                    "def broken(*_args):\n    raise ValueError('the hook broke')\n"
                    "sys.excepthook = broken\nimport library\n"
                    "raise RuntimeError(f'cannot reach {sys.argv[1]}')\n", ADDRESS)
    assert shown.returncode == 1
    assert "Error in sys.excepthook:" in shown.stderr, shown.stderr
    assert "ValueError: the hook broke" in shown.stderr, shown.stderr
    _assert_hidden(shown.stderr, "RuntimeError: cannot reach https://***@thuvien.example/kho")
