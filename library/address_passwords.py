"""The password of a server's address hidden where lines leave the station.

A protected provincial server is reached with its password in `sync.server_url`
(`https://kho:…@thuvien…/`), and a sync's lines name the server. What knows how to
hide it is `repository.status.redacted`; this module applies it at the exits, once
each, so that a line made anywhere with the address as it was typed cannot carry the
password out:

- every log record of a process that loaded the core (`hide_in_log_records`, set up
  when `library` is imported): the journal (stderr), `logs/*.log` (which the panel's
  «Lỗi gần đây» and the health report read), the CLI's warnings above its progress bar;
- every traceback Python prints itself in such a process (`hide_in_tracebacks`, set up
  with it): an error no code caught, in `cafesach …`, the kiosk (Qt hands an error in a
  slot to `sys.excepthook`), a thread, or a child the core started (`children`);
- an error raised out of a sync (`hide_in_error`, `importer.import_from`'s boundary);
- data written out whole: `--json`, the health report (`hidden_in`).

Log records are hidden where every record is made (`logging`'s record factory), not by
a filter: Python consults a logger's filter only for records of that very logger, not
for those of the loggers below it, and no filter of ours sits on its last-resort
handler, which prints a command's warnings on stderr when nothing else is set up.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any

#: What every address holds: a line without it names no address, and is left as it is
#: without loading `status` (a command that logs nothing of a server starts as fast).
_ADDRESS = "://"


def hidden(text: str) -> str:
    """`text` with the user name and password of every address in it hidden
    (`status.redacted`)."""
    if _ADDRESS not in text:
        return text
    from .repository.status import redacted

    return redacted(text)


def hidden_in(data: Any) -> Any:
    """`data` (JSON-like: dicts, lists, strings) with every string `hidden`, keys too.

    Hidden before the data is written as JSON, not in the JSON text: a match run
    across the quotes of two strings would break the document."""
    if isinstance(data, str):
        return hidden(data)
    if isinstance(data, dict):
        return {hidden_in(key): hidden_in(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [hidden_in(value) for value in data]
    return data


def hide_in_error(error: BaseException) -> BaseException:
    """Hide the address's password in `error`'s message and its Vietnamese line, in
    place (its class, cause and traceback kept; the other arguments too, so that it
    still crosses a process' pipe); returns it, to be raised on."""
    if error.args and isinstance(error.args[0], str):
        said = hidden(error.args[0])
        if said != error.args[0]:
            error.args = (said, *error.args[1:])
    message_vi = getattr(error, "message_vi", None)
    if isinstance(message_vi, str) and hidden(message_vi) != message_vi:
        error.message_vi = hidden(message_vi)  # type: ignore[attr-defined]
    return error


def _hidden_argument(value: Any) -> Any:
    """A log record's argument, or its text hidden where that names an address whole."""
    try:
        text = str(value)
    except Exception:  # an object that cannot say itself: logging tells it as it can
        return value
    said = hidden(text)
    return value if said == text else said


def _hide_in_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:
        # arguments that do not fit: logging says so when it emits the record, printing
        # its message and arguments as they are ("--- Logging error ---"), on stderr
        record.msg = _hidden_argument(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: _hidden_argument(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_hidden_argument(value) for value in record.args)
    else:
        said = hidden(message)
        if said != message:
            record.msg, record.args = said, ()
    # hidden whether the arguments fit or not: a handler keeping records as data (the
    # kiosk's `_errors_told`) reads the traceback and the `extra=` values all the same
    if record.exc_info and not record.exc_text:
        # formatted now, hidden, and kept where every formatter takes it from
        trace = logging.Formatter().formatException(record.exc_info)
        if hidden(trace) != trace:
            record.exc_text = hidden(trace)
    if record.stack_info:
        record.stack_info = hidden(record.stack_info)
    record.__dict__ = _HiddenOnArrival(record.__dict__)
    return record


class _HiddenOnArrival(dict):  # type: ignore[type-arg]
    """A log record's attributes (its `__dict__`), hiding the password in a value put in
    after the record was made: `logging` adds the values a call gives with `extra=` that
    way (`Logger.makeRecord`), once the record factory has returned, and a formatter
    (`%(server)s`) or a handler writing the record as data reads them from there."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, _hidden_argument(value))


def hide_in_log_records() -> None:
    """Make every log record of this process with an address's password hidden in its
    message, its traceback, its stack and the values given with `extra=` (once: a second
    call changes nothing)."""
    made = logging.getLogRecordFactory()
    if getattr(made, "hides_passwords", False):
        return

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _hide_in_record(made(*args, **kwargs))

    make.hides_passwords = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make)


def hide_in_tracebacks() -> None:
    """Make the tracebacks Python prints on its own in this process — an error no code
    caught (`sys.excepthook`), one that ended a thread (`threading.excepthook`), one it
    could only ignore (`sys.unraisablehook`) — show an address's password hidden (once:
    a second call changes nothing).

    Why: such an error's message may name the server as it was typed (an httpx error
    quotes its request's address), and its traceback goes to the journal, or to the
    terminal of the technician who asked for help. The hook that was there before ours
    prints it as it always did (Python's own form, or one set up before, like Debian's
    crash reporter): into a buffer, whose text is written on hidden."""
    if getattr(sys.excepthook, "hides_passwords", False):
        return
    sys.excepthook = _printing_hidden(sys.excepthook, sys.__excepthook__, "sys.excepthook")
    threading.excepthook = _printing_hidden(threading.excepthook, threading.__excepthook__,
                                            "threading.excepthook")
    sys.unraisablehook = _printing_hidden(sys.unraisablehook, sys.__unraisablehook__,
                                          "sys.unraisablehook")


#: Held while a hook prints into its buffer in place of `sys.stderr`, which is the whole
#: process's: two errors told at once (two threads ending together, the main thread's and
#: a thread's) would each put back the stderr it found, the second the first one's buffer,
#: and every line printed on stderr after went into it, never to be seen. Reentrant: an
#: object collected while a hook runs tells its error (`sys.unraisablehook`) in the same
#: thread.
_PRINTING = threading.RLock()


def _printing_hidden(before: Callable[..., Any], own: Callable[..., Any],
                     where: str) -> Callable[..., Any]:
    """`before` (a hook that prints an error on stderr), its words hidden. One hook at a
    time prints (`_PRINTING`); what another thread writes on stderr meanwhile is in the
    buffer too, and comes out after the traceback, hidden as it is.

    A `before` that fails is told as Python tells it (`Error in sys.excepthook:`, its
    failure, then the error through Python's `own` printing), in the buffer: let out,
    Python would print the error itself whole, where no hook reaches."""

    def hook(*args: Any) -> None:
        with _PRINTING:
            stderr = sys.stderr
            if stderr is None:  # no stderr at all (pythonw): nothing is printed anyway
                before(*args)
                return
            told = io.StringIO()
            try:
                with contextlib.redirect_stderr(told):
                    try:
                        before(*args)
                    except Exception:
                        told.write(f"Error in {where}:\n")
                        traceback.print_exc(file=told)
                        told.write("\nOriginal exception was:\n")
                        own(*args)
            finally:
                with contextlib.suppress(OSError, ValueError):  # a closed or broken stderr
                    stderr.write(hidden(told.getvalue()))
                    stderr.flush()

    hook.hides_passwords = True  # type: ignore[attr-defined]
    return hook
