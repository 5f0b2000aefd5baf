"""Packs crafted (or damaged) beyond what `cafesach pack` writes.

Each must be refused with one line naming the pack — never a traceback,
never "cannot write" for a pack that could not be read — and leave the
catalog, the objects and staging exactly as they were.
"""

from __future__ import annotations

import errno
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from library.errors import LibraryError, PackError
from library.repository import index as idx
from library.repository import sources
from library.repository.importer import import_from

from .helpers import World, assert_untouched, snapshot


def _entries(pack: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(pack) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _rewrite(pack: Path, out: Path, *, method: int = zipfile.ZIP_DEFLATED,
             index: bytes | None = None) -> Path:
    """The pack's entries again, every one compressed with `method`."""
    with zipfile.ZipFile(out, "w") as zout:
        for info, data in _entries(pack):
            if info.filename == idx.INDEX_NAME and index is not None:
                data = index
            zout.writestr(info.filename, data, compress_type=method)
    return out


def _damage(pack: Path, name: str) -> Path:
    """Flip bytes in the middle of entry `name`'s compressed data."""
    data = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for at in range(middle, min(middle + 64, start + info.compress_size)):
        data[at] ^= 0x5A
    pack.write_bytes(bytes(data))
    return pack


def _set_method(pack: Path, name: str, method: int) -> Path:
    """Mark entry `name` as compressed with `method` in both of its headers."""
    data = bytearray(pack.read_bytes())
    encoded, at, marked = name.encode(), 0, 0
    while (at := data.find(encoded, at + 1)) > 0:
        if data[at - 30:at - 26] == b"PK\x03\x04":  # local header: name at offset 30
            struct.pack_into("<H", data, at - 30 + 8, method)
            marked += 1
        elif data[at - 46:at - 42] == b"PK\x01\x02":  # central directory: at offset 46
            struct.pack_into("<H", data, at - 46 + 10, method)
            marked += 1
    assert marked == 2
    pack.write_bytes(bytes(data))
    return pack


def _largest_object(pack: Path) -> str:
    with zipfile.ZipFile(pack) as zf:
        return max((i for i in zf.infolist() if i.filename != idx.INDEX_NAME),
                   key=lambda i: i.file_size).filename


def _refused(paths: Any, catalog: Any, pack: Path, words: str) -> PackError:
    before = snapshot(paths)
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, str(pack))
    assert isinstance(caught.value, PackError), caught.value
    assert words in str(caught.value)
    assert "cannot write" not in str(caught.value)
    assert_untouched(before, paths)
    return caught.value


@pytest.mark.parametrize("method", [9, 99])  # Deflate64, AES: zipfile reads neither
@pytest.mark.parametrize("entry", ["index", "object"])
def test_a_compression_method_zipfile_cannot_read_is_one_line(
        world: World, station, tmp_path: Path, method: int, entry: str) -> None:
    paths, catalog = station
    pack = tmp_path / "p.zip"
    pack.write_bytes(world.pack_v1.read_bytes())
    name = idx.INDEX_NAME if entry == "index" else _largest_object(pack)
    _set_method(pack, name, method)
    _refused(paths, catalog, pack, f"compressed with a method this station cannot read "
                                   f"({method})")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                    zipfile.ZIP_LZMA])
def test_a_damaged_compressed_index_is_named(world: World, station, tmp_path: Path,
                                             method: int) -> None:
    paths, catalog = station
    pack = _damage(_rewrite(world.pack_v1, tmp_path / "p.zip", method=method), idx.INDEX_NAME)
    _refused(paths, catalog, pack, "the index entry is damaged")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                    zipfile.ZIP_LZMA])
def test_a_damaged_compressed_object_names_the_pack(world: World, station, tmp_path: Path,
                                                    method: int) -> None:
    paths, catalog = station
    pack = _rewrite(world.pack_v1, tmp_path / "p.zip", method=method)
    error = _refused(paths, catalog, _damage(pack, _largest_object(pack)), "cannot read")
    assert "p.zip" in str(error) and "USB" in error.message_vi


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_damaged_entry_header_is_named_without_zipfiles_words(
        world: World, station, tmp_path: Path, method: int) -> None:
    """zipfile's «Bad magic number for file header» stood in the line; a stored entry (every
    object `pack` writes) said «invalid or altered» of the same damage, not «copy it again»."""
    paths, catalog = station
    pack = _rewrite(world.pack_v1, tmp_path / "p.zip", method=method)
    name = _largest_object(pack)
    data = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        data[zf.getinfo(name).header_offset + 2] ^= 0xFF  # its local header's signature
    pack.write_bytes(bytes(data))
    error = _refused(paths, catalog, pack, f"p.zip: cannot read {name}: it is damaged, or "
                                           "the stick was pulled out; copy it onto the stick "
                                           "again")
    assert "magic" not in str(error).lower() and "USB" in error.message_vi


def test_a_read_error_on_the_stick_is_not_called_a_write_error(
        world: World, station, monkeypatch: pytest.MonkeyPatch) -> None:
    """EIO from a stick pulled out mid-object: the pack could not be read, the disk is fine."""
    paths, catalog = station

    def fail(self: object, n: int = -1) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sources._Bounded, "read", fail)
    _refused(paths, catalog, world.pack_v1, "Input/output error")


def test_a_read_error_on_the_index_says_to_copy_the_pack_again(
        world: World, station, monkeypatch: pytest.MonkeyPatch) -> None:
    """EIO while the index is read (a stick pulled out) said «invalid or altered», as of a
    pack someone tampered with; it is told as any entry that cannot be read."""
    paths, catalog = station

    def fail(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sources.zipfile.ZipFile, "open", fail)
    error = _refused(paths, catalog, world.pack_v1, f"{world.pack_v1.name}: cannot read the "
                                                    "index (Input/output error): it is damaged")
    assert "USB" in error.message_vi and "chép lại" in error.message_vi


def test_a_zip_of_more_entries_than_any_pack_is_refused_before_listing_them(
        world: World, station, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted from the zip's end record: zipfile would first build every entry in memory."""
    paths, catalog = station
    with zipfile.ZipFile(world.pack_v1) as zf:
        count = len(zf.infolist())
    monkeypatch.setattr(sources, "MAX_ENTRIES", count - 1)
    _refused(paths, catalog, world.pack_v1, f"holds {count} entries")
    monkeypatch.undo()
    assert sources.MAX_ENTRIES >= 1 + 3 * idx.MAX_ITEMS  # a full pack of the largest index


def _signed(world: World, mutate: Callable[[dict[str, Any]], None], *,
            dump: Callable[[dict[str, Any]], bytes] | None = None) -> bytes:
    doc = json.loads((world.repo_v1 / idx.INDEX_NAME).read_bytes())
    mutate(doc["signed"])
    if dump is None:
        return idx.sign(doc["signed"], world.key)
    return dump(doc)  # no signature can cover such a value: the published one stays


def _item(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(signed: dict[str, Any]) -> None:
        signed["items"][0][field] = value
    return mutate


def _top(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(signed: dict[str, Any]) -> None:
        signed[field] = value
    return mutate


ODD_NUMBERS = {
    "version-past-sqlite": (_top("version", 2**63), None, "version"),
    "page-count-past-sqlite": (_item("page_count", 2**64), None, "page_count"),
    "duration-past-sqlite": (_item("duration_s", 2**70), None, "duration_s"),
    "negative-duration": (_item("duration_s", -5), None, "duration_s"),
    "infinite-duration": (_item("duration_s", float("inf")),
                          lambda d: json.dumps(d, allow_nan=True).encode(), "Infinity"),
    "lone-surrogate": (_item("title", "Sổ\ud800tay"),
                       lambda d: json.dumps(d, ensure_ascii=True).encode(),
                       "not valid Unicode"),
}


@pytest.mark.parametrize("name", list(ODD_NUMBERS))
def test_a_signed_index_with_values_the_catalog_cannot_hold_is_refused(
        world: World, station, tmp_path: Path, name: str) -> None:
    """Signed by the trusted publisher (a bug in another publishing tool), yet the
    commit would fail half-way with an overflow or an encoding error."""
    paths, catalog = station
    mutate, dump, words = ODD_NUMBERS[name]
    raw = _signed(world, mutate, dump=dump)
    pack = _rewrite(world.pack_v1, tmp_path / "p.zip", index=raw)
    _refused(paths, catalog, pack, words)
