"""A QR poster made in a process of its own, for the kiosk's librarian panel.

Why a process: `make_poster` runs MuPDF over every item's cover, and a
damaged cover may crash or hang MuPDF. In the kiosk's own process that
would take the visitors' screen down with it; in a child it is one line on
the panel («Việc in áp phích bị dừng đột ngột.») and the kiosk goes on; and a hang,
which the child cannot notice itself, is noticed by its silence: no item
drawn for `stall_limit` seconds ends it («Việc in áp phích quá lâu, đã dừng.»).

The child does what `cafesach poster` does: the same item choice and
refusals (`poster.poster_items`), the same `make_poster`, the same whole-or-
nothing output file (`files.output_file`: opened before any code is drawn,
so a read-only or full stick is said at once, and nothing half-written is
ever left). What crosses the pipe: progress (items drawn), then the
`WrittenPoster` or the `LibraryError`, as they are.

Started and ended as every helper process of the core is (`library.children`).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .children import (
    ChildStalled,
    Message,
    end_child,
    main_thread_ended,
    outcome_of,
    relay,
    send_outcome,
    spawn_child,
)
from .errors import DocumentError, LibraryError
from .files import remove_left_temps
from .paths import DataPaths

#: The stall limit is `documents.timeout_s` times this (see `stall_limit`)...
STALL_FACTOR = 3.0
#: ...and never less than this (s).
MIN_STALL_S = 30.0
#: Test-only: "hang" makes the child hang at its first item, as MuPDF may on a
#: damaged cover (after the output file is begun).
TEST_HOOK_ENV = "CAFESACH_POSTER_TEST_HOOK"


class PosterCrashed(DocumentError):
    """The poster's process ended without an answer (a damaged cover crashed MuPDF)."""

    message_vi = "Việc in áp phích bị dừng đột ngột."


class PosterStalled(DocumentError):
    """The poster's process drew nothing for too long (MuPDF hung on a damaged cover)."""

    message_vi = "Việc in áp phích quá lâu, đã dừng."


@dataclass(frozen=True)
class PosterChoice:
    """What goes on the poster (see `poster.poster_items`) and how it is laid out."""

    kind: str | None = None
    tag: str | None = None
    ids: tuple[str, ...] = ()
    featured: bool = False
    grid: bool = False  #: six items a page instead of one
    wifi: bool = True  #: the Wi-Fi code beside handoff links, when the station has one


@dataclass(frozen=True)
class WrittenPoster:
    path: Path
    items: int
    pages: int
    #: fall-backs worth telling the librarian (`PosterResult.notes`: e.g. why the
    #: Wi-Fi code was left out), in Vietnamese
    notes: list[str] = field(default_factory=list)


def poster_in_child(paths: DataPaths, choice: PosterChoice, target: Path, *,
                    progress: Callable[[int, int], None] | None = None,
                    stall_s: float | None = None) -> WrittenPoster:
    """Write the poster `choice` asks for to `target` (a PDF), made in a child process.

    Blocks until done: called on a worker thread of the kiosk. `progress(done,
    total)` is called on this thread as items are drawn. Expected failures
    (nothing to print, a stick that cannot be written) are the child's
    `LibraryError`; a child that dies is `PosterCrashed`; one that draws
    nothing for `stall_s` (default: `stall_limit`, from the station's
    settings) is ended and is `PosterStalled`. Either way nothing is left at
    `target`.
    """
    limit = stall_limit(paths) if stall_s is None else stall_s
    process, receiver = spawn_child(child_main, (str(paths.root), choice, str(target)),
                                    name="cafesach-poster", duplex=False)

    def on_message(message: Message) -> None:
        if message[0] == "progress" and progress is not None:
            progress(message[1], message[2])

    outcome: Message | None = None
    stalled = False
    try:
        # the kiosk closing (its main thread ended): stop waiting, the child is killed
        outcome = relay(receiver, on_message, main_thread_ended, stall_s=limit)
    except ChildStalled:
        stalled = True
    finally:
        end_child(process, receiver, 5 if outcome is not None else 0)
        if outcome is None:  # killed or crashed inside `output_file`: its part-file stays
            _remove_part_files(target)
    if stalled:
        raise PosterStalled("the poster took too long and was stopped; nothing was written")
    if outcome is None:
        raise PosterCrashed(f"the poster stopped unexpectedly (its process ended with status "
                            f"{process.exitcode}); nothing was written")
    return outcome_of(outcome, "poster")


def stall_limit(paths: DataPaths) -> float:
    """How long the poster's child may go without drawing an item before it is ended.

    Drawing an item reads its cover with MuPDF, so the station's own measure of
    "MuPDF hangs" (`documents.timeout_s`, read as the document engine reads
    it) times `STALL_FACTOR` (a cover, its code, and room for a slow disk),
    and never under `MIN_STALL_S`: a cover that takes longer will not finish.
    A config that cannot be read gives the default: the child then reports the
    broken config in its own words.
    """
    from .config import Config
    from .documents.engine import DEFAULT_TIMEOUT_S, sane_timeout

    try:
        timeout_s = sane_timeout(Config.load(paths.config_file).get("documents", "timeout_s"))
    except LibraryError:
        timeout_s = DEFAULT_TIMEOUT_S
    return max(MIN_STALL_S, timeout_s * STALL_FACTOR)


def _remove_part_files(target: Path) -> None:
    """Remove what `files.atomic_file` had begun for `target` when its writer was killed.

    Its part-file (`.<name>.<random>.tmp` beside the target) is removed by the
    writer itself on any error, but not after a kill; nothing half-written may
    stay on the librarian's stick (`files.remove_left_temps`: only those no living
    writer holds).
    """
    remove_left_temps(target)


def child_main(conn: Connection, root: str, choice: PosterChoice, target: str) -> None:
    """The child's whole life: one poster written, its progress and outcome sent to `conn`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kiosk decides when it ends
    hang = os.environ.get(TEST_HOOK_ENV) == "hang"

    def progress(done: int, total: int) -> None:
        if hang:  # the damaged cover that never finishes, after the file is begun
            while True:
                time.sleep(3600)
        conn.send(("progress", done, total))

    send_outcome(conn, lambda: _write(DataPaths(Path(root)), choice, Path(target), progress),
                 DocumentError)


def _write(paths: DataPaths, choice: PosterChoice, target: Path,
           progress: Callable[[int, int], None]) -> WrittenPoster:
    from .config import Config
    from .poster import poster_items, write_poster
    from .station_disk import open_station_catalog

    config = Config.load(paths.config_file)
    # it only reads: read-only on a full or write-protected data disk, as the kiosk
    # shows its library there; the object store left to the importer (`tidy`)
    with open_station_catalog(paths, tidy=False) as catalog:
        items = poster_items(catalog, kind=choice.kind, tag=choice.tag, ids=choice.ids,
                             featured=choice.featured)
        result = write_poster(target, items, config, grid=choice.grid, wifi=choice.wifi,
                              objects=catalog.objects,
                              on_item=lambda done: progress(done, len(items)))
    return WrittenPoster(target, len(items), result.pages, list(result.notes))
