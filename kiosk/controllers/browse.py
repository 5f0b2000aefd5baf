"""The browse grid: one collection (kind), tag or "new", sorted new or popular.

Popular: the librarian's featured items first, then the rest by date — the
station keeps no per-visitor trail to rank by, and the featured flag is the
librarian's own judgement of what people ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import Property, QObject, Signal, Slot

from library.catalog import Catalog, Item

from ..models.collections import NEW, tile_name
from ..models.items import PAGE_SIZE, Fetch, ItemsModel
from ..models.tags import TagsModel

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
        self.tags_model = TagsModel(self)

    def _get_model(self) -> QObject:
        return self.model

    itemsModel = Property(QObject, _get_model, constant=True)

    def _get_tags_model(self) -> QObject:
        return self.tags_model

    #: The tag strip's chips (the same tags as `tags`, changed in place).
    tagsModel = Property(QObject, _get_tags_model, constant=True)

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
        return self.tags_model.tags()

    tags = Property("QStringList", _get_tags, notify=changed)

    @Slot(str)
    def show(self, kind: str) -> None:
        self._kind, self._tag = kind or NEW, ""
        self._load(0)
        self.restarted.emit(True)

    @Slot(str)
    def showTag(self, tag: str) -> None:
        """The items of the collection shown now that carry `tag` (a chip of its tag strip)."""
        self._tag = tag
        self._load(0)
        self.restarted.emit(False)

    def showTagEverywhere(self, tag: str) -> None:
        """Every visible item carrying `tag`, of any collection (a tag on an item's page:
        the visitor asked for that tag, not for the collection the grid was left on,
        perhaps by the visitor before, which need not even hold the item)."""
        self._kind, self._tag = NEW, tag
        self._load(0)
        self.restarted.emit(True)

    @Slot()
    def reload(self) -> None:
        """The same collection or tag again, as the catalog holds it now: as many rows as
        are loaded, so that the grid keeps its place."""
        self._load(self.model.rowCount())

    @Slot(str)
    def setOrder(self, order: str) -> None:
        if order in ORDERS and order != self._order:
            self._order = order
            self._load(0)
            self.restarted.emit(False)

    def query(self) -> BrowseQuery:
        """What the grid lists now; `read_page` reads its first rows for it."""
        return BrowseQuery(self._kind, self._tag, self._order)

    def _load(self, rows: int) -> None:
        """Read the list's first `rows` (at least a page). A new list starts with one page:
        reading as many rows as the last list had scrolled through (thousands, in a
        province's collection) froze the screen for seconds and kept them all in memory."""
        self.show_page(read_page(self._catalog, self.query(), rows))

    def show_page(self, page: BrowsePage) -> bool:
        """Put a page read beforehand (maybe on the task thread) in the grid; False, and
        nothing changed, when the visitor has moved to another list since it was read."""
        if page.query != self.query():
            return False
        self.tags_model.set_tags(page.tags)
        fetch = fetcher(self._catalog, page.query, page.featured)
        self.model.set_source(fetch, None, first=page.first, known_total=page.total)
        self.changed.emit()
        return True


class BrowseQuery(NamedTuple):
    kind: str  # a kind, or NEW for every kind
    tag: str
    order: str


@dataclass(frozen=True)
class BrowsePage:
    """The first rows of one browse list and what the screen shows around them."""

    query: BrowseQuery
    first: list[Item]
    total: int
    featured: int  # featured items in the list (the "popular" order lists them first)
    tags: list[str]  # the tag strip: the commonest tags of the collection


def read_page(catalog: Catalog, query: BrowseQuery, rows: int = 0) -> BrowsePage:
    """Read the first `rows` (at least a page) of a browse list. No Qt: it runs on the task
    thread when a sync lands (`KioskApp.refresh_lists`), on the GUI thread otherwise."""
    kind = None if query.kind == NEW else query.kind
    tag = query.tag or None
    featured = (catalog.count(kind=kind, tag=tag, featured=True)
                if query.order == "popular" else 0)
    first = fetcher(catalog, query, featured)(max(PAGE_SIZE, rows), 0)
    return BrowsePage(query, first, catalog.count(kind=kind, tag=tag), featured,
                      top_tags(catalog, kind))


def top_tags(catalog: Catalog, kind: str | None) -> list[str]:
    """The dozen commonest tags among the collection's newest 400 items; tags as common
    in Vietnamese dictionary order (`sort_key`: «Đ…» after «D…», not after «Z…»)."""
    return [tag for tag, _ in catalog.tag_counts(kind=kind, newest=400)[:12]]


def fetcher(catalog: Catalog, query: BrowseQuery, featured: int) -> Fetch:
    """The model's `fetch(limit, offset)` for a list: by date, or the `featured` items first."""
    kind = None if query.kind == NEW else query.kind
    tag = query.tag or None
    if query.order == "new":
        def fetch(limit: int, offset: int) -> list[Item]:
            return catalog.items(kind=kind, tag=tag, order="new", limit=limit, offset=offset)
        return fetch

    def popular(limit: int, offset: int) -> list[Item]:
        out: list[Item] = []
        if offset < featured:
            out = catalog.items(kind=kind, tag=tag, featured=True, limit=limit, offset=offset)
        rest = limit - len(out)
        if rest > 0:
            out += catalog.items(kind=kind, tag=tag, featured=False, limit=rest,
                                 offset=max(0, offset - featured))
        return out
    return popular
