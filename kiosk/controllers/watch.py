"""Noticing catalog changes made outside the kiosk's own connection.

A librarian may run `cafesach add` or `import` in a terminal while the
station runs, and the automatic sync imports on its own connection. The
visitor screens must then show the catalog as it is, not as it was at start:
every few seconds the watch asks SQLite whether anyone else committed
(`Catalog.data_version`, no table read) and says so once when they did.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from library.catalog import Catalog

log = logging.getLogger("cafesach.kiosk")

#: How often the catalog is asked (ms): a change shows within this time.
WATCH_INTERVAL_MS = 5000


class CatalogWatch(QObject):
    changed = Signal()
    #: Another connection committed, whether `check` saw it or `catch_up` took it as seen:
    #: for what must follow every commit (the bulletin schedule), not only the lists.
    committed = Signal()

    def __init__(self, catalog: Catalog, *, interval_ms: int = WATCH_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._version = self._read()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def _read(self) -> int | None:
        try:
            return self._catalog.data_version()
        except Exception as exc:  # a closed or unreadable catalog: nothing to watch
            log.warning("cannot watch the catalog: %s", exc)
            return None

    @Slot()
    def check(self) -> None:
        """Emit `changed` when another connection committed since the last look."""
        version = self._read()
        if version is not None and version != self._version:
            self._version = version
            self.committed.emit()
            self.changed.emit()

    def catch_up(self) -> None:
        """Take what is committed now as seen, without `changed`: the lists are being
        loaded anew anyway (an import the panel just finished), so the next look
        does not load them a second time."""
        version = self._read()
        if version is not None and version != self._version:
            self._version = version
            self.committed.emit()

    def stop(self) -> None:
        self._timer.stop()
