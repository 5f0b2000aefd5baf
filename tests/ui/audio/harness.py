"""A small QML test window for the audio parts, set up and torn down the one safe way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def harness_window(qml: bytes, name: str, **context: object) -> Iterator[Any]:
    """A test window made from `qml`, loaded as if it were the file `name` beside the
    audio QML (so `import "../components"` resolves), with the bundled font as
    `fontFamily` and `context` as further context properties.

    On leaving, the window is closed and its engine deleted before anything else is
    torn down: QML bindings must not outlive the objects they read.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QUrl
    from PySide6.QtQml import QQmlApplicationEngine

    from kiosk.app import register_fonts
    from kiosk.audio import QML_DIR

    engine = QQmlApplicationEngine()
    root_context = engine.rootContext()
    root_context.setContextProperty("fontFamily", register_fonts())
    for key, value in context.items():
        root_context.setContextProperty(key, value)
    engine.loadData(qml, QUrl.fromLocalFile(str(QML_DIR / name)))
    roots = engine.rootObjects()
    assert roots, f"{name} did not load"
    try:
        yield roots[0]
    finally:
        roots[0].close()
        engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
