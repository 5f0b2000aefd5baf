"""Tủ sách: hide/show items, choose featured and attract-loop items, take a bulletin down."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from library import curation
from library.catalog import KIND_NAMES_VI, KINDS, Catalog
from library.errors import LibraryError

from .listmodel import RowsModel

ROLES = ("itemId", "title", "kind", "kindName", "hidden", "featured", "attract")


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
        return [{"kind": "", "name": self.tr("Tất cả")}] + [
            {"kind": k, "name": KIND_NAMES_VI.get(k, k)} for k in KINDS if counts.get(k)]

    kinds = Property("QVariantList", _p_kinds, notify=changed)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    @Slot()
    def refresh(self) -> None:
        attract = set(curation.attract_ids(self._catalog))
        items = self._catalog.items(kind=self._kind or None, include_hidden=True,
                                    order="title")
        self.items.set_rows([curation.curation_row(i, attract) for i in items])
        self.changed.emit()

    @Slot(str)
    def setKind(self, kind: str) -> None:
        self._kind = kind
        self.refresh()

    def _after(self, item_id: str, message: str) -> None:
        item = self._catalog.get(item_id)
        attract = set(curation.attract_ids(self._catalog))
        self.items.update_row("itemId", item_id, curation.curation_row(item, attract))
        self._message = message
        self.changed.emit()
        self.catalogChanged.emit()

    @Slot(str, bool)
    def setHidden(self, item_id: str, hidden: bool) -> None:
        try:
            self._catalog.set_flags(item_id, hidden=hidden)
            self._after(item_id, self.tr("Đã ẩn.") if hidden else self.tr("Đã hiện lại."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str, bool)
    def setFeatured(self, item_id: str, featured: bool) -> None:
        try:
            self._catalog.set_flags(item_id, featured=featured)
            self._after(item_id, self.tr("Đã đưa lên mục nổi bật.") if featured
                        else self.tr("Đã bỏ khỏi mục nổi bật."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str, bool)
    def setAttract(self, item_id: str, on: bool) -> None:
        try:
            curation.set_attract(self._catalog, item_id, on)
            self._after(item_id, self.tr("Đã thêm vào vòng chờ.") if on
                        else self.tr("Đã bỏ khỏi vòng chờ."))
        except LibraryError as exc:
            self._fail(exc)

    @Slot(str)
    def takeDown(self, item_id: str) -> None:
        try:
            curation.take_down(self._catalog, item_id)
            self._after(item_id, self.tr("Đã gỡ bản tin xuống."))
        except LibraryError as exc:
            self._fail(exc)

    def _fail(self, exc: LibraryError) -> None:
        self._message = exc.message_vi
        self.changed.emit()
