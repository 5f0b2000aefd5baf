"""Crash test: the process dies hard at 200+ points of an import; nothing is ever mixed.

Each kill runs in a forked child (imports are already loaded, so a kill costs
milliseconds): the child installs the test-only fault hook, starts the
import of version 2 over a station holding version 1, and `os._exit`s at
its appointed point — a named step (after each object, before/after fsync,
before/after adopting into objects/, each catalog put, before/after COMMIT)
or a seeded byte offset while staging. The parent then "restarts" the
station and checks: `PRAGMA integrity_check` passes, the catalog is exactly
the old or exactly the new one, every visible item's files verify, and a
fresh import finishes the job.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths
from library.repository import faults, importer
from library.repository.fetch import FetchSettings
from library.repository.importer import import_from, recover

from .helpers import World, new_station

KILLED = 77
BYTE_POINTS = 180
SEED = 20261126


def catalog_state(root: Path) -> tuple:
    """The catalog as visitors see it (ids, files, text), independent of row numbers."""
    conn = sqlite3.connect(root / "catalog.db")
    try:
        items = conn.execute(
            "SELECT id, title, kind, sha256, cover_sha256, summary, tags, source, "
            "(SELECT group_concat(text, '|') FROM pages WHERE item_num = items.num) "
            "FROM items ORDER BY id").fetchall()
        repos = conn.execute("SELECT id, version FROM repositories").fetchall()
    finally:
        conn.close()
    return tuple(items), tuple(repos)


def check_after_crash(root: Path, old: tuple, new: tuple) -> str:
    paths = DataPaths(root)
    recover(paths)  # what the next start does
    with Catalog.open(paths) as catalog:
        assert catalog.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for item in catalog.items(include_hidden=True):
            for sha in (item.sha256, item.cover_sha256):
                if sha:
                    assert catalog.objects.verify(sha), f"{item.id}: object {sha[:12]} damaged"
    state = catalog_state(root)
    assert state in (old, new), "the catalog is a mix of old and new"
    assert list(paths.staging.glob("import-*")) == []
    return "new" if state == new else "old"


def run_killed(template: Path, work: Path, source: str, kind: str, target: int,
               settings: FetchSettings | None = None) -> int:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(template, work)
    pid = os.fork()
    if pid == 0:  # the child: import until the hook kills us
        code = 3
        try:
            count = [0]

            def hook(name: str, detail: int) -> None:
                if kind == "named" and not name.endswith("-bytes"):
                    count[0] += 1
                    if count[0] == target:
                        os._exit(KILLED)
                if kind == "bytes" and name.endswith("-bytes") and detail >= target:
                    os._exit(KILLED)

            importer.CHUNK = 1024  # dense byte points while staging
            faults.set_hook(hook)
            paths = DataPaths(work)
            with Catalog.open(paths) as catalog:
                import_from(paths, catalog, source, settings=settings)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def named_points(template: Path, work: Path, source: str,
                 settings: FetchSettings | None = None) -> tuple[list[str], int]:
    """Run once, recording every named point and the bytes staged."""
    shutil.copytree(template, work)
    names: list[str] = []
    total = [0]

    def record(name: str, detail: int) -> None:
        if name.endswith("-bytes"):
            total[0] = max(total[0], detail)
        else:
            names.append(name)

    faults.set_hook(record)
    try:
        paths = DataPaths(work)
        with Catalog.open(paths) as catalog:
            import_from(paths, catalog, source, settings=settings)
    finally:
        faults.set_hook(None)
    return names, total[0]


@pytest.fixture
def v1_station(world: World, tmp_path: Path) -> Path:
    paths, catalog = new_station(tmp_path / "template", world)
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    return paths.root


def test_kill_anywhere_during_pack_import(world: World, v1_station: Path, tmp_path: Path) -> None:
    old = catalog_state(v1_station)
    names, total = named_points(v1_station, tmp_path / "done", str(world.pack_v2))
    new = catalog_state(tmp_path / "done")
    assert old != new
    for step in ("before-fsync", "after-fsync", "before-adopt", "after-adopt", "put-item",
                 "before-commit", "after-commit"):
        assert step in names
    rng = random.Random(SEED)
    offsets = sorted(rng.sample(range(1, total), BYTE_POINTS))
    plan = [("named", n) for n in range(1, len(names) + 1)] + [("bytes", o) for o in offsets]
    assert len(plan) >= 200
    outcomes = {"old": 0, "new": 0}
    work = tmp_path / "work"
    for number, (kind, target) in enumerate(plan):
        code = run_killed(v1_station, work, str(world.pack_v2), kind, target)
        assert code == KILLED, f"{kind} {target}: child exited with {code}"
        outcomes[check_after_crash(work, old, new)] += 1
        if number % 25 == 0:  # the next import finishes the job
            paths = DataPaths(work)
            with Catalog.open(paths) as catalog:
                import_from(paths, catalog, str(world.pack_v2))
            assert catalog_state(work) == new
    assert outcomes["old"] and outcomes["new"]  # kills landed on both sides of COMMIT


def test_kill_during_sync_from_nginx(world: World, nginx, v1_station: Path,
                                     tmp_path: Path) -> None:
    url = nginx.serve(world.repo_v2, "crash-sync")
    settings = FetchSettings(retries=0)
    old = catalog_state(v1_station)
    names, total = named_points(v1_station, tmp_path / "done", url, settings)
    new = catalog_state(tmp_path / "done")
    work = tmp_path / "work"
    offsets = sorted(random.Random(SEED).sample(range(1, total), 20))
    plan = [("named", n) for n in range(1, len(names) + 1)] + [("bytes", o) for o in offsets]
    for kind, target in plan:
        code = run_killed(v1_station, work, url, kind, target, settings)
        assert code == KILLED, f"{kind} {target}: child exited with {code}"
        check_after_crash(work, old, new)
    # the last kill left partial downloads: the next sync resumes and finishes
    paths = DataPaths(work)
    with Catalog.open(paths) as catalog:
        import_from(paths, catalog, url, settings=settings)
    assert catalog_state(work) == new
