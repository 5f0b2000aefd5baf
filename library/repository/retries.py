"""What a sync says before each retry: the English line, and what failed, in a form the
librarian's panel can put in its own words.

Kept apart from `fetch` (which loads httpx) so the kiosk can name the kinds without
loading the network stack at start.
"""

from __future__ import annotations

#: `Retrying.kind`: what failed before a retry, for a line in the librarian's own words
#: (the panel's `retry_text`); the English line says it all for the CLI and the log.
BUSY = "busy"  #: the server answered, busy or failing (5xx, 429 …), maybe naming a wait
NO_NAME = "no-name"  #: the server's name does not resolve: no network at all, or a typo
PROXY = "proxy"  #: the connection through a proxy failed (the proxy may be what is down)
NETWORK = "network"  #: no connection (refused, reset, unreachable)
TIMEOUT = "timeout"  #: connected, but no answer in time
STALL = "stall"  #: the download slowed below `stall_bytes` per `stall_timeout_s`
CUT = "cut"  #: the connection closed in the middle of a file (what arrived is kept)
#: the connection closed in the middle of an answer that is fetched again from its start,
#: as nothing of it is kept: the index, a feed's file, a small file, less than a chunk
CUT_RESTART = "cut-restart"
DAMAGED = "damaged"  #: a compressed answer arrived damaged
CHANGED = "changed"  #: the file changed on the server during its download
REPUBLISHED = "republished"  #: the province published again during the sync: start over


class Retrying(str):
    """One retry, announced through `on_retry` before its wait: the English line (its
    `str`: what the CLI prints and the log keeps) and, for words of the librarian's own,
    what failed (`kind`), the wait before the next attempt (`wait_s`), and which attempt
    that is of how many (`attempt`, `attempts`; 0 where not counted)."""

    kind: str
    wait_s: float
    attempt: int
    attempts: int

    def __new__(cls, text: str, kind: str, wait_s: float = 0.0, attempt: int = 0,
                attempts: int = 0) -> Retrying:
        line = super().__new__(cls, text)
        line.kind, line.wait_s, line.attempt, line.attempts = kind, wait_s, attempt, attempts
        return line

    def __getnewargs__(self) -> tuple[str, str, float, int, int]:  # kept across the pipe
        return (str(self), self.kind, self.wait_s, self.attempt, self.attempts)
