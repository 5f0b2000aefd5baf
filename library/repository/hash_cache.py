"""The hashes `publish` needs of each file, remembered between runs.

An index names each object by its sha256 and, for objects larger than one
chunk, the sha256 of every chunk (so a station can resume and verify a
download chunk by chunk). Finding them means reading the whole file; an
editor re-publishing a folder of videos where one bulletin changed should not
wait for every video to be read again. `HashCache` keeps, per file, what
`stat` said of it and the hashes read from it, in one small JSON file in the
output repository (a dot file: never served, see deploy/nginx).

An entry is used only while the file is, by every sign `stat` gives, the same
file with the same bytes: same path, device and inode (not replaced by a
copy), same size, same modification time and same status-change time (ctime,
which every write moves and no user can set back on Linux and macOS), and the
same chunk size. Anything else reads the file again.

The known limit of such a cache: a change that leaves all of these as they
were is not seen. On Linux and macOS that takes setting the system clock
back; on Windows, where `st_ctime` is the creation time, a file rewritten in
place with the same size and its modification time restored (`touch -d`)
keeps its old hashes. Publishing to a new output folder, or deleting
`.publish-hashes.json`, reads everything again. A file whose times are within
`RACY_NS` of now when it is read is not remembered, since a write in the same
clock tick (two seconds on FAT sticks) would not move them.

The file is written atomically and carries its own sha256: a damaged,
truncated or unreadable cache is ignored whole, everything is read again and
the cache is written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files
from .index import is_sha256

CACHE_NAME = ".publish-hashes.json"
FORMAT = 1
#: Files changed this recently are hashed but not remembered (FAT keeps mtime in 2 s steps).
RACY_NS = 2_000_000_000
_STAT_KEYS = ("dev", "ino", "size", "mtime_ns", "ctime_ns")


@dataclass(frozen=True)
class FileHashes:
    sha256: str
    size: int
    chunks: tuple[str, ...]  # empty when the file fits in one chunk


def file_hashes(path: Path, chunk_size: int) -> FileHashes:
    """Read `path` once for its sha256 and, when larger than one chunk, each chunk's."""
    whole = hashlib.sha256()
    chunks: list[str] = []
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(chunk_size):
            whole.update(block)
            chunks.append(hashlib.sha256(block).hexdigest())
            size += len(block)
    return FileHashes(whole.hexdigest(), size, tuple(chunks) if size > chunk_size else ())


def _signature(st: os.stat_result) -> dict[str, int]:
    return {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns}


def _checksum(entries: dict[str, Any]) -> str:
    # ASCII: a name that is not UTF-8 holds lone surrogates, which only escaped can be written
    body = json.dumps(entries, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("ascii")).hexdigest()


class HashCache:
    """Hashes of files by path and `stat`, loaded from and saved to a repository folder."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self._old = entries or {}
        self._new: dict[str, Any] = {}
        self.hits = 0
        self.reads = 0

    @classmethod
    def load(cls, folder: Path) -> HashCache:
        """The cache kept in `folder`; empty when there is none or it is damaged."""
        try:
            data = json.loads((folder / CACHE_NAME).read_bytes())
            entries = data["files"]
            if (data.get("format") != FORMAT or not isinstance(entries, dict)
                    or data.get("sha256") != _checksum(entries)):
                return cls()
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls()
        return cls(entries)

    def save(self, folder: Path) -> None:
        """Keep what this run used (files no longer published are dropped); atomic.
        Raises `OSError`: the caller decides whether a cache that cannot be kept matters."""
        data = {"format": FORMAT, "sha256": _checksum(self._new), "files": self._new}
        files.write_atomic(folder / CACHE_NAME, json.dumps(data).encode("ascii"),
                           mode=0o644, apply_umask=False)

    def hashes(self, path: Path, chunk_size: int) -> FileHashes:
        """`file_hashes(path, chunk_size)`, from the cache when the file is unchanged.

        Raises `OSError` when the file cannot be read.
        """
        key = str(path.absolute())
        before = os.stat(path)
        signature = _signature(before)
        known = self._usable(self._old.get(key), signature, chunk_size)
        if known is not None:
            self.hits += 1
            self._new[key] = self._old[key]
            return known
        self.reads += 1
        result = file_hashes(path, chunk_size)
        after = _signature(os.stat(path))
        recent = time.time_ns() - max(after["mtime_ns"], after["ctime_ns"]) < RACY_NS
        if after == signature and result.size == signature["size"] and not recent:
            self._new[key] = {**signature, "chunk_size": chunk_size, "sha256": result.sha256,
                              "chunks": list(result.chunks)}
        return result

    @staticmethod
    def _usable(entry: Any, signature: dict[str, int], chunk_size: int) -> FileHashes | None:
        """The entry's hashes if it is whole and matches the file now, else None."""
        if not isinstance(entry, dict) or entry.get("chunk_size") != chunk_size:
            return None
        if any(entry.get(k) != signature[k] for k in _STAT_KEYS):
            return None
        sha, chunks, size = entry.get("sha256"), entry.get("chunks"), signature["size"]
        expected = -(-size // chunk_size) if size > chunk_size else 0
        if not is_sha256(sha) or not isinstance(chunks, list) or len(chunks) != expected \
                or not all(is_sha256(c) for c in chunks):
            return None
        return FileHashes(sha, size, tuple(chunks))
