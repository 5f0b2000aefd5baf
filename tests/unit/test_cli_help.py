"""Every command's `--help` names its arguments the same way.

A technician compares the docs with `cafesach … --help`: a file is FILE and a
folder DIR everywhere, never click's own PATH, DIRECTORY or FILENAME, and the
help speaks of what the person does, not of the code's function names.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kiosk.main import KIOSK_COMMANDS
from library.cli import make_cli

CLI = make_cli(KIOSK_COMMANDS)


def every_command() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(prefix: str, group: click.Group) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            found.append((f"{prefix} {name}".strip(), command))
            if isinstance(command, click.Group):
                walk(f"{prefix} {name}", command)

    walk("", CLI)
    return found


@pytest.mark.parametrize(("name", "command"), every_command(), ids=lambda v: str(v))
def test_help_names_files_and_folders_alike(name: str, command: click.Command) -> None:
    ctx = click.Context(command, info_name=f"cafesach {name}")
    text = command.get_help(ctx)
    assert not re.search(r"\b(PATH|DIRECTORY|FILENAME)\b", text), (name, text)
    # code names (`collect_garbage`) are no help to the person at the terminal
    assert not re.search(r"`[a-z]+_[a-z_]+`", text), (name, text)


ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "windows" / "README.md"]
#: `cafesach CMD [SUB] …` as a page writes it, up to the end of its code span or line.
_WRITTEN = re.compile(r"cafesach((?: [a-z][a-z-]*){1,2})([^`\n|]*)")
_OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def _command(words: list[str]) -> tuple[list[str], click.Command | None]:
    """The command `words` name (`["pin", "set", "--key-file"]` → pin set)."""
    command: click.Command = CLI
    named: list[str] = []
    for word in words:
        if not isinstance(command, click.Group):
            break
        found = command.get_command(click.Context(command), word)
        if found is None:
            break
        command, named = found, [*named, word]
    return named, (command if named else None)


def _options(command: click.Command) -> set[str]:
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts)}


def test_the_written_command_finder_reads_what_pages_write() -> None:
    line = "run `cafesach pin set --key-file /media/usb` then `cafesach list --broken`"
    found = [(m.group(1).split(), _OPTION.findall(m.group(2))) for m in _WRITTEN.finditer(line)]
    assert found == [(["pin", "set"], ["--key-file"]), (["list"], ["--broken"])]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_option_the_pages_write_exists(page: Path) -> None:
    """A technician types what the page says: each `--option` after `cafesach CMD` is
    one that command takes (`--help` and `--data` everywhere)."""
    wrong = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        for match in _WRITTEN.finditer(line):
            named, command = _command(match.group(1).split())
            if command is None:
                continue
            taken = _options(command) | {"--help", "-h", "--data"}
            wrong += [f"{page.name}:{number}: cafesach {' '.join(named)} {option}"
                      for option in _OPTION.findall(match.group(2)) if option not in taken]
    assert wrong == []
