"""The kiosk's self-test checks: the screen's fonts, its QML, its audio backend.

Why here and loaded this way: the core's `selftest` must not load Qt, so the
console script maps `selftest` to this module (see `KIOSK_COMMANDS`), which
registers the Qt checks and hands over to the core's command. Importing this
module does not load Qt either — each check imports it when it runs — so
`cafesach selftest --only catalog` stays as light as any other command.

The checks run offscreen (a technician may run them over SSH, and nothing
must flash on the visitor's screen) with Qt Quick's software renderer.
In the frozen bundle they are what proves that the trimmed Qt still has
every plugin and QML module the kiosk imports.
"""

from __future__ import annotations

import math
import os
import struct
from pathlib import Path
from typing import Any

from library.paths import DataPaths, emoji_font_files, font_files
from library.plural import counted
from library.selftest import VIETNAMESE_PROBE, register, scratch_dir
from library.selftest import selftest_command as selftest_command

#: Milliseconds the audio backend may take to open a short clip.
AUDIO_TIMEOUT_MS = 10_000
#: A minimal screen that needs the same QML modules as the kiosk's screens.
MINIMAL_QML = """
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtMultimedia
Item {
    width: 320; height: 200
    ColumnLayout {
        anchors.fill: parent
        Label { text: "Đảng viên" }
        Button { text: "OK" }
    }
    MediaPlayer { id: player }
}
""".encode()


def qml_dir() -> Path:
    """The kiosk's QML folder (inside the bundle when frozen, next to this file otherwise)."""
    return Path(__file__).resolve().parent / "qml"


def main_qml() -> Path | None:
    """The kiosk's main screen file (`qml/Main.qml`), when the kiosk has one."""
    for name in ("Main.qml", "main.qml"):
        if (qml_dir() / name).is_file():
            return qml_dir() / name
    return None


def _kiosk_app_module() -> Any:
    """`kiosk.app` (the real window set-up), or None in a build without it."""
    import importlib.util

    if importlib.util.find_spec("kiosk.app") is None:
        return None
    import kiosk.app

    return kiosk.app


def application() -> Any:
    """The running QApplication, or a new offscreen one set up as the kiosk sets it up."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
        # The multimedia backend's chatter (no PipeWire, no PulseAudio in a service
        # session, FFmpeg's stream dump) would bury the results; errors still show.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*.info=false;"
                              "qt.multimedia.*.debug=false;qt.multimedia.*.warning=false")
    app_module = _kiosk_app_module()
    if app_module is not None:
        return app_module.application()
    return QApplication.instance() or QApplication(["cafesach-selftest"])


@register("fonts")
def _fonts_render_vietnamese(paths: DataPaths) -> str:
    """The bundled font loads, has every glyph of a Vietnamese line, and paints it; the
    bundled emoji font has the emoji posts use most."""
    application()
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

    files = font_files()
    if not files:
        raise RuntimeError("no bundled font in assets/fonts")
    families: set[str] = set()
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"Qt cannot load {path.name}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    family = sorted(families)[0]
    if missing := _missing_glyphs(files[0], VIETNAMESE_PROBE.replace(" ", "")):
        raise RuntimeError(f"{family} has no glyph for {missing!r}")
    image = QImage(480, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont(family, 24))
    painter.setPen(QColor("black"))
    painter.drawText(10, 42, VIETNAMESE_PROBE)
    painter.end()
    dark = sum(1 for y in range(0, 60, 2) for x in range(0, 480, 2)
               if image.pixelColor(x, y).lightness() < 128)
    if dark < 50:
        raise RuntimeError("painting Vietnamese text left the image blank")
    return f"{family} ({len(files)} files) renders {VIETNAMESE_PROBE!r}; {_emoji_font()}"


#: Emoji provincial posts put in titles and bulletins.
EMOJI_PROBE = "🎉📢⚠"


def _emoji_font() -> str:
    """The bundled emoji font has the probe's emoji (without it they show as empty boxes)."""
    files = emoji_font_files()
    if not files:
        raise RuntimeError("no bundled emoji font in assets/fonts/emoji")
    if missing := _missing_glyphs(files[0], EMOJI_PROBE):
        raise RuntimeError(f"{files[0].name} has no glyph for {missing!r}")
    return f"emoji from {files[0].name}"


def _missing_glyphs(path: Path, text: str) -> str:
    """The characters of `text` the font file has no glyph for (all of them when Qt
    cannot load it)."""
    from PySide6.QtGui import QRawFont

    raw = QRawFont(str(path), 24)
    return "".join(ch for ch in text if not raw.supportsCharacter(ord(ch)))


def _compile_errors(engine: Any, path: Path) -> list[str]:
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent

    component = QQmlComponent(engine, QUrl.fromLocalFile(str(path)))
    if component.isLoading():
        raise RuntimeError(f"{path.name} is still loading (network import?)")
    return [e.toString() for e in component.errors()]


@register("qml")
def _qml_loads(paths: DataPaths) -> str:
    """The kiosk's main screen loads offscreen and every other QML file compiles.

    The main screen goes first: the kiosk sets its Controls style before any
    QML imports Qt Quick Controls, as `cafesach run` does.
    """
    application()
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    main, app_module = main_qml(), _kiosk_app_module()
    loaded = _load_main_screen(app_module, main) if main and app_module else ""
    engine = QQmlEngine()
    files = sorted(qml_dir().rglob("*.qml"))
    problems = [err for path in files for err in _compile_errors(engine, path)]
    if problems:
        raise RuntimeError(f"{counted(len(problems), 'QML error')}, first: {problems[0]}")
    if loaded:
        return f"{loaded}; {len(files)} kiosk QML files compile"
    with scratch_dir(paths) as folder:  # no kiosk screens in this build: Qt Quick itself
        minimal = folder / "Minimal.qml"
        minimal.write_bytes(MINIMAL_QML)
        component = QQmlComponent(engine, QUrl.fromLocalFile(str(minimal)))
        screen = component.create()
        if screen is None:
            raise RuntimeError("; ".join(e.toString() for e in component.errors()))
        screen.deleteLater()
    return f"Qt Quick works (minimal screen); {len(files)} kiosk QML files compile"


def _load_main_screen(app_module: Any, main: Path) -> str:
    """Build the real kiosk window (as `cafesach run` does) on an empty in-memory catalog."""
    from library.catalog import Catalog

    with Catalog(memory=True) as catalog:
        kiosk = app_module.KioskApp(catalog, engine=_no_document_engine)
        try:
            window = kiosk.window
            if window is None:
                raise RuntimeError(f"{main.name} created no window")
            size = f"{window.width()}×{window.height()}"
        finally:
            kiosk.close()
    return f"main screen {main.name} loads offscreen ({size})"


def _no_document_engine() -> Any:
    raise RuntimeError("the self-test's main screen opens no documents")


def _tone(path: Path, seconds: float = 0.3, rate: int = 16_000) -> Path:
    """A short sine tone as a WAV file: something real for the audio backend to open."""
    from library.speech.loudness import write_wav

    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    write_wav(path, frames, rate)
    return path


@register("audio")
def _audio_backend_loads(paths: DataPaths) -> str:
    """Qt Multimedia's backend (FFmpeg) is present and opens a WAV clip."""
    application()
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

    with scratch_dir(paths) as folder:
        clip = _tone(folder / "tone.wav")
        player = QMediaPlayer()
        if not player.isAvailable():
            raise RuntimeError("no Qt Multimedia backend (the FFmpeg plugin is missing)")
        output = QAudioOutput()
        player.setAudioOutput(output)
        loop = QEventLoop()
        done = {QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.InvalidMedia,
                QMediaPlayer.MediaStatus.EndOfMedia}
        player.mediaStatusChanged.connect(lambda status: loop.quit() if status in done else None)
        player.errorOccurred.connect(lambda *_: loop.quit())
        QTimer.singleShot(AUDIO_TIMEOUT_MS, loop.quit)
        player.setSource(QUrl.fromLocalFile(str(clip)))
        if player.mediaStatus() not in done:
            loop.exec()
        status, error = player.mediaStatus(), player.errorString()
        duration = player.duration()
        player.setSource(QUrl())
        player.deleteLater()
    if status != QMediaPlayer.MediaStatus.LoadedMedia:
        raise RuntimeError(f"the backend did not open a WAV clip ({status.name}) {error}")
    device = QMediaDevices.defaultAudioOutput()
    where = device.description() if not device.isNull() else "no sound card found"
    return f"backend opened a {duration} ms clip; output: {where}"
