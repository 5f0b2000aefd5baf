"""Café sách 4.0 core: catalog, search, documents, repository, speech, QR, stats.

Nothing in this package imports Qt or the kiosk; it is usable from a script,
the command line or a server.
"""

__version__ = "0.1.0"
