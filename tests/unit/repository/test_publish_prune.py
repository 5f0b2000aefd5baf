"""`publish` deletes the objects no index has referenced for longer than a grace period."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from library.errors import LibraryError
from library.objects import ObjectStore
from library.repository import faults
from library.repository import index as idx
from library.repository.importer import import_from
from library.repository.keys import PrivateKey, generate_keypair, load_private
from library.repository.publish import UNREFERENCED_NAME, publish
from library.repository.trust import TrustStore
from tests.clirun import cafesach

from .helpers import index_of, make_pdf, new_station
from .killer import KILLED

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    private, _public, _id = generate_keypair(tmp_path / "keys")
    return private


@pytest.fixture
def key(key_file: Path) -> PrivateKey:
    return load_private(key_file)


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    make_pdf(folder / "a.pdf", "Sách A", "Trang đầu của sách A")
    make_pdf(folder / "b.pdf", "Sách B", "Trang đầu của sách B, khác hẳn")
    return folder


def refs_of(repo: Path, item_id: str) -> set[str]:
    item = next(i for i in index_of(repo).items if i.id == item_id)
    return {ref.sha256 for ref in item.refs()}


def at(monkeypatch, moment) -> None:
    monkeypatch.setattr(idx, "utc_now", lambda: moment)


def assert_servable(repo: Path) -> None:
    """Every object the served index names is there, whole."""
    store = ObjectStore(repo / "objects")
    for sha in index_of(repo).objects():
        assert store.verify(sha), sha


def test_a_removed_items_objects_are_kept_within_the_grace_then_deleted(
        tmp_path: Path, src: Path, key: PrivateKey, monkeypatch) -> None:
    repo = tmp_path / "repo"
    start = idx.utc_now()
    at(monkeypatch, start)
    publish(src, repo, key, repository="vn.test")
    gone, stays = refs_of(repo, "b"), refs_of(repo, "a")
    store = ObjectStore(repo / "objects")
    size = sum(store.path(sha).stat().st_size for sha in gone)
    (src / "b.pdf").unlink()
    at(monkeypatch, start + timedelta(days=1))
    result = publish(src, repo, key)
    assert result.removed_objects == 0 and result.kept_old_objects == len(gone)
    assert all(store.has(sha) for sha in gone)
    record = json.loads((repo / UNREFERENCED_NAME).read_bytes())
    assert set(record) == gone and set(record.values()) == {idx.iso(start + timedelta(days=1))}
    at(monkeypatch, start + timedelta(days=7))  # 6 days unreferenced: kept, first date kept
    result = publish(src, repo, key)
    assert result.removed_objects == 0 and all(store.has(sha) for sha in gone)
    assert json.loads((repo / UNREFERENCED_NAME).read_bytes()) == record
    at(monkeypatch, start + timedelta(days=8, hours=1))
    result = publish(src, repo, key)
    assert (result.removed_objects, result.removed_bytes) == (len(gone), size)
    assert not any(store.has(sha) for sha in gone) and all(store.has(sha) for sha in stays)
    assert json.loads((repo / UNREFERENCED_NAME).read_bytes()) == {}
    assert set(store) == stays
    assert_servable(repo)
    for name in ("index.json", ".publish-hashes.json", ".publish-cache.json"):
        assert (repo / name).is_file()


def test_an_item_put_back_keeps_its_objects_and_is_forgotten(
        tmp_path: Path, src: Path, key: PrivateKey, monkeypatch) -> None:
    repo = tmp_path / "repo"
    start = idx.utc_now()
    at(monkeypatch, start)
    publish(src, repo, key, repository="vn.test")
    gone = refs_of(repo, "b")
    aside = tmp_path / "b.pdf"
    (src / "b.pdf").rename(aside)
    at(monkeypatch, start + timedelta(days=1))
    publish(src, repo, key)
    aside.rename(src / "b.pdf")  # put back on day 5
    at(monkeypatch, start + timedelta(days=5))
    result = publish(src, repo, key)
    assert result.new_objects == 0 and refs_of(repo, "b") == gone
    assert json.loads((repo / UNREFERENCED_NAME).read_bytes()) == {}
    (src / "b.pdf").rename(aside)  # removed again on day 6: its grace starts again
    at(monkeypatch, start + timedelta(days=6))
    publish(src, repo, key)
    at(monkeypatch, start + timedelta(days=12))  # 11 days after the first removal
    result = publish(src, repo, key)
    assert result.removed_objects == 0
    assert all(ObjectStore(repo / "objects").has(sha) for sha in gone)


def test_zero_days_deletes_at_once_and_says_so(capsys, tmp_path: Path, src: Path,
                                              key_file: Path) -> None:
    repo = tmp_path / "repo"
    base = ["publish", str(src), "--out", str(repo), "--key", str(key_file), "--id", "vn.test"]
    code, _out, _err = cafesach(capsys, *base)
    assert code == 0
    gone = refs_of(repo, "b")
    store = ObjectStore(repo / "objects")
    size = sum(store.path(sha).stat().st_size for sha in gone)
    (src / "b.pdf").unlink()
    code, out, _err = cafesach(capsys, *base)
    assert code == 0 and f"kept {len(gone)} old files" in out and "7 days" in out
    strays = [repo / "objects" / "ab" / "notes.txt", repo / "objects" / "readme.txt",
              repo / "old-copy.pdf"]  # not objects: never deleted
    for stray in strays:
        stray.parent.mkdir(exist_ok=True)
        stray.write_text("giữ lại", encoding="utf-8")
    code, out, _err = cafesach(capsys, *base, "--keep-old-days", "0", "--json")
    assert code == 0 and all(stray.is_file() for stray in strays)
    shown = json.loads(out)
    assert (shown["removed_objects"], shown["removed_bytes"]) == (len(gone), size)
    assert shown["kept_old_objects"] == 0
    assert not any(store.has(sha) for sha in gone)
    assert_servable(repo)
    (src / "a.pdf").unlink()
    make_pdf(src / "c.pdf", "Sách C", "Một cuốn sách mới")
    code, out, _err = cafesach(capsys, *base, "--keep-old-days", "0")
    assert code == 0 and "removed 3 old files" in out
    code, _out, err = cafesach(capsys, *base, "--keep-old-days", "-1")
    assert code != 0 and "--keep-old-days" in err


def _sync_during_publish(station: Path, repo: Path, key: PrivateKey,
                         publish_now) -> Path:
    """Import `repo` into a new station, running `publish_now()` once the station has read
    the index and before it fetches any file (a publish in the middle of a sync)."""
    paths, catalog = new_station(station)
    TrustStore(catalog).add(key.public, name="Sở")
    published = []

    def hook(name: str, _detail: int) -> None:
        if name == "staging-start" and not published:
            published.append(publish_now())

    faults.set_hook(hook)
    try:
        result = import_from(paths, catalog, str(repo))
        assert published and result.status == "imported"
        assert catalog.objects.verify(catalog.get("b").sha256)
    finally:
        faults.set_hook(None)
        catalog.close()
    return station


def test_a_station_syncing_the_previous_index_during_the_grace_completes(
        tmp_path: Path, src: Path, key: PrivateKey) -> None:
    repo = tmp_path / "repo"
    publish(src, repo, key, repository="vn.test")
    aside = tmp_path / "b.pdf"
    (src / "b.pdf").rename(aside)
    _sync_during_publish(tmp_path / "station", repo, key, lambda: publish(src, repo, key))
    assert "b" not in {item.id for item in index_of(repo).items}
    aside.rename(src / "b.pdf")
    publish(src, repo, key)
    (src / "b.pdf").unlink()
    with pytest.raises(LibraryError):  # without a grace, the same sync fails
        _sync_during_publish(tmp_path / "late", repo, key,
                             lambda: publish(src, repo, key, keep_old=timedelta(0)))


def _publish_killed(data: Path, at_step: str, *args: str,
                    count: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KILL_AT=at_step, PYTHONPATH=str(ROOT))
    if count is not None:
        env["KILL_COUNT"] = str(count)
    return subprocess.run([sys.executable, "-m", "tests.unit.repository.killer",
                           "--data", str(data), "publish", *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)


def test_a_publish_killed_at_any_deletion_leaves_a_repository_stations_sync_from(
        tmp_path: Path, src: Path, key: PrivateKey, key_file: Path) -> None:
    """Killed at each file deletion of a publish that removes an item's objects at once
    (and at none: the whole run), the repository keeps every file its index names."""
    first = tmp_path / "first"
    publish(src, first, key, repository="vn.test")
    gone = refs_of(first, "b")
    kept = set(ObjectStore(first / "objects")) - gone
    (src / "b.pdf").unlink()

    def run(at_step: str, name: str, count: Path | None = None) -> Path:
        repo = tmp_path / name
        shutil.copytree(first, repo)
        args = [str(src), "--out", str(repo), "--key", str(key_file), "--keep-old-days", "0"]
        done = _publish_killed(tmp_path / "data", at_step, *args, count=count)
        assert done.returncode in (KILLED, 0), done.stderr
        return repo

    steps = tmp_path / "steps.txt"
    run("0", "whole", steps)
    unlinks = [n for n, step in enumerate(steps.read_text().splitlines(), start=1)
               if step == "unlink"]
    assert len(unlinks) >= len(gone) + 3
    # the last ones: the record written, each object deleted, the record written again
    for number in unlinks[-(len(gone) + 3):]:
        repo = run(str(number), f"killed-{number}")
        store = ObjectStore(repo / "objects")
        assert_servable(repo)
        assert set(store) >= kept
        paths, catalog = new_station(tmp_path / f"station-{number}")
        TrustStore(catalog).add(key.public, name="Sở")
        try:
            assert import_from(paths, catalog, str(repo)).status == "imported"
        finally:
            catalog.close()
        again = _publish_killed(tmp_path / "data", "0", str(src), "--out", str(repo), "--key",
                                str(key_file), "--keep-old-days", "0")
        assert again.returncode == 0, again.stderr
        assert set(store) == kept  # the next run finishes what was left


def test_the_record_is_not_served(tmp_path: Path, src: Path, key: PrivateKey, nginx) -> None:
    """The record names what is about to go: it stays with the editor (deploy/nginx)."""
    repo = tmp_path / "repo"
    publish(src, repo, key, repository="vn.test")
    (src / "b.pdf").unlink()
    publish(src, repo, key)
    assert (repo / UNREFERENCED_NAME).is_file()
    url = nginx.serve(repo, "prune-record")
    assert httpx.get(f"{url}/{UNREFERENCED_NAME}").status_code == 404
    assert httpx.get(f"{url}/{idx.INDEX_NAME}").status_code == 200
