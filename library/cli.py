"""The `cafesach` command line: a thin layer over the core.

Commands live beside the code they drive and are loaded only when called
(`LazyGroup`), so `cafesach search` starts without MuPDF, and nothing here
loads Qt. The kiosk adds `run` (see `kiosk/main.py`). Every command: plain
`--help`, `--json` where the output is data, a one-line reason and a
non-zero exit on bad input.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__
from .address_passwords import hidden, hidden_in
from .catalog import KINDS, DamagedRow
from .errors import LibraryError
from .paths import DataPaths, data_paths
from .plural import counted
from .text import one_line

#: command name -> "module:attribute" of a click command, imported on use.
LAZY_COMMANDS: dict[str, str] = {
    "add": "library.cli:add_command",
    "remove": "library.cli:remove_command",
    "search": "library.cli:search_command",
    "list": "library.cli:list_command",
    "show": "library.cli:show_command",
    "selftest": "library.selftest:selftest_command",
    "speak": "library.speech.commands:speak_command",
    "pin": "library.admin_commands:pin_command",
    "stats": "library.admin_commands:stats_command",
    "report": "library.admin_commands:report_command",
    "usb": "library.admin_commands:usb_command",
    "render": "library.documents.commands:render_command",
    "text": "library.documents.commands:text_command",
    "check": "library.documents.commands:check_command",
    "qr": "library.handoff.commands:qr_command",
    "serve": "library.handoff.commands:serve_command",
    "poster": "library.handoff.commands:poster_command",
    "keygen": "library.repository.commands:keygen_command",
    "trust": "library.repository.commands:trust_command",
    "publish": "library.repository.commands:publish_command",
    "pack": "library.repository.commands:pack_command",
    "import": "library.repository.commands:import_command",
    "sync": "library.repository.commands:sync_command",
}


#: Commands that only read the data folder: they open the catalog read-only
#: (`Catalog.open_read_only`), so they work on a read-only mount or another
#: user's station, and never upgrade, create or change anything there.
#: (`sync --status` and `trust list` read only too, through `status.read_only_query`.)
READING_COMMANDS = frozenset({"list", "show", "search", "render", "text", "check", "qr",
                              "poster", "stats", "usb"})


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attr = self.lazy[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl+C in a command that does not say what it left (`Interrupted`) is one line
        too, "cafesach: interrupted", not click's blank line and "aborted"."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None


class Station:
    """What every command shares: the data folder, opened lazily.

    `read_only` (a command of `READING_COMMANDS`): the catalog is opened
    without changing anything in the data folder, and writing through it fails.
    """

    def __init__(self, data: str | None, *, read_only: bool = False) -> None:
        self.paths: DataPaths = data_paths(data)
        self.read_only = read_only
        self._catalog = None
        self._config = None

    @property
    def catalog(self):
        if self._catalog is None:
            from .catalog import Catalog

            if self.read_only and not self.paths.root.exists():
                # read as an empty library, as a station not started yet is; but a
                # mistyped --data must not pass for a station with nothing on it
                say(f"warning: there is no data folder {self.paths.root}: nothing has been "
                    "added there (a mistyped --data or CAFESACH_DATA?)")
            if self.read_only:  # (a writer refuses it: `DataPaths.ensure`)
                try:
                    self.paths.refuse_folder_of_documents()
                except LibraryError as exc:
                    say(f"warning: {exc}")
            self._catalog = (Catalog.open_read_only(self.paths) if self.read_only
                             else Catalog.open(self.paths))
        return self._catalog

    def use_catalog(self, catalog) -> None:
        """Use `catalog`, opened by the caller, as this station's (the kiosk opens its
        own: read-only on a full disk, `station_disk.open_station_catalog`)."""
        self._catalog = catalog

    @property
    def config(self):
        if self._config is None:
            from .config import Config

            self._config = Config.load(self.paths.config_file)
        return self._config

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()


pass_station = click.make_pass_decorator(Station)


def make_cli(extra: dict[str, str] | None = None) -> click.Group:
    """Build the command group; the kiosk passes its own commands in `extra`."""

    @click.group(
        cls=LazyGroup,
        lazy={**LAZY_COMMANDS, **(extra or {})},
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    @click.option("--data", "data", metavar="DIR", envvar=None,
                  help="Data folder (default: $CAFESACH_DATA, then the user data folder).")
    @click.version_option(__version__, prog_name="cafesach")
    @click.pass_context
    def cli(ctx: click.Context, data: str | None) -> None:
        """Café sách 4.0 — the reading station's commands."""
        station = Station(data, read_only=ctx.invoked_subcommand in READING_COMMANDS)
        ctx.obj = station
        ctx.call_on_close(station.close)

    return cli


def emit_json(data: Any) -> None:
    """`data` as JSON on stdout: what `--json` prints, an address's password hidden
    (`address_passwords.hidden_in`), as in every line the CLI says."""
    click.echo(json.dumps(hidden_in(data), ensure_ascii=False, indent=2))


def run(cli: click.Group, argv: list[str] | None = None) -> int:
    """Run the CLI; expected failures (and the machine's: `OSError`) become one
    line on stderr and exit 1."""
    try:
        cli.main(args=argv, prog_name="cafesach", standalone_mode=False)
    except click.exceptions.Abort as exc:
        # Ctrl+C: click turns it into Abort; a command that knows what an interrupt
        # leaves behind says so (`Interrupted`)
        click.echo(f"cafesach: {abort_line(exc)}", err=True)
        return 1 if isinstance(exc.__context__, EOFError) else 130
    except click.UsageError as exc:
        if isinstance(exc, _NO_ARGS_IS_HELP):  # `cafesach` or `cafesach pin` alone: the help
            exc.show()
            return exc.exit_code
        # a mistyped option, a path that is not there: one line like every other error
        # (click's own form is four, the usage line first), exit 2 as click has it
        click.echo(f"cafesach: error: {usage_line(exc)}", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except LibraryError as exc:
        # a refusal naming several things (publish's bad files) says each on a line of
        # its own, every line prefixed, so a script's `grep 'cafesach: error'` sees them all;
        # a failed sync's names the server: its password never shows
        for line in hidden(str(exc)).splitlines() or [""]:
            click.echo(f"cafesach: error: {line}", err=True)
        return 1
    except OSError as exc:  # the machine's fault (permissions, a full disk): one line too
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"cafesach: error: {exc.strerror or exc}{where}", err=True)
        return 1
    except sqlite3.Error as exc:  # one the catalog does not word (a page damaged inside)
        # a raw one may quote a whole page of text; a damaged row's own line is short
        said = str(exc) if isinstance(exc, DamagedRow) else one_line(str(exc))[:300]
        click.echo(f"cafesach: error: the catalog: {said}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("cafesach: interrupted", err=True)
        return 130
    return 0


def abort_line(exc: click.exceptions.Abort) -> str:
    """What an `Abort` says after "cafesach: ". Ctrl+C at a question (`click.prompt`,
    `click.confirm`: the PIN of `pin set`) is an interrupt like any other, "interrupted",
    not click's "aborted": click raises its Abort while handling the KeyboardInterrupt,
    which stays its context. A question whose input ended (Ctrl+D, a script that piped
    nothing in) is no interrupt but a missing answer, said as one (exit 1, not 130)."""
    if isinstance(exc, Interrupted):
        return exc.line
    if isinstance(exc.__context__, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc.__context__, EOFError):
        return "error: the question got no answer (its input ended); nothing was changed"
    return "aborted"


#: What click raises for a group given no command (its message is the whole help).
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def usage_line(exc: click.UsageError) -> str:
    """A usage error in one line, naming the command whose `--help` tells the right way:
    "Invalid value for '--kind': 'books' is not one of … (see: cafesach list --help)"."""
    where = exc.ctx.command_path if exc.ctx is not None else "cafesach"
    message = " ".join(exc.format_message().split()).rstrip(".")  # click may wrap one
    return f"{message} (see: {where} --help)"


def progress(items: list[Any], label: str, *, enabled: bool = True, unit: str = "file") -> Any:
    """A progress bar on stderr for long work (tqdm), silent for a single item.

    `unit` names what is counted ("page", "sentence"), shown as e.g. "page/s".
    Drawn on a terminal only (`bar_off`).
    """
    from tqdm import tqdm

    return tqdm(items, desc=label, unit=unit, file=sys.stderr,
                disable=bar_off(enabled=enabled and len(items) >= 2), leave=False)


def bar_off(*, enabled: bool = True) -> bool | None:
    """tqdm's `disable` for a command's progress bar: off when not wanted, else off
    unless stderr is a terminal (None). In a log or a pipe (a cron job, a script, the
    journal) a bar is no help, and what it leaves before a line — an error's
    `cafesach: error: …` too — would make that line hard to read."""
    return True if not enabled else None


class Interrupted(click.exceptions.Abort):
    """Ctrl+C in a command that can tell what the interrupt left: `line` says it."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


@contextlib.contextmanager
def interruptible(changed: Callable[[], bool], *, resumes: str = "") -> Iterator[None]:
    """Turn Ctrl+C inside the block into one line saying what it left behind.

    `changed()` is asked after the interrupt: False gives "interrupted;
    nothing was changed" (and `resumes`, e.g. what the next run picks up), True
    "interrupted after the work was done", since an interrupt can land after
    the last commit and the person must not be told the opposite.
    """
    try:
        yield
    except KeyboardInterrupt:
        try:
            done: bool | None = bool(changed())
        except (LibraryError, OSError, sqlite3.Error):
            done = None  # cannot tell: claim nothing
        if done is None:
            line = "interrupted"
        elif done:
            line = "interrupted after the work was done; its result is in place"
        else:
            line = "interrupted; nothing was changed" + (f"; {resumes}" if resumes else "")
        raise Interrupted(line) from None


def say(message: str) -> None:
    """`cafesach: message` on stderr, above a running progress bar rather than inside it:
    a sync's retries and warnings, and every logged warning (`_SayHandler`), with an
    address's password hidden."""
    from tqdm import tqdm

    tqdm.write(f"cafesach: {hidden(message)}", file=sys.stderr)


#: `--kind` of the commands that filter by collection (a typo is refused, not "no results").
KIND_CHOICE = click.Choice(KINDS)

#: `--force` of every command that writes a file the person names (`-o`, `pack --out`):
#: without it an existing file is refused before any work (`files.output_target`'s
#: `replace`), so a mistyped name never costs last month's figures or a pack still needed.
force_option = click.option("--force", is_flag=True,
                            help="Replace an output file that exists already.")


class GivenPath(click.Path):
    """`click.Path` for every path a command takes, refusing an empty one.

    Why: click reads `""` as `.`, so a script's unset variable (`--out "$DIR"`) made
    `keygen` write the secret key into whatever folder the script ran in, and other
    commands say something about "." the person never typed. Refused as a usage error:
    one line naming the option, exit 2, nothing done (as `--data ""` is refused)."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        _refuse_empty(self, "path", value, param, ctx)
        return super().convert(value, param, ctx)


class GivenSource(click.types.StringParamType):
    """A place to read from that may be a path or an address (`import SOURCE`): refused
    when empty, as `GivenPath` is — `import ""` was read as the folder it ran in."""

    name = "source"

    def __init__(self, what: str = "source") -> None:
        self.what = what  # as the error names it: `check FILE|ID` takes a "file or id"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        _refuse_empty(self, self.what, value, param, ctx)
        return super().convert(value, param, ctx)


def _refuse_empty(kind: click.ParamType, what: str, value: Any,
                  param: click.Parameter | None, ctx: click.Context | None) -> None:
    if isinstance(value, str) and not value.strip():
        kind.fail(f"the {what} is empty (an unset variable in a script?); nothing was done",
                  param, ctx)


def _parse_tags(tags: str | None) -> list[str]:
    return [t.strip() for t in (tags or "").split(",") if t.strip()]


class _SayHandler(logging.Handler):
    """Log warnings as `cafesach: warning: …` lines above a running progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        say(f"warning: {record.getMessage()}")


@contextlib.contextmanager
def _warnings_above_progress(logger_name: str) -> Iterator[None]:
    """Show this logger's warnings to the person at the terminal while a command runs."""
    logger = logging.getLogger(logger_name)
    handler, propagate = _SayHandler(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # not twice (Python's last-resort handler prints them bare)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _check_name_is_text(path: Path) -> None:
    """Refuse a file whose name is not UTF-8 (a stick written under another code page):
    the catalog keeps the name as text, and such a name cannot be stored."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        from .errors import DocumentError
        from .files import shown_path

        raise DocumentError(f"{shown_path(Path(path.name))}: the file name is not UTF-8 text "
                            "(written on another system?); rename the file, then add it again",
                            message_vi="Tên tệp có ký tự lạ; hãy đổi tên tệp rồi thêm lại.") \
            from None


# -- catalog commands ---------------------------------------------------------
@click.command("add")
@click.argument("files", nargs=-1, required=True, type=GivenPath(path_type=Path))
@click.option("--title", help="Title (default: from the document, else its first heading).")
@click.option("--kind", type=KIND_CHOICE,
              help="Collection (default: from the file type). It must suit the file: a text "
                   "file is a bulletin, a video a video, a recording audio or a bulletin; a "
                   "PDF, EPUB, XPS, comic book or picture goes in book, handbook, document or "
                   "infographic (a PDF, EPUB or XPS with text also in bulletin).")
@click.option("--tags", help="Comma-separated tags, e.g. 'nông nghiệp,chợ 4.0'.")
@click.option("--summary", help="A short description shown on the item's page.")
@click.option("--json", "as_json", is_flag=True, help="Print the added items as JSON.")
@pass_station
def add_command(station: Station, files: tuple[Path, ...], title: str | None, kind: str | None,
                tags: str | None, summary: str | None, as_json: bool) -> None:
    """Add documents (PDF, EPUB, images, text, video…) to the catalog.

    With several files, one that cannot be added is reported on its own line
    and the others are still added; the command then exits 1. A file already
    in the catalog is read again: when its text reads otherwise now (an update
    reads old TCVN3 or VNI text as Vietnamese), the item gets the new text.
    """
    from .errors import DocumentError
    from .extract import check_nonempty_file
    from .formats import FORMATS, MUPDF_TYPES, content_suffix, kind_fits

    if title and len(files) > 1:
        raise click.UsageError("--title can only be given with a single file")
    catalog = station.catalog

    def opened_by_engine(path: Path) -> bool:  # and not refused at once for its --kind
        suffix = content_suffix(path)
        return suffix in MUPDF_TYPES and (kind is None or kind_fits(FORMATS[suffix][0], kind))

    if any(map(opened_by_engine, files)):
        from .documents.commands import station_engine

        station_engine(station)  # the worker with this station's limits, as `check` uses
    results, failed = [], 0
    try:
        for path in progress(list(files), "Adding"):
            try:
                if not path.is_file():
                    check_nonempty_file(path)  # says why: a folder, a device, no such file
                _check_name_is_text(path)
                with _warnings_above_progress("library.extract"):  # e.g. a damaged file
                    result = catalog.add_file(path, title=title, kind=kind,
                                              tags=_parse_tags(tags), summary=summary)
            except LibraryError as exc:
                if len(files) == 1:
                    raise
                failed += 1
                say(f"error: {exc}")
                continue
            results.append(result)
            if not as_json:
                # a hidden item is not in `list`: say so, or the file seems lost
                state = "added" if result.created else (
                    "already in catalog"
                    + ("; its text read again" if result.text_read_again else "")
                    + ("; its cover made again" if result.cover_made_again else "")
                    + (", hidden: `list --all` shows it" if result.item.hidden else ""))
                click.echo(f"{result.item.id}  {result.item.title}  ({state})")
    except KeyboardInterrupt:
        # each file is its own transaction: the ones before are in, the one being
        # added left nothing, and a second run skips what is already there
        done = len(results) + failed
        raise Interrupted(f"interrupted; {done} of {len(files)} files done, "
                          f"{counted(len(files) - done, 'file')} not added (run the same "
                          "command again: files already in the catalog are skipped)") from None
    tidy_catalog(catalog)
    if as_json:
        emit_json([dict(r.item.to_json(), created=r.created) for r in results])
    if failed:
        raise DocumentError(f"{failed} of {len(files)} files could not be added (see above)")


@click.command("remove")
@click.argument("item_id")
@pass_station
def remove_command(station: Station, item_id: str) -> None:
    """Remove an item from the catalog (its file is deleted when no item uses it).

    An id the catalog does not hold is an error, as `trust remove` of a key it does
    not hold and `show` of an unknown id are: the catalog keeps no record of removed
    ids, so an id already removed cannot be told from a mistyped one, and a script
    must not go on as if a typo had removed something. Run again after a power cut
    that came just after the first run's commit, it finishes that run's work all
    the same: the files no item uses any more are deleted before it says so.
    """
    from .errors import NotFound

    try:
        item = station.catalog.remove(item_id, drop_files=True)
    except NotFound as exc:
        try:
            collected = station.catalog.collect_garbage()
        except (OSError, LibraryError, sqlite3.Error):  # a folder that cannot be written,
            collected = []  # a catalog another program holds locked: the id is the news
        left = (f"; {counted(len(collected), 'file')} no item uses deleted" if collected
                else "")
        raise NotFound(f"no item with id {item_id!r}: nothing removed (already removed, "
                       f"or a mistyped id){left}", message_vi=exc.message_vi) from exc
    click.echo(f"removed {item.id}  {item.title}")
    tidy_catalog(station.catalog)


def tidy_catalog(catalog: Any) -> None:
    """After `add` and `remove`: the catalog's `upkeep` once enough pages changed since
    the last (`Catalog.upkeep_due`), as imports and syncs have it, so that a station
    whose librarian only adds and removes files by hand gets it too.

    Not after every file: an upkeep takes seconds on a large catalog (5 to 9 s at
    3,000 items, 147 MB) where an add takes a few hundredths, so it is said first.
    Its failure (another writer, a full disk) is a warning: what the command did is
    done, and the next add or remove tries again.
    """
    if not catalog.upkeep_due():
        return
    say("tidying the catalog's search index (once every many changes; a few seconds)")
    try:
        catalog.upkeep()
    except (LibraryError, OSError, sqlite3.Error) as exc:
        say(f"warning: the catalog was not tidied ({exc}); the next add or remove tries again")


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="Most results to show.")
@click.option("--kind", type=KIND_CHOICE, help="Only this collection.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"results": [...], "alternatives": [...]} as JSON.')
@pass_station
def search_command(station: Station, query: tuple[str, ...], limit: int, kind: str | None,
                   as_json: bool) -> None:
    """Search titles, authors, tags, summaries and full text, as the station's search
    screen does: marks optional, Telex/VNI keys and abbreviations read too. When nothing
    is found, the spellings the screen would offer are printed (exit 0 all the same)."""
    from .search import Search
    from .spellings import offered_spellings

    keys = " ".join(query).strip()
    if not keys:  # `search ""` from a script whose variable was empty: not "no results"
        raise click.UsageError("nothing to search for: give one or more words "
                               "(không có từ nào để tìm)")
    search = Search(station.catalog)
    hits = search.search_typed(keys, limit=limit, prefix=True, kind=kind)
    alternatives = offered_spellings(search, keys, kind=kind) if not hits else []
    if as_json:
        emit_json({"results": [h.to_json() for h in hits], "alternatives": alternatives})
        return
    if not hits:
        tried = f" Thử: {', '.join(alternatives)}" if alternatives else ""
        click.echo(f"Không tìm thấy kết quả.{tried} "
                   f"({'no results; try these' if alternatives else 'no results'})")
        return
    bold = sys.stdout.isatty()
    for hit in hits:
        where = f"trang {hit.page}" if hit.page else "thông tin"
        snippet = hit.marked_snippet("\033[1m", "\033[0m") if bold else hit.marked_snippet()
        click.echo(f"{hit.item.id}  {hit.item.title}  [{hit.item.kind}, {where}]")
        click.echo(f"    {snippet}")


def _item_line(item: Any) -> str:
    flags = "".join(f for f, on in (("H", item.hidden), ("*", item.featured),
                                    ("!", item.broken)) if on)
    return f"{item.id:<14} {item.kind:<11} {flags:<3} {item.title}"


@click.command("list")
@click.option("--kind", type=KIND_CHOICE, help="Only this collection.")
@click.option("--tag", help="Only items with this tag.")
@click.option("--all", "include_hidden", is_flag=True, help="Include hidden items.")
@click.option("--broken", "only_broken", is_flag=True,
              help="Only items flagged broken (their file failed to open or play; "
                   "hidden ones too). `check ID --clear` retries one.")
@click.option("--json", "as_json", is_flag=True, help="Print items as a JSON array.")
@pass_station
def list_command(station: Station, kind: str | None, tag: str | None, include_hidden: bool,
                 only_broken: bool, as_json: bool) -> None:
    """List the catalog, newest first (H: hidden, *: featured, !: flagged broken)."""
    items = station.catalog.items(kind=kind, tag=tag, include_hidden=include_hidden or only_broken,
                                  broken=True if only_broken else None)
    if as_json:
        emit_json([{"id": i.id, "title": i.title, "kind": i.kind, "tags": list(i.tags),
                    "pages": i.page_count, "hidden": i.hidden, "featured": i.featured,
                    "broken": i.broken}
                   for i in items])
        return
    for item in items:
        click.echo(_item_line(item))
    click.echo(counted(len(items), "item"), err=True)


@click.command("show")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@pass_station
def show_command(station: Station, item_id: str, as_json: bool) -> None:
    """Show everything the catalog knows about one item."""
    item = station.catalog.get(item_id)
    if as_json:
        emit_json(item.to_json())
        return
    for key, value in item.to_json().items():
        if value in (None, "", [], False):
            continue
        if key == "body":  # a whole bulletin, maybe megabytes: `text` is there to print it
            value = f"{counted(len(value), 'character')} (`cafesach text {item.id}` prints it)"
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, str):  # one line per field, whatever a file name holds
            value = value.replace("\r", "\\r").replace("\n", "\\n")
        click.echo(f"{key:>12}: {value}")


def main(argv: list[str] | None = None) -> int:
    """Run the core's commands only (no `run`): `python -m library.cli`."""
    return run(make_cli(), argv)


if __name__ == "__main__":
    sys.exit(main())
