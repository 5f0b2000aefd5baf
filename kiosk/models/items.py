"""Items as a list model: the browse grid, the home shelves, popular items.

Why paged: a province's catalog may hold 20,000 items. The model asks the
catalog for one page of rows at a time (`canFetchMore`/`fetchMore`), so the
grid scrolls without loading, or freezing on, the whole catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from library.catalog import Item

PAGE_SIZE = 60

ROLE_NAMES = (
    "itemId", "title", "kind", "kindName", "cover", "pageCount", "published",
    "summary", "authors", "featured", "broken", "poster",
)
_ROLES = {Qt.ItemDataRole.UserRole + 1 + i: name for i, name in enumerate(ROLE_NAMES)}
_ROLE_OF = {name: role for role, name in _ROLES.items()}

Index = QModelIndex | QPersistentModelIndex


def cover_url(item: Item) -> str:
    """The QML image source of an item's cover (served by `images.CoverProvider`)."""
    return f"image://cover/{item.cover_sha256}" if item.cover_sha256 else ""


#: Media types whose first page the document worker can draw full-screen.
_POSTER_TYPES = ("application/pdf", "application/epub+zip", "image/")


def poster_url(item: Item) -> str:
    """A full-size first page (`images.PosterProvider`), or the cover when there is none."""
    if item.sha256 and not item.broken and item.media_type.startswith(_POSTER_TYPES):
        return f"image://poster/{item.sha256}/{item.cover_sha256 or ''}"
    return cover_url(item)


def item_role(item: Item, name: str) -> Any:
    """One role's value for an item (shared with the search results model)."""
    if name == "itemId":
        return item.id
    if name == "kindName":
        from .collections import tile_name  # translated; collections imports this module

        return tile_name(item.kind)
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
                mediaType=item.media_type, publisher=item.publisher)
    return data


def display_date(value: str | None) -> str:
    """`2026-05-15` as Vietnamese readers write it: `15/05/2026` (other text unchanged)."""
    if not value:
        return ""
    parts = value[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return value


def replace_rows(model: QAbstractListModel, rows: list[Any], new: list[Any]) -> None:
    """Swap the contents of `rows` (the model's own list) for `new`, row signals only."""
    if rows:
        model.beginRemoveRows(QModelIndex(), 0, len(rows) - 1)
        rows.clear()
        model.endRemoveRows()
    if new:
        model.beginInsertRows(QModelIndex(), 0, len(new) - 1)
        rows.extend(new)
        model.endInsertRows()


#: fetch(limit, offset) -> items; count() -> total
Fetch = Callable[[int, int], list[Item]]


class ItemsModel(QAbstractListModel):
    """A lazily filled list of items from a fetch function."""

    countChanged = Signal()

    def __init__(self, fetch: Fetch | None = None, total: Callable[[], int] | None = None,
                 *, page_size: int = PAGE_SIZE, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._total = total
        self._page_size = page_size
        self._items: list[Item] = []
        self._known_total = 0

    # -- feeding -------------------------------------------------------------
    def set_source(self, fetch: Fetch | None, total: Callable[[], int] | None) -> None:
        """Point the model at a new query; loads the first page."""
        self._fetch, self._total = fetch, total
        first = fetch(self._page_size, 0) if fetch is not None else []
        self._known_total = total() if total else len(first)
        replace_rows(self, self._items, first)  # not a reset: see ResultsModel.set_hits
        self.countChanged.emit()

    def set_items(self, items: list[Item]) -> None:
        self.set_source(lambda limit, offset: items[offset:offset + limit], lambda: len(items))

    def items(self) -> list[Item]:
        return list(self._items)

    # -- Qt model API --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in _ROLES.items()}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        name = _ROLES.get(role)
        return None if name is None else item_role(item, name)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and self._fetch is not None
                and len(self._items) < self._known_total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        more = self._fetch(self._page_size, len(self._items))
        if not more:
            self._known_total = len(self._items)
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._items.extend(more)
        self.endInsertRows()
        self.countChanged.emit()

    # -- for QML -------------------------------------------------------------
    def _count(self) -> int:
        return len(self._items)

    count = Property(int, _count, notify=countChanged)

    def _total_count(self) -> int:
        return self._known_total

    total = Property(int, _total_count, notify=countChanged)

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        if 0 <= row < len(self._items):
            return item_map(self._items[row])
        return {}

    @Slot(int, result=str)
    def idAt(self, row: int) -> str:
        return self._items[row].id if 0 <= row < len(self._items) else ""
