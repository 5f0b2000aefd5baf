"""Which media types are sent as opaque downloads: decided on the parsed type."""

from __future__ import annotations

import pytest

from library.catalog import Item
from library.handoff.headers import content_type, is_active

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

TABLE = [
    # active: a page that may run scripts in the station's origin
    ("text/html", True),
    ("application/xhtml+xml", True),
    ("image/svg+xml", True),
    ("text/xml", True),
    ("application/xml", True),
    ("application/rss+xml", True),
    ("application/xslt+xml", True),
    ("text/javascript", True),
    ("application/javascript", True),
    ("application/x-javascript", True),
    ("application/ecmascript", True),
    ("text/ecmascript", True),
    # ordinary files, though their names hold "xml", "script", "html" or "svg"
    (DOCX, False),
    (XLSX, False),
    (PPTX, False),
    ("application/postscript", False),
    ("application/vnd.ms-htmlhelp", False),
    ("application/x-svg-archive", False),
    ("application/xml-dtd", False),
    ("application/pdf", False),
    ("application/epub+zip", False),
    ("image/png", False),
    ("video/mp4", False),
    ("text/plain", False),
]


@pytest.mark.parametrize(("media", "active"), TABLE)
def test_active_is_decided_by_the_whole_type(media: str, active: bool) -> None:
    assert is_active(media) is active
    sent = content_type(Item(id="x", title="t", kind="document", media_type=media))
    if active:
        assert sent == "application/octet-stream"
    else:
        assert sent.split(";")[0] == media


@pytest.mark.parametrize(("media", "expected"), [
    ("TEXT/HTML; charset=utf-8", "application/octet-stream"),
    ("Image/SVG+XML", "application/octet-stream"),
    (f"{DOCX}; foo=bar", DOCX),
])
def test_parameters_and_case_do_not_change_the_decision(media: str, expected: str) -> None:
    assert content_type(Item(id="x", title="t", kind="document", media_type=media)) == expected


@pytest.mark.parametrize(("filename", "expected"), [
    ("bai.html", "application/octet-stream"),
    ("hinh.svg", "application/octet-stream"),
    ("bang.xlsx", XLSX),
    ("to-roi.docx", DOCX),
])
def test_types_guessed_from_the_name_follow_the_same_rule(filename: str, expected: str) -> None:
    assert content_type(Item(id="x", title="t", kind="document", filename=filename)) == expected
