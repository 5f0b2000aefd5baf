"""`cafesach render`, `text` and `check`: the document engine from the command line.

They use the same worker process as the kiosk, so `check` answers exactly
the question "will the kiosk show this file?".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from library.cli import (
    GivenPath,
    GivenSource,
    Station,
    counted,
    emit_json,
    force_option,
    pass_station,
    progress,
)
from library.errors import DocumentError, InvalidInput, LibraryError, NotFound
from library.files import output_target, shown_path, write_output

from .api import DocumentEngine, set_default_engine

#: Width of the pages `check` renders to prove every page can be shown.
CHECK_WIDTH = 200


def station_engine(station: Station) -> DocumentEngine:
    """An engine with the station's settings (`documents.timeout_s`, `memory_limit_mb`),
    made the default one (so `library.extract` uses it too), closed when the command ends."""
    engine = DocumentEngine.for_station(station.config, standby_worker=False)
    set_default_engine(engine)
    click.get_current_context().call_on_close(engine.close)
    return engine


def _item_file(station: Station, item_id: str) -> tuple[Any, Path | None]:
    """The item and, when the worker reads it, its file in the store."""
    item = station.catalog.get(item_id)
    if not _is_mupdf(item.media_type):  # no pages to draw: the catalog holds its text
        return item, None
    path = station.catalog.object_path(item)
    if not path.is_file():  # lost from the data folder
        raise DocumentError(f"{item_id}: its file is missing from the data folder ({path}); "
                            "add or import it again",
                            message_vi="Tệp của tài liệu này không còn trong thư mục dữ liệu.")
    return item, path


def _is_mupdf(media_type: str | None) -> bool:
    from library.formats import FORMATS, MUPDF_TYPES

    return any(FORMATS[s][0] == media_type for s in MUPDF_TYPES)


@click.command("render")
@click.argument("item_id")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page number.")
@click.option("--width", default=1080, show_default=True, type=click.IntRange(1, 20000),
              help="Width of the box the page is fitted into, in pixels.")
@click.option("--height", type=click.IntRange(1, 20000),
              help="Height of the box (default: as tall as the page needs).")
@click.option("--zoom", default=1.0, show_default=True, type=click.FloatRange(0.1, 8.0),
              help="Magnify the fitted page (2 = twice as large).")
@click.option("-o", "--output", "output", required=True, type=GivenPath(path_type=Path),
              metavar="FILE", help="PNG file to write.")
@force_option
@pass_station
def render_command(station: Station, item_id: str, page: int, width: int, height: int | None,
                   zoom: float, output: Path, force: bool) -> None:
    """Render one page of an item to a PNG file, as the kiosk would show it."""
    from .png import encode_png

    output_target(output, endings=(".png",), replace=force)
    item, path = _item_file(station, item_id)
    if path is None:
        raise InvalidInput(f"{item_id} is a {item.media_type or 'file'} item; it has no pages")
    engine = station_engine(station)
    rendered = engine.render(path, page, width, height or width * 20, zoom).result()
    write_output(output, encode_png(rendered))
    click.echo(f"{output}  {rendered.width}×{rendered.height}  (page {page})")


def _document_text(engine: DocumentEngine, path: Path, page: int | None) -> list[str]:
    """One page's text, or every page's read in chunks: each chunk is one request under
    `documents.timeout_s`, so a long book is read whole as `add` reads it."""
    if page is not None:
        return engine.text(path, page).result()
    return engine.all_text(path, engine.info(path).result().page_count)


@click.command("text")
@click.argument("item_id")
@click.option("--page", type=click.IntRange(1), help="Only this page (default: every page).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of page texts.")
@pass_station
def text_command(station: Station, item_id: str, page: int | None, as_json: bool) -> None:
    """Print the text of an item, read from its file by the document worker."""
    item, path = _item_file(station, item_id)
    if path is not None:
        pages = _document_text(station_engine(station), path, page)
        if page is None and not any(text.strip() for text in pages):
            # A picture or a scan: a blank answer would look like a bug, as for a clip.
            raise InvalidInput(f"{item_id} has no text (it is {item.media_type or item.kind}"
                               " without a text layer)",
                               message_vi="Mục này không có chữ để in.")
    else:  # text bulletins and clips: what the catalog holds
        pages = station.catalog.pages(item_id)
        if not pages:  # a clip: nothing to print, and an empty answer would look like a bug
            raise InvalidInput(f"{item_id} has no text (it is {item.media_type or item.kind})",
                               message_vi="Mục này không có chữ để in.")
        if page is not None:
            if page > len(pages):
                raise InvalidInput(f"{item_id} has no page {page}")
            pages = pages[page - 1:page]
    first = page or 1
    if as_json:
        emit_json([{"page": first + i, "text": t} for i, t in enumerate(pages)])
        return
    for index, text in enumerate(pages):
        if len(pages) > 1:
            click.echo(f"--- trang {first + index} ---")
        click.echo(text.rstrip("\n"))


def _check_document(engine: DocumentEngine, path: Path, show_progress: bool) -> dict[str, Any]:
    info = engine.info(path).result()
    problems: list[str] = []
    for number in progress(list(range(1, info.page_count + 1)), "Checking", unit="page",
                           enabled=show_progress):
        if number in info.missing_chapters:  # the engine refuses it; said once, below
            continue
        try:
            engine.render(path, number, CHECK_WIDTH, CHECK_WIDTH * 20).result()
        except DocumentError as exc:
            problems.append(f"page {number}: {exc}")
    image = info.media_type.startswith("image/")
    problems += [f"page {number}: a chapter that cannot be read (missing from the file, or "
                 "locked by DRM): the kiosk shows that page blank, with its calm line"
                 for number in info.missing_chapters]
    if info.repaired:
        problems.append("damaged: the file had to be repaired to open; pages may be blank "
                        "or missing (export it again from the original)")
    elif info.scanned:
        problems.append("no text layer (scanned): it cannot be searched or read aloud")
    return {"file": shown_path(path), "format": info.media_type, "pages": info.page_count,
            "title": info.title, "text_layer": not (info.scanned or image),
            "legacy_encoding": info.legacy_encoding, "repaired": info.repaired,
            "toc_entries": len(info.toc), "problems": problems,
            "ok": not any(p.startswith("page ") for p in problems)}


def _check_file(station: Station, file: Path, show_progress: bool) -> dict[str, Any]:
    """What `add` would find in `file`, read as `add` reads it."""
    from library.extract import check_nonempty_file, extract
    from library.formats import MUPDF_TYPES, content_media_info

    check_nonempty_file(file)
    suffix, media_type, kind = content_media_info(file)  # as `add` reads it
    if suffix in MUPDF_TYPES:
        return _check_document(station_engine(station), file, show_progress)
    if kind in ("video", "audio"):
        return _check_media(file, media_type, kind)
    extraction = extract(file)
    return {"file": shown_path(file), "format": media_type, "pages": extraction.page_count,
            "title": extraction.title, "text_layer": bool(extraction.pages),
            "legacy_encoding": extraction.legacy_encoding,
            "duration_s": extraction.duration_s, "problems": [], "ok": True}


def _check_media(file: Path, media_type: str, kind: str) -> dict[str, Any]:
    """What the kiosk gets of a clip or a recording: its length, a video's picture size,
    and whether a poster frame (or a recording's own cover picture) could be made for
    its card.

    Read by ffprobe and ffmpeg as `add` reads it (`media.probe`): a file they cannot
    play raises its one line (`DocumentError`), as a document that cannot be opened.
    Pages and text layer are said too (none), so the report has one shape for all files.
    """
    from .media import find_tool, probe

    found = probe(file)
    problems = []
    if find_tool("ffprobe") is None:
        problems.append("ffprobe is not installed: length and playability unknown, and no "
                        "poster frame (apt install ffmpeg)")
    elif kind == "video" and found.width is None:
        problems.append("no picture in it: the kiosk plays its sound only")
    elif kind == "video" and found.poster_png is None:
        problems.append("no poster frame could be made: its card shows the generic picture")
    return {"file": shown_path(file), "format": media_type, "kind": kind, "pages": 0,
            "title": None, "text_layer": False, "duration_s": found.duration_s,
            "width": found.width, "height": found.height,
            "poster": found.poster_png is not None, "problems": problems, "ok": True}


def _clock(seconds: float) -> str:
    """A length as a player shows it: 0:07, 12:30, 1:02:05."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _media_line(report: dict[str, Any]) -> str:
    """`check`'s line of a clip: kind, length, picture size and poster, not pages."""
    parts = [report["format"], report["kind"]]
    if report["duration_s"]:
        parts.append(_clock(report["duration_s"]))
    if report["width"]:
        parts.append(f"{report['width']}×{report['height']}")
    if report["kind"] == "video":
        parts.append(f"poster frame: {'yes' if report['poster'] else 'no'}")
    elif report["poster"]:  # a recording's own picture, its card's cover
        parts.append("cover picture: yes")
    return ", ".join(parts)


def _check_item(station: Station, item: Any, show_progress: bool) -> dict[str, Any]:
    """An item's own file from the store, opened as the kiosk opens it."""
    if not item.sha256:  # a text bulletin: the catalog holds all of it
        report: dict[str, Any] = {"file": None, "format": item.media_type or "text",
                                  "pages": len(station.catalog.pages(item.id)),
                                  "title": item.title, "text_layer": True, "problems": [],
                                  "ok": True}
    else:
        path = station.catalog.object_path(item)
        if not path.is_file():
            raise DocumentError(
                f"{item.id}: its file is missing from the data folder ({path}); "
                "add or import it again",
                message_vi="Tệp của tài liệu này không còn trong thư mục dữ liệu.")
        report = _check_stored(station, path, item.media_type, show_progress)
    return {"id": item.id, **report, "broken": item.broken}


def _check_stored(station: Station, path: Path, media_type: str,
                  show_progress: bool) -> dict[str, Any]:
    """`_check_file` on a store object, which has no name: where its first bytes do not
    tell its format (an MP3, a clip), it is read under the ending of the item's own
    media type, as the kiosk plays it by that type."""
    import tempfile

    from library.formats import FORMATS, content_suffix

    suffix = next((s for s, (kind_type, _kind) in FORMATS.items() if kind_type == media_type),
                  "")
    if content_suffix(path) or not suffix:
        return _check_file(station, path, show_progress)
    with tempfile.TemporaryDirectory(prefix="cafesach-check-") as folder:
        named = Path(folder) / f"{path.name}{suffix}"
        named.symlink_to(path)
        return {**_check_file(station, named, show_progress), "file": shown_path(path)}


def _as_item(station: Station, target: str) -> Any | None:
    """The catalog item `target` names, when it is no file here (a file wins: `check` has
    always taken files, and an id rarely looks like an existing path)."""
    if Path(target).exists():
        return None
    try:
        return station.catalog.get(target)
    except LibraryError:  # no such item, or no catalog here: report the missing file
        return None


@click.command("check")
@click.argument("target", metavar="FILE|ID", type=GivenSource("file or id"))
@click.option("--clear", is_flag=True,
              help="ID only: when the item opens now, clear its `broken` flag, so the kiosk "
                   "offers it again (the flag stays when it still fails).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_station
def check_command(station: Station, target: str, clear: bool, as_json: bool) -> None:
    """Open a file, or an item's file, in the document worker and report whether the kiosk
    can show it.

    Reports the format, pages, text layer and problems; exits non-zero with a one-line
    reason when it cannot be shown. The kiosk flags an item that fails to open `broken`
    (`list --broken` lists them); `check ID --clear` retries one and clears the flag.
    """
    if clear:
        # The one case of `check` that writes: open the catalog writable (it is opened
        # lazily, so nothing has been read through a read-only connection yet).
        station.read_only = False
    item = _as_item(station, target)
    if item is None:
        if clear:
            raise InvalidInput(f"--clear takes the id of a catalog item; {target!r} is none",
                               message_vi="Không tìm thấy mục này.")
        file = Path(target)
        if file.name == target and not file.exists() and not file.is_symlink():
            # a mistyped id is as likely as a mistyped file name: say both were looked for
            raise NotFound(f"{target}: no such file, and no catalog item has that id",
                           message_vi="Không tìm thấy tệp hay mục này.")
        report = _check_file(station, file, not as_json)
    else:
        report = _check_item(station, item, not as_json)
        if clear and report["ok"] and item.broken:
            station.catalog.set_flags(item.id, broken=False)
            report["broken"], report["cleared"] = False, True
    if as_json:
        emit_json(report)
    else:
        # an item by its id and title, as `list` shows it, not by its file in objects/
        name = f"{item.id} «{item.title}»" if item is not None else report["file"]
        if report.get("kind") in ("video", "audio"):
            click.echo(f"{name}: {_media_line(report)}")
        else:
            click.echo(f"{name}: {report['format']}, {counted(report['pages'], 'page')}, "
                       f"text layer: {'yes' if report['text_layer'] else 'no'}")
        if report.get("legacy_encoding"):
            old = report["legacy_encoding"]
            click.echo(f"  văn bản mã {old}, đã chuyển sang Unicode (text typed in the old "
                       f"{old} font encoding, converted to Unicode)")
        for problem in report["problems"]:
            click.echo(f"  problem: {problem}")
        if report.get("cleared"):
            click.echo(f"{item.id}: it opens now; the broken flag is cleared")
        elif clear and report["ok"]:
            click.echo(f"{item.id}: not flagged broken; nothing to clear")
        elif report.get("broken") and report["ok"]:
            click.echo(f"{item.id}: flagged broken, but it opens now; "
                       f"`cafesach check {item.id} --clear` offers it again")
    if not report["ok"]:
        bad = [p for p in report["problems"] if p.startswith("page ")]
        shown = Path(report["file"]).name if report["file"] else target
        raise DocumentError(f"{shown}: {counted(len(bad), 'page')} cannot be shown ({bad[0]})")
