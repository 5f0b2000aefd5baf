"""Documents: open, render and read PDF, EPUB, XPS, CBZ and images in a worker process.

Public API in `library.documents.api`; callers never import PyMuPDF.
"""

from .api import (
    DocumentEngine,
    DocumentInfo,
    MediaInfo,
    PageWords,
    RenderedPage,
    TocEntry,
    Word,
    default_engine,
    mark_broken,
    set_default_engine,
)

__all__ = [
    "DocumentEngine", "DocumentInfo", "MediaInfo", "PageWords", "RenderedPage", "TocEntry",
    "Word", "default_engine", "mark_broken", "set_default_engine",
]
