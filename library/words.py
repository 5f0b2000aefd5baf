"""An item's own words: whether it has any, what «Nghe» reads, what the reader shows.

Why one module: the detail screen, the reader, «Nghe», the broadcaster and
the schedule screen each asked "does this bulletin have text?" their own
way (any letter in the body; any non-blank body; always, for a bulletin),
so a bulletin whose body was blank, only punctuation or only its own title
line was empty in one place and offered «Nghe» in another. The one rule:

- the words are the body when it has a letter or a digit, else the pages'
  text (a bulletin sent as a document, a book);
- an item has text when those words hold a letter or a digit. A first
  line that only repeats the title is not shown twice on the reader (the
  screen already shows the title), but a notice of one line — «Mất điện
  từ 8 giờ đến 11 giờ» saved as a file, a one-sentence PDF — is that
  line: it is still read aloud and goes on air.

A document's pages are asked with one lookup (`Catalog.has_page_text`),
never by reading a whole book's text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from .errors import NotFound

if TYPE_CHECKING:  # `text` uses this module, and the catalog uses `text`
    from .catalog import Item

#: Kinds that are shown as their text (the reader's text view), not as pages or a player.
TEXT_KINDS = ("bulletin",)
#: Kinds with no words of their own beyond a body (a clip, a recording).
MEDIA_KINDS = ("video", "audio")
#: A line break of any kind `str.splitlines` knows (searched for, not split on: a
#: book's text is long and only its first line is asked about).
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _comparable(text: str) -> str:
    """`text` as two spellings of the same words compare: composed (NFC), case-folded,
    its white space — line breaks of any kind included — one space between words."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def is_title_line(line: str, title: str) -> bool:
    """Whether `line` only repeats `title`: the one comparison the reader, the phone
    pages, the QR note and the search snippets make of a body's first line.

    Bulletins saved as files begin with their own title line, written as the editor
    wrote it: `# title` in Markdown, in capitals, decomposed (NFD, as a Mac saves it)
    while the catalog keeps titles composed, with two spaces between words. All of
    those are the title line; a line with other words is not.
    """
    if not title or len(line) > 4 * len(title) + 16:  # NFD spells a letter in up to 3
        return False
    return _comparable(line.strip().lstrip("#")) == _comparable(title)


def _first_line(text: str) -> tuple[str, str]:
    """(`text`'s first line, the rest), split at the first line break of any kind
    `str.splitlines` knows (`\\n`, `\\r\\n`, an old Mac's `\\r`, U+2028 …)."""
    found = _LINE_BREAK.search(text)
    return (text, "") if found is None else (text[:found.start()], text[found.end():])


def without_title_line(title: str, text: str | None) -> str:
    """`text`, stripped, without a first line that only repeats `title`
    (`is_title_line`: bulletins saved as files begin with their own title line)."""
    body = (text or "").strip()
    first, rest = _first_line(body)
    return rest.strip() if is_title_line(first, title) else body


def has_words(text: str | None) -> bool:
    """Whether `text` holds a letter or a digit (blanks and punctuation alone are no words)."""
    return any(ch.isalnum() for ch in text or "")


def own_text(catalog: Any, item: Item) -> str:
    """The item's words, stripped: the body when it has words, else its pages' text."""
    if has_words(item.body):
        return (item.body or "").strip()
    if item.kind in MEDIA_KINDS:
        return ""
    try:
        return "\n\n".join(catalog.pages(item.id)).strip()
    except NotFound:  # gone meanwhile (a terminal, an import): nothing to show
        return ""


def shown_text(catalog: Any, item: Item) -> str:
    """What the reader's text view shows: the words without a first line repeating the
    title (the line itself when it is all there is), or "" when there are none (the
    screen then says the bulletin is empty)."""
    text = own_text(catalog, item)
    rest = without_title_line(item.title, text)
    return rest if has_words(rest) else text if has_words(text) else ""


def has_text(catalog: Any, item: Item) -> bool:
    """Whether the item has words to show and read aloud (the one rule; see above)."""
    if has_words(item.body):
        return True
    if item.kind in MEDIA_KINDS:
        return False
    if item.kind in TEXT_KINDS:  # short: read whole
        return has_words(own_text(catalog, item))
    try:
        return bool(catalog.has_page_text(item.id))
    except NotFound:
        return False
