"""The home screen's collection tiles: one per kind the station carries, plus "new"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QCoreApplication, QModelIndex, Qt

from library.catalog import Catalog

from .items import Index

#: Order of the tiles and their accent colours (QML picks icons by `key`).
TILES: tuple[tuple[str, str], ...] = (
    ("book", "#2f6fde"),
    ("infographic", "#e2663b"),
    ("bulletin", "#1a9b72"),
    ("handbook", "#b8324a"),
    ("video", "#7b4bd6"),
    ("document", "#5a6b7d"),
    ("audio", "#c28a12"),
    ("new", "#0f8ba8"),
)
NEW = "new"


def tile_name(key: str) -> str:
    """The tile's label in the current language (Vietnamese source strings)."""
    names = {
        "book": QCoreApplication.translate("Collections", "Sách điện tử"),
        "infographic": QCoreApplication.translate("Collections", "Infographic"),
        "bulletin": QCoreApplication.translate("Collections", "Bản tin"),
        "handbook": QCoreApplication.translate("Collections", "Sổ tay"),
        "video": QCoreApplication.translate("Collections", "Video"),
        "document": QCoreApplication.translate("Collections", "Tài liệu"),
        "audio": QCoreApplication.translate("Collections", "Âm thanh"),
        "new": QCoreApplication.translate("Collections", "Mới cập nhật"),
    }
    return names.get(key, key)


_ROLE_NAMES = ("key", "name", "count", "accent")
_ROLES = {Qt.ItemDataRole.UserRole + 1 + i: n for i, n in enumerate(_ROLE_NAMES)}


class CollectionsModel(QAbstractListModel):
    """Tiles for the kinds that have visible items; `new` always last."""

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._rows: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        counts = self._catalog.kind_counts()
        total = sum(counts.values())
        rows = []
        for key, accent in TILES:
            count = total if key == NEW else counts.get(key, 0)
            if count or key == NEW:
                rows.append({"key": key, "name": tile_name(key), "count": count, "accent": accent})
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def keys(self) -> list[str]:
        return [r["key"] for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in _ROLES.items()}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["name"]
        name = _ROLES.get(role)
        return None if name is None else row[name]
