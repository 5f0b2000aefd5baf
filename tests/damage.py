"""Damage written behind the catalog's back, and the start-up check that mends it
(`library.catalog_check`), shared by the tests of the check and of the import."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from library.catalog import Catalog
from library.catalog_check import check_marked, mark_for_check
from library.paths import DataPaths


def written_aside(db: Path, *statements: str | tuple[str, list[Any]]) -> None:
    """Run `statements` (SQL, or SQL with its parameters) on `db` from a connection of
    their own, as a flipped bit or another program would change it; its pages stay sound."""
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            sql, params = (statement, []) if isinstance(statement, str) else statement
            conn.execute(sql, params)
        conn.commit()
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


@contextmanager
def checked(paths: DataPaths) -> Iterator[Catalog]:
    """The kiosk's mark left, and the catalog opened and checked as its next start does:
    the catalog, with nothing left in it that cannot be read."""
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert catalog.unreadable_rows() == []
        yield catalog
