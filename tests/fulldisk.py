"""A station's data folder on a real disk that is full, or mounted read-only.

A small tmpfs (root only; skipped elsewhere) holds a demo station, then a file
fills it to its last byte, or the mount is made read-only: what the kiosk
meets on a market's PC whose disk filled up, or whose data folder sits on a
write-protected card.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.demo import load_demo
from library.paths import DataPaths
from tests.unit.admin.mounts import tmpfs


def fill(folder: Path) -> None:
    """Write into `folder` until its disk has no byte left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for chunk in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * chunk):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)


#: An item of `demo_station` whose file cannot be opened (random bytes after a PDF header).
BROKEN_ID = "broken-book"


def demo_station(root: Path) -> DataPaths:
    """A data folder at `root` holding the demo library and `BROKEN_ID`, closed cleanly
    (no `-wal`)."""
    paths = DataPaths(root).ensure()
    with Catalog.open(paths) as catalog:
        assert load_demo(catalog) > 10
        junk = root / "junk.pdf"
        junk.write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
        sha, size = catalog.objects.add_file(junk)
        junk.unlink()
        book = catalog.get("demo-chuyen-doi-so")
        catalog.put(replace(book, id=BROKEN_ID, title="Sách hỏng để thử", sha256=sha,
                            size=size, featured=False, cover_sha256=None,
                            filename="junk.pdf"), ["trang hỏng"])
    return paths


@contextmanager
def station_disk(where: Path, state: str, *, size: str = "12m") -> Iterator[DataPaths]:
    """A demo station on a tmpfs at `where`, the disk then `"full"` or `"read-only"` (or
    `"filling"`: left with room, for the test to `fill` its `paths.root.parent` later)."""
    with tmpfs(where, size, what=f"a station on a {state} disk") as point:
        paths = demo_station(point / "data")
        if state == "full":
            fill(point)
            assert shutil.disk_usage(point).free == 0
        elif state == "read-only":
            proc = subprocess.run(["mount", "-o", "remount,ro", str(point)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                pytest.skip(f"cannot remount read-only: {proc.stderr.strip()}")
        yield paths


def run_at_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                    paths: DataPaths) -> tuple[int, str, str]:
    """`cafesach run --terminal` on `paths` (the same start as the screen's), its prompt
    meeting the end of input at once: the exit code, stdout and stderr."""
    from tests.clirun import cafesach

    def end_of_input(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)
    return cafesach(capsys, "--data", str(paths.root), "run", "--terminal")
