"""The Windows path (pyttsx3 SAPI5), run against a stand-in pyttsx3 engine."""

from __future__ import annotations

import wave
from pathlib import Path
from types import SimpleNamespace

import pytest

from library.errors import SpeechError
from library.speech.engine import SapiEngine


class FakeSapi:
    """Like pyttsx3's Engine: properties are queued; the file appears after runAndWait."""

    def __init__(self) -> None:
        self.props: dict[str, object] = {}
        self.pending: tuple[str, str] | None = None

    def getProperty(self, name: str) -> object:
        assert name == "voices"
        return [SimpleNamespace(id="TTS_MS_EN-US_ZIRA", name="Microsoft Zira Desktop",
                                languages=[]),
                SimpleNamespace(id="MSTTS_V110_viVN_An", name="Microsoft An - Vietnamese "
                                "(Vietnam)", languages=[])]

    def setProperty(self, name: str, value: object) -> None:
        self.props[name] = value

    def save_to_file(self, text: str, path: str) -> None:
        self.pending = (text, path)

    def runAndWait(self) -> None:
        assert self.pending is not None
        with wave.open(self.pending[1], "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(16000)
            wf.writeframes(b"\x01\x00" * 16000)  # one second


@pytest.fixture
def sapi(monkeypatch: pytest.MonkeyPatch) -> tuple[SapiEngine, FakeSapi]:
    import pyttsx3

    fake = FakeSapi()
    monkeypatch.setattr(pyttsx3, "init", lambda driver=None: fake)
    return SapiEngine(), fake


def test_microsoft_an_is_found_and_used_for_vi(sapi: tuple[SapiEngine, FakeSapi]) -> None:
    engine, fake = sapi
    vietnamese = [v.name for v in engine.voices() if v.is_vietnamese()]
    assert vietnamese == ["Microsoft An - Vietnamese (Vietnam)"]
    result = engine.synthesize("Xin chào bà con", voice="vi", rate=150, volume=0.9)
    assert fake.props == {"voice": "MSTTS_V110_viVN_An", "rate": 150, "volume": 0.9}
    assert result.sample_rate == 16000 and result.duration_ms == 1000
    assert [(p, n) for p, n, _ in result.words] == [(0, 3), (4, 4), (9, 2), (12, 3)]
    assert [t for _, _, t in result.words] == sorted(t for _, _, t in result.words)


def test_no_vietnamese_voice_on_windows(sapi: tuple[SapiEngine, FakeSapi],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    engine, fake = sapi
    monkeypatch.setattr(fake, "getProperty", lambda name: [])
    with pytest.raises(SpeechError, match="not installed"):
        engine.synthesize("Xin chào", voice="vi", rate=150, volume=1.0)


def test_a_file_that_never_appears_is_an_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import library.speech.engine as engine_module

    monkeypatch.setattr(engine_module.time, "sleep", lambda s: None)
    with pytest.raises(SpeechError, match="did not write"):
        engine_module._wait_for_file(tmp_path / "never.wav", timeout_s=0.05)
