"""`speech.cache_mb`, read in one place for the kiosk and for `speak` (`cache_limit`)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from library.config import DEFAULTS, Config
from library.speech.reading import cache_limit

DEFAULT_BYTES = DEFAULTS["speech"]["cache_mb"] * 2**20


def _config(tmp_path: Path, line: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(f"[speech]\n{line}\n", encoding="utf-8")
    return Config.load(path)


def test_the_setting_is_given_in_bytes(tmp_path: Path) -> None:
    assert cache_limit(_config(tmp_path, "cache_mb = 2")) == 2 * 2**20
    assert cache_limit(_config(tmp_path, "cache_mb = 0")) == 0  # keep only what is playing
    assert cache_limit(Config(tmp_path / "none.toml")) == DEFAULT_BYTES


def test_a_negative_size_keeps_the_default_with_a_warning(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="library.speech.reading"):
        assert cache_limit(_config(tmp_path, "cache_mb = -1")) == DEFAULT_BYTES
    assert "speech.cache_mb = -1 is not a size" in caplog.text


def test_speak_with_a_negative_size_keeps_the_earlier_readings(tmp_path: Path) -> None:
    """The kiosk's side is tests/ui/audio/test_install.py; both ask `cache_limit`."""
    from kiosk.main import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text("[speech]\ncache_mb = -1\n", encoding="utf-8")
    for n, text in enumerate(("Xin chào bà con.", "Giá lúa hôm nay tăng nhẹ.")):
        assert main(["--data", str(data), "speak", "--text", text,
                     "-o", str(tmp_path / f"{n}.wav")]) == 0
    readings = [f for f in (data / "cache" / "speech").iterdir() if f.is_dir()]
    assert len(readings) == 2  # -1 is not "keep nothing": the default 300 MB holds both


@pytest.mark.parametrize("value", ['"300"', "1.5", "true", "nan", "-inf"])
def test_a_value_that_is_no_whole_number_is_refused_in_one_line(tmp_path: Path, value: str,
                                                                 capsys) -> None:
    """Neither the kiosk (`run`) nor `speak` starts on a guess: the file is refused at
    load with one line naming the setting, and nothing is written."""
    from kiosk.main import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text(f"[speech]\ncache_mb = {value}\n", encoding="utf-8")
    out = tmp_path / "out.wav"
    assert main(["--data", str(data), "speak", "--text", "Xin chào.", "-o", str(out)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cache_mb" in err
    assert not out.exists()
