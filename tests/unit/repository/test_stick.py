"""Packs as a librarian meets them on sticks: cut short, pulled out, write-protected,
from another publisher of the same repository."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from library.errors import LibraryError, PackError
from library.repository.importer import import_from
from library.repository.pack import make_pack
from library.repository.publish import publish
from library.repository.trust import TrustStore
from library.usb import describe_pack, find_packs

from .helpers import World, assert_untouched, read_only_mount, snapshot


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.98])
def test_a_pack_copied_only_in_part_says_so(world: World, station, tmp_path: Path,
                                            fraction: float) -> None:
    paths, catalog = station
    whole = world.pack_v1.read_bytes()
    cut = tmp_path / "v1.zip"
    cut.write_bytes(whole[: int(len(whole) * fraction)])
    before = snapshot(paths)
    with pytest.raises(PackError, match="the pack is incomplete") as caught:
        import_from(paths, catalog, str(cut))
    assert "chép lại" in caught.value.message_vi
    assert_untouched(before, paths)
    assert "chưa được chép đủ" in describe_pack(cut, catalog=catalog).details["error"]


def test_a_stick_pulled_out_during_the_import_changes_nothing(world: World, station,
                                                              tmp_path: Path) -> None:
    paths, catalog = station
    pack = tmp_path / "v1.zip"
    shutil.copyfile(world.pack_v1, pack)
    before = snapshot(paths)
    calls = []

    def pull_out(done: int, total: int, label: str) -> None:
        calls.append(label)
        if len(calls) == 2:  # one object is in, the rest of the file is gone
            os.truncate(pack, 200)

    with pytest.raises(PackError, match="the pack is incomplete"):
        import_from(paths, catalog, str(pack), progress=pull_out)
    assert_untouched(before, paths)
    # put back in, whole: it imports
    shutil.copyfile(world.pack_v1, pack)
    assert len(import_from(paths, catalog, str(pack)).added) == 5


def test_a_pack_on_a_write_protected_stick_imports(world: World, station,
                                                   tmp_path: Path) -> None:
    paths, catalog = station

    def copy(point: Path) -> None:
        shutil.copyfile(world.pack_v1, point / "thu-vien.zip")

    with read_only_mount(tmp_path / "stick", copy) as stick:
        [found] = find_packs(stick, catalog=catalog)
        assert found.signature == "ok"
        result = import_from(paths, catalog, str(found.path))
        assert result.status == "imported" and len(result.added) == 5
        assert import_from(paths, catalog, str(found.path)).status == "unchanged"


def test_a_stick_lists_a_pack_signed_by_another_publisher_as_refused(
        world: World, station, tmp_path: Path) -> None:
    """Both publishers are trusted, but the repository stays with its own key, as the
    import will say: the stick's list must not call that pack good."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    TrustStore(catalog).add(world.other.public, name="Tỉnh bên")
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin\nCủa tỉnh bên.")
    publish(src, tmp_path / "repo", world.other, repository="vn.lamdong.thuvien")
    (tmp_path / "stick").mkdir()
    foreign = make_pack(tmp_path / "repo", tmp_path / "stick" / "tinh-ben.zip").path
    assert describe_pack(foreign, catalog=catalog).signature == "bad"
    assert describe_pack(world.pack_v1, catalog=catalog).signature == "ok"
    with pytest.raises(PackError, match="published with key"):
        import_from(paths, catalog, str(foreign))


class _FailingRead:
    """A file whose reads fail with EIO once `good` bytes came through: a bad sector
    or a stick pulled out half-way through one object."""

    def __init__(self, inner, good: int) -> None:
        self.inner, self.left = inner, good

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            raise OSError(errno.EIO, "Input/output error")
        data = self.inner.read(self.left if n < 0 else min(n, self.left))
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.inner.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def told_as_the_sticks(error: LibraryError, folder: Path, name: str) -> LibraryError:
    """A read error in a repository folder on a stick, told as the stick's (where to look),
    never as a failed write on the station's disk; `name`: what could not be read."""
    assert isinstance(error, PackError), error
    line = str(error)
    assert "cannot write" not in line
    assert line.startswith(f"{folder}: cannot read {name}"), line
    assert "from the folder (Input/output error)" in line and "check the stick" in line
    assert "USB" in error.message_vi
    return error


def test_a_read_error_in_a_folder_on_a_stick_names_the_stick_not_the_disk(
        world: World, station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cafesach import FOLDER`: EIO half-way through an object was told as a failed
    write into staging, which sent the librarian to the station's disk."""
    paths, catalog = station
    folder = tmp_path / "stick" / "thu-vien"
    shutil.copytree(world.repo_v1, folder)
    objects = (folder / "objects").resolve()
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        if Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(objects):
            return _FailingRead(fh, 1000)
        return fh

    before = snapshot(paths)
    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, str(folder))
    monkeypatch.undo()
    error = told_as_the_sticks(caught.value, folder, "object ")
    assert "staging" not in str(error) and "thư mục" in error.message_vi
    assert_untouched(before, paths)
    # the stick read well again: the same folder imports whole
    assert len(import_from(paths, catalog, str(folder)).added) == 5


@pytest.mark.parametrize("where", ["index", "object-stat"])
def test_a_read_error_on_a_folders_index_or_listing_names_the_stick_too(
        world: World, station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        where: str) -> None:
    """EIO reading the folder's index.json, or asking for an object's file, was told as
    "cannot write … while importing", as the object's bytes were."""
    paths, catalog = station
    folder = tmp_path / "stick" / "thu-vien"
    shutil.copytree(world.repo_v1, folder)
    objects = (folder / "objects").resolve()
    if where == "index":
        real_open = Path.open

        def path_open(self: Path, *args, **kwargs):
            if self.name == "index.json" and self.parent == folder:
                raise OSError(errno.EIO, "Input/output error")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", path_open)
        name = "the index"
    else:
        real_lstat = Path.lstat

        def path_lstat(self: Path):
            if self.resolve().is_relative_to(objects) and self.is_file():
                raise OSError(errno.EIO, "Input/output error")
            return real_lstat(self)

        monkeypatch.setattr(Path, "lstat", path_lstat)
        name = "object "
    before = snapshot(paths)
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, str(folder))
    monkeypatch.undo()
    told_as_the_sticks(caught.value, folder, name)
    assert_untouched(before, paths)
