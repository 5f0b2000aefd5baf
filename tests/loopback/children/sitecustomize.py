"""Python processes started by the tests listen on loopback only (see ../guard.py).

tests/conftest.py puts this folder on PYTHONPATH and names a report file in
`CAFESACH_TESTS_BIND_REPORT`: a child's refused bind is written there, and the
test that started it fails with the message (a kiosk logs a phone server that
did not start and goes on, so the child's own error would go unseen).
"""

from __future__ import annotations

import os


def _install() -> None:
    report = os.environ.get("CAFESACH_TESTS_BIND_REPORT")
    if not report:
        return
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "guard.py")
    spec = importlib.util.spec_from_file_location("_tests_loopback_guard", path)
    if spec is None or spec.loader is None:
        return
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)

    def refused(message: str) -> None:
        with open(report, "a", encoding="utf-8") as fh:
            fh.write(message.replace("\n", " ") + "\n")

    guard.install(refused)


_install()
