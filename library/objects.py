"""Content-addressed file store: `objects/ab/cdef…`, named by sha256.

Adding the same bytes twice stores them once. Files are written to a
temporary name, fsynced and renamed, so a crash never leaves a partial
object under a real name; `verify` re-hashes one for integrity checks.

A temporary file (`.incoming-*`) is locked (`flock`) by the process writing it
until it is renamed into place, as every temporary file of the core is
(`files.locked_temp`): what a killed process left (the kernel let go of its lock)
is cleared (`clear_incoming`) when the catalog is next opened, and when an import
or sync starts (`importer.recover`, also at the kiosk's start), and what another
process is writing right now is not.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import NotFound, StorageError
from .files import fsync_dir, locked_temp, write_error
from .formats import sniff_suffix
from .locks import remove_unheld

_SHA256 = re.compile(r"[0-9a-f]{64}")  # fullmatch: "$" would let a trailing newline in
#: Hard links to objects under a name with a file ending (see `ObjectStore.named`).
NAMED = ".named"
#: How the name of a file being written into the store begins (`ObjectStore._incoming`).
INCOMING = ".incoming-"
CHUNK = 1 << 20
#: What a failed copy into the store could not write, in Vietnamese (`_store_error`).
STORE_VI = "tệp vào thư mục dữ liệu"
#: What a person does about a data folder this user cannot write (another user's, a
#: read-only mount): the same words wherever the store or the catalog refuse a write.
CANNOT_WRITE_HINT = "check the data folder's owner and permissions"


def _hasher(data: bytes = b"") -> Any:
    """A SHA-256 hasher. hashlib is imported on first use: it loads OpenSSL (~4 ms), and
    the kiosk's launch reads the catalog without hashing anything."""
    import hashlib

    return hashlib.sha256(data)


def sha256_file(path: Path, *, stop: threading.Event | None = None) -> str:
    """Hash a file in 1 MiB chunks. With `stop`, `InterruptedError` as soon as it is set
    (the phone server closing while it hashes a video of several GB)."""
    digest = _hasher()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            if stop is not None and stop.is_set():
                raise InterruptedError(f"hashing {path.name} stopped")
            digest.update(block)
    return digest.hexdigest()


def check_digest(sha256: str) -> str:
    """Refuse anything that is not 64 lower-case hex digits (never a path)."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise NotFound(f"not an object id: {sha256!r}")
    return sha256


class ObjectStore:
    """The `objects/` folder of a data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        check_digest(sha256)
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str):
        path = self.path(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise NotFound(f"object {sha256} is missing") from exc

    def add_file(self, source: Path) -> tuple[str, int]:
        """Copy a file in (hashing while copying); return (sha256, size)."""
        digest = _hasher()
        size = 0
        try:
            with self._incoming() as (fd, tmp):
                with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
                    out.flush()
                    os.fsync(out.fileno())
                sha = digest.hexdigest()
                self._place(tmp, sha)
            return sha, size
        except OSError as exc:
            # the file being added could not be read: not the data folder's fault
            from_source = exc.filename is not None and Path(exc.filename) == source
            raise _store_error(source.name, exc, in_store=not from_source) from exc

    def add_bytes(self, data: bytes) -> str:
        """Store bytes (covers, small files); return their sha256."""
        sha = _hasher(data).hexdigest()
        if self.has(sha):
            return sha
        try:
            with self._incoming() as (fd, tmp):
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                self._place(tmp, sha)
            return sha
        except OSError as exc:
            raise _store_error("object", exc) from exc

    @contextlib.contextmanager
    def _incoming(self) -> Iterator[tuple[int, Path]]:
        """A new temporary file in the store (made with the store when missing), locked
        against `clear_incoming` until the block ends, then removed unless renamed.

        The first write into the data folder, so a folder this user may not write
        fails here, inside the callers' `_store_error`. The lock is held on a second
        descriptor, so that it outlasts the writer's (closed before the rename, which
        Windows requires) until the file has its real name (`files.locked_temp`).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp, hold = locked_temp(self.root, INCOMING)
        try:
            yield fd, tmp
        finally:
            tmp.unlink(missing_ok=True)
            if hold is not None:
                os.close(hold)  # the lock goes once the name is the object's, or gone

    def adopt(self, staged: Path, sha256: str) -> None:
        """Move an already verified file (same filesystem) into place."""
        try:
            self._place(staged, sha256)
        except OSError as exc:
            raise _store_error(f"object {sha256}", exc) from exc

    def _place(self, tmp: Path, sha256: str) -> None:
        """Rename the fsynced `tmp` to its name; then fsync its folder (and the store's,
        when that folder is new), so that the name survives a power cut."""
        target = self.path(sha256)
        if target.exists():
            return
        new_folder = not target.parent.is_dir()
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        fsync_dir(target.parent)
        if new_folder:
            fsync_dir(self.root)

    def remove(self, sha256: str) -> None:
        """Delete an object and its links in `.named/`, the links first: a crash in
        between leaves the object, still listed and collected again, rather than a
        link nothing lists that would keep its bytes on the disk for good."""
        for link in (self.root / NAMED).glob(f"{check_digest(sha256)}*"):
            link.unlink(missing_ok=True)
        self.path(sha256).unlink(missing_ok=True)

    def prune_named(self) -> list[str]:
        """Delete the links in `.named/` whose object is gone; return their names.

        A link holds its object's bytes on the disk as long as it exists, and no
        listing of the store shows it: one left by a crash between deleting an
        object and its link (before `remove` took the links first) would keep a
        removed video's space for good.
        """
        pruned = []
        folder = self.root / NAMED
        if folder.is_dir():
            for link in folder.iterdir():
                if _SHA256.fullmatch(link.name[:64]) and not self.has(link.name[:64]):
                    with contextlib.suppress(OSError):
                        link.unlink()
                        pruned.append(link.name)
        return pruned

    def named(self, sha256: str) -> Path | None:
        """The object under its hash plus the file ending its first bytes call for.

        For readers that tell a format by the name, like Qt's image loader
        (given a name without an ending it asks every image plugin it has). A
        hard link in `.named/`, made on first use; where the file system has
        no hard links, the object's own path. None when the object is missing.
        """
        source = self.path(sha256)
        try:
            with source.open("rb") as fh:
                suffix = sniff_suffix(fh.read(1024))
        except OSError:
            return None
        if not suffix:
            return source
        target = self.root / NAMED / f"{sha256}{suffix}"
        try:
            target.parent.mkdir(exist_ok=True)
            os.link(source, target)
        except FileExistsError:
            pass
        except OSError:  # FAT, exFAT: no hard links
            return source
        return target

    def verify(self, sha256: str) -> bool:
        """Re-hash an object; False when it is missing or damaged."""
        path = self.path(sha256)
        return path.is_file() and sha256_file(path) == sha256

    def __iter__(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for file in sorted(folder.iterdir()):
                    name = folder.name + file.name
                    if _SHA256.fullmatch(name):
                        yield name

    def clear_incoming(self) -> list[str]:
        """Remove the temporary files a killed writer left (no living process holds their
        lock: `locks.remove_unheld`); return their names. One another process is writing
        right now is left to it.

        One this user may not remove (the data folder is another user's) stays for
        its owner's next start: opening the catalog must not fail on it, only a
        write into the folder, which says why (`_store_error`). Where the system has
        no `flock` (Windows) nothing is removed, as for every temporary file."""
        return remove_unheld(self.root, INCOMING, folders=False)


def _store_error(what: str, exc: OSError, *, in_store: bool = True) -> StorageError:
    """A failed copy into the store: `files.write_error` with the store's words
    ("cannot store x.pdf: No space left on device"; the data folder named in Vietnamese).

    A store this user may not write (another user's data folder, a read-only
    mount) gets the same advice as the catalog's refusal, in the same line,
    where the system's "Permission denied: …/objects/.incoming-…" said nothing
    useful. `in_store=False`: the file being added could not be read.
    """
    error = write_error(what, exc, verb="store", what_vi=STORE_VI)
    if in_store and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"{error} ({CANNOT_WRITE_HINT})", message_vi=error.message_vi)
    return error


def copy_file(source: Path, target: Path) -> None:
    """Copy with metadata; used when exporting an object under a readable name."""
    shutil.copyfile(source, target)
