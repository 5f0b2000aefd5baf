"""Phone handoff in the kiosk: the detail screen's QR slot and the local server.

`install(app)` puts a `HandoffModel` in the QML context as `handoff`, fills
the detail screen's `handoff` slot with `Handoff.qml`, and starts the
server; `uninstall(app)` stops it. Codes are drawn by the kiosk's shared
`qml/components/QrCode.qml`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl

from .model import HandoffModel

QML_DIR = Path(__file__).with_name("qml")
HANDOFF_QML = QML_DIR / "Handoff.qml"

__all__ = ["HANDOFF_QML", "HandoffModel", "install", "uninstall"]


def install(app: Any, *, serve: bool = True) -> HandoffModel:
    """Wire handoff into a `kiosk.app.KioskApp` (context property first, then the slot)."""
    config = app.config
    if config is None:  # a kiosk built without settings (tests): all defaults
        from library.config import Config

        config = Config(app.paths.config_file if app.paths else Path("config.toml"))
    model = HandoffModel(app.catalog, config, paths=app.paths, stats=app.stats, parent=app)
    app.engine.rootContext().setContextProperty("handoff", model)
    app.slots.set_source("handoff", QUrl.fromLocalFile(str(HANDOFF_QML)))
    if serve:
        model.start_server()
        app.qapp.aboutToQuit.connect(model.stop_server)  # the kiosk stops what it started
    app.handoff = model
    return model


def uninstall(app: Any) -> None:
    model = getattr(app, "handoff", None)
    if model is not None:
        model.stop_server()
