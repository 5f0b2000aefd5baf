"""A server that accepts the connection and never answers stops a sync after
`sync.silence_s` of silence, not after every attempt's full timeout and the backoff
between (about 6.5 minutes with the defaults); a slow download that keeps moving, or a
busy server's asked-for wait, is no silence."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from library.config import Config
from library.repository.fetch import Fetcher, FetchSettings, ServerSilent, SyncTooLong
from library.repository.importer import fetch_settings, import_from, import_opds
from tests.clirun import cafesach

from .helpers import CHUNK, World, assert_untouched, make_pdf, snapshot
from .raw_server import raw_server

#: The default retries (six attempts), each attempt's own timeouts long: without the
#: silence rule the sync would wait them all out (6 × 30 s); with it, one second.
SILENT = FetchSettings(retries=5, backoff_s=0.01, timeout_s=30, stall_timeout_s=30,
                       silence_s=1.0)


def _silent(conn: socket.socket) -> None:
    """Takes the request and never answers (until the station hangs up)."""
    conn.recv(65536)
    conn.recv(1)


def _silent_line(error: BaseException) -> None:
    line = str(error)
    assert "the server sent nothing for 1 s (sync.silence_s" in line, line
    assert "nothing was changed" in line and "\n" not in line
    assert "Máy chủ không trả lời trong 1 giây" in error.message_vi  # type: ignore[attr-defined]


def test_a_server_that_never_answers_stops_the_sync_at_its_silence(station) -> None:
    paths, catalog = station
    before = snapshot(paths)
    with raw_server(_silent) as url, pytest.raises(ServerSilent) as caught:
        import_from(paths, catalog, f"{url}/kho", settings=SILENT)
    _silent_line(caught.value)
    assert isinstance(caught.value, SyncTooLong)  # stops a sync the way the deadline does
    assert_untouched(before, paths)


def test_a_slow_download_that_keeps_moving_is_not_cut(world: World, faulty, station) -> None:
    """The clip (five chunks) comes a chunk at a time with pauses shorter than the
    silence, longer in all than it: the silence is from the last byte, not the start."""
    paths, catalog = station
    faulty.drip_size, faulty.drip_delay = CHUNK // 2, 0.3
    settings = replace(SILENT, stall_timeout_s=5.0, stall_bytes=1, silence_s=2.0)
    result = import_from(paths, catalog, f"{faulty.url}/driplarge/v1", settings=settings)
    assert len(result.added) == 5
    assert catalog.objects.verify(catalog.get("clip").sha256)


def test_a_busy_servers_asked_wait_is_no_silence() -> None:
    """A 503 asking for 7 s: the server spoke, its wait is waited (recorded, not slept),
    even with a silence shorter than the wait."""
    from .test_market_network import _busy_server

    slept: list[float] = []
    for host in _busy_server("7", busy=1):
        with Fetcher(replace(SILENT, retries=2), sleep=slept.append) as fetcher:
            assert fetcher.get_small(f"http://{host}/index.json", limit=1000).body == b"{}"
    assert slept == [7.0]


def test_an_opds_feed_gone_silent_keeps_what_arrived(station, tmp_path) -> None:
    """The feed's first publication arrives, the second's server never answers: the
    first is imported, the second is named in one warning with the silence's words."""
    from .test_password_exits import _feed, _ok, _routed

    paths, catalog = station
    pdf = make_pdf(tmp_path / "co.pdf", "Có", "Giá lúa hôm nay.").read_bytes()
    with raw_server(_silent) as silent:
        feed = _feed([("Có", "/a.pdf"), ("Không trả lời", f"{silent}/b.pdf")])
        handle = _routed({"/opds": _ok(feed, "application/atom+xml"),
                          "/a.pdf": _ok(pdf, "application/pdf")})
        with raw_server(handle) as url:
            result = import_opds(paths, catalog, f"{url}/opds", settings=SILENT)
    assert [i.title for i in catalog.items()] == ["Có"]
    stopped = [w for w in result.warnings if "sent nothing" in w]
    assert len(stopped) == 1 and "1 publications of the feed are not fetched" in stopped[0]
    assert "Máy chủ không trả lời trong 1 giây" in stopped[0].message_vi


def test_the_silence_is_a_setting(tmp_path) -> None:
    config = Config(tmp_path / "config.toml")
    assert fetch_settings(config).silence_s == 120
    config.set("sync", "silence_s", 45)
    assert fetch_settings(config).silence_s == 45
    config.set("sync", "silence_s", 0)  # no wait at all is no sensible reading of it
    assert fetch_settings(config).silence_s == 120


def test_cafesach_sync_from_a_silent_server_is_one_line_and_exit_1(station, capsys) -> None:
    paths, _catalog = station
    before = snapshot(paths)
    with raw_server(_silent) as url:
        config = Config(paths.config_file)
        config.set("sync", "server_url", f"{url}/kho")
        config.set("sync", "silence_s", 1)
        config.set("sync", "stall_timeout_s", 30)
        config.set("sync", "retries", 5)
        config.save()
        code, _out, err = cafesach(capsys, "--data", str(paths.root), "sync")
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "the server sent nothing for 1 s" in lines[0], err
    assert_untouched(before, paths)
