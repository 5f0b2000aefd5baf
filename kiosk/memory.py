"""Keep page buffers out of the C heap, so memory returns after each document; give the
heap's free pages back after each visitor.

Why: every rendered page is a few megabytes of pixels (engine bytes, then a
QImage). glibc raises its mmap threshold after such blocks are freed, so
later pages land in the heap, which fragments and never shrinks: a kiosk
that showed a few hundred documents would keep growing. Pinning the
threshold at 256 KiB keeps every page buffer in its own mapping, given back
to the system the moment it is freed. Elsewhere (Windows, musl) this does
nothing.

The smaller blocks a visitor leaves behind (text layouts, search results,
the reader's delegates) are freed into holes glibc keeps for later: over a
day of visitors the kiosk's memory crept up by a few megabytes an hour
(`bench/soak.py`) although nothing was still in use. `trim_heap`, called
once a visitor has gone, hands those free pages back.
"""

from __future__ import annotations

from library.glibc import M_MMAP_THRESHOLD, mallopt, trim_heap

__all__ = ["THRESHOLD", "pin_mmap_threshold", "trim_heap"]

#: Blocks from this size up get a mapping of their own (glibc's default, before it moves).
THRESHOLD = 256 * 1024


def pin_mmap_threshold() -> bool:
    """Fix glibc's mmap threshold LOW, the opposite of the document worker
    (`library.documents.heap` keeps it high): here a page's pixels must leave with the
    page; True when it was set."""
    return mallopt(M_MMAP_THRESHOLD, THRESHOLD)
