"""The "speech" self-test (the station's one voice check): passes with the voice,
fails plainly, naming the step, without it."""

from __future__ import annotations

from library.config import Config
from library.paths import DataPaths
from library.selftest import checks, run_checks


def test_speech_check_is_registered_and_passes(data_paths: DataPaths) -> None:
    assert "speech" in checks()
    [result] = run_checks(data_paths, ["speech"])
    assert result.ok, result.detail
    assert "voice vi" in result.detail and "LUFS" in result.detail
    assert not [p for p in data_paths.cache.iterdir() if p.name.startswith("selftest-")]


def test_speech_check_fails_when_the_configured_voice_is_missing(data_paths: DataPaths) -> None:
    config = Config.load(data_paths.config_file)
    config.set("speech", "voice", "xx-khong-co")
    config.save()
    [result] = run_checks(data_paths, ["speech"])
    assert not result.ok
    assert "xx-khong-co" in result.detail and "not installed" in result.detail
    assert "could not read a bulletin" in result.detail


def test_speech_check_fails_when_the_configured_voice_is_not_vietnamese(
        data_paths: DataPaths) -> None:
    config = Config.load(data_paths.config_file)
    config.set("speech", "voice", "en-us")
    config.save()
    [result] = run_checks(data_paths, ["speech"])
    assert not result.ok
    assert "speech.voice 'en-us' is not a Vietnamese voice" in result.detail
    assert "installed: vi" in result.detail
