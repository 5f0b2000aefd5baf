"""QR posters: A4 PDF pages librarians print for stalls and notice boards.

Why vector QR codes: a poster is printed at whatever size the printer
likes; modules drawn as filled rectangles stay sharp at any scale, where an
embedded bitmap would be smoothed by the PDF viewer and blur at the edges.

Why a Wi-Fi code on the poster: the handoff link only works on the
station's own Wi-Fi, so when the item's code is a handoff link and the
station has an SSID, the page also carries the code that joins that network
("first this, then that").

Text uses the bundled Noto Sans (regular and bold), embedded and subset,
so Vietnamese marks print on any machine.
"""

from __future__ import annotations

import contextlib
import functools
import shlex
import signal
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

import pymupdf

from .catalog import Item
from .errors import InvalidInput, NotFound
from .files import output_file
from .handoff.links import NOTE_TEXT_VI, SCAN_HINT_VI, Link, item_link_from_config
from .objects import ObjectStore
from .paths import font_files
from .qr import (
    QrCode,
    make_qr,
    shorten,
    wifi_password_problem,
    wifi_payload,
    wifi_ssid_problem,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .config import Config

A4 = pymupdf.paper_rect("a4")
MARGIN = 48
BLACK = (0, 0, 0)
GREY = (0.35, 0.35, 0.35)
ACCENT = (0.48, 0.12, 0.12)
GRID_COLUMNS, GRID_ROWS = 2, 3
WIFI_HINT_VI = "Chưa có mạng? Quét mã này để vào Wi-Fi “{ssid}” của trạm, rồi quét mã tài liệu."


@dataclass
class PosterResult:
    pdf: bytes
    pages: int
    payloads: list[str] = field(default_factory=list)  #: every QR's content, page order
    notes: list[str] = field(default_factory=list)  #: fall-backs worth telling the librarian


def _fonts() -> tuple[str, str]:
    files = font_files()
    if not files:
        raise NotFound("the bundled font is missing (assets/fonts)")
    regular = str(files[0])
    bold = next((str(f) for f in files if "Bold" in f.name), regular)
    return regular, bold


#: Joiners and variation selectors: they only shape the emoji around them.
_EMOJI_GLUE = {0x200D, 0xFE0E, 0xFE0F}


def printable(text: str, font: pymupdf.Font) -> str:
    """`text` without the characters `font` has no glyph for, spaces tidied.

    Titles and bulletins carry emoji (🎉, 📢, ⚠️) that the kiosk draws with
    its colour emoji font; a printed poster has only the text font, which
    would print each as an empty box. A poster is read from across a
    market, so the words alone say it better than boxes among them.

    The text is composed first (NFC): PDF text is placed glyph by glyph,
    with no shaping, so a mark typed as a separate character (a settings
    file saved on a Mac, say) would print beside or above its letter, not on it.
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(ch for ch in text if ord(ch) not in _EMOJI_GLUE
                   and (ch.isspace() or font.has_glyph(ord(ch))))
    return "\n".join(" ".join(line.split()) for line in kept.split("\n"))


@functools.cache
def _glyphs(fontfile: str) -> pymupdf.Font:
    """The text font, read once, to ask which characters it can print."""
    return pymupdf.Font(fontfile=fontfile)


class _Page:
    """One PDF page with the fonts loaded and small drawing helpers."""

    def __init__(self, doc: pymupdf.Document, fonts: tuple[str, str]) -> None:
        self.page = doc.new_page(width=A4.width, height=A4.height)
        self.page.insert_font(fontname="vn", fontfile=fonts[0])
        self.page.insert_font(fontname="vnb", fontfile=fonts[1])
        self.font = _glyphs(fonts[0])

    def text(self, rect: pymupdf.Rect, text: str, *, size: float, bold: bool = False,
             color: tuple[float, float, float] = BLACK, align: int = 0,
             min_size: float = 7) -> float:
        """Fit `text` in `rect`, shrinking it, and at the smallest size cutting it with "…".

        Returns where the text ends (the y below its last line).
        """
        font = "vnb" if bold else "vn"
        text = printable(text, self.font)
        while size >= min_size:
            shape = self.page.new_shape()
            spare = shape.insert_textbox(rect, text, fontname=font, fontsize=size, color=color,
                                         align=align)
            if spare >= 0:
                shape.commit()
                return rect.y1 - spare
            size -= 1

        def fits(candidate: str) -> bool:
            return self.page.new_shape().insert_textbox(
                rect, candidate, fontname=font, fontsize=min_size, align=align) >= 0

        # Cut by characters, ending on a word when that loses little: a long link is
        # one "word", and dropping whole words left only "…" under its code.
        shape = self.page.new_shape()
        spare = shape.insert_textbox(rect, shorten(text, fits), fontname=font,
                                     fontsize=min_size, color=color, align=align)
        if spare >= 0:
            shape.commit()
            return rect.y1 - spare
        return rect.y0

    def qr(self, rect: pymupdf.Rect, code: QrCode) -> None:
        """The symbol as vector rectangles (one per run of dark modules), quiet zone white.

        Why written as PDF operators: `Shape.draw_rect` costs ~0.1 ms a
        rectangle in Python, and a bulletin's code has ~2,000 runs — a
        300-item grid took half a minute. The same rectangles as `re`
        operators in one content stream take a few milliseconds.
        """
        side = min(rect.width, rect.height)
        module = side / code.size
        height = self.page.rect.height  # PDF y grows upwards
        x0, top = rect.x0, rect.y0
        ops = ["q 1 g", f"{x0:.3f} {height - top - side:.3f} {side:.3f} {side:.3f} re f", "0 g"]
        ops.extend(f"{x0 + x * module:.3f} {height - top - (y + 1) * module:.3f} "
                   f"{length * module:.3f} {module:.3f} re" for x, y, length in code.runs)
        ops.append("f Q")
        doc = self.page.parent
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, "\n".join(ops).encode("ascii"))
        contents = [*self.page.get_contents(), xref]
        doc.xref_set_key(self.page.xref, "Contents",
                         "[" + " ".join(f"{c} 0 R" for c in contents) + "]")

    def image(self, rect: pymupdf.Rect, item: Item, objects: ObjectStore | None) -> bool:
        """The item's cover, kept in proportion; False when there is none to show."""
        if objects is None or not item.cover_sha256:
            return False
        try:
            path = objects.path(item.cover_sha256)
            if not path.is_file():
                return False
            self.page.insert_image(rect, filename=str(path), keep_proportion=True)
        # A damaged or unreadable cover: print without it. MuPDF reports a broken image
        # with its own error classes (FzErrorFormat…), not as RuntimeError.
        except (NotFound, OSError, RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase):
            return False
        return True


def _link_caption(link: Link) -> str:
    """The link under a code as people read and type it: `…/tài liệu/…`, not the
    `…/t%C3%A0i%20li%E1%BB%87u/…` the code holds for the phone."""
    if not link.is_url:  # a book's summary, when the station hands no file over, is
        return link.note_vi or NOTE_TEXT_VI  # not "the bulletin's text": say which
    try:
        shown = unquote(link.payload, errors="strict")
        parts = urlsplit(shown)
        if "xn--" in parts.netloc:  # a host in Vietnamese, as IDNA put it in the code
            shown = urlunsplit(parts._replace(netloc=parts.netloc.encode("ascii")
                                              .decode("idna")))
    except (UnicodeError, ValueError):
        return link.payload
    return shown if shown.isprintable() else link.payload


class _Poster:
    def __init__(self, config: Config, *, wifi: bool, objects: ObjectStore | None,
                 link_for: Callable[[Item], Link]) -> None:
        self.doc = pymupdf.open()
        self.fonts = _fonts()
        self.objects = objects
        self.link_for = link_for
        get = config.get
        self.station = str(get("station", "name")).strip()
        ssid = get("wifi", "ssid") if wifi else ""
        self.result = PosterResult(pdf=b"", pages=0)
        problem = wifi_ssid_problem(ssid) if ssid else None
        if problem:  # a code that joins no network would only frustrate visitors
            self.result.notes.append(f"Không in mã Wi-Fi: {problem} (wifi.ssid).")
            ssid = ""
        problem = wifi_password_problem(get("wifi", "password")) if ssid else None
        if problem:
            self.result.notes.append(f"Không in mã Wi-Fi: {problem} (wifi.password).")
            ssid = ""
        self.ssid = ssid
        self.wifi_code = make_qr(wifi_payload(ssid, get("wifi", "password"),
                                              hidden=get("wifi", "hidden"))) if ssid else None

    def _code(self, item: Item) -> tuple[Link, QrCode]:
        link = self.link_for(item)
        code = make_qr(link.payload)
        self.result.payloads.append(code.payload)
        # Every fall-back is the librarian's to know (a bulletin's own text is none).
        for note in (link.note_vi if link.note_vi != NOTE_TEXT_VI else "", code.note_vi):
            if note and note not in self.result.notes:
                self.result.notes.append(note)
        return link, code

    def _wifi_footer(self, page: _Page, top: float, needed: bool) -> None:
        if self.wifi_code is None or not needed:
            return
        size = 84
        page.qr(pymupdf.Rect(MARGIN, top, MARGIN + size, top + size), self.wifi_code)
        self.result.payloads.append(self.wifi_code.payload)
        page.text(pymupdf.Rect(MARGIN + size + 12, top + 8, A4.width - MARGIN, top + size),
                  WIFI_HINT_VI.format(ssid=self.ssid), size=12)

    def single(self, item: Item) -> None:
        page = _Page(self.doc, self.fonts)
        width = A4.width
        page.text(pymupdf.Rect(MARGIN, 36, width - MARGIN, 56), self.station, size=11,
                  color=GREY)
        title_end = page.text(pymupdf.Rect(MARGIN, 62, width - MARGIN, 172), item.title,
                              size=28, bold=True, min_size=14)
        meta = " · ".join([item.kind_name, *([", ".join(item.authors)] if item.authors else [])])
        top = min(title_end + 6, 176)
        page.text(pymupdf.Rect(MARGIN, top, width - MARGIN, top + 22), meta, size=12,
                  color=ACCENT)
        link, code = self._code(item)
        qr_size = 300
        has_cover = page.image(pymupdf.Rect(MARGIN, 210, MARGIN + 170, 510), item, self.objects)
        left = width - MARGIN - qr_size if has_cover else (width - qr_size) / 2
        page.qr(pymupdf.Rect(left, 210, left + qr_size, 210 + qr_size), code)
        page.text(pymupdf.Rect(MARGIN, 522, width - MARGIN, 548), SCAN_HINT_VI, size=18,
                  bold=True, align=1)
        page.text(pymupdf.Rect(MARGIN, 552, width - MARGIN, 586), _link_caption(link), size=12,
                  align=1, color=GREY)
        if item.summary:
            page.text(pymupdf.Rect(MARGIN, 596, width - MARGIN, 724), item.summary, size=12)
        self._wifi_footer(page, 736, link.kind == "handoff_url")

    def grid(self, items: Sequence[Item]) -> None:
        per_page = GRID_COLUMNS * GRID_ROWS
        cell_w = (A4.width - 2 * MARGIN) / GRID_COLUMNS
        top, bottom = 70, 736
        cell_h = (bottom - top) / GRID_ROWS
        for first in range(0, len(items), per_page):
            page = _Page(self.doc, self.fonts)
            page.text(pymupdf.Rect(MARGIN, 30, A4.width - MARGIN, 62),
                      " — ".join(filter(None, (self.station, SCAN_HINT_VI))), size=14,
                      bold=True)
            any_handoff = False
            for index, item in enumerate(items[first:first + per_page]):
                col, row = index % GRID_COLUMNS, index // GRID_COLUMNS
                x, y = MARGIN + col * cell_w, top + row * cell_h
                link, code = self._code(item)
                any_handoff |= link.kind == "handoff_url"
                qr_size = 130
                page.qr(pymupdf.Rect(x, y, x + qr_size, y + qr_size), code)
                page.image(pymupdf.Rect(x + qr_size + 10, y + 4, x + cell_w - 12,
                                        y + qr_size - 4), item, self.objects)
                page.text(pymupdf.Rect(x, y + qr_size + 4, x + cell_w - 12, y + qr_size + 52),
                          item.title, size=12, bold=True, min_size=8)
                page.text(pymupdf.Rect(x, y + qr_size + 54, x + cell_w - 12, y + cell_h - 8),
                          _link_caption(link), size=8, color=GREY, min_size=6)
            self._wifi_footer(page, 744, any_handoff)

    def finish(self) -> PosterResult:
        self.doc.subset_fonts()
        self.result.pages = self.doc.page_count
        with _interrupt_held():
            self.result.pdf = self.doc.tobytes(garbage=3, deflate=True)
        self.doc.close()
        return self.result


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold Ctrl+C until the block ends, then raise it (`KeyboardInterrupt`).

    MuPDF writes the PDF through a Python callback: an interrupt landing inside it
    is caught by the binding, which prints its own traceback and fails with a
    MuPDF error, not an interrupt. Writing a poster takes a moment, so the Ctrl+C
    waits that long. Only where Python's own handler is in place (the main thread
    of a command); elsewhere the block runs as it is.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    pressed: list[int] = []
    signal.signal(signal.SIGINT, lambda number, _frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def poster_items(catalog: Catalog, *, kind: str | None = None, tag: str | None = None,
                 ids: Sequence[str] = (), featured: bool = False) -> list[Item]:
    """The items a poster carries, chosen as `cafesach poster` and the panel choose them.

    `ids`: these items, each of them (a hidden one is refused: its code would
    lead visitors to what the station does not show). Otherwise every visible
    item, of `kind` / with `tag` / on the home shelf (`featured`) when asked.
    Nothing to print is an `InvalidInput`, said before any work is done.
    """
    if ids:
        items = [catalog.get(i) for i in ids]
        hidden = [i.id for i in items if i.hidden]
        if hidden:
            raise InvalidInput(f"hidden items cannot go on a poster: {', '.join(hidden)}",
                               message_vi="Mục đang ẩn không in lên áp phích được.")
        return items
    items = catalog.items(kind=kind, tag=tag, featured=True if featured else None)
    if items:
        return items
    if featured:
        raise InvalidInput("the home shelf has no items to put on a poster",
                           message_vi="Kệ trang chủ chưa có mục nào để in.")
    asked = " ".join(f"--{name} {shlex.quote(value)}"
                     for name, value in (("kind", kind), ("tag", tag)) if value)
    raise InvalidInput(f"no items with {asked} to put on a poster (see `cafesach list`)"
                       if asked else "the library has no items to put on a poster",
                       message_vi="Không có mục nào để in.")


def write_poster(target: Path, items: Sequence[Item], config: Config, *, grid: bool = False,
                 wifi: bool = True, objects: ObjectStore | None = None,
                 on_item: Callable[[int], None] | None = None) -> PosterResult:
    """`make_poster` written to `target` whole or not at all (`files.output_file`).

    The file is opened first, so a read-only or full folder is said at once, not
    after every code of a 500-item poster is drawn. `on_item(done)` follows the
    drawing, one call per item's code.
    """
    done = 0

    def link_for(item: Item) -> Link:
        nonlocal done
        done += 1
        if on_item is not None:
            on_item(done)
        return item_link_from_config(item, config)

    with output_file(target) as fh:
        result = make_poster(items, config, grid=grid, wifi=wifi, objects=objects,
                             link_for=link_for)
        fh.write(result.pdf)
    return result


def make_poster(items: Sequence[Item], config: Config, *, grid: bool = False, wifi: bool = True,
                objects: ObjectStore | None = None,
                link_for: Callable[[Item], Link] | None = None) -> PosterResult:
    """An A4 PDF: one item per page, or six per page with `grid`.

    `link_for` chooses each item's QR payload (default: `item_link_from_config`,
    i.e. public URL / handoff URL / text, with the station's address).
    """
    if not items:
        raise ValueError("no items for the poster")
    poster = _Poster(config, wifi=wifi, objects=objects,
                     link_for=link_for or (lambda item: item_link_from_config(item, config)))
    if grid:
        poster.grid(items)
    else:
        for item in items:
            poster.single(item)
    return poster.finish()
