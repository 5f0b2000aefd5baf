"""Privacy through the kiosk's own models: 1,000 scripted visits, then the data folder."""

from __future__ import annotations

import random

import pytest

from library.catalog import Catalog
from library.demo import load_demo
from library.paths import DataPaths
from library.stats import StatsStore
from tests.unit.admin.privacy import inspect_data_dir

pytestmark = pytest.mark.ui

QUERIES = ["chuyen doi so", "Đảng viên", "nong san", "lũ quét", "xyzzy khong co"]


class NoReader:
    """The visits here never open the reader (no document worker needed)."""

    def forget(self) -> None:
        return None

    def close(self) -> None:
        return None


def test_1000_visits_through_the_kiosk_models(qapp, tmp_path) -> None:
    from kiosk.controllers.browse import BrowseController
    from kiosk.controllers.navigation import Navigation
    from kiosk.controllers.search import SearchController
    from kiosk.controllers.visit import Visit

    paths = DataPaths(tmp_path / "data").ensure()
    catalog = Catalog.open(paths)
    load_demo(catalog)
    day = ["2026-03-01"]
    store = StatsStore.open(paths.root, today=lambda: day[0], flush_interval_s=None)
    nav = Navigation()
    search = SearchController(catalog, stats=store)
    visit = Visit(catalog, nav, BrowseController(catalog), search, NoReader(),  # type: ignore[arg-type]
                  stats=store)
    ids = [i.id for i in catalog.items()]
    rng = random.Random(11)
    trails, views = [], 0
    for number in range(1000):
        day[0] = f"2026-03-{1 + number // 250:02d}"
        search.setTyped(QUERIES[number % len(QUERIES)])
        if search.resultCount:
            visit.openHit(0)  # opening a result commits the search and views the item
            views += 1
        else:
            search.commit()  # the search key on a query with no results
        trail = rng.sample(ids, 4)
        for item_id in trail:
            visit.openItem(item_id)
            views += 1
        trails.append(trail)
        visit.forget()
        visit.home()
        if number % 100 == 0:
            store.flush()
    store.close()
    inspect_data_dir(paths.root, trails=trails, queries=QUERIES, views=views, store=store)
    assert store.totals()["search_none"] == 200
    catalog.close()
