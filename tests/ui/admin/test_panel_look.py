"""How the librarian panel looks at the sizes of a real kiosk: 1366×768 and its portrait,
large text, English. Nothing runs past its box, nothing is cut where the whole text
matters, and a long page still reaches its last line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths
from library.schedule import Schedule, Slot, save_schedule

from ..english import english
from .harness import Panel, label_of, scene_rect

pytestmark = pytest.mark.ui

ERRORS = [f"2026-11-27 06:{n:02d} ERROR kiosk.reader: không mở được tệp «ĐỔI MỚI Ở ĐỒNG BẰNG — "
          f"Ẩm thực Ữ Ỹ Ỵ» (lần {n})" for n in range(20)]


@contextmanager
def panel_at(station: tuple[DataPaths, Catalog], size: tuple[int, int], *,
             large: bool = False) -> Iterator[Panel]:
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    panel = Panel(paths, catalog, size=size)
    try:
        panel.look(large_text=large)  # as the settings screen saves it
        panel.unlock()
        yield panel
    finally:
        panel.close()


def test_health_page_scrolls_to_its_last_error_line(qapp, station) -> None:
    """Every check failing at 1366×768 in large text: the page was cut under «Lỗi gần đây»
    and its log lines could not be reached. The page now scrolls by finger to the last."""
    from kiosk.touch import swipe

    with panel_at(station, (1366, 768), large=True) as panel:
        panel.admin.showScreen("health")
        panel.wait(lambda: panel.admin.health.busy == "" and bool(panel.admin.health.report()))
        health = panel.admin.health
        health._report = {**health.report(), "recent_errors": ERRORS,
                          "broken": {"count": 12}}
        health._broken = [{"id": f"x{n}", "title": f"Hướng dẫn chuyển đổi số ở vùng Đồng bằng "
                           f"sông Cửu Long, tập {n}", "kind": "book", "kindName": "Sách"}
                          for n in range(12)]
        health.changed.emit()
        panel.pump(100)
        page = panel.find("healthPage")
        assert page.property("contentHeight") > page.height()  # the case in question
        for _ in range(20):
            if page.property("atYEnd"):
                break
            swipe(panel.view, page, 0, -int(page.height() * 0.6))
            panel.pump(300)
        assert page.property("atYEnd")
        last = next(line for line in panel.find_all("recentError")
                    if line.property("text") == ERRORS[-1])
        shown, window = scene_rect(last), scene_rect(page)
        assert window.top() <= shown.top() and shown.bottom() <= window.bottom() + 1


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_stats_totals_hold_their_figure_and_label_in_large_text(qapp, station, size) -> None:
    with panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("stats")
        panel.pump(200)
        for key in ("view", "page", "audio", "qr", "search_all", "search_none"):
            box, label = panel.find(f"totalBox_{key}"), panel.find(f"totalLabel_{key}")
            column = label.parentItem()
            assert column.height() <= box.height(), key
            assert column.width() <= box.width(), key
            assert scene_rect(box).contains(scene_rect(label)), key


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_stats_totals_stand_in_even_columns(qapp, station, size) -> None:
    """«Tìm không thấy» made its box alone wider in large text: in portrait the grid of
    totals went ragged (one box of the last row stood out past the rest)."""
    with panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("stats")
        panel.pump(200)
        boxes = [panel.find(f"totalBox_{key}")
                 for key in ("view", "page", "audio", "qr", "search_all", "search_none")]
        widths = {round(box.width(), 1) for box in boxes}
        assert len(widths) == 1, widths
        lefts = sorted({round(scene_rect(box).left(), 1) for box in boxes})
        rows = sorted({round(scene_rect(box).top(), 1) for box in boxes})
        assert len(lefts) * len(rows) >= len(boxes)  # a grid: each box in a column and a row


def test_chart_dates_and_figures_are_the_smallest_text_size(qapp, station) -> None:
    """The dates under the bars were 0.75 × the smallest size (12 px at 1366×768)."""
    with panel_at(station, (1366, 768)) as panel:
        item_id = panel.catalog.items()[0].id
        for day in range(1, 11):
            panel.today = f"2026-03-{day:02d}"
            for _ in range(day):
                panel.stats.item_viewed(item_id)
        panel.stats.flush()
        panel.admin.showScreen("stats")
        panel.admin.stats.setRange("30")
        panel.pump(200)
        smallest = panel.theme().property("fontSmall")
        shown = panel.find_all("barLabel") + panel.find_all("barValue")
        assert shown
        for text in shown:
            assert text.property("font").pixelSize() >= int(smallest), text.property("text")


def test_an_empty_shelf_says_so(tmp_path: Path, qapp) -> None:
    paths = DataPaths(tmp_path / "empty").ensure()
    catalog = Catalog.open(paths)
    try:
        with panel_at((paths, catalog), (1366, 768)) as panel:
            panel.admin.showScreen("shelf")
            panel.pump(100)
            empty = panel.find("shelfEmpty")
            assert empty.isVisible()
            assert "chưa có mục nào" in empty.property("text")
    finally:
        catalog.close()


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_a_broadcast_times_bulletins_are_read_whole(qapp, station, size) -> None:
    """Beside three buttons the bulletins had 200 px: «Bản tin Chợ 4.0: giá nông sản…»"""
    _paths, catalog = station
    bulletins = [i.id for i in catalog.items(kind="bulletin", order="title")][:2]
    save_schedule(catalog, Schedule(slots=(Slot(time="06:30", bulletins=tuple(bulletins)),)))
    with panel_at(station, size) as panel:
        panel.admin.schedule.refresh()
        panel.admin.showScreen("schedule")
        panel.pump(200)
        titles = panel.find("slotTitles")
        assert " · " in titles.property("text")
        assert not titles.property("shortened"), titles.property("text")
        for name in ("testPlay", "toggleSlot", "removeSlot"):
            button = panel.find(name)
            row = button.parentItem().parentItem().parentItem()  # Row, GridLayout, the row
            assert scene_rect(row).contains(scene_rect(button)), name


def test_english_in_large_text_stays_inside_the_buttons(qapp, station) -> None:
    """768×1366, English, large text: «Lock and close» ran past both ends of its button, the
    panel's title into the screen's, and «Take down now» off the shelf's rows."""
    with english(), panel_at(station, (768, 1366), large=True) as panel:
        panel.admin.showScreen("shelf")
        panel.pump(200)
        nav = panel.find("panelNav")
        names = ["closePanel"] + [f"nav_{n}" for n in ("content", "shelf", "stats",
                                                        "settings", "health")]
        for name in names:
            button = panel.find(name)
            label = label_of(button)
            assert not label.property("truncated"), label.property("text")
            assert scene_rect(button).contains(scene_rect(label)), label.property("text")
        title = panel.find("panelTitle")
        assert scene_rect(nav).contains(scene_rect(title))
        downs = panel.find_all("takeDown")
        assert downs
        for button in downs + panel.find_all("toggleAttract"):
            row = button.parentItem()
            while row.objectName() != "shelfRow":
                row = row.parentItem()
            assert scene_rect(row).contains(scene_rect(button))


@pytest.mark.parametrize("large", [False, True])
def test_shelf_switches_stand_in_the_same_columns_on_every_row(qapp, station, large) -> None:
    """A bulletin's «Gỡ xuống ngay», and «Hiện» on a hidden item, pushed that row's switches
    left of the others': the column of «Ẩn · Nổi bật · Vòng chờ» went ragged down the list."""
    with panel_at(station, (1366, 768), large=large) as panel:
        hidden = panel.catalog.items(order="title")[1]
        panel.admin.shelf.setHidden(hidden.id, True)
        panel.admin.showScreen("shelf")
        panel.admin.shelf.setKind("")
        panel.pump(200)
        assert panel.find_all("takeDown")  # bulletins among the rows
        assert "Hiện" in [b.property("text") for b in panel.find_all("toggleHidden")]
        for name in ("toggleHidden", "toggleFeatured", "toggleAttract"):
            lefts = {round(scene_rect(b).left()) for b in panel.find_all(name)}
            assert len(lefts) == 1, (name, lefts)
        for down in panel.find_all("takeDown"):  # beside the switches, never over them
            row = down.parentItem()
            switches = next(c for c in row.childItems() if c.objectName() == "shelfButtons")
            assert scene_rect(down).right() <= scene_rect(switches).left()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_settings_take_the_page_and_the_clock_scrolls_after_them(qapp, station,
                                                                     size) -> None:
    """The clock, the trusted keys and the technician's exit stood fixed under the list of
    settings: at 1366×768 in large text the settings kept three rows of the screen."""
    with panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("settings")
        panel.pump(200)
        settings = panel.find("settingsList")
        assert scene_rect(settings).height() >= 0.75 * size[1]
        for name in ("clock_60", "addKey", "exitKiosk"):  # reached by scrolling the page
            button = panel.find(name)
            panel.scroll_into_view(button)
            panel.pump(50)
            assert scene_rect(settings).adjusted(-1, -1, 1, 1).contains(scene_rect(button)), name


def test_a_settings_text_field_follows_high_contrast(qapp, station) -> None:
    """The station's name sat in the style's own white box, glaring out of the black page."""
    from PySide6.QtGui import QColor

    with panel_at(station, (1366, 768)) as panel:
        panel.look(high_contrast=True)
        panel.admin.showScreen("settings")
        panel.pump(200)
        field = panel.find("text_name")
        box = scene_rect(field)
        image = panel.view.grabWindow()
        inside = QColor(image.pixel(int(box.right()) - 12, int(box.center().y())))
        assert inside.lightness() < 40, inside.name()  # the field is the page's black
        assert QColor(field.property("color")).lightness() > 215  # its text is white


def test_in_portrait_the_usb_buttons_start_from_one_left_edge(qapp, station,
                                                               tmp_path: Path) -> None:
    """Under the sticks «Tháo USB an toàn» stood alone at the right, «Áp phích QR ra USB»
    at the left under it: a zigzag down the page."""
    from library.usb import Stick

    stick = tmp_path / "USB THU VIEN"
    stick.mkdir()
    with panel_at(station, (768, 1366), large=True) as panel:
        panel.stick_list = [Stick(stick, stick.name, "/dev/sdb1", "vfat", False, 8 << 30, 5 << 30)]
        panel.admin.showScreen("content")
        panel.admin.content.refresh()
        panel.pump(200)
        lefts = {name: round(scene_rect(panel.find(name)).left())
                 for name in ("stick", "ejectButton", "posterButton")}
        assert len(set(lefts.values())) == 1, lefts


def _left_border_px(image, box) -> int:
    """How many whole pixels of light border a dark box has on its left, at half height."""
    from PySide6.QtGui import QColor

    y, x, light = int(box.center().y()), int(box.left()), 0
    while light < 10 and QColor(image.pixel(x + light, y)).lightness() > 200:
        light += 1
    return light


@pytest.mark.parametrize("screen,name", [("shelf", "shelfRow"), ("stats", "totalBox_view"),
                                         ("settings", "settingsRow")])
def test_in_high_contrast_the_panels_boxes_have_the_kiosks_3_px_border(qapp, station, screen,
                                                                      name) -> None:
    """The visitors' cards draw 3 px borders in high contrast; the panel's rows drew 1 px."""
    with panel_at(station, (1366, 768)) as panel:
        panel.look(high_contrast=True)
        panel.admin.showScreen(screen)
        panel.pump(300)
        box = scene_rect(panel.find(name))
        assert _left_border_px(panel.view.grabWindow(), box) >= 3


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_an_empty_schedule_says_where_a_time_is_added(qapp, station, size) -> None:
    """«Chưa có giờ phát nào.» said only that: now it points at «Thêm giờ phát», wrapped in
    its own column, clear of that box."""
    with panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("schedule")
        panel.pump(200)
        empty, box = panel.find("scheduleEmpty"), panel.find("addSlotBox")
        assert empty.isVisible()
        assert "«Thêm giờ phát»" in empty.property("text").replace("\xa0", " ")
        assert not scene_rect(empty).intersects(scene_rect(box))
        assert scene_rect(empty).right() <= size[0]
    with english(), panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("schedule")
        panel.pump(200)
        assert "«Add time»" in panel.find("scheduleEmpty").property("text").replace("\xa0", " ")


def test_a_shelf_row_names_one_items_kind(qapp, station) -> None:
    """The row says "E-book" of one book; "E-books" is the filter over all of them."""
    with english(), panel_at(station, (1366, 768)) as panel:
        panel.admin.showScreen("shelf")
        panel.admin.shelf.setKind("book")
        panel.pump(100)
        rows = panel.admin.shelf.items.rows()
        assert rows and {r["kindName"] for r in rows} == {"E-book"}
        assert "E-books" in [k["name"] for k in panel.admin.shelf.kinds]


def test_a_failed_file_check_is_shown_as_a_warning(qapp, station) -> None:
    with panel_at(station, (1366, 768)) as panel:
        panel.admin.showScreen("health")
        panel.wait(lambda: panel.admin.health.busy == "" and bool(panel.admin.health.report()))
        health = panel.admin.health
        health._report = {**health.report(), "objects_verified": {
            "ok": False, "bad": ["a"], "missing": ["b"], "checked": 9}}
        health.changed.emit()
        check = health.facts[2]
        assert "2" in check["value"] and check["warning"] is True
        health._report = {**health.report(), "objects_verified": {
            "ok": True, "checked": 9, "at": "2026-03-10T01:00:00Z"}}
        assert health.facts[2]["warning"] is False


@pytest.mark.parametrize("high_contrast", [False, True])
def test_recovery_code_shape_is_readable_in_its_field(qapp, station, high_contrast) -> None:
    """«XXXX-XXXX-…» tells the librarian what to type: 4.5:1 on the field, not a pale grey."""
    from PySide6.QtQuickControls2 import QQuickStyle

    from ..test_look import over, ratio

    QQuickStyle.setStyle("Basic")
    paths, catalog = station
    panel = Panel(paths, catalog, size=(1366, 768))
    try:
        panel.look(high_contrast=high_contrast)
        panel.unlock()
        panel.admin.pin.lock()
        panel.admin.pin.startRecovery()
        panel.pump(100)
        field = panel.find("codeField")
        assert field.isVisible() and field.property("text") == ""
        face = field.property("background").property("color")
        hint = field.property("placeholderTextColor")
        painted = over(hint, hint.alphaF(), face)  # the style's own is drawn half see-through
        assert ratio(painted, face) >= 4.5
    finally:
        panel.close()


def test_most_viewed_titles_are_read_to_their_end(qapp, station) -> None:
    """Bulletins differ at their end (the date): one line cut «…ngày 12/3» off."""
    from dataclasses import replace

    _paths, catalog = station
    first = catalog.items(kind="bulletin")[0]
    title = "Bản tin thời sự buổi sáng của Ủy ban nhân dân huyện Cao Lãnh, ngày 12/3/2026"
    catalog.put(replace(first, id="ban-tin-12-3", title=title), catalog.pages(first.id))
    with panel_at(station, (1366, 768)) as panel:
        panel.today = "2026-03-10"
        for _ in range(3):
            panel.stats.item_viewed("ban-tin-12-3")
        panel.stats.flush()
        panel.admin.showScreen("stats")
        panel.admin.stats.setRange("30")
        panel.pump(200)
        shown = [t for t in panel.find_all("barTitle") if t.property("text") == title]
        assert shown
        assert not shown[0].property("shortened")


def test_health_page_keeps_to_the_screen_width_in_english_large_text(qapp, station) -> None:
    """768×1366, English, large text: the two buttons side by side widened the page, and
    every fact ran off the right edge («12 files damaged o»)."""
    with english(), panel_at(station, (768, 1366), large=True) as panel:
        panel.admin.showScreen("health")
        panel.wait(lambda: panel.admin.health.busy == "" and bool(panel.admin.health.report()))
        panel.pump(100)
        page = scene_rect(panel.find("healthPage"))
        shown = [panel.find("checkIntegrity"), panel.find("writeReport"),
                 *panel.find_all("fact"), *panel.find_all("factLabel")]
        for item in shown:
            assert scene_rect(item).right() <= page.right() + 1, item.property("text")


def test_the_panel_follows_the_stations_large_text_and_contrast(qapp, station) -> None:
    """A librarian who turned on large text for poor eyesight found the panel in small."""
    with panel_at(station, (1366, 768)) as panel:
        theme = panel.theme()
        body, title = theme.property("fontBody"), panel.find("panelTitle")
        small = title.property("font").pixelSize()
        plain = panel.root.property("color")
        panel.look(large_text=True)  # «Chữ lớn mặc định» saved on the settings screen
        assert theme.property("largeText") and panel.admin.largeText
        assert theme.property("fontBody") == pytest.approx(body * 1.3)
        assert title.property("font").pixelSize() > small
        panel.look(large_text=True, high_contrast=True)
        assert theme.property("highContrast")
        assert panel.root.property("color").name() == "#000000" != plain.name()
        panel.look()
        assert not theme.property("largeText") and not theme.property("highContrast")


def test_in_the_kiosk_the_panel_follows_the_visitors_display(qapp, station) -> None:
    """The kiosk's `display` (settings, a saved setting, the top bar's switches) leads."""
    from kiosk.controllers.settings import Display

    with panel_at(station, (1366, 768)) as panel:
        display = Display(large_text=True)
        panel.admin.follow_display(display)
        panel.pump(20)
        theme = panel.theme()
        assert theme.property("largeText") and not theme.property("highContrast")
        display.highContrast = True
        display.largeText = False
        panel.pump(20)
        assert theme.property("highContrast") and not theme.property("largeText")


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366)])
def test_the_typing_switch_keeps_both_lines_inside_its_key_in_large_text(
        qapp, station, size) -> None:
    """«Kiểu gõ» over «Telex» ran over the key's top edge in large text."""
    from .harness import one_under

    with english(), panel_at(station, size, large=True) as panel:
        panel.admin.showScreen("settings")
        panel.pump(100)
        panel.tap("text_name")
        key = panel.find("pkey_scheme")
        box = scene_rect(key)
        for name in ("keyCaption", "keyLabel"):
            line = scene_rect(one_under(key, name))
            assert box.top() <= line.top() and line.bottom() <= box.bottom(), name
