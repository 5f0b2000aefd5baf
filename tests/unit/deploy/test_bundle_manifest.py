"""deploy/bundle.py writes SHA256SUMS: every file of the bundle, as `sha256sum -c` reads it.

install.sh checks a bundle against it before installing (a copy cut short is
refused: tests/unit/deploy/test_install_path.py); here, that the list is whole
and right for a bundle built now and for one reused from an earlier build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.unit.test_deploy_bundle import bundle_module  # noqa: F401

needs_sha256sum = pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils")


@needs_sha256sum
def test_a_built_bundle_lists_every_file_and_sha256sum_agrees(
        bundle_module, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    dist = tmp_path / "dist"
    real_run = subprocess.run

    def fake_pyinstaller(command, **kwargs):
        if command[0] == "sha256sum":
            return real_run(command, **kwargs)
        folder = dist / "cafesach"
        (folder / "_internal" / "PySide6").mkdir(parents=True, exist_ok=True)
        (folder / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(b"\x7fELF" * 1000)
        (folder / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/libQt6Core.so.6")
        (folder / "cafesach").write_text("exe")
        voices = folder / "_internal" / "espeak-ng-data" / "voices" / "!v"
        voices.mkdir(parents=True, exist_ok=True)
        (voices / "Mr serious").write_text("a name with a space")
        (voices / "odd\\name").write_text("and one with a backslash")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bundle_module.subprocess, "run", fake_pyinstaller)
    folder, built = bundle_module.build(dist, work=tmp_path / "work")
    assert built
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    listed = [line.split("  ", 1)[1].replace("\\\\", "\\") for line in sums]
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "SHA256SUMS")
    assert listed == files  # every file (links too), sorted, not the list itself
    assert {"cafesach", ".inputs-sha256", "install.sh", "deploy/cafesach-session",
            "_internal/libQt6Core.so.6"} <= set(listed)
    check = real_run(["sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS"], cwd=folder,
                     capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    (folder / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(b"cut")
    check = real_run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder,
                     capture_output=True, text=True)
    assert check.returncode == 1 and "libQt6Core.so.6: FAILED" in check.stdout
    # A bundle from before the list was written gets one when it is reused, and so does
    # its tarball, made again.
    assert bundle_module.main(["--tarball", "--dist", str(dist)]) == 0
    (folder / "SHA256SUMS").unlink()
    tarball = next(dist.glob("*.tar.gz"))
    os.utime(folder / ".inputs-sha256", (1000, 1000))
    os.utime(tarball, (2000, 2000))  # made after the bundle, but before its list
    assert bundle_module.main(["--tarball", "--dist", str(dist)]) == 0
    assert (folder / "SHA256SUMS").is_file()
    with tarfile.open(tarball) as tar:
        assert "cafesach/SHA256SUMS" in tar.getnames()
