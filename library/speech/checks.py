"""The "speech" self-test: the configured voice reads a bulletin through the worker.

The general "voice" check proves a Vietnamese voice exists; this one proves
the whole path the kiosk uses: the configured voice is installed, the worker
process starts, sentences render with word timings, and the loudness comes
out at the target. A station without its voice fails here, and the kiosk
then hides "Nghe" or plays recorded audio instead.
"""

from __future__ import annotations

import wave

from ..paths import DataPaths
from ..selftest import register, scratch_dir

PROBE = "Ngày 10/8/2021, UBND xã thông báo lịch tiêm phòng. Bà con đến lúc 7h30 nhé."


@register("speech")
def speech_check(paths: DataPaths) -> str:
    from ..config import Config
    from .loudness import integrated_lufs
    from .reading import Speech
    from .worker import SpeechWorker

    config = Config.load(paths.config_file)
    with scratch_dir(paths) as folder, \
            SpeechWorker(timeout_s=config.get("speech", "timeout_s")) as worker:
        speech = Speech.from_config(folder, config, worker)
        vietnamese = [v.id.split("/")[-1] for v in worker.voices() if v.is_vietnamese()]
        if not vietnamese:
            raise RuntimeError("no Vietnamese voice is installed (espeak-ng vi data or "
                               "Microsoft An); the kiosk hides the listen button")
        parts = speech.render(PROBE)
        pcm, rate = b"", 22050
        for part in parts:
            with wave.open(str(part.wav)) as wf:
                rate = wf.getframerate()
                pcm += wf.readframes(wf.getnframes())
        words = sum(len(p.words) for p in parts)
        if not words:
            raise RuntimeError("the voice gave no word timings (read-along would not work)")
        lufs = integrated_lufs(pcm, rate)
        if abs(lufs - speech.target_lufs) > 1.5:
            raise RuntimeError(f"speech came out at {lufs:.1f} LUFS, target "
                               f"{speech.target_lufs:g}")
        seconds = len(pcm) / 2 / rate
        return (f"voice {speech.voice} ({', '.join(vietnamese)} installed): "
                f"{len(parts)} sentences, {seconds:.1f} s, {words} words timed, "
                f"{lufs:.1f} LUFS")
