"""Run one `cafesach` command and kill it hard (SIGKILL) at its Nth step (test-only).

    KILL_AT=N KILL_COUNT=FILE python -m tests.unit.repository.killer ARGS…
    KILL_AT=NAME#K python -m tests.unit.repository.killer ARGS…

A step is every point where a crash can leave something half done: each SQL
statement the catalog runs, each `os.replace`/`os.rename` (a file renamed into
place), `os.fsync`, `os.unlink`, and each named fault point of an import
(`library.repository.faults`). The process counts them and sends itself
SIGKILL at step N, as a power cut would stop it there (less the page cache).
With N = 0 it runs to its end and writes its steps, one a line, to KILL_COUNT,
so a test can kill it at every one of them, or at chosen ones: NAME#K kills it
at the Kth step of that name (`before-commit#1`, `replace#2`, `sql:DELETE#1`). GRACE_S sets
`catalog.GARBAGE_GRACE_S` (0: objects just left unused are collected at once).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

KILLED = -signal.SIGKILL  # what subprocess reports for a process we killed


def install(target: str) -> list[str]:
    """Count steps (kill at `target`, see above); returns the step names seen so far."""
    steps: list[str] = []
    name_at, _, nth = target.partition("#")

    def step(name: str) -> None:
        steps.append(name)
        if (len(steps) == int(target)) if target.isdigit() else \
                (name == name_at and steps.count(name) == int(nth or 1)):
            os.kill(os.getpid(), signal.SIGKILL)

    from library import catalog
    from library.repository import faults

    if "GRACE_S" in os.environ:
        catalog.GARBAGE_GRACE_S = float(os.environ["GRACE_S"])
    execute = catalog.Catalog.execute

    def counted_execute(self: Any, sql: str, params: Any = ()) -> Any:
        step("sql:" + sql.split(None, 1)[0].upper())
        return execute(self, sql, params)

    catalog.Catalog.execute = counted_execute  # type: ignore[method-assign]
    for name in ("replace", "rename", "fsync", "unlink"):
        original = getattr(os, name)

        def wrapped(*args: Any, _original: Any = original, _name: str = name,
                    **kwargs: Any) -> Any:
            step(_name)
            return _original(*args, **kwargs)

        setattr(os, name, wrapped)
    faults.set_hook(lambda name, _detail: None if name.endswith("-bytes") else step(name))
    return steps


def main() -> int:
    steps = install(os.environ.get("KILL_AT", "0"))
    from kiosk.main import main as cafesach

    try:
        return cafesach(sys.argv[1:])
    finally:
        count = os.environ.get("KILL_COUNT")
        if count:
            Path(count).write_text("\n".join(steps), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
