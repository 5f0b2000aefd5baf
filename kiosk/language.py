"""Which language the kiosk speaks right now, for texts Qt's translator cannot reach.

Screen texts go through Qt (`qsTr`, `QCoreApplication.translate`). Two kinds
of text do not: the core's error lines (`LibraryError.message_vi`, with an
English `str()` beside it) and lines the core builds itself. They follow the
installed translation: the English catalog translates the marker "vi" to
"en", so whatever translation is installed decides — no second setting to
keep in step.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from library.errors import LibraryError


def current() -> str:
    """The language shown: "vi" (the source) or the installed translation's code."""
    # The English catalog translates this marker to "en".
    return QCoreApplication.translate("Language", "vi")


def error_text(error: LibraryError) -> str:
    """The error's line for people: Vietnamese, or its English text otherwise."""
    return error.message_vi if current() == "vi" else str(error)
