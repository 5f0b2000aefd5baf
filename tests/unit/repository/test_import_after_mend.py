"""The import and the sync after the catalog check mended rows a flipped bit made
unreadable (`Catalog.rebuild_search_index`): what was mended comes back whole from the
item's own pack or server, and what the mend left behind goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.config import Config
from library.repository import status
from library.repository.fetch import FetchSettings
from library.repository.importer import import_from, sync
from library.repository.pack import make_pack
from tests.damage import checked, written_aside

from .helpers import World

FAST = FetchSettings(retries=1, backoff_s=0.01, stall_timeout_s=5)


def ids(catalog) -> set[str]:
    return {i.id for i in catalog.items(include_hidden=True)}


def spoil_id(db: Path, item_id: str, at: int) -> None:
    """A flipped bit that leaves letter `at` of `item_id` no UTF-8."""
    spoiled = bytearray(item_id.encode())
    spoiled[at] |= 0x80
    written_aside(db, ("UPDATE items SET id = CAST(? AS TEXT) WHERE id = ?",
                       [bytes(spoiled), item_id]))


def test_the_packs_next_import_makes_a_row_the_catalog_check_mended_whole(
        world: World, station) -> None:
    """The check's mend (letters become «�», a list no JSON becomes empty) says to import
    the item's pack again; that import found every digest as it was and said
    "unchanged", leaving the mended values for good."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    whole = {item.id: item for item in catalog.items(include_hidden=True)}
    page = catalog.page_text("ban-tin-1", 1)
    num = dict(catalog.execute("SELECT id, num FROM items").fetchall())
    page_num = catalog.execute("SELECT num FROM pages WHERE item_num = ? AND page = 1",
                               [num["ban-tin-1"]]).fetchone()[0]
    catalog.close()
    written_aside(
        paths.catalog_db,
        ("UPDATE items SET title = CAST(? AS TEXT) WHERE id = 'so-tay'",
         ["Sổ tay".encode()[:2] + b"\xff" + "tay đảng viên".encode()]),
        "UPDATE items SET tags = '[\"cut' WHERE id = 'cay-ca-phe'",
        ("UPDATE items SET source = CAST(? AS TEXT) WHERE id = 'ban-tin-2'",
         [b"vn.lamdong\xfethuvien"]),
        ("UPDATE pages SET text = CAST(? AS TEXT) WHERE num = ?", [b"B\xffn tin", page_num]))
    with checked(paths) as catalog:
        assert "\ufffd" in catalog.get("so-tay").title
        assert catalog.get("cay-ca-phe").tags == ()
        # its repository's, read back: an import passes another source's item by
        assert catalog.get("ban-tin-2").source == "vn.lamdong.thuvien"
        again = import_from(paths, catalog, str(world.pack_v1))
        assert sorted(again.updated) == ["ban-tin-1", "ban-tin-2", "cay-ca-phe", "so-tay"]
        assert again.unchanged == 1 and not again.added and not again.removed
        assert again.warnings == []
        assert catalog.get("so-tay").title == whole["so-tay"].title == "Sổ tay đảng viên"
        assert catalog.get("cay-ca-phe").tags == whole["cay-ca-phe"].tags == ("nông nghiệp",)
        assert catalog.page_text("ban-tin-1", 1) == page
        assert catalog.unreadable_rows() == []
        assert import_from(paths, catalog, str(world.pack_v1)).status == "unchanged"


def test_a_repositorys_extensions_the_check_mended_are_json_again(world: World,
                                                                  station) -> None:
    """A «�» where a flipped bit took the brace of a repository's `extensions` left no
    JSON there: every status line (the panel's, `sync --status --json`, the health
    report) then failed to read it. Mended to an empty object instead, and the pack's
    next import writes the schedule back."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    schedule = status.extensions(catalog, "vn.lamdong.thuvien")
    assert schedule["bulletin_schedule"]
    catalog.close()
    written_aside(paths.catalog_db, "UPDATE repositories SET extensions = CAST(x'ff' || "
                                    "substr(CAST(extensions AS BLOB), 2) AS TEXT)")
    with checked(paths) as catalog:
        assert status.all_states(catalog)[0].to_json()["extensions"] == {}
        import_from(paths, catalog, str(world.pack_v1))
        assert status.extensions(catalog, "vn.lamdong.thuvien") == schedule


def test_a_pinned_key_or_a_trusted_key_the_check_could_not_read_is_cleared(
        world: World, station) -> None:
    """Kept with a «�», the key id a repository is pinned to refused every later index
    («signed by another key»), and a trusted key's public key failed every import as
    "not base64". Cleared instead: the key reads as not trusted (the panel says how to
    add it), and once added again the pack imports and the repository is pinned again."""

    from library.errors import UntrustedKey
    from library.repository.trust import TrustStore

    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    pinned = status.get(catalog, "vn.lamdong.thuvien").publisher_key
    assert pinned
    catalog.close()
    written_aside(paths.catalog_db, *(  # a flipped bit: its first letter no UTF-8
        f"UPDATE {table} SET {column} = CAST(x'c3' || substr(CAST({column} AS BLOB), 2) AS "
        "TEXT)" for table, column in (("repositories", "publisher_key"),
                                      ("repositories", "expires"), ("trusted_keys", "public"))))
    with checked(paths) as catalog:
        mended = status.get(catalog, "vn.lamdong.thuvien")
        assert mended.publisher_key is None
        assert mended.expires is None  # read as a date at every "not modified" sync
        trust = TrustStore(catalog)
        assert trust.trusted() == {} and [k.public for k in trust.all_keys()] == [None]
        with pytest.raises(UntrustedKey):
            import_from(paths, catalog, str(world.pack_v2))
        trust.add(world.key.public)  # Cài đặt → «Thêm khoá từ USB»
        assert list(trust.trusted()) == [world.key.public.id]
        assert import_from(paths, catalog, str(world.pack_v2)).version == 2
        assert status.get(catalog, "vn.lamdong.thuvien").publisher_key == pinned


def test_a_partial_pack_brings_back_an_item_whose_id_the_check_mended(
        world: World, station, tmp_path: Path) -> None:
    """An id a flipped bit spoiled is mended to «c�y-ca-phe», an id no index lists: the
    pack takes the item again under its real one, as new. A partial pack (a newer
    version's books only) never removes, and the visitor found the book twice, once
    under the mended id; that row now goes with its file back under the real id."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    spoil_id(paths.catalog_db, "cay-ca-phe", 1)
    with checked(paths) as catalog:
        assert ids(catalog) == {"ban-tin-1", "ban-tin-2", "c\ufffdy-ca-phe", "clip", "so-tay"}
        books = make_pack(world.repo_v2, tmp_path / "v2-books.zip", kinds=("book",))
        result = import_from(paths, catalog, str(books.path))
        assert not result.full and sorted(result.added) == ["cay-ca-phe", "chuyen-doi-so"]
        assert result.removed == ["c\ufffdy-ca-phe"]
        assert ids(catalog) == {"ban-tin-1", "ban-tin-2", "cay-ca-phe", "chuyen-doi-so",
                                "clip", "so-tay"}
        back = catalog.get("cay-ca-phe")
        assert back.title == "Kỹ thuật trồng cà phê" and back.summary == "Sách hướng dẫn mới"
        assert "cà phê" in catalog.page_text("cay-ca-phe", 1)
        assert catalog.objects.verify(back.sha256)


def test_a_partial_pack_without_the_item_keeps_the_row_the_mend_left(
        world: World, station) -> None:
    """The row under a mended id is the item's one copy until a pack carries it: a
    partial pack of other kinds leaves it."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    spoil_id(paths.catalog_db, "so-tay", 4)
    with checked(paths) as catalog:
        result = import_from(paths, catalog, str(world.pack_v1_books))
        assert not result.full and result.removed == [] and result.added == []
        assert "so-t\ufffdy" in ids(catalog) and "so-tay" not in ids(catalog)


@pytest.mark.parametrize("whole", ["pack", "folder"])
def test_a_full_import_brings_back_an_item_whose_id_the_check_mended(
        world: World, station, whole: str) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    spoil_id(paths.catalog_db, "so-tay", 4)
    with checked(paths) as catalog:
        again = import_from(paths, catalog, str(
            world.pack_v1 if whole == "pack" else world.repo_v1))
        assert again.added == ["so-tay"] and again.removed == ["so-t\ufffdy"]
        assert ids(catalog) == {"ban-tin-1", "ban-tin-2", "cay-ca-phe", "clip", "so-tay"}
        assert catalog.get("so-tay").featured and catalog.get("so-tay").kind == "handbook"
        assert import_from(paths, catalog, str(world.pack_v1)).status == "unchanged"


def test_the_next_sync_brings_back_what_the_check_mended(world: World, nginx,
                                                         station) -> None:
    """The sync asked the server «changed since?» (its ETag), the server said 304, and
    the index was never read: an item under a mended id, or with a mended title, stayed
    so until the province published again. The mend forgets the ETag of the item's
    repository: the next sync reads the index, takes the items back whole under their
    real ids, and removes the row the mend left; the sync after it is one 304 again."""
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "after-mend")
    config = Config(paths.config_file)
    config.set("sync", "server_url", url)
    sync(paths, catalog, config, settings=FAST)
    assert status.get(catalog, "vn.lamdong.thuvien").etag
    catalog.close()
    spoil_id(paths.catalog_db, "so-tay", 4)
    written_aside(paths.catalog_db, ("UPDATE items SET title = CAST(? AS TEXT) WHERE id = ?",
                                     [b"B\xffn tin chi\xe1u", "ban-tin-2"]))
    with checked(paths) as catalog:
        assert "so-t\ufffdy" in ids(catalog)
        again = sync(paths, catalog, config, settings=FAST)
        assert again.status == "imported"
        assert again.added == ["so-tay"] and again.updated == ["ban-tin-2"]
        assert again.removed == ["so-t\ufffdy"]
        assert ids(catalog) == {"ban-tin-1", "ban-tin-2", "cay-ca-phe", "clip", "so-tay"}
        assert catalog.get("ban-tin-2").title == "Bản tin chiều"
        assert "gương mẫu" in catalog.page_text("so-tay", 1)
        log_before = len(nginx.requests())
        assert sync(paths, catalog, config, settings=FAST).status == "unchanged"
        assert len(nginx.requests()[log_before:]) == 1


def test_two_ids_mended_alike_each_go_only_when_their_own_item_is_back(
        world: World, station, tmp_path: Path) -> None:
    """«ban-tin-1» and «ban-tin-2» with their last letters spoiled both mend to
    «ban-tin-�» (the second named after its row). A partial pack of the next version's
    bulletins brings back ban-tin-1, not ban-tin-2, which that version no longer lists:
    only ban-tin-1's row goes; ban-tin-2's stays, its one copy, as a partial pack never
    removes."""
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()
    spoil_id(paths.catalog_db, "ban-tin-1", 8)
    spoil_id(paths.catalog_db, "ban-tin-2", 8)
    with checked(paths) as catalog:
        mended = sorted(ids(catalog) - {"cay-ca-phe", "clip", "so-tay"})
        assert len(mended) == 2 and all(i.startswith("ban-tin-\ufffd") for i in mended)
        bulletins = make_pack(world.repo_v2, tmp_path / "v2-bulletins.zip",
                              kinds=("bulletin",))
        result = import_from(paths, catalog, str(bulletins.path))
        assert not result.full and sorted(result.added) == ["ban-tin-1", "ban-tin-3"]
        assert len(result.removed) == 1
        [left] = ids(catalog) - {"ban-tin-1", "ban-tin-3", "cay-ca-phe", "clip", "so-tay"}
        assert left.startswith("ban-tin-\ufffd") and catalog.get(left).title == "Bản tin chiều"
        assert catalog.get("ban-tin-1").title == "Bản tin sáng thứ hai"


def test_a_mended_item_sharing_its_file_with_another_stays_until_it_is_back(
        world: World, station, tmp_path: Path) -> None:
    """One document published twice (a handbook and its copy filed under another title:
    one file, two items). The copy's id is mended; a partial pack of bulletins finds the
    handbook in place with that file — yet the copy is not back (its pages are not in
    the pack): its row is its one copy, and stays until a pack brings it."""
    import shutil

    from library.repository.publish import publish

    from .helpers import CHUNK, make_pdf

    src = tmp_path / "src"
    src.mkdir()
    make_pdf(src / "so-tay.pdf", "Sổ tay đảng viên", "Đảng viên gương mẫu, chuyển đổi số.")
    shutil.copyfile(src / "so-tay.pdf", src / "so-tay-luu.pdf")
    (src / "so-tay-luu.pdf.toml").write_text('title = "Sổ tay đảng viên (bản lưu)"\n',
                                            encoding="utf-8")
    (src / "ban-tin-1.txt").write_text("Bản tin sáng thứ hai\nGiá nông sản hôm nay.\n")
    (src / "catalog.toml").write_text('[repository]\nid = "vn.lamdong.luu"\n'
                                      'title = "Kho lưu"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    publish(src, repo, world.key, chunk_size=CHUNK)
    paths, catalog = station
    import_from(paths, catalog, str(make_pack(repo, tmp_path / "all.zip").path))
    assert catalog.get("so-tay").sha256 == catalog.get("so-tay-luu").sha256
    catalog.close()
    spoil_id(paths.catalog_db, "so-tay-luu", 4)
    with checked(paths) as catalog:
        bulletins = make_pack(repo, tmp_path / "bulletins.zip", kinds=("bulletin",))
        result = import_from(paths, catalog, str(bulletins.path))
        assert not result.full and result.removed == [] and result.added == []
        assert "so-t\ufffdy-luu" in ids(catalog)
        assert catalog.get("so-t\ufffdy-luu").title == "Sổ tay đảng viên (bản lưu)"
        # the whole pack brings it back, and then the row the mend left goes
        again = import_from(paths, catalog, str(tmp_path / "all.zip"))
        assert again.added == ["so-tay-luu"] and again.removed == ["so-t\ufffdy-luu"]
