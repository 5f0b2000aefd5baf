"""Fair use of a small station by many phones: per-client request rate and
concurrent downloads, and a global cap on downloads.

Why in-process and keyed by the client's address: the station serves one
Wi-Fi cell of phones; one phone (or a script) hammering it must get 429s
while the others keep reading. The table of clients is bounded so a flood of
spoofed-looking addresses cannot grow memory without end. Nothing here
records *what* a client asked for — only how fast.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import Config

#: Clients remembered at most; the least recently seen are forgotten first.
MAX_CLIENTS = 4096


@dataclass(frozen=True)
class Limits:
    """How much one client and all clients together may ask of the server."""

    requests_per_minute: int = 240  #: sustained rate per client
    burst: int = 60  #: requests a client may make at once before the rate applies
    downloads: int = 16  #: file transfers in flight, all clients together
    downloads_per_client: int = 4  #: video players open 2–3 ranges at once
    keepalive_s: float = 15.0  #: idle or too-slow connections are closed after this
    #: a transfer the phone stops reading (no progress this long) ends, freeing its slot
    stall_s: float = 30.0
    max_line_bytes: int = 8190  #: longest request line / header line
    max_headers: int = 64  #: most header lines in one request
    #: open connections one client address may hold; beyond, new ones are closed at once.
    #: A phone's browser opens at most six per server, a video player a few more, but
    #: phones behind one router share an address, and a connection the phone has closed
    #: still counts until the server's loop has seen it go (under load, 40 busy
    #: clients were seen to hold 64); a script alone still cannot take the 1024 files
    #: the process may open.
    connections_per_client: int = 256

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        """The `[handoff]` limits; a `stall_s` of zero or less is refused (ConfigError).

        Why refused: the stall limit is a deadline for every step of a
        transfer, so 0 ended each download after its first step (1 MiB),
        sent as if whole — phones kept a cut file.
        """
        get = config.get
        stall_s = float(get("handoff", "stall_s"))
        if not stall_s > 0:
            raise ConfigError(
                f"handoff.stall_s is {stall_s:g}; it must be more than 0 seconds (default 30)",
                message_vi="Cài đặt handoff.stall_s phải lớn hơn 0 giây.")
        return cls(requests_per_minute=get("handoff", "requests_per_minute"),
                   downloads=get("handoff", "max_downloads"),
                   downloads_per_client=get("handoff", "max_downloads_per_client"),
                   stall_s=stall_s)


class RateLimiter:
    """Token bucket per client: `burst` tokens, refilled at `per_minute`/60 per second."""

    def __init__(self, per_minute: int, burst: int, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = max(per_minute, 1) / 60.0
        self.burst = max(burst, 1)
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds to wait before retrying."""
        now = self.clock()
        tokens, last = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return wait


class DownloadSlots:
    """Counts transfers in flight, in total and per client (event-loop thread only)."""

    def __init__(self, total: int, per_client: int) -> None:
        self.total = max(total, 1)
        self._clients = ClientConnections(per_client)
        self._count = 0

    def acquire(self, client: str) -> str | None:
        """None when a slot was taken, else why not: "client" or "server"."""
        if self._clients.held(client) >= self._clients.per_client:
            return "client"
        if self._count >= self.total:
            return "server"
        self._clients.open(client)
        self._count += 1
        return None

    def release(self, client: str) -> None:
        self._clients.close(client)
        self._count = max(self._count - 1, 0)

    @property
    def in_flight(self) -> int:
        return self._count


class ClientConnections:
    """Open connections per client, so one client cannot take every file descriptor.

    A script opening a thousand connections (each held for `keepalive_s`) would
    use up the process's open-file limit (1024 under systemd): the server could
    then accept no phone at all, and asyncio logs an error with a traceback for
    every refused accept. Counted per address, as the other limits are
    (`DownloadSlots` counts each client's transfers with one of these too).
    """

    def __init__(self, per_client: int) -> None:
        self.per_client = max(per_client, 1)
        self._open: dict[str, int] = {}

    def open(self, client: str) -> bool:
        """Count a new connection of `client`; False (not counted) when it holds too many."""
        held = self._open.get(client, 0)
        if held >= self.per_client:
            return False
        self._open[client] = held + 1
        return True

    def close(self, client: str) -> None:
        left = self._open.get(client, 0) - 1
        if left > 0:
            self._open[client] = left
        else:
            self._open.pop(client, None)

    def held(self, client: str) -> int:
        return self._open.get(client, 0)
