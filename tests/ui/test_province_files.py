"""The files a province really has, in the kiosk's reader (`tests/province_files.py`):
a 1,000-page handbook opened and jumped through, fold-outs and rotated pages fitted in
both orientations, a phone photo upright, a form with its fields, a fax scan, clips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.touch import swipe
from tests import province_files as pf

from .conftest import item, settle, tap

pytestmark = pytest.mark.ui

HANDBOOK_ID = "so-tay-1000"


@pytest.fixture(scope="module")
def handbook(kiosk, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The 1,000-page handbook, built and added once for the module (as `add` does)."""
    path = pf.handbook_pdf(tmp_path_factory.mktemp("handbook"))
    kiosk.catalog.add_file(path, item_id=HANDBOOK_ID, kind="handbook", title="Sổ tay đảng viên")
    yield HANDBOOK_ID
    kiosk.visit.home()
    kiosk.catalog.remove(HANDBOOK_ID)


@pytest.fixture
def added(kiosk) -> Iterator[list[str]]:
    """Ids of files added in the test, removed after it."""
    ids: list[str] = []
    yield ids
    kiosk.visit.home()
    for item_id in ids:
        kiosk.catalog.remove(item_id)


def add(kiosk, added: list[str], path: Path) -> str:
    item_id = kiosk.catalog.add_file(path, item_id=path.stem).item.id
    added.append(item_id)
    return item_id


def read(kiosk, qtbot, item_id: str, page: int = 1) -> None:
    kiosk.visit.read(item_id, page)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == page, timeout=20000)
    settle()


def shown(kiosk) -> QImage:
    """The page image the reader shows now, as the visitor sees its pixels."""
    from PySide6.QtCore import QSize

    url = kiosk.reader.pageImage.removeprefix("image://page/")
    return kiosk.pages.requestImage(url, QSize(), QSize())


def within(kiosk, name: str, panel) -> bool:
    """Whether the item called `name` exists and its middle lies inside `panel` on screen."""
    found = kiosk.find(name)
    if found is None:
        return False
    middle = found.mapToScene(found.boundingRect().center())
    box = panel.mapRectToScene(panel.boundingRect()).adjusted(0, 40, 0, -40)
    return box.contains(middle)


def still(kiosk, name: str) -> None:
    """Wait until the item called `name` stops moving (a flicked list has come to rest: a
    tap on a moving list only stops it)."""
    def where() -> tuple[float, float] | None:
        found = kiosk.find(name)
        return None if found is None else tuple(found.mapToScene(found.position()).toTuple())

    before = where()
    for _ in range(40):
        settle(100)
        now = where()
        if now == before:
            return
        before = now


def resize(kiosk, qtbot, size: tuple[int, int]) -> None:
    kiosk.window.resize(*size)
    qtbot.waitUntil(lambda: (kiosk.window.width(), kiosk.window.height()) == size)
    settle()


def test_a_thousand_page_handbook_opens_and_its_contents_reach_page_901(
        kiosk, qtbot, handbook: str) -> None:
    read(kiosk, qtbot, handbook)
    assert kiosk.reader.pageCount == 1000
    assert len(kiosk.reader.toc) == 20 and kiosk.reader.toc[18] == {
        "title": "Phần 19", "page": 901, "level": 1}
    tap(kiosk, "tocButton")
    panel = item(kiosk, "tocPanel")
    assert panel.isVisible()
    settle()
    for _ in range(12):  # the visitor flicks the contents up until «Phần 19» is in sight
        if within(kiosk, "toc_18", panel):
            break
        swipe(kiosk.window, panel, 0, -300)
        still(kiosk, "toc_18")
    assert within(kiosk, "toc_18", panel)
    tap(kiosk, "toc_18")
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 901, timeout=10000)
    assert kiosk.reader.returnPage == 1
    with qtbot.waitSignal(kiosk.reader.thumbReady, timeout=10000) as signal:
        kiosk.reader.requestThumb(900)  # the picture over the slider while it is dragged
    assert signal.args[0] == 900
    kiosk.reader.jump(900)  # as the slider lets go there
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 900, timeout=10000)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_fold_out_and_a_turned_page_are_shown_whole_and_landscape(
        kiosk, qtbot, added, tmp_path: Path, size: tuple[int, int]) -> None:
    resize(kiosk, qtbot, size)
    folded = add(kiosk, added, pf.mixed_sizes_pdf(tmp_path))
    read(kiosk, qtbot, folded, 2)  # the A3 fold-out
    fold_out = shown(kiosk)
    assert fold_out.width() / fold_out.height() == pytest.approx(1191 / 842, abs=0.01)
    assert fold_out.width() <= size[0] and fold_out.height() <= size[1]
    turned = add(kiosk, added, pf.rotated_pdf(tmp_path))
    read(kiosk, qtbot, turned, 2)  # /Rotate 90
    page = shown(kiosk)
    assert page.width() / page.height() == pytest.approx(842 / 595, abs=0.01)


def test_a_phone_photo_is_upright_in_the_reader(kiosk, qtbot, added, tmp_path: Path) -> None:
    photo = add(kiosk, added, pf.phone_photo(tmp_path))
    read(kiosk, qtbot, photo)
    image = shown(kiosk)
    assert image.height() > image.width()  # stored 640×480, turned by its EXIF tag
    top = image.pixelColor(image.width() // 2, image.height() // 30)
    assert (top.red(), top.green() < 60, top.blue() < 60) == (top.red(), True, True)
    assert top.red() > 200


def test_a_white_logo_on_transparency_is_seen_in_the_reader_and_on_its_card(
        kiosk, qtbot, added, tmp_path: Path) -> None:
    """On white it was a blank page on the reader's cream and a blank card: it stands on
    dark grey, its page and its cover alike."""
    logo = add(kiosk, added, pf.white_logo_png(tmp_path))
    read(kiosk, qtbot, logo)
    image = shown(kiosk)
    corner = image.pixelColor(3, 3)
    assert (corner.red(), corner.green(), corner.blue()) == (0x33, 0x33, 0x33)
    middle = image.pixelColor(image.width() // 2, int(image.height() * 0.4))
    assert (middle.red(), middle.green(), middle.blue()) == (255, 255, 255)
    cover = QImage(str(kiosk.catalog.objects.path(kiosk.catalog.get(logo).cover_sha256)))
    corner = cover.pixelColor(3, 3)
    assert (corner.red(), corner.green(), corner.blue()) == (0x33, 0x33, 0x33)


def test_a_form_shows_its_heading_as_its_title_and_its_fields(kiosk, qtbot, added,
                                                             tmp_path: Path) -> None:
    form = add(kiosk, added, pf.form_pdf(tmp_path))
    read(kiosk, qtbot, form)
    assert kiosk.reader.title == "Tờ khai đăng ký"
    image = shown(kiosk)
    scale = image.width() / 595
    stamp = image.pixelColor(int(530 * scale), int(350 * scale))
    assert (stamp.red(), stamp.green(), stamp.blue()) == pytest.approx((255, 255, 153), abs=40)


def test_a_clip_that_opens_on_black_has_a_card_that_is_not(kiosk, added,
                                                          tmp_path: Path) -> None:
    clip = add(kiosk, added, pf.black_start_clip(tmp_path))
    cover = kiosk.catalog.get(clip).cover_sha256
    assert cover
    image = QImage(str(kiosk.catalog.objects.path(cover)))
    middle = image.pixelColor(image.width() // 2, image.height() // 3)
    assert max(middle.red(), middle.green(), middle.blue()) > 100
