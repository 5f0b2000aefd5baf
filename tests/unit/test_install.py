"""install.sh into a temporary root: files, user, idempotence, updates, uninstall.

What cannot be tested here (no systemd as PID 1, no tty1, no cage): that the
station really boots into the kiosk and comes back after a crash, and that a run
from the tty1 console leaves starting the kiosk to the reboot. The unit
file is checked with `systemd-analyze verify`, the rest is documented in
docs/install.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

# useradd --prefix writes the target root's /etc/passwd and /etc/shadow: root only.
pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("useradd") is None,
                                reason="needs root and useradd (passwd package)")

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "install.sh"
UNIT = "etc/systemd/system/cafesach-kiosk.service"
SYSTEM_FILES = (
    UNIT,
    "etc/pam.d/cafesach-kiosk",
    "etc/udev/rules.d/90-cafesach-usb.rules",
    "etc/polkit-1/rules.d/50-cafesach-udisks.rules",
    "etc/environment.d/90-cafesach.conf",
    "etc/profile.d/cafesach.sh",
)


def fake_bundle(folder: Path, version: str) -> Path:
    """A bundle-shaped folder whose `cafesach` reports `version` (no PyInstaller needed)."""
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "marker").write_text(version)
    exe = folder / "cafesach"
    exe.write_text(f'#!/bin/sh\necho "cafesach, version {version}"\n')
    exe.chmod(0o755)
    (folder / ".inputs-sha256").write_text(hashlib.sha256(version.encode()).hexdigest())
    return folder


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """An empty system root with just enough /etc for useradd --prefix."""
    root = tmp_path / "root"
    etc = root / "etc"
    etc.mkdir(parents=True)
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (etc / "group").write_text("root:x:0:\nvideo:x:44:\naudio:x:29:\ninput:x:101:\n")
    (etc / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (etc / "gshadow").write_text("root:*::\nvideo:*::\naudio:*::\ninput:*::\n")
    for name in ("shadow", "gshadow"):
        (etc / name).chmod(0o640)
    return root


def install(root: Path, *args: str, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["sh", str(INSTALL), "--root", str(root), "--no-apt", *args],
                          capture_output=True, text=True, env=env or dict(os.environ),
                          timeout=60)
    if check and done.returncode != 0:
        raise AssertionError(f"install.sh failed: {done.stdout}\n{done.stderr}")
    return done


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` with its content hash, link target or 'dir', and mode."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            state[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            state[rel] = "dir"
        else:
            mode = stat.S_IMODE(path.stat().st_mode)
            state[rel] = f"{mode:o} " + hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def test_install_twice_is_idempotent(target: Path, tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b1", "0.1.0")
    first = install(target, "--bundle", str(bundle))
    assert "created user cafesach" in first.stdout
    after_first = snapshot(target)
    second = install(target, "--bundle", str(bundle))
    assert snapshot(target) == after_first
    assert "wrote" not in second.stdout and "installed" not in second.stdout
    assert "created user" not in second.stdout


def test_install_lays_out_the_station(target: Path, tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    assert os.readlink(target / "opt/cafesach/current") == "0.1.0"
    assert (target / "opt/cafesach/0.1.0/cafesach").is_file()
    command = target / "usr/local/bin/cafesach"
    assert not command.is_symlink() and stat.S_IMODE(command.stat().st_mode) == 0o755
    assert "exec /opt/cafesach/current/cafesach \"$@\"" in command.read_text()
    for name in SYSTEM_FILES:
        text = (target / name).read_text()
        assert "@" not in text.replace("@tty1", ""), name  # every placeholder filled in
    unit = (target / UNIT).read_text()
    assert "Restart=always" in unit
    restart_sec = next(line for line in unit.splitlines() if line.startswith("RestartSec="))
    assert 0 < float(restart_sec.split("=")[1]) <= 5
    assert "User=cafesach" in unit and "ExecStart=/opt/cafesach/bin/cafesach-session" in unit
    session = (target / "opt/cafesach/bin/cafesach-session").read_text()
    assert "cage -d -- " in session and " -s " not in session  # no VT switching
    assert os.access(target / "opt/cafesach/bin/cafesach-session", os.X_OK)
    assert "CAFESACH_DATA=/var/lib/cafesach" in (target / "etc/environment.d/90-cafesach.conf") \
        .read_text()
    assert "export CAFESACH_DATA=/var/lib/cafesach" in (target / "etc/profile.d/cafesach.sh") \
        .read_text()
    wants = target / "etc/systemd/system/graphical.target.wants/cafesach-kiosk.service"
    assert os.readlink(wants) == "/etc/systemd/system/cafesach-kiosk.service"
    assert os.readlink(target / "etc/systemd/system/ctrl-alt-del.target") == "/dev/null"
    assert (target / "var/lib/cafesach/logs").is_dir()
    # The templates kept for --uninstall: exactly those deploy/templates.list names.
    listed = [line for line in (ROOT / "deploy/templates.list").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    kept = target / "opt/cafesach/bin/deploy"
    assert sorted(p.name for p in kept.iterdir()) == sorted([*listed, "templates.list"])
    # The kiosk user: a system account that cannot log in, in the seat's device groups.
    user = next(line for line in (target / "etc/passwd").read_text().splitlines()
                if line.startswith("cafesach:"))
    uid, home, shell = int(user.split(":")[2]), user.split(":")[5], user.split(":")[6]
    assert uid < 1000 and home == "/var/lib/cafesach" and shell.endswith("nologin")
    video = next(line for line in (target / "etc/group").read_text().splitlines()
                 if line.startswith("video:"))
    assert "cafesach" in video


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="apt install systemd")
def test_unit_passes_systemd_analyze_verify(target: Path, tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    unit = (target / UNIT).read_text()
    copy = tmp_path / "verify" / "cafesach-kiosk.service"
    copy.parent.mkdir()
    copy.write_text(unit.replace("/opt/cafesach", str(target / "opt/cafesach")))
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "cafesach-kiosk.service" not in done.stderr  # no warnings about our unit
    # The check has teeth: a unit whose program is missing fails it.
    copy.write_text(unit.replace("/opt/cafesach/bin", str(target / "missing")))
    bad = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode != 0 and "not executable" in bad.stderr


def test_update_keeps_data_and_the_previous_release(target: Path, tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    catalog = target / "var/lib/cafesach/catalog.db"
    catalog.write_bytes(b"station data")
    install(target, "--bundle", str(fake_bundle(tmp_path / "b2", "0.2.0")))
    assert os.readlink(target / "opt/cafesach/current") == "0.2.0"
    assert (target / "opt/cafesach/0.1.0").is_dir()  # kept for a rollback
    # the same version installed again (a technician repeating the update) keeps it too
    install(target, "--bundle", str(fake_bundle(tmp_path / "b2-again", "0.2.0")))
    assert (target / "opt/cafesach/0.1.0").is_dir()
    assert os.readlink(target / "opt/cafesach/previous") == "0.1.0"
    install(target, "--bundle", str(fake_bundle(tmp_path / "b3", "0.3.0")))
    assert not (target / "opt/cafesach/0.1.0").exists()
    assert sorted(p.name for p in (target / "opt/cafesach").iterdir()) == \
        ["0.2.0", "0.3.0", "bin", "current", "previous"]
    assert os.readlink(target / "opt/cafesach/previous") == "0.2.0"
    assert catalog.read_bytes() == b"station data"


def test_install_from_a_tarball(target: Path, tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "pack" / "cafesach", "0.4.0")
    tarball = tmp_path / "cafesach-0.4.0-linux-x86_64.tar.gz"
    subprocess.run(["tar", "-czf", str(tarball), "-C", str(bundle.parent), "cafesach"],
                   check=True)
    install(target, "--bundle", str(tarball))
    assert (target / "opt/cafesach/0.4.0/_internal/marker").read_text() == "0.4.0"


def test_uninstall_twice_keeps_data_then_purge_removes_it(target: Path, tmp_path: Path) -> None:
    before = snapshot(target)
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    (target / "var/lib/cafesach/catalog.db").write_bytes(b"keep me")
    install(target, "--uninstall")
    after_first = snapshot(target)
    install(target, "--uninstall")
    assert snapshot(target) == after_first
    for name in (*SYSTEM_FILES, "opt/cafesach", "usr/local/bin/cafesach",
                 "etc/systemd/system/ctrl-alt-del.target"):
        assert not (target / name).exists() and not (target / name).is_symlink(), name
    assert (target / "var/lib/cafesach/catalog.db").read_bytes() == b"keep me"
    assert "cafesach:" in (target / "etc/passwd").read_text()
    install(target, "--uninstall", "--purge")
    assert not (target / "var/lib/cafesach").exists()
    assert "cafesach:" not in (target / "etc/passwd").read_text()
    left = {k for k in snapshot(target) if k not in before and not k.endswith("-")}
    # Only empty folders and the default target (documented: not switched back) remain.
    assert all(snapshot(target)[k] == "dir" or k.endswith("default.target") for k in left), left


def test_user_creation_can_be_skipped_and_bad_roots_fail(target: Path, tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b1", "0.1.0")
    install(target, "--bundle", str(bundle), env=dict(os.environ, CAFESACH_NO_USER="1"))
    assert "cafesach:" not in (target / "etc/passwd").read_text()
    empty = tmp_path / "empty-root"
    empty.mkdir()
    done = install(empty, "--bundle", str(bundle), check=False)
    assert done.returncode != 0 and "etc/passwd is missing" in done.stderr
    done = install(target, "--bundle", str(tmp_path / "nowhere"), check=False)
    assert done.returncode != 0 and "nowhere: no such file or folder" in done.stderr
    done = install(target, "--frobnicate", check=False)
    assert done.returncode != 0 and "unknown option" in done.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="apt install shellcheck")
def test_shell_scripts_pass_shellcheck() -> None:
    done = subprocess.run(["shellcheck", "-s", "sh", str(INSTALL),
                           str(ROOT / "deploy" / "cafesach-session")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


def test_the_logs_are_rotated_by_the_kiosk_alone(target: Path, tmp_path: Path) -> None:
    """No logrotate file: the kiosk keeps its own logs small (library/logfile.py), and
    logrotate would rename and compress the kiosk's backups under it."""
    install(target, "--bundle", str(bundle_templates(fake_bundle(tmp_path / "b" / "cafesach",
                                                                 "0.1.0"))))
    assert not (target / "etc/logrotate.d").exists()
    assert not (target / "opt/cafesach/bin/deploy/logrotate").exists()


def test_an_update_removes_the_logrotate_file_of_an_older_install(target: Path,
                                                                   tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    old = target / "etc/logrotate.d/cafesach"  # what older installs wrote
    old.parent.mkdir(parents=True)
    old.write_text("/var/lib/cafesach/logs/*.log {\n    weekly\n    copytruncate\n}\n")
    kept_old = target / "opt/cafesach/bin/deploy/logrotate/cafesach"
    kept_old.parent.mkdir()
    kept_old.write_text(old.read_text())
    neighbour = target / "etc/logrotate.d/apt"  # another package's: left alone
    neighbour.write_text("/var/log/apt/term.log {}\n")
    newer = fake_bundle(tmp_path / "b2", "0.2.0")
    done = install(target, "--bundle", str(newer))
    assert "removed /etc/logrotate.d/cafesach" in done.stdout
    assert not old.exists() and neighbour.exists()
    assert not kept_old.parent.exists()  # the kept templates are this install's
    again = install(target, "--bundle", str(newer))
    assert "logrotate" not in again.stdout
    old.write_text("left by an older install\n")
    install(target, "--uninstall")
    assert not old.exists() and neighbour.exists()


@pytest.mark.skipif(shutil.which("node") is None, reason="node (JavaScript syntax check)")
def test_polkit_rule_is_valid_javascript(target: Path, tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    rule = tmp_path / "rule.js"
    rule.write_text((target / "etc/polkit-1/rules.d/50-cafesach-udisks.rules").read_text())
    done = subprocess.run(["node", "--check", str(rule)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert 'subject.user == "cafesach"' in rule.read_text()


# -- the `cafesach` command, updates from a bundle, ownership, bad arguments ----------------

def bundle_templates(bundle: Path) -> Path:
    """Give a fake bundle the installer and deploy/ templates, as deploy/bundle.py does."""
    deploy = bundle / "deploy"
    deploy.mkdir()
    shutil.copy2(ROOT / "deploy/templates.list", deploy / "templates.list")
    for line in (ROOT / "deploy/templates.list").read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            source = ROOT / "deploy" / name
            if source.is_dir():
                shutil.copytree(source, deploy / name)
            else:
                shutil.copy2(source, deploy / name)
    shutil.copy2(INSTALL, bundle / "install.sh")
    return bundle


def tarball_of(bundle: Path, tarball: Path, *extra: str) -> Path:
    subprocess.run(["tar", "-czf", str(tarball), *extra, "-C", str(bundle.parent), bundle.name],
                   check=True)
    return tarball


def test_the_command_opens_the_station_data_also_under_sudo(target: Path,
                                                            tmp_path: Path) -> None:
    """`sudo -u cafesach cafesach …` (the documented commands) reaches /var/lib/cafesach.

    sudo's env_reset (like su and runuser) drops CAFESACH_DATA, which the
    profile.d file set; `env -i` does the same here.
    """
    bundle = fake_bundle(tmp_path / "b1", "0.1.0")
    (bundle / "cafesach").write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "cafesach, version 0.1.0"; exit 0; }\n'
        'echo "data=${CAFESACH_DATA-unset} args=$#:$*"\n')
    command = target / "usr/local/bin/cafesach"
    command.parent.mkdir(parents=True)
    command.symlink_to("/opt/cafesach/current/cafesach")  # what earlier installers made
    install(target, "--bundle", str(bundle))
    assert not command.is_symlink()
    assert stat.S_IMODE(command.stat().st_mode) == 0o755 and command.stat().st_uid == 0
    # Run it against the app in the scratch root.
    probe = tmp_path / "cafesach"
    probe.write_text(command.read_text().replace("/opt/cafesach",
                                                 str(target / "opt/cafesach")))
    probe.chmod(0o755)
    reset = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(probe), "list", "two words"], env=reset, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "data=/var/lib/cafesach args=2:list two words"
    other = subprocess.run([str(probe), "list"], env={**reset, "CAFESACH_DATA": "/srv/other"},
                           capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "data=/srv/other args=1:list"
    install(target, "--uninstall")
    assert not command.exists() and not command.is_symlink()


def test_an_update_installs_the_templates_and_installer_of_its_bundle(target: Path,
                                                                     tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    assert "RestartSec=2\n" in (target / UNIT).read_text()
    newer = bundle_templates(fake_bundle(tmp_path / "b2" / "cafesach", "0.2.0"))
    unit = newer / "deploy/systemd/cafesach-kiosk.service"
    unit.write_text(unit.read_text().replace("RestartSec=2\n", "RestartSec=3\n"))
    session = newer / "deploy/cafesach-session"
    session.write_text(session.read_text() + "# session of 0.2.0\n")
    installer = newer / "install.sh"
    installer.write_text(installer.read_text() + "# installer of 0.2.0\n")
    done = install(target, "--bundle", str(tarball_of(newer, tmp_path / "cafesach-0.2.0.tar.gz")))
    assert "wrote /etc/systemd/system/cafesach-kiosk.service" in done.stdout
    assert "RestartSec=3\n" in (target / UNIT).read_text()
    kept = target / "opt/cafesach/bin"
    assert "RestartSec=3\n" in (kept / "deploy/systemd/cafesach-kiosk.service").read_text()
    assert (kept / "cafesach-session").read_text().endswith("# session of 0.2.0\n")
    assert (kept / "install.sh").read_bytes() == installer.read_bytes()
    assert os.access(kept / "install.sh", os.X_OK)


@pytest.mark.parametrize("packed", [False, True], ids=["folder", "tarball"])
def test_installed_files_are_roots_whoever_unpacked_the_bundle(target: Path, tmp_path: Path,
                                                               packed: bool) -> None:
    bundle = bundle_templates(fake_bundle(tmp_path / "src" / "cafesach", "0.1.0"))
    (bundle / "_internal" / "marker").chmod(0o666)
    (bundle / "_internal").chmod(0o777)
    (bundle / "deploy" / "systemd").chmod(0o777)
    for path in [bundle, *bundle.rglob("*")]:
        os.lchown(path, 65534, 65534)
    source = tarball_of(bundle, tmp_path / "cafesach.tar.gz", "--owner=65534",
                        "--group=65534") if packed else bundle
    install(target, "--bundle", str(source))
    installed = [target / "opt/cafesach", *(target / "opt/cafesach").rglob("*"),
                 target / "usr/local/bin/cafesach", *(target / name for name in SYSTEM_FILES)]
    assert len(installed) > 20

    def wrong(paths: list[Path]) -> list[str]:
        bad = []
        for path in paths:
            info = path.lstat()
            if (info.st_uid, info.st_gid) != (0, 0) or \
                    (not path.is_symlink() and info.st_mode & 0o022):
                bad.append(f"{path.relative_to(target)} {info.st_uid}:{info.st_gid} "
                           f"{stat.S_IMODE(info.st_mode):o}")
        return bad

    assert wrong(installed) == []
    # A tree an earlier installer left in the unpacker's hands is mended by a re-run.
    os.chown(target / "opt/cafesach/0.1.0/cafesach", 65534, 65534)
    (target / "opt/cafesach/bin/deploy/systemd").chmod(0o777)
    install(target, "--bundle", str(source))
    assert wrong(installed) == []


def test_bad_arguments_fail_in_one_line_before_any_change(target: Path, tmp_path: Path) -> None:
    good = fake_bundle(tmp_path / "good" / "cafesach", "0.1.0")
    dist = tmp_path / "dist"
    (dist / "cafesach").mkdir(parents=True)  # a folder that holds a `cafesach` folder
    not_a_tarball = tmp_path / "cafesach.zip"
    not_a_tarball.write_bytes(b"PK\x03\x04")
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    other = tmp_path / "other" / "readme"
    other.parent.mkdir()
    other.write_text("no bundle in here")
    no_bundle = tarball_of(other.parent, tmp_path / "other.tar.gz")
    mute = fake_bundle(tmp_path / "mute", "0.1.0")
    (mute / "cafesach").write_text("#!/bin/sh\nexit 3\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # A parser mistake must still not reach this machine's real system.
    env = dict(os.environ, DESTDIR=str(target), TMPDIR=str(scratch))
    before = snapshot(target)
    cases = {
        ("--bundle", str(dist)): "does not hold the cafesach executable",
        ("--bundle", str(not_a_tarball)): "not a bundle",
        ("--bundle", str(broken)): "cannot unpack it",
        ("--bundle", str(no_bundle)): "does not hold the cafesach executable",
        ("--bundle", str(mute)): "does not start",
        ("--bundle", str(good), "--debs", str(tmp_path / "nowhere")): "no such folder",
        ("--bundle", str(good), "--debs", str(empty)): "no .deb files",
        ("--bundle", str(good), "--purge"): "--purge goes with --uninstall",
        ("--uninstall", "--bundle", str(good)): "--uninstall takes no --bundle",
        ("--uninstall", "--rollback"): "--uninstall and --rollback do different things",
        ("--rollback", "--uninstall"): "--uninstall and --rollback do different things",
        ("--bundle",): "--bundle needs a value",
        ("--bundle=",): "--bundle needs a value",
        ("--bundle", "--no-user"): "--bundle needs a value, not --no-user",
        ("--bundle", str(good), "--debs"): "--debs needs a value",
        ("--bundle", str(good), "--root"): "--root needs a value",
        ("--bundle", str(good), "--root="): "--root needs a value",
        ("--bundle", str(good), "--root", str(tmp_path / "no-root")): "no such folder",
    }
    for args, reason in cases.items():
        done = install(target, *args, env=env, check=False)
        lines = done.stderr.splitlines()
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert len(lines) == 1 and lines[0].startswith("cafesach-install: error: "), args
        assert reason in lines[0], (args, lines[0])
        assert done.stdout == "", args  # nothing was done, not even a user created
        assert snapshot(target) == before, args
    assert list(scratch.iterdir()) == []  # unpacked tarballs removed too
    # The same arguments, right, do install.
    done = install(target, "--bundle", str(tarball_of(good, tmp_path / "good.tar.gz")), env=env)
    assert "created user cafesach" in done.stdout
    assert list(scratch.iterdir()) == []


@pytest.mark.skipif(shutil.which("dash") is None, reason="apt install dash")
@pytest.mark.parametrize(("status", "output", "said"), [
    (0, "PASS  data-dir  ok\n1/1 checks passed; station OK", "self-test passed"),
    (0, "PASS  data-dir  ok\nWARN  free-disk  only 3 MiB free: free some space\n"
        "1/2 checks passed, 1 warning; the station works: read the WARN line (free-disk)",
     "self-test passed with warnings: read the WARN lines above (docs/install.md, "
     "'Self-test')"),
    # a warning logged on stderr is no check's WARN line
    (0, "WARNING: something logged\nPASS  data-dir  ok\n1/1 checks passed; station OK",
     "self-test passed"),
    (1, "WARN  free-disk  only 3 MiB free\nFAIL  catalog  broken\n"
        "0/2 checks passed, 1 warning; FAILED: catalog; WARN: free-disk",
     "SELF-TEST FAILED: read the FAIL lines above (docs/install.md, 'Self-test')"),
])
def test_the_installer_tells_the_self_test_as_it_went(status: int, output: str,
                                                      said: str) -> None:
    """The verdict the installer prints after the self-test (under dash, `set -eu`): a
    station that works with WARN lines is told so, not as a plain pass nor a failure."""
    functions = subprocess.run(
        ["sed", "-n", "/^say() /p; /^selftest_verdict() {/,/^}/p", str(INSTALL)],
        capture_output=True, text=True, check=True).stdout
    assert "selftest_verdict()" in functions
    done = subprocess.run(["dash", "-c", f'set -eu\n{functions}\nselftest_verdict "$1" "$2"',
                           "dash", str(status), output],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"cafesach-install: {said}\n"
