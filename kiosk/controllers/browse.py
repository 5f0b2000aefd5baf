"""The browse grid: one collection (kind), tag or "new", sorted new or popular.

Popular: the librarian's featured items first, then the rest by date — the
station keeps no per-visitor trail to rank by, and the featured flag is the
librarian's own judgement of what people ask for.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from library.catalog import Catalog, Item

from ..models.collections import NEW, tile_name
from ..models.items import ItemsModel

ORDERS = ("new", "popular")


class BrowseController(QObject):
    """What the browse screen shows; the grid is a paged `ItemsModel`."""

    changed = Signal()
    #: A new list (another collection, tag or order): the grid starts at its top. Not sent
    #: by `reload`, so a sync landing while a visitor scrolls leaves them where they were.
    restarted = Signal(bool)  # True when the collection changed (the tag strip starts over too)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._kind = NEW
        self._tag = ""
        self._order = "new"
        self.model = ItemsModel(parent=self)

    def _get_model(self) -> QObject:
        return self.model

    itemsModel = Property(QObject, _get_model, constant=True)

    def _get_kind(self) -> str:
        return self._kind

    kind = Property(str, _get_kind, notify=changed)

    def _get_tag(self) -> str:
        return self._tag

    tag = Property(str, _get_tag, notify=changed)

    def _get_order(self) -> str:
        return self._order

    order = Property(str, _get_order, notify=changed)

    def _get_title(self) -> str:
        return f"#{self._tag}" if self._tag else tile_name(self._kind)

    title = Property(str, _get_title, notify=changed)

    def _get_tags(self) -> list[str]:
        kind = None if self._kind == NEW else self._kind
        tags: dict[str, int] = {}
        for item in self._catalog.items(kind=kind, limit=400):
            for tag in item.tags:
                tags[tag] = tags.get(tag, 0) + 1
        return [t for t, _ in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))][:12]

    tags = Property("QStringList", _get_tags, notify=changed)

    @Slot(str)
    def show(self, kind: str) -> None:
        self._kind, self._tag = kind or NEW, ""
        self._load()
        self.restarted.emit(True)

    @Slot(str)
    def showTag(self, tag: str) -> None:
        self._tag = tag
        self._load()
        self.restarted.emit(False)

    @Slot()
    def reload(self) -> None:
        """The same collection or tag again, as the catalog holds it now."""
        self._load()

    @Slot(str)
    def setOrder(self, order: str) -> None:
        if order in ORDERS and order != self._order:
            self._order = order
            self._load()
            self.restarted.emit(False)

    def _load(self) -> None:
        kind = None if self._kind == NEW else self._kind
        tag = self._tag or None
        catalog = self._catalog

        def total() -> int:
            return catalog.count(kind=kind, tag=tag)

        if self._order == "new":
            def fetch(limit: int, offset: int) -> list[Item]:
                return catalog.items(kind=kind, tag=tag, order="new", limit=limit, offset=offset)
        else:
            featured = len(catalog.items(kind=kind, tag=tag, featured=True))

            def fetch(limit: int, offset: int) -> list[Item]:
                out: list[Item] = []
                if offset < featured:
                    out = catalog.items(kind=kind, tag=tag, featured=True, limit=limit,
                                        offset=offset)
                rest = limit - len(out)
                if rest > 0:
                    out += catalog.items(kind=kind, tag=tag, featured=False, limit=rest,
                                         offset=max(0, offset - featured))
                return out

        self.model.set_source(fetch, total)
        self.changed.emit()
