"""Which screen is up, and the way back.

Screens: `home`, `browse`, `search`, `detail`, `reader`, `attract`. QML shows
the screen named by `screen`; only this object changes it, so the tour, the
idle reset and the tests all move through the same door.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

SCREENS = ("home", "browse", "search", "detail", "reader", "attract")


class Navigation(QObject):
    """A small screen stack with `home` at the bottom."""

    screenChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack: list[str] = ["home"]

    def _get_screen(self) -> str:
        return self._stack[-1]

    screen = Property(str, _get_screen, notify=screenChanged)

    def _get_can_back(self) -> bool:
        return len(self._stack) > 1

    canGoBack = Property(bool, _get_can_back, notify=screenChanged)

    @property
    def history(self) -> list[str]:
        return list(self._stack)

    @Slot(str)
    def go(self, screen: str) -> None:
        """Show `screen`; going to a screen already in the stack returns to it."""
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        if screen == "home":
            self._stack = ["home"]
        elif screen in self._stack:
            del self._stack[self._stack.index(screen) + 1:]
        else:
            self._stack.append(screen)
        self.screenChanged.emit()

    @Slot()
    def back(self) -> None:
        if len(self._stack) > 1:
            self._stack.pop()
            self.screenChanged.emit()

    @Slot()
    def home(self) -> None:
        self._stack = ["home"]
        self.screenChanged.emit()

    def show_attract(self) -> None:
        """The attract loop replaces everything (history was cleared by the idle reset)."""
        self._stack = ["home", "attract"]
        self.screenChanged.emit()
