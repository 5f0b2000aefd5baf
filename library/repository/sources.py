"""Where an import reads from: a pack file, a folder (a mounted stick), a URL.

Sources only *deliver* bytes; every check that makes them trustworthy —
signature, versions, sizes, hashes — is done once, in `importer`. A pack's
entry names are checked before anything is read: only `index.json` and
`objects/ab/<62 hex>` may appear, never `..`, absolute paths, symlinks,
or two names that differ only by case or Unicode normalisation; never more
entries than a pack of the largest index holds (counted before zipfile reads
the directory), nor a compression method zipfile cannot read. A read that
fails half-way (damaged bytes, a stick pulled out) names the pack or the folder.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import lzma
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from ..errors import PackError, SyncError
from . import index as idx
from .fetch import Fetcher, check_url
from .zip_end import EndRecord, read_end

_OBJECT_NAME = re.compile(r"^objects/[0-9a-f]{2}/[0-9a-f]{62}$")
_DIR_NAME = re.compile(r"^objects/([0-9a-f]{2}/)?$")
#: A compressed entry expanding more than this many times is refused as a zip bomb.
MAX_RATIO = 200
#: A partial download (`downloads/SHA.part`, its `.etag`) that the index being synced
#: does not name is kept this long after it was last written, then deleted: another
#: repository's sync (`import URL`) may still resume it, but the files of versions the
#: province has since replaced would otherwise stay until a sync succeeds — never, on a
#: station whose every sync runs out of time.
PART_KEPT_S = 7 * 86400
#: Compression methods zipfile reads (`pack` writes the first two only).
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _bad(message: str) -> PackError:
    return PackError(message, message_vi="Gói nội dung không hợp lệ hoặc đã bị sửa.")


def _cut_short(path: Path) -> PackError:
    return PackError(f"{path.name}: the pack is incomplete, it ends too early (copied only "
                     "in part, or the stick was pulled out while it was written); copy it "
                     "onto the stick again",
                     message_vi="Gói nội dung chưa được chép đủ (USB bị rút ra giữa chừng?); "
                                "hãy chép lại gói.")


#: What reading a damaged entry raises besides `OSError`: zipfile's CRC check, and the
#: decompressors' own errors (bz2's is an `OSError`), which zipfile passes on as they are.
_DAMAGED = (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError)


def _not_a_zip(path: Path) -> PackError:
    """A file named like a pack that is no zip at all (a photo or a PDF renamed)."""
    return PackError(f"{path.name}: not a content pack (the file is not a zip)",
                     message_vi="Tệp này không phải gói nội dung (bên trong không phải tệp "
                                "zip).")


def _system_words(exc: BaseException) -> str:
    """Why a read failed, for an English line: the system's own words for an `OSError`
    (" (Permission denied)", " (Input/output error)"), and nothing for a zip library's or a
    decompressor's ("Bad magic number for file header", "Error -3 while decompressing"),
    which tell neither the librarian nor a technician anything the line does not."""
    return f" ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else ""


def unreadable(where: Path, name: str, exc: BaseException, *,
               folder: bool = False) -> PackError:
    """`name` in the pack or folder `where` could not be read to its end: damaged bytes, a
    stick pulled out, or a file this station may not read (which copying again won't mend).

    A repository `folder` is named by its whole path (which stick, which folder) and told
    as a folder: the librarian copied a folder, not a pack, onto the stick.
    """
    denied = isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM)
    if folder:
        if denied:
            return PackError(f"{where}: cannot read {name} from the folder"
                             f"{_system_words(exc)}: this station is not allowed to read it",
                             message_vi="Trạm không có quyền đọc thư mục nội dung này.")
        return PackError(f"{where}: cannot read {name} from the folder{_system_words(exc)}: "
                         "the stick was pulled out or is damaged; check the stick, copy the "
                         "folder onto it again, then import again",
                         message_vi="Không đọc được thư mục nội dung trên USB (USB bị rút ra "
                                    "hoặc bị hỏng); hãy kiểm tra USB, chép lại thư mục rồi "
                                    "nhập lại.")
    if denied:
        return PackError(f"{where.name}: cannot read {name}{_system_words(exc)}: this "
                         "station is not allowed to read it",
                         message_vi="Trạm không có quyền đọc gói nội dung này.")
    return PackError(f"{where.name}: cannot read {name}{_system_words(exc)}: it is damaged, "
                     "or the stick was pulled out; copy it onto the stick again",
                     message_vi="Không đọc được gói nội dung (gói bị hỏng hoặc USB bị rút "
                                "ra); hãy chép lại gói.")


#: Entries a pack can hold: its index, the objects of `idx.MAX_ITEMS` items (each a file,
#: a cover and a text) and the folders above them.
MAX_ENTRIES = 1 + 3 * idx.MAX_ITEMS + 1 + 256


#: Bytes of central directory a pack can hold: per entry, its 46-byte header, a name of at
#: most 73 characters and room for extra fields (ZIP64 sizes, timestamps) to spare.
MAX_DIRECTORY = MAX_ENTRIES * 512


def _end_record(path: Path) -> EndRecord | None:
    """What the zip's end record declares (None: no readable record).

    Read before `zipfile.ZipFile`, which reads the whole central directory and
    builds an object for every entry: a 1 GB file of empty entries would take
    gigabytes of memory before a single name could be refused.
    """
    try:
        with path.open("rb") as fh:
            return read_end(fh)
    except OSError:
        return None  # zipfile.ZipFile says what is wrong with the file


def _starts_like_a_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


class PackSource:
    """A zip written by `cafesach pack`."""

    kind = "pack"
    network = False

    def __init__(self, path: Path) -> None:
        self.path = path
        end = _end_record(path)
        if end is not None and end.entries > MAX_ENTRIES:
            raise _bad(f"{path.name}: holds {end.entries} entries, more than a pack of "
                       f"{idx.MAX_ITEMS} items can (at most {MAX_ENTRIES}); not a content pack")
        if end is not None and end.directory_size > MAX_DIRECTORY:
            raise _bad(f"{path.name}: its table of contents takes {end.directory_size} bytes, "
                       f"more than a pack of {idx.MAX_ITEMS} items needs (at most "
                       f"{MAX_DIRECTORY}); not a content pack")
        try:
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            if _starts_like_a_zip(path):
                # a zip's table of contents is at its end: a copy cut short has none
                raise _cut_short(path) from exc
            raise _not_a_zip(path) from exc
        except OSError as exc:
            raise unreadable(path, "the pack", exc) from exc
        self.entries: dict[str, zipfile.ZipInfo] = {}
        try:
            self._check_names()
        except PackError:
            self.zf.close()
            raise

    def _check_names(self) -> None:
        folded: dict[str, str] = {}
        for info in self.zf.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
                raise _bad(f"{self.path.name}: entry {name!r} has an absolute path")
            if ".." in parts:
                raise _bad(f"{self.path.name}: entry {name!r} points outside the pack (..)")
            if "\\" in name:
                raise _bad(f"{self.path.name}: entry {name!r} uses backslashes")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise _bad(f"{self.path.name}: entry {name!r} is a symbolic link")
            key = unicodedata.normalize("NFC", name).casefold()
            if key in folded:
                raise _bad(f"{self.path.name}: entries {folded[key]!r} and {name!r} differ only "
                           "by case or Unicode normalisation")
            folded[key] = name
        for info in self.zf.infolist():
            name = info.filename
            if _DIR_NAME.match(name):
                continue
            if name != idx.INDEX_NAME and not _OBJECT_NAME.match(name):
                # e.g. a published folder zipped by hand (its opds/, a folder around it)
                raise _bad(f"{self.path.name}: holds a file the index does not list: {name!r} "
                           "(a pack holds only index.json and objects/: make it with "
                           "`cafesach pack REPO_DIR --out FILE.zip`, or import the "
                           "unzipped repository folder)")
            if info.flag_bits & 0x1:
                raise _bad(f"{self.path.name}: entry {name!r} is encrypted")
            if info.compress_type not in _METHODS:
                # e.g. Deflate64 (9), which some archivers write for large files: zipfile
                # cannot read it, and would say so only half-way through the import
                raise _bad(f"{self.path.name}: entry {name!r} is compressed with a method "
                           f"this station cannot read ({info.compress_type}); make the pack "
                           "with `cafesach pack REPO_DIR --out FILE.zip`")
            if info.compress_type != zipfile.ZIP_STORED and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1) + 65536:
                raise _bad(f"{self.path.name}: entry {name!r} expands {info.file_size} bytes "
                           f"from {info.compress_size} (a zip bomb)")
            self.entries[name] = info
        if idx.INDEX_NAME not in self.entries:
            raise _bad(f"{self.path.name}: no {idx.INDEX_NAME} (not a content pack)")

    def read_index(self) -> bytes:
        info = self.entries[idx.INDEX_NAME]
        if info.file_size > idx.MAX_INDEX_BYTES:
            raise _bad(f"index: the index is {info.file_size // 1048576} MB, larger than the "
                       f"{idx.MAX_INDEX_BYTES // 1048576} MB limit")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(idx.MAX_INDEX_BYTES + 1)
        except (OSError, *_DAMAGED) as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                # the stick pulled out, or not ours to read: not a pack tampered with (bz2's
                # damaged data is an OSError too, with no errno)
                raise unreadable(self.path, "the index", exc) from exc
            raise _bad(f"{self.path.name}: the index entry is damaged") from exc
        if len(data) > idx.MAX_INDEX_BYTES:
            raise _bad("index: larger than its zip entry says")
        return data

    def check_against(self, index: idx.Index) -> None:
        """Every object entry must be listed, with the size the index declares."""
        refs = index.objects()
        for name, info in self.entries.items():
            if name == idx.INDEX_NAME:
                continue
            sha = name[8:10] + name[11:]
            if sha not in refs:
                raise _bad(f"{self.path.name}: holds a file the index does not list: {name}")
            if info.file_size != refs[sha].size:
                raise _bad(f"{self.path.name}: the zip directory gives {name} {info.file_size} "
                           f"bytes, the index {refs[sha].size}")

    def has(self, ref: idx.ObjectRef) -> bool:
        return ref.path in self.entries

    def open(self, ref: idx.ObjectRef) -> BinaryIO:
        """The entry's bytes; a stored entry is read straight from the file.

        Stored (uncompressed) entries — every object `pack` writes — skip
        zipfile's CRC pass: the importer checks the sha256 anyway, and never
        past the entry's size.
        """
        info = self.entries[ref.path]
        try:
            if info.compress_type != zipfile.ZIP_STORED:
                return _Guarded(self.zf.open(info), self.path, info.filename)  # type: ignore
            fh = self.path.open("rb")
        except (OSError, *_DAMAGED) as exc:  # a damaged entry header, the stick gone
            raise unreadable(self.path, info.filename, exc) from exc
        try:
            fh.seek(info.header_offset)
            header = fh.read(30)
            if len(header) < 30 and fh.seek(0, os.SEEK_END) < info.header_offset + 30:
                raise _cut_short(self.path)  # shorter now than when it was opened
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                # the same damage as in a compressed entry, told in its words
                raise unreadable(self.path, info.filename, zipfile.BadZipFile("bad header"))
            name_len = int.from_bytes(header[26:28], "little")
            extra_len = int.from_bytes(header[28:30], "little")
            fh.seek(info.header_offset + 30 + name_len + extra_len)
        except BaseException:
            fh.close()
            raise
        return _Guarded(_Bounded(fh, info.file_size), self.path,  # type: ignore[return-value]
                        info.filename)

    def close(self) -> None:
        self.zf.close()


class _Bounded:
    """A read-only view of the next `size` bytes of a file."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh, self.left = fh, size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.fh.close()


class _Guarded:
    """An entry's (or a folder's file's) reader whose failures name the pack or the
    folder, never "cannot write".

    A read that fails half-way — a decompressor meeting damaged bytes, or
    EIO from a stick pulled out — would otherwise surface as a traceback or,
    as an `OSError`, be taken by the importer for a failed write into its
    staging folder.
    """

    def __init__(self, inner: BinaryIO | _Bounded, path: Path, name: str, *,
                 folder: bool = False) -> None:
        self.inner, self.path, self.name, self.folder = inner, path, name, folder

    def read(self, n: int = -1) -> bytes:
        try:
            return self.inner.read(n)
        except (OSError, *_DAMAGED) as exc:
            raise unreadable(self.path, self.name, exc, folder=self.folder) from exc

    def __enter__(self) -> _Guarded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.close()


def _is_document(path: Path) -> bool:
    """A file `cafesach add` takes (by its name: the hint must not read every file)."""
    from ..formats import FORMATS

    return path.suffix.lower() in FORMATS and path.is_file()


class FolderSource:
    """A published repository folder (e.g. copied to a stick as it is)."""

    kind = "folder"
    network = False

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()
        if not (root / idx.INDEX_NAME).exists():
            packs = sorted(p.name for p in root.glob("*.zip"))
            hint = f"; it holds packs, import one of them: {', '.join(packs[:3])}" if packs \
                else ""
            if not packs and any(_is_document(p) for p in root.iterdir()):
                # a folder of documents, as an editor or a librarian has one
                hint = ("; to show its documents here: `cafesach add FILE…`; to make it a "
                        "repository for stations: `cafesach publish`")
            raise _bad(f"{root}: not a repository folder (no {idx.INDEX_NAME}){hint}")

    def _regular(self, path: Path, what: str) -> os.stat_result:
        try:
            info = path.lstat()
        except FileNotFoundError as exc:
            raise _bad(f"{self.root}: {what} is missing") from exc
        except OSError as exc:  # EIO: the stick, not the station's disk
            raise unreadable(self.root, what, exc, folder=True) from exc
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            raise _bad(f"{self.root}: {what} is a symbolic link or not a file")
        if not path.resolve().is_relative_to(self.real):
            raise _bad(f"{self.root}: {what} lies outside the repository folder")
        return info

    def read_index(self) -> bytes:
        path = self.root / idx.INDEX_NAME
        info = self._regular(path, idx.INDEX_NAME)
        if info.st_size > idx.MAX_INDEX_BYTES:
            raise _bad(f"index: the index is {info.st_size // 1048576} MB, larger than the "
                       f"{idx.MAX_INDEX_BYTES // 1048576} MB limit")
        try:  # a read error here would be told as a failed write while importing
            with path.open("rb") as fh:
                return fh.read(idx.MAX_INDEX_BYTES + 1)
        except OSError as exc:
            raise unreadable(self.root, "the index", exc, folder=True) from exc

    def check_against(self, index: idx.Index) -> None:
        """A folder is a whole repository: every object must be there."""
        for ref in index.objects().values():
            self._regular(self.root / ref.path, f"object {ref.sha256[:12]} listed in the index")

    def has(self, ref: idx.ObjectRef) -> bool:
        return True

    def open(self, ref: idx.ObjectRef) -> BinaryIO:
        """The object's file, whose read errors (a stick pulled out, a bad sector) name
        this folder rather than surface as a failed write into staging."""
        path = self.root / ref.path
        name = f"object {ref.sha256[:12]}"
        self._regular(path, name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise unreadable(self.root, name, exc, folder=True) from exc
        return _Guarded(os.fdopen(fd, "rb"), self.root, name,  # type: ignore[return-value]
                        folder=True)

    def close(self) -> None:
        pass


class HttpSource:
    """A repository published on a web server, object store or CDN."""

    kind = "url"
    network = True

    def __init__(self, url: str, fetcher: Fetcher, downloads: Path, *,
                 etag: str | None = None, last_modified: str | None = None) -> None:
        # validated first: a URL without a server would lose its `//` to rstrip below
        self.base = check_url(url).rstrip("/")
        if self.base.endswith("/" + idx.INDEX_NAME):
            self.base = self.base[: -len(idx.INDEX_NAME) - 1]
        self.url = self.base + "/"
        self.fetcher = fetcher
        self.downloads = downloads
        self.etag, self.last_modified = etag, last_modified
        self.new_etag: str | None = None
        self.new_last_modified: str | None = None
        self.server_date: datetime | None = None
        #: the sha256 of the index this sync read (None until read, or unchanged: 304)
        self.index_sha256: str | None = None

    def read_index(self) -> bytes | None:
        """The index bytes, or None when the server says it has not changed (304)."""
        try:
            response = self.fetcher.get_small(f"{self.base}/{idx.INDEX_NAME}",
                                              limit=idx.MAX_INDEX_BYTES, etag=self.etag,
                                              last_modified=self.last_modified)
        except SyncError as exc:
            if getattr(exc.__cause__, "status", None) != 404:
                raise
            if _looks_like_feed(self.base):
                raise SyncError(f"{exc}; {self.base} looks like a plain OPDS feed, not a "
                                "signed repository; to take it, trust it with "
                                "`cafesach import URL --trust-unsigned`",
                                message_vi="Địa chỉ này là danh mục OPDS chưa ký, "
                                "không phải kho nội dung của tỉnh.") from exc
            if urlsplit(self.base).path.lower().endswith(".zip"):
                raise SyncError(f"{exc}; {self.base} is a pack file, not a repository "
                                "address: download it, then `cafesach import FILE.zip`",
                                message_vi="Đây là một gói nội dung: hãy tải về rồi nhập "
                                "từ tệp.") from exc
            raise
        self.server_date = _http_date(response.date)
        if response.status == 304:
            return None
        self.new_etag, self.new_last_modified = response.etag, response.last_modified
        self.index_sha256 = hashlib.sha256(response.body).hexdigest()
        return response.body

    def index_replaced(self) -> bool:
        """Whether the server now serves another index than the one this sync read
        (the province published while the station was downloading)."""
        if self.index_sha256 is None:
            return False
        try:
            response = self.fetcher.get_small(f"{self.base}/{idx.INDEX_NAME}",
                                              limit=idx.MAX_INDEX_BYTES)
        except SyncError:
            return False  # cannot tell: the error that sent us here is what to say
        return hashlib.sha256(response.body).hexdigest() != self.index_sha256

    def check_against(self, index: idx.Index) -> None:
        pass

    def has(self, ref: idx.ObjectRef) -> bool:
        return True

    def download(self, ref: idx.ObjectRef, chunk_size: int) -> Path:
        self.downloads.mkdir(parents=True, exist_ok=True)
        return self.fetcher.download(f"{self.base}/{ref.path}", self._part(ref), ref,
                                     chunk_size)

    def downloaded(self, ref: idx.ObjectRef) -> int:
        """Bytes of `ref` an earlier sync cut short left on this disk (its `.part`, which
        this download resumes or starts over in): only the rest is new room to take."""
        try:
            return min(self._part(ref).stat().st_size, ref.size)
        except OSError:
            return 0

    def _part(self, ref: idx.ObjectRef) -> Path:
        return self.downloads / f"{ref.sha256}.part"

    def forget_downloads(self, index: idx.Index) -> list[str]:
        """Delete the partial downloads `index` does not name and nobody wrote in
        `PART_KEPT_S` (a `.part` and its `.etag` go together, by the newer's time);
        return their hashes. Called once the index is verified, before downloading."""
        import time

        named = index.objects()
        newest: dict[str, float] = {}
        try:
            for entry in os.scandir(self.downloads):
                sha = entry.name.split(".", 1)[0]
                if sha not in named:
                    newest[sha] = max(newest.get(sha, 0.0), entry.stat().st_mtime)
        except OSError:  # no downloads yet
            return []
        cutoff = time.time() - PART_KEPT_S
        gone = [sha for sha, when in newest.items() if when < cutoff]
        for sha in gone:
            for leftover in self.downloads.glob(f"{sha}.*"):
                leftover.unlink(missing_ok=True)
        return gone

    def close(self) -> None:
        pass


def _looks_like_feed(url: str) -> bool:
    """An OPDS feed's address (calibre's `/opds`, a published `opds/index.xml`)."""
    path = urlsplit(url).path.lower()
    return path.endswith((".xml", ".atom")) or "/opds" in path


def _http_date(text: str | None) -> datetime | None:
    """An HTTP `Date` header as an aware datetime (None when absent or unreadable)."""
    if not text:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
