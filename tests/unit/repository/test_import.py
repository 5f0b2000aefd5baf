"""`import` of packs and folders: what lands, what is refused, and that refusal changes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from library import curation
from library.errors import LibraryError, PackError
from library.repository import index as idx
from library.repository import status
from library.repository.importer import import_from
from library.repository.keys import PrivateKey
from library.repository.pack import make_pack
from library.repository.publish import publish

from .helpers import CHUNK, World, assert_untouched, clip_of, index_of, snapshot


def ids(catalog) -> set[str]:
    return {i.id for i in catalog.items(include_hidden=True)}


def test_full_pack_imports_everything_in_one_go(world: World, station) -> None:
    paths, catalog = station
    result = import_from(paths, catalog, str(world.pack_v1))
    assert result.full and sorted(result.added) == sorted(i.id for i in
                                                          index_of(world.repo_v1).items)
    handbook = catalog.get("so-tay")
    assert handbook.kind == "handbook" and handbook.featured and handbook.source == \
        "vn.lamdong.thuvien"
    assert "gương mẫu" in catalog.page_text("so-tay", 1)  # page text travelled in the pack
    assert catalog.objects.verify(handbook.sha256) and catalog.objects.verify(
        handbook.cover_sha256)
    state = status.get(catalog, "vn.lamdong.thuvien")
    assert state.version == 1 and state.status == "ok"
    assert status.extensions(catalog, "vn.lamdong.thuvien")["bulletin_schedule"]
    # a pack is no sync: a station with no network must not read «Đồng bộ»
    assert status.status_vi(state).startswith("Nạp gói nội dung lần cuối ")
    assert status.all_states(catalog)[0].via_pack and state.via_pack
    assert list(paths.staging.glob("import-*")) == []
    # what a sync over the network saves next says «Đồng bộ» again (and back)
    status.save(catalog, replace(state, via_pack=False))
    assert status.status_vi(status.get(catalog, state.id)).startswith("Đồng bộ lần cuối ")
    assert not status.all_states(catalog)[0].via_pack
    # a sync that fails after the pack (an offline station's timer) does not call the
    # pack's load a sync that succeeded
    status.save(catalog, replace(state, status="error", message="no network"))
    assert status.status_vi(status.get(catalog, state.id)).startswith(
        "Đồng bộ lỗi (nạp gói nội dung lần cuối ")


def test_same_version_again_is_a_no_op(world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    before = snapshot(paths)
    again = import_from(paths, catalog, str(world.repo_v1))  # the same version from a folder
    assert again.added == again.updated == again.removed == [] and again.unchanged == 5
    assert again.status == "unchanged" and again.version == 1
    assert snapshot(paths)["items"] == before["items"]
    # the same pack twice says so too, and a newer version with no item changes
    # is an import all the same
    assert import_from(paths, catalog, str(world.pack_v1)).status == "unchanged"
    renewed = rezip(world.pack_v1, tmp_path / "v1-renewed.zip", change={
        "index.json": signed_index(world, lambda signed: signed.update(version=2))})
    bumped = import_from(paths, catalog, str(renewed))
    assert bumped.status == "imported" and bumped.version == 2 and bumped.unchanged == 5


def test_partial_pack_adds_and_never_removes(world: World, station, monkeypatch) -> None:
    paths, catalog = station
    monkeypatch.setattr("library.catalog.GARBAGE_GRACE_S", 0.0)  # the old clip is old
    import_from(paths, catalog, str(world.pack_v1))
    catalog.put(catalog.get("ban-tin-2"))  # still here
    partial = make_pack(world.repo_v2, paths.root.parent / "v2-books.zip", kinds=("book",))
    assert not partial.full
    result = import_from(paths, catalog, str(partial.path))
    assert not result.full and result.removed == []
    assert "ban-tin-2" in ids(catalog)  # gone from v2, but a partial pack never removes
    assert "chuyen-doi-so" in ids(catalog)
    assert catalog.get("cay-ca-phe").summary == "Sách hướng dẫn mới"
    full = import_from(paths, catalog, str(world.pack_v2))
    assert full.removed == ["ban-tin-2"] and "ban-tin-2" not in ids(catalog)
    assert "ban-tin-3" in ids(catalog)
    referenced = catalog.referenced_objects()
    assert set(catalog.objects) == referenced  # the old clip was garbage-collected


def test_partial_pack_on_an_empty_station(world: World, station) -> None:
    paths, catalog = station
    result = import_from(paths, catalog, str(world.pack_v1_books))
    assert sorted(result.added) == ["cay-ca-phe"] and not result.full


def test_librarian_curation_survives_an_update(world: World, station) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    catalog.set_flags("cay-ca-phe", hidden=True)
    import_from(paths, catalog, str(world.pack_v2))
    assert catalog.get("cay-ca-phe").hidden


def test_the_librarians_featured_choice_survives_the_provinces_update(
        world: World, station, tmp_path: Path) -> None:
    """The province features so-tay; the librarian features cay-ca-phe and takes so-tay off
    «Nổi bật». Updates of both items keep her choice; an item she never touched follows
    the province."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    assert catalog.get("so-tay").featured and not catalog.get("cay-ca-phe").featured
    curation.set_featured(catalog, "cay-ca-phe", True)
    curation.set_featured(catalog, "so-tay", False)
    import_from(paths, catalog, str(world.pack_v2))  # cay-ca-phe is updated in v2
    assert catalog.get("cay-ca-phe").featured
    src = shutil.copytree(world.root / "src", tmp_path / "src")
    (src / "so-tay.pdf.toml").write_text('summary = "Bản mới"\n', encoding="utf-8")
    repo_v3 = shutil.copytree(world.repo_v2, tmp_path / "v3")
    publish(src, repo_v3, world.key, chunk_size=CHUNK)
    result = import_from(paths, catalog, str(repo_v3))
    assert "so-tay" in result.updated
    assert not catalog.get("so-tay").featured and catalog.get("so-tay").summary == "Bản mới"
    assert catalog.get("cay-ca-phe").featured
    assert curation.featured_choices(catalog) == {"cay-ca-phe": True, "so-tay": False}


def test_rollback_is_refused(world: World, station) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v2))
    before = snapshot(paths)
    with pytest.raises(PackError, match=r"older than the installed version 2.*rollback"):
        import_from(paths, catalog, str(world.pack_v1))
    assert_untouched(before, paths)


def test_expired_pack_imports_with_a_visible_warning(world: World, station) -> None:
    paths, catalog = station
    later = idx.utc_now() + timedelta(days=90)
    result = import_from(paths, catalog, str(world.pack_v1), now=later)
    assert result.added and any("expired" in w for w in result.warnings)
    # the librarian's line is written with the English one, not guessed from its words
    [warning] = result.warnings
    expires = index_of(world.repo_v1).signed["expires"]
    year, month, day = expires[:10].split("-")
    assert warning.message_vi == (f"Gói đã hết hạn từ {int(day)}/{int(month)}/{year}: vẫn "
                                  "nhập, nhưng nội dung chưa được xác minh lại; hãy xin gói mới.")
    assert str(warning).startswith(f"the index expired on {expires}: imported from a stick")
    state = status.get(catalog, "vn.lamdong.thuvien")
    assert state.status == "unverified"
    assert status.status_vi(state).startswith("Chưa xác minh từ")


def test_folder_import_refuses_a_symlinked_object(world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    folder = tmp_path / "stick"
    import shutil

    shutil.copytree(world.repo_v1, folder)
    victim = next(folder.glob("objects/*/*"))
    victim.unlink()
    os.symlink("/etc/passwd", victim)
    before = snapshot(paths)
    with pytest.raises(PackError, match="symbolic link"):
        import_from(paths, catalog, str(folder))
    assert_untouched(before, paths)


# -- hostile and broken packs ---------------------------------------------------
def rezip(src: Path, out: Path, *, drop: set[str] = frozenset(),
          add: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
          change: dict[str, bytes] | None = None) -> Path:
    """Copy a pack entry by entry, dropping, changing and adding entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = (change or {}).get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
        for info, data in add:
            zout.writestr(info, data)
    return out


def first_object(pack: Path) -> str:
    with zipfile.ZipFile(pack) as zf:
        return next(n for n in zf.namelist() if n.startswith("objects/"))


def signed_index(world: World, mutate, key: PrivateKey | None = None) -> bytes:
    doc = json.loads((world.repo_v1 / "index.json").read_bytes())
    mutate(doc["signed"])
    return idx.sign(doc["signed"], key or world.key)


def _symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16)
    return info


def _nested(depth: int) -> bytes:
    return b'{"signed": ' + b"[" * depth + b"]" * depth + b"}"


def _bad_packs(world: World, tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (pack file, words the error must contain)."""
    v1 = world.pack_v1
    obj = clip_of(world.repo_v1).path
    with zipfile.ZipFile(v1) as zf:
        obj_bytes = zf.read(obj)
    flipped = bytearray(obj_bytes)
    flipped[len(flipped) // 2] ^= 0x01
    index_doc = json.loads((world.repo_v1 / "index.json").read_bytes())
    index_doc["signed"]["items"][0]["title"] = "Đã bị sửa"
    nfd = unicodedata.normalize("NFD", "objects/ễ")
    v1_clip = clip_of(world.repo_v1)
    v2_clip = clip_of(world.repo_v2)
    packs = {
        "dotdot": (rezip(v1, tmp / "a.zip", add=[("../x", b"x")]), "outside the pack"),
        "absolute": (rezip(v1, tmp / "b.zip", add=[("/etc/cron.d/x", b"x")]), "absolute path"),
        "symlink": (rezip(v1, tmp / "c.zip", add=[(_symlink_info("objects/ln"), b"/etc")]),
                    "symbolic link"),
        "case": (rezip(v1, tmp / "d.zip", add=[(obj.upper().replace("OBJECTS", "objects"),
                                                obj_bytes)]), "differ only by case"),
        "unicode": (rezip(v1, tmp / "e.zip", add=[(unicodedata.normalize("NFC", "objects/ễ"),
                                                   b"a"), (nfd, b"b")]),
                    "Unicode normalisation"),
        "unlisted": (rezip(v1, tmp / "f.zip", add=[("objects/00/" + "0" * 62, b"x")]),
                     "does not list"),
        "unlisted-name": (rezip(v1, tmp / "f2.zip", add=[("readme.txt", b"x")]),
                          "does not list"),
        "flipped": (rezip(v1, tmp / "g.zip", change={obj: bytes(flipped)}),
                    f"object {obj[8:10]}{obj[11:21]} does not match its sha256"),
        "unknown-key": (rezip(v1, tmp / "h.zip", change={
            "index.json": signed_index(world, lambda s: None, key=world.other)}),
                        "unknown key"),
        "edited": (rezip(v1, tmp / "i.zip", change={
            "index.json": json.dumps(index_doc).encode()}), "changed after signing"),
        "mix-and-match": (rezip(world.pack_v2, tmp / "j.zip", drop={v2_clip.path}, add=[
            (v2_clip.path, (world.repo_v1 / v1_clip.path).read_bytes())]),
                          "does not match its sha256"),
        "index-50mb": (rezip(v1, tmp / "k.zip", change={
            "index.json": b'{"pad": "' + b"x" * idx.MAX_INDEX_BYTES + b'"}'}),
                       f"larger than the {idx.MAX_INDEX_BYTES // 1048576} MB limit"),
        "deep-json": (rezip(v1, tmp / "l.zip", change={"index.json": _nested(100_000)}),
                      "nested too deeply"),
        "not-a-zip": (_write(tmp / "m.zip", b"%PDF-1.7 this is not a zip at all"),
                      "m.zip: not a content pack (the file is not a zip)"),
        "cut-short": (_write(tmp / "o.zip", b"PK\x03\x04 a zip that ends before its end"),
                      "the pack is incomplete"),
        "no-index": (rezip(v1, tmp / "n.zip", drop={"index.json"}), "no index.json"),
    }
    return packs


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD = ["dotdot", "absolute", "symlink", "case", "unicode", "unlisted", "unlisted-name",
       "flipped", "unknown-key", "edited", "mix-and-match", "index-50mb", "deep-json",
       "not-a-zip", "no-index"]


@pytest.fixture(scope="module")
def bad_packs(world: World, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return _bad_packs(world, tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", BAD)
def test_bad_pack_is_refused_and_changes_nothing(name: str, bad_packs, world: World,
                                                 station) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1_books))  # a station with some content
    pack, words = bad_packs[name]
    before = snapshot(paths)
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, str(pack))
    assert words.lower() in str(caught.value).lower()
    assert_untouched(before, paths)


def test_a_file_that_is_no_zip_is_named_in_plain_words(station, tmp_path: Path) -> None:
    """zipfile's own «File is not a zip file» stood in the line, and the panel said «invalid
    or altered» of a photo renamed .zip."""
    paths, catalog = station
    photo = _write(tmp_path / "anh.zip", b"\xff\xd8\xff\xe0 a photo, renamed")
    with pytest.raises(PackError) as caught:
        import_from(paths, catalog, str(photo))
    assert str(caught.value) == "anh.zip: not a content pack (the file is not a zip)"
    assert caught.value.message_vi == ("Tệp này không phải gói nội dung (bên trong không "
                                       "phải tệp zip).")


def test_a_pack_the_station_may_not_read_says_so_in_the_systems_words(
        world: World, station, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not «[Errno 13] Permission denied: '/media/…'», and not «copy it again», which would
    not help."""
    import errno

    from library.repository import sources

    def refused(path: object, *args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    paths, catalog = station
    monkeypatch.setattr(sources.zipfile, "ZipFile", refused)
    with pytest.raises(PackError) as caught:
        import_from(paths, catalog, str(world.pack_v1))
    assert str(caught.value) == (f"{world.pack_v1.name}: cannot read the pack (Permission "
                                 "denied): this station is not allowed to read it")
    assert caught.value.message_vi == "Trạm không có quyền đọc gói nội dung này."


def test_mix_and_match_objects_with_right_sizes_fail_their_hash(world: World, station,
                                                                  tmp_path: Path) -> None:
    """A new index over old objects of the same size: the hash check catches it."""
    paths, catalog = station
    v2 = {i.id: i for i in index_of(world.repo_v2).items}
    v1 = {i.id: i for i in index_of(world.repo_v1).items}
    old, new = v1["clip"].object, v2["clip"].object
    assert old.size == new.size
    pack = rezip(world.pack_v2, tmp_path / "mix.zip", drop={new.path},
                 add=[(new.path, (world.repo_v1 / old.path).read_bytes())])
    before = snapshot(paths)
    with pytest.raises(PackError, match="does not match its sha256") as caught:
        import_from(paths, catalog, str(pack))
    assert_untouched(before, paths)
    # what the librarian can do about it, in her words and in the CLI's
    assert caught.value.message_vi.endswith("hãy chép lại gói.")
    assert str(caught.value).endswith("copy the pack again")


def test_zip_bomb_is_refused_before_inflating(world: World, station, tmp_path: Path) -> None:
    paths, catalog = station
    bomb = zipfile.ZipInfo("objects/ab/" + "c" * 62)
    bomb.compress_type = zipfile.ZIP_DEFLATED
    pack = rezip(world.pack_v1, tmp_path / "bomb.zip", add=[(bomb, b"\0" * (60 * 1024 * 1024))])
    before = snapshot(paths)
    with pytest.raises(PackError, match="zip bomb"):
        import_from(paths, catalog, str(pack))
    assert_untouched(before, paths)


def test_zip_directory_understating_a_size_is_refused(world: World, station,
                                                      tmp_path: Path) -> None:
    """The central directory says fewer bytes than the index: refused before reading."""
    paths, catalog = station
    pack = tmp_path / "under.zip"
    data = bytearray(world.pack_v1.read_bytes())
    clip = clip_of(world.repo_v1)
    name = clip.path.encode()
    size = clip.size.to_bytes(4, "little")
    smaller = (clip.size // 2).to_bytes(4, "little")
    # patch the size fields of the local header and the central directory entry
    for start in [i for i in range(len(data)) if data.startswith(name, i)]:
        header = data.rfind(b"PK", 0, start)
        segment = bytes(data[header:start])
        data[header:start] = segment.replace(size, smaller)
    pack.write_bytes(bytes(data))
    before = snapshot(paths)
    with pytest.raises(PackError, match="zip directory gives"):
        import_from(paths, catalog, str(pack))
    assert_untouched(before, paths)


# -- disk full ------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    code = os.system(f"mount -t tmpfs -o size=2m tmpfs {mount} 2>/dev/null")
    if code != 0:
        pytest.skip("mounting a small tmpfs is not permitted here (needs root in a "
                    "privileged container)")
    yield mount
    os.system(f"umount -l {mount}")


def test_disk_too_small_is_refused_up_front(world: World, small_disk: Path) -> None:
    from .helpers import new_station

    paths, catalog = new_station(small_disk / "data", world)
    before = snapshot(paths)
    with pytest.raises(LibraryError, match="not enough free disk space") as caught:
        import_from(paths, catalog, str(world.pack_v1))
    # the reserve kept free is named: "needs 1 MB, 2 MB are free" would contradict the refusal
    assert "plus 100 MB kept free" in str(caught.value), str(caught.value)
    # The English line writes sizes the English way ("350.7 KB", not "350,7 KB"); the
    # Vietnamese line the Vietnamese way, with the reserve named as in English.
    sizes = re.findall(r"\d[\d.,]* (?:KB|MB|GB|bytes?)", str(caught.value))
    assert len(sizes) == 3 and not any("," in size for size in sizes), str(caught.value)
    assert re.search(r"\d\.\d (?:KB|MB)", str(caught.value)), str(caught.value)
    said_vi = caught.value.message_vi
    assert said_vi.startswith("Không đủ dung lượng đĩa để nhập gói này. Cần "), said_vi
    assert ", cộng 100 MB trạm luôn để trống; đĩa chỉ còn trống " in said_vi, said_vi
    assert not re.search(r"\d\.\d (?:KB|MB)", said_vi), said_vi
    assert_untouched(before, paths)
    catalog.close()


def test_the_room_refusal_gives_english_sizes_in_english(world: World, tmp_path: Path,
                                                          monkeypatch) -> None:
    """The same refusal on any machine (no small disk to mount): a disk said to hold
    1.5 MB free, and 2.4 MB to keep free."""
    from library import paths as data_paths

    from .helpers import new_station

    paths, catalog = new_station(tmp_path / "data", world)
    real_usage = shutil.disk_usage

    def usage(path: object) -> object:
        return real_usage(path)._replace(free=1_572_864)

    monkeypatch.setattr(data_paths, "DISK_RESERVE_BYTES", 2_516_582)
    monkeypatch.setattr(shutil, "disk_usage", usage)
    before = snapshot(paths)
    with pytest.raises(LibraryError, match="not enough free disk space") as caught:
        import_from(paths, catalog, str(world.pack_v1))
    assert "plus 2.4 MB kept free for the station, only 1.5 MB are free" in str(caught.value)
    # and the Vietnamese sizes the Vietnamese way
    assert caught.value.message_vi.endswith(
        "cộng 2,4 MB trạm luôn để trống; đĩa chỉ còn trống 1,5 MB."), caught.value.message_vi
    monkeypatch.undo()
    assert_untouched(before, paths)
    catalog.close()


def test_an_import_leaves_the_caches_reserve_free(world: World, tmp_path: Path,
                                                  monkeypatch) -> None:
    """60 MB free is room for this small pack, but not for it and the 100 MB the page and
    speech caches leave to the station: the import must not take what they leave."""
    from .helpers import new_station

    paths, catalog = new_station(tmp_path / "data", world)
    real_usage = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda path: real_usage(path)._replace(free=60 * 2**20))
    before = snapshot(paths)
    with pytest.raises(LibraryError, match="not enough free disk space") as caught:
        import_from(paths, catalog, str(world.pack_v1))
    assert "plus 100 MB kept free for the station, only 60 MB are free" in str(caught.value)
    assert caught.value.message_vi.endswith(
        "cộng 100 MB trạm luôn để trống; đĩa chỉ còn trống 60 MB."), caught.value.message_vi
    monkeypatch.undo()
    assert_untouched(before, paths)
    catalog.close()


def test_an_import_with_no_file_to_bring_is_not_refused_for_the_reserve(
        world: World, tmp_path: Path, monkeypatch) -> None:
    """The reserve is kept from what an import copies in, not from the catalog rows of one
    that copies nothing: on a disk with 60 MB free the same pack again is «nothing new», not
    "not enough free disk space: the import needs 0 bytes" (nor is a sync that only
    removes items, which would give room back); a pack with files to copy is refused."""
    from .helpers import new_station

    paths, catalog = new_station(tmp_path / "data", world)
    import_from(paths, catalog, str(world.pack_v1))
    real_usage = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda path: real_usage(path)._replace(free=60 * 2**20))
    again = import_from(paths, catalog, str(world.pack_v1))
    assert again.status == "unchanged"
    with pytest.raises(LibraryError, match="not enough free disk space"):
        import_from(paths, catalog, str(world.pack_v2))
    catalog.close()


def test_disk_filling_up_during_import_changes_nothing(world: World, small_disk: Path,
                                                       monkeypatch) -> None:
    from library import paths as data_paths
    from library.repository import faults

    from .helpers import new_station

    paths, catalog = new_station(small_disk / "data", world)
    monkeypatch.setattr(data_paths, "DISK_RESERVE_BYTES", 0)
    filler = small_disk / "filler"

    def fill(name: str, detail: int) -> None:
        if name == "staging-start":  # someone else fills the disk right after our check
            with filler.open("wb") as fh, __import__("contextlib").suppress(OSError):
                fh.write(b"\0" * (2 * 1024 * 1024))

    before = snapshot(paths)
    faults.set_hook(fill)
    try:
        with pytest.raises(LibraryError,
                           match="No space left on device; nothing was changed"):
            import_from(paths, catalog, str(world.pack_v1_books))
    finally:
        faults.set_hook(None)
    filler.unlink()
    assert_untouched(before, paths)
    catalog.close()


def test_selftest_check_discards_leftovers_of_an_interrupted_import(world: World,
                                                                    station) -> None:
    from library.repository.checks import repository_check

    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    leftover = paths.staging / "import-999-dead"
    leftover.mkdir()
    (leftover / "half-an-object").write_bytes(b"x" * 100)
    report = repository_check(paths)
    assert "removed 1 interrupted import" in report and "Nạp gói nội dung lần cuối" in report
    assert report.startswith("1 trusted key;") and "1 interrupted imports" not in report
    assert not leftover.exists()
    catalog.objects.remove(catalog.get("clip").sha256)
    with pytest.raises(RuntimeError, match="files missing for 1 synced item "):
        repository_check(paths)


def test_cancel_stops_before_commit_and_changes_nothing(world: World, station) -> None:
    import threading

    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1_books))
    cancel = threading.Event()
    before = snapshot(paths)

    def progress(done: int, total: int, label: str) -> None:
        if done:
            cancel.set()  # the librarian pressed "Hủy" during the import

    with pytest.raises(PackError, match="cancelled"):
        import_from(paths, catalog, str(world.pack_v2), progress=progress, cancel=cancel)
    assert_untouched(before, paths)


def test_progress_moves_while_one_large_object_is_copied(world: World, station,
                                                        monkeypatch) -> None:
    """A bar standing still for the whole of a long video reads as a hang."""
    from library.repository import importer

    monkeypatch.setattr(importer, "CHUNK", 16 * 1024)  # a 300 KB clip as a long video
    paths, catalog = station
    calls: list[tuple[int, int, str]] = []
    import_from(paths, catalog, str(world.pack_v1),
                progress=lambda done, total, label: calls.append((done, total, label)))
    clip = clip_of(world.repo_v1)
    label = clip.sha256[:12]
    start = next(done for done, _total, name in calls if name == label)
    inside = [done for done, _total, name in calls
              if name == label and start < done < start + clip.size]
    assert len(inside) >= 2, calls
    assert [done for done, _t, _n in calls] == sorted(done for done, _t, _n in calls)


def test_a_repository_zipped_by_hand_is_told_how_to_make_a_pack(world: World, station,
                                                                tmp_path: Path) -> None:
    paths, catalog = station
    hand = tmp_path / "thu-vien.zip"
    with zipfile.ZipFile(hand, "w") as zf:
        for path in sorted(world.repo_v1.rglob("*")):
            zf.write(path, path.relative_to(world.repo_v1.parent).as_posix())  # v1/index.json
    with pytest.raises(PackError, match="does not list") as caught:
        import_from(paths, catalog, str(hand))
    assert "cafesach pack REPO_DIR --out FILE.zip" in str(caught.value)
    assert len(catalog) == 0


def test_a_local_item_with_the_same_id_is_never_overwritten(world: World, station) -> None:
    from library.catalog import Item

    paths, catalog = station
    catalog.put(Item(id="so-tay", title="Sổ tay của thư viện xã", kind="document"))
    result = import_from(paths, catalog, str(world.pack_v1))
    assert any("so-tay already exists from local" in w for w in result.warnings)
    assert [w.message_vi for w in result.warnings] == ["Bỏ qua mục so-tay: đã có từ nguồn local."]
    assert catalog.get("so-tay").title == "Sổ tay của thư viện xã"
    assert "so-tay" not in result.added and len(result.added) == 4


def test_bulletin_schedule_travels_in_extensions(world: World, station, tmp_path: Path) -> None:
    from library.schedule import load_schedule

    paths, catalog = station
    schedule = {"version": 1, "slots": [{"time": "07:00", "days": "daily",
                                         "bulletins": ["ban-tin-1"]}]}

    def with_schedule(value: object, name: str) -> Path:
        doc = json.loads((world.repo_v1 / "index.json").read_bytes())
        doc["signed"]["extensions"] = {"schedule": value}
        doc["signed"]["version"] = 5
        return rezip(world.pack_v1, tmp_path / name,
                     change={"index.json": idx.sign(doc["signed"], world.key)})

    bad = with_schedule({"version": 1, "slots": [{"time": "7h", "bulletins": "x"}]}, "bad.zip")
    before = snapshot(paths)
    with pytest.raises(LibraryError, match="bulletins must be a list"):
        import_from(paths, catalog, str(bad))
    assert_untouched(before, paths)
    import_from(paths, catalog, str(with_schedule(schedule, "good.zip")))
    slots = load_schedule(catalog, source="vn.lamdong.thuvien").slots
    assert [(s.time, s.bulletins) for s in slots] == [("07:00", ("ban-tin-1",))]


def test_an_import_whose_tidying_fails_has_landed_and_says_so(world: World, station,
                                                               monkeypatch, caplog) -> None:
    """The catalog's upkeep runs after the import's COMMIT: another writer holding the
    catalog then (or a full disk) leaves it untidied, logged, and the import a success."""
    import sqlite3

    from library.catalog import Catalog

    paths, catalog = station

    def locked(self) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Catalog, "upkeep_due", lambda self: True)
    monkeypatch.setattr(Catalog, "upkeep", locked)
    with caplog.at_level("WARNING", logger="library.catalog"):
        result = import_from(paths, catalog, str(world.pack_v1))
    assert result.status == "imported" and "cay-ca-phe" in ids(catalog)
    assert any("not tidied" in r.getMessage() and "locked" in r.getMessage()
               for r in caplog.records)
