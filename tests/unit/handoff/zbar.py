"""Reading QR codes back with `zbarimg` (apt zbar-tools), as a phone would.

zbar guesses the text encoding of byte-mode QR data and often guesses a
Japanese one for UTF-8 Vietnamese, so the raw bytes are taken (`-Sbinary`)
and decoded as UTF-8 here. With several symbols in one image the binary
output is their concatenation, so the symbols are also counted (`--xml`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ZBARIMG = shutil.which("zbarimg")


def _run(*args: str) -> bytes:
    if ZBARIMG is None:
        pytest.fail("zbarimg is missing (apt zbar-tools, listed in the Makefile)")
    done = subprocess.run([ZBARIMG, "-q", *args], capture_output=True, timeout=60, check=False)
    if done.returncode not in (0, 4):  # 4: no symbol found
        raise AssertionError(f"zbarimg failed: {done.stderr.decode(errors='replace')}")
    return done.stdout


def count_symbols(image: Path) -> int:
    return _run("--xml", str(image)).count(b"<symbol ")


def decode(image: Path) -> str:
    """The one QR code in `image`, as text."""
    assert count_symbols(image) == 1, f"expected exactly one QR code in {image}"
    return _run("--raw", "-Sbinary", str(image)).decode("utf-8")


def decode_many(image: Path) -> tuple[int, str]:
    """How many codes `image` holds and all their texts run together (order not fixed)."""
    return count_symbols(image), _run("--raw", "-Sbinary", str(image)).decode("utf-8")


def assert_holds_exactly(image: Path, payloads: list[str]) -> None:
    """`image` holds exactly these QR payloads (in any order)."""
    count, joined = decode_many(image)
    assert count == len(payloads), (count, payloads)
    assert len(joined) == sum(len(p) for p in payloads), joined
    rest = joined
    for payload in sorted(payloads, key=len, reverse=True):
        assert payload in rest, (payload, joined)
        rest = rest.replace(payload, "", 1)
    assert rest == ""
