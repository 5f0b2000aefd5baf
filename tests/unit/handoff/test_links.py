"""What an item's QR holds, in order, and where the station's address comes from."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.config import Config
from library.handoff.address import host_port, station_address, usable
from library.handoff.links import (
    NOTE_OFFLINE_PUBLIC_VI,
    NOTE_OFFLINE_VI,
    SCAN_HINT_VI,
    bound_address,
    handoff_url,
    host_reach,
    item_link,
    item_link_from_config,
    item_text,
)

BOOK = Item(id="so-tay", title="Sổ tay đảng viên", kind="handbook", sha256="a" * 64, size=10,
            summary="Những điều cần biết.")
PUBLIC = Item(id="sach", title="Sách", kind="book", sha256="b" * 64,
              public_url="https://thuvien.example.vn/sach.pdf")
BULLETIN = Item(id="ban-tin", title="Bản tin sáng", kind="bulletin",
                body="Giá lúa tăng nhẹ. " * 100)

HOTSPOT = {"lo": ["127.0.0.1"], "wlan0": ["10.42.0.1"], "eth0": ["192.168.1.20"]}


def _no_route() -> None:
    return None


def _lister(table):
    return lambda: table


def test_public_url_first_when_preferred() -> None:
    link = item_link(PUBLIC, interfaces=_lister(HOTSPOT), route=_no_route)
    assert (link.kind, link.payload) == ("public_url", "https://thuvien.example.vn/sach.pdf")
    assert not link.offline


def test_handoff_url_when_public_not_preferred() -> None:
    link = item_link(PUBLIC, prefer_public_url=False, port=8765, wifi_interface="wlan0",
                     interfaces=_lister(HOTSPOT), route=_no_route)
    assert link.payload == "http://10.42.0.1:8765/i/sach"
    assert link.kind == "handoff_url"


def test_configured_address_wins() -> None:
    link = item_link(BOOK, wifi_address="10.0.0.9", wifi_interface="wlan0", port=80,
                     interfaces=_lister(HOTSPOT), route=_no_route)
    assert link.payload == "http://10.0.0.9/i/so-tay"


NOTICE = Item(id="hop-cho", title="Họp chợ", kind="bulletin",
              summary="Ban quản lý mời bà con họp.",
              body="Họp chợ\n\nBan quản lý mời bà con họp lúc 8 giờ sáng thứ Hai, 14/9, "
                   "tại nhà văn hoá thôn 3.")


def test_short_bulletin_holds_its_body_not_only_the_summary() -> None:
    link = item_link(NOTICE, interfaces=_lister(HOTSPOT), route=_no_route)
    assert link.kind == "text"
    # The date and the place are in the body only; the title line is not repeated.
    assert link.payload == ("Họp chợ\n\nBan quản lý mời bà con họp lúc 8 giờ sáng thứ Hai, "
                            "14/9, tại nhà văn hoá thôn 3.")


def test_long_bulletin_gets_the_station_page_when_it_serves() -> None:
    link = item_link(BULLETIN, port=8765, interfaces=_lister(HOTSPOT), route=_no_route,
                     wifi_interface="wlan0")
    assert (link.kind, link.payload) == ("handoff_url", "http://10.42.0.1:8765/i/ban-tin")


def test_long_bulletin_without_the_station_link_holds_cut_text() -> None:
    for link in (item_link(BULLETIN, interfaces=_lister({}), route=_no_route),
                 item_link(BULLETIN, interfaces=_lister(HOTSPOT), route=_no_route,
                           serving=False)):
        assert link.kind == "text"
        assert link.payload.startswith("Bản tin sáng\n\nGiá lúa tăng nhẹ.")
        assert link.payload.endswith("…") and len(link.payload) <= 601
    long_with_summary = Item(id="x", title="Tin", kind="bulletin", summary="Tóm tắt ngắn.",
                             body="Chi tiết. " * 200)
    assert item_text(long_with_summary) == "Tin\n\nTóm tắt ngắn."


def test_no_network_at_all_falls_back_and_says_so() -> None:
    offline = _lister({"lo": ["127.0.0.1"]})
    link = item_link(BOOK, interfaces=offline, route=_no_route)
    assert link.offline and link.kind == "text"
    assert link.payload == item_text(BOOK)
    assert link.note_vi == NOTE_OFFLINE_VI
    public = item_link(PUBLIC, prefer_public_url=False, interfaces=offline, route=_no_route)
    assert public.kind == "public_url" and public.offline
    assert public.note_vi == NOTE_OFFLINE_PUBLIC_VI


def test_address_order() -> None:
    table = _lister(HOTSPOT)
    assert station_address(configured=" 10.9.9.9 ", interfaces=table, route=_no_route) \
        == "10.9.9.9"
    assert station_address(interface="eth0", interfaces=table, route=_no_route) \
        == "192.168.1.20"
    # Interface not up: any usable address, the routed one first.
    assert station_address(interface="wlan9", interfaces=table,
                           route=lambda: "192.168.1.20") == "192.168.1.20"
    assert station_address(interfaces=table, route=_no_route) in {"10.42.0.1", "192.168.1.20"}
    assert station_address(interfaces=_lister({}), route=_no_route) is None
    assert station_address(interfaces=_lister({"lo": ["127.0.0.1"], "x": ["169.254.3.3"]}),
                           route=_no_route) is None


@pytest.mark.parametrize(("address", "ok"), [("10.42.0.1", True), ("127.0.0.1", False),
                                             ("0.0.0.0", False), ("169.254.1.1", False),
                                             ("nonsense", False)])
def test_usable(address: str, ok: bool) -> None:
    assert usable(address) is ok


def test_real_system_lookup_does_not_fail() -> None:
    address = station_address()
    assert address is None or usable(address)


def test_handoff_url_quotes_and_ipv6() -> None:
    assert handoff_url("fe80::1", 8765, "a.b") == "http://[fe80::1]:8765/i/a.b"


@pytest.mark.parametrize(("host", "shown"), [
    ("::1", "[::1]:8765"), ("::", "[::]:8765"), ("fe80::1%wlan0", "[fe80::1%wlan0]:8765"),
    ("[::1]", "[::1]:8765"), ("192.168.4.1", "192.168.4.1:8765"), ("0.0.0.0", "0.0.0.0:8765"),
    ("localhost", "localhost:8765"),
])
def test_host_port_puts_ipv6_addresses_in_brackets(host: str, shown: str) -> None:
    assert host_port(host, 8765) == shown


def test_from_config(tmp_path) -> None:
    config = Config(tmp_path / "c.toml", {"wifi": {"address": "10.42.0.1"},
                                          "handoff": {"port": 9000,
                                                      "prefer_public_url": False}})
    link = item_link_from_config(PUBLIC, config)
    assert link.payload == "http://10.42.0.1:9000/i/sach"
    assert SCAN_HINT_VI == "Quét mã bằng camera điện thoại"


def test_handoff_disabled_never_offers_the_station_link(tmp_path) -> None:
    config = Config(tmp_path / "c.toml", {"wifi": {"address": "10.42.0.1"},
                                          "handoff": {"enabled": False,
                                                      "prefer_public_url": False}})
    assert item_link_from_config(PUBLIC, config).payload == PUBLIC.public_url
    link = item_link_from_config(BOOK, config)
    assert link.kind == "text" and "không chia sẻ" in link.note_vi and not link.offline


def test_a_public_url_too_long_for_a_code_is_never_cut() -> None:
    """A link cut with "…" opens nothing: the station's page is offered instead."""
    url = "https://thuvien.example.vn/tai-lieu?" + "&".join(f"p{i}=gia-tri-{i}"
                                                           for i in range(300))
    long_url = Item(id="dai", title="Sách", kind="book", sha256="c" * 64, public_url=url)
    link = item_link(long_url, wifi_address="10.42.0.1", interfaces=_lister(HOTSPOT),
                     route=_no_route)
    assert (link.kind, link.payload) == ("handoff_url", "http://10.42.0.1:8765/i/dai")
    offline = item_link(long_url, interfaces=_lister({}), route=_no_route)
    assert offline.kind == "text" and "…" not in offline.payload.split("\n")[0]


@pytest.mark.parametrize(("typed", "used"), [
    ("10.42.0.1", "10.42.0.1"),
    (" 10.42.0.1:8765 ", "10.42.0.1"),  # a port typed with it: the link has its own
    ("http://10.42.0.1:8765/", "10.42.0.1"),
    ("10.42.0.1/24", "10.42.0.1"),  # as hotspot.sh --address takes it
    ("[2001:db8::5]", "2001:db8::5"),
    ("2001:db8::5", "2001:db8::5"),
    ("tram.local", "tram.local"),
    # No phone reaches these: the station's address is found instead.
    ("127.0.0.1", "192.168.1.20"), ("0.0.0.0", "192.168.1.20"), ("localhost", "192.168.1.20"),
    ("fe80::1", "192.168.1.20"), ("", "192.168.1.20"),
])
def test_wifi_address_as_typed(tmp_path, typed: str, used: str) -> None:
    """`wifi.address = "10.42.0.1:8765"` made `http://[10.42.0.1:8765]:8765/…`."""
    # listening on both families (`::`): on `0.0.0.0` an IPv6 address is not served
    config = Config(tmp_path / "c.toml", {"wifi": {"address": typed},
                                          "handoff": {"host": "::"}})
    link = item_link_from_config(BOOK, config, interfaces=_lister({"eth0": ["192.168.1.20"]}),
                                 route=_no_route)
    assert link.payload == handoff_url(used, 8765, "so-tay")


@pytest.mark.parametrize(("host", "payload"), [
    ("0.0.0.0", "http://192.168.1.20:8765/i/so-tay"),
    ("", "http://192.168.1.20:8765/i/so-tay"),
    ("[::]", "http://192.168.1.20:8765/i/so-tay"),
    ("0.0.0.0:8765", "http://192.168.1.20:8765/i/so-tay"),
    # Bound to one address, the server answers on no other: codes name that one.
    ("10.42.0.1", "http://10.42.0.1:8765/i/so-tay"),
    ("2001:db8::5", "http://[2001:db8::5]:8765/i/so-tay"),
    # Bound to the machine itself, no phone reaches it: the text, as when not serving.
    ("127.0.0.1", None), ("::1", None), ("localhost", None), ("fe80::1%wlan0", None),
])
def test_the_station_link_follows_handoff_host(tmp_path, host: str, payload: str | None) -> None:
    config = Config(tmp_path / "c.toml", {"handoff": {"host": host}})
    link = item_link_from_config(BOOK, config, interfaces=_lister({"eth0": ["192.168.1.20"]}),
                                 route=_no_route)
    if payload is None:
        assert link.kind == "text" and "không chia sẻ" in link.note_vi
    else:
        assert (link.kind, link.payload) == ("handoff_url", payload)


@pytest.mark.parametrize(("written", "coded"), [
    ("https://thuvien.example.vn/sach.pdf", "https://thuvien.example.vn/sach.pdf"),
    ("https://thuvien.example.vn/tài liệu/sổ tay.pdf?tên=Đảng viên#trang 2",
     "https://thuvien.example.vn/t%C3%A0i%20li%E1%BB%87u/s%E1%BB%95%20tay.pdf"
     "?t%C3%AAn=%C4%90%E1%BA%A3ng%20vi%C3%AAn#trang%202"),
    ("https://thuvien.example.vn/s%E1%BB%95-tay.pdf?a=1&b=%2F",
     "https://thuvien.example.vn/s%E1%BB%95-tay.pdf?a=1&b=%2F"),  # already a URI
    ("HTTPS://thưviện.vn/sách", "https://xn--thvin-grb5423c.vn/s%C3%A1ch"),
    ("ftp://thuvien.example.vn/x", None), ("thuvien.example.vn/x", None),
    ("http://[::1", None), ("http://host:port/x", None),
])
def test_a_public_url_is_coded_as_a_uri(written: str, coded: str | None) -> None:
    """A phone takes a code's text for a link only up to the first space."""
    item = Item(id="sach", title="Sách", kind="book", sha256="b" * 64, public_url=written)
    link = item_link(item, wifi_address="10.42.0.1", interfaces=_lister({}), route=_no_route)
    if coded is None:
        assert link.kind == "handoff_url"
    else:
        assert (link.kind, link.payload) == ("public_url", coded)


@pytest.mark.parametrize(("host", "reach"), [
    ("0.0.0.0", (True, "")), ("::", (True, "")), ("[::]", (True, "")), ("*", (True, "")),
    ("", (True, "")), ("10.42.0.7", (True, "10.42.0.7")),
    ("10.42.0.7:8765", (True, "10.42.0.7")), ("127.0.0.1", (False, "")),
    ("::1", (False, "")), ("localhost", (False, "")),
])
def test_host_reach_is_bound_address_for_any_host(tmp_path, host: str,
                                                  reach: tuple[bool, str]) -> None:
    """`cafesach serve --host` is judged as `handoff.host` is."""
    assert host_reach(host) == reach
    assert bound_address(Config(tmp_path / "c.toml", {"handoff": {"host": host}})) == reach
