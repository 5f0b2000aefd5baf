"""A document of page pictures alone (a scan) offers no «Nghe» in the reader: it could only
say, page after page, that there is nothing to read. A document with words does."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from library.errors import NotFound

from .conftest import item, settle
from .test_reader import put_book
from .test_reader_find_words import put_scanned

pytestmark = pytest.mark.ui

STAND_IN = """import QtQuick
Item { objectName: "listenStandIn"; property var item; property int page; property bool compact
       width: 40; height: 40 }
"""


def test_no_listen_button_on_a_document_without_words(kiosk, make_pdf, tmp_path: Path,
                                                      qtbot) -> None:
    from PySide6.QtCore import QUrl

    stand_in = tmp_path / "Listen.qml"
    stand_in.write_text(STAND_IN, encoding="utf-8")
    kiosk.slots.set_source("listen", QUrl.fromLocalFile(str(stand_in)))
    put_scanned(kiosk, make_pdf, tmp_path)
    put_book(kiosk, make_pdf, "co-chu", "Có chữ", ["Nước sạch cho thôn bản."])
    try:
        for item_id, offered in (("ban-chup", False), ("co-chu", True), ("ban-chup", False)):
            kiosk.visit.read(item_id, 1)
            qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
            settle()
            slot = item(kiosk, "readerListenSlot")
            assert (slot.property("item") is not None) is offered, item_id
            assert kiosk.reader.hasText is offered
    finally:
        kiosk.visit.home()
        kiosk.slots.set_source("listen", QUrl())
        for item_id in ("ban-chup", "co-chu"):
            with contextlib.suppress(NotFound):
                kiosk.catalog.remove(item_id)


def test_the_detail_screen_offers_no_listen_for_a_document_without_words(
        kiosk, make_pdf, tmp_path: Path, qtbot) -> None:
    """The detail screen asks the same question as the reader: a scan's «Nghe» there
    could only fail."""
    put_scanned(kiosk, make_pdf, tmp_path)
    put_book(kiosk, make_pdf, "co-chu", "Có chữ", ["Nước sạch cho thôn bản."])
    try:
        for item_id, offered in (("ban-chup", False), ("co-chu", True)):
            kiosk.visit.openItem(item_id)
            qtbot.waitUntil(lambda item_id=item_id: kiosk.visit.detail.get("itemId") == item_id,
                            timeout=5000)
            assert kiosk.visit.detail["hasText"] is offered, item_id
    finally:
        kiosk.visit.home()
        for item_id in ("ban-chup", "co-chu"):
            with contextlib.suppress(NotFound):
                kiosk.catalog.remove(item_id)
