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

import os
import re
import time
import unicodedata
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

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
from library.formats import MUPDF_TYPES, content_media_info, content_suffix, media_info
from library.legacy_vietnamese import (
    AS_IS,
    TCVN3,
    TCVN3_CAPITALS,
    detect,
    font_says,
    readable_lines,
    to_unicode,
)

from .backdrop import WHITE, background_for, may_be_transparent
from .gif import first_frame_of
from .limits import output_scale
from .slots import fill_white
from .strip import TALL_MIN_RATIO, strip_layout

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


def drop_decoded() -> None:
    """Let go of everything MuPDF keeps decoded between pages (its store: pictures and
    fonts, up to 256 MB, also of documents closed since), to make room for one page."""
    pymupdf.TOOLS.store_shrink(100)


def media_type_of(path: Path) -> tuple[str, str]:
    """(media type, default kind), from the content where it is sure, else from the name
    (object files have no name; collected files may carry a wrong one)."""
    return content_media_info(path)[1:]


def open_document(path: Path) -> pymupdf.Document:
    """Open a file read-only; `DocumentError` for anything that cannot be shown."""
    check_nonempty_file(path)
    suffix = content_suffix(path)
    if suffix not in MUPDF_TYPES:
        media_info(path)  # raises the "unsupported format" error
        raise DocumentError(f"{path.name}: not a document MuPDF can open")
    pymupdf.TOOLS.reset_mupdf_warnings()  # to tell a DRM-locked EPUB from a damaged one
    try:
        cleaned = _cbz_without_mac_litter(path) if suffix == ".cbz" else None
        still = first_frame_of(path) if suffix == ".gif" else None
        picture = None  # the PNG MuPDF reads, where it is not the file itself (a WebP)
        if suffix == ".webp":
            picture = _webp_as_png(path)
            doc = pymupdf.open(stream=picture, filetype="png")
        elif cleaned is not None:
            doc = pymupdf.open(stream=cleaned, filetype="cbz")
        elif still is not None:  # an animated GIF: its first frame (`gif.py`)
            doc = pymupdf.open(stream=still, filetype="gif")
        else:
            doc = _open_named(path, MUPDF_TYPES[suffix])
        if suffix in _MAYBE_TRANSPARENT:
            setattr(doc, _SEE_THROUGH_ATTRIBUTE, _see_through(path, picture))
    except DocumentError:
        raise  # says what is wrong already (a WebP ffmpeg cannot decode)
    except Exception as exc:  # MuPDF raises its own types for every kind of damage
        raise DocumentError(f"{path.name}: cannot open ({_reason(exc)})") from exc
    try:
        if doc.needs_pass:
            raise DocumentError(f"{path.name}: the document is password-protected")
        if doc.page_count < 1:
            raise DocumentError(f"{path.name}: the document has no pages")
        if suffix == ".epub" and len(missing_chapters(doc, stop_at_good=True)) == \
                doc.chapter_count:
            locked = "DRM" in pymupdf.TOOLS.mupdf_warnings()
            raise DocumentError(f"{path.name}: none of the book's chapters can be read ("
                                + ("it is locked by DRM copy protection)" if locked
                                   else "they are missing or damaged)"))
        if doc.is_pdf:
            pymupdf.mupdf.pdf_disable_js(pymupdf._as_pdf_document(doc))
    except DocumentError:
        doc.close()
        raise
    except Exception as exc:
        doc.close()
        raise DocumentError(f"{path.name}: cannot open ({_reason(exc)})") from exc
    return doc


#: Pictures whose header may say they have transparency (`backdrop.may_be_transparent`).
_MAYBE_TRANSPARENT = (".png", ".webp")
#: Where an open picture keeps whether it may be transparent...
_SEE_THROUGH_ATTRIBUTE = "cafesach_see_through"
#: ...and, once drawn, the grey it is drawn on (`_background`).
_BACKGROUND_ATTRIBUTE = "cafesach_background"


def _see_through(path: Path, picture: bytes | None) -> bool:
    """Whether the picture MuPDF reads (`picture`, or the file at `path`) may have
    transparent pixels: read from its header, without decoding it."""
    import io

    try:
        if picture is not None:
            return may_be_transparent(io.BytesIO(picture))
        with open(path, "rb") as fh:
            return may_be_transparent(fh)
    except (OSError, ValueError):
        return False


#: The most pixels `_background` draws to decide (a zoomed first page is looked at in its
#: middle only).
_BACKGROUND_MOST_PIXELS = 2048 * 2048


def _background(doc: pymupdf.Document, fz_page: Any, ctm: Any, box: Any) -> int:
    """The grey (`backdrop.WHITE` or `DARK`) the page of a picture document is drawn on,
    decided once per open document (`backdrop.background_for`).

    Only a picture whose header says it may be transparent is looked at: the box about to
    be drawn, under the same matrix, drawn once with transparency kept, so MuPDF decodes
    the picture once for both drawings (a PNG's decoding is most of a picture page's
    time; a separate small drawing decoded it again). Everything else is on white."""
    known = getattr(doc, _BACKGROUND_ATTRIBUTE, None)
    if known is not None:
        return known
    known = WHITE
    if getattr(doc, _SEE_THROUGH_ATTRIBUTE, False):
        box = _middle(box, _BACKGROUND_MOST_PIXELS)
        rgb = mupdf.FzColorspace(mupdf.FzColorspace.Fixed_RGB)
        seen = mupdf.fz_new_pixmap_with_bbox(rgb, box, mupdf.FzSeparations(), 1)
        mupdf.fz_clear_pixmap(seen)  # transparent
        device = mupdf.fz_new_draw_device(ctm, seen)
        try:
            mupdf.fz_run_page(fz_page, device, mupdf.FzMatrix(), mupdf.FzCookie())
            mupdf.fz_close_device(device)
        finally:
            del device
        width, height = box.x1 - box.x0, box.y1 - box.y0
        known = background_for(mupdf.fz_pixmap_samples_memoryview(seen), width * height,
                               width)
    setattr(doc, _BACKGROUND_ATTRIBUTE, known)
    return known


def _middle(box: Any, most: int) -> Any:
    """`box`, or its middle part of at most `most` pixels (a square, as far as it goes)."""
    width, height = box.x1 - box.x0, box.y1 - box.y0
    if width * height <= most:
        return box
    side = int(most ** 0.5)
    keep_w = min(width, max(side, most // max(1, height)))
    keep_h = min(height, most // max(1, keep_w))
    x0 = box.x0 + (width - keep_w) // 2
    y0 = box.y0 + (height - keep_h) // 2
    return mupdf.FzIrect(x0, y0, x0 + keep_w, y0 + keep_h)


def _open_named(path: Path, filetype: str) -> pymupdf.Document:
    """Open a file by name, also one whose name is not UTF-8.

    MuPDF takes names as UTF-8 text; a file from a stick mounted with another
    code page (`S\xf4 tay.pdf`) has bytes in its name that are not, and MuPDF
    could not find it. Such a file is opened through its descriptor's name in
    /proc (MuPDF opens its own descriptor, so ours is closed at once), or
    else read into memory.
    """
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return pymupdf.open(name, filetype=filetype)
    fd = os.open(path, os.O_RDONLY)
    try:
        proc_name = f"/proc/self/fd/{fd}"
        if os.path.exists(proc_name):
            return pymupdf.open(proc_name, filetype=filetype)
        with os.fdopen(os.dup(fd), "rb") as fh:
            return pymupdf.open(stream=fh.read(), filetype=filetype)
    finally:
        os.close(fd)


def _mac_litter(name: str) -> bool:
    """An archive entry the Mac's Finder adds: `__MACOSX/…` and `._name` resource forks."""
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("._")


def _cbz_without_mac_litter(path: Path) -> bytes | None:
    """The comic book again without the Finder's entries, or None when it has none.

    A comic zipped on a Mac holds `__MACOSX/._page01.jpg` beside every page:
    MuPDF takes each for one more page, which cannot be drawn. Only such a
    book is rebuilt, in memory and uncompressed (its pictures are compressed
    already).
    """
    import io
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if not any(_mac_litter(e.filename) for e in entries):
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
                for entry in entries:
                    if not entry.is_dir() and not _mac_litter(entry.filename):
                        clean.writestr(entry.filename, archive.read(entry))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None  # MuPDF opens it as it is, or says why it cannot
    return out.getvalue()


#: What MuPDF shows in place of an EPUB chapter it cannot read (missing, or encrypted by DRM).
_MISSING_CHAPTER = "ERROR: cannot find chapter"


def missing_chapters(doc: pymupdf.Document, *, stop_at_good: bool = False) -> list[int]:
    """Pages (1-based) MuPDF filled with its own error line for an unreadable EPUB chapter.

    MuPDF opens such a book anyway and draws `ERROR: cannot find chapter
    "…"` where the chapter should be: a visitor would read that, and the
    catalog would index it. `stop_at_good` ends the search at the first
    readable chapter (enough to tell whether any chapter can be read).
    """
    if not doc.is_reflowable or doc.is_pdf:
        return []
    pages = []
    for chapter in range(doc.chapter_count):
        missing = doc.chapter_page_count(chapter) == 1 and doc.load_page(
            (chapter, 0)).get_text("text").lstrip().startswith(_MISSING_CHAPTER)
        if missing:
            pages.append(doc.page_number_from_location((chapter, 0)) + 1)
        elif stop_at_good:
            break
    return pages


def _is_missing_chapter(doc: pymupdf.Document, page: pymupdf.Page,
                        text: str | None = None) -> bool:
    """Whether `page` is MuPDF's stand-in for an EPUB chapter it cannot read
    (`text`: the page's text, when the caller has it already)."""
    if not doc.is_reflowable or doc.is_pdf:
        return False
    chapter, _ = doc.location_from_page_number(page.number)
    if doc.chapter_page_count(chapter) != 1:
        return False
    if text is None:
        text = page.get_text("text")
    return text.lstrip().startswith(_MISSING_CHAPTER)


def _webp_as_png(path: Path) -> bytes:
    """WebP through ffmpeg, as PNG: MuPDF has no WebP decoder.

    ffmpeg runs as a child of the worker, so it inherits the worker's
    memory limit (on Windows its job too), and it runs as every media tool
    does (`media.run_tool`: the tools' own limit, never looser, and their time).
    """
    from .media import find_tool, look_deadline, run_tool, tool_input

    ffmpeg = find_tool("ffmpeg")
    if ffmpeg is None:
        raise DocumentError(f"{path.name}: WebP images need ffmpeg, which is not installed")
    result = run_tool([ffmpeg, "-v", "error", "-nostdin", "-i", tool_input(path), "-frames:v",
                       "1", "-f", "image2pipe", "-vcodec", "png", "-"], path, look_deadline())
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        if _animated_webp(path):
            raise DocumentError(
                f"{path.name}: an animated WebP, which this ffmpeg cannot decode; save it "
                "as a video, a GIF (shown still) or a PNG",
                message_vi="Ảnh WebP động chưa mở được; hãy lưu thành GIF, video hoặc PNG.")
        raise DocumentError(f"{path.name}: not a readable WebP image")
    return result.stdout


def _animated_webp(path: Path) -> bool:
    """Whether a WebP says it is animated: its extended header (VP8X) sets the animation
    flag. Debian 12's ffmpeg (5.1) decodes no animated WebP, and "not readable" sent the
    librarian looking for damage in a file that plays in any browser."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(21)
    except OSError:
        return False
    return len(head) == 21 and head[12:16] == b"VP8X" and bool(head[20] & 0x02)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


#: Control characters (C0 and C1, but not tab and newline): a glyph with no Unicode
#: mapping comes out of MuPDF as U+0000, which no title or page text should carry.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """Page text as the catalog stores it: NFKC, control characters made spaces."""
    return _CONTROLS.sub(" ", unicodedata.normalize("NFKC", text))


def _clean(text: str | None) -> str | None:
    """A one-line field (title, heading, language): plain, spaces collapsed, or None."""
    if not text:
        return None
    text = _SPACES.sub(" ", _plain(text)).strip()
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
        title = _clean(_readable(doc, title))
        if title and 1 <= page <= doc.page_count:
            entries.append((int(level), title, int(page)))
    return entries


#: Titles a program writes in a document's metadata in place of one: Word's printer
#: driver's "Microsoft Word - so tay.docx", "Untitled", "Document1" (Vietnamese Word:
#: "Tài liệu1"), a file's name, and
#: the title a new PowerPoint file carries ("PowerPoint Presentation", in Vietnamese
#: Office "Bản trình bày PowerPoint"), which every slide deck saved as PDF keeps.
_PLACEHOLDER_TITLE = re.compile(
    r"(microsoft (office )?(word|excel|powerpoint) - .*|untitled\b.*|document ?\d*"
    r"|(powerpoint )?presentation ?\d*|bản trình bày( powerpoint)?|tài liệu\d+"
    r"|.*\.(docx?|xlsx?|pptx?|odt|rtf|pdf|txt|indd|pub))", re.IGNORECASE)


def _own_title(doc: pymupdf.Document, meta: dict[str, Any]) -> str | None:
    """The metadata's title, unless a program wrote it in place of one (`_PLACEHOLDER_TITLE`).

    Most of a province's PDFs are Word files printed to PDF: their title is "Microsoft
    Word - SoTay_2024.docx", which the card and the reader showed as the book's name;
    without it the outline or the first page's heading names the book."""
    title = _clean(_readable(doc, meta.get("title")))
    return None if title and _PLACEHOLDER_TITLE.fullmatch(title) else title


#: Outline entries that label a part of any book, not this one («Lời nói đầu», «Mục lục»,
#: «Chương 1», «Part IV»), matched on the folded entry (`vietnamese.fold`).
_GENERIC_HEADING = re.compile(
    r"(loi (noi dau|mo dau|gioi thieu|tua|bat|cam on)|mo dau|phan mo dau|gioi thieu|muc luc"
    r"|bia|trang bia|ket luan|phu luc|tai lieu tham khao|noi dung"
    r"|(table of )?contents|preface|foreword|introduction|cover|title page|prologue"
    r"|acknowledge?ments|appendix|index"
    r"|(phan|chuong|bai|muc|part|chapter|section)"
    r" ([0-9]+|[ivxlc]+|thu (nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)))[.:]?")


def _outline_title(toc: list[tuple[int, str, int]]) -> str | None:
    """The first outline entry, when it names the book: not a generic section label
    (`_GENERIC_HEADING`), which on a card says nothing of which book it is."""
    from library.vietnamese import fold

    if not toc or _GENERIC_HEADING.fullmatch(fold(toc[0][1]).strip()):
        return None
    return toc[0][1]


def _authors(doc: pymupdf.Document, meta: dict[str, Any]) -> list[str]:
    raw = _readable(doc, meta.get("author") or "").replace(";", ",")
    return [a.strip() for a in raw.split(",") if a.strip()]


#: How many first pages tell whether a document has a text layer, and in which encoding.
SAMPLED_PAGES = 5


def _sampled_text(doc: pymupdf.Document) -> list[str]:
    return [doc[i].get_text("text") for i in range(min(SAMPLED_PAGES, doc.page_count))]


#: The attribute under which an open document keeps its old encoding (`legacy_encoding`).
_ENCODING_ATTRIBUTE = "cafesach_legacy_encoding"


def legacy_encoding(doc: pymupdf.Document, sampled: list[str] | None = None) -> str | None:
    """The old Vietnamese font encoding (`legacy_vietnamese.TCVN3`, `VNI`) the document's
    first pages are typed in, or None; worked out once per open document (the worker keeps
    documents open between requests), and lent to its short pages and its metadata.
    `sampled`: those pages' text (`_sampled_text`), when the caller has read it."""
    known = getattr(doc, _ENCODING_ATTRIBUTE, False)
    if known is False:
        known = _old_font_encoding(doc) or detect(
            "\n".join(_sampled_text(doc) if sampled is None else sampled))
        setattr(doc, _ENCODING_ATTRIBUTE, known)
    return known


#: How many pages at most `_old_font_encoding` looks through for fonts (a scanned book has
#: none on any page; reading a page's font list costs a few µs).
_FONT_PAGES = 100


def _old_font_encoding(doc: pymupdf.Document) -> str | None:
    """The old encoding the fonts of the document's first pages with text are named for
    (`.VnTime` → TCVN3, `VNI-Times` → VNI), or None. The first evidence, before the text:
    it also tells a document whose first pages are a scanned cover. Looked through once
    per open document (kept on it: `legacy_encoding` and `_fonts_named` both ask)."""
    known = getattr(doc, _OLD_FONTS_ATTRIBUTE, False)
    if known is False:
        known = _font_list_encoding(doc)
        setattr(doc, _OLD_FONTS_ATTRIBUTE, known)
    return known


def _font_list_encoding(doc: pymupdf.Document) -> str | None:
    """`_old_font_encoding`, read from the first pages' font lists."""
    if not doc.is_pdf:
        return None
    with_fonts = 0
    for number in range(min(doc.page_count, _FONT_PAGES)):
        fonts = doc.get_page_fonts(number)
        for font in fonts:
            if _old_font(font[3]):
                said = font_says(font[3])
                return TCVN3 if said == TCVN3_CAPITALS else said
        with_fonts += bool(fonts)
        if with_fonts >= SAMPLED_PAGES:
            break
    return None


def _readable(doc: pymupdf.Document, text: str | None) -> str:
    """Text read from the document (a page, a title, an outline entry) as Unicode: text in
    an old font encoding converted (`library.legacy_vietnamese`), any other as it is."""
    if not text or not _HIGH_LATIN1.search(text):  # plain ASCII, the common case: no work
        return text or ""
    encoding = detect(text, likely=lambda: legacy_encoding(doc))
    return text if encoding is None else to_unicode(text, encoding)


_HIGH_LATIN1 = re.compile("[\xa1-\xff]")


def info(doc: pymupdf.Document, path: Path) -> dict[str, Any]:
    media_type, _kind = media_type_of(path)
    meta = doc.metadata or {}
    sampled = min(SAMPLED_PAGES, doc.page_count)
    is_image = media_type.startswith("image/")
    sampled_text = _sampled_text(doc)
    chars = sum(len(text.strip()) for text in sampled_text)
    encoding = legacy_encoding(doc, sampled_text)
    return {
        "page_count": doc.page_count,
        "title": _own_title(doc, meta),
        "authors": _authors(doc, meta),
        "toc": _toc(doc),
        "scanned": not is_image and chars < SCANNED_CHARS_PER_PAGE * sampled,
        "legacy_encoding": encoding,
        "repaired": bool(doc.is_pdf and doc.is_repaired),
        "missing_chapters": missing_chapters(doc),
        "media_type": media_type,
        "page_sizes": [(float(p.rect.width), float(p.rect.height)) for p in doc],
    }


def _hang_if_asked(doc: pymupdf.Document, hooks: bool) -> None:
    """The deterministic "page that never finishes" of the tests (only with test hooks on)."""
    if hooks and TEST_HANG_KEYWORD in ((doc.metadata or {}).get("keywords") or ""):
        while True:
            time.sleep(3600)


def render(doc: pymupdf.Document, number: int, width: int, height: int, zoom: float, *,
           hooks: bool = False, into: memoryview | None = None,
           unknown: tuple[int, int] | None = None,
           ) -> tuple[dict[str, Any], memoryview | None, Any]:
    """Pixels of one page: (header, samples or None, object keeping the samples alive).

    With `into` (the caller's shared memory) big enough, MuPDF draws
    straight into it — no copy in this process — and the samples are None;
    `unknown` is the byte range of `into` that may not be white (see `_draw`).
    Otherwise a pixmap is made and its samples are returned.
    """
    if width < 1 or height < 1:
        raise DocumentError(f"bad output size {width}×{height}")
    page = _kept_page(doc, number)
    _hang_if_asked(doc, hooks)
    rect = page.rect
    scale = output_scale(rect.width, rect.height, width, height, zoom)
    ctm = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    fz_page = _fz_page(page)
    bbox = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(fz_page), ctm))
    pix_w, pix_h = bbox.x1 - bbox.x0, bbox.y1 - bbox.y0
    header = {"page": number, "width": pix_w, "height": pix_h, "stride": pix_w * 3,
              "format": "RGB888"}
    background = _background(doc, fz_page, ctm, bbox) if pix_w > 0 and pix_h > 0 else WHITE
    if into is None or pix_w * pix_h * 3 > into.nbytes or pix_w < 1 or pix_h < 1:
        if background != WHITE:  # MuPDF's own pixmap would be on white
            own = bytearray(pix_w * pix_h * 3)
            _draw(fz_page, ctm, bbox, memoryview(own), None, background)
            return header, memoryview(own), own
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False,
                              colorspace=pymupdf.csRGB)
        header.update(width=pix.width, height=pix.height, stride=pix.stride)
        return header, pix.samples_mv, pix
    _draw(fz_page, ctm, bbox, into, unknown, background)
    header["shared"] = pix_w * pix_h * 3
    return header, None, None


def _fz_page(page: pymupdf.Page) -> Any:
    """The MuPDF page under a PyMuPDF one, for drawing with MuPDF's own calls."""
    return page.this if isinstance(page.this, mupdf.FzPage) else mupdf.FzPage(page.this)


def _draw(fz_page: Any, ctm: Any, box: Any, into: memoryview,
          unknown: tuple[int, int] | None = None, background: int = WHITE) -> None:
    """MuPDF draws the pixels of `box` (device pixels under `ctm`) of the page, RGB on
    white (or on the grey `background`: `_background`), straight into `into`: no
    pixmap of MuPDF's own, no copy.

    The page must start white. `unknown` is the byte range of `into` that may
    hold something else (None: all of it); the worker whitens free slots while
    it waits for the next request (`slots.WhiteSlots`), so that a cold page
    often starts on a slot that is white already and only the rest is cleared.
    A page on another grey is cleared in full.
    """
    rgb = mupdf.FzColorspace(mupdf.FzColorspace.Fixed_RGB)
    target = mupdf.fz_new_pixmap_with_bbox_and_data(
        rgb, box, mupdf.FzSeparations(), 0, mupdf.python_mutable_buffer_data(into))
    if unknown is None or background != WHITE:
        mupdf.fz_clear_pixmap_with_value(target, background)
    else:
        nbytes = (box.x1 - box.x0) * (box.y1 - box.y0) * 3
        fill_white(into, max(0, unknown[0]), min(unknown[1], nbytes))
    device = mupdf.fz_new_draw_device(ctm, target)
    try:
        mupdf.fz_run_page(fz_page, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    finally:
        del device, target


def _kept_page(doc: pymupdf.Document, number: int) -> pymupdf.Page:
    """The page last drawn of a document, kept loaded on it until another is drawn.

    A picture (PNG, JPEG, WebP, a poster) is decoded once per loaded page:
    loading the page again for every band decoded it again (a 1080×8000 PNG:
    ~190 ms a band instead of ~60 ms), and so did every zoom step of an
    infographic (a 4000×4000 PNG: 100–280 ms a step instead of 15–55 ms). A
    PDF keeps its decoded pictures in MuPDF's store across loads; for it, the
    kept page only saves the load. The page lives as long as its open document.
    """
    kept = getattr(doc, "_cafesach_kept_page", None)
    if kept is not None and kept[0] == number:
        return kept[1]
    page = _page(doc, number)
    doc._cafesach_kept_page = (number, page)
    return page


def render_band(doc: pymupdf.Document, number: int, width: int, zoom: float, band: int, *,
                hooks: bool = False, into: memoryview | None = None,
                unknown: tuple[int, int] | None = None,
                ) -> tuple[dict[str, Any], memoryview | None, Any]:
    """Pixels of one band of a page fitted to `width` × `zoom` (see `strip`).

    MuPDF draws only the band's rows: a pixmap of that rectangle with the
    whole page's matrix, so a 1920×14222 poster never exists in one piece.
    Returns what `render` returns; with `into` big enough the band is drawn
    straight into it, else into a buffer of its own that is sent back.
    """
    page = _kept_page(doc, number)
    _hang_if_asked(doc, hooks)
    fz_page = _fz_page(page)
    bounds = mupdf.fz_bound_page(fz_page)
    strip = strip_layout(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0, width, zoom)
    top, rows = strip.band(band)
    # The page's top left corner at pixel (0, 0), whatever its box's origin.
    ctm = mupdf.FzMatrix(strip.scale, 0, 0, strip.scale, -bounds.x0 * strip.scale,
                         -bounds.y0 * strip.scale)
    nbytes = strip.width * rows * 3
    own = None
    if into is None or nbytes > into.nbytes:
        own = bytearray(nbytes)
        into, unknown = memoryview(own), None
    box = mupdf.FzIrect(0, top, strip.width, top + rows)
    _draw(fz_page, ctm, box, into, unknown, _background(doc, fz_page, ctm, box))
    header = {"page": number, "width": strip.width, "height": rows, "stride": strip.width * 3,
              "format": "RGB888"}
    if own is not None:
        return header, into[:nbytes], own
    header["shared"] = nbytes
    return header, None, None


def text(doc: pymupdf.Document, number: int | None, last: int | None = None) -> list[str]:
    """Text of page `number`, of pages number…last, or of every page (number None)."""
    if number is None:
        numbers = range(1, doc.page_count + 1)
    elif last is None:
        numbers = range(number, number + 1)
    else:
        numbers = range(number, min(last, doc.page_count) + 1)
    return [_page_text(doc, _page(doc, n)) for n in numbers]


#: What stands between two of MuPDF's text blocks in a page's text: a blank line.
BLOCK_BREAK = "\n\n"
#: A printed line that ends this many line heights or less before its column's right edge
#: is full: its paragraph goes on at the next line (`_paragraphs`).
_FULL_LINE_SLACK = 4.0
#: How a list item begins (`- `, `• `, `1. `, `a) `): never the rest of the line above.
_LIST_ITEM = re.compile(r"[-•*–+▪●○◦]\s|\(?[0-9]{1,3}[.)]\s|[a-zđ]\)\s", re.IGNORECASE)


def page_blocks_text(page: pymupdf.Page, doc: pymupdf.Document | None = None) -> str:
    """The page's text in MuPDF's blocks (a heading, a paragraph, a column, a caption), in
    MuPDF's order: a blank line between blocks, one line break between the printed lines
    of a block. With `doc`, text drawn in the old Vietnamese fonts comes out in Unicode
    (`_readable_blocks`).

    Why blocks: MuPDF's plain text ends a heading with the same single line break as
    every printed line of a paragraph, so a search snippet read "Hướng dẫn nộp hồ sơ
    Người dân cần …" and «Nghe» ran the heading into the first sentence. A blank line is
    what `text.paragraphs_in_one_line` shows as « · » and where
    `speech.sentences.split_sentences` ends a sentence. The blocks come from the same
    text page as `get_text("text")`, with the same flags (ligatures and hyphens come out
    as before); picture blocks are left out. Blocks that are one paragraph cut at every
    printed line (wide line spacing, `_paragraphs`) keep single line breaks.
    """
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_BLOCKS)
    blocks = _text_blocks(_readable_blocks(textpage, doc).blocks)
    paragraph = _paragraphs(blocks)
    text = ""
    for number, _box, shown in blocks:
        if text:
            text += "\n" if paragraph[number] != number else BLOCK_BREAK
        text += shown
    return text


#: Fonts whose letters are pictures (a form's ticked box, a bullet, an arrow): MuPDF gives
#: their glyphs as the letters they are typed with — ZapfDingbats' ✓ is «3», its ● «l» —
#: after a subset's «ABCDEF+» and before a style's «-Bold» or «,Italic».
_SYMBOL_FONT = re.compile(r"([A-Z]{6}\+)?(zapf ?dingbats|dingbats|symbol(mt)?|wingdings[ 23]*"
                          r"|webdings)([-,].*)?", re.IGNORECASE)


class _Blocks(NamedTuple):
    """A page's text as `_readable_blocks` reads it."""

    #: MuPDF's blocks (as `extractBLOCKS`), their text without symbol fonts, readable
    blocks: list[Any]
    #: for each block with text in a symbol font, its lines' spans (MuPDF's dicts)
    symbols: dict[int, list[list[dict]]]
    #: each printed line's (block, line) → its spans as (font name, text), symbol fonts
    #: left out; only when the page has text that may be in an old encoding, else empty
    spans: dict[tuple[int, int], list[tuple[str, str]]]
    #: the document's old encoding, asked only when the page's text has to tell its own
    likely: Callable[[], str | None] | None


def _readable_blocks(textpage: Any, doc: pymupdf.Document | None = None) -> _Blocks:
    """MuPDF's blocks of the page (as `extractBLOCKS`), without the text drawn in symbol
    fonts (`_SYMBOL_FONT`); and, for each block that had some, its lines' spans. With
    `doc`, text in the old Vietnamese font encodings is made Unicode, word by word as the
    font each word is drawn in tells (`legacy_vietnamese.readable_lines`).

    Why symbol fonts: a ticked check box of a PDF form is ZapfDingbats' «3», so «Nghe» read
    a digit and the index held it, and a Word bullet in Symbol or Wingdings reads as a
    letter. Such text is still drawn; it is only left out of what is searched and read.
    Why by font: a Unicode «Không có» in Arial on a `.VnTime` page looks, as text, just like
    TCVN3 codes (it became «Khụng cú»), and a `.VnTimeH` heading like small letters.
    """
    blocks = textpage.extractBLOCKS()
    symbols = {}
    found = textpage.extractDICT()["blocks"]
    named = _fonts_named(doc)
    kinds: dict[str, str | None] = {}  # font → `_SYMBOL` or what `font_says`, once a page
    old_named = untold_high = False
    for block in found:
        lines = [line["spans"] for line in block.get("lines", ())]
        for line in lines:
            for span in line:
                font = span["font"]
                if font not in kinds:
                    kinds[font] = (_SYMBOL if _SYMBOL_FONT.fullmatch(font)
                                   else font_says(font) if named else None)
                kind = kinds[font]
                if kind is _SYMBOL:
                    symbols[block["number"]] = lines
                elif doc is not None and kind is not AS_IS and not old_named:
                    # an old font, or a nameless one with letters of Latin-1's upper half
                    old_named = kind is not None
                    untold_high = untold_high or _HIGH_LATIN1.search(span["text"]) is not None
    likely = None if doc is None else _likely_of(doc)
    # A page only nameless fonts draw is read word by word only when its text is told
    # old (`detect`, as `readable_lines` would): a Unicode page of Latin-1 letters (most
    # Vietnamese pages) costs the telling alone, not the reading of every word.
    reading = old_named or (untold_high and detect(_untold_text(found, kinds),
                                                   likely=likely) is not None)
    spans: dict[tuple[int, int], list[tuple[str, str]]] = {}
    if not symbols and not reading:  # the common case: MuPDF's blocks as they are
        return _Blocks(blocks, symbols, spans, None)
    if reading:
        spans = {(block["number"], number): [(span["font"] if named else "", span["text"])
                                             for span in line["spans"]
                                             if kinds[span["font"]] is not _SYMBOL]
                 for block in found for number, line in enumerate(block.get("lines", ()))}
    read = _read_lines(spans, likely) if reading else {}
    kept_blocks = []
    for *box, shown, number, kind in blocks:
        if reading and kind == 0:
            shown = "".join(f"{line}\n" for n in range(_line_count(spans, number))
                            if (line := read[number, n]))
        elif number in symbols:
            lines = ("".join(span["text"] for span in kept
                             if not _SYMBOL_FONT.fullmatch(span["font"]))
                     for kept in symbols[number])
            shown = "".join(f"{line}\n" for line in lines if line)
        kept_blocks.append((*box, shown, number, kind))
    return _Blocks(kept_blocks, symbols, spans, likely)


def _untold_text(found: list[dict], kinds: dict[str, str | None]) -> str:
    """The page's text in fonts whose name says nothing (`kinds`: None), a line a line:
    what `readable_lines` tells the encoding of."""
    return "\n".join(" ".join(span["text"] for span in line["spans"]
                               if kinds[span["font"]] is None)
                      for block in found for line in block.get("lines", ()))


#: `_readable_blocks`' kind of a symbol font (`_SYMBOL_FONT`).
_SYMBOL = "symbol"


def _old_font(font: str) -> bool:
    """Whether `font` is named for an old encoding (`.VnTime`, `VNI-Times`)."""
    return font_says(font) not in (None, AS_IS)


def _fonts_named(doc: pymupdf.Document | None) -> bool:
    """Whether the fonts MuPDF gives the spans of `doc` tell their text (`font_says`): the
    document's own (PDF, XPS), not the ones MuPDF lays out EPUB, FB2 and HTML in (Charis
    SIL, Nimbus Sans), whatever their style sheets name; and only in a document whose
    first pages have a font named for an old encoding (`_old_font_encoding`).

    Why the second: a font's name tells a Unicode Arial line from the `.VnTime` text
    beside it, but no list of names knows every old font (`UVN Sài Gòn` and many others
    are VNI, named otherwise): a document with none of the known names is told by its
    text, as it was before fonts were asked."""
    return doc is not None and not doc.is_reflowable and _old_font_encoding(doc) is not None


#: Where `_old_font_encoding` keeps, on an open document, the encoding its fonts name.
_OLD_FONTS_ATTRIBUTE = "cafesach_old_fonts_named"


def _likely_of(doc: pymupdf.Document) -> Callable[[], str | None]:
    return lambda: legacy_encoding(doc)


def _line_count(spans: dict[tuple[int, int], list[tuple[str, str]]], block: int) -> int:
    count = 0
    while (block, count) in spans:
        count += 1
    return count


_WORD = re.compile(r"\S+")


def _read_lines(spans: dict[tuple[int, int], list[tuple[str, str]]],
                likely: Callable[[], str | None] | None) -> dict[tuple[int, int], str]:
    """Each printed line's text, its words readable (`readable_lines`), spaces kept."""
    texts = {place: "".join(shown for _font, shown in line) for place, line in spans.items()}
    found = {place: list(_WORD.finditer(text)) for place, text in texts.items()}
    words = [list(zip((m.group() for m in found[place]),
                      _fonts_of(line, [m.span() for m in found[place]]), strict=True))
             for place, line in spans.items()]
    read = readable_lines(words, likely=likely)
    return {place: _WORD.sub(_in_turn(line), texts[place]) if found[place] else texts[place]
            for place, line in zip(spans, read, strict=True)}


def _in_turn(words: list[str]) -> Callable[[re.Match[str]], str]:
    """A `re.sub` replacement giving `words` one after the other."""
    given = iter(words)
    return lambda _match: next(given)


def _fonts_of(line: list[tuple[str, str]], ranges: list[tuple[int, int]]) -> list[str]:
    """For each (start, end) of a printed line's text (its spans' texts one after the
    other), the font most of those characters are drawn in; on a tie an old font (its
    codes are what needs converting; «H» in Arial before «µ» in `.VnTime` is «Hà»), else
    the first."""
    if len({font for font, _shown in line}) <= 1:
        return [line[0][0] if line else ""] * len(ranges)
    places, end = [], 0
    for font, shown in line:
        places.append((end, end + len(shown), font))
        end += len(shown)
    fonts = []
    for start, stop in ranges:
        count: dict[str, int] = {}
        for begin, finish, font in places:
            overlap = min(stop, finish) - max(start, begin)
            if overlap > 0:
                count[font] = count.get(font, 0) + overlap
        fonts.append(max(count, key=lambda font: (count[font], _old_font(font)))
                     if count else "")
    return fonts


def _text_blocks(found: list[Any]) -> list[tuple[int, tuple[float, ...], str]]:
    """MuPDF's text blocks with some text: (number, box, text stripped)."""
    return [(int(number), tuple(box), shown) for *box, block, number, kind in found
            if kind == 0 and (shown := block.strip())]


def _paragraphs(blocks: list[tuple[int, tuple[float, ...], str]]) -> dict[int, int]:
    """For each text block (`_text_blocks`), the block its paragraph starts in (itself,
    mostly).

    Why: MuPDF starts a new block when the next printed line lies more than 1.5 font
    sizes below, so a paragraph printed with wide line spacing (Word's «1.5 lines», which
    official documents allow) comes as one block per printed line. Read as blocks, every
    printed line would end a sentence in «Nghe» (a date cut from its day reads as a
    fraction) and a search snippet would show « · » at every line's end. So a one-line
    block goes on the paragraph of the one-line block before it when it is the next
    printed line: just under it, of the same height, starting where it starts (or left
    of it, under a first line's indent), not a list item, and that line is full (it
    reaches the right edge of its column, as a wrapped line does). A heading (taller,
    or short of the edge), a paragraph's last line, a list's items, a column beside
    another stay apart.
    """
    paragraph = {number: number for number, _box, _text in blocks}
    for (before, (x0, y0, x1, y1), above), (number, box, shown) in pairwise(blocks):
        height = y1 - y0
        if ("\n" not in above and "\n" not in shown and height > 0
                and not _LIST_ITEM.match(shown)
                and abs((box[3] - box[1]) - height) <= 0.15 * height
                and -0.2 * height <= box[1] - y1 <= 1.5 * height
                and x0 - _FULL_LINE_SLACK * height <= box[0] <= x0 + height / 2
                # full: it reaches the widest text running under or over it (its column)
                and x1 >= max(b[2] for _n, b, _t in blocks if b[0] < x1 and b[2] > x0)
                - _FULL_LINE_SLACK * height):
            paragraph[number] = paragraph[before]
    return paragraph


def _page_text(doc: pymupdf.Document, page: pymupdf.Page) -> str:
    """The page's text (`page_blocks_text`); none for an unreadable chapter (its error line
    is no text to index or read aloud)."""
    text = page_blocks_text(page, doc)  # read once: also what tells the error line
    return "" if _is_missing_chapter(doc, page, text) else _plain(text)


def words(doc: pymupdf.Document, number: int) -> dict[str, Any]:
    """Words with boxes in the page as shown (its width and height are given with them),
    each with the number of its block.

    The words come in the order of the page's text (`page_blocks_text`), not
    sorted by height: read aloud, they are that text, and a line sort read a
    two-column page across both columns. Their block numbers tell the reader
    where a heading or paragraph ends (`PageLayout` puts a blank line there).

    MuPDF gives word boxes on the unrotated page; a page with /Rotate (a
    landscape table in a portrait report, a scan fed in sideways) is shown
    turned, so the boxes are turned with it, or a highlight lands elsewhere.
    """
    page = _page(doc, number)
    turn = page.rotation_matrix if page.rotation % 360 else None
    found = []
    # an unreadable chapter's error line is no words to find or read aloud
    shown, paragraph = [], {}
    if not _is_missing_chapter(doc, page):
        textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS)  # == TEXTFLAGS_BLOCKS
        read = _readable_blocks(textpage, doc)
        shown = [w for w in textpage.extractWORDS() if not _in_symbol_font(w, read.symbols)]
        paragraph = _paragraphs(_text_blocks(read.blocks))
        shown = _readable_words(shown, read)
    for x0, y0, x1, y1, w, block, *_ in shown:
        plain = _plain(w).strip()
        if not plain:
            continue
        if turn is not None:
            x0, y0, x1, y1 = pymupdf.Rect(x0, y0, x1, y1) * turn
        found.append((float(x0), float(y0), float(x1), float(y1), plain,
                      paragraph.get(int(block), int(block))))
    return {"page": number, "width": float(page.rect.width), "height": float(page.rect.height),
            "words": found}


def _in_symbol_font(word: Any, symbols: dict[int, list[list[dict]]]) -> bool:
    """Whether MuPDF's word (x0, y0, x1, y1, text, block, line, number) is drawn in a symbol
    font (`_readable_blocks`): left out of the words as of the page's text."""
    lines = symbols.get(int(word[5]))
    if lines is None or int(word[6]) >= len(lines):
        return False
    middle = pymupdf.Point((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)
    return any(_SYMBOL_FONT.fullmatch(span["font"]) and middle in pymupdf.Rect(span["bbox"])
               for span in lines[int(word[6])])


def _readable_words(shown: list[Any], read: _Blocks) -> list[Any]:
    """MuPDF's words of a page (x0, y0, x1, y1, word, block, line, number), their text as
    Unicode where the page has text in an old font encoding (`read.spans`): each word in
    the font most of its letters are drawn in, decided and converted as the page's text is
    (`_read_lines`), so a found or read word is the one the index holds. The words keep
    their order."""
    if not read.spans:
        return shown
    lines = _printed_lines(shown)
    words = []
    for line in lines:
        spans = read.spans.get((int(shown[line[0]][5]), int(shown[line[0]][6])), [])
        text = "".join(part for _font, part in spans)
        ranges, at = [], 0
        for i in line:
            start = text.find(shown[i][4], at)
            start, at = (start, start + len(shown[i][4])) if start >= 0 else (at, at)
            ranges.append((start, at))
        words.append(list(zip((shown[i][4] for i in line), _fonts_of(spans, ranges),
                              strict=True)))
    converted = list(shown)
    for line, read_line in zip(lines, readable_lines(words, likely=read.likely), strict=True):
        for i, word in zip(line, read_line, strict=True):
            converted[i] = (*shown[i][:4], word, *shown[i][5:])
    return converted


def _printed_lines(shown: list[Any]) -> list[list[int]]:
    """The places in MuPDF's words of each printed line's words (by block and line number)."""
    lines: dict[tuple[int, int], list[int]] = {}
    for i, word in enumerate(shown):
        lines.setdefault((int(word[5]), int(word[6])), []).append(i)
    return list(lines.values())


#: Height/width of a tall page's cover: the top of a scroll poster, as a card shows it.
TALL_COVER_RATIO = 4 / 3


def cover_png(doc: pymupdf.Document, width: int = COVER_WIDTH) -> bytes:
    """The first page drawn `width` pixels wide; of a tall page (a scroll poster) only its top.

    Why the top: a whole 1080×8000 poster as a cover is a thin column of
    stripes on the printed QR poster, and a card cropping it shows some middle
    section; its top carries its title, and it is where the reader opens it.
    """
    first = doc[0]
    area = first.rect
    if area.width > 0 and area.height / area.width >= TALL_MIN_RATIO:
        area = pymupdf.Rect(area.x0, area.y0, area.x1, area.y0 + area.width * TALL_COVER_RATIO)
    scale = output_scale(area.width, area.height, width, 100_000, 1.0)
    ctm = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    fz_page = _fz_page(first)
    box = mupdf.fz_round_rect(mupdf.fz_transform_rect(
        mupdf.FzRect(area.x0, area.y0, area.x1, area.y1), ctm))
    background = _background(doc, fz_page, ctm, box)
    if background != WHITE:  # a light picture on transparency: on the grey its pages have
        pix_w, pix_h = box.x1 - box.x0, box.y1 - box.y0
        own = bytearray(pix_w * pix_h * 3)
        _draw(fz_page, ctm, box, memoryview(own), None, background)
        return pymupdf.Pixmap(pymupdf.csRGB, pix_w, pix_h, bytes(own), False).tobytes("png")
    return first.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=area,
                            alpha=False).tobytes("png")


#: Annotations that show text of their own (a typed-in box, «ĐÃ DUYỆT»), which MuPDF's
#: page text includes. The others show none: a highlight or strike-out marks the page's
#: own text, and a box, circle or freehand ring a reviewer draws over the heading leaves
#: the heading the page's own.
_SHOWS_TEXT = (pymupdf.PDF_ANNOT_FREE_TEXT, pymupdf.PDF_ANNOT_STAMP, pymupdf.PDF_ANNOT_TEXT)


def _first_heading(page: pymupdf.Page) -> str | None:
    """The largest-font line of the first page's own text.

    The text of its form fields and annotations is left out: MuPDF's text of a
    page includes what they show, and a filled-in form's name field (sized to
    its box, larger than the heading) became the item's title — a person's
    name over the reader, on a public screen — as did a reviewer's «ĐÃ DUYỆT»
    stamp.
    """
    added = [pymupdf.Rect(annot.rect) for annot in page.annots(types=_SHOWS_TEXT)]
    added += [pymupdf.Rect(widget.rect) for widget in page.widgets()]
    best: tuple[float, list[tuple[str, str]]] | None = None
    for block in page.get_text("dict").get("blocks", []):
        for line in block.get("lines", []):
            spans = line.get("spans", [])
            line_text = "".join(s.get("text", "") for s in spans).strip()
            if len(line_text) < 3:
                continue
            box = pymupdf.Rect(line["bbox"])
            if any((box.tl + box.br) / 2 in shown for shown in added):
                continue
            size = max(s.get("size", 0) for s in spans)
            if best is None or size > best[0] + 0.5:
                best = (size, [(s.get("font", "") if _fonts_named(page.parent) else "",
                                s.get("text", "")) for s in spans])
    if best is None:
        return None
    # read in its fonts, as the page's text is (`_readable_blocks`)
    return _clean(_read_lines({(0, 0): best[1]}, _likely_of(page.parent))[0, 0])


def extract(doc: pymupdf.Document, path: Path, *, with_text: bool = True) -> Extraction:
    """Metadata, text of every page and a cover: what the catalog stores at import.

    With `with_text=False` the pages are left empty (the engine then asks for
    them in chunks, so one request never has to read a whole book).
    """
    media_type, kind = media_type_of(path)
    meta = doc.metadata or {}
    pages = text(doc, None) if with_text else []
    title = _own_title(doc, meta)
    if not title and media_type.startswith(("application/pdf", "application/epub")):
        title = _outline_title(_toc(doc)) or _first_heading(doc[0])
    return Extraction(
        media_type=media_type,
        kind=kind,
        page_count=doc.page_count,
        title=title,
        authors=_authors(doc, meta),
        language=_clean(meta.get("language")),
        summary=_clean(_readable(doc, meta.get("subject"))),
        pages=pages,
        cover_png=cover_png(doc),
        scanned=looks_scanned(media_type, pages),
        repaired=bool(doc.is_pdf and doc.is_repaired),
        legacy_encoding=legacy_encoding(doc),
    )
