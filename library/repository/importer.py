"""The one path by which content enters a station: verify everything, then commit once.

Whatever the transport (`sources`: pack, folder, URL), an import
1. reads the index (bounded) and checks its schema;
2. verifies the signature against trusted keys (following signed
   rotations, refusing revoked keys), the publisher key pinned for this
   repository, and the version (older = rollback, same = nothing to do);
3. checks expiry — over the network an expired index is refused (a freeze
   attack); from a stick it imports with a "chưa xác minh từ …" warning;
4. streams every missing object into `staging/`, never reading more than
   declared, checking size and sha256, fsyncing each file;
5. moves the objects into `objects/` (`ObjectStore.adopt`), and only then
6. commits the whole change — items, pages, removals, repository state,
   key rotations and revocations — in ONE catalog transaction.

A crash before step 6 leaves the old catalog plus unreferenced objects
(harmless, garbage-collected); after it, the new one. `recover()` at the
next start deletes abandoned staging folders. A partial pack never removes;
a full import or sync removes this repository's items the index no longer
lists. Objects no item refers to are collected after the commit.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, TypeVar

from ..address_passwords import hidden, hide_in_error
from ..catalog import Catalog, Item, now_iso
from ..curation import featured_choices
from ..errors import LibraryError, PackError, StorageError, SyncError
from ..formats import kind_fits, kinds_for
from ..locks import folder_lock
from ..objects import CHUNK, ObjectStore, fsync_dir, sha256_file
from ..paths import DataPaths, check_room
from . import faults, notices, status
from . import index as idx
from .fetch import Fetcher, FetchSettings, ServerSilent, SyncTooLong, check_url, write_failure
from .retries import REPUBLISHED, Retrying
from .sources import FolderSource, HttpSource, PackSource, unreadable
from .trust import TrustStore

#: What the librarian reads when a pack's bytes are not what its signed index says: a
#: byte changed on the way (a worn stick, a copy cut short) far more often than anyone
#: altered it, and copying the pack again is what she can do about either.
DAMAGED_VI = "Một tệp trong gói bị hỏng (chép lỗi hoặc đã bị sửa); hãy chép lại gói."
#: The same for an object that ends early inside a pack read as whole.
COPY_AGAIN_VI = "Gói nội dung chưa được chép đủ; hãy chép lại gói."

Progress = Callable[[int, int, str], None]
MAX_TEXT_BYTES = 256 * 1024 * 1024
DOWNLOADS = "downloads"

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import or sync did, for the CLI and the librarian screen."""

    repository: str
    status: str  # imported, unchanged, ahead
    version: int = 0
    previous_version: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    full: bool = True
    #: English lines (the CLI's, the JSON's), each with its `message_vi` for the panel
    warnings: list[notices.Notice] = field(default_factory=list)
    bytes_staged: int = 0
    requests: int = 0
    bytes_received: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# -- staging housekeeping -----------------------------------------------------
def recover(paths: DataPaths) -> list[str]:
    """Delete what an interrupted import left in `staging/` (downloads are kept to resume)
    and the files it was writing into the object store (`ObjectStore.clear_incoming`: a
    feed's covers), whatever process was killed: one another process is still writing
    (an `add` in a terminal) is left to it."""
    removed = []
    if paths.staging.is_dir():
        for leftover in paths.staging.glob("import-*"):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover.name)
    return removed + ObjectStore(paths.objects).clear_incoming()


def recover_if_idle(paths: DataPaths) -> list[str]:
    """`recover()` unless an import is running right now (call it at start-up)."""
    try:
        with _station_lock(paths):
            return recover(paths)
    except PackError:
        return []


class IndexReplaced(SyncError):
    """The server's index changed while its objects were being downloaded: the files of
    the version this sync read are gone. `import_from` starts over once, on the new one."""


class ImportBusy(PackError):
    """Another import or sync holds the data folder: this one did not start.

    Not a failure of the library being synced, so the sync status (the panel,
    `sync --status`) keeps what the running one will report.
    """


@contextlib.contextmanager
def _station_lock(paths: DataPaths) -> Iterator[None]:
    """One import or sync at a time per data folder (the lock is on its `staging/`)."""
    paths.staging.mkdir(parents=True, exist_ok=True)
    with folder_lock(paths.staging, held_by="another import or sync is running in",
                     error=ImportBusy, message_vi="Đang có một lần nhập khác."):
        yield


def _rollback(index: idx.Index, installed: int) -> PackError:
    return PackError(f"{index.repository}: version {index.version} is older than the "
                     f"installed version {installed} (a rollback); refused",
                     message_vi="Gói này cũ hơn nội dung đã có; không nhập.")


# -- the import -----------------------------------------------------------------
class Importer:
    """One import run into one station."""

    def __init__(self, paths: DataPaths, catalog: Catalog, *, progress: Progress | None = None,
                 now: datetime | None = None, cancel: threading.Event | None = None) -> None:
        if catalog.objects is None:
            raise StorageError("the catalog has no object store")
        self.paths, self.catalog, self.store = paths, catalog, catalog.objects
        self.progress = progress
        self.now = now or idx.utc_now()
        self.bytes_done = 0
        self.staging: Path | None = None
        self.cancel = cancel
        # progress inside one object (a video over 3G takes minutes): every `_step` bytes
        self._step, self._reported, self._need, self._label = 1, 0, 0, ""
        self._hasher = ThreadPoolExecutor(1, thread_name_prefix="import-hash")

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise PackError("the import was cancelled; nothing was changed",
                            message_vi="Đã huỷ; thư viện giữ nguyên.")

    def _report(self, done: int, *, force: bool = False) -> None:
        """Progress at each object and every `_step` bytes within one, so the bar
        moves while a large file arrives (a still bar reads as a hang)."""
        if self.progress and (force or done - self._reported >= self._step):
            self._reported = done
            self.progress(done, self._need, self._label)

    # staging ------------------------------------------------------------------
    def _copy_verified(self, src: BinaryIO, dest: Path, ref: idx.ObjectRef) -> None:
        """Stream at most `ref.size` bytes into `dest`, checking size and sha256.

        Hashing block n runs on a helper thread while block n is written (both
        release the GIL), so a pack imports at about the speed of one of them.
        """
        digest = hashlib.sha256()
        got = 0
        hashing: Future[None] | None = None
        try:
            with dest.open("wb") as out:
                while True:
                    block = src.read(min(CHUNK, ref.size + 1 - got))
                    if not block:
                        break
                    got += len(block)
                    if got > ref.size:
                        raise PackError(f"object {ref.sha256[:12]} is larger than the "
                                        f"{ref.size} bytes the index declares")
                    if hashing is not None:
                        hashing.result()
                    hashing = self._hasher.submit(digest.update, block)
                    out.write(block)
                    self.bytes_done += len(block)
                    faults.point("stage-bytes", self.bytes_done)
                    self._check_cancel()
                    self._report(self.bytes_done)
        except OSError as exc:
            raise write_failure(exc, "staging objects") from exc
        except EOFError as exc:
            raise PackError(f"object {ref.sha256[:12]}: the pack is truncated; copy it onto "
                            "the stick again", message_vi=COPY_AGAIN_VI) from exc
        finally:
            if hashing is not None:
                hashing.result()
        if got != ref.size:
            raise PackError(f"object {ref.sha256[:12]} is shorter ({got} bytes) than the "
                            f"{ref.size} bytes the index declares; copy the pack again",
                            message_vi=COPY_AGAIN_VI)
        if digest.hexdigest() != ref.sha256:
            raise PackError(f"object {ref.sha256[:12]} does not match its sha256 "
                            "(damaged or altered): copy the pack again",
                            message_vi=DAMAGED_VI)

    def _verify_file(self, path: Path, ref: idx.ObjectRef) -> None:
        size = path.stat().st_size
        if size != ref.size or sha256_file(path) != ref.sha256:
            path.unlink(missing_ok=True)
            raise SyncError(f"downloaded object {ref.sha256[:12]} does not match its sha256 "
                            "(the server has other bytes under its name: an old or mixed "
                            "upload)", message_vi="Tệp tải về không khớp mã kiểm tra.")
        self.bytes_done += size

    @staticmethod
    def _download(source: HttpSource, ref: idx.ObjectRef, chunk_size: int) -> Path:
        """One object from the server; a 404 that comes from a new version published
        meanwhile (the old version's files gone) is named as such (`IndexReplaced`)."""
        try:
            return source.download(ref, chunk_size)
        except SyncError as exc:
            if getattr(exc.__cause__, "status", None) != 404 or not source.index_replaced():
                raise
            raise IndexReplaced(
                f"{source.base}: the library was published again on the "
                f"server while this sync was downloading (object {ref.sha256[:12]} of the "
                "version being fetched is gone); nothing was changed; sync again to take the "
                "new version",
                message_vi="Tỉnh vừa xuất bản bản mới trong lúc đồng bộ; thư viện giữ "
                           "nguyên, hãy đồng bộ lại.") from exc

    def _stage(self, source: Any, refs: list[idx.ObjectRef], chunk_size: int) -> dict[str, Path]:
        assert self.staging is not None
        need = sum(r.size for r in refs)
        # the disk's reserve, the caches' own: the catalog grows too, and counts are kept.
        # Kept from the files copied in: an import with none to copy (the same pack again,
        # a sync that changes titles or removes items and so gives room back) writes only
        # catalog rows, and a disk too full even for those fails its one transaction whole.
        # What a sync cut short already downloaded takes its room already
        downloaded = getattr(source, "downloaded", None)
        more = need - (sum(map(downloaded, refs)) if downloaded is not None else 0)
        if more > 0:
            check_room(self.paths.staging, more, what="the import",
                       message_vi="Không đủ dung lượng đĩa để nhập gói này.")
        faults.point("staging-start")
        staged: dict[str, Path] = {}
        self._need, self._step = need, max(64 * 1024, need // 200)
        if isinstance(source, HttpSource):
            source.fetcher.on_bytes = lambda have: self._report(self.bytes_done + have)
        for number, ref in enumerate(refs, start=1):
            self._check_cancel()
            self._label = ref.sha256[:12]
            self._report(self.bytes_done, force=True)
            if isinstance(source, HttpSource):
                path = self._download(source, ref, chunk_size)
                self._verify_file(path, ref)
            else:
                path = self.staging / ref.sha256
                try:
                    with source.open(ref) as fh:
                        self._copy_verified(fh, path, ref)
                except (OSError, EOFError) as exc:  # opening it (a pack names its own)
                    if isinstance(source, PackSource):
                        raise unreadable(source.path, f"object {ref.sha256[:12]}",
                                         exc) from exc
                    raise unreadable(source.root, f"object {ref.sha256[:12]}", exc,
                                     folder=True) from exc
            staged[ref.sha256] = path
            faults.point("staged-object", number)
        # fsync after writing them all: the kernel writes back while we hash the next
        # file, and nothing is adopted before every byte is durable
        for path in staged.values():
            faults.point("before-fsync")
            try:
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise write_failure(exc, "staging objects") from exc
            faults.point("after-fsync")
        if self.progress:
            self.progress(need, need, "")
        return staged

    def _pages(self, ref: idx.ObjectRef | None, staged: dict[str, Path]) -> list[str]:
        if ref is None:
            return []
        if ref.size > MAX_TEXT_BYTES:
            raise PackError(f"page text {ref.sha256[:12]} is too large")
        path = staged.get(ref.sha256) or self.store.path(ref.sha256)
        try:
            pages = json.loads(path.read_bytes().decode("utf-8"))
        except (ValueError, RecursionError, OSError) as exc:
            raise PackError(f"page text {ref.sha256[:12]} is not a list of pages") from exc
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise PackError(f"page text {ref.sha256[:12]} is not a list of pages")
        return pages

    # the one path ---------------------------------------------------------------
    def run(self, source: Any, *, url: str | None = None) -> ImportResult:
        with _station_lock(self.paths):
            recover(self.paths)
            self.staging = self.paths.staging / f"import-{os.getpid()}-{secrets.token_hex(4)}"
            try:
                self.staging.mkdir(parents=True)
                result = self._run(source, url)
                # after every run that got this far, not only one that removed or replaced
                # files: a run killed between its COMMIT and this left them behind, and the
                # next run finds nothing to change (see `collect_after_import`)
                collect_after_import(self.catalog)
                return result
            except OSError as exc:
                raise write_failure(exc, "importing") from exc
            finally:
                self._hasher.shutdown()
                shutil.rmtree(self.staging, ignore_errors=True)

    def _run(self, source: Any, url: str | None) -> ImportResult:
        raw = source.read_index()
        if raw is None:  # 304: nothing changed on the server
            return self._unchanged_on_server(url, getattr(source, "server_date", None))
        faults.point("index-read")
        index = idx.parse(raw)
        source.check_against(index)
        trust = TrustStore(self.catalog)
        state = status.get(self.catalog, index.repository)
        installed = state.version if state else 0
        try:
            verified = idx.verify(index, trust.trusted(), trust.revoked(),
                                  pinned=state.publisher_key if state else None)
        except PackError:
            if not source.network and index.version < installed and any(
                    s["keyid"] in trust.trusted() for s in index.signatures):
                # an old pack from before a key rotation, signed by a key the station
                # still knows: "older" is the reason a librarian can act on
                raise _rollback(index, installed) from None
            raise
        check_extensions(index)
        result = ImportResult(index.repository, "imported", index.version, installed)
        if index.version < installed:
            if source.network:
                assert state is not None  # installed > 0
                result.status = "ahead"
                result.warnings.append(notices.ahead(installed, index.version))
                synced = now_iso()
                with self.catalog.atomic():
                    _password_left(self.catalog, state.id)
                    status.save(self.catalog, replace(
                        state, last_sync=synced, status="ahead", via_pack=False,
                        warnings=status.carried_over(state, result.warnings, synced)))
                return result
            raise _rollback(index, installed)
        expired = index.expires < self.now
        if expired and source.network:
            _check_clock(self.now, getattr(source, "server_date", None), index)
            raise SyncError(f"{index.repository}: the server's index expired on "
                            f"{index.signed['expires']} (a stale mirror or a freeze attack); "
                            "nothing was changed",
                            message_vi="Mục lục trên máy chủ đã hết hạn; chưa đồng bộ.")
        if expired:
            result.warnings.append(notices.expired_pack(index.signed["expires"]))
        forget = getattr(source, "forget_downloads", None)  # a sync's: its old parts
        if forget is not None:
            forget(index)

        # what changes
        previous = _digests(self.catalog, index.repository)
        existing = {i.id: i for i in self.catalog.items(include_hidden=True)}
        # Page texts are not kept as objects once their pages are in the catalog, so an
        # item is unchanged when its digest and its file and cover are.
        def kept(item: idx.IndexItem) -> bool:
            return all(self.store.has(r.sha256) for r in (item.object, item.cover) if r)

        carried = 0
        to_put: list[idx.IndexItem] = []
        in_place: set[str] = set()  # the listed items there after this import
        # what still holds of the warnings of the sync that took these items in: an
        # unchanged item published in a collection its format cannot go in is still in
        # its format's collection (said with the status, not again on every sync's output)
        standing: list[notices.Notice] = []
        for item in index.items:
            current = existing.get(item.id)
            if current is not None and current.source == index.repository and \
                    previous.get(item.id) == item.digest and kept(item) and \
                    fitting_kind(current.media_type, current.kind, current.scanned) \
                    == current.kind:  # else taken again: imported before kinds were checked
                result.unchanged += 1
                carried += 1
                standing.extend(_misfit(item))
                in_place.add(item.id)
                continue
            if not all(source.has(r) or self.store.has(r.sha256) for r in item.refs()):
                continue  # a partial pack does not carry this item
            carried += 1
            if current is not None and current.source != index.repository:
                result.warnings.append(notices.item_elsewhere(item.id, current.source))
                continue
            to_put.append(item)
            in_place.add(item.id)
            (result.updated if current is not None else result.added).append(item.id)
            result.warnings.extend(_misfit(item))
        result.full = carried == len(index.items)
        listed = {i.id for i in index.items}
        if result.full:
            result.removed = sorted(i.id for i in existing.values()
                                    if i.source == index.repository and i.id not in listed)
            if not index.items and result.removed:
                result.warnings.append(notices.emptied(index.repository, len(result.removed)))
        else:
            result.removed = _stand_ins(existing, index, in_place)
        if index.version == installed and not (to_put or result.removed):
            # the version this station has, and every item of it in place: the same
            # pack again, or a folder already synced (the state below still records
            # the check, e.g. a fresher signature)
            result.status = "unchanged"
        needed: dict[str, idx.ObjectRef] = {}
        for item in to_put:
            for ref in item.refs():
                if not self.store.has(ref.sha256):
                    needed.setdefault(ref.sha256, ref)
        staged = self._stage(source, sorted(needed.values(), key=lambda r: r.sha256),
                             index.chunk_size)
        result.bytes_staged = sum(r.size for r in needed.values())
        pages = {item.id: self._pages(item.text, staged) for item in to_put}
        self._check_cancel()  # the last moment a cancel is honoured: from here on, commit

        # objects first (durable), then the single catalog transaction
        files = {r.sha256 for item in to_put for r in (item.object, item.cover) if r}
        for sha, path in staged.items():
            if sha not in files:
                continue  # a page text: its pages go into the catalog, not the store
            faults.point("before-adopt")
            self.store.adopt(path, sha)
            faults.point("after-adopt")
        fsync_dir(self.store.root)
        synced = now_iso()
        # this sync read the whole index: what it warns of is all that holds now, and the
        # word that an empty index took the library away, while the index is still empty
        warned = [w for w in state.warnings or () if w.notice.code == notices.EMPTIED] \
            if state and not index.items and not result.removed else []
        warned += [status.Warned(n, synced) for n in [*result.warnings, *standing]]
        new_state = status.RepositoryState(
            id=index.repository, title=index.title,
            url=hidden(url) if url else (state.url if state else None),
            version=max(index.version, installed), publisher_key=verified.signer,
            index_sha256=hashlib.sha256(raw).hexdigest(),
            etag=getattr(source, "new_etag", None) or (state.etag if state else None),
            last_modified=getattr(source, "new_last_modified", None)
            or (state.last_modified if state else None),
            expires=index.signed["expires"], last_sync=synced,
            verified_until=index.signed["expires"] if expired else synced,
            status="unverified" if expired else "ok",
            extensions=json.dumps(index.extensions, ensure_ascii=False, sort_keys=True),
            warnings=tuple(warned), via_pack=not source.network)
        if not source.network and state is not None and state.url:
            # a pack taught us a newer version; the next sync must not trust the old ETag
            new_state = replace(new_state, etag=None, last_modified=None)
        chosen = featured_choices(self.catalog)
        with self.catalog.atomic():
            for item in to_put:
                self.catalog.put(self._item(item, index.repository, existing.get(item.id),
                                            chosen.get(item.id)),
                                 pages[item.id])
                _record_digest(self.catalog, index.repository, item.id, item.digest)
                faults.point("put-item")
            for item_id in result.removed:
                _remove_item(self.catalog, index.repository, item_id)
            names = {k.keyid: k.name for k in trust.all_keys()}
            for public, old in verified.learned.values():
                # the successor goes by its predecessor's name (e.g. "Sở VHTTDL"); `via`
                # says where it came from
                names[public.id] = names.get(old, "")
                trust.add(public, name=names[public.id], via=old)
            for keyid, reason in verified.revoked.items():
                trust.revoke(keyid, reason)
            _password_left(self.catalog, index.repository)
            status.save(self.catalog, new_state)
            _apply_extensions(self.catalog, index)
            faults.point("before-commit")
        faults.point("after-commit")
        return result

    def _unchanged_on_server(self, url: str | None,
                             server_now: datetime | None = None) -> ImportResult:
        state = _state_for_url(self.catalog, url)
        if state is None:
            return ImportResult("", "unchanged")
        expires = idx.parse_time(state.expires, "expires") if state.expires else None
        expired = expires is not None and expires < self.now
        result = ImportResult(state.id, "unchanged", state.version, state.version)
        if expired:
            # nothing changes on the station, but nobody would notice otherwise
            if _clock_ahead(self.now, server_now, expires):
                result.warnings.append(notices.clock(idx.iso(self.now), idx.iso(server_now)))
            else:
                result.warnings.append(notices.expired_on_server(state.expires or ""))
        synced = now_iso()
        # the library is as the last sync that read the index left it, and so are the
        # warnings about its content; those about this check (the clock, expiry) are anew
        warned = status.carried_over(state, result.warnings, synced)
        with self.catalog.atomic():
            _password_left(self.catalog, state.id)
            status.save(self.catalog, replace(
                state, last_sync=synced, status="unverified" if expired else "ok",
                verified_until=state.verified_until if expired else synced,
                warnings=warned, via_pack=False))  # the server said: the same index
        return result

    @staticmethod
    def _item(entry: idx.IndexItem, repository: str, current: Item | None,
              featured: bool | None) -> Item:
        """The catalog's item for an index entry; `featured` is the librarian's own
        choice for it (None: none made, the province's stands)."""
        d = entry.data
        return Item(
            id=entry.id, title=d["title"],
            kind=fitting_kind(d.get("media_type", ""), d["kind"], bool(d.get("scanned", False))),
            authors=tuple(d.get("authors", [])),
            publisher=d.get("publisher", ""), language=d.get("language") or "vi",
            tags=tuple(d.get("tags", [])), summary=d.get("summary", ""),
            published=d.get("published"),
            sha256=entry.object.sha256 if entry.object else None,
            size=entry.object.size if entry.object else 0,
            page_count=d.get("page_count", 0), media_type=d.get("media_type", ""),
            filename=d.get("filename", ""),
            cover_sha256=entry.cover.sha256 if entry.cover else None,
            public_url=d.get("public_url"), source=repository,
            added=current.added if current else now_iso(),
            hidden=current.hidden if current else False,
            featured=bool(d.get("featured", False)) if featured is None else featured,
            scanned=bool(d.get("scanned", False)),
            body=d.get("body"), duration_s=d.get("duration_s"))


def collect_after_import(catalog: Catalog) -> list[str]:
    """Delete the objects no item uses any more, and the links to deleted ones
    (`Catalog.collect_garbage` does both); return the objects' hashes.

    Called after each import or sync that reached its end, whatever it changed:
    the files an import replaced or removed are deleted only after its COMMIT,
    so a power cut there leaves them behind, and the run that follows (the same
    pack again, the next sync) finds the catalog already new and would have no
    reason to look. Listing the store takes a fraction of a second once a sync
    (50,000 objects, the files of the largest index: about 0.3 s); the objects
    another process stored and has not yet committed are spared by the
    collection's grace time.
    """
    faults.point("collect-garbage")
    return catalog.collect_garbage()


def _misfit(item: idx.IndexItem) -> list[notices.Notice]:
    """The notice for an entry published in a collection its format cannot go in, if so."""
    media_type, kind = item.data.get("media_type", ""), item.data["kind"]
    taken = fitting_kind(media_type, kind, bool(item.data.get("scanned", False)))
    return [notices.kind_misfit(item.id, media_type, kind, taken)] if taken != kind else []


@functools.lru_cache(maxsize=512)  # asked for every entry of an index; a few pairs in all
def fitting_kind(media_type: str, kind: str, scanned: bool) -> str:
    """The collection an index entry goes in: its own `kind` where its format may go
    there (`formats.kind_fits`), else its format's own collection.

    An index is signed for every station of a province, so refusing the whole
    sync for one entry (a `.txt` published as a book) would hold back every
    other item at every station until the editor publishes again; taken as
    published, the kiosk would fail to open it and flag it broken. Taken into
    its format's collection, it is shown as it can be, and the import's notice
    tells the librarian to have the editor correct it. A format this station
    does not know (or an entry with no file) keeps its kind.
    """
    allowed = kinds_for(media_type)
    if not allowed or kind_fits(media_type, kind, scanned=scanned):
        return kind
    return allowed[0]


def _clock_ahead(now: datetime, server_now: datetime | None,
                 expires: datetime | None) -> bool:
    """Whether this station's clock runs an hour or more ahead of the server's `Date`,
    by which the index (valid until `expires`) has not expired yet."""
    return server_now is not None and expires is not None and server_now < expires and \
        now - server_now >= timedelta(hours=1)


def _check_clock(now: datetime, server_now: datetime | None, index: idx.Index) -> None:
    """Name a wrong clock on this station, when that is why a fresh index looks expired.

    The server's `Date` is not signed, so it never makes an expired index
    acceptable; it only chooses the words: a station whose clock ran ahead
    (a flat CMOS battery, a wrong manual setting) would otherwise be told of a
    freeze attack at every sync, and nobody would look at the clock.
    """
    if not _clock_ahead(now, server_now, index.expires):
        return
    raise SyncError(
        f"this station's clock says {idx.iso(now)} but the server's says "
        f"{idx.iso(server_now)}: the index (valid until {index.signed['expires']}) looks "
        "expired only because the clock is wrong; set the date and time, then sync again; "
        "nothing was changed",
        message_vi=f"Đồng hồ của trạm bị sai (trạm: {now:%d/%m/%Y}, máy chủ: "
                   f"{server_now:%d/%m/%Y}); hãy chỉnh ngày giờ rồi đồng bộ lại.")


# -- entry points -------------------------------------------------------------
def fetch_settings(config: Any | None) -> FetchSettings:
    if config is None:
        return FetchSettings()
    sync = config.section("sync")
    default = FetchSettings()
    # Odd values in config.toml must not stop every sync: no attempt at all (retries
    # below 0), every read timing out at once (a stall timeout of 0) or a negative limit
    # are read as the nearest sensible setting.
    stall = float(sync.get("stall_timeout_s", default.stall_timeout_s))
    deadline = float(sync.get("deadline_min", default.deadline_s / 60)) * 60
    silence = float(sync.get("silence_s", default.silence_s))
    return FetchSettings(bandwidth_bps=max(0, int(sync.get("bandwidth_kbps", 0))) * 1024 // 8,
                         proxy=(sync.get("proxy") or "").strip() or None,
                         stall_timeout_s=stall if stall > 0 else default.stall_timeout_s,
                         retries=max(0, int(sync.get("retries", default.retries))),
                         deadline_s=deadline if deadline > 0 else default.deadline_s,
                         silence_s=silence if silence > 0 else default.silence_s,
                         allowed_hosts=_host_list(sync.get("allowed_hosts", [])))


def _host_list(value: Any) -> tuple[str, ...]:
    """`sync.allowed_hosts` as names: a list of them, or one name written as a string."""
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(str(name).strip() for name in names if str(name).strip())


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _addresses_hidden(work: Callable[_P, _R]) -> Callable[_P, _R]:
    """`work` (an import: `import_from`, `import_opds`) with an address's password hidden
    in what leaves it for its caller: the error it raises (`LibraryError`) and the lines
    it gives `on_retry`. Once here, for every line the sync makes on its way (the
    fetcher's, a source's, a feed's), so that one naming the address as it was typed
    cannot carry the password to a script, the CLI or the kiosk's panel."""

    @functools.wraps(work)
    def hiding(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        told = kwargs.get("on_retry")
        if callable(told):
            def on_retry(line: str) -> None:
                said = hidden(line)
                if isinstance(line, Retrying) and said != line:
                    said = Retrying(said, line.kind, line.wait_s, line.attempt, line.attempts)
                told(line if said == line else said)

            kwargs["on_retry"] = on_retry
        try:
            return work(*args, **kwargs)
        except LibraryError as exc:
            hide_in_error(exc)  # in place: its class, cause and traceback go on
            raise

    return hiding


@_addresses_hidden
def import_from(paths: DataPaths, catalog: Catalog, target: str, *,
                settings: FetchSettings | None = None, progress: Progress | None = None,
                now: datetime | None = None,
                cancel: threading.Event | None = None,
                on_retry: Callable[[str], None] | None = None) -> ImportResult:
    """Import a pack file, a repository folder or a repository URL.

    `progress(done_bytes, total_bytes, label)` is called while staging;
    setting `cancel` stops the import before its commit, changing nothing.
    `on_retry(message)` hears of every network retry before its wait.
    """
    is_url = looks_like_url(target)
    if is_url:
        check_url(target)  # before anything is opened: a typo is one immediate line
    importer = Importer(paths, catalog, progress=progress, now=now, cancel=cancel)
    if is_url:
        state = _state_for_url(catalog, target)
        # files lost since the last sync (a damaged disk): ask for the index again
        conditional = state is not None and _complete(catalog, state.id)
        try:
            fetcher = Fetcher(settings, cancel=cancel, on_retry=on_retry)
        except LibraryError as exc:  # an unusable sync.proxy: the panel must show it too
            record_sync_failure(catalog, target, exc)
            raise

        def _http_source() -> HttpSource:
            return HttpSource(target, fetcher, paths.staging / DOWNLOADS,
                              etag=state.etag if conditional and state else None,
                              last_modified=state.last_modified if conditional and state
                              else None)
        with fetcher:
            try:
                try:
                    result = importer.run(_http_source(), url=target)
                except IndexReplaced:
                    # the province published while the files of the version read were
                    # arriving: start over once on the new one (the files both versions
                    # share are downloaded already, and kept)
                    if on_retry is not None:
                        on_retry(Retrying(f"{target}: the library was published again "
                                          "during this sync; starting over with the new "
                                          "version", REPUBLISHED))
                    importer = Importer(paths, catalog, progress=progress, now=now,
                                        cancel=cancel)
                    result = importer.run(_http_source(), url=target)
            except ImportBusy:
                raise
            except LibraryError as exc:
                if cancel is None or not cancel.is_set():  # a cancel is no failed sync
                    record_sync_failure(catalog, target, exc)
                raise
            result.requests, result.bytes_received = fetcher.requests, fetcher.bytes_received
        # a good sync names the library: the failures kept under an address (this one, or
        # a mistyped one the librarian has since corrected) have said what they had to
        with contextlib.suppress(LibraryError, OSError, sqlite3.Error), catalog.atomic():
            for failed in catalog.query("SELECT id FROM repositories WHERE version = 0 "
                                        "AND id = url"):
                _password_left(catalog, failed["id"])
            catalog.execute("DELETE FROM repositories WHERE version = 0 AND id = url")
            catalog.execute("DELETE FROM state WHERE substr(key, 1, ?) = ? AND substr(key, ?) "
                            "NOT IN (SELECT id FROM repositories)",
                            [len(status.ERROR_VI_KEY), status.ERROR_VI_KEY,
                             len(status.ERROR_VI_KEY) + 1])
        _clean_downloads(paths)
        _rewrite_if_password_left(catalog)
        return result
    path = Path(target)
    if path.is_dir():
        source: Any = FolderSource(path)
    elif path.is_file():
        source = PackSource(path)
    elif path.exists():  # a device, a pipe: there, but nothing to read a pack from
        raise PackError(f"{target}: not a pack file or a repository folder",
                        message_vi="Đây không phải gói nội dung.")
    else:
        raise PackError(f"{target}: no such pack file, folder or URL",
                        message_vi="Không tìm thấy gói nội dung.")
    try:
        result = importer.run(source)
    finally:
        source.close()
    _rewrite_if_password_left(catalog)  # a pack's import saves a synced row too
    return result


def looks_like_url(target: str) -> bool:
    """Whether `target` is meant as a URL, well formed or not (`http:…`, `https:…`,
    any `scheme://…`), so that `ftp://…` or `http:/x` is named as a bad URL
    rather than a missing pack; an existing file or folder is never a URL."""
    with contextlib.suppress(OSError, ValueError):
        if Path(target).exists():
            return False
    return target.lower().startswith(("http:", "https:")) or "://" in target


def check_extensions(index: idx.Index) -> None:
    """Refuse an index whose bulletin schedule is invalid before anything is staged."""
    try:
        from ..schedule import EXTENSION_KEY, Schedule
    except ImportError:  # a build without schedules
        return
    data = index.extensions.get(EXTENSION_KEY)
    if data is not None:
        Schedule.from_json(data)


def _apply_extensions(catalog: Catalog, index: idx.Index) -> None:
    """Hand the index's `extensions` to the features that read them (bulletin schedules).

    Called inside the import's transaction: a bad schedule refuses the whole
    index, and a good one lands with the content it schedules.
    """
    try:
        from ..schedule import apply_extensions
    except ImportError:  # a build without schedules
        return
    apply_extensions(catalog, index.repository, index.extensions)


def _state_for_url(catalog: Catalog, url: str | None) -> status.RepositoryState | None:
    """The row of the repository synced from `url`: kept with the password hidden
    (`status.save`), or whole by a version before."""
    if url is None:
        return None
    rows = list(catalog.query("SELECT id FROM repositories WHERE url IN (?, ?) "
                              "ORDER BY version DESC, id", [hidden(url), url]))
    return status.get(catalog, rows[0]["id"]) if rows else None


# `repository_items` keeps the digest each item was imported with, so a re-import
# skips items whose index entry has not changed.
def _digests(catalog: Catalog, repository: str) -> dict[str, str]:
    return {r["item_id"]: r["digest"] for r in catalog.query(
        "SELECT item_id, digest FROM repository_items WHERE repository = ?", [repository])}


def _record_digest(catalog: Catalog, repository: str, item_id: str, digest: str) -> None:
    catalog.execute(
        "INSERT INTO repository_items(repository, item_id, digest) VALUES (?, ?, ?) "
        "ON CONFLICT(repository, item_id) DO UPDATE SET digest = excluded.digest",
        [repository, item_id, digest])


def _remove_item(catalog: Catalog, repository: str, item_id: str) -> None:
    catalog.remove(item_id)
    catalog.execute("DELETE FROM repository_items WHERE repository = ? AND item_id = ?",
                       [repository, item_id])


def _take_over(catalog: Catalog, former: str, repo: str, url: str) -> None:
    """The items, digests and status the feed at `url` had under its `former` id, under
    `repo`.

    An unsigned feed's id once held the user name and password of a protected feed's
    address, and later the server alone (`opds.former_source_ids`). Left there, its next
    import would fetch every publication again (no digest under the new id), the ones
    the feed dropped meanwhile would never be removed (no longer its items), and the old
    row, the password folded into its id, would stay on the panel and in the health
    report. A digest the new id already has is the newer one, and is kept. A former id
    whose row names another address is that feed's own (a feed at the server's root
    still has the server's id), and is left to it."""
    before = status.get(catalog, former)
    if before is not None and before.url and _feed_address(before.url) != _feed_address(url):
        return
    if former == repo or not any(catalog.query(
            "SELECT 1 FROM repositories WHERE id = ? UNION ALL "
            "SELECT 1 FROM items WHERE source = ? LIMIT 1", [former, former])):
        return
    with catalog.atomic():
        catalog.execute("UPDATE items SET source = ? WHERE source = ?", [repo, former])
        catalog.execute("UPDATE OR IGNORE repository_items SET repository = ? "
                        "WHERE repository = ?", [repo, former])
        catalog.execute("DELETE FROM repository_items WHERE repository = ?", [former])
        status.rename(catalog, former, repo)


def _feed_address(url: str) -> str:
    """The feed `url` names (`opds.feed_address`: however it is spelled, the password
    left out), to tell whether a row is this feed's."""
    from .opds import feed_address

    return feed_address(url)


#: The `state` key saying that catalog.db may still hold an address's password in the bytes
#: SQLite left behind when it was replaced or deleted, until the file is written anew.
PASSWORD_LEFT_KEY = "sync.password_left"


def _password_left(catalog: Catalog, repo: str) -> None:
    """Mark the catalog file to be written anew (`Catalog.rewrite`, at the end of the
    import) when `repo`'s row, about to be saved, holds its address's password.

    The catalog kept an unsigned feed's address as typed, password and all, as its row's
    title and address (and, before, in its id: `_take_over`), and a signed repository's
    address too (a failed first sync's row named by it: `record_sync_failure`), until
    `status.save` kept every address with its password hidden. Saved with the password
    hidden, the row no longer shows it, but SQLite leaves a replaced or deleted row's
    bytes in the file's free space, where anyone reading the file (a copy of the data
    folder) finds them. The mark stays until a rewrite succeeds (one needs room for two
    copies of the catalog), so a later import tries again."""
    before = status.get(catalog, repo)
    if before is not None and any(hidden(said or "") != (said or "")
                                  for said in (before.url, before.title)):
        catalog.set_state(PASSWORD_LEFT_KEY, "1")


def _rewrite_if_password_left(catalog: Catalog) -> None:
    """At the end of an import: the catalog file written anew when a row saved since held
    an address's password (`_password_left`), and the mark taken away once it is."""
    if catalog.get_state(PASSWORD_LEFT_KEY) is not None and catalog.rewrite():
        with catalog.atomic():
            catalog.execute("DELETE FROM state WHERE key = ?", [PASSWORD_LEFT_KEY])


def _stand_ins(existing: dict[str, Item], index: idx.Index, in_place: set[str]) -> list[str]:
    """The items of `index`'s repository under an id the catalog check mended
    («so-t�y», no valid item id, so never one an index lists) whose file (sha256) is
    back: every item `index` lists with that file is in `in_place` (the ids this import
    leaves in place).

    Why: the mend keeps the row whose id could not be read (its pages, a visitor still
    reads it), and the import takes the item again under its real id; a full import
    removes the row as no longer listed, but a partial pack never removes, and the
    visitor found the same document twice. Only a row whose own file is back under a
    real id goes: a partial pack that does not carry it leaves it, the item's one copy.
    *Every* item listed with the file, not one: a document published twice (a handbook
    and its copy under another title) has one file for two items, and the row of the
    copy is its one copy until the copy itself is back, whatever became of the other."""
    listed: dict[str, set[str]] = {}
    for item in index.items:
        if item.object is not None:
            listed.setdefault(item.object.sha256, set()).add(item.id)
    back = {sha for sha, ids in listed.items() if ids <= in_place}
    return sorted(item.id for item in existing.values()
                  if item.source == index.repository and not idx.is_item_id(item.id)
                  and item.sha256 in back)


def _complete(catalog: Catalog, repository: str) -> bool:
    """Every item of `repository` still has its files in the object store."""
    store = catalog.objects
    return store is not None and all(
        store.has(sha) for row in catalog.query(
            "SELECT sha256, cover_sha256 FROM items WHERE source = ?", [repository])
        for sha in (row["sha256"], row["cover_sha256"]) if sha)


def record_sync_failure(catalog: Catalog, url: str, exc: LibraryError) -> None:
    """Keep that a sync of `url` failed with `exc`, for the status line (panel,
    `sync --status`, health report): said the same way whether the failure was
    raised here or the import's process died (`worker`).

    A station that never synced from `url` has no repository to keep it under
    yet: it goes under the address itself, its password hidden (a repository id
    never looks like a URL), until the first good sync replaces it with the
    library's own record. The password is never read back from the row: a sync
    takes the address from `sync.server_url`, and finds its row by the address hidden
    (`_state_for_url`).
    What the library's syncs warned of is kept apart (`status.save_warnings`)
    and stays.
    """
    state = _state_for_url(catalog, url)
    if state is None:
        state = status.RepositoryState(id=hidden(url), url=hidden(url))
    # best effort: on a full disk even this line cannot be written, and the failure
    # itself (not SQLite's "disk is full" about the status) is what people must read
    # hidden before it is cut: a cut inside an address would leave its password whole
    with contextlib.suppress(LibraryError, OSError, sqlite3.Error), catalog.atomic():
        _password_left(catalog, state.id)
        if state.id == state.url and hidden(state.id) != state.id:
            # named by the address whole, as the versions before named it
            status.rename(catalog, state.id, hidden(state.id))
            state = replace(state, id=hidden(state.id))
        status.save(catalog, replace(state, status="error", message=hidden(str(exc))[:300],
                                     message_vi=hidden(exc.message_vi)[:300]))


def _clean_downloads(paths: DataPaths) -> None:
    """After a successful sync no partial download is worth keeping."""
    shutil.rmtree(paths.staging / DOWNLOADS, ignore_errors=True)


def sync(paths: DataPaths, catalog: Catalog, config: Any, url: str | None = None, *,
         settings: FetchSettings | None = None, progress: Progress | None = None,
         now: datetime | None = None, cancel: threading.Event | None = None,
         on_retry: Callable[[str], None] | None = None) -> ImportResult:
    """`import` from the configured provincial server (or `url`)."""
    return import_from(paths, catalog, sync_target(config, url),
                       settings=settings or fetch_settings(config),
                       progress=progress, now=now, cancel=cancel, on_retry=on_retry)


def sync_target(config: Any, url: str | None = None) -> str:
    """The address a sync reads: `url`, else `sync.server_url`; `SyncError` when neither."""
    # a space typed before or after the address (on the panel's keyboard) is no part of it
    target = (url or config.get("sync", "server_url") or "").strip()
    if not target:
        raise SyncError("no server configured: set sync.server_url in config.toml or give a URL",
                        message_vi="Chưa cấu hình máy chủ đồng bộ.")
    return target


# -- unsigned OPDS sources ----------------------------------------------------
MAX_OPDS_FILE = 2 * 1024**3


@_addresses_hidden
def import_opds(paths: DataPaths, catalog: Catalog, url: str, *,
                settings: FetchSettings | None = None,
                progress: Progress | None = None,
                on_retry: Callable[[str], None] | None = None) -> ImportResult:
    """Import every publication of a plain OPDS 1.2 feed (e.g. a calibre server).

    Such a source has no signature: the caller must have the librarian's
    explicit consent (`--trust-unsigned`). Files are still staged, hashed and
    committed in one transaction, and the crawl is a full import: items of
    this source that the feed no longer lists are removed.
    """
    check_url(url)
    from ..extract import extract
    from ..formats import FORMATS
    from .opds import MAX_FEED_BYTES, LinkRule, crawl, former_source_ids, source_id

    if catalog.objects is None:
        raise StorageError("the catalog has no object store")
    store = catalog.objects
    repo = source_id(url)
    suffix_for = {media: suffix for suffix, (media, _kind) in reversed(FORMATS.items())}
    with _station_lock(paths), Fetcher(settings, on_retry=on_retry) as fetcher:
        recover(paths)
        for former in former_source_ids(url):
            _take_over(catalog, former, repo, url)
        staging = paths.staging / f"import-{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        try:
            def get(feed_url: str) -> bytes:
                return fetcher.get_small(feed_url, limit=MAX_FEED_BYTES, expect_json=False).body

            # the feed's links lead to its own server and the listed ones only, redirects
            # too: an unsigned feed must not make the station fetch from its own LAN
            rule = LinkRule(url, fetcher.settings.allowed_hosts)
            fetcher.allows = rule.allows
            pages_refused: list[str] = []
            entries = list(crawl(url, get, rule=rule, refused=pages_refused.append))
            result = ImportResult(repo, "imported", full=True)
            for page in pages_refused:
                result.warnings.append(notices.feed_page_skipped(hidden(page),
                                                                 *rule.refusal(page)))
            previous = _digests(catalog, repo)
            existing = {i.id: i for i in catalog.items(include_hidden=True)}
            chosen = featured_choices(catalog)
            prepared: list[tuple[Item, list[str], str, Path]] = []
            listed: set[str] = set()
            # at the sync's deadline (`sync.deadline_min`), or a silent server (`ServerSilent`)
            stopped: SyncTooLong | None = None
            left = 0  # publications not fetched since: the next import brings them
            for number, entry in enumerate(entries, start=1):
                item_id = "opds-" + hashlib.sha256(entry.entry_id.encode()).hexdigest()[:16]
                listed.add(item_id)  # also past the deadline: listed, so never removed
                digest = hashlib.sha256(idx.canonical(entry.__dict__)).hexdigest()
                current = existing.get(item_id)
                if current is not None and previous.get(item_id) == digest:
                    result.unchanged += 1
                    continue
                if not rule.allows(entry.href):
                    reason, reason_vi = rule.refusal(entry.href)
                    log.warning("%s: skipped: %s", hidden(entry.title or entry.href), reason)
                    result.warnings.append(notices.feed_entry_skipped(
                        hidden(entry.title or entry.href), reason, reason_vi))
                    continue
                if stopped is not None:
                    left += 1
                    continue
                if progress:
                    progress(number, len(entries), entry.title)
                dest = staging / f"{number}{suffix_for.get(entry.media_type, '.bin')}"
                try:
                    fetcher.get_file(entry.href, dest, limit=MAX_OPDS_FILE)
                    info = extract(dest)
                except SyncTooLong as exc:
                    # not this publication's fault, nor the next ones': what arrived is
                    # imported, the rest (unchanged ones skipped) comes with the next import
                    stopped, left = exc, 1
                    continue
                except LibraryError as exc:
                    # kept in the catalog with the feed's status: a link made from the
                    # feed's address carries its password
                    result.warnings.append(notices.feed_entry_skipped(
                        hidden(entry.title or entry.href), hidden(str(exc)),
                        hidden(exc.message_vi)))
                    continue
                sha = sha256_file(dest)
                cover = store.add_bytes(info.cover_png) if info.cover_png else None
                item = Item(
                    id=item_id, title=entry.title or info.title or dest.stem,
                    kind=info.kind, authors=tuple(entry.authors or info.authors),
                    language=entry.language or info.language or "vi", tags=tuple(entry.tags),
                    summary=entry.summary or info.summary or "", published=entry.published,
                    sha256=sha, size=dest.stat().st_size, page_count=info.page_count,
                    media_type=info.media_type,
                    filename=entry.href.rsplit("/", 1)[-1][:120] or dest.name,
                    cover_sha256=cover, source=repo,
                    added=current.added if current else now_iso(),
                    hidden=current.hidden if current else False,
                    featured=chosen.get(item_id, False), scanned=info.scanned,
                    duration_s=info.duration_s)
                prepared.append((item, info.pages, digest, dest))
                (result.updated if current else result.added).append(item_id)
            if stopped is not None:
                if not prepared:
                    raise stopped  # nothing arrived: "nothing was changed", as a sync says
                silent = fetcher.settings.silence_s \
                    if isinstance(stopped, ServerSilent) else None
                result.warnings.append(notices.feed_stopped(left, fetcher.settings.deadline_s,
                                                            silence_s=silent))
            if entries and not prepared and not result.unchanged:
                # every publication failed (its links dead, its files unreadable): that is
                # no import, whatever the feed was, so no "0 added" and exit status 0
                raise SyncError(f"{url}: none of the {len(entries)} "
                                "publications in the feed could be imported; first: "
                                f"{result.warnings[0]}",
                                message_vi="Không nhập được tài liệu nào từ danh mục này.")
            result.removed = sorted(i.id for i in existing.values()
                                    if i.source == repo and i.id not in listed)
            if pages_refused:  # the feed was not read whole: what it lists is not known
                result.removed = []
            if not entries and result.removed:
                # unsigned, an empty feed says nothing of what its owner meant: a server
                # restarted on an empty library, a moved catalog, a login page's feed
                raise SyncError(f"{url}: the feed lists no publications; the "
                                f"{len(result.removed)} items taken from it before are kept "
                                "(to take them down, `cafesach remove ID` each)",
                                message_vi="Danh mục này không còn tài liệu nào; các mục đã "
                                           "nhập từ nó vẫn được giữ.")
            if status.get(catalog, repo) is not None and not (prepared or result.removed):
                result.status = "unchanged"  # a feed already crawled, nothing new in it
            for item, _pages, _digest, dest in prepared:
                with dest.open("rb+") as fh:
                    os.fsync(fh.fileno())
                store.adopt(dest, item.sha256 or "")
            with catalog.atomic():
                for item, pages, digest, _dest in prepared:
                    catalog.put(item, pages)
                    _record_digest(catalog, repo, item.id, digest)
                for item_id in result.removed:
                    _remove_item(catalog, repo, item_id)
                synced = now_iso()
                _password_left(catalog, repo)
                # a crawl reads the whole feed: what it warns of is all that holds now
                status.save(catalog, status.RepositoryState(
                    id=repo, title=hidden(url), url=hidden(url), last_sync=synced,
                    status="unsigned",
                    warnings=tuple(status.Warned(n, synced) for n in result.warnings)))
            result.requests, result.bytes_received = fetcher.requests, fetcher.bytes_received
        except OSError as exc:
            raise write_failure(exc, "importing the feed") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _rewrite_if_password_left(catalog)
    collect_after_import(catalog)  # also what a crawl killed after its COMMIT left
    return result
