import sqlite3
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from library.catalog import Catalog, Item
from library.errors import CatalogError, DocumentError, InvalidInput, NotFound, StorageError
from library.objects import ObjectStore, sha256_file
from library.paths import DataPaths
from library.search import Search


def test_add_pdf_extracts_title_pages_cover(catalog: Catalog, make_pdf) -> None:
    pdf = make_pdf("doc.pdf", ["Trang một: chuyển đổi số.", "Trang hai: đảng viên."],
                   title="Sổ tay chuyển đổi số", author="Sở TT&TT")
    result = catalog.add_file(pdf, tags=["số hóa"])
    item = result.item
    assert result.created
    assert item.title == "Sổ tay chuyển đổi số"
    assert item.authors == ("Sở TT&TT",)
    assert item.page_count == 2 and item.kind == "book"
    assert item.tags == ("số hóa",)
    assert catalog.page_text(item.id, 2).strip().startswith("Trang hai")
    assert catalog.objects.verify(item.sha256)
    assert catalog.objects.verify(item.cover_sha256)
    assert catalog.objects.path(item.sha256).read_bytes() == pdf.read_bytes()


def test_title_falls_back_to_first_heading_then_file_name(catalog: Catalog, make_pdf) -> None:
    with_heading = make_pdf("a.pdf", ["nội dung"], heading="Phòng chống bão lũ")
    plain = make_pdf("nuoc_sach.pdf", ["x"])
    assert catalog.add_file(with_heading).item.title == "Phòng chống bão lũ"
    assert catalog.add_file(plain).item.title == "nuoc sach"


def test_same_file_twice_is_stored_once(catalog: Catalog, make_pdf, tmp_path: Path) -> None:
    pdf = make_pdf("a.pdf", ["một"])
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    first = catalog.add_file(pdf)
    second = catalog.add_file(copy)
    assert not second.created and second.item.id == first.item.id
    assert len(catalog) == 1
    assert list(catalog.objects).count(first.item.sha256) == 1


def test_bad_files_leave_catalog_unchanged(catalog: Catalog, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01 not a pdf at all" * 50)
    unknown = tmp_path / "thing.xyz"
    unknown.write_bytes(b"abc")
    for bad in (empty, junk, unknown, tmp_path / "missing.pdf"):
        with pytest.raises(DocumentError):
            catalog.add_file(bad)
    assert len(catalog) == 0
    assert list(catalog.objects) == []


def test_crash_mid_put_leaves_no_half_item(catalog: Catalog, monkeypatch) -> None:
    catalog.put(Item(id="keep", title="Giữ lại", kind="book"), ["a"])

    class Boom(Exception):
        pass

    original = catalog._index_item

    def failing(num, item):
        original(num, item)
        raise Boom

    monkeypatch.setattr(catalog, "_index_item", failing)
    with pytest.raises(Boom):
        catalog.put(Item(id="half", title="Nửa chừng", kind="book"), ["b", "c"])
    monkeypatch.undo()
    assert [i.id for i in catalog] == ["keep"]
    assert catalog.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
    assert Search(catalog).search("nua chung") == []


def test_replacing_an_item_replaces_its_pages_and_index(catalog: Catalog) -> None:
    catalog.put(Item(id="x", title="Cũ", kind="book"), ["trang cũ"])
    catalog.put(Item(id="x", title="Mới", kind="book"), ["trang mới", "hai"])
    assert catalog.get("x").title == "Mới"
    assert catalog.pages("x") == ["trang mới", "hai"]
    assert Search(catalog).search("cu", prefix=False) == []


def test_hidden_and_featured(catalog: Catalog) -> None:
    catalog.put(Item(id="a", title="A", kind="book"), [])
    catalog.put(Item(id="b", title="B", kind="video"), [])
    catalog.set_flags("a", hidden=True)
    catalog.set_flags("b", featured=True)
    assert [i.id for i in catalog.items()] == ["b"]
    assert [i.id for i in catalog.items(featured=True)] == ["b"]
    assert {i.id for i in catalog.items(include_hidden=True)} == {"a", "b"}
    assert catalog.kind_counts() == {"video": 1}
    with pytest.raises(InvalidInput):
        catalog.set_flags("a", deleted=True)


def test_broken_items_are_listed_hidden_ones_too(catalog: Catalog) -> None:
    catalog.put(Item(id="b", title="Bê", kind="book"), [])
    catalog.put(Item(id="a", title="A", kind="video"), [])
    catalog.put(Item(id="c", title="C", kind="book"), [])
    catalog.set_flags("b", broken=True)
    catalog.set_flags("a", broken=True, hidden=True)
    assert [i.id for i in catalog.broken_items()] == ["a", "b"]
    assert [i.id for i in catalog.broken_items(limit=1)] == ["a"]
    assert catalog.broken_count() == 2
    catalog.set_flags("a", broken=False)
    assert catalog.broken_count() == 1


def test_a_new_file_for_the_same_id_starts_unflagged(catalog: Catalog) -> None:
    """The flag was about the old file: the next visitor's open tries the new one."""
    old, new = "a" * 64, "b" * 64
    catalog.put(Item(id="x", title="Sách", kind="book", sha256=old), ["một"])
    catalog.set_flags("x", broken=True)
    catalog.update("x", title="Sách mới")  # metadata only: still flagged
    assert catalog.get("x").broken
    catalog.put(replace(catalog.get("x"), title="Lại"), ["một"])  # same file again
    assert catalog.get("x").broken
    catalog.put(replace(catalog.get("x"), sha256=new), ["một"])  # import/sync: a new file
    assert not catalog.get("x").broken
    catalog.set_flags("x", broken=True)
    catalog.update("x", sha256=old)
    assert not catalog.get("x").broken


def test_tags_and_kinds(catalog: Catalog) -> None:
    catalog.put(Item(id="a", title="A", kind="book", tags=("nông nghiệp", "chợ 4.0")), [])
    catalog.put(Item(id="b", title="B", kind="book", tags=("nông nghiệp",)), [])
    assert catalog.tag_counts()[0] == ("nông nghiệp", 2)
    assert [i.id for i in catalog.items(tag="chợ 4.0")] == ["a"]
    decomposed = unicodedata.normalize("NFD", " chợ  4.0 ")  # as a Mac terminal may send it
    assert [i.id for i in catalog.items(tag=decomposed)] == ["a"]
    assert catalog.count(tag=decomposed) == 1


def test_tag_counts_among_a_kinds_newest_items(catalog: Catalog) -> None:
    """What a collection's tag strip counts: the newest items of its kind that visitors
    see, in the lists' own order (published, else added; the later put first on a tie)."""
    for n, (kind, published, tags) in enumerate([
            ("book", "2001-01-01", ("lúa", "chợ")), ("book", "2001-03-01", ("lúa",)),
            ("book", None, ("cá",)), ("bulletin", "2001-05-01", ("lúa", "bão")),
            ("book", "2001-02-01", ("chợ", "cá"))]):
        catalog.put(Item(id=f"i{n}", title=f"T{n}", kind=kind, published=published,
                         tags=tags), [])
    catalog.set_flags("i1", hidden=True)
    newest = [item.id for item in catalog.items(kind="book", order="new")]
    # not published: its added date, today, is newest (the rest came out in 2001, before
    # any clock this runs on, not in a year the test machine's clock may not have reached)
    assert newest[:2] == ["i2", "i4"]
    assert catalog.tag_counts(kind="book", newest=2) == [("cá", 2), ("chợ", 1)]
    assert catalog.tag_counts(kind="book") == [("cá", 2), ("chợ", 2), ("lúa", 1)]
    assert catalog.tag_counts(newest=1) == [("cá", 1)]
    assert catalog.tag_counts(newest=2) == [("bão", 1), ("cá", 1), ("lúa", 1)]
    assert catalog.tag_counts(kind="book", newest=9, include_hidden=True) == [
        ("cá", 2), ("chợ", 2), ("lúa", 2)]
    # a row whose tags are not JSON (written by hand, damaged) counts none, the rest count
    catalog.execute("UPDATE items SET tags = 'lúa, cá' WHERE id = 'i2'")
    assert catalog.tag_counts(kind="book", newest=2) == [("cá", 1), ("chợ", 1)]
    # tags that are no text (a number, a null, a list) are not counted; the strip stays
    catalog.execute("""UPDATE items SET tags = '[1, null, ["cá"], "cá"]' WHERE id = 'i2'""")
    assert catalog.tag_counts(kind="book", newest=2) == [("cá", 2), ("chợ", 1)]


def test_newest_first_lists_read_no_more_than_they_show(catalog: Catalog) -> None:
    """The lists in the "new" order (a collection's grid and tag strip, the home shelves)
    walk an index in that order and stop at their limit: SQLite sorts no whole
    collection at a visitor's tap (migration 8)."""
    for n in range(30):
        catalog.put(Item(id=f"i{n}", title=f"T{n}", kind="book" if n % 2 else "bulletin",
                         published=f"2026-01-{n % 28 + 1:02d}", tags=("x",)), [])
    statements: list[str] = []
    catalog.conn.set_trace_callback(statements.append)
    try:
        catalog.items(kind="book", order="new", limit=12)
        catalog.items(order="new", limit=12)
        catalog.items(order="added", limit=24)  # the home screen's newest shelf
        catalog.items(kind="book", tag="x", order="new", limit=12, offset=12)
        catalog.tag_counts(kind="book", newest=400)
        catalog.tag_counts(newest=400)
    finally:
        catalog.conn.set_trace_callback(None)
    assert len(statements) == 6
    for statement in statements:
        plan = " / ".join(row[3] for row in catalog.conn.execute(
            "EXPLAIN QUERY PLAN " + statement))
        assert any(index in plan for index in ("items_kind_newest", "items_newest",
                                               "items_added")), plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_lists_of_a_few_flagged_items_read_those_and_sort_them(catalog: Catalog) -> None:
    """The featured shelf and the broken list pass few rows: SQLite reads those and sorts
    them, instead of walking the whole list's index in its order to find them (the home
    shelf of 10,000 items with 40 featured was slower that way); the order is the same.
    The rest of the «Phổ biến» list, most of the collection, still walks the index."""
    for n in range(30):
        catalog.put(Item(id=f"i{n}", title=f"T{29 - n}", kind="book" if n % 2 else "bulletin",
                         published=f"2026-01-{n % 28 + 1:02d}" if n % 5 else None), [])
    for n in (3, 8, 21, 28):
        catalog.set_flags(f"i{n}", featured=True)
    for n in (5, 12, 13):
        catalog.set_flags(f"i{n}", broken=True, hidden=n == 12)
    lists = {
        "featured": lambda: catalog.items(featured=True, limit=24),
        "featured, a kind": lambda: catalog.items(kind="book", featured=True, limit=12),
        "featured, last added": lambda: catalog.items(featured=True, order="added", limit=24),
        "broken": lambda: catalog.broken_items(),
        "broken, new": lambda: catalog.items(include_hidden=True, broken=True, order="new"),
    }
    everything = {order: catalog.items(include_hidden=True, order=order)
                  for order in ("new", "added", "title")}
    expected = {
        "featured": [i for i in everything["new"] if i.featured and not i.hidden],
        "featured, a kind": [i for i in everything["new"]
                             if i.featured and not i.hidden and i.kind == "book"],
        "featured, last added": [i for i in everything["added"] if i.featured and not i.hidden],
        "broken": [i for i in everything["title"] if i.broken],
        "broken, new": [i for i in everything["new"] if i.broken],
    }
    for name, read in lists.items():
        assert [i.id for i in read()] == [i.id for i in expected[name]], name
        assert read(), name
    statements: list[str] = []
    catalog.conn.set_trace_callback(statements.append)
    try:
        for read in lists.values():
            read()
        catalog.items(kind="book", featured=False, limit=12)  # «Phổ biến» after the picks
    finally:
        catalog.conn.set_trace_callback(None)
    plans = [" / ".join(row[3] for row in catalog.conn.execute("EXPLAIN QUERY PLAN " + sql))
             for sql in statements]
    assert len(plans) == len(lists) + 1
    for plan in plans[:-1]:
        assert "TEMP B-TREE FOR ORDER BY" in plan, plan  # the few rows read, then sorted
    assert "items_kind_newest" in plans[-1] and "TEMP B-TREE" not in plans[-1], plans[-1]


def test_invalid_ids_and_kinds_are_refused(catalog: Catalog) -> None:
    for bad in ("../etc", "A B", "", "x" * 70, "/abs"):
        with pytest.raises(InvalidInput):
            catalog.put(Item(id=bad, title="t", kind="book"), [])
    with pytest.raises(InvalidInput):
        catalog.put(Item(id="ok", title="t", kind="novel"), [])


def test_unknown_id(catalog: Catalog) -> None:
    with pytest.raises(NotFound):
        catalog.get("nope")
    with pytest.raises(NotFound):
        catalog.remove("nope")


def test_remove_then_collect_garbage(catalog: Catalog, make_pdf, monkeypatch) -> None:
    item = catalog.add_file(make_pdf("a.pdf", ["một"])).item
    catalog.remove(item.id)
    assert catalog.collect_garbage() == []  # stored a moment ago: perhaps not committed yet
    assert set(catalog.objects) == {item.sha256, item.cover_sha256}
    monkeypatch.setattr("library.catalog.GARBAGE_GRACE_S", 0.0)  # an hour later
    removed = catalog.collect_garbage()
    assert item.sha256 in removed and item.cover_sha256 in removed
    assert list(catalog.objects) == []


def test_an_object_stored_by_another_process_and_not_yet_committed_survives(
        data_paths: DataPaths, make_pdf) -> None:
    """`add` stores the file, then commits its item: a sync's garbage collection in
    the kiosk between the two must not delete the file of the item about to appear."""
    with Catalog.open(data_paths) as importer, Catalog.open(data_paths) as adder:
        sha, _size = adder.objects.add_file(make_pdf("moi.pdf", ["mới"]))  # not committed
        importer.collect_garbage()
        assert adder.objects.has(sha)


def test_catalog_is_a_wal_file(data_paths: DataPaths) -> None:
    with Catalog.open(data_paths) as cat:
        cat.put(Item(id="a", title="A", kind="book"), ["x"])
    conn = sqlite3.connect(data_paths.catalog_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT title FROM items").fetchone()[0] == "A"


def test_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogError, match="damaged or not a catalog"):
        Catalog(bad)


def test_object_store_refuses_non_hashes(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path / "objects")
    for bad in ("../../etc/passwd", "ab", "Z" * 64, "/" + "a" * 63):
        with pytest.raises(NotFound):
            store.path(bad)


def test_object_store_add_and_verify(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path / "objects")
    source = tmp_path / "f.bin"
    source.write_bytes(b"abc" * 1000)
    sha, size = store.add_file(source)
    assert sha == sha256_file(source) and size == 3000
    assert store.path(sha).parent.name == sha[:2]
    assert store.verify(sha)
    store.path(sha).write_bytes(b"tampered")
    assert not store.verify(sha)
    assert not list((tmp_path / "objects").glob(".incoming-*"))


def test_named_links_objects_under_their_file_ending(tmp_path) -> None:
    """What readers that go by the name (Qt's image loader) are given."""
    import pymupdf

    store = ObjectStore(tmp_path / "objects")
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    png, jpeg = store.add_bytes(pix.tobytes("png")), store.add_bytes(pix.tobytes("jpeg"))
    text = store.add_bytes(b"not an image")
    assert store.named(png).name == png + ".png"
    assert store.named(jpeg).name == jpeg + ".jpg"
    assert store.named(png).stat().st_ino == store.path(png).stat().st_ino  # a hard link
    assert store.named(text) == store.path(text)  # no ending to give it
    assert store.named("0" * 64) is None
    assert sorted(store) == sorted([png, jpeg, text])  # the links are not objects
    store.remove(png)
    assert not (store.root / ".named" / (png + ".png")).exists()
    assert store.named(png) is None
    assert store.add_bytes(pix.tobytes("png")) == png  # a sync brings it back
    assert store.named(png).is_file()


def test_has_page_text_stops_at_the_first_page_with_words(catalog) -> None:
    catalog.put(Item(id="sach", title="Sách", kind="book"), ["", "   ", "Trang ba có chữ."])
    catalog.put(Item(id="trong", title="Bản tin trống", kind="bulletin"), ["", " \n "])
    catalog.put(Item(id="khong-trang", title="Không trang", kind="bulletin"))
    assert catalog.has_page_text("sach")
    assert not catalog.has_page_text("trong") and not catalog.has_page_text("khong-trang")


def test_data_version_moves_only_for_commits_made_elsewhere(catalog: Catalog) -> None:
    start = catalog.data_version()
    catalog.set_state("own.write", "1")  # this connection's own commit
    assert catalog.data_version() == start
    with Catalog(catalog.path) as other:  # another connection, as another process would be
        other.put(Item(id="tin-khac", title="Tin từ nơi khác", kind="bulletin", body="Nội dung."))
    moved = catalog.data_version()
    assert moved != start
    assert catalog.data_version() == moved  # asked again with nothing new: the same


@pytest.mark.parametrize("bad", ["a" * 64 + "\n", "A" * 64, "a" * 63, "../" + "a" * 61, ""])
def test_an_object_id_is_exactly_64_lower_case_hex_digits(bad: str) -> None:
    from library.objects import check_digest

    assert check_digest("0123456789abcdef" * 4) == "0123456789abcdef" * 4
    with pytest.raises(NotFound):
        check_digest(bad)


def test_full_disk_while_adding_is_one_error_and_leaves_nothing(
        catalog: Catalog, tmp_path: Path) -> None:
    text = tmp_path / "dai.txt"
    text.write_text("Trồng lúa đúng vụ\n\n" + "đồng bằng sông Cửu Long " * 20000, encoding="utf-8")
    # the catalog file may not grow: SQLite answers as on a full disk (SQLITE_FULL)
    pages = catalog.execute("PRAGMA page_count").fetchone()[0]
    catalog.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError, match="disk is full"):
        catalog.add_file(text)
    assert len(catalog) == 0
    assert list(catalog.objects) == []  # the stored copy went with the rolled-back item


def test_another_programs_database_is_refused_not_migrated(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.root.mkdir()
    with sqlite3.connect(paths.catalog_db) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    with pytest.raises(CatalogError, match=r"not a catalog of this program.*contacts"):
        Catalog.open(paths)
    with pytest.raises(CatalogError, match="not a catalog of this program"):
        Catalog.open_read_only(paths)
    with sqlite3.connect(paths.catalog_db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"contacts"}


def test_a_file_as_the_data_folder_is_named_as_such(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "afile")
    paths.root.write_text("x")
    with pytest.raises(StorageError, match="it is not a folder"):
        Catalog.open(paths)
    with pytest.raises(StorageError, match="it is not a folder"):
        Catalog.open_read_only(paths)
    with pytest.raises(StorageError, match="it is not a folder"):  # selftest, speak, serve…
        paths.ensure()


def test_a_file_that_changes_while_it_is_added_is_not_added(
        catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import library.extract

    growing = tmp_path / "dang_chep.txt"
    growing.write_text("Bản tin phần đầu", encoding="utf-8")
    extract = library.extract.extract

    def copy_goes_on(path):
        info = extract(path)
        with growing.open("a", encoding="utf-8") as fh:  # the copy from the stick goes on
            fh.write("\nphần sau")
        return info

    monkeypatch.setattr(library.extract, "extract", copy_goes_on)
    with pytest.raises(DocumentError, match="changed while it was being added"):
        catalog.add_file(growing)
    assert len(catalog) == 0 and list(catalog.objects) == []
    monkeypatch.setattr(library.extract, "extract", extract)
    assert catalog.add_file(growing).item.body == "Bản tin phần đầu\nphần sau"


def test_title_authors_and_tags_are_kept_on_one_line(catalog: Catalog, tmp_path: Path) -> None:
    text = tmp_path / "b.txt"
    text.write_text("nội dung", encoding="utf-8")
    item = catalog.add_file(text, title="Dòng một\nDòng   hai\t", tags=["nông\nnghiệp"]).item
    assert item.title == "Dòng một Dòng hai" and item.tags == ("nông nghiệp",)
    item = catalog.update(item.id, authors=("Sở\r\nNông nghiệp",))
    assert catalog.get(item.id).authors == ("Sở Nông nghiệp",)


def test_a_catalog_locked_by_another_writer_is_one_error_and_leaves_nothing(
        catalog: Catalog, tmp_path: Path) -> None:
    text = tmp_path / "c.txt"
    text.write_text("Bản tin", encoding="utf-8")
    catalog.execute("PRAGMA busy_timeout = 0")  # give up at once rather than after 10 s
    other = sqlite3.connect(catalog.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # an import holding the write lock
        with pytest.raises(CatalogError, match="the catalog is busy"):
            catalog.add_file(text)
    finally:
        other.close()
    assert len(catalog) == 0 and list(catalog.objects) == []
    assert catalog.add_file(text).created


def test_a_full_disk_while_storing_the_file_is_said_plainly(
        catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    text = tmp_path / "x.txt"
    text.write_text("Bản tin", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageError) as caught:
        catalog.add_file(text)
    assert str(caught.value) == f"cannot store x.txt: {os.strerror(errno.ENOSPC)}"
    assert caught.value.message_vi == "Đĩa đã đầy, không ghi được tệp vào thư mục dữ liệu."
    monkeypatch.undo()
    assert len(catalog) == 0 and list(catalog.objects) == []


def test_a_title_from_outside_cannot_turn_round_or_hide_words(catalog: Catalog) -> None:
    """A feed's or a PDF's title with a right-to-left override or zero-width marks is
    stored as it reads (`library.text.one_line`), Vietnamese marks untouched."""
    catalog.put(Item(id="rlo", title="Tài liệu \u202efdp.exe", kind="document",
                     tags=("nông\u200bnghiệp",), authors=("Sở\u2066 VH\u2069",)))
    item = catalog.get("rlo")
    assert item.title == "Tài liệu fdp.exe"
    assert item.tags == ("nông nghiệp",)
    assert item.authors == ("Sở VH",)


# -- which collection a file may go in ------------------------------------------------------
def test_the_table_of_collections_covers_every_format_with_its_own_first() -> None:
    """Every format the station takes has its place, its own (default) collection first, so
    an `add` without `--kind` is never refused; the bundled demo fits the table too."""
    from library.catalog import KINDS
    from library.demo_build import _MEDIA
    from library.formats import FORMATS, KINDS_BY_MEDIA_TYPE, kind_fits, kinds_for

    for suffix, (media_type, default) in FORMATS.items():
        assert kinds_for(media_type)[0] == default, suffix
    assert {kind for kinds in KINDS_BY_MEDIA_TYPE.values() for kind in kinds} == set(KINDS)
    assert set(KINDS_BY_MEDIA_TYPE) == {media for media, _kind in FORMATS.values()}
    assert all(kind_fits(media_type, kind) for kind, (_ext, media_type) in _MEDIA.items())
    assert not kind_fits("text/plain", "book") and not kind_fits("application/x-foo", "book")


def test_a_kind_changed_later_must_suit_the_file_too(catalog: Catalog, tmp_path: Path,
                                                    make_pdf) -> None:
    text = tmp_path / "tin.txt"
    text.write_text("Tin chợ phiên\nGiá rau hôm nay.", encoding="utf-8")
    bulletin = catalog.add_file(text).item
    with pytest.raises(InvalidInput, match=r"^tin.txt \(text/plain\) cannot go in the book "
                                           r"collection; it can go in: bulletin$"):
        catalog.update(bulletin.id, kind="book")
    assert catalog.get(bulletin.id).kind == "bulletin"
    book = catalog.add_file(make_pdf("sach.pdf", ["Nông nghiệp sạch"])).item
    assert catalog.update(book.id, kind="handbook").kind == "handbook"
    assert catalog.update(book.id, kind="bulletin").kind == "bulletin"  # it has text
    scan = catalog.add_file(make_pdf("quet.pdf", [""])).item
    assert scan.scanned
    with pytest.raises(InvalidInput, match="no text layer"):
        catalog.update(scan.id, kind="bulletin")
    with pytest.raises(InvalidInput, match="cannot go in the video collection"):
        catalog.add_file(make_pdf("phim.pdf", ["x"]), kind="video")
    assert len(catalog) == 3
