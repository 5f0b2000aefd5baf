"""Stand-in engines for the speech worker, loaded in its child process by name."""

from __future__ import annotations

import math
import os
import sys
import time
from array import array

from library.speech.engine import Synthesis, VoiceInfo


class _Tone:
    """A quiet 220 Hz tone, 60 ms per character; one word event per space-separated word."""

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("tone/vi", "Tone", ("vi",))]

    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis:
        print("engine chatter on stdout")  # must never reach the parent's stdout
        sys.stdout.flush()
        rate_hz = 16000
        n = max(1, len(text)) * rate_hz * 60 // 1000
        data = array("h", [int(2000 * math.sin(2 * math.pi * 220 * i / rate_hz))
                           for i in range(n)])
        words, pos = [], 0
        for word in text.split(" "):
            if word:
                words.append((pos, len(word), pos * 60))
            pos += len(word) + 1
        return Synthesis(data.tobytes(), rate_hz, words)


class _Hanging(_Tone):
    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis:
        if "treo" in text:
            time.sleep(3600)
        return super().synthesize(text, voice=voice, rate=rate, volume=volume)


class _Crashing(_Tone):
    def synthesize(self, text: str, *, voice: str, rate: int, volume: float) -> Synthesis:
        os._exit(3)


def tone() -> _Tone:
    return _Tone()


def hanging() -> _Hanging:
    return _Hanging()


def crashing() -> _Crashing:
    return _Crashing()


def broken() -> _Tone:
    raise OSError("libespeak-ng.so.1: cannot open shared object file")


def exiting() -> _Tone:
    """Like libespeak-ng without its data: the process ends from C while starting."""
    sys.stderr.write("Error processing file 'phontab': No such file or directory.\n")
    os._exit(1)
