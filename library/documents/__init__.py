"""Documents: open, render and read PDF, EPUB, XPS, CBZ and images in a worker process.

Public API in `library.documents.api` (re-exported here); callers never import PyMuPDF.
"""

from .api import *  # noqa: F403  (the names are api.__all__)
from .api import __all__  # noqa: F401
