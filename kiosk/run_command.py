"""`cafesach run`: start the station on the data folder (demo library on first run)."""

from __future__ import annotations

import click

from library.cli import Station, pass_station


def prompt_loop(station: Station) -> None:
    """A terminal search prompt over the catalog (used where no screen is wanted)."""
    from library.search import Search

    catalog = station.catalog
    search = Search(catalog)
    click.echo(f"Café sách 4.0 — {len(catalog)} mục trong thư viện ({station.paths.root})")
    for kind, count in sorted(catalog.kind_counts().items()):
        click.echo(f"  {kind:<12} {count}")
    click.echo("Gõ từ khóa để tìm (không dấu cũng được); Enter trống hoặc Ctrl+D để thoát.")
    while True:
        try:
            query = input("tìm> ").strip()
        except EOFError:
            break
        if not query:
            break
        hits = search.search_typed(query, limit=8)
        if not hits:
            click.echo("  Không tìm thấy kết quả.")
        for hit in hits:
            where = f"trang {hit.page}" if hit.page else "thông tin"
            click.echo(f"  {hit.item.title}  [{hit.item.kind_name}, {where}]")
            click.echo(f"      {hit.marked_snippet('«', '»')}")


@click.command("run")
@click.option("--terminal", is_flag=True, help="A search prompt in the terminal instead of the screen.")
@pass_station
def run_command(station: Station, terminal: bool) -> None:
    """Start the reading station (loads the demo library into an empty catalog)."""
    from library.demo import load_demo

    added = load_demo(station.catalog)
    if added:
        click.echo(f"Đã nạp thư viện mẫu: {added} mục.", err=True)
    prompt_loop(station)
