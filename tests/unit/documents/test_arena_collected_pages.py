"""A page only the garbage collector frees gives its slots back wherever the collector
runs — also inside the arena's own bookkeeping, on the thread that holds its lock.

Why it can happen: a future keeps its done-callbacks after running them, and a
callback that reaches the future again (a caller's `lambda …, j=job`; the kiosk's
`Tasks.follow` no longer keeps its callbacks once it has run them) leaves a rendered
page in that future to the cyclic collector. The collector runs at any allocation,
on whichever thread allocates: the engine's thread while it takes slots (`take`, `cheapest_run`,
`next_free`), or the GUI thread while another page gives its slots back. The
page's finalizer then gives its slots back on that same thread; with a plain
lock it waited for itself, and the document engine (or the kiosk's screen)
stopped for good.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future
from typing import Any

from library.documents.slots import PageArena

SLOT = 4096


def _page_only_the_collector_frees(arena: PageArena) -> None:
    """A page held by a done future whose callback refers back to it, then dropped."""
    taken = arena.take(SLOT, "band")
    assert taken is not None
    future: Future[Any] = Future()
    future.add_done_callback(lambda done, again=future: None)  # refers back to it
    future.set_result(arena.page_view(*taken, 100))


def test_a_page_collected_while_the_arena_is_busy_on_the_same_thread_comes_back() -> None:
    arena = PageArena(4 * SLOT, slot_bytes=SLOT)
    outcome: list[int] = []

    def collect_while_busy() -> None:
        with arena._lock:  # where the collector runs inside `take`, `give_back`, …
            gc.collect()
        outcome.append(arena.free_slots())

    gc.disable()  # only the collection below frees the page
    try:
        _page_only_the_collector_frees(arena)
        assert arena.free_slots() == 3
        worker = threading.Thread(target=collect_while_busy, daemon=True)
        worker.start()
        worker.join(30)  # a guard against waiting for ever, not a measure of time
    finally:
        gc.enable()
    assert not worker.is_alive(), "the arena waited for its own lock"
    assert outcome == [4]
    arena.close()
