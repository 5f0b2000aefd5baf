"""Tủ sách: hide/show items, choose featured and attract-loop items, take a bulletin down."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from library import curation
from library.catalog import KINDS, Catalog, Item
from library.errors import LibraryError, NotFound

from ..language import error_text
from ..models.collections import kind_name, tile_name
from .listmodel import RowsModel

ROLES = ("itemId", "title", "kind", "kindName", "hidden", "featured", "attract")


def shelf_row(item: Item, attract: set[str]) -> dict[str, Any]:
    """The core's curation row, its kind named in the kiosk's language: one item's kind
    ("E-book"), as on its card, not the shelf's tile ("E-books")."""
    return {**curation.curation_row(item, attract), "kindName": kind_name(item.kind)}


class ShelfController(QObject):
    changed = Signal()
    catalogChanged = Signal()

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._kind = ""
        self._message = ""
        self.items = RowsModel(ROLES, self)

    def _p_items(self) -> QObject:
        return self.items

    itemsModel = Property(QObject, _p_items, constant=True)

    def _p_kind(self) -> str:
        return self._kind

    kind = Property(str, _p_kind, notify=changed)

    def _p_kinds(self) -> list[dict[str, str]]:
        counts = self._catalog.kind_counts(include_hidden=True)
        return [{"kind": "", "name": QCoreApplication.translate("Shelf", "Tất cả")}] + [
            {"kind": k, "name": tile_name(k)} for k in KINDS if counts.get(k)]

    kinds = Property("QVariantList", _p_kinds, notify=changed)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    @Slot()
    def refresh(self) -> None:
        attract = set(curation.attract_ids(self._catalog))
        items = self._catalog.items(kind=self._kind or None, include_hidden=True,
                                    order="title")
        self.items.set_rows([shelf_row(i, attract) for i in items])
        self.changed.emit()

    @Slot(str)
    def setKind(self, kind: str) -> None:
        self._kind = kind
        self.refresh()

    def _after(self, item_id: str, message: str) -> None:
        item = self._catalog.get(item_id)
        attract = set(curation.attract_ids(self._catalog))
        self.items.update_row("itemId", item_id, shelf_row(item, attract))
        self._message = message
        self.changed.emit()
        self.catalogChanged.emit()

    @Slot(str, bool)
    def setHidden(self, item_id: str, hidden: bool) -> None:
        try:
            self._catalog.set_flags(item_id, hidden=hidden)
            self._after(item_id, QCoreApplication.translate("Shelf", "Đã ẩn.") if hidden
                        else QCoreApplication.translate("Shelf", "Đã hiện lại."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str, bool)
    def setFeatured(self, item_id: str, featured: bool) -> None:
        try:
            curation.set_featured(self._catalog, item_id, featured)
            self._after(item_id, QCoreApplication.translate("Shelf", "Đã đưa lên mục nổi bật.")
                        if featured
                        else QCoreApplication.translate("Shelf", "Đã bỏ khỏi mục nổi bật."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str, bool)
    def setAttract(self, item_id: str, on: bool) -> None:
        try:
            curation.set_attract(self._catalog, item_id, on)
            self._after(item_id, QCoreApplication.translate("Shelf", "Đã thêm vào vòng chờ.") if on
                        else QCoreApplication.translate("Shelf", "Đã bỏ khỏi vòng chờ."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str)
    def takeDown(self, item_id: str) -> None:
        try:
            curation.take_down(self._catalog, item_id)
            self._after(item_id, QCoreApplication.translate("Shelf", "Đã gỡ bản tin xuống."))
        except LibraryError as exc:
            self._fail(exc)

    def _fail(self, exc: LibraryError) -> None:
        if isinstance(exc, NotFound):
            # removed since the list was read (`cafesach remove`, a sync): its row goes,
            # and the visitors' screens let go of it too
            self.refresh()
            self.catalogChanged.emit()
        self._message = error_text(exc)
        self.changed.emit()
