"""A protected OPDS feed's password is not kept in the catalog file.

A station that synced such a feed when its repository id was made from the whole
`user:password@host` holds the password folded into that id (the row, its items'
source, its digests, its kept lines), and every sync kept the address as typed as the
row's title and address. Once the next import has taken the items over under the new
id, no byte of catalog.db holds the password: not a row, not a page SQLite freed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from library.address_passwords import hidden
from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths
from library.repository import status
from library.repository.importer import PASSWORD_LEFT_KEY, import_opds
from library.repository.notices import FEED_ENTRY_SKIPPED, Notice
from library.repository.opds import former_source_ids, source_id

from .helpers import World, new_station
from .test_opds_import import FAST, calibre_site

PASSWORD = "matkhau7f3a"


def _bytes_naming(path: Path, secret: str) -> int:
    """How often `secret` is in the catalog's files, as SQLite left them on disk (any
    case: the former id folded it to lower case)."""
    found = 0
    for name in (path.name, f"{path.name}-wal"):
        part = path.with_name(name)
        if part.exists():
            found += part.read_bytes().lower().count(secret.lower().encode())
    return found


def _as_the_version_before(catalog: Catalog, url: str) -> None:
    """The catalog as a station synced before the id left the password out: everything
    under the former id, the address whole in the row and in a kept warning (a
    publication whose link, made from the feed's address, was dead then)."""
    former = former_source_ids(url)[-1]  # the one with the password in it
    dead = url.replace("/opds", "/get/9.pdf")
    with catalog.atomic():
        catalog.execute("UPDATE items SET source = ?", [former])
        catalog.execute("UPDATE repository_items SET repository = ?", [former])
        catalog.execute("UPDATE repositories SET id = ?, title = ?, url = ?",
                        [former, url, url])
        catalog.execute("DELETE FROM state WHERE key LIKE 'sync.%'")
        status.save_warnings(catalog, former, [status.Warned(
            Notice(f"{dead}: skipped ({dead}: 404 Not Found)",
                   f"Bỏ qua «{dead}»: không tải được", FEED_ENTRY_SKIPPED),
            "2026-01-01T00:00:00Z")])


def _station_as_before(world: World, nginx, tmp_path: Path) -> tuple[DataPaths, str]:
    """A station that synced a protected feed, left as the version before kept it; its
    data folder and the feed's address (password and all)."""
    calibre_site(nginx.www / "calibre-kho")
    url = f"{nginx.url}/calibre-kho/opds".replace("://", f"://kho:{PASSWORD}@")
    paths, catalog = new_station(tmp_path / "data", world)
    with catalog:
        import_opds(paths, catalog, url, settings=FAST)
        _as_the_version_before(catalog, url)
    return paths, url


def test_the_password_leaves_the_catalog_file_at_the_next_import(
        world: World, nginx, tmp_path: Path) -> None:
    paths, url = _station_as_before(world, nginx, tmp_path)
    assert _bytes_naming(paths.catalog_db, PASSWORD) > 0  # what the station had

    with Catalog.open(paths) as catalog:
        # as SQLite is built for Windows: a deleted row's bytes stay where it was (Debian
        # builds it to overwrite them, `secure_delete`; a catalog may have been elsewhere)
        catalog.execute("PRAGMA secure_delete = OFF")
        again = import_opds(paths, catalog, url, settings=FAST)
        assert again.added == [] and again.unchanged == 3  # nothing fetched again
        state = status.get(catalog, source_id(url))
        assert state is not None and [s.id for s in status.all_states(catalog)] == [state.id]
        # the feed is still named, its password hidden, as everywhere it is shown
        assert state.url == state.title == url.replace(f"kho:{PASSWORD}@", "***@")
        assert {i.source for i in catalog.items()} == {state.id}
        # and the station follows it still: the health report and the panel list it
        assert [s.id for s in status.followed_states(catalog, None)] == [state.id]
    assert _bytes_naming(paths.catalog_db, PASSWORD) == 0
    conn = sqlite3.connect(paths.catalog_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_a_rewrite_that_cannot_be_done_now_is_done_at_a_later_import(
        world: World, nginx, tmp_path: Path, monkeypatch) -> None:
    """Writing the file anew needs room for two copies of the catalog: a station short of
    it keeps the mark, and the next import that finds room does it."""
    paths, url = _station_as_before(world, nginx, tmp_path)
    with Catalog.open(paths) as catalog:
        catalog.execute("PRAGMA secure_delete = OFF")
        with monkeypatch.context() as short_of_room:
            short_of_room.setattr(Catalog, "rewrite", lambda self, **_: False)
            import_opds(paths, catalog, url, settings=FAST)
        assert catalog.get_state(PASSWORD_LEFT_KEY) is not None
        import_opds(paths, catalog, url, settings=FAST)  # the row says no password now
        assert catalog.get_state(PASSWORD_LEFT_KEY) is None
    assert _bytes_naming(paths.catalog_db, PASSWORD) == 0


def test_the_station_follows_the_feed_it_keeps_without_its_password(tmp_path: Path,
                                                                    world: World) -> None:
    """The panel and the health report show the sources of the configured addresses: the
    feed's row, its address kept with the password hidden, is still the configured one's."""
    url = "https://kho:matkhau@thuvien.example:8080/opds/"
    paths, catalog = new_station(tmp_path / "data", world)
    config = Config.load(paths.config_file)
    config.set("sync", "unsigned_sources", [url])
    with catalog:
        with catalog.atomic():
            status.save(catalog, status.RepositoryState(
                id=source_id(url), title=hidden(url), url=hidden(url.rstrip("/")),
                status="unsigned"))
        assert [s.id for s in status.followed_states(catalog, config)] == [source_id(url)]
