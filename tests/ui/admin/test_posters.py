"""«Áp phích QR ra USB»: the poster lands whole on the chosen stick, or one line says why not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from kiosk.touch import tap
from library.config import Config
from library.handoff.links import item_link_from_config
from library.usb import Stick
from tests.unit.handoff.zbar import decode_many

from .harness import Panel

pytestmark = pytest.mark.ui


def open_content(panel: Panel) -> None:
    panel.unlock()
    panel.admin.showScreen("content")
    panel.admin.content.refresh()
    panel.pump(50)


def make_poster(panel: Panel, key: str) -> None:
    panel.tap("posterButton")
    panel.tap(f"poster_{key}")
    panel.wait(lambda: not panel.admin.posters.busy)
    panel.pump(50)


def test_the_home_shelf_poster_lands_whole_on_the_stick(panel: Panel, stick_dir: Path,
                                                        tmp_path: Path) -> None:
    config = Config.load(panel.paths.config_file)
    config.set("wifi", "ssid", "Café sách xã An Bình Đông, huyện Chợ Mới")  # > 32 bytes
    config.save()
    featured = panel.catalog.items(featured=True)
    assert featured
    open_content(panel)
    make_poster(panel, "featured")
    day = Config.load(panel.paths.config_file).running_today()
    written = stick_dir / f"ap-phich-{day}.pdf"
    assert sorted(p.name for p in stick_dir.iterdir()) == [written.name]  # nothing else left
    doc = pymupdf.open(written)
    assert doc.page_count == len(featured)  # one big poster per item on the shelf
    image = tmp_path / "page1.png"
    doc[0].get_pixmap(dpi=150).save(image)
    count, payloads = decode_many(image)
    assert count == 1  # the Wi-Fi code is left out: no network can have that name
    assert payloads == item_link_from_config(featured[0], config).payload
    message = panel.find("posterMessage").property("text")
    assert message == f"Đã ghi áp phích ra USB: {stick_dir.name}/{written.name} " \
                      f"({len(featured)} trang)."
    notes = panel.find("posterNotes")
    assert notes.isVisible() and "Không in mã Wi-Fi" in notes.property("text")


def test_the_panel_side_of_the_poster_never_loads_mupdf() -> None:
    """MuPDF runs in the poster's child only: a damaged cover cannot take the kiosk down."""
    done = subprocess.run([sys.executable, "-c",
                           "import sys, kiosk.admin.posters, library.poster_child; "
                           "print('pymupdf' in sys.modules, 'fitz' in sys.modules)"],
                          capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["False", "False"]


def test_a_second_poster_the_same_day_keeps_the_first(panel: Panel, stick_dir: Path) -> None:
    open_content(panel)
    make_poster(panel, "kind:infographic")
    make_poster(panel, "all")
    day = Config.load(panel.paths.config_file).running_today()
    first, second = stick_dir / f"ap-phich-{day}.pdf", stick_dir / f"ap-phich-{day}-2.pdf"
    assert pymupdf.open(first).page_count == 1  # three infographics, six to a page
    visible = panel.catalog.count()
    assert pymupdf.open(second).page_count == -(-visible // 6)
    assert f"{second.name} ({-(-visible // 6)} trang)" in panel.admin.posters.message


def test_a_read_only_stick_gets_one_line_and_no_file(panel: Panel, stick_dir: Path) -> None:
    panel.stick_list = [Stick(stick_dir, stick_dir.name, "/dev/sdz1", "vfat", True,
                              8 << 30, 4 << 30)]
    open_content(panel)
    make_poster(panel, "all")
    message = panel.find("posterMessage").property("text")
    assert message == f"USB «{stick_dir.name}» chỉ cho đọc: hãy gạt khoá ghi hoặc dùng USB khác."
    assert "\n" not in message and panel.admin.posters.problem
    assert list(stick_dir.iterdir()) == []


def test_nothing_to_print_is_said_and_nothing_is_written(panel: Panel, stick_dir: Path) -> None:
    for item in panel.catalog.items(featured=True):
        panel.catalog.set_flags(item.id, featured=False)
    open_content(panel)
    panel.tap("posterButton")
    panel.pump(50)
    assert not panel.find("poster_featured").property("enabled")  # «· 0»: nothing to tap
    panel.admin.posters.make("featured")  # the child refuses as `cafesach poster` does
    panel.wait(lambda: not panel.admin.posters.busy)
    assert panel.admin.posters.message == "Kệ trang chủ chưa có mục nào để in."
    assert list(stick_dir.iterdir()) == []


def test_no_stick_is_an_instruction(panel: Panel) -> None:
    panel.stick_list = []
    open_content(panel)
    panel.admin.posters.make("all")
    assert panel.admin.posters.message == "Hãy cắm USB và chọn nó ở trên để ghi áp phích."
    assert not panel.admin.posters.busy


def test_the_poster_line_goes_with_its_stick(panel: Panel, stick_dir: Path,
                                             tmp_path: Path) -> None:
    """«Đã ghi áp phích ra USB: USB THU VIEN/…» stayed after that stick was pulled out."""
    open_content(panel)
    make_poster(panel, "kind:infographic")
    said = panel.find("posterMessage").property("text")
    assert said.startswith(f"Đã ghi áp phích ra USB: {stick_dir.name}/")
    # the next poll sees the same stick with less room (the poster is on it): still said
    first = panel.stick_list[0]
    panel.stick_list = [Stick(first.path, first.label, first.device, first.fstype, False,
                              first.total_bytes, first.free_bytes - (1 << 20))]
    panel.admin.content.refresh()
    panel.pump(50)
    assert panel.find("posterMessage").property("text") == said
    # pulled out: the line goes, as «USB này không có gói nội dung nào.» does
    panel.stick_list = []
    panel.admin.content.refresh()
    panel.pump(50)
    assert panel.admin.posters.message == "" and panel.admin.posters.notes == ""
    assert panel.admin.content.stickMessage == ""
    assert not panel.find("posterBox").isVisible()


def test_a_read_only_line_goes_when_another_stick_is_chosen(panel: Panel, stick_dir: Path,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "USB KHAC"
    other.mkdir()
    locked = Stick(stick_dir, stick_dir.name, "/dev/sdz1", "vfat", True, 8 << 30, 4 << 30)
    panel.stick_list = [locked]
    open_content(panel)
    make_poster(panel, "all")
    assert "chỉ cho đọc" in panel.find("posterMessage").property("text")
    panel.admin.content.selectStick(str(stick_dir))  # the same stick tapped again: kept
    assert "chỉ cho đọc" in panel.admin.posters.message
    panel.stick_list = [locked, Stick(other, other.name, "/dev/sdy1", "vfat", False,
                                      8 << 30, 4 << 30)]
    panel.admin.content.refresh()
    panel.pump(50)
    [button] = [b for b in panel.find_all("stick") if "USB KHAC" in b.property("text")]
    tap(panel.view, button)  # the librarian chooses the other stick
    panel.pump(50)
    assert panel.admin.content.selectedStick == str(other)
    assert panel.find("posterMessage").property("text") == ""
    assert not panel.admin.posters.problem


def test_the_plug_in_line_goes_once_a_stick_is_chosen(panel: Panel) -> None:
    sticks = panel.stick_list
    panel.stick_list = []
    open_content(panel)
    panel.admin.posters.make("all")
    assert panel.admin.posters.message.startswith("Hãy cắm USB")
    panel.stick_list = sticks
    panel.admin.content.refresh()
    assert panel.admin.posters.message == ""
