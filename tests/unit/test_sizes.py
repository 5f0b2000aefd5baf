"""library/sizes.py: sizes in Vietnamese wording, shared by the phone pages and the panel."""

from __future__ import annotations

from library.sizes import human_size


def test_human_size() -> None:
    assert human_size(512) == "512 byte"
    assert human_size(2_516_582) == "2,4 MB"
    assert human_size(1024) == "1 KB"
    assert human_size(3 * 1024**4) == "3072 GB"  # no unit beyond GB
