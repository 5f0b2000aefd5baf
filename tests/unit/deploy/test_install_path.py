"""The technician's way back and the ways an install can go wrong, into a scratch root.

A rollback to /opt/cafesach/previous (with that version's own unit and session),
a bundle copied short, a disk too small or filling up while copying, no root:
each stops in one line, and nothing is left half-installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.admin.mounts import tmpfs
from tests.unit.test_deploy_bundle import bundle_module  # noqa: F401
from tests.unit.test_install import (  # noqa: F401
    INSTALL,
    UNIT,
    bundle_templates,
    fake_bundle,
    install,
    snapshot,
    target,
)

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("useradd") is None,
                                reason="needs root and useradd (passwd package)")


def versioned(tmp_path: Path, version: str, restart_sec: str) -> Path:
    """A bundle with its own installer and templates; its unit says `RestartSec=`."""
    bundle = bundle_templates(fake_bundle(tmp_path / version / "cafesach", version))
    unit = bundle / "deploy/systemd/cafesach-kiosk.service"
    unit.write_text(unit.read_text().replace("RestartSec=2\n", f"RestartSec={restart_sec}\n"))
    installer = bundle / "install.sh"
    installer.write_text(installer.read_text() + f"# installer of {version}\n")
    return bundle


def fails(done: subprocess.CompletedProcess[str], reason: str) -> None:
    lines = done.stderr.splitlines()
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert len(lines) == 1 and lines[0].startswith("cafesach-install: error: "), lines
    assert reason in lines[0], lines[0]


def test_rollback_goes_back_with_that_versions_unit_and_forward_again(
        target: Path, tmp_path: Path) -> None:  # noqa: F811
    install(target, "--bundle", str(versioned(tmp_path, "0.1.0", "2")))
    (target / "var/lib/cafesach/catalog.db").write_bytes(b"station data")
    install(target, "--bundle", str(versioned(tmp_path, "0.2.0", "3")))
    opt = target / "opt/cafesach"
    assert "RestartSec=3\n" in (target / UNIT).read_text()
    done = install(target, "--rollback")
    assert "rolling back to cafesach 0.1.0" in done.stdout
    assert os.readlink(opt / "current") == "0.1.0" and os.readlink(opt / "previous") == "0.2.0"
    assert "RestartSec=2\n" in (target / UNIT).read_text()  # its own unit, not the newer one
    assert (opt / "bin/install.sh").read_text().endswith("# installer of 0.1.0\n")
    assert "RestartSec=2\n" in (opt / "bin/deploy/systemd/cafesach-kiosk.service").read_text()
    assert (target / "var/lib/cafesach/catalog.db").read_bytes() == b"station data"
    install(target, "--rollback")  # and forward again
    assert os.readlink(opt / "current") == "0.2.0" and os.readlink(opt / "previous") == "0.1.0"
    assert "RestartSec=3\n" in (target / UNIT).read_text()
    # The same by hand, through the `previous` link the install moves as it goes.
    install(target, "--bundle", str(opt / "previous"))
    assert os.readlink(opt / "current") == "0.1.0"
    assert "RestartSec=2\n" in (target / UNIT).read_text()
    assert (opt / "bin/install.sh").read_text().endswith("# installer of 0.1.0\n")
    assert sorted(p.name for p in opt.iterdir()) == ["0.1.0", "0.2.0", "bin", "current",
                                                     "previous"]


def test_rollback_with_nothing_to_go_back_to_fails_in_one_line(target: Path,  # noqa: F811
                                                               tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b1", "0.1.0")
    fails(install(target, "--rollback", check=False), "nothing to roll back to")
    install(target, "--bundle", str(bundle))
    fails(install(target, "--rollback", check=False), "no /opt/cafesach/previous")
    fails(install(target, "--rollback", "--bundle", str(bundle), check=False),
          "--rollback takes no --bundle")
    install(target, "--bundle", str(fake_bundle(tmp_path / "b2", "0.2.0")))
    shutil.rmtree(target / "opt/cafesach/0.1.0")  # removed by hand since
    before = snapshot(target)
    fails(install(target, "--rollback", check=False), "names 0.1.0, which is not there any more")
    assert snapshot(target) == before


def test_a_bundle_copied_short_is_refused_before_any_change(
        target: Path, tmp_path: Path, bundle_module) -> None:  # noqa: F811
    bundle = bundle_templates(fake_bundle(tmp_path / "b" / "cafesach", "0.1.0"))
    (bundle / "_internal" / "libbig.so").write_bytes(os.urandom(200_000))
    bundle_module.write_manifest(bundle)
    assert "_internal/libbig.so" in (bundle / "SHA256SUMS").read_text()
    whole = tmp_path / "whole"
    shutil.copytree(bundle, whole, symlinks=True)
    before = snapshot(target)
    with (bundle / "_internal" / "libbig.so").open("r+b") as cut:  # a copy that stopped
        cut.truncate(65536)
    fails(install(target, "--bundle", str(bundle), check=False),
          "_internal/libbig.so is missing or damaged (1 file; copied short?)")
    (bundle / "_internal" / "libbig.so").unlink()
    fails(install(target, "--bundle", str(bundle), check=False), "is missing or damaged")
    (bundle / "SHA256SUMS").write_text("not a list of sums\n")
    fails(install(target, "--bundle", str(bundle), check=False), "SHA256SUMS is damaged")
    assert snapshot(target) == before
    install(target, "--bundle", str(whole))  # the whole copy installs
    assert (target / "opt/cafesach/0.1.0/_internal/libbig.so").stat().st_size == 200_000


def test_too_little_room_is_said_before_any_change(target: Path,  # noqa: F811
                                                   tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b", "0.1.0")
    (bundle / "_internal" / "libbig.so").write_bytes(os.urandom(3 * 2**20))
    with tmpfs(target / "opt", "2m", what="a disk too small"):
        before = snapshot(target)
        done = install(target, "--bundle", str(bundle), check=False)
        fails(done, "not enough free space in /opt: the app needs ")
        assert "MB, 2 MB are free" in done.stderr
        assert snapshot(target) == before


def test_a_disk_that_fills_up_while_copying_leaves_no_half_copy(target: Path,  # noqa: F811
                                                                tmp_path: Path) -> None:
    """Room enough by size, but the disk runs out (of inodes here) half-way through."""
    bundle = fake_bundle(tmp_path / "b", "0.1.0")
    for n in range(40):
        (bundle / "_internal" / f"part{n}").write_text(str(n))
    with tmpfs(target / "opt", "64m,nr_inodes=20", what="a disk filling up"):
        done = install(target, "--bundle", str(bundle), check=False)
        fails(done, "no space left in /opt/cafesach: the app was not changed")
        assert sorted(p.name for p in (target / "opt/cafesach").iterdir()) == []
        assert not (target / "etc/systemd/system/cafesach-kiosk.service").exists()


def test_without_root_it_stops_in_one_line(tmp_path: Path) -> None:
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux)")
    tmp_path.chmod(0o755)
    bundle = fake_bundle(tmp_path / "b", "0.1.0")
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", str(INSTALL)]
    for args in (["--bundle", str(bundle)], ["--uninstall"], ["--rollback"]):
        done = subprocess.run([*nobody, *args], capture_output=True, text=True, timeout=60,
                              env={"PATH": os.environ["PATH"]})
        fails(done, "run me as root (sudo ./install.sh)")


def test_an_install_stopped_while_copying_leaves_no_half_copy(target: Path,  # noqa: F811
                                                              tmp_path: Path) -> None:
    """Ctrl+C (or a closed SSH session) while the app is copied: no half copy stays."""
    bundle = fake_bundle(tmp_path / "b", "0.1.0")
    tools = tmp_path / "tools"
    tools.mkdir()
    # A `cp` that has copied part of the app when the install is told to stop.
    (tools / "cp").write_text(r'''#!/bin/sh
for last; do :; done
mkdir -p "$last" && echo part > "$last/part"
pid=$PPID main=""   # the install.sh farthest up: the script itself, not a subshell of it
while [ "$pid" -gt 1 ]; do
    if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'install\.sh --root'; then main=$pid; fi
    pid=$(awk '/^PPid/ {print $2}' "/proc/$pid/status")
done
[ -n "$main" ] && kill -INT "$main"
exit 1
''')
    (tools / "cp").chmod(0o755)
    env = dict(os.environ, PATH=f"{tools}:{os.environ['PATH']}")
    done = install(target, "--bundle", str(bundle), env=env, check=False)
    assert done.returncode == 1
    assert list((target / "opt/cafesach").iterdir()) == []


def test_the_same_version_rebuilt_replaces_the_app_whole(target: Path,  # noqa: F811
                                                         tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "a", "0.1.0")))
    rebuilt = fake_bundle(tmp_path / "b", "0.1.0")
    (rebuilt / "_internal" / "marker").write_text("rebuilt")
    (rebuilt / ".inputs-sha256").write_text("another build")
    done = install(target, "--bundle", str(rebuilt))
    assert "installed cafesach 0.1.0" in done.stdout
    assert (target / "opt/cafesach/0.1.0/_internal/marker").read_text() == "rebuilt"
    assert sorted(p.name for p in (target / "opt/cafesach").iterdir()) == \
        ["0.1.0", "bin", "current"]


def test_old_logs_are_looked_for_only_in_the_real_logs_folder(target: Path,  # noqa: F811
                                                              tmp_path: Path) -> None:
    """The kiosk user owns the data folder: a `logs` link it made elsewhere is not followed."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "backup.tar.gz").write_bytes(b"not ours")
    data = target / "var/lib/cafesach"
    data.mkdir(parents=True)
    (data / "logs").symlink_to(elsewhere)
    done = install(target, "--bundle", str(fake_bundle(tmp_path / "b", "0.1.0")))
    assert (elsewhere / "backup.tar.gz").read_bytes() == b"not ours"
    assert "compressed log" not in done.stdout
