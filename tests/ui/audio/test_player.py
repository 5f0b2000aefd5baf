"""The "Nghe" player: real speech through QMediaPlayer (no sound card), read-along words."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from library.documents.api import PageWords, Word
from library.speech import Speech, SpeechWorker

pytestmark = pytest.mark.ui

TEXT = "Ngày 10/8/2021 UBND xã họp. Bà con đến đúng giờ."


def test_plays_and_highlights_each_word_in_the_original_text(qtbot, make_player, speech) -> None:
    player = make_player(speech)
    seen: list[tuple[int, int]] = []
    player.wordChanged.connect(lambda: seen.append((player.wordStart, player.wordEnd)))
    with qtbot.waitSignal(player.finished, timeout=30_000):
        player.playText("Thông báo", TEXT)
        assert player.state == "loading"  # nothing blocks: the voice works in the background
    words = [TEXT[a:b] for a, b in seen if a >= 0]
    assert "10/8/2021" in words and "UBND" in words and "Bà" in words
    starts = [a for a, _ in seen if a >= 0]
    assert starts == sorted(starts)  # the highlight only moves forward
    assert player.state == "idle" and player.wordStart == -1


def test_highlighted_html_marks_the_current_word(qtbot, make_player, speech) -> None:
    player = make_player(speech)
    player.playText("", "Chào bà con <b> & cô bác")
    qtbot.waitUntil(lambda: player.currentWord == "con", timeout=20_000)
    html = player.highlightedHtml
    assert '<span style="background-color:#ffd54f;color:#000">con</span>' in html
    assert "&lt;b&gt; &amp;" in html
    player.stop()


def test_pause_resume_speed_and_seek_across_sentences(qtbot, make_player, speech) -> None:
    player = make_player(speech)
    text = " ".join(f"Câu số {i} nói về chuyển đổi số ở nông thôn và chợ phiên." for i in range(8))
    player.playText("Dài", text)
    qtbot.waitUntil(lambda: player.state == "playing", timeout=20_000)
    player.pause()
    assert player.state == "paused" and not player.playing
    player.resume()
    assert player.playing
    player.nextSpeed()
    assert player.speed == 1.25 and player._media.playbackRate() == 1.25
    first_sentence = player._current
    player.forward()  # +10 s lands in a later sentence
    qtbot.waitUntil(lambda: player.state == "playing" and player._current > first_sentence,
                    timeout=20_000)
    assert player.positionMs >= 10_000 - 100
    player.back()
    qtbot.waitUntil(lambda: player.state == "playing", timeout=20_000)
    assert player.positionMs < 10_000
    player.stop()
    assert player.state == "idle" and player.text == ""


def test_obeys_volume_mute_and_idle_reset(qtbot, make_player, speech, volume) -> None:
    player = make_player(speech, volume)
    assert player.output_volume() == pytest.approx(0.8, abs=0.01)
    volume.step(-50)
    assert player.output_volume() == pytest.approx(0.3, abs=0.01)
    volume.toggleMute()
    assert player.output_volume() == 0.0
    volume.toggleMute()
    player.playText("", TEXT)
    qtbot.waitUntil(lambda: player.playing, timeout=20_000)
    volume.stopAll.emit()  # the idle reset
    assert player.state == "idle" and not player.active


def _page_words() -> PageWords:
    words = [Word(10 + 60 * i, 100, 60 + 60 * i, 120, t)
             for i, t in enumerate(["Đảng", "viên", "gương", "mẫu", "năm", "2021."])]
    return PageWords(page=3, width=600, height=800, words=tuple(words))


def test_page_read_aloud_boxes_the_spoken_word(qtbot, make_player, speech) -> None:
    asked: list[tuple[str, int]] = []

    def words_source(item_id: str, page: int) -> Future[PageWords]:
        asked.append((item_id, page))
        future: Future[PageWords] = Future()
        future.set_result(_page_words())
        return future

    player = make_player(speech, words_source=words_source)
    boxes: dict[str, list[dict[str, float]]] = {}
    player.wordChanged.connect(lambda: boxes.setdefault(player.currentWord, player.wordBoxes))
    with qtbot.waitSignal(player.finished, timeout=30_000):
        player.playPage("so-tay", 3)
    assert asked == [("so-tay", 3)]
    assert player.text == "Đảng viên gương mẫu năm 2021."  # the page's words, joined
    assert boxes["gương"] == [pytest.approx({"x": 130 / 600, "y": 100 / 800, "w": 50 / 600,
                                             "h": 20 / 800})]
    # "2021." is read as several words; every one of them boxes the same written word
    assert boxes["2021"][0]["x"] == pytest.approx(310 / 600)


def test_page_without_word_boxes_reads_the_catalog_text(qtbot, make_player, speech,
                                                        catalog) -> None:
    from library.catalog import Item

    catalog.put(Item(id="tai-lieu", title="Tài liệu", kind="document", page_count=1),
                ["Trang một có chữ."])
    played: list[str] = []

    class Stats:
        def audio_played(self, item_id: str) -> None:
            played.append(item_id)

    player = make_player(speech, catalog=catalog, words_source=lambda i, p: None,
                         stats=Stats())
    with qtbot.waitSignal(player.finished, timeout=30_000):
        player.playPage("tai-lieu", 1)
    assert player.state == "idle" and player.wordBoxes == []
    assert played == ["tai-lieu"]  # counted once, not per sentence


def test_a_page_a_flipped_bit_made_unreadable_is_damage_not_a_calm_message(
        make_player, speech, catalog) -> None:
    """Shown as «cannot read this» and gone on from, the damaged page was never mended:
    the error reaches the kiosk's watch for damage (the mark, the check at the restart)."""
    from library.catalog import DamagedRow, Item
    from library.catalog_check import is_damage

    catalog.put(Item(id="tai-lieu", title="Tài liệu", kind="document", page_count=1),
                ["Trang một có chữ."])
    catalog.execute("UPDATE pages SET text = CAST(x'5472616e67e1ff' AS TEXT)")
    player = make_player(speech, catalog=catalog, words_source=lambda i, p: None)
    with pytest.raises(DamagedRow) as met:
        player.playPage("tai-lieu", 1)
    assert is_damage(met.value)


def test_no_voice_is_a_calm_message(qtbot, make_player) -> None:
    player = make_player(None)
    assert not player.available
    player.playText("", "Xin chào")
    assert player.state == "error" and player.error == "Máy chưa có giọng đọc tiếng Việt."


@pytest.mark.parametrize(("text", "message"), [("   ", "Không có nội dung để đọc."),
                                               ("🙂 ★", "Không có chữ nào để đọc.")])
def test_nothing_to_read(qtbot, make_player, speech, text: str, message: str) -> None:
    player = make_player(speech)
    with qtbot.waitSignal(player.finished, timeout=10_000):
        player.playText("", text)
    assert player.state == "error" and player.error == message


def test_hung_voice_never_blocks_the_screen(qtbot, make_player, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    with SpeechWorker(engine="tests.unit.speech.engines:hanging", timeout_s=1.0) as worker:
        (tmp_path / "calibration.json").write_text('{"vi|150|1|-16": 0.0}')
        player = make_player(Speech(tmp_path, worker))
        ticks: list[int] = []
        timer = QTimer(interval=50)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        with qtbot.waitSignal(player.finished, timeout=15_000):
            player.playText("", "Máy treo rồi.")
        timer.stop()
    assert player.state == "error" and player.error == "Bộ đọc không phản hồi."
    assert len(ticks) >= 5  # the GUI thread kept running while the voice hung


def quiet_recording(path: Path, seconds: float) -> Path:
    """A recorded bulletin made at test time: a 300 Hz tone 20 dB down, as MP3."""
    import shutil
    import subprocess

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is in APT_PACKAGES")
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    f"sine=frequency=300:duration={seconds}", "-af", "volume=-20dB", str(path)],
                   check=True)
    return path


def test_recorded_bulletin_plays_normalised(qtbot, make_player, tmp_path: Path) -> None:
    mp3 = quiet_recording(tmp_path / "tin.mp3", 1.5)
    player = make_player(None, recordings_dir=tmp_path / "cache")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playRecording("Bản tin thu sẵn", str(mp3))
    assert list((tmp_path / "cache" / "recorded").glob("*.wav"))
    assert player.state == "idle"

    bad = tmp_path / "hong.mp3"
    bad.write_bytes(b"ID3 not really")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playRecording("Hỏng", str(bad))
    assert player.state == "error" and player.error == "Tệp âm thanh bị hỏng."


def test_recorded_bulletin_follows_the_stations_target_loudness(
        qtbot, make_player, speech, tmp_path: Path) -> None:
    """Spoken and recorded bulletins are brought to the same `speech.target_lufs`."""
    import wave

    from library.speech.loudness import integrated_lufs

    mp3 = quiet_recording(tmp_path / "tin.mp3", 2)
    speech.target_lufs = -26.0
    player = make_player(speech, recordings_dir=tmp_path / "cache")
    with qtbot.waitSignal(player.finished, timeout=20_000):
        player.playRecording("Bản tin thu sẵn", str(mp3))
    [made] = (tmp_path / "cache" / "recorded").glob("*.wav")
    with wave.open(str(made)) as wav:
        loudness = integrated_lufs(wav.readframes(wav.getnframes()), wav.getframerate(),
                                   wav.getnchannels())
    assert abs(loudness - -26.0) < 1.0  # not the default −16 LUFS
