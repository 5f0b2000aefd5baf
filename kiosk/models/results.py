"""Search results as a list model: item roles plus snippet, highlights and page."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    Qt,
    Signal,
)

from library.search import Hit

from .items import ROLE_NAMES, Index, item_role, replace_rows

_EXTRA = ("snippet", "page", "score")
_NAMES = ROLE_NAMES + _EXTRA
_ROLES = {Qt.ItemDataRole.UserRole + 1 + i: n for i, n in enumerate(_NAMES)}


def snippet_html(hit: Hit, color: str = "#d9480f") -> str:
    """The snippet as QML StyledText with each highlight bold and coloured.

    Text is escaped first: a catalog title with `<` must not become markup.
    """
    out, last = [], 0
    for a, b in hit.highlights:
        out.append(html.escape(hit.snippet[last:a]))
        out.append(f'<b><font color="{color}">{html.escape(hit.snippet[a:b])}</font></b>')
        last = b
    out.append(html.escape(hit.snippet[last:]))
    return "".join(out)


class ResultsModel(QAbstractListModel):
    """The hits of the current search, best first."""

    countChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the hits by removing and inserting rows, not by a reset.

        A reset while a view is still building delegates ahead (its cache
        buffer, built asynchronously) makes Qt cancel them by stale indexes;
        row removals and insertions keep the view's bookkeeping exact.
        """
        replace_rows(self, self._hits, list(hits))
        self.countChanged.emit()

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in _ROLES.items()}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.item.title
        name = _ROLES.get(role)
        if name == "snippet":
            return snippet_html(hit)
        if name == "page":
            return hit.page or 0
        if name == "score":
            return hit.score
        return None if name is None else item_role(hit.item, name)

    def _count(self) -> int:
        return len(self._hits)

    count = Property(int, _count, notify=countChanged)
