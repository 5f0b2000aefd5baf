from pathlib import Path

import pytest

from library.errors import DocumentError
from library.extract import SCANNED_CHARS_PER_PAGE, looks_scanned
from library.formats import content_suffix, media_info, sniff_suffix


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
        (b"GIF89a\x01\x00\x01\x00", ".gif"),
        (b"II*\x00\x08\x00\x00\x00", ".tiff"),
        (b"MM\x00*\x00\x00\x00\x08", ".tiff"),
        (b"BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00" + b"\x00" * 12, ".bmp"),
        (b"BMW is a car", None),
        (b"\xff\xd8\xff\xe1\x00\x40Exif comment: %PDF-1.4", ".jpg"),  # a photo stays a photo
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


@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [
        ("scan.jpg", b"%PDF-1.7\n", ".pdf"),  # a scanner's PDF saved with a photo's ending
        ("anh.png", b"\xff\xd8\xff\xe0\x00\x10JFIF", ".jpg"),
        ("anh.JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF", ".jpeg"),  # the name agrees
        ("ban-tin.txt", b"%PDF-1.4\n%\xc2\xb5", ".pdf"),
        ("ban-tin.txt", b"Tep mau: %PDF-1.4 la dau tep PDF", ".txt"),  # only words about PDF
        ("sach.epub", b"PK\x03\x04" + b"\x00" * 26 + b"OEBPS/content.opf", ".epub"),
        ("truyen.cbz", b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip", ".cbz"),
        ("tai-lieu.oxps", b"PK\x03\x04" + b"\x00" * 26 + b"_rels/.rels", ".oxps"),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", ".mp4"),
        ("bao-cao.docx", b"PK\x03\x04" + b"\x00" * 26 + b"_rels/.rels", ".docx"),  # refused
        ("sach.zip", b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip", ".epub"),
        ("khong-ro", b"%PDF-1.7\n", ".pdf"),
    ],
)
def test_content_suffix_trusts_sure_content_over_the_name(tmp_path: Path, name: str,
                                                          content: bytes, suffix: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert content_suffix(path) == suffix


def test_a_folder_is_named_a_folder(tmp_path: Path) -> None:
    from library.extract import check_nonempty_file

    with pytest.raises(DocumentError, match="is a folder"):
        check_nonempty_file(tmp_path)


def test_a_text_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A 2 GB `.txt` (sparse here) was read whole: 4 GB of memory, then a traceback."""
    from library.extract import MAX_TEXT_BYTES, extract

    huge = tmp_path / "lon.txt"
    with huge.open("wb") as fh:
        fh.truncate(2 * 1024**3)
    with pytest.raises(DocumentError, match=r"lon\.txt: a text of 2 GB; .* up to 80 MB") as err:
        extract(huge)
    assert "quá lớn" in err.value.message_vi
    fits = tmp_path / "vua.txt"
    fits.write_text("Bản tin\n" + "x" * 100, encoding="utf-8")
    assert extract(fits).title == "Bản tin" and MAX_TEXT_BYTES == 80 * 1024 * 1024
