"""Saving settings on a disk that filled up: one clear error, the old file whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from library.config import Config
from library.errors import StorageError


def test_a_full_disk_keeps_the_old_settings_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    config = Config(path)
    config.set("station", "name", "Chợ Đà Lạt")
    config.save()
    before = path.read_bytes()
    real_fsync = os.fsync

    def full(fd: int) -> None:  # the data written finds no room when flushed
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    config.set("station", "name", "Trạm mới")
    with pytest.raises(StorageError) as caught:
        config.save()
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert str(caught.value) == f"cannot write {path}: No space left on device"
    assert caught.value.message_vi == "Đĩa đã đầy, không ghi được cài đặt."
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
    assert Config.load(path).get("station", "name") == "Chợ Đà Lạt"
