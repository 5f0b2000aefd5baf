"""Documents: open, render and read PDF, EPUB, XPS, CBZ and images in a worker process.

Public API in `library.documents.api`; callers never import PyMuPDF.
"""

from .api import (
    DocumentEngine,
    DocumentInfo,
    MediaInfo,
    PageWords,
    RenderedPage,
    Strip,
    TocEntry,
    Word,
    WorkerUnavailable,
    default_engine,
    is_tall,
    mark_broken,
    set_default_engine,
    strip_layout,
)

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
