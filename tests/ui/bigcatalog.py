"""A station of its own, for the modules whose tests must not touch the shared one.

The shared station (conftest.py) holds the demo library of a dozen items:
lists that stop at their first page, or paint outside themselves once they
scroll, never show on it. A module fills a catalog with its own items
(metadata and a page of text each: well under a second for hundreds) and
runs a kiosk on it for all its tests (`station`); modules that change a station's
settings run theirs on a station of their own too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths


def library_paths(tmp_path_factory: pytest.TempPathFactory, name: str,
                  fill: Callable[[Catalog, DataPaths], None]) -> DataPaths:
    """A fresh data folder whose catalog `fill` wrote in one transaction."""
    paths = DataPaths(tmp_path_factory.mktemp(name) / "data").ensure()
    with Catalog.open(paths) as catalog, catalog.atomic():
        fill(catalog, paths)
    return paths


@contextmanager
def station(paths: DataPaths, catalog: Catalog | None = None, *,
            config: Config | None = None, size: tuple[int, int] = (1920, 1080)) -> Iterator:
    """A kiosk on `paths`, shown at `size` with its screens ready; the tests drive the
    idle timers themselves. `catalog`: one the caller opened and closes (else one is
    opened here); `config`: the station's settings, as `cafesach run` loads them.
    Closed after its tasks are done, with its reader (and the catalog it opened)."""
    from kiosk.app import KioskApp
    from kiosk.touch import wait_until

    opened = catalog is None
    catalog = Catalog.open(paths) if catalog is None else catalog
    app = KioskApp(catalog, config=config, paths=paths)
    app.show(fullscreen=False, size=size)
    app.idle.idle_timer.setInterval(3_600_000)
    try:
        assert wait_until(app.screens_ready, 20)
        yield app
    finally:
        wait_until(lambda: app.tasks.pending == 0)
        app.close()
        app.reader.shutdown()
        if opened:
            catalog.close()
