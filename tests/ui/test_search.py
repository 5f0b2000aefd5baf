"""Typing Vietnamese on the on-screen keyboard and through an input method; results update."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QPointF

from .conftest import BOOK_ID, HIDDEN_ID, item, nothing_visible, settle, tap

pytestmark = pytest.mark.ui


def type_keys(kiosk, text: str) -> None:
    for key in text:
        tap(kiosk, "key_space" if key == " " else f"key_{key}")


@pytest.fixture
def search_screen(kiosk):
    tap(kiosk, "homeSearch")
    assert kiosk.nav.screen == "search"
    settle()
    return kiosk


def test_plain_letters_find_the_marked_title_as_you_type(search_screen, sink) -> None:
    kiosk = search_screen
    type_keys(kiosk, "chuy")
    first = kiosk.search.resultCount
    assert first > 0
    type_keys(kiosk, "en doi so")
    assert kiosk.search.text == "chuyen doi so"
    hits = kiosk.search.results.hits()
    assert hits[0].item.id == BOOK_ID
    assert kiosk.search.resultCount <= first + 30
    assert item(kiosk, "result_0").isVisible()
    model = kiosk.search.results
    roles = {bytes(name).decode(): role for role, name in model.roleNames().items()}
    snippet = model.data(model.index(0, 0), roles["snippet"])
    assert "<b>" in snippet and model.data(model.index(0, 0), roles["page"]) >= 1
    assert all(h.item.id != HIDDEN_ID for h in hits)
    assert sink.names("search_committed") == []  # never per keystroke


def test_telex_and_vni_compose_marks_and_dd_key(search_screen) -> None:
    kiosk = search_screen
    type_keys(kiosk, "chuyeenr ddooir soos")
    assert kiosk.search.text == "chuyển đổi số"
    assert kiosk.search.results.hits()[0].item.id == BOOK_ID
    tap(kiosk, "key_clear")
    assert kiosk.search.text == "" and kiosk.search.resultCount == 0
    tap(kiosk, "key_scheme")
    assert kiosk.search.scheme == "vni"
    type_keys(kiosk, "d9a3ng")
    assert kiosk.search.text == "đảng"
    for _ in range(3):
        tap(kiosk, "key_backspace")
    assert kiosk.search.raw == "d9a"
    type_keys(kiosk, "đ")
    assert kiosk.search.raw == "d9ađ"
    tap(kiosk, "key_scheme")
    tap(kiosk, "key_scheme")
    assert kiosk.search.scheme == "telex"


def scheme_cycle(typed: QObject) -> list[tuple[str, str]]:
    """(mode, key label) at each step of `nextScheme`, once round, from where it stands."""
    steps = []
    for _ in range(3):
        typed.nextScheme()
        steps.append((typed.property("scheme"), typed.property("schemeLabel")))
    return steps


def test_typed_text_steps_through_the_modes_and_names_each(qapp) -> None:
    from kiosk.controllers.search import SCHEMES, TypedText

    typed = TypedText()
    typed.typeKey("ddaf")
    assert (typed.scheme, typed.schemeLabel, typed.text) == ("telex", "Telex", "đà")
    assert scheme_cycle(typed) == [("vni", "VNI"), ("plain", "Không dấu"),
                                   ("telex", "Telex")]
    assert [mode for mode, _label in scheme_cycle(typed)] == [*SCHEMES[1:], SCHEMES[0]]
    typed.nextScheme()
    assert typed.text == "ddaf"  # the keys stay; only how they are read changes


def test_the_visitor_keyboard_key_follows_typed_text(search_screen) -> None:
    from kiosk.controllers.search import TypedText

    kiosk = search_screen
    key = item(kiosk, "key_scheme")
    shown = []
    for _ in range(3):
        tap(kiosk, "key_scheme")
        shown.append((kiosk.search.scheme, key.property("label")))
    assert shown == scheme_cycle(TypedText())


def test_the_plain_mode_label_speaks_english(qapp) -> None:
    from kiosk.controllers.search import TypedText

    from .english import english

    typed = TypedText()
    typed.scheme = "plain"
    with english():
        assert typed.schemeLabel == "No marks"


def test_input_method_commit_strings_type_vietnamese(search_screen, qtbot) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    kiosk = search_screen
    field = item(kiosk, "searchInput")
    field.forceActiveFocus()
    qtbot.waitUntil(field.hasActiveFocus)
    for word in ("Chuyển ", "đổi ", "số"):
        event = QInputMethodEvent("", [])
        event.setCommitString(word)
        QCoreApplication.sendEvent(kiosk.window, event)
    assert kiosk.search.text == "Chuyển đổi số"
    assert kiosk.search.results.hits()[0].item.id == BOOK_ID


@pytest.mark.parametrize("how", ["idle reset", "clear key"])
def test_a_word_half_typed_by_an_input_method_goes_with_the_search(search_screen, qtbot,
                                                                   how: str) -> None:
    """An input method's first word still being composed (its preedit: «đảng» before the
    space commits it) shows in the field but is no text yet: the idle reset and «Xoá hết»
    found the search already empty and left that word standing in the field, over the
    hint, for the next visitor to find. While it is composed, the hint gives way."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    kiosk = search_screen
    field = item(kiosk, "searchInput")
    field.forceActiveFocus()
    qtbot.waitUntil(field.hasActiveFocus)
    QCoreApplication.sendEvent(kiosk.window, QInputMethodEvent("đảng", []))
    assert field.property("preeditText") == "đảng" and kiosk.search.text == ""
    assert not item(kiosk, "searchHint").isVisible()  # not the hint under the word
    if how == "idle reset":
        kiosk.reset()
        kiosk.visit.openSearch()
    else:
        tap(kiosk, "key_clear")
    settle()
    assert field.property("preeditText") == ""
    assert field.property("text") == "" and kiosk.search.text == ""
    assert item(kiosk, "searchHint").isVisible()


def test_the_word_an_input_method_is_composing_is_searched_live(search_screen,
                                                                qtbot) -> None:
    """With a physical keyboard and an input method each word is composed (shown, not
    yet text) until a space commits it: the results followed a word behind the field."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    kiosk = search_screen
    field = item(kiosk, "searchInput")
    field.forceActiveFocus()
    qtbot.waitUntil(field.hasActiveFocus)

    def ime(preedit: str, commit: str = "") -> None:
        event = QInputMethodEvent(preedit, [])
        if commit:
            event.setCommitString(commit)
        QCoreApplication.sendEvent(kiosk.window, event)

    ime("chuyển")
    assert kiosk.search.text == "" and kiosk.search.searched == "chuyển"
    assert kiosk.search.resultCount > 0 and not kiosk.search.nothingFound
    ime("", "chuyển ")
    ime("qqqzz")  # a word found nowhere, still composing
    assert kiosk.search.text == "chuyển " and kiosk.search.searched == "chuyển qqqzz"
    assert kiosk.search.nothingFound
    ime("đổi")
    assert kiosk.search.searched == "chuyển đổi"
    assert kiosk.search.results.hits()[0].item.id == BOOK_ID
    ime("", "đổi")
    assert kiosk.search.text == "chuyển đổi" and kiosk.search.searched == "chuyển đổi"
    ime("sx")
    tap(kiosk, "key_clear")  # «Xoá hết» drops the composed word's search with it
    assert kiosk.search.searched == "" and kiosk.search.resultCount == 0


def test_no_results_offers_spellings_and_popular_items(search_screen) -> None:
    kiosk = search_screen
    type_keys(kiosk, "qqqzz")
    assert kiosk.search.nothingFound
    settle()
    assert item(kiosk, "noResults").isVisible()
    assert kiosk.search.popular.rowCount() > 0
    tap(kiosk, "key_clear")
    type_keys(kiosk, "nong san qqqzz")
    assert kiosk.search.nothingFound
    assert "nong san" in kiosk.search.suggestions
    settle()
    tap(kiosk, "suggestion_0")
    assert kiosk.search.resultCount > 0


def test_a_slipped_letter_is_offered_put_right(search_screen) -> None:
    """`dang vein` finds nothing; the first spelling offered is «đảng viên», one letter
    put right and written with the marks the library's texts give it, and the shorter
    queries offered show the words as the field does."""
    kiosk = search_screen
    type_keys(kiosk, "ddangr vein")
    assert kiosk.search.nothingFound
    assert kiosk.search.suggestions[:2] == ["đảng viên", "đảng"]
    settle()
    tap(kiosk, "suggestion_0")
    assert kiosk.search.resultCount > 0
    assert kiosk.search.resultsModel.hits()[0].item.title == "Sổ tay đảng viên điện tử"


def test_no_results_in_an_empty_library_says_so_instead_of_offering_it(search_screen) -> None:
    kiosk = search_screen
    with nothing_visible(kiosk):
        type_keys(kiosk, "qqqzz")
        assert kiosk.search.nothingFound
        settle()
        assert item(kiosk, "noResultsHint").isVisible()
        assert not item(kiosk, "browseAll").isVisible()  # it would lead to an empty list
        hint = [t.property("text") for t in kiosk.find_all("noResultsLine") if t.isVisible()]
        assert hint == ["•  Thư viện hiện chưa có mục nào. Mời bạn quay lại sau."]
    settle()
    assert item(kiosk, "browseAll").isVisible()  # a library again: the way to browse it
    assert len([t for t in kiosk.find_all("noResultsLine") if t.isVisible()]) == 3


def test_search_counts_when_committed_or_a_result_is_opened(search_screen, sink) -> None:
    kiosk = search_screen
    type_keys(kiosk, "nong san")
    tap(kiosk, "key_search")
    assert sink.names("search_committed") == [("nong san", True)]
    settle()
    assert not item(kiosk, "keyboard").isVisible()  # put away to show the results
    tap(kiosk, "showKeyboard")
    settle()
    tap(kiosk, "key_search")  # the same search again is not a second search
    assert len(sink.names("search_committed")) == 1
    settle()
    tap(kiosk, "result_0")
    assert kiosk.nav.screen == "detail"
    assert len(sink.names("search_committed")) == 1
    assert sink.names("item_viewed") == [(kiosk.visit.detail["itemId"],)]
    assert kiosk.visit.detail["startPage"] >= 0


def test_last_result_scrolls_clear_of_the_keyboard_button(search_screen) -> None:
    """The floating "Bàn phím" button never hides the end of the list."""
    kiosk = search_screen
    type_keys(kiosk, "chuyen doi so")
    tap(kiosk, "key_search")  # the keyboard hides; its button shows
    settle()
    results, button = item(kiosk, "searchResults"), item(kiosk, "showKeyboard")
    assert button.isVisible() and kiosk.search.resultCount > 3
    results.positionViewAtEnd()
    settle()
    last = item(kiosk, f"result_{kiosk.search.resultCount - 1}")
    bottom = last.mapToItem(kiosk.window.contentItem(), QPointF(0, last.height())).y()
    top = button.mapToItem(kiosk.window.contentItem(), QPointF(0, 0)).y()
    assert bottom <= top


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366), (1920, 1080)])
@pytest.mark.parametrize("large", [False, True], ids=["text", "large-text"])
def test_keyboard_button_covers_no_result_card_in_view(search_screen, qtbot, size, large) -> None:
    """Before any scrolling too: the button had lain over the words of the last card in view."""
    from .test_layout import rect, resize

    kiosk = search_screen
    kiosk.display.largeText = large
    resize(kiosk, qtbot, size)
    type_keys(kiosk, "chuyen doi so")
    tap(kiosk, "key_search")  # the keyboard hides; its button shows
    settle()
    results, button = rect(item(kiosk, "searchResults")), rect(item(kiosk, "showKeyboard"))
    kiosk.display.largeText = False
    resize(kiosk, qtbot, (1920, 1080))
    assert kiosk.search.resultCount > 3
    assert results.bottom() <= button.top()
    assert button.height() >= 56  # a finger's target


def test_typing_on_updates_the_shown_result_cards_in_place(search_screen) -> None:
    """A keystroke changes what the cards say; it does not build every card again."""
    from shiboken6 import Shiboken

    kiosk = search_screen
    type_keys(kiosk, "so")
    settle()
    before = {Shiboken.getCppPointer(card)[0] for card in kiosk.find_all("result_0")}
    type_keys(kiosk, "o")  # Telex: "số"
    settle()
    card = item(kiosk, "result_0")
    assert Shiboken.getCppPointer(card)[0] in before
    hit = kiosk.search.results.hits()[0]
    title = card.findChild(QObject, "resultTitle")
    snippet = card.findChild(QObject, "resultSnippet")
    assert title.property("fullText") == hit.item.title
    assert hit.snippet[hit.highlights[0][0]:hit.highlights[0][1]] in snippet.property("fullText")


def test_a_new_search_starts_at_its_first_result(search_screen) -> None:
    """Results scrolled down, then another key: the new list shows its best hit first."""
    kiosk = search_screen
    type_keys(kiosk, "n")
    settle()
    results = item(kiosk, "searchResults")
    assert results.property("contentHeight") > results.height()
    results.positionViewAtEnd()
    settle()
    assert not results.property("atYBeginning")
    type_keys(kiosk, "g")
    settle()
    assert results.property("atYBeginning")
    first = item(kiosk, "result_0")
    top = first.mapToItem(results, QPointF(0, 0)).y()
    assert 0 <= top < 1
    # Cards the list keeps for reuse answer to no result's name (their index is stale).
    for query in ("ngzz", ""):
        kiosk.search.setTyped(query)
        settle()
        names = [card.objectName() for card in results.property("contentItem").childItems()]
        shown = {f"result_{row}" for row in range(kiosk.search.resultCount)}
        assert {name for name in names if name.startswith("result_")} == shown


def test_contrast_switched_after_results_went_raises_no_script_error(search_screen) -> None:
    """Results, then a new search or the idle reset, then contrast on or off (the visitor,
    or the reset bringing back the station's own): the cards kept for reuse have no result
    behind them, and their snippet's colour, worked out again, threw a TypeError into the
    log each time («Cannot read property 'replace' of undefined»)."""
    kiosk = search_screen
    errors: list[str] = []
    kiosk.engine.warnings.connect(lambda found: errors.extend(e.toString() for e in found))
    kiosk.search.setTyped("so")
    settle()
    kiosk.search.setTyped("chuyen doi so")
    settle()
    kiosk.display.highContrast = True
    settle()
    kiosk.reset()  # a new search gone, the contrast switched back
    settle()
    assert errors == []


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)])
def test_a_double_tap_on_tim_or_on_the_keyboard_button_switches_the_keyboard_once(
        search_screen, size: tuple[int, int]) -> None:
    """«Tìm» puts the keyboard away to show the results, and «Bàn phím» takes its place
    at the screen's corner; «Bàn phím» brings it back with «Tìm» at that corner. A hurried
    double tap on either put the keyboard away and straight back (or back and away)."""
    from kiosk.touch import double_tap, wait_until

    kiosk = search_screen
    kiosk.window.resize(*size)
    assert wait_until(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    screen = item(kiosk, "searchScreen")
    kiosk.search.setTyped("so")
    settle()
    double_tap(kiosk.window, item(kiosk, "key_search"))
    settle()
    assert screen.property("keyboardShown") is False
    assert kiosk.search.text == "so" and kiosk.nav.screen == "search"
    double_tap(kiosk.window, item(kiosk, "showKeyboard"))
    settle()
    assert screen.property("keyboardShown") is True
    assert kiosk.search.text == "so"
    double_tap(kiosk.window, item(kiosk, "key_1"))  # a typing key still takes both taps
    assert kiosk.search.text == "so11"


def test_a_sync_keeps_the_results_where_the_visitor_scrolled_them(search_screen, qtbot,
                                                                   station_paths) -> None:
    """Another connection's commit (a sync, an import, `cafesach add`) runs the search
    again: the same query found the same items, each with a slightly other score, and the
    list jumped back to its top under the visitor's finger. Only a new query starts over."""
    from library.catalog import Catalog, Item

    kiosk = search_screen
    kiosk.window.resize(1366, 768)
    qtbot.waitUntil(lambda: kiosk.window.height() == 768)
    kiosk.search.setTyped("n")
    settle()
    results = item(kiosk, "searchResults")
    results.setProperty("contentY", results.property("contentHeight") / 3)
    settle()
    scrolled = results.property("contentY")
    assert scrolled > 0
    try:
        with Catalog.open(station_paths) as other:
            other.put(Item(id="tu-may-chu", title="Giá lúa", kind="bulletin", body="Giá lúa"))
        kiosk.watch.check()
        qtbot.waitUntil(lambda: not kiosk.lists_reading, timeout=10_000)
        settle()
        assert results.property("contentY") == scrolled
        kiosk.search.setTyped("ng")  # a new query: its best hit first
        settle()
        assert results.property("atYBeginning")
    finally:
        kiosk.catalog.remove("tu-may-chu")
