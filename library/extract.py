"""Turn a file into what the catalog needs: metadata, per-page text, cover.

`extract(path)` is the one entry point used by `add`, the demo loader and
pack import. Text files are read here; everything MuPDF opens is read in
the document engine's worker process (`library.documents`), so a hostile
file can crash or hang only the worker.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError
from .formats import MUPDF_TYPES, TEXT_TYPES, content_media_info

log = logging.getLogger(__name__)

COVER_WIDTH = 360
#: Fewer extracted characters than this per page marks a document as scanned.
SCANNED_CHARS_PER_PAGE = 8
#: How page text is laid out; an extraction kept from before a change is made again
#: (`publish` keeps extractions between runs). 2: MuPDF's blocks apart by a blank line,
#: so a heading stands apart from its paragraph (`documents.reader.page_blocks_text`).
#: 3: a paragraph printed with wide line spacing stays one (`documents.reader._paragraphs`).
#: 4: text typed in an old font encoding (TCVN3, VNI) comes out as Unicode
#: (`legacy_vietnamese`). 5: ... as the font each word is drawn in says
#: (`legacy_vietnamese.font_says`: Arial's text kept, `.VnTimeH`'s in capitals).
#: 6: a text file typed in an old encoding (TCVN3, VNI, Windows-1258), or with TCVN3's
#: look-alikes saved as UTF-8, comes out as Unicode (`legacy_vietnamese.readable_text_file`).
PAGE_TEXT_VERSION = 6


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
    #: A damaged PDF MuPDF had to rebuild to open: pages may be blank or missing.
    repaired: bool = False
    #: The old Vietnamese font encoding its text was typed in (`legacy_vietnamese.TCVN3`,
    #: `VNI`), converted to Unicode in `pages` and the metadata; None for Unicode text.
    legacy_encoding: str | None = None


def looks_scanned(media_type: str, pages: list[str]) -> bool:
    """Whether pages of text are too thin to be a text layer (images never are scanned)."""
    if media_type.startswith("image/"):
        return False
    return sum(len(p.strip()) for p in pages) < SCANNED_CHARS_PER_PAGE * len(pages)


#: The largest text file taken (`.txt`, `.md`): far beyond any bulletin or notice, and it
#: is read whole (a 2 GB text took 4 GB of memory and ended in a traceback). The same
#: size as the largest index a station reads, which carries such a text to stations.
MAX_TEXT_BYTES = 80 * 1024 * 1024


def _extract_text_file(path: Path, media_type: str, kind: str) -> Extraction:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        from .sizes import human_size

        raise DocumentError(
            f"{path.name}: a text of {human_size(size, 'en')}; the station takes texts of up "
            f"to {human_size(MAX_TEXT_BYTES, 'en')} (split it, or make it a PDF)",
            message_vi=f"Tệp văn bản quá lớn ({human_size(size)}); trạm nhận tệp đến "
                       f"{human_size(MAX_TEXT_BYTES)}.")
    from .legacy_vietnamese import readable_text_file  # its tables: only for a text file

    raw = path.read_bytes()
    try:
        # converted before NFKC, which would make TCVN3's «µ» (à) a Greek «μ»
        text, legacy_encoding = readable_text_file(raw)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: not UTF-8 text (save it again as UTF-8)",
                            message_vi="Tệp văn bản phải lưu dạng UTF-8.") from exc
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n")
    if not text.strip():
        raise DocumentError(f"{path.name}: the file is empty")
    first_line = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    return Extraction(
        media_type=media_type, kind=kind, page_count=1, title=first_line or None,
        pages=[text], summary=None, legacy_encoding=legacy_encoding,
    )


def check_nonempty_file(path: Path) -> None:
    """`DocumentError` unless `path` is a file with at least one byte."""
    if path.is_dir():
        raise DocumentError(f"{path} is a folder; give the files in it (e.g. {path}/*)",
                            message_vi="Đây là thư mục, hãy chọn tệp trong đó.")
    if path.exists() and not path.is_file():
        raise DocumentError(f"{path} is not a regular file (a device or a pipe)",
                            message_vi="Đây không phải là tệp thường.")
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
    suffix, media_type, kind = content_media_info(path)  # a PDF named `.jpg` is a PDF
    if suffix in MUPDF_TYPES:
        from .documents import default_engine  # the installed engine (the kiosk's) or a new one

        extraction = default_engine().extract(path)
        if extraction.repaired:  # it opens, but a visitor may find blank or missing pages
            log.warning("%s: the file is damaged and had to be repaired to open; pages may "
                        "be blank or missing (export it again from the original)", path.name)
        return extraction
    if suffix in TEXT_TYPES:
        return _extract_text_file(path, media_type, kind)
    if kind in ("video", "audio"):
        return _extract_media(path, media_type, kind)
    return Extraction(media_type=media_type, kind=kind, page_count=0)
