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
