"""The station says when the signed index it holds is about to expire, or has expired.

Indexes are published at test time with the real publish code; "expired yesterday"
is one signed again with dates a day in the past (as `test_sync.serve_expired`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from library.catalog import Catalog
from library.config import Config
from library.errors import SyncError
from library.paths import DataPaths
from library.report import VerifiedReport, health_csv, health_report
from library.repository import notices, status
from library.repository.fetch import FetchSettings
from library.repository.importer import import_from
from library.search import Search
from tests.clirun import cafesach

from .expiring import REPOSITORY, expired_since, hold, publish_small
from .faulty_server import FaultyServer

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FAST = FetchSettings(retries=0, backoff_s=0.01, stall_timeout_s=5)


@pytest.fixture
def station(tmp_path: Path):
    paths = DataPaths(tmp_path / "data").ensure()
    catalog = Catalog.open(paths)
    yield paths, catalog
    catalog.close()


def day_of(state: status.RepositoryState) -> str:
    """The expiry's date on the station's calendar, as the lines write it."""
    moment = datetime.fromisoformat(state.expires.replace("Z", "+00:00")).astimezone(ZONE)
    return f"{moment.day}/{moment.month}/{moment.year}"


def iso_day(state: status.RepositoryState) -> str:
    moment = datetime.fromisoformat(state.expires.replace("Z", "+00:00")).astimezone(ZONE)
    return moment.date().isoformat()


def test_an_index_that_expires_in_three_days_is_said(tmp_path: Path, station, capsys) -> None:
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=3))
    hold(paths, catalog, repo, key)
    state = status.get(catalog, REPOSITORY)
    assert state is not None and state.status == "ok"
    # «Mục lục», the index, as the sync's own refusals name it ("danh mục" is the catalog),
    # and who can help once a sync brings nothing newer
    said_vi = (f"Mục lục của tỉnh sẽ hết hạn ngày {day_of(state)} (còn 3 ngày); hãy đồng bộ "
               "hoặc nạp gói mới từ USB trước ngày ấy; đồng bộ mà không có gì mới thì hãy báo "
               "người biên tập của tỉnh.")

    # the health report (the panel's «Tình trạng», and the report carried up on a stick)
    config = Config.load(paths.config_file)
    synced = health_report(paths, catalog, config)["last_sync"]
    assert synced[0]["expiry"] == {
        "code": notices.EXPIRES_SOON, "text_vi": said_vi,
        "text": f"the province's index this station holds expires in 3 days, on {iso_day(state)}"
                ": sync, or load a new pack from a USB stick, before then; if the sync finds "
                "nothing newer, ask the province's editor to publish again"}
    assert said_vi in health_csv([_report(synced)])

    # the status under the repository's line: `sync --status`, and the panel's words
    assert status.warning_lines(state, ZONE, language="vi") == [f"  {said_vi}"]
    code, out, _ = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    assert code == 0 and "  the province's index this station holds expires in 3 days" in out


def test_an_index_that_expired_yesterday_is_said_and_the_library_stays(
        tmp_path: Path, station, capsys) -> None:
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    valid_then = expired_since(repo, key, timedelta(days=1))
    hold(paths, catalog, repo, key, now=valid_then)  # taken in while it was valid
    state = status.get(catalog, REPOSITORY)
    assert state is not None and state.status == "ok"
    said_vi = (f"Mục lục của tỉnh đã hết hạn ngày {day_of(state)}; hãy đồng bộ hoặc nạp "
               "gói mới từ USB; đồng bộ mà không có gì mới thì hãy báo người biên tập của tỉnh.")
    config = Config.load(paths.config_file)
    expiry = health_report(paths, catalog, config)["last_sync"][0]["expiry"]
    assert expiry["code"] == notices.INDEX_EXPIRED and expiry["text_vi"] == said_vi
    assert expiry["text"].startswith(
        f"the province's index this station holds expired on {iso_day(state)}: ")

    # the server still has only that index: a sync refuses it, and the visitors keep the
    # library the station has
    items = [i.id for i in catalog.items()]
    assert items
    server = FaultyServer(repo)
    server.start()
    try:
        with pytest.raises(SyncError, match="expired"):
            import_from(paths, catalog, f"{server.url}/ok", settings=FAST)
    finally:
        server.stop()
    assert [i.id for i in catalog.items()] == items
    assert Search(catalog).search("gia ca phe")  # still found by a visitor
    code, out, _ = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    assert code == 0 and "  the province's index this station holds expired on" in out


def test_far_from_its_expiry_nothing_is_said_and_the_window_is_a_setting(
        tmp_path: Path, station) -> None:
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    hold(paths, catalog, repo, key)
    state = status.get(catalog, REPOSITORY)
    assert status.expiry(state, ZONE) is None
    assert status.warning_lines(state, ZONE) == []
    config = Config.load(paths.config_file)
    assert health_report(paths, catalog, config)["last_sync"][0]["expiry"] is None
    config.set("sync", "expiry_warning_days", 40)
    assert health_report(paths, catalog, config)["last_sync"][0]["expiry"]["code"] == \
        notices.EXPIRES_SOON
    # 0: nothing before the day it expires; on that day, and after, it is said
    config.set("sync", "expiry_warning_days", 0)
    assert status.expiry_warning_days(config) == 0
    expires = datetime.fromisoformat(state.expires.replace("Z", "+00:00"))
    assert status.expiry(state, ZONE, within_days=0, now=expires - timedelta(days=2)) is None
    assert status.expiry(state, ZONE, within_days=0,
                         now=expires + timedelta(seconds=1)).code == notices.INDEX_EXPIRED


def test_the_health_report_counts_on_the_stations_own_calendar(tmp_path: Path,
                                                                station) -> None:
    """The panel's «Tình trạng» and the report carried up name the day as «Nạp nội dung»
    and `sync --status` do: in `station.time_zone`, not in the default zone."""
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    hold(paths, catalog, repo, key)
    state = status.get(catalog, REPOSITORY)
    # 16:30 UTC: 23:30 in Vietnam, already the next day in Tokyo
    at = (datetime.now(UTC) + timedelta(days=3)).replace(hour=16, minute=30, second=0)
    with catalog.atomic():
        status.save(catalog, replace(state, expires=at.strftime("%Y-%m-%dT%H:%M:%SZ")))
    state = status.get(catalog, REPOSITORY)
    config = Config.load(paths.config_file)
    config.set("station", "time_zone", "Asia/Tokyo")
    tokyo = at.astimezone(ZoneInfo("Asia/Tokyo")).date()
    for running in (False, True):
        report = health_report(paths, catalog, config, running=running)
        said = report["last_sync"][0]["expiry"]["text_vi"]
        assert f"ngày {tokyo.day}/{tokyo.month}/{tokyo.year} " in said, said
        assert report["last_sync"][0]["status_vi"] == status.status_vi(
            state, ZoneInfo("Asia/Tokyo"))


@pytest.mark.parametrize(("left", "words"), [(0, "hôm nay"), (1, "ngày mai"), (5, "còn 5 ngày")])
def test_the_days_left_are_counted_on_the_stations_calendar(left: int, words: str) -> None:
    expires = datetime(2026, 12, 10, 16, 30, tzinfo=UTC)  # 23:30 on the 10th in Vietnam
    state = status.RepositoryState(id=REPOSITORY, version=2, status="ok",
                                   expires="2026-12-10T16:30:00Z")
    now = datetime(2026, 12, 10 - left, 18, 0, tzinfo=ZONE)
    said = status.expiry(state, ZONE, now=now)
    assert said is not None and said.code == notices.EXPIRES_SOON
    assert f"ngày 10/12/2026 ({words})" in said.message_vi
    assert expires > now


def test_an_expired_pack_is_not_said_twice(tmp_path: Path, station) -> None:
    """Taken from a stick already expired: its own warning says it, and the status line."""
    paths, catalog = station
    repo, key = publish_small(tmp_path / "editor", expires_in=timedelta(days=30))
    expired_since(repo, key, timedelta(days=1))
    result = hold(paths, catalog, repo, key)
    assert [w.code for w in result.warnings] == [notices.EXPIRED_PACK]
    state = status.get(catalog, REPOSITORY)
    assert state.status == "unverified" and status.expiry(state, ZONE) is None
    lines = status.warning_lines(state, ZONE, language="vi")
    assert lines == [f"  {result.warnings[0].message_vi}"]


def test_a_source_without_a_signed_index_has_no_expiry() -> None:
    feed = status.RepositoryState(id="http://calibre/opds", status="unsigned",
                                  last_sync="2026-01-01T00:00:00Z")
    never = status.RepositoryState(id="http://typo", status="error", message="no such host")
    assert status.expiry(feed) is None and status.expiry(never) is None


def _report(synced: list) -> VerifiedReport:
    """A verified report whose health holds only `synced` as its `last_sync`."""
    return VerifiedReport(folder=Path("report"), station_id="abc", station_name="Trạm thử",
                          day="2026-11-27", rows=[], health={"last_sync": synced})
