"""Packs as a librarian meets them on sticks: cut short, pulled out, write-protected,
from another publisher of the same repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from library.errors import PackError
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
