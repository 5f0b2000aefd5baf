"""The station's own log file: warnings and errors kept in the data folder's `logs/`.

Why a file besides stderr: on a station stderr is the system journal, which
the librarian's panel («lỗi gần đây») and the health report carried up on a
USB stick (`library.report.recent_errors`) cannot read. So a long-running
process (the kiosk) also writes its warnings and errors to `logs/NAME.log`,
one line each in the form those readers pick out:

    2026-03-02 10:01:00 WARNING library.config: … in config.toml; the station keeps …

The file stays small: at `MAX_BYTES` it is renamed `NAME.log.1` (the one
before becomes `NAME.log.2`, and the oldest goes), so a station that logs the
same failure all day never fills its disk. This is the only rotation, on Linux
and Windows alike: install.sh sets up no logrotate for `logs/` (and removes the
one older installs set up), because two rotations rename each other's files —
a backup the other never looks after again, a compressed `.gz` where the
readers expect text.

A folder this user cannot write never stops the station: it is said once on
stderr, and the warnings still reach stderr as before. Those the file could not
take (a full disk, a read-only folder) are also kept in memory, the last
`UNWRITTEN_KEPT` of them (`unwritten`), so the panel's «Lỗi gần đây» still
shows them while the station runs.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .paths import DataPaths

#: One line per record; `recent_errors` keeps the lines with " WARNING " or " ERROR ".
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
#: Size at which the file is rotated, and how many older files are kept: at most
#: (1 + BACKUPS) × MAX_BYTES on disk, some thousands of lines each.
MAX_BYTES = 256 * 1024
BACKUPS = 2
#: Warnings the log file could not take, kept in memory for `recent_errors`: this many.
UNWRITTEN_KEPT = 50
#: per `logs/` folder (a test process runs many stations)
_UNWRITTEN: dict[Path, deque[str]] = {}


def unwritten(paths: DataPaths) -> list[str]:
    """The last warnings and errors of this process that the log file in `paths` could
    not take (a full disk, a read-only folder), oldest first, as the file's lines."""
    return list(_UNWRITTEN.get(paths.logs.absolute(), ()))


def _keep(folder: Path, line: str) -> None:
    _UNWRITTEN.setdefault(folder.absolute(), deque(maxlen=UNWRITTEN_KEPT)).append(line)


class _KeptInMemory(logging.Handler):
    """Where warnings go when the log file cannot be opened at all (`station_log`)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(logging.WARNING)
        self.folder = folder

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a log line must never break the station
            _keep(self.folder, self.format(record))


class _StationLogFile(logging.handlers.RotatingFileHandler):
    """A rotating file that says a failed write once on stderr, not a traceback per record
    (a disk that filled up, a `logs/` made read-only while the station runs)."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        self.failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self._cannot_write(sys.exc_info()[1])
        with contextlib.suppress(Exception):
            _keep(Path(self.baseFilename).parent, self.format(record))

    def _cannot_write(self, exc: BaseException | None) -> None:
        if self.failed:
            return
        self.failed = True
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        _say(f"cafesach: warning: cannot write the log file {self.baseFilename}: {reason}; "
             "warnings go to stderr only")

    def close(self) -> None:
        """Close the file; what is still buffered and finds no room (a full disk) is lost
        with the one line on stderr, not raised into the station's way out."""
        try:
            super().close()
        except OSError as exc:
            self._cannot_write(exc)


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Warnings on whatever `sys.stderr` is when they come, as bare messages: what Python
    printed before the file was added (its last-resort handler, which stops being used
    once the root logger has a handler of its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.setLevel(logging.WARNING)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # no stderr at all: nothing to tell
        print(line, file=sys.stderr, flush=True)


def open_log_file(paths: DataPaths, name: str) -> logging.Handler | None:
    """A handler writing WARNING and above to `logs/<name>.log`, or None (said once on
    stderr) when the file cannot be opened."""
    target = paths.logs / f"{name}.log"
    try:
        paths.logs.mkdir(exist_ok=True)
        handler = _StationLogFile(str(target))
    except OSError as exc:
        _say(f"cafesach: warning: cannot write the log file {target}: "
             f"{exc.strerror or exc}; warnings go to stderr only")
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, DATE_FORMAT))
    return handler


@contextlib.contextmanager
def station_log(paths: DataPaths, name: str) -> Iterator[logging.Handler | None]:
    """While the block runs, every logger's warnings and errors also go to
    `logs/<name>.log` (yields its handler, None when it could not be opened).

    One process per file: the kiosk holds the data folder's lock meanwhile, so
    no second writer renames the file under it.
    """
    root = logging.getLogger()
    added: list[logging.Handler] = []
    handler = open_log_file(paths, name)
    if not root.handlers:  # stderr kept as it was, now that root has a handler
        added.append(_CurrentStderr())
    if handler is not None:
        added.append(handler)
    else:  # no file at all (a full or read-only disk): the panel's lines from memory
        memory = _KeptInMemory(paths.logs)
        memory.setFormatter(logging.Formatter(LOG_FORMAT, DATE_FORMAT))
        added.append(memory)
    for each in added:
        root.addHandler(each)
    try:
        yield handler
    finally:
        for each in added:
            root.removeHandler(each)
        if handler is not None:
            handler.close()
        _UNWRITTEN.pop(paths.logs.absolute(), None)  # the station's run is over
