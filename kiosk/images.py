"""Image providers: covers from the object store, pages from the document engine.

Why providers and not file URLs: covers live under content hashes the QML
must not build paths for, and pages arrive as raw pixel bytes (never PNG on
the hot path) that become a `QImage` once and are handed to QML by key.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtQuick import QQuickImageProvider

from library.formats import sniff_suffix

if TYPE_CHECKING:
    from library.documents.api import RenderedPage


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


#: Qt's names for the image formats a cover can have (the core reads which from the bytes).
_QT_FORMATS = {".png": b"PNG", ".jpg": b"JPEG", ".webp": b"WEBP"}


def load_image(path: Path, requested: QSize | None = None) -> QImage:
    """A cover decoded at the size it is shown: `requested` is a width, a height or both
    (the image fits it, aspect kept); a null image if the file cannot be read.

    - The format is named (read from the first bytes by the core): store
      objects have no file ending, and told nothing, Qt loads every image
      plugin (PDF and SVG among them) to ask each whether it can read the file.
    - `QImageReader` decodes and scales in one call that lets go of the
      interpreter; `QImage.fromData` and `smoothScaled` hold it, and the GUI
      thread then waits for every cover decoded off it.
    - A cover the size it is shown is drawn 1:1 in every frame, never rescaled.
    - Sized here rather than with `Qt.AspectRatioMode`: covers load while the
      first frame is drawn, and the first use of PySide's `Qt` namespace builds
      all its enums (~25 ms).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return QImage()
    reader = QImageReader(str(path), QByteArray(_QT_FORMATS.get(sniff_suffix(head) or "", b"")))
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


class CoverProvider(QQuickImageProvider):
    """`image://cover/<sha256>`: an item's cover from the object store (small PNG/JPEG)."""

    LIMIT = 80  # covers at shelf size are ~0.5 MB decoded; QML keeps its own cache too

    def __init__(self, locate: Callable[[str], Path | None]) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._locate = locate
        self._cache: OrderedDict[str, QImage] = OrderedDict()

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        key = f"{image_id}@{requested.width()}x{requested.height()}"
        image = self._cache.get(key)
        if image is None:
            path = self._locate(image_id)
            image = load_image(path, requested) if path is not None else QImage()
            self._cache[key] = image
            if len(self._cache) > self.LIMIT:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        if not image.isNull():
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image


class PosterProvider(QQuickImageProvider):
    """`image://poster/<item id>`: page 1 rendered at the size shown (the attract loop).

    A cover is a small thumbnail; on a full screen it looks blurred. Used with
    `Image.asynchronous`, so Qt calls this off the GUI thread while the
    document worker renders; anything that cannot be rendered falls back to
    the cover.
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
    """`image://page/<key>`: page images the reader put here by key (a small LRU)."""

    LIMIT = 8  # the page, its neighbours, a zoomed render and a few thumbnails

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._images: OrderedDict[str, QImage] = OrderedDict()

    def put(self, key: str, image: QImage) -> str:
        """Store `image`; return its QML source URL."""
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > self.LIMIT:
            self._images.popitem(last=False)
        return f"image://page/{key}"

    def has(self, key: str) -> bool:
        return key in self._images

    def url(self, key: str) -> str:
        """The URL of an image already here (marks it recently used)."""
        self._images.move_to_end(key)
        return f"image://page/{key}"

    def clear(self) -> None:
        self._images.clear()

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        image = self._images.get(image_id, QImage())
        if not image.isNull():
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
