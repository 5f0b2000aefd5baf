"""A bulletin filed as a sound file (`cafesach add tin.wav --kind bulletin`) is a recording:
its detail screen and the reader offer its "Nghe" and say it is a recording, never that the
bulletin "has no content". A text bulletin keeps its text; an empty one still says so."""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from library.catalog import Catalog, Item
from library.paths import DataPaths

from .audio.harness import close_kiosk

pytestmark = pytest.mark.ui

EMPTY_LINE = "Bản tin chưa có nội dung"


def _tone(path: Path, seconds: float = 2.0, rate: int = 16_000) -> Path:
    """A short mono WAV (a 440 Hz tone), written at test time."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (int(8000 * math.sin(2 * math.pi * 440 * i / rate))
                   for i in range(int(seconds * rate)))
        out.writeframes(b"".join(struct.pack("<h", v) for v in samples))
    return path


@pytest.fixture(scope="module")
def station(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A kiosk with its audio part and three bulletins: recorded, text and empty."""
    from kiosk.app import KioskApp
    from kiosk.audio import install
    from kiosk.touch import wait_until

    root = tmp_path_factory.mktemp("recorded")
    paths = DataPaths(root / "data").ensure()
    catalog = Catalog.open(paths)
    recorded = catalog.add_file(_tone(root / "tin-sang.wav"), kind="bulletin",
                                title="Bản tin ghi âm sáng thứ Hai").item
    catalog.put(Item(id="tin-chu", title="Giá lúa hôm nay", kind="bulletin",
                     body="Giá lúa hôm nay tăng nhẹ ở các xã phía bắc."))
    catalog.put(Item(id="tin-trong", title="Bản tin trống", kind="bulletin", body="  \n "))
    app = KioskApp(catalog, paths=paths)
    audio = install(app)
    try:
        app.show(fullscreen=False, size=(1920, 1080))
        assert wait_until(app.screens_ready, 20)
        yield {"app": app, "recorded": recorded}
    finally:
        close_kiosk(app, audio, catalog)


def _shown(app: Any, name: str) -> list[Any]:
    return [i for i in app.find_all(name) if i.isVisible()]


def _settled(qtbot, app: Any) -> None:
    qtbot.waitUntil(lambda: app.find(f"{app.nav.screen}Screen").opacity() == 1, timeout=5_000)


def _texts_shown(app: Any) -> list[str]:
    """Every visible text of the current screen (to be sure no other item says "empty")."""
    from PySide6.QtQuick import QQuickItem

    screen = app.find(f"{app.nav.screen}Screen")
    out: list[str] = []

    def walk(node: QQuickItem) -> None:
        if not node.isVisible():
            return
        text = node.property("text")
        if isinstance(text, str) and text:
            out.append(text)
        for child in node.childItems():
            walk(child)

    walk(screen)
    return out


@pytest.fixture(params=[(1920, 1080), (768, 1366)], ids=["landscape", "portrait"])
def size(request, station) -> Iterator[tuple[int, int]]:
    from kiosk.touch import pump, wait_until

    app = station["app"]
    app.nav.home()
    app.window.resize(*request.param)
    wait_until(lambda: (app.window.width(), app.window.height()) == request.param)
    pump(150)
    yield request.param
    app.nav.home()


def test_a_recorded_bulletin_is_filed_as_a_sound_file(station) -> None:
    item = station["recorded"]
    assert item.kind == "bulletin" and item.media_type.startswith("audio/")
    assert not (item.body or "").strip()


def test_a_recorded_bulletins_detail_offers_nghe_and_not_no_content(qtbot, station, size) -> None:
    app = station["app"]
    app.visit.openItem(station["recorded"].id)
    _settled(qtbot, app)
    assert app.visit.detail["hasText"] is False  # no words: the recording is its content
    assert not _shown(app, "detailEmpty")
    assert EMPTY_LINE not in _texts_shown(app)
    [start] = _shown(app, "listenStart")
    assert start.property("text") == "Nghe"
    [note] = _shown(app, "recordingNoteText")
    assert station["recorded"].duration_s == pytest.approx(2.0, abs=0.1)
    assert note.property("text") == "Bản ghi âm · 0:02"  # its length, from the catalog
    # one "Nghe": no "Đọc bản tin" beside it that would open a page with nothing to read
    assert not _shown(app, "readButton")


def test_a_recorded_bulletin_in_the_reader_offers_nghe_and_not_no_content(qtbot, station,
                                                                            size) -> None:
    app = station["app"]
    app.visit.read(station["recorded"].id, 0)
    _settled(qtbot, app)
    assert app.reader.mode == "text"
    assert not _shown(app, "bulletinEmpty")
    assert EMPTY_LINE not in _texts_shown(app)
    [start] = _shown(app, "listenStart")
    assert start.property("text") == "Nghe"
    assert _shown(app, "bulletinRecording")


def test_an_empty_text_bulletin_still_says_it_has_no_content(qtbot, station, size) -> None:
    app = station["app"]
    app.visit.openItem("tin-trong")
    _settled(qtbot, app)
    assert _shown(app, "detailEmpty") and not _shown(app, "detailRecording")
    assert not _shown(app, "listenStart")
    app.visit.read("tin-trong", 0)
    _settled(qtbot, app)
    assert _shown(app, "bulletinEmpty") and not _shown(app, "bulletinRecording")
    assert not _shown(app, "listenStart")


def test_a_text_bulletin_keeps_its_text_and_is_no_recording(qtbot, station, size) -> None:
    app = station["app"]
    app.visit.openItem("tin-chu")
    _settled(qtbot, app)
    assert _shown(app, "readButton") and not _shown(app, "detailRecording")
    assert not _shown(app, "detailEmpty")
    app.visit.read("tin-chu", 0)
    _settled(qtbot, app)
    [text] = _shown(app, "bulletinText")
    assert "Giá lúa hôm nay tăng nhẹ" in text.property("text")
    assert not _shown(app, "bulletinRecording") and not _shown(app, "bulletinEmpty")


NOTE = b"""
import QtQuick
import QtQuick.Window
import "../components"
Window {
    id: window
    width: 600; height: 300; visible: true
    Theme { id: theme; window: window.contentItem; family: fontFamily }
    Column {
        RecordingNote { objectName: "timed"
                        item: ({kind: "bulletin", mediaType: "audio/mpeg", durationS: 95.03}) }
        RecordingNote { objectName: "long"
                        item: ({kind: "audio", mediaType: "audio/ogg", durationS: 3725}) }
        RecordingNote { objectName: "untimed"; item: ({kind: "audio", mediaType: "audio/wav"}) }
        RecordingNote { objectName: "text"
                        item: ({kind: "bulletin", mediaType: "text/plain", durationS: 0}) }
    }
}
"""


def test_the_recording_note_says_how_long_the_recording_plays(qapp) -> None:
    from PySide6.QtCore import QObject

    from tests.ui.audio.harness import harness_window

    with harness_window(NOTE, "RecordingNoteHarness.qml") as window:
        def said(name: str) -> str | None:
            note = window.findChild(QObject, name)
            return note.childItems()[1].property("text") if note.isVisible() else None

        assert said("timed") == "Bản ghi âm · 1:35"
        assert said("long") == "Bản ghi âm · 1:02:05"
        assert said("untimed") == "Bản ghi âm"  # no length known: none made up
        assert said("text") is None  # not a recording: no note at all
