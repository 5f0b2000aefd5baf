"""The `cafesach` console command run inside the test process (fast, and capsys sees it)."""

from __future__ import annotations

import pytest

from kiosk.main import main


def cafesach(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `cafesach ARGS…`; return (exit code, stdout, stderr)."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err
