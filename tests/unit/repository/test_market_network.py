"""Sync over the network a market really has: a busy server, a wrong clock, a
province publishing while a station downloads, a certificate setting gone wrong."""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from library.errors import ConfigError, SyncError
from library.repository import faults, status
from library.repository.fetch import MAX_RETRY_AFTER_S, Fetcher, FetchSettings, retry_after
from library.repository.importer import import_from

from .helpers import World, index_of

FAST = FetchSettings(retries=1, backoff_s=0.01, stall_timeout_s=5)


def _serve(httpd: HTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Busy(BaseHTTPRequestHandler):
    """Answers 503 with `Retry-After: <after>` `busy` times, then `{}`."""

    after = "7"
    busy = 1
    hits = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        cls = type(self)
        cls.hits += 1
        code, body = (503, b"busy") if cls.hits <= cls.busy else (200, b"{}")
        self.send_response(code)
        self.send_header("Content-Type", "application/json" if code == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if code == 503:
            self.send_header("Retry-After", cls.after)
        self.end_headers()
        self.wfile.write(body)


def _busy_server(after: str, busy: int) -> Iterator[str]:
    handler = type("Handler", (_Busy,), {"after": after, "busy": busy, "hits": 0})
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler))


@pytest.mark.parametrize(("after", "waited"), [("7", 7.0), ("999999", MAX_RETRY_AFTER_S)])
def test_a_busy_server_is_left_alone_as_long_as_it_asks(after: str, waited: float) -> None:
    """A province's server under load says when to come back; coming back after 1 s,
    2 s, 4 s … from hundreds of stations only keeps it down (and one asking for days
    must not hold the sync that long)."""
    slept: list[float] = []
    heard: list[str] = []
    for host in _busy_server(after, busy=1):
        with Fetcher(FetchSettings(retries=2, backoff_s=0.01), sleep=slept.append,
                     on_retry=heard.append) as fetcher:
            assert fetcher.get_small(f"http://{host}/index.json", limit=1000).body == b"{}"
    assert slept == [waited]
    assert f"asking to wait {waited:g} s" in heard[0]


def test_retry_after_as_a_date() -> None:
    now = 1_800_000_000.0
    assert retry_after(email.utils.formatdate(now + 30, usegmt=True), now) == 30
    assert retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0
    assert retry_after("soon", now) is None


def test_a_server_busy_to_the_end_is_not_called_a_bad_network() -> None:
    """The librarian calls the province, not the 3G shop: the network worked."""
    for host in _busy_server("0", busy=10):
        with Fetcher(FetchSettings(retries=1, backoff_s=0.01)) as fetcher, \
                pytest.raises(SyncError, match=r"busy or failing \(503\)") as caught:
            fetcher.get_small(f"http://{host}/index.json", limit=1000)
    assert "Máy chủ" in caught.value.message_vi and "Mạng" not in caught.value.message_vi


def _state(catalog, url: str) -> status.RepositoryState:
    return next(s for s in status.all_states(catalog) if s.url == url)


# -- TLS and the station's clock --------------------------------------------------------
def _certificate(folder: Path, start: dt.datetime, end: dt.datetime) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


@pytest.mark.parametrize(("years", "said"), [(-3, "expired"), (3, "not valid yet")])
def test_a_certificate_out_of_its_dates_names_the_station_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, years: int, said: str) -> None:
    """A station whose clock is two years off sees every valid certificate as expired
    (or not yet valid): OpenSSL's reason is said, with the date the clock shows."""
    now = dt.datetime.now(dt.UTC)
    start = now + dt.timedelta(days=365 * years)
    cert_file, key_file = _certificate(tmp_path, start, start + dt.timedelta(days=30))
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # the province's own authority
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    for host in _serve(httpd):
        with Fetcher(FAST) as fetcher, pytest.raises(SyncError) as caught:
            fetcher.get_small(f"https://{host}/index.json", limit=1000)
    line = str(caught.value)
    assert f"certificate {'has expired' if years < 0 else 'is not yet valid'}" in line
    assert f"clock says {now:%Y-%m-%d}" in line and said in line
    assert "đồng hồ" in caught.value.message_vi.lower()


def test_a_certificate_setting_that_names_no_file_is_one_line_in_the_status(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, station) -> None:
    paths, catalog = station
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca-tinh.pem"))
    url = "https://127.0.0.1:9/"
    with pytest.raises(ConfigError, match=r"SSL_CERT_FILE=.*ca-tinh\.pem.*cannot be read"):
        import_from(paths, catalog, url, settings=FAST)
    assert _state(catalog, url).status == "error"


# -- the province publishes while a station downloads ------------------------------------
def test_a_version_published_mid_sync_is_taken_whole(world: World, nginx, station) -> None:
    """The old index's files vanish under the station: it starts over on the new one
    and ends with the new library, whole, instead of 'not found (404)'."""
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "republished")
    swapped: list[str] = []
    v2 = index_of(world.repo_v2)

    def publish_now(name: str, _detail: int) -> None:
        if name == "staging-start" and not swapped:
            # published with `rsync --delete` (or `aws s3 sync --delete`): the files only
            # the old version had are gone at once
            swapped.append(nginx.serve(world.repo_v2, "republished"))
            kept = {ref.path for ref in v2.objects().values()}
            for old in (nginx.www / "republished" / "objects").glob("*/*"):
                if f"objects/{old.parent.name}/{old.name}" not in kept:
                    old.unlink()

    heard: list[str] = []
    faults.set_hook(publish_now)
    try:
        result = import_from(paths, catalog, url, settings=FAST, on_retry=heard.append)
    finally:
        faults.set_hook(None)
    assert swapped
    assert result.status == "imported" and result.version == v2.version
    assert sorted(i.id for i in catalog.items(include_hidden=True)) == \
        sorted(i.id for i in v2.items)
    assert any("published again" in line for line in heard)
    assert _state(catalog, url).version == v2.version


# -- a link that drops every few hundred KB ----------------------------------------------
class _Dropping(BaseHTTPRequestHandler):
    """Serves `root`, honouring `Range`; an object's answer promises the rest of the file
    but the connection drops after `cut` bytes (a 3G link in a market)."""

    root: Path
    cut = 100_000
    log: list[str]
    etag: str | None = '"same"'

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.root / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = 0
        asked = self.headers.get("Range", "")
        self.log.append(asked)
        if asked.startswith("bytes=") and self.headers.get("If-Range", self.etag) == self.etag:
            start = int(asked[6:].rstrip("-"))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/json" if path.suffix == ".json"
                         else "application/octet-stream")
        self.send_header("Content-Length", str(len(data) - start))
        if self.etag:
            self.send_header("ETag", self.etag)
        self.end_headers()
        body = data[start:]
        if "/objects/" in self.path:
            body = body[: self.cut]
            self.close_connection = True
        self.wfile.write(body)


@pytest.mark.parametrize("etag", ['"same"', None, 'W/"same"'])
def test_a_link_that_drops_every_100_kb_still_brings_a_large_file_in_one_sync(
        world: World, station, etag: str | None) -> None:
    """Each drop that kept more of the file is no failure to count: with one retry
    allowed, a 300 KB clip cut every 100 KB still arrives, resumed each time (also
    from a server that gives no strong ETag: an object's bytes never change under its
    name, and what is kept is verified chunk by chunk), and the progress never passes
    its total."""
    paths, catalog = station
    log: list[str] = []
    handler = type("Handler", (_Dropping,), {"root": world.repo_v1, "log": log,
                                             "etag": etag})
    seen: list[tuple[int, int]] = []
    for host in _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler)):
        result = import_from(paths, catalog, f"http://{host}/", settings=FAST,
                             progress=lambda done, total, _label: seen.append((done, total)))
    assert result.status == "imported"
    assert len(catalog.items(include_hidden=True)) == len(index_of(world.repo_v1).items)
    assert sum(1 for asked in log if asked) >= 2  # resumed, not started over
    assert all(done <= total for done, total in seen) and seen[-1][0] == seen[-1][1]


# -- no network at all: the name of the server does not resolve ---------------------------
def test_a_server_name_that_does_not_resolve_is_said_in_plain_words(
        monkeypatch: pytest.MonkeyPatch, station) -> None:
    """The 3G dongle not connected, or a mistyped address: the line says the name cannot
    be found, not `ConnectError: [Errno -2]`, and the panel's line says what to check."""
    paths, catalog = station

    def no_dns(host: str, *_args: object, **_kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    url = "http://thuvien.lamdong.example/"
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, url, settings=FetchSettings(retries=0))
    line = str(caught.value)
    assert "server name thuvien.lamdong.example cannot be found" in line
    assert line.endswith("(gave up after 1 attempt)")
    assert "Không tìm thấy máy chủ thuvien.lamdong.example" in caught.value.message_vi
    assert "cannot be found" in (_state(catalog, url).message or "")


def test_a_server_that_refuses_the_connection_is_said_in_plain_words(
        monkeypatch: pytest.MonkeyPatch, station) -> None:
    """The provincial server's program stopped, or a wrong port typed: the line says the
    connection was refused and what to check, not `ConnectError: [Errno 111] …`."""
    paths, catalog = station
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, url, settings=FetchSettings(retries=0))
    assert str(caught.value) == (f"{url}index.json: the connection was refused: is the server "
                                 "running, and its address and port right? (gave up after 1 "
                                 "attempt)")
    # the panel's line: not «Mạng chập chờn», the network is what works here
    assert caught.value.message_vi == ("Máy chủ của tỉnh không nhận kết nối: máy chủ chưa chạy, "
                                       "hoặc địa chỉ hay cổng máy chủ bị sai; chưa tải được, sẽ "
                                       "thử lại sau.")
    assert "the connection was refused" in (_state(catalog, url).message or "")


# -- a proxy set in the environment (HTTP_PROXY, as many offices set it) -------------------
def test_a_socks_proxy_in_the_environment_is_one_line_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, station) -> None:
    paths, catalog = station
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
                 "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "socks5://cho:matkhau@10.0.0.1:1080")
    url = "http://127.0.0.1:9/"
    with pytest.raises(ConfigError, match="environment") as caught:
        import_from(paths, catalog, url, settings=FAST)
    assert "HTTP proxies only" in str(caught.value) and "matkhau" not in str(caught.value)
    assert "pip install" not in str(caught.value)
    assert _state(catalog, url).status == "error"


def test_a_proxy_from_the_environment_that_is_down_is_named_not_the_server(
        monkeypatch: pytest.MonkeyPatch, station) -> None:
    """Its name not resolving is the proxy's, not the province's server's."""
    paths, catalog = station
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
                 "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.cho.example:3128")

    def no_dns(host: str, *_args: object, **_kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, "http://thuvien.example/", settings=FetchSettings(retries=0))
    line = str(caught.value)
    assert "through the proxy http://proxy.cho.example:3128 (set in the environment" in line
    assert "server name thuvien.example cannot be found" not in line


def test_the_panel_line_of_a_failed_sync_is_vietnamese_first_until_a_good_sync(
        monkeypatch: pytest.MonkeyPatch, world: World, nginx, station) -> None:
    """The librarian reads the Vietnamese reason, the technician the English after it;
    a good sync ends both."""
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "vi-line")
    real = socket.getaddrinfo

    def no_dns(host: str, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(SyncError):
        import_from(paths, catalog, url, settings=FetchSettings(retries=0))
    line = status.status_vi(_state(catalog, url))
    assert line.startswith("Đồng bộ lỗi: Không tìm thấy máy chủ 127.0.0.1")
    assert "(http://127.0.0.1" in line and "cannot be found" in line
    assert status.read_states(paths.catalog_db)[0].message_vi.startswith("Không tìm thấy")
    monkeypatch.setattr(socket, "getaddrinfo", real)
    import_from(paths, catalog, url, settings=FAST)
    assert status.status_vi(_state(catalog, url)).startswith("Đồng bộ lần cuối")
    assert not list(catalog.query("SELECT key FROM state WHERE key LIKE 'sync.error_vi.%'"))


class _Portal(BaseHTTPRequestHandler):
    """A market Wi-Fi's portal: every address redirected to its login page."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", "http://dangnhap.wifi-cho.example/login")
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_redirect_to_a_login_page_that_does_not_resolve_names_that_page(
        monkeypatch: pytest.MonkeyPatch, station) -> None:
    paths, catalog = station
    real = socket.getaddrinfo

    def portal_dns(host: str, *args: object, **kwargs: object) -> object:
        if host == "dangnhap.wifi-cho.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", portal_dns)
    for host in _serve(ThreadingHTTPServer(("127.0.0.1", 0), _Portal)):
        with pytest.raises(SyncError) as caught:
            import_from(paths, catalog, f"http://{host}/", settings=FetchSettings(retries=0))
    assert "server name dangnhap.wifi-cho.example cannot be found" in str(caught.value)
    assert "dangnhap.wifi-cho.example" in caught.value.message_vi


class _LoginPage(BaseHTTPRequestHandler):
    """A market Wi-Fi's portal answering every address with its login page, `200`."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = "<html><body>Đăng nhập Wi-Fi Chợ 4.0</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_captive_portal_tells_the_librarian_to_log_in(station) -> None:
    paths, catalog = station
    for host in _serve(ThreadingHTTPServer(("127.0.0.1", 0), _LoginPage)):
        url = f"http://{host}/"
        with pytest.raises(SyncError, match="captive portal"):
            import_from(paths, catalog, url, settings=FAST)
    assert status.status_vi(_state(catalog, url)).startswith(
        "Đồng bộ lỗi: Nhận được một trang web thay cho dữ liệu: mạng Wi-Fi có đòi đăng nhập")


def test_a_drop_with_no_retry_allowed_still_says_what_happened(world: World, station) -> None:
    """`sync.retries = 0`: the first drop ends the sync, kept for the next one, and
    the line names the drop (the count of attempts is no reason on its own)."""
    paths, catalog = station
    handler = type("Handler", (_Dropping,), {"root": world.repo_v1, "log": []})
    for host in _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler)):
        with pytest.raises(SyncError) as caught:
            import_from(paths, catalog, f"http://{host}/", settings=FetchSettings(retries=0))
    line = str(caught.value)
    assert "closed" in line and line.endswith("(gave up after 1 attempt)")
    assert len(catalog.items(include_hidden=True)) == 0
    assert any((paths.staging / "downloads").glob("*.part"))  # kept to resume


def test_the_environment_proxy_is_used_as_the_readme_says(
        monkeypatch: pytest.MonkeyPatch, world: World, nginx, station) -> None:
    """No `sync.proxy`: `HTTP_PROXY` (as an office or a province's network sets it)
    carries the sync, as the README's settings table says."""
    paths, catalog = station
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
                 "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", nginx.proxy)
    url = nginx.serve(world.repo_v1, "env-proxy")
    result = import_from(paths, catalog, url, settings=FAST)
    assert result.status == "imported"
    proxied = nginx.proxy_log.read_text()
    assert "/env-proxy/index.json" in proxied and "/env-proxy/objects/" in proxied
