"""Infographic zoom benchmark: what a zoom step on a big picture costs the worker.

Builds a 4000×4000 PNG at run time (stripes, so it compresses like a real poster) and
draws it as the reader's zoom steps do, at 1080×1080: 1.0, 1.5, 2.0, 3.0, back to 1.0,
1.5 and 2.0 (a visitor zooming in, out and in again). Times each step through
`reader.render`, which keeps the page drawn last loaded (`reader._kept_page`), against
the same steps with the page loaded again for each (the reference: the picture decoded
at every step, as before). The first step (the first decode) is left out of both.
Median of the steps, best of 3 rounds. Target: the kept page ≤ 0.5× the reference.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pymupdf

from library.documents import reader

SIDE = 4000
STEPS = (1.0, 1.5, 2.0, 3.0, 1.0, 1.5, 2.0)
TARGET = 0.5


def _picture(folder: Path) -> Path:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, SIDE, SIDE), False)
    pix.set_rect(pix.irect, (245, 240, 230))
    for x in range(0, SIDE, 50):
        pix.set_rect(pymupdf.IRect(x, 0, x + 25, SIDE), (x % 255, 90, 160))
    for y in range(0, SIDE, 400):
        pix.set_rect(pymupdf.IRect(0, y, SIDE, y + 60), (20, 60, 40))
    path = folder / "infographic.png"
    path.write_bytes(pix.tobytes("png"))
    return path


def _steps(path: Path, *, kept: bool) -> float:
    """Median seconds of a zoom step after the first, best of 3 rounds."""
    load = reader._kept_page if kept else reader._page
    best = float("inf")
    for _ in range(3):
        doc = reader.open_document(path)
        original = reader._kept_page
        reader._kept_page = load  # type: ignore[assignment]
        try:
            times = []
            for zoom in STEPS:
                started = time.perf_counter()
                reader.render(doc, 1, 1080, 1080, zoom)
                times.append(time.perf_counter() - started)
        finally:
            reader._kept_page = original  # type: ignore[assignment]
            doc.close()
        best = min(best, statistics.median(times[1:]))
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = _picture(Path(folder))
        reloaded = _steps(path, kept=False)
        kept = _steps(path, kept=True)
    ratio = kept / reloaded
    print(f"zoom step on a {SIDE}×{SIDE} PNG at 1080×1080: page kept {kept * 1e3:.0f} ms, "
          f"loaded again each step {reloaded * 1e3:.0f} ms ({ratio:.2f}×; target ≤ {TARGET}×)")
    if ratio > TARGET:
        print(f"target missed: zoom step {ratio:.2f}× > {TARGET}×", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
