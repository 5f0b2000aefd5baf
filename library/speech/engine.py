"""The voice: pyttsx3 as the engine interface, espeak-ng's events for word timing.

pyttsx3 2.x picks the voice and sets rate and volume on every platform, but
its word callbacks carry text positions only, never *when* in the audio a
word starts, and its `save_to_file` returns before the file is written and
prints to stdout. So on Linux (and wherever libespeak-ng is found) we keep
pyttsx3's espeak driver for voices and properties, and synthesise through
the same ctypes binding it ships (`pyttsx3.drivers._espeak`) in espeak's
*synchronous* mode with our own synth callback: `espeak_Synth` returns only
when every sample and every WORD event (with its `audio_position` in ms) has
been handed to us, so there is no polling, no temp file and nothing printed.
On Windows the SAPI5 driver renders to a file; word times are then spread
over the audio by their share of the characters (SAPI gives no audio offsets
through pyttsx3).

Everything here runs inside the speech worker process (see `worker.py`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import SpeechError


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]

    def is_vietnamese(self) -> bool:
        return any(lang.lower().startswith("vi") for lang in self.languages) or \
            self.id.lower().split("/")[-1].startswith("vi")

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "languages": list(self.languages),
                "vietnamese": self.is_vietnamese()}


def is_vietnamese_voice(voice: str) -> bool:
    """Whether `speech.voice` names a Vietnamese voice: espeak-ng's ``vi``,
    ``vi-vn-x-central``, ``vi-vn-x-south`` (also as ``roa/vi``), or Windows'
    «Microsoft An - Vietnamese (Vietnam)».

    Any other voice (``en-us``) still speaks, but reads Vietnamese bulletins
    with foreign sounds: the station must say so, not «Có».
    """
    name = voice.strip().lower()
    last = name.replace("\\", "/").split("/")[-1]
    return (re.fullmatch(r"vi([-_].*)?", last) is not None or "vietnam" in name
            or re.search(r"\bmicrosoft an\b|(^|[^a-z])vi-?vn", name) is not None)


@dataclass
class Synthesis:
    """Raw audio of one sentence and where each spoken word starts in it.

    `words` holds (text_start, text_length, audio_ms) in the *spoken* text
    (0-based character offsets), in the order the voice said them.
    """

    samples: bytes  # 16-bit signed mono, native byte order
    sample_rate: int
    words: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def duration_ms(self) -> int:
        return int(len(self.samples) / 2 * 1000 / self.sample_rate) if self.sample_rate else 0


class Engine(Protocol):
    """What the worker needs from a voice; `max_volume` (default 1.0) is read if present."""

    def voices(self) -> list[VoiceInfo]: ...

    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis: ...


#: What the bundle's libespeak-ng needs beside the system's libraries (libpulse0
#: and libasound2 are installed on every station by install.sh).
BUNDLED_SPEECH_LIBRARIES = ("libpcaudio.so.0", "libsonic.so.0")


def load_bundled_speech_libraries() -> None:
    """In the frozen app on Linux, load libespeak-ng's own dependencies from the bundle.

    pyttsx3 loads libespeak-ng by name, and PyInstaller finds the bundle's
    copy; but the loader then looks for that library's dependencies only in
    the system's folders, where a station without the espeak-ng package has
    none. Loaded first by their full path, they are found by name.
    """
    from ..paths import bundle_root, is_frozen

    if not (is_frozen() and sys.platform.startswith("linux")):
        return
    for name in BUNDLED_SPEECH_LIBRARIES:
        path = bundle_root() / name
        if path.is_file():
            with contextlib.suppress(OSError):  # then the system's copy is tried, as before
                ctypes.CDLL(str(path))


class EspeakEngine:
    """espeak-ng through pyttsx3's driver and binding (see the module docstring)."""

    #: espeak's amplitude goes to 200 (%), so a quiet voice is raised inside the synthesiser.
    max_volume = 2.0

    def __init__(self) -> None:
        load_bundled_speech_libraries()
        try:
            from pyttsx3.drivers import _espeak
            from pyttsx3.drivers.espeak import EspeakDriver
        except (OSError, RuntimeError) as exc:
            raise SpeechError(f"libespeak-ng not found: {exc}",
                              message_vi="Không tìm thấy bộ đọc tiếng Việt.") from exc
        self._espeak = _espeak
        self.sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 200, None, 0)
        if self.sample_rate <= 0:
            raise SpeechError("espeak-ng failed to initialise (is its data folder present?)")
        # pyttsx3's espeak driver sets properties through static methods that act at once
        # (a pyttsx3 `Engine` would queue them until runAndWait, which we never call).
        EspeakDriver._moduleInitialized = True
        self._driver = EspeakDriver
        self._samples: list[bytes] = []
        self._events: list[tuple[int, int, int]] = []
        self._callback = _espeak.t_espeak_callback(self._on_synth)
        self._names: set[str] | None = None

    def voices(self) -> list[VoiceInfo]:
        found = []
        for v in self._driver.getProperty("voices"):
            langs = tuple(str(x) for x in (v.languages or []))
            found.append(VoiceInfo(v.id, v.name or v.id, langs))
        return found

    def _on_synth(self, wav: Any, count: int, events: Any) -> int:
        if count > 0:
            self._samples.append(ctypes.string_at(wav, count * 2))
        i = 0
        while events[i].type != self._espeak.EVENT_LIST_TERMINATED:
            event = events[i]
            # After some texts espeak-ng adds a WORD event at position 0 with length 0
            # at the very end: it names no word, so it is dropped. A word before a
            # closing ” or » comes with length 0 too, at its true place: it is measured
            # in `synthesize`.
            if event.type == self._espeak.EVENT_WORD and event.text_position > 0:
                self._events.append((event.text_position - 1, event.length, event.audio_position))
            i += 1
        return 0

    def _known(self, voice: str) -> bool:
        if self._names is None:
            self._names = set()
            for v in self.voices():
                self._names |= {v.id.lower(), v.id.lower().split("/")[-1], v.name.lower(),
                                *(lang.lower() for lang in v.languages)}
        return voice.lower() in self._names

    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis:
        if not self._known(voice):
            raise SpeechError(f"voice {voice!r} is not installed",
                              message_vi="Thiếu giọng đọc tiếng Việt.")
        try:
            self._driver.setProperty("voice", voice)
        except ValueError as exc:
            raise SpeechError(f"voice {voice!r} is not installed",
                              message_vi="Thiếu giọng đọc tiếng Việt.") from exc
        self._driver.setProperty("rate", int(rate))
        self._driver.setProperty("volume", float(volume))
        self._samples, self._events = [], []
        self._espeak.cSetSynthCallback(self._callback)
        flags = self._espeak.ENDPAUSE | self._espeak.CHARS_UTF8
        status = self._espeak.Synth(text.encode("utf-8"), flags=flags)
        if status != self._espeak.EE_OK:
            raise SpeechError(f"espeak-ng could not synthesise (status {status})")
        return Synthesis(b"".join(self._samples), self.sample_rate,
                         [(pos, length or _word_length(text, pos), ms)
                          for pos, length, ms in self._events])


class SapiEngine:
    """Windows SAPI5 through pyttsx3 (including "Microsoft An" once registered)."""

    max_volume = 1.0

    def __init__(self) -> None:
        import pyttsx3

        self._engine = pyttsx3.init("sapi5")

    def voices(self) -> list[VoiceInfo]:
        out = []
        for v in self._engine.getProperty("voices"):
            langs = tuple(str(x) for x in (v.languages or []))
            name = v.name or v.id
            # "Microsoft An - Vietnamese (Vietnam)"; SAPI reports languages as LCIDs, if at all
            if "vietnam" in name.lower() or re.search(r"\bmicrosoft an\b", name.lower()):
                langs = (*langs, "vi")
            out.append(VoiceInfo(v.id, name, langs))
        return out

    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis:
        match = [v for v in self.voices() if voice in (v.id, v.name) or
                 (voice.startswith("vi") and v.is_vietnamese())]
        if not match:
            raise SpeechError(f"voice {voice!r} is not installed",
                              message_vi="Thiếu giọng đọc tiếng Việt.")
        self._engine.setProperty("voice", match[0].id)
        self._engine.setProperty("rate", int(rate))
        self._engine.setProperty("volume", float(volume))
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "s.wav"
            self._engine.save_to_file(text, str(out))
            self._engine.runAndWait()
            _wait_for_file(out)  # runAndWait may return before the file is complete
            with wave.open(str(out)) as wf:
                rate_hz, frames = wf.getframerate(), wf.readframes(wf.getnframes())
        return Synthesis(frames, rate_hz, _spread_words(text, len(frames) // 2 * 1000 // rate_hz))


def _word_length(text: str, pos: int) -> int:
    """Length of the word at `pos` (letters and digits, else anything up to a space)."""
    match = re.compile(r"\w+|\S+").match(text, pos)
    return len(match.group()) if match else 1


def _wait_for_file(path: Path, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 44 and size == last:
            return
        last = size
        time.sleep(0.05)
    raise SpeechError("the voice did not write its audio file")


def _spread_words(text: str, duration_ms: int) -> list[tuple[int, int, int]]:
    """Word start times by character share, for engines without audio offsets."""
    words = [(m.start(), len(m.group())) for m in re.finditer(r"\w+", text)]
    total = sum(n for _, n in words) or 1
    out, acc = [], 0
    for start, n in words:
        out.append((start, n, duration_ms * acc // total))
        acc += n
    return out


def default_engine() -> Engine:
    """espeak-ng where its library loads (Linux, or Windows with eSpeak NG), else SAPI5."""
    if sys.platform == "win32" and not os.environ.get("CAFESACH_ESPEAK"):
        return SapiEngine()
    return EspeakEngine()
