"""Every command's `--help` names its arguments the same way.

A technician compares the docs with `cafesach … --help`: a file is FILE and a
folder DIR everywhere, never click's own PATH, DIRECTORY or FILENAME, and the
help speaks of what the person does, not of the code's function names.
"""

from __future__ import annotations

import re

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
