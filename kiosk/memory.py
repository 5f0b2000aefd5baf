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

import sys

M_MMAP_THRESHOLD = -3
THRESHOLD = 256 * 1024


def pin_mmap_threshold() -> bool:
    """Fix glibc's mmap threshold; True when it was set."""
    return _glibc("mallopt", M_MMAP_THRESHOLD, THRESHOLD)


def trim_heap() -> bool:
    """Return the C heap's free pages to the system (glibc's `malloc_trim`); True when
    some were returned. Walks the heap (milliseconds): call it when nobody waits."""
    return _glibc("malloc_trim", 0)


def _glibc(function: str, *args: int) -> bool:
    """glibc's `function(*args)`, its result as a truth; False off Linux or where the C
    library has no such function (musl)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at import: the kiosk's first frame needs none of it (~3 ms)

    try:
        libc = ctypes.CDLL("libc.so.6")  # glibc's soname; asking find_library runs ldconfig
        return bool(getattr(libc, function)(*args))
    except (OSError, AttributeError):
        return False
