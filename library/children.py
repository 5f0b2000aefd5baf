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

Nothing here runs per request: only the start and the end of a child.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

#: The start method of every helper process; its `Event`s and `Lock`s are the ones to
#: hand to a child (objects of another context may not cross to a spawned process).
SPAWN = multiprocessing.get_context("spawn")
#: How long `end_child` waits for a killed child to be reaped.
KILL_WAIT_S = 5.0


def spawn_child(target: Callable[..., Any], args: tuple[Any, ...] = (), *, name: str,
                duplex: bool = True) -> tuple[BaseProcess, Connection]:
    """Start `target(child_conn, *args)` in a spawned daemon process; return it and our end.

    With `duplex=False` the pipe runs one way, child to parent: the child gets
    the only writing end, so its exit (however it happens) is our EOF.
    """
    ours, theirs = SPAWN.Pipe(duplex=duplex)  # one way: (reading end, writing end)
    process = SPAWN.Process(target=target, args=(theirs, *args), name=name, daemon=True)
    try:
        process.start()
    except BaseException:  # no memory for a process, too many open files: leak no pipe
        ours.close()
        theirs.close()
        raise
    theirs.close()  # the child holds it now; ours must not keep its end open
    return process, ours


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
