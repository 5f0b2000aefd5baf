"""The statistics sink: where the UI and the core report what was used.

Counts are anonymous by design (see DESIGN.md): per item per day, never who,
never a sequence, never a search string with its time. This module holds the
interface and a sink that drops everything; the librarian panel's statistics
store implements the same methods.
"""

from __future__ import annotations

from typing import Protocol


class StatsSink(Protocol):
    """What callers report. Implementations must never raise into a caller."""

    def item_viewed(self, item_id: str) -> None: ...

    def page_read(self, item_id: str) -> None: ...

    def audio_played(self, item_id: str) -> None: ...

    def qr_shown(self, item_id: str) -> None: ...

    def search_committed(self, query: str, *, found: bool) -> None:
        """A search the visitor acted on (opened a result or tapped search)."""
        ...


class NullSink:
    """Drops every count (the default until a store is configured)."""

    def item_viewed(self, item_id: str) -> None:
        return None

    def page_read(self, item_id: str) -> None:
        return None

    def audio_played(self, item_id: str) -> None:
        return None

    def qr_shown(self, item_id: str) -> None:
        return None

    def search_committed(self, query: str, *, found: bool) -> None:
        return None
