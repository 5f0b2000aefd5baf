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
import shutil
import stat
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


def remove_unheld(root: str | os.PathLike[str], prefix: str, *, folders: bool,
                  suffix: str = "") -> list[str]:
    """Delete what is named `prefix…suffix` in `root` that no living process holds locked
    (`flock`); return the names deleted.

    Why: what a process keeps in memory (`/dev/shm`: the kiosk's page arena, a reading
    kept there on a full disk) is deleted by that process, or by Python's resource
    tracker — and by neither when both are killed together (`pkill -9`, the OOM killer);
    it then holds RAM until a reboot. So its maker holds a lock on it as long as it
    lives, and the next maker deletes those whose lock nobody holds. Only plain files
    (folders, with `folders`) of this user's: `/dev/shm` is every user's to write, and a
    pipe or link put there under such a name is opened without waiting or following.
    What the name points to is deleted only while it is still the file locked: a file
    renamed away meanwhile (a whole write put in place) is left alone. Where the system
    (or the file system) has no `flock` (Windows) nothing is deleted."""
    try:
        import fcntl

        names = [name for name in os.listdir(root)
                 if name.startswith(prefix) and name.endswith(suffix)
                 and len(name) > len(prefix) + len(suffix)]
    except (ImportError, OSError):
        return []
    kind = stat.S_ISDIR if folders else stat.S_ISREG
    removed = []
    for name in names:
        path = os.path.join(root, name)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            found = os.fstat(fd)
            if not kind(found.st_mode) or found.st_uid != os.getuid():
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if not os.path.samestat(os.stat(path, follow_symlinks=False), found):
                continue  # renamed away and the name taken again, after it was opened
            if folders:
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
            removed.append(name)
        except OSError:  # held by its living maker, or gone meanwhile
            continue
        finally:
            os.close(fd)
    return removed
