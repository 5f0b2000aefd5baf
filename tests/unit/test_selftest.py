"""The self-test: pass/fail/skip per check, exit codes, and Qt only where it belongs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.main import main
from library import selftest
from library.config import LANGUAGES
from library.paths import DataPaths
from library.selftest import CheckResult, Skipped, format_results, run_checks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def only_these(monkeypatch: pytest.MonkeyPatch):
    """Replace the registry with the given checks for one test."""

    import kiosk.selftest_checks  # noqa: F401 - registers on first import: do it before patching

    def install(**funcs):
        monkeypatch.setattr(selftest, "_CHECKS", dict(funcs))

    return install


def _boom(paths: DataPaths) -> str:
    raise OSError("disk on fire")


def _absent(paths: DataPaths) -> str:
    return selftest.optional_module("library.no_such_feature", "the no-such feature").x


def test_results_say_pass_fail_and_skip(only_these, data_paths: DataPaths) -> None:
    only_these(good=lambda p: "fine", bad=_boom, later=_absent)
    results = {r.name: r for r in run_checks(data_paths)}
    assert results["good"].status == "PASS" and results["good"].detail == "fine"
    assert results["bad"].status == "FAIL" and results["bad"].detail == "OSError: disk on fire"
    assert results["later"].status == "SKIP" and results["later"].ok
    assert "not part of this build" in results["later"].detail
    text = format_results(list(results.values()))
    assert text.splitlines()[1].startswith("FAIL  bad")
    assert text.splitlines()[-1] == "1/3 checks passed, 1 skipped; FAILED: bad"


def test_unknown_check_name_is_an_error(only_these, data_paths: DataPaths) -> None:
    from library.errors import InvalidInput

    only_these(good=lambda p: "fine")
    with pytest.raises(InvalidInput, match="unknown check"):
        run_checks(data_paths, ["nope"])


def test_a_broken_feature_module_is_a_failing_check(monkeypatch, only_these, tmp_path: Path,
                                                   data_paths: DataPaths) -> None:
    package = tmp_path / "brokenfeature"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "checks.py").write_text("raise ImportError('libfoo.so.1 not found')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    only_these()
    monkeypatch.setattr(selftest, "CHECK_MODULES", ("library.nope.checks",
                                                    "brokenfeature.checks"))
    selftest._load_check_modules()
    assert list(selftest.checks()) == ["brokenfeature"]  # named after its package
    [result] = run_checks(data_paths)
    assert not result.ok and "libfoo.so.1 not found" in result.detail


def test_cli_exit_codes_and_json(capsys, only_these, tmp_path: Path) -> None:
    only_these(good=lambda p: "fine", bad=_boom, later=_absent)
    assert main(["--data", str(tmp_path), "selftest", "--only", "good", "--only", "later"]) == 0
    assert "station OK" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["--data", str(tmp_path), "selftest", "--json"])
    assert exited.value.code == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["status"]) for r in rows] == \
        [("good", "pass"), ("bad", "fail"), ("later", "skip")]
    assert main(["--data", str(tmp_path), "selftest", "--only", "nope"]) == 1
    assert "unknown check(s): nope" in capsys.readouterr().err


def test_core_checks_pass_on_a_fresh_data_dir(data_paths: DataPaths) -> None:
    names = ["data-dir", "config", "free-disk", "catalog", "demo", "spawn", "documents", "qr",
             "speech"]
    results = run_checks(data_paths, names)
    assert [r.name for r in results] == names
    assert all(r.ok and not r.skipped for r in results), [r for r in results if not r.ok]
    assert (data_paths.root / "catalog.db").exists()
    assert not list(data_paths.cache.glob("selftest-*"))  # scratch folders cleaned up


def test_config_check_names_a_value_the_station_would_quietly_replace(
        capsys, data_paths: DataPaths) -> None:
    data_paths.config_file.write_text('[station]\ntime_zone = "Asia/Ho_Chi_Mihn"\n',
                                      encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["--data", str(data_paths.root), "selftest", "--only", "config"])
    assert exited.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL  config") and len(out) == 2
    assert "station.time_zone 'Asia/Ho_Chi_Mihn' is not a known time zone" in out[0]
    assert "keeps Asia/Ho_Chi_Minh" in out[0]
    assert out[1].endswith("FAILED: config")

    data_paths.config_file.write_text('[station]\nlanguage = "fr"\n', encoding="utf-8")
    [result] = run_checks(data_paths, ["config"])
    assert not result.ok and "station.language 'fr' is not one of vi, en" in result.detail

    data_paths.config_file.write_text('[station]\ntime_zone = "Asia/Bangkok"\n',
                                      encoding="utf-8")
    [result] = run_checks(data_paths, ["config"])
    assert result.ok and "time zone Asia/Bangkok" in result.detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_config_check_takes_every_language_the_station_has(data_paths: DataPaths,
                                                           language: str) -> None:
    data_paths.config_file.write_text(f'[station]\nlanguage = "{language}"\n',
                                      encoding="utf-8")
    [result] = run_checks(data_paths, ["config"])
    assert result.ok and result.detail.endswith(f"language {language}")


def test_qt_loads_only_when_the_kiosk_checks_run(tmp_path: Path) -> None:
    code = (
        "import sys; from kiosk.main import main\n"
        f"data = {str(tmp_path / 'd')!r}\n"
        "assert main(['--data', data, 'selftest', '--only', 'catalog', '--json']) == 0\n"
        "from library.selftest import checks\n"
        "names = sorted(checks())\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print('NAMES', *names); print('QT', *qt)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120).stdout
    names = next(line for line in out.splitlines() if line.startswith("NAMES")).split()[1:]
    qt = next(line for line in out.splitlines() if line.startswith("QT")).split()[1:]
    assert {"fonts", "qml", "audio", "catalog", "documents", "speech", "qr"} <= set(names)
    assert "voice" not in names  # one check for the voice: "speech"
    assert qt == []


def test_core_alone_registers_no_qt_checks() -> None:
    code = ("import library.selftest as s, sys; print(sorted(s.checks()));"
            "print([m for m in sys.modules if m.startswith('PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=60).stdout.splitlines()
    assert "fonts" not in out[0] and "catalog" in out[0]
    assert out[1] == "[]"


@pytest.mark.ui
def test_kiosk_checks_pass_offscreen(qapp, data_paths: DataPaths) -> None:
    import kiosk.selftest_checks  # noqa: F401 - registers fonts, qml, audio

    results = run_checks(data_paths, ["fonts", "qml", "audio"])
    assert all(r.ok for r in results), [(r.name, r.detail) for r in results]
    assert "Đảng viên" in results[0].detail
    assert "main screen Main.qml" in results[1].detail


def test_check_result_json_shape() -> None:
    row = CheckResult("x", True, "d", 0.12345, skipped=True).to_json()
    assert row == {"name": "x", "ok": True, "status": "skip", "detail": "d", "seconds": 0.123}
    with pytest.raises(Skipped):
        selftest.optional_module("library.no_such_feature", "nothing")


@pytest.mark.ui
def test_qml_check_without_kiosk_screens_loads_a_minimal_screen(qapp, monkeypatch,
                                                                data_paths: DataPaths,
                                                                tmp_path: Path) -> None:
    import kiosk.selftest_checks as kiosk_checks

    monkeypatch.setattr(kiosk_checks, "qml_dir", lambda: tmp_path)
    monkeypatch.setattr(kiosk_checks, "_kiosk_app_module", lambda: None)
    [result] = run_checks(data_paths, ["qml"])
    assert result.ok, result.detail
    assert result.detail == "Qt Quick works (minimal screen); 0 kiosk QML files compile"
    (tmp_path / "Broken.qml").write_text("import QtQuick\nItem { width: }\n")
    [result] = run_checks(data_paths, ["qml"])
    assert not result.ok and "Broken.qml" in result.detail
