"""A real tmpfs mounted for one test (a stick, a nearly full stick), skipped where it cannot be."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _cannot_mount() -> str | None:
    if os.name != "posix" or os.geteuid() != 0:
        return "mounting needs root"
    if not shutil.which("mount") or not shutil.which("umount"):
        return "mount/umount not installed"
    return None


@contextmanager
def tmpfs(point: Path, size: str, *, what: str) -> Iterator[Path]:
    """Make `point`, mount a tmpfs of `size` there, unmount after; skip `what` if impossible."""
    reason = _cannot_mount()
    if reason:
        pytest.skip(f"{what} skipped: {reason}")
    point.mkdir(parents=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"{what} skipped: mount not permitted here ({proc.stderr.strip()})")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], capture_output=True, check=False)
