"""Turn a file into what the catalog needs: metadata, per-page text, cover.

`extract(path)` is the one entry point used by `add`, the demo loader and
pack import. It runs MuPDF in this process for now; the document engine
moves the MuPDF part into its worker behind the same function, so callers
never change.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from collections.abc import Callable
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
MUPDF_TYPES = {".pdf", ".epub", ".xps", ".oxps", ".cbz", ".png", ".jpg", ".jpeg", ".webp"}
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


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


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


def _first_heading(page) -> str | None:  # noqa: ANN001 - a pymupdf.Page
    """The largest-font line near the top of the first page."""
    best: tuple[float, str] | None = None
    for block in page.get_text("dict").get("blocks", []):
        for line in block.get("lines", []):
            spans = line.get("spans", [])
            text = "".join(s.get("text", "") for s in spans).strip()
            if len(text) < 3:
                continue
            size = max(s.get("size", 0) for s in spans)
            if best is None or size > best[0] + 0.5:
                best = (size, text)
    return _clean(best[1]) if best else None


def _extract_mupdf(path: Path, media_type: str, kind: str) -> Extraction:
    import pymupdf  # imported here: commands that never open documents stay light

    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # MuPDF raises its own types for every kind of damage
        raise DocumentError(f"{path.name}: cannot open ({exc})") from exc
    with doc:
        if doc.needs_pass:
            raise DocumentError(f"{path.name}: the document is password-protected")
        if doc.page_count < 1:
            raise DocumentError(f"{path.name}: the document has no pages")
        meta = doc.metadata or {}
        pages: list[str] = []
        try:
            for page in doc:
                pages.append(unicodedata.normalize("NFKC", page.get_text("text")))
            first = doc[0]
            zoom = COVER_WIDTH / max(first.rect.width, 1)
            cover = first.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            cover_png = cover.tobytes("png")
            title = _clean(meta.get("title"))
            if not title and media_type.startswith(("application/pdf", "application/epub")):
                toc = doc.get_toc(simple=True)
                title = _clean(toc[0][1]) if toc else _first_heading(first)
        except Exception as exc:
            raise DocumentError(f"{path.name}: cannot read ({exc})") from exc
        authors = [a.strip() for a in (meta.get("author") or "").replace(";", ",").split(",")]
        text_chars = sum(len(p.strip()) for p in pages)
        is_image = media_type.startswith("image/")
        return Extraction(
            media_type=media_type,
            kind=kind,
            page_count=len(pages),
            title=title,
            authors=[a for a in authors if a],
            language=_clean(meta.get("language")) if meta.get("language") else None,
            summary=_clean(meta.get("subject")),
            pages=pages,
            cover_png=cover_png,
            scanned=not is_image and text_chars < SCANNED_CHARS_PER_PAGE * len(pages),
        )


def extract_in_process(path: Path) -> Extraction:
    """Read a file with MuPDF in the calling process (the fallback engine)."""
    if not path.is_file():
        raise DocumentError(f"{path}: no such file", message_vi="Không tìm thấy tệp.")
    if path.stat().st_size == 0:
        raise DocumentError(f"{path.name}: the file is empty")
    media_type, kind = media_info(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_TYPES:
        return _extract_text_file(path, media_type, kind)
    if suffix in MUPDF_TYPES:
        return _extract_mupdf(path, media_type, kind)
    return Extraction(media_type=media_type, kind=kind, page_count=0)


#: The engine `extract` uses; the document engine swaps in its worker here.
_engine: Callable[[Path], Extraction] = extract_in_process


def set_engine(engine: Callable[[Path], Extraction]) -> None:
    """Route extraction through another engine (the document worker)."""
    global _engine
    _engine = engine


def extract(path: Path) -> Extraction:
    """Metadata, per-page text and cover of a file; `DocumentError` if unreadable."""
    return _engine(Path(path))
