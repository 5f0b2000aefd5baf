"""Search as you type from the on-screen keyboard (or a physical keyboard / IME).

The keyboard sends raw keys; the field shows them composed with the chosen
typing scheme (Telex by default, VNI, or none), while the search itself runs
`Search.search_typed(raw)`, which tries the raw, Telex and VNI readings, so a
visitor who types `chuyen doi so`, `chuyeenr ddooir soos` or `chuye6n` finds
the same book. Statistics: a search counts only when committed (the search
key, or opening a result) — never per keystroke — and counts the words the
visitor saw in the field (`text`, composed: `đảng viên`), not the keys that
typed them (`ddangr vieen`), which would split one search into many.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Property,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from library.catalog import Catalog
from library.search import Search
from library.spellings import more_than_shown, offered_spellings, shown_text
from library.stats import NullSink, StatsSink, fold_term

from ..models.items import ItemsModel
from ..models.results import ResultsModel

# The typing modes in the order a tap on the keyboard's «Kiểu gõ» key steps through them,
# and how that key names each. Telex and VNI are names in every language; the plain mode
# is translated in the visitor keyboard's context, where its English already is. (Plain
# comments: lupdate would hand "#:" ones to the translator as notes on «Không dấu».)
SCHEMES = ("telex", "vni", "plain")
SCHEME_LABELS = {"telex": "Telex", "vni": "VNI",
                 "plain": QT_TRANSLATE_NOOP("OnScreenKeyboard", "Không dấu")}
#: The typing mode a visitor finds (and the idle reset brings back).
DEFAULT_SCHEME = "telex"
#: Results shown at most; when that many are shown the matches are counted (up to one
#: more), so the screen can say "more than 30" rather than a count that undercounts.
RESULT_LIMIT = 30


MAX_TYPED = 80


def _with_word(text: str, preedit: str, cursor: int) -> str:
    """`text` with an input method's word `preedit` shown at `cursor` ("" without one)."""
    if not preedit:
        return ""
    cursor = min(max(cursor, 0), len(text))
    return (text[:cursor] + preedit + text[cursor:])[:MAX_TYPED]


class TypedText(QObject):
    """Keys from an on-screen keyboard composed into text (the reader's find field).

    The keys are kept raw; `text` shows them composed with the chosen scheme
    (Telex, VNI or none). `SearchController` builds on it, so one keyboard
    component serves both with the same slots.
    """

    textChanged = Signal()
    schemeChanged = Signal()
    submitted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._raw = ""
        self._scheme = DEFAULT_SCHEME

    def _get_raw(self) -> str:
        return self._raw

    raw = Property(str, _get_raw, notify=textChanged)

    def _get_text(self) -> str:
        return shown_text(self._raw, self._scheme)

    text = Property(str, _get_text, notify=textChanged)

    def _get_scheme(self) -> str:
        return self._scheme

    def _set_scheme(self, scheme: str) -> None:
        if scheme in SCHEMES and scheme != self._scheme:
            self._scheme = scheme
            self.schemeChanged.emit()
            self.textChanged.emit()

    scheme = Property(str, _get_scheme, _set_scheme, notify=schemeChanged)

    def _get_scheme_label(self) -> str:
        return QCoreApplication.translate("OnScreenKeyboard", SCHEME_LABELS[self._scheme])

    #: The mode in use as the «Kiểu gõ» key shows it.
    schemeLabel = Property(str, _get_scheme_label, notify=schemeChanged)

    @Slot()
    def nextScheme(self) -> None:
        """The next typing mode (Telex → VNI → none → Telex): one tap on «Kiểu gõ»."""
        self._set_scheme(SCHEMES[(SCHEMES.index(self._scheme) + 1) % len(SCHEMES)])

    def _set_raw(self, raw: str) -> None:
        raw = raw[:MAX_TYPED]
        if raw == self._raw:
            return
        self._raw = raw
        self.textChanged.emit()
        self._typed()

    def _typed(self) -> None:
        """Called after every change of the typed text (the search runs here)."""

    @Slot(str)
    def typeKey(self, key: str) -> None:
        """One key from the on-screen keyboard (a letter, digit, `đ` or space)."""
        self._set_raw(self._raw + key)

    @Slot()
    def backspace(self) -> None:
        self._set_raw(self._raw[:-1])

    @Slot()
    def clear(self) -> None:
        self._set_raw("")

    @Slot(str)
    def setTyped(self, text: str) -> None:
        """Text typed into the field itself (physical keyboard or an input method)."""
        if text != self._get_text():
            self._set_raw(text)

    @Slot()
    def commit(self) -> None:
        self.submitted.emit(self._get_text())


class SearchController(TypedText):
    """The search screen's state: typed keys, shown text, results, suggestions."""

    resultsChanged = Signal()
    committed = Signal(str)
    #: The search was cleared (the clear key, «×», the idle reset), also when it held no
    #: text yet: the field drops a word an input method is still composing, which is
    #: shown there but is no text until committed.
    cleared = Signal()

    def __init__(self, catalog: Catalog, *, stats: StatsSink | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._search = Search(catalog)
        self._stats: StatsSink = stats or NullSink()
        self._searched = ""
        self._more = False
        self.results = ResultsModel(self)
        self.popular = ItemsModel(parent=self)
        self._suggestions: list[str] = []
        self._committed_for = None  # the query a commit was last counted for
        #: the field's text with the word an input method is still composing, when one is
        self._composing = ""

    # -- properties ----------------------------------------------------------
    def _get_results(self) -> QObject:
        return self.results

    resultsModel = Property(QObject, _get_results, constant=True)

    def _get_popular(self) -> QObject:
        return self.popular

    popularModel = Property(QObject, _get_popular, constant=True)

    def _get_count(self) -> int:
        return self.results.rowCount()

    resultCount = Property(int, _get_count, notify=resultsChanged)

    def _get_searched(self) -> str:
        return self._searched

    searched = Property(str, _get_searched, notify=resultsChanged)

    def _get_suggestions(self) -> list[str]:
        return list(self._suggestions)

    suggestions = Property("QStringList", _get_suggestions, notify=resultsChanged)

    def _get_nothing(self) -> bool:
        return bool(self._searched) and self.results.rowCount() == 0

    nothingFound = Property(bool, _get_nothing, notify=resultsChanged)

    def _get_more(self) -> bool:
        return self._more

    #: More hits matched than are shown: "30 kết quả" would undercount, so the screen
    #: says "more than 30" and the visitor knows typing more will narrow it.
    moreResults = Property(bool, _get_more, notify=resultsChanged)

    # -- typing --------------------------------------------------------------
    @Slot()
    def clear(self) -> None:
        self._committed_for = None
        super().clear()
        self.cleared.emit()

    @Slot(str)
    def suggest(self, text: str) -> None:
        """Take a suggested spelling as the new query (already composed)."""
        self._set_raw(text)

    def _set_raw(self, raw: str) -> None:
        composed, self._composing = self._composing, ""  # keys, a suggestion, a clear
        super()._set_raw(raw)
        if composed:  # the same text, so `_typed` did not search: the word has gone
            self._search_if_changed()

    @Slot(str, str, int)
    def setTypedComposing(self, text: str, preedit: str, cursor: int) -> None:
        """Text typed into the field (a physical keyboard, an input method), with the word
        an input method is still composing at `cursor` (its preedit: shown in the field,
        no text until a space commits it).

        Why: with an input method (IBus Unikey) the live results followed a whole word
        behind what the field showed; the search runs on both now. What is kept, counted
        and offered back (`text`) is the committed text only.
        """
        self._composing = _with_word(text[:MAX_TYPED], preedit, cursor)
        if text[:MAX_TYPED] != self._raw:
            super()._set_raw(text)  # the text changed: searched, with the word composed
        else:
            self._search_if_changed()

    @Slot(str, int)
    def setComposing(self, preedit: str, cursor: int) -> None:
        """The word an input method composes changed, the field's text not (yet).

        Only the word is taken, never the field's text: the field is also emptied by
        `clear` (its word dropped on the way), and its text then is the old one. A word
        ended (committed, or dropped) is searched a moment later, once a commit's text
        has come (`setTypedComposing`).
        """
        self._composing = _with_word(self._raw, preedit, cursor)
        if preedit:
            self._search_if_changed()
        else:
            QTimer.singleShot(0, self, self._search_if_changed)

    def _search_if_changed(self) -> None:
        if self._query() != self._searched:
            self.refresh()

    def _query(self) -> str:
        return (self._composing or self._raw).strip()

    def _typed(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Run the search for what is typed now (fast: FTS5 with prefix indexes)."""
        raw = self._query()
        hits = self._search.search_typed(raw, limit=RESULT_LIMIT) if raw else []
        self._more = more_than_shown(self._search, raw, hits, RESULT_LIMIT)
        new_query = raw != self._searched  # the same query again (a sync): the place stays
        self._searched = raw
        self.results.set_hits(hits, new_query=new_query)
        self._suggestions = (offered_spellings(self._search, raw, scheme=self._scheme)
                             if raw and not hits else [])
        if raw and not hits:  # read again each time: an item hidden since must not be offered
            self.popular.set_items(self._catalog.items(featured=True, limit=8)
                                   or self._catalog.items(limit=8))
        self.resultsChanged.emit()

    # -- statistics ----------------------------------------------------------
    @Slot()
    def commit(self) -> None:
        """The visitor tapped search or opened a result: count this search once.

        What is counted is the composed text, folded the way the stats store
        keeps search terms (`library.stats.fold_term`), so `ddangr vieen` in
        Telex, `d9a3ng vie6n` in VNI and `dang vien` without marks are one
        search, and nothing with marks leaves for the figures.
        """
        query = fold_term(self._get_text())
        if not query or query == self._committed_for:
            return
        self._committed_for = query
        # StatsSink implementations never raise into callers (their contract).
        self._stats.search_committed(query, found=self.results.rowCount() > 0)
        self.committed.emit(query)

    @Slot(int, result="QVariantMap")
    def hitAt(self, row: int) -> dict[str, Any]:
        hits = self.results.hits()
        if not 0 <= row < len(hits):
            return {}
        return {"itemId": hits[row].item.id, "page": hits[row].page or 0}
