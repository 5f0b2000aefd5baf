"""The frozen bundle: built by PyInstaller (reused when sources did not change), then run.

This is what `make test` does for the technician's promise: the bundle in
`dist/cafesach/` starts, passes its own self-test in a fresh data folder
(catalog, document worker spawned from the frozen executable, QR, the
Vietnamese voice from the bundled libespeak-ng, fonts, QML, audio backend),
answers the same commands as the source install, and holds what the spec
says — and nothing of what it drops.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.main import KIOSK_COMMANDS
from library.cli import LAZY_COMMANDS
from library.migrations import MIGRATIONS
from library.selftest import checks
from tests.unit.test_migrations import old_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def bundle() -> Path:
    """`dist/cafesach`, built now only if its inputs changed since the last build."""
    done = subprocess.run([sys.executable, str(ROOT / "deploy" / "bundle.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-3000:]
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert (folder / "cafesach").is_file()
    return folder


def frozen(bundle: Path, data: Path, *args: str,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "ESPEAK", "QT_")) and k != "VIRTUAL_ENV"}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(data.parent / "runtime"),
               HOME=str(data.parent / "home"))
    (data.parent / "runtime").mkdir(mode=0o700, exist_ok=True)
    return subprocess.run([str(bundle / "cafesach"), "--data", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=data.parent)


def test_frozen_selftest_passes_in_a_fresh_data_dir(bundle: Path, tmp_path: Path) -> None:
    done = frozen(bundle, tmp_path / "data", "selftest", "--json")
    results = {r["name"]: r for r in json.loads(done.stdout)}
    failed = {name: r["detail"] for name, r in results.items() if not r["ok"]}
    assert done.returncode == 0 and not failed, failed
    # Every check the source tree has ran frozen too (kiosk ones included) and none
    # was skipped: a module missing from the bundle would show up as a skip.
    import kiosk.selftest_checks  # noqa: F401 - registers the kiosk's checks here too

    assert set(checks()) <= set(results)
    skipped = {name: r["detail"] for name, r in results.items() if r["status"] == "skip"}
    assert not skipped, skipped
    assert "frozen=True" in results["spawn"]["detail"]
    assert "worker" in results["documents"]["detail"]
    assert "main screen" in results["qml"]["detail"]


def test_frozen_selftest_fails_loudly_on_an_unusable_data_dir(bundle: Path,
                                                              tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be")  # fails even for root
    done = frozen(bundle, data, "selftest", "--only", "data-dir", "--only", "catalog")
    assert done.returncode == 1
    assert "FAIL  data-dir" in done.stdout and "FAILED: data-dir, catalog" in done.stdout
    assert f"FAIL  data-dir  cannot use the data folder {data}: it is not a folder" in \
        done.stdout  # the reason in words, no exception's name


def test_frozen_app_has_the_same_commands(bundle: Path, tmp_path: Path) -> None:
    done = frozen(bundle, tmp_path / "data", "--help")
    assert done.returncode == 0, done.stderr
    for command in {*LAZY_COMMANDS, *KIOSK_COMMANDS}:
        assert f"  {command} " in done.stdout or f"  {command}\n" in done.stdout, command
    version = frozen(bundle, tmp_path / "data", "--version")
    assert version.stdout.startswith("cafesach, version ")


def test_frozen_app_upgrades_an_older_catalog_in_place(bundle: Path, tmp_path: Path) -> None:
    """A newer bundle over an older station: its catalog migrates on the first writing
    open (the kiosk's start, or `selftest`), data kept; a reading command before that
    changes nothing and says how to upgrade."""
    data = tmp_path / "data"
    data.mkdir()
    old_database(data / "catalog.db")
    refused = frozen(bundle, data, "search", "phong chong thien tai", "--json")
    assert refused.returncode == 1 and "needs upgrading" in refused.stderr
    upgraded = frozen(bundle, data, "selftest", "--only", "data-dir", "--only", "catalog")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    found = frozen(bundle, data, "search", "phong chong thien tai", "--json")
    assert found.returncode == 0, found.stderr
    assert [hit["id"] for hit in json.loads(found.stdout)["results"]] == ["old"]
    with sqlite3.connect(data / "catalog.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_frozen_add_and_search_through_the_worker(bundle: Path, tmp_path: Path,
                                                 make_pdf) -> None:
    pdf = make_pdf("bao-lu.pdf", ["Phòng chống bão lũ", "Đảng viên gương mẫu."],
                   title="Sổ tay phòng chống bão lũ")
    data = tmp_path / "data"
    added = frozen(bundle, data, "add", str(pdf))
    assert added.returncode == 0, added.stderr
    found = frozen(bundle, data, "search", "dang vien", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["results"]
    assert hits[0]["title"] == "Sổ tay phòng chống bão lũ" and hits[0]["page"] == 2
    bad = frozen(bundle, data, "add", str(tmp_path / "missing.pdf"))
    assert bad.returncode == 1 and bad.stderr.startswith("cafesach: error:")


def test_bundle_holds_voice_demo_and_installer(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "libespeak-ng.so.1").is_file()
    for name in ("phontab", "phondata", "phonindex", "intonations", "vi_dict",
                 "lang/aav/vi"):
        assert (internal / "espeak-ng-data" / name).is_file(), name
    assert not (internal / "espeak-ng-data" / "de_dict").exists()  # only what Vietnamese needs
    manifest = json.loads((internal / "demo" / "manifest.json").read_text())
    assert len(manifest["items"]) >= 10
    assert (internal / "assets" / "fonts").is_dir()
    # Every copy handed to a station carries its licences: the app's, and the fonts' (OFL).
    assert (bundle / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()
    for fonts in (internal / "assets" / "fonts", internal / "assets" / "fonts" / "emoji"):
        assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(), fonts
    assert (bundle / "install.sh").is_file() and (bundle / "docs" / "install.md").is_file()
    assert (bundle / "deploy" / "systemd" / "cafesach-kiosk.service").is_file()
    assert os.access(bundle / "deploy" / "hotspot.sh", os.X_OK)  # docs/hotspot.md runs it


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils")
def test_the_bundle_matches_its_sha256sums(bundle: Path) -> None:
    """The real bundle's SHA256SUMS holds for every file, so install.sh takes it whole."""
    sums = (bundle / "SHA256SUMS").read_text().splitlines()
    assert len(sums) > 500
    assert any(line.endswith("  cafesach") for line in sums)
    check = subprocess.run(["sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS"],
                           cwd=bundle, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]

def test_frozen_tour_walks_the_screens(bundle: Path, tmp_path: Path) -> None:
    tour = tmp_path / "tour"
    done = frozen(bundle, tmp_path / "data", "run", "--tour", str(tour), "--size", "1366x768",
                  timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    shots = sorted(tour.rglob("*.png"))
    assert len(shots) >= 5 and all(p.stat().st_size > 10_000 for p in shots)


def test_frozen_run_refuses_in_one_line_before_touching_the_data(bundle: Path,
                                                                 tmp_path: Path) -> None:
    """What a technician sees over SSH: no display, or the service's kiosk already on
    the data folder. One line each, exit 1, and nothing loaded or written first."""
    from library.errors import InvalidInput
    from library.locks import folder_lock

    data = tmp_path / "data"
    no_screen = subprocess.run(
        [str(bundle / "cafesach"), "--data", str(data), "run"], capture_output=True,
        text=True, timeout=120, cwd=tmp_path,
        env={k: v for k, v in os.environ.items()
             if k not in ("DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("QT_")})
    assert no_screen.returncode == 1
    assert no_screen.stderr.startswith("cafesach: error: no display here")
    assert len(no_screen.stderr.splitlines()) == 1 and not data.exists()

    data.mkdir()
    with folder_lock(data, held_by="x", error=InvalidInput, message_vi="x"):
        second = frozen(bundle, data, "run", "--windowed")
    assert second.returncode == 1
    assert second.stderr.startswith("cafesach: error: another kiosk is running on the data "
                                    f"folder {data} right now"), second.stderr
    assert not (data / "catalog.db").exists()


def test_frozen_speech_loads_the_bundled_espeak_libraries(
        bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A station without the espeak-ng package has no libpcaudio or libsonic of its own."""
    monkeypatch.setenv("LD_DEBUG", "libs")  # the loader says where each library came from
    done = frozen(bundle, tmp_path / "data", "selftest", "--only", "speech")
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    internal = str(bundle.resolve() / "_internal")
    for name in ("libpcaudio.so.0", "libsonic.so.0"):
        inits = [line for line in done.stderr.splitlines()
                 if "calling init:" in line and line.rstrip().endswith(name)]
        assert inits and all(internal in line for line in inits), (name, inits)


def test_bundle_leaves_out_unused_qt(bundle: Path) -> None:
    names = [str(p.relative_to(bundle)) for p in bundle.rglob("*")]
    for dropped in ("WebEngine", "Qt3D", "Quick3D", "Designer", "QtCharts", "tkinter",
                    "libqgtk3", "Qt6Pdf"):
        assert not [n for n in names if dropped in n], dropped
    translations = [n for n in names if "/translations/" in n and n.endswith(".qm")]
    assert all(n.rsplit("_", 1)[-1] in ("vi.qm", "en.qm") for n in translations), translations
    assert [n for n in names if n.endswith("libffmpegmediaplugin.so")]
    assert [n for n in names if n.endswith("libqwayland.so")]  # cage is a Wayland compositor


def test_every_bundled_qt_library_finds_its_dependencies(bundle: Path) -> None:
    """A dropped Qt module that something kept still links to would fail only at run time."""
    qt = bundle / "_internal" / "PySide6"
    missing = []
    for path in sorted(qt.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        missing += [f"{path.name}: {line.strip()}" for line in out.splitlines()
                    if "not found" in line]
    assert not missing, missing[:10]


def test_bundle_installs_itself_and_runs_from_opt(bundle: Path, tmp_path: Path) -> None:
    """The bundle folder alone is the installer: its install.sh, templates and app."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    env = dict(os.environ, CAFESACH_NO_USER="1")
    done = subprocess.run(["sh", str(bundle / "install.sh"), "--root", str(root), "--no-apt"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    installed = root / "opt" / "cafesach" / "current"
    assert (root / "etc/systemd/system/cafesach-kiosk.service").is_file()
    assert (root / "opt/cafesach/bin/deploy/udev/90-cafesach-usb.rules").is_file()
    assert os.access(root / "opt/cafesach/bin/deploy/hotspot.sh", os.X_OK)  # docs/hotspot.md
    checked = frozen(installed, tmp_path / "data", "selftest", "--only", "demo",
                     "--only", "catalog", "--only", "spawn")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert str(installed.resolve()) in checked.stdout  # the demo is read from /opt, not dist/


def test_programs_started_by_the_frozen_app_get_the_system_libraries(bundle: Path,
                                                                     tmp_path: Path) -> None:
    """udisksctl, zbarimg, ffprobe... must not load the bundle's copies of libraries.

    The bootloader puts `_internal` on LD_LIBRARY_PATH; the runtime hook gives
    child processes the caller's value back. A fake `zbarimg` first on PATH
    (the `qr` check runs it) reports what it was given.
    """
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    seen = tmp_path / "seen.txt"
    fake = fake_bin / "zbarimg"
    fake.write_text(f'#!/bin/sh\necho "LD=${{LD_LIBRARY_PATH-unset}}" > {seen}\nexit 1\n')
    fake.chmod(0o755)
    for parent_value, expected in ((None, "LD=unset"), ("/opt/vendor/lib", "LD=/opt/vendor/lib")):
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        env.update(PATH=f"{fake_bin}:{env['PATH']}", QT_QPA_PLATFORM="offscreen")
        if parent_value:
            env["LD_LIBRARY_PATH"] = parent_value
        subprocess.run([str(bundle / "cafesach"), "--data", str(tmp_path / "data"), "selftest",
                        "--only", "qr"], capture_output=True, text=True, env=env, timeout=60)
        assert seen.read_text().strip() == expected
