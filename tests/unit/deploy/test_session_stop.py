"""Stopping the kiosk session: the kiosk quits, cage ends by itself, nothing aborts.

cage 0.1.4 (Debian 12) aborts on SIGTERM or SIGINT (an assertion in
wl_display_terminate), so a stop that signals cage leaves an abort and a core
dump in the journal on every stop, update and reboot. The unit sends SIGTERM to
`cafesach-session` alone (KillMode=mixed); the session hands it to the kiosk
and cage exits when its one client is gone.

Here there is no systemd as PID 1, no seat and no tty1, so systemd's part
(KillMode=mixed reaching the session alone, logind's session scope) is checked
in the unit's text; the session's part is run for real: against a stand-in
`cage` that aborts on SIGTERM as 0.1.4 does (everywhere), and against the real
cage on its headless backend when it is installed (`apt install cage`).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SESSION = ROOT / "deploy" / "cafesach-session"
UNIT = ROOT / "deploy" / "systemd" / "cafesach-kiosk.service"

#: A stand-in for cage 0.1.4: runs its client, exits 0 when the client has gone, aborts
#: (SIGABRT, a core dump on a station) on SIGTERM or SIGINT, dies quietly on SIGHUP.
FAKE_CAGE = """#!/bin/sh
echo "$$" > "$STAGE/cage.pid"
readlink "/proc/$$/fd/0" > "$STAGE/cage.stdin"
printf '%s\\n' "$@" > "$STAGE/cage.args"
while [ "$1" != -- ]; do shift; done
shift
trap 'echo "cage: wl_display_terminate: Assertion failed." >&2; trap - ABRT; kill -ABRT $$' \\
    TERM INT
while [ -e "$STAGE/hold-client" ]; do sleep 0.05; done
"$@" &
client=$!
while kill -0 "$client" 2>/dev/null; do wait "$client" || :; done
exit 0
"""

#: The kiosk: says it runs, quits on SIGTERM (as kiosk/run_command.py does) unless told
#: to hang, and writes how it ended.
FAKE_KIOSK = """#!/bin/sh
echo "$$" > "$STAGE/kiosk.pid"
if [ -e "$STAGE/hang" ]; then
    trap '' TERM
else
    trap 'echo "quit on SIGTERM" > "$STAGE/kiosk.ended"; exit 0' TERM
fi
echo "$*" > "$STAGE/kiosk.running"
while :; do sleep 0.05; done
"""


def _user() -> tuple[int, int] | None:
    """Whom to run the session as: cage refuses root, and root would write to tty1."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid


@pytest.fixture
def stage() -> Iterator[Path]:
    """A folder the session's user can use (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="cafesach-session-"))
    folder.chmod(0o755)
    yield folder
    for name in ("kiosk.pid", "cage.pid"):  # a hung stand-in left behind
        pid = folder / name
        if pid.is_file() and pid.read_text().strip().isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid.read_text()), signal.SIGKILL)
    shutil.rmtree(folder, ignore_errors=True)


def _prepare(stage: Path, *, fake_cage: bool) -> list[str]:
    prefix = stage / "opt"
    (prefix / "current").mkdir(parents=True)
    kiosk = prefix / "current" / "cafesach"
    kiosk.write_text(FAKE_KIOSK)
    session = stage / "cafesach-session"
    session.write_text(SESSION.read_text().replace("@PREFIX@", str(prefix))
                       .replace("@DATA@", str(stage / "data")))
    bin_dir = stage / "bin"
    bin_dir.mkdir()
    if fake_cage:
        (bin_dir / "cage").write_text(FAKE_CAGE)
    (stage / "run").mkdir(mode=0o700)
    for path in (kiosk, session, bin_dir / "cage"):
        if path.exists():
            path.chmod(0o755)
    user = _user()
    if user is not None:
        for path in [stage, *stage.rglob("*")]:
            os.chown(path, *user)
        return ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups",
                str(session)]
    return [str(session)]


def _start(stage: Path, command: list[str], **env: str) -> subprocess.Popen[str]:
    environment = {
        "PATH": f"{stage / 'bin'}:/usr/bin:/bin", "HOME": str(stage), "TMPDIR": str(stage),
        "STAGE": str(stage), "XDG_RUNTIME_DIR": str(stage / "run"),
        "CAFESACH_DATA": str(stage / "data"), "CAFESACH_STOP_GRACE": "1",
        "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", **env}
    # stderr into a file: a hung kiosk left behind would hold a pipe open
    errors = (stage / "session.err").open("w")
    tty = stage / "tty1"  # stands in for the terminal systemd gives the session
    tty.touch()
    with errors, tty.open() as terminal:
        return subprocess.Popen(command, env=environment, stdin=terminal, stderr=errors,
                                text=True)


def _until(check, what: str, process: subprocess.Popen[str]) -> None:
    """Wait for `check()` (a readiness condition, not a timing assertion)."""
    deadline = time.monotonic() + 20
    while not check():
        if process.poll() is not None:
            pytest.fail(f"the session ended before {what}: {_errors(process)}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"no {what}")
        time.sleep(0.02)


def _alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid_file.read_text().strip()}/stat").read_text().split(")")[-1]
    return state.split()[0] != "Z"  # a zombie has ended


def _errors(process: subprocess.Popen[str]) -> str:
    return (Path(process.args[-1]).parent / "session.err").read_text()


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    """What systemd does with KillMode=mixed: SIGTERM to the main process alone."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30), _errors(process)


needs_setpriv = pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None,
                                   reason="setpriv (util-linux) to run as nobody")


@needs_setpriv
def test_a_stop_lets_the_kiosk_quit_and_cage_end_by_itself(stage: Path) -> None:
    session = _start(stage, _prepare(stage, fake_cage=True))
    _until((stage / "kiosk.running").exists, "kiosk", session)
    assert (stage / "kiosk.running").read_text().split() == ["run", "--fullscreen"]
    status, err = _stop(session)
    assert status == 0, err
    assert "Assertion" not in err  # cage got no SIGTERM
    assert (stage / "kiosk.ended").read_text() == "quit on SIGTERM\n"
    assert not _alive(stage / "cage.pid") and not _alive(stage / "kiosk.pid")
    assert (stage / "cage.args").read_text().split("--")[0].split() == ["-d"]
    assert (stage / "cage.stdin").read_text().strip() == str(stage / "tty1")  # not /dev/null
    assert list(stage.glob("cafesach-kiosk.pid.*")) == []  # its pid file removed


@needs_setpriv
def test_a_kiosk_that_does_not_quit_has_cage_ended_without_an_abort(stage: Path) -> None:
    (stage / "hang").touch()
    session = _start(stage, _prepare(stage, fake_cage=True))
    _until((stage / "kiosk.running").exists, "kiosk", session)
    status, err = _stop(session)
    assert status == 0, err
    assert "the kiosk did not quit in 1 s; ending cage" in err
    assert "Assertion" not in err
    assert not _alive(stage / "cage.pid")
    assert not (stage / "kiosk.ended").exists()


@needs_setpriv
def test_a_stop_before_the_kiosk_started_ends_cage_without_an_abort(stage: Path) -> None:
    (stage / "hold-client").touch()  # cage is up, its client not yet started
    session = _start(stage, _prepare(stage, fake_cage=True))
    _until((stage / "cage.pid").exists, "cage", session)
    status, err = _stop(session)
    assert status == 0 and "Assertion" not in err, err
    assert not _alive(stage / "cage.pid") and not (stage / "kiosk.running").exists()


@needs_setpriv
def test_a_kiosk_that_ends_by_itself_ends_the_session(stage: Path) -> None:
    """A crash or the librarian leaving: cage and the session end, systemd restarts them."""
    session = _start(stage, _prepare(stage, fake_cage=True))
    _until((stage / "kiosk.running").exists, "kiosk", session)
    os.kill(int((stage / "kiosk.pid").read_text()), signal.SIGKILL)
    session.wait(timeout=30)
    assert "Assertion" not in _errors(session)
    assert not _alive(stage / "cage.pid")


@needs_setpriv
@pytest.mark.skipif(shutil.which("cage") is None, reason="apt install cage (Debian 12: 0.1.4)")
def test_the_real_cage_starts_the_kiosk_and_stops_without_an_abort(stage: Path) -> None:
    """cage 0.1.4 on its headless backend: it starts (with `-m last` it crashed with a
    segmentation fault on its first output), and a stop ends it with status 0."""
    session = _start(stage, _prepare(stage, fake_cage=False))
    _until((stage / "kiosk.running").exists, "kiosk under cage", session)
    status, err = _stop(session)
    assert status == 0, err
    assert "Assertion" not in err and "Segmentation" not in err
    assert (stage / "kiosk.ended").read_text() == "quit on SIGTERM\n"


def test_the_unit_signals_the_session_alone_and_waits_longer_than_it() -> None:
    lines = [line.strip() for line in UNIT.read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    settings = dict(line.split("=", 1) for line in lines if "=" in line)
    assert settings["KillMode"] == "mixed"  # SIGTERM to the main process only
    assert settings.get("KillSignal", "SIGTERM") == "SIGTERM"
    assert settings["ExecStart"] == "@PREFIX@/bin/cafesach-session"
    grace = next(line for line in SESSION.read_text().splitlines()
                 if line.startswith("STOP_GRACE="))
    assert int(grace.split(":-")[1].rstrip("}\"")) < int(settings["TimeoutStopSec"])
    text = SESSION.read_text()
    assert "exec cage" not in text  # the session stays the main process
    assert " -m last" not in text.replace("`-m last`", "")
