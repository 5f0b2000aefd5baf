"""A catalog damaged inside (a broken page, the header fine): the kiosk's mark asks for
SQLite's `quick_check` at the next start, and only then (`library.catalog_check`)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from library.catalog import Catalog, DamagedRow, Item
from library.catalog_check import (
    MARK_NAME,
    check_marked,
    damaged_search_indexes,
    is_damage,
    mark_for_check,
)
from library.errors import CatalogError
from library.paths import DataPaths
from library.search import Search
from tests.clirun import cafesach
from tests.damage import checked, written_aside


def damage_inside(db: Path, table: str = "items") -> None:
    """Overwrite the b-tree leaf pages of `table` (as a bad sector would): the file
    still opens, a query reading those pages says "malformed"."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            pages = [row[0] for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert pages
    with db.open("r+b") as out:
        for page in pages:
            out.seek((page - 1) * size)
            out.write(b"\x0d\x00\x00\xff\xff\xff\xff\x00" + b"\xee" * 200)


def station_with_items(root: Path, count: int = 40) -> DataPaths:
    paths = DataPaths(root).ensure()
    with Catalog.open(paths) as catalog:
        for n in range(count):
            catalog.put(Item(id=f"sach-{n}", title=f"Sách số {n}", kind="book",
                             summary="Chuyển đổi số ở chợ 4.0 " * 20))
    return paths


def test_only_damage_counts_not_a_locked_file_or_a_constraint() -> None:
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    assert is_damage(malformed)
    wrapped = CatalogError("catalog database is damaged")
    wrapped.__cause__ = malformed
    assert is_damage(wrapped)
    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert not is_damage(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not is_damage(ValueError("nothing to do with the catalog"))
    assert not is_damage(None)


def test_a_real_broken_page_is_damage_and_opening_does_not_see_it(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    # the header is fine: it opens
    with Catalog.open(paths) as catalog, pytest.raises(sqlite3.DatabaseError) as met:
        catalog.items(limit=100)
    assert is_damage(met.value)


def test_without_the_mark_nothing_is_checked(tmp_path: Path) -> None:
    """The normal start's cost: no mark, no quick_check — even a damaged catalog passes."""
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is False


def test_the_mark_finds_the_damage_with_what_to_do_in_vietnamese(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    damage_inside(paths.catalog_db)
    assert mark_for_check(paths)
    catalog = Catalog.open(paths)
    with pytest.raises(CatalogError) as refused:
        check_marked(catalog, paths)
    assert "damaged" in str(refused.value)
    assert refused.value.message_vi.startswith(
        "Tệp cơ sở dữ liệu của thư viện (catalog.db) bị hỏng: chép lại tệp từ bản sao lưu")
    assert (paths.root / MARK_NAME).exists()  # checked again at every try, until repaired


def test_a_sound_catalog_passes_and_the_mark_goes(tmp_path: Path) -> None:
    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert catalog.count() == 40
    assert not (paths.root / MARK_NAME).exists()


def test_a_file_the_check_cannot_read_is_refused_in_one_line_and_closed(
        tmp_path: Path) -> None:
    """Not damage SQLite can name but a read that fails (a dying card's I/O error): the
    start still gets the library's own error (the station shows it out of service and
    tries again), never SQLite's raw one, and the catalog is not left open."""
    paths = station_with_items(tmp_path / "data")
    assert mark_for_check(paths)
    catalog = Catalog.open(paths)
    real = catalog.conn
    closed: list[bool] = []

    class Failing:
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA quick_check"):
                raise sqlite3.OperationalError("disk I/O error")
            return real.execute(sql, *args)

        def close(self) -> None:
            closed.append(True)
            real.close()

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    catalog.conn = Failing()  # type: ignore[assignment]
    with pytest.raises(CatalogError) as refused:
        check_marked(catalog, paths)
    assert "disk I/O error" in str(refused.value) and "\n" not in str(refused.value)
    assert closed == [True]
    assert (paths.root / MARK_NAME).exists()


def damage_search_index(db: Path) -> None:
    """Overwrite the blocks of both search indexes with noise, leaving every b-tree page
    sound (as a write cut inside an index's blocks would): `quick_check` passes, a
    search says "malformed"."""
    noise = random.Random(28)  # the same noise at every run: what it breaks does not vary
    conn = sqlite3.connect(db)
    try:
        for table in ("items_fts_data", "pages_fts_data"):  # 1 and 10: averages, structure
            blocks = conn.execute(f"SELECT id, length(block) FROM {table} WHERE id > 10")
            conn.executemany(f"UPDATE {table} SET block = ? WHERE id = ?",
                             [(noise.randbytes(size), id_) for id_, size in blocks.fetchall()])
        conn.commit()
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def book_station(root: Path) -> DataPaths:
    paths = DataPaths(root).ensure()
    with Catalog.open(paths) as catalog:
        for n in range(30):
            catalog.put(Item(id=f"sach-{n}", title=f"Sách số {n}", kind="book",
                             summary="Chợ 4.0 ở xã Đông Hòa"),
                        pages=[f"Trang một của sách {n}: đảng viên học tập.",
                               f"Trang hai: nông thôn mới, nước sạch {n}."])
    return paths


def found(catalog: Catalog, query: str) -> list[tuple[str, int | None]]:
    return sorted((hit.item.id, hit.page) for hit in Search(catalog).search(query, limit=100))


def test_a_damaged_search_index_is_made_again_and_the_station_searches(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    paths = book_station(tmp_path / "data")
    with Catalog.open(paths) as catalog:
        before = {q: found(catalog, q) for q in ("dong hoa", "đảng viên", "nuoc sach 7")}
    assert all(before.values())
    damage_search_index(paths.catalog_db)
    with Catalog.open(paths) as catalog:
        with pytest.raises(sqlite3.DatabaseError) as met:
            found(catalog, "đảng viên")
        assert is_damage(met.value)  # what makes the kiosk leave the mark and start again
        assert sorted(damaged_search_indexes(catalog)) == ["items_fts", "pages_fts"]
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog, caplog.at_level("WARNING"):
        assert check_marked(catalog, paths) is True
        assert damaged_search_indexes(catalog) == []
        assert {q: found(catalog, q) for q in before} == before
    assert not (paths.root / MARK_NAME).exists()
    # said before the dark minute, not only after it
    assert (0 <= caplog.text.find("making it again from the catalog")
            < caplog.text.find("made again from 30 items and 60 pages"))
    # what a later put or removal does to the indexes works on the ones made again
    with Catalog.open(paths) as catalog:
        catalog.remove("sach-7")
        assert found(catalog, "nuoc sach 7") == []
        assert damaged_search_indexes(catalog) == []


def test_a_search_index_whose_settings_row_is_damaged_is_made_again(
        tmp_path: Path) -> None:
    """FTS5 then refuses every statement on the table, its own DROP included, in words
    SQLite gives no damage code («invalid fts5 file format … run 'rebuild'»): the kiosk
    left no mark for it, and the rebuild could not drop the table."""
    paths = book_station(tmp_path / "data")
    with Catalog.open(paths) as catalog:
        before = found(catalog, "đảng viên")
    damage_search_settings(paths.catalog_db)
    with Catalog.open(paths) as catalog:
        with pytest.raises(sqlite3.OperationalError, match="invalid fts5 file format") as met:
            found(catalog, "đảng viên")
        assert is_damage(met.value)  # the mark is left, the station starts again
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert found(catalog, "đảng viên") == before and len(before) == 30
        assert damaged_search_indexes(catalog) == []
    assert not (paths.root / MARK_NAME).exists()
    # any other error in the same words' neighbourhood is no damage, nor one that
    # merely quotes them
    assert not is_damage(sqlite3.OperationalError("no such table: items_fts"))
    assert not is_damage(sqlite3.OperationalError(
        'fts5: syntax error near "invalid fts5 file format (found 0, expected 4)"'))


def damage_search_settings(db: Path) -> None:
    """Spoil the version in both search indexes' settings rows, as a torn write would."""
    conn = sqlite3.connect(db)
    for table in ("items_fts_config", "pages_fts_config"):
        conn.execute(f"UPDATE {table} SET v = 0 WHERE k = 'version'")
    conn.commit()
    conn.close()


#: Damage FTS5 meets before it can open an index — and so before it can drop it —
#: each with the statement that does it to both indexes.
CANNOT_OPEN = {
    # a flipped bit in the record of the index's segments, its page sound: `quick_check`
    # passes, every search fails with SQLITE_CORRUPT_VTAB
    "structure record garbled":
        "UPDATE {t}_data SET block = x'ffffffffffffffff' WHERE id = 10",
    "settings table gone": "DROP TABLE {t}_config",  # a plain error, no damage code
    "blocks table gone": "DROP TABLE {t}_data",
}


@pytest.mark.parametrize("damage", CANNOT_OPEN)
def test_a_search_index_fts5_cannot_open_is_made_again(tmp_path: Path, damage: str) -> None:
    """FTS5 opens an index to drop it: one it cannot open refused its own DROP, the
    rebuild failed with damage, and the station went out of service over an index
    that holds nothing the catalog does not."""
    paths = book_station(tmp_path / "data")
    with Catalog.open(paths) as catalog:
        before = {q: found(catalog, q) for q in ("dong hoa", "đảng viên")}
    conn = sqlite3.connect(paths.catalog_db)
    for table in ("items_fts", "pages_fts"):
        conn.execute(CANNOT_OPEN[damage].format(t=table))
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    with Catalog.open(paths) as catalog:
        with pytest.raises(sqlite3.DatabaseError, match=r"^vtable constructor failed") as met:
            found(catalog, "đảng viên")
        assert is_damage(met.value)  # the mark is left, the station starts again
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert {q: found(catalog, q) for q in before} == before
        assert damaged_search_indexes(catalog) == []
        left = {row[0] for row in catalog.execute("SELECT name FROM temp.sqlite_master")}
        assert left == set()  # the fresh index the internals were taken from is gone
    assert not (paths.root / MARK_NAME).exists()
    # the same words with a lock's code are a lock, not damage
    busy = sqlite3.OperationalError("vtable constructor failed: items_fts")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    assert not is_damage(busy)


def test_a_settings_row_that_cannot_be_written_back_now_is_no_damaged_catalog(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Another writer holds the catalog (an import, a sync) as the check writes the
    version back: the catalog cannot be written now and the mark stays, as for any
    locked catalog — not the whole catalog refused and the station out of service, as
    when the lock's error, raised inside the handler of FTS5's words, carried them as
    its context and `is_damage` read it as damage."""
    paths = book_station(tmp_path / "data")
    damage_search_settings(paths.catalog_db)
    assert mark_for_check(paths)
    writer = sqlite3.connect(paths.catalog_db, isolation_level=None)
    try:
        with Catalog.open(paths) as catalog, caplog.at_level("WARNING"):
            writer.execute("BEGIN IMMEDIATE")
            catalog.execute("PRAGMA busy_timeout = 0")  # the lock refused, not waited on
            assert check_marked(catalog, paths) is True
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (paths.root / MARK_NAME).exists()
    assert "cannot be checked or made again now" in caplog.text
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert len(found(catalog, "đảng viên")) == 30
    assert not (paths.root / MARK_NAME).exists()


def test_a_damaged_search_index_on_a_catalog_shown_read_only_keeps_the_mark(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A full or read-only disk: the index cannot be made again now, nothing is written,
    and the mark stays, so the first start that can write makes it."""
    paths = book_station(tmp_path / "data")
    damage_search_index(paths.catalog_db)
    assert mark_for_check(paths)
    with Catalog.open_read_only(paths) as catalog, caplog.at_level("WARNING"):
        check_marked(catalog, paths)
    assert (paths.root / MARK_NAME).exists()
    assert "search index" in caplog.text
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert found(catalog, "đảng viên")
    assert not (paths.root / MARK_NAME).exists()


def test_making_the_indexes_again_is_all_or_nothing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure half-way (here a page's text that cannot be folded) leaves the indexes
    as they were: searches find what they found."""
    from library import catalog as catalog_module

    paths = book_station(tmp_path / "data")
    folded = 0
    real = catalog_module._page_index_text

    def fails_at_the_20th(text: str) -> tuple[str, str]:
        nonlocal folded
        folded += 1
        if folded == 20:
            raise RuntimeError("cannot fold")
        return real(text)

    with Catalog.open(paths) as catalog:
        before = found(catalog, "đảng viên")
        monkeypatch.setattr(catalog_module, "_page_index_text", fails_at_the_20th)
        with pytest.raises(RuntimeError):
            catalog.rebuild_search_index()
        monkeypatch.undo()
        assert found(catalog, "đảng viên") == before and len(before) == 30
        assert damaged_search_indexes(catalog) == []
        assert catalog.rebuild_search_index() == (30, 60)
        assert found(catalog, "đảng viên") == before


def test_making_the_indexes_again_indexes_what_put_indexed(tmp_path: Path) -> None:
    """Every term of every item, hidden ones too (the librarian's search finds them), and
    of every page, at the same place: the index made again is the one `put` made."""
    paths = DataPaths(tmp_path / "data").ensure()

    def terms(catalog: Catalog) -> dict[str, list[tuple[object, ...]]]:
        found = {}
        for table in ("items_fts", "pages_fts"):
            catalog.execute(f"CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, {table}, "
                            "instance)")
            found[table] = sorted(catalog.conn.execute("SELECT * FROM temp.terms"))
            catalog.execute("DROP TABLE temp.terms")
        return found

    with Catalog.open(paths) as catalog:
        catalog.put(Item(id="so-tay", title="Sổ tay  Đảng viên", kind="book",
                         authors=("Nguyễn Văn An", "Lê Thị Bình"), tags=("Nông nghiệp",),
                         summary="Tóm tắt ﬁ", hidden=True), pages=["Trang ﬁ một", "hai  ba"])
        catalog.put(Item(id="ban-tin", title="Bản tin xã", kind="bulletin",
                         body="Nội dung bản tin"))
        catalog.put(Item(id="so-tay", title="Sổ tay Đảng viên (sửa)", kind="book",
                         authors=("Trần Văn Cường",), hidden=True), pages=["Trang mới"])
        indexed = terms(catalog)
        assert "dang" in {row[0] for row in indexed["items_fts"]}
        assert catalog.rebuild_search_index() == (2, 1)
        assert terms(catalog) == indexed


def flip_a_bit(db: Path, sql: str, column: str, num: int) -> bytes:
    """Flip one bit inside a multi-byte letter of a row's text, as a cheap card does,
    leaving every page of the file sound. Returns the text as it was."""
    conn = sqlite3.connect(db)
    conn.text_factory = bytes
    table = sql.split(" FROM ")[1].split()[0]
    was = conn.execute(sql, [num]).fetchone()[0]
    at = next(i for i, b in enumerate(was) if b >= 0xC0) + 1  # a continuation byte
    spoiled = bytearray(was)
    spoiled[at] ^= 0x40  # 10xxxxxx → 11xxxxxx: no UTF-8 any more
    conn.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE rowid = ?",
                 [bytes(spoiled), num])
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [(b"ok",)]
    conn.close()
    return bytes(was)


def station_with_flipped_bits(root: Path) -> tuple[DataPaths, dict[str, int], int]:
    """`book_station` with a bit flipped in sach-3's title and in sach-5's second page:
    (its paths, each item's row number, that page's row number)."""
    paths = book_station(root)
    with Catalog.open(paths) as catalog:
        num = dict(catalog.execute("SELECT id, num FROM items").fetchall())
        page_num = catalog.execute(
            "SELECT num FROM pages WHERE item_num = ? AND page = 2", [num["sach-5"]]
        ).fetchone()[0]
    flip_a_bit(paths.catalog_db, "SELECT title FROM items WHERE num = ?", "title",
               num["sach-3"])
    flip_a_bit(paths.catalog_db, "SELECT text FROM pages WHERE num = ?", "text", page_num)
    return paths, num, page_num


def test_rows_that_cannot_be_read_are_mended_and_the_station_works(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A title and a page whose text is no UTF-8, authors and tags that are no JSON list,
    the file's pages sound: every list and search that read them failed, the kiosk at
    every start (`quick_check` passes). They are damage; the check mends each value and
    makes the indexes again from the rows as mended; a text in another of the
    catalog's tables is mended too."""
    paths, num, page_num = station_with_flipped_bits(tmp_path / "data")
    conn = sqlite3.connect(paths.catalog_db)
    conn.execute("INSERT INTO state(key, value) VALUES ('ghi-chu', 'Xã Đông Hòa')")
    state_row = conn.execute("SELECT rowid FROM state WHERE key = 'ghi-chu'").fetchone()[0]
    conn.commit()
    conn.close()
    flip_a_bit(paths.catalog_db, "SELECT value FROM state WHERE rowid = ?", "value", state_row)
    conn = sqlite3.connect(paths.catalog_db)
    conn.execute("UPDATE items SET authors = '[\"cut' WHERE id = 'sach-4'")
    conn.execute("UPDATE items SET tags = '5' WHERE id = 'sach-6'")
    conn.commit()
    conn.close()
    with Catalog.open(paths) as catalog:
        for read in (lambda: catalog.items(limit=100), lambda: catalog.get("sach-4"),
                     lambda: catalog.get("sach-6")):
            with pytest.raises(DamagedRow) as met:
                read()
            assert is_damage(met.value) and "\n" not in str(met.value)
        with pytest.raises(sqlite3.OperationalError) as met_page:
            catalog.execute("SELECT text FROM pages WHERE num = ?", [page_num]).fetchall()
        assert is_damage(met_page.value)
    assert mark_for_check(paths)
    with Catalog.open(paths) as catalog, caplog.at_level("WARNING"):
        assert check_marked(catalog, paths) is True
        items = {item.id: item for item in catalog.items(limit=100)}
        assert len(items) == 30
        assert "\ufffd" in items["sach-3"].title and items["sach-3"].title.startswith("S")
        assert items["sach-4"].authors == () and items["sach-6"].tags == ()
        assert "\ufffd" in catalog.page_text("sach-5", 2)
        assert catalog.unreadable_rows() == []
        assert damaged_search_indexes(catalog) == []
        assert len(found(catalog, "đảng viên")) == 30  # the indexes made from the rows
        catalog.remove("sach-5")  # the page index holds what the mended page holds now
        assert damaged_search_indexes(catalog) == []
    assert not (paths.root / MARK_NAME).exists()
    assert caplog.text.count("a damaged value in the catalog is mended") == 5
    assert (f"sach-3, title (items row {num['sach-3']}): letters that could not be read"
            in caplog.text)
    assert f"sach-5, page 2's text (pages row {page_num}): letters" in caplog.text
    assert "sach-4, authors" in caplog.text and "sach-6, tags" in caplog.text
    assert "5 damaged values in its rows" in caplog.text
    assert f"mended: value (state row {state_row}): letters" in caplog.text
    with Catalog.open(paths) as catalog:
        assert catalog.get_state("ghi-chu").startswith("X")


def test_no_room_for_the_index_leaves_everything_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The new index goes to the `-wal` first: on a disk without the room, nothing is
    begun (a rebuild the full disk cut would leave the disk full of its `-wal`); the mark
    stays, and a start with the room makes it again."""
    from library import paths as paths_module

    paths = book_station(tmp_path / "data")
    damage_search_index(paths.catalog_db)
    assert mark_for_check(paths)
    wal = paths.catalog_db.with_name(paths.catalog_db.name + "-wal")
    with Catalog.open(paths) as catalog, caplog.at_level("WARNING"):
        monkeypatch.setattr(paths_module, "disk_free", lambda folder: 0)
        written = wal.stat().st_size
        assert check_marked(catalog, paths) is True
        assert wal.stat().st_size == written
        assert sorted(damaged_search_indexes(catalog)) == ["items_fts", "pages_fts"]
    assert (paths.root / MARK_NAME).exists()
    assert "not enough free disk space" in caplog.text
    monkeypatch.undo()
    with Catalog.open(paths) as catalog:
        assert check_marked(catalog, paths) is True
        assert damaged_search_indexes(catalog) == []
        assert wal.stat().st_size == 0  # the new index's pages are in the catalog now
    assert not (paths.root / MARK_NAME).exists()


def test_a_table_whose_name_holds_quotes_is_read_and_mended_too(tmp_path: Path) -> None:
    """The check reads every table the file holds, by the names the file gives: one
    another program added with a quote in its name (or a column's) ended the check with
    a syntax error, the mark left for ever, instead of reading and mending it."""
    paths = book_station(tmp_path / "data")
    written_aside(paths.catalog_db, 'CREATE TABLE "ghi chú\'s ""x""" ("ý \'kiến"" " TEXT)',
                  'INSERT INTO "ghi chú\'s ""x""" VALUES (CAST(x\'58e1ff\' AS TEXT))')
    with checked(paths) as catalog:
        assert catalog.execute('SELECT * FROM "ghi chú\'s ""x"""').fetchall() == [
            ("X\ufffd\ufffd",)]
    assert not (paths.root / MARK_NAME).exists()


@pytest.mark.parametrize("args", [["list"], ["show", "sach-3"], ["text", "sach-5", "--page", "2"],
                                  ["search", "trang hai"]])
def test_a_command_meeting_a_row_that_cannot_be_read_says_so_in_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]) -> None:
    """Not a traceback: a technician's `cafesach list` on such a catalog."""
    paths = station_with_flipped_bits(tmp_path / "data")[0]
    code, _, err = cafesach(capsys, "--data", str(paths.root), *args)
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("cafesach: error: "), err
    assert "Could not decode to UTF-8" in err and len(err) < 500
    if args[0] != "search":  # the catalog's reads of rows say what to do, whole
        assert "(damage inside the catalog: the kiosk that meets it starts again" in err


def station_with_two_ids_alike(root: Path) -> tuple[DataPaths, dict[str, int]]:
    """`book_station` with the last letter of «sach-3» and «sach-5» spoiled alike: both
    now end in a byte that is no UTF-8, and read «sach-�». (Its paths, each item's row
    number.)"""
    paths = book_station(root)
    with Catalog.open(paths) as catalog:
        num = dict(catalog.execute("SELECT id, num FROM items").fetchall())
    written_aside(paths.catalog_db, *(
        ("UPDATE items SET id = CAST(? AS TEXT) WHERE num = ?", [spoiled, num[item]])
        for item, spoiled in (("sach-3", b"sach-\xb3"), ("sach-5", b"sach-\xb5"))))
    return paths, num


def test_two_ids_that_mend_to_the_same_text_are_both_mended(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A bit flipped in the last letter of two ids («sach-3», «sach-5»: both now end in a
    byte that is no UTF-8) mends both to «sach-�»: the second's UPDATE failed the ids'
    UNIQUE, the whole mend was undone, and the check failed at every start. The second
    gets the same text with its row named after it, in the same transaction."""
    paths, num = station_with_two_ids_alike(tmp_path / "data")
    with Catalog.open(paths) as catalog, pytest.raises(DamagedRow):
        catalog.items(limit=100)
    with caplog.at_level("WARNING"), checked(paths) as catalog:
        ids = {item.id for item in catalog.items(limit=100)}
        assert len(ids) == 30
        assert ids - {f"sach-{n}" for n in range(30)} == {
            "sach-\ufffd", f"sach-\ufffd (items row {num['sach-5']})"}
        assert damaged_search_indexes(catalog) == []
        assert len(found(catalog, "đảng viên")) == 30
    assert not (paths.root / MARK_NAME).exists()
    assert f"written as «sach-\ufffd (items row {num['sach-5']})»" in caplog.text


def test_a_mended_id_another_row_already_holds_with_its_name_is_numbered_on(
        tmp_path: Path) -> None:
    """Another program's row holding the very text the name gives: the next number."""
    paths, num = station_with_two_ids_alike(tmp_path / "data")
    taken = f"sach-\ufffd (items row {num['sach-5']})"
    written_aside(paths.catalog_db, ("INSERT INTO items(id, title, kind, added) VALUES "
                                     "(?, 'Sách lạ', 'book', '2026-01-01')", [taken]))
    with checked(paths) as catalog:
        ids = {item.id for item in catalog.items(limit=100)}
        assert {"sach-\ufffd", taken, f"{taken} 2"} <= ids and len(ids) == 31


def test_a_without_rowid_table_another_program_added_does_not_stop_the_mend(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The scan read every table by its rowid: one without («no such column: rowid») ended
    it, and the catalog's own damaged title stayed, the mark with it, at every start.
    Such a table is left as it is (the catalog never makes or reads one), and said so."""
    paths = station_with_flipped_bits(tmp_path / "data")[0]
    written_aside(paths.catalog_db,
                  "CREATE TABLE ghi_chu (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID",
                  "INSERT INTO ghi_chu VALUES ('a', CAST(x'58e1ff' AS TEXT))")
    with caplog.at_level("WARNING"), checked(paths) as catalog:
        assert "\ufffd" in catalog.get("sach-3").title
        assert "\ufffd" in catalog.page_text("sach-5", 2)
        assert len(found(catalog, "đảng viên")) == 30
        catalog.conn.text_factory = bytes
        assert catalog.execute("SELECT v FROM ghi_chu").fetchall() == [(b"X\xe1\xff",)]
    assert not (paths.root / MARK_NAME).exists()
    assert "leaves table ghi_chu as it is" in caplog.text


class _Before337(sqlite3.Connection):
    """A connection to an SQLite older than 3.37 (Debian 11, Ubuntu 20.04), which knows
    no `PRAGMA table_list` and, as SQLite does with a pragma it does not know, answers
    it with no rows."""

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if "table_list" in sql.lower():
            return super().execute("SELECT 1 WHERE 0")
        return super().execute(sql, *args)


def test_a_without_rowid_table_is_left_as_it_is_by_an_sqlite_before_3_37(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Told from the table itself, not from `PRAGMA table_list`: an older SQLite answers
    that with nothing, and the scan met «no such column: rowid» again at every start."""
    paths = station_with_flipped_bits(tmp_path / "data")[0]
    written_aside(paths.catalog_db,
                  "CREATE TABLE ghi_chu (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID",
                  "INSERT INTO ghi_chu VALUES ('a', CAST(x'58e1ff' AS TEXT))")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda *args, **kwargs: connect(*args, factory=_Before337, **kwargs))
    with checked(paths) as catalog:
        assert "\ufffd" in catalog.get("sach-3").title
    assert not (paths.root / MARK_NAME).exists()


def test_a_search_index_that_lost_its_idx_table_is_damage_and_made_again(
        tmp_path: Path) -> None:
    """FTS5 says only «SQL logic error» when an index's `<name>_idx` table is gone: no
    damage by its words, so no mark was left, and the check, meeting it in the index's
    integrity-check, could not check and kept the mark at every start. A search then
    failed until someone made the index again by hand. It is damage when one of the
    catalog's own indexes lacks one of its tables in sqlite_schema — and only then."""
    paths = book_station(tmp_path / "data")
    with Catalog.open(paths) as catalog:
        before = {q: found(catalog, q) for q in ("dong hoa", "đảng viên")}
    written_aside(paths.catalog_db, "DROP TABLE items_fts_idx", "DROP TABLE pages_fts_idx")
    with Catalog.open(paths) as catalog:
        with pytest.raises(sqlite3.DatabaseError) as met:
            found(catalog, "đảng viên")
        assert is_damage(met.value)  # the mark is left, the station starts again
        assert "items_fts_idx" in str(met.value) or "pages_fts_idx" in str(met.value)
        assert sorted(damaged_search_indexes(catalog)) == ["items_fts", "pages_fts"]
    with checked(paths) as catalog:
        assert {q: found(catalog, q) for q in before} == before
        assert damaged_search_indexes(catalog) == []
        assert catalog.execute("SELECT count(*) FROM sqlite_schema WHERE name IN "
                               "('items_fts_idx', 'pages_fts_idx')").fetchone()[0] == 2
    assert not (paths.root / MARK_NAME).exists()


def test_sql_logic_error_of_another_programs_search_index_is_no_damage(
        tmp_path: Path) -> None:
    """The same words from an index the catalog does not own, its own indexes whole: no
    mark, nothing made again — the error is what it was."""
    paths = book_station(tmp_path / "data")
    written_aside(paths.catalog_db, "CREATE VIRTUAL TABLE ghi_chu USING fts5(v)",
                  "INSERT INTO ghi_chu VALUES ('xin chao')", "DROP TABLE ghi_chu_idx")
    with Catalog.open(paths) as catalog:
        with pytest.raises(sqlite3.OperationalError, match=r"^SQL logic error$") as met:
            catalog.execute("SELECT * FROM ghi_chu WHERE ghi_chu MATCH 'xin'").fetchall()
        assert not is_damage(met.value)
        assert damaged_search_indexes(catalog) == []
