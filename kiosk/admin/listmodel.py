"""A list of plain dicts as a QML list model (sticks, packs, items to curate, settings).

Why one small class: every panel list is a handful of rows rebuilt after an
action; QML needs a `QAbstractListModel` with named roles to bind delegates
and update a single row (a toggled flag) without rebuilding the view. The
role table, `roleNames`, `rowCount` and `data` come from the kiosk's shared
`RolesModel`; a role's value here is simply the row's key of that name.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, Signal, Slot

from kiosk.models.roles import RolesModel


class RowsModel(RolesModel):
    """Rows of dicts with fixed role names."""

    countChanged = Signal()

    def __init__(self, roles: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(roles, parent)
        self._rows: list[dict[str, Any]] = []

    def _value(self, row: dict[str, Any], name: str) -> Any:
        return row.get(name)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()
        self.countChanged.emit()

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def update_row(self, key: str, value: Any, changes: dict[str, Any]) -> None:
        """Change the row whose `key` equals `value` in place (one delegate repaints)."""
        for number, row in enumerate(self._rows):
            if row.get(key) == value:
                row.update(changes)
                index = self.index(number, 0)
                self.dataChanged.emit(index, index)
                return

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row]) if 0 <= row < len(self._rows) else {}

    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)
