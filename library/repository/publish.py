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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from .. import files
from ..catalog import KINDS
from ..errors import DocumentError, InvalidInput, PackError
from ..extract import Extraction, extract
from ..formats import FORMATS
from ..objects import ObjectStore, sha256_file
from ..vietnamese import fold
from . import index as idx
from .keys import PrivateKey

METADATA_FILE = "catalog.toml"
#: Extraction results of earlier runs (a dot file: never served, see deploy/nginx).
CACHE_NAME = ".publish-cache.json"
META_KEYS = {"id", "title", "kind", "authors", "tags", "summary", "public_url", "body",
             "featured", "published", "publisher", "language"}
Progress = Callable[[int, int, str], None]


@dataclass
class PublishResult:
    repository: str
    version: int
    items: int
    new_objects: int
    skipped: list[str] = field(default_factory=list)
    out: Path | None = None


def parse_duration(text: str) -> timedelta:
    """`30d`, `12h`, `2w` → a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", text or "")
    if not match:
        raise InvalidInput(f"not a duration: {text!r} (use e.g. 30d, 12h, 2w)")
    number, unit = int(match.group(1)), match.group(2)
    return {"h": timedelta(hours=number), "d": timedelta(days=number),
            "w": timedelta(weeks=number)}[unit]


def slug(text: str) -> str:
    """A URL-safe item id from a file name (marks folded away)."""
    folded = fold(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:56]


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"{path.name}: cannot read ({exc})") from exc


def _check_meta(meta: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(meta) - META_KEYS
    if unknown:
        raise InvalidInput(f"{where}: unknown metadata key(s) {', '.join(sorted(unknown))} "
                           f"(allowed: {', '.join(sorted(META_KEYS))})")
    meta = dict(meta)
    for name in ("authors", "tags"):
        if isinstance(meta.get(name), str):
            meta[name] = [s.strip() for s in meta[name].split(",") if s.strip()]
    if "kind" in meta and meta["kind"] not in KINDS:
        raise InvalidInput(f"{where}: kind must be one of {', '.join(KINDS)}")
    if "published" in meta:
        meta["published"] = str(meta["published"])
    return meta


def _load_cache(out: Path) -> dict[str, dict[str, Any]]:
    """What earlier runs extracted, by file sha256 (so re-publishing skips unchanged files)."""
    try:
        data = json.loads((out / CACHE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _from_cache(entry: dict[str, Any], store: ObjectStore) -> Extraction:
    pages: list[str] = []
    if entry.get("text") and store.has(entry["text"]):
        pages = json.loads(store.path(entry["text"]).read_bytes())
    return Extraction(media_type=entry["media_type"], kind=entry["kind"],
                      page_count=entry.get("page_count", 0), title=entry.get("title"),
                      authors=list(entry.get("authors") or []), language=entry.get("language"),
                      summary=entry.get("summary"), pages=pages,
                      scanned=bool(entry.get("scanned")), duration_s=entry.get("duration_s"))


def chunk_hashes(path: Path, size: int, chunk_size: int) -> list[str]:
    if size <= chunk_size:
        return []
    hashes = []
    with path.open("rb") as fh:
        while block := fh.read(chunk_size):
            hashes.append(hashlib.sha256(block).hexdigest())
    return hashes


def _ref(store: ObjectStore, sha: str, size: int, chunk_size: int) -> dict[str, Any]:
    ref = idx.ObjectRef(sha, size, tuple(chunk_hashes(store.path(sha), size, chunk_size)))
    return ref.to_json()


def read_previous(out: Path) -> idx.Index | None:
    path = out / idx.INDEX_NAME
    if not path.is_file():
        return None
    try:
        return idx.parse(path.read_bytes())
    except PackError as exc:
        raise InvalidInput(f"{path}: the existing index is damaged ({exc})") from exc


def documents(src: Path) -> list[Path]:
    """Supported files under `src`, in a stable order (sidecars and hidden files skipped)."""
    found = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() == ".toml":
            continue
        found.append(path)
    return found


def write_atomic(path: Path, data: bytes) -> None:
    """A repository file, written whole and readable by the web server's workers."""
    files.write_atomic(path, data, mode=0o644, apply_umask=False)

def publish(src: Path, out: Path, key: PrivateKey, *, repository: str | None = None,
            title: str | None = None, expires_in: timedelta = timedelta(days=30),
            rotate_from: PrivateKey | None = None,
            revoke: list[tuple[str, str]] | None = None,
            chunk_size: int = idx.CHUNK_SIZE, progress: Progress | None = None) -> PublishResult:
    """Publish `src` into `out` (created or updated), signed with `key`."""
    if not src.is_dir():
        raise InvalidInput(f"{src}: not a folder")
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o755)
    previous = read_previous(out)
    config = _load_toml(src / METADATA_FILE) if (src / METADATA_FILE).is_file() else {}
    repo_conf = config.get("repository", {})
    repo_id = repository or repo_conf.get("id") or (previous.repository if previous else None)
    if not repo_id:
        raise InvalidInput("no repository id: give --id or set [repository] id in catalog.toml")
    if not idx.is_repository_id(repo_id):
        raise InvalidInput(f"repository id {repo_id!r}: use lower-case letters, digits, '.-_'")
    if previous and previous.repository != repo_id:
        raise InvalidInput(f"{out} holds repository {previous.repository}, not {repo_id}")
    files_meta = config.get("files", {})
    cache = _load_cache(out)
    new_cache: dict[str, dict[str, Any]] = {}
    store = ObjectStore(out / "objects")
    before = set(store)
    items: list[dict[str, Any]] = []
    skipped: list[str] = []
    used_ids: set[str] = set()
    docs = documents(src)
    for number, path in enumerate(docs, start=1):
        rel = path.relative_to(src).as_posix()
        if progress:
            progress(number, len(docs), rel)
        if path.suffix.lower() not in FORMATS:
            skipped.append(f"{rel}: not a supported format")
            continue
        meta = _check_meta(files_meta.get(rel, files_meta.get(path.name, {})), METADATA_FILE)
        sidecar = path.with_name(path.name + ".toml")
        if sidecar.is_file():
            meta.update(_check_meta(_load_toml(sidecar), sidecar.name))
        sha = sha256_file(path)
        cached = cache.get(sha) if store.has(sha) else None
        if cached is not None:
            info = _from_cache(cached, store)
            size = store.path(sha).stat().st_size
        else:
            try:
                info = extract(path)
            except DocumentError as exc:
                skipped.append(f"{rel}: {exc}")
                continue
            sha, size = store.add_file(path)
        item_id = meta.get("id") or slug(path.stem) or sha[:12]
        if item_id in used_ids:
            item_id = f"{item_id[:50]}-{sha[:6]}"
        if not idx.is_item_id(item_id):
            raise InvalidInput(f"{rel}: item id {item_id!r} is not valid")
        used_ids.add(item_id)
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
            "featured": bool(meta.get("featured", False)),
            "scanned": bool(info.scanned),
            "page_count": info.page_count,
            "media_type": info.media_type,
            "filename": unicodedata.normalize("NFC", path.name),
            "duration_s": info.duration_s,
            "object": _ref(store, sha, size, chunk_size),
            "cover": None,
            "text": None,
        }
        cover_sha = cached.get("cover") if cached else (
            store.add_bytes(info.cover_png) if info.cover_png else None)
        if cover_sha:
            entry["cover"] = _ref(store, cover_sha, store.path(cover_sha).stat().st_size,
                                  chunk_size)
        text_sha = cached.get("text") if cached else (
            store.add_bytes(idx.canonical(info.pages)) if info.pages else None)
        if text_sha:
            entry["text"] = _ref(store, text_sha, store.path(text_sha).stat().st_size, chunk_size)
        new_cache[sha] = {"media_type": info.media_type, "kind": info.kind,
                          "page_count": info.page_count, "title": info.title,
                          "authors": info.authors, "language": info.language,
                          "summary": info.summary, "scanned": info.scanned,
                          "duration_s": info.duration_s, "cover": cover_sha, "text": text_sha}
        items.append(entry)
    rotations = list(previous.signed.get("rotations", [])) if previous else []
    revocations = list(previous.signed.get("revocations", [])) if previous else []
    if rotate_from is not None:
        rotations.append(idx.make_rotation(repo_id, rotate_from, key.public))
    for keyid, reason in revoke or []:
        if not idx.is_key_id(keyid):
            raise InvalidInput(f"not a key id: {keyid!r}")
        revocations.append({"keyid": keyid, "reason": reason})
    if any(r.get("keyid") == key.public.id for r in revocations if isinstance(r, dict)):
        raise InvalidInput(f"key {key.public.id[:8]} is revoked in this repository; sign with "
                           "a new key (--rotate-from is no longer possible from a revoked key)",
                           message_vi="Khóa này đã bị thu hồi; hãy dùng khóa mới.")
    now = idx.utc_now()
    signed = {
        "format": idx.FORMAT,
        "repository": repo_id,
        "title": title or repo_conf.get("title") or (previous.title if previous else repo_id),
        "version": (previous.version + 1) if previous else 1,
        "created": idx.iso(now),
        "expires": idx.iso(now + expires_in),
        "chunk_size": chunk_size,
        "keys": {},
        "rotations": rotations,
        "revocations": revocations,
        "items": items,
        "extensions": dict(config.get("extensions", {})),
    }
    raw = idx.sign(signed, key)
    parsed = idx.parse(raw)  # never publish what a station would refuse
    from .importer import check_extensions

    check_extensions(parsed)
    from .opds import write_feeds

    write_feeds(out, parsed)
    write_atomic(out / idx.INDEX_NAME, raw)
    write_atomic(out / CACHE_NAME, json.dumps(new_cache, ensure_ascii=False).encode("utf-8"))
    new_objects = len(set(store) - before)
    return PublishResult(repo_id, signed["version"], len(items), new_objects, skipped, out)


def index_summary(raw: bytes) -> dict[str, Any]:
    """A short description of an index for `--json` output."""
    parsed = idx.parse(raw)
    return {"repository": parsed.repository, "version": parsed.version,
            "expires": parsed.signed["expires"], "items": len(parsed.items),
            "objects": len(parsed.objects()),
            "bytes": sum(r.size for r in parsed.objects().values()),
            "signers": [s["keyid"] for s in parsed.signatures],
            "extensions": json.loads(json.dumps(parsed.extensions))}
