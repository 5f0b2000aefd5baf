"""The self-test's "handoff" check runs for real and passes on this machine."""

from __future__ import annotations

from library.paths import DataPaths
from library.selftest import run_checks


def test_handoff_check_passes(data_paths: DataPaths) -> None:
    [result] = run_checks(data_paths, ["handoff"])
    assert result.ok and not result.skipped, result.detail
    assert "127.0.0.1" in result.detail
    assert not any(data_paths.cache.iterdir())  # the scratch station is gone
