"""Helper processes: started one way (spawn, daemon, one pipe), ended one way."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import Connection

import pytest

from library import children
from library.children import (
    ChildStalled,
    Message,
    end_child,
    outcome_of,
    relay,
    send_outcome,
    spawn_child,
)
from library.errors import CatalogError, InvalidInput


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


# -- the one-job protocol: the child's outcome, the parent's relay -------------------------
class _Unpicklable(InvalidInput):
    """An expected failure carrying something that cannot cross a pipe."""

    def __init__(self) -> None:
        super().__init__("the shelf is locked", message_vi="Kệ đang khoá.")
        self.lock = threading.Lock()


def _job(conn: Connection, how: str) -> None:
    """A one-job child: two progress ticks, then the outcome `how` asks for."""
    def work() -> str:
        conn.send(("progress", 1, 2))
        conn.send(("progress", 2, 2))
        if how == "refuse":
            raise InvalidInput("nothing to print", message_vi="Không có mục nào để in.")
        if how == "unpicklable":
            raise _Unpicklable()
        if how == "bug":
            raise ZeroDivisionError("a slip")
        if how == "die":
            os._exit(3)
        if how == "hang":
            while True:
                time.sleep(3600)
        return "xong"

    send_outcome(conn, work, CatalogError)


def _run(how: str, *, stall_s: float | None = None) -> tuple[Message | None, list[Message]]:
    seen: list[Message] = []
    process, receiver = spawn_child(_job, (how,), name="cafesach-test", duplex=False)
    outcome: Message | None = None
    try:
        outcome = relay(receiver, seen.append, lambda: False, stall_s=stall_s)
    finally:
        end_child(process, receiver, 30 if outcome is not None else 0)
    return outcome, seen


def test_the_outcome_comes_after_the_messages_on_the_way() -> None:
    outcome, seen = _run("done")
    assert seen == [("progress", 1, 2), ("progress", 2, 2)]
    assert outcome == ("done", "xong")
    assert outcome_of(outcome, "test") == "xong"


def test_an_expected_failure_crosses_as_it_is() -> None:
    outcome, _seen = _run("refuse")
    assert outcome is not None
    with pytest.raises(InvalidInput) as caught:
        outcome_of(outcome, "test")
    assert caught.value.message_vi == "Không có mục nào để in."


def test_a_failure_that_does_not_pickle_crosses_as_the_fallback_with_its_lines() -> None:
    outcome, _seen = _run("unpicklable")
    assert outcome is not None
    with pytest.raises(CatalogError) as caught:
        outcome_of(outcome, "test")
    assert str(caught.value) == "the shelf is locked"
    assert caught.value.message_vi == "Kệ đang khoá."


def test_a_bug_becomes_a_runtime_error_with_the_childs_traceback() -> None:
    outcome, _seen = _run("bug")
    assert outcome is not None and outcome[0] == "bug"
    with pytest.raises(RuntimeError, match="the test failed unexpectedly") as caught:
        outcome_of(outcome, "test")
    assert "ZeroDivisionError: a slip" in str(caught.value)


def test_a_child_gone_without_a_last_word_is_no_outcome() -> None:
    outcome, seen = _run("die")
    assert outcome is None
    assert seen == [("progress", 1, 2), ("progress", 2, 2)]


def test_a_silent_child_is_a_stall_and_a_stop_ends_the_listening() -> None:
    with pytest.raises(ChildStalled):
        _run("hang", stall_s=0.5)
    process, receiver = spawn_child(_job, ("hang",), name="cafesach-test", duplex=False)
    try:
        assert relay(receiver, pytest.fail, lambda: True) is None  # nothing read
    finally:
        end_child(process, receiver, 0)
    assert process.exitcode == -signal.SIGKILL
