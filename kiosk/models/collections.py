"""The home screen's collection tiles: one per kind the station carries, plus "new"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QCoreApplication, Signal

from library.catalog import Catalog

from .roles import RolesModel

#: Order of the tiles and their accent colours (QML picks icons by `key`). Each colour
#: keeps white text at a contrast of at least 4.5:1 (WCAG AA for the small "N mục" line),
#: so the brighter hues the tiles started with were darkened.
TILES: tuple[tuple[str, str], ...] = (
    ("book", "#2a63c9"),
    ("infographic", "#b8461d"),
    ("bulletin", "#137a5a"),
    ("handbook", "#b8324a"),
    ("video", "#7b4bd6"),
    ("document", "#5a6b7d"),
    ("audio", "#8f6300"),
    ("new", "#0b6d86"),
)
NEW = "new"


#: Words of two syllables in the home tiles' names. Vietnamese puts a space between
#: syllables, and a tile's name wraps (and is balanced over two lines) at any space:
#: «Mới cập / nhật» broke «cập nhật». Joined by a no-break space on the tile, they stay
#: on one line there (a tile too narrow shrinks the name instead); everywhere else the
#: name keeps its plain spaces.
UNBROKEN = ("điện tử", "cập nhật", "Bản tin", "Sổ tay", "Tài liệu", "Âm thanh")


def _unbroken(name: str) -> str:
    for word in UNBROKEN:
        name = name.replace(word, word.replace(" ", "\u00a0"))
    return name


def tile_name(key: str) -> str:
    """The tile's label in the current language (Vietnamese source strings)."""
    names = {
        "book": QCoreApplication.translate("Collections", "Sách điện tử"),
        "infographic": QCoreApplication.translate("Collections", "Infographic"),
        "bulletin": QCoreApplication.translate("Collections", "Bản tin"),
        "handbook": QCoreApplication.translate("Collections", "Sổ tay"),
        "video": QCoreApplication.translate("Collections", "Video"),
        "document": QCoreApplication.translate("Collections", "Tài liệu"),
        "audio": QCoreApplication.translate("Collections", "Âm thanh"),
        "new": QCoreApplication.translate("Collections", "Mới cập nhật"),
    }
    return names.get(key, key)


def kind_name(kind: str) -> str:
    """One item's kind in the current language: a card's badge, the detail's chip.

    The same Vietnamese as the tile (Vietnamese has no plural), but its own
    context, so English says "E-book" on one book and "E-books" on the tile.
    """
    names = {
        "book": QCoreApplication.translate("Kind", "Sách điện tử"),
        "infographic": QCoreApplication.translate("Kind", "Infographic"),
        "bulletin": QCoreApplication.translate("Kind", "Bản tin"),
        "handbook": QCoreApplication.translate("Kind", "Sổ tay"),
        "video": QCoreApplication.translate("Kind", "Video"),
        "document": QCoreApplication.translate("Kind", "Tài liệu"),
        "audio": QCoreApplication.translate("Kind", "Âm thanh"),
    }
    return names.get(kind) or tile_name(kind)


_ROLE_NAMES = ("key", "name", "count", "accent")


class CollectionsModel(RolesModel):
    """Tiles for the kinds that have visible items; `new` always last."""

    libraryEmptyChanged = Signal()

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__(_ROLE_NAMES, parent)
        self._catalog = catalog
        self.refresh()

    def refresh(self) -> None:
        self.show_counts(self._catalog.kind_counts())

    def show_counts(self, counts: dict[str, int]) -> None:
        """The tiles for these visible items per kind (read beforehand, maybe on the task
        thread: `KioskApp.refresh_lists`)."""
        total = sum(counts.values())
        rows = []
        for key, accent in TILES:
            count = total if key == NEW else counts.get(key, 0)
            if count or key == NEW:
                rows.append({"key": key, "name": _unbroken(tile_name(key)), "count": count,
                             "accent": accent})
        if rows == self._rows:  # nothing new (a sync that changed nothing): no signal
            return
        # In place, never a reset: a sync changes the counts, and a reset made the home
        # screen destroy and build every tile again in the frame the sync's lists land in
        # (20–45 ms of the GUI thread, docs/performance.md); kept tiles read their new count.
        self.update_rows(rows)
        self.libraryEmptyChanged.emit()

    def _p_library_empty(self) -> bool:
        return len(self._rows) <= 1

    # Only the "new" tile: no kind has a visible item (the home screen and the search
    # screen then say so instead of offering an empty list).
    libraryEmpty = Property(bool, _p_library_empty, notify=libraryEmptyChanged)

    def keys(self) -> list[str]:
        return [r["key"] for r in self._rows]

    def _display(self, row: dict[str, Any]) -> str:
        return row["name"]

    def _value(self, row: dict[str, Any], name: str) -> Any:
        return row[name]
