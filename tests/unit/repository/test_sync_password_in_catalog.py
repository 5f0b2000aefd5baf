"""A protected server's password (`sync.server_url = "http://kho:…@…"`) is not kept in
the catalog file: a signed repository's row keeps its address with the password hidden,
and so does the row a failed first sync keeps under the address. The station still
syncs, and still finds its row (its ETag: a 304), because the password it signs in with
is read from the config, never from the row.

A station whose catalog kept the address whole (every version before) has its catalog
written anew at its next sync, as a protected OPDS feed's is
(`test_opds_password_in_catalog.py`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from library.catalog import Catalog
from library.config import Config
from library.errors import LibraryError
from library.paths import DataPaths
from library.repository import status
from library.repository.importer import PASSWORD_LEFT_KEY, fetch_settings, sync

from .helpers import World, index_of, new_station
from .test_opds_password_in_catalog import _bytes_naming

PASSWORD = "matkhau4e9b"


def _following(world: World, root: Path, url: str) -> DataPaths:
    """A station whose `sync.server_url` is `url` (password and all)."""
    paths, catalog = new_station(root, world)
    catalog.close()
    config = Config.load(paths.config_file)
    config.set("sync", "server_url", url)
    config.set("sync", "retries", 0)
    config.save()
    return paths


def _synced(paths: DataPaths, catalog: Catalog):
    config = Config.load(paths.config_file)
    return sync(paths, catalog, config, settings=fetch_settings(config))


def _protected(url: str) -> str:
    return url.replace("://", f"://kho:{PASSWORD}@", 1)


def _hidden(url: str) -> str:
    return url.replace(f"kho:{PASSWORD}@", "***@")


def _intact(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_a_signed_repository_keeps_its_address_without_the_password(
        world: World, nginx, tmp_path: Path) -> None:
    url = _protected(nginx.serve(world.repo_v1, "kho-ky"))
    paths = _following(world, tmp_path / "data", url)
    repository = index_of(world.repo_v1).repository
    with Catalog.open(paths) as catalog:
        first = _synced(paths, catalog)
        assert first.status == "imported" and first.added
        state = status.get(catalog, repository)
        assert state is not None and state.url == _hidden(url)
        # the next sync finds the row by the address hidden: it asks with the row's ETag,
        # and the server's 304 is all it reads
        before = len(nginx.requests())
        again = _synced(paths, catalog)
        assert again.status == "unchanged" and again.requests == 1
        assert '" 304 ' in nginx.requests()[before]
        assert [s.id for s in status.all_states(catalog)] == [repository]
    assert _bytes_naming(paths.catalog_db, PASSWORD) == 0


def test_a_failed_first_sync_is_kept_under_the_address_without_the_password(
        world: World, nginx, tmp_path: Path) -> None:
    url = _protected(f"{nginx.url}/kho-chua-co")  # nothing published there yet: a 404
    paths = _following(world, tmp_path / "data", url)
    with Catalog.open(paths) as catalog:
        catalog.execute("PRAGMA secure_delete = OFF")  # a replaced row's bytes stay
        for _ in range(2):
            try:
                _synced(paths, catalog)
            except LibraryError as exc:  # the failure is the point
                assert PASSWORD not in str(exc)
            else:
                raise AssertionError("a sync of nothing succeeded")
        [failed] = status.all_states(catalog)
        assert failed.id == failed.url == _hidden(url) and failed.status == "error"
        # published now: the first good sync takes the row's place
        nginx.serve(world.repo_v1, "kho-chua-co")
        assert _synced(paths, catalog).status == "imported"
        assert [s.id for s in status.all_states(catalog)] == \
            [index_of(world.repo_v1).repository]
    assert _bytes_naming(paths.catalog_db, PASSWORD) == 0
    _intact(paths.catalog_db)


def test_a_catalog_that_kept_the_address_whole_is_written_anew_at_the_next_sync(
        world: World, nginx, tmp_path: Path) -> None:
    """As the version before kept it: the synced row's address whole, and a failed first
    sync of a mistyped address named by that address, password and all."""
    url = _protected(nginx.serve(world.repo_v1, "kho-cu"))
    mistyped = _protected(f"{nginx.url}/kho-go-nham")
    paths = _following(world, tmp_path / "data", url)
    repository = index_of(world.repo_v1).repository
    with Catalog.open(paths) as catalog:
        _synced(paths, catalog)
        with catalog.atomic():
            catalog.execute("UPDATE repositories SET url = ?", [url])
            catalog.execute("INSERT INTO repositories(id, url, status, message) "
                            "VALUES (?, ?, 'error', '404')", [mistyped, mistyped])
    assert _bytes_naming(paths.catalog_db, PASSWORD) > 0  # what the station had
    with Catalog.open(paths) as catalog:
        catalog.execute("PRAGMA secure_delete = OFF")  # as SQLite is built elsewhere
        assert _synced(paths, catalog).status == "unchanged"  # its row found, password or not
        assert [(s.id, s.url) for s in status.all_states(catalog)] == [
            (repository, _hidden(url))]
        assert catalog.get_state(PASSWORD_LEFT_KEY) is None
    assert _bytes_naming(paths.catalog_db, PASSWORD) == 0
    _intact(paths.catalog_db)
