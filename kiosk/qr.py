"""QR codes for the kiosk's QML, as rows of "0"/"1" that `QrCode.qml` draws.

The phone-handoff part and the detail screen's default slot (the item's
public URL) both encode through `qr_code`, so a payload shown by either is
encoded once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from library.qr import QrCode


@lru_cache(maxsize=256)
def qr_code(payload: str) -> QrCode:
    """Codes are immutable: an item shown again is not encoded again.

    `library.qr` (and qrcode with it) is imported on first use, not at start-up.
    """
    from library.qr import make_qr

    return make_qr(payload)
