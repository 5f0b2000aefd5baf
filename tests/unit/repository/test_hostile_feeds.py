"""Plain OPDS feeds with odd attributes: a feed is someone else's XML.

An unreadable detail of one entry is ignored, never a traceback that stops
the whole crawl.
"""

from __future__ import annotations

import pytest

from library.repository.opds import ATOM, parse_feed


def _feed(length: str) -> bytes:
    return (f'<feed xmlns="{ATOM}"><entry><id>a</id><title>Sổ tay</title>'
            '<link rel="http://opds-spec.org/acquisition" type="application/pdf" '
            f'href="so-tay.pdf" length="{length}"/></entry></feed>').encode()


@pytest.mark.parametrize("length", ["²", "١٢", "1" * 5000, "-5", "12 KB", ""])
def test_a_length_that_is_no_byte_count_is_ignored(length: str) -> None:
    [entry], _follow = parse_feed(_feed(length), "http://thu-vien.example/opds")
    assert entry.href == "http://thu-vien.example/so-tay.pdf" and entry.size is None


def test_a_byte_count_is_read() -> None:
    [entry], _follow = parse_feed(_feed("524288"), "http://thu-vien.example/opds")
    assert entry.size == 524288
