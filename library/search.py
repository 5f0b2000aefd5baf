"""Vietnamese full-text search over the catalog.

Text is folded (`vietnamese.fold`) at index and query time, so `chuyen doi so`,
`Chuyển đổi số` and `CHUYEN DOI SO` all find the same items. Ranking, best
first:

1. title hits (with the marks the visitor typed, when they typed any: a title
   with other marks is another word, `Dòng` for `đồng`, and ranks below a page
   with the word as typed);
2. the query's syllables standing together and in order (`đảng viên` as a
   phrase, not `đảng … viên` scattered across a page);
3. syllables found with exactly the marks typed (`đường` above `dương`);
4. SQLite's bm25, titles weighted above authors, tags and summary.

Candidates come from up to three small FTS5 passes, each limited: metadata
(titles, authors, tags, summary), pages through the index of adjacent
syllable pairs (`dang_vien`: the syllables together, one lookup), then pages
holding every syllable anywhere. A pass is ranked by bm25 only when it has few
enough matches to rank within a frame; otherwise its newest matches are taken.
Page passes gather distinct items, each at its best page, so a long book whose
every page matches cannot crowd the other documents out of the candidates.
Only the candidates are re-ranked in Python, and only the hits shown get a
snippet, matched on the original text with mark-insensitive regexes so the
highlights keep their marks. The last syllable is a prefix while typing;
prefix indexes up to six letters make every keystroke a direct lookup.
Nothing in a query is FTS syntax: every syllable is quoted, so `"`, `*`, `(`,
`NEAR`, `-` and `:` are searched as text. Figures: docs/performance.md.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .catalog import Catalog, Item, _row_to_item
from .vietnamese import fold, has_marks, marks_insensitive, syllables, typed_variants

CANDIDATES = 30
#: Above this many matches a pass takes the newest instead of ranking them all.
RANK_LIMIT_ITEMS = 800
RANK_LIMIT_PAGES = 300
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


def _fts_terms(terms: list[str], prefix: bool) -> tuple[str, str]:
    """(all syllables, adjacent pairs) as FTS5 queries; every token is quoted."""
    quoted = [f'"{t}"' for t in terms]
    pairs = [f'"{a}_{b}"' for a, b in itertools.pairwise(terms)]
    if prefix:
        quoted[-1] += "*"
        if pairs:
            pairs[-1] += "*"
    return " ".join(quoted), " ".join(pairs)


@lru_cache(maxsize=4096)
def _syllable_re(term: str, whole: bool, lead: str = r"(?<!\w)") -> re.Pattern[str]:
    """One syllable as written, any marks and case; compiled once per process
    (as-you-type repeats the same syllables; compiling costs ~0.4 ms)."""
    return re.compile(lead + marks_insensitive(term) + (r"(?!\w)" if whole else ""))


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
    """Matchers for each syllable and for all of them together, on the original
    (marked, mixed-case) text, so hits are found and highlighted without folding it."""
    last = len(terms) - 1
    pats = [_syllable_re(t, not (prefix and i == last)) for i, t in enumerate(terms)]
    return pats, _Phrase(terms, prefix)


class Search:
    """Search over one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.sql = catalog

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        prefix: bool = True,
        include_hidden: bool = False,
        kind: str | None = None,
    ) -> list[Hit]:
        """Items matching `query`, best first. `prefix`: the last syllable may be unfinished."""
        query = unicodedata.normalize("NFKC", query or "")
        terms = _terms(query)
        if not terms:
            return []
        all_q, pairs_q = _fts_terms(terms, prefix)
        filters, params = self._filters(include_hidden, kind)
        found: dict[int, _Candidate] = {}

        title_rows = self._pass(
            f"SELECT f.rowid, {{rank}} FROM items_fts f JOIN items i ON i.num = f.rowid "
            f"WHERE items_fts MATCH ? {filters}",
            f"bm25(items_fts, {_TITLE_WEIGHTS})", "items_fts", all_q, params, RANK_LIMIT_ITEMS,
        )
        for num, rank in title_rows:
            found[num] = _Candidate(num, bm25=rank * 2)

        short_tail = prefix and len(terms[-1]) < 3
        page_rows: list[tuple[Any, ...]] = []
        if len(terms) > 1:
            # Pages where the syllables stand together, found through the pair index.
            page_rows = self._page_pass(f"pairs : ({pairs_q})", filters, params)
            for _, item_num, _ in page_rows:
                found.setdefault(item_num, _Candidate(item_num)).together = True
        if len(page_rows) < CANDIDATES and not (short_tail and len(terms) == 1):
            # Then pages holding every syllable anywhere (one or two letters typed
            # alone are answered by titles first).
            page_rows += self._page_pass(f"body : ({all_q})", filters, params)
        for page_num, item_num, rank in page_rows:
            cand = found.setdefault(item_num, _Candidate(item_num))
            if cand.page_num is None:
                cand.page_num = page_num
                cand.bm25 = min(cand.bm25, rank)
        if not found:
            return []
        return self._rank(query, terms, prefix, found, limit)

    def count(self, query: str, *, limit: int = 1000, include_hidden: bool = False,
              kind: str | None = None) -> int:
        """How many items hold every syllable of `query` (the last a prefix), up to `limit`.

        `search` gathers the best few dozen candidates and never counts the
        rest; a list showing 30 of them must still say how many there are.
        """
        terms = _terms(unicodedata.normalize("NFKC", query or ""))
        if not terms:
            return 0
        all_q, _pairs = _fts_terms(terms, prefix=True)
        filters, params = self._filters(include_hidden, kind)
        # Titles first, then pages, each read as a stream that stops at `limit` items:
        # a short prefix ("c") matches most pages, and the kiosk asks at every keystroke.
        found = {row[0] for row in self.sql.execute(
            "SELECT f.rowid FROM items_fts f JOIN items i ON i.num = f.rowid "
            f"WHERE items_fts MATCH ? {filters} LIMIT ?", [all_q, *params, limit])}
        if len(found) < limit:
            pages = self.sql.execute(
                "SELECT DISTINCT g.item_num FROM pages_fts f JOIN pages g ON g.num = f.rowid "
                f"JOIN items i ON i.num = g.item_num WHERE pages_fts MATCH ? {filters}",
                [f"body : ({all_q})", *params])
            for (num,) in pages:
                found.add(num)
                if len(found) >= limit:
                    break
            pages.close()
        return min(len(found), limit)

    def _page_pass(self, match: str, filters: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """(page num, item num, rank) of the best matching page of up to
        `CANDIDATES` distinct items."""
        rows = self._pass(
            "SELECT f.rowid, g.item_num, {rank} FROM pages_fts f "
            "JOIN pages g ON g.num = f.rowid JOIN items i ON i.num = g.item_num "
            f"WHERE pages_fts MATCH ? {filters}",
            "bm25(pages_fts, 1.0, 2.0)", "pages_fts", match, params, RANK_LIMIT_PAGES,
            limit=PAGE_SCAN_LIMIT,
        )
        best: dict[int, tuple[Any, ...]] = {}
        for row in rows:  # best (or newest) first: keep each item's first page
            best.setdefault(row[1], row)
            if len(best) == CANDIDATES:
                break
        return list(best.values())

    def _pass(self, select: str, rank_expr: str, table: str, match: str, params: list[Any],
              rank_limit: int, *, limit: int = CANDIDATES) -> Iterator[tuple[Any, ...]]:
        """One FTS pass, up to `limit` rows, read lazily: ranked by bm25 when the
        matches are few enough to rank within a frame, else the newest matches (a
        syllable found in most documents says little about which is best; ranking
        them all would cost ~1.5 µs a row).
        """
        probe = self.sql.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",
            [match, rank_limit + 1],
        ).fetchone()[0]
        if probe <= rank_limit:
            sql = select.format(rank=f"{rank_expr} AS r") + " ORDER BY r LIMIT ?"
        else:
            sql = select.format(rank="0.0 AS r") + " ORDER BY f.rowid DESC LIMIT ?"
        return self.sql.execute(sql, [match, *params, limit])

    def search_typed(self, raw: str, **options: Any) -> list[Hit]:
        """Search what an on-screen keyboard typed: Telex, VNI and raw readings alike."""
        merged: dict[str, Hit] = {}
        for variant in typed_variants(raw):
            for hit in self.search(variant, **options):
                best = merged.get(hit.item.id)
                if best is None or hit.score > best.score:
                    merged[hit.item.id] = hit
        limit = options.get("limit", 20)
        return sorted(merged.values(), key=lambda h: -h.score)[:limit]

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
              found: dict[int, _Candidate], limit: int) -> list[Hit]:
        """Order candidates; only the hits shown get their full row and a snippet."""
        nums = list(found)
        marks = list(dict.fromkeys(s.lower() for s in syllables(query) if has_marks(s)))
        placeholders = ",".join("?" * len(nums))
        titles = {r[0]: r for r in self.sql.execute(
            f"SELECT num, title, summary FROM items WHERE num IN ({placeholders})", nums)}
        term_pats, phrase_pat = _term_patterns(terms, prefix)
        mark_pats = [re.compile(r"(?<!\w)" + re.escape(m) + r"(?!\w)") for m in marks]
        pages: dict[int, tuple[int, str]] = {}
        if mark_pats:  # exact marks are looked for in the matching page's own text
            pages = self._pages([c.page_num for c in found.values() if c.page_num])
        several = len(terms) > 1

        scored: list[tuple[float, str, int]] = []
        for num, cand in found.items():
            row = titles.get(num)
            if row is None:
                continue
            _, title, summary = row
            title_all = all(p.search(title) for p in term_pats)
            title_phrase = several and bool(phrase_pat.search(title))
            together = several and (cand.together or bool(phrase_pat.search(summary)))
            exact, title_exact = 0.0, True
            if mark_pats:
                page_text = pages.get(cand.page_num or -1, (0, ""))[1]
                lowered = (title + " " + (page_text or summary)).lower()
                exact = sum(1 for p in mark_pats if p.search(lowered)) / len(mark_pats)
                title_exact = all(p.search(title.lower()) for p in mark_pats)
            score = (
                (100.0 if title_all and title_exact else 15.0 if title_all else 0.0)
                + (40.0 if title_phrase else 0.0)
                + (30.0 if together else 0.0)
                + 20.0 * exact
                + min(10.0, -cand.bm25)
            )
            scored.append((score, title, num))
        scored.sort(key=lambda s: (-s[0], s[1]))
        top = scored[:limit]
        if not top:
            return []
        top_nums = [num for _, _, num in top]
        cursor = self.sql.execute(
            f"SELECT * FROM items WHERE num IN ({','.join('?' * len(top_nums))})", top_nums)
        columns = [d[0] for d in cursor.description]
        items = {row["num"]: _row_to_item(row)
                 for row in (dict(zip(columns, values, strict=True)) for values in cursor)}
        missing = [found[n].page_num for n in top_nums
                   if found[n].page_num and found[n].page_num not in pages]
        pages.update(self._pages(missing))
        hits = []
        for score, _, num in top:
            item = items[num]
            page_no, page_text = pages.get(found[num].page_num or -1, (None, ""))
            if page_text and any(p.search(page_text) for p in term_pats):
                snippet, spans = _snippet(page_text, term_pats, phrase_pat)
            else:
                snippet, spans = _snippet(item.summary or item.title, term_pats, phrase_pat)
                page_no = None
            hits.append(Hit(item, score, snippet, spans, page_no))
        return hits

    def _pages(self, page_nums: list[int | None]) -> dict[int, tuple[int, str]]:
        wanted = [n for n in page_nums if n]
        if not wanted:
            return {}
        return {num: (page, text) for num, page, text in self.sql.execute(
            f"SELECT num, page, text FROM pages WHERE num IN ({','.join('?' * len(wanted))})",
            wanted)}


def _snippet(text: str, term_pats: list[re.Pattern[str]],
             phrase_pat: _Phrase) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around the first match, with every term match highlighted."""
    text = " ".join(text.split())
    first = phrase_pat.search(text)
    if first is None:
        starts = [m.start() for p in term_pats if (m := p.search(text))]
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
    window = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    spans = [(a + len(prefix), b + len(prefix)) for a, b in phrase_pat.finditer(window)]
    for pat in term_pats:
        for m in pat.finditer(window):
            if m.end() > m.start():
                spans.append((m.start() + len(prefix), m.end() + len(prefix)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return prefix + window + suffix, tuple(merged)
