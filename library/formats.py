"""The file formats the station takes: their endings, media types, and how to tell them
from their first bytes.

Apart from the extraction code so that the kiosk can name a cover's format
at launch without importing what extraction needs.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentError

#: File endings the station accepts, with their media type and default kind.
FORMATS: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "book"),
    ".epub": ("application/epub+zip", "book"),
    ".xps": ("application/vnd.ms-xpsdocument", "document"),
    ".oxps": ("application/oxps", "document"),
    ".cbz": ("application/vnd.comicbook+zip", "document"),
    ".png": ("image/png", "infographic"),
    ".jpg": ("image/jpeg", "infographic"),
    ".jpeg": ("image/jpeg", "infographic"),
    ".webp": ("image/webp", "infographic"),
    ".gif": ("image/gif", "infographic"),
    ".tif": ("image/tiff", "infographic"),
    ".tiff": ("image/tiff", "infographic"),
    ".bmp": ("image/bmp", "infographic"),
    ".txt": ("text/plain", "bulletin"),
    ".md": ("text/markdown", "bulletin"),
    ".mp4": ("video/mp4", "video"),
    ".webm": ("video/webm", "video"),
    ".mkv": ("video/x-matroska", "video"),
    ".mp3": ("audio/mpeg", "audio"),
    ".ogg": ("audio/ogg", "audio"),
    ".oga": ("audio/ogg", "audio"),
    ".wav": ("audio/wav", "audio"),
}
#: File endings MuPDF opens, with the file type MuPDF is told to read them as.
MUPDF_TYPES: dict[str, str] = {
    ".pdf": "pdf", ".epub": "epub", ".xps": "xps", ".oxps": "xps", ".cbz": "cbz",
    ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".webp": "webp",
    ".gif": "gif", ".tif": "tiff", ".tiff": "tiff", ".bmp": "bmp",
}
TEXT_TYPES = {".txt", ".md"}


def sniff_suffix(head: bytes) -> str | None:
    """The file ending a file's first bytes say it has, or None.

    Objects in the store have no name, so the format is read from the content:
    the document worker needs it to pick a MuPDF handler, the handoff server
    to send the right content type. Signatures that must stand at the very
    start are tried first, so a photo whose metadata happens to hold
    ``%PDF-`` is still a photo.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return ".tiff"
    if head.startswith(b"BM") and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return ".bmp"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head[:100]:
            return ".epub"
        return ".xps" if b"FixedDocumentSequence" in head or b"_rels/.rels" in head else ".cbz"
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    return None


#: Endings of formats that are zip archives: their content cannot always tell them apart
#: (an EPUB whose `mimetype` entry is not first looks like a comic book), so the name decides.
_ZIP_SUFFIXES = frozenset({".epub", ".xps", ".oxps", ".cbz"})


def content_suffix(path: Path) -> str:
    """The ending that names a file's format: its content's where that is sure, else its name's.

    Files collected from many places carry wrong endings: a scanner's PDF
    saved as `.jpg`, a photo renamed `.png`, a PDF saved as `.txt`. Taken by
    the name, such a PDF became a picture without text and a phone was sent
    the wrong type. A name the content agrees with (`.jpeg`, `.oxps`) is kept.
    """
    name = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return name
    sniffed = sniff_suffix(head)
    if sniffed is None or sniffed == name:
        return name
    if sniffed in _ZIP_SUFFIXES and (name in _ZIP_SUFFIXES or (sniffed != ".epub" and name)):
        return name  # any zip "is" a comic book or XPS: a `.docx` is refused by its name
    if name in MUPDF_TYPES and MUPDF_TYPES[name] == MUPDF_TYPES[sniffed]:
        return name
    if sniffed == ".pdf" and name in FORMATS and not head.lstrip().startswith(b"%PDF-"):
        return name  # "%PDF-" somewhere in a text or a clip is no PDF header
    return sniffed


def content_media_info(path: Path) -> tuple[str, str, str]:
    """(format ending, media type, default kind) of a file, by its content where that
    is sure (`content_suffix`): a PDF named `.jpg` is a PDF."""
    suffix = content_suffix(path)
    named = path if suffix == path.suffix.lower() else path.with_suffix(suffix)
    return (suffix, *media_info(named))


def media_info(path: Path) -> tuple[str, str]:
    """(media type, default kind) for a file name; `DocumentError` if unsupported."""
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    import mimetypes  # only to name what was refused

    guessed, _ = mimetypes.guess_type(path.name)
    raise DocumentError(
        f"{path.name}: not a supported document ({guessed or 'unknown type'})",
        message_vi="Định dạng tệp này không được hỗ trợ.",
    )
