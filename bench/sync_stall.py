"""Sync while visitors read: does a timed sync freeze the kiosk's screen?

Builds a signed repository of 25,000 realistic items (the metadata of
`bench/index_limits.py`: long Vietnamese titles and summaries, tags, chunk
lists; ≈ 57 MB of index, the size `MAX_ITEMS` items take), served on
127.0.0.1 by Python's http.server in a process of its own. Object sizes are
scaled down 1024× with a chunk size of 4 KiB, so every item keeps its chunk
list while the few dozen distinct files download in moments: what is measured
is the index and the import, not the network.

The kiosk's application object is started offscreen (as `bench/kiosk.py`
does) on the demo library, with the librarian panel's `ContentController`
over it; its timed sync (`syncAutomatically`, the slot the station's timer
calls) imports the whole repository. Meanwhile the GUI thread records

(a) the longest gap between ticks of a 16 ms QTimer (a frame that is late),
    less the CPU time the keystroke slots of (b) took inside it: that work
    (the search, up to ~50 ms here) is the visitor's own and the same with no
    sync, while a wait for the interpreter lock held by the sync is no CPU time
    of the GUI thread and stays counted; the raw longest gap is printed beside
    it; and
(b) keystroke latency: every 100 ms a key is "typed" into the search
    controller (a Python slot that runs the search); from the moment the key
    is due until its results are set.

Reference, in the same run: the same measures with no sync, before it.
Targets: longest gap during the sync ≤ 100 ms (a tenth of a second is where
a reaction stops feeling immediate; six frames missed are a visible jerk of a
scrolling list), keystroke p95 ≤ 2× the reference. The gaps in which the
kiosk reloads its visitor lists for the new catalog (`KioskApp.refresh_lists`,
when the catalog watch sees the commit: one list a frame, until the frame after
the last one went in) are printed on their own: they are the screens' answer to
a changed catalog, as after `cafesach add`, not the sync's work (`--reload`
measures them, with the same target). Also printed: the kiosk process' peak
memory growth during the sync.
`--on-a-thread` runs the import on a thread of the kiosk (as it ran before)
for comparison. `--reload` measures that reload alone (`measure_reload`): N
items committed from another connection, the GUI thread's longest gap while
the kiosk reloads its lists off that thread, and the same reload on the GUI
thread (as before) part by part.

    .venv/bin/python bench/sync_stall.py [--items N] [--reference-s S] [--on-a-thread]
    .venv/bin/python bench/sync_stall.py --reload [--items N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from library.repository import index as idx  # noqa: E402
from library.repository.keys import PrivateKey  # noqa: E402

SCALE = 1024  # object sizes divided by this ...
CHUNK = 4096  # ... and chunks of 4 KiB: the chunk lists keep their realistic length
VARIANTS = 6  # distinct files per kind (items share them)
TICK_MS = 16
KEY_EVERY_MS = 100
QUERIES = ["chuyen doi so", "dang vien", "nong san", "bao lu", "dich vu cong", "nuoc sach",
           "an toan giao thong", "thu tuc", "cafe sach", "dinh danh", "gia ca"]
STALL_TARGET_MS = 100.0
KEY_RATIO_TARGET = 2.0
MB = 1024 * 1024


def _index_limits():
    """`bench/index_limits.py`, loaded by path (`bench/kiosk.py` would shadow the kiosk)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("index_limits",
                                                  ROOT / "bench" / "index_limits.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

SERVER = """
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_port, flush=True)
server.serve_forever()
"""


# -- the repository -------------------------------------------------------------------
def tiny_png(number: int) -> bytes:
    """A valid 2×3 PNG of its own colour (covers must decode, as real ones do)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colour = bytes([(number * 40) % 256, 120, 200 - number * 20])
    rows = b"".join(b"\0" + colour * 2 for _ in range(3))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _put(repo: Path, data: bytes) -> dict:
    """Store `data` as an object of the repository; its reference (with chunk list)."""
    sha = hashlib.sha256(data).hexdigest()
    path = repo / "objects" / sha[:2] / sha[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    ref: dict = {"sha256": sha, "size": len(data)}
    if len(data) > CHUNK:
        ref["chunks"] = [hashlib.sha256(data[i:i + CHUNK]).hexdigest()
                         for i in range(0, len(data), CHUNK)]
    return ref


def build_repository(repo: Path, count: int, key: PrivateKey) -> int:
    """Write a signed repository of `count` realistic items to `repo`; the index size."""
    limits = _index_limits()
    rng = random.Random(11)
    order = limits.kinds(count)
    rng.shuffle(order)
    pools: dict[str, list[dict]] = {}

    def pool(name: str, make) -> dict:
        if name not in pools:
            pools[name] = [_put(repo, make(n)) for n in range(VARIANTS)]
        return rng.choice(pools[name])

    items = []
    for number, kind in enumerate(order):
        entry = limits.item(rng, number, kind)
        size = max(1, entry["object"]["size"] // SCALE)
        entry["object"] = pool(f"object-{kind}-{size.bit_length()}",
                               lambda n, k=kind, s=size: f"{k}{n}".encode().ljust(s, b"."))
        entry["cover"] = pool("cover", tiny_png)
        if entry["text"] is not None:
            entry["text"] = pool("text", lambda n: json.dumps(
                [f"Trang {p} của tài liệu mẫu số {n}: chuyển đổi số ở xã." for p in range(4)],
                ensure_ascii=False).encode())
        items.append(entry)
    signed = {"format": idx.FORMAT, "repository": "vn.lamdong.thuvien",
              "title": "Thư viện tỉnh", "version": 1, "created": idx.iso(idx.utc_now()),
              "expires": "2099-01-01T00:00:00Z", "chunk_size": CHUNK, "keys": {},
              "rotations": [], "revocations": [], "items": items, "extensions": {}}
    raw = idx.sign(signed, key)
    (repo / idx.INDEX_NAME).write_bytes(raw)
    return len(raw)


def serve(repo: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(repo)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


# -- measuring in the GUI thread --------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Probe:
    """Records tick gaps and keystroke latencies while the event loop runs."""

    def __init__(self, search, reloading=lambda: False) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.search = search
        #: Whether the kiosk is still putting a reload's lists on its screens (one list a
        #: frame, `KioskApp.lists_reading`): those frames are the reload's, not the sync's.
        self.reloading = reloading
        self.in_reload: list[bool] = []  # for each gap: one of the reload's frames
        self._reload_open = False
        self.gaps: list[float] = []  # between ticks, less the keystrokes' own work in them
        self.raw_gaps: list[float] = []
        self.ends: list[float] = []  # when each gap ended
        self.reloads: list[float] = []  # when the visitor lists were reloaded
        self.keys: list[float] = []
        self._last = 0.0
        self._own = 0.0  # CPU seconds the keystroke slots took since the last tick
        self._typed = iter(())
        self._due = 0.0
        self.tick = QTimer()
        self.tick.setTimerType(Qt.TimerType.PreciseTimer)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._on_tick)
        self.key = QTimer()
        self.key.setTimerType(Qt.TimerType.PreciseTimer)
        self.key.setSingleShot(True)
        self.key.timeout.connect(self._on_key)

    def start(self) -> None:
        self.gaps, self.raw_gaps, self.keys, self.ends, self.reloads = [], [], [], [], []
        self.in_reload, self._reload_open = [], False
        self._last, self._own = time.perf_counter(), 0.0
        self.tick.start()
        self._arm()

    def stop(self) -> None:
        self.tick.stop()
        self.key.stop()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.raw_gaps.append((now - self._last) * 1000)
        self.gaps.append((now - self._last - self._own) * 1000)
        self.ends.append(now)
        # a reload's frames: from its start until the frame after its last list went in
        # (that frame makes the list's new cards)
        self.in_reload.append(self._reload_open)
        if self._reload_open and not self.reloading():
            self._reload_open = False
        self._last, self._own = now, 0.0

    def reloaded(self) -> None:
        """Connected after the kiosk's own `reload_lists`: it has just run."""
        self.reloads.append(time.perf_counter())
        self._reload_open = True

    def _arm(self) -> None:
        self._due = time.perf_counter() + KEY_EVERY_MS / 1000
        self.key.start(KEY_EVERY_MS)

    def _next_key(self) -> str | None:
        for ch in self._typed:
            return ch
        return None

    def _on_key(self) -> None:
        ch = self._next_key()
        if ch is None:  # a query typed in full: the visitor starts the next one
            self.search.clear()
            self._typed = iter(random.choice(QUERIES))
            ch = self._next_key()
        began = time.thread_time()  # CPU time of this thread: waiting for the GIL is not
        self.search.typeKey(ch)  # the slot runs the search and sets the results
        self.keys.append((time.perf_counter() - self._due) * 1000)
        self._own += time.thread_time() - began
        self._arm()

    def summary(self) -> dict[str, float]:
        # the gaps in which the visitor lists were reloaded for the new catalog (the
        # kiosk's answer to the commit, `KioskApp.reload_lists`, not the sync's own work)
        reload = [gap for gap, end, frame in zip(self.gaps, self.ends, self.in_reload,
                                                 strict=True)
                  if frame or any(end - gap / 1000 <= mark <= end for mark in self.reloads)]
        other = [gap for gap in self.gaps if gap not in reload]
        return {"gap_max": max(self.gaps), "gap_p99": percentile(self.gaps, 99),
                "raw_gap_max": max(self.raw_gaps), "reload_gap": max(reload, default=0.0),
                "other_gap_max": max(other),
                "key_p50": statistics.median(self.keys), "key_p95": percentile(self.keys, 95),
                "key_max": max(self.keys), "ticks": len(self.gaps), "keys": len(self.keys)}


def catalog_item(entry: dict):
    """An index entry of `bench/index_limits.py` as a catalog item (what the import puts)."""
    from library.catalog import Item

    return Item(id=entry["id"], title=entry["title"], kind=entry["kind"],
                authors=tuple(entry["authors"]), publisher=entry["publisher"],
                tags=tuple(entry["tags"]), summary=entry["summary"],
                published=entry["published"], media_type=entry["media_type"],
                body=entry["body"], page_count=entry["page_count"],
                public_url=entry["public_url"], duration_s=entry["duration_s"])


def measure_reload(count: int) -> int:
    """The reload alone: the kiosk's answer to a commit of `count` new items.

    The items are committed from a connection of their own (as the sync's child
    process does); then the catalog watch sees the commit and the kiosk reloads
    its visitor lists (`KioskApp.refresh_lists`: read on the task thread, swapped
    in on the GUI thread) while the probe records the GUI thread's longest gap.
    Reference, in the same run, after one more commit: every list read on the GUI
    thread (`KioskApp.reload_lists`, how the watch reloaded before), timed part by
    part. The new path goes first, on the catalog as the big commit left it (its
    pages least in memory), the reference after it: the order favours the reference.
    """
    from shiboken6 import getCppPointer

    from kiosk.app import KioskApp, read_lists
    from kiosk.touch import pump, wait_until
    from library.catalog import Catalog
    from library.demo import load_demo
    from library.paths import DataPaths

    limits = _index_limits()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data").ensure()
        catalog = Catalog.open(paths)
        load_demo(catalog)
        kiosk = KioskApp(catalog, paths=paths)
        kiosk.show(fullscreen=False, size=(1920, 1080))
        wait_until(kiosk.screens_ready, 30)
        kiosk.visit.openCollection("new")  # a visitor browsing the newest items
        pump(1000)
        started = time.perf_counter()
        order = limits.kinds(count)
        rng.shuffle(order)
        with Catalog.open(paths) as sync, sync.atomic():
            for number, kind in enumerate(order):
                sync.put(catalog_item(limits.item(rng, number, kind)))
        print(f"committed {count:,} items from another connection "
              f"in {time.perf_counter() - started:.0f} s")
        kiosk.watch.stop()  # the bench looks itself, at a known moment
        probe = Probe(kiosk.search)
        kiosk.watch.changed.connect(probe.reloaded)
        # the GUI thread's part: each list read swapped into its model (one per frame; the
        # search's, run again, is the probe's keystrokes' too: not timed apart)
        steps: dict[str, float] = {}
        stepped: dict[str, float] = {}  # when each began

        def timed(owner, method: str, name: str) -> None:
            swap_in = getattr(owner, method)

            def step(*args):
                began = time.perf_counter()
                done = swap_in(*args)
                steps[name] = (time.perf_counter() - began) * 1000
                stepped[name] = began
                return done

            setattr(owner, method, step)

        for owner, method, name in ((kiosk.browse, "show_page", "browse grid"),
                                    (kiosk.collections, "show_counts", "tiles"),
                                    (kiosk.visit, "show_home", "home shelves")):
            timed(owner, method, name)
        cards = kiosk.find("browseGrid").property("contentItem")

        def card_addresses() -> set[int]:  # the C++ objects: Python wrappers come and go
            return {getCppPointer(card)[0] for card in cards.childItems()}

        cards_before = card_addresses()

        def settled() -> bool:
            return not kiosk.lists_reading and kiosk.tasks.pending == 0

        probe.start()  # reference: the same screen with nothing to reload
        pump(3000)
        probe.stop()
        quiet = probe.summary()
        probe.start()
        pump(500)
        started = time.perf_counter()
        kiosk.watch.check()  # what its timer does every 5 s
        wait_until(settled, 60)
        reached = time.perf_counter() - started
        pump(500)
        probe.stop()
        new = probe.summary()
        longest = max(range(len(probe.gaps)), key=probe.gaps.__getitem__)
        gap_end = (probe.ends[longest] - started) * 1000  # after the watch's look
        gap_start = gap_end - probe.raw_gaps[longest]
        for owner, method, _name in ((kiosk.browse, "show_page", ""),
                                     (kiosk.collections, "show_counts", ""),
                                     (kiosk.visit, "show_home", "")):
            delattr(owner, method)  # the class's own again
        made = len(card_addresses() - cards_before)
        shown = kiosk.browse.model.property("total")

        probe.start()  # reference: a visitor's own tap on another collection (its
        pump(500)      # query and the frame that draws a grid of new cards)
        kiosk.visit.openCollection("book")
        pump(700)
        probe.stop()
        tap = probe.summary()
        kiosk.visit.openCollection("new")
        pump(500)

        with Catalog.open(paths) as sync:  # one more commit, for the reference
            sync.set_state("bench.reload", "again")
        began = time.perf_counter()
        lists = read_lists(paths.catalog_db, kiosk.browse.query(), 0)
        read_alone = time.perf_counter() - began
        parts: dict[str, float] = {}
        probe.start()
        pump(500)
        kiosk.watch.catch_up()
        for name, fn in (("collections", kiosk.collections.refresh),
                         ("home shelves", kiosk.visit.refresh),
                         ("browse grid", kiosk.browse.reload),
                         ("search", kiosk.search.refresh)):
            began = time.perf_counter()
            fn()
            parts[name] = (time.perf_counter() - began) * 1000
        probe.reloaded()
        pump(500)
        probe.stop()
        before = probe.summary()
        kiosk.close()
        catalog.close()
    if shown < count or lists.browse.total < count:
        raise SystemExit(f"the browse grid does not list the commit ({shown} items)")
    print(f"reload on the task thread (refresh_lists): longest GUI gap {new['gap_max']:.0f} ms "
          f"(target ≤ {STALL_TARGET_MS:.0f}), lists on screen {reached * 1000:.0f} ms after "
          f"the watch's look; the read alone {read_alone * 1000:.0f} ms on its own connection")
    print("  each list swapped in (one per frame, in this order): "
          + ", ".join(f"{name} {ms:.0f} ms" for name, ms in steps.items())
          + f"; the grid made {made} new cards")
    print(f"  the longest gap from {gap_start:.0f} to {gap_end:.0f} ms after the look; the lists "
          "went in at " + ", ".join(f"{(at - started) * 1000:.0f}" for at in stepped.values())
          + " ms")
    print(f"references: 3 s of the same screen with no reload: longest GUI gap "
          f"{quiet['gap_max']:.0f} ms; a tap opening another collection: "
          f"{tap['gap_max']:.0f} ms")
    print(f"reload on the GUI thread (reload_lists, as before): longest GUI gap "
          f"{before['reload_gap']:.0f} ms; parts: "
          + ", ".join(f"{name} {ms:.0f} ms" for name, ms in parts.items()))
    return 0 if new["gap_max"] <= STALL_TARGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=idx.MAX_ITEMS)
    parser.add_argument("--reference-s", type=float, default=8.0)
    parser.add_argument("--on-a-thread", action="store_true",
                        help="run the import on a thread of the kiosk instead of its own "
                             "process (how the station synced before), for comparison")
    parser.add_argument("--reload", action="store_true",
                        help="measure only the visitor lists' reload after a commit of "
                             "--items new items (no repository, no sync)")
    args = parser.parse_args()

    from kiosk.run_command import prepare_qt_environment

    prepare_qt_environment(offscreen=True)  # as `cafesach run --tour` (and bench/kiosk.py)
    if args.reload:
        return measure_reload(args.items)
    from kiosk.admin.content import ContentController
    from kiosk.app import KioskApp
    from kiosk.touch import pump, wait_until
    from library.catalog import Catalog
    from library.config import Config
    from library.demo import load_demo
    from library.paths import DataPaths
    from library.repository.trust import TrustStore

    if args.on_a_thread:
        from library.repository import importer, worker

        def on_a_thread(paths: DataPaths, target: str, **options) -> importer.ImportResult:
            with Catalog.open(paths) as own:
                return importer.import_from(paths, own, target, **options)

        worker.import_in_child = on_a_thread  # what the panel calls, looked up at each sync
    random.seed(5)
    with tempfile.TemporaryDirectory() as tmp:
        key = PrivateKey.generate()
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        size = build_repository(repo, args.items, key)
        print(f"repository: {args.items:,} items, index {size / MB:.1f} MB "
              f"(built in {time.perf_counter() - started:.0f} s)")
        server, port = serve(repo)
        try:
            paths = DataPaths(Path(tmp) / "data").ensure()
            catalog = Catalog.open(paths)
            load_demo(catalog)
            with catalog.atomic():
                TrustStore(catalog).add(key.public, name="Sở VHTTDL")
            config = Config.load(paths.config_file)
            config.set("sync", "server_url", f"http://127.0.0.1:{port}/")
            config.set("sync", "interval_min", 0)  # the bench starts the timed sync itself
            kiosk = KioskApp(catalog, config=config, paths=paths)
            kiosk.show(fullscreen=False, size=(1920, 1080))
            content = ContentController(paths, catalog, config, kiosk.tasks)
            kiosk.visit.openSearch()
            pump(500)
            probe = Probe(kiosk.search, lambda: kiosk.lists_reading)
            kiosk.watch.changed.connect(probe.reloaded)
            probe.start()  # warming up: the first results and covers painted
            pump(2000)
            probe.stop()

            probe.start()
            pump(int(args.reference_s * 1000))
            probe.stop()
            reference = probe.summary()

            rss_before = peak_rss_mb()
            probe.start()
            started = time.perf_counter()
            content.syncAutomatically()  # what the station's timer calls
            if not wait_until(lambda: not content.busy, 900):
                raise SystemExit("the sync did not finish in 15 minutes")
            took = time.perf_counter() - started
            probe.stop()
            during = probe.summary()
            rss_growth = peak_rss_mb() - rss_before
            added = catalog.count(include_hidden=True)
            kiosk.close()
        finally:
            server.terminate()
            server.wait()
    if added < args.items:
        raise SystemExit(f"the sync did not import the repository ({added} items)")
    print(f"sync: {took:.1f} s, {added:,} items in the catalog afterwards")
    for name, r in (("reference (no sync)", reference), ("during the sync", during)):
        print(f"{name:>20}: longest tick gap {r['gap_max']:6.0f} ms (p99 {r['gap_p99']:.0f}; "
              f"{r['raw_gap_max']:.0f} with the keystrokes' own work), "
              f"keystroke p50 {r['key_p50']:5.1f} ms, p95 {r['key_p95']:6.1f} ms, "
              f"max {r['key_max']:6.0f} ms ({r['ticks']:.0f} ticks, {r['keys']:.0f} keys)")
    reload = (f"{during['reload_gap']:.0f} ms" if during["reload_gap"] else
              "not within the sync (the catalog watch fired after it)")
    print(f"the visitor lists reloaded for the new catalog after the commit "
          f"(KioskApp.refresh_lists, its frames until the last list is in): {reload}")
    ratio = during["key_p95"] / max(reference["key_p95"], 1e-6)
    print(f"longest gap during the sync, its reload apart: {during['other_gap_max']:.0f} ms "
          f"(target ≤ {STALL_TARGET_MS:.0f}); keystroke p95 {ratio:.2f}× the reference "
          f"(target ≤ {KEY_RATIO_TARGET:.0f}×); kiosk process peak memory "
          f"+{rss_growth:.0f} MB during the sync")
    met = during["other_gap_max"] <= STALL_TARGET_MS and ratio <= KEY_RATIO_TARGET
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
