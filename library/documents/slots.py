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

Each run of slots remembers the page drawn into it (its owner, the page's
cache key). When no run is long enough for a page, the arena names the run
whose pages cost least to lose (`cheapest_run`: the engine prices them — the
page shown and its neighbours dearest, then more pages, then pages used
more recently) and the memory cache lets go of those; if no run can come
free (every one holds a page someone else keeps), the page comes through
the pipe as before — slower, never wrong.

A page is drawn on white, and whitening a 1080×1920 page is a fifth of
MuPDF's work on a text page. So the worker whitens the slots it will be
given next while it waits for the next request (`WhiteSlots`), and a cold
page then starts on white: only the worker writes into the arena, so it
knows which bytes are white, and it stops whitening as soon as a request
comes.

A block outlives a caller killed with its whole process group (`pkill -9 -f`, the
OOM killer, systemd's SIGKILL of a unit that would not stop): Python's resource
tracker, which unlinks what a dead process made, is killed with it, and the block
stays in /dev/shm, in RAM, until the next reboot — up to the arena's size (the
memory cache's, 256 MB by default) each time. So each block is named
`ARENA_PREFIX…` and its maker holds a `flock` on it as long as it lives; the next
arena made on the machine first deletes the blocks of that name no living process
holds (`remove_abandoned_arenas`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from multiprocessing import shared_memory

from ..locks import remove_unheld

#: Size of one slot: a 1920×1080 or 1080×1920 RGB page fits in one.
SLOT_BYTES = 8 * 1024 * 1024
#: Free slots named with each render, for the worker to whiten after it (see `WhiteSlots`).
WHITEN_AHEAD = 2
#: Bytes whitened between two looks for a waiting request (a few hundredths of a ms).
WHITEN_STEP = 256 * 1024
#: The name of every arena's block (then random hex): short, for systems that allow 31.
ARENA_PREFIX = "cafesach-pages-"
#: Where Linux keeps POSIX shared memory as files (elsewhere none is left behind, or
#: none can be listed: Windows frees a block with its last handle).
SHM_FOLDER = "/dev/shm"

#: What losing a page costs, as numbers compared in order (runs add theirs up, place by
#: place): the engine's `DocumentEngine._cost_to_lose` says what each place counts.
Cost = tuple[int, ...]
#: Prices the pages held in the arena: a cost for each one that can be let go (those
#: left out cannot: nothing frees their slots but their holder).
Pricing = Callable[[Sequence[Hashable]], Mapping[Hashable, Cost]]


def fill_white(view: memoryview, start: int, end: int) -> None:
    """Set bytes `start`…`end` of a writable buffer to 0xFF (white RGB), in place."""
    if end <= start:
        return
    cells = (ctypes.c_char * (end - start)).from_buffer(view, start)
    try:
        ctypes.memset(cells, 0xFF, end - start)
    finally:
        del cells  # release the export, so the shared block can be closed


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
        # Re-entrant: a page only the cyclic garbage collector frees (a future whose
        # callback refers back to it) gives its slots back on whichever thread the
        # collector runs, also inside this lock while the arena is busy: with a plain
        # lock that thread waited for itself. Changes stay in place for that reason.
        self._lock = threading.RLock()
        self._used = [False] * self.slots
        self._owners: list[Hashable | None] = [None] * self.slots  # the page in each slot
        self._block: shared_memory.SharedMemory | None = None
        if self.slots:
            remove_abandoned_arenas()
            self._block = _held_block(self.slots * slot_bytes)

    @property
    def name(self) -> str | None:
        return self._block.name if self._block is not None else None

    @property
    def size(self) -> int:
        return self.slots * self.slot_bytes

    def free_slots(self) -> int:
        with self._lock:
            return self._used.count(False)

    def slots_for(self, nbytes: int) -> int:
        """How many slots a page of `nbytes` takes."""
        return max(1, -(-nbytes // self.slot_bytes))

    def take(self, nbytes: int, owner: Hashable | None = None) -> tuple[int, int] | None:
        """Reserve consecutive slots for `nbytes` (the first free run that long) for the
        page `owner`: (first slot, count), or None if no free run is long enough.

        An older copy of the same page still in the arena (held elsewhere after the
        cache let go of it, or the cache's copy this one replaces) is no longer
        `owner`'s: the cache keeps one page a key, and letting go of that key would
        free the new copy's slots, not the old one's (`cheapest_run` would count a
        run it cannot free)."""
        count = self.slots_for(nbytes)
        with self._lock:
            run = 0
            for index, used in enumerate(self._used):
                run = 0 if used else run + 1
                if run == count:
                    first = index - count + 1
                    if owner is not None:
                        for other, held in enumerate(self._owners):
                            if held == owner:
                                self._owners[other] = None
                    self._used[first:index + 1] = [True] * count
                    self._owners[first:index + 1] = [owner] * count
                    return first, count
        return None

    def cheapest_run(self, count: int, price: Pricing) -> list[Hashable] | None:
        """The pages to let go of so that `count` slots in a row come free: those of the
        run that costs least to lose. [] when such a run is free already; None when
        every run holds a page that cannot be let go (`price` left it out, or a slot
        taken for no page).

        Why not the oldest pages until a run appears: they lie anywhere in the
        arena, so a zoomed page needing three slots let go of three or four pages
        (the page shown, drawn first, among them) where one or two lay in a run.
        One pass over the slots, a window of `count` sliding along.
        """
        with self._lock:
            held: list[object] = [owner if used else _FREE
                                  for used, owner in zip(self._used, self._owners, strict=True)]
        if not 1 <= count <= len(held):
            return None
        owners = list(dict.fromkeys(owner for owner in held
                                    if owner is not _FREE and owner is not None))
        if count == 1 and _FREE in held:
            return []
        costs = price(owners)  # asked outside the lock: letting go of a page takes it
        if count == 1:  # the slot kept free for whitening, at most turns: no window
            cheapest = min(((costs[owner], owner) for owner in owners if owner in costs),
                           key=lambda priced: priced[0], default=None)
            return None if cheapest is None else [cheapest[1]]
        width = len(next(iter(costs.values()), ()))
        inside: dict[object, int] = {}  # the window's pages, by slots in it
        total, blocked = [0] * width, 0
        best: tuple[list[int], int] | None = None

        def count_in(owner: object, step: int) -> None:
            nonlocal blocked
            if owner is _FREE:
                return
            inside[owner] = inside.get(owner, 0) + step
            if inside[owner] != (1 if step > 0 else 0):
                return  # another slot of a page already counted
            cost = costs.get(owner) if owner is not None else None
            if cost is None:
                blocked += step
                return
            for place, value in enumerate(cost):
                total[place] += step * value

        for end, owner in enumerate(held):
            count_in(owner, 1)
            start = end - count + 1
            if start > 0:
                count_in(held[start - 1], -1)
            if start >= 0 and not blocked and (best is None or total < best[0]):
                best = (list(total), start)
        if best is None:
            return None
        first = best[1]
        return [owner for owner in dict.fromkeys(held[first:first + count])
                if owner is not _FREE]

    def next_free(self, count: int) -> list[int]:
        """The first `count` free slots, in the order `take` hands single slots out."""
        with self._lock:
            return [index for index, used in enumerate(self._used) if not used][:count]

    def give_back(self, first: int, count: int) -> None:
        with self._lock:
            self._used[first:first + count] = [False] * count
            self._owners[first:first + count] = [None] * count

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


class WhiteSlots:
    """What the worker knows to be white in the caller's arena, region by region.

    A region is (offset, size) as a render request names it. For each one the
    worker keeps the byte range that may not be white ("unknown"); a region it
    has never seen is unknown from end to end (a new block is zeros, and a
    worker before this one may have drawn there). Drawing a page dirties its
    bytes; whitening between requests clears the range. Only the worker
    writes into the arena, and it whitens only regions the caller said were
    free when it sent the last render, between requests (they stay free until
    the next render: the caller takes slots only for one): a slot the caller
    takes again is drawn into only after the worker has read that request, so
    whitening never touches a page anyone can see.

    Whitening ahead stops at the largest page this worker has drawn into the
    region (`reach`): those bytes are in memory already. A slot's tail beyond
    it was never touched by this worker; whitening it would bring it into
    memory for a page that may never need it (a 1080×1920 page leaves 2 MiB
    of an 8 MiB slot), so it stays unknown and is cleared only when a larger
    page is drawn there.
    """

    def __init__(self) -> None:
        # offset → (size, lo, hi, reach): bytes lo…hi may not be white; 0…reach were drawn
        self._unknown: dict[int, tuple[int, int, int, int]] = {}

    def reset(self) -> None:
        """Forget everything (a new arena)."""
        self._unknown.clear()

    def _known(self, offset: int, size: int) -> tuple[int, int, int, int] | None:
        known = self._unknown.get(offset)
        return known if known is not None and known[0] == size else None

    def unknown(self, offset: int, size: int) -> tuple[int, int]:
        """The bytes of region (offset, size) that may not be white."""
        known = self._known(offset, size)
        return (0, size) if known is None else (known[1], known[2])

    def drawing(self, offset: int, size: int) -> tuple[int, int]:
        """About to draw into a region: its unknown range, and from now on nothing in
        it, nor in any region overlapping it, counts as white (the draw may fail)."""
        known = self._known(offset, size)
        unknown = (0, size) if known is None else (known[1], known[2])
        for other, (other_size, *_rest) in list(self._unknown.items()):
            if other < offset + size and offset < other + other_size:
                del self._unknown[other]
        if known is not None and known[3]:  # what was drawn there is in memory still
            self._unknown[offset] = (size, 0, size, known[3])
        return unknown

    def drawn(self, offset: int, size: int, nbytes: int, before: tuple[int, int]) -> None:
        """A page of `nbytes` was drawn on white into a region whose unknown range was
        `before` (the draw whitened that range up to `nbytes` first)."""
        lo, hi = before
        known = self._known(offset, size)
        reach = max(nbytes, known[3] if known is not None else 0)
        self._unknown[offset] = (size, 0, max(nbytes, hi) if lo < hi else nbytes, reach)

    def whiten(self, buffer: memoryview, regions: Iterable[tuple[int, int]],
               waiting: Callable[[], bool]) -> None:
        """Whiten the unknown bytes of free regions that this worker has drawn into, a
        step at a time, until they are white or `waiting()` says a request has come.

        Only bytes a page of this worker's reached: a slot never used, or the
        tail of one beyond its largest page, is not in memory yet (a new
        block's pages are mapped on first touch), and whitening it would make
        the station hold memory it may never need."""
        for offset, size in regions:
            known = self._known(offset, size)
            if known is None or offset < 0 or offset + size > len(buffer):
                continue
            _size, lo, hi, reach = known
            end = min(hi, reach)
            while lo < end:
                if waiting():
                    self._unknown[offset] = (size, lo, hi, reach)
                    return
                step = min(end, lo + WHITEN_STEP)
                fill_white(buffer, offset + lo, offset + step)
                lo = step
            self._unknown[offset] = (size, 0, 0, reach) if lo >= hi else (size, lo, hi, reach)


def _held_block(size: int) -> shared_memory.SharedMemory:
    """A new block named `ARENA_PREFIX…`, its file locked for as long as this process
    keeps it open (the kernel lets go when the process ends, however it ends): what
    tells a living arena from one left behind. Another process's sweep may delete a
    block in the moment between its making and its lock: then another is made."""
    for _ in range(2):
        block = _Block(create=True, size=size, name=ARENA_PREFIX + secrets.token_hex(6))
        if _hold(block):
            return block
        _discard(block)
    # swept twice in that moment: a third one is used however it fares (never a loop)
    block = _Block(create=True, size=size, name=ARENA_PREFIX + secrets.token_hex(6))
    _hold(block)
    return block


def _discard(block: shared_memory.SharedMemory) -> None:
    """Let go of a block made but not taken (`_held_block`): closed, deleted unless the
    sweep that held it deleted it first, and forgotten by Python's resource tracker either
    way — left registered, the tracker warned of a leaked block at exit and tried to
    delete a name that may by then be another's."""
    block.close()
    try:
        block.unlink()  # (unregisters it too)
    except FileNotFoundError:
        from multiprocessing import resource_tracker

        resource_tracker.unregister(getattr(block, "_name", "/" + block.name), "shared_memory")


def _hold(block: shared_memory.SharedMemory) -> bool:
    """Lock the block's file; False when it was deleted before the lock was taken.
    True where the system has no `flock` or the block is no file (nothing to sweep)."""
    fd = getattr(block, "_fd", -1)
    try:
        import fcntl
    except ImportError:
        return True
    if fd < 0 or not os.path.isdir(SHM_FOLDER):  # (macOS: no folder of blocks to sweep)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return os.stat(os.path.join(SHM_FOLDER, block.name)).st_ino == os.fstat(fd).st_ino
    except (FileNotFoundError, BlockingIOError):
        # gone, or another process's sweep holds it this very moment, about to delete it
        # (a worker then opening the arena by its name would find nothing)
        return False
    except OSError:  # no lock on such a file here: nothing sweeps it either
        return True


def remove_abandoned_arenas(folder: str = SHM_FOLDER) -> list[str]:
    """Delete the arenas in `folder` that no living process holds (their makers were
    killed with their resource tracker); return their names. One another process holds
    (a second kiosk, the CLI rendering now) is left alone (`locks.remove_unheld`)."""
    return remove_unheld(folder, ARENA_PREFIX, folders=False)


#: A free slot in `PageArena.cheapest_run`'s look at the arena.
_FREE = object()

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

