"""The browse screen's tag chips: tags as common as each other in Vietnamese dictionary
order («Đ…» after «D…», not after «Z…»)."""

from __future__ import annotations

import pytest

from kiosk.controllers.browse import top_tags
from library.catalog import Catalog, Item

pytestmark = pytest.mark.ui


def test_tag_chip_ties_go_in_dictionary_order(catalog: Catalog) -> None:
    catalog.put(Item(id="a", title="A", kind="book", tags=("Zalo", "Đảng", "Em", "Dân")))
    catalog.put(Item(id="b", title="B", kind="book", tags=("Em", "ăn uống", "An toàn")))
    assert top_tags(catalog, None) == ["Em", "An toàn", "ăn uống", "Dân", "Đảng", "Zalo"]
