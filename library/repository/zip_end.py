"""The end of a zip file: how many entries it declares, read before anything else.

A zip's table of contents (the central directory) sits at its end, and its
last bytes, the end-of-central-directory record, say how many entries the
directory holds, how large it is and where it starts (APPNOTE.TXT 4.3.16).
`zipfile.ZipFile` reads the whole directory into memory and builds an object
for every entry before a caller can look at one name; a pack must be refused
before that when it declares more than a content pack can hold. This module
reads only the record (at most 64 KiB of comment plus 98 bytes from the end of
the file), with the ZIP64 record (4.3.14) and its locator (4.3.15) where a zip
has them, which is where archives of more than 65,535 entries or 4 GiB keep
their counts.

It finds the record where zipfile does (the last signature in the tail, see
`zipfile._EndRecData`), so the figures it gives are those zipfile then uses.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

_END = struct.Struct("<4s4H2LH")  # signature, disks, entries here/total, size, offset, comment
_END_SIGNATURE = b"PK\x05\x06"
_LOCATOR = struct.Struct("<4sLQL")  # signature, disk of the ZIP64 record, its offset, disks
_LOCATOR_SIGNATURE = b"PK\x06\x07"
_END64 = struct.Struct("<4sQ2H2L4Q")  # signature, record size, versions, disks, entries…
_END64_SIGNATURE = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class EndRecord:
    """What the end of a zip declares of its central directory."""

    entries: int
    directory_size: int
    directory_offset: int
    zip64: bool


def read_end(fh: BinaryIO) -> EndRecord | None:
    """The end record of the zip open in `fh` (seekable, binary), or None where the
    file has none (not a zip, or one cut short); ZIP64 figures where present."""
    fh.seek(0, 2)
    length = fh.tell()
    if length < _END.size:
        return None
    tail_start = max(0, length - _END.size - _MAX_COMMENT)
    fh.seek(tail_start)
    tail = fh.read()
    # without a comment the record is the last 22 bytes; else the last signature before
    at = len(tail) - _END.size
    if tail[at:at + 4] != _END_SIGNATURE:
        at = tail.rfind(_END_SIGNATURE, 0, len(tail) - _END.size + len(_END_SIGNATURE))
        if at < 0:
            return None
    (_sig, _disk, _cd_disk, _here, entries, size, offset,
     _comment) = _END.unpack_from(tail, at)
    record = EndRecord(entries, size, offset, zip64=False)
    # a ZIP64 locator sits right before the record, the ZIP64 record right before that
    end_at = tail_start + at
    if end_at < _LOCATOR.size + _END64.size:
        return record
    fh.seek(end_at - _LOCATOR.size - _END64.size)
    before = fh.read(_LOCATOR.size + _END64.size)
    locator = _LOCATOR.unpack_from(before, _END64.size)
    if locator[0] != _LOCATOR_SIGNATURE:
        return record
    end64 = _END64.unpack_from(before, 0)
    if end64[0] != _END64_SIGNATURE:
        return record  # zipfile refuses such a file itself
    _sig, _size, _made, _needed, _disk, _cd_disk, _here, entries, size, offset = end64
    return EndRecord(entries, size, offset, zip64=True)
