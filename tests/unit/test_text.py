"""One-line text from outside: what is shown reads as its bytes say."""

from __future__ import annotations

import unicodedata

import pytest

from library.text import one_line

FAMILY = "👨\u200d👩\u200d👧"
CODER = "👩🏽\u200d💻"  # a skin tone before the joiner
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"  # a variation selector before the joiner


@pytest.mark.parametrize("text", [
    "Sổ tay đảng viên",
    unicodedata.normalize("NFD", "Chuyển đổi số ở Đà Lạt"),  # as macOS writes names
    "Bản tin 🌾 ⚠️ 1️⃣",
    f"Gia đình {FAMILY} và {CODER} {RAINBOW_FLAG}",
    "\U0001fa77 hồng",  # an emoji newer than this Python's Unicode tables
])
def test_letters_marks_emoji_and_joined_emoji_are_kept(text: str) -> None:
    assert one_line(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("Bản tin\r\nđặc\x0bbiệt\x00", "Bản tin đặc biệt"),  # control characters
    ("Tin\u2028mới\u2029hôm nay", "Tin mới hôm nay"),  # line and paragraph separators
    ("báo cáo\u202efdp.exe", "báo cáo fdp.exe"),  # right-to-left override
    ("Sở\u200bVH\u2066TT\u2069", "Sở VH TT"),  # zero-width space, bidi isolates
    ("\ufeffHà\u00a0Nội\u3000", "Hà Nội"),  # byte-order mark, odd spaces
    ("đả\u200dng", "đả ng"),  # a joiner inside a word hides nothing any more
    ("\u200d👨 👩\u200d", "👨 👩"),  # a joiner with an emoji on one side only
    ("đảng\U000e0041\U000e0042", "đảng"),  # tag characters (invisible ASCII)
])
def test_what_would_read_differently_becomes_a_space(text: str, shown: str) -> None:
    assert one_line(text) == shown


def test_every_character_kept_is_printable_or_not_yet_assigned() -> None:
    hostile = "".join(map(chr, range(0x2000, 0x2070))) + "\x7f\x85\u061c\u180e\ufff9"
    kept = one_line(f"a{hostile}b")
    assert all(ch.isprintable() or unicodedata.category(ch) == "Cn" for ch in kept), ascii(kept)
    assert "\u202e" not in kept and "\u200b" not in kept
