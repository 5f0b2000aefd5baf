"""The demo library: real Vietnamese content the station shows out of the box.

Why it exists: a fresh kiosk with an empty data folder must still show
something worth touching, so the first run loads about a dozen items (books,
infographics, a handbook, bulletins) written for this project. The *sources*
live in `assets/demo/` (a `catalog.toml` plus small text files in a tiny
markup); the binaries (PDF, PNG, TXT, covers) are built from them by
`library.demo_build.build_demo` and never committed. This module loads and
checks a built demo without MuPDF.

Why it is pinned: the built `manifest.json` lists every file's sha256, and
`assets/demo/demo.lock` holds the sha256 of that manifest. The build is
byte-for-byte reproducible (fixed PDF dates, no random document ids, sorted
JSON), so the same sources and the same MuPDF always give the same lock;
`load_demo` refuses anything that does not match, exactly as a pack import
would refuse a tampered object.

Why the manifest carries per-page text: importing it must be fast and must
not need MuPDF in the calling process (the kiosk's UI process never runs
MuPDF), so the text the index needs is extracted once, at build time.

Markup of the sources (one block per blank-line separated paragraph):
`# heading`, `## sub-heading`, `- bullet` lines, `> highlighted note`,
anything else a paragraph; `**bold**` inside any of them.

Command line: `python -m library.demo build OUT_DIR` builds into a folder,
`python -m library.demo lock` rebuilds and rewrites `demo.lock`.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from .catalog import Catalog, Item, now_iso
from .errors import LibraryError, PackError
from .objects import sha256_file
from .paths import assets_dir, bundle_root, is_frozen

MANIFEST = "manifest.json"
LOCK_NAME = "demo.lock"
#: The `source` of the demo's items.
DEMO_SOURCE = "demo"
#: Key in the catalog's `state` table: when the demo was loaded (it is loaded only once).
DEMO_LOADED = "demo.loaded"


def sources_dir() -> Path:
    """The committed demo sources (`catalog.toml`, `sources/`, `demo.lock`)."""
    return assets_dir() / "demo"


def lock_path() -> Path:
    return sources_dir() / LOCK_NAME


def _read_manifest(folder: Path) -> tuple[bytes, dict[str, Any]]:
    try:
        raw = (folder / MANIFEST).read_bytes()
        return raw, json.loads(raw)
    except (OSError, ValueError) as exc:
        raise PackError(f"demo library at {folder} has no readable manifest: {exc}",
                        message_vi="Thư viện mẫu bị hỏng.") from exc


def demo_dir() -> Path:
    """Where the built demo lives, building it first when running from source.

    A frozen install ships the built demo next to its assets. From a source
    checkout it lives in `build/demo` and is rebuilt whenever the sources (or
    fonts, builder, MuPDF) no longer match what it was built from.
    """
    if is_frozen():
        return bundle_root() / "demo"
    from .demo_build import build_demo, source_hash  # MuPDF: only in a source checkout

    folder = bundle_root() / "build" / "demo"
    try:
        _raw, manifest = _read_manifest(folder)
        current = manifest.get("source_hash") == source_hash()
    except PackError:
        current = False
    if not current:
        build_demo(folder)
    return folder


def read_lock(path: Path | None = None) -> str:
    try:
        return (path or lock_path()).read_text(encoding="ascii").split()[0].strip()
    except (OSError, IndexError, UnicodeDecodeError) as exc:
        raise PackError(f"demo lock {path or lock_path()} is missing or empty",
                        message_vi="Thư viện mẫu bị hỏng.") from exc


def verify_demo(folder: Path, *, lock: str | None = None) -> dict[str, Any]:
    """Check the manifest against the lock and every file against the manifest.

    Returns the manifest; raises `PackError` naming the first mismatch.
    """
    raw, manifest = _read_manifest(folder)
    expected = lock if lock is not None else read_lock()
    import hashlib  # OpenSSL (~4 ms): not at a station's every start, only when loading

    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected:
        raise PackError(f"demo manifest sha256 {actual} does not match demo.lock {expected}",
                        message_vi="Thư viện mẫu không khớp bản đã khoá.")
    for entry in manifest["items"]:
        for name_key, sha_key in (("file", "sha256"), ("cover", "cover_sha256")):
            path = folder / entry[name_key]
            if not path.is_file() or sha256_file(path) != entry[sha_key]:
                raise PackError(f"demo file {entry[name_key]} is missing or damaged",
                                message_vi="Thư viện mẫu bị hỏng.")
    return manifest


def load_demo(catalog: Catalog, folder: Path | None = None, *, lock: str | None = None) -> int:
    """Fill a new station's empty catalog with the demo library; return how many items
    were added.

    The demo is for a station's first start, and only then: loading it records
    so in the catalog's state (`DEMO_LOADED`), and a catalog found holding
    items (the demo of a version that did not record it, or packs loaded
    before the first start) is recorded as past it too. So a librarian who
    removed every demo item, leaving the catalog empty, never sees it come
    back at the next start. Does nothing (returns 0) past that point. Every
    byte is checked before anything is written, and all items land in one
    transaction with the record: either the whole demo appears, recorded,
    or none of it.
    """
    if catalog.get_state(DEMO_LOADED) is not None:
        return 0
    if len(catalog) > 0:
        _record_not_new(catalog)
        return 0
    if catalog.objects is None:
        raise PackError("this catalog has no object store")
    folder = folder or demo_dir()
    manifest = verify_demo(folder, lock=lock)
    store = catalog.objects
    added = 0
    with catalog.atomic():
        for entry in manifest["items"]:
            sha, size = store.add_file(folder / entry["file"])
            cover = store.add_bytes((folder / entry["cover"]).read_bytes())
            if sha != entry["sha256"] or cover != entry["cover_sha256"]:
                raise PackError(f"demo file {entry['file']} changed while loading")
            catalog.put(Item(
                id=entry["id"],
                title=entry["title"],
                kind=entry["kind"],
                authors=tuple(entry["authors"]),
                publisher=entry["publisher"],
                tags=tuple(entry["tags"]),
                summary=entry["summary"],
                published=entry["published"],
                sha256=sha,
                size=size,
                page_count=entry["page_count"],
                media_type=entry["media_type"],
                filename=entry["file"],
                cover_sha256=cover,
                source=DEMO_SOURCE,
                featured=bool(entry["featured"]),
                body=entry.get("body"),
            ), entry["pages"])
            added += 1
        catalog.set_state(DEMO_LOADED, now_iso())
    return added


def _record_not_new(catalog: Catalog) -> None:
    """Record that a catalog found holding items is past its demo, so the demo does not
    appear once they are all removed (asked once, not at every start).

    Never stops the start: a catalog this user cannot write (or a busy one) is
    said by the first write that matters, not here.
    """
    if catalog.read_only:
        return
    with contextlib.suppress(LibraryError):
        catalog.set_state(DEMO_LOADED, f"not loaded: the catalog held items ({now_iso()})")


def _main(argv: list[str]) -> int:
    from .demo_build import build_demo, write_lock
    usage = "usage: python -m library.demo build OUT_DIR | ensure | lock"
    if argv == ["ensure"]:  # `make`: rebuild build/demo only when its sources changed
        print(demo_dir())
        return 0
    if len(argv) == 2 and argv[0] == "build":
        started = time.perf_counter()
        folder = build_demo(Path(argv[1]))
        digest = sha256_file(folder / MANIFEST)
        print(f"built {folder} in {time.perf_counter() - started:.2f} s; manifest {digest}")
        return 0
    if argv == ["lock"]:
        digest = write_lock()
        print(f"wrote {lock_path()}: {digest}")
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
