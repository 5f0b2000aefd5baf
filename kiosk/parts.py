"""The parts that fill the kiosk's slots, installed after the QML is up.

Why a list: the phone handoff, the audio player and the librarian panel are
separate packages that plug into `KioskApp` through its slots, `volume`,
`tasks` and `stats` (see docs/kiosk.md). `cafesach run` installs every part
that is present; a part that fails to start is logged and left out, so a
missing voice or a busy port never keeps the station from showing books.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from library.errors import LibraryError

log = logging.getLogger(__name__)

#: name -> "module:function"; each function is `install(app, **options)`.
PARTS: dict[str, str] = {
    "handoff": "kiosk.handoff:install",
    "audio": "kiosk.audio:install",
    "librarian": "kiosk.admin.panel:install",
}


def install_parts(app: Any, *, options: dict[str, dict[str, Any]] | None = None,
                  only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Install each part (or those in `only`); returns what each `install` returned."""
    installed: dict[str, Any] = {}
    for name, target in PARTS.items():
        if only is not None and name not in only:
            continue
        module_name, _, attr = target.partition(":")
        try:
            install = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            log.info("kiosk part %s is not available: %s", name, exc)
            continue
        try:
            installed[name] = install(app, **(options or {}).get(name, {}))
        except (LibraryError, OSError, ValueError, RuntimeError) as exc:
            log.warning("kiosk part %s did not start: %s", name, exc)
    return installed


def station_stats(app_paths: Any, config: Any) -> Any:
    """The station's statistics store (anonymous per-day counts), or the null sink
    when there is no data folder or the librarian turned statistics off."""
    from library.stats import NullSink, station_sink

    if app_paths is None or config is None:
        return NullSink()
    return station_sink(app_paths.root, config)
