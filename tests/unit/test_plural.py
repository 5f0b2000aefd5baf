"""English counts read as sentences: "1 file", "2 files", never "2 file(s)"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from library.plural import counted, noun

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("n", "shown"), [(0, "0 files"), (1, "1 file"), (2, "2 files")])
def test_one_is_singular_and_every_other_count_plural(n: int, shown: str) -> None:
    assert counted(n, "file") == shown
    assert noun(n, "file") == shown.split()[1]


def test_an_irregular_plural_is_given() -> None:
    assert counted(1, "try", "tries") == "1 try"
    assert counted(3, "try", "tries") == "3 tries"


#: A plural in brackets: "file(s)", "process(es)".
_BRACKETED = re.compile(r"\((e?s)\)")


def _formatted_strings(path: Path) -> list[tuple[int, str]]:
    """The literal parts of every f-string in `path`, with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    found.append((node.lineno, part.value))
    return found


def test_no_line_counts_things_with_an_s_in_brackets() -> None:
    """A count said as "thing(s)" is written with `counted` / `noun` instead."""
    hits = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
            for folder in ("library", "kiosk", "bench")
            for path in sorted((ROOT / folder).rglob("*.py"))
            for line, text in _formatted_strings(path)
            if _BRACKETED.search(text.replace("http(s)", ""))]
    assert hits == []


def test_no_shell_script_counts_things_with_an_s_in_brackets() -> None:
    """The installer and the deploy scripts say counts with their `counted` too."""
    scripts = [ROOT / "install.sh", *sorted((ROOT / "deploy").rglob("*.sh"))]
    hits = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for path in scripts
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if _BRACKETED.search(line.replace("http(s)", ""))]
    assert hits == []
