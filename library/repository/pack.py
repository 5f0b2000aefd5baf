"""`pack`: a repository (or part of it) in one zip file for a USB stick.

A pack holds `index.json` exactly as published — so it stays verifiable by
the publisher's signature and packing needs no key — plus the objects of
the chosen items. Objects are stored uncompressed (documents and covers are
compressed already, and a stored entry imports at disk speed); the index is
deflated. A pack that carries every item of its index is a full import and
applies removals; a partial pack only adds and updates.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, PackError
from ..files import output_file, output_target
from ..objects import CHUNK
from ..vietnamese import fold
from . import index as idx


@dataclass(frozen=True)
class PackResult:
    path: Path
    repository: str
    version: int
    items: int
    total_items: int
    bytes: int
    #: When the packed index expires (ISO 8601 UTC), and whether it has already.
    expires: str = ""
    expired: bool = False

    @property
    def full(self) -> bool:
        return self.items == self.total_items


def select(index: idx.Index, kinds: tuple[str, ...] = (),
           tags: tuple[str, ...] = ()) -> list[idx.IndexItem]:
    """Items of any given kind and carrying any given tag (no filter = all).

    Compared folded (`library.vietnamese.fold`), as search does: an editor
    typing `--tag "nong nghiep"` on a keyboard without Vietnamese marks means
    the tag `nông nghiệp`.
    """
    want_kinds = {fold(k).strip() for k in kinds}
    want_tags = {fold(t).strip() for t in tags}
    chosen = []
    for item in index.items:
        if want_kinds and fold(item.data["kind"]) not in want_kinds:
            continue
        if want_tags and not want_tags & {fold(t).strip() for t in item.data.get("tags", [])}:
            continue
        chosen.append(item)
    return chosen


def check_target(repo: Path, out: Path, *, force: bool = False) -> Path:
    """Refuse a pack file name that would destroy something, before any work is done.

    Never inside the repository being packed (it would replace the index or
    an object the stations verify, or grow the repository with itself), and
    never over an existing file unless `force` — it may be a secret key or
    another pack the librarian still needs.
    """
    if out.absolute().resolve().is_relative_to(repo.resolve()):  # --force or not
        raise InvalidInput(f"{out} is inside the repository {repo}; write the pack elsewhere",
                           message_vi="Không ghi gói vào trong kho đang đóng gói.")
    return output_target(out, replace=force)  # (a path through a file too)


def make_pack(repo: Path, out: Path, *, kinds: tuple[str, ...] = (), tags: tuple[str, ...] = (),
              force: bool = False,
              progress: Callable[[int, int, str], None] | None = None) -> PackResult:
    """Write a pack of `repo` (a published folder) to `out`, atomically.

    `out` must not exist unless `force`, and never lies inside `repo`.
    """
    index_path = repo / idx.INDEX_NAME
    if not index_path.is_file():
        raise InvalidInput(f"{repo}: not a repository (no {idx.INDEX_NAME})")
    target = check_target(repo, out, force=force)
    try:
        raw = index_path.read_bytes()
    except OSError as exc:
        raise PackError(f"{index_path}: cannot read ({exc.strerror or exc})") from exc
    index = idx.parse(raw)
    if not index.items:
        raise InvalidInput(f"{repo}: the repository has no items; nothing to pack",
                           message_vi="Kho chưa có mục nào để đóng gói.")
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
    total = 0
    # output_file: written beside the target and renamed over it only when whole;
    # a write failure is one "cannot write …" line and leaves no partial file.
    with output_file(target) as fh, zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
        zf.writestr(idx.INDEX_NAME, raw, compress_type=zipfile.ZIP_DEFLATED)
        for number, ref in enumerate(sorted(refs.values(), key=lambda r: r.sha256), 1):
            if progress:
                progress(number, len(refs), ref.sha256[:12])
            _add_object(zf, repo / ref.path, ref)
            total += ref.size
    return PackResult(out, index.repository, index.version, len(chosen), len(index.items), total,
                      index.signed["expires"], index.expires <= idx.utc_now())


def _add_object(zf: zipfile.ZipFile, source: Path, ref: idx.ObjectRef) -> None:
    """Store `source` as entry `ref.path`; a read failure names the repository's file.

    Its sha256 is checked on the way (every byte is read anyway): an object
    damaged in the editor's copy would otherwise make a stick that every
    station refuses. (A write failure is an `OSError` left for `output_file`
    to name the pack.)
    """
    digest = hashlib.sha256()
    try:
        info = zipfile.ZipInfo.from_file(source, ref.path)
        src = source.open("rb")
    except OSError as exc:
        raise PackError(f"cannot read {source}: {exc.strerror or exc}") from exc
    info.compress_type = zipfile.ZIP_STORED
    with src, zf.open(info, "w") as dst:
        while True:
            try:
                block = src.read(CHUNK)
            except OSError as exc:
                raise PackError(f"cannot read {source}: {exc.strerror or exc}") from exc
            if not block:
                break
            digest.update(block)
            dst.write(block)
    if digest.hexdigest() != ref.sha256:
        raise PackError(f"{source}: object {ref.sha256[:12]} is damaged in the repository (its "
                        "content does not match its sha256); delete that file and publish "
                        "again, or copy the repository from a good copy",
                        message_vi="Kho có tệp bị hỏng; không đóng gói.")
