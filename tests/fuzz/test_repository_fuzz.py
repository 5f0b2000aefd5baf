"""Fuzzing the repository's front door: index bytes, index structure, pack entries.

Whatever arrives, the import either refuses it with a `LibraryError` (never
another exception) and leaves the station exactly as it was, or — only if
the signed content is intact — imports exactly what was published.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from library.errors import LibraryError, PackError
from library.paths import DataPaths
from library.repository import index as idx
from library.repository.importer import import_from
from library.repository.keys import PrivateKey
from library.repository.pack import make_pack
from library.repository.publish import publish
from library.repository.sources import PackSource
from tests.unit.repository.helpers import new_station, snapshot


class Mini:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.key = PrivateKey.generate()
        src = root / "src"
        src.mkdir()
        for n in range(3):
            (src / f"tin-{n}.txt").write_text(f"Bản tin {n}\nNội dung số {n}.")
        self.repo = root / "repo"
        publish(src, self.repo, self.key, repository="vn.fuzz")
        self.pack = make_pack(self.repo, root / "p.zip").path
        self.raw_index = (self.repo / "index.json").read_bytes()
        self.signed = json.loads(self.raw_index)["signed"]
        paths, catalog = new_station(root / "template")
        from library.repository.trust import TrustStore

        TrustStore(catalog).add(self.key.public)
        catalog.close()
        self.template = paths.root


@pytest.fixture(scope="module")
def mini() -> Iterator[Mini]:
    root = Path(tempfile.mkdtemp(prefix="cafesach-fuzz-"))
    try:
        yield Mini(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fresh(mini: Mini, name: str) -> DataPaths:
    target = mini.root / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(mini.template, target)
    return DataPaths(target)


def import_pack(mini: Mini, index_bytes: bytes, extra: list[tuple[str, bytes]] = ()) -> None:
    """Rebuild the pack with other index bytes / extra entries and import it."""
    pack = mini.root / "fuzzed.zip"
    with zipfile.ZipFile(mini.pack) as zin, zipfile.ZipFile(pack, "w") as zout:
        for info in zin.infolist():
            data = index_bytes if info.filename == "index.json" else zin.read(info)
            zout.writestr(info.filename, data)
        for name, data in extra:
            zout.writestr(name, data)
    paths = fresh(mini, "station")
    from library.catalog import Catalog

    before = snapshot(paths)
    with Catalog.open(paths) as catalog:
        try:
            import_from(paths, catalog, str(pack))
        except LibraryError:
            assert snapshot(paths) == before
            assert list(paths.staging.glob("import-*")) == []
            return
    # accepted: it must be exactly what was published
    assert idx.canonical(idx.parse(index_bytes).signed) == idx.canonical(mini.signed)
    assert len(snapshot(paths)["items"]) == 3


mutation = st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate"]),
                     st.integers(min_value=0), st.binary(min_size=1, max_size=8))


@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_index_bytes_are_refused_or_harmless(mini: Mini, mutations) -> None:
    data = bytearray(mini.raw_index)
    for kind, position, blob in mutations:
        at = position % max(len(data), 1)
        if kind == "flip" and data:
            data[at] ^= blob[0] or 1
        elif kind == "insert":
            data[at:at] = blob
        elif kind == "delete":
            del data[at: at + len(blob)]
        else:
            del data[at:]
    import_pack(mini, bytes(data))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=20)


@given(st.dictionaries(st.sampled_from(["format", "repository", "version", "created", "expires",
                                        "items", "keys", "rotations", "revocations",
                                        "chunk_size", "extensions", "title"]),
                       json_value, max_size=8))
def test_structurally_odd_indexes_signed_by_a_trusted_key(mini: Mini, changes) -> None:
    """Even a trusted publisher's odd index is refused cleanly, never half-imported."""
    signed = {**mini.signed, **changes}
    try:
        raw = idx.sign(signed, mini.key)
    except (ValueError, TypeError):
        return  # cannot even be serialised (e.g. huge floats): nothing to test
    with contextlib.suppress(PackError):
        idx.parse(raw)
    _expect_clean(mini, raw)


def _expect_clean(mini: Mini, raw: bytes) -> None:
    paths = fresh(mini, "station")
    from library.catalog import Catalog

    pack = mini.root / "odd.zip"
    with zipfile.ZipFile(mini.pack) as zin, zipfile.ZipFile(pack, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, raw if info.filename == "index.json" else zin.read(info))
    before = snapshot(paths)
    with Catalog.open(paths) as catalog:
        try:
            result = import_from(paths, catalog, str(pack))
        except LibraryError:
            assert snapshot(paths) == before
            return
    after = snapshot(paths)
    assert len(after["items"]) == len(result.added) + result.unchanged
    for item in idx.parse(raw).items:  # everything visible is what the index says
        assert any(row[1] == item.id for row in after["items"])


@given(st.text(min_size=1, max_size=40))
def test_arbitrary_entry_names_never_escape(mini: Mini, name: str) -> None:
    outside = sorted(p.name for p in mini.root.iterdir())
    pack = mini.root / "names.zip"
    shutil.copy(mini.pack, pack)
    try:
        with zipfile.ZipFile(pack, "a") as zf:
            zf.writestr(name, b"x")
    except (ValueError, UnicodeEncodeError, IndexError):
        return  # zipfile itself cannot write such a name (e.g. NUL)
    try:
        source = PackSource(pack)
    except PackError:
        return
    source.close()
    # accepted names are only the index, object names or their folders
    assert name in ("objects/", "index.json") or name.startswith("objects/")
    assert sorted(p.name for p in mini.root.iterdir()) == outside
