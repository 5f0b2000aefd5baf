"""What a power cut or a kill leaves in the catalog's own paths is cleared by the catalog
itself, and what it writes survives a cut: links in `.named/`, a second `remove`, the
copy kept before a migration, folders made for a new file, self-test scratch folders."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from library import catalog as catalog_module
from library import files, migrations, selftest
from library.catalog import Catalog, Item
from library.paths import DataPaths
from tests.clirun import cafesach
from tests.unit.test_migrations import old_database

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _stale_link(catalog: Catalog) -> Path:
    """A `.named/` link whose object is gone, as a cut between the two deletions left."""
    assert catalog.objects is not None
    sha = catalog.objects.add_bytes(PNG + b"gone")
    link = catalog.objects.named(sha)
    assert link is not None and link.parent.name == ".named"
    catalog.objects.path(sha).unlink()
    return link


def test_collect_garbage_prunes_links_to_objects_gone(catalog: Catalog) -> None:
    link = _stale_link(catalog)
    catalog.collect_garbage()
    assert not link.exists()


def test_remove_with_its_files_prunes_links_to_objects_gone(catalog: Catalog) -> None:
    link = _stale_link(catalog)
    assert catalog.objects is not None
    cover = catalog.objects.add_bytes(PNG + b"cover")
    catalog.put(Item(id="a", title="A", kind="book", cover_sha256=cover))
    own = catalog.objects.named(cover)
    catalog.remove("a", drop_files=True)
    assert not catalog.objects.has(cover)
    assert not link.exists() and own is not None and not own.exists()


def test_remove_again_after_a_cut_after_its_commit_finishes_the_work(
        capsys, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog.open(data_paths) as catalog:
        assert catalog.objects is not None
        sha = catalog.objects.add_bytes(b"the book's bytes")
        catalog.put(Item(id="a", title="Sách A", kind="book", sha256=sha))
        catalog.remove("a")  # committed; the cut came before its files were deleted
    monkeypatch.setattr(catalog_module, "GARBAGE_GRACE_S", 0.0)  # added long ago
    code, out, err = cafesach(capsys, "--data", str(data_paths.root), "remove", "a")
    assert code == 1 and out == ""  # as `trust remove` of a key not there: an error
    assert err == ("cafesach: error: no item with id 'a': nothing removed (already removed, "
                   "or a mistyped id); 1 file no item uses deleted\n")
    assert not data_paths.objects.joinpath(sha[:2], sha[2:]).exists()
    code, _out, err = cafesach(capsys, "--data", str(data_paths.root), "remove", "a")
    assert code == 1 and err.endswith("or a mistyped id)\n")


def test_the_copy_before_migrating_is_made_durable(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "catalog.db"
    old_database(path)
    synced: list[tuple[Path, bool]] = []

    def fsync_dir(folder: Path) -> None:
        synced.append((folder, (folder / "catalog.db.before-schema-1").exists()))

    monkeypatch.setattr(migrations, "fsync_dir", fsync_dir)
    Catalog(path).close()
    assert (tmp_path, True) in synced  # after the rename, the folder holding the name


def test_a_folder_made_for_a_new_file_is_made_durable(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "fsync_dir", synced.append)
    target = tmp_path / "new" / "deeper" / "file.txt"
    files.write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    # each new folder's name is synced into its parent, and the file's into its folder
    assert synced == [tmp_path, tmp_path / "new", tmp_path / "new" / "deeper"]
    synced.clear()
    files.write_atomic(target, b"y")
    assert synced == [tmp_path / "new" / "deeper"]


def test_a_killed_selftest_leaves_nothing_for_good(data_paths: DataPaths) -> None:
    old = time.time() - selftest.LEFTOVER_AFTER_S - 60
    killed = data_paths.cache / "selftest-abc123"
    (killed / "cache" / "pages").mkdir(parents=True)
    (killed / "probe.pdf").write_bytes(b"%PDF")
    probe = data_paths.root / ".selftest-xyz"
    probe.write_bytes(b"ok")
    for leftover in (killed, probe):
        os.utime(leftover, (old, old))
    running = data_paths.cache / "selftest-now"  # another self-test's, running now
    running.mkdir()
    with selftest.scratch_dir(data_paths) as folder:
        assert folder.is_dir()
    assert not killed.exists() and not probe.exists()
    assert running.is_dir()
