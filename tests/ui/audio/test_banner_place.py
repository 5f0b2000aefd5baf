"""While a bulletin is on air its banner sits under the top bar: «Trang chủ» and «Quay lại»
stay in sight and answer a tap, in landscape and portrait, in large text too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog, Item
from library.config import Config
from library.paths import DataPaths

pytestmark = pytest.mark.ui

ON_AIR = " ".join(f"Thông báo {i} của loa xã gửi tới toàn thể bà con trong thôn."
                  for i in range(20))


def _scene_rect(item) -> tuple[float, float, float, float]:
    top_left = item.mapToScene(item.boundingRect().topLeft())
    return top_left.x(), top_left.y(), item.width(), item.height()


@pytest.mark.parametrize(("size", "large"), [((1920, 1080), False), ((1080, 1920), False),
                                             ((768, 1366), True)],
                         ids=["landscape", "portrait", "small-portrait-large-text"])
def test_the_top_bar_stays_in_reach_while_on_air(qtbot, data_paths: DataPaths,
                                                 catalog: Catalog, make_pdf,
                                                 size: tuple[int, int], large: bool) -> None:
    from kiosk.app import KioskApp
    from kiosk.audio import install
    from kiosk.touch import tap, wait_until

    catalog.put(Item(id="tin-loa", title="Thông báo lịch tiêm phòng gia súc đợt hai năm 2026 "
                     "cho các thôn", kind="bulletin", body=ON_AIR))
    book = catalog.add_file(make_pdf("so-tay.pdf", ["Trang một."], title="Sổ tay số")).item.id
    clock = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    app = KioskApp(catalog, config=Config.load(data_paths.config_file), paths=data_paths)
    audio = install(app, clock=lambda: clock)
    try:
        app.display.largeText = large
        app.show(fullscreen=False, size=size)
        # Every wait and check says what did not happen (a bare "timed out" names no wait),
        # and the waits leave room for a loaded machine: the voice's probe starts the
        # speech worker and measures its loudness, as in test_banner_gives_way.
        assert wait_until(app.screens_ready, 30), "the screens were not built"
        assert wait_until(lambda: audio.listen.available, 60), "no Vietnamese voice found"
        app.visit.openItem(book)
        assert wait_until(lambda: app.nav.screen == "detail", 10), app.nav.screen
        audio.broadcast.playNow("tin-loa")
        assert wait_until(lambda: audio.broadcast.active and audio.banner.isVisible(), 30), \
            "the bulletin did not go on air"
        qtbot.wait(300)  # the banner's height follows its text's layout
        _, banner_top, banner_width, banner_height = _scene_rect(audio.banner)
        assert (banner_width, banner_height > 0) == (size[0], True), (banner_width,
                                                                      banner_height)
        for name in ("homeButton", "backButton"):
            button = app.find(name)
            assert button is not None and button.isVisible(), name
            x, y, w, h = _scene_rect(button)
            assert y >= 0 and x >= 0 and x + w <= size[0], name  # on screen
            assert y + h <= banner_top + 0.5, name  # above the banner, not under it
        tap(app.window, app.find("backButton"))  # the visitor can still leave
        assert wait_until(lambda: app.nav.screen == "home", 10), app.nav.screen
        assert audio.broadcast.active, "the bulletin stopped when the visitor left"
        audio.broadcast.stopNow()
    finally:
        audio.close()
        wait_until(lambda: app.tasks.pending == 0, 20)  # never hides the failure above
        app.close()
