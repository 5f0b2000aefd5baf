"""Images for QML: covers as files, pages and posters from the document engine.

Covers are file URLs the models hand to QML (`CoverFiles`): the QML never
builds a path, and Qt decodes them on its loader thread without Python.
Pages arrive as raw pixel bytes (never PNG on the hot path) that become a
`QImage` once and are handed to QML by key through a provider; providers
are only ever called on the GUI thread (no `asynchronous` image uses them,
see `CoverFiles` for why).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtQuick import QQuickImageProvider

from library.errors import LibraryError

if TYPE_CHECKING:
    from library.documents.api import RenderedPage
    from library.objects import ObjectStore


_FORMATS = {
    "RGB888": QImage.Format.Format_RGB888,
    "RGBA8888": QImage.Format.Format_RGBA8888,
}


def page_image(page: RenderedPage) -> QImage:
    """The engine's bytes as a QImage that owns its pixels, in the format Qt paints fastest.

    The conversion (to 32-bit RGB, or premultiplied ARGB when the page has
    alpha) is the one copy; done when a page arrives, not when it is shown.
    """
    fmt = _FORMATS.get(page.format)
    if fmt is None:
        raise ValueError(f"unknown pixel format {page.format!r}")
    target = (QImage.Format.Format_ARGB32_Premultiplied if page.format == "RGBA8888"
              else QImage.Format.Format_RGB32)
    return QImage(page.data, page.width, page.height, page.stride, fmt).convertToFormat(target)


def load_image(path: Path, requested: QSize | None = None) -> QImage:
    """A cover file (`CoverFiles.path`, named with its ending) decoded at the size it is
    shown (the poster's fallback): `requested` is a width, a height or both (the image
    fits it, aspect kept); null if unreadable.

    Sized without `Qt.AspectRatioMode`: the first use of PySide's `Qt`
    namespace builds all its enums (~25 ms).
    """
    reader = QImageReader(str(path))
    have = reader.size()
    if requested is not None and have.width() > 0 and have.height() > 0:
        factors = [want / full for want, full in ((requested.width(), have.width()),
                                                  (requested.height(), have.height()))
                   if want > 0]
        if factors:
            scale = min(factors)
            reader.setScaledSize(QSize(max(1, round(have.width() * scale)),
                                       max(1, round(have.height() * scale))))
    return reader.read()


class CoverFiles:
    """Covers as file URLs that Qt's image loader reads on its own thread, with no Python.

    Why not an image provider: Qt calls an asynchronous provider on its
    loader thread while holding a lock that the GUI thread takes to start the
    next image. A Python provider must first take the interpreter there; if
    the GUI thread holds the interpreter while it starts an image (any model
    change or property set from Python can do that), each waits for the other
    for ever. Files need no Python, so covers load fully in parallel.

    The store names each cover with its file ending (a hard link), so Qt
    picks the decoder by name instead of asking every image plugin.
    """

    def __init__(self, store: ObjectStore | None = None) -> None:
        self._store = store

    def path(self, sha256: str | None) -> Path | None:
        """A cover's file, named with its ending (None when there is none).

        Asked again each time (a few system calls, when a delegate is made):
        a sync may remove a cover and bring it back, and its link with it.
        """
        if not sha256 or self._store is None:
            return None
        try:
            return self._store.named(sha256)
        except LibraryError:
            return None

    def url(self, sha256: str | None) -> str:
        """The QML source of a cover ("" when there is none)."""
        path = self.path(sha256)
        return QUrl.fromLocalFile(str(path)).toString() if path is not None else ""


class PosterProvider(QQuickImageProvider):
    """`image://poster/<item id>`: page 1 rendered at the size shown (the attract loop).

    A cover is a small thumbnail; on a full screen it looks blurred. Called on
    the GUI thread for the slide being shown (a first render waits for the
    document worker, ~50 ms, then the poster is kept); anything that cannot
    be rendered falls back to the cover.
    """

    LIMIT = 12

    def __init__(self, render: Callable[[str, int, int], QImage | None],
                 cover: Callable[[str], Path | None]) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._render = render
        self._cover = cover
        self._cache: OrderedDict[str, QImage] = OrderedDict()

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        width = requested.width() if requested.width() > 0 else 1080
        height = requested.height() if requested.height() > 0 else 1080
        key = f"{image_id}@{width}x{height}"
        image = self._cache.get(key)
        if image is None:
            image = self._render(image_id, width, height)
            if image is None or image.isNull():
                path = self._cover(image_id)
                image = load_image(path, requested) if path is not None else QImage()
            if image.isNull():  # nothing to show: a transparent pixel, never an error
                image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(0)  # premultiplied zero: transparent
            self._cache[key] = image
            while len(self._cache) > self.LIMIT:
                self._cache.popitem(last=False)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class PageProvider(QQuickImageProvider):
    """`image://page/<key>`: page images the reader put here by key (a small LRU).

    The bands of a tall page are kept apart (`pinned`): as many as are near
    the visitor's view, however many that is, until the reader drops them —
    the LRU of whole pages never pushes out the band being looked at.
    """

    LIMIT = 8  # the page, its neighbours, a zoomed render and a few thumbnails

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._pinned: dict[str, QImage] = {}

    def put(self, key: str, image: QImage, *, pinned: bool = False) -> str:
        """Store `image`; return its QML source URL. A pinned image stays until `drop`."""
        if pinned:
            self._pinned[key] = image
            return f"image://page/{key}"
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > self.LIMIT:
            self._images.popitem(last=False)
        return f"image://page/{key}"

    def drop(self, key: str) -> None:
        """Let go of an image (a band far from the view)."""
        self._pinned.pop(key, None)
        self._images.pop(key, None)

    def pinned_count(self) -> int:
        """How many pinned images are held (the bands near the view)."""
        return len(self._pinned)

    def has(self, key: str) -> bool:
        return key in self._images or key in self._pinned

    def url(self, key: str) -> str:
        """The URL of an image already here (marks it recently used)."""
        if key in self._images:
            self._images.move_to_end(key)
        return f"image://page/{key}"

    def clear(self) -> None:
        self._images.clear()
        self._pinned.clear()

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        image = self._images.get(image_id)
        if image is None:
            image = self._pinned.get(image_id, QImage())
        if not image.isNull():
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
