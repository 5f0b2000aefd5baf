"""The real bundle's SHA256SUMS holds for every file, so install.sh takes it whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_bundle import bundle  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils")
def test_the_bundle_matches_its_sha256sums(bundle: Path) -> None:  # noqa: F811
    sums = (bundle / "SHA256SUMS").read_text().splitlines()
    assert len(sums) > 500
    assert any(line.endswith("  cafesach") for line in sums)
    check = subprocess.run(["sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS"],
                           cwd=bundle, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
