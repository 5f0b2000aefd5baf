"""A station of its own on a library of a few hundred items, for the modules that need one.

The shared station (conftest.py) holds the demo library of a dozen items:
lists that stop at their first page, or paint outside themselves once they
scroll, never show on it. A module fills a catalog with its own items
(metadata and a page of text each: well under a second for hundreds) and
runs a kiosk on it for all its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from library.catalog import Catalog
from library.paths import DataPaths


def library_paths(tmp_path_factory: pytest.TempPathFactory, name: str,
                  fill: Callable[[Catalog, DataPaths], None]) -> DataPaths:
    """A fresh data folder whose catalog `fill` wrote in one transaction."""
    paths = DataPaths(tmp_path_factory.mktemp(name) / "data").ensure()
    with Catalog.open(paths) as catalog, catalog.atomic():
        fill(catalog, paths)
    return paths


@contextmanager
def station(paths: DataPaths) -> Iterator:
    """A kiosk on `paths`, shown at 1920×1080 with its screens ready; the tests
    drive the idle timers themselves. Closed, with its reader and catalog, after."""
    from kiosk.app import KioskApp
    from kiosk.touch import wait_until

    catalog = Catalog.open(paths)
    app = KioskApp(catalog, paths=paths)
    app.show(fullscreen=False, size=(1920, 1080))
    app.idle.idle_timer.setInterval(3_600_000)
    try:
        assert wait_until(app.screens_ready, 20)
        yield app
    finally:
        app.close()
        app.reader.shutdown()
        catalog.close()
