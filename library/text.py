"""Text that came from outside, made fit to be shown on one line.

A title, author, tag or key name arrives from a PDF's metadata, a
catalog.toml, a key file or a command line. The kiosk, the panel, the
phone pages and `trust list` show it on one line, and what they show must
read the same as the bytes that are stored: a right-to-left override
(U+202E) would show "fdp.exe" as "exe.pdf", and zero-width marks would make
two names that look alike differ (or hide words in a name). So everything
`str.isprintable()` refuses — control and format characters, line and
paragraph separators, odd spaces — becomes a plain space, and runs of
spaces become one.

Two kinds of character `isprintable` refuses are kept, because refusing
them would change what a reader sees rather than protect it:

- U+200D (zero-width joiner) between two emoji: it is what makes 👨‍👩‍👧
  one family, 👩🏽‍💻 one coder and 🏳️‍🌈 one flag. There it only fuses
  pictures that stand side by side anyway; it cannot reorder, hide or
  change letters. Anywhere else (inside a word) it goes like any other
  invisible mark.
- Code points this Python's Unicode tables do not know yet (category Cn):
  emoji newer than the tables (🩷, 🫨) would otherwise vanish from titles,
  while every character that reorders or hides text is long assigned.

Letters with their marks, composed (NFC) or decomposed (NFD, as macOS
writes file names), are never touched: combining marks are printable.
"""

from __future__ import annotations

import re
import unicodedata

from .words import is_title_line

ZWJ = "\u200d"
#: Between an emoji and a following joiner: variation selectors and skin tones.
_EMOJI_TRAIL = {"\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))}


def _is_emoji(ch: str) -> bool:
    """A pictograph, as far as the standard library can tell (category So)."""
    return unicodedata.category(ch) == "So"


def _joins_emoji(text: str, i: int) -> bool:
    """Whether the joiner at `text[i]` stands between two emoji (after any modifiers)."""
    before = i - 1
    while before >= 0 and text[before] in _EMOJI_TRAIL:
        before -= 1
    return (before >= 0 and _is_emoji(text[before])
            and i + 1 < len(text) and _is_emoji(text[i + 1]))


def _shown(text: str, i: int) -> bool:
    ch = text[i]
    if ch.isprintable():
        return True
    if ch == ZWJ:
        return _joins_emoji(text, i)
    return unicodedata.category(ch) == "Cn"


def one_line(text: str) -> str:
    """`text` as one line that reads as its bytes say (see the module's docstring):
    every character `isprintable` refuses made a space, runs of spaces one, ends trimmed."""
    return " ".join("".join(ch if _shown(text, i) else " "
                            for i, ch in enumerate(text)).split())


#: What stands between two paragraphs of a text shown on one line (a search snippet).
PARAGRAPH_MARK = " · "
#: Invisible characters that stand between words in some texts (a zero-width space
#: where a line may break, a soft hyphen, a byte-order mark, direction marks): the
#: search index takes each for a break between words, and shown as they are the two
#: words read as one.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
#: A paragraph break: a line holding nothing but white space, between two others.
_BLANK_LINE = re.compile(r"\n\s*\n")


def _squash(text: str) -> str:
    return " ".join(text.split())


def paragraphs_in_one_line(text: str, title: str = "") -> str:
    """`text` (a page, a bulletin, a summary) on one line, its words never run together.

    Every line break — `\\n`, `\\r`, `\\r\\n`, U+2028 and the rest of
    `str.splitlines` — and every run of white space is one space, as is each
    invisible character in `_INVISIBLE`. A paragraph break (a blank line, U+2029)
    becomes `PARAGRAPH_MARK`, and so does the break after a first line that only repeats
    `title` (`words.is_title_line`): bulletins saved as files begin with their own title
    line (`# title` in Markdown), which would otherwise read as the start of their first
    sentence ("Thông báo Ngày 12 …"). The line breaks inside a paragraph — a PDF's page text
    has one at the end of every printed line — are spaces.
    """
    # every kind of line break as "\n" (C-speed: a page of 50 lines is asked for at the
    # first keystroke that shows it)
    text = "\n".join(_INVISIBLE.sub(" ", text).replace("\u2029", "\n\n").splitlines())
    paragraphs = _BLANK_LINE.split(text.strip())
    first, _, rest = paragraphs[0].partition("\n")
    if is_title_line(first, title):
        paragraphs[0:1] = [_squash(first.lstrip("#")), rest]
    return PARAGRAPH_MARK.join(shown for part in paragraphs if (shown := _squash(part)))
