"""deploy/bundle.py: a bundle is rebuilt exactly when one of its inputs changed."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """deploy/bundle.py pointed at a small fake source tree in tmp_path."""
    spec = importlib.util.spec_from_file_location("bundle_under_test",
                                                  ROOT / "deploy" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tree = tmp_path / "src"
    for name in ("library/a.py", "kiosk/qml/Main.qml", "assets/fonts/x.ttf",
                 "build/demo/manifest.json", "build.spec", "pyproject.toml", "install.sh",
                 "docs/install.md", "deploy/systemd/cafesach-kiosk.service",
                 "deploy/cafesach-session", "deploy/pam.d/p", "deploy/udev/u",
                 "deploy/polkit/p", "deploy/environment.d/e",
                 "deploy/profile.d/p", "deploy/hotspot.sh", "LICENSE"):
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    (tree / "deploy" / "hotspot.sh").chmod(0o755)
    (tree / "pyproject.toml").write_text('[project]\nversion = "9.8.7"\n')
    (tree / "deploy" / "templates.list").write_text(  # the real list of templates
        (ROOT / "deploy" / "templates.list").read_text())
    monkeypatch.setattr(module, "ROOT", tree)
    monkeypatch.setattr(module, "ensure_demo", lambda: None)
    return module


def test_digest_follows_sources_but_not_caches(bundle_module, tmp_path: Path) -> None:
    tree = tmp_path / "src"
    first = bundle_module.inputs_digest()
    (tree / "library" / "__pycache__").mkdir()
    (tree / "library" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"cache")
    assert bundle_module.inputs_digest() == first
    (tree / "kiosk" / "qml" / "Main.qml").write_text("changed")
    second = bundle_module.inputs_digest()
    assert second != first
    (tree / "kiosk" / "qml" / "New.qml").write_text("new screen")  # a file added by anyone
    assert bundle_module.inputs_digest() != second


def test_up_to_date_bundle_is_reused_and_changed_one_rebuilt(bundle_module, tmp_path: Path,
                                                             monkeypatch) -> None:
    dist = tmp_path / "dist"
    calls = []

    def fake_pyinstaller(command, **kwargs):
        calls.append(command)
        folder = dist / "cafesach"
        (folder / "_internal").mkdir(parents=True, exist_ok=True)
        (folder / "cafesach").write_text("exe")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bundle_module.subprocess, "run", fake_pyinstaller)
    folder, built = bundle_module.build(dist, work=tmp_path / "work")
    assert built and len(calls) == 1 and "--noconfirm" in calls[0]
    assert (folder / "install.sh").is_file()  # the installer travels with the app
    assert (folder / "deploy" / "systemd" / "cafesach-kiosk.service").is_file()
    assert (folder / "docs" / "install.md").is_file()
    assert (folder / "LICENSE").read_text() == "LICENSE"  # handed on with every copy
    assert (folder / "deploy" / "templates.list").is_file()  # install.sh reads it there
    for name in bundle_module.installer_templates():
        assert (folder / "deploy" / name).exists(), name
    # docs/hotspot.md has the technician run it on the station, from the bundle
    assert os.access(folder / "deploy" / "hotspot.sh", os.X_OK)
    _, built = bundle_module.build(dist, work=tmp_path / "work")
    assert not built and len(calls) == 1
    (tmp_path / "src" / "library" / "a.py").write_text("print('changed')")
    _, built = bundle_module.build(dist, work=tmp_path / "work")
    assert built and len(calls) == 2
    _, built = bundle_module.build(dist, work=tmp_path / "work", force=True)
    assert built and len(calls) == 3


def test_tarball_holds_the_folder_with_root_owners(bundle_module, tmp_path: Path) -> None:
    folder = tmp_path / "dist" / "cafesach"
    (folder / "_internal").mkdir(parents=True)
    (folder / "cafesach").write_text("exe")
    tarball = bundle_module.make_tarball(folder)
    assert tarball.name.startswith("cafesach-9.8.7-linux-") and tarball.name.endswith(".tar.gz")
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
    assert {m.name for m in members} >= {"cafesach", "cafesach/cafesach", "cafesach/_internal"}
    assert all(m.uid == 0 and m.uname == "root" for m in members)
    assert not list(tarball.parent.glob("*.partial"))


def test_a_tarball_that_cannot_be_finished_leaves_nothing(bundle_module, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk mid-way: no `.partial` of a hundred MB is left behind on the USB stick."""
    folder = tmp_path / "dist" / "cafesach"
    (folder / "_internal").mkdir(parents=True)
    (folder / "cafesach").write_text("exe")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", disk_full)
    with pytest.raises(OSError, match="No space"):
        bundle_module.make_tarball(folder)
    assert list(folder.parent.iterdir()) == [folder]


def test_the_template_list_names_what_deploy_holds() -> None:
    """One list for the bundle and install.sh; every name in it is a real template."""
    spec = importlib.util.spec_from_file_location("bundle_list", ROOT / "deploy" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = module.installer_templates()
    assert {"cafesach-session", "systemd", "pam.d", "udev", "polkit",
            "environment.d", "profile.d", "hotspot.sh"} <= set(names)
    assert all((ROOT / "deploy" / name).exists() for name in names), names
    # The kiosk rotates its own logs (library/logfile.py): no logrotate file is bundled.
    assert "logrotate" not in names and not (ROOT / "deploy" / "logrotate").exists()
    assert "templates.list" in (ROOT / "install.sh").read_text()


def test_install_docs_name_every_package_install_sh_installs() -> None:
    """The technicians' page lists what install.sh installs, online and for `--debs`."""
    script = (ROOT / "install.sh").read_text()
    listed = re.search(r'^APT_PACKAGES="([^"]*)"', script, re.MULTILINE)
    assert listed is not None
    packages = shlex.split(listed.group(1).replace("\\\n", " "))
    assert "ffmpeg" in packages  # clips' durations and posters, WebP, bulletins
    assert "logrotate" not in packages  # the kiosk rotates its own logs
    docs = (ROOT / "docs" / "install.md").read_text()
    table = next(line for line in docs.splitlines() if line.startswith("| packages |"))
    offline = docs[docs.index("apt-get install --download-only"):]
    offline = offline[:offline.index("```")]
    for package in packages:
        assert f" {package} " in f" {table.replace('`', ' ')} ", package
        assert f" {package} " in f" {offline.replace(chr(92), ' ')} ".replace("\n", " "), package
