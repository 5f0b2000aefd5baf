"""`Tasks.follow` hands a future's outcome on and keeps nothing of it afterwards.

Why it matters: a future keeps its done-callbacks after running them, and the
callbacks callers give often refer back to the future (the reader's bands pass
`j=job`). Had `follow` kept them, a finished future — and the page in the
engine's shared slots it holds — would leave memory only when the cyclic
garbage collector ran, minutes later in a long-lived kiosk.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import pytest

pytestmark = pytest.mark.ui


class Page:
    """Stands in for a rendered page (something that can be watched with a weak reference)."""


@pytest.fixture
def no_collector() -> Iterator[None]:
    """Only plain reference counting frees objects while the test runs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def test_a_delivered_future_that_its_callback_refers_to_is_freed_without_the_collector(
        qapp, qtbot, no_collector) -> None:
    from kiosk.tasks import Tasks

    tasks = Tasks()
    got: list[Any] = []
    future: Future[Page] = Future()
    tasks.follow(future, lambda page, job=future: got.append((page, job)),
                 lambda exc, job=future: got.append((exc, job)))
    page = Page()
    gone = weakref.ref(page)
    future.set_result(page)
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    assert got[0] == (page, future)  # delivered as before
    got.clear()
    del page, future
    assert gone() is None


def test_a_failed_future_s_callbacks_are_let_go_too(qapp, qtbot, no_collector) -> None:
    from kiosk.tasks import Tasks

    tasks = Tasks()
    errors: list[BaseException] = []
    watched = Page()
    gone = weakref.ref(watched)
    future: Future[Page] = Future()
    tasks.follow(future, lambda page, keep=watched: None,
                 lambda exc, keep=watched: errors.append(exc))
    del watched
    future.set_exception(ValueError("không vẽ được"))
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    assert str(errors[0]) == "không vẽ được"
    assert gone() is None  # the future lives on; what its callbacks held does not


def test_detached_work_runs_on_a_daemon_thread_and_reports_on_the_gui_thread(
        qapp, qtbot) -> None:
    """`Tasks.detach` (the catalog check after a fault): a thread the interpreter does not
    wait for at exit, so a stop is not held up by it; its outcome, result or error, comes
    back on the thread that owns the `Tasks`, as `run`'s does."""
    import threading

    from kiosk.tasks import Tasks

    tasks = Tasks()
    seen: list[tuple[str, Any, bool, bool]] = []

    def where() -> tuple[bool, bool]:
        current = threading.current_thread()
        return current is threading.main_thread(), current.daemon

    tasks.detach(where, lambda result: seen.append(("ok", result, *where())))
    tasks.detach(lambda: 1 / 0, None, lambda error: seen.append(("error", type(error),
                                                                 *where())))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert sorted(seen, key=lambda s: s[0]) == [
        ("error", ZeroDivisionError, True, False),
        ("ok", (False, True), True, False),  # the work: a daemon thread, not the main one
    ]
    assert tasks.pending == 0
