"""Kiosk mode inside the app: no way out, no menus, no shortcuts.

Keys the desktop grabs first (Alt+Tab, Super, Ctrl+Alt+F1) are locked by the
kiosk session; everything that reaches the application is filtered here:
any key with Ctrl, Alt or Meta, function keys and Escape are swallowed
(including their `ShortcutOverride`), context menus never open, and the
window refuses to close unless the station itself quits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QWindow

_BLOCKED_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)
_BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Menu, Qt.Key.Key_Help, Qt.Key.Key_Print,
                 Qt.Key.Key_Close, Qt.Key.Key_Back, Qt.Key.Key_Forward, Qt.Key.Key_HomePage,
                 Qt.Key.Key_Search, Qt.Key.Key_Launch0, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
                 Qt.Key.Key_Meta, Qt.Key.Key_Alt, Qt.Key.Key_Control}
_KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
               QEvent.Type.Shortcut}


def is_blocked_key(event: QKeyEvent) -> bool:
    key = Qt.Key(event.key())
    if event.modifiers() & _BLOCKED_MODIFIERS:
        return True
    return key in _BLOCKED_KEYS or Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35


class Lockdown(QObject):
    """Application event filter; `allow_close` is set only when the station quits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.windows: list[QWindow] = []  # the station's windows: these never close
        self.allow_close = False
        self.blocked = 0  # how many events were swallowed (tests read it)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent) and is_blocked_key(event):
            self.blocked += 1
            event.accept()
            return True
        if kind == QEvent.Type.ContextMenu:
            self.blocked += 1
            return True
        if kind == QEvent.Type.Close and watched in self.windows and not self.allow_close:
            self.blocked += 1
            event.ignore()
            return True
        return False


def lock_window(window: QWindow, *, fullscreen: bool) -> None:
    """Frameless, on top where the platform allows, fullscreen unless windowed."""
    if fullscreen:
        window.setFlags(window.flags() | Qt.WindowType.FramelessWindowHint
                        | Qt.WindowType.WindowStaysOnTopHint)
        window.showFullScreen()
    else:
        window.show()
