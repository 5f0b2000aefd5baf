"""A kiosk loses power: `cafesach` killed hard (SIGKILL) in the middle of its work.

Each test runs the real command in a subprocess (`killer`) that kills itself at
a chosen step: a catalog statement, a rename into place, an fsync, an unlink,
a named point of the import. Then the station "starts again" and must open its
catalog, show the old library or the new one and never half an item (an item
whose file is missing, a search index out of step with the items), have no
leftovers, and a second run of the same command must finish the job.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from library import catalog as catalog_module
from library import objects as objects_module
from library.catalog import Catalog
from library.objects import ObjectStore
from library.paths import DataPaths
from library.repository.importer import collect_after_import, import_from

from .helpers import World, make_pdf, new_station
from .killer import KILLED

ROOT = Path(__file__).resolve().parents[3]


def cafesach_killed(data: Path, *args: str, at: str = "0",
                    grace_s: float | None = None) -> subprocess.CompletedProcess[str]:
    """`cafesach --data DATA ARGS…`, killed at step `at` (see `killer`; "0": never)."""
    env = dict(os.environ, KILL_AT=at, PYTHONPATH=str(ROOT))
    if grace_s is not None:
        env["GRACE_S"] = str(grace_s)
    return subprocess.run([sys.executable, "-m", "tests.unit.repository.killer",
                           "--data", str(data), *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)


def library_of(root: Path) -> tuple:
    """The library as visitors see it, read straight from the file."""
    conn = sqlite3.connect(root / "catalog.db")
    try:
        items = conn.execute("SELECT id, title, sha256, cover_sha256, summary, "
                             "(SELECT count(*) FROM pages WHERE item_num = items.num) "
                             "FROM items ORDER BY id").fetchall()
        repos = conn.execute("SELECT id, version FROM repositories WHERE version > 0"
                             ).fetchall()
    finally:
        conn.close()
    return tuple(items), tuple(repos)


def assert_whole(root: Path, *allowed: tuple) -> tuple:
    """What the next start finds: a catalog that opens, one of `allowed` libraries, every
    item's files in place, the search index in step, no temporary file left."""
    paths = DataPaths(root)
    with Catalog.open(paths) as catalog:  # "database is locked" would raise here
        assert catalog.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("items_fts", "pages_fts"):  # raises when out of step with its rows
            catalog.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert catalog.execute("SELECT count(*) FROM items_fts").fetchone()[0] == \
            catalog.execute("SELECT count(*) FROM items").fetchone()[0]
        for item in catalog.items(include_hidden=True):
            for sha in (item.sha256, item.cover_sha256):
                assert not sha or catalog.objects.verify(sha), f"{item.id}: {sha} missing"
    assert list(paths.objects.glob(".incoming-*")) == []
    library = library_of(root)
    assert library in allowed, "half an item, or a mix of two libraries"
    return library


@pytest.fixture(scope="module")
def v1_template(world: World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station holding version 1 of the world's library (copied for each test)."""
    root = tmp_path_factory.mktemp("power") / "v1"
    paths, catalog = new_station(root, world)
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    return root


@pytest.fixture
def station_v1(v1_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(v1_template, root)
    return root


def test_power_cut_during_a_pack_import_and_its_garbage_collection(
        world: World, station_v1: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(station_v1, reference)
    old = library_of(station_v1)
    done = cafesach_killed(reference, "import", str(world.pack_v2), grace_s=0)
    assert done.returncode == 0, done.stderr
    new = library_of(reference)
    assert new != old
    # adopting an object into the store; right after COMMIT; in the collection of the
    # objects version 2 no longer uses (every step before the COMMIT: test_crash.py)
    for at in ("replace#2", "after-commit", "unlink#1"):
        work = tmp_path / at
        shutil.copytree(station_v1, work)
        killed = cafesach_killed(work, "import", str(world.pack_v2), at=at, grace_s=0)
        assert killed.returncode == KILLED, (at, killed.stderr)
        seen = assert_whole(work, old, new)
        assert seen == (new if at in ("after-commit", "unlink#1") else old), at
        again = cafesach_killed(work, "import", str(world.pack_v2), grace_s=0)
        assert again.returncode == 0, (at, again.stderr)
        assert assert_whole(work, new) == new
        assert list((work / "staging").glob("import-*")) == []
        # what the killed run's collection left unused is collected by the one that finished
        with Catalog.open(DataPaths(work)) as catalog:
            assert set(catalog.objects) == catalog.referenced_objects(), at


@pytest.fixture
def server(world: World) -> Iterator[str]:
    """The world's published folders on a real HTTP server on 127.0.0.1."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(world.root / "www"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_power_cut_during_a_sync(world: World, station_v1: Path, tmp_path: Path,
                                 server: str) -> None:
    url = f"{server}/v2"
    reference = tmp_path / "reference"
    shutil.copytree(station_v1, reference)
    old = library_of(station_v1)
    assert cafesach_killed(reference, "sync", url).returncode == 0
    new = library_of(reference)
    assert new != old
    for at in ("staged-object#3", "after-commit"):  # mid-download; right after COMMIT
        work = tmp_path / at
        shutil.copytree(station_v1, work)
        killed = cafesach_killed(work, "sync", url, at=at)
        assert killed.returncode == KILLED, (at, killed.stderr)
        assert assert_whole(work, old, new) == (new if at == "after-commit" else old), at
        again = cafesach_killed(work, "sync", url)
        assert again.returncode == 0, (at, again.stderr)
        assert assert_whole(work, new) == new
        assert not (work / "staging" / "downloads").exists()  # no partial download kept
        assert list((work / "staging").glob("import-*")) == []


def test_power_cut_during_add(station_v1: Path, tmp_path: Path) -> None:
    doc = make_pdf(tmp_path / "moi.pdf", "Tài liệu mới", "Nội dung về chuyển đổi số.")
    old = library_of(station_v1)
    # writing the file into the store; inside the item's transaction (its row
    # written, its search entry not yet)
    for at in ("fsync#1", "sql:INSERT#2"):
        work = tmp_path / at
        shutil.copytree(station_v1, work)
        killed = cafesach_killed(work, "add", str(doc), at=at)
        assert killed.returncode == KILLED, (at, killed.stderr)
        if at == "fsync#1":  # the half-copied file is there until the next start
            assert list((work / "objects").glob(".incoming-*"))
        assert assert_whole(work, old) == old
        again = cafesach_killed(work, "add", str(doc))
        assert again.returncode == 0, (at, again.stderr)
        new = assert_whole(work, library_of(work))
        assert len(new[0]) == len(old[0]) + 1


def test_power_cut_during_remove(station_v1: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    old = library_of(station_v1)
    for at in ("sql:DELETE#2", "unlink#2"):  # inside the transaction; deleting its files
        work = tmp_path / at
        shutil.copytree(station_v1, work)
        with Catalog.open(DataPaths(work)) as catalog:  # as the kiosk shows the item
            item = catalog.get("so-tay")
            for sha in (item.sha256, item.cover_sha256):
                assert catalog.objects.named(sha) != catalog.objects.path(sha)
        killed = cafesach_killed(work, "remove", "so-tay", at=at)
        assert killed.returncode == KILLED, (at, killed.stderr)
        seen = assert_whole(work, old, library_of(work))
        if at.startswith("sql"):
            assert seen == old
            assert cafesach_killed(work, "remove", "so-tay").returncode == 0
        assert "so-tay" not in [row[0] for row in library_of(work)[0]]
        store = ObjectStore(work / "objects")
        # no link in .named/ outlives its object (it would hold the bytes for good) ...
        assert all(store.has(link.name[:64]) for link in (work / "objects" / ".named").iterdir())
        # ... and what the cut left is collected after the next import or sync
        monkeypatch.setattr(catalog_module, "GARBAGE_GRACE_S", 0)
        with Catalog.open(DataPaths(work)) as catalog:
            collect_after_import(catalog)
            assert set(catalog.objects) == catalog.referenced_objects(), at
        assert list((work / "objects" / ".named").iterdir()) == []


def test_every_rename_into_the_store_comes_between_fsyncs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's bytes are on disk before its name, and its name (and, in a folder made
    for it, the folder's) before the store reports it stored."""
    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", "file")), fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append(("replace", Path(b).name)),
                                                     replace(a, b)))
    monkeypatch.setattr(objects_module, "fsync_dir",
                        lambda path: events.append(("fsync_dir", Path(path).name)))
    store = ObjectStore(tmp_path / "objects")
    sha = store.add_bytes(b"first")
    assert events == [("fsync", "file"), ("replace", sha[2:]), ("fsync_dir", sha[:2]),
                      ("fsync_dir", "objects")]
    source = tmp_path / "doc.bin"
    source.write_bytes(b"second, of the same fan-out folder" + bytes(sha[:2], "ascii"))
    events.clear()
    other, _size = store.add_file(source)
    folder_events = [("fsync_dir", other[:2])] + \
        ([("fsync_dir", "objects")] if other[:2] != sha[:2] else [])
    assert events == [("fsync", "file"), ("replace", other[2:]), *folder_events]


def test_a_file_being_stored_by_another_process_is_not_cleared(tmp_path: Path) -> None:
    """`Catalog.open` clears what a killed writer left in the store, not what a live one
    (an `add` in a terminal while the kiosk restarts) is writing right now."""
    store = ObjectStore(tmp_path / "objects")
    with store._incoming() as (fd, tmp):
        os.write(fd, b"half a video")
        ObjectStore(store.root).clear_incoming()  # another start, meanwhile
        assert tmp.exists()
        os.close(fd)
    assert not tmp.exists()
    # what a killed writer left: its lock went with it
    code = ("import os, signal, sys; from pathlib import Path; "
            "from library.objects import ObjectStore; "
            "s = ObjectStore(Path(sys.argv[1])); c = s._incoming(); fd, tmp = c.__enter__(); "
            "os.write(fd, b'half'); os.kill(os.getpid(), signal.SIGKILL)")
    run = subprocess.run([sys.executable, "-c", code, str(store.root)], cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert run.returncode == KILLED
    [left] = store.root.glob(".incoming-*")
    ObjectStore(store.root).clear_incoming()
    assert not left.exists()


def test_a_link_left_by_a_crash_is_pruned_after_the_next_import(station_v1: Path) -> None:
    """A link in `.named/` whose object a crash deleted (as `remove` did before it took
    the links first) held the bytes for good: the next import or sync lets them go."""
    with Catalog.open(DataPaths(station_v1)) as catalog:
        store = catalog.objects
        item = catalog.get("so-tay")
        link = store.named(item.sha256)
        kept = store.named(item.cover_sha256)
        assert link is not None and kept is not None and link != store.path(item.sha256)
        store.path(item.sha256).unlink()  # the crash: object gone, link left
        collect_after_import(catalog)
        assert not link.exists() and kept.exists()
