"""Which run of shared slots a page that needs several is given when none is free:
the run whose pages cost least to lose (`PageArena.cheapest_run`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence

import pytest

from library.documents.process import WorkerProcess
from library.documents.slots import Cost, PageArena

SLOT = 4096


@pytest.fixture
def arena() -> Iterator[PageArena]:
    made = PageArena(6 * SLOT, slot_bytes=SLOT)
    yield made
    made.close()


def _fill(arena: PageArena, *pages: tuple[str, int]) -> None:
    """Take slots in order for (name, slots) pairs; a name "" leaves them free after."""
    free = []
    for name, count in pages:
        taken = arena.take(count * SLOT, name or None)
        assert taken is not None
        if not name:
            free.append(taken)
    for taken in free:
        arena.give_back(*taken)


def _priced(costs: dict[str, Cost]) -> Callable[[Sequence[Hashable]], dict[Hashable, Cost]]:
    """Prices as the engine gives them: only for the pages it could let go of."""
    return lambda owners: {owner: costs[owner] for owner in owners if owner in costs}


def test_a_free_run_costs_nothing(arena: PageArena) -> None:
    _fill(arena, ("a", 1), ("", 2), ("b", 3))
    assert arena.cheapest_run(2, _priced({"a": (1,), "b": (1,)})) == []


def test_the_run_losing_fewest_pages_is_chosen_not_the_oldest(arena: PageArena) -> None:
    """Oldest first would let go of a, then b, before a run of two came free."""
    _fill(arena, ("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("", 1))
    costs = {name: (1, age) for age, name in enumerate("abcde")}
    assert arena.cheapest_run(2, _priced(costs)) == ["e"]
    assert arena.cheapest_run(3, _priced(costs)) == ["d", "e"]


def test_among_runs_as_long_the_oldest_pages_go(arena: PageArena) -> None:
    _fill(arena, ("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1))
    costs = {name: (1, age) for age, name in enumerate("cdbfea")}
    assert arena.cheapest_run(2, _priced(costs)) == ["c", "d"]


def test_dearer_pages_go_only_when_every_run_holds_one(arena: PageArena) -> None:
    """The page shown is dearer than any number of other pages; one page over two slots
    is one page lost."""
    _fill(arena, ("shown", 1), ("x", 1), ("y", 1), ("zoomed", 2), ("near", 1))
    costs = {"shown": (1, 0, 1), "near": (0, 1, 1), "x": (0, 0, 1), "y": (0, 0, 1),
             "zoomed": (0, 0, 1)}
    assert arena.cheapest_run(2, _priced(costs)) == ["zoomed"]
    assert arena.cheapest_run(3, _priced(costs)) == ["y", "zoomed"]
    assert arena.cheapest_run(4, _priced(costs)) == ["x", "y", "zoomed"]
    assert arena.cheapest_run(6, _priced(costs)) == ["shown", "x", "y", "zoomed", "near"]


def test_a_run_holding_a_page_that_cannot_go_is_never_chosen(arena: PageArena) -> None:
    """Pages left out of the prices (not cached: held by someone else) and slots taken
    for no page (a render in flight) free nothing."""
    _fill(arena, ("a", 1), ("held", 1), ("b", 1), ("c", 1))
    arena.take(SLOT)  # in flight, no owner
    _fill(arena, ("d", 1))
    costs = {"a": (1, 9), "b": (1, 0), "c": (1, 0), "d": (1, 0)}
    assert arena.cheapest_run(2, _priced(costs)) == ["b", "c"]
    assert arena.cheapest_run(3, _priced(costs)) is None


def test_the_worker_takes_the_next_run_when_a_page_let_go_stays_held(
        arena: PageArena) -> None:
    """A page the cache let go of may still be held (a slice someone kept): its slots
    stay taken, and the next cheapest run is freed instead of giving up."""
    _fill(arena, ("kept", 1), ("a", 1), ("", 1), ("b", 1), ("c", 1), ("", 1))
    cached = {"kept": (1, 0), "a": (1, 1), "b": (1, 5), "c": (1, 6)}
    let_go: list[list[Hashable]] = []

    def letting_go(owners: list[Hashable]) -> None:
        let_go.append(owners)
        for owner in owners:
            cached.pop(str(owner))
            if owner != "kept":
                arena.give_back({"a": 1, "b": 3, "c": 4}[str(owner)], 1)

    worker = WorkerProcess()
    worker.price_pages = _priced(cached)
    worker.let_go = letting_go
    assert worker._take_room(arena, 3 * SLOT, "zoomed") == (1, 3)
    assert let_go == [["kept", "a"], ["b"]]
    assert arena.free_slots() == 1  # slot 0 still held elsewhere, c kept in slot 4


def test_an_older_copy_of_a_page_held_elsewhere_is_not_counted_as_the_cached_one(
        arena: PageArena) -> None:
    """Page k drawn again while its first copy is still held elsewhere (a future someone
    kept, after the cache let go of it): the cache holds the new copy only. The old
    run freed nothing when k was let go — the new copy left the cache for nothing, and
    no run came free. Only the run holding the cached copy counts as k's."""
    _fill(arena, ("k", 1), ("a", 1), ("b", 1))
    old_k = (0, 1)  # held elsewhere from now on; the cache has let go of it
    _fill(arena, ("k", 1), ("c", 1), ("d", 1))  # k drawn again, into slot 3
    costs = {"k": (1, 0), "a": (1, 1), "b": (1, 2), "c": (1, 3), "d": (1, 4)}
    assert arena.cheapest_run(2, _priced(costs)) == ["b", "k"]  # not ["k", "a"]
    arena.give_back(*old_k)  # its holder let go: a free slot again, costing nothing
    assert arena.cheapest_run(2, _priced(costs)) == ["a"]


def test_a_run_freed_meanwhile_is_taken_not_given_up(arena: PageArena) -> None:
    """Between a failed take and the look for the cheapest run, the last view of a page
    may go on another thread (the screen let go of it): the run is free, nothing need
    be let go — the page is drawn there, not sent through the pipe."""
    _fill(arena, ("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1))
    take = arena.take

    def taking(nbytes: int, owner: Hashable | None = None) -> tuple[int, int] | None:
        taken = take(nbytes, owner)
        if taken is None:
            arena.give_back(2, 2)  # c and d dropped by their holder just now
        return taken

    arena.take = taking  # type: ignore[method-assign]
    let_go: list[list[Hashable]] = []
    worker = WorkerProcess()
    worker.price_pages = _priced({name: (1, 0) for name in "abcdef"})
    worker.let_go = let_go.append
    assert worker._take_room(arena, 2 * SLOT, "zoomed") == (2, 2)
    assert let_go == []  # nothing cached was let go


def test_a_page_read_back_from_disk_is_not_let_go_for_an_old_copys_slots(
        arena: PageArena) -> None:
    """The cache's copy of k came from the disk cache (bytes of its own) while an old
    copy drawn into the arena is still held elsewhere (a band's finished future the
    collector has not freed yet). Letting go of k frees no slot: the room is made
    from the pages in the arena, and k stays cached."""
    from library.documents.model import RenderedPage
    from library.documents.pagecache import MemoryCache

    cache = MemoryCache(1 << 30)

    def drawn(name: str) -> RenderedPage:
        taken = arena.take(SLOT, name)
        assert taken is not None
        return RenderedPage(1, 1, 1, 3, "RGB888", arena.page_view(*taken, 3))

    held_elsewhere = drawn("k")  # its cached copy long let go of
    cache.put("k", RenderedPage(1, 1, 1, 3, "RGB888", b"\xff" * 3))  # from the disk
    for name in "abcde":
        cache.put(name, drawn(name))
    worker = WorkerProcess()
    worker.price_pages = lambda owners: {key: (1, rank) for key, rank
                                         in cache.recency(owners).items()}
    worker.let_go = cache.let_go
    assert worker._take_room(arena, SLOT, "new") == (1, 1)  # a's slot: the oldest drawn
    assert "k" in cache and "a" not in cache
    assert held_elsewhere.data[:3] == b"\x00\x00\x00"  # untouched


def test_one_slot_is_the_cheapest_page_whatever_its_size(arena: PageArena) -> None:
    """The slot kept free for whitening: the one page that costs least to lose, a
    zoomed page over several slots too; [] when a slot is free, None when no page may
    go (the page shown has no price here: it is being drawn)."""
    _fill(arena, ("a", 2), ("b", 1), ("c", 3))
    assert arena.cheapest_run(1, _priced({"a": (0, 0, 1, 2), "b": (1, 0, 1, 0),
                                          "c": (0, 0, 1, 1)})) == ["c"]
    assert arena.cheapest_run(1, _priced({"b": (0, 1, 1, 0)})) == ["b"]
    assert arena.cheapest_run(1, _priced({})) is None
    arena.give_back(2, 1)  # b's slot comes free
    assert arena.cheapest_run(1, _priced({"a": (0, 0, 1, 2)})) == []
