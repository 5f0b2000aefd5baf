"""How long a clip runs: on its detail screen and, while it plays, beside the seek bar."""

from __future__ import annotations

from dataclasses import replace

import pytest

from .conftest import item, settle
from .english import english

pytestmark = pytest.mark.ui


def shown(kiosk, name: str) -> bool:
    found = kiosk.find(name)
    return found is not None and found.isVisible()


def facts(kiosk) -> list[str]:
    from PySide6.QtQuick import QQuickItem

    flow = item(kiosk, "detailFacts")
    return [child.property("text") for child in flow.childItems()
            if isinstance(child, QQuickItem) and child.property("text")]


def test_a_video_says_how_long_it_runs_on_its_detail_screen(kiosk, video_item) -> None:
    clip = kiosk.catalog.get(video_item)
    kiosk.catalog.put(replace(clip, duration_s=3725.4))  # 1 h 2 min 5 s
    kiosk.visit.openItem(video_item)
    settle()
    assert "Thời lượng 1:02:05" in facts(kiosk)
    with english():
        kiosk.engine.retranslate()
        settle()
        assert "Length 1:02:05" in facts(kiosk)
    kiosk.engine.retranslate()
    kiosk.catalog.put(replace(clip, duration_s=None))  # unknown: no length at all
    kiosk.visit.openItem(video_item)
    settle()
    assert not any(fact.startswith("Thời lượng") for fact in facts(kiosk))


def test_a_playing_video_shows_where_it_is_and_its_length(kiosk, video_item, qtbot) -> None:
    from PySide6.QtCore import QPointF

    for size in ((1366, 768), (768, 1366)):
        kiosk.window.resize(*size)
        kiosk.visit.openItem(video_item)
        kiosk.visit.read(video_item, 0)
        qtbot.waitUntil(lambda: shown(kiosk, "videoTime"), timeout=10000)
        settle(300)
        time = item(kiosk, "videoTime")
        elapsed, total = time.property("text").split(" / ")
        assert total == "1:00"  # the test clip runs a minute
        assert elapsed.count(":") == 1 and len(elapsed.split(":")[1]) == 2
        # Beside the seek bar, inside the window, not over the bar's knob.
        seek = item(kiosk, "videoSeek")
        seek_right = seek.mapToScene(QPointF(seek.width(), 0)).x()
        left = time.mapToScene(QPointF(0, 0)).x()
        assert seek_right <= left and left + time.width() <= size[0]
        kiosk.visit.home()
        settle()
