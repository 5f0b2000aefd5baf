"""A save killed mid-write (config.toml, the PIN's admin.json, a key pair) left its
temporary file beside the file, one more at every kill, and nothing ever deleted them. The
next whole save deletes those no living writer holds — never the one another process is
writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from library.admin import PinLock
from library.config import Config
from library.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]

#: A real save in a process of its own, stopped after its data is written and before the
#: file is put in place (its first fsync of a file), until a line comes on stdin.
WRITER = r"""
import os, stat, sys
from pathlib import Path

real_fsync, stalled = os.fsync, []

def fsync(fd):
    if not stalled and stat.S_ISREG(os.fstat(fd).st_mode):
        stalled.append(fd)
        print("writing", flush=True)
        sys.stdin.readline()
    real_fsync(fd)

os.fsync = fsync
what, target = sys.argv[1], Path(sys.argv[2])
if what == "config":
    from library.config import Config
    config = Config.load(target)
    config.set("station", "name", "Trạm của tiến trình kia")
    config.save()
elif what == "pin":
    from library.admin import PinLock
    PinLock(target).set_pin("2468")
else:
    from library.repository.keys import generate_keypair
    generate_keypair(target, overwrite=True)
"""


def _stalled_writer(what: str, target: Path) -> subprocess.Popen[str]:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, what, str(target)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    return writer


def _killed_writer(what: str, target: Path) -> None:
    writer = _stalled_writer(what, target)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL


def _temps(target: Path) -> list[str]:
    return sorted(name for name in os.listdir(target.parent)
                  if name.startswith(f".{target.name}.") and name.endswith(".tmp"))


def test_killed_config_saves_leave_nothing_after_the_next_save(data_paths: DataPaths) -> None:
    target = data_paths.config_file
    for _ in range(3):
        _killed_writer("config", target)
    assert len(_temps(target)) == 3  # one more at every kill
    config = Config.load(target)
    config.set("station", "name", "Thư viện xã")
    config.save()
    assert _temps(target) == []
    assert Config.load(target).get("station", "name") == "Thư viện xã"


def test_a_killed_pin_save_leaves_nothing_after_the_next_one(data_paths: DataPaths) -> None:
    target = PinLock.open(data_paths).path
    _killed_writer("pin", target)
    assert len(_temps(target)) == 1
    lock = PinLock.open(data_paths)
    lock.set_pin("1357")
    assert _temps(target) == []
    assert lock.check("1357").ok


def test_a_save_another_process_is_writing_now_is_left_alone(data_paths: DataPaths) -> None:
    target = data_paths.config_file
    writer = _stalled_writer("config", target)
    try:
        [theirs] = _temps(target)
        config = Config.load(target)
        config.set("station", "name", "Thư viện xã")
        config.save()  # sweeps what no one holds: not the living writer's file
        assert _temps(target) == [theirs]
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.wait() == 0  # its save went through, whole
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert _temps(target) == []
    assert Config.load(target).get("station", "name") == "Trạm của tiến trình kia"


def test_a_killed_keygen_leaves_no_copy_of_the_secret_key(tmp_path: Path) -> None:
    from library.repository.keys import PRIVATE_NAME, generate_keypair

    out = tmp_path / "keys"
    _killed_writer("keygen", out)
    [left] = _temps(out / PRIVATE_NAME)
    assert b"PRIVATE KEY" in (out / left).read_bytes()
    generate_keypair(out, overwrite=True)
    assert _temps(out / PRIVATE_NAME) == []
    assert sorted(os.listdir(out)) == ["publisher.key", "publisher.pub"]


def test_publish_looks_for_left_temps_beside_its_index_not_at_every_feed_page(
        tmp_path: Path, monkeypatch) -> None:
    """The feed pages are written into a folder made for them, where no writer can have
    been killed: a look for left temporary files after each page would list the folder
    once per page (8,000 pages: 20 s more per publish), for nothing."""
    from library import files
    from library.repository.keys import PrivateKey
    from library.repository.publish import publish
    from tests.unit.repository.helpers import make_pdf

    src = tmp_path / "src"
    src.mkdir()
    for n in range(3):
        make_pdf(src / f"{n}.pdf", f"Sách {n}", "Nội dung.")
    looked: list[str] = []
    real = files.remove_unheld

    def remove_unheld(root: str | os.PathLike[str], prefix: str, **kwargs: object) -> list[str]:
        looked.append(Path(root).name)
        return real(root, prefix, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "remove_unheld", remove_unheld)
    publish(src, tmp_path / "out", PrivateKey.generate(), repository="vn.test")
    assert (tmp_path / "out" / "opds" / "index.xml").is_file()
    assert "opds" not in looked
    assert "out" in looked  # the index (and the hash cache) beside it: still looked for
