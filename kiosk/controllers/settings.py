"""What the visitor may change on any screen: text size, contrast, volume.

`Volume` is the one volume every sound in the kiosk reads (the audio player
and video bind to `effective`); it starts from `station.volume` in the config.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot


class Display(QObject):
    """Large text and high contrast (reset to the configured defaults when idle)."""

    changed = Signal()

    def __init__(self, *, large_text: bool = False, high_contrast: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._defaults = (large_text, high_contrast)
        self._large, self._contrast = large_text, high_contrast

    def _get_large(self) -> bool:
        return self._large

    def _set_large(self, on: bool) -> None:
        if on != self._large:
            self._large = bool(on)
            self.changed.emit()

    largeText = Property(bool, _get_large, _set_large, notify=changed)

    def _get_contrast(self) -> bool:
        return self._contrast

    def _set_contrast(self, on: bool) -> None:
        if on != self._contrast:
            self._contrast = bool(on)
            self.changed.emit()

    highContrast = Property(bool, _get_contrast, _set_contrast, notify=changed)

    @Slot()
    def reset(self) -> None:
        self._large, self._contrast = self._defaults
        self.changed.emit()


class Volume(QObject):
    """Level 0..100 and mute; `effective` (0..1) is what players use."""

    changed = Signal()
    stopAll = Signal()  # the idle reset: every player stops

    def __init__(self, level: int = 80, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._level = max(0, min(100, int(level)))
        self._muted = False

    def _get_level(self) -> int:
        return self._level

    def _set_level(self, level: int) -> None:
        level = max(0, min(100, int(level)))
        if level != self._level:
            self._level = level
            self.changed.emit()

    level = Property(int, _get_level, _set_level, notify=changed)

    def _get_muted(self) -> bool:
        return self._muted

    def _set_muted(self, on: bool) -> None:
        if bool(on) != self._muted:
            self._muted = bool(on)
            self.changed.emit()

    muted = Property(bool, _get_muted, _set_muted, notify=changed)

    def _get_effective(self) -> float:
        return 0.0 if self._muted else self._level / 100.0

    effective = Property(float, _get_effective, notify=changed)

    @Slot()
    def toggleMute(self) -> None:
        self._set_muted(not self._muted)

    @Slot(int)
    def step(self, delta: int) -> None:
        self._set_level(self._level + delta)
        if delta > 0:
            self._set_muted(False)
