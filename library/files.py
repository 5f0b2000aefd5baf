"""Writing files so that a crash or power cut leaves the old file or the new one.

Every durable write in the core goes the same way: a temporary file beside
the target, written and fsynced, given its mode, renamed over the target,
and the folder fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int = 0o644, apply_umask: bool = True,
                sync_dir: bool = True) -> Iterator[BinaryIO]:
    """A file to write that appears under `path` only whole, when the block succeeds.

    `mode` goes through the umask unless `apply_umask=False` (files other
    users' processes must read, like a published repository served by nginx).
    `sync_dir=False` skips making the rename itself durable, for caches that
    may be lost at any time anyway.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & ~current_umask() if apply_umask else mode)  # mkstemp: 0600
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if sync_dir:
        fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644,
                 apply_umask: bool = True) -> None:
    """Replace `path` with `data` durably (see `atomic_file` for `mode`)."""
    with atomic_file(path, mode=mode, apply_umask=apply_umask) as fh:
        fh.write(data)
