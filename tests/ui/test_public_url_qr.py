"""The detail screen's default handoff slot: a QR code of the item's public URL.

Drawn by the same `QrCode.qml` as the phone-handoff card, and read back with
zbarimg from a grab of the real window, as a phone camera would. The address
is coded as a URI, as `cafesach qr` codes it: a phone's camera takes a code's
text for a link only up to its first space.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths
from tests.unit.handoff.zbar import decode

pytestmark = pytest.mark.ui

URL = "https://thuvien.example.vn/tai-lieu/so-tay-dang-vien?trang=1"
#: As a publisher writes it, with Vietnamese letters and spaces …
WRITTEN = "https://thư-viện.example.vn/tài liệu/sổ tay đảng viên.pdf?trang=1"
#: … and as the code must hold it (IDNA host, percent-encoded UTF-8).
URI = ("https://xn--th-vin-4zb3960d.example.vn/t%C3%A0i%20li%E1%BB%87u/"
       "s%E1%BB%95%20tay%20%C4%91%E1%BA%A3ng%20vi%C3%AAn.pdf?trang=1")


def test_public_url_qr_reads_back_and_is_absent_without_a_url(
        qtbot, data_paths: DataPaths, catalog: Catalog, make_pdf, tmp_path: Path) -> None:
    from kiosk.app import KioskApp, find_item

    with_url = catalog.update(catalog.add_file(make_pdf("co-link.pdf", ["Trang một."])).item.id,
                              public_url=WRITTEN)
    without = catalog.add_file(make_pdf("khong-link.pdf", ["Trang hai."])).item
    app = KioskApp(catalog, paths=data_paths)
    try:
        app.show(fullscreen=False, size=(1920, 1080))
        qtbot.waitUntil(app.screens_ready, timeout=20_000)

        app.visit.openItem(with_url.id)
        qtbot.waitUntil(lambda: (find_item(app.window.contentItem(), "publicUrlQr")
                                 is not None), timeout=10_000)
        qr = find_item(app.window.contentItem(), "publicUrlQr")
        qtbot.waitUntil(lambda: qr.isVisible() and qr.property("modules") > 0, timeout=5_000)
        qtbot.wait(100)  # one frame for the scene graph
        shot = tmp_path / "detail.png"
        assert app.window.grabWindow().save(str(shot))
        assert decode(shot) == URI

        app.visit.openItem(without.id)
        qtbot.waitUntil(lambda: app.visit.detail["itemId"] == without.id, timeout=5_000)
        qtbot.waitUntil(lambda: not qr.isVisible() or qr.property("modules") == 0,
                        timeout=5_000)
        assert app.visit.qrRows("") == []
        too_long = URL + "&ghi-chu=" + "x" * 4000  # more than any code holds
        assert app.visit.qrRows(too_long) == []  # no code rather than a link cut short
        from kiosk.qr import qr_code

        assert app.visit.qrRows(URL) == list(qr_code(URL).rows)  # a URI already: as it is
        assert app.visit.qrRows("thuvien.example.vn/tai-lieu") == []  # no web address
    finally:
        app.close()
        app.reader.shutdown()
