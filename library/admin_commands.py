"""`cafesach pin`, `cafesach stats` and `cafesach report`: the librarian's commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from .cli import GivenPath, Station, counted, emit_json, force_option, pass_station, say
from .errors import AdminError, InvalidInput


def _pin_lock(station: Station):
    """The station's `PinLock`, refused to root in the kiosk user's folder: a
    `keys/admin.json` root wrote would be unreadable to the kiosk (`paths`); and in a
    folder of documents given for the data folder, where `keys/` has no place."""
    from .admin import PinLock
    from .paths import refuse_root_in_others_folder

    station.paths.refuse_folder_of_documents()
    refuse_root_in_others_folder(station.paths.root)
    return PinLock.open(station.paths)


def _read_secret(label: str, *, confirm: bool = False,
                 check: Callable[[str], str] | None = None) -> str:
    """Hidden prompt on a terminal; one line of standard input otherwise (for scripts).

    `check` validates the first entry before the confirmation is asked for.
    """
    if sys.stdin.isatty():
        while True:
            first = click.prompt(label, hide_input=True, err=True).strip()
            try:
                first = check(first) if check else first
            except InvalidInput as exc:
                click.echo(f"{exc}", err=True)
                continue
            break
        if confirm and click.prompt("Repeat for confirmation", hide_input=True,
                                    err=True).strip() != first:
            raise InvalidInput("the two PINs differ", message_vi="Hai lần nhập PIN không khớp.")
        return first
    first = sys.stdin.readline()
    if not first:
        raise InvalidInput(f"{label}: nothing on standard input")
    if check:
        check(first.strip())
    if confirm:
        second = sys.stdin.readline()
        if not second:  # one line piped in: not "two PINs that differ"
            raise InvalidInput(f"{label}: give it twice on standard input (two lines), "
                               "the second to confirm it",
                               message_vi="Hãy nhập mã PIN hai lần (hai dòng) để xác nhận.")
        if second.strip() != first.strip():
            raise InvalidInput("the two PINs differ", message_vi="Hai lần nhập PIN không khớp.")
    return first.strip()


def open_stats(station: Station, *, flush_interval_s: float | None = None):
    """The station's `StatsStore` (flushes on demand only, for commands)."""
    from .stats import StatsStore

    return StatsStore.open(station.paths.root, today=station.config.today,
                           flush_interval_s=flush_interval_s)


# -- pin ------------------------------------------------------------------------
@click.group("pin")
def pin_command() -> None:
    """Set, check or reset the librarian PIN (digits; 10 wrong tries an hour at most)."""


@pin_command.command("set")
@click.option("--key-file", "key_dir", type=GivenPath(file_okay=False, path_type=Path),
              metavar="DIR",
              help="Also write the recovery code as a key file into this folder (a USB stick).")
@pass_station
def pin_set(station: Station, key_dir: Path | None) -> None:
    """Set the PIN (asked twice; when one is set, the current PIN is asked first).

    Prints a recovery code once: write it down.
    """
    from .admin import check_pin_format

    if key_dir is not None and not key_dir.is_dir():  # before any PIN is typed
        raise InvalidInput(f"{key_dir}: no such folder",
                           message_vi="Không thấy thư mục (USB) để ghi tệp khoá khôi phục.")
    lock = _pin_lock(station)
    was_set = lock.is_set
    if was_set:
        result = lock.check(_read_secret("Current PIN", check=check_pin_format))
        if result.throttled:  # the PIN was not even looked at: do not call it wrong
            raise AdminError(f"too many wrong PINs; try again in {result.wait_s:.0f} s",
                             message_vi=result.message_vi())
        if not result.ok:
            raise AdminError(f"wrong current PIN ({counted(result.remaining, 'try', 'tries')} "
                             "left this hour)",
                             message_vi=result.message_vi())
    pin = _read_secret("New PIN", confirm=True, check=check_pin_format)
    code = lock.set_pin(pin, key_file_dir=key_dir, first=not was_set)
    click.echo("PIN set. Recovery code (shown only now, keep it safe):", err=True)
    click.echo(code)
    if key_dir is not None:
        click.echo(f"Recovery key file written to {key_dir}", err=True)


@pin_command.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_station
def pin_check(station: Station, as_json: bool) -> None:
    """Check a PIN (exit 0 when right). Wrong PINs count towards the hourly limit."""
    from .admin import check_pin_format

    # a line that cannot be a PIN (empty, letters) is refused without costing a try
    result = _pin_lock(station).check(_read_secret("PIN", check=check_pin_format))
    if as_json:
        emit_json({"ok": result.ok, "wait_s": round(result.wait_s, 1),
                   "remaining": result.remaining, "throttled": result.throttled})
    if not result.ok:
        if result.throttled:
            raise AdminError(f"too many wrong PINs; try again in {result.wait_s:.0f} s",
                             message_vi=result.message_vi())
        raise AdminError(f"wrong PIN ({counted(result.remaining, 'try', 'tries')} left this hour)",
                         message_vi=result.message_vi())
    if not as_json:
        click.echo("PIN ok")


@pin_command.command("reset")
@click.option("--recovery-code", "use_code", is_flag=True,
              help="Prove it with the recovery code (asked for, hidden).")
@click.option("--key-file", "key_dir", type=GivenPath(file_okay=False, path_type=Path),
              metavar="DIR",
              help="Prove it with the recovery key file in this folder (a USB stick).")
@pass_station
def pin_reset(station: Station, use_code: bool, key_dir: Path | None) -> None:
    """Set a new PIN without the old one, using the recovery code or key file."""
    from .admin import check_pin_format, read_key_file

    if use_code == (key_dir is not None):
        raise click.UsageError("give exactly one of --recovery-code or --key-file")
    lock = _pin_lock(station)
    if not lock.is_set:  # not "wrong recovery code": there is none to be right
        raise AdminError("no PIN is set, so there is nothing to reset; set one with "
                         "`cafesach pin set`", message_vi="Chưa đặt mã PIN.")
    if key_dir is not None:
        code = read_key_file(key_dir)
        if code is None:
            raise AdminError(f"no recovery key file in {key_dir}",
                             message_vi="Không thấy tệp khoá khôi phục trên USB.")
    else:
        code = _read_secret("Recovery code")
    if not lock.check_recovery(code):
        raise AdminError("wrong recovery code", message_vi="Mã khôi phục không đúng.")
    lock.change_pin(_read_secret("New PIN", confirm=True, check=check_pin_format))
    click.echo("PIN reset; the recovery code stays the same.", err=True)


# -- stats ------------------------------------------------------------------
@click.command("stats")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="First day (default: all).")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Last day (default: all).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the export CSV (counts < 5 left out).")
@click.option("--json", "as_json", is_flag=True, help="Print totals, top items and searches.")
@click.option("-o", "--output", type=GivenPath(dir_okay=False, path_type=Path),
              help="Write the CSV to this file instead (atomically).")
@force_option
@pass_station
def stats_command(station: Station, start: str | None, end: str | None, as_csv: bool,
                  as_json: bool, output: Path | None, force: bool) -> None:
    """Anonymous usage counts per day: views, pages, audio, QR, searches."""
    from .files import output_target
    from .stats import METRICS, check_range, rows_to_csv

    if as_json and (as_csv or output):
        raise click.UsageError("--json prints totals; --csv and -o write the CSV: give one")
    check_range(start, end)
    if output:
        output_target(output, replace=force)
    counting = bool(station.config.get("admin", "stats_enabled"))
    if not counting:  # as the panel says it: zeros then do not mean nobody came
        say("warning: counting is off (admin.stats_enabled = false): nothing is counted "
            "while it is, so these are only the counts from before")
    store = open_stats(station)
    if as_csv or output:
        from .csvsafe import safe_csv_text  # no cell a spreadsheet runs as a formula

        text = safe_csv_text(rows_to_csv(store.export_rows(start, end)))
        if output:
            from .report import write_stats_csv

            write_stats_csv(output, text)
            click.echo(f"wrote {output}", err=True)
        else:
            click.echo(text, nl=False)
        return
    totals = store.totals(start, end)
    top = store.top_items("view", start, end, limit=10)
    none = store.search_terms(start, end, found=False, limit=10)
    titles = _titles(station, [item_id for item_id, _n in top])
    if as_json:
        emit_json({"counting": counting, "totals": totals, "top_items": top,
                   "titles": titles, "zero_result_searches": none,
                   "per_day": {m: store.daily_totals(m, start, end) for m in METRICS}})
        return
    for name, value in totals.items():
        click.echo(f"{name:>12}: {value}")
    if top:
        click.echo("top items (views):")
        for item_id, n in top:
            title = f"  {titles[item_id]}" if item_id in titles else ""
            click.echo(f"  {n:>6}  {item_id}{title}")
    if none:
        click.echo("searches that found nothing:")
        for term, n in none:
            click.echo(f"  {n:>6}  {term}")


def _titles(station: Station, item_ids: list[str]) -> dict[str, str]:
    """The titles of `item_ids` in the catalog (`Catalog.titles`); none at all when the
    catalog cannot be read (no catalog yet, one needing an upgrade): the counts stand alone."""
    from .errors import LibraryError

    try:
        return station.catalog.titles(item_ids)
    except LibraryError:
        return {}


# -- report -------------------------------------------------------------------
@click.group("report")
def report_command() -> None:
    """Signed usage and health reports carried up to the province on a USB stick."""


@report_command.command("write")
@click.argument("folder", type=GivenPath(file_okay=False, path_type=Path))
@click.option("--from", "start", metavar="YYYY-MM-DD", help="First day counted (default: all).")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Last day counted (default: all).")
@pass_station
def report_write(station: Station, folder: Path, start: str | None, end: str | None) -> None:
    """Write this station's signed report into FOLDER (e.g. a USB stick)."""
    from .paths import refuse_root_in_others_folder
    from .report import write_report

    refuse_root_in_others_folder(station.paths.root)  # the station key goes into keys/
    written = write_report(folder, paths=station.paths, catalog=station.catalog,
                           config=station.config, stats=open_stats(station),
                           start=start, end=end)
    if written.stats_error:
        say(f"warning: the report holds no usage counts ({written.stats_error}); "
            "its health part was written")
    click.echo(str(written.folder))


@report_command.command("collect")
@click.argument("folders", nargs=-1, required=True, type=GivenPath(path_type=Path))
@click.option("-o", "--output", required=True, type=GivenPath(dir_okay=False, path_type=Path),
              help="The merged CSV to write.")
@click.option("--trusted", type=GivenPath(dir_okay=False, path_type=Path),
              help="File of known station ids or public keys; reports from others are rejected.")
@click.option("--health", "health_out", type=GivenPath(dir_okay=False, path_type=Path),
              help="Also write one line of health per station report to this CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print the stations' health as JSON.")
@force_option
def report_collect(folders: tuple[Path, ...], output: Path, trusted: Path | None,
                   health_out: Path | None, as_json: bool, force: bool) -> None:
    """Verify the stations' reports under FOLDERS and merge them into one CSV.

    Exit 0 when every report verified, 2 when some were rejected (the rest are
    merged and each rejection is named on stderr), 1 when none was valid.
    """
    from datetime import date

    from .files import output_target, shown_path
    from .report import (
        REPORTS_FOLDER,
        clock_doubts,
        collect,
        load_trusted,
        merged_csv,
        write_stats_csv,
    )

    missing = [f for f in folders if not f.is_dir()]
    if missing:  # a stick not plugged in: exit 1 as "no report", never 2 ("some rejected")
        why = "not a folder" if missing[0].exists() else "no such folder"
        raise InvalidInput(f"{shown_path(missing[0])}: {why}; nothing was merged",
                           message_vi="Không thấy thư mục (USB đã cắm chưa?).")
    if health_out is not None and health_out.absolute() == output.absolute():
        raise click.UsageError("-o and --health name the same file; the health CSV would "
                               "replace the counts")
    for target in (output, health_out):  # before any report is read: nothing half-written
        if target is not None:
            output_target(target, replace=force)
    good, bad = collect(folders, trusted=load_trusted(trusted) if trusted else None)
    for rejected in bad:
        reason = rejected.reason.removeprefix(f"{rejected.folder.name}: ")  # named already
        click.echo(f"rejected {shown_path(rejected.folder)}: {reason}", err=True)
    if not good and not bad:
        raise InvalidInput(f"no report found in {', '.join(shown_path(f) for f in folders)} "
                           f"(a station writes them into a folder {REPORTS_FOLDER}/)",
                           message_vi="Không thấy báo cáo nào.")
    if not good:
        raise InvalidInput("no valid report found",
                           message_vi="Không có báo cáo hợp lệ nào.")
    for doubt in clock_doubts(good, date.today().isoformat()):
        say(f"warning: {doubt}")
    # with a byte-order mark: the province opens it in Excel, and station names are Vietnamese
    write_stats_csv(output, merged_csv(good), bom=True)
    if health_out is not None:
        from .report import health_csv

        write_stats_csv(health_out, health_csv(good), bom=True)
    if as_json:
        emit_json([{"station_id": r.station_id, "station_name": r.station_name, "day": r.day,
                    "rows": len(r.rows), "health": r.health} for r in good])
    else:
        stations = len({r.station_id for r in good})
        click.echo(f"{counted(len(good), 'report')} from {counted(stations, 'station')} "
                   f"merged into {output}; {len(bad)} rejected", err=True)
    if bad:  # the good ones are merged; a non-zero exit makes the rejections noticed
        raise SystemExit(2)


@click.command("usb")
@click.option("--json", "as_json", is_flag=True, help="Print sticks and packs as JSON.")
@click.option("--eject", "eject_path", type=GivenPath(path_type=Path), metavar="MOUNTPOINT",
              help="Safely eject the stick mounted here.")
@pass_station
def usb_command(station: Station, as_json: bool, eject_path: Path | None) -> None:
    """List inserted USB sticks and the packs on them (signatures checked), or eject one."""
    from .usb import eject, find_packs, find_sticks

    sticks = find_sticks()
    if eject_path is not None:
        match = [s for s in sticks if s.path == eject_path.resolve()]
        if not match:
            raise InvalidInput(f"no stick is mounted at {eject_path}")
        click.echo(f"ejected ({eject(match[0])})")
        return
    listing = [dict(s.to_json(), packs=[p.to_json() for p in
                                        find_packs(s.path, catalog=station.catalog)])
               for s in sticks]
    if as_json:
        emit_json(listing)
        return
    if not listing:
        click.echo("no USB stick found")
    for stick in listing:
        room = ("read-only: nothing can be written to it" if stick["read_only"]
                else f"{stick['free_bytes'] // 2**20} MiB free")
        click.echo(f"{stick['path']}  ({stick['fstype']}, {room})")
        for pack in stick["packs"]:
            problem = f"  {pack['problem']}" if pack["problem"] else ""  # why it cannot be taken
            click.echo(f"    {pack['title']}  {pack['size']} bytes  [{pack['signature']}]"
                       f"{problem}")
