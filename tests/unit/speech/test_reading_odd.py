"""Reading aloud odd-but-legal texts and surviving a disturbed cache."""

from __future__ import annotations

import errno
import shutil
import unicodedata
import wave
from array import array
from pathlib import Path

import pytest

from kiosk.main import main
from library.config import Config
from library.errors import StorageError
from library.speech import Speech, SpeechWorker, loudness
from library.speech import reading as reading_module
from library.speech.reading import composed_with_offsets, prune_cache, setting_problems
from library.speech.worker import MIN_TIMEOUT_S


@pytest.fixture
def speech(tmp_path: Path, espeak_worker: SpeechWorker) -> Speech:
    return Speech(tmp_path / "speech", espeak_worker, voice="vi", rate=170)


def test_decomposed_text_highlights_the_words_spoken(speech: Speech) -> None:
    # a PDF may hold "Đảng" as D-stroke + a + hook + grave: the highlight must still
    # cover whole words of the text as given, not drift one character per accent
    written = "Kính thưa bà con, Đảng viên chuyển đổi số ở Đà Lạt."
    text = "Mở đầu. " + unicodedata.normalize("NFD", written)
    [_, part] = speech.render(text)
    said = [unicodedata.normalize("NFC", text[w.start:w.end]) for w in part.words]
    assert said == ["Kính", "thưa", "bà", "con", "Đảng", "viên", "chuyển", "đổi", "số",
                    "ở", "Đà", "Lạt"]


def test_composed_offsets_point_into_the_text_as_given() -> None:
    text = unicodedata.normalize("NFD", "Đà Lạt")
    composed, where = composed_with_offsets(text)
    assert composed == "Đà Lạt" and len(where) == len(composed) + 1
    assert [text[where[i]:where[i + 1]] for i in range(len(composed))] == \
        [unicodedata.normalize("NFD", c) for c in composed]
    assert composed_with_offsets("abc") == ("abc", [0, 1, 2, 3])


def test_speech_settings_out_of_range_are_brought_within_and_named(
        tmp_path: Path, espeak_worker: SpeechWorker) -> None:
    config = Config(tmp_path / "config.toml", {"speech": {
        "rate": 5000, "volume": 0.0, "target_lufs": 5.0, "timeout_s": 0.0}})
    speech = Speech.from_config(tmp_path, config, espeak_worker)
    assert (speech.rate, speech.volume, speech.target_lufs) == (400, 0.1, -10.0)
    problems = setting_problems(config)
    assert len(problems) == 4 and all(p.startswith("config: [speech] ") for p in problems)
    assert "rate = 5000 is outside 60 to 400; 400 is used" in problems[0]
    [part] = speech.render("Xin chào bà con.")
    with wave.open(str(part.wav)) as wf:  # volume 0 no longer renders silence
        samples = array("h", wf.readframes(wf.getnframes()))
    assert max(map(abs, samples)) > 3000
    assert setting_problems(Config(tmp_path / "none.toml")) == []


def test_a_zero_timeout_still_lets_the_voice_speak() -> None:
    assert SpeechWorker(timeout_s=0).timeout_s == MIN_TIMEOUT_S


def test_speak_warns_about_a_setting_out_of_range(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text("[speech]\nrate = 5000\n", encoding="utf-8")
    out = tmp_path / "a.wav"
    assert main(["--data", str(data), "speak", "--text", "Xin chào.", "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert "cafesach: warning: config: [speech] rate = 5000" in said.err
    assert "(voice vi, 400 wpm)" in said.out


def test_a_full_cache_disk_is_one_line_naming_the_file(
        speech: Speech, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, *args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reading_module, "write_wav", full)
    monkeypatch.setattr(loudness, "write_json", full)  # the calibration is not kept either
    reading = speech.prepare("Xin chào bà con.")
    with pytest.raises(StorageError) as caught:  # a LibraryError the kiosk shows calmly
        speech.sentence(reading, 0)
    assert str(caught.value) == f"cannot write {reading.wav(0)}: No space left on device"
    assert "Đĩa đã đầy" in caught.value.message_vi
    assert not reading.timings(0).exists()


def test_cache_emptied_while_reading_gets_its_manifest_back(speech: Speech) -> None:
    reading = speech.prepare("Câu một. Câu hai.")
    speech.sentence(reading, 0)
    shutil.rmtree(speech.cache_dir)  # a technician clears cache/ while the kiosk reads
    speech.sentence(reading, 1)
    # without the manifest the folder would never be pruned
    assert (reading.folder / "manifest.json").exists()
    assert prune_cache(speech.cache_dir, 0) > 0 and not reading.folder.exists()


def test_speak_reads_a_notepad_unicode_file(tmp_path: Path, capsys) -> None:
    # Windows Notepad's "Unicode" is UTF-16 with its mark: as `add` takes it, so does `speak`
    text_file = tmp_path / "tin.txt"
    text_file.write_bytes("Xin chào bà con.\r\nHôm nay trời đẹp.\r\n".encode("utf-16"))
    out = tmp_path / "tin.wav"
    assert main(["--data", str(tmp_path / "d"), "speak", "--file", str(text_file),
                 "-o", str(out), "--json"]) == 0
    assert '"sentences": 2' in capsys.readouterr().out
    text_file.write_bytes(b"\xc3\x28 not text")
    assert main(["--data", str(tmp_path / "d"), "speak", "--file", str(text_file),
                 "-o", str(out), "--force"]) == 1
    assert "tin.txt: not UTF-8 text" in capsys.readouterr().err


def test_speak_reads_a_tcvn3_file_as_the_vietnamese_it_is(tmp_path: Path, capsys) -> None:
    """A bulletin saved from a `.VnTime` document (TCVN3 bytes, no UTF-8) was refused;
    as `add` takes it now, `speak` reads it: the very reading of its Unicode text."""
    import json

    from tests.legacy_fonts import to_tcvn3

    said = "Xin chào bà con. Hôm nay thôn tổ chức họp dân tại nhà văn hoá.\n"
    caches = []
    for name, data in (("tin.txt", said.encode()), ("cu.txt", to_tcvn3(said).encode("latin-1"))):
        (tmp_path / name).write_bytes(data)
        assert main(["--data", str(tmp_path / "d"), "speak", "--file", str(tmp_path / name),
                     "-o", str(tmp_path / f"{name}.wav"), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["sentences"] == 2
        caches.append(result["cache"])
    assert caches[0] == caches[1]  # the same text read: the same sentences in the cache


def test_styled_letters_are_read_as_plain_words(speech: Speech) -> None:
    # "𝐁𝐚̉𝐧 𝐭𝐢𝐧" (bold letters from a social-media post) was spelt out symbol by
    # symbol, 17 s for two words; it is "Bản tin", highlighted where it is written
    text = "𝐁𝐚̉𝐧 𝐭𝐢𝐧 khẩn."
    [part] = speech.render(text)
    assert [text[w.start:w.end] for w in part.words] == ["𝐁𝐚̉𝐧", "𝐭𝐢𝐧", "khẩn"]
    assert part.duration_ms < 3000  # three syllables of audio, not symbol names
    assert composed_with_offsets("ＴＰ 𝟏")[0] == "TP 1"


@pytest.mark.parametrize("damaged", ['{"words": []}', '{"duration_ms": 5, "words": [[1]]}',
                                     '{"duration_ms": "x", "words": []}', '{"duration_ms": 5}'])
def test_a_damaged_timings_file_is_rendered_again(speech: Speech, damaged: str) -> None:
    reading = speech.prepare("Xin chào bà con.")
    first = speech.sentence(reading, 0)
    reading.timings(0).write_text(damaged, encoding="utf-8")
    assert speech.cached(reading, 0) is None
    again = speech.sentence(reading, 0)
    assert [(w.start, w.end) for w in again.words] == [(w.start, w.end) for w in first.words]


def test_pruning_while_speak_renames_its_files(speech: Speech,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # the kiosk prunes at launch while `cafesach speak` may be writing into the same
    # cache: a temporary file listed and renamed before it is looked at must not make
    # the prune fail (the kiosk would then hide "Nghe" for the whole day)
    reading = speech.prepare("Xin chào bà con.")
    speech.sentence(reading, 0)
    (reading.folder / ".0001.wav.abc.tmp").symlink_to(reading.folder / "gone")
    monkeypatch.setattr(Path, "is_file", lambda self: True)  # it was there when listed
    assert prune_cache(speech.cache_dir, 0) > 0
    assert not reading.folder.exists()
    assert prune_cache(speech.cache_dir / "missing", 0) == 0


@pytest.mark.parametrize("text", ["Quán “Café sách” mở cửa.", "Quán «Café sách» mở cửa."])
def test_a_word_before_a_closing_quote_is_highlighted(speech: Speech, text: str) -> None:
    # espeak-ng gives that word's event a length of 0: it was dropped, and "Café"
    # stayed lit while "sách" was spoken
    [part] = speech.render(text)
    assert [text[w.start:w.end] for w in part.words] == \
        ["Quán", "Café", "sách", "mở", "cửa"]
