"""A document page read aloud in the real kiosk: its spoken words are boxed on the page image."""

from __future__ import annotations

import pytest

from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths

pytestmark = pytest.mark.ui


def test_page_words_light_up_on_the_page_image(qtbot, data_paths: DataPaths, catalog: Catalog,
                                               make_pdf) -> None:
    from PySide6.QtQuick import QQuickItem

    from kiosk.app import KioskApp
    from kiosk.audio import install

    pdf = make_pdf("so-tay.pdf", ["Trang một.", "Đảng viên gương mẫu trong chuyển đổi số."],
                   title="Sổ tay")
    item = catalog.add_file(pdf).item
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app)
    try:
        app.show(fullscreen=False, size=(1280, 800))
        app.visit.read(item.id, 2)
        qtbot.waitUntil(lambda: app.reader.page == 2 and app.reader.pageImage != "",
                        timeout=20_000)
        audio.listen.playPage(item.id, 2)
        qtbot.waitUntil(lambda: audio.listen.currentWord == "chuyển", timeout=20_000)
        assert "Đảng viên gương mẫu" in audio.listen.text  # the page's own words
        [box] = audio.listen.wordBoxes
        assert 0 < box["x"] < 1 and 0 < box["y"] < 1 and 0 < box["w"] < 0.5
        page = app.window.findChild(QQuickItem, "pageImage")
        layer = page.findChild(QQuickItem, "spokenWordBoxes")
        assert layer is not None
        qtbot.waitUntil(lambda: any(c.objectName() == "spokenWordBox"
                                    for c in layer.childItems()), timeout=2_000)
        audio.listen.stop()
        assert audio.listen.wordBoxes == []
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()
