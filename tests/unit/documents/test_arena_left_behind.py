"""A page arena left in /dev/shm by a caller killed with its whole process group is
deleted by the next arena made; one a living process holds is not.

Why: the caller's arena (the memory cache's size, 256 MB on a station) is unlinked
by Python's resource tracker when its maker dies — unless the tracker dies with it
(`pkill -9 -f …/cafesach`, the OOM killer, systemd's final SIGKILL). The block then
stayed in RAM until the next reboot, one more at every such kill.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from library.documents import DocumentEngine

#: Where Linux keeps shared memory as files.
SHM_FOLDER = "/dev/shm"
pytestmark = pytest.mark.skipif(not Path(SHM_FOLDER).is_dir(), reason="no /dev/shm")
ROOT = Path(__file__).resolve().parents[3]

#: A caller that renders one page (so its engine makes the arena), says the arena's
#: name, then waits to be killed.
CALLER = """
import sys
import threading
sys.path.insert(0, sys.argv[1])
from library.documents import DocumentEngine

if __name__ == "__main__":
    engine = DocumentEngine(cache_dir=None, memory_cache_mb=16, standby_worker=False)
    engine.render(sys.argv[2], 1, 400, 400).result(timeout=120)
    print(engine.worker._arena.name, flush=True)
    sys.stdin.read()
"""


def _pdf(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "trang một")
    doc.save(path)
    doc.close()
    return path


def _caller(tmp_path: Path, pdf: Path) -> tuple[subprocess.Popen[str], str]:
    script = tmp_path / "caller.py"
    script.write_text(CALLER, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(ROOT), str(pdf)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             start_new_session=True)
    assert child.stdout is not None
    name = child.stdout.readline().strip()
    return child, name


def _render_in_a_new_engine(pdf: Path) -> None:
    with DocumentEngine(cache_dir=None, memory_cache_mb=16, standby_worker=False) as engine:
        engine.render(pdf, 1, 400, 400).result(timeout=120)


def test_an_arena_killed_with_its_tracker_is_deleted_by_the_next(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "a.pdf")
    child, name = _caller(tmp_path, pdf)
    os.killpg(child.pid, signal.SIGKILL)  # the caller, its worker and its resource tracker
    child.wait()
    left = Path(SHM_FOLDER) / name
    assert left.exists()  # what the kill leaves: nobody else would delete it
    try:
        _render_in_a_new_engine(pdf)
        assert not left.exists()
    finally:
        left.unlink(missing_ok=True)


def test_an_arena_a_living_process_holds_is_kept(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "a.pdf")
    child, name = _caller(tmp_path, pdf)
    try:
        _render_in_a_new_engine(pdf)
        assert (Path(SHM_FOLDER) / name).exists()
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        (Path(SHM_FOLDER) / name).unlink(missing_ok=True)


def test_a_pipe_named_as_an_arena_neither_holds_the_first_page_nor_goes(tmp_path: Path) -> None:
    """/dev/shm is every user's to write: a pipe another user made under an arena's name
    would have held the opening of the kiosk's first page until someone wrote to it."""
    from library.documents.slots import ARENA_PREFIX, PageArena

    pipe = Path(SHM_FOLDER) / f"{ARENA_PREFIX}pipe{os.getpid()}"
    os.mkfifo(pipe)
    made: list[str | None] = []
    try:
        thread = threading.Thread(target=lambda: made.append(PageArena(2 * 8 * 2**20).name),
                                  daemon=True)
        thread.start()
        thread.join(60)  # a guard: the arena is made at once, or never without a writer
        assert made and made[0] is not None and made[0].startswith(ARENA_PREFIX)
        assert pipe.exists()  # not this sweep's to delete
    finally:
        if thread.is_alive():  # free the stuck open before the pipe goes
            with contextlib.suppress(OSError):
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        pipe.unlink(missing_ok=True)
        for name in made:
            if name:
                (Path(SHM_FOLDER) / name).unlink(missing_ok=True)


def test_an_arena_is_made_where_its_lock_cannot_be_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system where every block seems swept before its lock (a folder of blocks that
    is not where the system keeps them) gets its arena all the same, not a loop making
    blocks without end."""
    from library.documents import slots

    made: list[str] = []

    def never_held(block: object) -> bool:
        made.append(getattr(block, "name", ""))
        return False

    monkeypatch.setattr(slots, "_hold", never_held)
    try:
        arena = slots.PageArena(2 * 8 * 2**20)
        assert arena.name == made[-1]
        assert len(made) == 3
        # the two not taken are deleted at once, not left in memory for the tracker's exit
        assert [n for n in made[:2] if (Path(SHM_FOLDER) / n).exists()] == []
        arena.close()
    finally:
        for name in made:
            (Path(SHM_FOLDER) / name).unlink(missing_ok=True)


def test_a_block_another_sweep_holds_as_it_is_made_is_not_used() -> None:
    """Another process's sweep may lock a block in the moment between its making and its
    maker's lock, then delete it: the maker must not take that block for its own (its
    worker would find no arena of that name) but make another."""
    import fcntl
    import secrets

    from library.documents import slots

    block = slots._Block(create=True, size=4096,
                         name=slots.ARENA_PREFIX + secrets.token_hex(6))
    path = Path(SHM_FOLDER) / block.name
    sweep = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(sweep, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the sweep's lock, before its unlink
        assert slots._hold(block) is False
    finally:
        os.close(sweep)
        block.close()
        block.unlink()
