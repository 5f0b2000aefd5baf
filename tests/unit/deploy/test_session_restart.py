"""The kiosk starting again in place under the real session (`kiosk.restart`): cage and
the session stay up, the process keeps its id, a helper it had is ended, and a stop
afterwards still ends everything cleanly.

Why it matters: a kiosk on a freed disk restarts itself into writing
(`kiosk.disk_return`); were it to end instead, cage (which shows one program and
ends with it) would end, the session and the unit with it, and the screen would fall
to the text console until systemd started them again. Run for real against cage
0.1.4 on its headless backend (as root: as `nobody`, which cage needs), with a
stand-in kiosk that restarts through `kiosk.restart.restart_in_place` once.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from . import test_session_stop as session_stop
from .test_session_stop import _alive, _prepare, _start, _stop, _until, needs_setpriv

stage = session_stop.stage  # the session's folder, a fixture of the stop tests

ROOT = Path(__file__).resolve().parents[3]

#: The kiosk: records each start (its process id), starts a helper process and restarts
#: in place the first time, then runs until SIGTERM as `kiosk/run_command.py` does.
RESTARTING_KIOSK = """#!{python}
import os, signal, subprocess, sys, time
sys.path.insert(0, {root!r})
stage = os.environ["STAGE"]
with open(os.path.join(stage, "kiosk.starts"), "a") as starts:
    starts.write(f"{{os.getpid()}}\\n")
if not os.path.exists(os.path.join(stage, "restarted")):
    open(os.path.join(stage, "restarted"), "w").close()
    helper = subprocess.Popen(["sleep", "600"])  # a worker the restart must end
    with open(os.path.join(stage, "helper.pid"), "w") as out:
        out.write(str(helper.pid))
    from kiosk.restart import restart_in_place
    sys.exit(restart_in_place())

def quit(*_):
    with open(os.path.join(stage, "kiosk.ended"), "w") as out:
        out.write("quit on SIGTERM\\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, quit)
with open(os.path.join(stage, "kiosk.running"), "w") as out:
    out.write(" ".join(sys.argv[1:]))
while True:
    time.sleep(0.05)
"""


@needs_setpriv
@pytest.mark.skipif(shutil.which("cage") is None, reason="apt install cage (Debian 12: 0.1.4)")
def test_the_kiosk_restarts_in_place_under_the_real_cage(stage: Path) -> None:
    command = _prepare(stage, fake_cage=False)
    kiosk = stage / "opt" / "current" / "cafesach"
    kiosk.write_text(RESTARTING_KIOSK.format(python=sys.executable, root=str(ROOT)))
    session = _start(stage, command)
    _until((stage / "kiosk.running").exists, "the kiosk started again under cage", session)
    assert session.poll() is None  # cage and the session stayed up through the restart
    starts = (stage / "kiosk.starts").read_text().split()
    assert len(starts) == 2 and starts[0] == starts[1]  # the same process: cage's client
    assert (stage / "kiosk.running").read_text() == "run --fullscreen"  # its own arguments
    assert not _alive(stage / "helper.pid")  # ended and reaped, not left behind
    status, err = _stop(session)
    assert status == 0, err
    assert "Assertion" not in err and "Segmentation" not in err
    assert (stage / "kiosk.ended").read_text() == "quit on SIGTERM\n"
