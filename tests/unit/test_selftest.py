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


def test_a_failure_a_check_describes_is_said_without_a_class_name(
        only_these, data_paths: DataPaths) -> None:
    from library.errors import StorageError

    def described(paths: DataPaths) -> str:
        raise RuntimeError("the worker read back ''")

    def library_error(paths: DataPaths) -> str:
        raise StorageError("cannot use the data folder /x: Permission denied")

    only_these(described=described, library_error=library_error, bad=_boom)
    results = {r.name: r.detail for r in run_checks(data_paths)}
    assert results == {"described": "the worker read back ''",
                       "library_error": "cannot use the data folder /x: Permission denied",
                       "bad": "OSError: disk on fire"}  # an unexpected one keeps its name


def test_a_data_folder_not_writable_is_said_of_the_folder_and_its_owner(
        monkeypatch, data_paths: DataPaths) -> None:
    import pwd

    data_paths.ensure()

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(data_paths.root / ".selftest-x1"))

    monkeypatch.setattr(selftest.tempfile, "NamedTemporaryFile", refused)
    [result] = run_checks(data_paths, ["data-dir"])
    assert not result.ok
    assert result.detail == f"{data_paths.root} is not writable: Permission denied"

    owner = data_paths.root.stat().st_uid
    other = next(u for u in pwd.getpwall() if u.pw_uid != owner)
    monkeypatch.setattr(selftest.os, "getuid", lambda: other.pw_uid)
    [result] = run_checks(data_paths, ["data-dir"])
    name = pwd.getpwuid(owner).pw_name
    assert result.detail.endswith(f"; it belongs to {name}, this is {other.pw_name} (run as "
                                  f"its owner: sudo{'' if owner == 0 else ' -u ' + name} "
                                  "cafesach …)")


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
    assert "unknown check: nope; known: good, bad, later" in capsys.readouterr().err
    assert main(["--data", str(tmp_path), "selftest", "--only", "nope", "--only", "nah"]) == 1
    assert "unknown checks: nah, nope; known:" in capsys.readouterr().err


def test_core_checks_pass_on_a_fresh_data_dir(data_paths: DataPaths) -> None:
    names = ["data-dir", "config", "free-disk", "catalog", "demo", "spawn", "documents", "qr",
             "speech"]
    results = run_checks(data_paths, names)
    assert [r.name for r in results] == names
    assert all(r.ok and not r.skipped for r in results), [r for r in results if not r.ok]
    assert (data_paths.root / "catalog.db").exists()
    assert not list(data_paths.cache.glob("selftest-*"))  # scratch folders cleaned up


def test_catalog_check_searches_the_stations_own_catalog(data_paths: DataPaths) -> None:
    """A test catalog searching well says nothing of the station's index: ask that too."""
    import sqlite3

    from library.catalog import Catalog, Item

    with Catalog.open(data_paths.ensure()) as catalog:
        catalog.put(Item(id="so-tay", title="Sổ tay đảng viên", kind="book"), ["Đảng viên"])
    [result] = run_checks(data_paths, ["catalog"])
    assert result.ok and result.detail.startswith("1 items; search works")

    conn = sqlite3.connect(data_paths.catalog_db)  # the page index of an early build
    conn.executescript("DROP TABLE pages_fts; CREATE VIRTUAL TABLE pages_fts USING fts5(body);")
    conn.close()
    [result] = run_checks(data_paths, ["catalog"])
    assert not result.ok
    assert result.detail == (f"1 items, but searching them fails (no such column: pairs): the "
                             f"search index in {data_paths.catalog_db} is damaged or from an "
                             "early build")


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


def test_config_check_names_settings_the_station_would_ignore(data_paths: DataPaths) -> None:
    """A misspelt key is no TOML error and the kiosk runs on the default: say so."""
    data_paths.config_file.write_text(
        '[station]\nname = "Trạm Tân Phú"\nidle_timout_s = 120\n'
        '[speech]\nvoice = "vi"\n[printer]\nmodel = "HP"\n', encoding="utf-8")
    [result] = run_checks(data_paths, ["config"])
    assert not result.ok
    assert "station.idle_timout_s, printer are not settings of this version" in result.detail
    assert "speech.voice" not in result.detail and "station.name" not in result.detail

    data_paths.config_file.write_text('[station]\nname = "Trạm Tân Phú"\n[sync]\n'
                                      'unsigned_sources = ["http://x/opds"]\n',
                                      encoding="utf-8")
    [result] = run_checks(data_paths, ["config"])
    assert result.ok, result.detail


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
