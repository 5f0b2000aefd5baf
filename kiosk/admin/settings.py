"""Cài đặt: the station's settings a librarian may change, and the trusted publisher keys.

Each setting is one row (``section``, ``key``, a Vietnamese label, a
``kind`` the QML delegate switches on: int, bool, text, choice). A change is
checked by `Config.set` (type) and the row's bounds, then saved atomically.
Settings that take effect only after a restart say so.

Text settings are of two sorts. A name people read (the station's name, shown
to visitors and in reports) is typed the way visitors type: raw keys composed
with Telex or VNI by the search screen's own `TypedText`, and saved composed
(NFC). Everything a machine reads (a server address, a Wi-Fi name or password)
is typed literally: a Telex rule would turn "ss" in a password into "s" with a
mark, or "dd" in a URL into "đ".
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Property,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from library.catalog import Catalog
from library.clock import set_system_time
from library.config import DEFAULTS, LANGUAGES, Config
from library.errors import LibraryError
from library.text import one_line
from library.usb import find_packs, stick_files, trusted_keys

from ..controllers.search import TypedText
from ..language import error_text
from .listmodel import RowsModel

log = logging.getLogger(__name__)

ROLES = ("section", "key", "label", "kind", "value", "choices", "choiceLabels", "minimum",
         "maximum", "step", "secret", "restart", "warning", "typing")
#: How a text setting is typed: "vietnamese" (Telex/VNI, for names people read) or "literal".
NAME_TYPING, LITERAL_TYPING = "vietnamese", "literal"
#: How a choice is shown (the stored value is the key); translated when a row is made.
#: Languages are named in their own language, as language pickers do.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
CHOICE_LABELS = {"auto": QT_TRANSLATE_NOOP("Settings", "Tự động"),
                 "landscape": QT_TRANSLATE_NOOP("Settings", "Nằm ngang"),
                 "portrait": QT_TRANSLATE_NOOP("Settings", "Đứng"),
                 "vi-vn-x-central": QT_TRANSLATE_NOOP("Settings", "Giọng Huế"),
                 "vi-vn-x-south": QT_TRANSLATE_NOOP("Settings", "Giọng Nam"),
                 "Asia/Ho_Chi_Minh": QT_TRANSLATE_NOOP("Settings", "Việt Nam (GMT+7)")}
NORTHERN_VOICE = QT_TRANSLATE_NOOP("Settings", "Giọng Bắc")

#: (section, key, label, kind, extra)
EDITABLE: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("station", "name", QT_TRANSLATE_NOOP("Settings", "Tên trạm"), "text",
     {"typing": NAME_TYPING}),
    ("station", "idle_timeout_s",
     QT_TRANSLATE_NOOP("Settings", "Về trang chủ sau (giây không chạm)"), "int",
     {"minimum": 30, "maximum": 900, "step": 15}),
    ("station", "volume", QT_TRANSLATE_NOOP("Settings", "Âm lượng"), "int",
     {"minimum": 0, "maximum": 100, "step": 10}),
    ("speech", "voice", QT_TRANSLATE_NOOP("Settings", "Giọng đọc"), "choice",
     {"choices": ["vi", "vi-vn-x-central", "vi-vn-x-south"]}),
    ("station", "language", QT_TRANSLATE_NOOP("Settings", "Ngôn ngữ"), "choice",
     {"choices": list(LANGUAGES), "restart": True}),
    ("station", "orientation", QT_TRANSLATE_NOOP("Settings", "Hướng màn hình"), "choice",
     {"choices": ["auto", "landscape", "portrait"], "restart": True}),
    ("station", "time_zone", QT_TRANSLATE_NOOP("Settings", "Múi giờ"), "choice",
     {"choices": ["Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Singapore", "UTC"]}),
    ("station", "large_text", QT_TRANSLATE_NOOP("Settings", "Chữ lớn mặc định"), "bool", {}),
    ("station", "high_contrast",
     QT_TRANSLATE_NOOP("Settings", "Tương phản cao mặc định"), "bool", {}),
    ("sync", "server_url", QT_TRANSLATE_NOOP("Settings", "Địa chỉ máy chủ của tỉnh"), "text", {}),
    ("wifi", "ssid", QT_TRANSLATE_NOOP("Settings", "Tên Wi-Fi của trạm (mã QR)"), "text", {}),
    ("wifi", "password", QT_TRANSLATE_NOOP("Settings", "Mật khẩu Wi-Fi (mã QR)"), "text",
     {"secret": True}),
    ("admin", "stats_enabled",
     QT_TRANSLATE_NOOP("Settings", "Đếm lượt sử dụng (ẩn danh)"), "bool", {"restart": True}),
    ("admin", "relock_after_s",
     QT_TRANSLATE_NOOP("Settings", "Tự khoá bảng quản trị sau (giây)"), "int",
     {"minimum": 30, "maximum": 900, "step": 30}),
]


def key_label(keyid: str) -> str:
    """A key with no better name: «Khoá» and the first 8 characters of its id."""
    return QCoreApplication.translate("Settings", "Khoá %1").replace("%1", keyid[:8])


def choice_label(choice: str) -> str:
    """A choice as the librarian reads it (the value itself when it has no label)."""
    label = CHOICE_LABELS.get(choice)
    return QCoreApplication.translate("Settings", label) if label else choice


class SettingsController(QObject):
    changed = Signal()
    settingChanged = Signal(str, str)  # section, key (the kiosk applies what it can live)
    exitRequested = Signal()  # "exit kiosk mode", for technicians

    def __init__(self, config: Config, catalog: Catalog, *,
                 stick_folders: Callable[[], list[Path]] | None = None,
                 set_clock: Callable[[datetime], str] = set_system_time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config, self._catalog = config, catalog
        self._sticks = stick_folders or (lambda: [])
        self._set_clock = set_clock
        self._tick = QTimer(self)  # the clock on screen follows the minutes
        self._tick.setInterval(15_000)
        self._tick.timeout.connect(self.changed)
        self._message = ""
        self._problem = False  # the line says what went wrong: the warning colour
        self._exit_armed = False
        self.rows = RowsModel(ROLES, self)
        self.keys = RowsModel(("keyid", "name", "state"), self)
        #: the keys typed into a name setting, composed (one at a time is edited)
        self.name_typing = TypedText(self)
        self.refresh()

    def _p_rows(self) -> QObject:
        return self.rows

    settingsModel = Property(QObject, _p_rows, constant=True)

    def _p_keys(self) -> QObject:
        return self.keys

    keysModel = Property(QObject, _p_keys, constant=True)

    def _p_name_typing(self) -> QObject:
        return self.name_typing

    nameTyping = Property(QObject, _p_name_typing, constant=True)

    def _p_message(self) -> str:
        return self._message

    message = Property(str, _p_message, notify=changed)

    def _p_problem(self) -> bool:
        return self._problem

    #: `message` says a failure («Đĩa đã đầy…», «Giá trị không hợp lệ…»): shown in the
    #: warning colour, so that it does not read like «Đã lưu.»
    problem = Property(bool, _p_problem, notify=changed)

    def _row(self, section: str, key: str, label: str, kind: str,
             extra: dict[str, Any]) -> dict[str, Any]:
        choices = extra.get("choices", [])
        if section == "speech":
            labels = [QCoreApplication.translate("Settings", NORTHERN_VOICE) if c == "vi"
                      else choice_label(c) for c in choices]
        elif key == "language":
            labels = [LANGUAGE_NAMES.get(c, c) for c in choices]
        else:
            labels = [choice_label(c) for c in choices]
        return {"section": section, "key": key,
                "label": QCoreApplication.translate("Settings", label), "kind": kind,
                "value": self._config.get(section, key), "choices": choices,
                "choiceLabels": labels,
                "minimum": extra.get("minimum", 0), "maximum": extra.get("maximum", 0),
                "step": extra.get("step", 1), "secret": extra.get("secret", False),
                "restart": extra.get("restart", False),
                "typing": extra.get("typing", LITERAL_TYPING) if kind == "text" else "",
                "warning": self._zone_warning() if key == "time_zone"
                else self._voice_warning() if key == "voice" else ""}

    def _voice_warning(self) -> str:
        """Said under «Giọng đọc» when config.toml names a voice that is not Vietnamese
        (``en-us``): no chip is lit, and the health screen sends the librarian here."""
        from library.speech.engine import is_vietnamese_voice

        voice = str(self._config.get("speech", "voice"))
        if is_vietnamese_voice(voice):
            return ""
        return QCoreApplication.translate(
            "Settings", "Giọng trong tệp cấu hình («%1») không phải giọng tiếng Việt. Hãy chạm "
            "chọn một giọng.").replace("%1", voice)

    def _zone_warning(self) -> str:
        """Said under «Múi giờ» when config.toml names a zone that does not exist.

        The running station then keeps Asia/Ho_Chi_Minh (`Config.running_zone`)
        and no chip is lit; without a word the librarian cannot tell which time
        the statistics and bulletins follow, nor that a tap on a zone fixes it.
        """
        try:
            _ = self._config.time_zone  # raises for a zone that does not exist
        except LibraryError:
            in_use = str(DEFAULTS["station"]["time_zone"])
            return QCoreApplication.translate(
                "Settings", "Múi giờ trong tệp cấu hình («%1») không có thật. Trạm đang dùng "
                "%2. Hãy chạm chọn một múi giờ.").replace(
                "%1", str(self._config.get("station", "time_zone"))).replace(
                "%2", f"{choice_label(in_use)} – {in_use}")
        return ""

    @Slot()
    def refresh(self) -> None:
        """The screen is shown: current values, no line left over from the last visit."""
        self._exit_armed, self._message, self._problem = False, "", False
        self.rows.set_rows([self._row(*spec) for spec in EDITABLE])
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        from library.repository.trust import is_fallback_name

        try:
            keys = trusted_keys(self._catalog)
        except Exception as exc:  # the repository tables are not there yet
            log.warning("cannot list trusted keys: %s", exc)
            keys = []
        # a key named «Khoá» and its short id (`cafesach trust add` without --name) is
        # shown as one given no name: in the panel's language
        self.keys.set_rows([{"keyid": k.keyid[:16],
                             "name": key_label(k.keyid) if is_fallback_name(k) else k.name,
                             "state": QCoreApplication.translate("Settings", "Đã thu hồi")
                             if k.revoked else QCoreApplication.translate("Settings", "Tin cậy")}
                            for k in keys])

    @Slot(str, str, "QVariant")
    def setValue(self, section: str, key: str, value: Any) -> None:
        spec = next((s for s in EDITABLE if s[0] == section and s[1] == key), None)
        if spec is None:
            return
        kind, extra = spec[3], spec[4]
        try:
            if kind == "int":
                value = int(value)
                if not extra["minimum"] <= value <= extra["maximum"]:
                    raise ValueError(value)
            elif kind == "bool":
                value = bool(value)
            elif kind == "choice" and value not in extra["choices"]:
                raise ValueError(value)
            elif extra.get("typing") == NAME_TYPING:  # shown on one line, as it reads
                value = unicodedata.normalize("NFC", one_line(str(value)))
            else:
                value = str(value).strip()
            before = self._config.get(section, key)
            self._config.set(section, key, value)
        except (ValueError, TypeError, LibraryError):
            self._problem = True
            self._message = QCoreApplication.translate(
                "Settings", "Giá trị không hợp lệ: %1").replace(
                "%1", QCoreApplication.translate("Settings", spec[2]))
            self.changed.emit()
            return
        try:
            self._config.save()
        except LibraryError as exc:  # a full disk, a read-only folder: config.toml is as it was
            self._refused(section, key, before, exc)
            return
        self.rows.update_row("key", key, {"value": value, "warning": ""})
        self._problem = False
        self._message = (QCoreApplication.translate(
            "Settings", "Đã lưu. Có hiệu lực sau khi khởi động lại.") if extra.get("restart")
            else QCoreApplication.translate("Settings", "Đã lưu."))
        self.changed.emit()
        self.settingChanged.emit(section, key)

    def _refused(self, section: str, key: str, before: Any, error: LibraryError) -> None:
        """A value that could not be saved is not the station's setting: the one in memory
        goes back to `before` (what config.toml still holds), so neither the screen nor the
        running station (`settingChanged` is not sent) goes on with it, and the line says
        why, not «Giá trị không hợp lệ» about a value that was fine."""
        log.warning("%s.%s not saved: %s", section, key, error)
        self._config.set(section, key, before)
        self.rows.update_row("key", key, {"value": before})
        self._message, self._problem = error_text(error), True
        self.changed.emit()

    @Slot()
    def addKeyFromStick(self) -> None:
        """Trust every publisher key (``*.pub``) found at the top of the inserted sticks.

        The line always says what happened this time (a stale «Đã lưu.» must
        not read as a success), and each key gets a name a librarian can
        recognise: `cafesach keygen` always writes ``publisher.pub``, so the
        file's name says nothing.
        """
        from library.repository.keys import load_public
        from library.repository.trust import TrustStore, is_fallback_name

        folders = self._sticks()
        added: list[str] = []
        errors: list[str] = []
        for folder in folders:
            for path in stick_files(folder, ("*.pub",)):  # any letter case
                try:
                    public = load_public(path)
                    store = TrustStore(self._catalog)
                    known = {k.keyid: k for k in store.all_keys()}
                    before = self._pack_signatures(folder)
                    key = store.add(public)
                    if not known.get(key.keyid) or is_fallback_name(known[key.keyid]):
                        name = self._key_name(folder, path, key.keyid, before)
                        if name:
                            key = store.add(public, name=name)
                    added.append(key_label(key.keyid) if is_fallback_name(key) else key.name)
                except LibraryError as exc:
                    errors.append(error_text(exc))
        self._problem = bool(errors) and not added
        if added:
            self._message = QCoreApplication.translate(
                "Settings", "Đã tin cậy khoá: %1").replace("%1", ", ".join(added))
        elif errors:
            self._message = " ".join(errors)
        elif not folders:
            self._message = QCoreApplication.translate(
                "Settings", "Chưa thấy USB nào. Hãy cắm USB có tệp khoá (.pub).")
        else:
            self._message = QCoreApplication.translate(
                "Settings", "Không thấy tệp khoá (.pub) ở thư mục gốc của USB. "
                            "Chưa thêm khoá nào.")
        self._refresh_keys()
        self.changed.emit()

    def _pack_signatures(self, folder: Path) -> dict[Path, str]:
        """Each pack on the stick and whether the station accepts its signature now."""
        try:
            return {p.path: p.signature for p in find_packs(folder, catalog=self._catalog)}
        except (LibraryError, OSError) as exc:
            log.info("cannot list the packs on %s: %s", folder, exc)
            return {}

    def _key_name(self, folder: Path, path: Path, keyid: str,
                  before: dict[Path, str]) -> str:
        """A readable name for a key just trusted.

        The packs on the same stick that this key made acceptable were signed
        by it: their publisher (or the repository's title) names it. Else the
        file's own name, unless it is keygen's «publisher»; else no name, which
        the list shows as «Khoá» and the start of its id.
        """
        try:
            now = find_packs(folder, catalog=self._catalog)
        except (LibraryError, OSError):
            now = []
        for pack in now:
            if pack.signature == "ok" and before.get(pack.path) != "ok":
                publisher = pack.publisher.strip()
                if publisher and not keyid.startswith(publisher.lower()):
                    return publisher
                if pack.title.strip():
                    return pack.title.strip()
        from library.repository.trust import fallback_name, name_from_file

        name = name_from_file(path, keyid)
        # «Khoá» + its id is left unstored: shown in the panel's language
        return "" if name == fallback_name(keyid) else name

    # -- the machine's clock ---------------------------------------------------------
    def _now(self) -> datetime:
        """The station's time as the running station keeps it: with a misspelt zone in
        config.toml that is Asia/Ho_Chi_Minh (`Config.running_zone`), so the panel shows
        the time the bulletins follow, and the clock can still be set."""
        return datetime.now(self._config.running_zone())

    def _p_clock(self) -> str:
        now = self._now()
        return f"{now:%H:%M}, {now.day}/{now.month}/{now.year}"

    clockText = Property(str, _p_clock, notify=changed)

    @Slot(bool)
    def setWatching(self, on: bool) -> None:
        if on:
            self._tick.start()
        else:
            self._tick.stop()

    @Slot(int)
    def shiftClock(self, minutes: int) -> None:
        """Move the machine's clock by `minutes` (± a minute, an hour, a day)."""
        target = self._now() + timedelta(minutes=minutes)
        try:
            self._set_clock(target)
        except LibraryError as exc:
            self._message, self._problem = error_text(exc), True
        else:
            self._problem = False
            self._message = QCoreApplication.translate("Settings", "Đã đặt giờ: %1").replace(
                "%1", f"{target:%H:%M}, {target.day}/{target.month}/{target.year}")
        self.changed.emit()

    # -- leaving kiosk mode (technicians) ------------------------------------------------
    def _p_exit_armed(self) -> bool:
        return self._exit_armed

    exitArmed = Property(bool, _p_exit_armed, notify=changed)

    @Slot()
    def exitKiosk(self) -> None:
        """The first tap only asks: one stray tap must not close the station for the day."""
        self._exit_armed = True
        self.changed.emit()

    @Slot()
    def confirmExit(self) -> None:
        """The second, clearly worded tap: quit the kiosk."""
        if not self._exit_armed:
            return
        self._exit_armed = False
        self.changed.emit()
        self.exitRequested.emit()

    @Slot()
    def cancelExit(self) -> None:
        self._exit_armed = False
        self.changed.emit()
