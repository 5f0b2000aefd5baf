"""`cafesach qr` and `cafesach serve` through the real console entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from kiosk.main import main
from library.config import Config

from .conftest import Station
from .zbar import decode

ROOT = Path(__file__).resolve().parents[3]


def _configure(station: Station, **wifi: str) -> None:
    config = Config.load(station.paths.config_file)
    for key, value in wifi.items():
        config.set("wifi", key, value)
    config.save()


def test_qr_png_svg_and_url_only(station: Station, tmp_path: Path, capsys) -> None:
    _configure(station, address="10.42.0.1", ssid="Café sách", password="a;b")
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
    assert decode(wifi) == "WIFI:T:WPA;S:Café sách;P:a\\;b;;"


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
    finally:
        proc.terminate()
        proc.wait(20)
    stderr = proc.stderr.read()  # type: ignore[union-attr]
    assert "/i/clip" not in stderr  # no access log on the console either
