"""Tags as common as each other are listed in Vietnamese dictionary order."""

from __future__ import annotations

from library.catalog import Catalog, Item


def test_tag_ties_go_in_dictionary_order(catalog: Catalog) -> None:
    tags = ("Zalo", "Đảng", "Em", "Dân", "ăn uống", "An toàn")
    catalog.put(Item(id="a", title="A", kind="book", tags=tags))
    catalog.put(Item(id="b", title="B", kind="book", tags=("Em",)))
    assert catalog.tag_counts() == [("Em", 2), ("An toàn", 1), ("ăn uống", 1), ("Dân", 1),
                                    ("Đảng", 1), ("Zalo", 1)]
