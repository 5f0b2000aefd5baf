"""The disk page cache over a station's long life: a lower cap in config.toml, writes cut
short, a full disk."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
from pathlib import Path

import pytest

from library.documents import RenderedPage
from library.documents.pagecache import DiskCache, PageKey


def _page(number: int, size: int) -> RenderedPage:
    return RenderedPage(number, size, 1, size * 3, "RGB888", bytes(size * 3))


def _key(tmp_path: Path, number: int) -> PageKey:
    return PageKey(str(tmp_path / "book.pdf"), number, 100, 1, 1.0)


def test_a_lower_cap_is_kept_from_the_next_page_written(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    big = DiskCache(root, 100_000)
    for n in range(8):
        big.put(_key(tmp_path, n), _page(n, 3000))  # ~9 KB each
    assert big.bytes > 60_000
    smaller = DiskCache(root, 30_000)  # the station restarted with a lower disk_cache_mb
    smaller.put(_key(tmp_path, 99), _page(99, 3000))
    assert smaller.bytes <= 30_000
    on_disk = sum(f.stat().st_size for f in root.glob("*/*.page"))
    assert on_disk == smaller.bytes
    assert smaller.get(_key(tmp_path, 99)) is not None  # the newest page stays


def test_temporary_files_of_a_cut_write_are_removed(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    (root / "ab").mkdir(parents=True)
    left = root / "ab" / "abcdef.140234.tmp"  # a kill between write and rename
    left.write_bytes(b"\0" * 5000)
    os.utime(left, (1_000_000, 1_000_000))
    writing = root / "ab" / "abcd99.140299.tmp"  # another process writing right now
    writing.write_bytes(b"\0" * 10)
    cache = DiskCache(root, 100_000)
    cache.put(_key(tmp_path, 1), _page(1, 100))
    assert not left.exists() and writing.exists()


def test_a_full_disk_leaves_no_half_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "pages"
    cache = DiskCache(root, 100_000)
    real_open = builtins.open

    class Full:
        def __init__(self, fh) -> None:
            self.fh, self.written = fh, 0

        def write(self, data: bytes) -> int:
            if self.written:  # the header goes in, the pixels find no room
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.fh.write(data)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    def full_open(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        return Full(fh) if str(file).endswith(".tmp") and "w" in mode else fh

    monkeypatch.setattr(builtins, "open", full_open)
    cache.put(_key(tmp_path, 1), _page(1, 3000))  # never raises: the cache is optional
    monkeypatch.undo()
    assert list(root.rglob("*.*")) == []
    assert cache.get(_key(tmp_path, 1)) is None


def test_pages_never_take_the_last_free_room(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from library import paths

    root = tmp_path / "pages"
    cache = DiskCache(root, 100_000)
    usage = shutil.disk_usage(tmp_path)
    nearly_full = usage._replace(free=paths.DISK_RESERVE_BYTES + 1000)
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: nearly_full)
    cache.put(_key(tmp_path, 1), _page(1, 3000))  # 9 KB would eat into the reserve
    assert cache.get(_key(tmp_path, 1)) is None
    cache.put(_key(tmp_path, 2), _page(2, 100))  # 300 bytes still fit
    assert cache.get(_key(tmp_path, 2)) is not None


def test_a_page_being_written_is_named_by_its_process(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk and a `cafesach render` share `cache/pages/`: two threads of the same
    number in two processes must not write into one temporary file."""
    cache = DiskCache(tmp_path / "pages", 100_000)
    renamed: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace",
                        lambda src, dst: (renamed.append(Path(src).name), real_replace(src, dst)))
    cache.put(_key(tmp_path, 1), _page(1, 100))
    assert len(renamed) == 1 and f".{os.getpid()}-" in renamed[0]
    assert cache.get(_key(tmp_path, 1)) is not None
