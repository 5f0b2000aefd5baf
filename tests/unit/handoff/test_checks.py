"""The self-test's "handoff" check runs for real and passes on this machine."""

from __future__ import annotations

from library.paths import DataPaths
from library.selftest import run_checks


def test_handoff_check_passes(data_paths: DataPaths) -> None:
    [result] = run_checks(data_paths, ["handoff"])
    assert result.ok and not result.skipped, result.detail
    assert "127.0.0.1" in result.detail
    assert not any(data_paths.cache.iterdir())  # the scratch station is gone


def test_handoff_check_fails_on_a_setting_the_kiosk_would_refuse(data_paths: DataPaths) -> None:
    """`handoff.port = 0` left the kiosk serving nothing while the self-test said PASS."""
    from library.config import Config

    config = Config.load(data_paths.config_file)
    config.set("handoff", "port", 0)
    config.save()
    [result] = run_checks(data_paths, ["handoff"])
    assert not result.ok and "handoff.port" in result.detail
    config.set("handoff", "port", 8765)
    config.set("handoff", "enabled", False)
    config.save()
    [result] = run_checks(data_paths, ["handoff"])
    assert result.ok and "handoff.enabled is off" in result.detail
