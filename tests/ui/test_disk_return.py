"""A kiosk shown read-only on a full or read-only disk goes back to writing by itself
(`kiosk.disk_return`): it notices the disk freed, and restarts only at a quiet moment.

The disk is a real tmpfs where the machine lets the test mount one (root); elsewhere
`unwritable` is injected. The checks are called, never waited for.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import FULL_DISK_BYTES
from library.station_disk import FULL, RESUME_FREE_BYTES
from tests.fulldisk import fill
from tests.loopback import loopback_config
from tests.unit.admin.mounts import tmpfs

from .conftest import BOOK_ID

pytestmark = pytest.mark.ui


class Disk:
    """A disk whose free space the test sets: `unwritable` as `library.station_disk`
    answers it, from `free` (None: a read-only mount)."""

    def __init__(self, free: int | None) -> None:
        self.free = free
        self.asked = 0

    def unwritable(self, root: Path, *, below: int = FULL_DISK_BYTES) -> str | None:
        self.asked += 1
        if self.free is None:
            return "read-only"
        return FULL if self.free < below else None


def watcher(root: Path, unwritable, quiet=lambda: True):
    from kiosk.disk_return import DiskReturn

    restarts: list[bool] = []
    return DiskReturn(root, quiet=quiet, restart=lambda: restarts.append(True),
                      unwritable=unwritable), restarts


# -- noticing the disk freed ----------------------------------------------------------
def _remount(point: Path, how: str) -> None:
    done = subprocess.run(["mount", "-o", f"remount,{how}", str(point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot remount {how}: {done.stderr.strip()}")


def test_a_real_full_disk_freed_is_noticed(qapp, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    """A tmpfs filled to its last byte, then its filler deleted (the librarian deleting
    files): two checks in a row find it writable with room to spare, and it restarts."""
    from library.station_disk import unwritable

    caplog.set_level(logging.WARNING, logger="kiosk.disk_return")
    with tmpfs(tmp_path / "disk", "48m", what="a station on a real full disk") as point:
        data = point / "data"
        data.mkdir()
        fill(point)
        watch, restarts = watcher(data, unwritable)
        for _ in range(3):
            watch.check()
        assert not watch.freed and restarts == []
        (point / "filler").unlink()
        watch.check()
        assert restarts == []  # one look is not enough
        watch.check()
        assert watch.freed and restarts == [True]
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2
    assert said[0].startswith(f"the data folder {data} can be written again (")
    assert said[1] == f"the kiosk restarts now to write to {data} again"


def test_a_real_read_only_mount_made_writable_is_noticed(qapp, tmp_path: Path) -> None:
    from library.station_disk import unwritable

    with tmpfs(tmp_path / "disk", "48m", what="a station on a read-only mount") as point:
        data = point / "data"
        data.mkdir()
        _remount(point, "ro")
        try:
            watch, restarts = watcher(data, unwritable)
            for _ in range(3):
                watch.check()
            assert restarts == []
        finally:
            _remount(point, "rw")
        watch.check()
        watch.check()
        assert restarts == [True]


def test_a_disk_that_stays_full_never_restarts(qapp, tmp_path: Path) -> None:
    disk = Disk(free=0)
    watch, restarts = watcher(tmp_path, disk.unwritable)
    for _ in range(50):
        watch.check()
    assert disk.asked == 50 and restarts == [] and not watch.freed
    disk.free = None  # a read-only mount: the same
    for _ in range(50):
        watch.check()
    assert restarts == [] and not watch.freed


def test_a_disk_hovering_at_the_limit_does_not_flap(qapp, tmp_path: Path) -> None:
    """Just above the limit the kiosk went read-only at is not freed (it would fill at its
    first cached page); a look with room between two without is not either; once freed,
    only falling below the real limit takes it back."""
    disk = Disk(free=FULL_DISK_BYTES + 1)
    watch, restarts = watcher(tmp_path, disk.unwritable, quiet=lambda: False)
    for _ in range(20):  # writable, but without the room to spare
        watch.check()
    assert not watch.freed
    for _ in range(10):  # room one look, none the next: never two in a row
        disk.free = RESUME_FREE_BYTES
        watch.check()
        disk.free = RESUME_FREE_BYTES - 1
        watch.check()
    assert not watch.freed
    disk.free = RESUME_FREE_BYTES
    watch.check()
    watch.check()
    assert watch.freed
    disk.free = FULL_DISK_BYTES + 1  # the kiosk's own writes while it waits: still freed
    watch.check()
    assert watch.freed
    disk.free = FULL_DISK_BYTES - 1  # full again: it stays read-only, and counts afresh
    watch.check()
    assert not watch.freed
    disk.free = RESUME_FREE_BYTES
    watch.check()
    assert not watch.freed
    watch.check()
    assert watch.freed and restarts == []  # never quiet in this test


# -- waiting for a quiet moment -------------------------------------------------------
@pytest.fixture
def freed(kiosk, tmp_path: Path) -> Iterator:
    """The module's kiosk watching a disk that is already freed; the restarts it asked."""
    from kiosk.disk_return import watch_disk

    restarts: list[bool] = []
    watch = watch_disk(kiosk, tmp_path, restart=lambda: restarts.append(True),
                       unwritable=Disk(free=RESUME_FREE_BYTES).unwritable)
    watch.stop()  # the test calls the checks
    kiosk.idle.activity()  # a visitor at the screen
    yield watch, restarts
    watch.deleteLater()
    kiosk.engine.rootContext().setContextProperty("broadcast", None)


def _idle_reset(kiosk) -> None:
    """The idle timeout, as the station's own timer fires it."""
    from kiosk.touch import pump

    kiosk.idle.idle_timer.timeout.emit()
    pump(50)


def test_the_restart_waits_for_the_visitor_and_happens_at_the_idle_reset(
        kiosk, freed) -> None:
    from kiosk.touch import pump, wait_until

    watch, restarts = freed
    kiosk.visit.read(BOOK_ID)
    assert wait_until(lambda: kiosk.reader.state()["image_page"] == 1, 30)
    for _ in range(5):  # the visitor reads on: every check waits
        kiosk.idle.activity()
        watch.check()
        pump(20)
    assert watch.freed and restarts == []
    assert kiosk.nav.screen == "reader"
    _idle_reset(kiosk)  # the visitor has gone
    assert restarts == [True]
    watch.check()  # asked once only
    _idle_reset(kiosk)
    assert restarts == [True]


def test_the_restart_waits_for_the_bulletin_on_air(kiosk, freed) -> None:
    from tests.ui.test_video_on_air import _on_air_class

    watch, restarts = freed
    on_air = _on_air_class()()
    kiosk.engine.rootContext().setContextProperty("broadcast", on_air)
    on_air.go(True)
    _idle_reset(kiosk)  # nobody at the screen, but the loudspeaker is reading
    watch.check()
    watch.check()
    assert watch.freed and restarts == []
    on_air.go(False)
    watch.check()
    assert restarts == [True]


def test_the_restart_waits_for_a_bulletin_about_to_fall_due(kiosk, freed) -> None:
    """Started again, the kiosk looks only forward: a slot falling due while it
    restarts would go unread on the loudspeaker. Within a minute of one, it waits."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QObject, Signal

    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import Schedule, Slot

    class Player(QObject):
        finished = Signal()

    watch, restarts = freed
    now = [datetime(2026, 3, 2, 5, 59, 30, tzinfo=UTC)]
    player = Player()
    broadcast = BroadcastController(player, lambda: Schedule((Slot("06:00", ("tin",)),)),
                                    UTC, clock=lambda: now[0])
    kiosk.engine.rootContext().setContextProperty("broadcast", broadcast)
    _idle_reset(kiosk)
    watch.check()
    watch.check()
    assert watch.freed and restarts == []  # 06:00 in half a minute
    now[0] += timedelta(minutes=1)  # 06:00:30: read (not on air in this test), next tomorrow
    watch.check()
    assert restarts == [True]


def test_the_restart_waits_for_the_librarian_panel(kiosk, freed) -> None:
    from PySide6.QtCore import QMetaObject

    from kiosk.touch import pump

    watch, restarts = freed
    _idle_reset(kiosk)
    kiosk.slots.requestLibrarian()  # the corner held: the PIN pad, then the panel
    pump(50)
    assert kiosk.window.property("librarianOpen") is True
    watch.check()
    watch.check()
    assert watch.freed and restarts == []
    QMetaObject.invokeMethod(kiosk.window, "closeLibrarian")
    pump(50)
    watch.check()
    assert restarts == [True]


def test_the_restart_waits_for_the_librarians_long_job(kiosk, freed) -> None:
    """A report on its way to a stick, left running as she closed the panel: a stop
    waits for it, the exec would cut it off half-written; the restart waits too."""
    import threading

    from kiosk.touch import wait_until

    watch, restarts = freed
    writing = threading.Event()
    kiosk.tasks.run(writing.wait, long=True)
    try:
        _idle_reset(kiosk)
        watch.check()
        watch.check()
        assert watch.freed and restarts == []
    finally:
        writing.set()
    assert wait_until(lambda: kiosk.tasks.pending == 0, 30)
    watch.check()
    assert restarts == [True]


def test_the_restart_waits_for_a_file_on_its_way_to_a_phone(kiosk, freed,
                                                            monkeypatch) -> None:
    """A visitor scanned a QR code and walked away with her phone while the file comes:
    the restart would cut her download (the server's own count of transfers in flight)."""
    from types import SimpleNamespace

    from kiosk.handoff.model import HandoffModel
    from library.handoff.limits import DownloadSlots

    watch, restarts = freed
    phones = HandoffModel(kiosk.catalog, kiosk.config, parent=kiosk)
    slots = DownloadSlots(total=16, per_client=4)
    phones._server = SimpleNamespace(site=SimpleNamespace(slots=slots))
    monkeypatch.setattr(kiosk, "handoff", phones, raising=False)
    slots.acquire("192.0.2.7")  # a download begins
    _idle_reset(kiosk)
    watch.check()
    watch.check()
    assert watch.freed and restarts == []
    slots.release("192.0.2.7")  # the file is on the phone
    watch.check()
    assert restarts == [True]
    phones._server = None


# -- the restart ends every child -------------------------------------------------------
DRIVER = r"""
import json, os, subprocess, sys
from pathlib import Path

report, point = Path(sys.argv[1]), sys.argv[2]
from kiosk import restart as restart_module
from kiosk import run_command

kiosks = []

def record_exec(path, argv, env):
    from kiosk.restart import child_pids
    import socket
    port = int(os.environ["CAFESACH_TEST_PORT"])
    with socket.socket() as s:  # the phone server's port is free again
        s.bind(("127.0.0.1", port))
    from library.locks import folder_lock
    from library.errors import StorageError
    with folder_lock(Path(os.environ["CAFESACH_DATA"]), held_by="x", error=StorageError,
                     message_vi="x"):
        pass  # the data folder's lock let go
    from library.stats import StatsStore
    store = StatsStore.open(Path(os.environ["CAFESACH_DATA"]), today=lambda: "2026-01-01",
                            flush_interval_s=None)
    counted = store.top_items("view", limit=5)
    store.close()
    import fcntl
    inherited = []  # what the new kiosk would get: descriptors not closed at the exec
    for fd in sorted(map(int, os.listdir("/proc/self/fd"))):
        try:
            if not fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC:
                inherited.append(fd)
        except OSError:  # the listing's own descriptor, closed since
            continue
    report.write_text(json.dumps({"inherited": inherited, "children": child_pids(),
                                  "argv": argv, "counted": counted, "pid": os.getpid(),
                                  "seen": kiosks[0]}))
    # An exec does not come back, nor does the interpreter's end run after it: ended here
    # the same way (a Qt object met at the interpreter's end could crash the process,
    # which no kiosk ever does, having become the new one).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)

restart_module.restart_in_place.__kwdefaults__["exec_"] = record_exec

import kiosk.disk_return as disk_return
watch_disk = disk_return.watch_disk

def watched(app, root, restart, **options):
    from PySide6.QtCore import QTimer
    watch = watch_disk(app, root, restart, **options)
    watch.stop()

    def drive():
        from kiosk.restart import child_pids
        if not getattr(app, "handoff", None) or not app.handoff.serving or not child_pids():
            QTimer.singleShot(100, drive)  # the parts and workers start after the first frame
            return
        kiosks.append(child_pids())  # the workers the kiosk started
        app.stats.item_viewed("demo-chuyen-doi-so")  # counted in memory: the disk refuses
        subprocess.run(["mount", "-o", "remount,rw", point], check=True)
        watch.check()
        watch.check()
        app.idle.idle_timer.timeout.emit()  # the visitor has gone

    QTimer.singleShot(0, drive)
    return watch

disk_return.watch_disk = watched
from kiosk.main import main
sys.exit(main(["run", "--windowed", "--size", "800x600"]))
"""


def test_the_restart_ends_every_child_and_frees_the_port(tmp_path: Path) -> None:
    """`cafesach run` on a read-only mount, made writable: the kiosk shuts down as at any
    stop and starts again in place; at the exec (injected here: it records) no child of
    it is left (document worker, its standby, speech worker, resource tracker), the phone
    server's port and the data folder's lock are free, no descriptor but the three it was
    given would pass to the new kiosk, and the command line is its own."""
    import json
    import sys

    from tests.fulldisk import demo_station

    with tmpfs(tmp_path / "disk", "64m", what="a kiosk on a read-only mount") as point:
        paths = demo_station(point / "data")
        port = loopback_config(paths.root)
        _remount(point, "ro")
        report = tmp_path / "report.json"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
               "CAFESACH_DATA": str(paths.root), "CAFESACH_TEST_PORT": str(port)}
        env.pop("DISPLAY", None)
        try:
            done = subprocess.run([sys.executable, "-c", DRIVER, str(report), str(point)],
                                  capture_output=True, text=True, env=env, timeout=180)
        finally:
            _remount(point, "rw")
    assert done.returncode == 0, done.stderr[-3000:]
    said = json.loads(report.read_text())
    assert said["seen"], "the kiosk had started no worker: nothing was tested"
    assert said["children"] == []
    assert said["inherited"] == [0, 1, 2]  # stdin, stdout, stderr: no file, pipe or socket
    assert said["argv"][1:] == ["-c", DRIVER, str(report), str(point)]
    assert said["counted"] == [["demo-chuyen-doi-so", 1]]  # kept in memory, written at the end
    assert "can be written again" in done.stderr and "restarts now" in done.stderr
    assert "left at the restart" not in done.stderr  # the orderly stop ended them all


def test_a_stop_asked_meanwhile_wins_over_the_restart(monkeypatch) -> None:
    """`systemctl stop` during the restart's shutdown: the kiosk ends (status 0), it does
    not start again for the session to wait on."""
    import signal

    from kiosk.restart import restart_in_place

    execs: list[list[str]] = []
    before = signal.getsignal(signal.SIGTERM)
    try:
        code = restart_in_place(["kiosk"], exec_=lambda path, argv, env: execs.append(argv),
                                stop_asked=lambda: True)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert code == 0 and execs == []


STOPPED_IN_ATEXIT = r"""
import atexit, os, signal, sys
from kiosk.restart import restart_in_place

def joining_children():  # as multiprocessing's exit joins its workers: the SIGTERM lands here
    os.kill(os.getpid(), signal.SIGTERM)

atexit.register(joining_children)
execs = []
code = restart_in_place(["kiosk"], exec_=lambda path, argv, env: execs.append(argv))
print(f"status {code}, execs {execs}")
"""


def test_a_stop_that_lands_in_an_exit_callback_still_wins(tmp_path: Path) -> None:
    """The SIGTERM comes while the restart runs what the interpreter's exit would
    (`atexit`), where the `SystemExit` it raises is swallowed: the kiosk still does not
    start again. In its own process: the restart runs and clears every `atexit`
    callback of the process it runs in."""
    import sys

    done = subprocess.run([sys.executable, "-c", STOPPED_IN_ATEXIT], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "status 0, execs []"


def test_the_command_line_to_start_again(monkeypatch) -> None:
    """From source: the interpreter with the options it was given; frozen: the bundle's
    own executable, and the bootloader told to start a new instance."""
    import sys

    from kiosk import restart

    monkeypatch.setattr(sys, "orig_argv", ["python3", "-m", "kiosk", "run", "--fullscreen"])
    assert restart.restart_command() == [sys.executable, "-m", "kiosk", "run", "--fullscreen"]
    assert "PYINSTALLER_RESET_ENVIRONMENT" not in restart.restart_environment()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/cafesach/current/cafesach")
    monkeypatch.setattr(sys, "argv", ["cafesach", "run", "--fullscreen"])
    assert restart.restart_command() == ["/opt/cafesach/current/cafesach", "run", "--fullscreen"]
    assert restart.restart_environment()["PYINSTALLER_RESET_ENVIRONMENT"] == "1"


# -- the kiosk started again comes back to the attract loop ----------------------------
RESTART_ENV = r"""
import json, os
from kiosk.restart import RESTARTED, restart_in_place

execs = []
code = restart_in_place(["python3", "-m", "kiosk", "run"],
                        exec_=lambda path, argv, env: execs.append([argv, env.get(RESTARTED)]))
print(json.dumps({"code": code, "execs": execs, "own": os.environ.get(RESTARTED)}))
"""


def test_the_restart_tells_the_new_kiosk_it_was_restarted(monkeypatch) -> None:
    """What the exec is given: the same command line, and the word that makes the new
    kiosk show the attract loop, its own environment left as it was. In its own process:
    the restart runs and clears every `atexit` callback of the process it runs in."""
    import json
    import sys

    from kiosk import restart

    env = {**os.environ}
    env.pop(restart.RESTARTED, None)
    done = subprocess.run([sys.executable, "-c", RESTART_ENV], capture_output=True, text=True,
                          env=env, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "code": 0, "execs": [[["python3", "-m", "kiosk", "run"], "1"]], "own": None}


def test_the_word_is_read_once(monkeypatch) -> None:
    """Read, it is gone from the kiosk's environment: its workers, and a kiosk started
    later by hand from it, start as any."""
    from kiosk import restart

    monkeypatch.setenv(restart.RESTARTED, "1")
    assert restart.came_back_from_restart()
    assert restart.RESTARTED not in os.environ
    assert not restart.came_back_from_restart()


SHOWN_AT_START = r"""
import json, os, sys
from pathlib import Path

report = Path(sys.argv[1])
from kiosk import parts

install_parts = parts.install_parts

def installed(app, **options):
    from PySide6.QtCore import QTimer

    done = install_parts(app, **options)

    def look():  # what the first visitor finds, then what a touch shows
        seen = {"screen": app.nav.screen, "idle": app.idle.idle,
                "idle_timer": app.idle.idle_timer.isActive(),
                "env": os.environ.get("CAFESACH_RESTARTED")}
        app.idle.activity()
        seen["after_touch"] = app.nav.screen
        report.write_text(json.dumps(seen))
        app.quit()

    QTimer.singleShot(0, look)
    return done

parts.install_parts = installed
from kiosk.main import main
sys.exit(main(["--data", sys.argv[2], "run", "--windowed", "--size", "800x600"]))
"""


@pytest.mark.parametrize("restarted", [True, False], ids=["restarted", "normal start"])
def test_a_kiosk_started_again_shows_the_attract_loop(tmp_path: Path, restarted: bool) -> None:
    """`cafesach run` started by the restart (its environment as `restart_environment`
    makes it) shows the attract loop as soon as it is up, idle, and a touch leaves it for
    home; a normal start shows the home screen, its idle countdown running."""
    import json
    import sys

    from kiosk.restart import RESTARTED

    data = tmp_path / "data"
    loopback_config(data)  # the phone server on this machine only, on a free port
    report = tmp_path / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    env.pop("DISPLAY", None)
    env.pop(RESTARTED, None)
    if restarted:
        env[RESTARTED] = "1"
    done = subprocess.run([sys.executable, "-c", SHOWN_AT_START, str(report), str(data)],
                          capture_output=True, text=True, env=env,
                          timeout=180, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(report.read_text())
    assert seen["env"] is None  # read once: not passed on to what the kiosk starts
    assert seen["after_touch"] == "home"
    if restarted:
        assert seen["screen"] == "attract" and seen["idle"] and not seen["idle_timer"]
    else:
        assert seen["screen"] == "home" and not seen["idle"] and seen["idle_timer"]


def test_a_catalog_waiting_for_its_upgrade_waits_for_room_for_it(qapp, tmp_path: Path) -> None:
    """A station updated on a nearly full disk shows its catalog upgraded in memory: the
    32 MB that bring a full kiosk back to writing are not enough when its catalog's
    upgrade in place takes more, or the restart would find too little room again and
    the kiosk go on restarting at every quiet moment."""
    from library.station_disk import resume_free_bytes
    from tests.fulldisk import demo_station
    from tests.unit.test_station_disk_upgrade import previous_schema

    paths = demo_station(tmp_path / "data")
    previous_schema(paths)
    need = resume_free_bytes(paths)
    assert need == RESUME_FREE_BYTES + 2 * paths.catalog_db.stat().st_size
    disk = Disk(free=need - 1)
    watch, restarts = watcher(paths.root, disk.unwritable)
    for _ in range(3):
        watch.check()
    assert not watch.freed and restarts == []
    disk.free = need
    watch.check()
    watch.check()
    assert watch.freed and restarts == [True]
