"""One at a time: an exclusive advisory lock held on a folder.

Two kinds of work must never run twice at once on the same folder: an
import or sync into a station's data folder (both would stage, adopt and
commit over each other, and one's clean-up would delete the other's
staged files) and a publish into a repository (both would read version N
and sign a different version N+1). Each holds `folder_lock` on its folder
while it works.

The lock is taken on the folder itself, not on a lock file inside it: nothing
is written for it (a repository folder uploaded whole stays clean), nothing
stays behind after a crash, and the kernel lets go of it when the process
ends, however it ends. A second run is refused at once rather than made to
wait: the person who started it learns that the first is still going. Work
that takes only a moment (one PIN check, one report written to a stick) holds
the same lock but waits for it a little (`wait_s`) before refusing.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LibraryError, StorageError


@contextlib.contextmanager
def folder_lock(folder: Path, *, held_by: str, error: type[LibraryError],
                message_vi: str, then: str = "let it finish, then try again",
                wait_s: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on the existing `folder` for the block, or refuse.

    Refused at once by default; with `wait_s`, another holder is first waited
    for that long (for work that takes a moment, such as one PIN check, where
    the second of two at once should simply come after the first).

    When another process holds it, raises `error` with one line that names the
    folder and what holds it: ``f"{held_by} {folder} right now (process N); {then}"``
    (so `held_by` reads e.g. "another publish is writing into", and `then` says
    what to do, by default "let it finish, then try again"; the process id where
    the system tells it), with `message_vi` for people. A folder that cannot be opened to
    be locked is a `StorageError` naming it. Where the system has no advisory
    locks (Windows) the block runs unlocked: a station there runs one import
    at a time anyway, and an editor one publish.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise StorageError(f"cannot lock {folder}: {exc.strerror or exc}",
                           message_vi="Không mở được thư mục để khoá.") from exc
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if isinstance(exc, BlockingIOError) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                pid = lock_holder(os.fstat(fd))
                which = f" (process {pid})" if pid else ""
                raise error(f"{held_by} {folder} right now{which}; {then}",
                            message_vi=message_vi) from exc
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


def lock_holder(st: os.stat_result, locks: Path = Path("/proc/locks")) -> int | None:
    """The id of a process holding a `flock` on the file `st` describes, where the system
    says (Linux's /proc/locks), so that a stuck run can be found; None when unknown."""
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        lines = locks.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:260072 0 EOF"; waiters carry "->"
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted \
                and fields[4].isdigit() and int(fields[4]) > 0:
            return int(fields[4])
    return None
