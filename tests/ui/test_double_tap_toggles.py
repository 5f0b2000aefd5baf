"""A hurried double tap on a button that switches something on and off switches it once.

A visitor in a market taps twice out of habit (or because the first tap seemed not to
take). On a toggle the second tap undid the first: a video tapped to pause kept playing,
the document's contents or search panel opened and closed again at once. These buttons
are `KButton { once: true }`, as back and the text-size switch are (test_visitor_edges).
"""

from __future__ import annotations

import pytest

from kiosk.touch import double_tap

from .conftest import item, settle

pytestmark = pytest.mark.ui


def test_a_double_tap_on_the_search_in_the_document_opens_it(reading) -> None:
    double_tap(reading.window, item(reading, "findButton"))
    settle()
    assert item(reading, "findPanel").isVisible()


def test_a_double_tap_on_the_contents_opens_them(kiosk, qtbot,
                                                 book_with_contents) -> None:
    kiosk.visit.read(book_with_contents, 1)
    qtbot.waitUntil(lambda: kiosk.reader.imagePage == 1, timeout=20000)
    settle()
    double_tap(kiosk.window, item(kiosk, "tocButton"))
    settle()
    assert item(kiosk, "tocPanel").isVisible()


@pytest.mark.parametrize("target", ["videoPlay", "videoView"])
def test_a_double_tap_pauses_a_playing_video(kiosk, video_item, qtbot, target: str) -> None:
    kiosk.visit.read(video_item, 0)
    qtbot.waitUntil(lambda: kiosk.find("videoPlay") is not None, timeout=10000)
    play = item(kiosk, "videoPlay")
    qtbot.waitUntil(lambda: play.property("icon") == "pause", timeout=10000)  # playing
    settle()  # the reader's fade-in: its buttons take taps once it is shown
    assert play.isVisible()
    double_tap(kiosk.window, item(kiosk, target))
    qtbot.waitUntil(lambda: play.property("icon") == "play", timeout=5000)  # paused
    settle()
    assert play.property("icon") == "play"  # and not played again by the second tap
