"""A visitor listening in the real kiosk: the controls stay with the reading, a reading ends
with its screen, a scheduled bulletin holds the visitor's audio, empty bulletins say so."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.paths import DataPaths

pytestmark = pytest.mark.ui

LONG = " ".join(f"Câu số {i}: bà con chú ý lịch tiêm phòng cho đàn gia súc ở thôn."
                for i in range(12))
TITLE_A = "Lịch tiêm phòng"
BODY_A = f"{TITLE_A}\n\n{LONG}"
ON_AIR = " ".join(f"Thông báo {i} của loa xã gửi tới toàn thể bà con." for i in range(12))
PAGES = ["Trang một nói về chuyển đổi số ở xã.",
         "Trang hai hướng dẫn cài ứng dụng định danh.",
         "Trang ba nói về thanh toán không dùng tiền mặt."]


@dataclass
class Station:
    app: Any
    audio: Any
    book: str
    qtbot: Any

    @property
    def listen(self) -> Any:
        return self.audio.listen

    def shown(self, name: str) -> list[Any]:
        return [i for i in self.app.find_all(name) if i.isVisible()]

    def settled(self) -> None:
        """Wait for the screen's fade-in (a screen's items are visible once it starts)."""
        self.qtbot.waitUntil(lambda: self.app.find(f"{self.app.nav.screen}Screen").opacity() == 1,
                             timeout=5_000)

    def tap(self, name: str) -> None:
        from kiosk.touch import tap

        self.settled()
        items = self.shown(name)
        assert items, f"no visible {name!r} on {self.app.nav.screen}"
        tap(self.app.window, items[0])


@pytest.fixture
def station(qtbot, data_paths: DataPaths, catalog: Catalog, make_pdf) -> Iterator[Station]:
    from kiosk.app import KioskApp
    from kiosk.audio import install
    from kiosk.touch import wait_until

    catalog.put(Item(id="tin-a", title=TITLE_A, kind="bulletin", body=BODY_A))
    catalog.put(Item(id="tin-b", title="Giá lúa hôm nay", kind="bulletin",
                     body="Giá lúa hôm nay tăng nhẹ. " * 6))
    catalog.put(Item(id="tin-loa", title="Loa xã", kind="bulletin", body=ON_AIR))
    catalog.put(Item(id="tin-trong", title="Bản tin trống", kind="bulletin", body="  \n "))
    book = catalog.add_file(make_pdf("so-tay.pdf", PAGES, title="Sổ tay số")).item.id
    clock = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app, clock=lambda: clock)  # nothing scheduled: broadcasts come from playNow
    try:
        app.show(fullscreen=False, size=(1920, 1080))
        assert wait_until(app.screens_ready, 20)
        qtbot.waitUntil(lambda: audio.listen.available, timeout=20_000)
        yield Station(app, audio, book, qtbot)
    finally:
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=20_000)
        app.close()


def _open_book(qtbot, s: Station, page: int = 1) -> None:
    """Its detail screen, then the reader (as a visitor gets there)."""
    s.app.visit.openItem(s.book)
    s.app.visit.read(s.book, page)
    qtbot.waitUntil(lambda: s.app.reader.mode == "pages" and s.app.reader.pageImage != "",
                    timeout=20_000)


def test_a_page_turn_reads_the_new_page_and_keeps_the_controls(qtbot, station) -> None:
    s = station
    _open_book(qtbot, s)
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing and s.listen.text.startswith("Trang một"),
                    timeout=20_000)
    s.tap("nextButton")
    # the page shown is the one read, and its controls are still there
    qtbot.waitUntil(lambda: s.listen.playing and s.listen.text.startswith("Trang hai"),
                    timeout=20_000)
    assert s.shown("listenStop") and not s.shown("listenStart")
    assert s.listen.readingPage == 2
    qtbot.waitUntil(lambda: bool(s.listen.wordBoxes), timeout=20_000)
    layer = s.app.find("spokenWordBoxes")
    assert layer is not None and layer.isVisible()
    # a second turn still follows (the controls were not lost on the first)
    s.tap("listenToggle")
    assert s.listen.state == "paused"
    s.tap("nextButton")
    qtbot.waitUntil(lambda: s.listen.text.startswith("Trang ba"), timeout=20_000)
    assert s.listen.state == "paused"  # paused stays paused on the new page
    assert s.shown("listenToggle") and not s.shown("listenStart")
    assert s.listen.wordBoxes == []  # nothing of page 2 is boxed on page 3
    s.tap("listenToggle")
    qtbot.waitUntil(lambda: s.listen.playing and s.listen.currentWord != "", timeout=20_000)
    assert s.listen.text.startswith("Trang ba")


def test_leaving_the_screen_stops_the_reading(qtbot, station) -> None:
    s = station
    s.app.visit.openItem("tin-b")
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    s.tap("homeButton")
    qtbot.waitUntil(lambda: s.listen.state == "idle", timeout=5_000)
    s.settled()
    assert not s.shown("listenControls")
    # a page read aloud ends with "Quay lại" to the detail screen
    _open_book(qtbot, s)
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    s.tap("backButton")
    qtbot.waitUntil(lambda: s.listen.state == "idle", timeout=5_000)
    s.settled()
    assert s.app.nav.screen == "detail" and not s.shown("listenControls")


def test_a_bulletin_read_on_the_detail_screen_carries_on_in_the_reader(qtbot, station) -> None:
    s = station
    s.app.visit.openItem("tin-a")
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    s.tap("readButton")
    qtbot.waitUntil(lambda: s.app.nav.screen == "reader" and bool(s.shown("listenStop")),
                    timeout=5_000)
    assert s.listen.active and s.listen.title == TITLE_A
    assert not s.shown("listenStart")  # no second "Nghe" that would start it over
    s.tap("backButton")
    qtbot.waitUntil(lambda: bool(s.shown("listenPanel")), timeout=5_000)
    assert s.listen.active and s.shown("listenStop")


def test_the_reader_shows_a_bulletin_once_lit_up_while_read(qtbot, station) -> None:
    s = station
    s.app.visit.read("tin-a", 0)
    assert s.app.reader.mode == "text"
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.wordStart > len(TITLE_A), timeout=20_000)
    [text] = s.shown("bulletinText")
    assert not s.shown("readAlongBody")  # no second copy of the text under the controls
    body = text.property("text")
    word = s.listen.currentWord
    assert f">{word}</span>" in body  # the reader's own text lights up
    assert TITLE_A not in body  # the title stays above, as when not reading
    assert body.count("Câu số 11") == 1
    s.tap("listenStop")
    qtbot.waitUntil(lambda: "<span" not in text.property("text"), timeout=2_000)
    assert text.property("text") == LONG


def test_a_broadcast_holds_the_visitor_and_hands_back(qtbot, station) -> None:
    s = station
    broadcast = s.audio.broadcast
    s.app.visit.openItem("tin-a")
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    broadcast.playNow("tin-loa")
    qtbot.waitUntil(lambda: broadcast.active and broadcast.player.playing, timeout=20_000)
    assert s.listen.state == "paused"
    [toggle] = s.shown("listenToggle")
    assert not toggle.isEnabled() and toggle.property("text") == "Đang phát bản tin…"
    assert not s.shown("listenBack")[0].isEnabled()
    s.tap("listenToggle")  # "Nghe tiếp" does not play over the bulletin
    assert s.listen.state == "paused" and s.listen.held
    broadcast.stop()
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)  # the visitor's reading goes on
    assert toggle.isEnabled() and toggle.property("text") == "Tạm dừng"

    broadcast.playNow("tin-loa")
    qtbot.waitUntil(lambda: broadcast.active and s.listen.state == "paused", timeout=20_000)
    s.app.visit.openItem("tin-b")  # another item: its "Nghe" waits for the bulletin too
    qtbot.waitUntil(lambda: s.listen.state == "idle", timeout=5_000)
    s.settled()
    [start] = s.shown("listenStart")
    assert not start.isEnabled() and start.property("text") == "Đang phát bản tin…"
    s.tap("listenStart")
    assert s.listen.state == "idle"
    broadcast.stop()
    qtbot.waitUntil(start.isEnabled, timeout=2_000)
    assert start.property("text") == "Nghe"
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing and s.listen.title == "Giá lúa hôm nay",
                    timeout=20_000)


def test_an_empty_bulletin_offers_no_listening(qtbot, station) -> None:
    s = station
    s.app.visit.openItem("tin-trong")
    s.settled()
    assert not s.shown("listenStart") and not s.shown("listenButton")
    assert s.shown("detailEmpty")[0].property("text") == "Bản tin chưa có nội dung"
    assert s.app.visit.detail["hasText"] is False
    s.tap("readButton")
    assert s.app.reader.mode == "text"
    s.settled()
    assert s.shown("bulletinEmpty") and not s.shown("bulletinText")
    assert not s.shown("listenStart")
    s.app.visit.openItem("tin-b")  # one with text keeps its "Nghe"
    s.settled()
    assert s.app.visit.detail["hasText"] is True
    assert s.shown("listenStart") and not s.shown("detailEmpty")


@pytest.mark.parametrize("body", ["… — .", "  \n\t - \n"], ids=["punctuation", "blank"])
def test_a_bulletin_with_no_words_is_empty_on_every_screen(qtbot, station, body: str) -> None:
    """No words at all: the detail screen, the reader, «Nghe» and the broadcaster agree
    it is empty (`library.words`), none offers to read it."""
    from kiosk.controllers.visit import has_sound

    s = station
    s.app.catalog.put(Item(id="tin-sap-co", title="Bản tin sắp có", kind="bulletin", body=body))
    s.app.visit.openItem("tin-sap-co")
    s.settled()
    assert s.app.visit.detail["hasText"] is False
    assert not s.shown("listenStart") and not s.shown("listenButton")
    assert s.shown("detailEmpty")
    assert not has_sound(s.app.catalog, s.app.catalog.get("tin-sap-co"))  # never on air
    s.tap("readButton")
    assert s.app.reader.mode == "text"
    s.settled()
    assert s.shown("bulletinEmpty") and not s.shown("listenStart")
    assert s.app.reader.hasText is False and s.app.reader.text == ""


def test_a_notice_of_one_line_is_shown_and_offered_to_hear(qtbot, station) -> None:
    """A one-line notice saved as a file took its title from that line: the reader shows
    the line and «Nghe» is offered (it is no empty bulletin)."""
    s = station
    line = "Mất điện từ 8 giờ đến 11 giờ sáng thứ Bảy"
    s.app.catalog.put(Item(id="tin-mot-dong", title=line, kind="bulletin", body=line + "\n"))
    s.app.visit.openItem("tin-mot-dong")
    s.settled()
    assert s.app.visit.detail["hasText"] is True
    assert s.shown("listenStart") and not s.shown("detailEmpty")
    s.tap("readButton")
    s.settled()
    assert s.shown("bulletinText") and not s.shown("bulletinEmpty")
    assert line in s.app.reader.text


def test_a_recording_has_one_listen_button_and_no_empty_text_panel(qtbot, station, tmp_path,
                                                                   ) -> None:
    import shutil
    import subprocess

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is in APT_PACKAGES")
    s = station
    wav = tmp_path / "tin-ghi-am.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=4", str(wav)], check=True)
    sha, size = s.app.catalog.objects.add_file(wav)
    s.app.catalog.put(Item(id="ghi-am", title="Bản tin ghi âm", kind="audio", sha256=sha,
                           size=size, media_type="audio/wav", filename=wav.name))
    s.app.visit.openItem("ghi-am")
    s.settled()
    # one "Nghe", the player's (a second one beside it would open the same sound elsewhere)
    assert not s.shown("readButton")
    [start] = s.shown("listenStart")
    assert start.property("text") == "Nghe" and start.property("primary")
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    [panel] = s.shown("listenPanel")
    assert not s.shown("listenPanelText")  # a recording has no words to follow
    controls = s.shown("listenControls")[0]
    assert panel.height() < controls.height() * 2  # the controls, not an empty white box


def test_the_idle_reset_waits_for_the_end_of_a_reading(qtbot, station) -> None:
    s = station
    s.app.visit.openItem("tin-a")  # a long bulletin: minutes of listening without a touch
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    s.app.idle.idle_timer.timeout.emit()
    assert s.listen.playing and s.app.nav.screen == "detail"
    assert s.app.idle.idle_timer.isActive()  # counted again from now
    s.tap("listenToggle")  # paused, and the visitor walked away
    assert s.listen.state == "paused"
    s.app.idle.idle_timer.timeout.emit()
    assert s.app.nav.screen == "home" and s.listen.state == "idle"


def test_a_double_tap_on_pause_pauses_once(qtbot, station) -> None:
    """A hurried double tap on «Tạm dừng» pauses: the second tap does not go on again."""
    from kiosk.touch import double_tap

    s = station
    s.app.visit.openItem("tin-a")
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.listen.playing, timeout=20_000)
    [toggle] = s.shown("listenToggle")
    double_tap(s.app.window, toggle)
    qtbot.waitUntil(lambda: s.listen.state == "paused", timeout=5_000)
    assert toggle.property("text") == "Nghe tiếp"


@pytest.mark.parametrize("gone", ["removed", "hidden"])
def test_nghe_on_an_item_gone_meanwhile_steps_back_as_read_does(qtbot, station,
                                                                 gone: str) -> None:
    """The librarian removed (or hid) a bulletin while a visitor had it open: «Nghe» reads
    nothing of it — a hidden one was read aloud in full — and, as «Đọc» does, the detail
    screen steps back and the lists are loaded anew, so its card no longer shows."""
    s = station
    assert s.app.find("card_tin-b") is not None  # on the home screen's shelf
    s.app.visit.openItem("tin-b")
    s.settled()
    states: list[str] = []
    s.listen.changed.connect(lambda: states.append(s.listen.state))
    if gone == "removed":
        s.app.catalog.remove("tin-b")
    else:
        s.app.catalog.set_flags("tin-b", hidden=True)
    s.tap("listenStart")
    qtbot.waitUntil(lambda: s.app.nav.screen == "home", timeout=5_000)
    assert "playing" not in states and "loading" not in states
    assert s.listen.state == "idle"
    qtbot.waitUntil(lambda: s.app.find("card_tin-b") is None, timeout=10_000)
