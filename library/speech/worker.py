"""The speech worker: the voice runs in its own process, behind a timeout.

A native TTS engine can hang or crash on odd input, and the kiosk's screen
must never wait on it. One long-lived child process (spawned, so it is safe
beside Qt's threads) owns the engine; the parent sends one sentence at a
time over a pipe and waits at most `timeout_s`. On a hang the child is
killed, the caller gets a `SpeechError`, and the next request starts a
fresh child. The child points its stdout at /dev/null at the descriptor
level, so nothing the engine prints can leak into `--json` output.

The loudness gain travels with each request and is applied here, in the
child: first through the engine's own volume (see `split_gain`), the rest
on the samples, so the kiosk's process never loops over audio.

The engine is named as "module:callable" so tests can inject a hanging or
failing one without touching the real voice.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from ..children import end_child, spawn_child
from ..errors import SpeechError
from .engine import Synthesis, VoiceInfo

DEFAULT_ENGINE = "library.speech.engine:default_engine"
#: The shortest wait for one sentence, whatever `speech.timeout_s` says.
MIN_TIMEOUT_S = 1.0
_MAX_INT16 = 32767
_gain_tables: dict[float, list[int]] = {}


def apply_gain(samples: bytes, gain_db: float) -> bytes:
    """Scale 16-bit samples by `gain_db`, clipping at full scale.

    Pure Python without numpy: a 65,536-entry lookup table per gain (built once)
    and `map` over the samples keeps it near 0.2 µs a sample.
    """
    if abs(gain_db) < 0.01 or not samples:
        return samples
    from array import array

    key = round(gain_db, 2)
    table = _gain_tables.get(key)
    if table is None:
        factor = 10 ** (key / 20)
        top, bottom = _MAX_INT16, -_MAX_INT16 - 1
        table = [min(top, max(bottom, round((u - 65536 if u > _MAX_INT16 else u) * factor)))
                 for u in range(65536)]
        if len(_gain_tables) > 8:
            _gain_tables.clear()
        _gain_tables[key] = table
    unsigned = array("H")
    unsigned.frombytes(samples[: len(samples) - len(samples) % 2])
    return array("h", map(table.__getitem__, unsigned)).tobytes()


def split_gain(volume: float, gain_db: float, max_volume: float) -> tuple[float, float]:
    """How much of the gain the engine's own volume can give; the rest is done on samples.

    Raising espeak's amplitude costs nothing and never clips; only what is beyond
    the engine's maximum is applied to the samples afterwards.
    """
    wanted = max(0.0, volume) * 10 ** (gain_db / 20)
    engine_volume = min(wanted, max_volume)
    if engine_volume <= 0:
        return 0.0, 0.0
    return engine_volume, 20 * math.log10(wanted / engine_volume)


def _load(spec: str) -> Any:
    module, attr = spec.split(":")
    return getattr(importlib.import_module(module), attr)()


def _serve(conn: Connection, engine_spec: str) -> None:
    """Child process main loop: one request in, one answer out."""
    # Ctrl-C at the terminal reaches the whole process group: the parent decides what
    # stops (it closes the pipe or kills us), and no traceback comes from in here
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        engine = _load(engine_spec)
    except Exception as exc:  # report any start-up failure to the parent, then stop
        conn.send(("err", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ok", "ready"))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        op, args = request[0], request[1:]
        try:
            if op == "voices":
                result: Any = engine.voices()
            elif op == "synth":
                text, voice, rate, volume, gain_db = args
                engine_volume, rest_db = split_gain(volume, gain_db,
                                                    getattr(engine, "max_volume", 1.0))
                synthesis = engine.synthesize(text, voice=voice, rate=rate,
                                              volume=engine_volume)
                synthesis.samples = apply_gain(synthesis.samples, rest_db)
                result = synthesis
            elif op == "stop":
                return
            else:
                raise ValueError(f"unknown request {op!r}")
            conn.send(("ok", result))
        except Exception as exc:  # the parent turns it into a SpeechError
            message_vi = getattr(exc, "message_vi", None)
            conn.send(("err", f"{exc}", message_vi))


class SpeechWorker:
    """A handle on the speech process; thread-safe, restarts after a hang or crash."""

    def __init__(self, *, engine: str = DEFAULT_ENGINE, timeout_s: float = 20.0,
                 start_timeout_s: float = 20.0) -> None:
        self.engine = engine
        # a timeout of 0 (a mistyped setting) would fail every sentence: the voice
        # needs a moment even for the shortest one
        self.timeout_s = max(float(timeout_s), MIN_TIMEOUT_S)
        self.start_timeout_s = start_timeout_s
        self._proc: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    # -- lifecycle --------------------------------------------------------------
    def start(self) -> SpeechWorker:
        """Start the process now (the kiosk does this at launch, so the first
        "Nghe" does not pay for it)."""
        with self._lock:
            self._ensure()
        return self

    def _ensure(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        self._proc, parent = spawn_child(_serve, (self.engine,), name="cafesach-speech")
        self._conn = parent
        # a voice library that cannot find its data ends the process from C, with only
        # its own line on stderr: say what most likely is missing
        status = self._receive(self.start_timeout_s, "start", stopped=SpeechError(
            "speech engine stopped while starting: espeak-ng or its voice data "
            "(espeak-ng-data) is missing or broken", message_vi="Không khởi động được bộ đọc."))
        if status[0] != "ok":
            self._kill()
            raise SpeechError(f"speech engine failed to start: {status[1]}",
                              message_vi="Không khởi động được bộ đọc.")
        return parent

    def _kill(self, grace_s: float = 0) -> None:
        process, conn = self._proc, self._conn
        self._proc = self._conn = None
        end_child(process, conn, grace_s)

    def close(self) -> None:
        with self._lock:
            grace_s = 0.0
            if self._conn is not None and self._proc is not None and self._proc.is_alive():
                with contextlib.suppress(OSError):
                    self._conn.send(("stop",))
                    grace_s = 2.0
            self._kill(grace_s)

    def __enter__(self) -> SpeechWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    # -- requests ---------------------------------------------------------------
    def _receive(self, timeout_s: float, what: str, *,
                 stopped: SpeechError | None = None) -> tuple[Any, ...]:
        """The child's answer; `stopped` is raised if it ended meanwhile."""
        assert self._conn is not None
        try:
            ready = self._conn.poll(timeout_s)
            if ready:
                return self._conn.recv()
        except (EOFError, OSError):
            self._kill()
            raise stopped or SpeechError(f"speech engine stopped during {what}",
                                         message_vi="Bộ đọc bị dừng đột ngột.") from None
        self._kill()
        raise SpeechError(f"speech engine did not answer within {timeout_s:g} s ({what})",
                          message_vi="Bộ đọc không phản hồi.")

    def _call(self, *request: Any) -> Any:
        with self._lock:
            conn = self._ensure()
            try:
                conn.send(request)
            except (OSError, BrokenPipeError):
                self._kill()
                raise SpeechError("speech engine is gone") from None
            answer = self._receive(self.timeout_s, request[0])
        if answer[0] == "ok":
            return answer[1]
        raise SpeechError(answer[1], message_vi=answer[2] if len(answer) > 2 and answer[2]
                          else "Không đọc được văn bản thành tiếng.")

    def voices(self) -> list[VoiceInfo]:
        return self._call("voices")

    def synthesize(self, text: str, *, voice: str, rate: int, volume: float,
                   gain_db: float = 0.0) -> Synthesis:
        return self._call("synth", text, voice, int(rate), float(volume), float(gain_db))
