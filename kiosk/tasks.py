"""The one way the kiosk runs work off the GUI thread.

Why: QML and every QObject the screens see live on the GUI thread; slow work
(document rendering, anything that waits) must not freeze a touch. Each
feature hands a function to `Tasks.run` (or a `Future` to `Tasks.follow`) and
gets `success(result)` or `failure(error)` back *on the GUI thread*, through
a queued signal. Nothing else in the kiosk starts threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal, Slot

from library.errors import LibraryError

if TYPE_CHECKING:  # the pool starts with the first task, not at launch
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

#: the panel runs at most one import or sync, one check or report and one poster at a time
LONG_WORKERS = 3

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class Tasks(QObject):
    """Runs callables on a small pool; reports back on the thread that owns this object."""

    _done = Signal(object, object, object, object)  # success, failure, result, error

    def __init__(self, parent: QObject | None = None, *, workers: int = 2) -> None:
        super().__init__(parent)
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        #: the librarian's long jobs (an import waiting on its process, a file check, a
        #: report, a poster): each holds its thread for minutes, so they get threads of
        #: their own and the visitors' lists and readings never queue behind them
        self._long_pool: ThreadPoolExecutor | None = None
        self._pending = 0
        self._connected = False
        self._long_jobs: set[Future[Any]] = set()  # the long jobs not yet known to be done

    @property
    def pending(self) -> int:
        """Tasks started whose callbacks have not run yet (tests and the tour wait on it)."""
        return self._pending

    @property
    def long_running(self) -> bool:
        """A librarian's long job is still at work (a report being written to a stick, a
        file check, a poster). The kiosk's restart into writing (`kiosk.disk_return`)
        waits for it: the exec would cut its thread off mid-way, where a stop waits."""
        self._long_jobs = {job for job in self._long_jobs if not job.done()}
        return bool(self._long_jobs)

    def run(self, fn: Callable[[], Any], success: Success | None = None,
            failure: Failure | None = None, *, long: bool = False) -> None:
        """Run `fn()` on the pool; call `success(result)` or `failure(error)` on the GUI thread.

        `long`: a librarian's job that may take minutes runs beside the visitors' pool."""
        from concurrent.futures import ThreadPoolExecutor

        if long:
            if self._long_pool is None:
                self._long_pool = ThreadPoolExecutor(max_workers=LONG_WORKERS,
                                                     thread_name_prefix="kiosk-long-task")
            job = self._long_pool.submit(fn)
            self._long_jobs.add(job)
            self.follow(job, success, failure)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self._workers,
                                            thread_name_prefix="kiosk-task")
        self.follow(self._pool.submit(fn), success, failure)

    def detach(self, fn: Callable[[], Any], success: Success | None = None,
               failure: Failure | None = None) -> None:
        """Run `fn()` on a daemon thread of its own; `success` or `failure` as `run`'s.

        For work the process may end without waiting for: the catalog check after a
        fault, which a stop (SIGTERM) must not hold up for the minute a rebuild of the
        search index takes — SQLite undoes what it cut short. The pools' threads are
        waited for when the interpreter exits."""
        import threading
        from concurrent.futures import Future

        future: Future[Any] = Future()

        def work() -> None:
            future.set_running_or_notify_cancel()
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to `failure` on the GUI thread
                future.set_exception(exc)

        threading.Thread(target=work, name="kiosk-detached-task", daemon=True).start()
        self.follow(future, success, failure)

    def follow(self, future: Future[Any], success: Success | None = None,
               failure: Failure | None = None) -> None:
        """Deliver an existing future's outcome on the GUI thread."""
        if not self._connected:
            # Queued even when the future is already done: callbacks never run inside
            # `follow`. Connected at the first task, not in __init__: the first use of
            # PySide's `Qt` namespace builds all its enums (~25 ms), which the launch
            # should not wait for.
            self._done.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
            self._connected = True
        self._pending += 1
        # A future keeps its done-callbacks after running them, and a caller's callback
        # often refers back to the future (the reader's bands pass `j=job`): held here
        # for good, that loop kept the future's result — a page in the engine's shared
        # slots — until the cyclic garbage collector ran, minutes later. So the callback
        # hands them on once and keeps nothing; and it reads the outcome without raising
        # it, since a raised error's traceback would keep this frame, handlers and all.
        handlers: list[Any] = [success, failure]

        def finished(fut: Future[Any]) -> None:
            on_success, on_failure = handlers
            handlers.clear()
            if fut.cancelled():
                from concurrent.futures import CancelledError  # loaded: `fut` is one

                result, error = None, CancelledError()
            else:
                error = fut.exception()
                result = fut.result() if error is None else None
            self._done.emit(on_success, on_failure, result, error)

        future.add_done_callback(finished)

    @Slot(object, object, object, object)
    def _deliver(self, success: Success | None, failure: Failure | None,
                 result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if error is None:
            if success is not None:
                success(result)
            return
        if failure is not None:
            failure(error)
        elif isinstance(error, LibraryError):
            log.warning("%s", error)
        else:
            log.error("background task failed", exc_info=error)

    def shutdown(self) -> None:
        for pool in (self._pool, self._long_pool):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
