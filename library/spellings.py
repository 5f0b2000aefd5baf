"""What a search of typed keys offers when it finds nothing, and whether more matched.

The kiosk's search screen and `cafesach search` both ask here, so the command line
finds what the station finds and offers the same spellings: one way to choose them,
in the core, with the screen keeping only its own state (docs/search.md).
"""

from __future__ import annotations

from typing import Any

from .search import Hit, Search
from .vietnamese import compose, typed_variants

#: Spellings offered when nothing is found: the query's readings the visitor may have meant.
SUGGESTIONS = 4


def shown_text(raw: str, scheme: str = "telex") -> str:
    """The keys `raw` as a field typing in `scheme` shows them (`ddangr` → «đảng»)."""
    return raw if scheme == "plain" else compose(raw, scheme)


def offered_spellings(search: Search, raw: str, *, scheme: str = "telex",
                      limit: int = SUGGESTIONS, **options: Any) -> list[str]:
    """Other readings of the keys `raw`, and shorter queries, that do find something;
    first the query with a slipped letter put right (`dang vein` → `dang vien`).

    Why: a query that finds nothing should lead somewhere a tap (or a second command)
    away. The shorter queries are written as the field shows the keys in `scheme`
    («đảng», not `ddangr`). `options` (`kind`, `include_hidden`) narrow the searches
    that decide whether a spelling finds something, as they narrowed the query's own.
    """
    raw = raw.strip()
    if not raw:
        return []
    candidates = [respelled for variant in typed_variants(raw)
                  if (respelled := search.respell(variant))]
    for typing in ("telex", "vni"):
        composed = compose(raw, typing)
        if composed != raw:
            candidates.append(composed)
    words = shown_text(raw, scheme).split()
    # A single letter left of the query is not offered: `h leo` offered «h», which finds
    # every title with a word in h and leads nowhere the visitor meant («TP» of `TP HCM`
    # does). A word alone is offered from three letters on.
    shorter = [" ".join(words[:-1])] if len(words) > 1 else []
    # letters counted, not marks: `h, leo` left «h,», the same single letter
    candidates += [text for text in shorter if sum(ch.isalnum() for ch in text) > 1]
    candidates += [w for w in words if len(w) > 2]
    out: list[str] = []
    for text in candidates:
        text = text.strip()
        if text and text not in out and search.search_typed(text, limit=1, **options):
            out.append(text)
    return out[:limit]


def more_than_shown(search: Search, raw: str, hits: list[Hit], limit: int) -> bool:
    """Whether more items match the keys `raw` than the `hits` shown, `limit` at most.

    `Search.search_typed` gathers the best few dozen candidates and never counts the
    rest: a list cut at `limit` says "more than `limit`" only when the readings of the
    keys it searched, abbreviations written out and back among them, count more
    (`Search.count_typed`).
    """
    return len(hits) >= limit and search.count_typed(raw.strip(), limit=limit + 1) > len(hits)
