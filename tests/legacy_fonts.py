"""Text as the old Vietnamese fonts stored it (TCVN3 `.VnTime`, VNI `VNI-Times`), and PDFs of it.

The PDFs are made at test time with a built-in font: each code of the old encoding is
inserted as the Latin-1 character of the same number, which is what MuPDF reads out of a
real `.VnTime` or `VNI-Times` PDF (it even reads TCVN3's ư, code 0xAD, as a hyphen, as it
does there).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from library.legacy_vietnamese import TCVN3_LETTERS, VNI_SEQUENCES

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
