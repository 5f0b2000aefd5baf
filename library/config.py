"""The station's settings: one TOML file in the data folder.

Every key has a documented default (see `DEFAULTS` and docs/configuration in
the README), so a missing or partial file is fine. Unknown sections are kept
on save, so a newer version's settings survive an older one. Times of day and
"days" for statistics and schedules are taken in `station.time_zone`
(default Asia/Ho_Chi_Minh), never in the machine's local zone.
"""

from __future__ import annotations

import codecs
import copy
import logging
import tomllib
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .files import write_atomic, write_error

log = logging.getLogger(__name__)
#: Misspelt zones already logged (`Config.running_zone` says each once per process).
_warned_zones: set[str] = set()

#: The languages the kiosk has screens in, for `station.language` (any other value
#: shows Vietnamese): the panel offers these and the self-test accepts only these.
LANGUAGES = ("vi", "en")

#: Every setting with its default. Sections group what one screen edits.
DEFAULTS: dict[str, dict[str, Any]] = {
    "station": {
        "name": "Café sách 4.0",
        "language": "vi",  # one of LANGUAGES
        "time_zone": "Asia/Ho_Chi_Minh",
        "idle_timeout_s": 90,  # back to home after this much inactivity
        "attract_after_s": 30,  # attract loop this long after the idle reset
        "large_text": False,
        "high_contrast": False,
        "orientation": "auto",  # auto, landscape, portrait
        "volume": 80,  # 0..100
    },
    "sync": {
        "server_url": "",  # root of the provincial repository, empty = offline
        "bandwidth_kbps": 0,  # 0 = unlimited
        "proxy": "",
        "interval_min": 60,
        "stall_timeout_s": 60.0,  # a download slower than 4 KiB in this time is retried
        "deadline_min": 240.0,  # one sync downloads at most this long, then goes on next time
        "silence_s": 120.0,  # a server that sends nothing this long stops the sync
        "retries": 5,  # attempts after the first, with exponential backoff
        "expiry_warning_days": 7,  # say this many days ahead that the held index expires
        "unsigned_sources": [],  # OPDS feeds imported with --trust-unsigned
        "allowed_hosts": [],  # servers an OPDS feed's links may lead to besides its own
    },
    "speech": {
        "voice": "vi",
        "rate": 150,  # words per minute
        "volume": 1.0,
        "timeout_s": 20.0,  # a sentence taking longer than this means the voice hung
        "target_lufs": -16.0,  # every bulletin plays at this loudness
        "cache_mb": 300,  # rendered speech kept at most (least recently used goes first)
    },
    "handoff": {
        "enabled": True,
        "host": "0.0.0.0",
        "port": 8765,
        "prefer_public_url": True,
        "requests_per_minute": 240,  # per phone; more gets 429 Too Many Requests
        "max_downloads": 16,  # file transfers at once, all phones together
        "max_downloads_per_client": 4,  # per phone (video players open a few ranges)
        "stall_s": 30.0,  # a download that makes no progress this long is ended
    },
    "wifi": {
        "ssid": "",
        "password": "",
        "interface": "",
        "address": "",
        "hidden": False,  # the network does not announce its name (H:true in the Wi-Fi code)
    },
    "documents": {
        "timeout_s": 10.0,
        "memory_limit_mb": 1024,
        "disk_cache_mb": 512,
    },
    "admin": {
        "relock_after_s": 120,  # the librarian panel locks after this much inactivity
        "stats_enabled": True,  # count anonymous usage (per item per day)
        "stats_keep_days": 730,  # days of counts kept in stats.db (0 = every day)
    },
}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


#: A setting's type as a technician editing config.toml reads it (not Python's "str").
_KIND_WORDS = {str: "text in quotes", int: "a whole number", float: "a number",
               bool: "true or false", list: "a list in [ ]", dict: "a section of settings"}


def _check_types(data: dict[str, Any]) -> None:
    """Refuse values whose type differs from the default's (a typo must not crash later)."""
    for section, keys in DEFAULTS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):  # `station = 5`: a section written as one value
            raise ConfigError(f"config: [{section}] should be a section of settings, "
                              f"got {table!r}",
                              message_vi=f"Cấu hình sai: [{section}]")
        for key, default in keys.items():
            value = table.get(key, default)
            expected = (int, float) if isinstance(default, float) else type(default)
            if isinstance(default, int) and not isinstance(default, bool):
                expected = int
            if not isinstance(value, expected) or (
                isinstance(value, bool) and not isinstance(default, bool)
            ):
                wanted = _KIND_WORDS.get(type(default), type(default).__name__)
                raise ConfigError(
                    f"config: [{section}] {key} should be {wanted}, got {value!r}",
                    message_vi=f"Cấu hình sai: [{section}] {key}",
                )


class Config:
    """Settings loaded from (and saved to) `config.toml`."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self._data = _merge(DEFAULTS, data or {})
        _check_types(self._data)

    @classmethod
    def load(cls, path: Path) -> Config:
        """Read the file if it exists; a missing file means all defaults."""
        try:
            # a UTF-8 mark at the start (Windows PowerShell's `Out-File -Encoding utf8`,
            # Notepad's «UTF-8 with BOM») is still UTF-8: TOML's reader calls it a bad
            # statement at line 1, which sends a technician looking for the wrong thing
            raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)
            data = tomllib.loads(raw.decode("utf-8"))
        except (FileNotFoundError, NotADirectoryError):  # no file: every default
            return cls(path)
        except (OSError, tomllib.TOMLDecodeError) as exc:  # a folder closed to this user too
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        except UnicodeDecodeError as exc:  # saved from an editor in another encoding
            raise ConfigError(f"cannot read {path}: it is not UTF-8 text (byte "
                              f"{exc.start + 1}); save it as UTF-8") from exc
        return cls(path, data)

    def get(self, section: str, key: str) -> Any:
        try:
            return self._data[section][key]
        except KeyError as exc:
            raise ConfigError(f"unknown setting {section}.{key}") from exc

    def set(self, section: str, key: str, value: Any) -> None:
        """Change one setting in memory (checked against its default's type)."""
        trial = copy.deepcopy(self._data)
        trial.setdefault(section, {})[key] = value
        _check_types(trial)
        self._data = trial

    def section(self, section: str) -> dict[str, Any]:
        return copy.deepcopy(self._data.get(section, {}))

    def as_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def save(self) -> None:
        """Write atomically: a power cut leaves the old file or the new one.

        A file that cannot be written (a full disk, a read-only folder) is a
        `StorageError` naming it, and the old file is left whole.
        """
        import tomli_w  # writing only: the kiosk's launch reads the file

        try:
            write_atomic(self.path, tomli_w.dumps(self._data).encode("utf-8"))
        except OSError as exc:
            raise write_error(self.path, exc, what_vi="cài đặt") from exc

    # -- time -----------------------------------------------------------------
    @property
    def time_zone(self) -> tzinfo:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # at the first dated event

        name = self.get("station", "time_zone")
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"unknown time zone {name!r}") from exc

    def now(self) -> datetime:
        """The current time in the station's zone."""
        return datetime.now(self.time_zone)

    def today(self) -> str:
        """The station's current day as YYYY-MM-DD (statistics are per day)."""
        return self.now().date().isoformat()

    def running_zone(self) -> tzinfo:
        """`time_zone`, or the default zone (logged once) when config.toml names none.

        For the running kiosk: a typo such as ``time_zone = "Asia/Ho_Chi_Mihn"`` must
        not silence the bulletins nor keep the librarian out of the panel whose
        «Múi giờ» setting corrects it. Read at every use, so a corrected zone holds
        at once. (Commands use `time_zone` and refuse the bad name with one line.)
        """
        try:
            return self.time_zone
        except ConfigError as exc:
            from zoneinfo import ZoneInfo

            fallback = str(DEFAULTS["station"]["time_zone"])
            if str(exc) not in _warned_zones:
                _warned_zones.add(str(exc))
                log.warning("%s in config.toml; the station keeps %s", exc, fallback)
            return ZoneInfo(fallback)

    def running_today(self) -> str:
        """The station's day as YYYY-MM-DD in `running_zone` (see there)."""
        return datetime.now(self.running_zone()).date().isoformat()
