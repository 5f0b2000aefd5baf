"""library/sizes.py: sizes in Vietnamese wording (the default), or English for the panel."""

from __future__ import annotations

import pytest

from library.sizes import human_size


def test_human_size() -> None:
    assert human_size(512) == "512 byte"
    assert human_size(2_516_582) == "2,4 MB"
    assert human_size(1024) == "1 KB"
    assert human_size(3 * 1024**4) == "3072 GB"  # no unit beyond GB


@pytest.mark.parametrize(("size", "vi", "en"), [
    (0, "0 byte", "0 bytes"),
    (1, "1 byte", "1 byte"),
    (11, "11 byte", "11 bytes"),
    (1024, "1 KB", "1 KB"),
    (1536, "1,5 KB", "1.5 KB"),
    (2_516_582, "2,4 MB", "2.4 MB"),
    (4 << 30, "4 GB", "4 GB"),
    (3 * 1024**4, "3072 GB", "3072 GB"),
])
def test_each_language_has_its_own_decimal_mark_and_plural(size: int, vi: str, en: str) -> None:
    assert human_size(size, language="vi") == vi
    assert human_size(size) == vi  # every caller that names no language keeps Vietnamese
    assert human_size(size, language="en") == en


def test_an_unknown_language_is_read_as_vietnamese() -> None:
    assert human_size(2_516_582, language="fr") == "2,4 MB"
