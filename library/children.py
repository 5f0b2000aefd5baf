"""The one way the core starts a helper process and ends it.

The document worker (and its standby spare), the speech engine's child and
the kiosk's import child all live the same life: started with the spawn
method (a forked copy of a process with Qt's threads running may deadlock,
and spawn is all Windows has, so every station runs the same code), a
daemon (it dies with its parent instead of keeping a closed kiosk alive),
one pipe to the parent whose child end the parent closes at once (so the
child's exit is the parent's EOF). They end the same way too: a grace period for the child
to finish what its parent asked (each caller asks in its own words: a None,
a stop message, an event), then a kill, then the pipe closed.

The children that do one job and end (the kiosk's import, the panel's
poster) also speak one protocol, written here once: the child sends what it
likes on the way (progress, notices), then one outcome, `("done", value)`,
`("failed", LibraryError)` or `("bug", traceback)`, and closes the pipe
(`send_outcome`); the parent passes the way-messages on and stops at the
outcome (`relay`), which becomes a value or an exception (`outcome_of`).

Nothing here runs per request: only the start and the end of a child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .errors import LibraryError

#: The start method of every helper process; its `Event`s and `Lock`s are the ones to
#: hand to a child (objects of another context may not cross to a spawned process).
SPAWN = multiprocessing.get_context("spawn")
#: How long `end_child` waits for a killed child to be reaped.
KILL_WAIT_S = 5.0
#: How often `relay` looks whether to stop listening (s): a cancel or the kiosk
#: closing is seen within this, and it costs nothing while the child is busy.
POLL_S = 0.1
#: The kinds of a child's last word; every other message is one on the way.
OUTCOMES = frozenset({"done", "failed", "bug"})

#: One message over the pipe: its kind, then what it carries.
Message = tuple[Any, ...]


def spawn_child(target: Callable[..., Any], args: tuple[Any, ...] = (), *, name: str,
                duplex: bool = True) -> tuple[BaseProcess, Connection]:
    """Start `target(child_conn, *args)` in a spawned daemon process; return it and our end.

    With `duplex=False` the pipe runs one way, child to parent: the child gets
    the only writing end, so its exit (however it happens) is our EOF.
    """
    ours, theirs = SPAWN.Pipe(duplex=duplex)  # one way: (reading end, writing end)
    process = SPAWN.Process(target=_life, args=(target, theirs, *args), name=name,
                            daemon=True)
    try:
        process.start()
    except BaseException:  # no memory for a process, too many open files: leak no pipe
        ours.close()
        theirs.close()
        raise
    theirs.close()  # the child holds it now; ours must not keep its end open
    return process, ours


def _life(target: Callable[..., Any], *args: Any) -> None:
    """A child's whole life: `target(*args)`, and an error it lets out told as Python tells
    an uncaught one (`sys.excepthook`), not as `multiprocessing` does (`print_exc`, which
    no hook reaches): so the address's password in it is hidden there too
    (`address_passwords.hide_in_tracebacks`, set up in the child as it loads the core)."""
    try:
        target(*args)
    except SystemExit:
        raise
    except BaseException:
        # printing it may fail too (no stderr, no memory left, a hook of the target's own):
        # let out, that failure would be printed by `multiprocessing` with the error it
        # met, password and all; the exit status (1) still says the child failed
        with contextlib.suppress(BaseException):
            sys.stderr.write(f"Process {multiprocessing.current_process().name}:\n")
            sys.excepthook(*sys.exc_info())
        raise SystemExit(1) from None


def end_child(process: BaseProcess | None, conn: Connection | None, grace_s: float, *,
              kill_wait_s: float | None = KILL_WAIT_S) -> None:
    """Make sure a child is gone: wait `grace_s` for it to finish, kill it if it has not,
    reap it (at most `kill_wait_s`; None waits as long as it takes), close the pipe.

    The caller has already asked the child to finish, if it wanted to; a grace
    of 0 kills at once (a hang, a timeout, a broken pipe).
    """
    try:
        if process is not None:
            if grace_s > 0:
                process.join(grace_s)
            if process.is_alive():
                process.kill()
                process.join(kill_wait_s)
    finally:
        if conn is not None:
            conn.close()


# -- the one-job protocol -------------------------------------------------------------------
class ChildStalled(Exception):
    """The child said nothing for longer than its caller allows (a hang, e.g. in MuPDF).

    Not a `LibraryError`: each caller says it in its own words, after ending the
    child. Nor an `OSError` (as `TimeoutError` is), which callers catch for a
    broken pipe.
    """


def main_thread_ended() -> bool:
    """Whether the kiosk is closing: its main thread has ended, only worker threads are left.

    A worker thread that waits for its child then must stop waiting (or ask the
    child to stop), or the interpreter's exit waits for the whole job.
    """
    return not threading.main_thread().is_alive()


def relay(receiver: Connection, on_message: Callable[[Message], None],
          should_stop: Callable[[], bool], *, stall_s: float | None = None) -> Message | None:
    """Pass the child's messages on to `on_message` until its outcome, and return that.

    None means no outcome will come: the child is gone without a last word
    (EOF: it crashed, or was killed), or `should_stop()`, asked before every
    look at the pipe (at least every `POLL_S`), said to stop listening. A
    caller that only asks its child to stop (an event) answers False and
    keeps listening for the outcome. With `stall_s`, a child that sends
    nothing at all for that long raises `ChildStalled`: a hang in native code
    can be noticed only from outside. The caller ends the child either way.
    """
    last_word = time.monotonic()
    while not should_stop():
        wait = POLL_S
        if stall_s is not None:
            left = last_word + stall_s - time.monotonic()
            if left <= 0:
                raise ChildStalled(f"no word from the child for {stall_s:g} s")
            wait = min(wait, left)
        try:
            if not receiver.poll(wait):
                continue
            message = receiver.recv()
        except (EOFError, OSError):
            return None  # gone without a last word
        last_word = time.monotonic()
        if message[0] in OUTCOMES:
            return message
        on_message(message)
    return None


def outcome_of(message: Message, what: str) -> Any:
    """The value of a `("done", value)`; a `("failed", error)` raises that `LibraryError`
    (or SQLite's error) as it is (one line for people); a `("bug", traceback)` raises a
    `RuntimeError` carrying the child's traceback, since the child's own exception
    stayed there.
    """
    kind, value = message
    if kind == "done":
        return value
    if kind == "failed":
        raise value
    raise RuntimeError(f"the {what} failed unexpectedly:\n{value}")  # a bug: its traceback


def send_outcome(conn: Connection, work: Callable[[], Any],
                 fallback: type[LibraryError], *,
                 send: Callable[[Message], None] | None = None) -> None:
    """Run the child's `work` and send its outcome to the parent, then close `conn`.

    An expected failure crosses as the `LibraryError` it is; one that does not
    pickle (an attribute that cannot cross) as a `fallback` with the same two
    lines, so the parent still says the right thing. SQLite's errors cross as they
    are too: one that says the catalog is damaged inside (`catalog_check.is_damage`
    reads its type and words, which cross) must reach the kiosk as damage, and
    leave the mark for the check, not as a bug's traceback. Anything else is a bug:
    its traceback crosses, as the exception itself might not. `send` (default
    `conn.send`) is the child's own sender, e.g. one behind a lock when other
    threads send progress too. The pipe is closed in any case, so the
    parent's next read is EOF rather than a wait.
    """
    send = send or conn.send
    try:
        send(("done", work()))
    except LibraryError as exc:
        try:
            send(("failed", exc))
        except Exception:  # an error that does not pickle: its line, as the kind it is
            send(("failed", fallback(str(exc), message_vi=exc.message_vi)))
    except sqlite3.Error as exc:
        send(("failed", exc))
    except BaseException:
        send(("bug", traceback.format_exc()))
    finally:
        with contextlib.suppress(OSError):
            conn.close()
