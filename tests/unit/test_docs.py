"""The documentation's links, paths and command names point at things that exist.

A technician or a new developer follows README.md and docs/ to files and
commands; a moved module or a renamed command must fail here, not on a
reader who finds nothing where the page says.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import click
import pytest

from kiosk.main import KIOSK_COMMANDS
from library.cli import make_cli

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", ROOT / "windows" / "README.md",
                *(ROOT / "docs").glob("*.md")])
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`\s]+)`")
#: What a backticked path starts with when it names a file or folder of the project.
_TREE = ("library/", "kiosk/", "docs/", "deploy/", "tests/", "bench/", "assets/", "windows/")
#: Paths a page names as where something is *not* (docs/handoff.md: "not `kiosk/qr/`").
NOT_PATHS = {"kiosk/qr/"}
#: Words Vietnamese writes with the tone mark on either vowel: the program's own strings
#: put it on the second («khoá», «huỷ», as the panel writes them), and so do the pages.
SPELLINGS = {"khóa": "khoá", "hóa": "hoá", "hủy": "huỷ", "thủy": "thuỷ", "xóa": "xoá",
             "tùy": "tuỳ"}
_OTHER_SPELLING = re.compile(r"(?<![^\W\d_])(?:" + "|".join(SPELLINGS) + r")(?![^\W\d_])",
                             re.IGNORECASE)


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def tree_paths(text: str) -> list[str]:
    """Backticked project paths in `text`: `library/formats.py`, `deploy/nginx/`; not
    templates (`objects/ab/cdef…`, `tests/unit/test_*.py`) nor `module:attribute`."""
    found = []
    for match in _CODE.finditer(text):
        path = match.group(1).rstrip(".,;:)").split(":")[0]
        if path.startswith(_TREE) and not any(c in path for c in "<>*…{}$"):
            found.append(path)
    return found


def test_the_path_finder_reads_what_pages_write() -> None:
    text = ("see `library/formats.py` `KINDS_BY_MEDIA_TYPE`, `deploy/nginx/`, "
            "`library.documents.worker:worker_main`, `objects/ab/cdef…`, "
            "`tests/unit/test_*.py` and `kiosk.main:main`")
    assert tree_paths(text) == ["library/formats.py", "deploy/nginx/"]


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_link_resolves(page: Path) -> None:
    for match in _LINK.finditer(page.read_text(encoding="utf-8")):
        target = match.group(1).split("#")[0]
        if not target or target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (page.parent / target).exists(), f"{_page_id(page)}: link to {target}"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_named_project_path_exists(page: Path) -> None:
    for path in tree_paths(page.read_text(encoding="utf-8")):
        if path not in NOT_PATHS:
            assert (ROOT / path).exists(), f"{_page_id(page)} names {path}, which is not there"


def test_readme_lists_every_page_under_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    more = readme[readme.index("## More"):]
    for page in (ROOT / "docs").glob("*.md"):
        assert f"`docs/{page.name}`" in more, f"README's More leaves out docs/{page.name}"


def test_readme_commands_table_names_every_command_and_only_those() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Commands"):readme.index("## Where data lives")]
    named = {name for line in table.splitlines() if line.startswith("| `")
             for name in re.findall(r"`([a-z]+)", line.split("|")[1])}
    cli = make_cli(KIOSK_COMMANDS)
    with click.Context(cli) as ctx:
        commands = set(cli.list_commands(ctx))
    assert named == commands


def other_spellings(text: str) -> list[str]:
    """The words of `text` spelt with the mark on the first vowel («khóa», «Hủy»)."""
    return _OTHER_SPELLING.findall(unicodedata.normalize("NFC", text))


def test_the_spelling_finder_reads_words_whole() -> None:
    text = "Khóa, mở khoá; văn hóa, hoàn, xoá; HỦY, tùy ý, thủy, quý, tuỳ, Thuỵ"
    assert other_spellings(text) == ["Khóa", "hóa", "HỦY", "tùy", "thủy"]
    assert other_spellings(unicodedata.normalize("NFD", "khóa")) == ["khóa"]


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_pages_spell_as_the_program_does(page: Path) -> None:
    found = other_spellings(page.read_text(encoding="utf-8"))
    assert not found, (f"{_page_id(page)} writes {sorted(set(found))}; the program writes "
                       f"{sorted({SPELLINGS[w.lower()] for w in found})}")


def test_the_kiosk_spells_as_its_panel() -> None:
    found = [(str(path.relative_to(ROOT)), word)
             for path in sorted((ROOT / "kiosk").rglob("*"))
             if path.suffix in (".py", ".qml")
             for word in other_spellings(path.read_text(encoding="utf-8"))]
    assert found == []
