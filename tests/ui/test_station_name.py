"""The station's own name (`station.name`) on the visitor screens, and saved on the panel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.catalog import Catalog
from library.config import Config
from library.demo import load_demo
from library.paths import DataPaths

from .bigcatalog import station

pytestmark = pytest.mark.ui

NAME = "Café sách xã An Bình"
LONG_NAME = "Café sách 4.0 — Nhà văn hoá xã Ea Kao, thành phố Buôn Ma Thuột, ĐẮK LẮK"
BUTTONS = ("homeButton", "largeTextButton", "contrastButton", "volumeControl")


@pytest.fixture(scope="module")
def named(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A kiosk over a station of its own whose librarian named it before the start."""
    paths = DataPaths(tmp_path_factory.mktemp("named") / "data").ensure()
    paths.config_file.write_text(f'[station]\nname = "{NAME}"\n', encoding="utf-8")
    with Catalog.open(paths) as catalog:
        load_demo(catalog)
        with station(paths, catalog, config=Config.load(paths.config_file),
                     size=(1366, 768)) as app:
            yield app


@pytest.fixture(autouse=True)
def home(named) -> Iterator[None]:
    """Each test starts at home, 1366×768, under the name set before the start."""
    from kiosk.touch import pump

    named.apply_setting("station", "name", NAME)
    named.nav.home()
    named.window.resize(1366, 768)
    pump(200)
    yield


def shown_name(app) -> str:
    name = app.find("stationName")
    assert name is not None and name.isVisible()
    return name.property("text")


def test_the_name_set_before_the_start_is_on_the_top_bar_the_window_and_the_attract_loop(
        named) -> None:
    from kiosk.touch import pump

    assert shown_name(named) == NAME
    assert named.window.title() == NAME
    named.nav.show_attract()
    pump(300)
    title = named.find("attractStation")  # the line above the slides
    assert title.isVisible() and title.property("text") == NAME
    assert named.find("attractName").property("text") == NAME  # the sign without slides


def test_a_bulletin_on_air_over_the_attract_loop_covers_neither_name_nor_slide(named) -> None:
    """The bulletin banner lies over the window's top; the loop has no top bar for it to
    sit under, and the banner covered the station's name above the slides."""
    from PySide6.QtQuick import QQuickItem

    from kiosk.touch import pump

    named.nav.show_attract()
    pump(300)
    band = QQuickItem(named.window.contentItem())  # stands in for the banner on air
    band.setHeight(140)
    band.setWidth(named.window.width())
    named.window.setProperty("band", band)
    pump(300)
    try:
        for name in ("attractStation", "attractPoster"):
            shown = named.find(name)
            assert shown.isVisible()
            top = shown.mapToScene(shown.boundingRect().topLeft()).y()
            assert top >= 140, (name, top)
        poster = named.find("attractPoster")
        button = named.find("touchToStart")
        assert (poster.mapToScene(poster.boundingRect().bottomLeft()).y()
                < button.mapToScene(button.boundingRect().topLeft()).y())
    finally:
        named.window.setProperty("band", None)
        band.deleteLater()
        named.nav.home()
        pump(100)


def test_a_name_saved_on_the_panel_shows_at_once(named) -> None:
    from PySide6.QtCore import QUrl

    from kiosk.admin.panel import install
    from kiosk.touch import pump
    from library.stats import StatsStore

    store = StatsStore.open(named.paths.root, today=lambda: "2026-03-10",
                            flush_interval_s=None)
    admin = install(named, stats=store)
    try:
        admin.settings.setValue("station", "name", "  Café sách   xã Hoà Phú ")
        assert admin.settings.message == "Đã lưu."
        pump(100)
        assert shown_name(named) == "Café sách xã Hoà Phú"
        assert named.window.title() == "Café sách xã Hoà Phú"
        assert Config.load(named.paths.config_file).get("station", "name") == (
            "Café sách xã Hoà Phú")
        named.nav.show_attract()
        pump(300)
        assert named.find("attractStation").property("text") == "Café sách xã Hoà Phú"
        admin.settings.setValue("station", "name", " ")  # emptied: the default, not nothing
        pump(100)
        assert named.find("attractStation").property("text") == "Café sách 4.0"
    finally:
        store.close()
        named.slots.set_source("librarian", QUrl())


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_a_long_name_leaves_the_top_bar_buttons_where_they_were(
        named, size: tuple[int, int]) -> None:
    from PySide6.QtCore import QPointF

    from kiosk.touch import pump, wait_until

    named.window.resize(*size)
    assert wait_until(lambda: (named.window.width(), named.window.height()) == size)
    pump(200)

    def left_edges() -> dict[str, float]:
        return {b: named.find(b).mapToScene(QPointF(0, 0)).x() for b in BUTTONS}

    before = left_edges()
    named.apply_setting("station", "name", LONG_NAME)
    pump(200)
    assert left_edges() == before
    name = named.find("stationName")
    assert name.property("fullText") == LONG_NAME
    right = name.mapToScene(QPointF(name.width(), 0)).x()
    assert right <= before["largeTextButton"]  # stays out of the buttons' way
    assert 1 <= name.property("lineCount") <= 2
    bar = named.find("topBar")
    top = name.mapToScene(QPointF(0, 0)).y()
    assert top >= 0 and top + name.property("contentHeight") <= bar.height()
    if size == (1920, 1080):  # two lines hold it whole, the capitals' marks included
        assert not name.property("shortened") and "ĐẮK LẮK" in name.property("text")


@pytest.mark.parametrize("size", [(1920, 1080), (768, 1366)])
def test_a_long_name_wraps_on_the_attract_sign(named, size: tuple[int, int]) -> None:
    from PySide6.QtCore import QPointF

    from kiosk.touch import pump, wait_until

    named.window.resize(*size)
    assert wait_until(lambda: (named.window.width(), named.window.height()) == size)
    named.apply_setting("station", "name", LONG_NAME)
    named.nav.show_attract()
    pump(300)
    for object_name in ("attractName", "attractStation"):
        text = named.find(object_name)
        assert text.property("text") == LONG_NAME
        if object_name == "attractName" or size[0] < size[1]:  # wider than the screen
            assert text.property("lineCount") >= 2  # wrapped at its words, not cut
        left = text.mapToScene(QPointF(0, 0)).x()
        assert left >= 0 and left + text.width() <= size[0]
        assert text.property("contentWidth") <= text.width() + 1


@pytest.mark.parametrize("size", [(768, 1366), (1080, 1920)])
@pytest.mark.parametrize("large_text", [False, True])
def test_the_name_shows_in_portrait_between_the_buttons(
        named, size: tuple[int, int], large_text: bool) -> None:
    from PySide6.QtCore import QPointF

    from kiosk.touch import pump, wait_until

    named.window.resize(*size)
    assert wait_until(lambda: (named.window.width(), named.window.height()) == size)
    named.display.largeText = large_text
    try:
        for name in (NAME, LONG_NAME):
            named.apply_setting("station", "name", name)
            pump(200)
            text = shown_name(named)
            assert text.startswith("Café sách")  # whole words, "…" when it had to shorten
            shown = named.find("stationName")
            home = named.find("homeButton")
            left = shown.mapToScene(QPointF(0, 0))
            assert left.x() >= home.mapToScene(QPointF(home.width(), 0)).x()
            right = left.x() + max(shown.width(), shown.property("contentWidth"))
            assert right <= named.find("largeTextButton").mapToScene(QPointF(0, 0)).x()
            assert 1 <= shown.property("lineCount") <= 2
            assert left.y() >= 0
            assert left.y() + shown.property("contentHeight") <= named.find("topBar").height()
        assert shown.property("shortened")  # the long one, on a portrait bar
    finally:
        named.display.largeText = False


def test_no_room_in_portrait_leaves_the_bar_to_the_buttons(named) -> None:
    from kiosk.touch import pump, wait_until

    named.window.resize(480, 854)
    assert wait_until(lambda: (named.window.width(), named.window.height()) == (480, 854))
    pump(200)
    assert not named.find("stationBrand").isVisible()  # not a single squeezed "Café…"
    assert named.find("largeTextButton").isVisible()
