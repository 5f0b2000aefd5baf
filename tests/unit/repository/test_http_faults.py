"""A misbehaving server: every fault is named, nothing is written outside staging."""

from __future__ import annotations

import pytest

from library.errors import SyncError
from library.repository import index as idx
from library.repository.fetch import FetchSettings
from library.repository.importer import import_from

from .helpers import World, assert_untouched, index_of, snapshot

#: Short stall timeout and backoff, injected so the tests take fractions of a second.
QUICK = FetchSettings(retries=3, backoff_s=0.01, stall_timeout_s=0.3, stall_bytes=1024,
                      timeout_s=5)


def refused(paths, catalog, url: str, words: str) -> SyncError:
    before = snapshot(paths)
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, url, settings=QUICK)
    assert words.lower() in str(caught.value).lower(), str(caught.value)
    assert_untouched(before, paths)
    return caught.value


def test_correct_server_works(world: World, faulty, station) -> None:
    paths, catalog = station
    result = import_from(paths, catalog, f"{faulty.url}/ok/v1", settings=QUICK)
    assert len(result.added) == 5


def test_range_answered_with_200_restarts_instead_of_appending(world: World, faulty,
                                                               station) -> None:
    paths, catalog = station
    result = import_from(paths, catalog, f"{faulty.url}/range200/v1", settings=QUICK)
    clip = catalog.get("clip")
    assert catalog.objects.verify(clip.sha256) and len(result.added) == 5
    asked = [h for p, h in faulty.log if "Range" in h and p.endswith(
        index_of(world.repo_v1).objects()[clip.sha256].path)]
    assert asked, "the client should have tried to resume"


def test_shifted_206_is_refused(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/shift206/v1", "wrong range")


def test_etag_swapped_mid_download_is_named(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/etagswap/v1", "ETag")


def test_endless_body_is_cut_at_the_declared_size(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/endless/v1", "more than the declared")


def test_endless_index_is_cut_at_the_limit(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/indexendless/v1",
            f"larger than the {idx.MAX_INDEX_BYTES // 1048576} MB limit")


def test_dripping_bytes_count_as_a_stall(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/drip/v1", "stalled")


def test_redirect_loop_is_one_clear_error(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/loop/v1", "redirects in a loop")
    assert faulty.hits["/loop/v1/index.json"] < 30  # given up at once, not retried


def test_damaged_compressed_index_is_retried_then_named(world: World, faulty,
                                                        station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/badgzip/v1", "arrived damaged")
    assert faulty.hits["/badgzip/v1/index.json"] == QUICK.retries + 1


def test_a_dripping_index_counts_as_a_stall(world: World, faulty, station) -> None:
    """Each byte in time for the read timeout, yet the sync would never end."""
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/dripindex/v1", "stalled")


def test_captive_portal_is_named(world: World, faulty, station) -> None:
    paths, catalog = station
    refused(paths, catalog, f"{faulty.url}/portal/v1", "captive portal")


def test_captive_portal_after_a_good_sync_leaves_status_for_the_ui(world: World, faulty,
                                                                   station) -> None:
    from library.repository import status

    paths, catalog = station
    import_from(paths, catalog, f"{faulty.url}/ok/v1", settings=QUICK)
    # the same repository URL now answers with a login page
    catalog.execute("UPDATE repositories SET url = ?", [f"{faulty.url}/portal/v1"])
    catalog.execute("UPDATE repositories SET etag = NULL")
    with pytest.raises(SyncError, match="captive portal"):
        import_from(paths, catalog, f"{faulty.url}/portal/v1", settings=QUICK)
    state = status.get(catalog, "vn.lamdong.thuvien")
    assert state.status == "error" and "captive portal" in status.status_vi(state)
    assert len(catalog) == 5


def test_a_304_to_a_request_without_a_condition_is_no_unchanged_library(world: World, faulty,
                                                                        station) -> None:
    """A cache that answers "not modified" to every request: a station that never synced
    must not be told its library is unchanged, nor one whose files were lost."""
    from library.repository import status

    paths, catalog = station
    url = f"{faulty.url}/always304/v1"
    error = refused(paths, catalog, url, "answered 304 (not modified) to a request for the "
                                         "whole document")
    assert faulty.hits["/always304/v1/index.json"] == 1  # no use asking again
    assert status.status_vi(status.all_states(catalog)[0]).startswith("Đồng bộ lỗi: ")
    assert str(error) in status.all_states(catalog)[0].message
    # a station that synced, then lost a file: it asks for the whole index again
    import_from(paths, catalog, f"{faulty.url}/ok/v1", settings=QUICK)
    catalog.execute("UPDATE repositories SET url = ?", [url])
    catalog.objects.remove(catalog.get("clip").sha256)
    refused(paths, catalog, url, "answered 304 (not modified)")
