"""One reserve of free disk for everything that fills the data folder's disk at will."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from library import paths
from library.errors import StorageError


@pytest.fixture
def free_disk(monkeypatch: pytest.MonkeyPatch):
    """Set what the disk is said to have free."""
    real_usage = shutil.disk_usage

    def set_free(free: int) -> None:
        monkeypatch.setattr(shutil, "disk_usage",
                            lambda path: real_usage(path)._replace(free=free))
    return set_free


def test_room_is_what_leaves_the_reserve_free(tmp_path: Path, free_disk) -> None:
    free_disk(paths.DISK_RESERVE_BYTES + 5000)
    assert paths.has_room(tmp_path, 5000)
    assert not paths.has_room(tmp_path, 5001)
    assert paths.has_room(tmp_path / "not" / "made" / "yet", 5000)  # its parent's disk


def test_work_that_would_take_the_reserve_is_refused_with_it_named(tmp_path: Path,
                                                                   free_disk) -> None:
    free_disk(paths.DISK_RESERVE_BYTES + 2 * 2**20)
    paths.check_room(tmp_path, 2 * 2**20, what="the import", message_vi="Không đủ chỗ.")
    with pytest.raises(StorageError) as caught:
        paths.check_room(tmp_path, 2 * 2**20 + 1, what="the import",
                         message_vi="Không đủ chỗ.")
    assert str(caught.value) == (
        "not enough free disk space: the import needs 2 MB plus 100 MB kept free for the "
        "station, only 102 MB are free; nothing was changed")
    # the panel's line too: "not enough" beside a free space larger than the need would
    # make no sense without the reserve
    assert caught.value.message_vi == (
        "Không đủ chỗ. Cần 2 MB, cộng 100 MB trạm luôn để trống; đĩa chỉ còn trống 102 MB.")


def test_a_disk_that_cannot_be_asked_is_not_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shutil, "disk_usage", fail)
    assert paths.disk_free(tmp_path) is None
    paths.check_room(tmp_path, 10**15, what="the import", message_vi="Không đủ chỗ.")
