"""Items as a list model: the browse grid, the home shelves, popular items.

Why paged: a province's catalog may hold 20,000 items. The model asks the
catalog for one page of rows at a time (`canFetchMore`/`fetchMore`), so the
grid scrolls without loading, or freezing on, the whole catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QModelIndex, Signal, Slot

from library.catalog import Item

from ..images import CoverFiles
from .roles import Index, RolesModel

PAGE_SIZE = 60

ROLE_NAMES = (
    "itemId", "title", "kind", "kindName", "cover", "pageCount", "published",
    "summary", "authors", "featured", "broken", "poster",
)

#: The station's covers as files (`use_cover_files`); none until the kiosk sets them.
_covers = CoverFiles()


def use_cover_files(covers: CoverFiles) -> None:
    """Where the item models take cover URLs from: the station's object store, set once
    by the kiosk (as the document engine is: one station, one store per process)."""
    global _covers
    _covers = covers


def cover_url(item: Item) -> str:
    """The QML image source of an item's cover (a file URL, see `images.CoverFiles`)."""
    return _covers.url(item.cover_sha256)


#: Media types whose first page the document worker can draw full-screen.
_POSTER_TYPES = ("application/pdf", "application/epub+zip", "image/")


def poster_url(item: Item) -> str:
    """A full-size first page (`images.PosterProvider`), or the cover when there is none."""
    if item.sha256 and not item.broken and item.media_type.startswith(_POSTER_TYPES):
        return f"image://poster/{item.sha256}/{item.cover_sha256 or ''}"
    return cover_url(item)


_IMAGE_FIELDS = ("sha256", "cover_sha256", "broken", "media_type")
#: The item fields each role of `item_role` is made from, where that is not the field
#: of the role's own name: a role whose fields did not change needs no new value.
ROLE_FIELDS = {"itemId": ("id",), "kindName": ("kind",), "cover": _IMAGE_FIELDS,
               "poster": _IMAGE_FIELDS, "pageCount": ("page_count",)}


def item_role(item: Item, name: str) -> Any:
    """One role's value for an item (shared with the search results model); the
    fields it reads are `ROLE_FIELDS` (keep the two together)."""
    if name == "itemId":
        return item.id
    if name == "kindName":
        from .collections import kind_name  # translated; collections imports this module

        return kind_name(item.kind)
    if name == "cover":
        return cover_url(item)
    if name == "poster":
        return poster_url(item)
    if name == "pageCount":
        return item.page_count
    if name == "authors":
        return ", ".join(item.authors)
    if name == "published":
        return display_date(item.published)
    return getattr(item, name)


def item_map(item: Item) -> dict[str, Any]:
    """An item as a plain dict for QML (detail screen, slots)."""
    data = {name: item_role(item, name) for name in ROLE_NAMES}
    data.update(publicUrl=item.public_url or "", tags=list(item.tags),
                mediaType=item.media_type, publisher=item.publisher,
                durationS=item.duration_s or 0)  # a recording's length (0: unknown)
    return data


def display_date(value: str | None) -> str:
    """`2026-05-15` as Vietnamese readers write it: `15/05/2026`; a month alone (`2026-05`,
    as catalogs often give it) `05/2026`; other text unchanged."""
    value = (value or "").strip()
    parts = value[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        return f"{parts[1]}/{parts[0]}"
    return value


#: fetch(limit, offset) -> items; count() -> total
Fetch = Callable[[int, int], list[Item]]


class ItemsModel(RolesModel):
    """A lazily filled list of items from a fetch function."""

    countChanged = Signal()

    def __init__(self, fetch: Fetch | None = None, total: Callable[[], int] | None = None,
                 *, page_size: int = PAGE_SIZE, parent: Any = None) -> None:
        super().__init__(ROLE_NAMES, parent)
        self._fetch = fetch
        self._total = total
        self._page_size = page_size
        self._known_total = 0

    # -- feeding -------------------------------------------------------------
    def set_source(self, fetch: Fetch | None, total: Callable[[], int] | None, *,
                   first: list[Item] | None = None, known_total: int | None = None) -> None:
        """Point the model at a new query; loads the first page (or as many rows as
        are loaded now, so that the same query again changes no row). `first` and
        `known_total`, when given, are those rows and the count, read beforehand (on
        the task thread): nothing is read here then."""
        self._fetch, self._total = fetch, total
        if first is None:
            first = fetch(max(self._page_size, len(self._rows)), 0) if fetch is not None else []
        if known_total is not None:
            self._known_total = known_total
        else:
            self._known_total = total() if total else len(first)
        self.update_rows(first)
        self.countChanged.emit()

    def set_items(self, items: list[Item]) -> None:
        self.set_source(lambda limit, offset: items[offset:offset + limit], lambda: len(items))

    def items(self) -> list[Item]:
        return list(self._rows)

    # -- Qt model API --------------------------------------------------------
    def _display(self, row: Item) -> str:
        return row.title

    def _value(self, row: Item, name: str) -> Any:
        return item_role(row, name)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and self._fetch is not None
                and len(self._rows) < self._known_total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        more = self._fetch(self._page_size, len(self._rows))
        if not more:
            self._known_total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        self.countChanged.emit()

    # -- for QML -------------------------------------------------------------
    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)

    def _total_count(self) -> int:
        return self._known_total

    total = Property(int, _total_count, notify=countChanged)

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        if 0 <= row < len(self._rows):
            return item_map(self._rows[row])
        return {}

    @Slot(int, result=str)
    def idAt(self, row: int) -> str:
        return self._rows[row].id if 0 <= row < len(self._rows) else ""
