"""Run a block with the kiosk's English translation installed (as `station.language = "en"`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def english() -> Iterator[None]:
    from PySide6.QtCore import QCoreApplication

    from kiosk.app import load_translation

    app = QCoreApplication.instance()
    assert app is not None
    translator = load_translation(app, "en")
    assert translator is not None, "kiosk/i18n/cafesach_en.qm did not load"
    try:
        yield
    finally:
        app.removeTranslator(translator)
