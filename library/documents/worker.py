"""The worker process: a plain loop that answers requests over a pipe.

`worker_main` is the process target. It is a module-level function with no
Qt anywhere in its imports, so the spawn start method can find it inside a
PyInstaller bundle (`multiprocessing.freeze_support()` in `kiosk/main.py`
turns the frozen executable into this worker when spawned).

Protocol (a `multiprocessing.connection.Connection`):
- worker → caller, once: ``("ready", pid)`` after imports and limits are set;
- caller → worker: ``(request_id, op, args)`` or ``None`` to stop;
- worker → caller: ``(request_id, ok, value, pixels)``. For a render the
  request names slots of the caller's shared arena (`slots.PageArena`) and
  MuPDF draws straight into them; ``pixels`` is then the byte count. Without shared memory (or
  when the page does not fit) ``pixels`` is ``"pipe"`` and the raw bytes
  follow as one ``send_bytes`` message — never pickled, never PNG.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections import OrderedDict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from library.glibc import trim_heap

from .heap import keep_freed_memory

#: Open documents kept between requests (a page turn must not reparse the file).
OPEN_DOCUMENTS = 3


def _in_words(exc: Exception) -> str:
    """Why MuPDF refused a file, as a librarian can read it: its own words ("unknown image
    file format"), not its error class and number ("FzErrorFormat: code=7: …")."""
    text = " ".join(str(exc).split())
    if type(exc).__name__.startswith("FzError"):
        return re.sub(r"^code=\d+:\s*", "", text) or "damaged or unknown format"
    return f"{type(exc).__name__}: {text}"

def limit_memory(limit_mb: int) -> str:
    """Cap this process' memory; returns how ("RLIMIT_AS", "job object" or "none")."""
    from .limits import address_space_limit

    if limit_mb <= 0:
        return "none"
    limits = address_space_limit(limit_mb)
    if limits is not None:
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_AS, limits)
        except (ValueError, OSError):  # macOS refuses some values; the timeout still holds
            return "none"
        return "RLIMIT_AS"
    if sys.platform == "win32":
        from .winjob import limit_process_memory

        limit_process_memory(limit_mb * 1024 * 1024)
        return "job object"
    return "none"


class _Documents:
    """A tiny LRU of open documents keyed by (path, mtime, size)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.open: OrderedDict[tuple[str, int, int], Any] = OrderedDict()

    def get(self, path: Path) -> Any:
        from . import reader

        try:
            stat = path.stat()
        except OSError:
            stat = None
        key = (str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else -1)
        doc = self.open.get(key)
        if doc is not None:
            self.open.move_to_end(key)
            return doc
        doc = reader.open_document(path)
        self.open[key] = doc
        while len(self.open) > self.size:
            _key, old = self.open.popitem(last=False)
            old.close()
        return doc

    def clear(self) -> None:
        while self.open:
            _key, doc = self.open.popitem()
            doc.close()


def _handle(docs: _Documents, op: str, args: dict[str, Any], hooks: bool,
            shared: _SharedPages) -> tuple[Any, Any]:
    """Run one request; returns (value, pixels-or-None)."""
    from . import reader

    if op == "ping":
        return os.getpid(), None
    if op == "rest":
        return rest(docs), None
    path = Path(args["path"])
    doc = docs.get(path)
    if op == "info":
        return reader.info(doc, path), None
    if op == "render":
        start = time.perf_counter()
        into = shared.view(args)
        unknown = shared.drawing(args) if into is not None else None
        if args.get("band") is not None:  # one band of a tall page fitted to the width
            header, pixels, keep = reader.render_band(
                doc, args["page"], args["width"], args.get("zoom", 1.0), int(args["band"]),
                hooks=hooks, into=into, unknown=unknown)
        else:
            header, pixels, keep = reader.render(
                doc, args["page"], args["width"], args["height"], args.get("zoom", 1.0),
                hooks=hooks, into=into, unknown=unknown)
        if unknown is not None and "shared" in header:
            shared.drawn(args, header["shared"], unknown)
        header["render_s"] = time.perf_counter() - start
        return (header, keep), pixels
    if op == "text":
        return reader.text(doc, args.get("page"), args.get("last")), None
    if op == "words":
        return reader.words(doc, args["page"]), None
    if op == "cover":
        return reader.cover_png(doc, args.get("width", 360)), None
    if op == "extract":
        return reader.extract(doc, path, with_text=args.get("with_text", True)), None
    raise ValueError(f"unknown request {op!r}")


def _handle_with_room(docs: _Documents, op: str, args: dict[str, Any], hooks: bool,
                      shared: _SharedPages) -> tuple[Any, Any]:
    """`_handle`, tried once more after an allocation failed and the worker let go of
    what it keeps between requests (`_let_go`: open documents, MuPDF's decoded
    pictures, the heap's free top).

    Why: over many documents MuPDF's store fills to its 256 MB and the heap keeps
    holes between what it holds, so the worker's address space ends near its
    limit (docs/performance.md, "The worker's memory over many documents"). A
    heavy page a fresh worker draws (a poster zoomed in) then failed as "too
    large" only because of what earlier documents left. A page too large for
    the limit itself fails the second time as well; the document opened for
    that second try stays open (the next page of it needs no reopening).
    """
    try:
        return _handle(docs, op, args, hooks, shared)
    except Exception as exc:  # only a failed allocation is tried again
        if not _out_of_memory(exc):
            raise
    _let_go(docs)
    return _handle(docs, op, args, hooks, shared)


def _let_go(docs: _Documents) -> bool:
    """Close the open documents, empty MuPDF's store of decoded pictures and fonts, then
    give the C heap's free pages back (`malloc_trim`); True when the heap gave some.

    The trim matters to a page that failed for memory too: the worker keeps up to
    64 MiB free at its heap's top (`heap.TRIM_THRESHOLD`), address space its
    limit counts. A pixmap larger than that free top is mapped on its own, and
    fits under the limit only once the top is given back."""
    from . import reader

    docs.clear()
    reader.drop_decoded()
    return trim_heap()


def rest(docs: _Documents) -> bool:
    """Give back what the worker keeps between requests, once a visitor has gone: the
    open documents, MuPDF's store, then the C heap's free pages (`_let_go`).

    Why: the store keeps decoded pictures of documents closed long ago until it is
    full (256 MB), and the heap keeps the holes around them; after forty picture
    documents the worker held 450–820 MB, near its limit, all day long (80 MB
    after this). Nobody waits
    for them: the next visitor's first page reopens its document and decodes its
    own pictures (docs/performance.md, "The worker's memory over many documents").
    True when the heap gave pages back (False without glibc)."""
    return _let_go(docs)


class _SharedPages:
    """The caller's page arena (`slots.PageArena`), attached once by name, and what
    this worker knows to be white in it (`slots.WhiteSlots`)."""

    def __init__(self) -> None:
        from .slots import WhiteSlots

        self.buffer: Any = None
        self.white = WhiteSlots()
        #: The arena's name and the free slots the last render named, to whiten ahead.
        self.ahead: tuple[str, list[tuple[int, int]]] | None = None

    @staticmethod
    def _region(args: dict[str, Any]) -> tuple[int, int]:
        return int(args["shm_offset"]), int(args["shm_size"])

    def drawing(self, args: dict[str, Any]) -> tuple[int, int]:
        """A page is about to be drawn into the request's slots: the bytes there that
        may not be white (`render`'s `unknown`)."""
        return self.white.drawing(*self._region(args))

    def drawn(self, args: dict[str, Any], nbytes: int, unknown: tuple[int, int]) -> None:
        self.white.drawn(*self._region(args), nbytes, unknown)

    def named(self, args: dict[str, Any]) -> None:
        """Remember the free slots a render request names (`whiten`), replacing those of
        the render before.

        The caller takes slots only for a render into the arena (and sends that
        render right after), so until the next one the slots named last are still
        free, whatever else is asked meanwhile. A render that names no arena (its
        page comes through the pipe) took none, and leaves them as they are."""
        if not isinstance(args, dict) or not args.get("shm"):
            return
        try:
            ahead = [(int(offset), int(size)) for offset, size in args.get("whiten") or ()]
        except (TypeError, ValueError):  # a malformed list: whitening is only a head start
            ahead = []
        self.ahead = (str(args["shm"]), ahead) if ahead else None

    def whiten_ahead(self, conn: Connection) -> None:
        """Whiten the free slots the last render named, which the caller hands out
        next, until they are white or the next request is waiting.

        Called after every reply (a ping, a page's words or text interrupt it as
        a render does), so what a request stopped is taken up again after it."""
        if self.ahead is None or not self._attached_to(self.ahead[0]):
            return  # no arena, or the last render failed before attaching the one it named

        def waiting() -> bool:
            try:
                return conn.poll()
            except (EOFError, OSError):  # the caller is gone: the next recv says so
                return True

        self.white.whiten(self.buffer.buf, self.ahead[1], waiting)

    def _attached_to(self, name: Any) -> bool:
        """Whether the arena attached is the one a request names (its `shm`): what this
        worker knows to be white, and the slots named free, are of that one only."""
        return (self.buffer is not None and bool(name)
                and self.buffer.name.lstrip("/") == str(name).lstrip("/"))

    def view(self, args: dict[str, Any]) -> memoryview | None:
        """The slots named in a render request (None: use the pipe)."""
        name = args.get("shm")
        if not name:
            return None
        if not self._attached_to(name):
            self.close()
            self.buffer = _attach(str(name))
            self.white.reset()
        offset, size = int(args["shm_offset"]), int(args["shm_size"])
        if offset < 0 or size < 0 or offset + size > self.buffer.size:
            raise ValueError("render slots outside the shared arena")
        return self.buffer.buf[offset:offset + size]

    def close(self) -> None:
        if self.buffer is not None:
            with contextlib.suppress(BufferError):
                self.buffer.close()
            self.buffer = None


def _attach(name: str) -> Any:
    """Attach to the caller's shared memory without adopting it.

    Python 3.11 registers every attached block with the resource tracker,
    which would unlink the caller's buffer when this worker exits; the
    caller owns and unlinks it.
    """
    from multiprocessing import resource_tracker, shared_memory

    register = resource_tracker.register
    resource_tracker.register = lambda *args, **kwargs: None
    try:
        return shared_memory.SharedMemory(name=name)
    finally:
        resource_tracker.register = register


#: How MuPDF and its image decoders say an allocation failed: "malloc (N bytes) failed",
#: also "calloc (N x M bytes) failed" and "realloc (N bytes) failed" (a stream growing
#: its buffer while it is decoded); "Out of memory …" (jbig2, its dictionaries), libjpeg's
#: "jpeg error: Insufficient memory (case N)" (openjpeg's words stay warnings in MuPDF,
#: never an error's text). MuPDF's exact form
#: only: a size that overflows ("calloc (N x M bytes) failed (overflow)", and every
#: "malloc array"/"realloc array" text) is a malformed file no memory would hold, and
#: the words of a message around a name the file chose ("cannot find font
#: 'malloc-failed'") say nothing about memory.
_NO_MEMORY = re.compile(
    r"\b(?:malloc|calloc|realloc) \(\d+(?: x \d+)? bytes\) failed(?! \(overflow\))"
    r"|\b(?:out of|insufficient) memory\b", re.IGNORECASE)


def _out_of_memory(exc: Exception) -> bool:
    """Whether a request failed for want of memory: Python's `MemoryError`, or MuPDF's
    failed allocation (a poster scanned at 300 dpi decodes to hundreds of megabytes)."""
    return isinstance(exc, MemoryError) or _NO_MEMORY.search(str(exc)) is not None


def worker_main(conn: Connection, options: dict[str, Any]) -> None:
    """Serve requests until the pipe closes or ``None`` arrives."""
    import signal

    # Ctrl+C at a terminal reaches the whole process group; it is for the caller,
    # which stops this worker (or whose end closes the pipe). Without this the
    # worker died first, printing a traceback of its own under the command's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(int(options.get("memory_limit_mb", 0)))
    keep_freed_memory()
    from . import reader  # imports MuPDF (after the limit, so its arenas count too)

    reader.configure_mupdf()
    conn.send(("ready", os.getpid()))
    serve(conn, _Documents(OPEN_DOCUMENTS), _SharedPages(), bool(options.get("test_hooks")))


def serve(conn: Connection, docs: _Documents, shared: _SharedPages, hooks: bool) -> None:
    """Answer requests one by one until the pipe closes or ``None`` arrives; after each
    reply, whiten the slots the last render named while the caller is busy."""
    from library.errors import DocumentError

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            docs.clear()
            shared.close()
            return
        request_id, op, args = message
        if op == "render":
            shared.named(args)  # before anything can fail: the slots free from now on
        pixels = keep = None
        try:
            value, pixels = _handle_with_room(docs, op, args, hooks, shared)
            sent: int | str | bool = pixels is not None
            if op == "render":
                value, keep = value  # the pixmap must outlive the view of its samples
                sent = value.pop("shared", "pipe")  # bytes drawn into shared memory
            reply = (request_id, True, value, sent)
        except DocumentError as exc:
            reply = (request_id, False, (str(exc), exc.message_vi), False)
        except Exception as exc:  # MuPDF's many error types: all mean "cannot show this"
            name = Path(str(args.get("path", ""))).name
            if _out_of_memory(exc):  # after `_handle_with_room` let go and tried again
                reason = (f"{name + ': ' if name else ''}too large to open within the document "
                          "worker's memory limit (setting documents.memory_limit_mb)")
            else:
                reason = f"{name + ': ' if name else ''}cannot read ({_in_words(exc)})"
            reply = (request_id, False, (reason[:300], None), False)
        try:
            conn.send(reply)
            if pixels is not None:
                conn.send_bytes(pixels)
        except (EOFError, OSError):
            return
        finally:
            del pixels, keep  # free the page now, not after the next request
        shared.whiten_ahead(conn)  # while the caller shows the page, or reads the answer
