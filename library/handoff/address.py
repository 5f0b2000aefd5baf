"""Which address a phone should use to reach this station.

Why not just the default route's address: a station at a market with the
network cable pulled has *no* default route, only its own Wi-Fi hotspot. So
the order is: the configured `wifi.address`, then the IPv4 address of the
configured `wifi.interface`, then any non-loopback IPv4 address the machine
has (the hotspot's, a LAN's), preferring the one the default route uses.
When there is none at all (an offline laptop), callers fall back and say so.

Interface addresses are read with the Linux `SIOCGIFADDR` ioctl (standard
library only); on other systems the interface step is skipped and the
host-name and routing lookups below still find an address.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
from collections.abc import Callable

#: An interface lister: name -> its IPv4 addresses. Replaceable in tests.
InterfaceLister = Callable[[], dict[str, list[str]]]

_SIOCGIFADDR = 0x8915


def _linux_interface_address(name: str) -> str | None:
    """The IPv4 address of interface `name` (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl

    packed = struct.pack("256s", name.encode()[:15])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            result = fcntl.ioctl(sock.fileno(), _SIOCGIFADDR, packed)
        except OSError:  # no such interface, or it has no IPv4 address
            return None
    return socket.inet_ntoa(result[20:24])


def system_interfaces() -> dict[str, list[str]]:
    """Every interface with its IPv4 address (Linux); host-name addresses elsewhere."""
    found: dict[str, list[str]] = {}
    if sys.platform.startswith("linux"):
        for _index, name in socket.if_nameindex():
            address = _linux_interface_address(name)
            if address:
                found[name] = [address]
        return found
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found["host"] = sorted({info[4][0] for info in infos})
    return found


def _route_address() -> str | None:
    """The source address of the default route (a UDP connect sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never actually contacted
            return sock.getsockname()[0]
        except OSError:  # no route at all
            return None


def host_port(host: str, port: int) -> str:
    """`host:port` as people and URLs write it: an IPv6 address in brackets
    (`[::1]:8765`), since its own colons would run into the port's."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def local_only(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether no phone on the network reaches `ip`: this machine itself (loopback),
    no address at all (unspecified), a multicast or a link-local one."""
    return ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast


def usable(address: str) -> bool:
    """A non-loopback, non-link-local, specified IPv4 address."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not local_only(ip)


def station_address(*, configured: str = "", interface: str = "",
                    interfaces: InterfaceLister | None = None,
                    route: Callable[[], str | None] | None = None) -> str | None:
    """The address phones should use, or None when the station has no network at all."""
    if configured.strip():
        return configured.strip()
    lister = interfaces or system_interfaces
    table = lister()
    if interface:
        for address in table.get(interface, []):
            if usable(address):
                return address
    candidates = [a for name in sorted(table) for a in table[name] if usable(a)]
    routed = (route or _route_address)()
    if routed and routed in candidates:
        return routed
    if candidates:
        return candidates[0]
    return routed if routed and usable(routed) else None
