"""An import or sync in a process of its own, so that the kiosk's screen never waits for it.

Why a process: reading a province's index is one `json.loads` of up to
80 MB, then the signature's canonical bytes, a digest per item and the
catalog's inserts, all Python work holding the interpreter's lock for a
second or more at a time (`bench/sync_stall.py` measured 1.1 s without a
frame on a 58 MB index). Run on a thread of the kiosk, every touch, keystroke
and frame waits for it. A parse that yields between chunks would need a
streaming parser and yields sprinkled through the whole import, and still
share one lock with the screen; a child process shares nothing, and the
memory the parse takes (hundreds of MB at the limit) goes back to the system
when it ends, instead of staying in the kiosk's heap. The child also runs at a
lower CPU priority (`nice` 10): on a kiosk PC's two cores the visitors' searches
come first, and the sync, which nobody watches, takes a little longer.

The child runs the very `import_from` the CLI runs, on its own catalog
connection: everything it does (verify, stage, one commit, the status line,
the one-line errors) is the same; SQLite's WAL keeps the kiosk's reads
consistent meanwhile, and the kiosk's `CatalogWatch` sees the commit as it
sees one by `cafesach add`. What crosses the pipe: progress (within files),
retry notices, then the result or the `LibraryError`, as they are. Cancel is
a shared event the importer checks where it always did, so nothing is
committed after a cancel is seen. A child that dies (killed, out of memory)
is one `SyncError` line and, for a sync, the status line says so, unless it
had been asked to stop (a cancel is no failed sync, however it ends); its
one transaction never committed, so the catalog is as it was, and the next
import clears its staging.

Started, ended and heard as every one-job helper process of the core is
(`library.children`: its outcome protocol, and the spawn method, which the
frozen build supports through `multiprocessing.freeze_support()` in the
kiosk's entry point); this module is collected with the rest of `library`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..children import (
    SPAWN,
    Message,
    end_child,
    main_thread_ended,
    outcome_of,
    relay,
    send_outcome,
    spawn_child,
)
from ..errors import LibraryError, SyncError
from ..paths import DataPaths
from . import faults
from .fetch import FetchSettings
from .importer import ImportResult, Progress

log = logging.getLogger(__name__)

#: Test-only: "crash:<fault point>" makes the child die there, "hold:<fault point>"
#: makes it wait there until the import is cancelled (a parse that takes long),
#: "hold-crash:<fault point>" wait there for the cancel and then die (killed on its way
#: out), and "wait:<fault point>:<file>" until that file exists (the test did something
#: meanwhile).
TEST_HOOK_ENV = "CAFESACH_IMPORT_TEST_HOOK"
#: The exit status of a child killed by the test hook.
CRASHED = 70
#: How much lower the child's CPU priority is than the kiosk's (Unix `nice`).
NICENESS = 10


class ImportCrashed(SyncError):
    """The import's process ended without an answer (killed, out of memory, a bug)."""

    message_vi = "Việc nhập bị dừng đột ngột."


def import_in_child(paths: DataPaths, target: str, *, settings: FetchSettings | None = None,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    on_retry: Callable[[str], None] | None = None,
                    now: datetime | None = None) -> ImportResult:
    """`importer.import_from(paths, …, target, …)` run in a child process; blocks until done.

    Called on a worker thread of the kiosk. `progress` and `on_retry` are
    called on this thread as the child reports; an exception raised by
    `progress` cancels the child and is raised once the child has stopped
    (unless it had already committed: then its result stands). Setting
    `cancel` is passed on at once. `now` is the importer's clock (for expiry).
    """
    stop = SPAWN.Event()
    # one way: the child holds the only writing end, so its end is our EOF
    process, receiver = spawn_child(child_main, (str(paths.root), target, settings, stop, now),
                                    name="cafesach-import", duplex=False)
    raised: BaseException | None = None
    outcome: Message | None = None
    committed = False  # the child said its one transaction is in
    stopping = False  # this side asked the child to stop (a cancel, in whatever words)

    def ask_to_stop() -> bool:
        """Pass a cancel on to the child; never stop listening (its outcome is awaited)."""
        nonlocal stopping
        # the kiosk quitting (its main thread ended) cancels too: it would otherwise
        # wait at exit for the whole import, minutes over a slow link
        if (raised is not None or (cancel is not None and cancel.is_set())
                or main_thread_ended()) and not stop.is_set():
            stop.set()
            stopping = True
        return False

    def on_message(message: Message) -> None:
        nonlocal raised, committed
        kind = message[0]
        if kind == "progress":
            if progress is not None and raised is None:
                try:
                    progress(*message[1:])
                except Exception as exc:  # e.g. the librarian's cancel, said this way
                    raised = exc
        elif kind == "retry":
            if on_retry is not None:
                on_retry(message[1])
        elif kind == "committed":
            committed = True

    try:
        outcome = relay(receiver, on_message, ask_to_stop)
    finally:
        if outcome is None:  # this loop failed (a callback raised): the child stops as on a
            stop.set()       # cancel, cleaning its staging, rather than only being killed
        # killed if still there (e.g. this thread was interrupted): never left running
        end_child(process, receiver, 30 if outcome is not None else 5, kill_wait_s=None)
    if outcome is None:
        left = "its changes were saved before" if committed else "nothing was changed"
        error = ImportCrashed(f"the import stopped unexpectedly (its process ended with "
                              f"status {process.exitcode}); {left}")
        # a cancel is no failed sync, also when the child died on its way out: the
        # librarian (or the kiosk closing) asked it to stop, and the catalog is as it was
        if not committed and not stopping:
            _record_crash(paths, target, error)
        raise error
    if outcome[0] != "done" and raised is not None:
        raise raised
    return outcome_of(outcome, "import")


def _record_crash(paths: DataPaths, target: str, error: LibraryError) -> None:
    """Say it in the sync status line, as a failure inside the child would have."""
    from ..catalog import Catalog
    from .importer import looks_like_url, record_sync_failure

    if not looks_like_url(target):
        return
    try:
        with Catalog.open(paths) as catalog:
            record_sync_failure(catalog, target, error)
    except (LibraryError, OSError) as exc:
        log.warning("cannot record the failed sync: %s", exc)


# -- the child ------------------------------------------------------------------------------
def child_main(conn: Connection, root: str, target: str, settings: FetchSettings | None,
               stop: Any, now: datetime | None = None) -> None:
    """The child's whole life: one `import_from`, its progress and outcome sent to `conn`."""
    # Ctrl-C at the kiosk's terminal reaches every process of the group: the kiosk
    # decides what happens to its import, and a cancel is what stops it cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):  # background work: on a kiosk PC's two cores, visitors first
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    lock = threading.Lock()  # progress comes from the download thread too

    def send(message: Message) -> None:
        with lock:
            conn.send(message)

    test_hook = _test_hook(stop)

    def at_point(name: str, detail: int) -> None:
        if name == "after-commit":  # should the process die now, the kiosk must not say
            send(("committed",))    # "nothing was changed"
        if test_hook is not None:
            test_hook(name, detail)

    faults.set_hook(at_point)

    def work() -> ImportResult:
        from ..catalog import Catalog
        from .importer import import_from

        paths = DataPaths(Path(root))
        with Catalog.open(paths) as catalog:
            return import_from(paths, catalog, target, settings=settings,
                               progress=lambda done, total, label:
                               send(("progress", done, total, label)),
                               cancel=stop, on_retry=lambda line: send(("retry", line)),
                               now=now)

    send_outcome(conn, work, SyncError, send=send)


def _test_hook(stop: Any) -> faults.Hook | None:
    """The test-only hook `TEST_HOOK_ENV` asks for, if any."""
    action, _, rest = os.environ.get(TEST_HOOK_ENV, "").partition(":")
    where, _, file = rest.partition(":")
    if not where:
        return None
    waited: set[str] = set()

    def hook(name: str, _detail: int) -> None:
        if name != where or name in waited:
            return
        waited.add(name)
        if action == "crash":
            os._exit(CRASHED)
        elif action == "hold":
            stop.wait(60)
        elif action == "hold-crash":
            stop.wait(60)
            os._exit(CRASHED)
        elif action == "wait":
            for _ in range(600):
                if Path(file).exists() or stop.wait(0.1):
                    break

    return hook
