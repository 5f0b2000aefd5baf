"""The kiosk starting again in place: the same process, the same command line.

Used when a kiosk shown read-only on a full disk finds the disk freed
(`kiosk.disk_return`). Why `os.execv` rather than ending and leaving the start
to the service:

- On a station the kiosk runs inside cage (`deploy/cafesach-session`), which
  shows one program and ends when that program's process ends; the session
  script and the unit end with it, the screen falls to the text console, and
  systemd starts them all again after `RestartSec=2` — seconds of a black
  console in the market, logged as a failure. `execv` keeps the process: its
  id (the session's pidfile, to which `systemctl stop` sends SIGTERM), the
  descriptors it inherited (the pipe by which cage learns that its program
  ended, the tty, the journal's stdout and stderr), its working folder and
  environment; Qt's Wayland socket is close-on-exec, so the new kiosk connects
  to cage as the first one did.
- A kiosk started by hand, or by a desktop's autostart with no supervisor,
  comes back too.
- Windows has no exec that keeps the process (its `os.execv` starts a new
  process and ends this one, and the watchdog loop of
  `windows/cafesach-kiosk.cmd`, waiting on this one, would start a second
  kiosk): there the kiosk ends with status 0 and the watchdog starts it again
  two seconds later.

Everything the process owns is ended first, as at any stop: the run command's
own teardown (the phone server stopped so its port is free, the speech and
document workers, the tasks, the counts written, the log closed, the data
folder's lock let go), then what the interpreter would run at its exit but exec
skips (`atexit`: multiprocessing ends its daemon children), multiprocessing's
resource tracker, and last any child process still there, ended and reaped:
the new kiosk would not know it, and nobody would wait for it.

The kiosk restarts only when nobody is at the screen, so the new one comes back to
what an idle kiosk shows, the attract loop, not to the home screen it would
otherwise hold until the next idle timeout: the restart's environment carries
`RESTARTED`, which the new kiosk reads once (`came_back_from_restart`) and takes
out of its own environment, so its workers and a later start do not see it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from library.plural import counted

#: How long a child still there at the restart gets to end after SIGTERM before SIGKILL.
CHILD_GRACE_S = 5.0

Exec = Callable[[str, list[str], Mapping[str, str]], object]

#: In the environment of a kiosk started again in place: it comes back to the attract
#: loop (`came_back_from_restart`). Never set by hand; a normal start lacks it.
RESTARTED = "CAFESACH_RESTARTED"


def restart_command() -> list[str]:
    """The command line this process was started with, to run again: the frozen
    bundle's executable and its arguments; from source the interpreter with the
    options it was given (`-m kiosk`, `-c …`, a console script's path), as
    `sys.orig_argv` keeps them."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]


def restart_environment() -> dict[str, str]:
    """The environment to start again with: this one, and for the frozen bundle the
    word PyInstaller's bootloader reads as "a new instance, not a helper of the
    running one" (else it would take the variables it set for this process as
    meant for a child of it), and `RESTARTED`, so the new kiosk shows the attract loop."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    env[RESTARTED] = "1"
    return env


def came_back_from_restart() -> bool:
    """This kiosk was started again in place by `restart_in_place` (read once: the word
    is taken out of the environment, so the document and speech workers, and whatever
    this kiosk starts, do not inherit it)."""
    return os.environ.pop(RESTARTED, None) == "1"


def child_pids(parent: int | None = None) -> list[int]:
    """The processes whose parent is `parent` (this one by default), ended ones not yet
    reaped included. Linux (`/proc`); elsewhere none are found."""
    parent = os.getpid() if parent is None else parent
    found: list[int] = []
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            # "pid (name) state ppid …": the name may hold spaces and parentheses
            fields = stat.rpartition(")")[2].split()
            if len(fields) > 1 and int(fields[1]) == parent:
                found.append(int(entry.name))
    return sorted(found)


def end_children(grace_s: float = CHILD_GRACE_S) -> list[int]:
    """End every child process still there (SIGTERM, SIGKILL after `grace_s`) and reap
    it; the ids of those there were."""
    left = child_pids()
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    waiting = set(left)
    deadline = time.monotonic() + grace_s
    while waiting:
        for pid in list(waiting):
            try:
                done, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # reaped by its own owner meanwhile
                done = pid
            if done:
                waiting.discard(pid)
        if not waiting:
            break
        if time.monotonic() >= deadline:
            for pid in waiting:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            break
        time.sleep(0.05)
    return left


def _stop_resource_tracker() -> None:
    """Multiprocessing's resource tracker (started with the document worker) ends when
    its pipe closes and is reaped by its owner; it ignores SIGTERM, so it is stopped
    the way multiprocessing stops it, not left to `end_children`'s SIGKILL."""
    from multiprocessing import resource_tracker

    stop = getattr(getattr(resource_tracker, "_resource_tracker", None), "_stop", None)
    if stop is not None:
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


#: SIGTERM came during the restart's shutdown (set by `_stop_instead`).
_STOP_CAME: list[bool] = []


def _stop_instead(*_: object) -> None:
    """SIGTERM during the restart: end instead. Also remembered, since the `SystemExit`
    raised here is swallowed where it lands in an `atexit` callback (multiprocessing's
    joins its children there), and the exec must not follow then."""
    _STOP_CAME.append(True)
    raise SystemExit(0)


def restart_in_place(argv: list[str] | None = None, *, exec_: Exec = os.execve,
                     stop_asked: Callable[[], bool] = lambda: False) -> int:
    """Start this kiosk again in this process (see the module's docstring); called once
    the kiosk has shut down. Returns only where it cannot: on Windows 0 (its watchdog
    starts the kiosk again), 0 when a stop was asked meanwhile (`stop_asked`, or a
    SIGTERM from now on: `systemctl stop` must not meet a kiosk started again), 1 if
    the exec failed (said on stderr; the service starts it again), or whatever a test's
    `exec_` returned."""
    if os.name == "nt":
        return 0
    signal.signal(signal.SIGTERM, _stop_instead)
    if stop_asked():
        return 0
    argv = argv or restart_command()
    atexit._run_exitfuncs()  # what the interpreter's exit runs; exec would skip it
    atexit._clear()  # run once: not again if the exec fails and the process ends
    _stop_resource_tracker()
    ended = end_children()
    if ended:
        print(f"cafesach: ended {counted(len(ended), 'helper process', 'helper processes')} "
              "left at the restart: "
              f"{', '.join(map(str, ended))}", file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    if _STOP_CAME or stop_asked():  # a SIGTERM swallowed by an `atexit` callback
        return 0
    try:
        exec_(argv[0], argv, restart_environment())
    except OSError as exc:
        print(f"cafesach: error: the kiosk could not start again ({argv[0]}: {exc})",
              file=sys.stderr)
        return 1
    return 0
