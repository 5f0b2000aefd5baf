"""The files a province really has, made at test time (PyMuPDF and ffmpeg only, no binaries
in git): scans compressed as fax (CCITT G4) and JBIG2, JPEG 2000, CMYK pictures, rotated
and fold-out pages, forms, a phone photo turned by its EXIF tag, clips of every age.

Each builder writes one file into `folder` and returns its path. Builders that need
ffmpeg call `pytest.skip` without it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from library.paths import font_files

A4 = (595.0, 842.0)
A3_LANDSCAPE = (1191.0, 842.0)


def _font(page: pymupdf.Page) -> str:
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    return "vn"


def _words(page: pymupdf.Page, text: str, size: float = 14, at: tuple[float, float] = (60, 90),
           rotate: int = 0) -> None:
    page.insert_text(at, text, fontname=_font(page), fontsize=size, rotate=rotate)


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; skip the test where it is not installed."""
    import pytest

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args], check=True, timeout=60)


# ---- PDFs -----------------------------------------------------------------------------


def rotated_pdf(folder: Path) -> Path:
    """Four pages with /Rotate 0, 90, 180 and 270, each with an arrow pointing up as shown."""
    doc = pymupdf.open()
    for turn in (0, 90, 180, 270):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.set_rotation(turn)
        # draw in unrotated space so that, shown turned, the text reads upright
        matrix = page.derotation_matrix
        at = pymupdf.Point(80, 120) * matrix
        _words(page, f"Trang xoay {turn} độ — đọc thẳng", 24, (at.x, at.y), rotate=turn)
    path = folder / "xoay.pdf"
    doc.save(path)
    return path


def mixed_sizes_pdf(folder: Path) -> Path:
    """A4 portrait, an A3 landscape fold-out, an A4 landscape page, A4 again."""
    doc = pymupdf.open()
    for number, (w, h) in enumerate([A4, A3_LANDSCAPE, (A4[1], A4[0]), A4], 1):
        page = doc.new_page(width=w, height=h)
        page.draw_rect(pymupdf.Rect(10, 10, w - 10, h - 10), color=(0.8, 0, 0), width=6)
        _words(page, f"Trang {number}: {w:.0f}×{h:.0f}", 28)
    path = folder / "kho-giay.pdf"
    doc.save(path)
    return path


def handbook_pdf(folder: Path, pages: int = 1000) -> Path:
    """A long handbook with an outline entry every 50 pages."""
    doc = pymupdf.open()
    font = pymupdf.Font(fontfile=str(font_files()[0]))
    for number in range(1, pages + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        writer = pymupdf.TextWriter(page.rect)
        writer.append((72, 100), f"Sổ tay đảng viên — trang {number}", font=font, fontsize=16)
        writer.append((72, 140), "Điều lệ, quy định và hướng dẫn thi hành.", font=font,
                      fontsize=11)
        writer.write_text(page)
    doc.set_toc([[1, f"Phần {n // 50 + 1}", n] for n in range(1, pages + 1, 50)])
    path = folder / "so-tay-1000.pdf"
    doc.save(path, garbage=3, deflate=True)
    return path


def _bilevel_scan(width: int, height: int, text: str) -> bytes:
    """A one-bit picture of `text` (1 = black), rows packed to bytes, as a scanner makes."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    _words(page, text, 40, (40, 120))
    page.draw_rect(pymupdf.Rect(20, 20, width - 20, height - 20), width=4)
    gray = page.get_pixmap(colorspace=pymupdf.csGRAY, alpha=False)
    samples = gray.samples
    stride = (width + 7) // 8
    out = bytearray(stride * height)
    for y in range(height):
        row = samples[y * gray.stride:y * gray.stride + width]
        for x, value in enumerate(row):
            if value < 128:
                out[y * stride + x // 8] |= 0x80 >> (x % 8)
    return bytes(out)


def _g4(bits: bytes, width: int, height: int) -> bytes:
    """CCITT Group 4 (T.6) data of a one-bit picture (0 = white, MuPDF's convention)."""
    buffer = mupdf.fz_compress_ccitt_fax_g4(mupdf.python_buffer_data(bits), width, height,
                                            (width + 7) // 8)
    return bytes(mupdf.fz_buffer_extract_copy(buffer))


def _jbig2_embedded(bits: bytes, width: int, height: int) -> bytes:
    """A JBIG2 stream as PDF embeds it: a page segment and one generic region coded MMR."""
    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + b"\x01"  # MMR
    return (segment(0, 48, page_info) + segment(1, 38, region + _g4(bits, width, height))
            + segment(2, 49, b""))


def _scan_pdf(folder: Path, name: str, streams: list[tuple[str, bytes, int, int]]) -> Path:
    """A PDF of scanned pages: (filter and decode parameters, data, width, height) each."""
    doc = pymupdf.open()
    for pdf_filter, data, width, height in streams:
        page = doc.new_page(width=width * 72 / 100, height=height * 72 / 100)
        xref = doc.get_new_xref()
        doc.update_object(xref, "<< >>")
        doc.update_stream(xref, data, compress=False)  # (drops any /Filter: set it after)
        doc.update_object(xref, f"<< /Type /XObject /Subtype /Image /Width {width} "
                                f"/Height {height} {pdf_filter} /Length {len(data)} >>")
        doc.xref_set_key(page.xref, "Resources", f"<< /XObject << /Im0 {xref} 0 R >> >>")
        contents = doc.get_new_xref()
        doc.update_object(contents, "<< >>")
        doc.update_stream(contents, f"q {page.rect.width} 0 0 {page.rect.height} 0 0 cm "
                                    "/Im0 Do Q".encode())
        doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    path = folder / name
    doc.save(path)
    return path


def fax_pdf(folder: Path) -> Path:
    """A scanned government letter as scanners write it: one-bit pages, CCITT G4."""
    width, height = 800, 1100
    bits = _bilevel_scan(width, height, "CÔNG VĂN số 12/UBND")
    inverse = bytes(255 - b for b in bits)  # G4 codes 0 as white
    params = (f"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode "
              f"/DecodeParms << /K -1 /Columns {width} /Rows {height} >>")
    return _scan_pdf(folder, "cong-van-g4.pdf",
                     [(params, _g4(inverse, width, height), width, height)])


def jbig2_pdf(folder: Path) -> Path:
    """A scanned page compressed with JBIG2 (embedded stream, generic region)."""
    width, height = 800, 1100
    bits = _bilevel_scan(width, height, "QUYẾT ĐỊNH số 7/QĐ")
    params = "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode"
    # JBIG2's MMR codes 1 as black; the G4 coder here codes 0 as white: give it the inverse
    inverse = bytes(255 - b for b in bits)
    return _scan_pdf(folder, "quyet-dinh-jbig2.pdf",
                     [(params, _jbig2_embedded(inverse, width, height), width, height)])


def jpx_pdf(folder: Path) -> Path:
    """A page whose picture is JPEG 2000 (JPXDecode), as archives scan photographs."""
    j2k = folder / "anh.jp2"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=640x480", "-frames:v", "1", "-c:v", "libopenjpeg",
           str(j2k))
    doc = pymupdf.open()
    page = doc.new_page(width=640, height=480)
    page.insert_image(page.rect, filename=str(j2k))
    path = folder / "anh-jpx.pdf"
    doc.save(path)
    return path


def _cmyk_bands(width: int, height: int, *, adobe: bool = False) -> bytes:
    """CMYK samples in four bands: pure cyan, magenta, yellow, black. `adobe`: stored
    inverted, as Photoshop writes CMYK JPEGs (and MuPDF's writer expects)."""
    samples = bytearray(width * height * 4)
    for y in range(height):
        for x in range(width):
            samples[(y * width + x) * 4 + x * 4 // width] = 255
    return bytes(255 - v for v in samples) if adobe else bytes(samples)


def cmyk_pdf(folder: Path) -> Path:
    """A printer's PDF: a CMYK picture (pure cyan, magenta, yellow, black bands)."""
    pix = pymupdf.Pixmap(pymupdf.csCMYK, 400, 400, _cmyk_bands(400, 400), False)
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    page.insert_image(page.rect, pixmap=pix)
    path = folder / "in-cmyk.pdf"
    doc.save(path)
    return path


def form_pdf(folder: Path) -> Path:
    """A form with filled fields and annotations (highlight, note, stamp-like text box)."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    _words(page, "Tờ khai đăng ký", 20)
    name = pymupdf.Widget()
    name.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    name.field_name = "ho_ten"
    name.field_value = "Nguyen Van An"
    name.rect = pymupdf.Rect(60, 120, 360, 150)
    name.fill_color = (0.85, 0.9, 1)
    page.add_widget(name)
    tick = pymupdf.Widget()
    tick.field_type = pymupdf.PDF_WIDGET_TYPE_CHECKBOX
    tick.field_name = "dong_y"
    tick.field_value = True
    tick.rect = pymupdf.Rect(60, 170, 80, 190)
    page.add_widget(tick)
    mark = page.add_highlight_annot(pymupdf.Rect(58, 70, 260, 96))
    mark.update()
    box = page.add_freetext_annot(pymupdf.Rect(300, 300, 540, 360), "ĐÃ DUYỆT",
                                  fontsize=24, text_color=(0.8, 0, 0), fill_color=(1, 1, 0.6))
    box.update()
    note = page.add_text_annot((400, 200), "Ghi chú của cán bộ")
    note.update()
    path = folder / "to-khai.pdf"
    doc.save(path)
    return path


def partly_scanned_pdf(folder: Path) -> Path:
    """Five scanned pages (pictures, no text) and one with a text layer."""
    doc = pymupdf.open()
    picture = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 300, 400), False)
    picture.clear_with(200)
    for number in range(1, 7):
        page = doc.new_page(width=A4[0], height=A4[1])
        if number == 3:
            _words(page, "Trang này có lớp chữ: phụ lục danh sách xã phường.", 14)
        else:
            page.insert_image(pymupdf.Rect(40, 40, A4[0] - 40, A4[1] - 40), pixmap=picture)
    path = folder / "mot-phan-quet.pdf"
    doc.save(path)
    return path


def pdfa_with_attachment(folder: Path) -> Path:
    """A PDF/A-style file (its XMP says PDF/A-2b) carrying an attached file and a pinned one."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    _words(page, "Báo cáo có tệp đính kèm", 18)
    doc.embfile_add("bang-luong.xlsx", b"PK\x03\x04 secret spreadsheet", filename="bang-luong.xlsx")
    page.add_file_annot((500, 80), b"MZ not a program", "chay-toi.exe")
    doc.set_xml_metadata('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
                         'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                         '<rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
                         'pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>')
    path = folder / "bao-cao-pdfa.pdf"
    doc.save(path)
    return path


def word_export_pdf(folder: Path) -> Path:
    """A Word file printed to PDF: its metadata title is the driver's, not the document's."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    _words(page, "Hướng dẫn sinh hoạt chi bộ", 20)
    _words(page, "Nội dung sinh hoạt hằng tháng của chi bộ.", 11, (60, 130))
    doc.set_metadata({"title": "Microsoft Word - HD_sinh_hoat_chi_bo_2024.docx",
                      "author": "vanphong", "creator": "PScript5.dll Version 5.2.2"})
    path = folder / "HD_sinh_hoat_chi_bo_2024.pdf"
    doc.save(path)
    return path


# ---- pictures --------------------------------------------------------------------------


def png16(folder: Path) -> Path:
    """A 16-bit-per-channel PNG (scanners and photo tools write them)."""
    path = folder / "ban-do-16bit.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=400x300", "-frames:v", "1", "-pix_fmt", "rgb48be",
           str(path))
    return path


def png_transparent(folder: Path) -> Path:
    """A logo: a black square on a transparent background (an alpha channel)."""
    width, height = 400, 300
    samples = bytearray(width * height * 4)  # black, alpha 0
    for y in range(75, 225):
        for x in range(100, 300):
            samples[(y * width + x) * 4 + 3] = 255
    path = folder / "logo-trong-suot.png"
    path.write_bytes(pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(samples), True)
                     .tobytes("png"))
    return path


def white_logo_png(folder: Path, name: str = "logo-trang.png") -> Path:
    """A logo made for a coloured banner: a white square and white text on a transparent
    background (400×300), its edges soft as a drawing program leaves them."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.draw_rect(pymupdf.Rect(100, 60, 300, 180), color=None, fill=(1, 1, 1))
    page.insert_text((60, 250), "CAFE SACH", fontsize=56, color=(1, 1, 1))
    path = folder / name
    path.write_bytes(page.get_pixmap(alpha=True).tobytes("png"))
    return path


def white_logo_webp(folder: Path) -> Path:
    """`white_logo_png` as a lossless WebP with its transparency (a web designer's export)."""
    png = white_logo_png(folder, "logo-trang-tam.png")
    path = folder / "logo-trang.webp"
    ffmpeg("-i", str(png), "-c:v", "libwebp", "-lossless", "1", str(path))
    png.unlink()
    return path


def cmyk_jpeg(folder: Path) -> Path:
    """A CMYK JPEG as a print shop sends it (Adobe's inverted CMYK): C, M, Y, K bands."""
    pix = pymupdf.Pixmap(pymupdf.csCMYK, 400, 100, _cmyk_bands(400, 100, adobe=True), False)
    path = folder / "in-cmyk.jpg"
    path.write_bytes(pix.tobytes("jpg"))
    return path


def _exif_orientation(orientation: int) -> bytes:
    """An APP1 Exif segment holding only the Orientation tag."""
    tiff = (b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
            + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0))
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def phone_photo(folder: Path) -> Path:
    """A phone photo stored sideways (640×480) with EXIF orientation 6: shown 480×640.

    The stored picture is the upright scene turned 90° anticlockwise: a red band
    along its left edge is the top of the scene as the phone held it.
    """
    plain = folder / "plain.jpg"
    ffmpeg("-f", "lavfi", "-i", "color=c=white:size=640x480", "-vf",
           "drawbox=x=0:y=0:w=80:h=480:color=red:t=fill", "-frames:v", "1", str(plain))
    data = plain.read_bytes()
    path = folder / "anh-dien-thoai.jpg"
    path.write_bytes(data[:2] + _exif_orientation(6) + data[2:])
    plain.unlink()
    return path


def animated_gif(folder: Path) -> Path:
    """An animated GIF: red for its first second, then blue (each frame stored as what
    changed, as encoders do)."""
    path = folder / "hoat-hinh.gif"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:size=320x240:rate=4:duration=2", "-vf",
           "drawbox=x=0:y=0:w=iw:h=ih:color=blue:t=fill:enable='gte(t,1)'", str(path))
    return path


def still_gif(folder: Path) -> Path:
    path = folder / "tinh.gif"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:size=64x48", "-frames:v", "1", str(path))
    return path


def animated_webp(folder: Path) -> Path:
    path = folder / "hoat-hinh.webp"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=5:duration=2", "-c:v", "libwebp",
           "-loop", "0", str(path))
    return path


def tall_infographic(folder: Path, height: int = 20000) -> Path:
    """A 1080 × `height` infographic: coloured bands with numbers down its length."""
    path = folder / "infographic-dai.png"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=1080x{height}", "-frames:v", "1", str(path))
    return path


def heic_photo(folder: Path) -> Path:
    """A file with HEIC's header (an iPhone photo); no tool here writes a real one."""
    path = folder / "IMG_0001.heic"
    path.write_bytes(struct.pack(">I", 24) + b"ftypheic\x00\x00\x00\x00mif1heic" + bytes(200))
    return path


# ---- clips -----------------------------------------------------------------------------


def clip(folder: Path, name: str, *encode: str, source: str = "testsrc=size=320x240:rate=10",
         seconds: int = 3, audio: bool = True) -> Path:
    """A short clip (a test picture and a tone) encoded as `encode` says."""
    path = folder / name
    inputs = ["-f", "lavfi", "-i", f"{source}:duration={seconds}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    ffmpeg(*inputs, *encode, "-shortest", str(path))
    return path


def black_start_clip(folder: Path) -> Path:
    """A 10 s clip whose first 3 s are black (a fade-in, a broadcaster's leader)."""
    path = folder / "mo-dau-den.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=10", "-vf",
           "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='lt(t,3)'",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


def audio(folder: Path, name: str, *encode: str) -> Path:
    path = folder / name
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", *encode, str(path))
    return path


def recording_with_art(folder: Path, name: str, *encode: str) -> Path:
    """A 3 s recording carrying its programme's picture (a red 300×300 JPEG with a white
    box): an MP3's ID3 `APIC`, an M4A's `covr`, as tagging programs write them."""
    sound = audio(folder, "tam-" + name, *encode)
    art = folder / "anh-bia.jpg"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:size=300x300", "-vf",
           "drawbox=x=100:y=100:w=100:h=100:color=white:t=fill", "-frames:v", "1", str(art))
    path = folder / name
    tags = ("-id3v2_version", "3") if name.endswith(".mp3") else ()
    ffmpeg("-i", str(sound), "-i", str(art), "-map", "0:a", "-map", "1:v", "-c", "copy",
           "-disposition:v:0", "attached_pic", *tags, str(path))
    sound.unlink()
    art.unlink()
    return path


def fake_mp4(folder: Path) -> Path:
    """A web page saved under a clip's name (a failed download)."""
    path = folder / "video-loi.mp4"
    path.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n" * 20)
    return path
