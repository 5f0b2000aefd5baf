"""install.sh removes the compressed logs an older install's logrotate left in logs/.

The kiosk rotates its own logs (library/logfile.py: kiosk.log.1, kiosk.log.2, never
compressed). The `.gz` files of the logrotate older installs set up are nobody's to
remove any more, so an install or update removes them, once, and nothing else there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.test_install import fake_bundle, install, snapshot, target  # noqa: F401

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="install.sh --root needs root")


def test_an_update_removes_old_compressed_logs_and_keeps_the_kiosks(target: Path,  # noqa: F811
                                                                     tmp_path: Path) -> None:
    install(target, "--bundle", str(fake_bundle(tmp_path / "b1", "0.1.0")))
    logs = target / "var/lib/cafesach/logs"
    old = [logs / name for name in ("kiosk.log.1.gz", "kiosk.log.2.gz", "serve.log-20250105.gz")]
    for path in old:
        path.write_bytes(b"\x1f\x8b\x08\x00 old logrotate output")
    kept = {name: f"{name} text\n" for name in ("kiosk.log", "kiosk.log.1", "kiosk.log.2",
                                                "serve.log")}
    for name, text in kept.items():
        (logs / name).write_text(text)
    elsewhere = target / "var/lib/cafesach/staging/pack.tar.gz"  # not a log: left alone
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"a pack being imported")
    done = install(target, "--bundle", str(fake_bundle(tmp_path / "b2", "0.2.0")))
    assert "removed 3 compressed logs of the old logrotate from /var/lib/cafesach/logs" \
        in done.stdout
    assert not any(path.exists() for path in old)
    assert {p.name: p.read_text() for p in logs.iterdir()} == kept
    assert elsewhere.read_bytes() == b"a pack being imported"
    # Once: a run with nothing left to remove says nothing and changes nothing.
    before = snapshot(target)
    again = install(target, "--bundle", str(fake_bundle(tmp_path / "b3", "0.2.0")))
    assert "compressed log" not in again.stdout
    assert snapshot(target) == before
