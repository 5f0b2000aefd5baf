"""Which stored files hold the bytes their name says, for the phone hand-off.

A stored file is named by its sha256 (`objects/ab/cdef…`), and the hand-off sends it
under that name as its strong ETag. A file changed on the disk with its size kept (a
failing disk's bad sector, a copy that wrote zeros), or a cover — whose size the
catalog does not keep — cut short, went out as the item's file: a phone kept a broken
document, and a resumed download spliced it with good bytes.

Checking the whole hash at every request would read a 2 GB video again for every
phone and every range a video player asks for. So each file is hashed once per
server life, off the event loop, and the answer is remembered with what `stat` says
of the file (device, inode, size, modification and status-change times): a file
mended or replaced since (the librarian's «Kiểm tra toàn vẹn tệp», an import) is
hashed again at its next request. The known limit, as `repository.hash_cache` says
of the same signs: a change that leaves all of them as they were is not seen, nor
damage the disk does after the check without any write.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from pathlib import Path

from ..objects import sha256_file

log = logging.getLogger(__name__)

#: What `stat` says of a file that, unchanged, means the same bytes.
_Signature = tuple[int, int, int, int, int]


def _signature(path: Path) -> _Signature | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class VerifiedFiles:
    """Each stored file's hash checked once (per `stat` of it), remembered; one hashing
    per file at a time however many phones ask for it. Used from the server's event
    loop only; the hashing runs on its executor and stops when `close` is called."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[_Signature, bool]] = {}
        self._running: dict[str, tuple[_Signature, asyncio.Future[bool]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # kept referenced until done
        self._closing = threading.Event()

    def known(self, sha256: str, path: Path) -> bool | None:
        """True or False when `path` was checked as it is now; None when not yet."""
        entry = self._known.get(sha256)
        if entry is None:
            return None
        return entry[1] if entry[0] == _signature(path) else None

    def remember(self, sha256: str, path: Path, data: bytes) -> bool:
        """Check `path` by its whole content `data`, read by the caller anyway (a small
        text shown as a page): no second read."""
        signature = _signature(path)
        sound = hashlib.sha256(data).hexdigest() == sha256
        if signature is not None and signature[2] == len(data):
            self._known[sha256] = (signature, sound)
        return sound

    def start(self, sha256: str, path: Path) -> None:
        """Begin checking `path` in the background, if it is not known yet (a page that
        offers the file: its download then finds the answer ready)."""
        if self.known(sha256, path) is None:
            self._future(sha256, path)

    async def check(self, sha256: str, path: Path) -> bool:
        """Whether `path` holds the bytes named `sha256`; hashed at most once as it is."""
        sound = self.known(sha256, path)
        if sound is not None:
            return sound
        return await asyncio.shield(self._future(sha256, path))

    def close(self) -> None:
        """Stop the hashing under way (the server is stopping: no wait for a video)."""
        self._closing.set()

    def _future(self, sha256: str, path: Path) -> asyncio.Future[bool]:
        signature = _signature(path)
        running = self._running.get(sha256)
        if running is not None and running[0] == signature:
            return running[1]
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bool] = loop.create_future()
        self._running[sha256] = (signature or (0, 0, 0, 0, 0), future)

        async def run() -> None:
            sound = False
            try:
                try:
                    digest = await loop.run_in_executor(None, self._hash, path)
                except OSError as exc:  # unreadable: nothing to send
                    log.warning("stored file %s cannot be read (%s): not sent to phones",
                                sha256[:12], exc)
                    return
                sound = digest == sha256
                if digest is not None and not sound:
                    log.warning("stored file %s is damaged (its bytes no longer match its "
                                "name): not sent to phones; run the integrity check "
                                "(`cafesach check`)", sha256[:12])
                if digest is not None and signature is not None \
                        and _signature(path) == signature:  # not changed while read
                    self._known[sha256] = (signature, sound)
            finally:  # also on a bug: no request waits for ever
                if self._running.get(sha256, (None, None))[1] is future:
                    del self._running[sha256]
                future.set_result(sound)

        task = loop.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return future

    def _hash(self, path: Path) -> str | None:
        """The file's sha256, or None when the server closed meanwhile."""
        try:
            return sha256_file(path, stop=self._closing)
        except InterruptedError:  # an OSError: not to be told as an unreadable file
            return None

