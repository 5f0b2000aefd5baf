"""Rendered pages kept for the next page turn: in memory (LRU by bytes) and on disk.

The disk cache holds raw pixels (no PNG: decoding would cost more than
reading), one file per page under ``cache/pages/``, capped by total size,
oldest-used evicted first. Everything in it may be deleted at any time,
also while the station runs: a missing or damaged file is just a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import struct
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import NamedTuple

from library.errors import InvalidInput
from library.paths import has_room, remove_if_abandoned

from .model import RenderedPage

#: The disk cache's file header, its number raised whenever the same file's pages are
#: drawn differently, so pages drawn before are misses, drawn again and written over in
#: place (same names): 2, a light picture on transparency drawn on dark grey
#: (`backdrop.py`), cached on white by stations before it.
_MAGIC = b"CSPG2\n"
_HEADER = struct.Struct("<IIIIB")  # page, width, height, stride, format code
_FORMATS = {"RGB888": 0, "RGBA8888": 1}
_FORMAT_NAMES = {v: k for k, v in _FORMATS.items()}


class PageKey(NamedTuple):
    """What identifies a rendered page: the file's identity and the request's size."""

    document: str  # path|mtime_ns|size — a changed file never hits old pages
    page: int
    width: int
    height: int  # 0 for a band: the page is fitted to the width
    zoom: float
    band: int = -1  # -1: the whole page; else one band of a tall page (`strip`)

    @classmethod
    def of(cls, path: Path, page: int, width: int, height: int, zoom: float) -> PageKey:
        """The key of a render request; a size or zoom no page can have is refused here,
        before it reaches the worker (NaN passes every range check)."""
        if not (math.isfinite(zoom) and zoom > 0 and width >= 1 and height >= 1):
            raise InvalidInput(f"bad page size or zoom: {width}×{height} at {zoom}",
                               message_vi="Cỡ trang hoặc mức phóng không hợp lệ.")
        try:
            stat = path.stat()
            identity = f"{path}|{stat.st_mtime_ns}|{stat.st_size}"
        except OSError:
            identity = f"{path}|missing"
        return cls(identity, int(page), int(width), int(height), round(float(zoom), 4))

    @classmethod
    def of_band(cls, path: Path, page: int, width: int, zoom: float, band: int) -> PageKey:
        """The key of one band of a page fitted to `width` times `zoom`."""
        if band < 0:
            raise InvalidInput(f"bad band: {band}", message_vi="Cỡ trang không hợp lệ.")
        return cls.of(path, page, width, 1, zoom)._replace(height=0, band=int(band))

    def digest(self) -> str:
        fields = tuple(self) if self.band >= 0 else tuple(self)[:5]  # whole pages: as before
        return hashlib.sha1(repr(fields).encode("utf-8")).hexdigest()

    def same_view(self, other: PageKey) -> bool:
        """Same document at the same size and zoom (only the page differs)."""
        return (self.document, self.width, self.height, self.zoom) == (
            other.document, other.width, other.height, other.zoom)


class MemoryCache:
    """Least-recently-used pages, bounded by their total bytes. Thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._pages: OrderedDict[PageKey, RenderedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: PageKey) -> RenderedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: PageKey, page: RenderedPage) -> None:
        if page.nbytes > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.bytes -= old.nbytes
            self._pages[key] = page
            self.bytes += page.nbytes
            while self.bytes > self.max_bytes and self._pop_oldest():
                pass

    def recency(self, keys: Iterable[Hashable]) -> dict[Hashable, int]:
        """How recently each of `keys` was used, among them: 0 for the least recent,
        counting up, for the pages whose pixels are in shared slots (a `memoryview`).

        Left out: keys not cached (there is nothing to let go), and pages with bytes
        of their own (read back from the disk cache, or sent through the pipe) —
        the arena may still hold an older copy of such a page, kept elsewhere;
        letting go of the cached one would free none of its slots."""
        wanted = set(keys)
        with self._lock:
            cached = [key for key, page in self._pages.items()
                      if key in wanted and isinstance(page.data, memoryview)]
        return {key: rank for rank, key in enumerate(cached)}

    def let_go(self, keys: Iterable[Hashable]) -> None:
        """Forget these pages (their shared slots come back when the last view of each
        is gone: see `slots.PageArena.cheapest_run`, which names them)."""
        with self._lock:
            for key in keys:
                page = self._pages.pop(key, None)
                if page is not None:
                    self.bytes -= page.nbytes

    def _pop_oldest(self) -> bool:
        """Under the lock: forget the least recently used page (its slots come back
        when the last view of it is gone)."""
        if not self._pages:
            return False
        _key, evicted = self._pages.popitem(last=False)
        self.bytes -= evicted.nbytes
        return True

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._pages

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.bytes = 0


class DiskCache:
    """Raw pages in files under `root`, total size capped. Thread-safe."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sizes: dict[Path, int] | None = None  # scanned on first use

    def _file(self, key: PageKey) -> Path:
        digest = key.digest()
        return self.root / digest[:2] / f"{digest}.page"

    def _index(self) -> dict[Path, int]:
        if self._sizes is None:
            sizes: dict[Path, int] = {}
            for file in self.root.glob("*/*"):
                if file.suffix == ".tmp":  # a kill or power cut between write and rename
                    remove_if_abandoned(file)  # (a young one: a `render` writing now)
                    continue
                if file.suffix != ".page":
                    continue
                try:
                    sizes[file] = file.stat().st_size
                except OSError:
                    continue
            self._sizes = sizes
        return self._sizes

    @property
    def bytes(self) -> int:
        with self._lock:
            return sum(self._index().values())

    def get(self, key: PageKey) -> RenderedPage | None:
        file = self._file(key)
        try:
            raw = file.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + _HEADER.size
        if not raw.startswith(_MAGIC) or len(raw) < head:
            return None
        page, width, height, stride, code = _HEADER.unpack_from(raw, len(_MAGIC))
        data = raw[head:]
        if code not in _FORMAT_NAMES or len(data) != stride * height or page != key.page:
            return None
        with contextlib.suppress(OSError):
            os.utime(file)  # recently used: evicted last
        return RenderedPage(page, width, height, stride, _FORMAT_NAMES[code], data)

    def put(self, key: PageKey, page: RenderedPage) -> None:
        size = len(_MAGIC) + _HEADER.size + page.nbytes
        if size > self.max_bytes or not has_room(self.root, size):
            return  # a page is a convenience: never the one that fills the disk
        file = self._file(key)
        # named by process and thread: the kiosk and a `cafesach render` share the folder
        tmp = file.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(_MAGIC)
                fh.write(_HEADER.pack(page.page, page.width, page.height, page.stride,
                                      _FORMATS[page.format]))
                fh.write(page.data)
            os.replace(tmp, file)
        except OSError:  # a full disk or a deleted folder: the cache is optional
            tmp.unlink(missing_ok=True)
            return
        with self._lock:
            index = self._index()
            index[file] = size
            self._evict(index)

    def _evict(self, index: dict[Path, int]) -> None:
        total = sum(index.values())
        if total <= self.max_bytes:
            return

        def last_used(file: Path) -> float:
            try:
                return file.stat().st_mtime
            except OSError:
                return 0.0

        for file in sorted(index, key=last_used):
            if total <= self.max_bytes:
                break
            file.unlink(missing_ok=True)
            total -= index.pop(file)
