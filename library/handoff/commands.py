"""`cafesach qr`, `cafesach serve`, `cafesach poster`: thin click layers.

Why here and not in `library/cli.py`: commands live beside the code they
drive and are imported only when called (see `LAZY_COMMANDS`), so
`cafesach search` never loads aiohttp or qrcode.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import (
    KIND_CHOICE,
    GivenPath,
    Station,
    counted,
    emit_json,
    force_option,
    interruptible,
    pass_station,
    progress,
)
from ..errors import InvalidInput
from ..files import file_state, output_target, write_output

if TYPE_CHECKING:
    from ..config import Config


def _terminal_qr(rows: list[str]) -> str:
    """Two matrix rows per text line with half blocks (scannable from a terminal)."""
    lines = []
    for y in range(0, len(rows), 2):
        top, bottom = rows[y], rows[y + 1] if y + 1 < len(rows) else "0" * len(rows[y])
        line = []
        for a, b in zip(top, bottom, strict=True):
            # Dark modules are printed as spaces on a light block background.
            line.append({("0", "0"): "█", ("1", "1"): " ", ("1", "0"): "▄",
                         ("0", "1"): "▀"}[(a, b)])
        lines.append("".join(line))
    return "\n".join(lines)


@click.command("qr")
@click.argument("item_id", required=False)
@click.option("-o", "--output", type=GivenPath(path_type=Path), metavar="FILE",
              help="Write the code to FILE.png or FILE.svg.")
@force_option
@click.option("--url-only", is_flag=True, help="Print only what the code holds (the link).")
@click.option("--wifi", is_flag=True, help="The code that joins the station's Wi-Fi instead.")
@click.option("--scale", default=10, show_default=True, type=click.IntRange(1, 50),
              help="Pixels per module in a PNG.")
@click.option("--json", "as_json", is_flag=True, help="Print what the code holds as JSON.")
@pass_station
def qr_command(station: Station, item_id: str | None, output: Path | None, force: bool,
               url_only: bool, wifi: bool, scale: int, as_json: bool) -> None:
    """Make an item's QR code (or, with --wifi, the code that joins the station's Wi-Fi)."""
    from ..qr import make_qr, wifi_password_problem, wifi_payload, wifi_ssid_problem
    from .links import SCAN_HINT_VI, item_link_from_config

    config = station.config
    note = ""
    kind = "wifi"
    if wifi:
        if item_id:
            raise click.UsageError("give either an item id or --wifi, not both")
        ssid = config.get("wifi", "ssid")
        if not ssid:
            raise InvalidInput("wifi.ssid is not set in the station's settings",
                               message_vi="Chưa đặt tên mạng Wi-Fi của trạm.")
        problem = wifi_ssid_problem(ssid)
        if problem:
            raise InvalidInput(f"wifi.ssid: {problem}",
                               message_vi="Tên mạng Wi-Fi dài quá 32 byte.")
        password = config.get("wifi", "password")
        problem = wifi_password_problem(password)
        if problem:
            raise InvalidInput(f"wifi.password: {problem}",
                               message_vi="Mật khẩu Wi-Fi phải dài 8–63 byte (chữ có dấu "
                               "tính 2–3 byte).")
        payload = wifi_payload(ssid, password, hidden=config.get("wifi", "hidden"))
    else:
        if not item_id:
            raise click.UsageError("give an item id (see `cafesach list`), or --wifi")
        item = station.catalog.get(item_id)
        if item.hidden:
            raise InvalidInput(f"{item.id} is hidden: phones could not open it",
                               message_vi="Mục này đang bị ẩn.")
        link = item_link_from_config(item, config)
        payload, kind, note = link.payload, link.kind, link.note_vi
    code = make_qr(payload)
    note = " ".join(n for n in (note, code.note_vi) if n)
    if output is not None:
        output_target(output, endings=(".png", ".svg"), replace=force)
        if output.suffix.lower() == ".png":
            data = code.png(scale=scale)
        else:
            data = code.svg().encode("utf-8")
        write_output(output, data)
    if as_json:
        emit_json({"payload": code.payload, "kind": kind, "level": code.level,
                   "version": code.version, "modules": code.size,
                   "shortened": code.shortened, "note": note,
                   "file": str(output) if output else None})
        return
    if url_only:
        click.echo(code.payload)
        return
    if output is None and sys.stdout.isatty():
        click.echo(_terminal_qr(code.rows))
    click.echo(code.payload)
    if output is not None:
        click.echo(f"wrote {output}", err=True)
    if note:
        click.echo(note, err=True)
    elif kind != "wifi":
        click.echo(SCAN_HINT_VI, err=True)


def _phone_address(config: Config, host: str) -> str | None:
    """The address phones use for a server listening on `host`, as QR codes name it
    (`links.host_reach`, then `links.phone_address`: not `wifi.address` as typed);
    "" when the station has no network address, None when no phone reaches `host`."""
    from .address import station_address
    from .links import host_reach, served_address

    reachable, bound = host_reach(host)
    if not reachable:
        return None
    return station_address(configured=bound or served_address(host,
                                                              config.get("wifi", "address")),
                           interface=config.get("wifi", "interface")) or ""


def _phone_lines(config: Config, host: str, port: int) -> list[str]:
    """What `serve` says about phones: the address they open, or plainly that none can
    reach this server; and what QR codes name, where that is not this server."""
    from .address import host_port
    from .links import configured_port, ipv4_only, phone_address

    mine = _phone_address(config, host)
    if mine is None:
        lines = [f"no phone can reach this server: {host} is this machine only "
                 "(use --host 0.0.0.0, or handoff.host = \"0.0.0.0\")"]
    elif not mine:
        lines = ["no phone can reach this station yet: it has no network address (start "
                 "its Wi-Fi hotspot, see docs/hotspot.md, or join a network)"]
    else:
        lines = [f"phones open http://{host_port(mine, port)}/"]
    wanted = phone_address(str(config.get("wifi", "address")))
    if ":" in wanted and ipv4_only(host):
        lines.append(f"wifi.address {wanted} is IPv6, but this server listens on IPv4 only "
                     f"({host}): use --host ::, or handoff.host = \"::\"")
    configured = configured_port(config)
    codes = _phone_address(config, str(config.get("handoff", "host")))
    if not config.get("handoff", "enabled"):
        lines.append("handoff.enabled is off: QR codes do not name this server")
    elif configured is None:
        lines.append(f"handoff.port is {config.get('handoff', 'port')}: QR codes do not "
                     "name this server")
    elif codes is None:
        lines.append(f"handoff.host is {config.get('handoff', 'host')}, this machine only: "
                     "QR codes hold the public URL or the item's text")
    elif codes and (codes, configured) != (mine, port):
        lines.append(f"QR codes name http://{host_port(codes, configured)}/ "
                     "(handoff.host, handoff.port), not this server")
    return lines


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@click.command("serve")
@click.option("--host", help="Address to listen on (default: handoff.host).")
@click.option("--port", type=click.IntRange(0, 65535),
              help="Port (default: handoff.port; 0 = any free port).")
@pass_station
def serve_command(station: Station, host: str | None, port: int | None) -> None:
    """Serve this station's items to phones on the local network (read-only)."""
    from ..logfile import station_log
    from .address import host_port
    from .server import HandoffServer

    config = station.config
    station.paths.ensure()
    station.catalog  # noqa: B018 - creates/migrates the catalog before the server reads it
    server = HandoffServer.from_config(station.paths, config, host=host, port=port)
    # its warnings also in logs/serve.log, where the health report reads recent errors:
    # from the first request it serves (it serves before the URL line below is out)
    with station_log(station.paths, "serve"):
        server.start()
        click.echo(f"serving on {host_port(server.host, server.port)}", err=True)
        for line in _phone_lines(config, server.host, server.port or 0):
            click.echo(line, err=True)
        click.echo(server.url + "/")  # the first stdout line: where it really listens
        sys.stdout.flush()
        if hasattr(signal, "SIGTERM"):  # a service manager stops us cleanly too
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.wait()
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
        finally:
            server.stop()


@click.command("poster")
@click.option("--kind", type=KIND_CHOICE, help="Only this collection.")
@click.option("--tag", help="Only items with this tag.")
@click.option("--id", "ids", multiple=True,
              help="These items (repeatable; not with --kind/--tag).")
@click.option("--grid", is_flag=True, help="Six items per page instead of one.")
@click.option("--no-wifi", is_flag=True, help="Leave out the Wi-Fi code.")
@click.option("-o", "--output", type=GivenPath(path_type=Path), required=True,
              metavar="FILE", help="The PDF to write.")
@force_option
@pass_station
def poster_command(station: Station, kind: str | None, tag: str | None, ids: tuple[str, ...],
                   grid: bool, no_wifi: bool, output: Path, force: bool) -> None:
    """Print-ready A4 QR posters (PDF) for stalls and notice boards."""
    from ..poster import poster_items, write_poster

    output_target(output, endings=(".pdf",), replace=force)
    if ids and (kind or tag):
        raise click.UsageError("give --id, or --kind/--tag, not both")
    catalog = station.catalog
    items = poster_items(catalog, kind=kind, tag=tag, ids=ids)
    bar = progress(items, "poster", unit="item")  # hundreds of codes take seconds
    before = file_state(output)
    try:
        with interruptible(lambda: file_state(output) != before):  # written whole or not
            result = write_poster(output, items, station.config, grid=grid, wifi=not no_wifi,
                                  objects=catalog.objects, on_item=lambda _done: bar.update(1))
    finally:
        bar.close()
    click.echo(f"wrote {output}: {counted(len(items), 'item')} on "
               f"{counted(result.pages, 'page')}", err=True)
    for note in result.notes:
        click.echo(note, err=True)
