"""Document engine benchmark: cold render vs `mutool draw`, page turns, restarts, memory.

Builds four PDFs at run time — text-heavy, image-heavy, scanned-like (three
scans taking turns) and a scanned book (a scan of its own on every page) —
and in the same run:
- cold render per page through the worker (pages not cached, document
  already open) vs `mutool draw` on the same pages at the same size, both
  drawing RGB pixels into memory;
  mutool's process start is subtracted: one call draws every page, and the
  time of a call that draws a blank one-page document at 1 dpi is taken off;
- warm page turn: time to get page N+1 after `prefetch(N)` had its time;
- worker restart after a SIGKILL, until it answers again;
- RSS (caller + worker) over 1,000 page turns with prefetch.
Targets: cold ≤ 1.0× mutool per page; page turn p95 ≤ 16 ms; RSS growth
< 10 %; restart ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pymupdf  # only to build the test documents

from library.documents import DocumentEngine
from library.errors import DocumentError
from library.paths import font_files

SIZES = [(1920, 1080), (1080, 1920)]
_PHRASES = ("chuyển đổi số đảng viên nhân dân chính quyền địa phương dịch vụ công trực tuyến "
            "nước sạch nông thôn mới hợp tác xã phòng chống thiên tai an toàn giao thông")
WORDS = _PHRASES.split()


def _photo(rng: random.Random, width: int, height: int, gray: bool = False) -> bytes:
    """A JPEG with gradients and noise, so it compresses and decodes like a photo."""
    cs = pymupdf.csGRAY if gray else pymupdf.csRGB
    n = 1 if gray else 3
    rows = []
    for y in range(height):
        row = bytearray(width * n)
        base = (y * 255) // height
        for x in range(0, width * n, 8):
            row[x] = (base + (x * 97 // (width * n)) + rng.randrange(40)) & 0xFF
        rows.append(bytes(row))
    pix = pymupdf.Pixmap(cs, width, height, b"".join(rows), False)
    return pix.tobytes("jpeg", jpg_quality=80)


def build_pdfs(folder: Path, pages: int) -> dict[str, Path]:
    rng = random.Random(11)
    font = str(font_files()[0])
    made = {}

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=font)
        text = " ".join(rng.choice(WORDS) for _ in range(900))
        page.insert_textbox(pymupdf.Rect(36, 36, 559, 806), text, fontname="vn", fontsize=8)
    made["text-heavy"] = folder / "text.pdf"
    doc.save(made["text-heavy"], garbage=3, deflate=True)

    doc = pymupdf.open()
    photos = [_photo(rng, 1600, 1200) for _ in range(4)]
    for index in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=font)
        page.insert_image(pymupdf.Rect(36, 36, 559, 430), stream=photos[index % 4])
        page.insert_image(pymupdf.Rect(36, 440, 559, 760), stream=photos[(index + 1) % 4])
        page.insert_text((36, 790), " ".join(WORDS[:12]), fontname="vn", fontsize=10)
    made["image-heavy"] = folder / "images.pdf"
    doc.save(made["image-heavy"], garbage=3, deflate=True)

    doc = pymupdf.open()
    scans = [_photo(rng, 1654, 2339, gray=True) for _ in range(3)]  # A4 at 200 dpi
    for index in range(pages):
        doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), stream=scans[index % 3])
    made["scanned-like"] = folder / "scanned.pdf"
    doc.save(made["scanned-like"], garbage=3, deflate=True)

    # A scanned book as the province digitizes them: a scan of its own on every page.
    # Above, three scans take turns, so after page 3 both sides draw from their decoded
    # images and the page's cost is scaling; here every page is decoded too.
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842),
                                    stream=_photo(rng, 1654, 2339, gray=True))
    made["scanned book"] = folder / "scanned-book.pdf"
    doc.save(made["scanned book"], garbage=3, deflate=True)
    return made


def pathological_pdf(path: Path, rectangles: int = 1_000_000) -> Path:
    """A real page that takes MuPDF many seconds: a million filled rectangles (~6 MB file)."""
    rng = random.Random(5)
    ops = ["0.2 0.4 0.6 rg"] + [
        f"{rng.randrange(595)} {rng.randrange(842)} {rng.randrange(1, 40)} "
        f"{rng.randrange(1, 40)} re f" for _ in range(rectangles)]
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((10, 10), ".")
    doc.update_stream(page.get_contents()[0], "\n".join(ops).encode())
    doc.save(path, deflate=True)
    return path


def _timed(command: list[str]) -> tuple[float, int]:
    """(seconds, page faults) of a command run to its end."""
    faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - start
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - faults


def _mutool(pdf: Path, last: int, width: int, height: int) -> tuple[float, int]:
    """(seconds, page faults) for `mutool draw` to draw pages 1…last in RGB, as the
    kiosk shows them.

    No `-o`: mutool then draws each page into an RGB pixmap in memory and
    writes nothing, which is what the worker does. (With `-o x.pnm` it
    would draw in grey, a third of the bytes, and also write them.)
    """
    return _timed(["mutool", "draw", "-q", "-w", str(width), "-h", str(height),
                   str(pdf), f"1-{last}"])


def mutool_start(blank: Path) -> tuple[float, int]:
    """mutool's fixed cost: start, open a document, draw a blank page at 1 dpi."""
    return _timed(["mutool", "draw", "-q", "-r", "1", str(blank), "1"])


def minor_faults(pid: int) -> int:
    """Page faults a process has taken so far (Linux), each a page the kernel had to map."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def blank_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page()
    doc.save(path)
    return path


def _worker(engine: DocumentEngine, pdf: Path, pages: int, width: int,
            height: int) -> tuple[float, float, int]:
    """(seconds for all pages as the caller sees them, seconds MuPDF drew in the worker,
    the worker's page faults meanwhile)."""
    engine.info(pdf).result()  # opened first, as mutool's subtraction removes its open
    drawn = engine.worker.render_seconds
    pid = engine.worker_pid()
    assert pid is not None
    faults = minor_faults(pid)
    start = time.perf_counter()
    for number in range(1, pages + 1):
        engine.render(pdf, number, width, height).result()
    took = time.perf_counter() - start
    return took, engine.worker.render_seconds - drawn, minor_faults(pid) - faults


def cold_per_page(engine: DocumentEngine, pdf: Path, pages: int, width: int, height: int,
                  work: Path, rounds: int = 5) -> tuple[float, float, float, int, int]:
    """(worker, MuPDF inside the worker, mutool) seconds per page, best of interleaved
    rounds, and (worker, mutool) page faults per page, fewest of the rounds.

    Each worker round opens a fresh copy of the file, so nothing MuPDF
    decoded in an earlier round (images, fonts) is reused — as for mutool,
    which starts afresh each call. Both sides count every page, the first
    one's font loading and image decoding included; mutool's process start
    is taken off: (time for all pages − time to start) / pages.
    """
    blank = work / "blank.pdf"
    if not blank.exists():
        blank_pdf(blank)
    ours, drawn, start, many, our_faults, their_faults = [], [], [], [], [], []
    for index in range(rounds):
        copy = work / f"{pdf.stem}-{width}x{height}-{index}.pdf"
        shutil.copyfile(pdf, copy)
        total, inside, faults = _worker(engine, copy, pages, width, height)
        ours.append(total / pages)
        drawn.append(inside / pages)
        our_faults.append(faults // pages)
        started, start_faults = mutool_start(blank)
        start.append(started)
        took, faults = _mutool(pdf, pages, width, height)
        many.append(took)
        their_faults.append(max(0, faults - start_faults) // pages)
    return (min(ours), min(drawn), (min(many) - min(start)) / pages, min(our_faults),
            min(their_faults))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def page_turns(engine: DocumentEngine, pdf: Path, pages: int, turns: int,
               width: int, height: int) -> list[float]:
    """Seconds to have page N+1 in hand after prefetch(N) had its time (a reader's pause)."""
    times = []
    number = 1
    direction = 1
    engine.render(pdf, number, width, height).result()
    engine.prefetch(pdf, number, width, height)
    for _ in range(turns):
        engine.wait_idle()  # the visitor reads the page meanwhile
        if not 1 <= number + direction <= pages:
            direction = -direction
        number += direction
        start = time.perf_counter()
        page = engine.cached(pdf, number, width, height)
        if page is None:
            page = engine.render(pdf, number, width, height).result()
        times.append(time.perf_counter() - start)
        engine.prefetch(pdf, number, width, height)
    return times


def engine_rss_kib(engine: DocumentEngine) -> int:
    """RSS of this process, the worker and its standby."""
    spare = engine.worker._spare
    pids = [os.getpid(), engine.worker_pid() or 0] + ([spare[0].pid or 0] if spare else [])
    return sum(rss_kib(pid) for pid in pids if pid)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def restart_times(engine: DocumentEngine, pdf: Path, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        engine.text(pdf, 1).result()
        engine.wait_idle()
        spare = engine.worker._spare
        if spare is not None:  # the standby has had its time to start, as on a kiosk
            spare[1].poll(30)
        victim = engine.worker_pid()
        assert victim is not None
        os.kill(victim, signal.SIGKILL)
        engine.worker._process.join(5)
        start = time.perf_counter()
        engine.text(pdf, 1).result()  # restarts the dead worker and answers
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--turns", type=int, default=1000)
    args = parser.parse_args()
    if shutil.which("mutool") is None:
        print("mutool not found (apt install mupdf-tools)", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="cafesach-bench-render-"))
    failures = []
    try:
        print(f"building PDFs ({args.pages} pages each)…", flush=True)
        pdfs = build_pdfs(work, args.pages)
        print("\ncold render per page (ms): through the worker (and MuPDF's drawing inside it)"
              " vs mutool draw")
        print(f"{'document':<14} {'size':<10} {'worker':>8} {'drawing':>8} {'mutool':>8} "
              f"{'ratio':>6} {'drawing':>8}   page faults a page: worker / mutool")
        with DocumentEngine(cache_dir=None) as engine:
            for name, pdf in pdfs.items():
                for width, height in SIZES:
                    ours, inside, ref, our_faults, their_faults = cold_per_page(
                        engine, pdf, args.pages, width, height, work)
                    ratio = ours / ref
                    print(f"{name:<14} {width}x{height:<5} {ours * 1e3:8.1f} {inside * 1e3:8.1f} "
                          f"{ref * 1e3:8.1f} {ratio:5.2f}x {inside / ref:7.2f}x   "
                          f"{our_faults:5d} / {their_faults:5d}", flush=True)
                    if ratio > 1.0:
                        failures.append(f"cold {name} {width}x{height}: {ratio:.2f}x mutool")

        with DocumentEngine(cache_dir=work / "cache") as engine:
            pdf = pdfs["text-heavy"]
            times = page_turns(engine, pdf, args.pages, 200, 1080, 1920)
            p95 = percentile(times, 0.95) * 1e3
            print(f"\nwarm page turn from prefetch (1080x1920, 200 turns): "
                  f"p50 {statistics.median(times) * 1e3:.3f} ms, p95 {p95:.3f} ms, "
                  f"max {max(times) * 1e3:.3f} ms")
            if p95 > 16:
                failures.append(f"page turn p95 {p95:.1f} ms")
        with DocumentEngine(cache_dir=work / "cache") as cold_memory:
            start = time.perf_counter()
            for number in range(1, args.pages + 1):
                cold_memory.render(pdfs["text-heavy"], number, 1080, 1920).result()
            disk = (time.perf_counter() - start) / args.pages * 1e3
            print(f"page from the disk cache (new engine, 1080x1920): {disk:.2f} ms per page "
                  f"(worker requests: {cold_memory.worker.requests})")

        print()
        for standby in (True, False):
            with DocumentEngine(cache_dir=None, standby_worker=standby) as engine:
                times = restart_times(engine, pdfs["text-heavy"], 5)
            median, worst = statistics.median(times) * 1e3, max(times) * 1e3
            how = "standby worker takes over" if standby else "fresh spawn (no standby)"
            print(f"worker restart after SIGKILL until it answers, {how} (5 rounds): "
                  f"median {median:.1f} ms, max {worst:.1f} ms")
            if standby and median > 500:
                failures.append(f"restart {median:.0f} ms")

        with DocumentEngine(cache_dir=None, timeout_s=2.0) as engine:
            slow = pathological_pdf(work / "slow.pdf")
            start = time.perf_counter()
            try:
                engine.render(slow, 1, 1080, 1920).result()
                print("\npathological page: rendered within the timeout (machine too fast?)")
            except DocumentError as exc:
                given_up = time.perf_counter() - start
                start = time.perf_counter()
                engine.render(pdfs["text-heavy"], 1, 1080, 1920).result()
                after = time.perf_counter() - start
                print(f"\npathological page (a million rectangles), timeout 2 s: "
                      f"DocumentError after {given_up:.2f} s ({exc}); next page from the "
                      f"restarted worker in {after * 1e3:.0f} ms")

        # A memory cache smaller than the document and no disk cache: the turns keep
        # the worker drawing (prefetch) and the caller allocating and freeing pages.
        with DocumentEngine(cache_dir=None, memory_cache_mb=48) as engine:
            pdf = pdfs["image-heavy"]
            page_turns(engine, pdf, args.pages, 100, 1080, 1920)  # caches reach steady state
            before = engine_rss_kib(engine)
            drawn = engine.worker.requests
            page_turns(engine, pdf, args.pages, args.turns, 1080, 1920)
            after = engine_rss_kib(engine)
            drawn = engine.worker.requests - drawn
            growth = (after - before) / before * 100
            print(f"\nRSS caller+worker+standby over {args.turns} page turns "
                  f"(image-heavy, 1080x1920, 48 MiB page cache, {drawn} worker requests): "
                  f"{before / 1024:.0f} MiB → {after / 1024:.0f} MiB ({growth:+.1f} %)")
            if growth >= 10:
                failures.append(f"RSS growth {growth:.1f} %")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    if failures:
        print("MISSED TARGETS: " + "; ".join(failures))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
