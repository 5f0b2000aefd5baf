"""`cafesach run` on the command line: its options and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.main import main

pytestmark = pytest.mark.ui


def test_terminal_prompt_loads_the_demo_and_searches(tmp_path: Path, capsys, monkeypatch) -> None:
    answers = iter(["dang vien", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["--data", str(tmp_path / "data"), "run", "--terminal"]) == 0
    out = capsys.readouterr()
    assert "Đã nạp thư viện mẫu: 12 mục." in out.err
    assert "Sổ tay đảng viên điện tử" in out.out


def test_no_display_without_tour_is_refused_in_one_line(tmp_path: Path, capsys,
                                                        monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data", str(tmp_path / "data"), "run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("cafesach: error:") and "--tour" in err[-1]


@pytest.mark.parametrize("size", ["big", "1920", "10x10", "1920x99999"])
def test_bad_size_is_refused(tmp_path: Path, capsys, size: str) -> None:
    assert main(["--data", str(tmp_path / "data"), "run", "--size", size, "--terminal"]) == 1
    assert "--size" in capsys.readouterr().err
