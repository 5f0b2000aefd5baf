"""The "speech" self-test: the station's voice reads a bulletin through the worker.

One check for everything the kiosk's "Nghe" button needs, in the order the
kiosk needs it: the speech worker process starts, a Vietnamese voice is
installed, the configured voice reads a bulletin aloud and is a Vietnamese
one (a foreign voice speaks, with foreign sounds), with enough audio, word
timings for read-along, and the loudness at the target. A failure
names the step that failed; a station without its voice fails here, and the
kiosk then hides "Nghe" or plays recorded audio instead.
"""

from __future__ import annotations

import wave

from ..paths import DataPaths
from ..selftest import register, scratch_dir

PROBE = "Ngày 10/8/2021, UBND xã thông báo lịch tiêm phòng. Bà con đến lúc 7h30 nhé."
#: Less audio than this for two sentences means the voice spoke nothing useful.
MIN_SECONDS = 0.3


@register("speech")
def speech_check(paths: DataPaths) -> str:
    from ..config import Config
    from ..errors import LibraryError
    from .engine import is_vietnamese_voice
    from .loudness import integrated_lufs
    from .reading import Speech, setting_problems
    from .worker import SpeechWorker

    config = Config.load(paths.config_file)
    problems = setting_problems(config)
    if problems:
        raise RuntimeError("; ".join(problems))
    with scratch_dir(paths) as folder, \
            SpeechWorker(timeout_s=config.get("speech", "timeout_s")) as worker:
        speech = Speech.from_config(folder, config, worker)
        vietnamese = [v.id.split("/")[-1] for v in worker.voices() if v.is_vietnamese()]
        if not vietnamese:
            raise RuntimeError("no Vietnamese voice is installed (espeak-ng vi data or "
                               "Microsoft An); the kiosk hides the listen button")
        try:
            parts = speech.render(PROBE)
        except LibraryError as exc:
            raise RuntimeError(f"voice {speech.voice} could not read a bulletin: {exc}") from exc
        if not is_vietnamese_voice(str(speech.voice)):
            # it spoke, with foreign sounds: a pass here would hide that
            raise RuntimeError(f"speech.voice {speech.voice!r} is not a Vietnamese voice "
                               f"(installed: {', '.join(vietnamese)})")
        pcm, rate = b"", 22050
        for part in parts:
            with wave.open(str(part.wav)) as wf:
                rate = wf.getframerate()
                pcm += wf.readframes(wf.getnframes())
        seconds = len(pcm) / 2 / rate  # 16-bit mono samples
        if seconds < MIN_SECONDS:
            raise RuntimeError(f"voice {speech.voice} produced only {seconds:.2f} s of audio")
        words = sum(len(p.words) for p in parts)
        if not words:
            raise RuntimeError(f"voice {speech.voice} gave no word timings "
                               "(read-along would not work)")
        lufs = integrated_lufs(pcm, rate)
        if abs(lufs - speech.target_lufs) > 1.5:
            raise RuntimeError(f"voice {speech.voice} came out at {lufs:.1f} LUFS, target "
                               f"{speech.target_lufs:g}")
        return (f"voice {speech.voice} ({', '.join(vietnamese)} installed): "
                f"{len(parts)} sentences, {seconds:.1f} s, {words} words timed, "
                f"{lufs:.1f} LUFS")
