"""Importing a plain OPDS 1.2 feed (calibre-style) served by nginx, with --trust-unsigned."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.errors import SyncError
from library.repository import status
from library.repository.fetch import FetchSettings
from library.repository.importer import import_opds
from library.repository.opds import crawl, former_source_ids, source_id

from .helpers import World, make_pdf

FAST = FetchSettings(retries=1, backoff_s=0.01)
ATOM = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/terms/">')
NAV = "application/atom+xml;type=feed;profile=opds-catalog"


def _entry(n: int, title: str, links: str) -> str:
    return (f"<entry><title>{title}</title><id>urn:uuid:calibre-{n}</id>"
            f"<updated>2026-01-01T00:00:00Z</updated><author><name>Tác giả {n}</name></author>"
            f"<dc:language>vi</dc:language><category term='Nông nghiệp' label='Nông nghiệp'/>"
            f"<summary>Tóm tắt {n}</summary>{links}</entry>")


def _acq(href: str, mtype: str) -> str:
    return f"<link rel='http://opds-spec.org/acquisition' href='{href}' type='{mtype}'/>"


def calibre_site(root: Path, *, with_third: bool = True) -> None:
    """A calibre-like server: navigation → newest (2 pages) with PDF/EPUB/MOBI links."""
    root.mkdir(parents=True, exist_ok=True)
    books = root / "get"
    books.mkdir(exist_ok=True)
    make_pdf(books / "1.pdf", "Trồng lúa", "Kỹ thuật trồng lúa nước.")
    make_pdf(books / "2.pdf", "Nuôi cá", "Nuôi cá lồng trên sông.")
    (books / "2.epub").write_bytes(b"not used: the PDF is preferred")
    (books / "3.mobi").write_bytes(b"mobi")
    (root / "opds").write_text(
        f"{ATOM}<id>calibre</id><title>calibre</title>"
        f"<entry><title>Mới nhất</title><id>new</id><link rel='subsection' href='newest-1' "
        f"type='{NAV}'/></entry>"
        f"<entry><title>Cũng là mới nhất</title><id>new2</id><link href='/{root.name}/newest-1' "
        f"type='{NAV}'/></entry></feed>")
    page1 = _entry(1, "Trồng lúa", _acq("get/1.pdf", "application/pdf"))
    page1 += _entry(2, "Nuôi cá", _acq("get/2.epub", "application/epub+zip")
                    + _acq("get/2.pdf", "application/pdf"))
    (root / "newest-1").write_text(f"{ATOM}<id>p1</id><title>Mới</title>"
                                   f"<link rel='next' href='newest-2' type='{NAV}'/>{page1}</feed>")
    page2 = _entry(3, "Chỉ có MOBI", _acq("get/3.mobi", "application/x-mobipocket-ebook"))
    if with_third:
        page2 += _entry(4, "Trồng lúa (bản 2)", _acq("get/1.pdf?v=2", "application/pdf"))
    (root / "newest-2").write_text(f"{ATOM}<id>p2</id><title>Mới 2</title>{page2}</feed>")
    for path in [root, books, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_calibre_feed_imports_follows_pagination_and_prefers_pdf(world: World, nginx,
                                                                 station) -> None:
    paths, catalog = station
    calibre_site(nginx.www / "calibre")
    url = f"{nginx.url}/calibre/opds"
    result = import_opds(paths, catalog, url, settings=FAST)
    titles = sorted(i.title for i in catalog.items())
    assert titles == ["Nuôi cá", "Trồng lúa", "Trồng lúa (bản 2)"]
    fish = next(i for i in catalog.items() if i.title == "Nuôi cá")
    assert fish.media_type == "application/pdf" and fish.source == source_id(url)
    assert fish.authors == ("Tác giả 2",) and fish.tags == ("Nông nghiệp",)
    assert "lồng" in catalog.page_text(fish.id, 1)
    assert catalog.objects.verify(fish.sha256)
    assert status.get(catalog, source_id(url)).status == "unsigned"
    again = import_opds(paths, catalog, url, settings=FAST)
    assert again.added == [] and again.unchanged == 3 and again.status == "unchanged"
    calibre_site(nginx.www / "calibre", with_third=False)
    third = import_opds(paths, catalog, url, settings=FAST)
    assert len(third.removed) == 1 and len(catalog) == 2 and third.status == "imported"
    assert result.requests >= 4


def test_a_protected_feed_synced_under_its_former_id_goes_on_under_the_new_one(
        world: World, nginx, station) -> None:
    """A station that synced a feed with a password in its address holds its items under
    the id of old (the password folded into it). The next import takes them over: nothing
    fetched again, what the feed dropped removed, and no row left naming the password."""
    paths, catalog = station
    calibre_site(nginx.www / "calibre-kho")
    url = f"{nginx.url}/calibre-kho/opds".replace("://", "://kho:matkhau@")
    import_opds(paths, catalog, url, settings=FAST)
    repo, former = source_id(url), former_source_ids(url)[-1]
    assert "matkhau" in former and "matkhau" not in repo
    with catalog.atomic():  # the station as the version before left it
        catalog.execute("UPDATE items SET source = ?", [former])
        catalog.execute("UPDATE repository_items SET repository = ?", [former])
        catalog.execute("UPDATE repositories SET id = ?", [former])
        catalog.execute("UPDATE state SET key = replace(key, ?, ?)", [repo, former])
    calibre_site(nginx.www / "calibre-kho", with_third=False)
    again = import_opds(paths, catalog, url, settings=FAST)
    assert again.added == [] and again.updated == [] and again.unchanged == 2
    assert len(again.removed) == 1 and len(catalog) == 2
    assert {i.source for i in catalog.items()} == {repo}
    assert [s.id for s in status.all_states(catalog)] == [repo]
    kept = [*catalog.query("SELECT key FROM state"),
            *catalog.query("SELECT repository FROM repository_items")]
    assert not any("matkhau" in value for row in kept for value in row.values())


def test_published_repository_opds_reads_back(world: World, nginx) -> None:
    import httpx

    url = nginx.serve(world.repo_v1, "opds-read")
    entries = list(crawl(f"{url}/opds/index.xml", lambda u: httpx.get(u).content))
    assert len({e.href for e in entries}) == 5
    assert {e.title for e in entries} >= {"Sổ tay đảng viên", "Kỹ thuật trồng cà phê"}


def test_a_web_page_is_not_a_feed(world: World, nginx, station) -> None:
    paths, catalog = station
    page = nginx.www / "portal.html"
    page.write_text("<!DOCTYPE html><html><body>Đăng nhập</body></html>")
    page.chmod(0o644)
    with pytest.raises(SyncError, match="captive portal"):
        import_opds(paths, catalog, f"{nginx.url}/portal.html", settings=FAST)
    assert len(catalog) == 0


def test_a_feed_or_a_pack_given_as_a_repository_address_is_named(world: World, nginx,
                                                                 station) -> None:
    from library.repository.importer import import_from

    paths, catalog = station
    calibre_site(nginx.www / "calibre-signed")
    for url in (f"{nginx.url}/calibre-signed/opds", f"{nginx.url}/calibre-signed/opds/"):
        with pytest.raises(SyncError, match=r"plain OPDS feed.*--trust-unsigned"):
            import_from(paths, catalog, url, settings=FAST)
    with pytest.raises(SyncError, match=r"is a pack file.*cafesach import FILE\.zip"):
        import_from(paths, catalog, f"{nginx.url}/goi/thu-vien.zip", settings=FAST)
    with pytest.raises(SyncError) as caught:  # any other missing index: no such hint
        import_from(paths, catalog, f"{nginx.url}/khong-co/", settings=FAST)
    assert "404" in str(caught.value) and "OPDS" not in str(caught.value)
    assert len(catalog) == 0


def test_a_feed_whose_every_publication_fails_is_an_error(world: World, nginx,
                                                          station) -> None:
    """Not "0 added" and exit status 0: the librarian must see that nothing came."""
    paths, catalog = station
    root = nginx.www / "dead-links"
    root.mkdir()
    (root / "opds").write_text(
        f"{ATOM}<id>dead</id><title>dead</title>"
        f"{_entry(1, 'Trồng lúa', _acq('get/khong-co.pdf', 'application/pdf'))}"
        f"{_entry(2, 'Nuôi cá', _acq('get/cung-khong.pdf', 'application/pdf'))}</feed>")
    for path in (root, *root.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    url = f"{nginx.url}/dead-links/opds"
    with pytest.raises(SyncError, match=r"none of the 2 publications.*Trồng lúa"):
        import_opds(paths, catalog, url, settings=FAST)
    assert len(catalog) == 0 and status.get(catalog, source_id(url)) is None
    assert list(paths.staging.glob("import-*")) == []


def test_a_publication_that_cannot_be_fetched_is_skipped_with_a_line_in_each_language(
        world: World, nginx, station) -> None:
    paths, catalog = station
    root = nginx.www / "lost-feed"  # "lost" is test_sync's repository
    (root / "get").mkdir(parents=True)
    make_pdf(root / "get" / "1.pdf", "Trồng lúa", "Kỹ thuật trồng lúa nước.")
    entries = (_entry(1, "Trồng lúa", _acq("get/1.pdf", "application/pdf"))
               + _entry(2, "Sách đã mất", _acq("get/2.pdf", "application/pdf")))
    (root / "opds").write_text(f"{ATOM}<id>lost</id><title>Kho</title>{entries}</feed>")
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    result = import_opds(paths, catalog, f"{nginx.url}/lost-feed/opds", settings=FAST)
    assert [i.title for i in catalog.items()] == ["Trồng lúa"]
    [warning] = result.warnings
    assert warning.startswith("Sách đã mất: skipped (") and "404" in warning
    assert warning.message_vi.startswith("Bỏ qua «Sách đã mất»: ")
    assert "skipped" not in warning.message_vi


def test_a_feed_that_empties_keeps_what_was_taken_from_it(world: World, nginx,
                                                          station) -> None:
    """Unsigned, an empty feed cannot say its owner meant to withdraw everything (a server
    restarted on an empty library, a moved catalog): nothing is removed, and it is said."""
    paths, catalog = station
    calibre_site(nginx.www / "emptied-feed")
    url = f"{nginx.url}/emptied-feed/opds"
    import_opds(paths, catalog, url, settings=FAST)
    assert len(catalog) == 3
    (nginx.www / "emptied-feed" / "opds").write_text(
        f"{ATOM}<id>calibre</id><title>calibre</title></feed>")
    with pytest.raises(SyncError, match=r"the feed lists no publications; the 3 items taken "
                                        r"from it before are kept") as caught:
        import_opds(paths, catalog, url, settings=FAST)
    assert caught.value.message_vi.startswith("Danh mục này không còn tài liệu nào")
    assert len(catalog) == 3


def _second_library(root: Path) -> None:
    """Another calibre library on the same server: its own books (entry ids of its own)."""
    calibre_site(root, with_third=False)
    for page in ("newest-1", "newest-2"):
        feed = root / page
        feed.write_text(feed.read_text().replace("urn:uuid:calibre-", "urn:uuid:thu-vien-b-")
                        .replace("Trồng lúa", "Làm vườn").replace("Nuôi cá", "Nuôi ong"))


def _as_one_id_for_the_server(catalog, url: str, *, row_url: str | None = None) -> str:
    """The station as versions that named an unsigned feed by its server alone left it."""
    former = former_source_ids(url)[0]
    with catalog.atomic():
        catalog.execute("UPDATE items SET source = ? WHERE source = ?", [former, source_id(url)])
        catalog.execute("UPDATE repository_items SET repository = ? WHERE repository = ?",
                        [former, source_id(url)])
        catalog.execute("UPDATE repositories SET id = ?, url = ? WHERE id = ?",
                        [former, row_url or url, source_id(url)])
    return former


def test_two_feeds_of_one_server_keep_their_own_items(world: World, nginx, station) -> None:
    """Two calibre libraries behind one server (one host and port): each feed's sync removes
    only what it no longer lists of its own, never the other's books."""
    paths, catalog = station
    calibre_site(nginx.www / "thu-vien-a")
    _second_library(nginx.www / "thu-vien-b")
    first, second = f"{nginx.url}/thu-vien-a/opds", f"{nginx.url}/thu-vien-b/opds"
    assert source_id(first) != source_id(second)
    import_opds(paths, catalog, first, settings=FAST)
    import_opds(paths, catalog, second, settings=FAST)
    assert len(catalog) == 5
    again = import_opds(paths, catalog, first, settings=FAST)
    assert again.removed == [] and again.unchanged == 3 and len(catalog) == 5
    assert sorted(i.title for i in catalog.items() if i.source == source_id(second)) == [
        "Làm vườn", "Nuôi ong"]


def test_a_feed_synced_under_its_server_id_goes_on_under_its_own() -> None:
    """Where the id of a feed comes from: the server, and below its root the path and the
    query (a calibre server's libraries differ only there); never its password."""
    base = "https://kho:matkhau@thuvien.example:8080"
    ids = {source_id(f"{base}/opds?library_id={name}") for name in ("Sach", "Bao", "sach")}
    assert len(ids) == 3 and all(i.startswith("opds-thuvien.example-8080-opds") for i in ids)
    assert source_id(f"{base}/opds/") == source_id(f"{base}/opds")
    assert source_id(f"{base}/") == source_id(base) == "opds-thuvien.example-8080"
    assert not any("matkhau" in i for i in ids)
    assert former_source_ids(f"{base}/opds") == ["opds-thuvien.example-8080",
                                                  "opds-kho-matkhau-thuvien.example-8080"]
    assert former_source_ids(f"{base}/") == ["opds-kho-matkhau-thuvien.example-8080"]
    long = source_id(f"{base}/{'a' * 300}/opds")
    assert len(long) <= 64 and long != source_id(f"{base}/{'a' * 300}/opds2")


def test_a_station_that_named_the_feed_by_its_server_takes_its_items_over(
        world: World, nginx, station) -> None:
    paths, catalog = station
    calibre_site(nginx.www / "thu-vien-c")
    url = f"{nginx.url}/thu-vien-c/opds"
    import_opds(paths, catalog, url, settings=FAST)
    _as_one_id_for_the_server(catalog, url)
    again = import_opds(paths, catalog, url, settings=FAST)
    assert again.added == [] and again.unchanged == 3 and len(catalog) == 3
    assert {i.source for i in catalog.items()} == {source_id(url)}
    assert [s.id for s in status.all_states(catalog)] == [source_id(url)]


def test_the_server_id_of_a_feed_at_the_root_stays_that_feed_s(world: World, nginx,
                                                              station) -> None:
    """A feed at the server's root keeps the server's id; a feed below it, synced for the
    first time, does not take that one's books as if they had been its own."""
    paths, catalog = station
    _second_library(nginx.www / "thu-vien-d")
    calibre_site(nginx.www / "thu-vien-e")
    below = f"{nginx.url}/thu-vien-d/opds"
    import_opds(paths, catalog, below, settings=FAST)
    root_feed = _as_one_id_for_the_server(catalog, below, row_url=f"{nginx.url}/")
    import_opds(paths, catalog, f"{nginx.url}/thu-vien-e/opds", settings=FAST)
    assert len(catalog) == 5
    assert sorted(i.title for i in catalog.items() if i.source == root_feed) == [
        "Làm vườn", "Nuôi ong"]


def test_one_feed_written_two_ways_is_one_source() -> None:
    """A librarian who writes the feed's address anew keeps its id: the host in capitals,
    the default port, a slash at the end, a fragment, the query's parameters in another
    order, a letter percent-encoded or not — and only the password's place is left out."""
    one = source_id("http://thuvien.example/calibre/opds?library_id=Sách&sort=new")
    for spelling in ("HTTP://ThuVien.Example:80/calibre/opds/?sort=new&library_id=S%C3%A1ch",
                     "http://kho:mk@thuvien.example/calibre/opds?library_id=S%C3%A1ch&sort=new#a",
                     "http://thuvien.example/%63alibre/opds?sort=new&library_id=S%c3%a1ch"):
        assert source_id(spelling) == one, spelling
    assert source_id("http://thuvien.example?library_id=Sach") == source_id(
        "http://thuvien.example/?library_id=Sach") != source_id("http://thuvien.example")
    assert source_id("https://thuvien.example:443/opds") == source_id("https://thuvien.example/opds")
    assert source_id("https://thuvien.example:80/opds") != source_id("https://thuvien.example/opds")
    assert source_id("http://thuvien.example/opds?library_id=sach") != source_id(
        "http://thuvien.example/opds?library_id=Sach")
    assert former_source_ids("http://ThuVien.Example:80/calibre/opds?sort=new&library_id=S")[
        0].startswith("opds-thuvien.example-80-calibre-opds-sort-ne-")


def test_a_feed_s_address_written_anew_fetches_nothing_again(world: World, nginx,
                                                            station) -> None:
    """The station's address respelled (parameters in another order, a letter
    percent-encoded): the next sync goes on with the items it has."""
    paths, catalog = station
    calibre_site(nginx.www / "thu-vien-f")
    import_opds(paths, catalog, f"{nginx.url}/thu-vien-f/opds?a=1&b=2", settings=FAST)
    again = import_opds(paths, catalog, f"{nginx.url}/thu%2Dvien-f/opds?b=2&a=1",
                        settings=FAST)
    assert again.added == [] and again.unchanged == 3 and len(catalog) == 3
    assert len(status.all_states(catalog)) == 1


def test_a_station_synced_under_an_address_as_written_takes_its_items_over(
        world: World, nginx, station) -> None:
    """Ids once came from the path and query as written: a station holding its items
    under such an id, whose row names the feed spelled another way, goes on with them."""
    paths, catalog = station
    calibre_site(nginx.www / "thu-vien-g")
    url = f"{nginx.url}/thu-vien-g/opds?b=2&a=1"
    import_opds(paths, catalog, url, settings=FAST)
    former = former_source_ids(url)[0]
    assert former != source_id(url)
    with catalog.atomic():
        catalog.execute("UPDATE items SET source = ?", [former])
        catalog.execute("UPDATE repository_items SET repository = ?", [former])
        catalog.execute("UPDATE repositories SET id = ?, url = ?",
                        [former, f"{nginx.url}/thu-vien-g/opds/?a=1&b=2"])
    again = import_opds(paths, catalog, url, settings=FAST)
    assert again.added == [] and again.unchanged == 3 and len(catalog) == 3
    assert [s.id for s in status.all_states(catalog)] == [source_id(url)]
