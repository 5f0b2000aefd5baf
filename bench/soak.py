"""A day at the station: hundreds of visitors, each ended by the idle reset; nothing may grow.

The real kiosk (`KioskApp` with its parts: phone handoff, listening, the
librarian panel) runs offscreen in a child process, on the demo library
plus what a province adds: a few PDFs, an EPUB, a tall poster, a video
clip (when ffmpeg is there) and a bulletin. Each visitor:

  home → a collection → a detail screen (its QR card) → the reader: turns
  pages, zooms in and out, drags the page slider (thumbnails), searches
  inside the document, has a page read aloud and stops it → back → types a
  Vietnamese search from home (Telex, key by key) → opens a result → the
  idle reset, called as the idle watch calls it (its timer's `timeout`),
  then the attract loop and a touch that wakes it.

Every `EVERY` visitors the child records its RSS, each child process's RSS
(document worker, speech worker), open file descriptors, threads, child
processes, files under the data folder's `cache/` and `staging/`, files in
its own temporary folder (the kiosk runs with `TMPDIR` pointing at an empty
folder, so every temporary file it or its workers make lands there), the
QQuickItems under the window, the QObjects in the QML engine's tree and
Python's live objects.

Reference: the same kiosk after `WARM_UP` visitors (caches filled, every
screen built). Targets: RSS grows < 10 % over the remaining visitors; fds,
threads, processes, shared memory, QML items and temporary files flat (the
later half of the day never above the earlier half: a pool reaching its
size plateaus, a leak climbs); the page and speech caches within their caps
(set small here, `PAGE_CACHE_MB` and `SPEECH_CACHE_MB`, so the day fills
them many times over); nothing of the kiosk's left in /dev/shm after it exits.
At the end the RSS is read again once QML's and Python's garbage is
collected and glibc has returned its free heap, to tell garbage from leaks.

`.venv/bin/python bench/soak.py [VISITORS]` (default 300).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VISITORS = 300
WARM_UP = 50
EVERY = 25
#: The caches' caps for the day, small so that a few hundred visitors fill them many times
#: over (a province's library fills the default 512 MB and 300 MB the same way).
PAGE_CACHE_MB = 24
SPEECH_CACHE_MB = 1
SIZE = (1920, 1080)
#: Typed as a visitor types them on the on-screen keyboard (Telex, no marks, or marks).
TYPED = ["chuyeenr ddooir soos", "dang vien", "ddaangr vieen", "bao lu", "cafe sach",
         "nong san", "dichj vuj coong"]
FIND = ["chuyen", "so", "trang", "dang"]


# -- the library ---------------------------------------------------------------------------
def _pdf(path: Path, title: str, pages: list[str]) -> Path:
    import pymupdf

    from library.paths import font_files

    font = str(font_files()[0])
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="noto", fontfile=font)
        page.insert_textbox(pymupdf.Rect(50, 60, 545, 800), text, fontname="noto", fontsize=13)
    doc.set_metadata({"title": title})
    doc.save(path)
    doc.close()
    return path


def _epub(path: Path, chapters: list[str]) -> Path:
    """A small EPUB 2 (one chapter a spine entry)."""
    items = "".join(f"<item id='c{n}' href='c{n}.xhtml' media-type='application/xhtml+xml'/>"
                    for n in range(len(chapters)))
    spine = "".join(f"<itemref idref='c{n}'/>" for n in range(len(chapters)))
    opf = ("<?xml version='1.0' encoding='utf-8'?>"
           "<package xmlns='http://www.idpf.org/2007/opf' version='2.0' unique-identifier='id'>"
           "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'>"
           "<dc:title>Sổ tay nông dân số</dc:title><dc:language>vi</dc:language>"
           "<dc:identifier id='id'>so-tay</dc:identifier></metadata>"
           f"<manifest>{items}</manifest><spine>{spine}</spine></package>")
    container = ("<?xml version='1.0'?><container version='1.0' "
                 "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
                 "<rootfile full-path='content.opf' "
                 "media-type='application/oebps-package+xml'/></rootfiles></container>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("content.opf", opf)
        for n, text in enumerate(chapters):
            zf.writestr(f"c{n}.xhtml", "<?xml version='1.0' encoding='utf-8'?>"
                        "<html xmlns='http://www.w3.org/1999/xhtml'><body>"
                        + "".join(f"<p>{line}</p>" for line in text.split("\n"))
                        + "</body></html>")
    return path


def _poster(path: Path, width: int = 1080, height: int = 7200) -> Path:
    """A tall scroll poster: stripes of colour (a PNG)."""
    import pymupdf

    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    colours = [(200, 40, 40), (40, 160, 60), (30, 90, 200), (230, 190, 30), (120, 60, 160)]
    stripe = height // len(colours)
    for n, colour in enumerate(colours):
        pix.set_rect(pymupdf.IRect(0, n * stripe, width, (n + 1) * stripe), colour)
    pix.save(str(path))
    return path


def _video(path: Path) -> Path | None:
    if shutil.which("ffmpeg") is None:
        return None
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=5:duration=20", "-pix_fmt", "yuv420p", str(path)],
                   check=True, timeout=120)
    return path


PARAGRAPH = ("Chuyển đổi số là cơ hội để bà con nông dân đưa nông sản lên sàn thương mại "
             "điện tử. Đảng viên ở thôn, bản gương mẫu đi đầu, hướng dẫn bà con dùng điện "
             "thoại thông minh, thanh toán không dùng tiền mặt và tra cứu dịch vụ công. ")


def build_library(data: Path, work: Path) -> dict[str, int]:
    """The demo library plus the province's own documents; counts by kind."""
    from library.catalog import Catalog, Item
    from library.config import Config
    from library.demo import load_demo
    from library.paths import DataPaths

    paths = DataPaths(data).ensure()
    config = Config.load(paths.config_file)
    config.set("documents", "disk_cache_mb", PAGE_CACHE_MB)
    config.set("speech", "cache_mb", SPEECH_CACHE_MB)
    config.save()
    with Catalog.open(paths) as catalog:
        load_demo(catalog)
        for n, title in enumerate(["Cẩm nang chuyển đổi số cho hộ kinh doanh",
                                   "Hỏi đáp về dịch vụ công trực tuyến",
                                   "Kỹ thuật trồng lúa an toàn"]):
            pages = [f"Trang {p + 1}. {title}.\n" + PARAGRAPH * 6 for p in range(12)]
            catalog.add_file(_pdf(work / f"sach-{n}.pdf", title, pages), kind="book")
        catalog.add_file(_epub(work / "so-tay.epub", [
            f"Chương {c + 1}: trang trại số.\n" + PARAGRAPH * 5 for c in range(6)]), kind="book")
        # put as it is (a picture has no text to extract; reading it for one takes ~15 s)
        sha, size = catalog.objects.add_file(_poster(work / "ap-phich.png"))
        catalog.put(Item(id="ap-phich-lu-quet", kind="infographic", sha256=sha, size=size,
                         title="Áp phích: phòng chống lũ quét và sạt lở đất", page_count=1,
                         media_type="image/png", filename="ap-phich.png"))
        clip = _video(work / "huong-dan.mp4")
        if clip is not None:
            catalog.add_file(clip, kind="video", title="Video: cài ứng dụng định danh điện tử")
        catalog.put(Item(id="ban-tin-soak", title="Bản tin chợ: giá nông sản hôm nay",
                         kind="bulletin", body=("Giá lúa hôm nay tăng nhẹ. Bà con chú ý "
                                                "lịch tiêm phòng cho đàn gia súc. ") * 3))
        return catalog.kind_counts()


# -- looking at the kiosk process ------------------------------------------------------------
def rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def threads(pid: int | str = "self") -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def fds(pid: int | str = "self") -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def children(pid: int) -> list[int]:
    """Every live descendant of `pid` (zombies included: an unreaped child is a leak too)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return sorted(out)


def files_under(folder: Path) -> tuple[int, int]:
    """(files, bytes) under `folder`."""
    count = size = 0
    if folder.is_dir():
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    count += 1
                    size += path.stat().st_size
            except OSError:
                continue
    return count, size


def qml_counts(kiosk) -> tuple[int, int]:
    """(QQuickItems in the window's visual tree, QObjects under the window)."""
    from PySide6.QtCore import QObject

    stack, items = [kiosk.window.contentItem()], 0
    while stack:
        item = stack.pop()
        items += 1
        stack.extend(item.childItems())
    return items, len(kiosk.window.findChildren(QObject))


def shm_names(pids: list[int]) -> set[str]:
    """Names in /dev/shm these processes have mapped: the page arena, multiprocessing's
    semaphores (other programs' segments there are not counted)."""
    names = set()
    for pid in pids:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        names.update(line.rsplit("/dev/shm/", 1)[1].removesuffix(" (deleted)")
                     for line in maps.splitlines() if "/dev/shm/" in line)
    return names


def sample(kiosk, audio, paths, tmp: Path, visitors: int, started: float) -> dict:
    import gc

    me = os.getpid()
    kids = children(me)
    roles = {kiosk.reader.engine().worker_pid(): "document"}
    if audio is not None:
        roles[audio.worker.pid] = "speech"
    named = {str(pid): {"kind": roles.get(pid, "other"), "rss": rss_mb(pid)} for pid in kids}
    items, qobjects = qml_counts(kiosk)
    shm = shm_names([me, *kids])
    cache_files, cache_bytes = files_under(paths.cache)
    staging_files, _ = files_under(paths.staging)
    tmp_files, _ = files_under(tmp)
    return {"visitors": visitors, "t": round(time.monotonic() - started, 1),
            "rss": rss_mb(), "children": named, "fds": fds(), "threads": threads(),
            "processes": len(kids), "cache_files": cache_files, "cache_mb": cache_bytes / 2**20,
            "speech_mb": files_under(paths.cache / "speech")[1] / 2**20,
            "pages_mb": files_under(paths.cache / "pages")[1] / 2**20,
            "staging": staging_files, "tmp": tmp_files, "items": items, "qobjects": qobjects,
            "shm": len(shm), "shm_names": sorted(shm),
            "py_objects": len(gc.get_objects()), "restarts": kiosk.reader.engine().restarts}


# -- one visitor -------------------------------------------------------------------------------
def visitor(kiosk, audio, n: int, docs: list, pump, wait_until) -> None:
    k = kiosk
    # the visitor just before each measurement is the same one, so the screens they leave
    # behind (lists, results) are alike and the counts compare
    doc = docs[0 if n % EVERY == 0 else n % len(docs)]
    typed = TYPED[0 if n % EVERY == 0 else n % len(TYPED)]
    k.visit.openCollection(doc.kind)
    wait_until(lambda: k.browse.model.rowCount() > 0, 5)
    pump(5)
    k.visit.openItem(doc.id)  # the detail screen, with its QR card
    wait_until(lambda: k.find("handoffQr") is not None, 2)
    pump(5)
    k.visit.read(doc.id, 1)
    wait_until(lambda: k.reader.mode != "none" and (k.reader.imagePage > 0 or k.reader.tall
                                                   or k.reader.mode not in ("pages",)), 20)
    if k.reader.mode == "pages":
        if k.reader.tall:
            wait_until(lambda: bool(k.reader.bands.drawn()), 10)
            k.reader.setStripView(0.3, 0.6)
            pump(20)
        else:
            # each visit of a document reads other pages: the caches keep filling
            start = 1 + (n // len(docs) * 3) % max(1, k.reader.pageCount)
            k.reader.goTo(start)
            wait_until(lambda: k.reader.imagePage == k.reader.page, 10)
            for _ in range(3):
                k.reader.next()
                wait_until(lambda: k.reader.imagePage == k.reader.page, 10)
            k.reader.zoomStep(1)
            wait_until(lambda: k.reader.imagePage == k.reader.page, 10)
            k.reader.zoomStep(-1)
            for page in range(1, k.reader.pageCount + 1, max(1, k.reader.pageCount // 4)):
                k.reader.requestThumb(page)  # the page slider's bubble while dragging
            pump(20)
            for ch in FIND[n % len(FIND)]:  # search inside the document, key by key
                k.find_input.typeKey(ch)
            pump(20)
            k.find_input.clear()
            k.reader.clearFind()
        if audio is not None and audio.listen.available:
            audio.listen.playPage(doc.id, k.reader.page)
            wait_until(lambda: audio.listen.state in ("playing", "error", "idle"), 10)
            pump(30)
            audio.listen.stop()
    elif k.reader.mode == "text" and audio is not None and audio.listen.available:
        audio.listen.playItem(doc.id)
        wait_until(lambda: audio.listen.state in ("playing", "error"), 10)
        pump(30)
        audio.listen.stop()
    else:
        pump(50)  # a video plays a moment
    k.visit.back()
    k.visit.home()
    pump(5)
    k.visit.openSearch()
    for ch in typed:
        k.search.typeKey(ch)
    wait_until(lambda: k.search.resultCount > 0, 5)
    k.visit.openHit(0)
    pump(5)
    k.idle.idle_timer.timeout.emit()  # the idle reset, as the idle watch makes it
    k.idle.attract_timer.timeout.emit()  # then the attract loop
    pump(10)
    k.idle.activity()  # the next visitor touches the screen
    pump(5)


def reclaimable(kiosk) -> dict[str, float]:
    """After the day: RSS once QML's and Python's garbage is collected, then once glibc
    gives its free heap back. What these take off was garbage or free memory not yet
    returned, not a leak."""
    import gc

    from library.glibc import trim_heap

    before = rss_mb()
    kiosk.engine.collectGarbage()
    gc.collect()
    collected = rss_mb()
    trim_heap()  # nothing where there is no glibc
    return {"rss": before, "collected": collected, "trimmed": rss_mb()}


def child(data: str, visitors: int) -> None:
    """The kiosk, driven from its own event loop: each visitor is one turn of `exec()`, so
    what Qt deletes later (screens' parts a Loader let go) goes as in the station."""
    from PySide6.QtCore import QTimer

    from kiosk.app import KioskApp
    from kiosk.parts import install_parts, station_stats
    from kiosk.run_command import prepare_qt_environment
    from kiosk.touch import pump, wait_until
    from library.catalog import Catalog
    from library.config import Config
    from library.paths import DataPaths

    prepare_qt_environment(offscreen=True)
    paths = DataPaths(Path(data))
    tmp = Path(tempfile.gettempdir())
    catalog = Catalog.open(paths)
    config = Config.load(paths.config_file)
    stats = station_stats(paths, config)  # the day's counts, as `cafesach run` keeps them
    kiosk = KioskApp(catalog, config=config, paths=paths, stats=stats)
    kiosk.show(fullscreen=False, size=SIZE)
    kiosk.idle.idle_timer.setInterval(3_600_000)  # the soak calls the reset itself
    parts = install_parts(kiosk, options={"handoff": {"serve": False}})
    audio = parts.get("audio")
    docs = [i for i in catalog.items(limit=500) if i.kind != "bulletin" or i.body]
    state = {"n": 0, "started": time.monotonic(), "resets": 0}
    kiosk.idle.reset.connect(lambda: state.__setitem__("resets", state["resets"] + 1))

    def guarded(fn):
        """A failure ends the run with its traceback (a slot's exception would leave the
        loop waiting for a timer nobody starts)."""
        def run(*args):
            try:
                fn(*args)
            except Exception:
                import traceback

                traceback.print_exc()
                kiosk.qapp.exit(1)
        return run

    @guarded
    def begin() -> None:
        wait_until(kiosk.screens_ready, 30)
        if audio is not None:
            wait_until(lambda: audio.listen.available, 30)
        kiosk.reader.engine().wait_idle(30)
        print(json.dumps({"caps": {"disk_cache_mb": config.get("documents", "disk_cache_mb"),
                                   "speech_cache_mb": config.get("speech", "cache_mb")},
                          "documents": len(docs),
                          "voice": bool(audio and audio.listen.available)}), flush=True)
        state["started"] = time.monotonic()
        print(json.dumps(sample(kiosk, audio, paths, tmp, 0, state["started"])),
              flush=True)
        QTimer.singleShot(20, step)

    @guarded
    def step() -> None:
        n = state["n"] = state["n"] + 1
        visitor(kiosk, audio, n, docs, pump, wait_until)
        QTimer.singleShot(20, lambda: between(n))

    @guarded
    def between(n: int) -> None:
        """The quiet minute before the next visitor, in brief: what the station does once
        nobody is there (its timers' `timeout`, as the reset's is called)."""
        tidy = getattr(kiosk, "tidy_timer", None)
        if tidy is not None and tidy.isActive():
            tidy.stop()
            tidy.timeout.emit()
        if n % EVERY == 0:
            QTimer.singleShot(300, lambda: measure(n))  # the loop settles, as between visitors
        else:
            QTimer.singleShot(20, step)

    @guarded
    def measure(n: int) -> None:
        print(json.dumps({**sample(kiosk, audio, paths, tmp, n, state["started"]),
                          "resets": state["resets"]}), flush=True)
        if n < visitors:
            QTimer.singleShot(20, step)
        else:
            print(json.dumps({"end": True, **reclaimable(kiosk)}), flush=True)
            kiosk.qapp.quit()

    kiosk.after_first_frame(lambda: QTimer.singleShot(50, begin))
    if kiosk.qapp.exec() != 0:
        os._exit(1)
    kiosk.close()
    if audio is not None:
        audio.close()
    close = getattr(stats, "close", None)
    if close is not None:
        close()
    catalog.close()


# -- the report ------------------------------------------------------------------------------
def report(caps: dict, samples: list[dict], left: set[str]) -> bool:
    print(f"{'visitors':>8} {'s':>6} {'RSS MB':>7} {'doc MB':>7} {'voice MB':>8} {'fds':>4}"
          f" {'thr':>4} {'proc':>4} {'cache':>6} {'pages MB':>8} {'speech MB':>9} {'stage':>5}"
          f" {'tmp':>4}"
          f" {'shm':>4} {'items':>6} {'qobj':>6} {'py objs':>8}")
    for s in samples:
        doc = sum(c["rss"] for c in s["children"].values() if c["kind"] == "document")
        voice = sum(c["rss"] for c in s["children"].values() if c["kind"] == "speech")
        print(f"{s['visitors']:>8} {s['t']:>6.0f} {s['rss']:>7.0f} {doc:>7.0f} {voice:>8.0f}"
              f" {s['fds']:>4} {s['threads']:>4} {s['processes']:>4} {s['cache_files']:>6}"
              f" {s['pages_mb']:>8.1f} {s['speech_mb']:>9.1f} {s['staging']:>5} {s['tmp']:>4}"
              f" {s['shm']:>4}"
              f" {s['items']:>6} {s['qobjects']:>6} {s['py_objects']:>8}")
    ref = next((s for s in samples if s["visitors"] >= WARM_UP), samples[-1])
    last = samples[-1]
    growth = (last["rss"] - ref["rss"]) / ref["rss"] * 100
    after = [s for s in samples if s["visitors"] >= ref["visitors"]]
    checks = {
        f"kiosk RSS growth after {ref['visitors']} visitors: {growth:+.1f} % "
        f"({ref['rss']:.0f} → {last['rss']:.0f} MB; target < 10 %)": growth < 10,
    }
    # Flat: the later half of the day never goes above the earlier half. A pool that
    # reaches its size or a page in flight comes and goes; a leak climbs on.
    early, late = after[:(len(after) + 1) // 2], after[(len(after) + 1) // 2:] or after[-1:]
    for key, name in [("fds", "open fds"), ("threads", "threads"),
                      ("processes", "child processes"), ("tmp", "temporary files"),
                      ("staging", "staging files"), ("shm", "shared-memory segments"),
                      ("items", "QQuickItems"),
                      ("qobjects", "QObjects under the window")]:
        first, then = [s[key] for s in early], [s[key] for s in late]
        checks[f"{name}: {min(first)}…{max(first)} up to {early[-1]['visitors']} visitors, "
               f"{min(then)}…{max(then)} after (reference {ref[key]}; target flat)"] = (
            max(then) <= max(first))
    children_rss = {}
    for s in after:
        for c in s["children"].values():
            children_rss.setdefault(c["kind"], []).append(c["rss"])
    for kind, values in children_rss.items():
        print(f"{kind} worker RSS after warm-up: {min(values):.0f}…{max(values):.0f} MB")
    cap = caps["disk_cache_mb"] + caps["speech_cache_mb"]
    top = max(s["cache_mb"] for s in samples)
    checks[f"cache/: at most {top:.1f} MB (cap {caps['disk_cache_mb']} MB pages + "
           f"{caps['speech_cache_mb']} MB speech)"] = top <= cap
    pages_top = max(s["pages_mb"] for s in samples)
    checks[f"page cache: at most {pages_top:.1f} MB (cap {caps['disk_cache_mb']} MB)"] = (
        pages_top <= caps["disk_cache_mb"])
    speech_top = max(s["speech_mb"] for s in samples)
    checks[f"speech cache: at most {speech_top:.1f} MB (cap {caps['speech_cache_mb']} MB)"] = (
        speech_top <= caps["speech_cache_mb"])
    xs, ys = [s["visitors"] for s in late], [s["rss"] for s in late]
    if len(xs) > 1:  # least squares over the later half: a leak is a slope, noise is not
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
                 / sum((x - mx) ** 2 for x in xs))
        print(f"kiosk RSS over the later half: {min(ys):.0f}…{max(ys):.0f} MB, "
              f"{slope * 100:+.1f} MB per 100 visitors")
    print(f"document worker restarts: {last['restarts']}; idle resets: "
          f"{last.get('resets', 0)} for {last['visitors']} visitors")
    objs = [s["py_objects"] for s in after]
    print(f"Python objects after warm-up: {objs[0]} → {objs[-1]} ({objs[-1] - objs[0]:+d})")
    checks[f"idle resets: {last.get('resets', 0)} for {last['visitors']} visitors "
           "(each visitor ended by one)"] = last.get("resets") == last["visitors"]
    checks[f"after the kiosk exited: {len(left)} of its /dev/shm names left "
           f"{sorted(left)[:4]} (target 0)"] = not left
    for text, ok in checks.items():
        print(("  ok    " if ok else "  MISSED ") + text)
    return all(checks.values())


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return 0
    visitors = int(sys.argv[1]) if len(sys.argv) > 1 else VISITORS
    with tempfile.TemporaryDirectory(prefix="cafesach-soak-") as tmp:
        work, data, kiosk_tmp = Path(tmp) / "files", Path(tmp) / "data", Path(tmp) / "tmp"
        work.mkdir()
        kiosk_tmp.mkdir()
        start = time.perf_counter()
        counts = build_library(data, work)
        print(f"library: {sum(counts.values())} items {dict(counts)} "
              f"({time.perf_counter() - start:.0f} s)", flush=True)
        env = {**os.environ, "TMPDIR": str(kiosk_tmp)}
        log = Path(tmp) / "kiosk.log"  # Qt's and the media back end's chatter
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(data), str(visitors)],
                                stdout=subprocess.PIPE, stderr=log.open("w"), text=True,
                                env=env, cwd=ROOT)
        assert proc.stdout is not None
        header = json.loads(proc.stdout.readline() or "{}")
        if not header:
            proc.wait()
            print("the kiosk did not start:\n" + log.read_text()[-3000:], file=sys.stderr)
            return 1
        print(f"{visitors} visitors over {header['documents']} items "
              f"(voice: {'yes' if header['voice'] else 'none'})", flush=True)
        samples, end = [], {}
        for line in proc.stdout:
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            if record.get("end"):
                end = record
                continue
            samples.append(record)
            s = samples[-1]
            print(f"  … {s['visitors']} visitors, {s['t']:.0f} s, RSS {s['rss']:.0f} MB",
                  file=sys.stderr, flush=True)
        code = proc.wait()
        if code != 0 or not samples or samples[-1]["visitors"] != visitors:
            print(f"the kiosk stopped early (exit {code}):\n" + log.read_text()[-3000:],
                  file=sys.stderr)
            return 1
        seen = {name for s in samples for name in s["shm_names"]}
        left = {name for name in seen if Path("/dev/shm", name).exists()}
        ok = report(header["caps"], samples, left)
        if end:
            print(f"after the day: RSS {end['rss']:.0f} MB; {end['collected']:.0f} MB once QML "
                  f"and Python collected their garbage; {end['trimmed']:.0f} MB once glibc "
                  "returned its free heap")
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
