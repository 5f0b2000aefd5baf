"""Vietnamese full-text search over the catalog.

Text is folded (`vietnamese.fold`) at index and query time, so `chuyen doi so`,
`Chuyển đổi số` and `CHUYEN DOI SO` all find the same items. Ranking, best
first:

1. title hits (with the marks the visitor typed, when they typed any: a title
   with other marks is another word, `Dòng` for `đồng`, and ranks below a page
   with the word as typed);
2. the query's syllables standing together and in order (`đảng viên` as a
   phrase, not `đảng … viên` scattered across a page);
3. syllables found with exactly the marks typed (`đường` above `dương`; wherever
   the tone stands, `hòa` is `hoà`; the last syllable, still being typed, with what
   it may yet become: `đang` on its way to `đảng`);
4. SQLite's bm25, titles weighted above authors, tags and summary.

Candidates come from up to three small FTS5 passes, each limited: metadata
(titles, authors, tags, summary), pages through the index of adjacent
syllable pairs (`dang_vien`: the syllables together, one lookup), then pages
holding every syllable anywhere. A pass is ranked by bm25 only when it has few
enough matches to rank within a frame; otherwise its newest matches are taken.
The metadata pass always adds the items whose titles match, found by a
title-only pass (ranked among themselves, or the newest of them when they too
are too many): with few matches, to those bm25 picked; with too many, first,
then the newest of the rest. So a title hit is never left out of the
candidates, whatever bm25 thinks of the rest of its metadata.
Page passes gather distinct items, each at its best page, so a long book whose
every page matches cannot crowd the other documents out of the candidates.
Only the candidates are re-ranked in Python, and only the hits shown get a
snippet, matched in the text's `base_letters` (every letter as the plain
letter it folds to, one for one) so the highlights fall on the original text
and keep their marks. The last syllable is a prefix while typing;
prefix indexes up to six letters make every keystroke a direct lookup, and
what one keystroke read (items, pages, which passes match few documents)
serves the next until the catalog changes (`_Memo`).
Nothing in a query is FTS syntax: every syllable is quoted, so `"`, `*`, `(`,
`NEAR`, `-` and `:` are searched as text. Figures: docs/performance.md.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .catalog import Catalog, Item, _row_to_item
from .text import PARAGRAPH_MARK, paragraphs_in_one_line
from .vietnamese import (
    ABBREVIATIONS,
    abbreviation_readings,
    base_letters,
    begins_syllable,
    compose,
    fold,
    has_marks,
    is_syllable,
    plain_syllable,
    same_marks_re,
    spelling,
    syllables,
    typed_variants,
)

CANDIDATES = 30
#: Above this many matches a pass takes the newest instead of ranking them all.
RANK_LIMIT_ITEMS = 800
RANK_LIMIT_PAGES = 300
#: Matching titles ranked when the metadata has too many matches to rank (a
#: title-only pass reads every syllable's matches to find the titles: ranking
#: 800 of them cost 4–9 ms a keystroke; above this, the newest titles).
RANK_LIMIT_TITLES = 300
#: Matching pages read, newest first, to find `CANDIDATES` distinct items
#: when there are too many to rank (bounds a keystroke's work).
PAGE_SCAN_LIMIT = 4000
SNIPPET_CHARS = 160
_TITLE_WEIGHTS = "10.0, 4.0, 4.0, 1.0"


@dataclass(frozen=True)
class Hit:
    """One search result: the item, where it matched, and a snippet to show."""

    item: Item
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    page: int | None  # numbered from 1; None when the match is in the metadata

    def marked_snippet(self, start: str = "[", end: str = "]") -> str:
        """The snippet with each highlight wrapped in `start`/`end`."""
        out, last = [], 0
        for a, b in self.highlights:
            out += [self.snippet[last:a], start, self.snippet[a:b], end]
            last = b
        out.append(self.snippet[last:])
        return "".join(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "title": self.item.title,
            "kind": self.item.kind,
            "snippet": self.snippet,
            "highlights": [list(h) for h in self.highlights],
            "page": self.page,
            "score": round(self.score, 4),
        }


@dataclass
class _Candidate:
    num: int
    bm25: float = 0.0
    page_num: int | None = None  # pages.num of the best page
    together: bool = False  # found through the syllable-pair index


def _terms(query: str) -> list[str]:
    """The folded syllables of a query; a visitor never types more than 12, and the
    cap keeps every query cheap."""
    return syllables(fold(query))[:12]


#: A word typed for a name written in parts is looked for as those parts standing
#: together (`_name_parts`): in at most this many parts, for words up to this long.
NAME_PARTS = 3
NAME_LETTERS = 10


@lru_cache(maxsize=4096)
def _name_parts(term: str, begun: bool) -> tuple[tuple[str, ...], ...]:
    """The ways to read `term`, a folded word no Vietnamese syllable is spelled as (for
    the last one while typed, `begun`: none begins so), as two or three words written
    apart: `hleo` → `h leo`, `hl eo`…; `eahleo` → `ea h leo`, …; `daklak` → `dak lak`.
    Each part but an unfinished last is one letter or holds a vowel, and a lone
    consonant is never last (the H of «H'leo» comes before its word; `traic`, Telex
    for `trafic`, is no «trại, c…»). Empty for a
    syllable, an abbreviation, a number or a long foreign word, and for Telex keys
    of a syllable (`_telex_keys_of_a_syllable`: `chuyeen`, `nguwow` while typed).

    Why: names of the Central Highlands are written in parts, with an apostrophe or a
    space («Ea H'leo», «Cư M'gar», «Krông A Na»), and visitors type them joined, as
    the road signs often do (`Eahleo`, `Cumgar`, `Krongana`): the index holds the
    parts, each its own token. Read at query time, not indexed joined: any name in
    any text is found, the index stays as it is (no catalog to index again), and
    words typed as Vietnamese syllables — nearly all — cost nothing more.
    """
    if not (2 <= len(term) <= NAME_LETTERS and term.isascii() and term.isalpha()) \
            or term in ABBREVIATIONS or plain_syllable(term, begun=begun):
        return ()
    if _telex_keys_of_a_syllable(term, begun):
        return ()
    readings = []
    for cuts in itertools.chain.from_iterable(
            itertools.combinations(range(1, len(term)), n) for n in range(1, NAME_PARTS)):
        parts = tuple(term[a:b] for a, b in zip((0, *cuts), (*cuts, len(term)), strict=True))
        if all(len(p) == 1 or any(v in p for v in "aeiouy")
               for p in (parts[:-1] if begun else parts)) \
                and not (len(parts[-1]) == 1 and parts[-1] not in "aeiouy"):
            readings.append(parts)
    return tuple(readings)


#: Telex keys that make letters (â ê ô, ă ơ ư, đ), not names' letters.
_TELEX_LETTER_KEYS = ("aa", "ee", "oo", "dd", "w")


def _telex_keys_of_a_syllable(term: str, begun: bool) -> bool:
    """Whether `term` is Telex keys for a Vietnamese syllable (for the last word while
    typed, `begun`, the beginning of one): keys that make a letter (`chuyeen`, `nguwow`)
    or a tone typed last (`chuyens`), composing a syllable.

    Why: `search_typed` searches the keys as typed beside their composition, and read
    as a name in parts they found nothing yet cost every keystroke of a word typed in
    Telex (CPU p95 7.7 → 12.2 ms on the bench's catalog). A tone key inside a name's
    letters (`chuse`, «Chư Sê») is no such typing: that name is still read in parts.
    """
    if not (term.endswith(("s", "f", "r", "x", "j"))
            or any(key in term for key in _TELEX_LETTER_KEYS)):
        return False
    composed = compose(term, "telex")
    return composed != term and (begins_syllable if begun else is_syllable)(composed)


def _titles_only(terms: list[str], prefix: bool) -> bool:
    """Whether a query is answered by titles (and the rest of an item's metadata) alone:
    one or two letters typed alone, which would match most pages of the library. The
    list and its count (`Search.count_typed`: «Hơn 30») read it the same way."""
    return prefix and len(terms) == 1 and len(terms[0]) < 3


def _fts_terms(terms: list[str], prefix: bool) -> tuple[str, str, str]:
    """(all syllables, adjacent pairs, all syllables in pages) as FTS5 queries; every
    token is quoted.

    A word that may be a name typed joined (`_name_parts`) is itself or its parts
    together: in titles and the rest of the metadata a phrase (`"ea h leo"`), in pages
    the parts' pair tokens (`pairs : "ea_h h_leo"`: 0.04 ms on the bench's pages, where
    the phrase `"dak lak"` of two common syllables took 2–7 ms). The adjacent pairs
    are those of the words as typed (`dak_lak` for `dak lak`, whose `dak` may be
    parts too): pages where the typed words stand together.
    """
    last = len(terms) - 1
    quoted, in_pages, joined = [], [], False
    for i, term in enumerate(terms):
        star = "*" if prefix and i == last else ""
        parts = _name_parts(term, prefix and i == last)
        quoted.append(f'"{term}"{star}')
        in_pages.append(f'body : "{term}"{star}')
        if parts:
            joined = True
            quoted[-1] = "(" + " OR ".join(
                [quoted[-1], *(f'"{" ".join(p)}"{star}' for p in parts)]) + ")"
            pair_tokens = (" ".join(f"{a}_{b}" for a, b in itertools.pairwise(p)) for p in parts)
            in_pages[-1] = "(" + " OR ".join(
                [in_pages[-1], *(f'pairs : "{pairs}"{star}' for pairs in pair_tokens)]) + ")"
    pairs = [f'"{a}_{b}"' for a, b in itertools.pairwise(terms)]
    if prefix and pairs:
        pairs[-1] += "*"
    if joined:
        return " AND ".join(quoted), " ".join(pairs), " AND ".join(in_pages)
    all_q = " ".join(quoted)
    return all_q, " ".join(pairs), f"body : ({all_q})"


def _pairs_phrase(terms: list[str], prefix: bool) -> str:
    """The pairs of `terms` as one FTS5 phrase in the pair index: pages where all the
    syllables stand together, in order (`"ho_chi chi_minh"`).

    Why not the pairs each anywhere (`_fts_terms`' pairs, enough to rank by): a page
    saying «Hồ Chí đi chợ» and «chí minh bạch» holds both pairs of `ho chi minh`
    apart, and an abbreviation written out (`together`) must not find it.
    """
    return ('"' + " ".join(f"{a}_{b}" for a, b in itertools.pairwise(terms)) + '"'
            + ("*" if prefix else ""))


def _word_start(first: str, rest: str) -> str:
    r"""`first` + `rest` at the start of a word, `first` being a one-letter regex.

    The same matches as `(?<!\w)` + `first` + `rest` when `first` matches only
    word characters (a syllable's first letter always does): the look-behind
    moves after the letter, where it asks "no word character before this
    letter". A pattern that opens with its letter lets `re` jump from
    candidate to candidate instead of trying every position: a page scan
    3–5× faster, and snippets scan every shown page once per syllable.
    """
    return first + r"(?<!\w\w)" + rest


@lru_cache(maxsize=4096)
def _syllable_re(term: str, whole: bool, lead: str | None = None) -> re.Pattern[str]:
    """One syllable at the start of a word (or after `lead`) of `base_letters`
    text: the syllable as written, any marks and case, at the same place in the
    original. Compiled once per process; a plain pattern compiles in ~20 µs
    (one of mark-insensitive letter classes took ~0.5 ms, at every keystroke)."""
    tail = r"(?!\w)" if whole else ""
    if _name_parts(term, not whole):  # a name typed joined: `hleo` is «H'leo», «H leo»
        rest = "".join(r"\W*" + re.escape(c) for c in term[1:])
    else:
        rest = re.escape(term[1:])
    if lead is None and re.match(r"\w", term[:1]):
        return re.compile(_word_start(re.escape(term[0]), rest) + tail)
    return re.compile((r"(?<!\w)" if lead is None else lead) + re.escape(term[:1]) + rest
                      + tail)


class _Marked:
    """A syllable the visitor typed with marks, looked for in a text with those marks
    (`vietnamese.same_marks`): `hòa` finds `hoà` as written in the text, `đường` does
    not find `dương`. The last syllable, while it is still being typed, finds the words
    it may yet become (`đang`, keys `ddang`, finds `đảng` before the `r`)."""

    def __init__(self, typed: str, unfinished: bool) -> None:
        self.pattern = same_marks_re(typed, unfinished=unfinished)
        #: while still typed, the syllable as typed so far: a title saying `đang` is
        #: what `ddang` spells now, above one saying `đảng` it may become (a tie else)
        self.as_typed = same_marks_re(typed) if unfinished else None

    def search(self, lowered: str) -> bool:
        """Whether `lowered` (a lower-cased text) holds the syllable so marked."""
        return self.pattern.search(lowered) is not None


class _Phrase:
    """The query's syllables standing together, in order, separated only by spaces
    or punctuation — matched syllable by syllable instead of compiling one regex
    per keystroke."""

    def __init__(self, terms: list[str], prefix: bool) -> None:
        last = len(terms) - 1
        self.first = _syllable_re(terms[0], not (prefix and last == 0))
        self.rest = [_syllable_re(t, not (prefix and i == last), r"[\W_]+")
                     for i, t in enumerate(terms[1:], start=1)]

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        for m in self.first.finditer(text):
            end = m.end()
            for follower in self.rest:
                nxt = follower.match(text, end)
                if nxt is None:
                    break
                end = nxt.end()
            else:
                yield m.start(), end

    def search(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)


def _term_patterns(terms: list[str], prefix: bool) -> tuple[list[re.Pattern[str]], _Phrase]:
    """Matchers for each syllable and for all of them together, on `base_letters`
    of the original (marked, mixed-case) text: what they find is highlighted in
    the original at the same places."""
    last = len(terms) - 1
    pats = [_syllable_re(t, not (prefix and i == last)) for i, t in enumerate(terms)]
    return pats, _Phrase(terms, prefix)


_Shape = tuple[str, tuple[str, ...], bool]  # (pass, folded syllables, last is a prefix)


def _within(narrow: _Shape, wide: _Shape) -> bool:
    """True when every match of the pass `narrow` is also a match of `wide`.

    As-you-type, each keystroke's query is the previous one with its last
    syllable longer or a syllable more: `chuyen d*` ⊇ `chuyen do*` ⊇ `chuyen
    doi so*`. That holds for all three passes (every syllable anywhere, the
    adjacent pairs, the metadata). Only plain letters and digits are compared,
    so each syllable is one token to both tokenizers.
    """
    (kind, terms, prefix), (wide_kind, wide_terms, wide_prefix) = narrow, wide
    last = len(wide_terms) - 1
    if kind != wide_kind or last < 0 or len(terms) <= last or terms[:last] != wide_terms[:last]:
        return False
    if not all(t.isascii() and t.isalnum() for t in (*terms, *wide_terms)):
        return False
    if wide_prefix:
        return terms[last].startswith(wide_terms[last]) and (
            kind in ("pairs", "together")
            or _parts_within(terms[last], prefix and len(terms) == last + 1, wide_terms[last]))
    return terms[last] == wide_terms[last] and not (prefix and len(terms) == last + 1)


def _parts_within(term: str, begun: bool, wide: str) -> bool:
    """Whether every reading of `term` in parts (`_name_parts`: `dak` as `d ak`) holds a
    reading of `wide`, typed last, as parts: `wide`'s parts but its last alike, and
    that last begun. `da*` has no parts and holds no `d ak`: a syllable's beginning
    that grew into a name is asked again."""
    wide_readings = [(wide,), *_name_parts(wide, True)]
    return all(any(len(w) <= len(n) and n[:len(w) - 1] == w[:-1]
                   and n[len(w) - 1].startswith(w[-1]) for w in wide_readings)
               for n in _name_parts(term, begun))


class _Memo:
    """What one keystroke learnt that the next can use, while the catalog stays as it was.

    Items and page texts shown for one keystroke are mostly shown again for
    the next (the same newest or best documents), and a pass known to match
    few documents for `chuyen d` matches fewer still for `chuyen do`, so its
    probe need not be asked again. Everything is forgotten when the catalog
    changes: a write on this connection moves `total_changes`, another
    connection's commit moves `PRAGMA data_version`. Inside an open
    transaction nothing is kept (it may yet roll back).
    """

    ITEMS = 2000  # items kept (a keystroke ranks up to 90 and shows up to 30)
    TEXTS = 400  # pages kept (a keystroke shows up to 30)
    TEXT_CHARS = 2_000_000  # characters of texts kept with their base letters or spacing
    SHAPES = 32  # per pass

    def __init__(self) -> None:
        self.stamp: tuple[int, int] | None = None
        # texts → their `base_letters` and (with their item's title) on one line: pure
        # functions of them, so kept across catalog changes
        self.bases: dict[str, str] = {}
        self.spaced: dict[tuple[str, str], str] = {}
        self.text_chars = 0
        self.items: dict[int, Item] = {}
        self.pages: dict[int, tuple[int, str]] = {}
        # per pass: shapes with at most their ranking frame of matches, and with more
        self.few: dict[str, list[_Shape]] = {}
        self.many: dict[str, list[_Shape]] = {}

    def check(self, catalog: Catalog) -> bool:
        """Forget everything if the catalog changed; False while nothing may be kept."""
        conn = catalog.conn
        stamp = None if conn.in_transaction else (conn.total_changes, catalog.data_version())
        if stamp is None or stamp != self.stamp:
            self.items, self.pages, self.few, self.many = {}, {}, {}, {}
            self.stamp = stamp
        return stamp is not None

    def keep(self, store: dict[int, Any], key: int, value: Any) -> None:
        if self.stamp is None:
            return
        if len(store) >= (self.ITEMS if store is self.items else self.TEXTS):
            store.clear()
        store[key] = value

    def base(self, text: str) -> str:
        """`base_letters(text)`, worked out once per text."""
        plain = self.bases.get(text)
        if plain is None:
            self._count_chars(text)
            plain = self.bases[text] = base_letters(text)
        return plain

    def spaces(self, text: str, title: str) -> str:
        """`text` on one line (`paragraphs_in_one_line`), worked out once per text."""
        single = self.spaced.get((text, title))
        if single is None:
            self._count_chars(text)
            single = self.spaced[text, title] = paragraphs_in_one_line(text, title)
        return single

    def _count_chars(self, text: str) -> None:
        """Bound what the text caches hold (long pages weigh more than titles)."""
        self.text_chars += len(text)
        if self.text_chars > self.TEXT_CHARS:
            self.bases, self.spaced, self.text_chars = {}, {}, len(text)

    def known(self, shape: _Shape) -> bool | None:
        """True/False when the shape's probe answer follows from an earlier one."""
        if any(_within(shape, wide) for wide in self.few.get(shape[0], ())):
            return True
        if any(_within(narrow, shape) for narrow in self.many.get(shape[0], ())):
            return False
        return None

    def learn(self, shape: _Shape, few: bool) -> None:
        if self.stamp is None:
            return
        shapes = (self.few if few else self.many).setdefault(shape[0], [])
        if len(shapes) >= self.SHAPES:
            del shapes[: self.SHAPES // 2]
        shapes.append(shape)


class Search:
    """Search over one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.sql = catalog
        self._memo = _Memo()

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        prefix: bool = True,
        include_hidden: bool = False,
        kind: str | None = None,
        together: bool = False,
    ) -> list[Hit]:
        """Items matching `query`, best first. `prefix`: the last syllable may be unfinished.
        `together`: only items where its syllables stand together, in order (in a title,
        summary or page): a phrase written out from an abbreviation (`hcm`: «Hồ Chí
        Minh», not a page saying «hỗ trợ», «chi bộ» and «minh bạch»)."""
        query = unicodedata.normalize("NFKC", query or "")
        terms = _terms(query)
        if not terms:
            return []
        all_q, pairs_q, pages_q = _fts_terms(terms, prefix)
        filters, params = self._filters(include_hidden, kind)
        found: dict[int, _Candidate] = {}
        self._memo.check(self.catalog)
        shape = tuple(terms), prefix

        for num, rank in self._metadata_pass(all_q, filters, params, shape):
            found.setdefault(num, _Candidate(num, bm25=rank * 2))

        page_rows: list[tuple[Any, ...]] = []
        if len(terms) > 1:
            # Pages where the syllables stand together, found through the pair index
            # (with `together`, all of them in one run: `_pairs_phrase`).
            page_rows = self._page_pass(
                f"pairs : {_pairs_phrase(terms, prefix)}" if together
                else f"pairs : ({pairs_q})", filters, params,
                ("together" if together else "pairs", *shape))
            for _, item_num, _ in page_rows:
                found.setdefault(item_num, _Candidate(item_num)).together = True
        if len(page_rows) < CANDIDATES and not _titles_only(terms, prefix) \
                and not (together and len(terms) > 1):
            # Then pages holding every syllable anywhere.
            page_rows += self._page_pass(pages_q, filters, params,
                                         ("body", *shape))
        for page_num, item_num, rank in page_rows:
            cand = found.setdefault(item_num, _Candidate(item_num))
            if cand.page_num is None:
                cand.page_num = page_num
                cand.bm25 = min(cand.bm25, rank)
        if not found:
            return []
        return self._rank(query, terms, prefix, found, limit, together=together)

    def count(self, query: str, *, limit: int = 1000, include_hidden: bool = False,
              kind: str | None = None, prefix: bool = True, together: bool = False) -> int:
        """How many items hold every syllable of `query` (the last a prefix), up to `limit`;
        `prefix` and `together` as `search` takes them.

        `search` gathers the best few dozen candidates and never counts the
        rest; a list showing 30 of them must still say how many there are.
        """
        return len(self._matching(query, limit=limit, include_hidden=include_hidden, kind=kind,
                                  prefix=prefix, together=together))

    def count_typed(self, raw: str, *, limit: int = 1000, **options: Any) -> int:
        """How many items `search_typed(raw)` may list, up to `limit`: those of every
        reading it searches (Telex, VNI, as typed, abbreviations written out and back),
        each item once.

        Why: the kiosk says «Hơn 30» when more match than it shows; counting only the
        typed readings left out what an abbreviation found (`ubnd` ↔ «Ủy ban nhân
        dân»), and the count disagreed with the list.
        """
        raw = unicodedata.normalize("NFKC", raw or "").strip()
        found: set[int] = set()
        narrowing = {k: v for k, v in options.items() if k in ("include_hidden", "kind")}
        raw_found = bool(raw) and bool(self._matching(raw, limit=1, **narrowing))
        for reading, extra, _abbreviated in _typed_readings(
                raw, raw_found=raw_found, unfinished=options.get("prefix", True)):
            found |= self._matching(reading, limit=limit, **{**options, **extra})
            if len(found) >= limit:
                break
        return min(len(found), limit)

    def _matching(self, query: str, *, limit: int, include_hidden: bool = False,
                  kind: str | None = None, prefix: bool = True, together: bool = False
                  ) -> set[int]:
        """The items (nums) holding every syllable of `query` in their metadata or a page,
        up to `limit`; with `together`, the syllables standing together, in order."""
        terms = _terms(unicodedata.normalize("NFKC", query or ""))
        if not terms:
            return set()
        if together and len(terms) > 1:  # as `search` finds them
            match = '"' + " ".join(terms) + '"' + ("*" if prefix else "")
            in_pages = f"pairs : {_pairs_phrase(terms, prefix)}"
        else:
            match, _pairs, in_pages = _fts_terms(terms, prefix)
        filters, params = self._filters(include_hidden, kind)
        # Titles first, then pages, each read as a stream that stops at `limit` items:
        # a short prefix ("c") matches most pages, and the kiosk asks at every keystroke.
        found = {row[0] for row in self.sql.execute(
            "SELECT f.rowid FROM items_fts f JOIN items i ON i.num = f.rowid "
            f"WHERE items_fts MATCH ? {filters} LIMIT ?", [match, *params, limit])}
        if len(found) < limit and not _titles_only(terms, prefix):  # as `search` finds
            pages = self.sql.execute(
                "SELECT DISTINCT g.item_num FROM pages_fts f JOIN pages g ON g.num = f.rowid "
                f"JOIN items i ON i.num = g.item_num WHERE pages_fts MATCH ? {filters}",
                [in_pages, *params])
            for (num,) in pages:
                found.add(num)
                if len(found) >= limit:
                    break
            pages.close()
        return found

    def respell(self, query: str, *, prefix: bool = True) -> str | None:
        """`query` with each syllable that no document holds changed by one letter (one
        left out, two swapped, one changed or added) into the one most documents hold,
        if the query so spelled finds something; else None.

        Why: a visitor at a touchscreen hits a neighbouring key or swaps two letters
        (`dang vein`, `giao thogn`) and the search finds nothing at all; the screen
        offers this spelling to tap. Only syllables no Vietnamese word is spelled as
        (`vein`; for the last, still being typed, none begins so) are changed, into
        ones that are (`vietnamese.plain_syllable`): `lua dao` has no slip, the library just has
        no «lừa đảo». Syllables of one or two letters are left alone (one letter from
        almost any other), and so are foreign words. Only asked when nothing was found.
        """
        query = unicodedata.normalize("NFKC", query or "")
        terms = _terms(query)
        last = len(terms) - 1
        fixed = list(terms)
        for i, term in enumerate(terms):
            tail = prefix and i == last
            if not 3 <= len(term) <= 7 or not (term.isascii() and term.isalpha()) \
                    or term in ABBREVIATIONS:
                continue  # the longest syllable is 7 letters (nghiêng); `hcm` is no slip
            if plain_syllable(term, begun=tail) or self._documents_holding([term], tail):
                continue  # a word, perhaps not in this library (`dao`): not a slip
            near = [w for w in _one_letter_away(term, shorter=not tail)
                    if plain_syllable(w, begun=tail)]
            held = self._documents_holding(near, tail) if near else {}
            if held:
                fixed[i] = max(held, key=lambda word: held[word])
        if fixed == terms:
            return None
        typed = syllables(query)[:len(terms)]
        words = [t if f == fold(t) else f for t, f in zip(typed, fixed, strict=True)] \
            if len(typed) == len(terms) else fixed
        hits = self.search(" ".join(words), limit=SPELLING_HITS, prefix=prefix)
        if not hits:
            return None
        marked = _catalog_spelling(fixed, hits, self._memo)
        if marked is not None and len(typed) == len(terms):
            # a word typed with the library's marks stays as typed (`Đảng vein` → «Đảng
            # viên»); one typed with other marks (`đang vein`, a tone left out) takes the
            # library's: «đang viên» is written nowhere, and would be offered as a word
            words = [t if has_marks(t) and f == fold(t) and spelling(t) == spelling(m) else m
                     for t, f, m in zip(typed, fixed, marked, strict=True)]
        elif marked is not None:
            words = marked
        return " ".join(words)

    def _documents_holding(self, words: list[str], prefix: bool) -> dict[str, int]:
        """How many documents a visitor could find (up to 100 pages and 100 items, none
        hidden) hold each of `words` (the last syllable typed: a word beginning so), for
        those some do: which do, in one statement of index lookups, then how many, for
        those few.

        Hidden items never show: a word only they hold would choose a spelling whose
        results are someone else's word, or none at all."""
        quoted = [f'"{w}"' + ("*" if prefix else "") for w in words]
        held = [value for (value,) in self.sql.execute(
            "SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM pages_fts f "
            "JOIN pages g ON g.num = f.rowid JOIN items i ON i.num = g.item_num "
            "WHERE pages_fts MATCH 'body : ' || value AND i.hidden = 0) "
            "OR EXISTS (SELECT 1 FROM items_fts f JOIN items i ON i.num = f.rowid "
            "WHERE items_fts MATCH value AND i.hidden = 0)",
            [json.dumps(quoted)])]
        return {value.strip('"*'): self.sql.execute(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM pages_fts f "
            "JOIN pages g ON g.num = f.rowid JOIN items i ON i.num = g.item_num "
            "WHERE pages_fts MATCH ? AND i.hidden = 0 LIMIT 100)) "
            "+ (SELECT count(*) FROM (SELECT 1 FROM items_fts f JOIN items i "
            "ON i.num = f.rowid WHERE items_fts MATCH ? AND i.hidden = 0 LIMIT 100))",
            [f"body : {value}", value]).fetchone()[0] for value in held}

    def _metadata_pass(self, all_q: str, filters: str, params: list[Any],
                       shape: tuple[tuple[str, ...], bool]) -> list[tuple[Any, ...]]:
        """(item num, rank) of the items matching in their metadata: up to
        `CANDIDATES` by bm25 or the newest, and always the first `CANDIDATES`
        whose titles match (`_title_rows`), so that title hits rank first
        for every query.

        When few enough match, bm25 over all the metadata picks `CANDIDATES`
        and the title hits it left out join them (a long title holding the
        word once can rank below thirty short summaries that repeat it).
        When too many do, the title hits come first and then the newest of
        the others (a syllable in 900 summaries must not hide the 170 titles
        holding it).
        """
        select = ("SELECT f.rowid, {rank} FROM items_fts f JOIN items i ON i.num = f.rowid "
                  f"WHERE items_fts MATCH ? {filters}")
        rank = f"bm25(items_fts, {_TITLE_WEIGHTS})"
        if self._few("items_fts", all_q, RANK_LIMIT_ITEMS, ("items", *shape)):
            rows = list(self._pass(select, rank, "items_fts", all_q, params, RANK_LIMIT_ITEMS,
                                   few=True))
            if len(rows) < CANDIDATES:  # every match is here, title hits included
                return rows
            seen = {row[0] for row in rows}
            return rows + [row for row in self._title_rows(select, rank, all_q, params, shape)
                           if row[0] not in seen]
        rows = self._title_rows(select, rank, all_q, params, shape)
        if len(rows) < CANDIDATES:
            seen = {row[0] for row in rows}
            rest = self._pass(select, rank, "items_fts", all_q, params, RANK_LIMIT_ITEMS,
                              limit=CANDIDATES + len(rows), few=False)
            rows += [row for row in rest if row[0] not in seen][:CANDIDATES - len(rows)]
        return rows

    def _title_rows(self, select: str, rank: str, all_q: str, params: list[Any],
                    shape: tuple[tuple[str, ...], bool]) -> list[tuple[Any, ...]]:
        """(item num, rank) of up to `CANDIDATES` items whose titles match: ranked by
        bm25 among themselves when at most `RANK_LIMIT_TITLES` do, else the newest."""
        return list(self._pass(select, rank, "items_fts", f"title : ({all_q})", params,
                               RANK_LIMIT_TITLES, shape=("titles", *shape)))

    def _page_pass(self, match: str, filters: str, params: list[Any],
                   shape: _Shape) -> list[tuple[Any, ...]]:
        """(page num, item num, rank) of the best matching page of up to
        `CANDIDATES` distinct items."""
        rows = self._pass(
            "SELECT f.rowid, g.item_num, {rank} FROM pages_fts f "
            "JOIN pages g ON g.num = f.rowid JOIN items i ON i.num = g.item_num "
            f"WHERE pages_fts MATCH ? {filters}",
            "bm25(pages_fts, 1.0, 2.0)", "pages_fts", match, params, RANK_LIMIT_PAGES,
            limit=PAGE_SCAN_LIMIT, shape=shape,
        )
        best: dict[int, tuple[Any, ...]] = {}
        for row in rows:  # best (or newest) first: keep each item's first page
            best.setdefault(row[1], row)
            if len(best) == CANDIDATES:
                break
        return list(best.values())

    def _pass(self, select: str, rank_expr: str, table: str, match: str, params: list[Any],
              rank_limit: int, *, limit: int = CANDIDATES, shape: _Shape | None = None,
              few: bool | None = None) -> Iterator[tuple[Any, ...]]:
        """One FTS pass, up to `limit` rows, read lazily: ranked by bm25 when the
        matches are few enough to rank within a frame, else the newest matches (a
        syllable found in most documents says little about which is best; ranking
        them all would cost ~1.5 µs a row). `few`, when the caller knows it, spares
        the probe (`_few`)."""
        if few is None:
            few = self._few(table, match, rank_limit, shape)
        if few:
            sql = select.format(rank=f"{rank_expr} AS r") + " ORDER BY r LIMIT ?"
        else:
            sql = select.format(rank="0.0 AS r") + " ORDER BY f.rowid DESC LIMIT ?"
        return self.sql.execute(sql, [match, *params, limit])

    def _few(self, table: str, match: str, rank_limit: int, shape: _Shape | None) -> bool:
        """Whether `match` finds at most `rank_limit` rows of `table`: a probe that
        counts up to the frame, skipped when an earlier keystroke's answer implies it."""
        few = None if shape is None else self._memo.known(shape)
        if few is None:
            few = self.sql.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",
                [match, rank_limit + 1],
            ).fetchone()[0] <= rank_limit
            if shape is not None:
                self._memo.learn(shape, few)
        return few

    def search_typed(self, raw: str, **options: Any) -> list[Hit]:
        """Search what an on-screen keyboard typed: Telex, VNI and raw readings alike
        (`_typed_readings`), each item at its best score.

        When the keys as typed are found as such, a reading that turned them into
        letters no Vietnamese word begins with is dropped: `usb` is the USB of a page,
        not `úb`, whose prefix found the title «… UBND xã» and ranked it above. Each
        reading is also tried with its abbreviations written out, and its written-out
        phrases abbreviated (`ubnd` ↔ «Ủy ban nhân dân»: `vietnamese.ABBREVIATIONS`).
        Keys that are an abbreviation and also Telex for a word (`tw`: «Trung ương»,
        «tư») find both; the abbreviation's items come first when it is typed alone,
        after the word's when it is one word of several (`tu tw`: «tư tưởng» on its way).
        """
        variants = typed_variants(raw)
        found = {(variant, False, True): self.search(variant, **options) for variant in variants}
        raw_hits = found.get((raw, False, True))
        readings = _typed_readings(raw, raw_found=bool(raw_hits),
                                   unfinished=options.get("prefix", True))
        tier = _abbreviation_tier(raw)
        merged: dict[str, tuple[int, Hit]] = {}
        for reading, extra, abbreviated in readings:
            key = (reading, bool(extra.get("together")), extra.get("prefix", True))
            hits = found.get(key)
            if hits is None:
                hits = found[key] = self.search(reading, **{**options, **extra})
            rank = 0 if tier < 0 else tier if abbreviated else 1 - tier
            for hit in hits:
                best = merged.get(hit.item.id)
                if best is None or (rank, -hit.score) < (best[0], -best[1].score):
                    merged[hit.item.id] = (rank, hit)
        limit = options.get("limit", 20)
        ordered = sorted(merged.values(), key=lambda pair: (pair[0], -pair[1].score))
        return [hit for _, hit in ordered][:limit]

    @staticmethod
    def _filters(include_hidden: bool, kind: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if not include_hidden:
            clauses.append("AND i.hidden = 0")
        if kind:
            clauses.append("AND i.kind = ?")
            params.append(kind)
        return " ".join(clauses), params

    def _rank(self, query: str, terms: list[str], prefix: bool,
              found: dict[int, _Candidate], limit: int, *, together: bool = False) -> list[Hit]:
        """Order candidates; only the hits shown get their full row and a snippet."""
        memo = self._memo
        typed = syllables(query)[:len(terms)]
        marked = [_Marked(s, prefix and i == len(typed) - 1)
                  for i, s in enumerate(typed) if has_marks(s)]
        titles = {num: (num, item.title, item.summary)
                  for num in found if (item := memo.items.get(num)) is not None}
        nums = [num for num in found if num not in titles]
        if nums:
            titles.update((r[0], r) for r in self.sql.execute(
                f"SELECT num, title, summary FROM items WHERE num IN ({','.join('?' * len(nums))})",
                nums))
        term_pats, phrase_pat = _term_patterns(terms, prefix)
        pages: dict[int, tuple[int, str]] = {}
        if marked:  # exact marks are looked for in the matching page's own text
            pages = self._pages([c.page_num for c in found.values() if c.page_num])
        several = len(terms) > 1

        scored: list[tuple[float, str, int]] = []
        for num, cand in found.items():
            row = titles.get(num)
            if row is None:
                continue
            _, title, summary = row
            title_base = memo.base(title)
            title_all = all(p.search(title_base) for p in term_pats)
            title_phrase = several and bool(phrase_pat.search(title_base))
            together_here = several and (
                cand.together or bool(phrase_pat.search(memo.base(summary))))
            if together and several and not (together_here or title_phrase):
                continue
            exact, title_exact, as_typed = 0.0, True, 0.0
            if marked:
                page_text = (pages.get(cand.page_num or -1, (0, ""))[1] or summary).lower()
                title_has = [m.search(title.lower()) for m in marked]
                exact = sum(1 for m, in_title in zip(marked, title_has, strict=True)
                            if in_title or m.search(page_text)) / len(marked)
                title_exact = all(title_has)
                as_typed = sum(1.0 for m in marked if m.as_typed is not None
                               and m.as_typed.search(title.lower()))
            score = (
                (100.0 if title_all and title_exact else 15.0 if title_all else 0.0)
                + (40.0 if title_phrase else 0.0)
                + (30.0 if together_here else 0.0)
                + 20.0 * exact
                + 2.0 * as_typed
                + min(10.0, -cand.bm25)
            )
            scored.append((score, title, num))
        scored.sort(key=lambda s: (-s[0], s[1]))
        top = scored[:limit]
        if not top:
            return []
        items = {num: item for _, _, num in top if (item := memo.items.get(num)) is not None}
        unread = [num for _, _, num in top if num not in items]
        if unread:
            cursor = self.sql.execute(
                f"SELECT * FROM items WHERE num IN ({','.join('?' * len(unread))})", unread)
            columns = [d[0] for d in cursor.description]
            for values in cursor:
                row = dict(zip(columns, values, strict=True))
                items[row["num"]] = item = _row_to_item(row)
                memo.keep(memo.items, row["num"], item)
        missing = [found[num].page_num for _, _, num in top
                   if found[num].page_num and found[num].page_num not in pages]
        pages.update(self._pages(missing))
        hits = []
        for score, _, num in top:
            item = items[num]
            page_no, page_text = pages.get(found[num].page_num or -1, (None, ""))
            if page_text and any(p.search(memo.base(page_text)) for p in term_pats):
                snippet, spans = _snippet(page_text, item.title, term_pats, phrase_pat, memo)
            else:
                snippet, spans = _snippet(_metadata_text(item, term_pats, memo), item.title,
                                          term_pats, phrase_pat, memo)
                page_no = None
            hits.append(Hit(item, score, snippet, spans, page_no))
        return hits

    def _pages(self, page_nums: list[int | None]) -> dict[int, tuple[int, str]]:
        """(page number, text) of pages by `pages.num`, read once while the catalog stays."""
        memo = self._memo
        found = {n: memo.pages[n] for n in page_nums if n and n in memo.pages}
        wanted = [n for n in page_nums if n and n not in found]
        if wanted:
            marks = ",".join("?" * len(wanted))
            for num, page, text in self.sql.execute(
                    f"SELECT num, page, text FROM pages WHERE num IN ({marks})", wanted):
                found[num] = (page, text)
                memo.keep(memo.pages, num, (page, text))
        return found


_EDIT_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_letter_away(word: str, *, shorter: bool = True) -> list[str]:
    """The words one letter away from `word`: a letter left out (unless not `shorter`:
    a syllable still being typed would find its own beginning, `thogn` → `tho…`), two
    neighbours swapped, a letter changed, a letter added (a few hundred for a syllable)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    near = [a + b[1:] for a, b in splits if b] if shorter else []
    near += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    near += [a + c + b[1:] for a, b in splits if b for c in _EDIT_LETTERS]
    near += [a + c + b for a, b in splits for c in _EDIT_LETTERS]
    return [w for w in dict.fromkeys(near) if w and w != word]


#: Hits of a respelled query read for the marks the library writes it with.
SPELLING_HITS = 10
#: The share of the places found that one spelling must have to be offered with its marks.
DOMINANT_SHARE = 2 / 3


def _catalog_spelling(terms: list[str], hits: list[Hit], memo: _Memo) -> list[str] | None:
    """The folded syllables `terms` as the library writes them where they stand together
    in the `hits`' titles and snippets (`đảng viên` for `dang vien`), lower-cased, when
    one spelling has at least `DOMINANT_SHARE` of those places; else None.

    Why: a respelling is made in the folded index (`dang vien`), and offered without
    marks it reads as no Vietnamese at all; with the marks most of the library's own
    texts give it, it reads as the words meant. Where the texts disagree (`dang` as
    «đang» and «đảng» alike) no marks are guessed: the folded form is offered.
    Spellings differing only in where a tone stands (`hòa`, `hoà`) count as one.
    """
    phrase = _Phrase(terms, prefix=False)
    counts: dict[tuple[tuple[str, str], ...], int] = {}
    shown: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for hit in hits:
        for text in (hit.item.title, hit.snippet):
            for a, b in phrase.finditer(memo.base(text)):
                words = syllables(unicodedata.normalize("NFC", text[a:b]).lower())
                if len(words) != len(terms):
                    continue
                key = tuple(spelling(w) for w in words)
                counts[key] = counts.get(key, 0) + 1
                shown.setdefault(key, words)
    if not counts:
        return None
    best = max(counts, key=lambda key: counts[key])
    return shown[best] if counts[best] >= DOMINANT_SHARE * sum(counts.values()) else None


def _typed_readings(raw: str, *, raw_found: bool, unfinished: bool
                    ) -> list[tuple[str, dict[str, Any], bool]]:
    """What `Search.search_typed` and `Search.count_typed` search for the keys `raw`:
    (reading, search options it takes, whether it is an abbreviation's reading).

    The Telex, VNI and raw readings (those that read as Vietnamese when the keys as
    typed are found, `raw_found`); each with its abbreviations written out and its
    written-out phrases abbreviated (`vietnamese.abbreviation_readings`), the words
    standing together; and a last word that is an abbreviation as a whole word too,
    so two letters (`tw`, `tp`) find the pages that write it, not titles alone.
    """
    variants = typed_variants(raw)
    if raw_found:
        variants = [v for v in variants
                    if v == raw or _reads_as_vietnamese(v, raw, unfinished)]
    readings: list[tuple[str, dict[str, Any], bool]] = [(v, {}, False) for v in variants]
    for variant in variants:
        typed_last = syllables(fold(variant))[-1:]
        for reading in abbreviation_readings(variant):
            # a last word the table wrote is whole: `thanh pho` is «TP.HCM»'s `tp`, not
            # «TPBank»'s, and found in pages too (two letters typed are answered by
            # titles alone)
            whole = syllables(reading)[-1:] != typed_last
            readings.append((reading, {"together": True, **({"prefix": False} if whole else {})},
                             True))
        if unfinished and typed_last and typed_last[0] in ABBREVIATIONS:
            readings.append((variant, {"prefix": False}, True))
    out: list[tuple[str, dict[str, Any], bool]] = []
    seen: set[tuple[str, bool, bool]] = set()
    for reading, extra, abbreviated in readings:
        key = (reading, bool(extra.get("together")), extra.get("prefix", True))
        if key not in seen:
            seen.add(key)
            out.append((reading, extra, abbreviated))
    return out


def _abbreviation_tier(raw: str) -> int:
    """Where the items of an abbreviation's readings stand among the rest of `raw`'s:
    -1, by score with the rest, unless `raw` holds keys that are an abbreviation and
    Telex or VNI for a Vietnamese word too (`tw`: «Trung ương», «tư»); then 0, first,
    when those keys are all that is typed, and 1, after the word's items, when they are
    one word of several (`tu tw` is «tư tưởng» on its way before it is «tu Trung ương»).
    """
    words = syllables(fold(raw))
    ambiguous = any(word in ABBREVIATIONS and any(
        (reading := compose(word, scheme)) != word and begins_syllable(reading)
        for scheme in ("telex", "vni")) for word in words)
    if not ambiguous:
        return -1
    return 0 if len(words) == 1 else 1


def _reads_as_vietnamese(reading: str, raw: str, unfinished: bool) -> bool:
    """Whether every word that Telex or VNI changed in `reading` (the keys `raw`
    composed) is a Vietnamese syllable, or, the last one while `unfinished`, the
    beginning of one (`vietnamese.begins_syllable`)."""
    words, keys = syllables(reading), syllables(raw)
    if len(words) != len(keys):
        return True
    last = len(words) - 1
    return all(word == key or (begins_syllable(word) if unfinished and i == last
                               else is_syllable(word))
               for i, (word, key) in enumerate(zip(words, keys, strict=True)))


def _metadata_text(item: Item, term_pats: list[re.Pattern[str]], memo: _Memo) -> str:
    """What a hit found in its metadata shows: its summary, or a bulletin's own text
    (`body`) when only that holds the words — the index keeps both in one column, and
    a snippet of a summary without them showed nothing of why the item was found —
    else the summary or the title."""
    for text in (item.summary, item.body):
        if text and any(p.search(memo.base(text)) for p in term_pats):
            return text
    return item.summary or item.title


_WORD_REST = re.compile(r"\w*")


def _word_end(text: str, end: int) -> int:
    """Where the word that a match ending at `end` stopped inside ends (`end` itself when
    the match ended with its word)."""
    match = _WORD_REST.match(text, end)
    return end if match is None else match.end()


def _snippet(text: str, title: str, term_pats: list[re.Pattern[str]], phrase_pat: _Phrase,
             memo: _Memo) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around the first match, with every term match highlighted
    (matched in its `base_letters`, which keep every position).

    The text is put on one line first (`paragraphs_in_one_line`): a line break is a
    space, and a paragraph break or the break after the item's own title line is
    " · ", so a title never runs into the first sentence.
    """
    text = memo.spaces(text, title)
    plain = memo.base(text)
    first = phrase_pat.search(plain)
    if first is None:
        starts = [m.start() for p in term_pats if (m := p.search(plain))]
        centre = min(starts) if starts else 0
    else:
        centre = first[0]
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 20 else end
    mark = PARAGRAPH_MARK.strip()
    if text.startswith(mark + " ", start):  # a window never opens or ends on the mark
        start += len(mark) + 1
    if end - start > len(mark) and text.endswith(" " + mark, start, end):
        end -= len(mark) + 1
    window, plain_window = text[start:end], plain[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    # a syllable still being typed matches the start of a word: the whole word is marked
    # («[tuyến]», not «[tu]yến»), as it is the word found
    spans = [(a + len(prefix), _word_end(plain_window, b) + len(prefix))
             for a, b in phrase_pat.finditer(plain_window)]
    for pat in term_pats:
        for m in pat.finditer(plain_window):
            if m.end() > m.start():
                spans.append((m.start() + len(prefix), _word_end(plain_window, m.end())
                              + len(prefix)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return prefix + window + suffix, tuple(merged)
