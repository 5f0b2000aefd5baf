"""Items found broken on this station whose flag its disk could not take.

A file that will not open (or a recording that will not decode) is flagged
`broken` in the catalog, so the next visitor gets its card at once and the
librarian finds it in «Tình trạng» to replace or retry. On a full or
read-only data disk (`library.station_disk`) the flag cannot be written: the
item is kept here instead, in the running kiosk's memory, for as long as it
runs. One set for the whole kiosk — the reader, «Nghe» and the loudspeaker
all consult it — so a file one of them shut is not tried again by another,
and the panel lists these items beside the flagged ones.

Only the disk's refusal keeps an item here: a flag refused for a passing
reason (the catalog busy with an import) is said and forgotten, so the next
open tries the file and its flag again — kept here, the item would stay shut
for the kiosk's whole run, out of the catalog's list.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from .catalog import Catalog, Item
from .errors import LibraryError, NotFound, StorageError

log = logging.getLogger(__name__)


class BrokenInMemory:
    """The ids of items shut in memory, in the order they failed. Thread-safe: the
    kiosk adds on its GUI thread, the panel's tasks read on theirs."""

    def __init__(self) -> None:
        self._ids: dict[str, None] = {}  # a dict keeps the order they came in
        self._lock = threading.Lock()

    def __contains__(self, item_id: object) -> bool:
        with self._lock:
            return item_id in self._ids

    def ids(self) -> list[str]:
        """The items kept here, the first that failed first."""
        with self._lock:
            return list(self._ids)

    def is_shut(self, item: Item) -> bool:
        """Whether `item` is not to be opened or played: flagged, or kept here."""
        return item.broken or item.id in self

    def flag(self, item_id: str, write: Callable[[], object], *,
             said: logging.Logger = log) -> None:
        """Flag a failed item with `write()` (its `set_flags(broken=True)`). Refused by
        the disk (a `StorageError`), it is kept here instead and `said` warns once per
        item; refused for another reason, it is said and forgotten (see the module)."""
        try:
            write()
        except StorageError as error:
            with self._lock:
                new = item_id not in self._ids
                self._ids[item_id] = None
            if new:
                said.warning("could not flag %s: %s", item_id, error)
        except LibraryError as error:
            said.warning("could not flag %s: %s", item_id, error)

    def forget(self, item_id: str) -> bool:
        """Let the next visitor try the item again (the librarian's «Thử lại»): whether
        it was kept here."""
        with self._lock:
            return self._ids.pop(item_id, 0) is None


def still_shut(catalog: Catalog, item_ids: Iterable[str]) -> list[Item]:
    """Of the items shut in memory (`BrokenInMemory.ids`), those still for the librarian
    to see there, in their order, as the catalog holds them now: one removed since has
    nothing left to replace, and one flagged since (the disk freed) is listed with the
    flagged. The one filter for the panel's «Tình trạng» and the report's
    `broken.in_memory`, so both name the same items."""
    kept = []
    for item_id in item_ids:
        try:
            item = catalog.get(item_id)
        except NotFound:  # removed since
            continue
        if not item.broken:  # flagged since
            kept.append(item)
    return kept
