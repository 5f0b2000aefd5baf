"""Turn a file into what the catalog needs: metadata, per-page text, cover.

`extract(path)` is the one entry point used by `add`, the demo loader and
pack import. Text files are read here; everything MuPDF opens is read in
the document engine's worker process (`library.documents`), so a hostile
file can crash or hang only the worker.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from dataclasses import dataclass, field
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
COVER_WIDTH = 360
#: Fewer extracted characters than this per page marks a document as scanned.
SCANNED_CHARS_PER_PAGE = 8


@dataclass
class Extraction:
    """What one file says about itself."""

    media_type: str
    kind: str
    page_count: int = 0
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    pages: list[str] = field(default_factory=list)  # text of page 1, 2, …
    cover_png: bytes | None = None
    scanned: bool = False
    duration_s: float | None = None


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
    guessed, _ = mimetypes.guess_type(path.name)
    raise DocumentError(
        f"{path.name}: not a supported document ({guessed or 'unknown type'})",
        message_vi="Định dạng tệp này không được hỗ trợ.",
    )


def looks_scanned(media_type: str, pages: list[str]) -> bool:
    """Whether pages of text are too thin to be a text layer (images never are scanned)."""
    if media_type.startswith("image/"):
        return False
    return sum(len(p.strip()) for p in pages) < SCANNED_CHARS_PER_PAGE * len(pages)


def _extract_text_file(path: Path, media_type: str, kind: str) -> Extraction:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: not UTF-8 text") from exc
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n")
    if not text.strip():
        raise DocumentError(f"{path.name}: the file is empty")
    first_line = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    return Extraction(
        media_type=media_type, kind=kind, page_count=1, title=first_line or None,
        pages=[text], summary=None,
    )


def check_nonempty_file(path: Path) -> None:
    """`DocumentError` unless `path` is a file with at least one byte."""
    if not path.is_file():
        raise DocumentError(f"{path}: no such file", message_vi="Không tìm thấy tệp.")
    if path.stat().st_size == 0:
        raise DocumentError(f"{path.name}: the file is empty")


def _extract_media(path: Path, media_type: str, kind: str) -> Extraction:
    """Duration and poster frame of a clip (ffprobe/ffmpeg; none if not installed)."""
    from .documents.media import probe

    media = probe(path)
    return Extraction(media_type=media_type, kind=kind, page_count=0,
                      duration_s=media.duration_s, cover_png=media.poster_png)


def extract(path: Path) -> Extraction:
    """Metadata, per-page text and cover of a file; `DocumentError` if unreadable.

    Text files are read here; video/audio go to ffprobe; everything MuPDF
    opens goes to the document worker process, so a hostile file can only
    take down the worker.
    """
    path = Path(path)
    check_nonempty_file(path)
    media_type, kind = media_info(path)
    suffix = path.suffix.lower()
    if suffix in MUPDF_TYPES:
        from .documents import default_engine  # the installed engine (the kiosk's) or a new one

        return default_engine().extract(path)
    if suffix in TEXT_TYPES:
        return _extract_text_file(path, media_type, kind)
    if kind in ("video", "audio"):
        return _extract_media(path, media_type, kind)
    return Extraction(media_type=media_type, kind=kind, page_count=0)
