"""Rate and download limits (with a fake clock) and the header helpers."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from library.catalog import Item
from library.handoff.headers import (
    ascii_fallback,
    content_disposition,
    content_type,
    download_name,
)
from library.handoff.limits import MAX_CLIENTS, DownloadSlots, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_burst_then_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(60, 3, clock=clock)  # one per second after three at once
    assert [limiter.allow("a") for _ in range(3)] == [0, 0, 0]
    wait = limiter.allow("a")
    assert wait == pytest.approx(1.0)
    assert limiter.allow("b") == 0  # another phone is not affected
    clock.now += 1.0
    assert limiter.allow("a") == 0
    assert limiter.allow("a") > 0


def test_client_table_is_bounded() -> None:
    limiter = RateLimiter(60, 3, clock=Clock())
    for n in range(MAX_CLIENTS + 50):
        limiter.allow(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._buckets) == MAX_CLIENTS


def test_download_slots() -> None:
    slots = DownloadSlots(total=3, per_client=2)
    assert slots.acquire("a") is None and slots.acquire("a") is None
    assert slots.acquire("a") == "client"
    assert slots.acquire("b") is None
    assert slots.acquire("c") == "server"
    slots.release("a")
    assert slots.acquire("c") is None
    assert slots.in_flight == 3


@pytest.mark.parametrize(("title", "filename", "media", "expected"), [
    ("Sổ tay đảng viên", "x.pdf", "application/pdf", "Sổ tay đảng viên.pdf"),
    ("../../etc/passwd", "a.PDF", "", "etc passwd.pdf"),
    ("C:\\Windows\\a<b>|c?", "v.mp4", "video/mp4", "C Windows a b c.mp4"),
    ("   ", "", "application/epub+zip", "id.epub"),
    ("Bản tin", "", "", "Bản tin"),
    ("Ảnh", "anh.weird-extension", "image/png", "Ảnh.png"),
])
def test_download_name(title: str, filename: str, media: str, expected: str) -> None:
    item = Item(id="id", title=title, kind="book", filename=filename, media_type=media)
    assert download_name(item) == expected


def test_long_titles_are_cut_keeping_the_extension() -> None:
    name = download_name(Item(id="x", title="Đ" * 500, kind="book", filename="a.pdf"))
    assert name.endswith(".pdf") and len(name) <= 120


def test_content_disposition_round_trip() -> None:
    value = content_disposition("Nông sản; giá “tuần” 100%.pdf", attachment=True)
    value.encode("ascii")
    assert value.startswith('attachment; filename="Nong san_ gia _tuan_ 100_.pdf"')
    encoded = value.split("filename*=UTF-8''", 1)[1]
    assert ";" not in encoded and " " not in encoded
    assert unquote(encoded) == "Nông sản; giá “tuần” 100%.pdf"
    assert ascii_fallback("Đường Đà Lạt") == "Duong Da Lat"
    assert ascii_fallback("汉字") == "tai-lieu"
    assert ascii_fallback("📚.pdf") == "tai-lieu.pdf"  # never a hidden ".pdf"
    assert ascii_fallback("Сказка.epub") == "tai-lieu.epub"


@pytest.mark.parametrize(("media", "filename", "expected"), [
    ("application/pdf", "", "application/pdf"),
    ("text/plain", "", "text/plain; charset=utf-8"),
    ("", "a.epub", "application/epub+zip"),
    ("application/octet-stream", "clip.mp4", "video/mp4"),
    ("", "", "application/octet-stream"),
])
def test_content_type(media: str, filename: str, expected: str) -> None:
    assert content_type(Item(id="x", title="t", kind="book", media_type=media,
                             filename=filename)) == expected



@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["a.pdf", "b.EPUB", "", "c.tar.gz", "x."]))
def test_any_title_gives_a_safe_header(title: str, filename: str) -> None:
    item = Item(id="muc", title=title, kind="book", filename=filename)
    name = download_name(item)
    assert name and "/" not in name and "\\" not in name and len(name) <= 120
    value = content_disposition(name, attachment=True)
    value.encode("ascii")
    assert "\r" not in value and "\n" not in value
    encoded = value.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == name
