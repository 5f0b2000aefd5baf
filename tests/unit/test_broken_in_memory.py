"""Items found broken whose flag the disk refused are kept shut in the kiosk's memory."""

from __future__ import annotations

import logging

import pytest

from library.broken_in_memory import BrokenInMemory
from library.catalog import Catalog, Item
from library.errors import CatalogError, StorageError

FULL = StorageError("the disk holding the data folder is full")


def refused(error: Exception):
    def write() -> None:
        raise error
    return write


def test_the_disk_refusing_the_flag_keeps_the_item_shut_and_says_it_once(
        caplog: pytest.LogCaptureFixture) -> None:
    shut = BrokenInMemory()
    caplog.set_level(logging.WARNING)
    for _visitor in range(3):
        shut.flag("sach-hong", refused(FULL))
    shut.flag("tin-hong", refused(FULL))
    assert shut.ids() == ["sach-hong", "tin-hong"]
    assert "sach-hong" in shut and "sach-tot" not in shut
    said = [r.getMessage() for r in caplog.records]
    assert said == [f"could not flag sach-hong: {FULL}", f"could not flag tin-hong: {FULL}"]


def test_a_busy_catalog_refusing_the_flag_keeps_nothing(
        caplog: pytest.LogCaptureFixture) -> None:
    """A passing refusal: the next open tries the file and its flag again."""
    shut = BrokenInMemory()
    caplog.set_level(logging.WARNING)
    shut.flag("sach-hong", refused(CatalogError("the catalog is busy")))
    assert shut.ids() == [] and "sach-hong" not in shut
    assert len(caplog.records) == 1


def test_a_flag_the_catalog_takes_keeps_nothing_here(catalog: Catalog) -> None:
    catalog.put(Item(id="sach-hong", title="Sách hỏng", kind="book"))
    shut = BrokenInMemory()
    shut.flag("sach-hong", lambda: catalog.set_flags("sach-hong", broken=True))
    assert shut.ids() == []
    assert shut.is_shut(catalog.get("sach-hong"))


def test_an_item_kept_here_is_shut_until_forgotten() -> None:
    shut = BrokenInMemory()
    item = Item(id="sach-hong", title="Sách hỏng", kind="book")
    assert not shut.is_shut(item)
    shut.flag(item.id, refused(FULL))
    assert shut.is_shut(item)
    assert shut.forget(item.id) is True  # the librarian's «Thử lại»
    assert not shut.is_shut(item)
    assert shut.forget(item.id) is False


def test_still_shut_keeps_the_order_and_leaves_out_the_removed_and_the_flagged(
        catalog: Catalog) -> None:
    """What «Tình trạng» and the report's `broken.in_memory` both name: the items shut in
    memory in the order they failed, as the catalog holds them now, without one removed
    since (nothing to replace) or one flagged since (listed with the flagged)."""
    from library.broken_in_memory import still_shut

    for item_id in ("b-sau", "a-truoc", "da-xoa", "da-gan-co"):
        catalog.put(Item(id=item_id, title=item_id.upper(), kind="book"))
    catalog.remove("da-xoa")
    catalog.set_flags("da-gan-co", broken=True)
    kept = still_shut(catalog, ["b-sau", "da-xoa", "da-gan-co", "a-truoc"])
    assert [(i.id, i.title) for i in kept] == [("b-sau", "B-SAU"), ("a-truoc", "A-TRUOC")]
