"""Phone handoff: what an item's QR code holds, and the station's own
read-only web server that hands files to phones on its Wi-Fi.

`item_link()` chooses the payload; `HandoffServer(paths).start()` serves;
`station_address()` finds the address phones should use. The server is
imported lazily so choosing a link never loads aiohttp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .address import station_address
from .limits import Limits
from .links import SCAN_HINT_VI, Link, handoff_url, item_link, item_link_from_config

if TYPE_CHECKING:
    from .server import HandoffServer

__all__ = [
    "SCAN_HINT_VI",
    "HandoffServer",
    "Limits",
    "Link",
    "handoff_url",
    "item_link",
    "item_link_from_config",
    "station_address",
]


def __getattr__(name: str) -> Any:
    if name == "HandoffServer":
        from .server import HandoffServer

        return HandoffServer
    raise AttributeError(name)
