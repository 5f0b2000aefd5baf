"""The phone-handoff part of the kiosk: QR payloads for QML, and the server's life.

Why the matrix goes to QML as rows of "0"/"1": QML paints it module by
module at a whole number of pixels per module (`QrCode.qml`), so the code is
sharp at any size on any screen — no bitmap is scaled. Choosing what the
code holds (public URL, the station's own link, the text) is the core's
business (`library.handoff.links`); this object only asks and passes on.

The handoff server runs in its own thread (`library.handoff.HandoffServer`);
the kiosk starts it when the window comes up and stops it on quit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from library.catalog import Catalog, Item
from library.config import Config
from library.errors import LibraryError
from library.handoff.address import InterfaceLister
from library.handoff.links import (
    NOTE_NOT_SERVING_VI,
    NOTE_OFFLINE_PUBLIC_VI,
    NOTE_OFFLINE_VI,
    NOTE_TEXT_VI,
    SCAN_HINT_VI,
    item_link_from_config,
)
from library.paths import DataPaths
from library.qr import (
    NOTE_SHORTENED_VI,
    wifi_password_problem,
    wifi_payload,
    wifi_ssid_problem,
)
from library.stats import NullSink, StatsSink
from library.words import has_words, without_title_line

from ..qr import qr_code

log = logging.getLogger(__name__)

WIFI_HINT = QT_TRANSLATE_NOOP("Handoff", "Chưa có mạng? Quét mã này để vào Wi-Fi của trạm")
#: A bulletin with no text yet: its code holds only what it has (title, maybe summary).
NOTE_TITLE_ONLY = QT_TRANSLATE_NOOP("Handoff", "Mã QR chỉ chứa tên bản tin.")
NOTE_TITLE_SUMMARY = QT_TRANSLATE_NOOP("Handoff", "Mã QR chứa tên và phần tóm tắt của bản tin.")

#: The core's lines (it speaks Vietnamese only), each with the same text for lupdate,
#: so the hand-off card follows the kiosk's language. A test keeps the pairs equal.
CORE_LINES = {
    SCAN_HINT_VI: QT_TRANSLATE_NOOP("Handoff", "Quét mã bằng camera điện thoại"),
    NOTE_OFFLINE_VI: QT_TRANSLATE_NOOP(
        "Handoff", "Trạm chưa có mạng Wi-Fi: mã QR chỉ chứa nội dung tóm tắt."),
    NOTE_OFFLINE_PUBLIC_VI: QT_TRANSLATE_NOOP(
        "Handoff", "Trạm chưa có mạng Wi-Fi: mã QR mở bản trên Internet."),
    NOTE_TEXT_VI: QT_TRANSLATE_NOOP("Handoff", "Mã QR chứa nội dung bản tin."),
    NOTE_NOT_SERVING_VI: QT_TRANSLATE_NOOP(
        "Handoff", "Trạm không chia sẻ tệp qua Wi-Fi: mã QR chỉ chứa nội dung tóm tắt."),
    NOTE_SHORTENED_VI: QT_TRANSLATE_NOOP(
        "Handoff", "Nội dung quá dài cho mã QR nên đã được rút gọn."),
}


def core_line(text: str) -> str:
    """One of the core's Vietnamese lines in the kiosk's language (unknown ones as they are)."""
    return QCoreApplication.translate("Handoff", CORE_LINES[text]) if text in CORE_LINES else text


def text_note(item: Item, note_vi: str) -> str:
    """The note for a code that holds the item's own text, saying what it really holds.

    The core's line says the code carries the bulletin's text; for a bulletin
    with no words in its body yet that would promise what the phone will not
    get, so the note names what is there: the title, and the summary if any.
    """
    if note_vi != NOTE_TEXT_VI or has_words(without_title_line(item.title, item.body)):
        return core_line(note_vi)
    if has_words(item.summary):
        return QCoreApplication.translate("Handoff", NOTE_TITLE_SUMMARY)
    return QCoreApplication.translate("Handoff", NOTE_TITLE_ONLY)


def code_map(payload: str) -> dict[str, Any]:
    code = qr_code(payload)
    return {"rows": code.rows, "modules": code.size, "payload": code.payload,
            "level": code.level, "shortened": code.shortened, "note": core_line(code.note_vi)}


class HandoffModel(QObject):
    """What the handoff slot shows for an item, and the station's Wi-Fi code."""

    serverChanged = Signal()

    def __init__(self, catalog: Catalog, config: Config, *, paths: DataPaths | None = None,
                 stats: StatsSink | None = None, parent: QObject | None = None,
                 interfaces: InterfaceLister | None = None,
                 route: Callable[[], str | None] | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._config = config
        self._paths = paths
        self._stats: StatsSink = stats or NullSink()
        self._server = None
        # How the station's address is found (tests give an offline machine).
        self._lookups = {"interfaces": interfaces, "route": route}

    @Slot(str, result="QVariantMap")
    def code(self, item_id: str) -> dict[str, Any]:
        """rows/modules/payload/kind/note/offline/hint for `item_id` ({} when unknown)."""
        try:
            item = self._catalog.get(item_id)
        except LibraryError:
            return {}
        link = item_link_from_config(item, self._config, **self._lookups)
        result = code_map(link.payload)
        notes = (text_note(item, link.note_vi), result["note"])
        result.update(kind=link.kind, offline=link.offline, hint=core_line(SCAN_HINT_VI),
                      note=" ".join(n for n in notes if n))
        try:
            self._stats.qr_shown(item.id)
        except Exception:  # the sink is someone else's code; a count never breaks the screen
            log.exception("statistics sink failed")
        return result

    @Slot(result="QVariantMap")
    def wifiCode(self) -> dict[str, Any]:
        """The code that joins the station's Wi-Fi ({} when no SSID is set)."""
        ssid = self._config.get("wifi", "ssid")
        if not ssid:
            return {}
        problem = wifi_ssid_problem(ssid)
        if problem:  # a code that joins no network: show none, tell the technician's log
            log.warning("no Wi-Fi code shown: %s (wifi.ssid)", problem)
            return {}
        password = self._config.get("wifi", "password")
        problem = wifi_password_problem(password)
        if problem:
            log.warning("no Wi-Fi code shown: %s (wifi.password)", problem)
            return {}
        # A network that hides its name is looked for by Android only when the code
        # says so (`H:true`), as `cafesach qr --wifi` and posters say it.
        result = code_map(wifi_payload(ssid, password, hidden=self._config.get("wifi", "hidden")))
        result.update(ssid=ssid, hint=QCoreApplication.translate("Handoff", WIFI_HINT))
        return result

    # -- the server -----------------------------------------------------------------
    def start_server(self) -> bool:
        """Start serving phones when `handoff.enabled`; False (and logged) if it cannot."""
        if self._paths is None or not self._config.get("handoff", "enabled"):
            return False
        if self._server is not None:
            return True
        from library.handoff.server import HandoffServer

        try:  # a bad [handoff] setting is refused as a LibraryError too: the kiosk goes on
            server = HandoffServer.from_config(self._paths, self._config, stats=self._stats)
            server.start()
        except LibraryError as exc:
            log.warning("handoff server not started: %s", exc)
            return False
        self._server = server
        self.serverChanged.emit()
        return True

    def stop_server(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            self.serverChanged.emit()

    def _serving(self) -> bool:
        return self._server is not None and self._server.running

    serving = Property(bool, _serving, notify=serverChanged)

    @property
    def sending(self) -> bool:
        """A file is on its way to a phone now (`DownloadSlots.in_flight`, one int read
        across threads): the kiosk's restart into writing (`kiosk.disk_return`) waits, or
        it would cut the download of a visitor who walked away with her phone."""
        server = self._server
        return server is not None and server.site.slots.in_flight > 0
