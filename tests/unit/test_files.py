import os
import stat
from pathlib import Path

import pytest

from library.files import write_atomic


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "config.toml"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["config.toml"]


@pytest.mark.parametrize(("mode", "umask", "expected"), [(0o644, 0o022, 0o644),
                                                         (0o666, 0o022, 0o644),
                                                         (0o666, 0o077, 0o600),
                                                         (0o600, 0o000, 0o600)])
def test_mode_goes_through_the_umask(tmp_path: Path, mode: int, umask: int,
                                     expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "f", b"x", mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == expected


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, b"old")

    class NotBytes:
        pass

    with pytest.raises(TypeError):
        write_atomic(target, NotBytes())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_exact_mode_ignores_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "index.json", b"{}", mode=0o644, apply_umask=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "index.json").stat().st_mode) == 0o644
