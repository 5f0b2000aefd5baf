"""`image://qr/<url-encoded text>`: a QR code painted from `library.qr`'s raw matrix.

The default filler of the detail screen's handoff slot uses it to show the
item's public URL until the phone-handoff part puts its own component there.
Both encode through `qr_code`, so a payload shown by either is encoded once.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

if TYPE_CHECKING:
    from library.qr import QrCode

log = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def qr_code(payload: str) -> QrCode:
    """Codes are immutable: an item shown again is not encoded again.

    `library.qr` (and qrcode with it) is imported on first use, not at start-up.
    """
    from library.qr import make_qr

    return make_qr(payload)


def qr_image(text: str, size: int = 480) -> QImage:
    """A square QImage of `text`'s QR code (quiet zone included); null if none can be made."""
    matrix = qr_code(text).matrix
    modules = len(matrix)
    if not modules:
        return QImage()
    scale = max(1, size // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * scale, y * scale, scale, scale)
    painter.end()
    return image


class QrProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        text = unquote(image_id)
        image = qr_image(text, max(requested.width(), 240)) if text else QImage()
        if not image.isNull():
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
