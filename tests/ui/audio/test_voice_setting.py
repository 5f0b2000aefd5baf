"""«Giọng đọc» saved on the panel: the next «Nghe» speaks with it, without a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.config import Config
from library.paths import DataPaths
from library.speech import Speech

pytestmark = pytest.mark.ui

TEXT = "Xin chào bà con. Hôm nay trời nắng."


def test_a_voice_saved_on_the_panel_reads_the_next_listen(qtbot, data_paths: DataPaths,
                                                          catalog: Catalog) -> None:
    from kiosk.app import KioskApp
    from kiosk.audio import install

    config = Config.load(data_paths.config_file)
    app = KioskApp(catalog, config=config, paths=data_paths)
    audio = install(app)
    try:
        listen = audio.listen
        qtbot.waitUntil(lambda: listen.available, timeout=20_000)
        started_with = audio.speech
        assert started_with.voice == "vi"
        # as the panel's settings do: set, save, then tell the kiosk
        config.set("speech", "voice", "vi-vn-x-south")
        config.set("speech", "rate", 900)  # beyond the voice's range: brought within it
        config.save()
        app.apply_setting("speech", "voice", config.get("speech", "voice"))
        app.apply_setting("speech", "rate", config.get("speech", "rate"))
        assert audio.speech is not started_with
        assert (audio.speech.voice, audio.speech.rate) == ("vi-vn-x-south", 400)
        assert listen._speech is audio.speech
        listen.playText("Tin", TEXT)
        folder = audio.speech.cache_dir / audio.speech.key(TEXT)
        qtbot.waitUntil(lambda: (folder / "0000.wav").exists()
                        or listen.state == "error", timeout=30_000)
        assert listen.state != "error", listen.error
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert (manifest["voice"], manifest["rate"]) == ("vi-vn-x-south", 400)
        old = started_with.cache_dir / started_with.key(TEXT)
        assert old != folder and not old.exists()  # nothing said in the old voice
    finally:
        listen.stop()
        audio.close()
        qtbot.waitUntil(lambda: app.tasks.pending == 0, timeout=30_000)
        app.close()
    assert not app.setting_hooks  # closing took its hook out


class Counting(Speech):
    """A speech that remembers which sentences it was asked for."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[int] = []

    def sentence(self, reading, index):  # type: ignore[no-untyped-def]
        self.asked.append(index)
        return super().sentence(reading, index)


def test_a_reading_under_way_ends_in_the_voice_it_began_with(
        qtbot, make_player, tmp_path: Path, voice_worker) -> None:
    """Its sentences are cached under the old voice's key: the new voice must not fill it."""
    first = Counting(tmp_path / "speech", voice_worker, voice="vi", rate=320)
    second = Counting(tmp_path / "speech", voice_worker, voice="vi-vn-x-south", rate=320)
    player = make_player(first)
    player.playText("Tin", TEXT)
    qtbot.waitUntil(lambda: 0 in first.asked or player.state == "error", timeout=30_000)
    player.set_speech(second)
    qtbot.waitUntil(lambda: 1 in first.asked or player.state == "error", timeout=30_000)
    assert player.state != "error"
    assert second.asked == []
    player.stop()
    player.playText("Tin", TEXT)  # the next reading: the new voice
    qtbot.waitUntil(lambda: 0 in second.asked or player.state == "error", timeout=30_000)
    assert player.state != "error"
