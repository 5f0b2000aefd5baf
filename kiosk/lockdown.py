"""Kiosk mode inside the app: no way out, no menus, no shortcuts.

Keys the desktop grabs first (Alt+Tab, Super, Ctrl+Alt+F1) are locked by the
kiosk session; everything that reaches the application is filtered here:
any key with Ctrl, Alt or Meta, function keys and Escape are swallowed
(including their `ShortcutOverride`), context menus never open, and the
window refuses to close unless the station itself quits.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QWindow

if TYPE_CHECKING:  # loaded at the first event (`_blocked`), not before the first frame
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent


@cache
def _blocked() -> tuple[set[QEvent.Type], QtCore.Qt.KeyboardModifier, set[QtCore.Qt.Key]]:
    """(key event types, blocked modifiers, blocked keys), built at the first event.

    Not at import: the first use of PySide's `Qt` namespace builds all its
    enums (~25 ms), loading QEvent builds its `Type` enum (~4 ms), and this
    module is imported before the first frame.
    """
    from PySide6.QtCore import QEvent

    qt = QtCore.Qt
    kinds = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
             QEvent.Type.Shortcut}
    modifiers = (qt.KeyboardModifier.ControlModifier | qt.KeyboardModifier.AltModifier
                 | qt.KeyboardModifier.MetaModifier)
    keys = {qt.Key.Key_Escape, qt.Key.Key_Menu, qt.Key.Key_Help, qt.Key.Key_Print,
            qt.Key.Key_Close, qt.Key.Key_Back, qt.Key.Key_Forward, qt.Key.Key_HomePage,
            qt.Key.Key_Search, qt.Key.Key_Launch0, qt.Key.Key_Super_L, qt.Key.Key_Super_R,
            qt.Key.Key_Meta, qt.Key.Key_Alt, qt.Key.Key_Control}
    return kinds, modifiers, keys


@cache
def _refused() -> tuple[QEvent.Type, QEvent.Type]:
    """(context menu, close): the other events the filter refuses, at the first event."""
    from PySide6.QtCore import QEvent

    return QEvent.Type.ContextMenu, QEvent.Type.Close


def is_blocked_key(event: QKeyEvent) -> bool:
    _, modifiers, keys = _blocked()
    if event.modifiers() & modifiers:
        return True
    key = QtCore.Qt.Key(event.key())
    return key in keys or QtCore.Qt.Key.Key_F1 <= key <= QtCore.Qt.Key.Key_F35


class Lockdown(QObject):
    """Application event filter; `allow_close` is set only when the station quits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.windows: list[QWindow] = []  # the station's windows: these never close
        self.allow_close = False
        self.blocked = 0  # how many events were swallowed (tests read it)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _blocked()[0]:
            from PySide6.QtGui import QKeyEvent

            if isinstance(event, QKeyEvent) and is_blocked_key(event):
                self.blocked += 1
                event.accept()
                return True
        context_menu, close = _refused()
        if kind == context_menu:
            self.blocked += 1
            return True
        if kind == close and watched in self.windows and not self.allow_close:
            self.blocked += 1
            event.ignore()
            return True
        return False


def lock_window(window: QWindow, *, fullscreen: bool) -> None:
    """Frameless, on top where the platform allows, fullscreen unless windowed.

    The flags are the window's own QML binding (`kioskMode` in Main.qml), so
    the launch does not wait for PySide's `Qt` enums.
    """
    if fullscreen:
        window.setProperty("kioskMode", True)
        window.showFullScreen()
    else:
        window.show()
