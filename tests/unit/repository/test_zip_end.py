"""The zip end record, ZIP64 included, read before zipfile lists a pack's entries."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from library.errors import LibraryError, PackError
from library.repository import sources
from library.repository.importer import import_from
from library.repository.zip_end import read_end

from .helpers import World, assert_untouched, snapshot

_END = struct.Struct("<4s4H2LH")


def with_zip64_end(data: bytes, *, entries: int | None = None,
                   directory_size: int | None = None) -> bytes:
    """`data` (a zip without a comment) with a ZIP64 end record and locator put before its
    end record, whose own fields then say "see ZIP64" (0xFFFF…), as a zip of more than
    65,535 entries or 4 GiB is written; `entries`/`directory_size` declare other figures."""
    at = len(data) - _END.size
    sig, disk, cd_disk, _here, total, size, offset, comment = _END.unpack_from(data, at)
    assert sig == b"PK\x05\x06" and comment == 0
    count = total if entries is None else entries
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                         size if directory_size is None else directory_size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = _END.pack(sig, disk, cd_disk, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:at] + record + locator + end


def small_zip(names: list[str], comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in names:
            zf.writestr(name, name.encode())
        zf.comment = comment
    return out.getvalue()


def test_the_record_is_what_zipfile_reads() -> None:
    for data in (small_zip(["a", "b", "c"]), small_zip(["a", "b"], comment=b"a comment")):
        end = read_end(io.BytesIO(data))
        assert end is not None and not end.zip64
        assert end.entries == len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert read_end(io.BytesIO(b"")) is None
    assert read_end(io.BytesIO(b"not a zip at all, " * 10)) is None
    assert read_end(io.BytesIO(small_zip(["a"])[:-5])) is None  # cut short: no record


def test_a_zip64_end_record_is_read() -> None:
    data = with_zip64_end(small_zip(["a", "b", "c"]))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # a valid zip to zipfile too
        assert zf.namelist() == ["a", "b", "c"] and zf.read("b") == b"b"
    end = read_end(io.BytesIO(data))
    assert end is not None and end.zip64 and end.entries == 3
    assert end.directory_size < 200


def test_a_zip_zipfile_writes_with_zip64_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # zipfile writes the ZIP64 end past 65,535 entries: that limit, lowered, makes it
    # write one for three
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
    data = small_zip(["a", "b", "c"])
    assert b"PK\x06\x06" in data[-200:]
    end = read_end(io.BytesIO(data))
    assert end is not None and end.zip64 and end.entries == 3


def test_a_pack_with_a_zip64_end_imports(world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    pack = tmp_path / "zip64.zip"
    pack.write_bytes(with_zip64_end(world.pack_v1.read_bytes()))
    result = import_from(paths, catalog, str(pack))
    assert result.status == "imported" and result.added


@pytest.mark.parametrize(("declared", "words"), [
    ({"entries": 500_000}, "holds 500000 entries"),
    ({"directory_size": 2**40}, "its table of contents takes 1099511627776 bytes"),
])
def test_a_zip64_pack_declaring_too_much_is_refused_before_zipfile_reads_it(
        world: World, station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        declared: dict[str, int], words: str) -> None:
    paths, catalog = station
    pack = tmp_path / "huge.zip"
    pack.write_bytes(with_zip64_end(world.pack_v1.read_bytes(), **declared))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile read the directory of a pack it should have refused")

    monkeypatch.setattr(sources.zipfile, "ZipFile", never)
    before = snapshot(paths)
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, str(pack))
    assert isinstance(caught.value, PackError) and words in str(caught.value)
    assert_untouched(before, paths)
