"""A signed index's `chunk_size` has an upper bound: a station reads one chunk into memory
at a time to check a resumed download, so a trusted but mistaken publisher's huge chunks
would have it allocate that much. Such an index is refused before anything changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from library.errors import InvalidInput
from library.repository import index as idx
from library.repository.publish import publish
from tests.clirun import cafesach

from .helpers import World, assert_untouched, snapshot


def _with_chunk_size(world: World, folder: Path, chunk_size: int) -> Path:
    """A copy of the world's repository signed by its own key, with `chunk_size` and
    chunk lists that agree with it (none: every object is smaller than one chunk)."""
    shutil.copytree(world.repo_v1, folder)
    doc = json.loads((folder / idx.INDEX_NAME).read_bytes())
    signed = doc["signed"]
    signed["chunk_size"] = chunk_size
    for item in signed["items"]:
        for name in ("object", "cover", "text"):
            if isinstance(item.get(name), dict):
                item[name].pop("chunks", None)
    (folder / idx.INDEX_NAME).write_bytes(idx.sign(signed, world.key))
    return folder


def test_an_index_with_huge_chunks_is_refused_and_changes_nothing(
        capsys: pytest.CaptureFixture[str], world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    repo = _with_chunk_size(world, tmp_path / "repo", 1024**4)  # 1 TiB pieces
    before = snapshot(paths)
    catalog.close()
    code, out, err = cafesach(capsys, "--data", str(paths.root), "import", str(repo))
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "chunk_size 1099511627776 is larger than the 64 MiB a station reads at once" \
        in lines[0]
    assert_untouched(before, paths)


def test_the_largest_chunks_a_station_takes_still_import(
        capsys: pytest.CaptureFixture[str], world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    repo = _with_chunk_size(world, tmp_path / "repo", idx.MAX_CHUNK_SIZE)
    catalog.close()
    code, _out, err = cafesach(capsys, "--data", str(paths.root), "import", str(repo))
    assert code == 0, err


def test_publish_refuses_chunks_no_station_takes_before_reading_anything(
        world: World, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InvalidInput, match="chunk_size 67108865 is outside 4096 to 67108864"):
        publish(world.root / "src", out, world.key, chunk_size=idx.MAX_CHUNK_SIZE + 1)
    assert not out.exists()
