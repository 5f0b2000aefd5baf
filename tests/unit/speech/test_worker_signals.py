"""The speech worker when the terminal or the voice library ends it."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from library.errors import SpeechError
from library.speech.worker import SpeechWorker

TONE = "tests.unit.speech.engines:tone"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_leaves_the_child_to_its_parent() -> None:
    # Without this the child died with a KeyboardInterrupt traceback on stderr
    # in the middle of `cafesach speak`'s own "interrupted" line.
    with SpeechWorker(engine=TONE, timeout_s=10) as worker:
        worker.start()
        pid = worker.pid
        assert pid is not None
        os.kill(pid, signal.SIGINT)
        assert worker.synthesize("xin chào", voice="vi", rate=150, volume=1.0).samples
        assert worker.pid == pid  # the same child answered: it was not killed


def test_an_engine_that_exits_while_starting_says_what_is_missing() -> None:
    with SpeechWorker(engine="tests.unit.speech.engines:exiting", timeout_s=10) as worker, \
            pytest.raises(SpeechError, match="espeak-ng or its voice data") as caught:
        worker.start()
    assert caught.value.message_vi == "Không khởi động được bộ đọc."
