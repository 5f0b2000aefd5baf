"""A real espeak-ng worker shared by the speech tests (starting one costs ~0.1 s)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.speech.worker import SpeechWorker


@pytest.fixture(scope="session")
def espeak_worker() -> Iterator[SpeechWorker]:
    with SpeechWorker(timeout_s=30) as worker:
        worker.start()
        yield worker
