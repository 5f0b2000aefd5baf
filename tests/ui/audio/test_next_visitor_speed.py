"""The idle reset gives the next visitor the normal reading speed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_a_visitors_speed_holds_for_them_and_goes_with_the_idle_reset(make_player,
                                                                     volume) -> None:
    player = make_player(None, volume=volume)
    player.nextSpeed()
    player.nextSpeed()
    assert player.speed == 1.5
    player.stop()  # one reading ends, the same visitor starts another: still their speed
    assert player.speed == 1.5
    volume.stopAll.emit()  # the idle reset
    assert player.speed == 1.0 and player._media.playbackRate() == 1.0
    assert player.state == "idle"


def test_the_on_air_player_is_left_alone_by_the_reset(make_player, volume) -> None:
    on_air = make_player(None, volume=volume, stop_on_reset=False)
    on_air.setSpeed(1.25)
    volume.stopAll.emit()
    assert on_air.speed == 1.25
