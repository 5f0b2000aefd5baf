"""`cafesach check` on a clip or a recording: what a technician checking one wants to know
(kind, length, a video's picture size, whether its card gets a poster frame), not the
"0 pages, text layer: no" a document's line said of it; a file that cannot be played
exits 1 with one line, as a document that cannot be opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.documents import media
from tests.clirun import cafesach
from tests.province_files import ffmpeg, recording_with_art


def _video(folder: Path) -> Path:
    clip = folder / "phong-su.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=1", "-t", "75",
           "-pix_fmt", "yuv420p", str(clip))
    return clip


def _recording(folder: Path) -> Path:
    sound = folder / "ban-tin.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", str(sound))
    return sound


def test_a_video_is_reported_by_length_size_and_poster(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    clip = _video(tmp_path)
    data = str(tmp_path / "data")
    code, out, err = cafesach(capsys, "--data", data, "check", str(clip))
    assert code == 0, err
    assert out == f"{clip}: video/mp4, video, 1:15, 320×240, poster frame: yes\n"
    code, out, err = cafesach(capsys, "--data", data, "check", str(clip), "--json")
    report = json.loads(out)
    assert code == 0, err
    assert report["kind"] == "video" and report["duration_s"] == pytest.approx(75, abs=0.5)
    assert (report["width"], report["height"], report["poster"]) == (320, 240, True)
    assert report["ok"] and report["problems"] == []


def test_a_recording_is_reported_by_length(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    sound = _recording(tmp_path)
    data = str(tmp_path / "data")
    code, out, err = cafesach(capsys, "--data", data, "check", str(sound))
    assert code == 0, err
    assert out == f"{sound}: audio/mpeg, audio, 0:03\n"  # no pages, no picture
    report = json.loads(cafesach(capsys, "--data", data, "check", str(sound), "--json")[1])
    assert report["kind"] == "audio" and report["duration_s"] == pytest.approx(3, abs=0.2)
    assert report["width"] is None and not report["poster"]


def test_a_recording_with_its_picture_says_so(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """The picture an MP3 carries is its card's cover, not a picture that plays: no size,
    and the line says the cover is there."""
    sound = recording_with_art(tmp_path, "bai-hat.mp3", "-c:a", "libmp3lame")
    data = str(tmp_path / "data")
    code, out, err = cafesach(capsys, "--data", data, "check", str(sound))
    assert code == 0, err
    assert out == f"{sound}: audio/mpeg, audio, 0:03, cover picture: yes\n"
    report = json.loads(cafesach(capsys, "--data", data, "check", str(sound), "--json")[1])
    assert report["width"] is None and report["poster"]


def test_a_clip_with_a_cover_picture_is_sized_by_the_picture_that_plays(
        tmp_path: Path) -> None:
    """An MP4 tagged with a cover (300×300) beside its 320×240 picture: the size is the
    clip's, whichever stream ffprobe lists last, and the poster a frame of the clip."""
    clip = _video(tmp_path)
    art = tmp_path / "bia.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:size=300x300", "-frames:v", "1", str(art))
    tagged = tmp_path / "phong-su-co-bia.mp4"
    ffmpeg("-i", str(clip), "-i", str(art), "-map", "0", "-map", "1", "-c", "copy",
           "-disposition:v:1", "attached_pic", str(tagged))
    found = media.probe(tagged)
    assert (found.width, found.height) == (320, 240) and found.poster_png


def test_an_added_clip_is_checked_by_its_id(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    clip = _video(tmp_path)
    data = str(tmp_path / "data")
    code, out, err = cafesach(capsys, "--data", data, "add", str(clip), "--title", "Phóng sự",
                              "--json")
    assert code == 0, err
    item_id = json.loads(out)[0]["id"]
    code, out, err = cafesach(capsys, "--data", data, "check", item_id)
    assert code == 0, err
    assert out == f"{item_id} «Phóng sự»: video/mp4, video, 1:15, 320×240, poster frame: yes\n"


@pytest.mark.parametrize("as_json", [False, True])
def test_a_clip_that_cannot_be_played_exits_with_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, as_json: bool) -> None:
    good = _video(tmp_path)  # its first bytes, then nothing a player can read
    cut = tmp_path / "hong.mp4"
    cut.write_bytes(good.read_bytes()[:600])
    code, out, err = cafesach(capsys, "--data", str(tmp_path / "data"), "check", str(cut),
                              *(["--json"] if as_json else []))
    assert code == 1 and out == ""
    assert err.startswith("cafesach: error: hong.mp4: ") and err.count("\n") == 1


def test_without_ffprobe_the_check_says_what_it_cannot_tell(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    clip = _video(tmp_path)
    monkeypatch.setattr(media, "find_tool", lambda name: None)
    code, out, err = cafesach(capsys, "--data", str(tmp_path / "data"), "check", str(clip))
    assert code == 0, err
    assert out.splitlines() == [
        f"{clip}: video/mp4, video, poster frame: no",
        "  problem: ffprobe is not installed: length and playability unknown, and no poster "
        "frame (apt install ffmpeg)"]
