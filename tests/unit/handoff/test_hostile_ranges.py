"""Range headers no phone sends, but a script on the open Wi-Fi can.

The header may be as long as a request line (8 KB): its numbers may have
thousands of digits, more than Python turns into an int, and its spaces
thousands. Either is ignored — the whole file, as for any Range not
understood — and never an unhandled error that drops the connection.
"""

from __future__ import annotations

import pytest

from library.handoff.server import MAX_RANGE_SPEC, HandoffServer, byte_range

from .conftest import Station, get

ODD = {
    "digits-first": "bytes=" + "1" * 5000 + "-",
    "digits-last": "bytes=0-" + "9" * 5000,
    "digits-suffix": "bytes=-" + "9" * 5000,
    "spaces": "bytes=" + " " * 8000 + "0-1",
}


@pytest.mark.parametrize("name", list(ODD))
def test_an_over_long_range_is_ignored(name: str) -> None:
    assert byte_range(ODD[name], 1000) is None


def test_a_range_of_the_longest_real_numbers_is_still_honoured() -> None:
    big = 2**63 - 1
    spec = f"{big - 9}-{big}"
    assert len(spec) <= MAX_RANGE_SPEC
    assert byte_range(f"bytes={spec}", big + 1) == (big - 9, big + 1)


@pytest.mark.parametrize("name", list(ODD))
def test_an_over_long_range_gets_the_whole_file(server: HandoffServer, station: Station,
                                               name: str) -> None:
    status, _, body = get(server, "/f/so-tay", {"Range": ODD[name]})
    assert status == 200 and body == station.pdf_bytes
    assert get(server, "/f/so-tay", {"Range": "bytes=0-9"})[2] == station.pdf_bytes[:10]
