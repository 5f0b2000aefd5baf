"""Geometry a visitor relies on: layouts that survive a rotation, a read-along panel that never
hides the player's controls, find-in-document pages as buttons, titles cut at whole words."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRectF, QUrl

from .conftest import BOOK_ID, here, item, settle, tap

pytestmark = pytest.mark.ui

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)


def rect(node) -> QRectF:
    """The item's rectangle in window coordinates."""
    origin = node.mapToScene(QPointF(0, 0))
    return QRectF(origin.x(), origin.y(), node.width(), node.height())


def resize(kiosk, qtbot, size: tuple[int, int]) -> None:
    kiosk.window.resize(*size)
    qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    settle(250)


def test_search_keyboard_goes_back_beside_the_results_after_a_rotation(kiosk, qtbot) -> None:
    tap(kiosk, "homeSearch")
    settle()
    for key in "dang vien":
        tap(kiosk, "key_space" if key == " " else f"key_{key}")
    assert kiosk.search.resultCount > 0
    names = ("keyboard", "searchResults", "searchStatus")
    before = {name: rect(item(kiosk, name)) for name in names}
    resize(kiosk, qtbot, PORTRAIT)
    keyboard, results = rect(item(kiosk, "keyboard")), rect(item(kiosk, "searchResults"))
    assert keyboard.center().x() == pytest.approx(PORTRAIT[0] / 2, abs=1)  # docked under
    assert results.bottom() <= keyboard.top() + 0.5
    resize(kiosk, qtbot, LANDSCAPE)
    keyboard, results = rect(item(kiosk, "keyboard")), rect(item(kiosk, "searchResults"))
    status = rect(item(kiosk, "searchStatus"))
    assert keyboard == before["keyboard"]
    assert keyboard.width() < LANDSCAPE[0] * 0.55 and keyboard.right() <= LANDSCAPE[0]
    assert results == before["searchResults"] and results.width() > LANDSCAPE[0] * 0.35
    assert results.right() <= keyboard.left()  # side by side, not under the keyboard
    assert status.width() == pytest.approx(before["searchStatus"].width()) and status.width() > 300


def test_detail_cover_goes_back_beside_the_text_after_a_rotation(kiosk, qtbot) -> None:
    kiosk.visit.openItem(BOOK_ID, 0)
    settle(300)
    landscape = {name: rect(item(kiosk, name)) for name in ("detailCover", "detailTitle")}
    assert landscape["detailCover"].right() < landscape["detailTitle"].left()
    resize(kiosk, qtbot, PORTRAIT)
    cover, title = rect(item(kiosk, "detailCover")), rect(item(kiosk, "detailTitle"))
    assert cover.center().x() == pytest.approx(PORTRAIT[0] / 2, abs=1)  # centred above
    assert cover.bottom() < title.top()
    resize(kiosk, qtbot, LANDSCAPE)
    cover, title = rect(item(kiosk, "detailCover")), rect(item(kiosk, "detailTitle"))
    assert cover == landscape["detailCover"] and title == landscape["detailTitle"]
    assert not cover.intersects(title)


def test_detail_without_a_cover_shows_the_kind_icon(kiosk) -> None:
    kiosk.visit.openItem("broken-book", 0)  # a book stored without a cover
    settle()
    assert item(kiosk, "detailCoverIcon").isVisible()
    kiosk.visit.openItem(BOOK_ID, 0)
    settle(300)
    assert not item(kiosk, "detailCoverIcon").isVisible()


class HeldVoice:
    """A voice that is still preparing until released: the player stays "loading" (active),
    which is all the layout needs, with no sound card and no timing involved."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def prepare(self, text: str) -> object:
        self.release.wait(30)
        raise RuntimeError("released")


@pytest.fixture
def held_voice() -> HeldVoice:
    return HeldVoice()


@pytest.fixture
def listening(kiosk, qtbot, held_voice: HeldVoice) -> Iterator[object]:
    """The kiosk's listen slot filled with the real "Nghe" button and player."""
    from kiosk.audio import QML_DIR
    from kiosk.audio.player import ListenPlayer

    voice = held_voice
    player = ListenPlayer(voice, kiosk.tasks, catalog=kiosk.catalog)  # type: ignore[arg-type]
    player.set_available(True)
    kiosk.engine.rootContext().setContextProperty("listenPlayer", player)
    kiosk.slots.set_source("listen", QUrl.fromLocalFile(str(QML_DIR / "ListenButton.qml")))
    yield player
    player.stop()
    voice.release.set()
    qtbot.waitUntil(lambda: kiosk.tasks.pending == 0, timeout=10_000)
    kiosk.slots.set_source("listen", QUrl())
    settle()


@pytest.mark.parametrize("large", [False, True], ids=["text", "large-text"])
def test_read_and_listen_stand_in_one_row_of_one_height(kiosk, qtbot, listening, large) -> None:
    """«Đọc từ trang 2» was a head taller than «Nghe» beside it: the row looked askew."""
    kiosk.display.largeText = large
    try:
        resize(kiosk, qtbot, (1366, 768))
        kiosk.visit.openItem(BOOK_ID, 0)
        settle(300)
        read, listen = rect(item(kiosk, "readButton")), rect(item(kiosk, "listenStart"))
        assert read.height() == pytest.approx(listen.height())
        assert read.top() == pytest.approx(listen.top())
        assert read.right() < listen.left()
    finally:
        kiosk.display.largeText = False
        resize(kiosk, qtbot, LANDSCAPE)


def _reading_aloud(kiosk, qtbot, player, size) -> QRectF:
    """The book's detail screen at `size`, «Nghe» tapped and playing: the panel's rectangle."""
    resize(kiosk, qtbot, size)
    kiosk.visit.openItem(BOOK_ID, 0)
    settle(300)
    tap(kiosk, "listenStart")
    qtbot.waitUntil(lambda: player.active, timeout=5_000)
    settle(300)
    return rect(item(kiosk, "listenPanel"))


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT, (1366, 768), (768, 1366)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_read_along_panel_never_covers_pause_stop_or_read(kiosk, qtbot, listening, size) -> None:
    player = listening
    panel = _reading_aloud(kiosk, qtbot, player, size)
    assert item(kiosk, "listenPanel").isVisible()
    window = QRectF(0, 0, *size)
    assert window.contains(panel) and panel.left() > 0 and panel.bottom() < size[1]  # margins
    for name in ("listenToggle", "listenBack", "listenForward", "listenStop"):
        button = rect(item(kiosk, name))
        assert panel.contains(button), name  # the controls are in the panel, on top
        assert window.contains(button), name
    assert rect(item(kiosk, "listenPanelText")).top() >= rect(item(kiosk, "listenToggle")).bottom()
    # The detail content ends above the panel, and the read button is in view.
    flick = rect(item(kiosk, "detailFlick"))
    assert flick.bottom() <= panel.top() + 0.5
    read = rect(item(kiosk, "readButton"))
    assert read.bottom() <= panel.top() and read.top() >= flick.top()
    # The text is joined into paragraphs: a line broken inside a sentence reads on.
    body = item(kiosk, "readAlongBody").property("text")
    assert "cho mọi người dân" in body and "cho mọi<br/>" not in body
    tap(kiosk, "listenStop")  # a real tap at the button: nothing lies over it
    assert player.state == "idle"
    settle()
    assert not item(kiosk, "listenPanel").isVisible()
    assert rect(item(kiosk, "detailFlick")).bottom() == pytest.approx(size[1])


@pytest.mark.parametrize("size", [(768, 1366), (1366, 768), PORTRAIT],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_read_along_panel_holds_its_controls_in_large_text(kiosk, qtbot, listening, size) -> None:
    """Large text: the player's buttons wrap inside the panel (in portrait, stop and the
    progress bar ran past the panel's right edge)."""
    player = listening
    kiosk.display.largeText = True
    try:
        panel = _reading_aloud(kiosk, qtbot, player, size)
        for name in ("listenBack", "listenToggle", "listenForward", "listenSpeed", "listenStop",
                     "listenProgress"):
            assert panel.contains(rect(item(kiosk, name))), name
        assert rect(item(kiosk, "listenStop")).height() >= 56  # still a finger's target
        tap(kiosk, "listenStop")
        assert player.state == "idle"
    finally:
        kiosk.display.largeText = False
        settle()


def test_find_in_document_pages_are_buttons_that_open_the_page(kiosk, qtbot) -> None:
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20_000)
    tap(kiosk, "findButton")
    for key in "dich vu":
        tap(kiosk, "key_space" if key == " " else f"key_{key}")
    pages = list(kiosk.reader.hitPages)
    assert len(pages) >= 2 and kiosk.reader.page == pages[0]
    settle()
    buttons = [item(kiosk, f"findPage_{page}") for page in pages]
    mm = kiosk.window.screen().physicalDotsPerInch() / 25.4
    assert all(b.isVisible() and min(b.width(), b.height()) >= 9 * mm - 0.5 for b in buttons)
    assert buttons[0].property("checked") and not buttons[-1].property("checked")
    tap(kiosk, f"findPage_{pages[-1]}")
    assert kiosk.reader.page == pages[-1]
    assert kiosk.reader.returnPage == pages[0]  # "Về trang N" brings the visitor back
    assert not item(kiosk, "findPanel").isVisible()  # the page is in full view
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == pages[-1], timeout=10_000)


def test_no_results_hint_offers_a_way_to_browse(kiosk) -> None:
    tap(kiosk, "homeSearch")
    settle()
    for key in "xqzw":
        tap(kiosk, f"key_{key}")
    tap(kiosk, "key_search")
    assert kiosk.search.resultCount == 0
    settle()
    assert item(kiosk, "noResultsHint").isVisible()
    tap(kiosk, "browseAll")
    assert kiosk.nav.screen == "browse"


@pytest.mark.parametrize("size", [LANDSCAPE, (768, 1366)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_cut_titles_end_at_a_whole_word(kiosk, qtbot, size) -> None:
    resize(kiosk, qtbot, size)
    kiosk.display.largeText = True
    kiosk.visit.openItem(BOOK_ID, 0)  # the top bar's search pill
    settle(300)
    texts = [item(kiosk, "searchPillText")]
    kiosk.visit.home()
    settle(300)
    texts += [item(kiosk, "homeSearchHint"), *kiosk.find_all("cardTitle")]
    shortened = [t for t in texts if t.isVisible() and t.property("shortened")]
    assert shortened, "nothing was long enough to be shortened at this size"
    for text in shortened:
        shown, full = text.property("text"), text.property("fullText")
        head, mark, end = shown.rpartition("…")  # a title's end («(kỳ 2)») may stay after it
        assert mark and (not end or (end.startswith(" ") and full.endswith(end))), (shown, full)
        kept, words = head.split(), full.split()
        n = len(kept)
        # Whole words only (the last one may lose the comma it had before the cut).
        assert kept[:-1] == words[:n - 1] and kept[-1] == words[n - 1].rstrip(",;:·"), (shown, full)
        assert not text.property("truncated")  # Qt's own elide (mid-syllable) never needed


@pytest.mark.parametrize("large", [False, True])
def test_typing_mode_key_says_what_it_switches_and_fits(kiosk, large) -> None:
    kiosk.display.largeText = large
    tap(kiosk, "homeSearch")
    settle()
    key = item(kiosk, "key_scheme")
    labels = []
    for _ in range(3):
        caption = next(c for c in _children(key) if c.objectName() == "keyCaption")
        label = next(c for c in _children(key) if c.objectName() == "keyLabel")
        assert caption.property("text") == "Kiểu gõ"
        labels.append((kiosk.search.scheme, label.property("text")))
        for text in (caption, label):  # drawn inside the key, not over its neighbours
            assert text.property("contentWidth") <= key.width()
        tap(kiosk, "key_scheme")
    assert labels == [("telex", "Telex"), ("vni", "VNI"), ("plain", "Không dấu")]


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366), LANDSCAPE],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_typing_mode_key_holds_both_lines_inside_its_border(kiosk, qtbot, size) -> None:
    """In large text at 1366×768 «Kiểu gõ» over «Telex» was taller than the key: the mark
    of «ể» sat on the key's top edge (in high contrast, a 3 px white border)."""
    kiosk.display.largeText = True
    kiosk.display.highContrast = True
    try:
        resize(kiosk, qtbot, size)
        kiosk.visit.home()
        settle()
        tap(kiosk, "homeSearch")
        settle()
        key = item(kiosk, "key_scheme")
        caption = next(c for c in _children(key) if c.objectName() == "keyCaption")
        label = next(c for c in _children(key) if c.objectName() == "keyLabel")
        border = 3  # Theme.lineWidth in high contrast
        inside = rect(key).adjusted(border, border, -border, -border)
        assert inside.top() <= rect(caption).top(), (rect(caption), inside)
        assert rect(label).bottom() <= inside.bottom(), (rect(label), inside)
        # every key of a row keeps the one height: the rows stay even
        assert item(kiosk, "key_z").height() == key.height()
    finally:
        kiosk.display.largeText = False
        kiosk.display.highContrast = False
        resize(kiosk, qtbot, LANDSCAPE)


def _word_text(kiosk, title: str, width: float, *, balanced: bool):
    """A WordText of two lines at most, centred, made in the kiosk's engine."""
    from PySide6.QtQml import QQmlComponent

    components = QUrl.fromLocalFile(str(here().parent.parent / "kiosk/qml/components/"))
    component = QQmlComponent(kiosk.engine)
    component.setData(
        (f'import QtQuick\nimport "{components.toString()}"\n'
         f'WordText {{ width: {width}; maxLines: 2; horizontalAlignment: Text.AlignHCenter; '
         f'font.pixelSize: 47; font.bold: true; balanced: {"true" if balanced else "false"}; '
         f'fullText: "{title}" }}').encode(), QUrl())
    made = component.create()
    assert made is not None, component.errorString()
    _MADE.append((component, made))  # kept: the engine would collect an unowned item
    return made


_MADE: list = []


def test_a_balanced_title_leaves_no_word_alone_on_its_last_line(kiosk) -> None:
    """The attract loop's title in portrait, large text: «Chủ động phòng chống bão» over a
    lone «lũ». Balanced, the two lines are of about one length, centred as before."""
    title = "Chủ động phòng chống bão lũ"
    plain = _word_text(kiosk, title, 10_000, balanced=False)
    width = plain.property("implicitWidth") * 0.92  # just too narrow for one line
    plain = _word_text(kiosk, title, width, balanced=False)
    balanced = _word_text(kiosk, title, width, balanced=True)
    settle(50)
    assert plain.property("lineCount") == 2 and balanced.property("lineCount") == 2
    assert plain.property("contentWidth") > 0.8 * width  # the first line nearly full…
    assert balanced.property("contentWidth") < 0.65 * width  # …balanced: two halves
    assert balanced.property("text") == title and not balanced.property("truncated")
    assert balanced.property("leftPadding") == pytest.approx(balanced.property("rightPadding"))
    one_line = _word_text(kiosk, title, width * 2, balanced=True)  # fits: drawn as it is
    assert one_line.property("lineCount") == 1 and one_line.property("leftPadding") == 0
    _MADE.clear()


@pytest.mark.parametrize("size", [(1366, 768), LANDSCAPE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_collection_name_of_two_lines_leaves_no_word_alone(kiosk, qtbot, size) -> None:
    """Large text, six tiles in a row: «Sách điện» over a lone «tử», «Mới cập» over «nhật».
    The lines are of about one length now: «Sách» over «điện tử», «Mới» over «cập nhật»
    (a word of two syllables is joined by a no-break space, where Qt never wraps)."""
    kiosk.display.largeText = True
    try:
        resize(kiosk, qtbot, size)
        kiosk.visit.home()
        settle(300)
        for key in ("book", "new"):
            tile = item(kiosk, f"tile_{key}")
            name = next(c for c in _children(tile) if c.objectName() == "tileName")
            assert name.property("lineCount") == 2, key
            assert not name.property("truncated"), key
            first, word = {"book": ("Sách", "điện\u00a0tử"), "new": ("Mới", "cập\u00a0nhật")}[key]
            assert name.property("text") == f"{first} {word}", key  # its one place to wrap
    finally:
        kiosk.display.largeText = False
        resize(kiosk, qtbot, LANDSCAPE)


def test_a_word_of_two_syllables_never_breaks_on_a_tile(kiosk) -> None:
    """«Bản tin», «Sổ tay», «Tài liệu», «Âm thanh» are one word each: a tile too narrow
    shrinks them, never writes «Bản» over «tin»."""
    from kiosk.models.collections import TILES, tile_name

    kiosk.visit.home()
    settle(100)
    shown = 0
    for key, _accent in TILES:
        tile = kiosk.find(f"tile_{key}")
        if tile is None:
            continue  # no item of that kind in the demo
        name = next(c for c in _children(tile) if c.objectName() == "tileName")
        text = name.property("text")
        assert text.replace("\u00a0", " ") == tile_name(key), key
        syllables = tile_name(key).split(" ")
        if len(syllables) == 2:
            assert " " not in text, key
        shown += 1
    assert shown >= 4


def test_every_word_of_a_collection_name_shows_when_large_text_is_switched_on(
        kiosk, qtbot) -> None:
    """1024×768, large text switched on at the station: «Sách điện tử» kept the split
    measured at the normal size, too narrow for «điện tử» at the large one, and «tử» was
    cut off; «Mới cập nhật», three lines at the large size, lost «nhật» (the two-line limit
    cut it where the name was meant to shrink). Every word shows, on two lines at most."""
    resize(kiosk, qtbot, (1024, 768))
    try:
        kiosk.visit.home()
        settle(300)
        kiosk.display.largeText = True
        settle(300)
        for key in ("book", "infographic", "bulletin", "handbook", "document", "new"):
            tile = item(kiosk, f"tile_{key}")
            name = next(c for c in _children(tile) if c.objectName() == "tileName")
            assert not name.property("truncated"), key
            assert name.property("lineCount") <= 2, key
            assert name.property("contentHeight") <= name.height() + 0.5, key
    finally:
        kiosk.display.largeText = False
        resize(kiosk, qtbot, LANDSCAPE)


def _children(node) -> list:
    out, stack = [], list(node.childItems())
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(child.childItems())
    return out


READER_ROW = ("findButton", "zoomOut", "zoomIn", "listenBack", "listenToggle", "listenForward",
              "listenSpeed", "listenStop", "prevButton", "nextButton", "pageSlider", "pageLabel")


@pytest.mark.parametrize("large", [False, True], ids=["text", "large-text"])
@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT, (1366, 768), (768, 1366)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_controls_with_the_player_open_fit_the_window(kiosk, qtbot, listening, size,
                                                             large) -> None:
    player = listening
    kiosk.display.largeText = large
    try:
        resize(kiosk, qtbot, size)
        kiosk.visit.read(BOOK_ID, 1)
        qtbot.waitUntil(lambda: kiosk.reader.mode == "pages", timeout=20_000)
        player.playPage(BOOK_ID, 1)
        qtbot.waitUntil(lambda: player.active, timeout=5_000)
        settle(300)
        window = QRectF(0, 0, *size)
        rects = {name: rect(item(kiosk, name)) for name in READER_ROW}
        for name, place in rects.items():
            assert item(kiosk, name).isVisible(), name
            assert window.contains(place), (name, place)
        buttons = [name for name in READER_ROW if name not in ("pageSlider", "pageLabel")]
        for i, first in enumerate(buttons):  # side by side, never on top of each other
            for second in buttons[i + 1:]:
                assert not rects[first].intersected(rects[second]).isValid(), (first, second)
        if size == (1366, 768):
            assert all(min(rects[n].width(), rects[n].height()) >= 48 for n in buttons)
        assert rects["pageSlider"].width() >= min(size) / 4  # room to drag through the pages
        controls = rect(item(kiosk, "readerControls"))
        assert all(controls.contains(place) for place in rects.values())
    finally:
        kiosk.display.largeText = False


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_player_error_line_is_body_text_in_the_warning_colour(kiosk, qtbot, listening,
                                                              held_voice, size) -> None:
    player = listening
    resize(kiosk, qtbot, size)
    kiosk.visit.read(BOOK_ID, 1)
    qtbot.waitUntil(lambda: kiosk.reader.mode == "pages", timeout=20_000)
    player.playPage(BOOK_ID, 1)
    qtbot.waitUntil(lambda: player.active, timeout=5_000)
    held_voice.release.set()  # the voice gives up: the player says why
    qtbot.waitUntil(lambda: player.state == "error", timeout=10_000)
    settle(300)
    line = item(kiosk, "listenError")
    assert line.isVisible() and line.property("text") == player.error
    body = item(kiosk, "pageLabel").property("font").pixelSize()
    assert line.property("font").pixelSize() == body
    assert line.property("font").pixelSize() >= 19  # was 16 px at 1366×768
    assert line.property("color").name() == "#b04a16"  # the kiosk's warning colour
    assert QRectF(0, 0, *size).contains(rect(line))
