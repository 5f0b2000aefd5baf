"""Refuse a socket bound to anything but this machine's loopback address.

Loaded twice: by tests/conftest.py for the test process, and by
`children/sitecustomize.py` for every Python process a test starts (it is on
their PYTHONPATH). So it imports the standard library only and never the
project: a child's first import must not change what the child loads.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

#: The hosts a test may listen on: this machine only (and any 127.x.y.z, see `_is_loopback`).
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

_real_bind = socket.socket.bind


def _is_loopback(host: object) -> bool:
    """127.0.0.0/8 (a client's own end, e.g. 127.0.0.2 as a second phone) or ::1."""
    import ipaddress

    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:  # a name, or "" (every interface)
        return False


def refusal(family: int, address: object) -> str | None:
    """Why binding `address` is refused in a test, or None when it is this machine only.

    Only the internet families are checked: an AF_UNIX path (or a netlink
    address) reaches no other machine.
    """
    if family not in (socket.AF_INET, socket.AF_INET6):
        return None
    host = address[0] if isinstance(address, tuple) and address else address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in LOOPBACK or _is_loopback(host):
        return None
    port = address[1] if isinstance(address, tuple) and len(address) > 1 else "?"
    shown = host if host else "every interface"
    return (f"a test listened on {shown!r} port {port}: tests may bind only to 127.0.0.1 "
            f"(or ::1); start the phone server with host 127.0.0.1 and port 0, or write "
            f"the data folder's settings with tests.loopback.loopback_config")


def install(on_refused: Callable[[str], None]) -> None:
    """Wrap `socket.socket.bind`: a refused address calls `on_refused(message)` and
    raises PermissionError, so nothing listens there even when the caller swallows it."""

    def bind(sock: socket.socket, address: object) -> None:
        reason = refusal(sock.family, address)
        if reason is not None:
            on_refused(reason)
            raise PermissionError(errno.EACCES, reason)
        _real_bind(sock, address)

    socket.socket.bind = bind  # type: ignore[method-assign]


def uninstall() -> None:
    socket.socket.bind = _real_bind  # type: ignore[method-assign]
