"""`cafesach run` on the command line: its options and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.main import main

from .kiosk_process import kiosk_process

pytestmark = pytest.mark.ui


def test_terminal_prompt_loads_the_demo_and_searches(tmp_path: Path, capsys, monkeypatch) -> None:
    answers = iter(["dang vien", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["--data", str(tmp_path / "data"), "run", "--terminal"]) == 0
    out = capsys.readouterr()
    assert "Đã nạp thư viện mẫu: 12 mục." in out.err
    assert "Sổ tay đảng viên điện tử" in out.out


def test_a_demo_the_librarian_removed_does_not_come_back_at_the_next_start(
        tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": "")
    data = str(tmp_path / "data")
    assert main(["--data", data, "run", "--terminal"]) == 0
    assert "Đã nạp thư viện mẫu: 12 mục." in capsys.readouterr().err
    assert main(["--data", data, "list", "--all", "--json"]) == 0
    ids = [item["id"] for item in json.loads(capsys.readouterr().out)]
    assert len(ids) == 12
    for item_id in ids:
        assert main(["--data", data, "remove", item_id]) == 0
    capsys.readouterr()
    assert main(["--data", data, "run", "--terminal"]) == 0
    out = capsys.readouterr()
    assert "thư viện mẫu" not in out.err and "0 mục trong thư viện" in out.out


def test_no_display_without_tour_is_refused_in_one_line(tmp_path: Path, capsys,
                                                        monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data", str(tmp_path / "data"), "run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [err[-1]]  # the one line only: no demo loaded first
    assert err[-1].startswith("cafesach: error:") and "--tour" in err[-1]
    assert not (tmp_path / "data").exists()  # nothing written for a command that did nothing


def test_a_second_kiosk_on_the_same_data_folder_is_refused(tmp_path: Path, capsys,
                                                           monkeypatch) -> None:
    """The kiosk holds the data folder while it shows; a second one says who holds it."""
    from library.errors import InvalidInput
    from library.locks import folder_lock

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    data = tmp_path / "data"
    shown: list[str] = []

    def fake_start(station, **options) -> int:  # the screen itself is not this test's
        with pytest.raises(InvalidInput) as second, \
                folder_lock(station.paths.root, held_by="x", error=InvalidInput, message_vi="x"):
            pass
        shown.append(str(second.value))
        return 0

    monkeypatch.setattr("kiosk.run_command._start", fake_start)
    with pytest.raises(SystemExit) as ended:  # the kiosk's own exit status
        main(["--data", str(data), "run", "--windowed"])
    assert ended.value.code == 0 and len(shown) == 1  # held while the kiosk showed
    assert "cannot lock" not in shown[0]

    shown.clear()
    with folder_lock(data, held_by="x", error=InvalidInput, message_vi="x"):
        assert main(["--data", str(data), "run", "--windowed"]) == 1
    assert shown == []
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"cafesach: error: another kiosk is running on the data folder {data} "
                          "right now")
    assert err.endswith("close it first (on an installed station: sudo systemctl stop "
                        "cafesach-kiosk)")
    with folder_lock(data, held_by="x", error=InvalidInput, message_vi="x"):
        pass  # let go when the refused kiosk ended


def test_a_tour_folder_that_cannot_be_made_is_said_before_anything_starts(
        tmp_path: Path, capsys) -> None:
    (tmp_path / "stick").write_text("a file, not a folder")
    data = tmp_path / "data"
    assert main(["--data", str(data), "run", "--tour", str(tmp_path / "stick" / "tour")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"cafesach: error: Not a directory: {tmp_path / 'stick' / 'tour'}"]
    assert not data.exists()  # no demo loaded, no kiosk started for screenshots going nowhere


def test_the_terminal_prompt_ends_its_line_at_the_end_of_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import sys; from kiosk.main import main; sys.exit(main())",
         "--data", str(tmp_path / "data"), "run", "--terminal"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("tìm> \n")  # Ctrl+D: the shell's prompt starts on its own line


@pytest.mark.parametrize("size", ["big", "1920", "10x10", "1920x99999"])
def test_bad_size_is_refused(tmp_path: Path, capsys, size: str) -> None:
    assert main(["--data", str(tmp_path / "data"), "run", "--size", size, "--terminal"]) == 1
    assert "--size" in capsys.readouterr().err


def test_sigterm_ends_the_kiosk_as_the_librarian_does(tmp_path: Path) -> None:
    """`systemctl stop` and a shutdown send SIGTERM: the kiosk leaves through its own way
    out (exit status 0, usage counts written), not killed mid-way (-15)."""
    with kiosk_process(tmp_path / "data") as kiosk:
        # the home screen is up: the event loop runs
        kiosk.read_until_line("cafesach: home screen shown", "showing its home screen")
        kiosk.stop()


def test_the_running_kiosk_keeps_its_warnings_where_the_health_report_reads_them(
        tmp_path: Path) -> None:
    """On a station stderr is the journal, out of the panel's and the report's reach: the
    kiosk's warnings also go to `logs/kiosk.log`, which `recent_errors` reads, and still
    to stderr."""
    from library.paths import DataPaths
    from library.report import recent_errors

    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text('[station]\ntime_zone = "Asia/Ho_Chi_Mihn"\n',
                                      encoding="utf-8")
    said = "unknown time zone 'Asia/Ho_Chi_Mihn' in config.toml; the station keeps"
    with kiosk_process(data) as kiosk:
        # the journal still has the warning, as a bare line
        kiosk.read_until(lambda lines: any(
            line.startswith("cafesach: home screen shown") for line in lines) and any(
            line.startswith(said[:30]) for line in lines), "the home screen and the warning")
        kiosk.stop()
    errors = recent_errors(DataPaths(data))
    assert [line for line in errors if said in line and " WARNING library.config: " in line]
