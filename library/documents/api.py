"""The document engine's public API: what callers see, never PyMuPDF itself.

Everything MuPDF does (open, count pages, render, read text) happens in a
separate worker process, because a hostile or broken file may crash or hang
MuPDF and the kiosk must only ever see a clear `DocumentError` and a
restarted worker. Results come back as `concurrent.futures.Future`s so the
kiosk can hand them to its GUI thread and the CLI can simply wait.
Pages travel as raw pixel bytes with their dimensions — never PNG on the
hot path — so a page turn is one copy into a QImage.

The types live in `model`, the engine in `engine`; this module is the one
place callers import from.
"""

from __future__ import annotations

from .engine import DocumentEngine, default_engine, mark_broken, set_default_engine
from .model import DocumentInfo, MediaInfo, PageWords, RenderedPage, TocEntry, Word
from .process import WorkerUnavailable
from .strip import Strip, is_tall, strip_layout

__all__ = [
    "DocumentEngine",
    "DocumentInfo",
    "MediaInfo",
    "PageWords",
    "RenderedPage",
    "Strip",
    "TocEntry",
    "Word",
    "WorkerUnavailable",
    "default_engine",
    "is_tall",
    "mark_broken",
    "set_default_engine",
    "strip_layout",
]
