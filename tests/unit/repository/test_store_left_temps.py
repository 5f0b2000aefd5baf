"""What a killed writer left in the object store (`objects/.incoming-*`: a feed's cover,
a document being added) is swept when the next import or sync starts, as its
`staging/import-*` folder is, also in a process that opened its catalog before the kill
(the kiosk holds its own for days); what a living writer is writing right now is left
to it. The store's files are locked the one way every temporary file of the core is
(`files.locked_temp`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from library.catalog import Catalog
from library.files import locked_temp
from library.objects import INCOMING, ObjectStore
from library.repository.importer import import_from, recover_if_idle

from .helpers import World, new_station
from .test_opds_import import calibre_site

ROOT = Path(__file__).resolve().parents[3]

#: `cafesach ARGS…`, stopped at its first write into the store (the fsync of an
#: `.incoming-` file) until a line comes on stdin.
STALLED = r"""
import os, sys

real_fsync, stalled = os.fsync, []


def fsync(fd):
    if not stalled and os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(
            ".incoming-"):
        stalled.append(fd)
        print("writing", flush=True)
        sys.stdin.readline()
    real_fsync(fd)


os.fsync = fsync
from kiosk.main import main

sys.exit(main(sys.argv[1:]))
"""


def _stalled(*args: str) -> subprocess.Popen[str]:
    writer = subprocess.Popen([sys.executable, "-c", STALLED, *args], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    said = writer.stdout.readline()
    assert said == "writing\n", (said, writer.stderr.read() if writer.stderr else "")
    return writer


def _incoming(store: Path) -> set[str]:
    return {name for name in os.listdir(store) if name.startswith(INCOMING)}


def test_a_killed_imports_files_are_swept_by_the_next_import_not_a_living_writers(
        world: World, nginx, tmp_path: Path) -> None:
    paths, catalog = new_station(tmp_path / "data", world)
    # the kiosk's catalog, opened before anything below happened, and kept open
    with catalog:
        text = tmp_path / "ban-tin.txt"
        text.write_text("Bản tin sáng nay: giá lúa tăng.", encoding="utf-8")
        adding = _stalled("--data", str(paths.root), "add", str(text))  # still writing
        try:
            theirs = _incoming(paths.objects)
            assert len(theirs) == 1
            calibre_site(nginx.www / "calibre-giet")
            importing = _stalled("--data", str(paths.root), "import", "--trust-unsigned",
                                 f"{nginx.url}/calibre-giet/opds")
            importing.send_signal(signal.SIGKILL)  # mid-import, writing a cover
            importing.wait()
            assert importing.returncode == -signal.SIGKILL
            left = _incoming(paths.objects) - theirs
            assert len(left) == 1

            import_from(paths, catalog, str(world.pack_v1))  # the next import
            assert _incoming(paths.objects) == theirs  # the killed one's gone, not theirs
            assert adding.stdin is not None
            adding.stdin.write("\n")
            adding.stdin.flush()
            assert adding.wait(timeout=120) == 0  # its add went through, whole
        finally:
            if adding.poll() is None:
                adding.kill()
                adding.wait()
        assert _incoming(paths.objects) == set()
        assert any(item.title.startswith("Bản tin sáng nay") for item in catalog.items())


def test_the_kiosks_start_sweeps_them_too(tmp_path: Path) -> None:
    """`recover_if_idle`, at the kiosk's start, sweeps the store with the staging folder."""
    paths, catalog = new_station(tmp_path / "data")
    catalog.close()
    code = ("import os, signal, sys; from pathlib import Path; "
            "from library.objects import ObjectStore; "
            "store = ObjectStore(Path(sys.argv[1])); writing = store._incoming(); "
            "fd, tmp = writing.__enter__(); os.write(fd, b'half a cover'); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    killed = subprocess.run([sys.executable, "-c", code, str(paths.objects)], cwd=ROOT,
                            check=False)
    assert killed.returncode == -signal.SIGKILL
    [left] = _incoming(paths.objects)
    assert left in recover_if_idle(paths)
    assert _incoming(paths.objects) == set()


def test_a_sweep_just_after_a_file_is_made_does_not_fail_the_write(
        tmp_path: Path, monkeypatch) -> None:
    """Another process's sweep may come between the making of a file and its lock, take
    it for a killed writer's and delete it: the writer then makes another, and its add
    goes through (it said "cannot store" before)."""
    import tempfile

    store = ObjectStore(tmp_path / "objects")
    real_mkstemp, swept = tempfile.mkstemp, []

    def made_then_swept(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        if not swept:
            swept.append(made[1])
            ObjectStore(store.root).clear_incoming()  # another process's start, just now
        return made

    monkeypatch.setattr(tempfile, "mkstemp", made_then_swept)
    sha = store.add_bytes(b"a cover")
    assert not os.path.exists(swept[0]) and store.verify(sha)
    assert _incoming(store.root) == set()


def test_opening_the_catalog_sweeps_what_no_one_holds(tmp_path: Path) -> None:
    paths, catalog = new_station(tmp_path / "data")
    catalog.close()
    fd, _tmp, hold = locked_temp(paths.objects, INCOMING)
    os.close(fd)
    assert hold is not None
    Catalog.open(paths).close()
    assert len(_incoming(paths.objects)) == 1  # held: left
    os.close(hold)
    Catalog.open(paths).close()
    assert _incoming(paths.objects) == set()
