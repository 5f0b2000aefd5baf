"""Statistics sink benchmark: what counting costs the kiosk's GUI thread.

Replays 20,000 events (views, pages, searches) over 300 items through
`StatsStore` (counted in memory, written in batches by a background thread)
and, as the reference in the same run, through a naive store that writes
each event to SQLite at once (one upsert + commit per event, as a simple
implementation would). Reports the per-call cost (p50/p95/max) on the
caller's thread and the ratio. Targets: p95 ≤ 50 µs per call, ≥ 20× cheaper
than the per-event write.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library.stats import NullSink, StatsStore

EVENTS = 20_000


class PerEventStore:
    """The reference: every event is its own SQLite transaction."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = DELETE")
        self.conn.execute("CREATE TABLE c (day TEXT, item TEXT, metric TEXT, n INTEGER, "
                          "PRIMARY KEY (day, item, metric)) WITHOUT ROWID")

    def _bump(self, item: str, metric: str) -> None:
        self.conn.execute("INSERT INTO c VALUES ('2026-03-01', ?, ?, 1) ON CONFLICT DO UPDATE "
                          "SET n = n + 1", [item, metric])

    def item_viewed(self, item_id: str) -> None:
        self._bump(item_id, "view")

    def page_read(self, item_id: str) -> None:
        self._bump(item_id, "page")

    def search_committed(self, query: str, *, found: bool) -> None:
        self._bump(query, "search")


def replay(sink: object, events: list[tuple[str, str]]) -> list[float]:
    costs = []
    for kind, arg in events:
        start = time.perf_counter()
        if kind == "view":
            sink.item_viewed(arg)  # type: ignore[attr-defined]
        elif kind == "page":
            sink.page_read(arg)  # type: ignore[attr-defined]
        else:
            sink.search_committed(arg, found=True)  # type: ignore[attr-defined]
        costs.append(time.perf_counter() - start)
    return costs


def describe(name: str, costs: list[float]) -> float:
    costs = sorted(costs)
    p50 = statistics.median(costs) * 1e6
    p95 = costs[int(len(costs) * 0.95)] * 1e6
    print(f"{name:<28} p50 {p50:8.1f} µs   p95 {p95:8.1f} µs   max {costs[-1] * 1e6:9.1f} µs")
    return p95


def main() -> None:
    rng = random.Random(3)
    items = [f"muc-{n:03d}" for n in range(300)]
    words = ["chuyen doi so", "dang vien", "nong san", "lu quet", "nuoc sach"]
    events = [(rng.choice(["view", "page", "page", "search"]),
               rng.choice(words) if rng.random() < 0.1 else rng.choice(items))
              for _ in range(EVENTS)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        describe("NullSink", replay(NullSink(), events))
        store = StatsStore.open(root, today=lambda: "2026-03-01", flush_interval_s=1.0)
        ours = describe("StatsStore (batched)", replay(store, events))
        start = time.perf_counter()
        store.close()
        print(f"{'final flush':<28} {(time.perf_counter() - start) * 1e3:8.1f} ms")
        reference = describe("per-event SQLite write", replay(PerEventStore(root / "ref.db"),
                                                              events))
        print(f"ratio (reference p95 / StatsStore p95): {reference / ours:.0f}×")
        totals = StatsStore.open(root, today=lambda: "2026-03-01", flush_interval_s=None).totals()
        assert sum(totals[k] for k in ("view", "page", "search")) == EVENTS


if __name__ == "__main__":
    main()
