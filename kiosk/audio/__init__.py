"""Listening at the kiosk: the "Nghe" player and the scheduled broadcast.

`install(app)` wires everything into a running `KioskApp`: it starts the
speech worker and checks for a Vietnamese voice in the background, exposes
`listenPlayer` and `broadcast` to QML, fills the "listen" slot with
`ListenButton.qml`, puts the "Bản tin" banner over the window, and starts
the schedule. The QML components and their properties are documented in
docs/speech.md.

The visitor's reading belongs to the screen it was started on
(`FollowVisitor`): leaving that screen stops it, so no voice ever speaks
without its controls in sight; a page turn reads the new page. While a
scheduled bulletin is on air the visitor's player is held (`setHeld`) and
carries on afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem

from library.broken_in_memory import BrokenInMemory
from library.config import Config
from library.errors import LibraryError
from library.schedule import Schedule, load_schedule
from library.speech.reading import Speech, cache_limit, prune_cache
from library.speech.worker import SpeechWorker

from .broadcast import BroadcastController
from .player import ListenPlayer

log = logging.getLogger(__name__)

#: The `[speech]` settings a `Speech` is built from: saved on the panel, they apply at once.
VOICE_SETTINGS = frozenset({"voice", "rate", "volume", "target_lufs"})

QML_DIR = Path(__file__).resolve().parent.parent / "qml" / "audio"

__all__ = ["QML_DIR", "Audio", "BroadcastController", "FollowVisitor", "ListenPlayer", "install"]


@dataclass
class Audio:
    """What `install` made (the app keeps it alive and closes it on exit)."""

    worker: SpeechWorker
    speech: Speech
    listen: ListenPlayer
    broadcast: BroadcastController
    banner: QObject | None
    follow: FollowVisitor | None = None
    #: Stops the speech cache's trim after each idle reset (closing leaves no hook behind).
    detach: Callable[[], None] | None = None

    def close(self) -> None:
        if self.detach is not None:
            self.detach()
        self.broadcast.stop()
        self.listen.stop()
        self.worker.close()


def _words_source(app: Any) -> Any:
    """(item id, page) -> Future[PageWords] from the document engine, or None."""

    def words(item_id: str, page: int) -> Any:
        try:
            item = app.catalog.get(item_id)
            path = app.catalog.object_path(item)
            return app.reader.engine().words(path, page)
        except (LibraryError, NotImplementedError, OSError, AttributeError) as exc:
            log.info("no word boxes: %s", exc)
            return None

    return words


class FollowVisitor(QObject):
    """Keeps the visitor's reading with the screen that shows it.

    Why: an elderly visitor in a noisy market who taps "Trang chủ" or "Quay
    lại" means "enough"; a voice that goes on with no button in sight to stop
    it is the station misbehaving (and it talks over the next visitor). So a
    reading stops when its screen goes away, and only lives on where the same
    text is on screen with its controls: a bulletin read on the detail screen
    carries on in the reader's text view and back. A page reading follows the
    reader's page: a turn reads the new page (paused stays paused), leaving
    the document stops it.

    The check runs once the event loop is free again (a zero-time single
    shot), because a move between screens is several changes in a row (the
    reader closes, then the screen changes) and only the end state counts.
    """

    def __init__(self, player: ListenPlayer, nav: Any, visit: Any, reader: Any,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player, self._nav, self._visit, self._reader = player, nav, visit, reader
        self._settle = QTimer(self, singleShot=True, interval=0)
        self._settle.timeout.connect(self.check)
        for signal in (nav.screenChanged, visit.detailChanged, reader.changed,
                       reader.pageChanged):
            signal.connect(self._settle.start)

    def check(self) -> None:
        """Stop, keep, or move the reading to the page shown."""
        player = self._player
        if player.state == "idle":
            return
        item, page = player.readingItem, player.readingPage
        screen = self._nav.screen
        reader_item = self._reader.itemId if screen == "reader" else ""
        if page > 0 and item and reader_item == item and self._reader.mode == "pages":
            if self._reader.page == page:
                return
            if player.state == "error":
                player.stop()
                return
            wanted = player.wants_to_play
            player.playPage(item, self._reader.page)
            if not wanted:
                player.pause()  # the visitor had paused: the new page waits too
            return
        if page == 0 and item and self._shows_whole(item, screen, reader_item):
            return
        player.stop()

    def _shows_whole(self, item: str, screen: str, reader_item: str) -> bool:
        """The screen up shows this item's whole text with a "Nghe" of its own."""
        if screen == "detail":
            return self._visit.detail.get("itemId") == item
        return reader_item == item and self._reader.mode == "text"


def install(app: Any, *, worker: SpeechWorker | None = None, tz: tzinfo | None = None,
            clock: Any = None) -> Audio:
    """Add listening and broadcasting to a `KioskApp` (after its QML is loaded)."""
    paths = app.paths
    # Without a data folder (a bare KioskApp in tests) speech is cached in a temporary one,
    # and without settings the defaults apply (that config is never saved).
    cache = paths.cache if paths else Path(tempfile.mkdtemp(prefix="cafesach-speech-"))
    config = app.config or Config(cache / "config.toml")
    worker = worker or SpeechWorker(timeout_s=config.get("speech", "timeout_s"))
    speech = Speech.from_config(cache, config, worker)
    recordings = speech.cache_dir  # normalised recordings sit beside the speech cache
    # the kiosk's one set of items shut in memory: a file the reader, «Nghe» or the
    # loudspeaker could not flag is not tried again by the others
    shut = getattr(app, "broken_in_memory", None)
    if shut is None:  # a stand-in app without one: the two players still share theirs
        shut = BrokenInMemory()
    listen = ListenPlayer(speech, app.tasks, volume=app.volume, catalog=app.catalog,
                          words_source=_words_source(app), recordings_dir=recordings,
                          stats=getattr(app, "stats", None), broken_in_memory=shut,
                          parent=app)
    on_air = ListenPlayer(speech, app.tasks, volume=app.volume, catalog=app.catalog,
                          recordings_dir=recordings, stop_on_reset=False,
                          broken_in_memory=shut, parent=app)
    # the station's zone, read at each check; a misspelt one falls back to the default
    # rather than leaving the station with neither listening nor bulletins
    zone = tz or config.running_zone

    def schedule() -> Schedule:
        return load_schedule(app.catalog)

    # The visitor's player is not among the broadcast's `others` (which it would pause as
    # if the visitor had): it is held instead, and carries on by itself afterwards.
    broadcast = BroadcastController(on_air, schedule, zone, clock=clock,
                                    catalog=app.catalog, broken_in_memory=shut, parent=app)
    broadcast.pauseOthers.connect(lambda: listen.setHeld(True))
    watch = getattr(app, "watch", None)
    if watch is not None:  # `cafesach import` in a terminal, any sync: read it anew
        watch.committed.connect(broadcast.reload)

    # on air at the station's own volume, unmuted, whatever the last visitor left
    station_volume = getattr(app, "station_volume", None)
    if station_volume is not None:
        broadcast.pauseOthers.connect(station_volume)
    broadcast.changed.connect(lambda: listen.setHeld(broadcast.active))
    idle = getattr(app, "idle", None)
    if idle is not None and hasattr(idle, "busy"):
        # A visitor listening stands still: the idle reset waits for the end of the reading
        # (or for their pause), it does not cut a bulletin off in mid-sentence.
        idle.busy.append(lambda: listen.wants_to_play)
    follow = None
    if all(hasattr(app, name) for name in ("nav", "visit", "reader")):
        follow = FollowVisitor(listen, app.nav, app.visit, app.reader, parent=app)
        # «Nghe» on an item removed or hidden meanwhile: its screen steps back, the lists
        # are read anew (as a tap on «Đọc» or on its card does)
        listen.itemGone.connect(app.visit.gone)
    # the banner and the detach are filled in below; `audio.speech` follows the settings
    audio = Audio(worker, speech, listen, broadcast, None, follow)

    def voice_ready(found: bool) -> None:
        listen.set_available(found)
        on_air.set_available(found)
        if not found:
            log.warning("no Vietnamese voice: the listen button is hidden")

    cache_bytes = cache_limit(config)

    def prune() -> None:
        prune_cache(audio.speech.cache_dir, cache_bytes)

    def probe() -> bool:
        """Start the worker, look for a Vietnamese voice, calibrate its loudness."""
        prune()
        worker.start()
        if not any(v.is_vietnamese() for v in worker.voices()):
            return False
        audio.speech.gain_db()
        return True

    app.tasks.run(probe, voice_ready, lambda exc: voice_ready(False))

    def prune_after_visitor() -> None:
        """A station runs for weeks: every visitor's readings add to the cache, so it is
        brought back within its cap after each visitor (off the GUI thread), not only at
        start. The on-air bulletin's reading was used last and is the last to go."""
        try:
            app.tasks.run(prune)
        except RuntimeError:  # the station is closing (its tasks have stopped)
            log.info("speech cache not trimmed: the kiosk is closing")

    def follow_setting(section: str, key: str, value: Any) -> None:
        """«Giọng đọc» (or the rate…) saved on the panel: the next «Nghe» and the next
        bulletin speak with it, not the voice the station started with. The speech
        cache's key names the voice, so nothing said in the old one is played back."""
        if section != "speech" or key not in VOICE_SETTINGS:
            return
        config.set(section, key, value)  # already there when it is the station's config
        audio.speech = Speech.from_config(cache, config, worker)
        listen.set_speech(audio.speech)
        on_air.set_speech(audio.speech)

    hooks = getattr(app, "setting_hooks", None)
    if hooks is not None:
        hooks.append(follow_setting)
    idle_hooked = idle is not None and hasattr(idle, "reset")
    if idle_hooked:
        idle.reset.connect(prune_after_visitor)

    def detach() -> None:
        if hooks is not None and follow_setting in hooks:
            hooks.remove(follow_setting)
        if idle_hooked:
            with contextlib.suppress(RuntimeError, TypeError):
                idle.reset.disconnect(prune_after_visitor)

    context = app.engine.rootContext()
    context.setContextProperty("listenPlayer", listen)
    context.setContextProperty("broadcast", broadcast)
    app.slots.set_source("listen", QUrl.fromLocalFile(str(QML_DIR / "ListenButton.qml")))
    banner = _add_banner(app)

    def boxes_on_page() -> None:
        # The reader's page image may be created only when a document opens: attach then
        # (a reading started during a broadcast begins paused, not loading).
        if listen.active:
            _add_word_boxes(app)

    listen.changed.connect(boxes_on_page)
    _add_word_boxes(app)
    broadcast.start()
    audio.banner, audio.detach = banner, detach
    return audio


def _add_banner(app: Any) -> QObject | None:
    """Put BroadcastBanner.qml over the window's content (it shows itself when on air)."""
    window = getattr(app, "window", None)
    if window is None:
        return None
    component = QQmlComponent(app.engine, QUrl.fromLocalFile(str(QML_DIR / "BroadcastBanner.qml")))
    context = app.engine.contextForObject(window) or app.engine.rootContext()  # Main.qml's ids
    banner = component.create(context)
    if banner is None:
        log.error("broadcast banner: %s", component.errorString())
        return None
    banner.setParentItem(window.contentItem())
    banner.setParent(window)
    top_bar = window.findChild(QQuickItem, "topBar")
    if top_bar is not None:
        banner.setProperty("below", top_bar)
    # The window's band (Main.qml): its screens sit below the banner while it shows.
    window.setProperty("band", banner)
    return banner


_WORD_BOXES = b"""
import QtQuick
SpokenWordBoxes {
    anchors.fill: parent
    // Boxes only on the page they were read from (never the last page's word on a new one).
    visible: !player || typeof reader === "undefined"
             || (player.readingItem === reader.itemId && player.readingPage === reader.page)
    paintedWidth: parent && parent.paintedWidth !== undefined ? parent.paintedWidth : width
    paintedHeight: parent && parent.paintedHeight !== undefined ? parent.paintedHeight : height
    z: 2
}
"""


def _add_word_boxes(app: Any) -> QObject | None:
    """Lay SpokenWordBoxes over the reader's page image ("pageImage"), if the reader has one."""
    window = getattr(app, "window", None)
    page = window.findChild(QQuickItem, "pageImage") if window is not None else None
    if page is None:
        return None
    existing = page.findChild(QQuickItem, "spokenWordBoxes")
    if existing is not None:
        return existing
    component = QQmlComponent(app.engine)
    component.setData(_WORD_BOXES, QUrl.fromLocalFile(str(QML_DIR / "PageWordBoxes.qml")))
    boxes = component.create(app.engine.contextForObject(window) or app.engine.rootContext())
    if boxes is None:
        log.error("word boxes: %s", component.errorString())
        return None
    boxes.setParentItem(page)
    boxes.setParent(page)
    return boxes
