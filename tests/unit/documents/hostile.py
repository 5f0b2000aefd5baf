"""Builders of hostile and ordinary documents, made at test time (nothing committed)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pymupdf

from library.documents.reader import TEST_HANG_KEYWORD
from library.paths import font_files


def text_pdf(path: Path, pages: list[str], *, toc: list[list] | None = None,
             keywords: str = "", size: tuple[float, float] = (595, 842)) -> Path:
    """A real PDF with the bundled Vietnamese font."""
    doc = pymupdf.open()
    font = str(font_files()[0])
    for text in pages:
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_font(fontname="vn", fontfile=font)
        page.insert_textbox(pymupdf.Rect(36, 36, size[0] - 36, size[1] - 36), text,
                            fontname="vn", fontsize=14)
    if toc:
        doc.set_toc(toc)
    doc.set_metadata({"title": "", "keywords": keywords})
    doc.save(path)
    doc.close()
    return path


def truncated_pdf(path: Path, source: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def encrypted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mật-khẩu", owner_pw="chủ")
    doc.close()
    return path


def cyclic_outline_pdf(path: Path) -> Path:
    """Three outline items where the last one's /Next points back to the first."""
    doc = pymupdf.open()
    for _ in range(3):
        doc.new_page()
    doc.set_toc([[1, "Một", 1], [1, "Hai", 2], [1, "Ba", 3]])
    items = [xref for xref in range(1, doc.xref_length())
             if doc.xref_get_key(xref, "Title")[0] != "null"]
    first, last = items[0], items[-1]
    doc.xref_set_key(last, "Next", f"{first} 0 R")
    doc.xref_set_key(first, "Prev", f"{last} 0 R")
    doc.save(path)
    doc.close()
    return path


def hang_pdf(path: Path) -> Path:
    """A PDF whose rendering never finishes — only in a worker with test hooks on."""
    return text_pdf(path, ["trang treo"], keywords=TEST_HANG_KEYWORD)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(path: Path, width: int = 200_000, height: int = 200_000) -> Path:
    """A small file declaring enormous dimensions (a decompression bomb's header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                     + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b""))
    return path


def image(path: Path, width: int, height: int, rgb: tuple[int, int, int]) -> Path:
    """A solid-colour PNG or JPEG (by suffix)."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, rgb)
    pix.save(str(path), output="jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "png")
    return path


def epub(path: Path, body: str, *, extra: dict[str, bytes] | None = None,
         manifest_extra: str = "") -> Path:
    """A minimal EPUB 2 with one chapter whose <body> is `body`."""
    chapter = ("<?xml version='1.0' encoding='utf-8'?>\n"
               "<html xmlns='http://www.w3.org/1999/xhtml'><head><title>Chương</title>"
               f"</head><body>{body}</body></html>")
    opf = ("<?xml version='1.0' encoding='utf-8'?>"
           "<package xmlns='http://www.idpf.org/2007/opf' version='2.0' unique-identifier='id'>"
           "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>Sách thử</dc:title>"
           "<dc:identifier id='id'>x</dc:identifier><dc:language>vi</dc:language></metadata>"
           "<manifest><item id='c1' href='chapter.xhtml' media-type='application/xhtml+xml'/>"
           f"{manifest_extra}</manifest><spine><itemref idref='c1'/></spine></package>")
    container = ("<?xml version='1.0'?><container version='1.0' "
                 "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
                 "<rootfile full-path='OEBPS/content.opf' "
                 "media-type='application/oebps-package+xml'/></rootfiles></container>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("OEBPS/content.opf", opf)
        zf.writestr("OEBPS/chapter.xhtml", chapter)
        for name, data in (extra or {}).items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return path


def active_content_pdf(path: Path, base_url: str, marker: Path) -> Path:
    """A PDF that tries everything: JavaScript on open, a launch action, a web link,
    an attachment, page-open actions. Opening or drawing it must trigger none."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    page.insert_text((72, 72), "Tài liệu có mã độc", fontname="vn", fontsize=14)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 100, 300, 120),
                      "uri": f"{base_url}/link"})
    page.insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(72, 130, 300, 150),
                      "file": f"/usr/bin/touch {marker}"})
    doc.embfile_add("run.sh", f"#!/bin/sh\ntouch {marker}\n".encode(), filename="run.sh")
    catalog = doc.pdf_catalog()
    js = (f"app.launchURL('{base_url}/js', true); "
          "this.exportDataObject({cName: 'run.sh', nLaunch: 2});")
    js_xref = doc.get_new_xref()
    doc.update_object(js_xref, f"<< /S /JavaScript /JS ({js}) >>")
    doc.xref_set_key(catalog, "OpenAction", f"{js_xref} 0 R")
    launch_xref = doc.get_new_xref()
    doc.update_object(launch_xref, f"<< /S /Launch /F ({marker}) /NewWindow true >>")
    doc.xref_set_key(page.xref, "AA", f"<< /O {launch_xref} 0 R /C {js_xref} 0 R >>")
    doc.save(path)
    doc.close()
    return path


def cbz(path: Path, pages: int) -> Path:
    """A comic-book archive: one PNG per page."""
    with zipfile.ZipFile(path, "w") as zf:
        for number in range(1, pages + 1):
            picture = path.with_name(f"p{number}.png")
            image(picture, 300, 400, (20 * number, 100, 200))
            zf.write(picture, f"{number:03d}.png")
            picture.unlink()
    return path


def xps(path: Path, text: str) -> Path:
    """A minimal one-page XPS document with one filled rectangle and a caption."""
    content_types = (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
        "<Default Extension='rels' ContentType='application/"
        "vnd.openxmlformats-package.relationships+xml'/>"
        "<Default Extension='fdseq' ContentType='application/"
        "vnd.ms-package.xps-fixeddocumentsequence+xml'/>"
        "<Default Extension='fdoc' ContentType='application/vnd.ms-package.xps-fixeddocument+xml'/>"
        "<Default Extension='fpage' ContentType='application/vnd.ms-package.xps-fixedpage+xml'/>"
        "</Types>")
    rels = ("<?xml version='1.0' encoding='utf-8'?>"
            "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
            "<Relationship Type='http://schemas.microsoft.com/xps/2005/06/fixedrepresentation' "
            "Target='/FixedDocSeq.fdseq' Id='R0'/></Relationships>")
    seq = ("<FixedDocumentSequence xmlns='http://schemas.microsoft.com/xps/2005/06'>"
           "<DocumentReference Source='/Documents/1/FixedDoc.fdoc'/></FixedDocumentSequence>")
    fdoc = ("<FixedDocument xmlns='http://schemas.microsoft.com/xps/2005/06'>"
            "<PageContent Source='/Documents/1/Pages/1.fpage'/></FixedDocument>")
    page = ("<FixedPage xmlns='http://schemas.microsoft.com/xps/2005/06' Width='816' "
            "Height='1056' xml:lang='vi'>"
            "<Path Data='M 96,96 L 720,96 L 720,300 L 96,300 Z' Fill='#FF2050A0'/>"
            f"<!-- {text} --></FixedPage>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("FixedDocSeq.fdseq", seq)
        zf.writestr("Documents/1/FixedDoc.fdoc", fdoc)
        zf.writestr("Documents/1/Pages/1.fpage", page)
    return path


def gif(path: Path, rgb: tuple[int, int, int]) -> Path:
    """A one-pixel GIF of one colour (two-entry palette, LZW code size 2)."""
    palette = bytes(rgb) + b"\x00\x00\x00"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + palette
                     + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    return path


def bmp(path: Path, width: int, height: int, rgb: tuple[int, int, int]) -> Path:
    """A solid-colour 24-bit BMP (rows bottom-up, padded to 4 bytes)."""
    row = bytes(rgb[::-1]) * width
    row += b"\x00" * (-len(row) % 4)
    pixels = row * height
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835,
                       0, 0)
    path.write_bytes(header + info + pixels)
    return path


def tiff(path: Path, width: int, height: int, rgb: tuple[int, int, int]) -> Path:
    """A solid-colour, uncompressed RGB TIFF (little-endian, one strip)."""
    pixels = bytes(rgb) * (width * height)
    entries = [  # tag, type (3 SHORT, 4 LONG), count, value or offset
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 3, 0), (259, 3, 1, 1),
        (262, 3, 1, 2), (273, 4, 1, 0), (277, 3, 1, 3), (278, 4, 1, height),
        (279, 4, 1, len(pixels)),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    bits_at = 8 + ifd_size
    strip_at = bits_at + 6
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = {258: bits_at, 273: strip_at}.get(tag, value)
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 and count == 1 \
            else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<HHH", 8, 8, 8)
                     + pixels)
    return path


def epub_chapters(path: Path, chapters: list[tuple[str, str | None]], *,
                  drm: bool = False) -> Path:
    """An EPUB 2 with these (file name, body) chapters in its spine; a body of None
    leaves the chapter out of the archive. `drm` adds an `encryption.xml` naming
    every chapter, as a store's copy protection does, and scrambles their bytes."""
    items = "".join(f"<item id='c{n}' href='{name}' media-type='application/xhtml+xml'/>"
                    for n, (name, _body) in enumerate(chapters))
    spine = "".join(f"<itemref idref='c{n}'/>" for n in range(len(chapters)))
    opf = ("<?xml version='1.0' encoding='utf-8'?>"
           "<package xmlns='http://www.idpf.org/2007/opf' version='2.0' unique-identifier='id'>"
           "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>Sách thử</dc:title>"
           "<dc:identifier id='id'>x</dc:identifier></metadata>"
           f"<manifest>{items}</manifest><spine>{spine}</spine></package>")
    container = ("<?xml version='1.0'?><container version='1.0' "
                 "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
                 "<rootfile full-path='content.opf' "
                 "media-type='application/oebps-package+xml'/></rootfiles></container>")
    encrypted = "".join(
        "<enc:EncryptedData><enc:EncryptionMethod "
        "Algorithm='http://www.w3.org/2001/04/xmlenc#aes128-cbc'/><enc:CipherData>"
        f"<enc:CipherReference URI='{name}'/></enc:CipherData></enc:EncryptedData>"
        for name, _body in chapters)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("META-INF/container.xml", container)
        if drm:
            zf.writestr("META-INF/encryption.xml",
                        "<?xml version='1.0'?><encryption xmlns='urn:oasis:names:tc:"
                        "opendocument:xmlns:container' xmlns:enc='http://www.w3.org/2001/04/"
                        f"xmlenc#'>{encrypted}</encryption>")
        zf.writestr("content.opf", opf)
        for name, body in chapters:
            if body is None:
                continue
            page = ("<html xmlns='http://www.w3.org/1999/xhtml'><body>"
                    f"{body}</body></html>").encode()
            zf.writestr(name, bytes(b ^ 0x5A for b in page) if drm else page)
    return path


#: Colours of the stripes of `stripes_png`, top to bottom.
STRIPES = ((200, 30, 30), (30, 160, 60), (30, 60, 200), (230, 200, 20),
           (150, 40, 160), (20, 170, 190), (240, 120, 20), (90, 90, 90))


def stripes_png(path: Path, width: int = 1080, height: int = 8000,
                colours: tuple[tuple[int, int, int], ...] = STRIPES) -> Path:
    """A tall poster of equal horizontal stripes in `colours` (a scroll infographic).

    Written row by row with zlib (a MuPDF pixmap of this size takes seconds to save).
    """
    step = height / len(colours)
    rows = bytearray()
    for index, rgb in enumerate(colours):
        count = round((index + 1) * step) - round(index * step)
        rows += (b"\x00" + bytes(rgb) * width) * count
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                     + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 1))
                     + _png_chunk(b"IEND", b""))
    return path
