"""`sync` against a real nginx serving published repositories (deploy/nginx config)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from library.config import Config
from library.errors import LibraryError, SyncError
from library.repository import index as idx
from library.repository import status
from library.repository.fetch import FetchSettings
from library.repository.importer import import_from, sync

from .helpers import World, assert_untouched, clip_of, index_of, snapshot

FAST = FetchSettings(retries=1, backoff_s=0.01, stall_timeout_s=5)


def plant_partial(paths, url: str, clip: idx.ObjectRef, data: bytes) -> Path:
    """Leave `data` as an interrupted download of `clip`, tagged with the server's ETag."""
    downloads = paths.staging / "downloads"
    downloads.mkdir(parents=True)
    (downloads / f"{clip.sha256}.part").write_bytes(data)
    (downloads / f"{clip.sha256}.part.etag").write_text(
        httpx.head(f"{url}/{clip.path}").headers["etag"])
    return downloads


def test_nginx_serves_with_etag_range_and_cache_headers(world: World, nginx) -> None:
    url = nginx.serve(world.repo_v1, "headers")
    index = httpx.get(f"{url}/index.json", headers={"Accept-Encoding": "gzip"})
    assert index.headers["content-type"].startswith("application/json")
    assert index.headers["cache-control"] == "no-cache"
    assert index.headers.get("content-encoding") == "gzip"
    clip = clip_of(world.repo_v1)
    part = httpx.get(f"{url}/{clip.path}", headers={"Range": "bytes=100-"})
    assert part.status_code == 206 and part.headers["content-range"].startswith("bytes 100-")
    assert "immutable" in part.headers["cache-control"]
    assert not part.headers["etag"].startswith("W/")
    feed = httpx.get(f"{url}/opds/")
    assert "opds-catalog" in feed.headers["content-type"] and b"<feed" in feed.content


def test_sync_then_unchanged_resync_is_one_request(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "one-request")
    config = Config(paths.config_file)
    config.set("sync", "server_url", url)
    first = sync(paths, catalog, config, settings=FAST)
    assert first.status == "imported" and len(first.added) == 5
    assert catalog.objects.verify(catalog.get("clip").sha256)
    log_before = len(nginx.requests())
    again = sync(paths, catalog, config, settings=FAST)
    assert again.status == "unchanged" and again.requests == 1
    new_lines = nginx.requests()[log_before:]
    assert len(new_lines) == 1 and '" 304 ' in new_lines[0]
    assert status.get(catalog, "vn.lamdong.thuvien").status == "ok"


def test_resync_fetches_only_what_changed(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "changes")
    import_from(paths, catalog, url, settings=FAST)
    nginx.serve(world.repo_v2, "changes")
    v1 = index_of(world.repo_v1).objects()
    v2 = index_of(world.repo_v2).objects()
    new_bytes = sum(r.size for sha, r in v2.items() if sha not in v1)
    result = import_from(paths, catalog, url, settings=FAST)
    assert result.removed == ["ban-tin-2"] and "chuyen-doi-so" in result.added
    texts = sum(i.text.size for i in index_of(world.repo_v2).items if i.text)
    assert new_bytes <= result.bytes_staged <= new_bytes + texts  # page texts travel again
    index_size = (world.repo_v2 / "index.json").stat().st_size
    assert result.bytes_received <= new_bytes + texts + index_size


def serve_expired(world: World, nginx, name: str) -> str:
    """Version 1 re-signed as published on 2025-01-01 and expired on 2025-02-01."""
    url = nginx.serve(world.repo_v1, name)
    served = nginx.www / name / idx.INDEX_NAME
    signed = json.loads(served.read_bytes())["signed"]
    signed.update(created="2025-01-01T00:00:00Z", expires="2025-02-01T00:00:00Z")
    served.unlink()  # a hard link to the world's index: replace, never write through
    served.write_bytes(idx.sign(signed, world.key))
    served.chmod(0o644)
    return url


def test_expired_index_over_the_network_is_refused(world: World, nginx, station) -> None:
    paths, catalog = station
    url = serve_expired(world, nginx, "frozen")
    before = snapshot(paths)
    with pytest.raises(SyncError, match=r"expired.*freeze"):
        import_from(paths, catalog, url, settings=FAST)
    assert_untouched(before, paths)


def test_a_station_clock_run_ahead_is_named_not_called_an_attack(world: World, nginx,
                                                                 station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "clock")
    before = snapshot(paths)
    ahead = idx.utc_now() + timedelta(days=400)  # the index is fresh by the server's clock
    with pytest.raises(SyncError, match=r"clock is wrong") as caught:
        import_from(paths, catalog, url, settings=FAST, now=ahead)
    assert "freeze" not in str(caught.value)
    assert caught.value.message_vi.startswith("Đồng hồ của trạm bị sai")
    assert_untouched(before, paths)


def test_a_server_older_than_the_station_is_not_an_error(world: World, nginx, station) -> None:
    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v2))  # a stick brought version 2
    url = nginx.serve(world.repo_v1, "behind")
    before = snapshot(paths)
    result = import_from(paths, catalog, url, settings=FAST)
    assert result.status == "ahead" and "ahead" in result.warnings[0]
    assert result.warnings[0].message_vi == ("Trạm đang có phiên bản 2, mới hơn máy chủ "
                                             "(phiên bản 1).")
    assert snapshot(paths)["items"] == before["items"]
    assert "Trạm mới hơn" in status.status_vi(status.get(catalog, "vn.lamdong.thuvien"))


def test_what_an_interrupted_sync_downloaded_is_not_asked_for_again_in_room(
        world: World, nginx, station, monkeypatch) -> None:
    """A sync cut short left most of a file in `downloads/`: that room is taken already.
    The next sync needs only the rest beside the 100 MB reserve, not the whole again (a
    large video nearly downloaded over a market's 3G was refused for ever on a disk
    holding room for the rest)."""
    from library import paths as data_paths

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "room-after-cut")
    clip = clip_of(world.repo_v1)
    planted = clip.size - 1024
    plant_partial(paths, url, clip, (world.repo_v1 / clip.path).read_bytes()[:planted])
    total = sum(r.size for r in index_of(world.repo_v1).objects().values())
    assert planted > 4096
    real_usage = shutil.disk_usage
    free = data_paths.DISK_RESERVE_BYTES + total - planted + 4096  # the rest, not the whole
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real_usage(path)._replace(free=free))
    result = import_from(paths, catalog, url, settings=FAST)
    assert result.status == "imported" and catalog.objects.verify(clip.sha256)


def test_interrupted_download_resumes_from_the_last_good_chunk(world: World, nginx,
                                                               station) -> None:
    from .helpers import CHUNK

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "resume")
    clip = clip_of(world.repo_v1)
    half = clip.size // 2
    downloads = plant_partial(paths, url, clip, (world.repo_v1 / clip.path).read_bytes()[:half])
    total = sum(r.size for r in index_of(world.repo_v1).objects().values())
    result = import_from(paths, catalog, url, settings=FAST)
    assert catalog.objects.verify(clip.sha256)
    index_size = (world.repo_v1 / "index.json").stat().st_size
    kept = half - half % CHUNK
    assert result.bytes_received <= total - kept + index_size + 1024
    assert result.bytes_received >= total - half  # it really resumed (not re-fetched all)
    assert any(f"bytes={kept}-" in line or "206" in line for line in nginx.requests())
    assert not downloads.exists()  # nothing left over after success


def test_damaged_partial_download_is_cut_back_to_good_chunks(world: World, nginx,
                                                             station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "resume-bad")
    clip = clip_of(world.repo_v1)
    data = bytearray((world.repo_v1 / clip.path).read_bytes()[: clip.size // 2])
    data[10] ^= 0xFF  # the first chunk is bad: everything must be fetched again
    plant_partial(paths, url, clip, bytes(data))
    import_from(paths, catalog, url, settings=FAST)
    assert catalog.objects.verify(clip.sha256)


def test_missing_object_on_the_server_fails_cleanly(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "missing")
    clip = clip_of(world.repo_v1)
    (nginx.www / "missing" / clip.path).unlink()
    before = snapshot(paths)
    with pytest.raises(SyncError, match="not found"):
        import_from(paths, catalog, url, settings=FAST)
    assert_untouched(before, paths)


def test_bandwidth_limit_slows_the_transfer(world: World, nginx, station) -> None:
    """The limiter asks to sleep for the time the bytes should have taken."""
    from library.repository.fetch import Fetcher

    paths, _catalog = station
    url = nginx.serve(world.repo_v1, "slow")
    clip = clip_of(world.repo_v1)
    slept: list[float] = []
    fetcher = Fetcher(FetchSettings(bandwidth_bps=100_000), sleep=slept.append)
    fetcher.download(f"{url}/{clip.path}", paths.staging / "x.part", clip, 64 * 1024)
    fetcher.close()
    assert sum(slept) >= clip.size / 100_000 * 0.5


def test_sync_without_a_server_says_so(station) -> None:
    paths, catalog = station
    with pytest.raises(SyncError, match="no server configured"):
        sync(paths, catalog, Config(paths.config_file))
    config = Config(paths.config_file)
    config.set("sync", "server_url", "   ")
    with pytest.raises(SyncError, match="no server configured"):
        sync(paths, catalog, config)


def test_spaces_around_the_server_address_are_no_part_of_it(world: World, nginx,
                                                            station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "spaced")
    config = Config(paths.config_file)
    config.set("sync", "server_url", f" {url}/ \n")
    assert len(sync(paths, catalog, config, settings=FAST).added) == 5
    assert status.get(catalog, "vn.lamdong.thuvien").url == f"{url}/"


def test_folder_served_by_nginx_matches_pack_import(world: World, nginx, station,
                                                    tmp_path: Path) -> None:
    """One format, two transports: the same catalog from a URL and from a pack."""
    from .helpers import new_station

    paths, catalog = station
    import_from(paths, catalog, nginx.serve(world.repo_v2, "same"), settings=FAST)
    other_paths, other = new_station(tmp_path / "other", world)
    import_from(other_paths, other, str(world.pack_v2))
    assert snapshot(paths)["items"] and [r[1:] for r in snapshot(paths)["items"]] != []
    mine = {i.id: (i.sha256, i.title, i.page_count) for i in catalog.items(include_hidden=True)}
    theirs = {i.id: (i.sha256, i.title, i.page_count) for i in other.items(include_hidden=True)}
    assert mine == theirs
    other.close()
    shutil.rmtree(other_paths.root)


def test_lost_files_make_the_next_sync_fetch_them_again(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "lost")
    import_from(paths, catalog, url, settings=FAST)
    clip = catalog.get("clip")
    catalog.objects.remove(clip.sha256)  # a damaged disk
    import_from(paths, catalog, url, settings=FAST)
    assert catalog.objects.verify(clip.sha256)


def test_sync_through_an_http_proxy(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "via-proxy")
    settings = FetchSettings(retries=1, backoff_s=0.01, proxy=nginx.proxy)
    result = import_from(paths, catalog, url, settings=settings)
    assert len(result.added) == 5
    proxied = nginx.proxy_log.read_text()
    assert "/via-proxy/index.json" in proxied and "/via-proxy/objects/" in proxied


def test_only_one_import_at_a_time(world: World, station) -> None:
    from library.errors import PackError
    from library.repository.importer import _station_lock

    paths, catalog = station
    with _station_lock(paths), pytest.raises(PackError, match="another import"):
        import_from(paths, catalog, str(world.pack_v1))


def test_a_sync_refused_while_another_runs_leaves_the_status_alone(world: World, nginx,
                                                                  station) -> None:
    """The panel must not say "Đồng bộ lỗi" while the running sync is doing fine."""
    from library.errors import PackError
    from library.repository.importer import _station_lock

    from .helpers import new_station

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "busy")
    import_from(paths, catalog, url, settings=FAST)
    with _station_lock(paths), pytest.raises(PackError, match="another import"):
        import_from(paths, catalog, url, settings=FAST)
    assert [s.status for s in status.all_states(catalog)] == ["ok"]
    fresh_paths, fresh = new_station(paths.root.parent / "fresh", world)
    with _station_lock(fresh_paths), pytest.raises(PackError, match="another import"):
        import_from(fresh_paths, fresh, url, settings=FAST)
    assert status.all_states(fresh) == []
    fresh.close()


def test_progress_moves_while_one_large_object_downloads(world: World, nginx,
                                                        station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "progress")
    calls: list[tuple[int, str]] = []
    import_from(paths, catalog, url, settings=FAST,
                progress=lambda done, _total, label: calls.append((done, label)))
    clip = clip_of(world.repo_v1)
    start = next(done for done, name in calls if name == clip.sha256[:12])
    inside = [done for done, name in calls
              if name == clip.sha256[:12] and start < done < start + clip.size]
    assert len(inside) >= 2, calls


def test_a_forced_resync_after_an_update_fetches_nothing(world: World, nginx, station,
                                                        monkeypatch) -> None:
    """Page texts leave the store after import; that must not make items look changed."""
    paths, catalog = station
    monkeypatch.setattr("library.catalog.GARBAGE_GRACE_S", 0.0)  # as on a later day
    url = nginx.serve(world.repo_v1, "after-gc")
    import_from(paths, catalog, url, settings=FAST)
    nginx.serve(world.repo_v2, "after-gc")
    import_from(paths, catalog, url, settings=FAST)
    catalog.execute("UPDATE repositories SET etag = NULL, last_modified = NULL")
    again = import_from(paths, catalog, url, settings=FAST)
    assert again.added == again.updated == again.removed == []
    assert again.bytes_staged == 0 and again.unchanged == 6
    assert set(catalog.objects) == catalog.referenced_objects()


def test_a_catalog_removed_from_the_server_keeps_the_station_and_says_since_when(
        world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "gone")
    import_from(paths, catalog, url, settings=FAST)
    before = snapshot(paths)
    shutil.rmtree(nginx.www / "gone")
    with pytest.raises(SyncError, match=r"not found on the server \(404\)"):
        import_from(paths, catalog, url, settings=FAST)
    assert snapshot(paths)["items"] == before["items"]
    line = status.status_vi(status.get(catalog, "vn.lamdong.thuvien"))
    assert line.startswith("Đồng bộ lỗi (lần cuối thành công ") and "phiên bản 1)" in line
    assert "404" in line


def test_an_index_left_to_expire_on_the_server_is_reported_on_an_unchanged_sync(
        world: World, nginx, station) -> None:
    paths, catalog = station
    url = serve_expired(world, nginx, "left")
    import_from(paths, catalog, url, settings=FAST, now=datetime(2025, 1, 15, tzinfo=UTC))
    again = import_from(paths, catalog, url, settings=FAST)  # 304: the same index
    assert again.status == "unchanged" and again.requests == 1
    assert "expired on 2025-02-01" in again.warnings[0] and "publish again" in again.warnings[0]
    assert again.warnings[0].message_vi.startswith("Mục lục trên máy chủ đã hết hạn từ 1/2/2025:")
    assert status.get(catalog, "vn.lamdong.thuvien").status == "unverified"


def test_an_unchanged_sync_names_a_clock_run_ahead(world: World, nginx, station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "clock-304")
    import_from(paths, catalog, url, settings=FAST)
    again = import_from(paths, catalog, url, settings=FAST,
                        now=idx.utc_now() + timedelta(days=400))
    assert again.status == "unchanged" and "clock" in again.warnings[0]
    assert again.warnings[0].message_vi.startswith("Giờ của trạm (") and \
        "hãy đặt lại ngày giờ" in again.warnings[0].message_vi


def test_odd_sync_settings_never_stop_every_sync(station) -> None:
    from library.repository.importer import fetch_settings

    paths, _catalog = station
    config = Config(paths.config_file)
    for key, value in (("retries", -1), ("stall_timeout_s", 0.0), ("bandwidth_kbps", -5),
                       ("proxy", "  ")):
        config.set("sync", key, value)
    settings = fetch_settings(config)
    assert settings.retries == 0 and settings.stall_timeout_s == 60.0
    assert settings.bandwidth_bps == 0 and settings.proxy is None


def test_an_error_page_served_as_the_index_is_called_a_web_page(world: World, nginx,
                                                               station) -> None:
    """A proxy or CDN answering 200 with its HTML error page under the index's name
    (and its JSON content type)."""
    paths, catalog = station
    folder = nginx.www / "error-page"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / idx.INDEX_NAME).write_text(
        "\n<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")
    (folder / idx.INDEX_NAME).chmod(0o644)
    with pytest.raises(SyncError, match="got a web page instead of the repository index"):
        import_from(paths, catalog, f"{nginx.url}/error-page", settings=FAST)
    assert len(catalog) == 0


def test_a_first_sync_that_fails_is_in_the_status_until_one_succeeds(
        world: World, nginx, station) -> None:
    paths, catalog = station
    url = f"{nginx.url}/not-yet"  # the editor has not published there yet
    with pytest.raises(SyncError, match=r"404"):
        import_from(paths, catalog, url, settings=FAST)
    states = status.all_states(catalog)
    assert [s.id for s in states] == [url]  # kept under the address: no library yet
    assert status.status_vi(states[0]).startswith("Đồng bộ lỗi: ") and "404" in states[0].message
    with pytest.raises(SyncError):
        import_from(paths, catalog, url, settings=FAST)
    assert len(status.all_states(catalog)) == 1  # one line however often it fails
    typo = f"{nginx.url}/not-yet-typo"  # an address mistyped once, since corrected
    with pytest.raises(SyncError):
        import_from(paths, catalog, typo, settings=FAST)
    nginx.serve(world.repo_v1, "not-yet")
    import_from(paths, catalog, url, settings=FAST)
    assert [(s.id, s.status) for s in status.all_states(catalog)] == [
        ("vn.lamdong.thuvien", "ok")]


def test_a_failed_sync_is_recorded_by_one_public_call(world: World, nginx, station) -> None:
    """`record_sync_failure`: what the importer and the import's process watcher
    (`worker`, when the process dies) both call."""
    from library.repository.importer import record_sync_failure

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "recorded")
    record_sync_failure(catalog, url, SyncError("the server is down"))  # never synced yet
    assert [(s.id, s.status, s.message) for s in status.all_states(catalog)] == [
        (url, "error", "the server is down")]
    import_from(paths, catalog, url, settings=FAST)
    good = status.get(catalog, "vn.lamdong.thuvien")
    record_sync_failure(catalog, url, SyncError("a stall"))
    [state] = status.all_states(catalog)
    assert (state.id, state.status, state.message) == ("vn.lamdong.thuvien", "error", "a stall")
    assert (state.version, state.last_sync, state.etag) == (1, good.last_sync, good.etag)


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.system(f"mount -t tmpfs -o size=2m tmpfs {mount} 2>/dev/null") != 0:
        pytest.skip("mounting a small tmpfs is not permitted here")
    yield mount
    os.system(f"umount -l {mount}")


def test_a_disk_filling_up_during_a_download_is_one_clear_error(world: World, nginx,
                                                                small_disk: Path,
                                                                monkeypatch) -> None:
    """Even the failure's status line cannot be saved then: the reason must still come out."""
    from library import paths as data_paths
    from library.errors import StorageError
    from library.repository import faults

    from .helpers import new_station

    paths, catalog = new_station(small_disk / "data", world)
    url = nginx.serve(world.repo_v1, "full-disk")
    monkeypatch.setattr(data_paths, "DISK_RESERVE_BYTES", 0)
    filler = small_disk / "filler"

    def fill(name: str, _detail: int) -> None:
        if name == "staging-start":  # someone else fills the disk right after the check
            with filler.open("wb") as fh, contextlib.suppress(OSError):
                fh.write(b"\0" * (2 * 1024 * 1024))

    before = snapshot(paths)
    faults.set_hook(fill)
    try:
        with pytest.raises(StorageError, match="while downloading: No space left on "
                                               "device; nothing was changed"):
            import_from(paths, catalog, url, settings=FAST)
    finally:
        faults.set_hook(None)
    filler.unlink()
    assert snapshot(paths)["items"] == before["items"] == []
    result = import_from(paths, catalog, url, settings=FAST)  # space again: it goes through
    assert len(result.added) == 5
    catalog.close()


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "khong phai dia chi"])
def test_an_unusable_proxy_setting_is_one_line_and_in_the_status(world: World, nginx, station,
                                                                 proxy: str) -> None:
    from library.errors import ConfigError

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "bad-proxy")
    config = Config(paths.config_file)
    config.set("sync", "proxy", proxy)
    with pytest.raises(ConfigError, match=r"sync\.proxy .* is not a usable proxy"):
        sync(paths, catalog, config, url)
    assert [s.status for s in status.all_states(catalog)] == ["error"]
    assert len(catalog) == 0


def test_a_proxy_that_is_down_is_named(world: World, nginx, station) -> None:
    import socket

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "proxy-down")
    with socket.socket() as closed:  # bound, never listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        proxy = f"http://user:mat-khau@127.0.0.1:{closed.getsockname()[1]}"
        settings = FetchSettings(retries=0, backoff_s=0.01, proxy=proxy)
        with pytest.raises(SyncError, match="through the proxy") as caught:
            import_from(paths, catalog, url, settings=settings)
    assert "mat-khau" not in str(caught.value)


def test_a_cancelled_sync_leaves_the_last_good_status(world: World, nginx, station) -> None:
    """The librarian pressed "Hủy": the panel must not turn to "Đồng bộ lỗi"."""
    import threading

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "cancelled")
    import_from(paths, catalog, url, settings=FAST)
    nginx.serve(world.repo_v2, "cancelled")
    cancel = threading.Event()

    def progress(done: int, _total: int, _label: str) -> None:
        if done:
            cancel.set()

    with pytest.raises(LibraryError, match="cancelled"):
        import_from(paths, catalog, url, settings=FAST, progress=progress, cancel=cancel)
    [state] = status.all_states(catalog)
    assert state.status == "ok" and state.version == 1


def test_the_cli_says_a_station_is_ahead_once(capsys, world: World, nginx, station) -> None:
    from tests.clirun import cafesach

    paths, catalog = station
    import_from(paths, catalog, str(world.pack_v2))
    url = nginx.serve(world.repo_v1, "behind-cli")
    code, out, err = cafesach(capsys, "--data", str(paths.root), "sync", url)
    assert code == 0
    assert (out + err).count("ahead") == 1, out + err
    assert out == ("vn.lamdong.thuvien: this station is ahead of the server (version 2); "
                   "nothing to do\n")
    code, out, _err = cafesach(capsys, "--data", str(paths.root), "sync", url, "--json")
    assert json.loads(out)["warnings"][0].startswith("this station is ahead of the server")


def test_an_interrupted_sync_changes_nothing_and_the_next_one_resumes(
        capsys, monkeypatch, world: World, nginx, station) -> None:
    from library.repository import faults
    from tests.clirun import cafesach

    paths, catalog = station
    url = nginx.serve(world.repo_v1, "interrupted")

    def hook(name: str, _detail: int) -> None:
        if name == "staged-object":
            raise KeyboardInterrupt

    monkeypatch.setattr(faults, "_hook", hook)
    code, _out, err = cafesach(capsys, "--data", str(paths.root), "sync", url)
    assert code == 130
    assert err.endswith("cafesach: interrupted; nothing was changed; the next sync resumes "
                        "the downloads where they stopped\n"), err
    assert len(catalog) == 0 and status.get(catalog, "vn.lamdong.thuvien") is None
    [kept] = (paths.staging / "downloads").glob("*.part")  # fetched before the interrupt
    kept_bytes = kept.stat().st_size
    monkeypatch.setattr(faults, "_hook", None)
    result = import_from(paths, catalog, url, settings=FAST)
    assert result.status == "imported" and len(catalog) == 5
    everything = (world.repo_v1 / "index.json").stat().st_size + sum(
        r.size for r in index_of(world.repo_v1).objects().values())
    assert result.bytes_received == everything - kept_bytes  # not fetched again


def test_an_index_published_empty_empties_the_library_and_says_so(
        capsys, tmp_path: Path, world: World, nginx, station) -> None:
    """The editor's signed word (publish asks for --allow-empty): the station follows it,
    and the librarian facing an empty kiosk reads why, also after later syncs."""
    from library.repository import notices
    from library.repository.publish import publish
    from tests.clirun import cafesach

    paths, catalog = station
    repo = tmp_path / "repo"
    shutil.copytree(world.repo_v1, repo)
    url = nginx.serve(repo, "emptied")
    import_from(paths, catalog, url, settings=FAST)
    assert len(catalog) == 5
    (tmp_path / "nothing").mkdir()
    publish(tmp_path / "nothing", repo, world.key, allow_empty=True)
    url = nginx.serve(repo, "emptied")
    result = import_from(paths, catalog, url, settings=FAST)
    assert len(result.removed) == 5 and len(catalog) == 0
    [notice] = result.warnings
    assert notice.code == notices.EMPTIED
    assert notice == ("the index of vn.lamdong.thuvien lists no items: all 5 of its items "
                      "were removed (the editor published it empty; if that was not meant, "
                      "tell the editor)")
    assert notice.message_vi.startswith("Kho vn.lamdong.thuvien trên máy chủ không còn mục "
                                        "nào: đã gỡ cả 5 mục")
    assert import_from(paths, catalog, url, settings=FAST).status == "unchanged"  # a 304
    publish(tmp_path / "nothing", repo, world.key, allow_empty=True)  # empty again, re-signed
    later = (repo / idx.INDEX_NAME).stat().st_mtime + 5  # nginx's ETag: mtime and size
    os.utime(repo / idx.INDEX_NAME, (later, later))
    url = nginx.serve(repo, "emptied")
    again = import_from(paths, catalog, url, settings=FAST)
    assert again.status == "imported" and again.removed == [] and again.warnings == []
    [kept] = status.get(catalog, "vn.lamdong.thuvien").warnings
    assert kept.notice == notice  # still what the librarian must read at an empty kiosk
    catalog.close()
    code, out, _err = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    assert code == 0 and out.splitlines()[-1].strip() == notice
