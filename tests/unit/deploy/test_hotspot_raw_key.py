"""deploy/hotspot.sh and a raw WPA2 key: 64 hex digits are the key itself, not a passphrase.

WPA2-PSK takes a passphrase of 8 to 63 characters, or exactly 64 hex digits
(the 256-bit key, as `wpa_passphrase` prints it); NetworkManager and hostapd
take a 64-hex `wifi-sec.psk` as that key. The station's Wi-Fi QR code
(`library.qr.wifi_password_problem`) must agree with the script on every case,
or the hotspot would run with a key whose code the kiosk refuses to show.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest

from library.qr import make_qr, wifi_password_problem, wifi_payload
from tests.unit.handoff.zbar import decode

SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "hotspot.sh"
RAW_KEY = "0123456789abcdefABCDEF0123456789abcdef0123456789ABCDEF0123456789"


def _run(password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), "--ssid", "Café sách", "--password", password,
                           "--dry-run"], capture_output=True, text=True, timeout=30,
                          check=False, env=dict(os.environ, LC_ALL="C.UTF-8"))


def test_a_raw_64_hex_key_becomes_the_psk_and_the_setting() -> None:
    assert len(RAW_KEY) == 64
    done = _run(RAW_KEY)
    assert done.returncode == 0, done.stderr
    add = next(shlex.split(line) for line in done.stdout.splitlines()
               if line.startswith("nmcli connection add"))
    assert add[add.index("wifi-sec.psk") + 1] == RAW_KEY
    config = tomllib.loads(done.stdout[done.stdout.index("[wifi]"):])
    assert config["wifi"]["password"] == RAW_KEY


@pytest.mark.parametrize(("password", "reason"), [
    ("g" + RAW_KEY[1:], "not 64 hex digits"),  # 64 characters, one not hex
    ("x" * 64, "not 64 hex digits"),
    (" " + RAW_KEY[1:], "not 64 hex digits"),
    ("ệ" * 21 + "a", "not 64 hex digits"),  # 64 bytes of letters with marks
    (RAW_KEY + "0", "65 bytes"),
    (RAW_KEY * 2, "128 bytes"),
])
def test_64_characters_that_are_no_raw_key_and_longer_keys_are_refused(password: str,
                                                                       reason: str) -> None:
    done = _run(password)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("hotspot.sh: error: --password is ")
    assert reason in lines[0]
    assert "nmcli connection add" not in done.stdout


@pytest.mark.parametrize("password", [
    RAW_KEY, RAW_KEY.lower(), "g" + RAW_KEY[1:], "x" * 64, RAW_KEY + "0", "12345678",
    "x" * 63, "short", "ệ" * 21, "ệ" * 22,
])
def test_the_script_and_the_wifi_qr_code_agree(password: str) -> None:
    """What the hotspot takes, the kiosk shows as a Wi-Fi code; what it refuses, so does the
    code (a code for a network that cannot exist joins nothing)."""
    accepted_here = _run(password).returncode == 0
    assert accepted_here == (wifi_password_problem(password) is None)
    if accepted_here:  # the key travels in the code as typed, not escaped or cut
        assert f"P:{password};" in wifi_payload("Café sách", password)


def test_the_wifi_code_of_a_raw_key_reads_back_whole(tmp_path: Path) -> None:
    """A reader (zbarimg here, a phone's camera there) gets the 64 digits as they are."""
    payload = wifi_payload("Café sách", RAW_KEY)
    image = tmp_path / "wifi.png"
    image.write_bytes(make_qr(payload).png())
    assert decode(image) == payload == f"WIFI:T:WPA;S:Café sách;P:{RAW_KEY};;"
