"""The hand-off card on the detail screen: both codes readable on small screens too.

A phone camera at arm's length from a kiosk screen needs a few pixels a
module: the card keeps both its codes (the item's link and the Wi-Fi join
code) at least four pixels a module at 1366×768, 768×1366 and 1920×1080,
and wraps its text rather than pushing anything off the card. Read back with
zbarimg from a grab of the real window, as a phone would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths
from tests.unit.handoff.zbar import assert_holds_exactly

pytestmark = pytest.mark.ui

SIZES = [(1366, 768), (768, 1366), (1920, 1080)]
SSID = "Café sách xã An Bình"
WIFI = "WIFI:T:WPA;S:Café sách xã An Bình;P:doc\\;sach;;"
MIN_CELL = 4


def _module_px(code) -> int:
    """Whole pixels a module gets from the item's size and the code's module count."""
    modules = len(code.property("rows"))
    assert modules >= 21 + 8  # the smallest code plus its quiet zone
    cell = int(min(code.width(), code.height()) // modules)
    assert code.property("cell") == cell
    return cell


def test_both_codes_get_four_px_a_module_and_read_back(
        qtbot, data_paths: DataPaths, catalog: Catalog, make_pdf, tmp_path: Path) -> None:
    from PySide6.QtCore import QRectF

    from kiosk.app import KioskApp, find_item
    from kiosk.handoff import install

    item = catalog.add_file(make_pdf("so-tay.pdf", ["Trang một."]), item_id="so-tay").item
    config = Config.load(data_paths.config_file)
    config.set("wifi", "address", "10.42.0.1")
    config.set("wifi", "ssid", SSID)
    config.set("wifi", "password", "doc;sach")
    app = KioskApp(catalog, config=config, paths=data_paths)
    try:
        install(app, serve=False)
        for width, height in SIZES:
            app.show(fullscreen=False, size=(width, height))
            qtbot.waitUntil(lambda w=width, h=height: (app.window.width(),
                                                       app.window.height()) == (w, h),
                            timeout=5_000)
            qtbot.waitUntil(app.screens_ready, timeout=20_000)
            app.visit.openItem(item.id)
            qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "wifiQr") is not None,
                            timeout=10_000)
            root = app.window.contentItem()
            codes = [find_item(root, "handoffQr"), find_item(root, "wifiQr")]
            qtbot.waitUntil(lambda c=codes: all(q.isVisible() and q.property("modules") > 0
                                                for q in c), timeout=5_000)
            qtbot.wait(650)  # the screen transition, then a frame for the scene graph
            where = f"{width}×{height}"
            for code in codes:
                assert _module_px(code) >= MIN_CELL, (where, code.objectName())
            # Nothing of the card leaves the window: its text wraps instead.
            hint = find_item(root, "wifiHint")
            assert hint is not None and hint.isVisible()
            card = codes[0].parentItem().parentItem()  # Flow → Handoff.qml's root
            for part in (*codes, hint):
                box = part.mapRectToItem(card, QRectF(0, 0, part.width(), part.height()))
                assert box.left() >= 0 and box.right() <= card.width() + 0.5, (where, box)
                scene = part.mapRectToScene(QRectF(0, 0, part.width(), part.height()))
                assert scene.right() <= width + 0.5, (where, part.objectName(), scene)
            assert hint.property("lineCount") >= 1 and not hint.property("truncated")
            shot = tmp_path / f"detail-{width}x{height}.png"
            assert app.window.grabWindow().save(str(shot))
            assert_holds_exactly(shot, [f"http://10.42.0.1:8765/i/{item.id}", WIFI])
            app.visit.home()
    finally:
        app.close()
        app.reader.shutdown()


def test_the_hint_beside_the_code_takes_the_room_it_has(
        qtbot, data_paths: DataPaths, catalog: Catalog, make_pdf) -> None:
    """1366×768, large text: the card was held to 1000 px at 1080 p (711 px here), so «Quét mã
    bằng camera điện thoại» broke before «thoại» with a third of the column empty beside it."""
    from kiosk.app import KioskApp, find_item
    from kiosk.handoff import install

    item = catalog.add_file(make_pdf("so-tay.pdf", ["Trang một."]), item_id="so-tay").item
    config = Config.load(data_paths.config_file)
    config.set("wifi", "address", "10.42.0.1")
    app = KioskApp(catalog, config=config, paths=data_paths)
    try:
        install(app, serve=False)
        app.show(fullscreen=False, size=(1366, 768))
        qtbot.waitUntil(lambda: (app.window.width(), app.window.height()) == (1366, 768),
                        timeout=5_000)
        qtbot.waitUntil(app.screens_ready, timeout=20_000)
        app.display.largeText = True
        app.visit.openItem(item.id)
        root = app.window.contentItem()
        qtbot.waitUntil(lambda: find_item(root, "handoffHint") is not None, timeout=10_000)
        hint = find_item(root, "handoffHint")
        qtbot.waitUntil(lambda: hint.isVisible() and hint.property("text") != "", timeout=5_000)
        qtbot.wait(300)
        assert hint.property("lineCount") == 1, hint.property("text")
    finally:
        app.close()
        app.reader.shutdown()
