"""Café sách 4.0 core: catalog, search, documents, repository, speech, QR, stats.

Nothing in this package imports Qt or the kiosk; it is usable from a script,
the command line or a server. Loading it hides the password of a server's address
in every log record of the process and in every traceback Python prints on its own
(`address_passwords`): the core's sync lines name the server, and no log of a station
may carry its password. Every program of the project (`cafesach`, the kiosk, the
panel, the children they start) loads it first, so this is their one place for it.
"""

from .address_passwords import hide_in_log_records, hide_in_tracebacks

__version__ = "0.1.0"

hide_in_log_records()
hide_in_tracebacks()
