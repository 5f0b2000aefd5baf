"""Kiosk benchmark: launch, keystroke → results painted, swipe → page painted, memory.

1. Launch → home screen's first frame, in a fresh process each time (median
   of 11), against a minimal PySide6 QML window (an ApplicationWindow with one
   Vietnamese Text) launched the same way, alternating, in the same run. The
   kiosk child imports the catalog before the kiosk, as `cafesach run` does.
   Targets: ≤ 1.0 s, and ≤ 1.5× the minimal window. The project's sources are
   byte-compiled first, as on a station (see `compile_sources`).
2. Keystroke → results painted: a key typed into the search controller until
   the window has swapped a frame showing the new results; p95 over every
   keystroke of 12 queries typed letter by letter (target ≤ 50 ms).
3. Swipe → next page painted: the next page, already prefetched by the
   document engine, until its frame is swapped; p95 over every page of the
   demo's PDFs, forward then back, each document's turns starting once the
   reader has finished opening (its 160 ms fade); target ≤ 16 ms.
4. RSS of the kiosk process after opening 100 documents (target ≤ 300 MB),
   with the document worker's RSS beside it.

Runs offscreen with Qt Quick's software renderer (what the UI tests use),
on the demo library in a temporary data folder.

`--launch-only [N]` measures only the launch (1.), N alternations (11 by
default), and prints each pair's ratio beside the medians: on a busy host the
ratio of pairs launched side by side says more than either time.

`--documents N` measures only the keystrokes (2.), on the demo library plus N
generated documents (a province's library is larger than the demo; the
documents are made as `bench/search.py` makes its catalog): every result list
is then full (30 hits, "more than 30") and every card has text to shorten.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["chuyen doi so", "dang vien", "nong san", "bao lu", "dich vu cong", "nuoc sach",
           "an toan giao thong", "thu tuc", "chuyeenr ddooir", "cafe sach", "dinh danh",
           "gia ca"]

MINIMAL_QML = """
import QtQuick
import QtQuick.Controls.Basic
ApplicationWindow {
    width: 1920; height: 1080; visible: true
    Text {
        anchors.centerIn: parent; font.pixelSize: 48
        text: "Xin chào! Đảng viên, chuyển đổi số"
    }
}
"""


#: Launches of each program, alternating (single launches vary by ±30 % here).
LAUNCH_RUNS = 11


def _env() -> dict[str, str]:
    """The environment with what Qt needs offscreen, set as `cafesach run --tour` sets it."""
    from kiosk.run_command import prepare_qt_environment

    prepare_qt_environment(offscreen=True)
    return dict(os.environ)


# -- child processes: print "shown" at the first swapped frame ------------------------
def child_minimal() -> None:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow  # noqa: F401 - roots come back as QQuickWindow
    from PySide6.QtWidgets import QApplication

    from library.paths import font_files

    app = QApplication(sys.argv[:1])
    QFontDatabase.addApplicationFont(str(font_files()[0]))
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(MINIMAL_QML.encode()))
    window = engine.rootObjects()[0]
    window.frameSwapped.connect(lambda: (print("shown", flush=True), app.quit()))
    app.exec()


def child_kiosk(data: str) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    paths = DataPaths(Path(data))
    catalog = Catalog.open(paths)  # as `cafesach run`: the station's catalog, then Qt
    from kiosk.app import KioskApp

    kiosk = KioskApp(catalog, paths=paths)
    kiosk.window.frameSwapped.connect(lambda: (print("shown", flush=True), kiosk.qapp.quit()))
    kiosk.show(fullscreen=False, size=(1920, 1080))
    kiosk.qapp.exec()
    os._exit(0)  # the measurement is done; skip the teardown


def launch_time(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=_env(), cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{args} never showed a frame")
    proc.wait(timeout=30)
    return elapsed


# -- in-process measurements ----------------------------------------------------------------
def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def settled(swapped: list[int], quiet_ms: int = 100, timeout_s: float = 5) -> None:
    """Wait until no frame has been painted for `quiet_ms` (animations are over)."""
    from kiosk.touch import pump

    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        before = swapped[0]
        pump(quiet_ms)
        if swapped[0] == before:
            return


def keystrokes(kiosk, painted_after) -> list[float]:
    """Each key of every query typed into the search screen → its results painted (ms)."""
    from kiosk.touch import pump

    kiosk.visit.openSearch()
    pump(300)
    keys: list[float] = []
    for query in QUERIES:
        kiosk.search.clear()
        pump(30)
        for ch in query:
            keys.append(painted_after(lambda ch=ch: kiosk.search.typeKey(ch)))
    return keys


def in_process(data: Path, *, keys_only: bool = False) -> dict[str, float]:
    from kiosk.app import KioskApp
    from kiosk.touch import pump, wait_until
    from library.catalog import Catalog
    from library.paths import DataPaths

    os.environ.update(_env())
    paths = DataPaths(data)
    catalog = Catalog.open(paths)
    kiosk = KioskApp(catalog, paths=paths)
    kiosk.show(fullscreen=False, size=(1920, 1080))
    window = kiosk.window
    swapped = [0]
    window.frameSwapped.connect(lambda: swapped.__setitem__(0, swapped[0] + 1))
    pump(500)

    def painted_after(action) -> float:
        before = swapped[0]
        start = time.perf_counter()
        action()
        if not wait_until(lambda: swapped[0] > before, 5):
            raise RuntimeError("no frame was painted")
        return (time.perf_counter() - start) * 1000

    rss_start = rss_mb()
    keys = keystrokes(kiosk, painted_after)
    result = {"key_p50": statistics.median(keys), "key_p95": percentile(keys, 95),
              "key_n": len(keys)}
    if keys_only:
        kiosk.close()
        kiosk.reader.shutdown()
        return result
    # page turns from prefetch
    books = [i for i in catalog.items(limit=200) if i.media_type == "application/pdf"]
    turns: list[float] = []
    for book in books:
        kiosk.visit.read(book.id, 1)
        wait_until(lambda: kiosk.reader.imagePage == 1, 20)
        settled(swapped)  # the reader's 160 ms fade-in is over, as when a visitor swipes
        # forward to the end, then back to the start: every turn finds its page prefetched
        forward = [(page, kiosk.reader.next) for page in range(2, book.page_count + 1)]
        back = [(page, kiosk.reader.previous) for page in range(book.page_count - 1, 0, -1)]
        for page, turn in forward + back:
            # the prefetched neighbour, already a QImage (what a visitor's swipe finds)
            wait_until(lambda page=page: kiosk.pages.has(kiosk.reader._key(page, 1.0)), 10)
            turns.append(painted_after(turn))
            if kiosk.reader.imagePage != page:
                raise RuntimeError("the turned page was not ready in the same frame")
        kiosk.visit.back()
    # memory after 100 documents
    docs = [i for i in catalog.items(limit=200) if i.kind != "bulletin"]
    for n in range(100):
        item = docs[n % len(docs)]
        kiosk.visit.read(item.id, 1 + n % max(1, item.page_count))
        wait_until(lambda: kiosk.reader.imagePage > 0 or kiosk.reader.mode == "broken", 20)
        pump(5)
        kiosk.visit.home()
    pump(300)
    worker = kiosk.reader.engine().worker_pid()
    result.update({
        "turn_p50": statistics.median(turns), "turn_p95": percentile(turns, 95),
        "turn_n": len(turns),
        "rss_mb": rss_mb(), "rss_start_mb": rss_start,
        "worker_rss_mb": rss_mb(worker) if worker else float("nan"),
    })
    kiosk.close()
    kiosk.reader.shutdown()
    return result


def add_documents(catalog, count: int, seed: int = 7) -> None:
    """`count` generated Vietnamese documents (title, tags, two pages of ~1 KB), made from
    `bench/search.py`'s vocabulary the way that benchmark makes its catalog."""
    import random

    from bench.search import VOCABULARY as vocabulary
    from library.catalog import Item

    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(vocabulary))]
    rng.shuffle(weights)
    with catalog.atomic():
        for n in range(count):
            title = " ".join(rng.choices(vocabulary, weights, k=rng.randint(4, 9))).capitalize()
            words = rng.choices(vocabulary, weights, k=420)
            text = " ".join(" ".join(words[i:i + 14]).capitalize() + "."
                            for i in range(0, len(words), 14))
            catalog.put(Item(id=f"doc-{n}", title=title, kind="book",
                             tags=tuple(rng.choices(vocabulary, k=2))),
                        [text[: len(text) // 2], text[len(text) // 2:]])


def larger_catalog(count: int) -> int:
    """Keystroke → results painted on the demo library plus `count` documents."""
    from library.catalog import Catalog
    from library.demo import load_demo
    from library.paths import DataPaths

    with tempfile.TemporaryDirectory(prefix="cafesach-bench-") as tmp:
        data = Path(tmp) / "data"
        paths = DataPaths(data).ensure()
        start = time.perf_counter()
        with Catalog.open(paths) as catalog:
            load_demo(catalog)
            add_documents(catalog, count)
        print(f"catalog: the demo + {count:,} documents ({time.perf_counter() - start:.0f} s)")
        figures = in_process(data, keys_only=True)
    print(f"keystroke → painted   p50 {figures['key_p50']:.1f} ms  p95 {figures['key_p95']:.1f} ms"
          f"  ({figures['key_n']} keys, {count:,} more documents)   target p95 ≤ 50 ms")
    ok = figures["key_p95"] <= 50
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


def compile_sources() -> None:
    """Byte-compile the project's changed sources, as a station has them compiled.

    Why: where PYTHONDONTWRITEBYTECODE is set, a source changed since the last
    `make bytecode` is compiled again at every launch, and the launch would time
    the compiler (20 ms for the reader controller alone) instead of the kiosk.
    """
    import compileall

    for folder in ("library", "kiosk"):
        compileall.compile_dir(ROOT / folder, quiet=2)


def launches(data: Path, runs: int) -> tuple[list[float], list[float]]:
    """Kiosk and minimal window launched `runs` times each, alternating (after one of each
    to warm the OS file cache): the kiosk's times, the minimal window's."""
    compile_sources()
    launch_time(["--child", "kiosk", str(data)])
    launch_time(["--child", "minimal"])
    kiosk_times, minimal_times = [], []
    for _ in range(runs):  # alternating, so a busy moment hits both alike
        kiosk_times.append(launch_time(["--child", "kiosk", str(data)]))
        minimal_times.append(launch_time(["--child", "minimal"]))
    return kiosk_times, minimal_times


def demo_station(tmp: str) -> Path:
    """A data folder in `tmp` holding the demo library."""
    from library.catalog import Catalog
    from library.demo import load_demo
    from library.paths import DataPaths

    data = Path(tmp) / "data"
    with Catalog.open(DataPaths(data).ensure()) as catalog:
        load_demo(catalog)
    return data


def launch_only(runs: int) -> int:
    """Only the launch against the minimal window, with the ratio of each pair."""
    with tempfile.TemporaryDirectory(prefix="cafesach-bench-") as tmp:
        kiosk_times, minimal_times = launches(demo_station(tmp), runs)
    pairs = sorted(k / m for k, m in zip(kiosk_times, minimal_times, strict=True))
    kiosk_s, minimal_s = statistics.median(kiosk_times), statistics.median(minimal_times)
    ratio = kiosk_s / minimal_s
    print(f"launch → home shown   {kiosk_s:.3f} s (median of {runs}, min {min(kiosk_times):.3f})")
    print(f"minimal QML window    {minimal_s:.3f} s (min {min(minimal_times):.3f})   "
          f"ratio {ratio:.2f}×   target ≤ 1.5×")
    print(f"ratio of each pair    median {statistics.median(pairs):.2f}×  "
          f"({pairs[0]:.2f}–{pairs[-1]:.2f}×)")
    return 0 if ratio <= 1.5 else 1


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--documents":
        return larger_catalog(int(sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] == "--launch-only":
        runs = sys.argv[2] if len(sys.argv) > 2 else str(LAUNCH_RUNS)
        if not (runs.isascii() and runs.isdigit() and int(runs) > 0):
            print(f"bench/kiosk.py: --launch-only takes a number of launches (1 or more), "
                  f"not {runs!r}", file=sys.stderr)
            return 2
        return launch_only(int(runs))
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        if sys.argv[2] == "minimal":
            child_minimal()
        else:
            child_kiosk(sys.argv[3])
        return 0
    with tempfile.TemporaryDirectory(prefix="cafesach-bench-") as tmp:
        data = demo_station(tmp)
        kiosk_times, minimal_times = launches(data, LAUNCH_RUNS)
        kiosk_s, minimal_s = statistics.median(kiosk_times), statistics.median(minimal_times)
        ratio = kiosk_s / minimal_s
        print(f"launch → home shown   {kiosk_s:.3f} s (median of {LAUNCH_RUNS}, "
              f"min {min(kiosk_times):.3f})   target ≤ 1.0 s")
        print(f"minimal QML window    {minimal_s:.3f} s (min {min(minimal_times):.3f})   "
              f"ratio {ratio:.2f}×   target ≤ 1.5×")
        figures = in_process(data)
    print(f"keystroke → painted   p50 {figures['key_p50']:.1f} ms  p95 {figures['key_p95']:.1f} ms"
          f"  ({figures['key_n']} keys)   target p95 ≤ 50 ms")
    print(f"swipe → page painted  p50 {figures['turn_p50']:.1f} ms"
          f"  p95 {figures['turn_p95']:.1f} ms"
          f"  ({figures['turn_n']} turns, prefetched)   target p95 ≤ 16 ms")
    print(f"RSS after 100 docs    {figures['rss_mb']:.0f} MB (at start "
          f"{figures['rss_start_mb']:.0f} MB; document worker "
          f"{figures['worker_rss_mb']:.0f} MB)   target ≤ 300 MB")
    ok = (kiosk_s <= 1.0 and ratio <= 1.5 and figures["key_p95"] <= 50
          and figures["turn_p95"] <= 16 and figures["rss_mb"] <= 300)
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
