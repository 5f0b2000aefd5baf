"""Byte counts as people read them: Vietnamese by default, English on request.

One wording for every screen and page that shows a size (the phone pages,
the librarian's panel), so a file is never "2.4 MB" in one place and
"2,4 MB" in another on the same screen. The phone pages and the command line's
Vietnamese lines use the default; the panel passes the language it shows, and
English messages (an error's `str`) pass "en".
"""

from __future__ import annotations

UNITS = ("byte", "KB", "MB", "GB")


def human_size(size: int, language: str = "vi") -> str:
    """`2 516 582` → `2,4 MB` (Vietnamese decimal comma, "byte" for any count);
    with ``language="en"``: `2.4 MB`, and "1 byte" / "11 bytes". Any other
    language is read as Vietnamese, the station's own."""
    english = language == "en"
    value = float(size)
    for unit in UNITS:
        if value < 1024 or unit == "GB":
            if unit == "byte":
                count = int(value)
                return f"{count} {'bytes' if english and count != 1 else 'byte'}"
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text if english else text.replace('.', ',')} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
