"""A kiosk shown read-only on a full or read-only disk goes back to writing by itself.

On such a disk the kiosk opens its catalog read-only (`library.station_disk`)
and keeps it so: the broken-file flags, the counts, the log, imports and syncs
stay off. Once the librarian frees space (deletes items from a stick-mounted
folder, a technician empties /var/log, a remount rw), nobody in a market
restarts the kiosk, so it does it itself: every `CHECK_MS` it asks the system
(`station_disk.unwritable`, no byte written) whether the data folder could be
written again, and once it could for `CHECKS_IN_A_ROW` checks in a row — with
`RESUME_FREE_BYTES` free, far above the limit it went read-only at, and room for
the catalog's upgrade when a new program waits for one — it restarts
into its normal writable state at the next quiet moment (`kiosk_quiet`): nobody
at the screen since the idle reset, no bulletin on air or about to be, the
librarian's panel closed, none of her long jobs still at work, no file on its
way to a phone. Why a restart rather than reopening the catalog in place: every
part (the reader's flags, the counts, the panel's tasks, the log, the phone
server) holds what it was given at the start; a restart gives each the writable
one the ordinary way, on the path every station start already takes
(`kiosk.restart`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from library.paths import DataPaths, disk_free
from library.sizes import human_size
from library.station_disk import resume_free_bytes, unwritable

log = logging.getLogger(__name__)

#: How often a read-only kiosk asks whether its disk takes writes again (one `statvfs`).
CHECK_MS = 30_000
#: Checks in a row that must find the disk writable before the kiosk counts on it: a
#: disk freed by a file that is being written again at once is not yet freed.
CHECKS_IN_A_ROW = 2
#: No restart when a bulletin's slot falls due this soon: the kiosk started again looks
#: only forward (`kiosk.audio.broadcast`), and a start takes seconds.
BULLETIN_CLEARANCE = timedelta(minutes=1)


class DiskReturn(QObject):
    """Watches a read-only kiosk's data folder; calls `restart` once it takes writes
    again and the kiosk is quiet.

    `unwritable(root, below=…)` is `library.station_disk.unwritable` (tests bring
    their own); `quiet()` says whether a restart would disturb nobody; `restart()`
    ends the kiosk so that it starts again (`kiosk.run_command`). The timer is a
    plain `QTimer`: tests call `check()` instead of waiting.
    """

    def __init__(self, root: Path, *, quiet: Callable[[], bool], restart: Callable[[], None],
                 unwritable: Callable[..., str | None] = unwritable,
                 interval_ms: int = CHECK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._quiet, self._restart, self._unwritable = quiet, restart, unwritable
        self._seen = 0  # checks in a row that found the disk writable with room to spare
        self._freed = False  # the disk takes writes again: restart at the next quiet moment
        self._restarting = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)

    @property
    def freed(self) -> bool:
        """The disk takes writes again: the kiosk restarts at its next quiet moment."""
        return self._freed

    @property
    def restarting(self) -> bool:
        return self._restarting

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        """Ask the disk (no write), then restart if it is freed and the kiosk is quiet.

        The hysteresis: freed means `resume_free_bytes` free (`RESUME_FREE_BYTES`, not
        just the 1 MB the kiosk went read-only below, and room for the catalog's upgrade
        in place when it waits for one) for `CHECKS_IN_A_ROW` checks; once freed, only
        falling below the real limit again (or a read-only mount) takes it back.
        """
        if self._restarting:
            return
        if self._freed:
            state = self._ask()
            if state is not None:
                self._freed, self._seen = False, 0
                log.warning("the data folder %s cannot be written again (%s): the kiosk "
                            "stays read-only", self._root, state)
                return
        else:
            below = resume_free_bytes(DataPaths(self._root))
            self._seen = self._seen + 1 if self._ask(below=below) is None else 0
            if self._seen < CHECKS_IN_A_ROW:
                return
            self._freed = True
            log.warning("the data folder %s can be written again (%s free): the kiosk "
                        "takes up writing at its next quiet moment", self._root, self._free())
        self.at_quiet_moment()

    def at_quiet_moment(self) -> None:
        """Restart now if the disk is freed and nobody would notice (called by each
        check, and by the idle reset: the moment the last visitor has gone)."""
        if not self._freed or self._restarting:
            return
        try:
            quiet = self._quiet()
        except RuntimeError:  # a part already deleted: the kiosk is closing anyway
            return
        if not quiet:
            return
        self._restarting = True
        self.timer.stop()
        log.warning("the kiosk restarts now to write to %s again", self._root)
        self._restart()

    def after_reset(self) -> None:
        """The idle reset ran, the moment the last visitor has gone: try then, not only
        every half minute, or a busy market's short gaps would all be missed. Queued, so
        the reset's own work (the reader closed, audio stopped, a left-open panel
        closed) is done first."""
        QTimer.singleShot(0, self.at_quiet_moment)

    def _ask(self, **below: int) -> str | None:
        try:
            return self._unwritable(self._root, **below)
        except OSError as exc:  # the folder gone (a stick pulled out): not writable
            return str(exc)

    def _free(self) -> str:
        free = disk_free(self._root)
        return human_size(free, "en") if free is not None else "?"


def kiosk_quiet(app: Any) -> bool:
    """Nobody would notice the kiosk restarting now: no visitor since the idle reset
    (`IdleWatch.idle`, which waits out a playing video or «Nghe» too), no bulletin on
    air (`kiosk.audio`'s broadcaster) nor due within `BULLETIN_CLEARANCE`, the
    librarian's panel closed, none of her long jobs still at work (a report on its way
    to a stick, left running as she closed the panel: a stop waits for it, the exec
    would cut it off half-written), and no file on its way to a phone (a visitor who
    scanned a QR code and walked away with it)."""
    if not app.idle.idle or app.tasks.long_running:
        return False
    handoff = getattr(app, "handoff", None)  # installed after the first frame
    if handoff is not None and handoff.sending:
        return False
    broadcast = app.engine.rootContext().contextProperty("broadcast")
    if broadcast is not None and bool(broadcast.property("active")):
        return False
    due_within = getattr(broadcast, "due_within", None)
    if due_within is not None and due_within(BULLETIN_CLEARANCE):  # it would go unread
        return False
    return not bool(app.window.property("librarianOpen"))


def watch_disk(app: Any, root: Path, restart: Callable[[], None],
               **options: Any) -> DiskReturn:
    """Start watching a read-only kiosk's data folder (`cafesach run`); `restart` is
    called at the first quiet moment after the disk is freed. `options` go to
    `DiskReturn` (tests: their own `unwritable`)."""
    watcher = DiskReturn(root, quiet=lambda: kiosk_quiet(app), restart=restart, parent=app,
                         **options)
    app.idle.reset.connect(watcher.after_reset)
    watcher.start()
    app.disk_return = watcher
    return watcher
