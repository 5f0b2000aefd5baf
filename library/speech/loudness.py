"""One loudness for every bulletin: EBU R 128 measurement with pyebur128.

pyebur128 wraps libebur128 (the reference C implementation) in a small
Cython module with no numpy, so it fits the kiosk bundle. Synthesised
speech is rendered sentence by sentence, and a single short sentence is a
poor loudness sample, so each voice gets one *calibrated* gain: a reference
passage is rendered once, measured, and the gain that brings it to the
target is stored in the speech cache and applied to every sentence of that
voice. Pre-recorded files (MP3/OGG/WAV from packs) are decoded with ffmpeg,
measured as a whole, and a normalised WAV copy is kept in the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from array import array
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .. import files
from ..errors import SpeechError, UndecodableAudio
from ..objects import sha256_file

if TYPE_CHECKING:
    from .worker import SpeechWorker

TARGET_LUFS = -16.0
#: Never boost a quiet recording by more than this (noise would come up with it).
MAX_GAIN_DB = 24.0
_DECODE_RATE = 48000

CALIBRATION_TEXT = (
    "Kính thưa bà con cô bác. Sáng nay, ủy ban nhân dân xã tổ chức tiêm phòng cho đàn gia súc "
    "tại nhà văn hóa thôn. Bà con mang theo sổ theo dõi và đến đúng giờ. Chương trình chuyển "
    "đổi số giúp người dân bán nông sản trên mạng, thanh toán không dùng tiền mặt và tra cứu "
    "thông tin thời tiết hằng ngày. Xin trân trọng cảm ơn."
)


def integrated_lufs(samples: bytes, sample_rate: int, channels: int = 1) -> float:
    """Integrated loudness (LUFS) of 16-bit PCM; -inf for silence."""
    import pyebur128

    data = array("h")
    data.frombytes(samples[: len(samples) - len(samples) % (2 * channels)])
    if not data:
        return float("-inf")
    state = pyebur128.R128State(channels, sample_rate, pyebur128.MeasurementMode.MODE_I)
    state.add_frames(data, len(data) // channels)
    return float(pyebur128.get_loudness_global(state))


def gain_to_target(lufs: float, target: float = TARGET_LUFS) -> float:
    if lufs == float("-inf") or lufs != lufs:  # silence or NaN: leave it alone
        return 0.0
    return max(-MAX_GAIN_DB, min(MAX_GAIN_DB, target - lufs))


#: Seconds decoding one recording may take (a long one, from a slow stick).
DECODE_TIMEOUT_S = 120.0


def _ffmpeg() -> str:
    from ..documents.media import find_tool  # the same ffmpeg the documents use, also frozen

    exe = find_tool("ffmpeg")
    if not exe:
        raise SpeechError("ffmpeg is not installed: recorded audio cannot be measured",
                          message_vi="Thiếu ffmpeg để đọc tệp âm thanh.")
    return exe


def _check_present(path: Path) -> None:
    if not path.is_file():
        raise SpeechError(f"{path}: no such audio file", message_vi="Không tìm thấy tệp âm thanh.")


def decode(path: Path) -> bytes:
    """Decode any audio file ffmpeg reads into 48 kHz mono 16-bit PCM.

    A file that is there but does not decode raises `UndecodableAudio` (the kiosk
    marks its item broken); a missing file or ffmpeg, a plain `SpeechError`. ffmpeg
    runs as every media tool does (`media.run_tool`: under their memory limit), and its
    complaint is said as theirs is (`media.tool_reason`: one line, the file named once).
    A decode out of time is the tools' `DocumentError`."""
    from ..documents.media import TOOL_THREADS, look_deadline, run_tool, tool_input, tool_reason

    _check_present(path)
    proc = run_tool([_ffmpeg(), "-v", "error", "-nostdin", *TOOL_THREADS, "-i", tool_input(path),
                     "-vn", "-ac", "1", "-ar", str(_DECODE_RATE), "-f", "s16le", "-"], path,
                    look_deadline(DECODE_TIMEOUT_S))
    if proc.returncode != 0 or len(proc.stdout) < 2 * _DECODE_RATE // 10:
        reason = tool_reason(proc, path)
        raise UndecodableAudio(f"{path.name}: not a playable audio file"
                               + (f" ({reason})" if reason else ""))
    return proc.stdout


def measure_file(path: Path) -> float:
    """Integrated loudness of a recorded file (MP3, OGG, WAV…)."""
    return integrated_lufs(decode(path), _DECODE_RATE)


def normalized_recording(path: Path, cache_dir: Path, *, target: float = TARGET_LUFS) -> Path:
    """A WAV copy of `path` at the target loudness, cached by content and target.

    A missing file is said as such before its digest is taken (not a bare OSError)."""
    _check_present(path)
    key = hashlib.sha256(f"{sha256_file(path)}|{target}".encode()).hexdigest()[:32]
    out = cache_dir / "recorded" / f"{key}.wav"
    if out.exists():
        with contextlib.suppress(OSError):
            os.utime(out)  # recently used: `reading.prune_cache` keeps it longest
        return out
    pcm = decode(path)
    gain = gain_to_target(integrated_lufs(pcm, _DECODE_RATE), target)
    from .worker import apply_gain

    with cache_write(out, what_vi="âm thanh"):
        write_wav(out, apply_gain(pcm, gain), _DECODE_RATE)
    return out


@contextlib.contextmanager
def cache_write(path: Path, *, what_vi: str) -> Iterator[None]:
    """A failed write into the cache (a full disk, a read-only folder) as one line
    naming the file (`library.files.write_error`), not a bare "No space left on device"."""
    try:
        yield
    except OSError as exc:
        raise files.write_error(path, exc, what_vi=what_vi) from exc


def atomic_file(path: Path) -> AbstractContextManager[BinaryIO]:
    """A cache file that appears only whole (`library.files.atomic_file`; a unique
    temporary name, so the kiosk's two players may render one sentence at once)."""
    return files.atomic_file(path, sync_dir=False)

def write_wav(path: Path, samples: bytes, sample_rate: int) -> None:
    """Write a mono 16-bit WAV atomically."""
    import wave

    with atomic_file(path) as raw, wave.open(raw, "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(sample_rate)
        wf.writeframes(samples)


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically."""
    with atomic_file(path) as fh:
        fh.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def voice_gain(worker: SpeechWorker, cache_dir: Path, *, voice: str, rate: int, volume: float,
               target: float = TARGET_LUFS) -> float:
    """The calibrated gain (dB) for one voice at one rate and volume, measured once."""
    store = cache_dir / "calibration.json"
    key = f"{voice}|{rate}|{volume:g}|{target:g}"
    try:
        known = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if isinstance(known, dict) and isinstance(known.get(key), int | float):
        return float(known[key])
    # The gain is split between the engine's volume and the samples (see worker.split_gain),
    # and an engine's volume is not exactly linear: measure again until it lands.
    gain = 0.0
    for _ in range(4):
        synthesis = worker.synthesize(CALIBRATION_TEXT, voice=voice, rate=rate, volume=volume,
                                      gain_db=gain)
        miss = gain_to_target(integrated_lufs(synthesis.samples, synthesis.sample_rate), target)
        if miss == 0.0 and gain == 0.0:  # silence: nothing to calibrate
            break
        gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain + miss))
        if abs(miss) < 0.2:
            break
    known = known if isinstance(known, dict) else {}
    known[key] = round(gain, 3)
    with contextlib.suppress(OSError):  # a full or read-only cache: measured again next
        write_json(store, known)         # time, and spoken now all the same
    return gain
