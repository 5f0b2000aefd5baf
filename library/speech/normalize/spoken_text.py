"""The spoken text and its offset map back to the written text.

Read-along highlighting lights the written words while the voice says the spoken ones,
so every stretch of spoken text knows which stretch of the original it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """Spoken text [start, end) came from original text [orig_start, orig_end)."""

    start: int
    end: int
    orig_start: int
    orig_end: int
    verbatim: bool  # copied unchanged: positions inside map one to one


@dataclass
class SpokenText:
    """What the voice reads, and where each part of it stands in the original."""

    original: str
    text: str = ""
    segments: list[Segment] = field(default_factory=list)

    def append(self, spoken: str, orig_start: int, orig_end: int, *, verbatim: bool) -> None:
        """Add `spoken`, said for original [orig_start, orig_end) (nothing when empty)."""
        if not spoken:
            return
        start = len(self.text)
        self.text += spoken
        self.segments.append(Segment(start, len(self.text), orig_start, orig_end, verbatim))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map spoken [start, end) back to the smallest original span that covers it."""
        if not self.segments:
            return (0, 0)
        end = max(end, start + 1)
        starts = [s.start for s in self.segments]
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, end - 1) - 1, first)
        a, b = self.segments[first], self.segments[last]
        o_start = a.orig_start + (start - a.start) if a.verbatim else a.orig_start
        o_end = b.orig_start + (end - b.start) if b.verbatim else b.orig_end
        o_start = min(max(o_start, a.orig_start), a.orig_end)
        o_end = min(max(o_end, b.orig_start), b.orig_end)
        return (o_start, max(o_end, o_start))

    def is_empty(self) -> bool:
        return not any(c.isalnum() for c in self.text)
