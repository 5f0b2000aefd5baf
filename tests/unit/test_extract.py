from pathlib import Path

import pytest

from library.errors import DocumentError
from library.extract import SCANNED_CHARS_PER_PAGE, looks_scanned
from library.formats import media_info, sniff_suffix


@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", ".pdf"),
        (b"\n\n%PDF-1.4", ".pdf"),  # junk before the header is allowed, as in readers
        (b"\x89PNG\r\n\x1a\n\x00\x00", ".png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ".jpg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", ".webp"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip", ".epub"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"FixedDocumentSequence.fdseq", ".xps"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"page001.jpg", ".cbz"),
        (b"hello, world", None),
        (b"", None),
    ],
)
def test_sniff_suffix(head: bytes, suffix: str | None) -> None:
    assert sniff_suffix(head) == suffix


def test_media_info_by_name() -> None:
    assert media_info(Path("Sổ tay.PDF")) == ("application/pdf", "book")
    assert media_info(Path("tin.txt"))[1] == "bulletin"
    with pytest.raises(DocumentError, match="not a supported document"):
        media_info(Path("virus.exe"))


def test_looks_scanned_by_characters_per_page() -> None:
    thin = "x" * (SCANNED_CHARS_PER_PAGE - 1)
    assert looks_scanned("application/pdf", [thin, "  \n"])
    assert not looks_scanned("application/pdf", [thin, "x" * (SCANNED_CHARS_PER_PAGE + 1)])
    assert not looks_scanned("image/png", [""])  # a picture is shown, never "scanned"
