"""One visitor's way through the station: the slots QML calls to move around.

Why one object: every path (a tap, the tour, the idle reset) opens items and
changes screens through the same few methods, so statistics and history are
counted in one place — an item view when the detail screen opens, a search
when a result is opened.

The detail map also says whether the item has any text (`hasText`, the one rule
of `library.words.has_text`): an empty bulletin offers no "Nghe" (it could only
fail) and says it has no content.
The attract loop shows pictures: an item with neither a cover nor a first
page to draw would be an empty dark slide with a title, so it is left out.

An item can go while it is on screen: a librarian removes or hides it from
the terminal, an import drops it. A tap on it then finds nothing, and a card
that answers no tap looks broken; so a detail screen of it steps back and
`itemGone` asks the app to load every list again (`KioskApp.reload_lists`:
the card disappears, the tiles' counts follow).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from library.catalog import Catalog, Item
from library.errors import NotFound
from library.stats import NullSink, StatsSink
from library.words import has_text

from ..models.items import ItemsModel, item_map, poster_url
from ..models.tags import TagsModel
from .browse import BrowseController
from .navigation import Navigation
from .reader import ReaderController
from .search import SearchController

#: The featured shelf's first rows (and each further page as it is scrolled along).
SHELF_PAGE = 24


class Visit(QObject):
    """Moves between screens and keeps the detail screen's item."""

    detailChanged = Signal()
    attractChanged = Signal()
    #: A tapped item was no longer there (removed or hidden meanwhile): the lists are stale.
    itemGone = Signal(str)

    def __init__(self, catalog: Catalog, nav: Navigation, browse: BrowseController,
                 search: SearchController, reader: ReaderController, *,
                 stats: StatsSink | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.nav, self.browse, self.search, self.reader = nav, browse, search, reader
        self._stats: StatsSink = stats or NullSink()
        self._detail: Item | None = None
        self._detail_has_text = False
        self._start_page = 0  # the page a search hit was on, for the detail's "Đọc"
        self.featured = ItemsModel(page_size=SHELF_PAGE, parent=self)
        self.newest = ItemsModel(parent=self)
        self.attract_items = ItemsModel(parent=self)
        self.detail_tags = TagsModel(self)  # the detail screen's tag chips, kept in place
        self.detailChanged.connect(
            lambda: self.detail_tags.set_tags(list(self._detail.tags) if self._detail else []))
        self.refresh()

    def refresh(self) -> None:
        """Reload the home shelves (after an import or sync)."""
        self.show_home(home_lists(self._catalog))

    def show_home(self, lists: HomeLists) -> None:
        """Put home shelves read beforehand (`home_lists`, maybe on the task thread) on screen.

        The featured shelf holds every item the librarian featured, read a page at a time
        as the visitor scrolls along it: a shelf cut at its first page hid the rest of
        the librarian's picks (40 featured, 24 shown) with no way to reach them."""
        catalog = self._catalog
        self.featured.set_source(
            lambda limit, offset: catalog.items(featured=True, limit=limit, offset=offset),
            None, first=lists.featured, known_total=lists.featured_total)
        self.newest.set_items(lists.newest)
        self.attract_items.set_items(lists.attract)
        self.attractChanged.emit()

    def _p_featured(self) -> QObject:
        return self.featured

    featuredModel = Property(QObject, _p_featured, constant=True)

    def _p_newest(self) -> QObject:
        return self.newest

    newestModel = Property(QObject, _p_newest, constant=True)

    def _p_attract(self) -> QObject:
        return self.attract_items

    attractModel = Property(QObject, _p_attract, constant=True)

    def _p_detail_tags(self) -> QObject:
        return self.detail_tags

    #: The detail item's tags as a model that changes in place: a new list for each
    #: item made the screen destroy its chips each time, and Qt leaves memory behind
    #: for each one destroyed.
    detailTagsModel = Property(QObject, _p_detail_tags, constant=True)

    def _p_detail(self) -> dict[str, Any]:
        if self._detail is None:
            return {}
        return {**item_map(self._detail), "startPage": self._start_page,
                "hasText": self._detail_has_text}

    detail = Property("QVariantMap", _p_detail, notify=detailChanged)

    @Slot(str, result=list)
    def qrRows(self, url: str) -> list[str]:
        """The QR code of the web address `url` as rows of "0"/"1" (quiet zone included)
        for `QrCode.qml`.

        The address goes into the code as a URI (`links.web_address`: IDNA host,
        percent-encoded path), as in `cafesach qr`: a phone's camera takes a code's
        text for a link only up to its first space. None for what is no http(s)
        address, or one too long for a code: cut short, it would open nothing."""
        from library.handoff.links import web_address
        from library.qr import fits_whole

        from ..qr import qr_code

        address = web_address(url)
        return list(qr_code(address).rows) if address and fits_whole(address) else []

    def _item(self, item_id: str) -> Item | None:
        try:
            item = self._catalog.get(item_id)
        except NotFound:
            item = None
        if item is None or item.hidden:
            self.gone(item_id)
            return None
        return item

    def gone(self, item_id: str) -> None:
        """The item was removed or hidden since it was listed: leave its detail screen and
        say so, so that the lists are loaded as they are now. Also what «Nghe» finds
        (`ListenPlayer.itemGone`): a tap on it answers as a tap on «Đọc» does."""
        if self._detail is not None and self._detail.id == item_id:
            self._detail = None
            self.detailChanged.emit()
            if self.nav.screen == "detail":
                self.nav.back()
        self.itemGone.emit(item_id)

    @Slot(str)
    def openCollection(self, key: str) -> None:
        self.browse.show(key)
        self.nav.go("browse")

    @Slot(str)
    def openTag(self, tag: str) -> None:
        """A chip of the browse screen's tag strip: that tag within the collection shown."""
        self.browse.showTag(tag)
        self.nav.go("browse")

    @Slot(str)
    def openItemTag(self, tag: str) -> None:
        """A tag on the detail screen: every item with it, whatever collection was browsed."""
        self.browse.showTagEverywhere(tag)
        self.nav.go("browse")

    @Slot()
    def openSearch(self) -> None:
        self.nav.go("search")

    @Slot(str)
    def openItem(self, item_id: str, start_page: int = 0) -> None:
        """The detail screen of an item (counts one view); `start_page` for "Đọc"."""
        item = self._item(item_id)
        if item is None:
            return
        self._set_detail(item)
        self._start_page = start_page
        self.detailChanged.emit()
        self._stats.item_viewed(item.id)
        self.nav.go("detail")

    @Slot(str, int)
    def read(self, item_id: str, page: int = 0) -> None:
        """Open the item in the reader (at `page`, or where this visitor left it)."""
        item = self._item(item_id)
        if item is None:
            return
        if self._detail is None or self._detail.id != item.id:
            self._set_detail(item)
            self.detailChanged.emit()
            self._stats.item_viewed(item.id)
        self.reader.open(item, page)
        self.nav.go("reader")

    def _set_detail(self, item: Item) -> None:
        """The detail screen's item, and (read once here, not per binding) whether it has text."""
        self._detail = item
        self._detail_has_text = has_text(self._catalog, item)

    @Slot(int)
    def openHit(self, row: int) -> None:
        """A search result was tapped: count the search, open the item at the hit's page."""
        hit = self.search.hitAt(row)
        if not hit:
            return
        self.search.commit()
        self.openItem(hit["itemId"], hit["page"])

    @Slot()
    def back(self) -> None:
        if self.nav.screen == "reader":
            self.reader.close()
        self.nav.back()

    @Slot()
    def home(self) -> None:
        if self.nav.screen == "reader":
            self.reader.close()
        self.nav.home()

    def forget(self) -> None:
        """The idle reset: nothing of this visitor stays on screen or in memory."""
        self.reader.forget()
        self.search.clear()
        self._detail = None
        self.detailChanged.emit()
        self.nav.home()


@dataclass(frozen=True)
class HomeLists:
    """The home screen's shelves and the attract loop, as read from one catalog."""

    featured: list[Item]  # the first page of the featured items
    newest: list[Item]
    attract: list[Item]
    featured_total: int = 0  # how many items are featured (the shelf reads on as it scrolls)


def home_lists(catalog: Catalog) -> HomeLists:
    """Read the home shelves and the attract loop. No Qt: `KioskApp.refresh_lists` runs it
    on the task thread, on a connection of its own, so a big catalog never stalls the screen."""
    newest = catalog.items(order="added", limit=24)
    from library.curation import attract_items

    chosen = attract_items(catalog)  # the librarian's choice, when there is one
    loop: dict[str, Item] = {}  # else infographics first, then the newest; each once
    for item in chosen or (catalog.items(kind="infographic", limit=12) + newest[:8]):
        if has_picture(item):
            loop.setdefault(item.id, item)
    featured = catalog.items(featured=True, limit=SHELF_PAGE)
    total = len(featured) if len(featured) < SHELF_PAGE else catalog.count(featured=True)
    return HomeLists(featured, newest, list(loop.values()), total)


def is_recording(item: Item) -> bool:
    """Whether "Nghe" plays the item's own recording (an audio item or a file sent as audio)."""
    return item.kind == "audio" or (item.media_type or "").startswith("audio/")


def has_sound(catalog: Catalog, item: Item) -> bool:
    """Whether a bulletin has anything to put on the air: a recording, or words to read.

    The one meaning of "an empty bulletin": the broadcaster skips one (it would only
    flash the banner and cut into the visitor's reading), and the schedule screen says
    so beside its slot and in the bulletin picker. Its words are `library.words.has_text`,
    the rule the detail screen, the reader and `ListenPlayer.playItem` follow too.
    """
    return is_recording(item) or has_text(catalog, item)


def has_picture(item: Item) -> bool:
    """Whether an attract slide for the item has something to show: a cover or a first page."""
    return poster_url(item) != ""
