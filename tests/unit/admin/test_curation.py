"""Curation: the attract loop choice and taking a bulletin down at once."""

from __future__ import annotations

import pytest

from library import curation
from library.catalog import Catalog
from library.demo import load_demo
from library.errors import InvalidInput, NotFound
from library.schedule import Schedule, Slot, load_schedule, save_schedule


@pytest.fixture
def demo(catalog: Catalog) -> Catalog:
    load_demo(catalog)
    return catalog


def test_attract_loop_choice(demo: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = [i.id for i in demo.items(kind="infographic")][:2]
    assert curation.attract_ids(demo) == []
    curation.set_attract(demo, a, True)
    curation.set_attract(demo, b, True)
    curation.set_attract(demo, a, True)  # again: moves to the end, no duplicate
    assert curation.attract_ids(demo) == [b, a]
    demo.set_flags(b, hidden=True)
    assert [i.id for i in curation.attract_items(demo)] == [a]
    curation.set_attract(demo, a, False)
    assert curation.attract_ids(demo) == [b]
    with pytest.raises(NotFound):
        curation.set_attract(demo, "khong-co", True)
    monkeypatch.setattr(curation, "MAX_ATTRACT", 1)
    with pytest.raises(InvalidInput):
        curation.set_attract(demo, a, True)


def test_removed_items_do_not_keep_the_loop_full(demo: Catalog,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Chosen, then removed by a sync or `cafesach remove`: the place is free again."""
    a, b = [i.id for i in demo.items(kind="infographic")][:2]
    monkeypatch.setattr(curation, "MAX_ATTRACT", 1)
    curation.set_attract(demo, a, True)
    demo.remove(a)
    assert curation.set_attract(demo, b, True) == [b]


def test_take_down_hides_and_leaves_the_local_schedule(demo: Catalog) -> None:
    gone, other = [i.id for i in demo.items(kind="bulletin")][:2]
    demo.set_flags(gone, featured=True)
    curation.set_attract(demo, gone, True)
    save_schedule(demo, Schedule((Slot("06:00", (gone,)), Slot("17:00", (gone, other)))))
    save_schedule(demo, Schedule((Slot("12:00", (gone,)),)), source="kho-tinh")
    item = curation.take_down(demo, gone)
    assert item.hidden and not item.featured
    assert curation.attract_ids(demo) == []
    assert load_schedule(demo, source="local") == Schedule((Slot("17:00", (other,)),))
    assert load_schedule(demo, source="kho-tinh").slots[0].bulletins == (gone,)
    assert gone not in {i.id for i in demo.items(kind="bulletin")}


def test_featuring_is_the_librarians_recorded_choice(demo: Catalog) -> None:
    """`set_featured` sets the flag and records the choice that a sync keeps; a removed
    item's choice is forgotten with the next one."""
    a, b = [i.id for i in demo.items()][:2]
    assert curation.featured_choices(demo) == {}
    assert curation.set_featured(demo, a, True).featured
    assert not curation.set_featured(demo, b, False).featured
    assert curation.featured_choices(demo) == {a: True, b: False}
    demo.remove(b)
    curation.set_featured(demo, a, False)
    assert curation.featured_choices(demo) == {a: False}
    with pytest.raises(NotFound):
        curation.set_featured(demo, "khong-co", True)
    assert curation.featured_choices(demo) == {a: False}
