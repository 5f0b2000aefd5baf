"""`publish`: a folder of documents becomes a repository of static files.

Output (`REPO_DIR`)::

    index.json            the signed index (written last, atomically)
    objects/ab/cdef…      documents, covers and page texts, by sha256
    opds/index.xml …      an OPDS 1.2 catalog for phones and e-readers

Objects are content-addressed, so re-publishing after a change rewrites
nothing that did not change, and an upload tool that skips existing files
(rclone, `aws s3 sync`) sends only what is new. The index is written after
every object and feed, so a server never offers an index whose files are
missing. Metadata comes from the document itself (`library.extract`), then
`catalog.toml` (`[repository]`, `[files."name.pdf"]`, `[extensions]`), then
a sidecar `name.pdf.toml`, later sources winning.

Hundreds of stations follow whatever is published, so a mistake must stop
the command before anything is written rather than reach them: options,
`catalog.toml` and sidecars are checked first (each mistake named in one
line), an index with no items is refused unless asked for, and a failed
run removes what it added, leaving an existing repository as it was.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import math
import os
import re
import shutil
import stat
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from .. import files
from ..catalog import KINDS
from ..errors import DocumentError, InvalidInput, LibraryError, PackError, StorageError
from ..extract import PAGE_TEXT_VERSION, Extraction, extract
from ..formats import FORMATS, TEXT_TYPES, check_file_kind, check_kind
from ..locks import folder_lock
from ..objects import ObjectStore
from ..plural import counted, noun
from ..sizes import human_size
from ..text import one_line
from ..vietnamese import fold
from . import index as idx
from .hash_cache import FileHashes, HashCache
from .keys import PrivateKey

METADATA_FILE = "catalog.toml"
#: Extraction results of earlier runs (a dot file: never served, see deploy/nginx).
CACHE_NAME = ".publish-cache.json"
#: Objects no index references, each with when a publish first found it so (a dot file).
UNREFERENCED_NAME = ".publish-unreferenced.json"
#: How long an object no index references is kept: a station that read the previous
#: index just before a publish still finds its files while it downloads them.
KEEP_OLD = timedelta(days=7)
META_KEYS = {"id", "title", "kind", "authors", "tags", "summary", "public_url", "body",
             "featured", "published", "publisher", "language"}
#: What `catalog.toml` may hold at its top level and in `[repository]`.
CATALOG_SECTIONS = {"repository", "files", "extensions"}
REPOSITORY_KEYS = {"id", "title"}
#: The longest `--expires`: past this an expiry no longer protects stations from being
#: held on an old index, and dates soon run past what the calendar can hold.
MAX_EXPIRY = timedelta(days=3650)
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
#: The largest `.txt`/`.md` taken: a bulletin's text travels in the signed index, so a
#: bigger one could never be published, and reading it whole (a log file of gigabytes
#: left in the folder) would exhaust the editor's memory before saying so.
MAX_TEXT_BYTES = idx.MAX_INDEX_BYTES
Progress = Callable[[int, int, str], None]


@dataclass
class PublishResult:
    repository: str
    version: int
    items: int
    new_objects: int
    skipped: list[str] = field(default_factory=list)
    out: Path | None = None
    warnings: list[str] = field(default_factory=list)
    #: When stations stop taking this index over the network (ISO 8601 UTC).
    expires: str = ""
    #: Documents with the same content as an earlier one (each published all the same).
    copies: list[str] = field(default_factory=list)
    #: Objects deleted because no index referenced them for longer than `keep_old`.
    removed_objects: int = 0
    removed_bytes: int = 0
    #: Objects no index references, kept until their grace ends.
    kept_old_objects: int = 0


def parse_duration(text: str) -> timedelta:
    """`30d`, `12h`, `2w` → a timedelta, positive and at most `MAX_EXPIRY`.

    Zero would sign an index that is already expired, and a huge number
    overflows the date arithmetic, so both are refused here, in words.
    """
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", text or "")
    if not match:
        raise InvalidInput(f"not a duration: {text!r} (use e.g. 30d, 12h, 2w)")
    hours = int(match.group(1)) * _UNIT_HOURS[match.group(2)]
    if hours <= 0:
        raise InvalidInput(f"{text.strip()!r} is no time at all: the index would be expired "
                           "when published (use e.g. 30d)")
    if hours > MAX_EXPIRY.days * 24:
        raise InvalidInput(f"{text.strip()!r} is too long: at most {MAX_EXPIRY.days}d "
                           "(10 years)")
    return timedelta(hours=hours)


def slug(text: str) -> str:
    """A URL-safe item id from a file name (marks folded away)."""
    folded = fold(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:56]


def _block(text: str) -> str:
    """A summary or bulletin text: its lines and tabs kept, other control characters gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def nfc(text: str) -> str:
    """macOS writes names decomposed (NFD); everything is matched and stored composed."""
    return unicodedata.normalize("NFC", text)


# -- catalog.toml and sidecars --------------------------------------------------------
def _load_toml(path: Path, name: str) -> dict[str, Any]:
    """Read a metadata file as editors save it: Windows Notepad may put a byte-order
    mark before UTF-8, or save "Unicode" (UTF-16); both are taken. Any other encoding
    is named as such rather than as a syntax error at line 1."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = files.decode_text(raw)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not saved as UTF-8 (byte {exc.start + 1} cannot be "
                           "read); save it again with the encoding UTF-8",
                           message_vi=f"{name}: hãy lưu lại tệp với bảng mã UTF-8.") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc})") from exc


def _type_name(value: Any) -> str:
    """How a TOML value is called in a message to an editor."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, date | datetime | time):
        return "a date/time"
    return type(value).__name__


def _text_list(value: Any, where: str, name: str) -> list[str]:
    if isinstance(value, str):
        return [nfc(s.strip()) for s in value.split(",") if s.strip()]
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return [nfc(s) for s in value]
    raise InvalidInput(f"{where}: {name} must be text or a list of text, e.g. "
                       f'{name} = ["a", "b"], not {_type_name(value)}')


def _check_meta(meta: Any, where: str) -> dict[str, Any]:
    """One file's metadata, checked key by key so a mistake names its key and its file.

    Everything is checked here, before any document is read or written,
    because a mistake found later would stop the command half-way.
    """
    if not isinstance(meta, dict):
        raise InvalidInput(f"{where} must be a table of keys (title = …, kind = …), "
                           f"not {_type_name(meta)}")
    unknown = set(meta) - META_KEYS
    if unknown:
        raise InvalidInput(f"{where}: unknown metadata {noun(len(unknown), 'key')} "
                           f"{', '.join(sorted(unknown))} "
                           f"(allowed: {', '.join(sorted(META_KEYS))})")
    checked: dict[str, Any] = {}
    for name, value in meta.items():
        if name in ("authors", "tags"):
            checked[name] = _text_list(value, where, name)
        elif name == "featured":
            if not isinstance(value, bool):
                raise InvalidInput(f"{where}: featured must be true or false (without quotes), "
                                   f"not {_type_name(value)}")
            checked[name] = value
        elif name == "published":
            if isinstance(value, datetime | date):
                value = value.isoformat()
            elif isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a year alone
            if not isinstance(value, str):
                raise InvalidInput(f"{where}: published must be a date, e.g. 2026-11-26, "
                                   f"not {_type_name(value)}")
            checked[name] = _published(value, where)
        elif name == "public_url":
            if not isinstance(value, str) or not _PUBLIC_URL.fullmatch(value.strip()):
                shown = repr(value) if isinstance(value, str) else _type_name(value)
                raise InvalidInput(f"{where}: public_url must be a web address starting with "
                                   f"https:// or http://, not {shown} (phones open it from "
                                   "the QR code)")
            checked[name] = value.strip()
        elif not isinstance(value, str):
            raise InvalidInput(f"{where}: {name} must be text (in quotes), "
                               f"not {_type_name(value)}")
        else:
            checked[name] = nfc(value)
    if "kind" in checked and checked["kind"] not in KINDS:
        raise InvalidInput(f"{where}: kind must be one of {', '.join(KINDS)}")
    if "id" in checked and not idx.is_item_id(checked["id"]):
        raise InvalidInput(f"{where}: id {checked['id']!r} is not valid (lower-case letters, "
                           "digits, '.-_')")
    return checked


_PUBLIC_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)
_VI_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _published(text: str, where: str) -> str:
    """A publication date as stations sort it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

    Stations list the newest first by this text, so a free text ("hôm qua")
    or a day-first date would sort above every real date; the Vietnamese
    `26/11/2026` is turned around, anything else that is not a date refused.
    """
    text = text.strip()
    vi = _VI_DATE.fullmatch(text)
    candidate = f"{vi.group(3)}-{int(vi.group(2)):02d}-{int(vi.group(1)):02d}" if vi else text
    for pattern, length in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            if len(candidate) == length and datetime.strptime(candidate, pattern):
                return candidate
        except ValueError:
            pass
    with contextlib.suppress(ValueError):  # a full timestamp, as TOML writes one
        return datetime.fromisoformat(candidate).isoformat()
    raise InvalidInput(f"{where}: published {text!r} is not a date (write 2026-11-26, "
                       "2026-11 or 2026; 26/11/2026 is taken too)")


def _json_value(value: Any, where: str) -> Any:
    """`[extensions]` travels as JSON: TOML dates and nan/inf have no JSON form."""
    if isinstance(value, dict):
        return {key: _json_value(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item, f"{where}[{n}]") for n, item in enumerate(value)]
    if isinstance(value, date | datetime | time):
        raise InvalidInput(f"{METADATA_FILE}: {where} is a TOML date/time; write it as text "
                           f'in quotes, e.g. "{value.isoformat()}"')
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{METADATA_FILE}: {where} is not a finite number")
    return value


@dataclass
class SourceCatalog:
    """What `catalog.toml` says, checked: repository id and title, per-file metadata."""

    repository: str | None = None
    title: str | None = None
    #: NFC file name (relative path or bare name) → checked metadata.
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)


def _entry_name(name: str) -> str:
    return f'{METADATA_FILE} [files."{name}"]'


def load_catalog(src: Path) -> SourceCatalog:
    """Read and check `src/catalog.toml` (absent: an empty catalog)."""
    path = src / METADATA_FILE
    if not path.is_file():
        return SourceCatalog()
    data = _load_toml(path, METADATA_FILE)
    unknown = set(data) - CATALOG_SECTIONS
    if unknown:
        raise InvalidInput(f"{METADATA_FILE}: unknown {noun(len(unknown), 'key')} "
                           f"{', '.join(sorted(unknown))} "
                           f"(allowed: [repository], [files.\"…\"], [extensions])")
    result = SourceCatalog()
    repo = data.get("repository", {})
    if not isinstance(repo, dict):
        raise InvalidInput(f"{METADATA_FILE}: repository must be a table ([repository] "
                           f"followed by id = …, title = …), not {_type_name(repo)}")
    unknown = set(repo) - REPOSITORY_KEYS
    if unknown:
        raise InvalidInput(f"{METADATA_FILE}: [repository]: unknown {noun(len(unknown), 'key')} "
                           f"{', '.join(sorted(unknown))} (allowed: id, title)")
    for name in REPOSITORY_KEYS & set(repo):
        if not isinstance(repo[name], str):
            raise InvalidInput(f"{METADATA_FILE}: [repository] {name} must be text (in "
                               f"quotes), not {_type_name(repo[name])}")
    result.repository = repo.get("id")
    result.title = nfc(repo["title"]) if "title" in repo else None
    entries = data.get("files", {})
    if not isinstance(entries, dict):
        raise InvalidInput(f"{METADATA_FILE}: files must be tables, one per document "
                           f'([files."name.pdf"]), not {_type_name(entries)}')
    for name, meta in entries.items():
        key = nfc(name)
        if key in result.files:
            raise InvalidInput(f"{_entry_name(key)} is given twice (once with "
                               "decomposed accents)")
        result.files[key] = _check_meta(meta, _entry_name(name))
    extensions = data.get("extensions", {})
    if not isinstance(extensions, dict):
        raise InvalidInput(f"{METADATA_FILE}: extensions must be a table, "
                           f"not {_type_name(extensions)}")
    result.extensions = _json_value(extensions, "extensions")
    return result


# -- the source folder ------------------------------------------------------------------
def _files(src: Path, exclude: Path | None) -> tuple[list[Path], list[str]]:
    """Every file under `src` but hidden ones, in a stable order, and why others were left.

    `exclude` is a folder left out of the scan: a repository published into
    the source folder itself must not be published again as documents. A link
    whose file is gone, or a pipe or device, is left out with a word for the
    editor, who would otherwise look for a document that never came.
    """
    skip = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    odd: list[str] = []
    for folder, dirs, names in os.walk(src):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and (skip is None or (here / d).resolve() != skip)]
        for name in names:
            path = here / name
            if name.startswith("."):
                continue
            if path.is_file():
                found.append(path)
            elif not path.is_dir():
                rel = nfc(path.relative_to(src).as_posix())
                odd.append(f"{rel}: a link to a file that is not there" if path.is_symlink()
                           else f"{rel}: not a regular file")
    return sorted(found), sorted(odd)


def _orphan_sidecar(src: Path, found: list[Path]) -> str | None:
    """The first `name.toml` of `found` with no document `name` beside it (a renamed
    or misspelled document would otherwise lose its metadata without a word)."""
    for path in found:
        if path.suffix.lower() != ".toml" or path == src / METADATA_FILE:
            continue
        if not path.with_name(path.name[:-len(".toml")]).is_file():
            return nfc(path.relative_to(src).as_posix())
    return None


def _is_utf8(name: str) -> bool:
    """Whether a file name can travel in the index (Linux keeps names as bytes: one
    copied from an old Windows code page or a stick mounted with another encoding
    arrives with undecodable bytes, which no UTF-8 index, feed or station can hold)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(name: str) -> str:
    """A name with undecodable bytes, printable: `t\\xeai.pdf`."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)  # one line


def _file_name(path: Path) -> str:
    """The name phones save the file under: a line break or other control character in it
    (legal on Linux) would break the download's header, so such a name is made one line."""
    name = nfc(path.name)
    return name if name.isprintable() else one_line(name) or path.suffix


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since the walk: reading it later says so
        return 0


@dataclass
class _Document:
    path: Path
    rel: str  # NFC, with forward slashes
    meta: dict[str, Any]


def _plan(src: Path, out: Path, catalog: SourceCatalog) -> tuple[list[_Document], list[str]]:
    """Every document with its metadata, and what will be skipped; read nothing else yet.

    A `[files."…"]` entry that names no file is refused: a typo in a name
    would otherwise drop that file's metadata without a word.
    """
    docs: list[_Document] = []
    skipped: list[str] = []
    seen: set[str] = set()
    found, odd = _files(src, out)  # one walk for the documents and the sidecars
    skipped += odd
    for path in found:
        if path.suffix.lower() == ".toml":  # a sidecar or catalog.toml
            continue
        rel = nfc(path.relative_to(src).as_posix())
        name = nfc(path.name)
        if not _is_utf8(rel):
            skipped.append(f"{_shown(rel)}: its name is not UTF-8 text (copied from an old "
                           "system or a stick with another encoding): rename it")
            continue
        seen.update((rel, name))
        if path.suffix.lower() not in FORMATS:
            skipped.append(f"{rel}: not a supported format")
            continue
        if path.suffix.lower() in TEXT_TYPES and _size(path) > MAX_TEXT_BYTES:
            skipped.append(f"{rel}: a text of {human_size(_size(path), 'en')}; a bulletin's "
                           "text travels in the index, which stations take up to "
                           f"{human_size(idx.MAX_INDEX_BYTES, 'en')}")
            continue
        meta = {**catalog.files.get(name, {}), **catalog.files.get(rel, {})}
        sidecar = path.with_name(path.name + ".toml")
        if sidecar.is_file():
            where = f"{rel}.toml"
            meta.update(_check_meta(_load_toml(sidecar, where), where))
        docs.append(_Document(path, rel, meta))
    explicit: dict[str, str] = {}
    for doc in docs:
        wanted = doc.meta.get("id")
        if wanted is not None and wanted in explicit:
            raise InvalidInput(f"id {wanted!r} is given to both {explicit[wanted]} and "
                               f"{doc.rel}; every document needs its own id")
        if wanted is not None:
            explicit[wanted] = doc.rel
    # a kind given for a file its format cannot go in, before hours of extraction (a
    # scan given as a bulletin is found once read: `_build_items` checks again)
    misfits: list[InvalidInput] = []
    for doc in docs:
        if "kind" not in doc.meta:
            continue
        try:  # a format not taken is skipped later, with its reason
            check_file_kind(doc.path, doc.meta["kind"], name=doc.rel)
        except InvalidInput as exc:
            misfits.append(exc)
    if misfits:
        raise _misfits(misfits)
    orphan = _orphan_sidecar(src, found)
    if orphan is not None:
        raise InvalidInput(f"{orphan}: no document {orphan[:-len('.toml')]!r} beside it (a "
                           "sidecar is named after its document, e.g. sach.pdf.toml)")
    for entry in catalog.files:
        if entry not in seen:
            close = difflib.get_close_matches(entry, sorted(seen), n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise InvalidInput(f"{_entry_name(entry)} names no file in {src}{hint}")
    return docs, skipped


# -- the repository folder --------------------------------------------------------------
def _load_cache(out: Path) -> dict[str, dict[str, Any]]:
    """What earlier runs extracted, by file sha256 (so re-publishing skips unchanged files)."""
    try:
        data = json.loads((out / CACHE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _from_cache(entry: Any, store: ObjectStore) -> Extraction | None:
    """An earlier extraction, or None when the cache entry is unusable or its page text laid
    out the way of an earlier version (`PAGE_TEXT_VERSION`): then extract again."""
    try:
        if entry.get("page_text") != PAGE_TEXT_VERSION:
            return None
        for ref in (entry.get("cover"), entry.get("text")):
            if ref is not None and not store.has(ref):
                return None
        pages: list[str] = []
        if entry.get("text"):
            pages = json.loads(store.path(entry["text"]).read_bytes())
        return Extraction(media_type=entry["media_type"], kind=entry["kind"],
                          page_count=entry.get("page_count", 0), title=entry.get("title"),
                          authors=list(entry.get("authors") or []),
                          language=entry.get("language"), summary=entry.get("summary"),
                          pages=pages, scanned=bool(entry.get("scanned")),
                          duration_s=entry.get("duration_s"))
    except (AttributeError, KeyError, TypeError, ValueError, OSError, LibraryError):
        return None


def _ref(hashes: HashCache, store: ObjectStore, sha: str, size: int, chunk_size: int, *,
         source: FileHashes | None = None) -> dict[str, Any]:
    """An object's index entry; the chunk hashes of a large one come from `source` (the
    document's own read) or `hashes`, so an unchanged object is not read again."""
    if size <= chunk_size:
        return idx.ObjectRef(sha, size).to_json()
    if source is None or (source.sha256, source.size) != (sha, size):
        path = store.path(sha)
        source = hashes.hashes(path, chunk_size)
        if source.sha256 != sha:
            raise StorageError(f"{path} is damaged (its content does not match its name); "
                               "delete it and publish again")
    return idx.ObjectRef(sha, size, source.chunks).to_json()


def read_previous(out: Path) -> idx.Index | None:
    path = out / idx.INDEX_NAME
    if not path.is_file():
        return None
    try:
        return idx.parse(path.read_bytes())
    except PackError as exc:
        raise InvalidInput(f"{path}: the existing index is damaged ({exc})") from exc
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def write_atomic(path: Path, data: bytes, *, left_temps: bool = True) -> None:
    """A repository file, written whole and readable by the web server's workers
    (`left_temps` as for `files.atomic_file`)."""
    files.write_atomic(path, data, mode=0o644, apply_umask=False, left_temps=left_temps)


def _cannot_write(out: Path, exc: OSError) -> StorageError:
    return files.write_error(out, exc, what_vi="kho")


def _first_missing(path: Path) -> Path | None:
    """The outermost folder of `path` that does not exist yet (what a mkdir -p creates)."""
    missing = None
    for folder in (path, *path.parents):
        if folder.exists() or folder.is_symlink():
            break
        missing = folder
    return missing


class _Undo:
    """Puts the repository folder back as it was when a publish fails.

    Entering makes the folder (and missing parents) and notes what it holds;
    leaving with an exception undoes the run. A folder this run created goes
    entirely. In a folder that existed, only what this run added goes (new
    objects and their shard folders, the staged feeds): a failed re-publish
    leaves the served repository exactly as it was, and nothing that was
    there before is ever deleted.
    """

    def __init__(self, out: Path, store: ObjectStore) -> None:
        self.out = out
        self.store = store
        self.created = _first_missing(out)

    def __enter__(self) -> _Undo:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self.mode = stat.S_IMODE(self.out.stat().st_mode)
            self.objects = set(self.store)
            self.folders = self._folders()
        except OSError:
            if self.created is not None:
                shutil.rmtree(self.created, ignore_errors=True)
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:  # also on Ctrl+C
            self.undo()

    def _folders(self) -> set[Path]:
        root = self.store.root
        if not root.is_dir():
            return set()
        return {root, *(p for p in root.iterdir() if p.is_dir())}

    def new_objects(self) -> int:
        return len(set(self.store) - self.objects)

    def undo(self) -> None:
        if self.created is not None:
            shutil.rmtree(self.created, ignore_errors=True)
            return
        with contextlib.suppress(OSError):
            for sha in set(self.store) - self.objects:
                self.store.path(sha).unlink(missing_ok=True)
            for folder in sorted(self._folders() - self.folders, reverse=True):
                shutil.rmtree(folder, ignore_errors=True)
            os.chmod(self.out, self.mode)


def _install_feeds(out: Path, parsed: idx.Index, index_raw: bytes) -> None:
    """Write the OPDS feeds and then the index, so that either both change or neither.

    The feeds are made in a hidden folder and swapped in whole; if writing
    the index then fails, the old feeds go back. A swap also clears feed
    pages the new index no longer has (a tag nobody uses any more).
    """
    from .opds import write_feeds

    staging = Path(tempfile.mkdtemp(prefix=".publish-", dir=out))
    try:
        write_feeds(staging, parsed)
        os.chmod(staging / "opds", 0o755)
        feeds, old = out / "opds", staging / "opds-old"
        had_feeds = feeds.exists()
        if had_feeds:
            os.replace(feeds, old)
        os.replace(staging / "opds", feeds)
        try:
            write_atomic(out / idx.INDEX_NAME, index_raw)
        except BaseException:
            os.replace(feeds, staging / "opds-new")
            if had_feeds:
                os.replace(old, feeds)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- publish ------------------------------------------------------------------------------
def _check_options(src: Path, out: Path, expires_in: timedelta,
                   revoke: list[tuple[str, str]]) -> None:
    """Everything that can be checked without reading a document, before any work."""
    if not src.is_dir():
        raise InvalidInput(f"{src}: not a folder")
    if not timedelta(0) < expires_in <= MAX_EXPIRY:
        raise InvalidInput(f"the expiry must be more than nothing and at most "
                           f"{MAX_EXPIRY.days} days")
    for keyid, _reason in revoke:
        if not idx.is_key_id(keyid):
            raise InvalidInput(f"--revoke: not a key id: {keyid!r} (32 hex digits, as "
                               "`keygen` and `trust list` show)")
    if out.exists() and not out.is_dir():
        raise StorageError(f"cannot write {out}: it is a file, not a folder")
    if out.resolve() == src.resolve():
        raise InvalidInput(f"{out}: the repository cannot be the documents folder itself; "
                           "give another --out")


def publish(src: Path, out: Path, key: PrivateKey, *, repository: str | None = None,
            title: str | None = None, expires_in: timedelta = timedelta(days=30),
            rotate_from: PrivateKey | None = None,
            revoke: list[tuple[str, str]] | None = None,
            chunk_size: int = idx.CHUNK_SIZE, progress: Progress | None = None,
            allow_empty: bool = False, keep_old: timedelta = KEEP_OLD) -> PublishResult:
    """Publish `src` into `out` (created or updated), signed with `key`.

    Options, `catalog.toml` and sidecars are all checked before anything is
    written. A failure leaves no trace: a folder this run created is
    removed, an existing repository is left as it was. An index with no
    items is refused unless `allow_empty`: every station that syncs it would
    remove all its content, which is rarely what an empty or wrong source
    folder was meant to do.

    Once the new index is in place, objects it no longer references are
    deleted when they have been unreferenced for longer than `keep_old`
    (`prune_objects`); zero deletes them at once.
    """
    revoke = list(revoke or [])
    _check_options(src, out, expires_in, revoke)
    if not idx.MIN_CHUNK_SIZE <= chunk_size <= idx.MAX_CHUNK_SIZE:
        # said before any document is read: the index's own check would refuse it at the end
        raise InvalidInput(f"chunk_size {chunk_size} is outside {idx.MIN_CHUNK_SIZE} to "
                           f"{idx.MAX_CHUNK_SIZE} bytes, which stations take")
    if keep_old < timedelta(0):
        raise InvalidInput("the time to keep old files cannot be negative")
    with _one_publisher(out):
        result = _publish(src, out, key, repository=repository, title=title,
                          expires_in=expires_in, rotate_from=rotate_from, revoke=revoke,
                          chunk_size=chunk_size, progress=progress, allow_empty=allow_empty)
        prune_objects(out, keep_old, result)
        return result


@contextlib.contextmanager
def _one_publisher(out: Path) -> Iterator[None]:
    """One publish at a time into a repository folder.

    Two runs at once would both read version N and both sign a different
    version N+1 (a station holding one would never take the other), and the
    failure of one would remove the objects the other just added. The lock
    is on the folder itself (on the nearest existing folder above it when it
    is new), so nothing is written for it and nothing stays behind.
    """
    target = out
    while not target.is_dir() and target.parent != target:
        target = target.parent
    with folder_lock(target, held_by="another publish is writing into", error=InvalidInput,
                     message_vi="Đang có một lần xuất bản khác vào kho này."):
        yield


def _publish(src: Path, out: Path, key: PrivateKey, *, repository: str | None,
             title: str | None, expires_in: timedelta, rotate_from: PrivateKey | None,
             revoke: list[tuple[str, str]], chunk_size: int, progress: Progress | None,
             allow_empty: bool) -> PublishResult:
    previous = read_previous(out)
    catalog = load_catalog(src)
    repo_id = repository or catalog.repository or (previous.repository if previous else None)
    if not repo_id:
        raise InvalidInput("no repository id: give --id or set [repository] id in catalog.toml")
    if not idx.is_repository_id(repo_id):
        raise InvalidInput(f"repository id {repo_id!r}: use lower-case letters, digits, '.-_'")
    if previous and previous.repository != repo_id:
        raise InvalidInput(f"{out} holds repository {previous.repository}, not {repo_id}")
    rotations = list(previous.signed.get("rotations", [])) if previous else []
    revocations = list(previous.signed.get("revocations", [])) if previous else []
    revocations += [{"keyid": keyid, "reason": reason} for keyid, reason in revoke]
    if any(keyid == key.public.id for keyid, _reason in revoke):
        raise InvalidInput(f"--revoke names the key this run signs with ({key.public.id[:8]}): "
                           "make a new key, sign with it (--key) and revoke the old one "
                           "(--rotate-from OLD_KEY --revoke OLD_ID)",
                           message_vi="Không thể thu hồi chính khoá đang dùng để ký.")
    if any(r.get("keyid") == key.public.id for r in revocations if isinstance(r, dict)):
        raise InvalidInput(f"key {key.public.id[:8]} is revoked in this repository; sign with "
                           "a new key (--rotate-from is no longer possible from a revoked key)",
                           message_vi="Khoá này đã bị thu hồi; hãy dùng khoá mới.")
    if rotate_from is not None and rotate_from.public.id == key.public.id:
        raise InvalidInput(f"--rotate-from and --key are the same key ({key.public.id[:8]}): "
                           "give the old secret key with --rotate-from and the new one with "
                           "--key")
    from .importer import check_extensions

    check_extensions(idx.Index({"extensions": catalog.extensions}, []))
    docs, skipped = _plan(src, out, catalog)
    if not docs and not allow_empty:
        raise _empty(src, skipped)
    if len(docs) > idx.MAX_ITEMS:  # before hours of reading documents no station would take
        raise _too_large(f"{src} holds {len(docs)} documents")
    store = ObjectStore(out / "objects")
    hashes = HashCache.load(out)
    _clear_leftovers(out, store)
    try:
        with _Undo(out, store) as undo:  # a failure leaves `out` as it was
            os.chmod(out, 0o755)
            warnings: list[str] = []
            copies: list[str] = []
            items = _build_items(src, out, store, docs, skipped, chunk_size, progress, hashes,
                                 warnings, copies)
            if not items and not allow_empty:
                raise _empty(src, skipped)
            if rotate_from is not None and not any(
                    isinstance(r, dict) and r.get("old") == rotate_from.public.id
                    and r.get("new") == key.public.id for r in rotations):
                # a rotation already made (the same command run again) is not repeated:
                # the index would grow by one entry at every publish
                rotations.append(idx.make_rotation(repo_id, rotate_from, key.public))
            now = idx.utc_now()
            signed = {
                "format": idx.FORMAT,
                "repository": repo_id,
                "title": one_line(title or catalog.title or "")
                or (previous.title if previous else repo_id),
                "version": (previous.version + 1) if previous else 1,
                "created": idx.iso(now),
                "expires": idx.iso(now + expires_in),
                "chunk_size": chunk_size,
                "keys": {},
                "rotations": rotations,
                "revocations": revocations,
                "items": [entry for entry, _cache in items],
                "extensions": catalog.extensions,
            }
            raw = idx.sign(signed, key)
            if len(raw) > idx.MAX_INDEX_BYTES:  # (at most MAX_ITEMS: docs were counted)
                raise _too_large(f"the index would be {human_size(len(raw), 'en')} with "
                                 f"{len(items)} items")
            parsed = idx.parse(raw)  # never publish what a station would refuse
            check_extensions(parsed)
            _install_feeds(out, parsed, raw)
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    except StorageError as exc:  # the store's words speak of a station's data folder
        cause = exc.__cause__
        name = cause.filename if isinstance(cause, OSError) else None
        # a document that could not be read keeps its own line (`out` may lie in `src`)
        if isinstance(cause, OSError) and (_is_under(name, out) or not _is_under(name, src)):
            raise _cannot_write(out, cause) from exc
        raise
    new_cache = {entry["object"]["sha256"]: cache for entry, cache in items}
    with contextlib.suppress(OSError):  # only caches: the next run extracts and reads again
        write_atomic(out / CACHE_NAME, json.dumps(new_cache, ensure_ascii=False).encode())
        hashes.save(out)
    return PublishResult(repo_id, signed["version"], len(items), undo.new_objects(),
                         skipped, out,
                         warnings + _key_change_warnings(previous, key, rotate_from),
                         signed["expires"], copies)


def _load_unreferenced(out: Path) -> dict[str, datetime]:
    """The record of unreferenced objects: sha256 → when first found so (unreadable: empty,
    which only restarts every grace, never shortens one)."""
    try:
        data = json.loads((out / UNREFERENCED_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    record: dict[str, datetime] = {}
    if isinstance(data, dict):
        for sha, since in data.items():
            with contextlib.suppress(TypeError, ValueError):
                moment = datetime.fromisoformat(str(since).replace("Z", "+00:00"))
                if moment.tzinfo is not None:
                    record[str(sha)] = moment
    return record


def prune_objects(out: Path, keep_old: timedelta, result: PublishResult) -> None:
    """Delete the objects the installed index has not referenced for longer than `keep_old`.

    Run only once the new index is in place, under the publish lock: what
    the index references is read back from the index file itself, so a run
    killed at any point leaves every object the served index needs. Each
    unreferenced object is recorded with the moment a publish first found it
    so (a station that read the previous index a moment ago still finds its
    files during the grace); one referenced again is forgotten. The record is
    written before deleting, so a kill in between leaves entries for files
    already gone, which the next run drops. Only sha256-named files under
    `objects/` are ever considered.
    """
    try:
        referenced = set(idx.parse((out / idx.INDEX_NAME).read_bytes()).objects())
    except (OSError, LibraryError):
        return  # no readable index: nothing can be known unreferenced
    store = ObjectStore(out / "objects")
    now = idx.utc_now()
    known = _load_unreferenced(out)
    record = {sha: known.get(sha, now) for sha in store if sha not in referenced}
    due = sorted(sha for sha, since in record.items() if now - since >= keep_old)
    kept = {sha: since for sha, since in record.items() if sha not in due}
    with contextlib.suppress(OSError):  # unwritten: every grace starts again next time
        write_atomic(out / UNREFERENCED_NAME, json.dumps(
            {sha: idx.iso(since) for sha, since in sorted(record.items())}).encode("ascii"))
    for sha in due:
        path = store.path(sha)
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:
            kept[sha] = record[sha]  # tried again next time
            continue
        result.removed_objects += 1
        result.removed_bytes += size
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # a shard folder left empty
    if due:
        with contextlib.suppress(OSError):
            write_atomic(out / UNREFERENCED_NAME, json.dumps(
                {sha: idx.iso(since) for sha, since in sorted(kept.items())}).encode("ascii"))
    result.kept_old_objects = len(kept)


def _key_change_warnings(previous: idx.Index | None, key: PrivateKey,
                         rotate_from: PrivateKey | None) -> list[str]:
    """A new signing key without a hand-over: every station must be told of it.

    Legitimate when the old key is lost with no copy (docs/publishing.md),
    so not refused; but a key made anew by mistake (a new laptop) would
    otherwise stop hundreds of stations with "unknown key" and no word here.
    """
    if previous is None or rotate_from is not None or not previous.signatures:
        return []
    old = str(previous.signatures[0].get("keyid", ""))
    if not old or old == key.public.id:
        return []
    return [f"the previous version was signed by key {old[:8]}, this one by {key.public.id[:8]} "
            "with no --rotate-from: stations that trust only the old key refuse it until they "
            "`cafesach trust add` the new publisher.pub (to hand over, publish again with "
            "--rotate-from OLD_KEY)"]


def _clear_leftovers(out: Path, store: ObjectStore) -> None:
    """Remove what a killed run left: half-written objects and staged feeds.

    Safe only under `_one_publisher`. Left there, an upload tool copying
    `objects/` whole (rclone) would send the partial files to the server.
    """
    with contextlib.suppress(OSError):
        store.clear_incoming()
        for leftover in out.glob(".publish-*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _is_under(name: object, folder: Path) -> bool:
    """Whether an error's file name is in `folder` (a document that could not be read)."""
    if not isinstance(name, str | bytes | os.PathLike):
        return False
    with contextlib.suppress(OSError, ValueError):
        return Path(os.fsdecode(name)).resolve().is_relative_to(folder.resolve())
    return False


def _too_large(what: str) -> InvalidInput:
    """An index stations would refuse to read (`index.MAX_INDEX_BYTES`, `MAX_ITEMS`)."""
    return InvalidInput(
        f"{what}; stations take at most {human_size(idx.MAX_INDEX_BYTES, 'en')} and "
        f"{idx.MAX_ITEMS} items in one repository: publish the documents as several "
        "repositories (one folder and --id each), or shorten long summaries and bulletin "
        "texts; nothing was written",
        message_vi="Kho quá lớn để các trạm đọc được; hãy chia thành nhiều kho.")


def _empty(src: Path, skipped: list[str]) -> InvalidInput:
    reason = f"{counted(len(skipped), 'file')} skipped, first {skipped[0]}" if skipped else \
        "it holds no documents"
    return InvalidInput(f"{src}: nothing to publish ({reason}); stations would remove all "
                        "their items, so nothing was written (give --allow-empty to publish "
                        "an empty index on purpose)",
                        message_vi="Không có tài liệu nào để xuất bản.")


def _misfits(problems: list[InvalidInput]) -> InvalidInput:
    """Documents set in a collection their format cannot go in (`formats.check_kind`):
    one line each, then what to do.

    Published, such an entry would reach every station of the province in a
    collection whose screen cannot show it (a `.txt` as a book is flagged
    broken at its first opening), so the whole publish stops, naming all of
    them at once rather than one per run.
    """
    lines = [str(problem) for problem in problems]
    lines.append(f"{counted(len(problems), 'document')} set in a collection their format cannot go "
                 "in: correct kind in their sidecar or catalog.toml (docs/librarian.md lists "
                 "which collections take each format); nothing was written")
    lines_vi = [problem.message_vi for problem in problems]
    lines_vi.append(f"{len(problems)} tài liệu được xếp vào bộ sưu tập không hợp với định "
                    "dạng của chúng; hãy sửa kind rồi xuất bản lại. Chưa ghi gì.")
    return InvalidInput("\n".join(lines), message_vi="\n".join(lines_vi))


def _renamed_warning(rel: str, wanted: str, given: str, holder: str, *,
                     explicit: bool) -> str:
    """Why `rel` is not published under the id its name makes, naming both files."""
    why = (f"{holder} is given that id in its metadata (sidecar or catalog.toml)" if explicit
           else f"{holder} has that id already")
    return (f"{rel}: published as {given}, not {wanted}: {why}; give {rel} an id of its own "
            "to choose it")


def _build_items(src: Path, out: Path, store: ObjectStore, docs: list[_Document],
                 skipped: list[str], chunk_size: int, progress: Progress | None,
                 hashes: HashCache, warnings: list[str],
                 copies: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Store each document and make its index entry (with what to cache about it).

    A document whose name-made id is taken gets the id with a piece of its
    sha256 added, and a line in `warnings` says so; a document with the same
    content as an earlier one gets a line in `copies`.
    """
    cache = _load_cache(out)
    items: list[tuple[dict[str, Any], dict[str, Any]]] = []
    # an id the editor gave is kept as given; a name-made id yields to it (with a warning
    # naming both files: a link or poster made for the old id would now open another item)
    used_ids: dict[str, str] = {doc.meta["id"]: doc.rel for doc in docs if doc.meta.get("id")}
    explicit = set(used_ids)
    misfits: list[InvalidInput] = []
    first_with: dict[str, str] = {}  # sha256 → the first document with that content
    for number, doc in enumerate(docs, start=1):
        path, rel, meta = doc.path, doc.rel, doc.meta
        if progress:
            progress(number, len(docs), rel)
        try:
            source = hashes.hashes(path, chunk_size)  # unread when unchanged since last time
        except OSError as exc:
            raise InvalidInput(f"cannot read {rel}: {exc.strerror or exc}") from exc
        sha = source.sha256
        cached = cache.get(sha) if store.has(sha) else None
        info = _from_cache(cached, store) if cached is not None else None
        if info is not None:
            size = store.path(sha).stat().st_size
        else:
            cached = None
            try:
                info = extract(path)
            except DocumentError as exc:
                reason = str(exc).removeprefix(f"{path.name}: ")  # the line names the file once
                skipped.append(f"{rel}: {reason}")
                continue
            sha, size = store.add_file(path)
        try:
            check_kind(rel, info.media_type, meta.get("kind") or info.kind,
                       scanned=bool(info.scanned))
        except InvalidInput as exc:  # all of them are named, then nothing is kept
            misfits.append(exc)
            continue
        if sha in first_with:  # a copy left by mistake would show twice on every station
            copies.append(f"{rel} has the same content as {first_with[sha]}: both are "
                          "published, as two items (delete one copy unless both are meant)")
        first_with.setdefault(sha, rel)
        item_id = meta.get("id") or slug(path.stem) or sha[:12]
        if not meta.get("id") and item_id in used_ids:
            renamed = f"{item_id[:50]}-{sha[:6]}"
            warnings.append(_renamed_warning(rel, item_id, renamed, used_ids[item_id],
                                             explicit=item_id in explicit))
            item_id = renamed
        if not idx.is_item_id(item_id):
            raise InvalidInput(f"{rel}: item id {item_id!r} is not valid")
        used_ids.setdefault(item_id, rel)
        entry: dict[str, Any] = {
            "id": item_id,
            "title": meta.get("title") or info.title or path.stem.replace("_", " "),
            "kind": meta.get("kind") or info.kind,
            "authors": list(meta.get("authors") or info.authors),
            "publisher": meta.get("publisher", ""),
            "language": meta.get("language") or info.language or "vi",
            "tags": list(meta.get("tags") or []),
            "summary": meta.get("summary") if meta.get("summary") is not None
            else (info.summary or ""),
            "published": meta.get("published"),
            "public_url": meta.get("public_url"),
            "body": meta.get("body") or (info.pages[0] if info.media_type.startswith("text/")
                                         else None),
            "featured": meta.get("featured", False),
            "scanned": bool(info.scanned),
            "page_count": info.page_count,
            "media_type": info.media_type,
            "filename": _file_name(path),
            "duration_s": info.duration_s,
            "object": _ref(hashes, store, sha, size, chunk_size, source=source),
            "cover": None,
            "text": None,
        }
        cover_sha = cached.get("cover") if cached else (
            store.add_bytes(info.cover_png) if info.cover_png else None)
        if cover_sha:
            entry["cover"] = _ref(hashes, store, cover_sha,
                                  store.path(cover_sha).stat().st_size, chunk_size)
        text_sha = cached.get("text") if cached else (
            store.add_bytes(idx.canonical(info.pages)) if info.pages else None)
        if text_sha:
            entry["text"] = _ref(hashes, store, text_sha, store.path(text_sha).stat().st_size,
                                 chunk_size)
        for name in ("title", "publisher", "language"):
            entry[name] = one_line(entry[name] or "")
        entry["title"] = entry["title"] or path.stem
        for name in ("authors", "tags"):
            entry[name] = [t for t in (one_line(v) for v in entry[name]) if t]
        for name in ("summary", "body"):
            if entry[name]:
                entry[name] = _block(entry[name])
        items.append((entry, {"media_type": info.media_type, "kind": info.kind,
                              "page_count": info.page_count, "title": info.title,
                              "authors": info.authors, "language": info.language,
                              "summary": info.summary, "scanned": info.scanned,
                              "duration_s": info.duration_s, "cover": cover_sha,
                              "text": text_sha, "page_text": PAGE_TEXT_VERSION}))
    if misfits:
        raise _misfits(misfits)
    return items


def index_summary(raw: bytes) -> dict[str, Any]:
    """A short description of an index for `--json` output."""
    parsed = idx.parse(raw)
    return {"repository": parsed.repository, "version": parsed.version,
            "expires": parsed.signed["expires"], "items": len(parsed.items),
            "objects": len(parsed.objects()),
            "bytes": sum(r.size for r in parsed.objects().values()),
            "signers": [s["keyid"] for s in parsed.signatures],
            "extensions": json.loads(json.dumps(parsed.extensions))}
