"""`cafesach selftest` on a station that works but needs room: a WARN the technician
reads, exit status 0 — `install.sh` must not call a working station a broken install.

The update on a nearly full disk is a real tmpfs (root only, skipped elsewhere), as in
`test_station_disk_upgrade`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kiosk.main import main
from library import selftest
from library.paths import DataPaths
from library.selftest import CheckResult, Warned, format_results, run_checks
from library.sizes import human_size
from library.station_disk import resume_free_bytes, upgrade_room
from tests.clirun import cafesach
from tests.fulldisk import demo_station
from tests.unit.admin.mounts import tmpfs
from tests.unit.test_station_disk_upgrade import (  # noqa: F401 - upgrades: a fixture
    PREVIOUS_SCHEMA,
    previous_schema,
    schema_of,
    updated_with_3_mb_free,
    upgrades,
)


def _needs_room(paths: DataPaths) -> str:
    raise Warned("only 3 MiB free")


def test_a_warning_is_said_and_is_no_failure(capsys, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    import kiosk.selftest_checks  # noqa: F401 - registers on first import: do it before patching

    monkeypatch.setattr(selftest, "_CHECKS", {"good": lambda p: "fine", "room": _needs_room})
    results = run_checks(DataPaths(tmp_path))
    assert [r.status for r in results] == ["PASS", "WARN"] and all(r.ok for r in results)
    assert format_results(results).splitlines()[-1] == (
        "1/2 checks passed, 1 warning; the station works: read the WARN line (room)")
    assert main(["--data", str(tmp_path), "selftest"]) == 0
    assert "WARN  room  only 3 MiB free" in capsys.readouterr().out
    assert main(["--data", str(tmp_path), "selftest", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in rows] == ["pass", "warn"]
    assert CheckResult("x", True, "d", 0.0, warned=True).to_json()["status"] == "warn"


@pytest.mark.usefixtures("upgrades")
def test_selftest_after_an_update_on_a_nearly_full_disk_warns_and_exits_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """3 MB free under a 12 MB catalog of the previous schema: the station shows its
    library from a copy upgraded in memory. The self-test said FAIL twice («the disk
    holding the data folder is full», each check trying the upgrade in place), and
    `install.sh` then reported a failed install."""
    with tmpfs(tmp_path / "disk", "80m", what="a self-test on a nearly full disk") as point:
        paths, before = updated_with_3_mb_free(point)
        free = shutil.disk_usage(point).free
        need, resume = upgrade_room(paths), resume_free_bytes(paths)
        code, out, err = cafesach(capsys, "--data", str(paths.root), "selftest",
                                  "--only", "data-dir", "--only", "free-disk",
                                  "--only", "catalog", "--only", "repository")
        assert code == 0, out + err
        lines = {line.split()[1]: line for line in out.splitlines()[:-1]}
        assert lines["data-dir"].startswith("PASS") and lines["repository"].startswith("PASS")
        assert lines["free-disk"].startswith("WARN")
        catalog = lines["catalog"]
        assert catalog.startswith("WARN  catalog     ")
        assert (f"catalog upgrade needs {human_size(need, 'en')}, "
                f"{human_size(free, 'en')} free:") in catalog
        assert "shows its library" in catalog and "from a copy upgraded in memory" in catalog
        assert f"until {human_size(resume, 'en')} are free" in catalog
        assert "upgrades the catalog by itself" in catalog
        assert "disk holding the data folder is full" not in out
        assert out.splitlines()[-1] == ("2/4 checks passed, 2 warnings; the station works: "
                                        "read the WARN lines (free-disk, catalog)")
        # nothing tried in place: catalog.db whole, at its old schema, no copy beside it
        assert paths.catalog_db.read_bytes() == before
        assert schema_of(paths.catalog_db) == PREVIOUS_SCHEMA
        assert not list(paths.root.glob("catalog.db.before-schema-*"))


@pytest.fixture
def three_mib_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every disk the self-test asks about says 3 MiB free (no real disk is filled)."""
    real = shutil.disk_usage

    def disk_usage(path: str | Path) -> Any:
        usage = real(path)
        return type(usage)(usage.total, usage.total - 3 * 2**20, 3 * 2**20)

    monkeypatch.setattr(selftest.shutil, "disk_usage", disk_usage)


def test_a_new_station_on_a_nearly_full_disk_fails_the_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], three_mib_free: None) -> None:
    """A fresh install, no library yet: nothing to show and no room to take the
    province's library, so not "the station works" (exit 1, install.sh says FAILED)."""
    data = tmp_path / "data"
    with pytest.raises(SystemExit) as failed:
        main(["--data", str(data), "selftest", "--only", "free-disk"])
    assert failed.value.code == 1
    out = capsys.readouterr().out
    line = out.splitlines()[0]
    assert line.startswith("FAIL  free-disk  only 3 MiB free (need 200 for packs, updates "
                           "and the page cache): a new station has no library yet"), line
    assert out.splitlines()[-1] == "0/1 checks passed; FAILED: free-disk"
    assert not (data / "catalog.db").exists()  # asking wrote no catalog


def test_a_station_with_its_library_on_a_nearly_full_disk_only_warns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], three_mib_free: None) -> None:
    """An update of a station that holds its library: it shows it read-only, so the
    technician reads what to free, and the install is not called broken (exit 0)."""
    paths = demo_station(tmp_path / "data")
    code, out, err = cafesach(capsys, "--data", str(paths.root), "selftest",
                              "--only", "free-disk")
    assert code == 0, out + err
    assert out.splitlines()[0] == ("WARN  free-disk  only 3 MiB free (need 200 for packs, "
                                   "updates and the page cache): free some space on this disk")


@pytest.mark.usefixtures("upgrades")
def test_an_update_on_a_read_only_data_folder_is_not_told_to_free_space(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalog of the previous schema on a read-only mount, shown from its copy
    upgraded in memory: the catalog check said "catalog upgrade needs 300 KB, 60 MB
    free … free space on this disk", which cannot help there; it says the folder must be
    made writable, as the refusal does."""
    import subprocess

    with tmpfs(tmp_path / "disk", "64m", what="an update on a read-only disk") as point:
        paths = demo_station(point / "data")
        previous_schema(paths)
        proc = subprocess.run(["mount", "-o", "remount,ro", str(point)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only: {proc.stderr.strip()}")
        assert upgrade_room(paths) > 0
        code, out, err = cafesach(capsys, "--data", str(paths.root), "selftest",
                                  "--only", "catalog")
        assert code == 0, out + err
        line = out.splitlines()[0]
        assert line.startswith("WARN  catalog  the station shows its "), line
        assert "cannot be written (a read-only disk" in line
        assert "free space" not in line and "upgrade needs" not in line


def test_a_catalog_there_but_unreadable_now_is_not_taken_for_a_new_station(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], three_mib_free: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its `-wal` cannot be copied to be read on the full disk: a station with its
    library all the same, so a WARN (the `catalog` check says what it can read)."""
    from library import catalog as catalog_module
    from library.errors import CatalogError

    paths = demo_station(tmp_path / "data")

    def unreadable(path: Path) -> Any:
        raise CatalogError(f"cannot read the catalog {path}: no room for a copy")

    monkeypatch.setattr(catalog_module, "connect_read_only", unreadable)
    code, out, err = cafesach(capsys, "--data", str(paths.root), "selftest",
                              "--only", "free-disk")
    assert code == 0, out + err
    assert out.startswith("WARN  free-disk  only 3 MiB free"), out
