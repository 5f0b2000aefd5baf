import re

import pytest

from library.catalog import Catalog, Item
from library.search import Search


@pytest.fixture
def search() -> Search:
    cat = Catalog(memory=True)
    cat.put(Item(id="title-hit", title="Chuyển đổi số cho người dân", kind="book"),
            ["Trang đầu nói về dịch vụ công trực tuyến."])
    cat.put(Item(id="together", title="Bản tin tháng Mười", kind="bulletin"),
            ["Mở đầu.", "Xã đã đẩy mạnh chuyển đổi số trong mọi lĩnh vực."])
    cat.put(Item(id="scattered", title="Chợ phiên vùng cao", kind="book"),
            ["Người bán chuyển hàng lên xe, đổi tiền lẻ, ghi số lượng vào sổ."])
    cat.put(Item(id="dang-vien", title="Sổ tay", kind="handbook", tags=("chính trị",)),
            ["Mỗi đảng viên phải gương mẫu.", "Viên chức và đảng bộ cùng làm."])
    cat.put(Item(id="duong", title="Tin địa phương", kind="bulletin"),
            ["Dương liễu trồng ven sông để chắn gió."])
    cat.put(Item(id="duong-exact", title="Tin giao thông", kind="bulletin"),
            ["Con đường mới nối hai xã đã thông xe."])
    cat.put(Item(id="dalat", title="Du lịch", kind="infographic", summary="Đà Lạt mùa hoa"),
            [""])
    cat.put(Item(id="hidden", title="Chuyển đổi số (bản nháp)", kind="book", hidden=True),
            ["chuyển đổi số"])
    return Search(cat)


def ids(hits) -> list[str]:
    return [h.item.id for h in hits]


@pytest.mark.parametrize("query", ["chuyen doi so", "Chuyển đổi số", "CHUYEN DOI SO",
                                   "chuyển doi số"])
def test_unaccented_and_accented_queries_find_marked_text(search: Search, query: str) -> None:
    assert ids(search.search(query))[:2] == ["title-hit", "together"]


def test_title_beats_body(search: Search) -> None:
    hits = search.search("chuyen doi so")
    assert hits[0].item.id == "title-hit"
    assert hits[0].score > hits[1].score


def test_syllables_together_beat_scattered(search: Search) -> None:
    order = ids(search.search("chuyen doi so"))
    assert order.index("together") < order.index("scattered")


def test_dang_vien_phrase_ranks_first(search: Search) -> None:
    hits = search.search("dang vien")
    assert hits[0].item.id == "dang-vien"
    assert hits[0].page == 1
    assert "đảng viên" in hits[0].snippet[hits[0].highlights[0][0]:hits[0].highlights[0][1]]


def test_uppercase_d_with_stroke(search: Search) -> None:
    assert "dang-vien" in ids(search.search("ĐẢNG"))
    assert ids(search.search("Da Lat")) == ["dalat"]


def test_exact_marks_rank_above_folded(search: Search) -> None:
    assert ids(search.search("đường"))[:2] == ["duong-exact", "duong"]
    assert ids(search.search("dương"))[:2] == ["duong", "duong-exact"]


def test_the_word_typed_with_its_marks_ranks_above_a_title_with_other_marks() -> None:
    """"đồng" typed with its marks wants Đồng (a field, a currency), not "Dòng" (a
    stream) however prominent: a title with other marks is another word."""
    cat = Catalog(memory=True)
    cat.put(Item(id="dong-title", title="Dòng sông quê", kind="book"),
            ["Con sông chảy qua làng."])
    cat.put(Item(id="dong-page", title="Bản tin nông nghiệp", kind="bulletin"),
            ["Cánh đồng lúa xã đã vào vụ gặt."])
    search = Search(cat)
    assert ids(search.search("đồng"))[:2] == ["dong-page", "dong-title"]
    assert set(ids(search.search("dong"))) == {"dong-page", "dong-title"}  # unmarked: both
    assert ids(search.search("dòng"))[0] == "dong-title"


def test_unmarked_query_finds_both_spellings(search: Search) -> None:
    assert set(ids(search.search("duong"))) >= {"duong", "duong-exact"}


@pytest.mark.parametrize(("prefix", "expected"), [("c", "title-hit"), ("ch", "title-hit"),
                                                  ("chuy", "title-hit"), ("chuyen d", "title-hit"),
                                                  ("so t", "dang-vien")])
def test_prefix_of_last_syllable(search: Search, prefix: str, expected: str) -> None:
    assert expected in ids(search.search(prefix, limit=20))


def test_without_prefix_a_partial_syllable_does_not_match(search: Search) -> None:
    assert search.search("chuy", prefix=False) == []


@pytest.mark.parametrize("query", ['"', '*', "(", ")", "NEAR(", "-", ":", "a:b", 'chuyen "doi',
                                   "AND OR NOT", "^", "title:so", "***", "''", "\\", "{}"])
def test_fts_syntax_is_searched_as_text(search: Search, query: str) -> None:
    hits = search.search(query)  # must not raise
    if not re.search(r"\w", query):
        assert hits == []
    assert ids(search.search(query + " chuyen doi so"))[:1] in (["title-hit"], [])


def test_fts_syntax_around_words_still_finds_them(search: Search) -> None:
    assert ids(search.search('"chuyen" (doi) so*'))[0] == "title-hit"
    assert ids(search.search("chuyen-doi:so"))[0] == "title-hit"


def test_hidden_items_never_appear(search: Search) -> None:
    assert "hidden" not in ids(search.search("chuyen doi so"))
    assert "hidden" in ids(search.search("chuyen doi so", include_hidden=True))


def test_snippet_keeps_marks_and_page_number(search: Search) -> None:
    hit = next(h for h in search.search("chuyen doi so") if h.item.id == "together")
    assert hit.page == 2
    assert "[chuyển đổi số]" in hit.marked_snippet()


def test_kind_filter(search: Search) -> None:
    assert set(ids(search.search("chuyen doi so", kind="bulletin"))) == {"together"}


def test_empty_and_blank_queries(search: Search) -> None:
    assert search.search("") == []
    assert search.search("   ,.;") == []


def test_search_typed_reads_telex_and_raw(search: Search) -> None:
    assert ids(search.search_typed("chuyeenr ddooir soos"))[0] == "title-hit"
    assert ids(search.search_typed("d9a3ng vie6n"))[0] == "dang-vien"


def test_json_shape(search: Search) -> None:
    data = search.search("dang vien")[0].to_json()
    assert set(data) >= {"id", "title", "kind", "snippet", "page", "score"}


@pytest.mark.parametrize("pages", [120, 400])  # ranked by bm25 / too many: newest first
def test_a_long_book_matching_every_page_does_not_crowd_out_the_others(
        search: Search, pages: int) -> None:
    search.catalog.put(Item(id="long", title="Tập huấn", kind="book"),
                       ["chuyen doi so chuyen doi so chuyen doi so"] * pages)
    hits = search.search("chuyển đổi số", limit=50)
    assert {"title-hit", "together", "long"} <= set(ids(hits))
    together = next(h for h in hits if h.item.id == "together")
    assert together.page == 2 and "[chuyển đổi số]" in together.marked_snippet()
    order = ids(hits)
    assert order.index("together") < order.index("long")  # the marks typed are its marks


def test_count_goes_past_what_search_gathers(search: Search) -> None:
    for n in range(45):
        search.catalog.put(Item(id=f"tin-{n}", title=f"Tin số {n}", kind="bulletin"),
                           [f"Đảng viên ở xã {n} họp chi bộ."])
    assert search.count("dang vien") == 46  # the 45 and the handbook
    assert search.count("dang vien", limit=10) == 10
    assert search.count("dang vien", kind="handbook") == 1
    assert search.count("chuyen doi so") == 3  # the hidden draft is not counted
    assert search.count("chuyen doi so", include_hidden=True) == 4
    assert search.count("   ") == 0


def test_a_letter_or_two_counts_what_the_list_shows(search: Search) -> None:
    """One or two letters typed alone are answered from titles (and the rest of an
    item's metadata), not pages: «Hơn 30» counted pages the list never showed."""
    for n in range(40):
        search.catalog.put(Item(id=f"tin-{n}", title=f"Tin số {n}", kind="bulletin"),
                           [f"Họp chợ phiên thứ {n} ở xã."])
    listed = {h.item.id for h in search.search_typed("xa", limit=100)}
    assert all(not i.startswith("tin-") for i in listed)  # its pages are not listed…
    assert search.count_typed("xa") == len(listed)  # …nor counted
    assert search.count_typed("xa", prefix=False) > len(listed)  # a whole word: pages too
    assert search.count_typed("xa h") > 40  # two words: pages too, as the list finds them
    assert all(i.startswith("tin-") for i in
               [h.item.id for h in search.search_typed("xa h", limit=100)][:10])


def _traced(search: Search) -> list[str]:
    """The SQL statements the search runs from now on (FTS5's own reads included)."""
    statements: list[str] = []
    search.catalog.conn.set_trace_callback(statements.append)
    return statements


def _as_shown(hits) -> list[tuple]:
    return [(h.item, round(h.score, 9), h.snippet, h.highlights, h.page) for h in hits]


def test_a_narrower_keystroke_asks_no_probe_again(search: Search) -> None:
    """`chuyen d` matched few documents in every pass, so `chuyen do` (fewer still)
    is ranked at once: no counting probe runs again."""
    search.search("chuyen d")
    statements = _traced(search)
    typed = search.search("chuyen do")
    assert not [s for s in statements if s.startswith("SELECT count(*)")]
    assert _as_shown(typed) == _as_shown(Search(search.catalog).search("chuyen do"))
    fresh = Search(search.catalog)
    statements = _traced(fresh)
    fresh.search("chuyen do")
    assert len([s for s in statements if s.startswith("SELECT count(*)")]) >= 2


def test_items_and_pages_shown_again_are_not_read_again(search: Search) -> None:
    first = search.search("chuyen doi so")
    statements = _traced(search)
    again = search.search("chuyen doi so ")
    assert not [s for s in statements if s.startswith(("SELECT * FROM items",
                                                       "SELECT num, title, summary",
                                                       "SELECT num, page, text"))]
    assert _as_shown(again) == _as_shown(first)


@pytest.mark.parametrize("query", ["chuyển đổi số", "dang vien", "đường", "Da Lat", "so t"])
def test_every_keystroke_shows_what_a_fresh_search_shows(search: Search, query: str) -> None:
    for end in range(1, len(query) + 1):
        for options in ({}, {"prefix": False}, {"include_hidden": True}, {"kind": "bulletin"}):
            typed = search.search(query[:end], **options)
            assert _as_shown(typed) == _as_shown(Search(search.catalog).search(query[:end],
                                                                               **options))


def test_what_a_keystroke_learnt_is_forgotten_when_the_catalog_changes(tmp_path) -> None:
    path = tmp_path / "catalog.db"
    cat = Catalog(path)
    cat.put(Item(id="a", title="Sổ tay đảng viên", kind="handbook"), ["Đảng viên gương mẫu."])
    search = Search(cat)
    assert [h.item.title for h in search.search("dang vien")] == ["Sổ tay đảng viên"]
    cat.update("a", title="Cẩm nang đảng viên")  # this connection
    assert [h.item.title for h in search.search("dang vien")] == ["Cẩm nang đảng viên"]
    cat.set_flags("a", hidden=True)
    assert search.search("dang vien") == []
    cat.set_flags("a", hidden=False)
    assert ids(search.search("dang vien")) == ["a"]
    other = Catalog(path)  # another connection, as `cafesach import` beside the kiosk
    other.put(Item(id="a", title="Đảng viên mới", kind="handbook"), ["Trang một.", "Đảng viên."])
    other.close()
    hit = search.search("dang vien")[0]
    assert (hit.item.title, hit.page) == ("Đảng viên mới", 2)
    with pytest.raises(RuntimeError), cat.atomic():  # seen inside, gone after the rollback
        cat.update("a", title="Đảng viên trẻ")
        cat.put(Item(id="b", title="Đảng viên già", kind="book"), ["Đảng viên già."])
        assert {h.item.title for h in search.search("dang vien")} == {"Đảng viên trẻ",
                                                                       "Đảng viên già"}
        raise RuntimeError
    assert [h.item.title for h in search.search("dang vien")] == ["Đảng viên mới"]
    cat.close()


@pytest.mark.parametrize(("narrow", "wide", "within"), [
    (("body", ("chuyen", "do"), True), ("body", ("chuyen", "d"), True), True),
    (("body", ("chuyen", "doi", "so"), True), ("body", ("chuyen", "d"), True), True),
    (("body", ("chuyen", "doi"), False), ("body", ("chuyen", "do"), True), True),
    (("body", ("chuyen", "doi"), True), ("body", ("chuyen", "doi"), False), False),
    (("body", ("chuyen", "doi", "s"), True), ("body", ("chuyen", "doi"), False), True),
    (("body", ("chuyen",), True), ("body", ("chuyen", "d"), True), False),
    (("body", ("chuyen", "d"), True), ("body", ("chuyen", "do"), True), False),
    (("body", ("chuyen", "do"), True), ("pairs", ("chuyen", "d"), True), False),
    (("body", ("cho", "do"), True), ("body", ("chuyen", "d"), True), False),
    (("body", ("a_b", "c"), True), ("body", ("a_", ), True), False),  # "_" is no plain letter
])
def test_which_queries_match_within_others(narrow, wide, within: bool) -> None:
    from library.search import _within

    assert _within(narrow, wide) is within


def _many_summaries(titled: int, others: int) -> Catalog:
    """`titled` older items holding "nông nghiệp" in their titles, then `others`
    newer ones holding it only in their summaries and pages."""
    cat = Catalog(memory=True)
    with cat.atomic():
        for n in range(titled):
            cat.put(Item(id=f"title-{n}", title=f"Kỹ thuật nông nghiệp tập {n}", kind="book"),
                    [f"Tập {n} nói về giống lúa."])
        for n in range(others):
            cat.put(Item(id=f"news-{n}", title=f"Bản tin số {n}", kind="bulletin",
                         summary="Tin nông nghiệp trong tỉnh."),
                    [f"Bản tin {n}: nông nghiệp xanh."])
    return cat


@pytest.fixture(scope="module")
def crowded() -> Catalog:
    return _many_summaries(12, 900)


@pytest.mark.parametrize("query", ["nông nghiệp", "nong nghiep", "nong ngh", "nông"])
def test_title_hits_come_first_when_too_many_items_match_to_rank(crowded: Catalog,
                                                                 query: str) -> None:
    """900 newer items hold the words in their summaries: too many to rank, yet the
    12 whose titles hold them come first, then the others."""
    search = Search(crowded)
    for limit in (20, 30):
        order = ids(search.search(query, limit=limit))
        assert len(order) == limit
        assert set(order[:12]) == {f"title-{n}" for n in range(12)}
        assert all(i.startswith("news-") for i in order[12:])
    assert ids(search.search(query, kind="book")) == ids(search.search(query))[:12]


def test_title_hits_come_newest_first_when_too_many_titles_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """More matching titles than can be ranked: the newest of them, still above
    the items matching only in their summaries."""
    monkeypatch.setattr("library.search.RANK_LIMIT_ITEMS", 20)
    monkeypatch.setattr("library.search.RANK_LIMIT_TITLES", 20)
    search = Search(_many_summaries(40, 60))
    order = ids(search.search("nong nghiep", limit=30))
    assert set(order) == {f"title-{n}" for n in range(10, 40)}
    order = ids(search.search("nong nghiep", limit=30, kind="bulletin"))
    assert len(order) == 30 and all(i.startswith("news-") for i in order)


def test_a_title_hit_ranks_first_when_bm25_would_leave_it_out_of_the_candidates() -> None:
    """Few enough matches to rank by bm25, but 40 short summaries repeating "thủy
    sản" outscore the one long title holding it once: the title hit is still
    found, and first."""
    cat = Catalog(memory=True)
    with cat.atomic():
        cat.put(Item(id="title", kind="book", title=(
            "Cẩm nang kỹ thuật chăn nuôi gia súc gia cầm trồng trọt lúa gạo cà phê hồ tiêu "
            "và thủy sản cho hợp tác xã nông nghiệp vùng cao"),
            summary=" ".join(["Hướng dẫn chăm sóc vật nuôi cây trồng theo mùa vụ."] * 20)),
            ["Trang một."])
        for n in range(40):
            cat.put(Item(id=f"tin-{n}", title=f"Bản tin số {n}", kind="bulletin",
                         summary="Thủy sản, thủy sản, thủy sản."), [f"Trang {n}."])
    search = Search(cat)
    for query in ("thuy san", "thủy sản", "thuy s"):
        assert ids(search.search(query, limit=20))[0] == "title", query
    assert ids(search.search("thuy san", kind="book")) == ["title"]
