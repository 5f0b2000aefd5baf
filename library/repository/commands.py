"""`keygen`, `trust`, `publish`, `pack`, `import`, `sync`: the repository's commands.

A thin click layer over the modules of this package; every expected failure
is a `LibraryError` that the CLI turns into one line and exit status 1.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click

from ..catalog import KINDS
from ..cli import (
    GivenPath,
    GivenSource,
    Station,
    bar_off,
    counted,
    emit_json,
    force_option,
    interruptible,
    pass_station,
    say,
)
from ..errors import InvalidInput
from ..sizes import human_size


@contextmanager
def _bar(label: str, *, enabled: bool = True, unit: str = "B") -> Iterator[
        Callable[[int, int, str], None]]:
    """A tqdm progress bar on stderr driven by (done, total, label) callbacks (on a
    terminal only: `cli.bar_off`)."""
    from tqdm import tqdm

    bar = tqdm(total=0, desc=label, unit=unit, unit_scale=unit == "B", file=sys.stderr,
               disable=bar_off(enabled=enabled), leave=False)

    def update(done: int, total: int, what: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(what[:30], refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


#: Documents with the same content as another, named one by one by `publish`.
COPIES_SHOWN = 5


@click.command("keygen")
@click.option("--out", "out", required=True, type=GivenPath(path_type=Path), metavar="DIR",
              help="Folder for publisher.key (secret, mode 600) and publisher.pub.")
@click.option("--force", is_flag=True, help="Replace a key already in the folder.")
def keygen_command(out: Path, force: bool) -> None:
    """Make a publisher key pair (Ed25519) for signing a repository.

    DIR is made when it is not there, but not the folders above it: a mistyped
    path or a stick not plugged in is said, as for every command's output file.
    """
    from ..files import output_target
    from .keys import generate_keypair

    if not out.is_dir():  # (a file there is named by `generate_keypair`)
        output_target(out)
    private, public, key = generate_keypair(out, overwrite=force)
    click.echo(f"key id {key.id}")
    click.echo(f"secret key: {private}  (keep it safe; never copy it to stations)")
    click.echo(f"public key: {public}  (give it to stations: cafesach trust add)")


@click.group("trust")
def trust_command() -> None:
    """Publisher keys this station accepts content from."""


@trust_command.command("add")
@click.argument("keyfile", type=GivenPath(path_type=Path))
@click.option("--name", help="A name to recognise the publisher, e.g. 'Sở VHTTDL' (without "
              "it: the key file's name, or 'Khoá' and the key's short id for publisher.pub).")
@pass_station
def trust_add(station: Station, keyfile: Path, name: str | None) -> None:
    """Trust the publisher whose public key is KEYFILE."""
    from ..text import one_line
    from .keys import load_public
    from .trust import TrustStore, is_fallback_name, name_from_file

    if name is not None and not one_line(name):
        # `--name "$PUBLISHER"` with the variable unset: refused, as `--data ""` is, not a
        # key stored with no name that `trust list` and the panel show as a blank
        raise InvalidInput("--name is empty: give a name to recognise the publisher by "
                           "(e.g. 'Sở VHTTDL'), or leave --name out; nothing was stored",
                           message_vi="Tên nhà xuất bản đang để trống.")
    with contextlib.suppress(OSError):
        if b"PRIVATE KEY" in keyfile.read_bytes():
            raise InvalidInput(f"{keyfile} is a secret key: give the station the public key "
                               "(publisher.pub) and keep the secret one with the editor",
                               message_vi="Đây là khoá bí mật; hãy dùng publisher.pub.")
    public = load_public(keyfile)
    store = TrustStore(station.catalog)
    if name is None:
        # a key already trusted keeps its name; a new or unnamed one is named after its
        # file, or «Khoá» and its short id, as the panel names it
        known = next((k for k in store.all_keys() if k.keyid == public.id), None)
        if known is None or is_fallback_name(known):
            name = name_from_file(keyfile, public.id)
    key = store.add(public, name=name or "")
    click.echo(f"trusted {key.keyid}  {key.name}")


@trust_command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the keys as JSON.")
@pass_station
def trust_list(station: Station, as_json: bool) -> None:
    """List trusted (and revoked) publisher keys."""
    from .trust import read_keys

    keys = read_keys(station.paths.catalog_db)  # only reads: a read-only data folder will do
    if as_json:
        emit_json([k.to_json() for k in keys])
        return
    for key in keys:
        state = f"REVOKED {key.reason}".strip() if key.revoked else "trusted"
        via = f" (rotated from {key.via[:8]})" if key.via else ""
        click.echo(f"{key.keyid}  {state:<8} {key.name}{via}")
    click.echo(counted(len(keys), "key"), err=True)


@trust_command.command("remove")
@click.argument("key")
@pass_station
def trust_remove(station: Station, key: str) -> None:
    """Stop trusting a key (give its name or the start of its key id)."""
    from .trust import TrustStore

    removed = TrustStore(station.catalog).remove(key)
    click.echo(f"removed {removed.keyid}  {removed.name}")


@click.command("publish")
@click.argument("src", type=GivenPath(path_type=Path))
@click.option("--out", "out", required=True, type=GivenPath(path_type=Path), metavar="DIR",
              help="Repository folder to create or update (what the web server serves).")
@click.option("--key", "key_file", required=True, type=GivenPath(path_type=Path),
              metavar="FILE", help="The publisher's secret key (publisher.key).")
@click.option("--expires", default="30d", show_default=True,
              help="How long stations accept this index over the network (e.g. 30d, 2w).")
@click.option("--id", "repository", help="Repository id (default: catalog.toml, then the "
              "existing index).")
@click.option("--title", help="Repository title shown to stations.")
@click.option("--rotate-from", "rotate_from", type=GivenPath(path_type=Path), metavar="FILE",
              help="The old secret key: hand the repository over to --key.")
@click.option("--revoke", multiple=True, metavar="KEYID[:REASON]",
              help="Revoke a key for good (repeatable).")
@click.option("--allow-empty", "allow_empty", is_flag=True,
              help="Publish even if no document is found: every station that syncs then "
              "removes all the repository's items.")
@click.option("--keep-old-days", "keep_old_days", default=7, show_default=True,
              type=click.IntRange(0, 3650), metavar="N",
              help="Delete files no index has referenced for more than N days (0: at once); "
              "a station syncing the previous version still finds its files meanwhile.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def publish_command(src: Path, out: Path, key_file: Path, expires: str, repository: str | None,
                    title: str | None, rotate_from: Path | None, revoke: tuple[str, ...],
                    allow_empty: bool, keep_old_days: int, as_json: bool) -> None:
    """Turn a folder of documents into a signed repository of static files."""
    from .keys import load_private
    from .publish import parse_duration, publish

    try:
        expires_in = parse_duration(expires)
    except InvalidInput as exc:  # name the option: the same words fit other durations too
        raise InvalidInput(f"--expires: {exc}") from exc
    for option, secret in (("--key", key_file), ("--rotate-from", rotate_from)):
        _refuse_key_served(option, secret, out)
    key = load_private(key_file)
    old = load_private(rotate_from) if rotate_from else None
    revocations = [tuple(r.split(":", 1)) if ":" in r else (r, "") for r in revoke]
    before = _signature(out / "index.json")
    with interruptible(lambda: _signature(out / "index.json") != before), \
            _bar("Publishing", enabled=not as_json, unit="file") as bar:
        result = publish(src, out, key, repository=repository, title=title,
                         expires_in=expires_in, rotate_from=old, revoke=revocations,
                         progress=bar, allow_empty=allow_empty,  # type: ignore[arg-type]
                         keep_old=timedelta(days=keep_old_days))
    if as_json:
        emit_json({"repository": result.repository, "version": result.version,
                   "items": result.items, "new_objects": result.new_objects,
                   "removed_objects": result.removed_objects,
                   "removed_bytes": result.removed_bytes,
                   "kept_old_objects": result.kept_old_objects,
                   "skipped": result.skipped, "warnings": result.warnings,
                   "copies": result.copies, "expires": result.expires, "out": str(out)})
        return
    for line in result.skipped:
        click.echo(f"cafesach: warning: skipped {line}", err=True)
    for line in result.warnings:
        click.echo(f"cafesach: warning: {line}", err=True)
    for line in result.copies[:COPIES_SHOWN]:  # a folder of copies must not bury the rest
        click.echo(f"cafesach: warning: {line}", err=True)
    if len(result.copies) > COPIES_SHOWN:
        more = len(result.copies) - COPIES_SHOWN
        click.echo(f"cafesach: warning: {counted(more, 'more document')} "
                   f"{'has' if more == 1 else 'have'} the same content as another one "
                   "(--json lists them all)", err=True)
    click.echo(f"published {result.repository} version {result.version}: "
               f"{counted(result.items, 'item')}, {counted(result.new_objects, 'new file')} "
               f"→ {out}")
    if result.removed_objects:
        click.echo(f"removed {counted(result.removed_objects, 'old file')} "
                   f"({human_size(result.removed_bytes, 'en')}) that no index references")
    if result.kept_old_objects:  # a station syncing the previous version still needs them
        click.echo(f"kept {counted(result.kept_old_objects, 'old file')} for stations still "
                   f"syncing an earlier version: deleted once {keep_old_days} days "
                   "unreferenced")
    if result.expires:  # the date the editor must publish again by, or stations stop
        until = result.expires.replace("T", " ").removesuffix("Z")[:16]
        click.echo(f"stations take it over the network until {until} UTC: publish again "
                   "before then, even with nothing new")


def _refuse_key_served(option: str, secret: Path | None, out: Path) -> None:
    """Refuse a secret key inside the repository folder: the web server would hand it to
    anyone who asks (`--out` typed as the keys' folder), and anyone could then sign what
    every station takes. Nothing is published."""
    if secret is None:
        return
    served = out.resolve()
    # the key's own name unresolved (a link to it placed in the repository is served too)
    # and resolved (a link outside naming a key that lies in the repository)
    if any(where.is_relative_to(served)
           for where in (secret.parent.resolve() / secret.name, secret.resolve())):
        raise InvalidInput(f"{option} {secret}: the secret key is inside the repository "
                           f"folder {out}, which the web server hands to anyone; move the key "
                           "out of it (it stays with the editor), or give another --out; "
                           "nothing was published",
                           message_vi="Khoá bí mật nằm trong thư mục kho sẽ đưa lên mạng; "
                                      "hãy để khoá ở chỗ khác.")


@click.command("pack")
@click.argument("repo", type=GivenPath(path_type=Path))
@click.option("--out", "out", required=True, type=GivenPath(path_type=Path), metavar="FILE",
              help="The pack file to write (e.g. /media/usb/thuvien.zip).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS, case_sensitive=False),
              help="Only items of this kind (repeatable).")
@click.option("--tag", "tags", multiple=True,
              help="Only items with this tag (repeatable; marks optional: 'nong nghiep').")
@force_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pack_command(repo: Path, out: Path, kinds: tuple[str, ...], tags: tuple[str, ...],
                 force: bool, as_json: bool) -> None:
    """Copy a published repository, or part of it, into one file for a USB stick."""
    from .pack import make_pack

    before = _signature(out)
    with interruptible(lambda: _signature(out) != before), \
            _bar("Packing", enabled=not as_json, unit="file") as bar:
        result = make_pack(repo, out, kinds=kinds, tags=tags, force=force, progress=bar)
    if as_json:
        emit_json({"path": str(result.path), "repository": result.repository,
                   "version": result.version, "items": result.items,
                   "total_items": result.total_items, "full": result.full,
                   "bytes": result.bytes, "expires": result.expires,
                   "expired": result.expired})
        return
    if result.expired:  # stations still take it from a stick, but say it is unverified
        click.echo(f"cafesach: warning: the index expired on {result.expires}: stations "
                   "import this pack with the warning «chưa xác minh»; publish again first "
                   "for a pack they take as verified", err=True)
    scope = "full" if result.full else f"partial, {result.items} of {result.total_items} items"
    click.echo(f"packed {result.repository} version {result.version} ({scope}, "
               f"{human_size(result.bytes, 'en')}) → {out}")


#: Said after an interrupted download: what was fetched stays in `staging/downloads/`.
RESUMES = "the next sync resumes the downloads where they stopped"


def _signature(path: Path) -> tuple[int, int] | None:
    """The file's size and change time (None when absent): whether a run replaced it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _repositories(station: Station) -> Sequence[object]:
    """What an import commits last of all (each repository's version and sync record):
    unchanged after an interrupt means the catalog is as it was."""
    from .status import all_states

    return all_states(station.catalog)


def _report(result: object, as_json: bool) -> None:
    from .importer import ImportResult

    assert isinstance(result, ImportResult)
    if as_json:
        emit_json(result.to_json())
        return
    from .notices import AHEAD

    for warning in result.warnings:
        if warning.code == AHEAD and result.status == "ahead":
            continue  # the result line below says it
        say(f"warning: {warning}")  # (a feed's link may name its server, password and all)
    if result.status == "unchanged":
        version = f" (version {result.version})" if result.version else ""
        click.echo(f"{result.repository or 'repository'}: unchanged{version}")
    elif result.status == "ahead":
        click.echo(f"{result.repository}: this station is ahead of the server "
                   f"(version {result.previous_version}); nothing to do")
    else:
        scope = "" if result.full else " (partial pack: nothing removed)"
        click.echo(f"{result.repository} version {result.version}: {len(result.added)} added, "
                   f"{len(result.updated)} updated, {len(result.removed)} removed, "
                   f"{result.unchanged} unchanged{scope}")


@click.command("import")
@click.argument("source", type=GivenSource())
@click.option("--trust-unsigned", is_flag=True,
              help="SOURCE is a plain OPDS feed (e.g. calibre) without a signature; import it "
                   "anyway and remember it as trusted.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_station
def import_command(station: Station, source: str, trust_unsigned: bool, as_json: bool) -> None:
    """Import a content pack (.zip), a repository folder, or a URL."""
    from .importer import fetch_settings, import_from, import_opds, looks_like_url

    settings = fetch_settings(station.config)
    before = _repositories(station)
    resumes = RESUMES if looks_like_url(source) and not trust_unsigned else ""
    with interruptible(lambda: _repositories(station) != before, resumes=resumes), \
            _bar("Importing", enabled=not as_json) as bar:
        if trust_unsigned:
            if not source.startswith(("http://", "https://")):
                raise InvalidInput("--trust-unsigned is for OPDS feeds given by URL")
            from ..documents.commands import station_engine

            station_engine(station)  # each file is read here: under the station's limits
            result = import_opds(station.paths, station.catalog, source, settings=settings,
                                 progress=bar, on_retry=say)
            config = station.config
            known = list(config.get("sync", "unsigned_sources"))
            if source not in known:
                config.set("sync", "unsigned_sources", [*known, source])
                config.save()
        else:
            result = import_from(station.paths, station.catalog, source, settings=settings,
                                 progress=bar, on_retry=say)
    _report(result, as_json)


@click.command("sync")
@click.argument("url", required=False, type=GivenSource("address"))
@click.option("--status", "show_status", is_flag=True,
              help="Only show what the station knows about its repositories.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_station
def sync_command(station: Station, url: str | None, show_status: bool, as_json: bool) -> None:
    """Bring the catalog in step with the provincial server (sync.server_url or URL)."""
    from . import status
    from .importer import sync

    if show_status:  # only reads: works on a read-only data folder too
        states = status.read_states(station.paths.catalog_db)
        zone = station.config.time_zone
        within = status.expiry_warning_days(station.config)
        if as_json:
            emit_json([s.to_json(zone, within_days=within) for s in states])
        elif not states:
            click.echo("Chưa đồng bộ lần nào (never synced)")
        else:
            for state in states:
                click.echo(f"{status.redacted(state.id)}: {status.status_vi(state, zone)}")
                for line in status.warning_lines(state, zone, within_days=within):
                    click.echo(status.redacted(line))
        return
    before = _repositories(station)
    with interruptible(lambda: _repositories(station) != before, resumes=RESUMES), \
            _bar("Syncing", enabled=not as_json) as bar:
        result = sync(station.paths, station.catalog, station.config, url, progress=bar,
                      on_retry=say)
    _report(result, as_json)
