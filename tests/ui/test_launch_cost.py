"""What the kiosk does before its first frame, checked in a fresh process.

The launch target (home screen ≤ 1.5× a bare QML window) rests on work kept
out of the way of the first frame. These tests pin that down as behaviour,
so a later import cannot quietly add it back: PySide's `Qt` namespace (all
its enums built on first use) and QEvent (its `Type` enum, likewise), modules
only some screens need (ctypes too, for the heap's pin), the home screen's
covers, and Qt's
image plugins (without a named format Qt opens every one of them, the PDF
and SVG ones included, to ask which can read a file).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from library.paths import DataPaths

#: Modules the home screen does not need: none may be loaded by its first frame.
NOT_AT_LAUNCH = ("hashlib", "html", "csv", "tomli_w", "zoneinfo", "sqlite_utils", "pymupdf",
                 "concurrent.futures", "mimetypes", "PySide6.QtQuickControls2",
                 "library.documents.api", "library.extract", "ctypes")

LAUNCH = """
import json, os, sys
from pathlib import Path
from library.catalog import Catalog
from library.paths import DataPaths
catalog = Catalog.open(DataPaths(Path(sys.argv[1])))
from kiosk.app import KioskApp
import PySide6.QtCore as QtCore
kiosk = KioskApp(catalog, paths=DataPaths(Path(sys.argv[1])))
def first_frame():
    print(json.dumps({"qt_namespace": "Qt" in vars(QtCore), "qevent": "QEvent" in vars(QtCore),
                      "modules": [m for m in sys.argv[2:] if m in sys.modules]}), flush=True)
    os._exit(0)
kiosk.window.frameSwapped.connect(first_frame)
kiosk.show(fullscreen=False, size=(1920, 1080))
kiosk.qapp.exec()
"""

AFTER_FIRST_FRAME = """
import json, os, sys
from pathlib import Path
from library.catalog import Catalog
from library.paths import DataPaths
catalog = Catalog.open(DataPaths(Path(sys.argv[1])))
import kiosk.app
from kiosk.app import KioskApp, items_named
from PySide6.QtCore import QTimer
pinned = []
kiosk.app.pin_mmap_threshold = lambda: pinned.append(True) or True
kiosk = KioskApp(catalog, paths=DataPaths(Path(sys.argv[1])))
shelf = kiosk.find("featuredShelfList")
def covers():
    # the home shelf's cover images (a card's Image: an item with a `sourceSize`)
    images = [i for i in items_named(shelf, "") if i.property("sourceSize") is not None]
    return [(i.property("source").toString(), i.property("progress")) for i in images]
seen = {}
def first_frame():
    kiosk.window.frameSwapped.disconnect(first_frame)
    seen["at_first_frame"] = [url for url, _ in covers() if url]
    seen["pinned_at_first_frame"] = len(pinned)
    poll()
def poll():
    later = covers()
    if later and all(url and progress == 1.0 for url, progress in later):
        seen["later"] = len(later)
        seen["pinned_later"] = len(pinned)
        print(json.dumps(seen), flush=True)
        os._exit(0)
    QTimer.singleShot(20, poll)
kiosk.window.frameSwapped.connect(first_frame)
kiosk.show(fullscreen=False, size=(1920, 1080))
QTimer.singleShot(60_000, lambda: os._exit(3))
kiosk.qapp.exec()
"""

LOAD_COVERS = """
import json, sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication, QImage
from library.objects import ObjectStore
app = QGuiApplication([])
store = ObjectStore(Path(sys.argv[1]))
# as Qt's image loader reads a file URL: by its name, no format given
sizes = [QImage(str(store.named(sha))).size().toTuple() for sha in sys.argv[2:]]
maps = open("/proc/self/maps").read()
plugins = sorted({line.rsplit("/", 1)[-1] for line in maps.splitlines() if "imageformats" in line})
print(json.dumps({"sizes": sizes, "plugins": plugins}))
"""


def _run(script: str, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_first_frame_needs_no_qt_enums_and_no_screen_only_modules(
        station_paths: DataPaths) -> None:
    seen = _run(LAUNCH, str(station_paths.root), *NOT_AT_LAUNCH)
    assert seen["qt_namespace"] is False
    assert seen["qevent"] is False  # loading the class builds its 180-member Type enum
    assert seen["modules"] == []


def test_covers_and_the_heap_pin_come_right_after_the_first_frame(
        station_paths: DataPaths) -> None:
    """The featured shelf's first frame asks for no cover (their decoding would compete
    with it for the processor); every cover is loaded right after it. The C heap's mmap
    threshold is pinned right after it too, once (before any document can open)."""
    seen = _run(AFTER_FIRST_FRAME, str(station_paths.root))
    assert seen["at_first_frame"] == []
    assert seen["later"] >= 3
    assert (seen["pinned_at_first_frame"], seen["pinned_later"]) == (0, 1)


def test_covers_load_without_probing_every_image_plugin(tmp_path: Path) -> None:
    import pymupdf

    from library.objects import ObjectStore

    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 30, 40), False)
    pix.set_rect(pix.irect, (200, 40, 40))
    store = ObjectStore(tmp_path / "objects")
    png, jpeg = store.add_bytes(pix.tobytes("png")), store.add_bytes(pix.tobytes("jpeg"))
    seen = _run(LOAD_COVERS, str(store.root), png, jpeg)
    assert seen["sizes"] == [[30, 40], [30, 40]]
    assert seen["plugins"] == ["libqjpeg.so"]  # PNG is built into Qt; JPEG needs its plugin
