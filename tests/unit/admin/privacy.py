"""What a privacy check looks for in a station's data folder after scripted visits."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from library.stats import SUPPRESS_BELOW, StatsStore, fold_term

TIME = re.compile(rb"\d{1,2}:\d{2}")


def inspect_data_dir(root: Path, *, trails: list[list[str]], queries: list[str],
                     views: int, store: StatsStore) -> None:
    """Assert: counters only, no per-visit sequence, no search string with a time,
    no exported count below `SUPPRESS_BELOW`."""
    files = [p for p in root.rglob("*") if p.is_file()]
    names = {p.relative_to(root).as_posix() for p in files}
    assert "stats.db" in names
    assert not any(n.startswith("stats.db-") for n in names), "a journal or WAL was left"

    conn = sqlite3.connect(root / "stats.db")
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert set(tables) == {"item_counts", "search_counts"}
    for sql in tables.values():
        assert "WITHOUT ROWID" in sql  # no insertion order to read back
        assert not re.search(r"\b(time\w*|session|visit\w*|seq\w*|ts)\b", sql, re.I)
    rows = list(conn.execute("SELECT day, item_id, metric, n FROM item_counts"))
    assert len(rows) == len({r[:3] for r in rows}), "one row per day, item and metric"
    assert sum(n for _, _, m, n in rows if m == "view") == views
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[0]) for r in rows)
    terms = {r[0] for r in conn.execute("SELECT term FROM search_counts")}
    assert terms == {fold_term(q) for q in queries}  # folded, never the typed string
    conn.close()

    for path in files:
        blob = path.read_bytes()
        if path.name == "stats.db":
            assert not TIME.search(blob), "a time of day in the stats file"
            for query in queries:
                if query != fold_term(query):
                    assert query.encode() not in blob
        for trail in trails[:50]:  # no file holds a visitor's trail in order
            for sep in (",", "", " ", "\n", "|"):
                assert sep.join(trail).encode() not in blob

    export = store.export_rows()
    assert export and all(row.count >= SUPPRESS_BELOW for row in export)
