"""One rule for which sync warnings still hold, and a `message` derived from them."""

from __future__ import annotations

import pytest

from library.catalog import Catalog
from library.repository import notices, status

SYNCED = "2026-11-26T03:00:00+00:00"
LATER = "2026-11-26T04:00:00+00:00"
MISFIT = notices.kind_misfit("tin", "text/plain", "book", "bulletin")
CLOCK = notices.clock("2026-11-26T03:00:00Z", "2025-11-26T03:00:00Z")


@pytest.mark.parametrize("state_status", ["ok", "unverified", "unsigned", "ahead", "error", ""])
def test_an_older_station_s_message_is_shown_exactly_when_a_sync_keeps_it(
        state_status: str) -> None:
    """A state saved before warnings were kept apart: what the status prints of its
    `message` and what a sync that reads no new index carries over agree."""
    state = status.RepositoryState(id="vn.a", last_sync=SYNCED, status=state_status,
                                   message="server has version 2" if state_status == "ahead"
                                   else "some old warning")
    shown = status.warning_lines(state, None)
    carried = status.carried_over(state, [], LATER)
    assert bool(shown) == bool(carried) == (state_status in ("ok", "unverified", "unsigned"))
    if carried:
        assert [w.notice for w in carried] == [state.message] and carried[0].raised == SYNCED


def test_a_sync_carries_what_stands_about_the_content_and_says_the_check_anew() -> None:
    state = status.RepositoryState(id="vn.a", last_sync=SYNCED, status="unverified",
                                   warnings=(status.Warned(MISFIT, SYNCED),
                                             status.Warned(CLOCK, SYNCED)))
    assert status.standing(state) == state.warnings
    carried = status.carried_over(state, [], LATER)
    assert carried == (status.Warned(MISFIT, SYNCED),)
    again = status.carried_over(state, [CLOCK], LATER)
    assert again == (status.Warned(MISFIT, SYNCED), status.Warned(CLOCK, LATER))


def test_the_message_is_derived_from_the_warnings(tmp_path) -> None:
    catalog = Catalog(tmp_path / "catalog.db")
    try:
        warned = (status.Warned(MISFIT, SYNCED), status.Warned(CLOCK, SYNCED))
        state = status.RepositoryState(id="vn.a", last_sync=SYNCED, status="ok",
                                       message="stale words", warnings=warned)
        assert state.message == f"{MISFIT}; {CLOCK}"
        with catalog.atomic():
            status.save(catalog, state)
        [row] = catalog.query("SELECT message FROM repositories WHERE id = 'vn.a'")
        assert row["message"] == ""  # derivable: not saved
        assert status.get(catalog, "vn.a").message == f"{MISFIT}; {CLOCK}"
        assert status.read_states(tmp_path / "catalog.db")[0].message == f"{MISFIT}; {CLOCK}"

        # a failed sync: the error is the message, and the warnings stay beside it
        failed = status.RepositoryState(id="vn.a", last_sync=SYNCED, status="error",
                                        message="HTTP 404", warnings=warned)
        with catalog.atomic():
            status.save(catalog, failed)
        got = status.get(catalog, "vn.a")
        assert got.message == "HTTP 404" and got.warnings == warned
        assert "HTTP 404" in status.status_vi(got)

        # a state of an older version: only `message`, read back as it was
        with catalog.atomic():
            catalog.execute("DELETE FROM state WHERE key = ?", [status.WARNINGS_KEY + "vn.a"])
            catalog.execute("UPDATE repositories SET status = 'ok', message = 'old words' "
                            "WHERE id = 'vn.a'")
        old = status.get(catalog, "vn.a")
        assert old.warnings is None and old.message == "old words"
        assert status.warning_lines(old, None) == ["  old words"]
    finally:
        catalog.close()
