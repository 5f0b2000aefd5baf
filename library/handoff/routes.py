"""The handoff server's addresses, and the other spellings of them that reach it.

A station's link travels as people and apps pass it on, and comes back
spelled a little differently from the code that was printed:

- a slash at the end (`/i/so-tay/`): typed by hand, added by some QR scanners
  and by people copying the address from a browser;
- doubled slashes (`http://10.42.0.1:8765//i/so-tay`): the address pasted
  after one that already ended in a slash;
- capitals (`/I/05E67586C244`): a reader that takes a code's text in QR's
  compact alphanumeric mode, which holds capital letters only, or a hex id
  read out and typed.

Each is another spelling of one page, so it is answered with a redirect to
the address the code holds, not "not found". Item ids are lower-case by
definition (`catalog.check_id`), so lower-casing never makes one id of two.
Query strings (`?fbclid=…`, added by messaging apps) are no other spelling:
every route ignores what it does not read, so they are answered as they are.
"""

from __future__ import annotations

from urllib.parse import quote

from ..catalog import check_id
from ..errors import InvalidInput

#: The routes that name an item: its page, its file, its cover.
ITEM_ROUTES = ("i", "f", "c")
#: Characters a redirect's query keeps as they are (RFC 3986 reserved, unreserved and "%").
_QUERY_SAFE = "!$%&'()*+,/:;=?@~-._"


def canonical_path(path: str) -> str | None:
    """The address a route is served at, for `path` (the decoded path of a request)
    in any of its spellings; None when `path` is no spelling of a route.

    `/` for the index (`//`, `///`); `/<route>/<id>` for an item's page, file or
    cover. Built only from a route's name and a checked id, so a redirect to it
    never leaves this server (`//host` would be an address elsewhere).
    """
    if not path.isascii():  # ids are ASCII; `.lower()` would fold a Kelvin sign into "k"
        return None
    parts = [part for part in path.split("/") if part]
    if not parts:
        return "/"
    if len(parts) != 2 or parts[0].lower() not in ITEM_ROUTES:
        return None
    try:
        item_id = check_id(parts[1].lower())
    except InvalidInput:
        return None
    return f"/{parts[0].lower()}/{item_id}"


def redirect_target(path: str, raw_query: str) -> str | None:
    """Where a request for `path` (decoded) with `raw_query` is sent, as a relative URL
    (so it works behind any address the phone used), or None when it is answered where
    it is: already the canonical address, or no route at all (then "not found").

    The query goes along: `/f/<id>/?tai=1` is still a download.
    """
    canonical = canonical_path(path)
    if canonical is None or canonical == path:
        return None
    return canonical + ("?" + quote(raw_query, safe=_QUERY_SAFE) if raw_query else "")
