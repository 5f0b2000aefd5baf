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


def on_air_at_six(on_air: Any, catalog: Any) -> tuple[Any, list[str], list[Any]]:
    """A broadcast of `catalog`'s schedule by `on_air`, started at 05:59:59 (Việt Nam) on
    a clock the test moves, checking only when the test calls `check()`: the controller,
    the ids it started, and the clock (`clock[0] += timedelta(...)` moves it)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.audio.broadcast import BroadcastController
    from library.schedule import load_schedule

    clock = [datetime(2026, 11, 24, 5, 59, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))]
    controller = BroadcastController(on_air, lambda: load_schedule(catalog), clock[0].tzinfo,
                                     clock=lambda: clock[0], catalog=catalog,
                                     interval_ms=3_600_000)
    started: list[str] = []
    controller.started.connect(started.append)
    controller.start()
    return controller, started, clock


def close_kiosk(app: Any, audio: Any, catalog: Any) -> None:
    """Tear down a kiosk set up with its audio part, in the one order that leaves nothing
    running: the audio part (speech worker, players), the panel's tasks it started, the
    window, the document reader's worker, the catalog. Never raises over a test's failure:
    tasks still at work after 20 s are left to the process's end."""
    from kiosk.touch import wait_until

    audio.close()
    wait_until(lambda: app.tasks.pending == 0, 20)
    app.close()
    app.reader.shutdown()
    catalog.close()
