"""Vietnamese full-text search over the catalog.

Text is folded (`vietnamese.fold`) at index and query time, so `chuyen doi so`,
`Chuyển đổi số` and `CHUYEN DOI SO` all find the same items. Ranking, best
first:

1. title hits (with the marks the visitor typed, when they typed any);
2. the query's syllables standing together and in order (`đảng viên` as a
   phrase, not `đảng … viên` scattered across a page);
3. syllables found with exactly the marks typed (`đường` above `dương`);
4. SQLite's bm25, titles weighted above authors, tags and summary.

Candidates come from three small FTS5 passes (metadata, phrase in pages, all
syllables in pages), each limited; only those candidates are re-ranked in
Python. The last syllable is a prefix while typing; FTS5 prefix indexes keep
one- and two-letter prefixes fast. Nothing in a query is FTS syntax: every
syllable is quoted, so `"`, `*`, `(`, `NEAR`, `-` and `:` are searched as text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Item, _row_to_item
from .vietnamese import fold, fold_with_map, has_marks, syllables, typed_variants

CANDIDATES = 40
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
    title_hit: bool = False


def _fts_terms(terms: list[str], prefix: bool) -> tuple[str, str]:
    """(all-syllables query, phrase query) for FTS5, every syllable quoted."""
    quoted = [f'"{t}"' for t in terms]
    if prefix:
        quoted[-1] += "*"
    phrase = '"' + " ".join(terms) + '"' + ("*" if prefix else "")
    return " ".join(quoted), phrase


def _term_patterns(terms: list[str], prefix: bool) -> tuple[list[re.Pattern[str]], re.Pattern[str]]:
    pats = []
    for i, term in enumerate(terms):
        tail = "" if (prefix and i == len(terms) - 1) else r"(?!\w)"
        pats.append(re.compile(r"(?<!\w)" + re.escape(term) + tail))
    tail = "" if prefix else r"(?!\w)"
    phrase = re.compile(r"(?<!\w)" + r"[\W_]+".join(re.escape(t) for t in terms) + tail)
    return pats, phrase


class Search:
    """Search over one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.db = catalog.db

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
        folded = fold(query)
        terms = syllables(folded)
        if not terms:
            return []
        terms = terms[:12]  # a visitor never types more; keeps every query cheap
        all_q, phrase_q = _fts_terms(terms, prefix)
        filters, params = self._filters(include_hidden, kind)
        found: dict[int, _Candidate] = {}

        for num, rank in self.db.execute(
            f"SELECT f.rowid, bm25(items_fts, {_TITLE_WEIGHTS}) AS r FROM items_fts f "
            f"JOIN items i ON i.num = f.rowid WHERE items_fts MATCH ? {filters} "
            "ORDER BY r LIMIT ?",
            [all_q, *params, CANDIDATES],
        ):
            found[num] = _Candidate(num, bm25=rank * 2)

        page_queries = [all_q] if len(terms) == 1 else [phrase_q, all_q]
        for page_query in page_queries:
            for page_num, item_num, rank in self.db.execute(
                "SELECT f.rowid, g.item_num, bm25(pages_fts) AS r FROM pages_fts f "
                "JOIN pages g ON g.num = f.rowid JOIN items i ON i.num = g.item_num "
                f"WHERE pages_fts MATCH ? {filters} ORDER BY r LIMIT ?",
                [page_query, *params, CANDIDATES],
            ):
                cand = found.setdefault(item_num, _Candidate(item_num, bm25=0.0))
                if cand.page_num is None:
                    cand.page_num = page_num
                    cand.bm25 = min(cand.bm25, rank)
        if not found:
            return []
        hits = self._rank(query, terms, prefix, found)
        return hits[:limit]

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
              found: dict[int, _Candidate]) -> list[Hit]:
        nums = list(found)
        marks = list(dict.fromkeys(s.lower() for s in syllables(query) if has_marks(s)))
        rows = {r["num"]: r for r in self.db.query(
            f"SELECT * FROM items WHERE num IN ({','.join('?' * len(nums))})", nums)}
        page_ids = [c.page_num for c in found.values() if c.page_num is not None]
        pages = {}
        if page_ids:
            pages = {r["num"]: (r["page"], r["text"]) for r in self.db.query(
                f"SELECT num, page, text FROM pages WHERE num IN ({','.join('?' * len(page_ids))})",
                page_ids)}
        term_pats, phrase_pat = _term_patterns(terms, prefix)
        mark_pats = [re.compile(r"(?<!\w)" + re.escape(m) + r"(?!\w)") for m in marks]

        hits = []
        for num, cand in found.items():
            row = rows.get(num)
            if row is None:
                continue
            item = _row_to_item(row)
            title_f = fold(item.title)
            meta_f = fold(" ".join([*item.authors, *item.tags, item.summary]))
            title_all = all(p.search(title_f) for p in term_pats)
            title_phrase = len(terms) > 1 and bool(phrase_pat.search(title_f))
            page_no, page_text = pages.get(cand.page_num, (None, "")) if cand.page_num else (
                None, "")
            body_text = page_text or item.summary or (item.body or "")
            phrase = len(terms) > 1 and bool(
                phrase_pat.search(fold(body_text)) or phrase_pat.search(meta_f))
            exact = 0.0
            if mark_pats:
                lowered = (item.title + " " + body_text).lower()
                title_low = item.title.lower()
                exact = sum(1 for p in mark_pats if p.search(lowered)) / len(mark_pats)
                title_exact = all(p.search(title_low) for p in mark_pats)
            else:
                title_exact = True
            score = (
                (100.0 if title_all and title_exact else 60.0 if title_all else 0.0)
                + (40.0 if title_phrase else 0.0)
                + (30.0 if phrase else 0.0)
                + 20.0 * exact
                + min(10.0, -cand.bm25)
            )
            if page_text and not (title_all and not phrase_pat.search(fold(page_text))
                                  and not any(p.search(fold(page_text)) for p in term_pats)):
                snippet, spans = _snippet(page_text, term_pats, phrase_pat)
            else:
                source = item.summary or item.title
                snippet, spans = _snippet(source, term_pats, phrase_pat)
                page_no = None
            hits.append(Hit(item, score, snippet, spans, page_no))
        hits.sort(key=lambda h: (-h.score, h.item.title))
        return hits


def _snippet(text: str, term_pats: list[re.Pattern[str]],
             phrase_pat: re.Pattern[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around the first match, with every term match highlighted."""
    text = " ".join(text.split())
    folded, where = fold_with_map(text)
    first = phrase_pat.search(folded)
    if first is None:
        starts = [m.start() for p in term_pats if (m := p.search(folded))]
        centre = min(starts) if starts else 0
    else:
        centre = first.start()
    centre_orig = where[centre] if where and centre < len(where) else 0
    start = max(0, centre_orig - SNIPPET_CHARS // 3)
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
    spans: list[tuple[int, int]] = []
    wfolded, wmap = fold_with_map(window)
    for pat in [phrase_pat, *term_pats]:
        for m in pat.finditer(wfolded):
            if m.end() == m.start():
                continue
            a = wmap[m.start()] + len(prefix)
            b = wmap[m.end() - 1] + 1 + len(prefix)
            spans.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return prefix + window + suffix, tuple(merged)
