"""`cafesach qr` and `cafesach serve` through the real console entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from kiosk.main import main
from library.config import Config
from library.errors import ConfigError
from library.handoff.server import HandoffServer
from library.paths import DataPaths

from .conftest import Station
from .zbar import decode

ROOT = Path(__file__).resolve().parents[3]


def _configure(station: Station, **wifi: str) -> None:
    config = Config.load(station.paths.config_file)
    for key, value in wifi.items():
        config.set("wifi", key, value)
    config.save()


def test_qr_png_svg_and_url_only(station: Station, tmp_path: Path, capsys) -> None:
    _configure(station, address="10.42.0.1", ssid="Café sách", password="doc;sach")
    data = ["--data", str(station.paths.root)]
    png = tmp_path / "clip.png"
    assert main([*data, "qr", "clip", "-o", str(png)]) == 0
    assert decode(png) == "http://10.42.0.1:8765/i/clip"
    capsys.readouterr()
    assert main([*data, "qr", "clip", "--url-only"]) == 0
    assert capsys.readouterr().out == "http://10.42.0.1:8765/i/clip\n"
    svg = tmp_path / "clip.svg"
    assert main([*data, "qr", "ban-tin", "-o", str(svg), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["kind"] == "text" and info["payload"].startswith("Bản tin sáng")
    assert svg.read_text().startswith("<?xml")
    wifi = tmp_path / "wifi.png"
    assert main([*data, "qr", "--wifi", "-o", str(wifi)]) == 0
    assert decode(wifi) == "WIFI:T:WPA;S:Café sách;P:doc\\;sach;;"


@pytest.mark.parametrize("password", ["short", "x" * 64, "a" * 65, "tab\there!"])
def test_qr_wifi_refuses_an_invalid_wpa_password(station: Station, tmp_path: Path, capsys,
                                                 password: str) -> None:
    _configure(station, ssid="Café sách", password=password)
    wifi = tmp_path / "wifi.png"
    try:
        assert main(["--data", str(station.paths.root), "qr", "--wifi", "-o", str(wifi)]) == 1
    finally:
        _configure(station, password="doc;sach")
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "wifi.password" in err  # one line, naming the setting
    assert "8 to 63" in err or "control character" in err
    assert not wifi.exists()


@pytest.mark.parametrize("password", ["12345678", "x" * 63, "0123456789abcdef" * 4, ""])
def test_qr_wifi_accepts_valid_wpa_passwords(station: Station, capsys, password: str) -> None:
    _configure(station, ssid="Café sách", password=password)
    try:
        assert main(["--data", str(station.paths.root), "qr", "--wifi", "--url-only"]) == 0
    finally:
        _configure(station, password="doc;sach")
    out = capsys.readouterr().out
    assert out.startswith("WIFI:T:WPA;" if password else "WIFI:T:nopass;")


def test_qr_wifi_for_a_hidden_network_says_so(station: Station, tmp_path: Path) -> None:
    """Android looks for a network that hides its name only when the code says H:true."""
    _configure(station, ssid="Café ẩn", password="")
    config = Config.load(station.paths.config_file)
    config.set("wifi", "hidden", True)
    config.save()
    wifi = tmp_path / "wifi.png"
    try:
        assert main(["--data", str(station.paths.root), "qr", "--wifi", "-o", str(wifi)]) == 0
    finally:
        config.set("wifi", "hidden", False)
        config.save()
        _configure(station, ssid="Café sách", password="doc;sach")
    assert decode(wifi) == "WIFI:T:nopass;S:Café ẩn;H:true;;"


def test_qr_bad_input(station: Station, tmp_path: Path, capsys) -> None:
    data = ["--data", str(station.paths.root)]
    assert main([*data, "qr", "khong-co"]) == 1
    assert main([*data, "qr", "noi-bo"]) == 1  # hidden
    assert "hidden" in capsys.readouterr().err
    assert main([*data, "qr", "clip", "-o", str(tmp_path / "x.gif")]) == 1
    assert not (tmp_path / "x.gif").exists()
    assert main([*data, "qr"]) != 0


def test_serve_command_runs_and_stops(station: Station) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kiosk.main import main; sys.exit(main())",
         "--data", str(station.paths.root), "serve", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert line.startswith("http://127.0.0.1:"), proc.stderr.read()  # type: ignore[union-attr]
        with urllib.request.urlopen(line + "i/clip", timeout=20) as response:
            assert response.status == 200
            assert "Phim: Chợ 4.0 ở Đà Lạt" in response.read().decode()
        # its warnings also go where the health report reads recent errors
        assert (station.paths.logs / "serve.log").is_file()
    finally:
        proc.terminate()
        proc.wait(20)
    stderr = proc.stderr.read()  # type: ignore[union-attr]
    assert "/i/clip" not in stderr  # no access log on the console either


def _serve_lines(data: Path, *args: str) -> tuple[str, str]:
    """`cafesach serve` started, its first stdout line (the URL), then stopped: (url, stderr)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kiosk.main import main; sys.exit(main())",
         "--data", str(data), "serve", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        url = proc.stdout.readline().strip()  # type: ignore[union-attr]
    finally:
        proc.terminate()
        proc.wait(20)
    return url, proc.stderr.read()  # type: ignore[union-attr]


def test_serve_says_what_codes_name_and_that_loopback_reaches_no_phone(tmp_path: Path) -> None:
    """It printed `wifi.address` as typed (`http://10.42.0.1:8080:8765/`), and nothing
    when bound to 127.0.0.1, where no phone reaches it."""
    config = Config.load(tmp_path / "config.toml")
    config.set("wifi", "address", "10.42.0.1:8080")  # as typed, with a port
    config.save()
    url, err = _serve_lines(tmp_path, "--host", "127.0.0.1", "--port", "0")
    assert url.startswith("http://127.0.0.1:"), err
    assert "no phone can reach this server: 127.0.0.1 is this machine only" in err
    assert "QR codes name http://10.42.0.1:8765/ (handoff.host, handoff.port)" in err
    assert "8080" not in err

    config.set("handoff", "host", "127.0.0.1")
    config.save()
    url, err = _serve_lines(tmp_path, "--port", "0")
    assert url.startswith("http://127.0.0.1:"), err
    assert "no phone can reach this server" in err
    assert "QR codes hold the public URL or the item's text" in err
    assert "phones open" not in err


@pytest.mark.parametrize(("host", "address", "said"), [
    ("0.0.0.0", "10.42.0.1:8080", ["phones open http://10.42.0.1:8765/"]),
    ("0.0.0.0", "http://10.42.0.1/", ["phones open http://10.42.0.1:8765/"]),
    ("10.42.0.7", "10.42.0.1", ["phones open http://10.42.0.7:8765/"]),  # bound: named by it
    ("::", "10.42.0.1/24", ["phones open http://10.42.0.1:8765/"]),
    ("::1", "10.42.0.1", ["no phone can reach this server: ::1 is this machine only "
                          '(use --host 0.0.0.0, or handoff.host = "0.0.0.0")',
                          "handoff.host is ::1, this machine only: QR codes hold the public "
                          "URL or the item's text"]),
])
def test_serve_names_the_address_the_codes_name(tmp_path: Path, host: str, address: str,
                                                said: list[str]) -> None:
    from library.handoff.commands import _phone_lines

    config = Config.load(tmp_path / "config.toml")
    config.set("handoff", "host", host)
    config.set("wifi", "address", address)
    assert _phone_lines(config, host, 8765) == said
    config.set("handoff", "enabled", False)
    assert _phone_lines(config, host, 8765)[-1] == ("handoff.enabled is off: QR codes do not "
                                                    "name this server")


def test_serve_says_when_the_station_has_no_address(tmp_path: Path, monkeypatch) -> None:
    from library.handoff import address, commands

    monkeypatch.setattr(address, "station_address", lambda **_: None)  # an offline laptop
    lines = commands._phone_lines(Config.load(tmp_path / "config.toml"), "0.0.0.0", 8765)
    assert lines == ["no phone can reach this station yet: it has no network address (start "
                     "its Wi-Fi hotspot, see docs/hotspot.md, or join a network)"]


@pytest.mark.parametrize(("key", "value"), [
    ("port", 0), ("port", 70000), ("stall_s", 0.0), ("stall_s", -5.0)])
def test_server_refuses_unusable_settings(tmp_path: Path, key: str, value: float) -> None:
    """A stall limit of 0 cut every download after its first MiB; port 0 put `:0` in codes."""
    config = Config.load(tmp_path / "config.toml")
    config.set("handoff", key, value)
    with pytest.raises(ConfigError, match=f"handoff.{key}"):
        HandoffServer.from_config(DataPaths(tmp_path), config)


def test_serve_names_an_unusable_port_setting(tmp_path: Path, capsys) -> None:
    config = Config.load(tmp_path / "config.toml")
    config.set("handoff", "port", 70000)
    config.save()
    assert main(["--data", str(tmp_path), "serve", "--host", "127.0.0.1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "handoff.port" in err and "Traceback" not in err


def test_qr_never_points_at_an_unusable_port(station: Station, capsys) -> None:
    _configure(station, address="10.42.0.1")
    config = Config.load(station.paths.config_file)
    config.set("handoff", "port", 0)
    config.save()
    try:
        assert main(["--data", str(station.paths.root), "qr", "clip", "--json"]) == 0
    finally:
        config.set("handoff", "port", 8765)
        config.save()
    info = json.loads(capsys.readouterr().out)
    assert ":0/" not in info["payload"] and info["kind"] != "handoff_url"


def test_qr_wifi_refuses_a_name_longer_than_wifi_allows(station: Station, tmp_path: Path,
                                                        capsys) -> None:
    _configure(station, ssid="Café sách 4.0 xã An Bình Đông Thượng", password="doc;sach")
    wifi = tmp_path / "wifi.png"
    try:
        assert main(["--data", str(station.paths.root), "qr", "--wifi", "-o", str(wifi)]) == 1
    finally:
        _configure(station, ssid="Café sách")
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "wifi.ssid" in err and "32" in err
    assert not wifi.exists()


def test_poster_of_one_item_says_one_item_on_one_page(station: Station, tmp_path: Path,
                                                      capsys) -> None:
    out = tmp_path / "mot.pdf"
    assert main(["--data", str(station.paths.root), "poster", "--id", "so-tay", "-o",
                 str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out}: 1 item on 1 page" in err, err
