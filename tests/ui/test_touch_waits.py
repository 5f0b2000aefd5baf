"""The waits of `kiosk.touch` (the UI tests and the screenshot tour drive Qt with them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: An event loop run inside a posted event while `wait_until` sleeps (a slot that pumps,
#: a modal loop): the wake timer fires in the inner loop, and the outer must still wake.
NESTED = """
from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, Slot
from kiosk.touch import pump, wait_until

app = QCoreApplication([])
done = []

class Slow(QObject):
    @Slot()
    def run(self):
        pump(30)
        done.append(1)

slow = Slow()
QMetaObject.invokeMethod(slow, "run", Qt.ConnectionType.QueuedConnection)
assert not wait_until(lambda: False, 0.1)
assert done
print("woke")
"""


def test_a_wait_wakes_after_an_event_loop_run_inside_it() -> None:
    # Qt's own Unix event loop (no GLib, as QT_NO_GLIB or a Qt built without it): it
    # sleeps on its timers only, after handling the posted events
    env = {**os.environ, "QT_NO_GLIB": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", NESTED], cwd=ROOT, env=env, timeout=10,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "woke" in done.stdout, done.stderr
