"""Every retry a sync announces says what failed (`retries.Retrying.kind`), how long it
waits and which attempt follows, so the panel can say it in the librarian's words.

Each failure is made real: a local server that is busy, silent, drips, cuts a file
short, damages its answer or changes a file mid-download; a port nothing listens on; a
proxy that is not there; a name that does not resolve.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from library.errors import SyncError
from library.repository import retries
from library.repository.fetch import Fetcher, FetchSettings
from library.repository.index import ObjectRef
from library.repository.retries import Retrying

FILE = bytes(range(256)) * 64  # 16 KiB, the object the download paths fetch
CHUNK = 4096
#: in chunks, so that what arrived of it is kept and the rest asked for with `Range`
REF = ObjectRef(hashlib.sha256(FILE).hexdigest(), len(FILE),
                tuple(hashlib.sha256(FILE[at:at + CHUNK]).hexdigest()
                      for at in range(0, len(FILE), CHUNK)))
#: one retry, no real waits (`sleep` is a list); short timeouts for the silent server
QUICK = FetchSettings(retries=1, backoff_s=2.0, timeout_s=0.5, stall_timeout_s=0.3,
                      stall_bytes=4096)


class _Server(BaseHTTPRequestHandler):
    """`/busy` 503 asking for 40 s; `/silent` never answers; `/drip` a byte at a time;
    `/cut` half the file then closes; `/damaged` marked gzip but not; `/changed` half
    the file under one ETag, then the rest under another."""

    release = threading.Event()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _head(self, code: int, length: int, **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        if path == "/busy":
            self._head(503, 0, Retry_After="40")
        elif path == "/silent":
            self.release.wait(10)
        elif path == "/drip":
            self._head(200, len(FILE))
            for byte in FILE[:64]:
                if self.release.wait(0.05):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        elif path == "/cut":
            self._head(200, len(FILE))
            self.wfile.write(FILE[: len(FILE) // 2])
            self.close_connection = True
        elif path == "/damaged":
            body = b"not gzip at all" * 10
            self._head(200, len(body), Content_Encoding="gzip")
            self.wfile.write(body)
        elif path == "/changed":
            asked = self.headers.get("Range")
            if asked is None:
                self._head(200, len(FILE), ETag='"one"')
                self.wfile.write(FILE[: len(FILE) // 2])
                self.close_connection = True
            else:
                start = int(asked.removeprefix("bytes=").rstrip("-"))
                self._head(206, len(FILE) - start, ETag='"two"',
                           Content_Range=f"bytes {start}-{len(FILE) - 1}/{len(FILE)}")
                self.wfile.write(FILE[start:])


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on a drip or a cut file: what these tests are about


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Quiet(("127.0.0.1", 0), _Server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _Server.release.set()
        httpd.shutdown()
        httpd.server_close()



def heard_of(fetch, settings: FetchSettings = QUICK) -> Retrying:
    """The one retry announced while `fetch(fetcher)` fails for good."""
    heard: list[str] = []
    slept: list[float] = []
    with Fetcher(settings, sleep=slept.append, on_retry=heard.append) as fetcher, \
            pytest.raises(SyncError):
        fetch(fetcher)
    assert len(heard) == 1 and isinstance(heard[0], Retrying), heard
    assert heard[0].attempt == 2 and heard[0].attempts == 2
    assert heard[0].wait_s == slept[0]
    return heard[0]


def small(url: str):
    return lambda fetcher: fetcher.get_small(url, limit=1 << 20, expect_json=False)


def download(url: str, part: Path):
    return lambda fetcher: fetcher.download(url, part, REF, chunk_size=CHUNK)


def test_a_busy_server_is_named_with_the_wait_it_asked_for(server: str) -> None:
    line = heard_of(small(f"{server}/busy"))
    assert line.kind == retries.BUSY and line.wait_s == 40
    assert "busy or failing (503)" in line and "retrying in 40 s (attempt 2 of 2)" in line


def test_a_refused_connection_is_the_network(closed_port: int) -> None:
    line = heard_of(small(f"http://127.0.0.1:{closed_port}/index.json"))
    assert line.kind == retries.NETWORK and line.wait_s == 2.0


def test_a_proxy_that_is_not_there_is_named(closed_port: int) -> None:
    through = FetchSettings(retries=1, backoff_s=2.0, proxy=f"http://127.0.0.1:{closed_port}")
    line = heard_of(small("http://kho.tinh.example/index.json"), through)
    assert line.kind == retries.PROXY and "through the proxy" in line


def test_a_name_that_does_not_resolve_is_named() -> None:
    line = heard_of(small("http://kho-sach.invalid/index.json"))
    assert line.kind == retries.NO_NAME and "cannot be found" in line


def test_a_silent_server_is_a_timeout(server: str) -> None:
    assert heard_of(small(f"{server}/silent")).kind == retries.TIMEOUT


def test_a_dripping_download_is_a_stall(server: str, tmp_path: Path) -> None:
    line = heard_of(download(f"{server}/drip", tmp_path / "drip.part"))
    assert line.kind == retries.STALL and "stalled" in line


def test_a_file_cut_short_is_a_cut(server: str, tmp_path: Path) -> None:
    line = heard_of(download(f"{server}/cut", tmp_path / "cut.part"))
    assert line.kind == retries.CUT and "complete message body" in line


def test_an_index_cut_short_is_fetched_again_from_its_start(server: str) -> None:
    """The index is not resumed: its retry must not promise "the rest"."""
    line = heard_of(small(f"{server}/cut"))
    assert line.kind == retries.CUT_RESTART and "complete message body" in line


def test_a_file_cut_short_with_nothing_kept_is_fetched_again_from_its_start(
        server: str, tmp_path: Path) -> None:
    whole = ObjectRef(REF.sha256, REF.size)  # no chunks: only a complete file is kept
    line = heard_of(lambda fetcher: fetcher.download(f"{server}/cut", tmp_path / "cut.part",
                                                     whole, chunk_size=CHUNK))
    assert line.kind == retries.CUT_RESTART
    feed_file = heard_of(lambda fetcher: fetcher.get_file(f"{server}/cut", tmp_path / "f.epub",
                                                          limit=len(FILE)))
    assert feed_file.kind == retries.CUT_RESTART


def test_a_damaged_answer_is_named(server: str) -> None:
    assert heard_of(small(f"{server}/damaged")).kind == retries.DAMAGED


def test_a_file_changed_mid_download_is_named(server: str, tmp_path: Path) -> None:
    heard: list[str] = []
    with Fetcher(FetchSettings(retries=3, backoff_s=1.0), sleep=lambda _s: None,
                 on_retry=heard.append) as fetcher, pytest.raises(SyncError):
        fetcher.download(f"{server}/changed", tmp_path / "changed.part", REF, chunk_size=CHUNK)
    assert [line.kind for line in heard][:2] == [retries.CUT, retries.CHANGED]


def test_a_province_publishing_during_the_sync_is_named(tmp_path: Path, closed_port: int,
                                                        monkeypatch) -> None:
    from library.repository import importer
    from tests.unit.repository.helpers import new_station

    paths, catalog = new_station(tmp_path / "d")
    runs: list[int] = []

    def run(self, source, *, url=None):  # the first read finds the index replaced
        runs.append(1)
        if len(runs) == 1:
            raise importer.IndexReplaced("published again")
        return importer.ImportResult("kho", "unchanged")

    monkeypatch.setattr(importer.Importer, "run", run)
    heard: list[str] = []
    importer.import_from(paths, catalog, f"http://127.0.0.1:{closed_port}/kho/",
                         settings=QUICK, on_retry=heard.append)
    catalog.close()
    assert [line.kind for line in heard] == [retries.REPUBLISHED]
    assert "published again during this sync" in heard[0]


def test_a_retry_keeps_its_kind_across_the_pipe_to_the_kiosk() -> None:
    line = Retrying("x: server busy; retrying in 5 s (attempt 2 of 6)", retries.BUSY, 5.0, 2, 6)
    back = pickle.loads(pickle.dumps(line))
    assert (back, back.kind, back.wait_s, back.attempt, back.attempts) == \
        (line, retries.BUSY, 5.0, 2, 6)
