"""Engines for the document tests: one shared worker, and fresh ones for the tests that kill."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.documents import DocumentEngine
from library.documents.process import TEST_HOOKS_ENV


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocumentEngine]:
    """A shared engine with a disk cache and a short timeout."""
    cache = tmp_path_factory.mktemp("cache")
    with DocumentEngine(cache_dir=cache, timeout_s=5.0, standby_worker=False) as shared:
        yield shared


@pytest.fixture
def fresh_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DocumentEngine]:
    """An engine of its own: the test-only hang hook on, a 1.5 s timeout, a standby worker."""
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    with DocumentEngine(cache_dir=tmp_path / "cache", timeout_s=1.5) as own:
        yield own
