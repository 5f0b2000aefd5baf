"""Search results as a list model: item roles plus snippet, highlights and page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, Signal

from library.search import Hit

from .items import ROLE_NAMES, item_role
from .roles import RolesModel

_EXTRA = ("snippet", "page", "score")


def snippet_html(hit: Hit, color: str = "#b23f0c") -> str:
    """The snippet as QML StyledText with each highlight bold and coloured.

    Text is escaped first: a catalog title with `<` must not become markup.
    """
    import html  # on the first search, not at launch

    out, last = [], 0
    for a, b in hit.highlights:
        out.append(html.escape(hit.snippet[last:a]))
        out.append(f'<b><font color="{color}">{html.escape(hit.snippet[a:b])}</font></b>')
        last = b
    out.append(html.escape(hit.snippet[last:]))
    return "".join(out)


class ResultsModel(RolesModel):
    """The hits of the current search, best first."""

    countChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ROLE_NAMES + _EXTRA, parent)

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the hits by removing and inserting rows, not by a reset."""
        self.replace_rows(list(hits))
        self.countChanged.emit()

    def hits(self) -> list[Hit]:
        return list(self._rows)

    def _display(self, row: Hit) -> str:
        return row.item.title

    def _value(self, row: Hit, name: str) -> Any:
        if name == "snippet":
            return snippet_html(row)
        if name == "page":
            return row.page or 0
        if name == "score":
            return row.score
        return item_role(row.item, name)

    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)
