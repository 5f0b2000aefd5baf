"""Re-publishing reads only the files that changed (`hash_cache.HashCache`)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from library.repository import hash_cache
from library.repository.hash_cache import CACHE_NAME, HashCache, file_hashes
from library.repository.keys import PrivateKey
from library.repository.publish import publish

from .helpers import CHUNK, index_of, make_wav

SIZE = 5 * CHUNK + 123  # six chunks


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files whose bytes publish hashes (every other read is from the cache).
    Files count as settled at once (the racy window is the next test's business)."""
    names: list[str] = []
    real = hash_cache.file_hashes

    def spy(path: Path, chunk_size: int):
        names.append(path.name)
        return real(path, chunk_size)

    monkeypatch.setattr(hash_cache, "file_hashes", spy)
    monkeypatch.setattr(hash_cache, "RACY_NS", 0)
    return names


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "src"
    src.mkdir()
    for n in range(3):
        make_wav(src / f"ban-tin-{n}.wav", SIZE, n)
    return src, tmp_path / "repo"


KEY = PrivateKey.generate()


def _publish(src: Path, out: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Publish; return each item's object sha256 and chunk hashes as the index has them."""
    publish(src, out, KEY, repository="vn.test", chunk_size=CHUNK)
    return {i.data["filename"]: (i.object.sha256, i.object.chunks)
            for i in index_of(out).items}


def _true_hashes(path: Path) -> tuple[str, tuple[str, ...]]:
    data = path.read_bytes()
    return (hashlib.sha256(data).hexdigest(),
            tuple(hashlib.sha256(data[i:i + CHUNK]).hexdigest()
                  for i in range(0, len(data), CHUNK)))


def test_an_unchanged_republish_reads_no_document(folders, reads: list[str]) -> None:
    src, out = folders
    first = _publish(src, out)
    assert sorted(reads) == ["ban-tin-0.wav", "ban-tin-1.wav", "ban-tin-2.wav"]
    reads.clear()
    assert _publish(src, out) == first
    assert reads == []
    assert first["ban-tin-1.wav"] == _true_hashes(src / "ban-tin-1.wav")
    assert len(first["ban-tin-1.wav"][1]) == 6


def _same_size_new_bytes(path: Path, seed: int) -> None:
    """Rewrite `path` in place, same size, then set its times back (`touch -d`)."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[-CHUNK:] = hashlib.sha256(str(seed).encode()).digest() * (CHUNK // 32)
    with path.open("r+b") as fh:  # in place: same inode
        fh.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_ino == st.st_ino and path.stat().st_mtime_ns == st.st_mtime_ns


def _grow(path: Path) -> None:
    with path.open("ab") as fh:
        fh.write(b"\0" * 10)


def _new_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _new_inode(path: Path) -> None:
    """Replaced by a copy with the same bytes and times: a new inode."""
    copy = path.with_suffix(".tmp")
    shutil.copy2(path, copy)
    os.replace(copy, path)


@pytest.mark.parametrize("change", [_grow, _new_mtime, _new_inode], ids=["size", "mtime", "inode"])
def test_a_changed_size_mtime_or_inode_is_read_again(folders, reads: list[str], change) -> None:
    src, out = folders
    _publish(src, out)
    reads.clear()
    change(src / "ban-tin-1.wav")
    republished = _publish(src, out)
    assert reads == ["ban-tin-1.wav"]
    assert republished["ban-tin-1.wav"] == _true_hashes(src / "ban-tin-1.wav")


@pytest.mark.skipif(os.name != "posix", reason="ctime is the change time on POSIX only")
def test_bytes_changed_in_place_with_the_mtime_set_back_are_seen_through_ctime(
        folders, reads: list[str]) -> None:
    src, out = folders
    before = _publish(src, out)
    reads.clear()
    _same_size_new_bytes(src / "ban-tin-2.wav", 7)
    after = _publish(src, out)
    assert reads == ["ban-tin-2.wav"]
    assert after["ban-tin-2.wav"] != before["ban-tin-2.wav"]
    assert after["ban-tin-2.wav"] == _true_hashes(src / "ban-tin-2.wav")


def test_another_chunk_size_reads_again(folders, reads: list[str]) -> None:
    src, out = folders
    _publish(src, out)
    reads.clear()
    publish(src, out, KEY, chunk_size=CHUNK * 2)
    assert sorted(reads) == ["ban-tin-0.wav", "ban-tin-1.wav", "ban-tin-2.wav"]
    item = next(i for i in index_of(out).items if i.data["filename"] == "ban-tin-0.wav")
    assert len(item.object.chunks) == 3


def _one_digit_changed(raw: bytes) -> bytes:
    """Still valid JSON, one chunk hash wrong: only the file's own checksum tells."""
    at = raw.index(b'"chunks": ["') + len(b'"chunks": ["')
    return raw[:at] + (b"1" if raw[at:at + 1] == b"0" else b"0") + raw[at + 1:]


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],
    _one_digit_changed,
    lambda raw: b"\x00" * len(raw),
    lambda raw: raw.replace(b'"format": 1', b'"format": 99'),
], ids=["truncated", "one-digit", "zeroed", "other-format"])
def test_a_damaged_cache_is_ignored_and_rebuilt(folders, reads: list[str], damage) -> None:
    src, out = folders
    first = _publish(src, out)
    cache = out / CACHE_NAME
    cache.write_bytes(damage(cache.read_bytes()))
    reads.clear()
    assert _publish(src, out) == first
    assert sorted(reads) == ["ban-tin-0.wav", "ban-tin-1.wav", "ban-tin-2.wav"]
    rebuilt = json.loads(cache.read_bytes())
    assert len(rebuilt["files"]) == 3 and not cache.stat().st_mode & 0o022
    reads.clear()
    _publish(src, out)
    assert reads == []


def test_an_entry_with_a_matching_stat_but_a_malformed_hash_is_not_used(folders,
                                                                        reads: list[str]) -> None:
    src, out = folders
    first = _publish(src, out)
    data = json.loads((out / CACHE_NAME).read_bytes())
    for entry in data["files"].values():
        entry["chunks"] = entry["chunks"][:-1]  # one chunk short of its size
    data["sha256"] = hash_cache._checksum(data["files"])
    (out / CACHE_NAME).write_text(json.dumps(data))
    reads.clear()
    assert _publish(src, out) == first
    assert len(reads) == 3


def test_a_file_written_just_now_is_hashed_but_not_remembered(tmp_path: Path) -> None:
    fresh = make_wav(tmp_path / "moi.wav", SIZE, 1)  # its times are now: a racy entry
    cache = HashCache()
    assert cache.hashes(fresh, CHUNK) == file_hashes(fresh, CHUNK)
    cache.save(tmp_path)
    assert json.loads((tmp_path / CACHE_NAME).read_bytes())["files"] == {}


def test_files_no_longer_published_leave_the_cache(folders, reads: list[str]) -> None:
    src, out = folders
    _publish(src, out)
    (src / "ban-tin-0.wav").unlink()
    _publish(src, out)
    names = {Path(k).name for k in json.loads((out / CACHE_NAME).read_bytes())["files"]}
    assert names == {"ban-tin-1.wav", "ban-tin-2.wav"}


def test_small_files_have_no_chunks(tmp_path: Path) -> None:
    small = tmp_path / "a.txt"
    small.write_bytes(b"x" * CHUNK)
    assert file_hashes(small, CHUNK).chunks == ()
    small.write_bytes(b"x" * (CHUNK + 1))
    assert len(file_hashes(small, CHUNK).chunks) == 2
