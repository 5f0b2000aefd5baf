"""Search results as a list model: item roles plus snippet, highlights and page."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from PySide6.QtCore import Property, QModelIndex, Signal

from library.search import Hit

from .items import ROLE_FIELDS, ROLE_NAMES, item_role
from .roles import DISPLAY_ROLE, RolesModel

_EXTRA = ("snippet", "page", "score")
#: The fields of the hit (`_EXTRA`) or of its item (`items.ROLE_FIELDS`) each role is
#: made from, where that is not the field of the role's own name.
_FIELDS = {**ROLE_FIELDS, "snippet": ("snippet", "highlights")}


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
    #: Another list than before is shown (a new query): the view goes back to its first row.
    restarted = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ROLE_NAMES + _EXTRA, parent)
        # Each role with where its value comes from: the hit's own fields or its item's.
        self._sources: list[tuple[int, bool, tuple[str, ...]]] = [
            (role, name in _EXTRA, _FIELDS.get(name, (name,)))
            for role, name in self._roles.items()] + [(DISPLAY_ROLE, False, ("title",))]

    def set_hits(self, hits: list[Hit], *, new_query: bool = True) -> None:
        """Show `hits`: rows shown already change in place; only the tail is removed or added.

        `new_query`: the hits of another query than those shown, so the view starts at
        its first row (`restarted`). False for the same query run again (a sync, a new
        language): its hits come back with other scores (the index's statistics moved),
        and the visitor's place in the list stays.

        Why in place: each keystroke brings a new list, mostly the same items
        again with another snippet. Removing every row and inserting the new
        ones made the view destroy and build every visible result card again
        (each with its text laid out and shortened) — most of a keystroke's
        time. Rows kept say which of their roles changed, so a card whose item
        stayed only lays out its new snippet. Never a reset (see
        `RolesModel.replace_rows`).
        """
        new = list(hits)
        old = self._rows
        if new == old:  # the same search again (a new language, a sync): values re-read
            self.replace_rows(new)
            self.countChanged.emit()
            return
        kept = min(len(old), len(new))
        if len(old) > len(new):
            self.beginRemoveRows(QModelIndex(), kept, len(old) - 1)
            del old[kept:]
            self.endRemoveRows()
        changed = [self._changed_roles(old[row], new[row]) for row in range(kept)]
        old[:kept] = new[:kept]
        first = 0
        for roles, run in groupby(changed):  # one signal for each run of rows with the same roles
            end = first + len(list(run))
            if roles:
                self.dataChanged.emit(self.index(first, 0), self.index(end - 1, 0), list(roles))
            first = end
        if len(new) > kept:
            self.beginInsertRows(QModelIndex(), kept, len(new) - 1)
            old.extend(new[kept:])
            self.endInsertRows()
        self.countChanged.emit()
        if new_query:
            self.restarted.emit()

    def _changed_roles(self, old: Hit, new: Hit) -> tuple[int, ...]:
        """The roles whose values differ between two hits.

        Read from the fields each role is made from, not from the roles' values:
        a cover's URL looks its file up in the store (`images.CoverFiles`), and
        30 rows of a dozen roles are compared at every keystroke.
        """
        same_item = old.item == new.item
        changed = []
        for role, own, fields in self._sources:
            if not own and same_item:
                continue
            a, b = (old, new) if own else (old.item, new.item)
            if any(getattr(a, f) != getattr(b, f) for f in fields):
                changed.append(role)
        return tuple(changed)

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
