"""The "Nghe" player: sentence-by-sentence speech with read-along highlighting.

Why it looks like this: speech is rendered one sentence at a time by the
core (`library.speech.Speech`, in its worker process), so the player is a
short playlist of WAVs that grows while it plays. A `QMediaPlayer` plays the
current sentence (QMediaPlayer needs no sound card with the FFmpeg backend;
QSoundEffect would). A 40 ms `QTimer` maps the player's position to the
sentence's word timings and publishes the current word as offsets into the
*original* text (`wordStart`/`wordEnd`), and — when reading a document
page — as boxes on the page image (`wordBoxes`, 0..1 of the page).

All rendering goes through the kiosk's one task helper (`Tasks`), so the GUI
thread never waits for the voice; a hung voice is cut by the worker's
timeout and arrives here as a `SpeechError`, shown as one calm line.

What is being read is public (`readingItem`, `readingPage`): the screens show
the controls beside the "Nghe" of that same item and page, so the controls
follow the reading itself and not a flag the screens would have to keep in
step (a new reading first stops the old one, which briefly looks idle).

Two wishes decide whether sound comes out: the visitor's (`pause()` /
`resume()`) and the station's (`held`, set while a scheduled bulletin is on
air). Audio plays only when both agree; a reading started or resumed while
held waits, and carries on by itself when the hold ends.
"""

from __future__ import annotations

import bisect
import logging
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtQml import QQmlComponent, QQmlEngine

from library.broken_in_memory import BrokenInMemory
from library.errors import LibraryError, NotFound, StorageError, UndecodableAudio
from library.speech.reading import Reading, SentenceAudio, Speech

from ..controllers.visit import is_recording
from ..language import error_text
from ..tasks import Tasks

log = logging.getLogger(__name__)

SEEK_MS = 10_000
SPEEDS = (0.75, 1.0, 1.25, 1.5)
#: Sentences rendered ahead of the one playing.
AHEAD = 2
#: Readings kept in memory while the speech cache's disk is full take at most this much
#: (about 20 minutes of speech), the oldest played first out.
SPARE_CACHE_BYTES = 64 * 2**20
#: After the cache's disk was found full, new readings go to memory first for this long
#: (no sentence synthesised twice), then the disk is tried again: freed, it is used again.
SPARE_RETRY_S = 600.0
#: Guess for sentences not rendered yet (ms per character at 150 wpm), for the total only.
MS_PER_CHAR = 62

WordsSource = Callable[[str, int], "Future[Any] | None"]  # (item id, page) -> Future[PageWords]

_MEDIA_QML = b"""
import QtMultimedia
MediaPlayer { audioOutput: AudioOutput {} }
"""
_media_engine: list[QQmlEngine] = []


def native_media(parent: QObject) -> tuple[QMediaPlayer, QAudioOutput]:
    """A QMediaPlayer with its QAudioOutput, made by Qt (a QML component), not by Python.

    Why: an object Python constructs is a PySide wrapper whose virtual methods
    take the interpreter lock. Qt's FFmpeg audio thread calls one of them
    (`disconnectNotify`) while it tears down the previous sound and holds a
    signal lock; the GUI thread, holding the interpreter lock inside `stop()`
    or `setSource()`, waits for that signal lock — and the station froze (seen
    when a reading was stopped just after it started). Objects made by a QML
    component are plain C++ objects: nothing on the audio thread needs Python.
    """
    if not _media_engine:
        app = QCoreApplication.instance()
        _media_engine.append(QQmlEngine(app))  # lives as long as the application
    component = QQmlComponent(_media_engine[0])
    component.setData(_MEDIA_QML, QUrl())
    media = component.create()
    if media is None:
        raise RuntimeError(f"QtMultimedia: {component.errorString()}")
    media.setParent(parent)
    output = media.audioOutput()
    return media, output


@dataclass(frozen=True)
class PageLayout:
    """A page read aloud from its words: where each word's text starts in the joined text."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    boxes: tuple[dict[str, float], ...]

    @classmethod
    def from_words(cls, page_words: Any) -> tuple[str, PageLayout]:
        """The page's words joined into the text read aloud, with where each word stands in
        it: a blank line between two blocks (a heading and its paragraph), where a sentence
        ends and the read-along text shows a blank line; a space between the words of a
        block, so its printed lines flow as one paragraph."""
        text, starts, ends, boxes = "", [], [], []
        w, h = float(page_words.width) or 1.0, float(page_words.height) or 1.0
        block: int | None = None  # the block of the word before
        for word in page_words.words:
            if not word.text.strip():
                continue
            if block is not None:
                text += "\n\n" if word.block != block else " "
            block = word.block
            starts.append(len(text))
            text += word.text
            ends.append(len(text))
            boxes.append({"x": word.x0 / w, "y": word.y0 / h, "w": (word.x1 - word.x0) / w,
                          "h": (word.y1 - word.y0) / h})
        return text, cls(tuple(starts), tuple(ends), tuple(boxes))

    def boxes_for(self, start: int, end: int) -> list[dict[str, float]]:
        """Boxes of the page words overlapping text [start, end)."""
        if start < 0 or end <= start:
            return []
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        for i in range(first, len(self.starts)):
            if self.starts[i] >= end:
                break
            if self.ends[i] > start:
                out.append(dict(self.boxes[i]))
        return out


class ListenPlayer(QObject):
    """One player: text, item or page read aloud, or a recorded bulletin."""

    changed = Signal()  # state, title, text, error, speed, available
    positionChanged = Signal()
    wordChanged = Signal()
    finished = Signal()
    #: `playItem` found the item removed or hidden since it was listed (its id).
    itemGone = Signal(str)

    def __init__(self, speech: Speech | None, tasks: Tasks, *, volume: QObject | None = None,
                 catalog: Any = None, words_source: WordsSource | None = None,
                 recordings_dir: Path | None = None, stop_on_reset: bool = True,
                 stats: Any = None, broken_in_memory: BrokenInMemory | None = None,
                 parent: QObject | None = None) -> None:
        """`broken_in_memory`: the kiosk's one set of items shut in memory, shared with the
        reader and the other player (`KioskApp.broken_in_memory`); a set of its own if none."""
        super().__init__(parent)
        self._stats = stats  # library.stats.StatsSink: counts plays per item per day
        self._speech = speech
        self._tasks = tasks
        self._catalog = catalog
        self._words_source = words_source
        self._recordings_dir = recordings_dir
        self._volume = volume
        self._available = speech is not None
        self._media, self._output = native_media(self)
        self._media.mediaStatusChanged.connect(self._on_status)
        self._media.errorOccurred.connect(self._on_media_error)
        self._tick = QTimer(self, interval=40)
        self._tick.timeout.connect(self._update_position)
        if volume is not None:
            volume.changed.connect(self._apply_volume)
            if stop_on_reset and hasattr(volume, "stopAll"):
                volume.stopAll.connect(self._next_visitor)
        self._apply_volume()
        self._generation = 0
        # Outside `_clear`: they describe the reading as a whole, not its current audio.
        self._reading_item = ""  # item id of what is read ("" for a plain text)
        self._reading_page = 0  # 0: the whole item; n: page n
        self._want = False  # the visitor wants sound (start, resume) or not (pause)
        self._held = False  # a scheduled bulletin is on air: no sound whatever the visitor wants
        #: why readings could not be written to the cache, already logged as a warning
        self._unwritable: set[str] = set()
        #: the voice reading into a folder in memory while the cache's disk is full
        #: (`_read_in_memory`), and until when new readings go there first
        self._spare: Speech | None = None
        self._spare_gone: weakref.finalize | None = None  # deletes its folder
        self._spare_until = 0.0
        #: the same for recorded bulletins' normalised copies, and what is played now
        self._spare_recordings: Path | None = None
        self._recording_source: tuple[str, str, str, bool] | None = None
        #: items that failed (here, in the reader or the other player) and could not be
        #: flagged (a full disk)
        self._broken_in_memory = broken_in_memory if broken_in_memory is not None \
            else BrokenInMemory()
        self._clear()

    @property
    def broken_in_memory(self) -> BrokenInMemory:
        """The items shut in memory this player skips (the broadcaster skips them too)."""
        return self._broken_in_memory

    def _clear(self) -> None:
        self._state = "idle"  # idle, loading, playing, paused, error
        self._title = ""
        self._text = ""
        self._error = ""
        self._reading: Reading | None = None
        self._reading_speech: Speech | None = None  # the voice `_reading` was prepared for
        self._parts: dict[int, SentenceAudio] = {}
        self._in_flight = False
        self._current = -1
        self._recording = False
        self._word: tuple[int, int] = (-1, -1)
        self._layout: PageLayout | None = None
        self._boxes: list[dict[str, float]] = []
        self._speed = getattr(self, "_speed", 1.0)
        self._seek_after_load = 0
        self._pending_seek: int | None = None
        self._loaded = False  # the media holds the current sentence (or the recording)
        self._offset_on_load = 0
        self._count_item = ""  # counted once, when its audio really starts

    # -- properties ---------------------------------------------------------------
    def _p_state(self) -> str:
        return self._state

    state = Property(str, _p_state, notify=changed)

    def _p_playing(self) -> bool:
        return self._state == "playing"

    playing = Property(bool, _p_playing, notify=changed)

    def _p_active(self) -> bool:
        return self._state in ("loading", "playing", "paused")

    active = Property(bool, _p_active, notify=changed)

    def _p_available(self) -> bool:
        return self._available

    available = Property(bool, _p_available, notify=changed)

    def set_available(self, on: bool) -> None:
        """False when no Vietnamese voice works: the "Nghe" button hides itself."""
        self._available = bool(on)
        self.changed.emit()

    def set_speech(self, speech: Speech) -> None:
        """The voice, rate… the librarian just saved: the next reading uses them.

        A reading under way finishes in the voice it began with: its sentences are
        cached under a key that names that voice, so another voice must not fill them.
        """
        self._speech = speech

    def _p_title(self) -> str:
        return self._title

    title = Property(str, _p_title, notify=changed)

    def _p_text(self) -> str:
        return self._text

    text = Property(str, _p_text, notify=changed)

    def _p_error(self) -> str:
        return self._error

    error = Property(str, _p_error, notify=changed)

    def _p_speed(self) -> float:
        return self._speed

    speed = Property(float, _p_speed, notify=changed)

    def _p_position(self) -> int:
        return self._global_position()

    positionMs = Property(int, _p_position, notify=positionChanged)

    def _p_duration(self) -> int:
        return self._total_estimate()

    durationMs = Property(int, _p_duration, notify=positionChanged)

    def _p_word_start(self) -> int:
        return self._word[0]

    wordStart = Property(int, _p_word_start, notify=wordChanged)

    def _p_word_end(self) -> int:
        return self._word[1]

    wordEnd = Property(int, _p_word_end, notify=wordChanged)

    def _p_word(self) -> str:
        a, b = self._word
        return self._text[a:b] if 0 <= a < b else ""

    currentWord = Property(str, _p_word, notify=wordChanged)

    def _p_boxes(self) -> list[dict[str, float]]:
        return list(self._boxes)

    wordBoxes = Property("QVariantList", _p_boxes, notify=wordChanged)

    def _p_html(self) -> str:
        return highlighted_html(self._text, *self._word)

    highlightedHtml = Property(str, _p_html, notify=wordChanged)

    def _p_reading_item(self) -> str:
        return self._reading_item

    readingItem = Property(str, _p_reading_item, notify=changed)

    def _p_reading_page(self) -> int:
        return self._reading_page

    readingPage = Property(int, _p_reading_page, notify=changed)

    def _p_held(self) -> bool:
        return self._held

    held = Property(bool, _p_held, notify=changed)

    @property
    def wants_to_play(self) -> bool:
        """The visitor has not paused this reading (it may still be held by a broadcast)."""
        return self._want and self._state in ("loading", "playing", "paused")

    @Slot(str, int, int, result=str)
    def highlightedPart(self, part: str, start: int, end: int) -> str:
        """`part` of the text being read as rich text, the word [start, end) of the whole marked.

        A screen that shows only part of what is read (the reader shows a
        bulletin's body under its own title, while the voice also reads the
        title) highlights in its own copy. `start`/`end` are passed in (the
        player's `wordStart`/`wordEnd`) so a QML binding follows the word.
        """
        at = self._text.find(part) if part else -1
        if at < 0:
            return highlighted_html(part, -1, -1)
        return highlighted_html(part, start - at, end - at)

    def _sounding(self) -> bool:
        return self._want and not self._held

    @Slot(bool)
    def setHeld(self, on: bool) -> None:
        """Hold all sound while a scheduled bulletin is on air; carry on when it ends.

        Holding is not the visitor's pause: a reading they had playing (or
        starting) resumes by itself afterwards, one they had paused stays paused.
        """
        on = bool(on)
        if on == self._held:
            return
        self._held = on
        if on:
            if self._state in ("playing", "loading"):
                self._media.pause()
                self._tick.stop()
                self._state = "paused"
        elif self._want and self._state == "paused":
            self.resume()
        self.changed.emit()

    # -- starting -----------------------------------------------------------------
    def _begin(self, item_id: str, page: int) -> None:
        """Stop what plays and name the new reading (its item and page) before it loads."""
        self.stop()
        self._generation += 1
        self._reading_item, self._reading_page = item_id, page
        self._want = True

    @Slot(str, str)
    def playText(self, title: str, text: str) -> None:
        """Read `text` aloud from its start."""
        self._begin("", 0)
        self._start(title, text, None)

    @Slot(str)
    def playItem(self, item_id: str) -> None:
        """Read an item: a bulletin's body, a document's text (its recording if it has one).

        The catalog is read here, on the GUI thread, like everywhere else in the
        kiosk (its connection has one owner); only the voice works elsewhere.
        """
        self._begin(item_id, 0)
        if self._catalog is None:
            self._fail(QCoreApplication.translate("Player", "Không đọc được mục này."))
            return
        from library.speech.reading import item_text

        try:
            item = self._catalog.get(item_id)
            if item.hidden:  # taken down by the librarian meanwhile: not for visitors
                raise NotFound(f"item {item_id!r} is hidden", message_vi="Không tìm thấy mục này.")
            if is_recording(item):
                if self._broken_in_memory.is_shut(item):
                    # flagged when it last failed to decode: the same line at once, no
                    # ffmpeg run, until the librarian's «Thử lại» clears the flag (or, the
                    # flag not writable on a full disk, the item shut in memory)
                    self._fail(error_text(UndecodableAudio(
                        f"{item.filename or item.id}: not a playable audio file (marked broken)")))
                    return
                self._play_recording(item.title, str(self._catalog.object_path(item)),
                                     item_id=item_id)
                self._count_item = item_id
                return
            text = item_text(self._catalog, item_id)
        except LibraryError as exc:
            self._fail(error_text(exc))
            if isinstance(exc, NotFound):
                self.itemGone.emit(item_id)
            return
        self._start(item.title, text, None)
        self._count_item = item_id

    @Slot(str, int)
    def playPage(self, item_id: str, page: int) -> None:
        """Read one page of a document, highlighting its words on the page image."""
        self._begin(item_id, page)
        gen = self._generation
        title = ""
        if self._catalog is not None:
            try:
                title = self._catalog.get(item_id).title
            except LibraryError:
                title = ""
        future = self._words_source(item_id, page) if self._words_source else None
        if future is None:
            self._page_from_catalog(item_id, page, title)
            return
        self._set_state("loading" if self._sounding() else "paused")

        def got(words: Any) -> None:
            if gen != self._generation:
                return
            text, layout = PageLayout.from_words(words)
            if not text.strip():
                self._fail(QCoreApplication.translate("Player", "Trang này không có chữ để đọc."))
                return
            self._start(title, text, layout)
            self._count_item = item_id

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                log.info("no word boxes for %s p.%s: %s", item_id, page, exc)
                self._page_from_catalog(item_id, page, title)

        self._tasks.follow(future, got, failed)

    def _page_from_catalog(self, item_id: str, page: int, title: str) -> None:
        try:
            text = self._catalog.page_text(item_id, page) if self._catalog else ""
        except LibraryError as exc:
            self._fail(error_text(exc))
            return
        self._start(title, text, None)
        self._count_item = item_id

    @Slot(str, str)
    def playRecording(self, title: str, path: str) -> None:
        """Play a recorded bulletin at the target loudness (measured once, cached)."""
        self._begin("", 0)
        self._play_recording(title, path)

    def _play_recording(self, title: str, path: str, *, item_id: str = "",
                        in_memory: bool = False) -> None:
        gen = self._generation
        self._title = title
        self._recording = True
        self._set_state("loading" if self._sounding() else "paused")
        from library.speech.loudness import normalized_recording

        # its copy goes to memory while the disk was found full (`_recording_in_memory`)
        in_memory = in_memory or (self._spare_recordings is not None
                                  and time.monotonic() < self._spare_until)
        self._recording_source = (title, path, item_id, in_memory)
        cache = (self._spare_recorded() if in_memory
                 else self._recordings_dir or Path(path).parent)

        def play(wav: Path) -> None:
            if gen == self._generation:
                if not in_memory:  # the disk took it: a disk full again is said again
                    self._unwritable.clear()
                self._media.setSource(QUrl.fromLocalFile(str(wav)))
                self._media.setPlaybackRate(self._speed)
                self._loaded = True
                if self._state == "loading":  # else paused or held: resume() plays it
                    self._play_loaded()

        # spoken and recorded bulletins are brought to the same loudness (speech.target_lufs)
        target = {} if self._speech is None else {"target": self._speech.target_lufs}
        def failed(exc: BaseException) -> None:
            if isinstance(exc, UndecodableAudio) and item_id:
                self._mark_broken(item_id, exc)
            if gen == self._generation:
                self._fail_exc(exc)

        self._tasks.run(lambda: normalized_recording(Path(path), cache, **target), play, failed)

    def _mark_broken(self, item_id: str, exc: UndecodableAudio) -> None:
        """Flag an item whose recording does not decode, as a document that cannot open is
        flagged: the librarian finds it in «Tình trạng → các mục không mở được», and
        neither the broadcast nor a visitor's «Nghe» runs ffmpeg on it again until her
        «Thử lại». A missing file is not flagged (the health check reports it as missing,
        and a pack reload brings it back). Runs on the GUI thread, the catalog's owner."""
        if item_id in self._broken_in_memory:
            return
        log.warning("cannot play %s: %s", item_id, exc)
        catalog = self._catalog
        # a full disk: shut in memory, said once; a passing refusal (the catalog busy with
        # an import) is not, so the next play tries the file and its flag again
        self._broken_in_memory.flag(
            item_id, lambda: catalog.set_flags(item_id, broken=True), said=log)

    def _start(self, title: str, text: str, layout: PageLayout | None,
               voice: Speech | None = None) -> None:
        """Prepare `text` for the reading `_begin` named (a page's words arrive later),
        in `voice` (by default `_voice()`)."""
        gen = self._generation
        self._clear()
        self._title, self._text, self._layout = title, text, layout
        if self._speech is None:
            self._fail(QCoreApplication.translate("Player", "Máy chưa có giọng đọc tiếng Việt."))
            return
        self._set_state("loading" if self._sounding() else "paused")
        self.wordChanged.emit()
        speech = voice or self._voice()

        def prepared(reading: Reading) -> None:
            if gen != self._generation:
                return
            self._reading, self._reading_speech = reading, speech
            self._current = 0
            self._request_ahead(0)

        self._tasks.run(lambda: speech.prepare(text), prepared,
                        lambda exc: gen == self._generation and self._fail_exc(exc))

    def _request_ahead(self, index: int) -> None:
        """Render the next missing sentence in [index, index + AHEAD], one at a time.

        One request in flight keeps the voice busy without holding several of the
        kiosk's task threads waiting on it.
        """
        reading, speech, gen = self._reading, self._reading_speech, self._generation
        if reading is None or speech is None or self._in_flight:
            return
        missing = [i for i in range(max(index, 0), min(index + AHEAD + 1, len(reading)))
                   if i not in self._parts]
        if not missing:
            return
        i = missing[0]
        self._in_flight = True
        self._tasks.run(lambda: speech.sentence(reading, i),
                        lambda audio: self._on_sentence(gen, audio),
                        lambda exc: self._on_sentence_error(gen, exc))

    def _on_sentence_error(self, gen: int, exc: BaseException) -> None:
        if gen == self._generation:
            self._in_flight = False
            self._fail_exc(exc)

    def _on_sentence(self, gen: int, audio: SentenceAudio) -> None:
        if gen != self._generation:
            return
        self._in_flight = False
        if self._reading_speech is not self._spare:  # the cache's disk took it again
            self._unwritable.clear()  # a cache that fills up again is said again
        self._parts[audio.index] = audio
        if self._pending_seek is not None:
            self._resolve_seek()
        elif audio.index == self._current and self._state == "loading":
            self._play_current(self._seek_after_load)
        self.positionChanged.emit()
        self._request_ahead(self._current)

    def _play_current(self, offset_ms: int = 0) -> None:
        audio = self._parts.get(self._current)
        if audio is None:
            self._loaded = False
            self._set_state("loading" if self._sounding() else "paused")
            self._seek_after_load = offset_ms
            self._request_ahead(self._current)
            return
        self._seek_after_load = 0
        self._media.setSource(QUrl.fromLocalFile(str(audio.wav)))
        self._media.setPlaybackRate(self._speed)
        # A fresh source ignores setPosition until it is loaded: apply it then.
        self._offset_on_load = offset_ms
        self._loaded = True
        if self._sounding():
            self._play_loaded()
        else:
            self._tick.stop()
            self._set_state("paused")
        self._request_ahead(self._current + 1)

    def _play_loaded(self) -> None:
        """Sound from what the media holds (the one place playback starts)."""
        self._media.play()
        self._tick.start()
        self._set_state("playing")
        self._count_play()

    # -- controls -------------------------------------------------------------------
    @Slot()
    def toggle(self) -> None:
        if self._state == "playing":
            self.pause()
        elif self._state == "paused":
            self.resume()

    @Slot()
    def pause(self) -> None:
        """The visitor's pause; also before the first audio (it then waits, paused)."""
        if self._state in ("playing", "loading"):
            self._media.pause()
            self._tick.stop()
        if self._state in ("playing", "loading", "paused"):
            self._want = False
            self._set_state("paused")

    @Slot()
    def resume(self) -> None:
        """Carry on; while held by a broadcast, carry on as soon as it ends."""
        if self._state != "paused":
            return
        self._want = True
        if self._held:
            return
        if self._pending_seek is not None:
            self._set_state("loading")
            self._resolve_seek()
        elif self._loaded:
            self._play_loaded()
        elif self._recording or self._reading is None or self._current < 0:
            self._set_state("loading")  # its audio is on the way and plays when it lands
        else:
            self._play_current(self._seek_after_load)

    @Slot()
    def stop(self) -> None:
        """Stop and forget (the idle reset calls this through `volume.stopAll`, and puts the
        speed back to normal too: `_next_visitor`)."""
        self._generation += 1
        self._tick.stop()
        self._media.stop()
        self._media.setSource(QUrl())
        was_active = self._state != "idle" or self._text or self._reading_item
        self._reading_item, self._reading_page = "", 0
        self._want = False
        self._clear()
        if was_active:
            self.changed.emit()
            self.wordChanged.emit()
            self.positionChanged.emit()

    def _next_visitor(self) -> None:
        """The idle reset: stop, and the next visitor hears the normal speed. (A visitor's
        own speed holds from one of their readings to the next; an elderly visitor after
        one who chose 1.5× would find the voice racing.)"""
        self.stop()
        if self._speed != 1.0:
            self.setSpeed(1.0)

    @Slot(int)
    def seekBy(self, delta_ms: int) -> None:
        """Jump ±`delta_ms` (the ±10 s buttons), across sentence boundaries."""
        if self._recording:
            self._media.setPosition(max(0, min(self._media.duration(),
                                               self._media.position() + delta_ms)))
            self._update_position()
            return
        if self._reading is None or self._current < 0 or self._state not in ("playing",
                                                                              "paused"):
            return
        self._pending_seek = max(0, self._global_position() + int(delta_ms))
        self._resolve_seek()

    def _resolve_seek(self) -> None:
        """Land on the pending seek target once every sentence before it has its true length.

        Lengths of sentences not rendered yet are only guesses, so a jump past
        them first renders them (fast: ~50 ms a sentence) and then lands exactly.
        """
        reading, target = self._reading, self._pending_seek
        if reading is None or target is None:
            return
        acc = 0
        for index in range(len(reading)):
            audio = self._parts.get(index)
            if audio is None:
                self._tick.stop()
                self._media.pause()
                self._set_state("loading" if self._sounding() else "paused")
                self._request_ahead(index)
                return
            if target < acc + audio.duration_ms or index == len(reading) - 1:
                break
            acc += audio.duration_ms
        self._pending_seek = None
        offset = max(0, min(target - acc, audio.duration_ms - 1))
        if index == self._current and self._loaded:
            self._media.setPosition(offset)
            if self._sounding():
                self._play_loaded()
            else:
                self._set_state("paused")
            self._update_position()
        else:
            self._current = index
            self._play_current(offset)  # plays, or loads and waits paused

    @Slot()
    def forward(self) -> None:
        self.seekBy(SEEK_MS)

    @Slot()
    def back(self) -> None:
        self.seekBy(-SEEK_MS)

    @Slot(float)
    def setSpeed(self, speed: float) -> None:
        self._speed = max(0.5, min(2.0, float(speed)))
        self._media.setPlaybackRate(self._speed)
        self.changed.emit()

    @Slot()
    def nextSpeed(self) -> None:
        """Cycle 0.75× → 1× → 1.25× → 1.5× (one big button on the touchscreen)."""
        later = [s for s in SPEEDS if s > self._speed + 1e-6]
        self.setSpeed(later[0] if later else SPEEDS[0])

    # -- internals --------------------------------------------------------------------
    def _count_play(self) -> None:
        if self._count_item and self._stats is not None:
            self._stats.audio_played(self._count_item)
        self._count_item = ""

    def _apply_volume(self) -> None:
        level = 1.0
        if self._volume is not None:
            effective = self._volume.property("effective")
            level = float(effective) if effective is not None else 1.0
        self._output.setVolume(max(0.0, min(1.0, level)))

    def output_volume(self) -> float:
        return self._output.volume()

    def _length(self, index: int) -> int:
        audio = self._parts.get(index)
        if audio is not None:
            return audio.duration_ms
        assert self._reading is not None
        s = self._reading.sentences[index]
        return max(1, (s.end - s.start) * MS_PER_CHAR)

    def _global_position(self) -> int:
        if self._recording:
            return self._media.position()
        if self._reading is None or self._current < 0:
            return 0
        before = sum(self._length(i) for i in range(self._current))
        if self._current not in self._parts:
            return before + self._seek_after_load
        return before + max(self._media.position(), self._offset_on_load)

    def _total_estimate(self) -> int:
        if self._recording:
            return max(0, self._media.duration())
        if self._reading is None:
            return 0
        return sum(self._length(i) for i in range(len(self._reading)))

    def _update_position(self) -> None:
        self.positionChanged.emit()
        audio = self._parts.get(self._current)
        word = (-1, -1)
        if audio is not None and audio.words:
            at = self._media.position()
            starts = [w.start_ms for w in audio.words]
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0:
                w = audio.words[i]
                word = (w.start, w.end)
        if word != self._word:
            self._word = word
            self._boxes = self._layout.boxes_for(*word) if self._layout else []
            self.wordChanged.emit()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
        if status in loaded and self._offset_on_load:
            self._media.setPosition(self._offset_on_load)
            self._offset_on_load = 0
        if status != QMediaPlayer.MediaStatus.EndOfMedia or self._state != "playing":
            return
        if self._recording or self._reading is None or self._current + 1 >= len(self._reading):
            self._finish()
            return
        self._current += 1
        self._play_current()

    def _finish(self) -> None:
        self._tick.stop()
        self._word, self._boxes = (-1, -1), []
        self._set_state("idle")
        self.wordChanged.emit()
        self.finished.emit()

    def _on_media_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            log.warning("audio: %s", message)
            self._fail(QCoreApplication.translate("Player", "Không phát được âm thanh."))

    def _fail_exc(self, exc: BaseException) -> None:
        if isinstance(exc, StorageError):
            self._no_room(exc)
        elif isinstance(exc, LibraryError):
            log.info("speech: %s", exc)
            self._fail(error_text(exc))
        else:
            log.error("speech failed", exc_info=exc)
            self._fail(QCoreApplication.translate("Player", "Không đọc được văn bản thành tiếng."))

    def _voice(self) -> Speech | None:
        """The voice a new reading uses: the station's, or its copy reading into memory
        while the cache's disk was found full (`SPARE_RETRY_S`, then the disk again)."""
        spare = self._spare
        if (spare is not None and self._speech is not None
                and time.monotonic() < self._spare_until and _same_voice(spare, self._speech)):
            return spare
        return self._speech

    def _read_in_memory(self) -> bool:
        """The reading that could not be written to the cache starts again with its
        sentences kept in memory (`library.station_disk.memory_folder`, trimmed to
        `SPARE_CACHE_BYTES`): «Nghe» works on a full or read-only disk too, and so do
        recorded bulletins (`_recording_in_memory`). False when it already was there."""
        if self._recording:
            return self._recording_in_memory()
        speech = self._speech
        if speech is None or self._text == "" or (
                self._reading_speech is not None and self._reading_speech is self._spare):
            return False
        from library.speech.reading import prune_cache
        from library.station_disk import memory_folder, release_memory_folder

        if self._spare is None or not _same_voice(self._spare, speech):
            if self._spare_gone is not None:  # a voice saved meanwhile: the old one's go
                self._spare_gone()
            folder = memory_folder("cafesach-speech-")
            # gone with the player, or at the latest when the kiosk's process ends
            self._spare_gone = weakref.finalize(self, release_memory_folder, folder)
            self._spare = Speech(folder, speech.worker, voice=speech.voice, rate=speech.rate,
                                 volume=speech.volume, target_lufs=speech.target_lufs)
        spare = self._spare
        self._tasks.run(lambda: prune_cache(spare.cache_dir, SPARE_CACHE_BYTES))
        self._spare_until = time.monotonic() + SPARE_RETRY_S
        log.info("speech: this reading and the next are kept in memory (%s)", spare.cache_dir)
        if self._reading is not None:
            self._continue_in_memory(spare)
            return True
        count = self._count_item
        self._start(self._title, self._text, self._layout, spare)
        self._count_item = count
        return True

    def _continue_in_memory(self, spare: Speech) -> None:
        """The disk failed a sentence after the reading began (one played from the disk's
        cache, the next not there): the rest is read into memory from that sentence on,
        not from the start again — the visitor must not hear the reading jump back."""
        gen, text = self._generation, self._reading.text  # type: ignore[union-attr]
        # no sentence asked of the disk meanwhile (`_request_ahead`), and a failure of
        # this one is not tried in memory again (`_read_in_memory`)
        self._in_flight, self._reading_speech = True, spare

        def prepared(reading: Reading) -> None:
            if gen != self._generation:
                return
            self._reading, self._in_flight = reading, False  # same sentences, in memory
            if self._pending_seek is not None:
                self._resolve_seek()
            else:
                self._request_ahead(self._current)

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._in_flight = False
                self._fail_exc(exc)

        self._tasks.run(lambda: spare.prepare(text), prepared, failed)

    def _recording_in_memory(self) -> bool:
        """A recorded bulletin whose normalised copy the disk could not take is copied
        into memory instead (`_read_in_memory`); False when it already was."""
        source = self._recording_source
        if source is None or source[3]:
            return False
        title, path, item_id, _ = source
        self._spare_until = time.monotonic() + SPARE_RETRY_S
        self._play_recording(title, path, item_id=item_id, in_memory=True)
        return True

    def _spare_recorded(self) -> Path:
        """The folder in memory for recordings' normalised copies, trimmed to
        `SPARE_CACHE_BYTES` each time it is used (`prune_cache` counts `recorded/`)."""
        from library.speech.reading import prune_cache
        from library.station_disk import memory_folder, release_memory_folder

        if self._spare_recordings is None:
            self._spare_recordings = memory_folder("cafesach-recorded-")
            weakref.finalize(self, release_memory_folder, self._spare_recordings)
        folder = self._spare_recordings
        self._tasks.run(lambda: prune_cache(folder, SPARE_CACHE_BYTES))
        return folder

    def _no_room(self, exc: StorageError) -> None:
        """The reading could not be written to the cache (a full disk, a read-only one).

        It is read again from memory (`_read_in_memory`). Where that fails too, a
        visitor can do nothing about a disk: they get the player's usual line for
        a reading that cannot be played. The librarian gets the reason in «Lỗi gần
        đây» (a WARNING line). Once per reason, not once per tap, until a reading
        plays again: a visitor trying item after item must not push every other
        error off the health screen.
        """
        reason = str(exc).rpartition(": ")[2]
        if reason in self._unwritable:
            log.info("speech: %s", exc)
        else:
            self._unwritable.add(reason)
            log.warning("speech: %s", exc)
        if self._read_in_memory():
            return
        self._fail(QCoreApplication.translate("Player", "Không phát được âm thanh.")
                   if self._recording
                   else QCoreApplication.translate("Player", "Không đọc được văn bản thành tiếng."))

    def _fail(self, message: str) -> None:
        """Stop and show `message` (already in the kiosk's language)."""
        self._tick.stop()
        self._media.stop()
        self._error = message
        self._state = "error"
        self.changed.emit()
        self.finished.emit()

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            if state != "error":
                self._error = ""
            self.changed.emit()


def highlighted_html(text: str, start: int, end: int) -> str:
    """The text as rich text with the current word marked (QML `Text.RichText`)."""
    from html import escape

    def para(s: str) -> str:
        return escape(s).replace("\n", "<br/>")

    if not (0 <= start < end <= len(text)):
        return para(text)
    return (para(text[:start]) + '<span style="background-color:#ffd54f;color:#000">'
            + para(text[start:end]) + "</span>" + para(text[end:]))


def _same_voice(a: Speech, b: Speech) -> bool:
    """Whether two voices read alike (the spare in memory follows a voice saved meanwhile)."""
    return (a.voice, a.rate, a.volume, a.target_lufs) == (b.voice, b.rate, b.volume,
                                                          b.target_lufs)

