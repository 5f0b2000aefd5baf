"""Less travelled visitor paths: double taps, long texts, big result sets, no pictures.

Each test puts the screen into a state the everyday walk-through never reaches
and checks what a visitor would see: one screen back for a double tap, a
publisher line that wraps instead of running off the column, "more than 30"
when more matched, the station's sign when the attract loop has no slide, and
a QR note that says what an empty bulletin's code really holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from library.catalog import Item

from .conftest import BOOK_ID, item, nothing_visible, settle, tap
from .english import english

pytestmark = pytest.mark.ui

LONG_PUBLISHER = ("Nhà xuất bản Chính trị Quốc gia Sự thật — chi nhánh miền Trung "
                  "và Tây Nguyên, phòng biên tập sách phổ biến kiến thức")
LONG_TAG = "chuyển đổi số toàn diện trong công tác quản lý nhà nước ở cấp xã phường thị trấn"


def double_tap(app, name: str) -> None:
    """Two quick taps at the same spot, as Qt reports them (the second is a double click)."""
    from kiosk.touch import double_tap as double_tap_item

    double_tap_item(app.window, item(app, name))


# -- double taps ------------------------------------------------------------------------
def test_a_double_tap_on_back_goes_back_one_screen(kiosk) -> None:
    kiosk.visit.openItem(BOOK_ID)
    kiosk.visit.read(BOOK_ID, 0)
    settle()
    assert kiosk.nav.history == ["home", "detail", "reader"]
    double_tap(kiosk, "backButton")
    settle()
    assert kiosk.nav.screen == "detail"  # not home: the second tap was the same tap


def test_a_double_tap_on_a_toggle_switches_it_once(kiosk) -> None:
    assert kiosk.display.largeText is False
    double_tap(kiosk, "largeTextButton")
    settle()
    assert kiosk.display.largeText is True
    double_tap(kiosk, "contrastButton")
    settle()
    assert kiosk.display.highContrast is True
    muted = kiosk.volume.muted
    double_tap(kiosk, "muteButton")
    settle()
    assert kiosk.volume.muted is not muted


def test_other_buttons_still_take_both_taps_of_a_double_tap(kiosk) -> None:
    level = kiosk.volume.level
    tap(kiosk, "volumeDown")  # room to go up twice
    tap(kiosk, "volumeDown")
    settle()
    double_tap(kiosk, "volumeUp")
    settle()
    assert kiosk.volume.level == level


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_finger_double_tap_opens_one_screen_and_does_nothing_there(kiosk, qtbot,
                                                                     size) -> None:
    """From a touchscreen the second tap of a double tap reached the screen the first one
    opened and acted there: a collection's tile opened a card of it, a search result or
    «Đọc» opened the reader (or zoomed its page)."""
    from kiosk.touch import finger_double_tap, wait_until

    kiosk.window.resize(*size)
    assert wait_until(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    finger_double_tap(kiosk.window, item(kiosk, "tile_book"))
    settle()
    assert kiosk.nav.history == ["home", "browse"]
    kiosk.reset()
    kiosk.visit.openSearch()
    kiosk.search.setTyped("so")
    settle()
    finger_double_tap(kiosk.window, item(kiosk, "result_0"))
    settle()
    assert kiosk.nav.history == ["home", "search", "detail"]
    finger_double_tap(kiosk.window, item(kiosk, "readButton"))
    qtbot.waitUntil(lambda: kiosk.reader.imagePage >= 1, timeout=20000)
    settle()
    assert kiosk.nav.history == ["home", "search", "detail", "reader"]
    assert kiosk.reader.zoom == 1.0


# -- long texts on the detail screen ---------------------------------------------------
@pytest.fixture
def wordy_item(kiosk) -> Iterator[str]:
    book = kiosk.catalog.get(BOOK_ID)
    kiosk.catalog.put(replace(book, id="wordy-book", publisher=LONG_PUBLISHER, featured=False,
                              kind="handbook", tags=(LONG_TAG, "kỹ năng số")), ["trang một"])
    yield "wordy-book"
    kiosk.visit.home()
    kiosk.catalog.remove("wordy-book")


@pytest.mark.parametrize("size", [(1080, 1920), (768, 1366)])
def test_a_long_publisher_and_tag_stay_inside_the_column(kiosk, wordy_item: str,
                                                         size: tuple[int, int]) -> None:
    from kiosk.touch import wait_until

    kiosk.window.resize(*size)
    assert wait_until(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    kiosk.display.largeText = True
    kiosk.visit.openItem(wordy_item)
    settle(300)
    facts = item(kiosk, "detailFacts")
    texts = [c for c in facts.childItems() if c.property("text")]
    publisher = next(c for c in texts if c.property("text") == LONG_PUBLISHER)
    assert publisher.width() <= facts.width() + 0.5
    assert publisher.height() > 1.5 * publisher.property("font").pixelSize()  # wrapped
    tags = kiosk.find_all("detailTag")
    assert tags and all(t.width() <= facts.width() + 0.5 for t in tags)
    assert all(t.mapToItem(facts, 0, 0).x() + t.width() <= facts.width() + 0.5 for t in tags)
    kiosk.visit.openCollection("handbook")  # the browse screen's chips: cut there too
    settle(300)
    chips = item(kiosk, "tagChips")
    long_chip = next(c for c in chips.property("contentItem").childItems()
                     if c.property("text") == "#" + LONG_TAG)
    assert long_chip.width() <= chips.width() + 0.5


# -- a file name as a title ----------------------------------------------------------
FILE_TITLE = ("Hướng_dẫn_sử_dụng_phần_mềm_quản_lý_văn_bản_và_điều_hành_"
              "phiên_bản_2026_dành_cho_cán_bộ_cấp_xã.pdf")


@pytest.fixture
def file_named_item(kiosk) -> Iterator[str]:
    book = kiosk.catalog.get(BOOK_ID)
    kiosk.catalog.put(replace(book, id="file-named", title=FILE_TITLE, featured=False),
                      ["quanlyvanban"])
    kiosk.reload_lists()
    yield "file-named"
    kiosk.visit.home()
    kiosk.search.clear()
    kiosk.catalog.remove("file-named")
    kiosk.reload_lists()


def _inside(text_item) -> bool:
    return text_item.property("contentWidth") <= text_item.width() + 0.5


def test_a_title_with_no_spaces_stays_on_its_card(kiosk, file_named_item: str) -> None:
    """One over-long word (a file name kept as the title) breaks inside the word instead
    of running over the next card, off the result card or off the screen."""
    from kiosk.touch import wait_until

    kiosk.window.resize(1366, 768)
    assert wait_until(lambda: kiosk.window.height() == 768)
    kiosk.visit.openCollection("book")
    settle(300)
    card = item(kiosk, "browse_" + file_named_item)
    title = next(c for c in card.childItems() if c.objectName() == "cardTitle")
    assert title.property("lineCount") == 2 and _inside(title)
    kiosk.visit.openItem(file_named_item)
    settle(300)
    detail_title = item(kiosk, "detailTitle")
    assert detail_title.property("text") == FILE_TITLE
    assert _inside(detail_title)
    kiosk.visit.openSearch()
    kiosk.search.setTyped("quanlyvanban")
    settle(300)
    assert kiosk.search.resultCount == 1
    assert _inside(item(kiosk, "resultTitle"))


# -- many results -------------------------------------------------------------------
@pytest.fixture
def many_items(kiosk) -> Iterator[int]:
    ids = [f"many-{i}" for i in range(40)]
    for n, item_id in enumerate(ids):
        kiosk.catalog.put(Item(id=item_id, title=f"Phiếu ghi chép mùa vụ số {n}", kind="document",
                               body=f"Ghi chép {n}"))
    yield len(ids)
    kiosk.search.clear()
    for item_id in ids:
        kiosk.catalog.remove(item_id)


def test_a_search_with_more_hits_than_shown_says_more_than(kiosk, many_items: int) -> None:
    from kiosk.controllers.search import RESULT_LIMIT

    kiosk.visit.openSearch()
    kiosk.search.setTyped("phieu ghi chep")
    settle()
    assert kiosk.search.resultCount == RESULT_LIMIT < many_items
    assert kiosk.search.moreResults is True
    status = item(kiosk, "searchStatus").property("fullText")
    assert status == f"Hơn {RESULT_LIMIT} kết quả cho “phieu ghi chep”"
    kiosk.search.setTyped("phieu ghi chep so 7")  # narrowed: the count is exact again
    settle()
    assert kiosk.search.moreResults is False
    assert item(kiosk, "searchStatus").property("fullText").startswith(
        f"{kiosk.search.resultCount} kết quả")
    kiosk.search.setTyped("phieu ghi chep")
    with english():
        kiosk.engine.retranslate()
        settle()
        assert item(kiosk, "searchStatus").property("fullText") == \
            f"More than {RESULT_LIMIT} results for “phieu ghi chep”"
    kiosk.engine.retranslate()


# -- the attract loop with nothing to show ------------------------------------------
def test_an_attract_loop_with_no_slide_shows_the_station_sign(kiosk) -> None:
    kiosk.visit.attract_items.set_items([])
    try:
        kiosk._attract()
        settle(400)
        sign = item(kiosk, "attractSign")
        assert sign.isVisible() and sign.height() > 0
    finally:
        kiosk.idle.set_attracting(False)
        kiosk.nav.home()
        kiosk.visit.refresh()
    kiosk._attract()
    settle(400)
    assert not item(kiosk, "attractSign").isVisible()  # slides to show: no sign
    kiosk.idle.set_attracting(False)
    kiosk.nav.home()


def test_an_attract_loop_that_loses_slides_shows_one_that_is_left(kiosk) -> None:
    slides = kiosk.visit.attract_items.items()
    assert len(slides) >= 3
    try:
        kiosk._attract()
        settle(300)
        screen = item(kiosk, "attractScreen")
        screen.setProperty("slide", len(slides) - 1)  # the loop was on its last slide
        kiosk.visit.attract_items.set_items(slides[:1])  # a sync hid the others meanwhile
        settle(300)
        assert screen.property("slide") == 0
    finally:
        kiosk.idle.set_attracting(False)
        kiosk.nav.home()
        kiosk.visit.refresh()


# -- a library with nothing visible -------------------------------------------------
def test_an_empty_library_says_so_on_the_home_screen(kiosk) -> None:
    with nothing_visible(kiosk):
        settle(300)
        assert not item(kiosk, "collectionTiles").isVisible()  # no lone "0 items" tile
        empty = item(kiosk, "homeEmpty")
        assert empty.isVisible() and empty.property("text") == "Chưa có mục nào ở đây."
    settle(300)
    assert item(kiosk, "collectionTiles").isVisible()
    assert not item(kiosk, "homeEmpty").isVisible()


# -- an item's kind in English ------------------------------------------------------
def test_one_item_is_named_in_the_singular_in_english(kiosk) -> None:
    from kiosk.models.collections import kind_name, tile_name

    assert kind_name("book") == tile_name("book") == "Sách điện tử"
    with english():
        assert (kind_name("book"), tile_name("book")) == ("E-book", "E-books")
        assert kind_name("bulletin") == "Bulletin"
        kiosk.visit.openItem(BOOK_ID)
        assert kiosk.visit.detail["kindName"] == "E-book"


# -- the handoff note of a bulletin without text -----------------------------------
@pytest.fixture
def handoff(kiosk):
    from kiosk.parts import install_parts

    if getattr(kiosk, "handoff", None) is None:
        install_parts(kiosk, options={"handoff": {"serve": False}}, only=("handoff",))
    return kiosk.handoff


@pytest.fixture
def bulletins(kiosk) -> Iterator[None]:
    catalog = kiosk.catalog
    catalog.put(Item(id="tin-trong", title="Thông báo lịch tiêm phòng", kind="bulletin"))
    catalog.put(Item(id="tin-tom-tat", title="Lịch cắt điện", kind="bulletin",
                     summary="Thôn Đông, sáng thứ Bảy."))
    catalog.put(Item(id="tin-day-du", title="Lịch họp thôn", kind="bulletin",
                     body="Lịch họp thôn\nHọp lúc 19 giờ tại nhà văn hoá."))
    yield
    kiosk.visit.home()
    for item_id in ("tin-trong", "tin-tom-tat", "tin-day-du"):
        catalog.remove(item_id)


@pytest.mark.parametrize(("item_id", "note", "english_note"), [
    ("tin-trong", "Mã QR chỉ chứa tên bản tin.", "The QR code holds only the bulletin's title."),
    ("tin-tom-tat", "Mã QR chứa tên và phần tóm tắt của bản tin.",
     "The QR code holds the bulletin's title and summary."),
    ("tin-day-du", "Mã QR chứa nội dung bản tin.", "The QR code holds the bulletin's text."),
])
def test_the_qr_note_says_what_a_bulletins_code_holds(kiosk, handoff, bulletins, item_id: str,
                                                      note: str, english_note: str) -> None:
    kiosk.visit.openItem(item_id)
    settle(300)
    shown = item(kiosk, "handoffNote")
    assert shown.isVisible()
    assert shown.property("text") == note
    with english():
        assert handoff.code(item_id)["note"] == english_note


# -- odd idle settings ----------------------------------------------------------------
@pytest.mark.parametrize(("idle_s", "attract_s", "idle_ms", "attract_ms"), [
    (90, 30, 90_000, 30_000),
    (0, 0, 30_000, 0),  # 0 would reset the screen at every touch
    (-5, -1, 30_000, 0),
    (3_000_000, 10_000_000, 86_400_000, 86_400_000),  # beyond what a QTimer holds
])
def test_idle_settings_are_held_to_what_a_station_can_live_with(
        qapp, idle_s: float, attract_s: float, idle_ms: int, attract_ms: int) -> None:
    from kiosk.controllers.idle import IdleWatch

    watch = IdleWatch(idle_s, attract_s)
    assert (watch.idle_timer.interval(), watch.attract_timer.interval()) == (idle_ms, attract_ms)


# -- an item taken away while it is on screen ---------------------------------------
@pytest.fixture
def passing_item(kiosk) -> Iterator[str]:
    book = kiosk.catalog.get(BOOK_ID)
    kiosk.catalog.put(replace(book, id="sap-go", title="Sách sắp gỡ", featured=True),
                      ["trang một"])
    kiosk.visit.refresh()
    kiosk.collections.refresh()
    yield "sap-go"
    if "sap-go" in {i.id for i in kiosk.catalog.items(include_hidden=True)}:
        kiosk.catalog.remove("sap-go")
    kiosk.visit.refresh()
    kiosk.collections.refresh()


def _tile_count(app, key: str) -> int:
    """The number a collection tile shows (the model's `count` role)."""
    model = app.collections
    roles = {bytes(name).decode(): role for role, name in model.roleNames().items()}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.data(index, roles["key"]) == key:
            return int(model.data(index, roles["count"]))
    raise AssertionError(f"no tile {key}")


def test_a_card_of_an_item_removed_meanwhile_goes_away_when_tapped(kiosk, passing_item) -> None:
    settle()
    assert passing_item in {i.id for i in kiosk.visit.featured.items()}
    tiles_before = _tile_count(kiosk, "new")
    kiosk.catalog.remove(passing_item)  # as `cafesach remove` would, from a terminal
    tap(kiosk, f"card_{passing_item}")
    settle()
    assert kiosk.nav.screen == "home"
    assert passing_item not in {i.id for i in kiosk.visit.featured.items()}
    assert kiosk.find(f"card_{passing_item}") is None
    assert _tile_count(kiosk, "new") == tiles_before - 1


def test_a_detail_of_an_item_hidden_meanwhile_steps_back(kiosk, passing_item) -> None:
    kiosk.visit.openSearch()
    kiosk.search.setTyped("sach sap go")
    settle()
    assert kiosk.search.resultCount >= 1
    kiosk.visit.openItem(passing_item)
    settle()
    kiosk.catalog.set_flags(passing_item, hidden=True)
    tap(kiosk, "readButton")
    settle()
    assert kiosk.nav.screen == "search"
    assert kiosk.visit.detail == {}
    assert passing_item not in {h.item.id for h in kiosk.search.results.hits()}


def test_switching_language_renames_what_is_on_screen_at_once(kiosk) -> None:
    kiosk.visit.openCollection("book")
    settle()
    card = f"browse_{BOOK_ID}"
    assert item(kiosk, card).property("kindName") == "Sách điện tử"
    kiosk.set_language("en")
    try:
        settle()
        assert item(kiosk, "browseTitle").property("fullText") == "E-books"
        assert item(kiosk, card).property("kindName") == "E-book"
        kiosk.visit.openItem(BOOK_ID)
        kiosk.set_language("vi")
        settle()
        assert kiosk.visit.detail["kindName"] == "Sách điện tử"
        kiosk.set_language("en")
        settle()
        assert kiosk.visit.detail["kindName"] == "E-book"
    finally:
        kiosk.set_language("vi")
    kiosk.visit.back()
    settle()
    assert item(kiosk, "browseTitle").property("fullText") == "Sách điện tử"


def test_a_bulletin_with_nothing_but_a_title_leaves_no_hole_under_it(kiosk, bulletins) -> None:
    kiosk.visit.openItem("tin-trong")
    settle(300)
    title, read = item(kiosk, "detailTitle"), item(kiosk, "readButton")
    gap = read.mapToScene(read.boundingRect().topLeft()).y() - \
        title.mapToScene(title.boundingRect().bottomLeft()).y()
    spacing = title.parentItem().property("spacing")
    assert gap <= spacing + 1  # title, then the read button: one spacing between them


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_a_double_tap_that_wakes_the_attract_loop_opens_nothing_under_it(
        kiosk, size: tuple[int, int]) -> None:
    """«Chạm để bắt đầu» tapped twice by a hurried finger: the first tap brings the home
    screen, and the second landed on the card under the finger there and opened it."""
    from PySide6.QtTest import QTest

    from kiosk.touch import centre, pump, wait_until

    kiosk.window.resize(*size)
    assert wait_until(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    kiosk._attract()
    settle(400)
    point = centre(item(kiosk, "touchToStart"))
    finger = QTest.createTouchDevice()
    for _ in range(2):
        QTest.touchEvent(kiosk.window, finger).press(0, point).commit()
        pump(30)
        QTest.touchEvent(kiosk.window, finger).release(0, point).commit()
        pump(30)
    settle()
    assert kiosk.nav.history == ["home"]
    # the double tap over, the home screen takes taps again
    assert wait_until(lambda: item(kiosk, "tapShield").property("enabled") is False)
    tap(kiosk, "tile_book")
    assert kiosk.nav.screen == "browse"
