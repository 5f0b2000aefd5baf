"""`cafesach run --tour` in a real process under Xvfb: every screenshot shows what it names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SCREENS = ["home", "browse", "search", "results", "detail", "reader-page1", "reader-page2",
           "reader-zoom", "attract", "home-large-contrast"]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_tour_under_xvfb_shows_every_screen(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "DISPLAY", "WAYLAND_DISPLAY")}
    cafesach = Path(sys.executable).with_name("cafesach")
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1920x1920x24", str(cafesach),
         "--data", str(tmp_path / "data"), "run", "--tour", str(out), "--size", "1366x768"],
        env=env, capture_output=True, text=True, timeout=150, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert str(out.resolve()) in done.stdout

    for folder, (width, height) in (("1366x768", (1366, 768)), ("768x1366", (768, 1366))):
        pngs = sorted((out / folder).glob("*.png"))
        assert [p.stem.split("-", 1)[1] for p in pngs] == SCREENS
        states = {}
        for png in pngs:
            assert _png_size(png) == (width, height)
            assert png.stat().st_size > 20_000  # a real picture, not a blank frame
            state = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
            assert state["size"] == [width, height]
            assert state["orientation"] == ("portrait" if height > width else "landscape")
            states[state["name"]] = state
        assert states["home"]["screen"] == "home"
        assert states["browse"]["screen"] == "browse"
        assert states["browse"]["browse"]["kind"] == "book"
        assert states["search"]["screen"] == "search"
        assert states["search"]["query"] == "chuyen doi so" and states["search"]["results"] > 0
        assert states["results"]["query"] == "chuyen doi so"
        assert states["detail"]["screen"] == "detail" and states["detail"]["detail"]
        if shutil.which("zbarimg"):  # the QR on the detail screen reads back on a phone
            detail_png = next(p for p in pngs if p.stem.endswith("-detail"))
            scanned = subprocess.run(["zbarimg", "-q", "--raw", str(detail_png)],
                                     capture_output=True, text=True, check=False).stdout
            assert scanned.strip().endswith("/i/" + states["detail"]["detail"]), scanned
        for name, page in (("reader-page1", 1), ("reader-page2", 2)):
            reader = states[name]["reader"]
            assert states[name]["screen"] == "reader"
            assert reader["page"] == page and reader["image_page"] == page
            assert reader["zoom"] == 1.0 and reader["mode"] == "pages"
        zoomed = states["reader-zoom"]["reader"]
        assert zoomed["zoom"] > 1.5 and zoomed["page"] == 2
        assert states["attract"]["screen"] == "attract" and states["attract"]["query"] == ""
        assert states["home-large-contrast"]["large_text"]
        assert states["home-large-contrast"]["high_contrast"]
    index = json.loads((out / "tour.json").read_text(encoding="utf-8"))
    assert len(index) == 2 * len(SCREENS)
