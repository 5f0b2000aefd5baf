"""What the document engine hands back: plain frozen dataclasses, no MuPDF, no Qt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedPage:
    """One page as raw pixels, ready for `QImage(data, width, height, stride, format)`.

    `data` is read-only: `bytes`, or a `memoryview` of the shared slots the
    worker drew into (no copy). Keep the page or its data as long as you
    read the pixels; the slots are reused only after the last view is gone.
    """

    page: int  # 1-based
    width: int
    height: int
    stride: int  # bytes per row
    format: str  # "RGB888" or "RGBA8888"
    data: bytes | memoryview

    @property
    def nbytes(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Word:
    """One word on a page, its box in page points (origin top left), and the number of
    its block (a heading, a paragraph, a column) as MuPDF found it; of a paragraph MuPDF
    cut into a block per printed line, the number of its first block."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int = 0


@dataclass(frozen=True)
class PageWords:
    """The words of one page with the page's size in points (to scale the boxes)."""

    page: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def page_width(self) -> float:
        return self.width

    @property
    def page_height(self) -> float:
        return self.height


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents (level 1 = top)."""

    level: int
    title: str
    page: int  # 1-based


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself, without its text."""

    page_count: int
    title: str | None
    authors: tuple[str, ...]
    toc: tuple[TocEntry, ...]
    scanned: bool  # no text layer: renders, but cannot be searched or read aloud
    media_type: str
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points per page
    #: A damaged PDF MuPDF rebuilt on opening (truncated, broken cross-references):
    #: it may show fine, or with blank and missing pages.
    repaired: bool = False
    #: EPUB pages where MuPDF shows its own error line instead of a chapter it cannot
    #: read (missing from the file, or locked by DRM).
    missing_chapters: tuple[int, ...] = ()
    #: The old Vietnamese font encoding of its first pages (`legacy_vietnamese.TCVN3`,
    #: `VNI`), whose text the engine gives as Unicode; None for Unicode text.
    legacy_encoding: str | None = None


@dataclass(frozen=True)
class MediaInfo:
    """Duration and poster frame of a video or audio file (from ffprobe/ffmpeg)."""

    duration_s: float | None
    width: int | None
    height: int | None
    poster_png: bytes | None  # None for audio, or when ffmpeg is not available
