"""Rendering sentence by sentence into the cache, with word timings in the original text."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from library.errors import InvalidInput, SpeechError
from library.speech import MAX_TEXT, Speech, SpeechWorker
from library.speech.loudness import integrated_lufs
from library.speech.normalize import normalize

BULLETIN = ("Ngày 10/8/2021, UBND TP. Huế tổ chức tiêm phòng lúc 7h30. "
            "Tỷ lệ tiêm đạt 95%! Bà con xem chi tiết tại https://hue.gov.vn/tin nhé.")


@pytest.fixture
def speech(tmp_path: Path, espeak_worker: SpeechWorker) -> Speech:
    return Speech(tmp_path / "speech", espeak_worker, voice="vi", rate=170)


def test_real_synthesis_makes_plausible_wavs_with_monotonic_timings(speech: Speech) -> None:
    parts = speech.render(BULLETIN)
    assert len(parts) == 3
    for part in parts:
        with wave.open(str(part.wav)) as wf:
            ms = wf.getnframes() * 1000 // wf.getframerate()
            assert wf.getnchannels() == 1 and wf.getsampwidth() == 2
        assert ms == part.duration_ms
        syllables = len(BULLETIN[part.start:part.end].split())
        assert 150 * syllables < ms < 1000 * syllables + 1500  # plausible speech length
        starts = [w.start_ms for w in part.words]
        assert starts == sorted(starts)
        assert all(0 <= w.start_ms <= w.end_ms <= part.duration_ms for w in part.words)
        assert all(part.start <= w.start < w.end <= part.end for w in part.words)
        positions = [w.start for w in part.words]
        assert positions == sorted(positions)
    spoken = [BULLETIN[w.start:w.end] for w in parts[0].words]
    assert spoken[0] == "Ngày" and "10/8/2021" in spoken and "UBND" in spoken
    assert "7h30" in spoken and spoken[-1] == "7h30"
    assert "95%" in [BULLETIN[w.start:w.end] for w in parts[1].words]
    # the site of the address is said ("hue chấm giê o vê chấm vê en"), every word of it
    # lighting the address as written; its path is not said
    address = [w for w in parts[2].words if BULLETIN[w.start:w.end] == "https://hue.gov.vn/tin"]
    assert len(address) >= 5
    said = " ".join(normalize(BULLETIN[parts[2].start:parts[2].end]).text.split())
    assert said == "Bà con xem chi tiết tại hue chấm giê o vê chấm vê en nhé."


def test_second_request_is_a_cache_hit(speech: Speech, monkeypatch: pytest.MonkeyPatch) -> None:
    first = speech.render(BULLETIN)

    def no_synthesis(*args: object, **kwargs: object) -> None:
        raise AssertionError("cache miss: synthesised again")

    monkeypatch.setattr(speech.worker, "synthesize", no_synthesis)
    again = speech.render(BULLETIN)
    assert again == first
    folder = first[0].wav.parent
    assert folder.parent == speech.cache_dir and len(folder.name) == 32
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["voice"] == "vi" and len(manifest["sentences"]) == 3
    assert not list(folder.glob(".*tmp"))


def test_voice_and_rate_change_the_cache_folder(tmp_path: Path,
                                                espeak_worker: SpeechWorker) -> None:
    a = Speech(tmp_path, espeak_worker, voice="vi", rate=150).prepare("Xin chào.")
    b = Speech(tmp_path, espeak_worker, voice="vi-vn-x-south", rate=150).prepare("Xin chào.")
    c = Speech(tmp_path, espeak_worker, voice="vi", rate=180).prepare("Xin chào.")
    assert len({a.folder, b.folder, c.folder}) == 3


def test_new_reading_rules_change_the_cache_folder(speech: Speech,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Audio cached under the old rules would still say "năm - bảy" for "5-7"."""
    from library.speech import reading as reading_module

    before = speech.prepare("Thi công 5-7 ngày.")
    monkeypatch.setattr(reading_module, "RULES_VERSION", reading_module.RULES_VERSION + 1)
    assert speech.prepare("Thi công 5-7 ngày.").folder != before.folder


def test_half_written_sentence_is_rendered_again(speech: Speech) -> None:
    reading = speech.prepare("Một câu thôi.")
    reading.folder.mkdir(parents=True, exist_ok=True)
    reading.wav(0).write_bytes(b"RIFF broken")  # power cut before the timings were written
    audio = speech.sentence(reading, 0)
    with wave.open(str(audio.wav)) as wf:
        assert wf.getnframes() > 0


def test_synthesised_bulletin_is_at_target_loudness(speech: Speech) -> None:
    parts = speech.render(BULLETIN * 2)
    pcm = b""
    for part in parts:
        with wave.open(str(part.wav)) as wf:
            rate = wf.getframerate()
            pcm += wf.readframes(wf.getnframes())
    assert abs(integrated_lufs(pcm, rate) - (-16.0)) <= 1.0


@pytest.mark.parametrize("text", ["", "   \n\t ", "🙂🙂 ★ ♥", "... !!! ---"])
def test_nothing_to_read_is_refused_plainly(speech: Speech, text: str) -> None:
    with pytest.raises(InvalidInput, match="nothing to read"):
        speech.prepare(text)


def test_huge_text_is_split_lazily_and_over_limit_refused(speech: Speech) -> None:
    sentence = "Bà con chú ý, sáng mai có phiên chợ nông sản tại nhà văn hóa thôn. "
    huge = (sentence * (MAX_TEXT // len(sentence) + 1))[:MAX_TEXT]
    reading = speech.prepare(huge)
    assert len(reading) > 2000
    assert not reading.wav(0).exists()  # nothing is synthesised up front
    first = speech.sentence(reading, 0)
    assert first.duration_ms > 0
    with pytest.raises(InvalidInput, match="too long"):
        speech.prepare(huge + "x")


def test_mixed_vietnamese_english_and_emoji_are_read(speech: Speech) -> None:
    text = "Chương trình Smart City 🙂 giúp bà con dùng Zalo và Facebook."
    parts = speech.render(text)
    words = [text[w.start:w.end] for w in parts[0].words]
    assert "Zalo" in words and "🙂" not in words


def test_missing_voice_is_a_speech_error(tmp_path: Path, espeak_worker: SpeechWorker) -> None:
    speech = Speech(tmp_path, espeak_worker, voice="xx-khong-co")
    with pytest.raises(SpeechError, match="not installed"):
        speech.render("Xin chào.")


def test_engine_hang_surfaces_as_speech_error(tmp_path: Path) -> None:
    with SpeechWorker(engine="tests.unit.speech.engines:hanging", timeout_s=1.0) as worker:
        speech = Speech(tmp_path, worker)
        (tmp_path / "calibration.json").write_text('{"vi|150|1|-16": 0.0}')
        with pytest.raises(SpeechError, match="did not answer"):
            speech.render("Câu đầu. Máy treo ở câu này.")
        reading = speech.prepare("Câu đầu. Máy treo ở câu này.")
        assert speech.cached(reading, 0) is not None  # what was done is kept
        assert speech.cached(reading, 1) is None


def test_prune_cache_drops_least_recently_used(speech: Speech) -> None:
    import os

    from library.speech.reading import prune_cache

    old = speech.render("Bản tin cũ.")[0].wav.parent
    new = speech.render("Bản tin mới.")[0].wav.parent
    os.utime(old / "manifest.json", (1, 1))
    speech.prepare("Bản tin mới.")  # touched: recently used
    keep = sum(f.stat().st_size for f in new.iterdir())
    assert prune_cache(speech.cache_dir, keep) > 0
    assert new.exists() and not old.exists()
    assert (speech.cache_dir / "calibration.json").exists()
    assert prune_cache(speech.cache_dir, keep) == 0
