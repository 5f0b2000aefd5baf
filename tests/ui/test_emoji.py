"""Emoji in titles and bulletins: drawn in colour from the bundled emoji font.

Provincial posts carry "🎉 Chào mừng …", "📢 Thông báo", "⚠️": the bundled
Noto Sans has no emoji, so without the bundled emoji font they came out as
empty boxes. The kiosk registers it as Qt's emoji family and as the text
font's first fallback; Noto Sans stays the text font.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths, emoji_font_files, font_files

pytestmark = pytest.mark.ui

#: What provincial posts use most, and a few sequences (flag, keycap, skin tone, ZWJ).
EMOJI = ["🎉", "📢", "⚠", "❤", "👉", "✅", "📌", "🔥", "🇻🇳", "1️⃣", "👍🏽", "👨‍👩‍👧"]
TITLE = "🎉 Chào mừng Ngày Nhà giáo Việt Nam 20/11"


def _coloured(image, x0: int, y0: int, x1: int, y1: int) -> int:
    """Pixels in the box whose colour is clearly not a grey (text ink, boxes, paper)."""
    count = 0
    for y in range(max(0, y0), min(image.height(), y1)):
        for x in range(max(0, x0), min(image.width(), x1)):
            colour = image.pixelColor(x, y)
            if colour.hsvSaturation() > 120 and colour.value() > 60:
                count += 1
    return count


def test_bundled_emoji_font_covers_what_posts_use(qapp) -> None:
    from PySide6.QtGui import QRawFont

    files = emoji_font_files()
    assert len(files) == 1 and files[0] not in font_files()  # never a text font
    assert files[0].stat().st_size < 4_000_000  # the bundle's size budget
    assert (files[0].parent / "OFL.txt").is_file()
    raw = QRawFont(str(files[0]), 32)
    assert raw.isValid()
    for text in EMOJI:
        for ch in text.replace("\ufe0f", "").replace("\u200d", ""):  # joiners, selectors
            assert raw.supportsCharacter(ord(ch)), (text, ch)


def test_register_fonts_keeps_noto_sans_and_falls_back_to_emoji(qapp) -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont

    from kiosk.app import register_fonts

    family = register_fonts()
    assert family == "Noto Sans"
    emoji = QFontDatabase.applicationEmojiFontFamilies()
    assert "Noto Color Emoji" in emoji
    assert QFont.substitutes(family)[0].casefold() == "noto color emoji"
    register_fonts()  # a second kiosk in the same process adds nothing twice
    assert [s.casefold() for s in QFont.substitutes(family)].count("noto color emoji") == 1
    assert QFontDatabase.applicationEmojiFontFamilies().count("Noto Color Emoji") == 1
    noto_sans = QRawFont(str(font_files()[0]), 24)
    text = QFontMetrics(QFont(family, 24))
    for ch in ("🎉", "📢", "⚠"):
        assert not noto_sans.supportsCharacter(ord(ch)), ch  # Noto Sans itself has none …
        assert text.inFontUcs4(ord(ch)), ch  # … the text font with its fallback has them
    assert text.inFontUcs4(ord("ư"))


def test_title_with_emoji_draws_colour_on_the_detail_screen(
        qtbot, data_paths: DataPaths, catalog: Catalog, make_pdf, tmp_path: Path) -> None:
    from PySide6.QtCore import QRectF

    from kiosk.app import KioskApp

    item = catalog.add_file(make_pdf("nha-giao.pdf", ["Trang một."]), title=TITLE).item
    app = KioskApp(catalog, paths=data_paths)
    try:
        app.show(fullscreen=False, size=(1366, 768))
        qtbot.waitUntil(app.screens_ready, timeout=20_000)
        app.visit.openItem(item.id)
        qtbot.waitUntil(lambda: (app.find("detailTitle") is not None
                                 and app.find("detailTitle").property("text") == TITLE),
                        timeout=10_000)
        qtbot.wait(650)  # the screen transition, then a frame for the scene graph
        title = app.find("detailTitle")
        box = title.mapRectToScene(QRectF(0, 0, title.width(), title.height()))
        image = app.window.grabWindow()
        assert image.save(str(tmp_path / "detail.png"))
        height = int(title.property("font").pixelSize())
        x0, y0 = int(box.left()), int(box.top())
        # The first glyph (🎉) is about one em wide: full of colour, not an empty box.
        assert _coloured(image, x0, y0, x0 + height, y0 + int(height * 1.5)) > height * height // 8
        # The rest of the title is dark ink on paper, as before.
        assert _coloured(image, x0 + 2 * height, y0, int(box.right()), int(box.bottom())) == 0
    finally:
        app.close()
        app.reader.shutdown()


def test_fonts_selftest_checks_the_emoji_font(qapp, data_paths: DataPaths,
                                              monkeypatch) -> None:
    import kiosk.selftest_checks as kiosk_checks
    from library.selftest import run_checks

    [result] = run_checks(data_paths, ["fonts"])
    assert result.ok, result.detail
    assert "emoji from NotoColorEmoji-Compact.ttf" in result.detail
    monkeypatch.setattr(kiosk_checks, "emoji_font_files", lambda: [])  # an install without it
    [result] = run_checks(data_paths, ["fonts"])
    assert not result.ok and "emoji" in result.detail
