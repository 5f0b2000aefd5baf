"""deploy/hotspot.sh in --dry-run: the nmcli commands, the settings, the nftables rules.

A real hotspot needs a Wi-Fi adapter with AP mode and NetworkManager; this
machine has neither, so the commands are checked as printed, and the
firewall rules are checked by `nft -c` (parse and validate, nothing applied).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "hotspot.sh"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # A UTF-8 locale, as on a station: there bash's ${#VAR} counts characters, not bytes.
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=30, check=False, env=dict(os.environ, LC_ALL="C.UTF-8"))


def test_dry_run_commands_and_settings(tmp_path: Path) -> None:
    ssid, password = 'Café sách "An Bình"', "doc;sach\\2026"
    done = _run("--ssid", ssid, "--password", password, "--interface", "wlp2s0",
                "--port", "8080", "--firewall", "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    add = next(shlex.split(line) for line in lines if line.startswith("nmcli connection add"))
    settings = dict(zip(add[3::2], add[4::2], strict=True))
    assert settings["ifname"] == "wlp2s0" and settings["ssid"] == ssid
    assert settings["802-11-wireless.mode"] == "ap"
    assert settings["wifi-sec.key-mgmt"] == "wpa-psk" and settings["wifi-sec.psk"] == password
    assert settings["ipv4.method"] == "shared"
    assert settings["ipv4.addresses"] == "10.42.0.1/24"
    assert "nmcli connection up cafesach-hotspot" in done.stdout
    config = tomllib.loads(done.stdout[done.stdout.index("[wifi]"):])
    assert config["wifi"] == {"ssid": ssid, "password": password, "interface": "wlp2s0",
                              "address": "10.42.0.1"}
    assert config["handoff"]["port"] == 8080
    start = done.stdout.index("table inet cafesach")
    rules = done.stdout[start:done.stdout.index("\n}\n", start) + 3]
    assert 'tcp dport 8080 iifname != { "lo", "wlp2s0" } drop' in rules
    nft = shutil.which("nft")
    if nft is None:
        pytest.fail("nft is missing (apt nftables, listed in the Makefile)")
    (tmp_path / "rules.nft").write_text(rules)
    check = subprocess.run([nft, "-c", "-f", str(tmp_path / "rules.nft")],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("args", [
    ("--password", "12345678"),  # no SSID
    ("--ssid", "x", "--password", "short"),
    ("--ssid", "x" * 33, "--password", "12345678"),
    ("--ssid", "Đ" * 17, "--password", "12345678"),  # 34 bytes in UTF-8
    ("--ssid", "x", "--password", "12345678", "--port", "70000"),
    ("--ssid", "x", "--password", "12345678", "--interface", "wl an0"),
    ("--ssid", "x", "--password", "12345678", "--address", "10.42.0.1"),
    ("--bogus",),
    ("--password", "12345678", "--ssid"),  # the value left out at the end
    ("--ssid", "--password", "12345678"),  # or before the next option
])
def test_bad_arguments_fail_with_a_reason(args: tuple[str, ...]) -> None:
    done = _run(*args, "--dry-run")
    assert done.returncode != 0
    assert done.stderr.startswith("hotspot.sh: error:")
    assert "nmcli connection add" not in done.stdout


def test_a_typing_mistake_is_said_before_a_missing_nmcli(tmp_path: Path) -> None:
    """The technician fixes the command first; nmcli's absence is the next thing to say."""
    bin_dir = tmp_path / "bin"  # a PATH with bash's usual tools and no nmcli
    bin_dir.mkdir()
    for tool in ("sed", "wc", "printf", "awk", "grep"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    bash = shutil.which("bash") or "/bin/bash"
    done = subprocess.run([bash, str(SCRIPT), "--ssid", "x", "--password", "short"],
                          capture_output=True, text=True, timeout=30, check=False,
                          env=dict(os.environ, LC_ALL="C.UTF-8", PATH=str(bin_dir)))
    assert done.returncode == 1
    assert done.stderr == ("hotspot.sh: error: --password is 5 bytes; WPA2 needs 8 to 63 "
                           "(a letter with marks takes 2 or 3)\n")


def test_help_is_the_header_and_nothing_else() -> None:
    done = _run("--help")
    assert done.returncode == 0 and done.stdout.startswith("Café sách 4.0")
    assert done.stdout.rstrip().endswith("supports AP mode.") and "set -e" not in done.stdout


@pytest.mark.parametrize(("password", "accepted"), [
    ("đđđđ", True),  # 4 letters, 8 bytes: WPA takes it
    ("ệ" * 21, True),  # 63 bytes
    ("ệ" * 22, False),  # 22 letters, 66 bytes: no access point takes it
    ("ệ" * 30, False),
    ("é" * 3 + "x", False),  # 7 bytes
])
def test_password_is_counted_in_bytes(password: str, accepted: bool) -> None:
    """NetworkManager and hostapd count a WPA passphrase in bytes (8–63), as
    docs/hotspot.md says; the script counted characters."""
    done = _run("--ssid", "Café sách", "--password", password, "--dry-run")
    assert (done.returncode == 0) == accepted, done.stderr
    if accepted:
        add = next(shlex.split(line) for line in done.stdout.splitlines()
                   if line.startswith("nmcli connection add"))
        assert add[add.index("wifi-sec.psk") + 1] == password
    else:
        size = len(password.encode())
        assert done.stderr == (f"hotspot.sh: error: --password is {size} bytes; WPA2 needs 8 "
                               "to 63 (a letter with marks takes 2 or 3)\n")


def test_remove_dry_run() -> None:
    done = _run("--remove", "--dry-run")
    assert done.returncode == 0
    assert "nmcli connection delete cafesach-hotspot" in done.stdout
