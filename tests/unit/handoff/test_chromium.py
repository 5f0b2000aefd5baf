"""A phone-sized headless Chromium opens an item page from the running server.

Chromium is driven with its own `--dump-dom` and `--screenshot` switches
(no driver needed); as root it needs `--no-sandbox`, and an empty profile
keeps each run independent.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from library.handoff.server import HandoffServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = "--window-size=412,915"


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.fail("chromium is missing (apt chromium, listed in the Makefile)")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               "--hide-scrollbars", f"--user-data-dir={profile}", PHONE, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def test_item_page_on_a_phone(server: HandoffServer, tmp_path: Path) -> None:
    url = f"{server.url}/i/so-tay"
    done = _chromium(tmp_path / "profile", "--dump-dom", url)
    dom = done.stdout
    assert "Sổ tay \"đảng viên\" / Chợ 4.0: bản đặc biệt" in dom, done.stderr[-2000:]
    assert "Tải về điện thoại" in dom
    assert 'href="/f/so-tay?tai=1"' in dom
    assert "Những điều đảng viên cần biết." in dom
    shot = tmp_path / "item.png"
    done = _chromium(tmp_path / "profile2", f"--screenshot={shot}", url)
    assert shot.is_file() and shot.stat().st_size > 5000, done.stderr[-2000:]


def test_a_title_without_spaces_wraps_on_a_narrow_phone(tmp_path: Path) -> None:
    """Titles taken from file names (`Sổ_tay_đảng_viên_….pdf`) ran off a 360 px screen."""
    import pymupdf

    from library.catalog import Catalog, Item
    from library.paths import DataPaths

    paths = DataPaths(tmp_path / "data").ensure()
    title = "Sổ_tay_đảng_viên_điện_tử_năm_2024_bản_cập_nhật_mới_nhất_toàn_tỉnh.pdf"
    with Catalog.open(paths) as catalog:
        catalog.put(Item(id="ten-dai", title=title, kind="bulletin", body="Nội dung."))
    shot = tmp_path / "narrow.png"
    with HandoffServer(paths, port=0) as server:
        done = _chromium(tmp_path / "profile", "--window-size=360,640",
                         f"--screenshot={shot}", f"{server.url}/i/ten-dai")
    assert shot.is_file(), done.stderr[-2000:]
    pix = pymupdf.Pixmap(str(shot))
    # Right of the page's 16 px margin, below the header bar: only the background.
    dark = [(x, y) for y in range(60, min(pix.height, 400)) for x in range(pix.width - 12,
                                                                           pix.width)
            if sum(pix.pixel(x, y)[:3]) < 300]
    assert not dark, f"text runs off the screen at {dark[:3]}"
