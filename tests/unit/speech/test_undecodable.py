"""A damaged recording is its own error (the kiosk flags the item); a missing one is not."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from library.errors import SpeechError, UndecodableAudio
from library.speech.loudness import decode, normalized_recording

pytestmark = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is in APT_PACKAGES")


def damaged(tmp_path: Path, how: str) -> Path:
    """A real recording made by ffmpeg, then damaged as files are: cut short after its
    header, or its frames overwritten (a fixed seed: the same bytes every run)."""
    suffix = ".wav" if how == "wav-cut" else ".mp3"
    good = tmp_path / f"good{suffix}"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=2", str(good)], check=True)
    data = good.read_bytes()
    noise = random.Random(23).randbytes(len(data))
    out = tmp_path / f"tin-{how}{suffix}"
    if how == "wav-cut":
        out.write_bytes(data[:60])  # the header and a few samples: a copy that stopped
    elif how == "mp3-overwritten":
        out.write_bytes(data[:200] + noise[200:])
    else:  # random bytes from the first one
        out.write_bytes(noise)
    return out


@pytest.mark.parametrize("how", ["wav-cut", "mp3-overwritten", "mp3-noise"])
def test_a_damaged_recording_is_undecodable(tmp_path: Path, how: str) -> None:
    bad = damaged(tmp_path, how)
    with pytest.raises(UndecodableAudio, match="not a playable audio file") as info:
        normalized_recording(bad, tmp_path / "cache")
    assert isinstance(info.value, SpeechError)  # callers catching SpeechError still do
    assert info.value.message_vi == "Tệp âm thanh bị hỏng."  # the visitor's line as before


def test_a_missing_recording_is_not_called_damaged(tmp_path: Path) -> None:
    """Not on disk is the station's loss (a pack reload brings it back), not a bad file:
    a plain `SpeechError`, so nothing flags the item."""
    for read in (decode, lambda path: normalized_recording(path, tmp_path / "cache")):
        with pytest.raises(SpeechError, match="no such audio file") as info:
            read(tmp_path / "none.mp3")
        assert not isinstance(info.value, UndecodableAudio)
        assert info.value.message_vi == "Không tìm thấy tệp âm thanh."
