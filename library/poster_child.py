"""A QR poster made in a process of its own, for the kiosk's librarian panel.

Why a process: `make_poster` runs MuPDF over every item's cover, and a
damaged cover may crash or hang MuPDF. In the kiosk's own process that
would take the visitors' screen down with it; in a child it is one line on
the panel («Việc in áp phích bị dừng đột ngột.») and the kiosk goes on.

The child does what `cafesach poster` does: the same item choice and
refusals (`poster.poster_items`), the same `make_poster`, the same whole-or-
nothing output file (`files.output_file`: opened before any code is drawn,
so a read-only or full stick is said at once, and nothing half-written is
ever left). What crosses the pipe: progress (items drawn), then the
`WrittenPoster` or the `LibraryError`, as they are.

Started and ended as every helper process of the core is (`library.children`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .children import end_child, spawn_child
from .errors import DocumentError, LibraryError
from .paths import DataPaths

#: How often the parent looks whether the kiosk is closing (s).
POLL_S = 0.1


class PosterCrashed(DocumentError):
    """The poster's process ended without an answer (a damaged cover crashed MuPDF)."""

    message_vi = "Việc in áp phích bị dừng đột ngột."


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
                    progress: Callable[[int, int], None] | None = None) -> WrittenPoster:
    """Write the poster `choice` asks for to `target` (a PDF), made in a child process.

    Blocks until done: called on a worker thread of the kiosk. `progress(done,
    total)` is called on this thread as items are drawn. Expected failures
    (nothing to print, a stick that cannot be written) are the child's
    `LibraryError`; a child that dies is `PosterCrashed`.
    """
    process, receiver = spawn_child(child_main, (str(paths.root), choice, str(target)),
                                    name="cafesach-poster", duplex=False)
    outcome: tuple[Any, ...] | None = None
    try:
        while outcome is None:
            if not threading.main_thread().is_alive():  # the kiosk is closing: stop
                break
            try:
                if not receiver.poll(POLL_S):
                    continue
                message = receiver.recv()
            except (EOFError, OSError):
                break  # gone without a last word
            if message[0] == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            else:
                outcome = message
    finally:
        end_child(process, receiver, 5 if outcome is not None else 0)
    if outcome is None:
        raise PosterCrashed(f"the poster stopped unexpectedly (its process ended with status "
                            f"{process.exitcode}); nothing was written")
    kind, value = outcome
    if kind == "done":
        return value
    if kind == "failed":
        raise value
    raise RuntimeError(f"the poster failed unexpectedly:\n{value}")  # a bug: its traceback


def child_main(conn: Connection, root: str, choice: PosterChoice, target: str) -> None:
    """The child's whole life: one poster written, its progress and outcome sent to `conn`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kiosk decides when it ends
    try:
        conn.send(("done", _write(DataPaths(Path(root)), choice, Path(target),
                                  lambda done, total: conn.send(("progress", done, total)))))
    except LibraryError as exc:
        try:
            conn.send(("failed", exc))
        except Exception:  # an error that does not pickle: its line, as the kind it is
            conn.send(("failed", DocumentError(str(exc), message_vi=exc.message_vi)))
    except BaseException:
        conn.send(("bug", traceback.format_exc()))
    finally:
        with contextlib.suppress(OSError):
            conn.close()


def _write(paths: DataPaths, choice: PosterChoice, target: Path,
           progress: Callable[[int, int], None]) -> WrittenPoster:
    from .catalog import Catalog
    from .config import Config
    from .poster import poster_items, write_poster

    config = Config.load(paths.config_file)
    with Catalog.open(paths) as catalog:
        items = poster_items(catalog, kind=choice.kind, tag=choice.tag, ids=choice.ids,
                             featured=choice.featured)
        result = write_poster(target, items, config, grid=choice.grid, wifi=choice.wifi,
                              objects=catalog.objects,
                              on_item=lambda done: progress(done, len(items)))
    return WrittenPoster(target, len(items), result.pages, list(result.notes))
