"""glibc's malloc tuning and trimming, called by name where the C library has them.

Both long-lived processes tune their C heap: the kiosk (`kiosk.memory`) keeps
page buffers out of it and gives its free pages back after each visitor; the
document worker (`library.documents.heap`) keeps what MuPDF frees and gives
it back once a visitor has gone (`worker`'s "rest"). Their reasons differ; the
way to reach glibc is this one. Elsewhere (Windows, macOS, musl) every call is
a no-op that answers False: only speed and memory change, never behaviour.
"""

from __future__ import annotations

import sys

#: `mallopt` parameters, from glibc's <malloc.h>.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3


def call(function: str, *args: int) -> bool:
    """glibc's `function(*args)` (int arguments), its result as a truth; False off Linux
    or where the C library has no such function (musl)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at import: the kiosk's first frame needs none of it (~3 ms)

    try:
        libc = ctypes.CDLL("libc.so.6")  # glibc's soname; asking find_library runs ldconfig
        return bool(getattr(libc, function)(*args))
    except (OSError, AttributeError):
        return False


def mallopt(parameter: int, value: int) -> bool:
    """Set one of malloc's parameters (`M_*` above); True when glibc took it."""
    return call("mallopt", parameter, value)


def trim_heap() -> bool:
    """Return the C heap's free pages to the system (glibc's `malloc_trim(0)`); True when
    some were returned. Walks the whole heap (milliseconds, more after many documents):
    call it when nobody waits."""
    return call("malloc_trim", 0)
