"""Fixtures for the audio UI tests: a real voice, the kiosk's task helper and volume.

Every test here runs without pytest-qt's Qt-message capture (`no_qt_log`). That capture is
a Python message handler, so a warning Qt's FFmpeg audio thread logs ("No audio device
detected", on a machine without a sound card) needs the interpreter lock — while the GUI
thread holds it inside a QMediaPlayer call (stop, a new source) that waits for that very
audio thread. Both then wait for ever: a test run hung this way when a reading was stopped
just after it started. The station installs no Python message handler, so it never meets
this; the tests must not either.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.speech import Speech, SpeechWorker

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`no_qt_log` for every test in this folder (see above)."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture(scope="session")
def voice_worker() -> Iterator[SpeechWorker]:
    with SpeechWorker(timeout_s=30) as worker:
        worker.start()
        yield worker


@pytest.fixture
def speech(tmp_path: Path, voice_worker: SpeechWorker) -> Speech:
    # A fast rate keeps the tests short; the read-along logic does not depend on it.
    return Speech(tmp_path / "speech", voice_worker, voice="vi", rate=320)


@pytest.fixture
def tasks(qapp) -> Iterator[object]:
    from kiosk.tasks import Tasks

    helper = Tasks()
    yield helper
    helper.shutdown()


@pytest.fixture
def volume(qapp) -> object:
    from kiosk.controllers.settings import Volume

    return Volume(80)


@pytest.fixture
def make_player(qtbot, tasks) -> Iterator[object]:
    """`make_player(speech, volume=None, **options)`; every player is stopped and deleted
    before the task helper shuts down (late results must not reach a dead pool)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from kiosk.audio.player import ListenPlayer

    made: list[ListenPlayer] = []

    def build(speech: Speech | None, volume: object = None, **options: object) -> ListenPlayer:
        player = ListenPlayer(speech, tasks, volume=volume, **options)
        made.append(player)
        return player

    yield build
    for player in made:
        player.stop()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=30_000)
    for player in made:
        player.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
