"""A text read aloud: sentence WAVs with word timings, cached on disk.

`Speech.prepare(text)` splits the text and names its cache folder
(`cache/speech/<hash of text+voice+rate+volume>/`) without synthesising
anything; `Speech.sentence(reading, i)` returns sentence *i*, rendering it
through the worker only if the cache lacks it. So a player can start as soon
as sentence 0 exists, and asking again for the same text renders nothing.
Each sentence is `NNNN.wav` plus `NNNN.json` (its word timings, offsets into
the *original* text); both are written atomically, the JSON last, so a
sentence is complete exactly when its JSON exists.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, SpeechError, StorageError
from ..files import disk_full, output_file
from ..paths import has_room, remove_if_abandoned
from .loudness import TARGET_LUFS, cache_write, voice_gain, write_json, write_wav
from .normalize import RULES_VERSION, normalize
from .sentences import Sentence, split_sentences
from .worker import MIN_TIMEOUT_S, SpeechWorker

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger(__name__)

#: Bump when the cache layout or rendering changes, so old folders are ignored.
CACHE_VERSION = 2
#: Readings used this recently are not deleted to make room on a full disk: the
#: kiosk's other player (a bulletin on air, a visitor's «Nghe») is still reading one.
SPARE_WHEN_FULL_S = 600.0
#: Longest text accepted in one request (a 200-page book's worth of a page is far less).
MAX_TEXT = 200_000


@dataclass(frozen=True)
class WordTiming:
    """One spoken word: when (ms from the sentence's start) and where in the original text."""

    start_ms: int
    end_ms: int
    start: int
    end: int

    def to_json(self) -> list[int]:
        return [self.start_ms, self.end_ms, self.start, self.end]


@dataclass(frozen=True)
class SentenceAudio:
    """A rendered sentence: its WAV, duration and word timings."""

    index: int
    wav: Path
    duration_ms: int
    start: int
    end: int
    words: tuple[WordTiming, ...]


@dataclass(frozen=True)
class Reading:
    """A prepared text: its sentences and the cache folder they render into."""

    text: str
    key: str
    folder: Path
    sentences: tuple[Sentence, ...]

    def wav(self, index: int) -> Path:
        return self.folder / f"{index:04d}.wav"

    def timings(self, index: int) -> Path:
        return self.folder / f"{index:04d}.json"

    def __len__(self) -> int:
        return len(self.sentences)


#: The `[speech]` settings' usable ranges. A value outside is brought to the nearest
#: end rather than leaving the station silent (volume 0, a 5,000 wpm blur, a target
#: that clips); `setting_problems` names it for `speak` and the self-test.
SETTING_LIMITS: dict[str, tuple[float, float]] = {
    "rate": (60, 400), "volume": (0.1, 1.0), "target_lufs": (-30.0, -10.0)}


def _within(config: Any, key: str) -> float:
    low, high = SETTING_LIMITS[key]
    return min(max(config.get("speech", key), low), high)


def setting_problems(config: Any) -> list[str]:
    """One line per `[speech]` setting outside its range, saying what is used instead."""
    lines = []
    for key, (low, high) in SETTING_LIMITS.items():
        value = config.get("speech", key)
        if not low <= value <= high:
            lines.append(f"config: [speech] {key} = {value:g} is outside {low:g} to {high:g}; "
                         f"{_within(config, key):g} is used")
    timeout = config.get("speech", "timeout_s")
    if timeout < MIN_TIMEOUT_S:
        lines.append(f"config: [speech] timeout_s = {timeout:g} is below {MIN_TIMEOUT_S:g}; "
                     f"{MIN_TIMEOUT_S:g} is used")
    return lines


#: Letters written in "styled" Unicode (𝐁𝐚̉𝐧 𝐭𝐢𝐧, as posts copied from social media
#: are), which the voice would spell out symbol name by symbol name: read as plain
#: letters. Mathematical alphanumerics and full-width ASCII.
_STYLED = re.compile("[\U0001D400-\U0001D7FF\uFF01-\uFF5E]")


def _plain(cluster: str) -> str:
    if _STYLED.search(cluster):
        cluster = _STYLED.sub(lambda m: unicodedata.normalize("NFKC", m.group()), cluster)
    return unicodedata.normalize("NFC", cluster)


def composed_with_offsets(text: str) -> tuple[str, list[int]]:
    """`text` in NFC with styled letters made plain, and for each of its offsets (and
    its end) the offset in `text`.

    The voice reads composed text, but the kiosk highlights the text as it was
    given, which a PDF may hold decomposed ("a" + U+0300 for "à"): without this
    map every accent before a word would shift its highlight one character on.
    Each letter is composed with the marks that follow it, so a composed
    character points at the start of its letter.
    """
    if not _STYLED.search(text) and unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        cluster = _plain(text[start:i])
        out.append(cluster)
        where.extend([start] * len(cluster))
        start = i
    where.append(len(text))
    composed = _plain(text)
    if "".join(out) != composed:  # composition across letters (Hangul): fall back to ends
        return composed, [min(i, len(text)) for i in range(len(composed) + 1)]
    return composed, where


def item_text(catalog: Any, item_id: str) -> str:
    """What "Nghe" reads for an item: a bulletin's body, else its pages' text
    (`library.words`: an item with no words there has nothing to read)."""
    from ..words import has_text, own_text

    item = catalog.get(item_id)
    text = own_text(catalog, item) if has_text(catalog, item) else ""
    if not text:
        raise InvalidInput(f"{item_id} has no text to read aloud (scanned, video or audio?)",
                           message_vi="Mục này không có chữ để đọc.")
    return text


def check_text(text: str) -> str:
    """Refuse what cannot be read aloud, with a plain reason."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("nothing to read: the text is empty",
                           message_vi="Không có nội dung để đọc.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"text too long to read aloud ({len(text)} characters, "
                           f"at most {MAX_TEXT})", message_vi="Văn bản quá dài để đọc.")
    return text


class Speech:
    """Renders texts sentence by sentence into the speech cache (thread-safe)."""

    def __init__(self, cache_dir: Path, worker: SpeechWorker, *, voice: str = "vi",
                 rate: int = 150, volume: float = 1.0, target_lufs: float = TARGET_LUFS) -> None:
        self.cache_dir = cache_dir
        self.worker = worker
        self.voice = voice
        self.rate = int(rate)
        self.volume = float(volume)
        self.target_lufs = target_lufs
        self._gain: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, cache_root: Path, config: Any, worker: SpeechWorker) -> Speech:
        """Voice, rate and volume from the `[speech]` settings, each brought within
        `SETTING_LIMITS` (see `setting_problems`)."""
        return cls(cache_root / "speech", worker, voice=config.get("speech", "voice"),
                   rate=int(_within(config, "rate")), volume=_within(config, "volume"),
                   target_lufs=_within(config, "target_lufs"))

    def key(self, text: str) -> str:
        h = hashlib.sha256()
        # the reading rules are part of the key: a text cached before they changed
        # would go on saying the old words
        for part in (CACHE_VERSION, RULES_VERSION, self.voice, self.rate, f"{self.volume:g}",
                     f"{self.target_lufs:g}", text):
            h.update(str(part).encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()[:32]

    def prepare(self, text: str) -> Reading:
        """Split `text` and name its folder; nothing is synthesised yet."""
        check_text(text)
        sentences = tuple(s for s in split_sentences(text)
                          if not normalize(s.text, base=s.start).is_empty())
        if not sentences:
            raise InvalidInput("nothing to read: the text has no words (only symbols?)",
                               message_vi="Không có chữ nào để đọc.")
        key = self.key(text)
        reading = Reading(text, key, self.cache_dir / key, sentences)
        manifest = reading.folder / "manifest.json"
        if manifest.exists():
            with contextlib.suppress(OSError):
                os.utime(manifest)  # recently used: kept by `prune_cache`
        else:
            self._write_manifest(reading)
        return reading

    def _write_manifest(self, reading: Reading) -> None:
        """The folder's manifest: `prune_cache` deletes only folders that have one."""
        def write() -> None:
            with cache_write(reading.folder / "manifest.json", what_vi="âm thanh đọc"):
                write_json(reading.folder / "manifest.json", {
                    "version": CACHE_VERSION, "rules": RULES_VERSION, "voice": self.voice,
                    "rate": self.rate, "volume": self.volume, "target_lufs": self.target_lufs,
                    "sentences": [[s.start, s.end] for s in reading.sentences]})

        self._with_room(reading, write)

    def _with_room(self, reading: Reading, write: Callable[[], None]) -> None:
        """Run a cache write; when the disk is full, make room by deleting the other
        readings (a cache: said again when asked for) and try once more.

        A station whose disk filled up still reads aloud while any of the room taken
        by older readings can be given back.
        """
        if not has_room(self.cache_dir, 0):  # older readings go before the disk fills
            freed = prune_cache(self.cache_dir, 0, keep=reading.folder,
                                spare_within_s=SPARE_WHEN_FULL_S)
            if freed:
                log.warning("speech: the disk is nearly full; %d bytes of older readings "
                            "deleted", freed)
        try:
            write()
        except StorageError as exc:
            cause = exc.__cause__
            if not (isinstance(cause, OSError) and disk_full(cause)):
                raise
            freed = prune_cache(self.cache_dir, 0, keep=reading.folder,
                                spare_within_s=SPARE_WHEN_FULL_S)
            if not freed:
                raise
            log.warning("speech: the disk is full; %d bytes of older readings deleted to "
                        "read this one", freed)
            write()

    def gain_db(self) -> float:
        with self._lock:
            if self._gain is None:
                self._gain = voice_gain(self.worker, self.cache_dir, voice=self.voice,
                                        rate=self.rate, volume=self.volume,
                                        target=self.target_lufs)
            return self._gain

    def cached(self, reading: Reading, index: int) -> SentenceAudio | None:
        """Sentence `index` if the cache holds it complete, else None."""
        try:
            data = json.loads(reading.timings(index).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        wav = reading.wav(index)
        if not wav.exists() or not isinstance(data, dict):
            return None
        sentence = reading.sentences[index]
        try:
            return SentenceAudio(index, wav, int(data["duration_ms"]), sentence.start,
                                 sentence.end, tuple(WordTiming(*map(int, w))
                                                     for w in data["words"]))
        except (KeyError, TypeError, ValueError):  # a damaged cache file: rendered again
            return None

    def sentence(self, reading: Reading, index: int) -> SentenceAudio:
        """Sentence `index`, from the cache or rendered now (raises SpeechError)."""
        hit = self.cached(reading, index)
        if hit is not None:
            return hit
        sentence = reading.sentences[index]
        composed, where = composed_with_offsets(sentence.text)
        spoken = normalize(composed)
        synthesis = self.worker.synthesize(spoken.text, voice=self.voice, rate=self.rate,
                                           volume=self.volume, gain_db=self.gain_db())
        if not synthesis.samples:
            raise SpeechError(f"the voice produced no audio for sentence {index + 1}")
        duration = synthesis.duration_ms
        words: list[WordTiming] = []
        events = [e for i, e in enumerate(synthesis.words)
                  if i == 0 or e[0] != synthesis.words[i - 1][0]]
        for i, (pos, length, at_ms) in enumerate(events):
            if pos < 0 or pos >= len(spoken.text):
                continue
            start, end = spoken.original_span(pos, pos + max(length, 1))
            start, end = sentence.start + where[start], sentence.start + where[end]
            next_ms = events[i + 1][2] if i + 1 < len(events) else duration
            at_ms = min(max(at_ms, words[-1].start_ms if words else 0), duration)
            words.append(WordTiming(at_ms, max(at_ms, min(next_ms, duration)), start, end))
        if not (reading.folder / "manifest.json").exists():
            self._write_manifest(reading)  # the cache was emptied while this text was read

        def write() -> None:
            with cache_write(reading.wav(index), what_vi="âm thanh đọc"):
                write_wav(reading.wav(index), synthesis.samples, synthesis.sample_rate)
                write_json(reading.timings(index), {
                    "duration_ms": duration, "sample_rate": synthesis.sample_rate,
                    "start": sentence.start, "end": sentence.end,
                    "words": [w.to_json() for w in words]})

        self._with_room(reading, write)
        return SentenceAudio(index, reading.wav(index), duration, sentence.start, sentence.end,
                             tuple(words))

    def render(self, text: str, *, on_sentence: Callable[[SentenceAudio], None] | None = None,
               cancel: threading.Event | None = None) -> list[SentenceAudio]:
        """Every sentence of `text`, in order; `on_sentence` hears each as it is ready."""
        reading = self.prepare(text)
        out = []
        for index in range(len(reading)):
            if cancel is not None and cancel.is_set():
                break
            audio = self.sentence(reading, index)
            out.append(audio)
            if on_sentence is not None:
                on_sentence(audio)
        return out


def cache_limit(config: Config) -> int:
    """The most the speech cache may hold, in bytes (`speech.cache_mb`).

    The kiosk prunes to it after each visitor and `speak` after each reading; both
    ask here, so both take a bad value alike. A negative size would empty the cache
    at every start (every bulletin rendered again): the default is kept instead, with
    a warning. (A value that is no whole number — `"300"`, `1.5`, `true` — never gets
    here: `Config` refuses the file with one line naming the setting.)
    """
    from ..config import DEFAULTS

    default: int = DEFAULTS["speech"]["cache_mb"]
    value = config.get("speech", "cache_mb")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        log.warning("speech.cache_mb = %r is not a size; keeping %d MB", value, default)
        value = default
    return value * 2**20


def prune_cache(cache_dir: Path, max_bytes: int, *, keep: Path | None = None,
                spare_within_s: float = 0.0) -> int:
    """Delete the least recently used readings until the cache fits; returns bytes freed.

    A reading's age is its manifest's time; `Speech.prepare` touches it on every use.
    Readings made under other reading rules or another cache layout (a manifest whose
    `rules` or `version` is not this program's) are never asked for again: they go
    whatever the cap. The normalised copies of recorded bulletins (`recorded/`) are
    counted and aged one file at a time (`normalized_recording` touches the one it
    plays). `keep` (a reading's folder) is never deleted, nor what was used in the last
    `spare_within_s` seconds (the other player's reading, whose next sentences are
    still to be played).
    """
    import shutil

    entries: list[tuple[float, int, Path]] = []  # (last used, bytes, folder or file)
    stale: list[tuple[int, Path]] = []
    try:
        folders = list(cache_dir.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        folders = []
    for folder in folders:
        if folder == keep:
            continue
        if folder.name == RECORDED:
            entries.extend(_recorded_entries(folder))
            continue
        # `speak` may be writing (and renaming) files here at this very moment, or
        # another process pruning: a file gone between listing and looking is skipped
        try:
            manifest = folder / "manifest.json"
            used = manifest.stat().st_mtime
            size = 0
            for f in folder.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    size += f.stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            # a folder whose manifest never came, a temporary file: what a cut write left
            if folder.is_dir() or folder.name.endswith(".tmp"):
                remove_if_abandoned(folder)
            continue
        if _outdated(manifest):
            stale.append((size, folder))
        else:
            entries.append((used, size, folder))
    freed = 0
    for size, folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
        freed += size
    total = sum(size for _, size, _ in entries)
    spared_from = time.time() - spare_within_s if spare_within_s > 0 else float("inf")
    for used, size, entry in sorted(entries, key=lambda e: e[0]):
        if total <= max_bytes or used >= spared_from:
            break
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        total -= size
        freed += size
    return freed


#: The folder of normalised copies of recorded bulletins, beside the readings.
RECORDED = "recorded"
def _recorded_entries(folder: Path) -> list[tuple[float, int, Path]]:
    out = []
    with contextlib.suppress(OSError):
        for file in folder.iterdir():
            with contextlib.suppress(OSError):
                st = file.stat()
                out.append((st.st_mtime, st.st_size, file))
    return out


def _outdated(manifest: Path) -> bool:
    """Whether a reading was made under other reading rules or cache layout (its key,
    which names both, is never asked for again). A manifest that cannot be read, or
    names no version, is not judged: only the cap sends it away."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or "version" not in data:
        return False
    return data.get("version") != CACHE_VERSION or data.get("rules") != RULES_VERSION


def join_wavs(parts: list[SentenceAudio], out: Path) -> int:
    """Concatenate sentence WAVs into one file (for `speak -o`); returns its length in ms.

    Streamed sentence by sentence into a temporary file that is renamed at the end,
    so a 200,000-character text needs no more memory than one sentence.
    """
    import wave

    frames = 0
    rate = 22050
    with output_file(out) as raw, wave.open(raw, "wb") as joined:
        joined.setnchannels(1)
        joined.setsampwidth(2)
        for index, part in enumerate(parts):
            with wave.open(str(part.wav)) as wf:
                if index == 0:
                    rate = wf.getframerate()
                    joined.setframerate(rate)
                joined.writeframes(wf.readframes(wf.getnframes()))
                frames += wf.getnframes()
        if not parts:
            joined.setframerate(rate)
    return int(frames * 1000 / rate)
