"""The Qt list-model plumbing every kiosk list shares: rows, named roles, `data()`.

Why a base: the item grid, the search hits and the collection tiles differ
only in what a role holds for a row; the row bounds, the role table and
`roleNames` are the same code, written once here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex

#: `Qt.ItemDataRole.DisplayRole` and `Qt.ItemDataRole.UserRole` (fixed by Qt's ABI).
#: Written as numbers because the first use of PySide's `Qt` namespace builds all its
#: enums (~25 ms); the models are made before the first frame, the namespace after it.
DISPLAY_ROLE = 0
USER_ROLE = 0x0100


class RolesModel(QAbstractListModel):
    """Rows in `self._rows`, roles named by `names` (numbered from `USER_ROLE + 1`).

    Subclasses say what a role holds (`_value`) and what the display role shows
    (`_display`, nothing by default).
    """

    def __init__(self, names: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self._roles = {USER_ROLE + 1 + i: n for i, n in enumerate(names)}
        self._rows: list[Any] = []

    def replace_rows(self, new: list[Any]) -> None:
        """Swap the rows for `new` by removing and inserting rows, not by a reset.

        A reset while a view is still building delegates ahead (its cache
        buffer, built asynchronously) makes Qt cancel them by stale indexes;
        row removals and insertions keep the view's bookkeeping exact.

        The same rows again (a reload after a sync that changed nothing) only
        say their values may read differently (a new language): a visitor's
        scroll position and the delegates stay where they are.
        """
        if new == self._rows:
            self._reread_all()
            return
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows.clear()
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def update_rows(self, new: list[Any]) -> None:
        """Show `new`: rows shown already take their new value in place; only the tail
        is removed or added. Never a reset (see `replace_rows`).

        Why in place: removing every row and inserting the new ones made a view
        destroy each delegate and build it again, at every change of
        collection, tag or order, and Qt leaves memory behind for each
        delegate it destroys (the tag strip alone: about half a MB a change
        of collection; a station's day of visitors grew by hundreds of MB).
        Kept delegates only read their new row's roles.
        """
        old = self._rows
        if new == old:  # the same rows again (a new language, a sync): values re-read
            self._reread_all()
            return
        kept = min(len(old), len(new))
        if len(old) > kept:
            self.beginRemoveRows(QModelIndex(), kept, len(old) - 1)
            del old[kept:]
            self.endRemoveRows()
        changed = [row for row in range(kept) if old[row] != new[row]]
        old[:kept] = new[:kept]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], 0))
        if len(new) > kept:
            self.beginInsertRows(QModelIndex(), kept, len(new) - 1)
            old.extend(new[kept:])
            self.endInsertRows()

    def _reread_all(self) -> None:
        """Every row's values may read differently now (a new language): say so."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def _value(self, row: Any, name: str) -> Any:
        raise NotImplementedError

    def _display(self, row: Any) -> Any:
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in self._roles.items()}

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DISPLAY_ROLE:
            return self._display(row)
        name = self._roles.get(role)
        return None if name is None else self._value(row, name)
