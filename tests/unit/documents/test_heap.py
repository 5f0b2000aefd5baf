"""The worker's malloc keeps freed page-sized blocks instead of mapping them anew."""

from __future__ import annotations

import subprocess
import sys

import pytest

from library.documents.heap import keep_freed_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")

#: Allocate, fill and free two blocks the size of a decoded photo, five times (as MuPDF does
#: for a page with two photos, page after page); print the page faults of the last four.
_ROUNDS = """
import ctypes, resource, sys
sys.path.insert(0, {root!r})
if {tuned}:
    from library.documents.heap import keep_freed_memory
    assert keep_freed_memory()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = (ctypes.c_size_t,)
libc.free.argtypes = (ctypes.c_void_p,)
size = 6 * 1024 * 1024
faults = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = [libc.malloc(size) for _ in range(2)]
    for block in blocks:
        ctypes.memset(block, 255, size)
    for block in blocks:
        libc.free(block)
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(sum(faults[1:]))
"""


def _later_faults(tuned: bool) -> int:
    root = str(__import__("pathlib").Path(__file__).resolve().parents[3])
    out = subprocess.run([sys.executable, "-c", _ROUNDS.format(root=root, tuned=tuned)],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip())


def test_a_block_freed_is_reused_without_page_faults() -> None:
    pages = 4 * 2 * (6 * 1024 * 1024 // 4096)  # pages written in the four later rounds
    # glibc alone gives the freed blocks back and maps them again: every page faults.
    # A C library (or MALLOC_* setting) that keeps them by itself leaves nothing to show.
    if _later_faults(tuned=False) <= pages // 2:
        pytest.skip("this C library keeps freed blocks of this size by itself")
    # kept in the heap, the later rounds write into pages already there
    assert _later_faults(tuned=True) < pages // 20


def test_no_tuning_where_there_is_no_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert keep_freed_memory() is False
