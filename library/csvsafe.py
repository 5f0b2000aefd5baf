"""CSV cells a spreadsheet reads as text, never as a formula.

Why: the CSVs the station and the province write (usage counts, the
province's merged report, the health overview) are opened by a double click
in Excel or LibreOffice. A cell that starts with `=`, `+`, `-` or `@` is read
as a formula there, and TAB or CR in front hide one; so a title a librarian
typed as «=HYPERLINK("http://…","Bấm vào đây")», or a station named «@SUM(A1)»,
would become a live link or a calculation on an official's PC. The remedy
OWASP gives for CSV injection: such a cell starts with an apostrophe, which
the spreadsheet shows as text (and Python's csv module reads back as written).

A plain number (`-3`, `+12.5`) is left alone: a spreadsheet reads it as the
number it is, and prefixing it would turn counts into text. A cell already
starting with `'` is left alone too, so neutralising twice changes nothing.

Visitors' search terms have a stricter rule of their own
(`library.stats.fold_term` drops a leading `= + - @` when a search is
counted); this one covers every other text cell, whoever typed it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

#: What a spreadsheet takes as the start of a formula (TAB and CR: whitespace it skips
#: before one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?\Z")


def safe_cell(value: Any) -> Any:
    """`value`, with a `'` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of `row` through `safe_cell` (for `csv.writer.writerow`)."""
    return [safe_cell(value) for value in row]


def safe_csv_text(text: str) -> str:
    """CSV text (as `csv.writer(…, lineterminator="\\n")` writes it) with every cell safe.

    For CSV made elsewhere (`library.stats.rows_to_csv`) on its way to a
    person: parsed and written again, so quoting stays right; text with no cell
    to change comes back as it was.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(safe_row(row))
    return out.getvalue()
