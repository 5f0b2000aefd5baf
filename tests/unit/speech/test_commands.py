"""`cafesach speak` as a real process: clean --json, items, voices, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kiosk.main import main


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.main", "--data", str(data), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_speak_text_json_is_clean_and_wav_plausible(tmp_path: Path) -> None:
    out = tmp_path / "tin.wav"
    proc = run(tmp_path / "data", "speak", "--text", "Xin chào bà con. Hôm nay là 2/9/2025.",
               "-o", str(out), "--voice", "vi-vn-x-south", "--rate", "160", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)  # nothing the engine prints pollutes stdout
    assert result["sentences"] == 2 and result["voice"] == "vi-vn-x-south"
    assert result["rate"] == 160 and result["words"] >= 10
    with wave.open(str(out)) as wf:
        seconds = wf.getnframes() / wf.getframerate()
    assert 2.0 < seconds < 15.0
    assert result["duration_s"] == pytest.approx(seconds, abs=0.05)


def test_speak_an_item_from_the_catalog(tmp_path: Path, make_pdf, capsys) -> None:
    data = tmp_path / "data"
    pdf = make_pdf("tin.pdf", ["Thông báo của UBND xã về lịch tiêm phòng gia súc."],
                   title="Thông báo")
    assert main(["--data", str(data), "add", str(pdf), "--json"]) == 0
    item_id = json.loads(capsys.readouterr().out)[0]["id"]
    out = tmp_path / "item.wav"
    assert main(["--data", str(data), "speak", item_id, "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000
    said = capsys.readouterr().out
    assert "item.wav" in said and ", 1 sentence (voice " in said  # not "1 sentences"


def test_list_voices(tmp_path: Path) -> None:
    proc = run(tmp_path / "data", "speak", "--list-voices", "--json")
    assert proc.returncode == 0, proc.stderr
    voices = {v["id"].split("/")[-1]: v for v in json.loads(proc.stdout)}
    assert voices["vi"]["vietnamese"] and voices["vi-vn-x-central"]["vietnamese"]


@pytest.mark.parametrize(("args", "message"), [
    (["--text", "   "], "nothing to read"),
    (["--text", "🙂 ★"], "nothing to read"),
    (["--text", "chào", "--voice", "xx-khong-co"], "not installed"),
    (["no-such-item"], "no-such-item"),
])
def test_bad_input_is_one_line_and_exit_1(tmp_path: Path, capsys, args: list[str],
                                          message: str) -> None:
    code = main(["--data", str(tmp_path / "d"), "speak", *args, "-o", str(tmp_path / "o.wav")])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "o.wav").exists()


def test_usage_errors(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    assert main(["--data", data, "speak", "-o", str(tmp_path / "o.wav")]) == 2
    assert main(["--data", data, "speak", "--text", "chào"]) == 2
    assert main(["--data", data, "speak", "--text", "chào", "-o", str(tmp_path / "o.mp3")]) == 1


def test_text_from_a_file_or_stdin(tmp_path: Path, capsys) -> None:
    source = tmp_path / "tin.txt"
    source.write_text("Bản tin sáng. Bà con chú ý.", encoding="utf-8")
    out = tmp_path / "tin.wav"
    assert main(["--data", str(tmp_path / "d"), "speak", "--file", str(source), "-o", str(out),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sentences"] == 2
    proc = subprocess.run([sys.executable, "-m", "kiosk.main", "--data", str(tmp_path / "d"),
                           "speak", "--file", "-", "-o", str(out), "--force"],
                          input="Xin chào.".encode(),
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Bà con".encode("latin-1", "replace") + b"\xe0\xff")
    assert main(["--data", str(tmp_path / "d"), "speak", "--file", str(latin1), "-o",
                 str(out), "--force"]) == 1
    assert "not UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize("existing", [False, True])
def test_ctrl_c_while_reading_is_one_line_and_leaves_the_wav_as_it_was(
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, existing: bool) -> None:
    """It was click's blank line and `cafesach: aborted`, saying nothing of what was left."""
    from library.speech.reading import Speech

    out = tmp_path / "tin sáng.wav"
    if existing:
        out.write_bytes(b"RIFF the last reading")
    real = Speech.sentence

    def pressed(self, reading, index):  # Ctrl+C as the second sentence is read
        if index == 1:
            raise KeyboardInterrupt
        return real(self, reading, index)

    monkeypatch.setattr(Speech, "sentence", pressed)
    code = main(["--data", str(tmp_path / "data"), "speak", "--text",
                 "Xin chào bà con. Hôm nay có họp tổ. Mời mọi người đến đúng giờ.", "-o", str(out),
                 *(["--force"] if existing else [])])  # (an existing file: replaced only so)
    assert code == 130
    assert capsys.readouterr().err == (
        "cafesach: interrupted; nothing was changed; the sentences read so far are cached: "
        "the same command again goes on from there\n")
    assert (out.read_bytes() == b"RIFF the last reading") if existing else not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["data", *([out.name] if existing else [])])
