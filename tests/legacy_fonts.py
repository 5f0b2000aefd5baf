"""Text as the old Vietnamese fonts stored it (TCVN3 `.VnTime`, VNI `VNI-Times`), and PDFs of it.

The PDFs are made at test time with a built-in font: each code of the old encoding is
inserted as the Latin-1 character of the same number, which is what MuPDF reads out of a
real `.VnTime` or `VNI-Times` PDF (it even reads TCVN3's ư, code 0xAD, as a hyphen, as it
does there). `build_font_pdf` embeds a font under the name of such a font, as Word's PDFs
carry it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pymupdf

from library.legacy_vietnamese import TCVN3_LETTERS, VNI_SEQUENCES
from library.paths import font_files
from library.vietnamese import TONE_MARKS

_TO_TCVN3 = {letter: code for code, letter in TCVN3_LETTERS.items()}
#: VNI as typed: a capital's mark is the capital mark, and ì í are their own characters
#: (the one-character spellings come last, so they win).
_TO_VNI = {letter: code
           for code, letter in sorted(VNI_SEQUENCES.items(), key=lambda kv: -len(kv[0]))
           if len(code) == 1 or code[1].isupper() == letter.isupper()}


def to_tcvn3(text: str) -> str:
    """`text` in TCVN3 codes; a capital TCVN3 lacks (Ộ) as the small letter's code, which a
    capitals font (`.VnTimeH`) draws as the capital."""
    return "".join(_TO_TCVN3.get(c, _TO_TCVN3.get(c.lower(), c)) for c in text)


def to_vni(text: str) -> str:
    """`text` in VNI-Windows codes."""
    return "".join(_TO_VNI.get(c, c) for c in text)


def to_windows_1258(text: str) -> bytes:
    """`text` as Windows-1258 bytes, as Vietnamese Windows' Notepad saves it («ANSI»): a
    letter the code page has whole as its byte, any other as its letter and then its
    tone mark (`ệ` is `ê` and the dot below)."""
    tones = set(TONE_MARKS.values())
    out = []
    for letter in unicodedata.normalize("NFC", text):
        try:
            out.append(letter.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", letter)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


def build_pdf(path: Path, pages: list[str], *, title: str | None = None,
              author: str | None = None, subject: str | None = None) -> Path:
    """A PDF of `pages` (text already in the old codes, lines apart by "\\n") set in
    Helvetica, with the given metadata (also in the old codes, as Word wrote it)."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=420, height=600)
        assert page.insert_textbox(pymupdf.Rect(30, 40, 390, 570), text, fontname="helv",
                                   fontsize=11) >= 0
    doc.set_metadata({k: v for k, v in {"title": title, "author": author,
                                        "subject": subject}.items() if v})
    doc.save(path)
    doc.close()
    return path


#: A printed line: (the name of the font it is set in, its text in that font's codes), or
#: several such runs one after the other on the line.
FontLine = tuple[str, str] | list[tuple[str, str]]


def build_font_pdf(path: Path, pages: list[list[FontLine]]) -> Path:
    """A PDF of `pages`, each a list of printed lines (`FontLine`); a page with no lines
    has no text (a scanned cover).

    Each name is given to a copy of the bundled font embedded in the PDF: its BaseFont, its
    descendant's and its descriptor's FontName become `ABCDEF+<name>`, a subset as Word
    writes it, which is the name MuPDF gives the text's spans."""
    regular = font_files()[0].read_bytes()
    measure = pymupdf.Font(fontbuffer=regular)
    runs_of = [[[line] if isinstance(line, tuple) else line for line in page] for page in pages]
    names = list(dict.fromkeys(name for page in runs_of for line in page for name, _ in line))
    doc = pymupdf.open()
    for lines in runs_of:
        page = doc.new_page(width=595, height=842)  # A4: a line of 90 letters fits
        for number, runs in enumerate(lines):
            x = 30.0
            for name, text in runs:
                resource = f"F{names.index(name)}"
                # bytes after the font's tables make it another font file, not one shared
                page.insert_font(fontname=resource,
                                 fontbuffer=regular + b"\0" * 4 * names.index(name))
                page.insert_text((x, 50 + 20 * number), text, fontname=resource, fontsize=11)
                x += measure.text_length(text, 11)
    doc = pymupdf.open("pdf", doc.tobytes())
    renamed = set()
    for number in range(doc.page_count):
        for xref, _ext, _kind, _base, resource, *_ in doc.get_page_fonts(number):
            if xref in renamed:
                continue
            renamed.add(xref)
            name = "/ABCDEF+" + names[int(resource[1:])].replace(" ", "#20")
            doc.xref_set_key(xref, "BaseFont", name)
            descendant = int(doc.xref_get_key(xref, "DescendantFonts")[1].strip("[]").split()[0])
            doc.xref_set_key(descendant, "BaseFont", name)
            descriptor = int(doc.xref_get_key(descendant, "FontDescriptor")[1].split()[0])
            doc.xref_set_key(descriptor, "FontName", name)
    doc.save(path)
    doc.close()
    return path
