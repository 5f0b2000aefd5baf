"""The speech worker: real espeak-ng, and injected engines that hang, crash or fail."""

from __future__ import annotations

import pytest

from library.errors import SpeechError
from library.speech.worker import SpeechWorker, apply_gain

TONE = "tests.unit.speech.engines:tone"


def test_real_espeak_lists_vietnamese_voices(espeak_worker: SpeechWorker) -> None:
    ids = {v.id.split("/")[-1].lower() for v in espeak_worker.voices() if v.is_vietnamese()}
    assert {"vi", "vi-vn-x-central", "vi-vn-x-south"} <= ids


def test_real_synthesis_has_word_events_in_order(espeak_worker: SpeechWorker) -> None:
    text = "Đảng viên chuyển đổi số"
    result = espeak_worker.synthesize(text, voice="vi", rate=150, volume=1.0)
    assert 800 < result.duration_ms < 5000  # five syllables at 150 words per minute
    assert [text[p:p + n] for p, n, _ in result.words] == text.split()
    times = [t for _, _, t in result.words]
    assert times == sorted(times) and times[-1] < result.duration_ms


def test_missing_voice_is_a_clear_error(espeak_worker: SpeechWorker) -> None:
    with pytest.raises(SpeechError, match="not installed") as info:
        espeak_worker.synthesize("xin chào", voice="xx-khong-co", rate=150, volume=1.0)
    assert info.value.message_vi == "Thiếu giọng đọc tiếng Việt."
    # the worker is still usable afterwards
    assert espeak_worker.synthesize("chào", voice="vi", rate=150, volume=1.0).samples


def test_hanging_engine_is_cut_by_the_timeout_and_replaced() -> None:
    with SpeechWorker(engine="tests.unit.speech.engines:hanging", timeout_s=1.0) as worker:
        first_pid = worker.start().pid
        with pytest.raises(SpeechError, match="did not answer within 1 s"):
            worker.synthesize("máy treo", voice="vi", rate=150, volume=1.0)
        assert worker.pid is None  # the hung process is gone
        assert worker.synthesize("bình thường", voice="vi", rate=150, volume=1.0).samples
        assert worker.pid not in (None, first_pid)


def test_crashing_engine_gives_a_speech_error() -> None:
    with SpeechWorker(engine="tests.unit.speech.engines:crashing", timeout_s=5) as worker, \
            pytest.raises(SpeechError, match="stopped"):
        worker.synthesize("chào", voice="vi", rate=150, volume=1.0)


def test_engine_that_cannot_start_says_why() -> None:
    with SpeechWorker(engine="tests.unit.speech.engines:broken") as worker, \
            pytest.raises(SpeechError, match=r"libespeak-ng\.so\.1"):
        worker.start()


def test_engine_stdout_never_reaches_ours(capfd: pytest.CaptureFixture[str]) -> None:
    with SpeechWorker(engine=TONE) as worker:
        worker.synthesize("chào bà con", voice="vi", rate=150, volume=1.0)
    out, _ = capfd.readouterr()
    assert "engine chatter" not in out


def test_apply_gain_scales_and_clips() -> None:
    from array import array

    data = array("h", [1000, -1000, 20000, -20000]).tobytes()
    louder = array("h")
    louder.frombytes(apply_gain(data, 6.0206))
    assert list(louder)[2:] == [32767, -32768]
    assert all(abs(a - b) <= 1 for a, b in zip(list(louder)[:2], [2000, -2000], strict=True))


def test_split_gain_uses_the_engine_volume_first() -> None:
    from library.speech.worker import split_gain

    assert split_gain(1.0, 0.0, 2.0) == (1.0, 0.0)
    volume, rest = split_gain(1.0, 6.0206, 2.0)  # ×2: espeak's amplitude can do it all
    assert volume == pytest.approx(2.0, abs=1e-3) and rest == pytest.approx(0.0, abs=1e-3)
    volume, rest = split_gain(1.0, 12.0412, 2.0)  # ×4: half in the engine, half on samples
    assert volume == 2.0 and rest == pytest.approx(6.0206, abs=1e-3)
    assert split_gain(0.0, 5.0, 2.0) == (0.0, 0.0)


def test_rate_and_voice_really_reach_the_engine(espeak_worker: SpeechWorker) -> None:
    text = "Bà con chú ý, sáng mai có phiên chợ nông sản tại nhà văn hóa thôn."
    slow = espeak_worker.synthesize(text, voice="vi", rate=100, volume=1.0)
    fast = espeak_worker.synthesize(text, voice="vi", rate=300, volume=1.0)
    assert slow.duration_ms > 2 * fast.duration_ms
    south = espeak_worker.synthesize(text, voice="vi-vn-x-south", rate=100, volume=1.0)
    assert south.samples != slow.samples


def test_word_times_are_spread_for_engines_without_offsets() -> None:
    from library.speech.engine import _spread_words

    words = _spread_words("Xin chào, bà con", 1000)
    assert [w[0] for w in words] == [0, 4, 10, 13]
    assert [w[2] for w in words] == [0, 250, 583, 750]
