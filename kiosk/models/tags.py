"""The browse screen's tag strip as a list model: its chips stay when the tags change."""

from __future__ import annotations

from typing import Any

from .roles import RolesModel


class TagsModel(RolesModel):
    """Tag names, one role `tag`; `set_tags` changes the chips in place (`update_rows`).

    Why not a string list property: QML rebuilds every chip of a view whose
    model is a new list, and each chip destroyed left memory behind.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(("tag",), parent)

    def set_tags(self, tags: list[str]) -> None:
        self.update_rows(list(tags))

    def tags(self) -> list[str]:
        return list(self._rows)

    def _display(self, row: str) -> str:
        return row

    def _value(self, row: str, name: str) -> Any:
        return row
