"""One sync has an overall deadline: a server that drips bytes just fast enough never
stalls, yet must not hold the sync (its lock, the panel's «đang đồng bộ») for days."""

from __future__ import annotations

from dataclasses import replace

import pytest

from library.config import Config
from library.errors import SyncError
from library.repository import status
from library.repository.fetch import FetchSettings, SyncTooLong
from library.repository.importer import DOWNLOADS, fetch_settings, import_from
from tests.clirun import cafesach

from .helpers import CHUNK, World, assert_untouched, clip_of, snapshot

#: Fast enough for the stall watch (a byte in its window is enough), one second in all.
SHORT = FetchSettings(retries=3, backoff_s=0.01, stall_timeout_s=0.3, stall_bytes=1,
                      timeout_s=5, deadline_s=1.0)


def _parts(paths) -> dict[str, int]:
    folder = paths.staging / DOWNLOADS
    return {p.name: p.stat().st_size for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".etag")} if folder.is_dir() else {}


def test_a_dripping_server_is_stopped_at_the_deadline_and_resumed_next_time(
        world: World, faulty, station) -> None:
    paths, catalog = station
    # the clip (five chunks) a chunk a second, never a stall: its first chunk comes at
    # once, and its last not before 4 s, so the 2 s always end inside it (the block that
    # arrives past them is kept, then the sync stops)
    faulty.drip_size, faulty.drip_delay = CHUNK, 1.0
    before = snapshot(paths)
    with pytest.raises(SyncTooLong) as caught:
        import_from(paths, catalog, f"{faulty.url}/driplarge/v1",
                    settings=replace(SHORT, deadline_s=2.0, stall_timeout_s=1.5))
    line = str(caught.value)
    assert "the sync took longer than 2 s" in line and "goes on from where it stopped" in line
    assert "\n" not in line
    assert "tải tiếp từ chỗ đã dừng" in caught.value.message_vi
    assert_untouched(before, paths)  # the catalog and the objects as they were
    kept = _parts(paths)
    clip = clip_of(world.repo_v1)
    # what arrived stays, for the next sync: whole chunks of the clip, not all of it
    assert CHUNK <= max(kept.values()) < clip.size
    failed = status.get(catalog, f"{faulty.url}/driplarge/v1")
    assert failed is not None and failed.status == "error" and "took longer" in failed.message

    # the next sync, the server well again: it resumes, asking only for the rest
    result = import_from(paths, catalog, f"{faulty.url}/ok/v1", settings=SHORT)
    assert len(result.added) == 5
    assert catalog.objects.verify(catalog.get("clip").sha256)
    resumed = [headers.get("Range") for path, headers in faulty.log
               if path.startswith("/ok/") and "/objects/" in path and headers.get("Range")]
    # from the whole chunks kept: a block cut at the deadline may end inside a chunk
    whole = max(kept.values()) // CHUNK * CHUNK
    assert resumed == [f"bytes={whole}-"], "only the rest of the clip is asked for"


def test_the_deadline_is_a_setting(tmp_path) -> None:
    config = Config(tmp_path / "config.toml")
    assert fetch_settings(config).deadline_s == 4 * 3600
    config.set("sync", "deadline_min", 30)
    assert fetch_settings(config).deadline_s == 30 * 60
    config.set("sync", "deadline_min", 0)  # no sync at all is no sensible reading of it
    assert fetch_settings(config).deadline_s == 4 * 3600


def test_cafesach_sync_past_its_deadline_is_one_line_and_exit_1(
        world: World, faulty, station, capsys) -> None:
    paths, _catalog = station
    faulty.drip_size, faulty.drip_delay = 1024, 0.05
    config = Config(paths.config_file)
    config.set("sync", "server_url", f"{faulty.url}/drip/v1")
    config.set("sync", "deadline_min", 0.02)  # 1.2 s
    config.set("sync", "stall_timeout_s", 0.5)
    config.save()
    before = snapshot(paths)
    code, _out, err = cafesach(capsys, "--data", str(paths.root), "sync")
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "took longer than 1.2 s" in lines[-1], err
    assert_untouched(before, paths)
    assert isinstance(SyncTooLong("x"), SyncError)


def test_the_kiosks_sync_in_its_own_process_ends_at_the_deadline(
        world: World, faulty, station) -> None:
    """The kiosk's timed sync (`import_in_child`): the child stops, its one line and the
    Vietnamese words reach the panel, and the next sync is free to start."""
    from library.repository.worker import import_in_child

    paths, _catalog = station
    faulty.drip_size, faulty.drip_delay = 1024, 0.05
    before = snapshot(paths)
    with pytest.raises(SyncTooLong) as caught:
        import_in_child(paths, f"{faulty.url}/drip/v1", settings=SHORT)
    assert "took longer than 1 s" in str(caught.value)
    assert "Đồng bộ kéo dài quá 1 giây" in caught.value.message_vi
    assert_untouched(before, paths)
    result = import_in_child(paths, f"{faulty.url}/ok/v1", settings=SHORT)
    assert len(result.added) == 5


def _deadline_after(monkeypatch: pytest.MonkeyPatch, files: int) -> None:
    """The sync's deadline passes once `files` files have been fetched (no clock waited
    for: each later download meets it at its first check)."""
    from library.repository.fetch import Fetcher

    real = Fetcher.get_file
    fetched = []

    def get_file(self: Fetcher, *args: object, **options: object) -> object:
        if len(fetched) >= files:
            self.deadline = 0.0
        fetched.append(1)
        return real(self, *args, **options)

    monkeypatch.setattr(Fetcher, "get_file", get_file)


def test_an_opds_import_past_its_deadline_keeps_what_arrived_and_brings_the_rest_next_time(
        world: World, nginx, station, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain OPDS feed (`import --trust-unsigned`): the publications past the deadline
    are one line, not each "skipped" for the deadline's words; those fetched are
    imported, the rest come with the next import, and none already here is removed."""
    from library.repository.importer import import_opds

    from .test_opds_import import FAST, calibre_site

    paths, catalog = station
    calibre_site(nginx.www / "calibre")
    url = f"{nginx.url}/calibre/opds"
    with monkeypatch.context() as patch:
        _deadline_after(patch, 1)
        first = import_opds(paths, catalog, url, settings=FAST)
    assert [i.title for i in catalog.items()] == ["Trồng lúa"]
    stopped = [w for w in first.warnings if "took longer" in w]
    assert len(stopped) == 1 and "not fetched yet" in stopped[0], first.warnings
    assert "lần nhập sau sẽ tải tiếp" in stopped[0].message_vi
    assert not [w for w in first.warnings if "skipped" in w and "took longer" in w]

    import_opds(paths, catalog, url, settings=FAST)  # no deadline met: the rest
    assert len(catalog) == 3

    # two publications changed since: the first arrives, the deadline passes before the
    # second, which stays as it was (listed in the feed, so not removed)
    page1, page2 = (nginx.www / "calibre" / name for name in ("newest-1", "newest-2"))
    page1.write_text(page1.read_text().replace("<title>Trồng lúa</title>",
                                               "<title>Trồng lúa nước</title>"))
    page2.write_text(page2.read_text().replace("(bản 2)", "(bản 3)"))
    with monkeypatch.context() as patch:
        _deadline_after(patch, 1)
        third = import_opds(paths, catalog, url, settings=FAST)
    assert len(third.updated) == 1 and third.removed == []
    assert sorted(i.title for i in catalog.items()) == ["Nuôi cá", "Trồng lúa (bản 2)",
                                                       "Trồng lúa nước"]
    with monkeypatch.context() as patch:
        _deadline_after(patch, 0)
        with pytest.raises(SyncTooLong):  # nothing arrived: nothing changed
            import_opds(paths, catalog, url, settings=FAST)
    assert len(catalog) == 3


@pytest.mark.parametrize(("after", "stops"), [("120", True), ("7", False)])
def test_a_busy_servers_wait_past_the_deadline_stops_the_sync_at_once(
        after: str, stops: bool) -> None:
    """A busy server's `Retry-After` that would end past the deadline: stopped now, not
    after waiting it out (the panel's «đang đồng bộ» for minutes more); one that ends
    before it is waited for as the server asks. No clock is waited on: the waits are
    only recorded."""
    from library.repository.fetch import Fetcher

    from .test_market_network import _busy_server

    slept: list[float] = []
    for host in _busy_server(after, busy=1):
        with Fetcher(FetchSettings(retries=2, backoff_s=0.01, deadline_s=60.0),
                     sleep=slept.append) as fetcher:
            if stops:
                with pytest.raises(SyncTooLong, match="took longer than 1 min"):
                    fetcher.get_small(f"http://{host}/index.json", limit=1000)
            else:
                assert fetcher.get_small(f"http://{host}/index.json", limit=1000).body == b"{}"
    assert slept == ([] if stops else [7.0])
