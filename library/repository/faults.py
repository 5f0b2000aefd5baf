"""Named points in import and sync where a test may make the process die.

Production code calls `point(name, detail)` at every step that matters for
crash safety (after each object, around fsync, rename and COMMIT, and as
bytes are written). Normally nothing is installed and a call costs one
attribute lookup; the crash test installs a hook that calls `os._exit`.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[str, int], None]
_hook: Hook | None = None


def point(name: str, detail: int = 0) -> None:
    if _hook is not None:
        _hook(name, detail)


def set_hook(hook: Hook | None) -> None:
    """Install (or, with None, remove) the test-only fault hook."""
    global _hook
    _hook = hook
