"""The caller's side of the worker: start it, talk to it, kill and restart it.

A hand-made worker loop over a `Pipe` rather than a `ProcessPoolExecutor`,
because containment needs what a pool hides: the worker's pid (to kill a
request that overruns its timeout), a clean restart after a crash without a
"broken pool", and raw page bytes sent outside pickle.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Hashable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from library.children import end_child, spawn_child
from library.errors import DocumentError

from .limits import most_output_pixels
from .slots import WHITEN_AHEAD, PageArena, Pricing
from .strip import BAND_PIXELS
from .worker import worker_main

#: Environment variable that enables the worker's test-only hooks (the hang file).
TEST_HOOKS_ENV = "CAFESACH_DOCUMENTS_TEST_HOOKS"
#: How long a fresh worker may take to import MuPDF (a cold disk on a slow kiosk).
STARTUP_TIMEOUT_S = 60.0


class WorkerUnavailable(DocumentError):
    """The document worker could not be started (memory, a stalled start): the
    station's trouble, not the file's, so no document is flagged broken for it."""


class WorkerProcess:
    """One MuPDF worker process; `call` is used by a single dispatcher thread.

    With `standby`, a second worker is kept started and idle: a restart
    after a crash or timeout then takes over a process that has already
    imported MuPDF (milliseconds) instead of spawning one (a few hundred
    milliseconds on a busy kiosk PC), and a new standby is spawned behind it.
    """

    def __init__(self, *, memory_limit_mb: int = 1024,
                 startup_timeout_s: float = STARTUP_TIMEOUT_S, standby: bool = False,
                 arena_bytes: int = 0) -> None:
        self.memory_limit_mb = memory_limit_mb
        self.startup_timeout_s = startup_timeout_s
        self.standby = standby
        self._spare: tuple[BaseProcess, Connection] | None = None
        self.restarts = 0
        self.requests = 0  # answered or failed requests, for tests and benchmarks
        self.render_seconds = 0.0  # time MuPDF spent drawing pages inside the worker
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        #: The worker in use was asked to open something since it started or last rested.
        self._holding = False
        self._next_id = 0
        #: Shared page slots (outlive worker restarts); the worker's limit grows by their size.
        self.arena_bytes = arena_bytes
        self._arena: PageArena | None = None
        self._arena_failed = False
        #: When no run of slots is free: what losing each page held in the arena costs
        #: (`slots.Pricing`; pages left out cannot be let go), and the cache letting go.
        self.price_pages: Pricing = lambda owners: {}
        self.let_go: Callable[[list[Hashable]], None] = lambda owners: None

    # -- life cycle ------------------------------------------------------------
    def _spawn(self) -> tuple[BaseProcess, Connection]:
        mapped_mb = -(-self.arena_bytes // (1024 * 1024))  # the worker maps the arena
        options = {"memory_limit_mb": self.memory_limit_mb + mapped_mb if self.memory_limit_mb
                   else 0,
                   "test_hooks": os.environ.get(TEST_HOOKS_ENV) == "1"}
        return spawn_child(worker_main, (options,), name="cafesach-documents")

    def start(self) -> None:
        """Start the worker without waiting for it (it imports MuPDF meanwhile).

        Takes over the standby worker when there is a live one.
        """
        with self._lock:
            if self._process is not None:
                return
            spare, self._spare = self._spare, None
            if spare is not None and spare[0].is_alive():
                self._process, self._conn = spare
            else:
                if spare is not None:
                    _end(*spare)
                self._process, self._conn = self._spawn()
            self._ready = False
            self._holding = False  # a fresh worker, or the standby: it never opened anything

    def _ensure_spare(self) -> None:
        with self._lock:
            if self.standby and self._spare is None and self._process is not None:
                self._spare = self._spawn()

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def is_alive(self) -> bool:
        process = self._process
        return process is not None and process.is_alive()

    def stop(self) -> None:
        """Ask the worker to finish, then make sure it is gone."""
        with self._lock:
            process, conn = self._process, self._conn
            spare, self._spare = self._spare, None
            self._process = self._conn = None
        for worker in ((process, conn), spare or (None, None)):
            if worker[0] is not None and worker[1] is not None:
                _end(*worker)
        self._free_pages()

    def _free_pages(self) -> None:
        arena, self._arena = self._arena, None
        if arena is not None:
            arena.close()

    def _page_arena(self) -> PageArena | None:
        """The shared arena, made on first use (None: none wanted, or no room in /dev/shm)."""
        if self._arena is None and self.arena_bytes > 0 and not self._arena_failed:
            try:
                if not _shm_has_room(self.arena_bytes):
                    raise OSError("no room in /dev/shm")
                self._arena = PageArena(self.arena_bytes)
            except OSError:  # full or missing /dev/shm: pages come through the pipe
                self._arena_failed = True
        return self._arena if self._arena is not None and self._arena.slots else None

    def _page_slots(self, args: dict[str, Any], page_size: tuple[float, float] | None,
                    owner: Hashable | None = None,
                    ) -> tuple[dict[str, Any], tuple[int, int] | None]:
        """Slots of the shared arena for this render's largest possible output.

        That is the page's own output when its size in points is known
        (`page_size`, from the document's `info`; see `most_output_pixels`),
        else the zoomed box's. A page drawn larger than its slots after all
        (the file changed since its `info`) comes through the pipe: the
        worker never draws past the slots it is given.

        Pages come back in them without a copy (see `slots`); the slots
        remember `owner` (the page's cache key) until they come back. None
        when there is no arena (no room in /dev/shm, or none wanted), the
        page is larger than the whole arena, or no run of slots can come
        free (`_take_room`): the page then comes through the pipe.
        """
        arena = self._page_arena()
        if arena is None:
            return args, None
        zoom = float(args.get("zoom", 1.0))
        if args.get("band") is not None:  # a band of a strip: never more than this
            most = BAND_PIXELS
        else:
            most = most_output_pixels(args["width"], args["height"], zoom, page_size)
        need = most * 3
        if need > arena.size:
            return args, None  # would never fit: keep the cached pages, use the pipe
        slots = self._take_room(arena, need, owner)
        if slots is None:
            return args, None
        if not arena.free_slots() and zoom == 1.0:
            # One slot kept free, for the worker to whiten meanwhile. Only while reading
            # on: the next page would let go of the cheapest one anyway. A zoomed page is
            # followed by the page at zoom 1 again, which the cache still holds with its
            # neighbours; letting go of one ahead would mean drawing it again.
            run = arena.cheapest_run(1, self.price_pages)
            if run:
                self.let_go(run)
        whiten = [(arena.offset(index), arena.slot_bytes)
                  for index in arena.next_free(WHITEN_AHEAD)]
        return {**args, "shm": arena.name, "shm_offset": arena.offset(slots[0]),
                "shm_size": slots[1] * arena.slot_bytes, "whiten": whiten}, slots

    def _take_room(self, arena: PageArena, nbytes: int, owner: Hashable | None
                   ) -> tuple[int, int] | None:
        """Slots in a row for `nbytes`: a free run, else the run whose cached pages cost
        least to lose, once the cache let go of them (`PageArena.cheapest_run`).

        A page let go of may still be held elsewhere (a slice someone kept): its
        slots stay taken, it is no longer cached, so the next look prices it out
        and picks another run. A run found free ([]) came free since the take
        (the last view of a page dropped on another thread): taken next time.
        None when no run can come free."""
        for _attempt in range(arena.slots + 1):  # each attempt lets go of a page at least
            slots = arena.take(nbytes, owner)
            if slots is not None:
                return slots
            run = arena.cheapest_run(arena.slots_for(nbytes), self.price_pages)
            if run is None:
                return None
            if run:
                self.let_go(run)
        return None

    def kill(self) -> None:
        """End the worker at once (after a timeout or a protocol error)."""
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        end_child(process, conn, 0)

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        self.start()

    # -- requests --------------------------------------------------------------
    def _connection(self) -> Connection:
        self.start()
        conn = self._conn
        if conn is None:
            raise WorkerUnavailable("the document worker is stopped")
        if not self._ready:
            try:
                if not conn.poll(self.startup_timeout_s):
                    raise WorkerUnavailable("the document worker did not start in time")
                hello = conn.recv()
            except (EOFError, OSError) as exc:
                raise WorkerUnavailable("the document worker could not start") from exc
            if not (isinstance(hello, tuple) and hello[0] == "ready"):
                raise WorkerUnavailable("the document worker sent a bad greeting")
            self._ready = True
            self._ensure_spare()  # spawned only now, so it never slows the first start
        return conn

    def call(self, op: str, args: dict[str, Any], timeout_s: float, *,
             page_size: tuple[float, float] | None = None, owner: Hashable | None = None,
             ) -> tuple[Any, bytes | memoryview | None]:
        """Run one request; on timeout or crash kill the worker, restart it, raise.

        Returns (value, pixels) where pixels are the raw page bytes of a render.
        `page_size` is the rendered page's size in points when known: its
        shared slots are reserved for that page's output, not the whole box;
        `owner` is the page's cache key, which the slots remember while held.
        A "rest" to a worker that opened nothing since it started or last rested
        (a fresh one, the standby taken over, a second rest) is not sent: (False, None).
        """
        if op == "rest" and not (self._holding and self.is_alive()):
            return False, None
        process = self._process
        if process is not None and not process.is_alive():
            self.restart()  # it died while idle (killed, out of memory): not this file's fault
        try:
            conn = self._connection()
        except DocumentError:
            self.restart()
            raise
        self._next_id += 1
        self.requests += 1
        if op != "ping":
            self._holding = op != "rest"
        request_id = self._next_id
        slots = None
        if op == "render":
            args, slots = self._page_slots(args, page_size, owner)
        try:
            conn.send((request_id, op, args))
            deadline = time.monotonic() + timeout_s
            if not conn.poll(timeout_s):
                self.restart()
                raise DocumentError(f"the document took longer than {timeout_s:g} s; "
                                    "the worker was restarted")
            reply_id, ok, value, has_pixels = conn.recv()
            pixels = None
            if isinstance(has_pixels, int) and not isinstance(has_pixels, bool):
                if slots is None or self._arena is None:
                    raise ValueError("page in shared memory that was not asked for")
                pixels = self._arena.page_view(*slots, has_pixels)
                slots = None  # the page's view gives them back when it is dropped
            elif has_pixels:
                if not conn.poll(max(0.0, deadline - time.monotonic()) + 1.0):
                    self.restart()
                    raise DocumentError("the document worker stalled sending a page")
                pixels = conn.recv_bytes()
        except (EOFError, OSError, ValueError, TypeError) as exc:
            # The pipe broke: the worker crashed (segfault, out of memory, killed).
            self.restart()
            raise DocumentError("the document worker stopped while reading this file; "
                                "it was restarted") from exc
        finally:
            if slots is not None and self._arena is not None:
                self._arena.give_back(*slots)  # no page was made in them
        if reply_id != request_id:
            self.restart()
            raise DocumentError("the document worker answered out of order; it was restarted")
        if not ok:
            message, message_vi = value
            raise DocumentError(message, message_vi=message_vi)
        if op == "render":
            self.render_seconds += value.pop("render_s", 0.0)
        return value, pixels


def _end(process: BaseProcess, conn: Connection) -> None:
    """Ask a worker to finish (None is its last request), then make sure it is gone."""
    with contextlib.suppress(OSError, ValueError):
        conn.send(None)
    end_child(process, conn, 2.0, kill_wait_s=2.0)


def _shm_has_room(size: int) -> bool:
    """Whether /dev/shm can hold `size` bytes (a container's is often only 64 MiB).

    Writing past a full tmpfs kills the writer with SIGBUS, so a block that
    would not fit is never made: pages then come through the pipe.
    """
    try:
        stat = os.statvfs("/dev/shm")
    except (OSError, AttributeError):  # Windows: shared memory is backed by the page file
        return True
    return stat.f_bavail * stat.f_frsize >= size + 16 * 1024 * 1024
