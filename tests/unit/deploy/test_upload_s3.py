"""deploy/upload-s3.sh as an editor runs it: mistakes in one line, index.json sent last.

rclone is replaced by a stand-in that writes down how it was called; the real
upload needs a bucket this machine does not have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "upload-s3.sh"
SH = shutil.which("sh") or "/bin/sh"


def _run(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=path) if path is not None else None
    return subprocess.run([SH, str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=30, check=False, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "objects" / "ab").mkdir(parents=True)
    (repo / "opds").mkdir()
    (repo / "index.json").write_text("{}")
    return repo


def _tools_without_rclone(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sed", "printf", "test", "cat"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    return bin_dir


@pytest.mark.parametrize("args", [(), ("/srv/cafesach/repo",), ("a", "b", "c")])
def test_wrong_arguments_are_one_line(args: tuple[str, ...]) -> None:
    done = _run(*args)
    assert done.returncode == 1
    assert done.stderr.startswith("upload-s3.sh: error: give the repository folder and the "
                                  "rclone destination")
    assert len(done.stderr.splitlines()) == 1


def test_help_is_the_header() -> None:
    done = _run("--help")
    assert done.returncode == 0 and "index.json LAST" in done.stdout
    assert "set -eu" not in done.stdout


def test_no_index_and_no_rclone_are_said(tmp_path: Path, repo: Path) -> None:
    done = _run(str(tmp_path / "nowhere"), "s3:thuvien")
    assert done.stderr == (f"upload-s3.sh: error: {tmp_path / 'nowhere'}: no index.json "
                           "(run cafesach publish first)\n")
    done = _run(str(repo), "s3:thuvien", path=str(_tools_without_rclone(tmp_path)))
    assert done.returncode == 1
    assert done.stderr == ("upload-s3.sh: error: rclone not found: install it (apt install "
                           "rclone), then rclone config\n")


def test_the_index_goes_up_last(tmp_path: Path, repo: Path) -> None:
    """Objects, then the feeds, then index.json: no station sees an index whose files are
    not there yet."""
    bin_dir = _tools_without_rclone(tmp_path)
    log = tmp_path / "rclone.log"
    (bin_dir / "rclone").write_text(f'#!{SH}\necho "$1 $2 $3" >> {log}\n')
    (bin_dir / "rclone").chmod(0o755)
    done = _run(str(repo), "s3:thuvien", path=str(bin_dir))
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        f"copy {repo}/objects s3:thuvien/objects",
        f"copy {repo}/opds s3:thuvien/opds",
        f"copyto {repo}/index.json s3:thuvien/index.json",
    ]
