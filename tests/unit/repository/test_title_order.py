"""Items that arrive by pack keep the title key the lists by title are ordered by."""

from __future__ import annotations

from library.repository.importer import import_from
from library.vietnamese import sort_key

from .helpers import World


def test_imported_items_are_listed_in_dictionary_order(world: World, station) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    rows = catalog.execute("SELECT title, title_key FROM items").fetchall()
    assert len(rows) >= 4 and all(key == sort_key(title) for title, key in rows)
    listed = [i.title for i in catalog.items(include_hidden=True, order="title")]
    assert listed == sorted(listed, key=sort_key)
    assert listed.index("Bản tin chiều") < listed.index("Bản tin sáng thứ hai")
