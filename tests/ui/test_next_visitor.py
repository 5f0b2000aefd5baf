"""What a visitor leaves for the next: volume, typing mode, search figures, attract loop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.catalog import Item

from .conftest import settle, tap

pytestmark = pytest.mark.ui


def _type(kiosk, keys: str) -> None:
    for key in keys:
        tap(kiosk, "key_space" if key == " " else f"key_{key}")


def test_idle_reset_brings_back_the_station_volume_and_typing_mode(kiosk) -> None:
    kiosk.volume.step(-30)
    kiosk.volume.toggleMute()  # the visitor silenced the station (and its bulletins)
    kiosk.search.scheme = "vni"
    kiosk.find_input.scheme = "plain"
    assert kiosk.volume.effective == 0.0
    kiosk.idle.idle_timer.timeout.emit()
    assert kiosk.volume.level == 80 and not kiosk.volume.muted  # the default station volume
    assert kiosk.volume.effective == pytest.approx(0.8)
    assert kiosk.search.scheme == "telex" and kiosk.find_input.scheme == "telex"


def test_idle_reset_uses_the_volume_the_librarian_set(kiosk, station_paths) -> None:
    from library.config import Config

    config = Config.load(station_paths.config_file)
    config.set("station", "volume", 60)
    kiosk.config = config
    try:
        kiosk.volume.step(30)
        kiosk.reset()
        assert kiosk.volume.level == 60
    finally:
        kiosk.config = None
        kiosk.reset()
    assert kiosk.volume.level == 80


def test_a_telex_search_is_counted_as_the_word_it_typed(kiosk, sink) -> None:
    tap(kiosk, "homeSearch")
    settle()
    kiosk.search.scheme = "telex"
    _type(kiosk, "ddangr vieen")
    assert kiosk.search.text == "đảng viên"
    tap(kiosk, "key_search")
    assert sink.names("search_committed") == [("dang vien", True)]
    # the same words typed another way (a new search after "Xoá hết") count the same term
    settle()
    tap(kiosk, "showKeyboard")
    settle()
    tap(kiosk, "key_clear")
    tap(kiosk, "key_scheme")
    assert kiosk.search.scheme == "vni"
    _type(kiosk, "d9a3ng vie6n")
    tap(kiosk, "key_search")
    assert sink.names("search_committed") == [("dang vien", True)] * 2


@pytest.fixture
def bare_bulletin(kiosk) -> Iterator[str]:
    """The newest item: a text bulletin with no cover and no file to draw."""
    kiosk.catalog.put(Item(id="tin-chu", title="Tin chỉ có chữ", kind="bulletin",
                           body="Bà con chú ý lịch họp thôn."))
    kiosk.visit.refresh()
    yield "tin-chu"
    kiosk.catalog.remove("tin-chu")
    kiosk.visit.refresh()


def test_the_attract_loop_shows_only_items_with_a_picture(kiosk, bare_bulletin) -> None:
    items = kiosk.visit.attract_items.items()
    assert items  # the demo's infographics are there
    assert bare_bulletin not in [i.id for i in items]
    model = kiosk.visit.attract_items
    roles = {bytes(name): role for role, name in model.roleNames().items()}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        assert model.data(index, roles[b"poster"]) or model.data(index, roles[b"cover"])
    newest = kiosk.visit.newest.items()
    assert newest[0].id == bare_bulletin  # still on the home shelf, only not in the loop


def _scroll_to_end(flickable) -> float:
    end = flickable.property("contentHeight") - flickable.height()
    assert end > 50, "the list must be longer than the window for this test"
    flickable.setProperty("contentY", end)
    settle(100)
    return end


def test_the_next_visitor_finds_home_and_lists_at_their_top(kiosk) -> None:
    from kiosk.touch import wait_until

    kiosk.window.resize(1366, 768)
    assert wait_until(lambda: kiosk.window.height() == 768)
    settle(300)
    home = kiosk.find("homeFlick")
    _scroll_to_end(home)  # the last visitor was down at the newest shelf
    kiosk.idle.idle_timer.timeout.emit()
    settle(200)
    assert kiosk.nav.screen == "home" and home.property("contentY") == 0

    kiosk.visit.openCollection("new")
    settle(300)
    grid = kiosk.find("browseGrid")
    _scroll_to_end(grid)
    kiosk.visit.home()
    kiosk.visit.openCollection("new")  # the same tile again starts at its first covers
    settle(200)
    assert grid.property("contentY") == pytest.approx(0, abs=1)
    _scroll_to_end(grid)
    tap(kiosk, "sortPopular")  # so does another order
    settle(200)
    assert grid.property("contentY") == pytest.approx(0, abs=1)
    _scroll_to_end(grid)
    kiosk.browse.reload()  # a sync landing meanwhile leaves the visitor where they were
    settle(200)
    assert grid.property("contentY") > 50


def test_another_item_opens_at_its_title_not_where_the_last_was_scrolled(kiosk) -> None:
    from kiosk.touch import wait_until

    from .conftest import BOOK_ID

    kiosk.window.resize(1366, 768)
    assert wait_until(lambda: kiosk.window.height() == 768)
    kiosk.display.largeText = True  # the idle reset before the next test turns it off
    kiosk.visit.openItem(BOOK_ID)
    settle(300)
    detail = kiosk.find("detailFlick")
    _scroll_to_end(detail)  # down at the QR code
    kiosk.visit.openItem("demo-huong-dan-cafe-sach")  # e.g. through one of its tags
    settle(200)
    assert detail.property("contentY") == 0
