"""The readings a kiosk on a full disk kept in memory do not outlive a kill for good.

Why: on a full or read-only disk, «Nghe» keeps its sentences (and recorded bulletins'
copies) in a folder in memory, `/dev/shm`, up to 64 MB each, deleted by the kiosk as
it ends. A kiosk killed (`kill -9`, the OOM killer) never deleted them, and the next
kiosk made new ones beside them: more memory gone at every kill until a reboot. Now
the next folder made deletes those whose kiosk is gone, and only those.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from library import station_disk

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="flock: POSIX only")

ROOT = Path(__file__).resolve().parents[2]

#: A kiosk's reading kept in memory: the folder made under the given root, one sentence
#: in it, its path said, then the process waits to be killed.
READER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from library import station_disk

station_disk.memory_root = lambda: Path(sys.argv[2])
folder = station_disk.memory_folder("cafesach-speech-")
(folder / "0001.wav").write_bytes(b"RIFF" + bytes(4096))
print(folder, flush=True)
sys.stdin.read()
"""


def _reader(root: Path) -> tuple[subprocess.Popen[str], Path]:
    child = subprocess.Popen([sys.executable, "-c", READER, str(ROOT), str(root)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    return child, Path(child.stdout.readline().strip())


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder in memory, this test's own (not the machine's /dev/shm)."""
    monkeypatch.setattr(station_disk, "memory_root", lambda: tmp_path)
    return tmp_path


def test_a_killed_kiosks_reading_in_memory_is_deleted_by_the_next(memory: Path) -> None:
    child, left = _reader(memory)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert (left / "0001.wav").exists()  # what the kill leaves

    folder = station_disk.memory_folder("cafesach-speech-")

    assert not left.exists()
    assert folder.is_dir()
    station_disk.release_memory_folder(folder)
    assert not folder.exists()


def test_a_living_kiosks_reading_and_other_folders_are_kept(memory: Path) -> None:
    child, living = _reader(memory)
    upgraded = memory / "cafesach-upgraded-abc"  # the catalog's copy: its own rules
    upgraded.mkdir()
    try:
        folder = station_disk.memory_folder("cafesach-speech-")
        assert (living / "0001.wav").exists()
        assert upgraded.is_dir()
        station_disk.release_memory_folder(folder)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


def test_a_folder_is_made_where_its_lock_cannot_be_told(memory: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder seeming swept before its lock: the third is used, never a loop."""
    monkeypatch.setattr(station_disk, "_hold_folder", lambda folder: False)
    folder = station_disk.memory_folder("cafesach-speech-")
    assert folder.is_dir()
    assert len(list(memory.glob("cafesach-speech-*"))) == 3
