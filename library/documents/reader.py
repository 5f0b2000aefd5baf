"""Everything that touches PyMuPDF. Runs only inside the worker process.

These functions return plain values (dicts, tuples, bytes, `Extraction`)
that pickle cheaply over the worker's pipe. The worker catches whatever
MuPDF raises and turns it into one `DocumentError` line for the caller.

What MuPDF does with hostile content, and what we add:
- JavaScript: MuPDF only runs PDF JavaScript after `pdf_enable_js`; PyMuPDF
  never calls it, and `open_document` also calls `pdf_disable_js` on every
  PDF, so form scripts and OpenAction scripts are inert.
- Links and launch actions: never followed — nothing here reads link
  targets except the outline's page numbers.
- Embedded files and attachments: never read or written.
- Remote resources: MuPDF has no network code; an EPUB's `<img
  src="http://…">` or `file:///…` is simply missing. EPUB resources are
  looked up inside the archive only, so a `../../` name cannot reach the
  file system. The HTML engine has no script interpreter: `<script>` is
  ignored.
"""

from __future__ import annotations

import math
import time
import unicodedata
from pathlib import Path
from typing import Any

import pymupdf
from pymupdf import mupdf

from library.errors import DocumentError
from library.extract import (
    COVER_WIDTH,
    SCANNED_CHARS_PER_PAGE,
    Extraction,
    check_nonempty_file,
    looks_scanned,
)
from library.formats import MUPDF_TYPES, media_info, sniff_suffix

from .limits import MAX_OUTPUT_PIXELS, MAX_OUTPUT_SIDE

#: Metadata keyword that makes rendering hang — honoured only when test hooks are on.
TEST_HANG_KEYWORD = "cafesach-test-hang"


def configure_mupdf() -> None:
    """Set MuPDF up for the worker: quiet, and no ICC colour management.

    Warnings about broken files stay off stderr (they become our errors).
    ICC colour management costs up to twice the time on scanned pages
    (grey → RGB through profiles) for a difference no visitor sees on a
    kiosk screen; `mutool` builds without ICC render the same way.
    """
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.TOOLS.set_icc(False)


def file_suffix(path: Path) -> str:
    """The format's file ending: from the name, else sniffed (object files have no name)."""
    suffix = path.suffix.lower()
    if suffix in MUPDF_TYPES:
        return suffix
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return suffix
    return sniff_suffix(head) or suffix


def media_type_of(path: Path) -> tuple[str, str]:
    """(media type, default kind), from the name or the content."""
    return media_info(path.with_suffix(file_suffix(path)))


def open_document(path: Path) -> pymupdf.Document:
    """Open a file read-only; `DocumentError` for anything that cannot be shown."""
    check_nonempty_file(path)
    suffix = file_suffix(path)
    if suffix not in MUPDF_TYPES:
        media_info(path)  # raises the "unsupported format" error
        raise DocumentError(f"{path.name}: not a document MuPDF can open")
    try:
        if suffix == ".webp":
            doc = pymupdf.open(stream=_webp_as_png(path), filetype="png")
        else:
            doc = pymupdf.open(str(path), filetype=MUPDF_TYPES[suffix])
    except Exception as exc:  # MuPDF raises its own types for every kind of damage
        raise DocumentError(f"{path.name}: cannot open ({_reason(exc)})") from exc
    try:
        if doc.needs_pass:
            raise DocumentError(f"{path.name}: the document is password-protected")
        if doc.page_count < 1:
            raise DocumentError(f"{path.name}: the document has no pages")
        if doc.is_pdf:
            pymupdf.mupdf.pdf_disable_js(pymupdf._as_pdf_document(doc))
    except DocumentError:
        doc.close()
        raise
    except Exception as exc:
        doc.close()
        raise DocumentError(f"{path.name}: cannot open ({_reason(exc)})") from exc
    return doc


def _webp_as_png(path: Path) -> bytes:
    """WebP through ffmpeg, as PNG: MuPDF has no WebP decoder.

    ffmpeg runs as a child of the worker, so it inherits the worker's
    memory limit, and it has the media timeout.
    """
    import subprocess

    from .media import TOOL_TIMEOUT_S, find_tool

    ffmpeg = find_tool("ffmpeg")
    if ffmpeg is None:
        raise DocumentError(f"{path.name}: WebP images need ffmpeg, which is not installed")
    try:
        result = subprocess.run(
            [ffmpeg, "-v", "error", "-nostdin", "-i", str(path), "-frames:v", "1",
             "-f", "image2pipe", "-vcodec", "png", "-"],
            capture_output=True, timeout=TOOL_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DocumentError(f"{path.name}: cannot decode the WebP image ({exc})") from exc
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        raise DocumentError(f"{path.name}: not a readable WebP image")
    return result.stdout


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


def _page(doc: pymupdf.Document, number: int) -> pymupdf.Page:
    if not 1 <= number <= doc.page_count:
        raise DocumentError(f"page {number} does not exist (the document has "
                            f"{doc.page_count} pages)", message_vi="Trang này không có.")
    return doc[number - 1]


def _toc(doc: pymupdf.Document) -> list[tuple[int, str, int]]:
    """The outline as (level, title, page); MuPDF stops at cycles in a broken outline."""
    entries = []
    for level, title, page, *_ in doc.get_toc(simple=True)[:5000]:
        title = _clean(title)
        if title and 1 <= page <= doc.page_count:
            entries.append((int(level), title, int(page)))
    return entries


def _authors(meta: dict[str, Any]) -> list[str]:
    raw = (meta.get("author") or "").replace(";", ",")
    return [a.strip() for a in raw.split(",") if a.strip()]


def _text_chars(doc: pymupdf.Document, limit: int = 5) -> int:
    return sum(len(doc[i].get_text("text").strip()) for i in range(min(limit, doc.page_count)))


def info(doc: pymupdf.Document, path: Path) -> dict[str, Any]:
    media_type, _kind = media_type_of(path)
    meta = doc.metadata or {}
    sampled = min(5, doc.page_count)
    is_image = media_type.startswith("image/")
    return {
        "page_count": doc.page_count,
        "title": _clean(meta.get("title")),
        "authors": _authors(meta),
        "toc": _toc(doc),
        "scanned": not is_image and _text_chars(doc) < SCANNED_CHARS_PER_PAGE * sampled,
        "repaired": bool(doc.is_pdf and doc.is_repaired),
        "media_type": media_type,
        "page_sizes": [(float(p.rect.width), float(p.rect.height)) for p in doc],
    }


def output_scale(page_w: float, page_h: float, width: int, height: int, zoom: float) -> float:
    """Scale that fits a page into width×height times zoom, capped in pixels."""
    if page_w <= 0 or page_h <= 0 or not math.isfinite(page_w * page_h):
        raise DocumentError(f"the page has no usable size ({page_w}×{page_h})")
    scale = min(width / page_w, height / page_h) * max(zoom, 0.01)
    pixels = page_w * scale * page_h * scale
    if pixels > MAX_OUTPUT_PIXELS:
        scale = math.sqrt(MAX_OUTPUT_PIXELS / (page_w * page_h))
    scale = min(scale, MAX_OUTPUT_SIDE / page_w, MAX_OUTPUT_SIDE / page_h)
    return scale


def render(doc: pymupdf.Document, number: int, width: int, height: int, zoom: float, *,
           hooks: bool = False, into: memoryview | None = None,
           ) -> tuple[dict[str, Any], memoryview | None, Any]:
    """Pixels of one page: (header, samples or None, object keeping the samples alive).

    With `into` (the caller's shared memory) big enough, MuPDF draws
    straight into it — no copy in this process — and the samples are None.
    Otherwise a pixmap is made and its samples are returned.
    """
    if width < 1 or height < 1:
        raise DocumentError(f"bad output size {width}×{height}")
    page = _page(doc, number)
    if hooks and TEST_HANG_KEYWORD in ((doc.metadata or {}).get("keywords") or ""):
        while True:  # the deterministic "page that never finishes" of the tests
            time.sleep(3600)
    rect = page.rect
    scale = output_scale(rect.width, rect.height, width, height, zoom)
    ctm = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    fz_page = page.this if isinstance(page.this, mupdf.FzPage) else mupdf.FzPage(page.this)
    bbox = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(fz_page), ctm))
    pix_w, pix_h = bbox.x1 - bbox.x0, bbox.y1 - bbox.y0
    header = {"page": number, "width": pix_w, "height": pix_h, "stride": pix_w * 3,
              "format": "RGB888"}
    if into is None or pix_w * pix_h * 3 > into.nbytes or pix_w < 1 or pix_h < 1:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False,
                              colorspace=pymupdf.csRGB)
        header.update(width=pix.width, height=pix.height, stride=pix.stride)
        return header, pix.samples_mv, pix
    rgb = mupdf.FzColorspace(mupdf.FzColorspace.Fixed_RGB)
    target = mupdf.fz_new_pixmap_with_bbox_and_data(
        rgb, bbox, mupdf.FzSeparations(), 0, mupdf.python_mutable_buffer_data(into))
    mupdf.fz_clear_pixmap_with_value(target, 255)
    device = mupdf.fz_new_draw_device(ctm, target)
    try:
        mupdf.fz_run_page(fz_page, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    finally:
        del device, target
    header["shared"] = pix_w * pix_h * 3
    return header, None, None


def text(doc: pymupdf.Document, number: int | None, last: int | None = None) -> list[str]:
    """Text of page `number`, of pages number…last, or of every page (number None)."""
    if number is None:
        numbers = range(1, doc.page_count + 1)
    elif last is None:
        numbers = range(number, number + 1)
    else:
        numbers = range(number, min(last, doc.page_count) + 1)
    return [unicodedata.normalize("NFKC", _page(doc, n).get_text("text")) for n in numbers]


def words(doc: pymupdf.Document, number: int) -> dict[str, Any]:
    page = _page(doc, number)
    found = [(float(x0), float(y0), float(x1), float(y1), unicodedata.normalize("NFKC", w))
             for x0, y0, x1, y1, w, *_ in page.get_text("words", sort=True)]
    return {"page": number, "width": float(page.rect.width), "height": float(page.rect.height),
            "words": found}


def cover_png(doc: pymupdf.Document, width: int = COVER_WIDTH) -> bytes:
    first = doc[0]
    scale = output_scale(first.rect.width, first.rect.height, width, 100_000, 1.0)
    return first.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False).tobytes("png")


def _first_heading(page: pymupdf.Page) -> str | None:
    """The largest-font line near the top of the first page."""
    best: tuple[float, str] | None = None
    for block in page.get_text("dict").get("blocks", []):
        for line in block.get("lines", []):
            spans = line.get("spans", [])
            line_text = "".join(s.get("text", "") for s in spans).strip()
            if len(line_text) < 3:
                continue
            size = max(s.get("size", 0) for s in spans)
            if best is None or size > best[0] + 0.5:
                best = (size, line_text)
    return _clean(best[1]) if best else None


def extract(doc: pymupdf.Document, path: Path, *, with_text: bool = True) -> Extraction:
    """Metadata, text of every page and a cover: what the catalog stores at import.

    With `with_text=False` the pages are left empty (the engine then asks for
    them in chunks, so one request never has to read a whole book).
    """
    media_type, kind = media_type_of(path)
    meta = doc.metadata or {}
    pages = text(doc, None) if with_text else []
    title = _clean(meta.get("title"))
    if not title and media_type.startswith(("application/pdf", "application/epub")):
        toc = _toc(doc)
        title = toc[0][1] if toc else _first_heading(doc[0])
    return Extraction(
        media_type=media_type,
        kind=kind,
        page_count=doc.page_count,
        title=title,
        authors=_authors(meta),
        language=_clean(meta.get("language")),
        summary=_clean(meta.get("subject")),
        pages=pages,
        cover_png=cover_png(doc),
        scanned=looks_scanned(media_type, pages),
    )
