"""`bench/kiosk.py --launch-only N`: a count that is no count is said in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "kiosk.py"


@pytest.mark.parametrize("runs", ["x", "0", "-3", "1.5"])
def test_a_launch_count_that_is_no_count_is_refused_in_one_line(runs: str) -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--launch-only", runs],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"bench/kiosk.py: --launch-only takes a number of launches (1 or more), not {runs!r}"]
    assert done.stdout == ""
