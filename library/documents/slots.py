"""Shared memory the worker draws pages into and the caller hands on without a copy.

A rendered 1080p page is 6 MB. Copying it out of shared memory into a new
`bytes` costs more than MuPDF took to draw it (fresh memory must be faulted
in page by page), so pages are not copied at all: the caller owns one shared
block (the arena), cut into fixed slots; the worker maps the block once and
draws each page into free slots; the caller gets a read-only `memoryview`
of those slots as `RenderedPage.data`.

A slot is written again only when nothing can see its old page: each page's
view is exported by its own small ctypes array over the arena, and a
`weakref.finalize` on that array returns the slots to the pool when the last
view of the page — in the memory cache, a `QImage`, a slice someone kept —
is gone. Pages never overlap one that is still held.

When no slots are free (every page in the arena is still held), the engine's
memory cache is asked to let go of its oldest pages; if that frees nothing,
the page comes through the pipe as before — slower, never wrong.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import weakref
from multiprocessing import shared_memory

#: Size of one slot: a 1920×1080 or 1080×1920 RGB page fits in one.
SLOT_BYTES = 8 * 1024 * 1024


class _Block(shared_memory.SharedMemory):
    """Shared memory that can be collected while a page of it is still held.

    At interpreter exit a page may still be referenced (by a QImage, say);
    the base class would report the refused unmapping as an error then.
    """

    def __del__(self) -> None:
        with contextlib.suppress(BufferError, OSError):
            self.close()


class PageArena:
    """Fixed-size slots in one shared memory block; a page takes consecutive slots.

    Thread-safe: slots are taken by the engine's dispatcher thread and given
    back by whichever thread drops a page's last view.
    """

    def __init__(self, total_bytes: int, slot_bytes: int = SLOT_BYTES) -> None:
        self.slot_bytes = slot_bytes
        self.slots = max(0, total_bytes // slot_bytes)
        self._lock = threading.Lock()
        self._used = [False] * self.slots
        self._block: shared_memory.SharedMemory | None = None
        if self.slots:
            self._block = _Block(create=True, size=self.slots * slot_bytes)

    @property
    def name(self) -> str | None:
        return self._block.name if self._block is not None else None

    @property
    def size(self) -> int:
        return self.slots * self.slot_bytes

    def free_slots(self) -> int:
        with self._lock:
            return self._used.count(False)

    def take(self, nbytes: int) -> tuple[int, int] | None:
        """Reserve consecutive slots for `nbytes`: (first slot, count), or None if full."""
        count = max(1, -(-nbytes // self.slot_bytes))
        with self._lock:
            run = 0
            for index, used in enumerate(self._used):
                run = 0 if used else run + 1
                if run == count:
                    first = index - count + 1
                    self._used[first:index + 1] = [True] * count
                    return first, count
        return None

    def give_back(self, first: int, count: int) -> None:
        with self._lock:
            self._used[first:first + count] = [False] * count

    def offset(self, first: int) -> int:
        return first * self.slot_bytes

    def page_view(self, first: int, count: int, nbytes: int) -> memoryview:
        """A read-only view of the `nbytes` drawn at slot `first`; the slots come back
        to the pool when the last view derived from it is gone."""
        if self._block is None or nbytes > count * self.slot_bytes:
            raise ValueError("page larger than its slots")
        exporter = (ctypes.c_char * (count * self.slot_bytes)).from_buffer(
            self._block.buf, self.offset(first))
        weakref.finalize(exporter, self.give_back, first, count)
        return memoryview(exporter).cast("B")[:nbytes].toreadonly()

    def close(self) -> None:
        """Unlink the block; a page still held keeps its memory until it is dropped."""
        block, self._block = self._block, None
        if block is not None:
            with contextlib.suppress(FileNotFoundError):
                block.unlink()
            _RETIRED.append(block)
        _close_retired()


#: Unlinked blocks whose pages someone still held when their arena closed.
_RETIRED: list[shared_memory.SharedMemory] = []


def _close_retired() -> None:
    """Unmap retired blocks that no page uses any more (the others wait for the next call)."""
    for block in list(_RETIRED):
        try:
            block.close()
        except BufferError:  # a page of it is still held
            continue
        _RETIRED.remove(block)

