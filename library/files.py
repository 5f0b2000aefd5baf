"""Writing files so that a crash or power cut leaves the old file or the new one.

Every durable write in the core goes the same way: a temporary file beside
the target, written and fsynced, given its mode, renamed over the target,
and the folder fsynced so the rename itself survives a power cut.

A writer killed mid-write (a kill, a power cut) leaves its temporary file,
`.<target>.<random>.tmp`; each kill one more, which the writer of the next save
would never clean. So the writer holds a lock (`flock`) on its temporary file as
long as it lives, and every whole write deletes the temporary files of its target
that no living process holds (`remove_left_temps`): another process's save under
way is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InvalidInput, StorageError
from .locks import remove_unheld

#: How the name of `atomic_file`'s temporary file for a target ends (`temp_prefix` begins it).
TEMP_SUFFIX = ".tmp"


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_dirs(folder: Path, *, sync: bool = True) -> None:
    """`folder.mkdir(parents=True, exist_ok=True)`, and with `sync` each folder made
    fsynced into its parent: a new folder's name is an entry in its parent like a
    renamed file's, and a power cut can lose it, and every file renamed into it with it."""
    missing: list[Path] = []
    probe = folder
    while not probe.is_dir() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    if sync:
        for made in reversed(missing):
            fsync_dir(made.parent)


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int = 0o644, apply_umask: bool = True,
                sync_dir: bool = True, left_temps: bool = True) -> Iterator[BinaryIO]:
    """A file to write that appears under `path` only whole, when the block succeeds.

    `mode` goes through the umask unless `apply_umask=False` (files other
    users' processes must read, like a published repository served by nginx).
    `sync_dir=False` skips making the rename itself durable, for caches that
    may be lost at any time anyway; otherwise folders made for `path` are made
    durable too (`make_dirs`). `left_temps=False` skips deleting what a killed
    writer of `path` left (`remove_left_temps`), where nothing can have been left: a
    folder made just now, filled file by file — there the listing each write would
    make costs as much as the folder is large (8,000 feed pages: 32 s instead of 12).
    """
    make_dirs(path.parent, sync=sync_dir)
    fd, tmp, hold = new_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & ~current_umask() if apply_umask else mode)  # mkstemp: 0600
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        if hold is not None:
            os.close(hold)  # the lock goes with the last descriptor, once the name is gone
    if sync_dir:
        fsync_dir(path.parent)
    if left_temps:
        remove_left_temps(path)


def temp_prefix(path: Path) -> str:
    """How the name of `atomic_file`'s temporary file for `path` begins: ``.<name>.``."""
    return f".{path.name}."


def remove_left_temps(path: Path) -> list[str]:
    """Delete the temporary files `atomic_file` began for `path` whose writer was killed
    (no living process holds their lock); return their names. A save under way in
    another process holds its file's lock and is left alone (`locks.remove_unheld`)."""
    return remove_unheld(path.parent, temp_prefix(path), folders=False, suffix=TEMP_SUFFIX)


def new_temp(path: Path) -> tuple[int, Path, int | None]:
    """A new temporary file beside `path`, named as `remove_left_temps` knows it: its
    descriptor, its name, and a second descriptor holding its lock until closed (None
    where there are no locks), to be closed once the file is renamed or deleted.

    The lock is taken just after the file is made, so a sweep may come in between,
    lock the file as a killed writer's and delete it: the name is then checked to be
    still this file, and a new one made if not. The second descriptor keeps the lock
    whatever the caller does with the first (a zip or wave writer may close it)."""
    return locked_temp(path.parent, temp_prefix(path), TEMP_SUFFIX)


def locked_temp(folder: Path, prefix: str, suffix: str = "") -> tuple[int, Path, int | None]:
    """A new temporary file `prefix…suffix` in `folder`, locked as `new_temp`'s is (which
    see), for a writer whose files are swept by their name (`locks.remove_unheld` with the
    same `prefix` and `suffix`): the object store's `.incoming-…`."""
    while True:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
        try:
            held, hold = _lock_temp(fd, name)
        except BaseException:
            os.close(fd)
            Path(name).unlink(missing_ok=True)
            raise
        if held:
            return fd, Path(name), hold
        os.close(fd)  # a sweep took it (and deletes it): another name


def _lock_temp(fd: int, name: str) -> tuple[bool, int | None]:
    """Lock the temporary file `fd` made as `name`: (still ours, descriptor holding the
    lock). Where the system or the file system has no `flock` the file is kept unlocked:
    no sweep deletes anything there either."""
    try:
        import fcntl
    except ImportError:
        return True, None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False, None  # a sweep holds it, to delete it
    except OSError:
        return True, None
    try:
        ours = os.path.samestat(os.stat(name, follow_symlinks=False), os.fstat(fd))
    except FileNotFoundError:
        ours = False
    return (True, os.dup(fd)) if ours else (False, None)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644,
                 apply_umask: bool = True, left_temps: bool = True) -> None:
    """Replace `path` with `data` durably (see `atomic_file` for `mode`, `left_temps`)."""
    with atomic_file(path, mode=mode, apply_umask=apply_umask,
                     left_temps=left_temps) as fh:
        fh.write(data)


def disk_full(exc: OSError) -> bool:
    """Whether a write failed for want of space (a full disk or a used-up quota)."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def write_error(target: Path | str, exc: OSError, *, what_vi: str = "tệp",
                verb: str = "write") -> StorageError:
    """A failed write as one `StorageError`, the one builder of "could not write" for the core.

    English: `cannot {verb} {target}: {reason}` — the reason as the system words it ("No
    space left on device", "Read-only file system", not "[Errno 28] …"); `verb` is "store"
    where `target` names what was being copied in rather than where it went. Vietnamese
    (`write_error_vi`) says what the librarian can act on.
    """
    return StorageError(f"cannot {verb} {target}: {exc.strerror or exc}",
                        message_vi=write_error_vi(exc, what_vi))


def write_error_vi(exc: OSError, what_vi: str = "tệp") -> str:
    """Why `what_vi` (`tệp`, `kho`, `tệp vào thư mục dữ liệu`…) could not be written, in
    Vietnamese: a full disk, a disk that is read-only, no permission, or just that it failed."""
    if disk_full(exc):
        return f"Đĩa đã đầy, không ghi được {what_vi}."
    if exc.errno == errno.EROFS:
        return f"Ổ đĩa chỉ cho đọc, không ghi được {what_vi}."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Không có quyền ghi {what_vi}."
    return f"Không ghi được {what_vi}."


def shown_path(path: Path) -> str:
    """A path as text that can always be printed and put in JSON.

    A name written under another code page holds bytes that are not UTF-8;
    Python keeps them as lone surrogates, which a UTF-8 terminal or a JSON
    reader refuses. They are shown as U+FFFD instead.
    """
    return os.fsencode(path).decode("utf-8", "replace")


def decode_text(raw: bytes) -> str:
    """A text file's bytes as editors save them: UTF-8 (a byte-order mark before it is
    dropped), or UTF-16 with its mark (Windows Notepad's "Unicode"), as sure as UTF-8.
    `UnicodeDecodeError` for anything else."""
    return raw.decode("utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")


def output_target(path: Path, *, endings: tuple[str, ...] = (), replace: bool = True) -> Path:
    """Check a file name given for a command's output (`-o`) before any work is done.

    Refused: no name at all, an existing folder, anything that is not a
    regular file — the rename that makes a write whole would otherwise
    replace a device such as `/dev/full` or a pipe with a plain file — a
    path through a file (`/etc/passwd/x.png`), a folder that is not there
    (a stick not plugged in, a typing mistake), and, given `endings` (".png",
    ".svg"), a name ending otherwise: a PNG written as `trang.jpg` is a file
    a viewer calls damaged.

    `replace=False` (a command run without `--force`) refuses an existing
    file too: the name may be mistyped onto last month's figures, the
    province's merged CSV or a pack still needed, and nothing a person has
    is lost to a typing mistake. Every command that writes a file the person
    names passes it; `--force` says the old file may go.
    """
    if not path.name or path.name in (".", ".."):
        raise InvalidInput(f"no output file name given ({str(path)!r})",
                           message_vi="Chưa có tên tệp để ghi.")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name",
                           message_vi="Đây là thư mục, hãy cho tên tệp.")
    if path.exists() and not path.is_file():
        raise InvalidInput(f"{path} is not a regular file; it is left as it is",
                           message_vi="Không ghi đè lên thứ không phải tệp thường.")
    for folder in path.absolute().parents:
        if folder.is_dir():
            break
        if folder.exists():
            # `-o /etc/passwd/x.png`, `-o bao-cao.csv/thang3.csv`: a file where a folder
            # should be, said as such, not as the "File exists" making it would say
            raise InvalidInput(f"cannot write {path}: {folder} is a file, not a folder; "
                               "nothing was written",
                               message_vi="Đường dẫn đi qua một tệp, không phải thư mục.")
    if not path.absolute().parent.exists():
        # `-o /media/usb/ap-phich.pdf` with no stick plugged in, or a mistyped folder:
        # said, not made — a folder made here would hold the file where nobody looks
        raise InvalidInput(f"{path.absolute().parent}: no such folder; nothing was written",
                           message_vi="Không thấy thư mục để ghi tệp (USB đã cắm chưa?).")
    if endings and path.suffix.lower() not in endings:
        raise InvalidInput(f"{path}: the file name must end in {' or '.join(endings)}",
                           message_vi=f"Tên tệp phải có đuôi {' hoặc '.join(endings)}.")
    if not replace and (path.exists() or path.is_symlink()):
        raise InvalidInput(f"{path} already exists; give --force to replace it",
                           message_vi="Tệp đã có; không ghi đè.")
    return path.absolute()


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What tells the file at `path` replaced from the one there before (None: no file):
    a command interrupted by Ctrl+C asks it to say whether its output was written."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[BinaryIO]:
    """A command's output file (a page, a poster, a QR code, speech), written whole.

    Readable by everyone as the umask allows (a printout is no secret); the
    folder must be there (`output_target`). Failing to write is a `StorageError` with the
    reason in one line, and nothing is left behind.
    """
    target = output_target(path)
    try:
        with atomic_file(target, mode=0o666) as fh:
            yield fh
    except OSError as exc:
        raise write_error(path, exc) from exc


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file whole (see `output_file`)."""
    with output_file(path) as fh:
        fh.write(data)
