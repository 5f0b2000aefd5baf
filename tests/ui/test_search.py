"""Typing Vietnamese on the on-screen keyboard and through an input method; results update."""

from __future__ import annotations

import pytest

from .conftest import BOOK_ID, HIDDEN_ID, item, settle, tap

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
    from PySide6.QtCore import QPointF

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
