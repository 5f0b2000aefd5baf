"""Which language the kiosk speaks right now, for texts Qt's translator cannot reach.

Screen texts go through Qt (`qsTr`, `QCoreApplication.translate`). Two kinds
of text do not: the core's error lines (`LibraryError.message_vi`, with an
English `str()` beside it) and lines the core builds itself. They follow the
installed translation: the English catalog translates the marker "vi" to
"en", so whatever translation is installed decides — no second setting to
keep in step.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from library.address_passwords import hidden
from library.errors import LibraryError

log = logging.getLogger(__name__)


def current() -> str:
    """The language shown: "vi" (the source) or the installed translation's code."""
    # The English catalog translates this marker to "en".
    return QCoreApplication.translate("Language", "vi")


def error_text(error: LibraryError) -> str:
    """The error's line for people: Vietnamese, or its English text otherwise. Every
    screen says the core's errors through it, so it hides an address's password: a
    failed sync's line names the server (`library.address_passwords`)."""
    return hidden(error.message_vi if current() == "vi" else str(error))


def failure_text(error: BaseException, what: str) -> str:
    """A background job's failure as the librarian reads it: an expected one in its own
    line; anything else logged with its traceback (so «Lỗi gần đây» and the technician
    see what `what` met) and said as «Lỗi không mong đợi.»."""
    if isinstance(error, LibraryError):
        return error_text(error)
    log.error("%s failed", what, exc_info=error)
    return QCoreApplication.translate("Language", "Lỗi không mong đợi.")


def wait_text(seconds: float) -> str:
    """A wait as people say it: «45 giây» under a minute and a half, else «3 phút»
    (a PIN throttle, a busy server's Retry-After)."""
    seconds = max(1, round(seconds))
    if seconds < 90:
        return QCoreApplication.translate("Language", "%n giây", None, seconds)
    minutes = round(seconds / 60)
    return QCoreApplication.translate("Language", "%n phút", None, minutes)
