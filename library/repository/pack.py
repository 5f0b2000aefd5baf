"""`pack`: a repository (or part of it) in one zip file for a USB stick.

A pack holds `index.json` exactly as published — so it stays verifiable by
the publisher's signature and packing needs no key — plus the objects of
the chosen items. Objects are stored uncompressed (documents and covers are
compressed already, and a stored entry imports at disk speed); the index is
deflated. A pack that carries every item of its index is a full import and
applies removals; a partial pack only adds and updates.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, PackError
from ..objects import fsync_dir
from . import index as idx


@dataclass(frozen=True)
class PackResult:
    path: Path
    repository: str
    version: int
    items: int
    total_items: int
    bytes: int

    @property
    def full(self) -> bool:
        return self.items == self.total_items


def select(index: idx.Index, kinds: tuple[str, ...] = (),
           tags: tuple[str, ...] = ()) -> list[idx.IndexItem]:
    """Items of any given kind and carrying any given tag (no filter = all)."""
    chosen = []
    for item in index.items:
        if kinds and item.data["kind"] not in kinds:
            continue
        if tags and not set(tags) & set(item.data.get("tags", [])):
            continue
        chosen.append(item)
    return chosen


def make_pack(repo: Path, out: Path, *, kinds: tuple[str, ...] = (), tags: tuple[str, ...] = (),
              progress: Callable[[int, int, str], None] | None = None) -> PackResult:
    """Write a pack of `repo` (a published folder) to `out`, atomically."""
    index_path = repo / idx.INDEX_NAME
    if not index_path.is_file():
        raise InvalidInput(f"{repo}: not a repository (no {idx.INDEX_NAME})")
    raw = index_path.read_bytes()
    index = idx.parse(raw)
    chosen = select(index, kinds, tags)
    if not chosen:
        raise InvalidInput("no item matches the chosen kinds/tags; nothing to pack")
    refs: dict[str, idx.ObjectRef] = {}
    for item in chosen:
        for ref in item.refs():
            refs.setdefault(ref.sha256, ref)
    for ref in refs.values():
        path = repo / ref.path
        if not path.is_file() or path.stat().st_size != ref.size:
            raise PackError(f"{repo}: object {ref.sha256[:12]} is missing or has the wrong size")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    total = 0
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            zf.writestr(idx.INDEX_NAME, raw, compress_type=zipfile.ZIP_DEFLATED)
            for number, ref in enumerate(sorted(refs.values(), key=lambda r: r.sha256), 1):
                if progress:
                    progress(number, len(refs), ref.sha256[:12])
                zf.write(repo / ref.path, ref.path, compress_type=zipfile.ZIP_STORED)
                total += ref.size
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PackError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return PackResult(out, index.repository, index.version, len(chosen), len(index.items), total)
