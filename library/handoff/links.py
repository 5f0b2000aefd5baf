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
`handoff.enabled` off the station's own link is never offered, nor when
`handoff.host` binds the server where no phone reaches it (127.0.0.1); bound
to one address, the server is named by that address (`bound_address`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit, urlunsplit

from ..catalog import Item
from ..qr import ELLIPSIS, fits_whole
from ..words import without_title_line
from .address import InterfaceLister, local_only, station_address

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


#: Characters a URI may hold as they are (RFC 3986 reserved and unreserved, and "%"
#: so that escapes already there stay as they are).
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def web_address(url: str) -> str | None:
    """`url` as a phone opens it from a code: an http(s) URI, or None when it is none.

    Publishers write addresses as people read them, with Vietnamese letters
    and spaces (`…/tài liệu/sổ tay.pdf`). A phone's camera takes a code's
    text for a link only up to the first space, and not every one takes
    letters outside ASCII, so the address is put as a URI (RFC 3987 §3.1):
    the host in IDNA (`xn--…`), the rest percent-encoded in UTF-8. Escapes
    already there are kept, so an address that already is a URI is unchanged.
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            netloc = quote(netloc, safe=_URI_SAFE)
    return urlunsplit((scheme, netloc, *(quote(part, safe=_URI_SAFE) for part in
                                         (parts.path, parts.query, parts.fragment))))


def _public_url(item: Item) -> str | None:
    """The item's web address, when it is one and a code can hold it whole.

    A longer one was cut with "…" like a text, and the phone opened a
    broken link; without it the station's own page is offered instead.
    """
    url = web_address(item.public_url or "")
    return url if url and fits_whole(url) else None


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


def _host_part(value: str) -> str:
    """The host in what was typed as an address: `10.42.0.1`, also from
    `http://10.42.0.1:8765/`, `10.42.0.1:8765`, `10.42.0.1/24` or `[fe80::1]`."""
    value = value.strip()
    if "://" in value or value.startswith("["):
        try:
            return urlsplit(value if "://" in value else "//" + value).hostname or ""
        except ValueError:
            return ""
    value = value.split("/", 1)[0]
    if value.count(":") == 1:  # an IPv4 address or a name, with a port
        value = value.split(":", 1)[0]
    return value


def _unreachable(host: str) -> bool:
    """Whether no phone could reach `host`: no address at all, this machine
    itself (127.0.0.1, localhost), an unspecified, multicast or link-local one."""
    if not host or host.lower() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a name: the technician knows phones resolve it
    return local_only(ip)


def phone_address(value: str) -> str:
    """`wifi.address` as it can go into a link, or "" when no phone could use it
    (then the station's address is found as if the setting were empty)."""
    host = _host_part(value)
    return "" if _unreachable(host) else host


def served_address(host: str, value: str) -> str:
    """`phone_address(value)` (`wifi.address`) for a server listening on `host`, or ""
    when that server cannot answer there.

    Bound to `0.0.0.0` a server listens on IPv4 only: a code naming an IPv6
    `wifi.address` (`http://[2001:db8::5]:8765/…`) sent every phone to a port
    nothing listened on. The station's IPv4 address is found instead (`handoff.host
    = "::"` serves both families).
    """
    address = phone_address(value)
    if ":" in address and ipv4_only(host):
        return ""
    return address


def ipv4_only(host: str) -> bool:
    """Whether a server listening on `host` (`handoff.host`, `serve --host`) answers
    on every IPv4 interface and on no IPv6 one: `0.0.0.0`."""
    return _host_part(host) == "0.0.0.0"


#: `handoff.host` values that mean "every interface".
_ALL_INTERFACES = {"", "0.0.0.0", "::", "*"}


def bound_address(config: Config) -> tuple[bool, str]:
    """(whether phones can reach the server at all, the one address it answers on).

    `handoff.host` limits where the server listens. On every interface
    (`0.0.0.0`) any of the station's addresses will do (""); on one address
    (`10.42.0.1`) only that one does, so codes must name it, whatever else
    the station has; on 127.0.0.1 no phone reaches it at all.
    """
    return host_reach(str(config.get("handoff", "host")))


def host_reach(host: str) -> tuple[bool, str]:
    """`bound_address` for a server listening on `host` (`cafesach serve --host`)."""
    host = host.strip()
    if host not in _ALL_INTERFACES:
        host = _host_part(host)  # `[::]`, `0.0.0.0:8765` are every interface too
    if host in _ALL_INTERFACES:
        return True, ""
    return (False, "") if _unreachable(host) else (True, host)


def item_link_from_config(item: Item, config: Config, *,
                          interfaces: InterfaceLister | None = None,
                          route: Callable[[], str | None] | None = None) -> Link:
    """`item_link` with the station's settings (`[handoff]` and `[wifi]`).

    With an unusable `handoff.port`, or a `handoff.host` no phone can reach
    (127.0.0.1), the station's own link is not offered (the server refuses
    that port too). A server bound to one address is named by that address.
    """
    get = config.get
    port = configured_port(config)
    reachable, bound = bound_address(config)
    return item_link(item, prefer_public_url=get("handoff", "prefer_public_url"),
                     port=port or 0,
                     wifi_address=bound or served_address(str(get("handoff", "host")),
                                                          get("wifi", "address")),
                     wifi_interface=get("wifi", "interface"), interfaces=interfaces,
                     route=route,
                     serving=get("handoff", "enabled") and port is not None and reachable)
