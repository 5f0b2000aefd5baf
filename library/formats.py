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
}
TEXT_TYPES = {".txt", ".md"}


def sniff_suffix(head: bytes) -> str | None:
    """The file ending a file's first bytes say it has, or None.

    Objects in the store have no name, so the format is read from the content:
    the document worker needs it to pick a MuPDF handler, the handoff server
    to send the right content type.
    """
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head[:100]:
            return ".epub"
        return ".xps" if b"FixedDocumentSequence" in head or b"_rels/.rels" in head else ".cbz"
    return None


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
