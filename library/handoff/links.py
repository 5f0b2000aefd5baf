"""What an item's QR code holds, best first.

1. The item's public URL, when it has one, a code holds it whole, and
   `handoff.prefer_public_url` is set (a phone with mobile data gets the
   canonical copy).
2. The handoff URL `http://<station address>:<port>/i/<id>`, served by this
   station's own server: works on the station's Wi-Fi with no internet.
3. For bulletins and other items with no file, the text itself: title and
   body when the body fits (a date or a place in it must reach the phone),
   else — when the station serves — its handoff page, which shows it all;
   else title and summary, cut at a word.

When the station has no network address at all (an offline laptop) an item
with a file falls back to its public URL if any, else to its text, and the
`Link` says so (`offline`, `note_vi`) so the screen can tell people. With
`handoff.enabled` off the station's own link is never offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from ..catalog import Item
from ..qr import ELLIPSIS, fits_whole
from .address import InterfaceLister, station_address
from .pages import without_title_line

if TYPE_CHECKING:
    from ..config import Config

LinkKind = Literal["public_url", "handoff_url", "text"]

#: The one line the detail screen shows beside the code.
SCAN_HINT_VI = "Quét mã bằng camera điện thoại"
NOTE_OFFLINE_VI = "Trạm chưa có mạng Wi-Fi: mã QR chỉ chứa nội dung tóm tắt."
NOTE_OFFLINE_PUBLIC_VI = "Trạm chưa có mạng Wi-Fi: mã QR mở bản trên Internet."
NOTE_TEXT_VI = "Mã QR chứa nội dung bản tin."
NOTE_NOT_SERVING_VI = "Trạm không chia sẻ tệp qua Wi-Fi: mã QR chỉ chứa nội dung tóm tắt."
#: Longest text put in a QR before `make_qr` would have to cut it anyway.
TEXT_LIMIT = 600


@dataclass(frozen=True)
class Link:
    """A payload for an item's QR code and why it was chosen."""

    payload: str
    kind: LinkKind
    offline: bool = False  #: the station has no address phones could reach
    note_vi: str = ""  #: one line for the screen/poster when something fell back

    @property
    def is_url(self) -> bool:
        return self.kind != "text"


def handoff_url(address: str, port: int, item_id: str) -> str:
    host = f"[{address}]" if ":" in address else address
    port_part = "" if port == 80 else f":{port}"
    return f"http://{host}{port_part}/i/{quote(item_id, safe='')}"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip() + ELLIPSIS


def _body(item: Item) -> str:
    """The body without a first line that only repeats the title."""
    return without_title_line(item.title, item.body)


def full_text(item: Item) -> str:
    """Everything a text code could hold: the title and the body (else the summary)."""
    body = _body(item) or (item.summary or "").strip()
    return f"{item.title}\n\n{body}".strip() if body else item.title


def item_text(item: Item, *, limit: int = TEXT_LIMIT) -> str:
    """Title and body when they fit in `limit` characters, else title and summary
    (or the body), cut at a word with "…"."""
    text = full_text(item)
    if len(text) <= limit:
        return text
    short = (item.summary or "").strip() or _body(item)
    return _cut(f"{item.title}\n\n{short}".strip() if short else item.title, limit)


def _public_url(item: Item) -> str | None:
    """The item's web address, when it is one and a code can hold it whole.

    A longer one was cut with "…" like a text, and the phone opened a
    broken link; without it the station's own page is offered instead.
    """
    url = (item.public_url or "").strip()
    return url if url.startswith(("http://", "https://")) and fits_whole(url) else None


def item_link(item: Item, *, prefer_public_url: bool = True, port: int = 8765,
              wifi_address: str = "", wifi_interface: str = "",
              interfaces: InterfaceLister | None = None,
              route: Callable[[], str | None] | None = None,
              serving: bool = True) -> Link:
    """Choose the QR payload for `item` (see module notes for the order).

    `serving=False` (`handoff.enabled` off): the station hands nothing over
    itself, so its own link is never offered.
    """

    def station_link() -> Link | None:
        """The item's page on this station, when the station has an address."""
        address = station_address(configured=wifi_address, interface=wifi_interface,
                                  interfaces=interfaces, route=route)
        return Link(handoff_url(address, port, item.id), "handoff_url") if address else None

    public = _public_url(item)
    if public and prefer_public_url:
        return Link(public, "public_url")
    if not item.sha256:
        # Too long for a code: the station's page shows the whole text.
        if serving and len(full_text(item)) > TEXT_LIMIT and (link := station_link()):
            return link
        return Link(item_text(item), "text", note_vi=NOTE_TEXT_VI)
    if serving:
        if link := station_link():
            return link
        if public:
            return Link(public, "public_url", offline=True, note_vi=NOTE_OFFLINE_PUBLIC_VI)
        return Link(item_text(item), "text", offline=True, note_vi=NOTE_OFFLINE_VI)
    if public:
        return Link(public, "public_url")
    return Link(item_text(item), "text", note_vi=NOTE_NOT_SERVING_VI)


def configured_port(config: Config) -> int | None:
    """`handoff.port` when phones could use it (1–65535), else None.

    Port 0 ("any free port") suits `cafesach serve --port 0` for a test,
    never a setting: codes would point at `:0`, which no phone can open.
    """
    port = config.get("handoff", "port")
    return port if 1 <= port <= 65535 else None


def item_link_from_config(item: Item, config: Config, *,
                          interfaces: InterfaceLister | None = None,
                          route: Callable[[], str | None] | None = None) -> Link:
    """`item_link` with the station's settings (`[handoff]` and `[wifi]`).

    With an unusable `handoff.port` the station cannot be reached, so its
    own link is not offered (the server refuses that setting too).
    """
    get = config.get
    port = configured_port(config)
    return item_link(item, prefer_public_url=get("handoff", "prefer_public_url"),
                     port=port or 0, wifi_address=get("wifi", "address"),
                     wifi_interface=get("wifi", "interface"), interfaces=interfaces,
                     route=route, serving=get("handoff", "enabled") and port is not None)
