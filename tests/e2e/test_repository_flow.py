"""The provincial flow with real processes: the `cafesach` console script and nginx.

An editor publishes a folder, nginx serves it, a station syncs it; a USB pack of
part of it imports on another station without removing anything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.repository.conftest import nginx, world  # noqa: F401 - fixtures
from tests.unit.repository.helpers import make_pdf

pytestmark = pytest.mark.e2e
CAFESACH = Path(sys.executable).with_name("cafesach")


def cafesach(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    argv = [str(CAFESACH), *(["--data", str(data)] if data else []), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CAFESACH_DATA": ""})


def test_publish_serve_sync_and_partial_pack(nginx, tmp_path: Path) -> None:  # noqa: F811
    if not CAFESACH.exists():
        pytest.skip("the console script is not installed in this environment")
    editor = tmp_path / "editor"
    src = editor / "thu-vien"
    src.mkdir(parents=True)
    make_pdf(src / "ca-phe.pdf", "Trồng cà phê", "Kỹ thuật trồng cà phê bền vững.")
    (src / "ban-tin.txt").write_text("Bản tin sáng\nLịch tiêm chủng tuần này.")
    (src / "catalog.toml").write_text('[repository]\nid = "vn.e2e"\n'
                                      '[files."ban-tin.txt"]\ntags = ["y tế"]\n')
    assert cafesach("keygen", "--out", str(editor / "keys")).returncode == 0
    repo = nginx.www / "e2e-repo"
    done = cafesach("publish", str(src), "--out", str(repo), "--key",
                    str(editor / "keys" / "publisher.key"), "--json")
    assert done.returncode == 0, done.stderr
    for folder, _dirs, files in os.walk(repo):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)

    station = tmp_path / "station"
    pub = str(editor / "keys" / "publisher.pub")
    assert cafesach("trust", "add", pub, data=station).returncode == 0
    synced = cafesach("sync", f"{nginx.url}/e2e-repo/", "--json", data=station)
    assert synced.returncode == 0, synced.stderr
    assert sorted(json.loads(synced.stdout)["added"]) == ["ban-tin", "ca-phe"]
    found = cafesach("search", "ca phe", "--json", data=station)
    assert json.loads(found.stdout)["results"][0]["id"] == "ca-phe"

    usb = tmp_path / "usb"
    usb.mkdir()
    packed = cafesach("pack", str(repo), "--out", str(usb / "y-te.zip"), "--tag", "y tế")
    assert packed.returncode == 0, packed.stderr
    other = tmp_path / "other-station"
    assert cafesach("trust", "add", pub, data=other).returncode == 0
    (other / "objects").mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "ca-phe.pdf", tmp_path / "local.pdf")
    assert cafesach("add", str(tmp_path / "local.pdf"), data=other).returncode == 0
    imported = cafesach("import", str(usb / "y-te.zip"), "--json", data=other)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["added"] == ["ban-tin"]
    listed = json.loads(cafesach("list", "--json", data=other).stdout)
    assert len(listed) == 2  # the station's own item is still there
