"""`publish`: signed index, content-addressed objects, OPDS feeds."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from library.errors import InvalidInput
from library.objects import sha256_file
from library.repository import index as idx
from library.repository.keys import PrivateKey
from library.repository.opds import parse_feed
from library.repository.publish import parse_duration, publish, slug

from .helpers import CHUNK, World, index_of


def test_index_carries_format_repository_version_expiry_and_extensions(world: World) -> None:
    v1, v2 = index_of(world.repo_v1), index_of(world.repo_v2)
    assert v1.signed["format"] == idx.FORMAT
    assert v1.repository == v2.repository == "vn.lamdong.thuvien"
    assert (v1.version, v2.version) == (1, 2)
    assert v1.expires - idx.parse_time(v1.signed["created"], "c") == timedelta(days=30)
    assert v1.extensions["bulletin_schedule"] == [{"item": "ban-tin-1", "at": "07:00"}]
    assert idx.verify(v2, {world.key.public.id: world.key.public}, set()).signer


def test_items_have_metadata_objects_text_and_chunks(world: World) -> None:
    items = {i.id: i for i in index_of(world.repo_v1).items}
    assert set(items) == {"cay-ca-phe", "so-tay", "ban-tin-1", "ban-tin-2", "clip"}
    handbook = items["so-tay"]
    assert handbook.data["kind"] == "handbook" and handbook.data["featured"] is True
    assert handbook.data["tags"] == ["đảng viên"]
    assert handbook.data["title"] == "Sổ tay đảng viên"
    assert handbook.cover is not None and handbook.text is not None
    clip = items["clip"]
    assert clip.object is not None and len(clip.object.chunks) == -(-clip.object.size // CHUNK) > 1
    data = (world.repo_v1 / clip.object.path).read_bytes()
    assert hashlib.sha256(data[:CHUNK]).hexdigest() == clip.object.chunks[0]
    for item in items.values():
        for ref in item.refs():
            path = world.repo_v1 / ref.path
            assert path.stat().st_size == ref.size
            assert sha256_file(path) == ref.sha256


def test_republish_keeps_unchanged_objects_byte_identical(world: World) -> None:
    v1 = {i.id: i for i in index_of(world.repo_v1).items}
    v2 = {i.id: i for i in index_of(world.repo_v2).items}
    assert v1["so-tay"].object == v2["so-tay"].object
    same = world.repo_v2 / v1["so-tay"].object.path  # type: ignore[union-attr]
    assert same.read_bytes() == (world.repo_v1 / v1["so-tay"].object.path).read_bytes()
    assert v1["clip"].object != v2["clip"].object
    assert "ban-tin-2" not in v2 and "ban-tin-3" in v2
    assert v2["cay-ca-phe"].data["summary"] == "Sách hướng dẫn mới"


def test_republish_in_place_never_rewrites_an_unchanged_object(tmp_path: Path) -> None:
    src, out, key = tmp_path / "src", tmp_path / "repo", PrivateKey.generate()
    src.mkdir()
    (src / "a.txt").write_text("Tin A\nmột")
    (src / "b.txt").write_text("Tin B\nhai")
    publish(src, out, key, repository="vn.a")
    ref = next(i.object for i in index_of(out).items if i.id == "a")
    before = (out / ref.path).stat()  # type: ignore[union-attr]
    (src / "b.txt").write_text("Tin B\nđã sửa")
    publish(src, out, key)
    after = (out / ref.path).stat()  # type: ignore[union-attr]
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert index_of(out).version == 2


def test_opds_navigation_and_acquisition_feeds(world: World) -> None:
    opds = world.repo_v1 / "opds"
    _entries, follow = parse_feed((opds / "index.xml").read_bytes(), "http://x/opds/index.xml")
    names = {f.rsplit("/", 1)[1] for f in follow}
    assert {"all-1.xml", "kind-handbook-1.xml", "kind-bulletin-1.xml",
            "tag-dang-vien-1.xml"} <= names
    entries, _ = parse_feed((opds / "kind-handbook-1.xml").read_bytes(),
                            "http://x/opds/kind-handbook-1.xml")
    assert [e.title for e in entries] == ["Sổ tay đảng viên"]
    assert entries[0].media_type == "application/pdf"
    assert entries[0].href.startswith("http://x/objects/")


def test_opds_feeds_paginate(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for n in range(55):
        (src / f"tin-{n:02}.txt").write_text(f"Bản tin số {n}\nNội dung {n}.")
    out = tmp_path / "repo"
    publish(src, out, PrivateKey.generate(), repository="vn.nhieu")
    first, follow = parse_feed((out / "opds" / "all-1.xml").read_bytes(), "http://x/opds/all-1.xml")
    assert len(first) == 50 and "http://x/opds/all-2.xml" in follow


def test_unknown_metadata_key_is_named(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Tin\nx")
    (src / "a.txt.toml").write_text('titel = "Lỗi chính tả"\n')
    with pytest.raises(InvalidInput, match=r"unknown metadata key titel \(allowed"):
        publish(src, tmp_path / "out", PrivateKey.generate(), repository="vn.a")
    (src / "a.txt.toml").write_text('titel = "Lỗi chính tả"\nkinds = "bulletin"\n')
    with pytest.raises(InvalidInput, match=r"unknown metadata keys kinds, titel \(allowed"):
        publish(src, tmp_path / "out", PrivateKey.generate(), repository="vn.a")


def test_helpers() -> None:
    assert parse_duration("30d") == timedelta(days=30)
    assert parse_duration("2w") == timedelta(weeks=2)
    with pytest.raises(InvalidInput):
        parse_duration("soon")
    assert slug("Sổ tay Đảng viên 2026") == "so-tay-dang-vien-2026"


def test_republish_extracts_only_new_files(tmp_path: Path, monkeypatch) -> None:
    from library.repository import publish as publish_module

    src, out, key = tmp_path / "src", tmp_path / "repo", PrivateKey.generate()
    src.mkdir()
    (src / "a.txt").write_text("Tin A\nmột")
    publish(src, out, key, repository="vn.a")
    seen: list[str] = []
    real = publish_module.extract
    monkeypatch.setattr(publish_module, "extract", lambda p: seen.append(p.name) or real(p))
    (src / "b.txt").write_text("Tin B\nhai")
    publish(src, out, key)
    assert seen == ["b.txt"]
    items = {i.id: i for i in index_of(out).items}
    assert items["a"].data["title"] == "Tin A" and items["a"].data["body"].startswith("Tin A")
    assert not (out / ".publish-cache.json").stat().st_mode & 0o002


def test_republish_extracts_again_what_an_earlier_text_layout_extracted(
        tmp_path: Path, monkeypatch) -> None:
    """An extraction kept from before page text kept its blocks (a heading apart from its
    paragraph) is made again, so re-publishing brings stations the new text."""
    import json

    from library.repository import publish as publish_module

    src, out, key = tmp_path / "src", tmp_path / "repo", PrivateKey.generate()
    src.mkdir()
    (src / "a.txt").write_text("Tin A\nmột")
    publish(src, out, key, repository="vn.a")
    cache = json.loads((out / ".publish-cache.json").read_text())
    for entry in cache.values():
        del entry["page_text"]  # as an earlier version wrote it
    (out / ".publish-cache.json").write_text(json.dumps(cache))
    seen: list[str] = []
    real = publish_module.extract
    monkeypatch.setattr(publish_module, "extract", lambda p: seen.append(p.name) or real(p))
    publish(src, out, key)
    assert seen == ["a.txt"]
    seen.clear()
    publish(src, out, key)  # kept again, in the layout of today
    assert seen == []


def test_a_bad_bulletin_schedule_is_caught_when_publishing(tmp_path: Path) -> None:
    from library.errors import LibraryError

    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Tin\nx")
    (src / "catalog.toml").write_text(
        '[repository]\nid = "vn.a"\n[extensions.schedule]\nversion = 1\n'
        'slots = [{ time = "07:00", days = "someday", bulletins = ["tin"] }]\n')
    with pytest.raises(LibraryError, match="unknown day"):
        publish(src, tmp_path / "out", PrivateKey.generate())
    assert not (tmp_path / "out" / "index.json").exists()
