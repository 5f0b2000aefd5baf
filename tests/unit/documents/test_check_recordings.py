"""`cafesach check ID` on a recording or a clip: the store keeps files without a name, and
an MP3's or an MP4's first bytes do not always tell the format, so the check read the
item's own file as "not a supported document" and `--clear` could never offer a
recording the kiosk had marked broken again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.paths import DataPaths
from tests.clirun import cafesach

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="apt install ffmpeg")

CLIPS = {
    "tin.mp3": ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"],
    "clip.mp4": ["-f", "lavfi", "-i", "color=c=blue:s=64x48:d=1", "-pix_fmt", "yuv420p"],
}


def _added(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, name: str) -> str:
    clip = tmp_path / name
    subprocess.run(["ffmpeg", "-loglevel", "error", *CLIPS[name], str(clip)], check=True)
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(clip), "--json")
    assert code == 0, err
    return json.loads(out)[0]["id"]


def _broken(data: Path, item_id: str, flag: bool | None = None) -> bool:
    with Catalog.open(DataPaths(data)) as catalog:
        if flag is not None:
            catalog.set_flags(item_id, broken=flag)
        return catalog.get(item_id).broken


@pytest.mark.parametrize(("name", "media_type"), [("tin.mp3", "audio/mpeg"),
                                                  ("clip.mp4", "video/mp4")])
def test_a_recording_marked_broken_is_checked_and_cleared(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, media_type: str) -> None:
    data = tmp_path / "d"
    item_id = _added(capsys, data, tmp_path, name)
    _broken(data, item_id, flag=True)  # the kiosk could not play it once
    code, out, err = cafesach(capsys, "--data", str(data), "check", item_id, "--json")
    report = json.loads(out)
    assert code == 0, err
    assert report["ok"] and report["format"] == media_type and report["duration_s"] > 0
    assert Path(report["file"]).parent.parent.name == "objects"  # the store's file is named
    code, out, _ = cafesach(capsys, "--data", str(data), "check", item_id, "--clear")
    assert code == 0 and "flag is cleared" in out
    assert not _broken(data, item_id)


def test_a_damaged_recording_stays_broken(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    data = tmp_path / "d"
    item_id = _added(capsys, data, tmp_path, "tin.mp3")
    with Catalog.open(DataPaths(data)) as catalog:
        path = catalog.object_path(catalog.get(item_id))
    _broken(data, item_id, flag=True)
    os.chmod(path, 0o644)
    path.write_bytes(os.urandom(4096))
    code, _, err = cafesach(capsys, "--data", str(data), "check", item_id, "--clear")
    assert code == 1 and err.startswith("cafesach: error: ") and err.count("\n") == 1
    assert _broken(data, item_id)
