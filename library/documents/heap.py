"""The worker keeps the memory MuPDF frees, instead of giving it back after every page.

glibc's malloc serves a big block (a decoded photo: 1600×1200 RGB is 5.8 MB)
from fresh `mmap` memory and unmaps it at `free`. The next page's photo of
the same size is mapped again, and every 4 KiB of it is a page fault the
kernel must zero: on the bench's image pages ~1,100 faults a page at
1080×1920, at ~2–5 µs each on a virtual machine. glibc's own rule raises
the threshold only after a block is freed, and only to that block's size,
so a block of the same size is mapped again.

The worker is one long-lived process that draws page after page, so it
keeps blocks up to `MMAP_THRESHOLD` in its heap and gives the heap's top
back only past `TRIM_THRESHOLD` (the most glibc's own rule ever moves to).
What it holds over many documents is not set by this but by MuPDF's store
(up to 256 MB of decoded pictures, kept across documents) and the holes
between what the store keeps: about 800 MB after forty picture documents,
with glibc's own rule as with this, level from then on, and inside the
worker's RLIMIT_AS (`worker.limit_memory`; docs/performance.md, "The
worker's memory over many documents"), until a visitor has gone: then the
worker empties the store and trims its heap (`worker.rest`).

This is the opposite of the kiosk process (`kiosk.memory`), which maps
every page buffer on its own: there a page's pixels leave with the page,
here the same few block sizes come back page after page.
"""

from __future__ import annotations

from library.glibc import M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, mallopt

#: Blocks smaller than this come from the heap and are reused (glibc caps its own at 32 MiB).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free memory at the heap's top beyond this goes back to the system.
TRIM_THRESHOLD = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Tune this process' malloc as above (the threshold HIGH, where the kiosk pins it
    low); False where there is no glibc `mallopt` (Windows, macOS, musl), which changes
    only speed."""
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD,
                                                                 TRIM_THRESHOLD)
