"""Building the demo library from its sources in `assets/demo/` (needs MuPDF).

Kept apart from `library.demo`, which loads and checks a built demo: a
station (the frozen bundle) ships the demo built and never imports this
module — nor, at its first start, MuPDF. A source checkout rebuilds
`build/demo` through it whenever the sources no longer match (see
`library.demo.demo_dir`).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
import time
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pymupdf

from .catalog import KINDS, check_id
from .demo import MANIFEST, lock_path, sources_dir
from .documents import reader
from .errors import PackError
from .objects import sha256_file
from .paths import bundle_root, font_files

#: Bump when the builder's output changes for the same sources (then run `lock`).
BUILDER_VERSION = 2
COVER_WIDTH = 360
#: A heading needs this much room (pt) below it on its page, or it moves to the next.
KEEP_WITH_NEXT = 56
#: Fixed PDF dates, so two builds are byte-identical.
PDF_DATE = "D:20260101000000Z"
A5 = pymupdf.paper_rect("a5")
A6 = pymupdf.paper_rect("a6")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MEDIA = {
    "book": ("pdf", "application/pdf"),
    "handbook": ("pdf", "application/pdf"),
    "document": ("pdf", "application/pdf"),
    "infographic": ("png", "image/png"),
    "bulletin": ("txt", "text/plain"),
}
_KIND_LABEL = {
    "book": "SÁCH ĐIỆN TỬ",
    "handbook": "SỔ TAY",
    "document": "TÀI LIỆU",
    "infographic": "INFOGRAPHIC",
    "bulletin": "BẢN TIN",
}


# -- reading the sources --------------------------------------------------------------
def _read_text(path: Path) -> str:
    """Source text as NFC with `\\n` line ends, so a Windows checkout builds the same bytes."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip() + "\n"


@dataclass(frozen=True)
class Spec:
    """One demo item as `catalog.toml` describes it."""

    id: str
    title: str
    kind: str
    source: str
    authors: tuple[str, ...]
    publisher: str
    tags: tuple[str, ...]
    summary: str
    published: str
    featured: bool
    color: str
    subtitle: str
    width: int
    height: int


def _load_specs(src: Path) -> list[Spec]:
    """Parse `catalog.toml`; a mistake in it is a build error, said plainly."""
    data = tomllib.loads(_read_text(src / "catalog.toml"))
    specs: list[Spec] = []
    seen: set[str] = set()
    for raw in data.get("item", []):
        item_id = str(raw["id"])
        if not _ID.match(item_id) or item_id in seen:
            raise PackError(f"demo catalog: bad or repeated id {item_id!r}")
        check_id(item_id)
        seen.add(item_id)
        kind = str(raw["kind"])
        if kind not in KINDS or kind not in _MEDIA:
            raise PackError(f"demo catalog: {item_id}: unsupported kind {kind!r}")
        specs.append(Spec(
            id=item_id,
            title=_nfc(raw["title"]),
            kind=kind,
            source=str(raw["source"]),
            authors=tuple(_nfc(a) for a in raw.get("authors", [])),
            publisher=_nfc(raw.get("publisher", data.get("publisher", ""))),
            tags=tuple(_nfc(t) for t in raw.get("tags", [])),
            summary=_nfc(raw.get("summary", "")),
            published=str(raw["published"]),
            featured=bool(raw.get("featured", False)),
            color=str(raw.get("color", "#0b6e4f")),
            subtitle=_nfc(raw.get("subtitle", "")),
            width=int(raw.get("width", 1080)),
            height=int(raw.get("height", 1528)),
        ))
    if not specs:
        raise PackError("demo catalog lists no items")
    return specs


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def source_hash(src: Path | None = None) -> str:
    """A digest of everything the build reads: sources, fonts, builder and MuPDF version.

    `demo_dir` compares it with the built manifest to know when to rebuild.
    """
    src = src or sources_dir()
    digest = hashlib.sha256()
    digest.update(f"builder {BUILDER_VERSION} mupdf {pymupdf.VersionBind}\n".encode())
    files = [src / "catalog.toml", *sorted((src / "sources").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(src).as_posix().encode() + b"\0")
            digest.update(_read_text(path).encode() + b"\0")
    for font in font_files():
        digest.update(font.name.encode() + b"\0" + sha256_file(font).encode() + b"\0")
    return digest.hexdigest()


# -- markup → HTML ----------------------------------------------------------------------
def _inline(text: str) -> str:
    """Escape, then turn `**bold**` into <b>."""
    escaped = html.escape(text, quote=False)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def _blocks(text: str) -> list[tuple[str, str | list[str]]]:
    """Split markup into (kind, content) blocks: h1, h2, ul, note, p."""
    blocks: list[tuple[str, str | list[str]]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("## "):
            blocks.append(("h2", first[3:].strip()))
            rest = lines[1:]
        elif first.startswith("# "):
            blocks.append(("h1", first[2:].strip()))
            rest = lines[1:]
        else:
            rest = lines
        if not rest:
            continue
        if all(line.startswith("- ") for line in rest):
            blocks.append(("ul", [line[2:].strip() for line in rest]))
        elif rest[0].startswith("> "):
            blocks.append(("note", " ".join(line.lstrip("> ").strip() for line in rest)))
        else:
            blocks.append(("p", " ".join(rest)))
    return blocks


def _body_html(blocks: Iterable[tuple[str, str | list[str]]],
               breaks: frozenset[str] = frozenset()) -> str:
    """HTML for the Story; headings and notes get ids, and those in `breaks` a page break."""
    out: list[str] = []
    for index, (kind, content) in enumerate(blocks):
        if kind in ("h1", "h2"):
            ident = f"h{index}"
            style = ' style="page-break-before: always"' if ident in breaks else ""
            out.append(f'<{kind} id="{ident}"{style}>{_inline(str(content))}</{kind}>')
            continue
        if kind == "ul":
            assert isinstance(content, list)
            out.append("<ul>" + "".join(f"<li>{_inline(x)}</li>" for x in content) + "</ul>")
        elif kind == "note":
            ident = f"n{index}"
            style = ' style="page-break-before: always"' if ident in breaks else ""
            out.append(f'<p class="note" id="{ident}"{style}>{_inline(str(content))}</p>')
        else:
            out.append(f"<{kind}>{_inline(str(content))}</{kind}>")
    return "\n".join(out)


def _fonts_css() -> str:
    regular, bold = _font_pair()
    return (
        f"@font-face {{font-family: Noto; src: url({regular.name});}}\n"
        f"@font-face {{font-family: Noto; font-weight: bold; src: url({bold.name});}}\n"
        "* {font-family: Noto;}\n"
    )


def _font_pair() -> tuple[Path, Path]:
    fonts = font_files()
    regular = next((f for f in fonts if "Regular" in f.name), fonts[0])
    bold = next((f for f in fonts if "Bold" in f.name), regular)
    return regular, bold


def _archive() -> pymupdf.Archive:
    return pymupdf.Archive(str(_font_pair()[0].parent))


def _hex(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(color: str, white: float) -> str:
    """A lighter tint of `color` (white=1 → white), as #rrggbb for CSS."""
    r, g, b = _hex(color)
    parts = [round((c + (1 - c) * white) * 255) for c in (r, g, b)]
    return "#" + "".join(f"{p:02x}" for p in parts)


def _htmlbox(page: pymupdf.Page, rect: pymupdf.Rect, body: str, css: str,
             archive: pymupdf.Archive) -> None:
    """Place HTML in a box; shrink it rather than clip it, and say so if it cannot fit."""
    spare, _scale = page.insert_htmlbox(rect, body, css=_fonts_css() + css, archive=archive,
                                        scale_low=0.6)
    if spare < 0:
        raise PackError(f"demo build: text does not fit on page {page.number + 1}")


@lru_cache(maxsize=2)
def _font(bold: bool) -> pymupdf.Font:
    """The bundled font as a MuPDF Font, parsed once per process (it is ~0.5 MB)."""
    return pymupdf.Font(fontfile=str(_font_pair()[1 if bold else 0]))


def _text(page: pymupdf.Page, rect: pymupdf.Rect, text: str, *, size: float,
          color: tuple[float, float, float], bold: bool = False, align: int = 0,
          lineheight: float = 1.35) -> None:
    """Plain wrapped text in one font: several times faster than an HTML box."""
    writer = pymupdf.TextWriter(page.rect)
    try:
        writer.fill_textbox(rect, text, font=_font(bold), fontsize=size, lineheight=lineheight,
                            align=align, warn=False)
    except ValueError as exc:
        raise PackError(f"demo build: text does not fit on page {page.number + 1}: "
                        f"{text[:40]!r}") from exc
    writer.write_text(page, color=color)


# -- PDFs -------------------------------------------------------------------------------
_BOOK_CSS = """
body {font-size: 10.5pt; line-height: 1.45; color: #222222;}
h1 {font-size: 16pt; font-weight: bold; color: COLOR; margin: 14pt 0 6pt 0;}
h2 {font-size: 12.5pt; font-weight: bold; color: COLOR; margin: 10pt 0 4pt 0;}
p {margin: 0 0 6pt 0; text-align: justify;}
ul {margin: 0 0 6pt 0; padding-left: 14pt;}
li {margin: 0 0 3pt 0;}
p.note {background-color: TINT; padding: 6pt 8pt; border-left: 3pt solid COLOR;
        margin: 4pt 0 8pt 0;}
"""


def _draw_cover_page(doc: pymupdf.Document, spec: Spec, rect: pymupdf.Rect,
                     archive: pymupdf.Archive) -> None:
    """Page 1 of a PDF (and the card of a bulletin): a coloured band with a big title."""
    page = doc.new_page(width=rect.width, height=rect.height)
    w, h = rect.width, rect.height
    color = _hex(spec.color)
    band = pymupdf.Rect(0, 0, w, h * 0.62)
    page.draw_rect(band, color=None, fill=color)
    # Decorative circles: soft, large, partly off the page.
    page.draw_circle((w * 0.92, h * 0.08), w * 0.32, color=None, fill=(1, 1, 1),
                     fill_opacity=0.10)
    page.draw_circle((w * 0.05, h * 0.58), w * 0.22, color=None, fill=(1, 1, 1),
                     fill_opacity=0.08)
    page.draw_rect(pymupdf.Rect(0, h * 0.62, w, h * 0.62 + 6), color=None,
                   fill=_hex("#f2b705"))
    m = w * 0.09
    label = _KIND_LABEL[spec.kind]
    _htmlbox(page, pymupdf.Rect(m, h * 0.07, w - m, h * 0.14),
             f"<p>{label} · CAFÉ SÁCH 4.0</p>",
             f"p {{font-size: {w / 34:.1f}pt; font-weight: bold; color: #ffffff;"
             " letter-spacing: 1pt;}", archive)
    _htmlbox(page, pymupdf.Rect(m, h * 0.17, w - m, h * 0.50),
             f"<h1>{_inline(spec.title)}</h1>"
             + (f"<p>{_inline(spec.subtitle)}</p>" if spec.subtitle else ""),
             f"h1 {{font-size: {w / 14:.1f}pt; font-weight: bold; color: #ffffff;"
             " line-height: 1.2; margin: 0 0 8pt 0;}"
             f" p {{font-size: {w / 28:.1f}pt; color: #ffffff; line-height: 1.35;}}",
             archive)
    _htmlbox(page, pymupdf.Rect(m, h * 0.67, w - m, h * 0.86),
             f"<p>{_inline(spec.summary)}</p>",
             f"p {{font-size: {w / 36:.1f}pt; color: #333333; line-height: 1.45;}}", archive)
    _text(page, pymupdf.Rect(m, h * 0.885, w - m, h * 0.925), spec.publisher,
          size=w / 40, color=color, bold=True)
    _text(page, pymupdf.Rect(m, h * 0.925, w - m, h * 0.97), spec.published[:4],
          size=w / 40, color=color)


def _story_pages(spec: Spec, markup: str, page_rect: pymupdf.Rect) -> bytes:
    """Flow the body text over as many pages as it needs (MuPDF's Story)."""
    css = (_fonts_css() + _BOOK_CSS.replace("TINT", _mix(spec.color, 0.88))
           .replace("COLOR", spec.color))
    if page_rect.width < 350:  # a pocket handbook: smaller type, narrower margins
        css += "body {font-size: 9pt;} h1 {font-size: 13pt;} h2 {font-size: 11pt;}"
    margin = 36 if page_rect.width < 350 else 46
    where = pymupdf.Rect(margin, margin + 8, page_rect.width - margin,
                         page_rect.height - margin - 10)
    blocks = _blocks(markup)
    breaks: frozenset[str] = frozenset()
    # MuPDF ignores `page-break-after: avoid`, so keep headings with their text by
    # hand: lay out, find headings stranded at a page's foot, break before them, repeat.
    for _attempt in range(4):
        data, stranded = _flow(spec, _body_html(blocks, breaks), css, page_rect, where)
        if not stranded - breaks:
            return data
        breaks |= stranded
    return data


def _flow(spec: Spec, body: str, css: str, page_rect: pymupdf.Rect,
          where: pymupdf.Rect) -> tuple[bytes, frozenset[str]]:
    """One layout pass: (PDF bytes, ids of headings and notes that a page break splits)."""
    story = pymupdf.Story(html=body, user_css=css, archive=_archive())
    stranded: set[str] = set()

    def note(position: Any) -> None:  # position: MuPDF's ElementPosition
        ident = position.id or ""
        room = where.y1 - position.rect[3]
        if ident.startswith("h") and room < KEEP_WITH_NEXT:
            stranded.add(ident)  # a heading at a page's foot, its text overleaf
        elif ident.startswith("n") and room < 14:
            # MuPDF reports a split box as closed on the page where it starts; a box
            # reaching the page's foot is (nearly always) one that runs overleaf.
            stranded.add(ident)

    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    more = True
    pages = 0
    while more:
        device = writer.begin_page(page_rect)
        more, _filled = story.place(where)
        story.element_positions(note)
        story.draw(device)
        writer.end_page()
        pages += 1
        if pages > 40:
            raise PackError(f"demo build: {spec.id} runs away (over 40 pages)")
    writer.close()
    return buffer.getvalue(), frozenset(stranded)


def _decorate_body_page(page: pymupdf.Page, spec: Spec, number: int,
                        archive: pymupdf.Archive) -> None:
    """A thin colour rule on top and a footer with the title and page number."""
    w, h = page.rect.width, page.rect.height
    margin = 36 if w < 350 else 46
    page.draw_rect(pymupdf.Rect(0, 0, w, 10), color=None, fill=_hex(spec.color))
    page.draw_line((margin, h - margin + 2), (w - margin, h - margin + 2),
                   color=_hex(_mix(spec.color, 0.6)), width=0.6)
    _text(page, pymupdf.Rect(margin, h - margin + 6, w - margin, h - margin + 24),
          f"{spec.title} · {number}", size=7.5, color=_hex("#777777"), align=2)


def _build_pdf(spec: Spec, markup: str) -> bytes:
    page_rect = A6 if spec.kind == "handbook" else A5
    archive = _archive()
    doc = pymupdf.open()
    _draw_cover_page(doc, spec, page_rect, archive)
    body = pymupdf.open("pdf", _story_pages(spec, markup, page_rect))
    doc.insert_pdf(body)
    body.close()
    for number in range(1, doc.page_count):
        _decorate_body_page(doc[number], spec, number + 1, archive)
    return _finish_pdf(doc, spec)


def _finish_pdf(doc: pymupdf.Document, spec: Spec) -> bytes:
    """Fixed metadata and no fresh document id: the same input gives the same bytes."""
    doc.set_metadata({
        "title": spec.title,
        "author": ", ".join(spec.authors),
        "subject": spec.summary,
        "keywords": ", ".join(spec.tags),
        "creator": "Café sách 4.0",
        "producer": "Café sách 4.0 demo builder",
        "creationDate": PDF_DATE,
        "modDate": PDF_DATE,
    })
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True, deflate_fonts=True, no_new_id=True)
    doc.close()
    return data


# -- infographics ---------------------------------------------------------------------
def _infographic_page(spec: Spec, markup: str) -> pymupdf.Document:
    """Draw the infographic as one PDF page (text stays extractable for the index)."""
    w, h = spec.width, spec.height
    color = _hex(spec.color)
    archive = _archive()
    doc = pymupdf.open()
    page = doc.new_page(width=w, height=h)
    page.draw_rect(page.rect, color=None, fill=_hex(_mix(spec.color, 0.93)))
    landscape = w > h
    header_h = h * (0.22 if landscape else 0.19)
    page.draw_rect(pymupdf.Rect(0, 0, w, header_h), color=None, fill=color)
    page.draw_circle((w * 0.95, header_h * 0.1), header_h * 0.9, color=None, fill=(1, 1, 1),
                     fill_opacity=0.10)
    page.draw_rect(pymupdf.Rect(0, header_h, w, header_h + 10), color=None,
                   fill=_hex("#f2b705"))
    m = w * 0.05
    _htmlbox(page, pymupdf.Rect(m, header_h * (0.17 if landscape else 0.12), w - m,
                                header_h * 0.95),
             f"<h1>{_inline(spec.title)}</h1><p>{_inline(spec.subtitle)}</p>",
             f"h1 {{font-size: {w / (26 if landscape else 17):.0f}pt; font-weight: bold;"
             " color: #ffffff; margin: 0 0 8pt 0; line-height: 1.15;}"
             f" p {{font-size: {w / (50 if landscape else 32):.0f}pt; color: #ffffff;"
             " line-height: 1.3;}", archive)

    cards: list[tuple[str, str]] = []
    title = ""
    for kind, content in _blocks(markup):
        if kind in ("h1", "h2"):
            title = str(content)
        else:
            text = "\n".join(content) if isinstance(content, list) else str(content)
            text = text.replace("**", "")
            cards.append((title, text))
            title = ""
    columns = 3 if landscape else 2
    rows = -(-len(cards) // columns)
    footer_h = h * 0.06
    top = header_h + 10 + h * 0.03
    gap = w * 0.025
    card_w = (w - 2 * m - (columns - 1) * gap) / columns
    card_h = (h - top - footer_h - h * 0.02 - (rows - 1) * gap) / rows
    head_pt = w / (42 if landscape else 26)
    text_pt = w / (64 if landscape else 34)
    bold_file = _font_pair()[1]
    bold = pymupdf.Font(fontfile=str(bold_file))
    for index, (card_title, text) in enumerate(cards):
        row, col = divmod(index, columns)
        x0 = m + col * (card_w + gap)
        y0 = top + row * (card_h + gap)
        card = pymupdf.Rect(x0, y0, x0 + card_w, y0 + card_h)
        page.draw_rect(card, color=None, fill=(1, 1, 1), radius=0.06)
        page.draw_rect(pymupdf.Rect(card.x0, card.y0, card.x0 + 12, card.y1), color=None,
                       fill=color, radius=0.5)
        r = head_pt * 1.15
        centre = pymupdf.Point(card.x0 + 22 + r, card.y0 + 20 + r)
        page.draw_circle(centre, r, color=None, fill=_hex("#f2b705"))
        digit = str(index + 1)
        size = head_pt * 1.2
        # Centred by measuring: an HTML box would sit the digit on its line box, too low.
        baseline = pymupdf.Point(centre.x - bold.text_length(digit, fontsize=size) / 2,
                                 centre.y + size * 0.36)
        page.insert_text(baseline, digit, fontsize=size, fontname="notobold",
                         fontfile=str(bold_file), color=(1, 1, 1))
        _htmlbox(page, pymupdf.Rect(centre.x + r + 14, card.y0 + 18, card.x1 - 18,
                                    card.y0 + 20 + 2 * r + 6),
                 f"<h2>{_inline(card_title)}</h2>",
                 f"h2 {{font-size: {head_pt:.0f}pt; font-weight: bold; color: {spec.color};"
                 " line-height: 1.1; margin: 0;}", archive)
        _text(page, pymupdf.Rect(card.x0 + 30, card.y0 + 36 + 2 * r, card.x1 - 22,
                                 card.y1 - 16),
              text, size=text_pt, color=_hex("#333333"))
    _text(page, pymupdf.Rect(m, h - footer_h, w - m, h - footer_h * 0.15),
          f"{spec.publisher} · {spec.published[:4]}", size=w / (80 if landscape else 54),
          color=color, bold=True, align=1)
    return doc


# -- building ---------------------------------------------------------------------------
def _cover_png(page: pymupdf.Page) -> bytes:
    scale = COVER_WIDTH / page.rect.width
    return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False).tobytes("png")


def _page_texts(doc: pymupdf.Document) -> list[str]:
    """Each page's text as the document worker reads it at import (`reader.text`: a heading
    apart from its paragraph), so the demo's snippets and «Nghe» read alike."""
    return reader.text(doc, None)


def _build_item(spec: Spec, src: Path) -> tuple[bytes, bytes, list[str]]:
    """(file bytes, cover PNG, per-page text) for one item."""
    markup = _read_text(src / "sources" / spec.source)
    if spec.kind in ("book", "handbook", "document"):
        data = _build_pdf(spec, markup)
        with pymupdf.open("pdf", data) as doc:
            return data, _cover_png(doc[0]), _page_texts(doc)
    if spec.kind == "infographic":
        with _infographic_page(spec, markup) as doc:
            page = doc[0]
            png = page.get_pixmap(alpha=False).tobytes("png")
            # An image has no text layer: keep the drawn text so search and speech work.
            return png, _cover_png(page), _page_texts(doc)
    # bulletin: the text itself, plus a drawn card as cover
    text = unicodedata.normalize("NFKC", markup)
    with pymupdf.open() as doc:
        _draw_cover_page(doc, spec, A5, _archive())
        cover = _cover_png(doc[0])
    return text.encode("utf-8"), cover, [text]


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _build_into(folder: Path, src: Path) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for spec in _load_specs(src):
        data, cover, pages = _build_item(spec, src)
        ext, media_type = _MEDIA[spec.kind]
        file_name = f"{spec.id}.{ext}"
        cover_name = f"{spec.id}.cover.png"
        _write(folder / file_name, data)
        _write(folder / cover_name, cover)
        items.append({
            "id": spec.id,
            "title": spec.title,
            "kind": spec.kind,
            "authors": list(spec.authors),
            "publisher": spec.publisher,
            "tags": list(spec.tags),
            "summary": spec.summary,
            "published": spec.published,
            "featured": spec.featured,
            "file": file_name,
            "media_type": media_type,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "page_count": len(pages),
            "pages": pages,
            "cover": cover_name,
            "cover_sha256": hashlib.sha256(cover).hexdigest(),
            "body": pages[0] if spec.kind == "bulletin" else None,
        })
    manifest = {
        "format": 1,
        "builder": BUILDER_VERSION,
        "source_hash": source_hash(src),
        "items": items,
    }
    _write(folder / MANIFEST, _manifest_bytes(manifest))
    return manifest


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def build_demo(out_dir: Path, *, src: Path | None = None) -> Path:
    """Build every demo item into `out_dir`, atomically; return `out_dir`.

    Everything is written into a temporary sibling folder first and renamed
    into place only when complete, so an interrupted build never leaves a
    half demo where `demo_dir` would pick it up.
    """
    src = src or sources_dir()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    try:
        _build_into(tmp, src)
        os.chmod(tmp, 0o755)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}-{time.monotonic_ns()}")
            os.replace(out_dir, old)
        try:
            os.replace(tmp, out_dir)
        except OSError:
            if not out_dir.exists():  # nobody else won the race: put the old one back
                if old is not None:
                    os.replace(old, out_dir)
                raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def write_lock(out_dir: Path | None = None) -> str:
    """Rebuild the demo and pin its manifest's sha256 in `assets/demo/demo.lock`."""
    folder = build_demo(out_dir or bundle_root() / "build" / "demo")
    digest = sha256_file(folder / MANIFEST)
    lock_path().write_text(digest + "\n", encoding="ascii")
    return digest
