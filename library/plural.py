"""English counts: "1 file", "2 files" — never "2 file(s)".

The CLI, `publish` and the self-test speak English to technicians and editors,
and a line of theirs reads as a sentence («2 documents set in a collection …»,
«unknown metadata key titel»). Vietnamese has no plural: its lines keep the
count alone («2 tài liệu»).
"""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun for `n` things: `singular` for one, else `plural` (default: with an s)."""
    return singular if n == 1 else plural or singular + "s"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """"1 item", "2 items", "0 items": the count with its noun, singular for one."""
    return f"{n} {noun(n, singular, plural)}"
