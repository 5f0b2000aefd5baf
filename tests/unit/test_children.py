"""Helper processes: started one way (spawn, daemon, one pipe), ended one way."""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import Connection

import pytest

from library import children
from library.children import end_child, spawn_child


def _echo(conn: Connection, greeting: str) -> None:
    """Says hello, echoes each message until None (its parent's "finish")."""
    conn.send(("hello", greeting, multiprocessing.current_process().name))
    while (message := conn.recv()) is not None:
        conn.send(message)


def _one_word(conn: Connection) -> None:
    conn.send("done")


def _stubborn(conn: Connection) -> None:
    """Never finishes on its own: only a kill ends it."""
    conn.send("up")
    while True:
        time.sleep(60)


def test_a_child_talks_over_its_pipe_and_finishes_when_asked() -> None:
    process, conn = spawn_child(_echo, ("xin chào",), name="cafesach-test")
    try:
        assert process.daemon and process.name == "cafesach-test"
        assert conn.recv() == ("hello", "xin chào", "cafesach-test")  # the pipe comes first
        conn.send([1, 2, 3])
        assert conn.recv() == [1, 2, 3]
        conn.send(None)
    finally:
        end_child(process, conn, 30)
    assert process.exitcode == 0  # it finished within its grace: nothing was killed
    assert conn.closed


def test_the_parent_keeps_no_child_end_so_a_childs_exit_is_its_eof() -> None:
    process, conn = spawn_child(_one_word, name="cafesach-test", duplex=False)
    try:
        assert conn.readable and not conn.writable  # one way: the child writes, we read
        assert conn.recv() == "done"
        with pytest.raises(EOFError):  # no end left open on this side: gone is EOF
            conn.recv()
    finally:
        end_child(process, conn, 30)
    assert process.exitcode == 0


def test_a_child_that_does_not_finish_is_killed_after_its_grace() -> None:
    process, conn = spawn_child(_stubborn, name="cafesach-test")
    assert conn.recv() == "up"
    end_child(process, conn, 0.05)
    assert not process.is_alive() and process.exitcode == -signal.SIGKILL
    assert conn.closed


def test_no_grace_kills_at_once_and_nothing_to_end_is_fine() -> None:
    process, conn = spawn_child(_stubborn, name="cafesach-test")
    assert conn.recv() == "up"
    end_child(process, None, 0)
    assert process.exitcode == -signal.SIGKILL
    end_child(None, conn, 0)
    assert conn.closed
    end_child(None, None, 0)


def test_a_child_that_cannot_start_leaves_no_pipe_open(monkeypatch) -> None:
    made: list[Connection] = []
    real_pipe = children.SPAWN.Pipe

    def pipe(_self, duplex: bool = True) -> tuple[Connection, Connection]:
        ends = real_pipe(duplex)
        made.extend(ends)
        return ends

    def no_room(_self) -> None:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(type(children.SPAWN), "Pipe", pipe)
    monkeypatch.setattr(children.SPAWN.Process, "start", no_room)
    with pytest.raises(OSError, match="allocate"):
        spawn_child(_one_word, name="cafesach-test")
    assert len(made) == 2 and all(end.closed for end in made)
