"""The `cafesach` console script: the core's commands plus `run`.

This module must stay light: Qt is imported only inside `run`, so every other
command starts without loading it.
"""

from __future__ import annotations

import multiprocessing
import sys

from library.cli import make_cli, run

#: Commands that belong to the kiosk (loaded only when called).
KIOSK_COMMANDS = {
    "run": "kiosk.run_command:run_command",
    # The core's selftest plus the kiosk's Qt checks (Qt loads only when they run).
    "selftest": "kiosk.selftest_checks:selftest_command",
}


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    return run(make_cli(KIOSK_COMMANDS), argv)


if __name__ == "__main__":
    sys.exit(main())
