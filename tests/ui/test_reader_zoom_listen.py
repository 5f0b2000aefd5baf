"""Read aloud on a zoomed-in page: the spoken word stays in view, as on a tall poster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.catalog import Item

from .conftest import item, settle
from .test_reader_tall import _listen_stand_in, _word_box

pytestmark = pytest.mark.ui

WORDS = {(40, 60): "dautien", (330, 570): "cuoicung", (60, 90): "thuhai"}


@pytest.fixture
def listen(kiosk) -> Iterator:
    player = _listen_stand_in()
    kiosk.engine.rootContext().setContextProperty("listenPlayer", player)
    yield player
    player.speak("", 0, [])
    kiosk._listen_stand_in = player  # stays the context's object until the module's end


@pytest.fixture
def page_pdf(kiosk, tmp_path: Path) -> Iterator[Path]:
    """An A4 page with a word near its top left, one near its bottom right."""
    import pymupdf

    pdf = tmp_path / "doc-to.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    for (x, y), word in WORDS.items():
        page.insert_text((x, y), word, fontsize=12)
    doc.save(pdf)
    sha, size = kiosk.catalog.objects.add_file(pdf)
    kiosk.catalog.put(Item(id="doc-to", title="Đọc to khi phóng to", kind="book", sha256=sha,
                           size=size, page_count=1, media_type="application/pdf",
                           filename=pdf.name), [" ".join(WORDS.values())])
    yield pdf
    kiosk.visit.home()
    kiosk.catalog.remove("doc-to")


def _in_view(kiosk, word_box: dict[str, float]) -> bool:
    from PySide6.QtCore import QPointF

    flick, image = item(kiosk, "pageFlick"), item(kiosk, "pageImage")
    left = (image.width() - image.property("paintedWidth")) / 2
    top = (image.height() - image.property("paintedHeight")) / 2
    corner = image.mapToItem(flick, QPointF(left + word_box["x"] * image.property("paintedWidth"),
                                            top + word_box["y"] * image.property("paintedHeight")))
    far = image.mapToItem(flick, QPointF(
        left + (word_box["x"] + word_box["w"]) * image.property("paintedWidth"),
        top + (word_box["y"] + word_box["h"]) * image.property("paintedHeight")))
    return (corner.x() >= 0 and far.x() <= flick.width()
            and corner.y() >= 0 and far.y() <= flick.height())


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_the_spoken_word_is_kept_in_view_on_a_zoomed_page(kiosk, qtbot, listen, page_pdf,
                                                          size: tuple[int, int]) -> None:
    kiosk.window.resize(*size)
    kiosk.visit.read("doc-to", 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1 and kiosk.reader.pageImage != "",
                    timeout=20000)
    settle()
    flick = item(kiosk, "pageFlick")
    first, last = _word_box(page_pdf, "dautien"), _word_box(page_pdf, "cuoicung")
    listen.speak("doc-to", 1, [last])  # the page's own size: all of it is in view
    settle()
    assert (flick.property("contentX"), flick.property("contentY")) == (0, 0)
    kiosk.reader.zoom = 3.0
    settle()
    assert not _in_view(kiosk, last)  # zoomed about the middle: the corner is off screen
    listen.speak("doc-to", 1, [last])
    settle()
    assert _in_view(kiosk, last)
    listen.speak("doc-to", 1, [first])  # back up to the top left
    settle()
    assert _in_view(kiosk, first)
    shown = flick.property("contentX"), flick.property("contentY")
    listen.speak("doc-to", 1, [_word_box(page_pdf, "thuhai")])  # the next word is in view
    settle()
    assert (flick.property("contentX"), flick.property("contentY")) == shown
    listen.speak("doc-to", 2, [last])  # another page's word: this page stays
    settle()
    assert (flick.property("contentX"), flick.property("contentY")) == shown
