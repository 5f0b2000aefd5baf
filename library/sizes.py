"""Byte counts as people read them, in Vietnamese.

One wording for every screen and page that shows a size (the phone pages,
the librarian's panel), so a file is never "2.4 MB" in one place and
"2,4 MB" in another.
"""

from __future__ import annotations


def human_size(size: int) -> str:
    """`2 516 582` → `2,4 MB` (Vietnamese decimal comma)."""
    value = float(size)
    for unit in ("byte", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "byte":
                return f"{int(value)} byte"
            text = f"{value:.1f}".replace(".", ",")
            return f"{text.removesuffix(',0')} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
