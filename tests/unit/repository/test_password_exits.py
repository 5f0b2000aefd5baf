"""A protected server's password (`sync.server_url = "https://kho:…@…"`) leaves the
station by no way at all, whatever the sync met: tried as an attacker would read a
station — everything the command line printed, the log file, `sync --status`, the
report carried to the province on a stick and what the province merged of it, and
what the core hands a script (its error, its retry lines).

Each failure here is one the other tests make (`raw_server`'s answers, nginx), met with
a password in the address, typed plainly and percent-encoded (`p%40ss`: its `@`
decoded by whatever reads the address). The panel's side is in
`tests/ui/admin/test_password_on_the_panel.py`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from library.catalog import Catalog
from library.config import Config
from library.errors import LibraryError
from library.logfile import station_log
from library.paths import DataPaths
from library.repository import faults
from library.repository.importer import fetch_settings, import_from, import_opds

from ...clirun import cafesach
from .helpers import World, index_of, make_pdf, new_station
from .raw_server import answering, raw_server

#: A password as typed, and one with an `@` of its own, percent-encoded.
PASSWORDS = ("matkhau-7f3a", "p%40ss-9c2e")
#: A proxy's password (`sync.proxy`), which the proxy's lines must hide as well.
PROXY_PASSWORD = "proxy-b81d"

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
#: What a raw server answers, whatever was asked, for each of these failures.
ANSWERS = {
    "busy": b"HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n",
    "not-found": NOT_FOUND,
    "not-http": b"SSH-2.0-OpenSSH_9.2p1\r\n\r\n",
    "cut": b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{",
    "password-refused": b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n",
    "captive-portal": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
                      b"\r\n<html></html>",
    "redirect-loop": b"HTTP/1.1 302 Found\r\nLocation: /kho/index.json\r\n"
                     b"Content-Length: 0\r\n\r\n",
}
#: Failures met otherwise: no answer, no server, TLS, a proxy, a new version published
#: during the sync (nginx), and an unsigned OPDS feed's (`import --trust-unsigned`).
OTHER_WAYS = ("stalled", "refused", "tls", "proxy-down", "proxy-unusable", "republished",
              "not-a-feed", "feed-links-dead", "feed-partly-taken")
FEEDS = ("not-a-feed", "feed-links-dead", "feed-partly-taken")


def _silent(conn: socket.socket) -> None:
    """Takes the request and never answers (until the station hangs up)."""
    conn.recv(65536)
    conn.recv(1)


def _feed(entries: list[tuple[str, str]]) -> bytes:
    """An OPDS feed of PDF entries, (title, link) each; an empty title is left out, so
    the station names the entry by its link."""
    body = "".join(
        f"<entry><id>urn:e{n}</id>{f'<title>{title}</title>' if title else ''}"
        f'<link rel="http://opds-spec.org/acquisition" type="application/pdf" '
        f'href="{link}"/></entry>' for n, (title, link) in enumerate(entries))
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'.encode()


def _ok(body: bytes, kind: str) -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
            .encode() + body)


def _routed(answers: dict[str, bytes]) -> Callable[[socket.socket], None]:
    """Answers by the path asked; 404 to any other."""

    def handle(conn: socket.socket) -> None:
        request = conn.recv(65536).split(b" ", 2)
        conn.sendall(answers.get(request[1].decode() if len(request) > 2 else "", NOT_FOUND))

    return handle


def _closed_port() -> int:
    with socket.socket() as closed:  # bound, never listening: a connection is refused
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]


@dataclass
class Server:
    """Where a way of failing is met: the address (password and all) and the settings."""

    url: str
    settings: dict[str, Any] = field(default_factory=dict)
    #: set up again what the next sync meets (a republish happens once per sync)
    again: Callable[[], None] = lambda: None


@contextlib.contextmanager
def serving(way: str, password: str, world: World, tmp_path: Path,
            request: pytest.FixtureRequest) -> Iterator[Server]:
    def protected(url: str) -> str:
        return url.replace("://", f"://kho:{password}@", 1)

    if way in ANSWERS:
        with raw_server(answering(ANSWERS[way])) as url:
            yield Server(protected(url) + "/kho")
    elif way == "stalled":
        with raw_server(_silent) as url:
            yield Server(protected(url) + "/kho")
    elif way == "refused":
        yield Server(protected(f"http://127.0.0.1:{_closed_port()}") + "/kho")
    elif way == "tls":  # https:// to a server that speaks plain HTTP
        with raw_server(answering(ANSWERS["busy"])) as url:
            yield Server(protected(url.replace("http://", "https://")) + "/kho")
    elif way == "proxy-down":
        proxy = f"http://prx:{PROXY_PASSWORD}@127.0.0.1:{_closed_port()}"
        yield Server(protected("http://127.0.0.1:9") + "/kho", {"proxy": proxy})
    elif way == "proxy-unusable":  # httpx's own reason quotes the proxy's address whole
        proxy = f"khong://prx:{PROXY_PASSWORD}@127.0.0.1:3128"
        yield Server(protected("http://127.0.0.1:9") + "/kho", {"proxy": proxy})
    elif way == "republished":
        nginx = request.getfixturevalue("nginx")
        name = f"protected-{abs(hash((password, str(tmp_path))))}"
        url = protected(nginx.serve(world.repo_v1, name))
        v2_objects = {ref.path for ref in index_of(world.repo_v2).objects().values()}
        swapped: list[bool] = []

        def publish_now(point: str, _detail: int) -> None:
            if point == "staging-start" and not swapped:
                swapped.append(True)
                nginx.serve(world.repo_v2, name)
                for old in (nginx.www / name / "objects").glob("*/*"):
                    if f"objects/{old.parent.name}/{old.name}" not in v2_objects:
                        old.unlink()

        def again() -> None:
            nginx.serve(world.repo_v1, name)
            swapped.clear()

        faults.set_hook(publish_now)
        try:
            yield Server(url, again=again)
        finally:
            faults.set_hook(None)
    elif way == "not-a-feed":
        with raw_server(answering(_ok(b"hello", "text/plain"))) as url:
            yield Server(protected(url) + "/opds")
    elif way == "feed-links-dead":
        with raw_server(_routed({"/opds": _ok(_feed([("", "/get/1.pdf")]),
                                              "application/atom+xml")})) as url:
            yield Server(protected(url) + "/opds")
    elif way == "feed-partly-taken":
        pdf = make_pdf(tmp_path / "good.pdf", "Bản tin", "Giá lúa hôm nay.").read_bytes()
        feed = _feed([("Bản tin", "/get/good.pdf"), ("", "/get/gone.pdf")])
        with raw_server(_routed({"/opds": _ok(feed, "application/atom+xml"),
                                 "/get/good.pdf": _ok(pdf, "application/pdf")})) as url:
            yield Server(protected(url) + "/opds")
    else:
        raise AssertionError(way)


def _station(root: Path, world: World, server: Server, *, feed: bool) -> DataPaths:
    """A station following `server` (quick to give up: one retry, a short stall)."""
    paths, catalog = new_station(root, world)
    catalog.close()
    config = Config.load(paths.config_file)
    config.set("sync", "retries", 1)
    config.set("sync", "stall_timeout_s", 0.5)
    for key, value in server.settings.items():
        config.set("sync", key, value)
    if not feed:
        config.set("sync", "server_url", server.url)
    config.save()
    return paths


def _files(folder: Path) -> list[str]:
    return [f.read_text(encoding="utf-8", errors="replace")
            for f in sorted(folder.rglob("*")) if f.is_file()]


def _what_the_station_says(capsys: pytest.CaptureFixture[str], paths: DataPaths,
                           stick: Path) -> list[str]:
    """`sync --status` (lines and JSON), and the report written to `stick`."""
    said: list[str] = []
    data = str(paths.root)
    for args in (("sync", "--status"), ("sync", "--status", "--json"),
                 ("report", "write", str(stick))):
        code, out, err = cafesach(capsys, "--data", data, *args)
        assert code == 0, err
        said += [out, err]
    return said


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("way", [*ANSWERS, *OTHER_WAYS])
def test_the_password_leaves_by_no_way(capsys, caplog, world: World, tmp_path: Path,
                                       request: pytest.FixtureRequest, way: str,
                                       password: str) -> None:
    feed = way in FEEDS
    said: list[str] = []
    with serving(way, password, world, tmp_path, request) as server:
        # the command line, as a technician or a timer runs it; the log file meanwhile
        by_hand = _station(tmp_path / "cli", world, server, feed=feed)
        command = ("import", "--trust-unsigned", server.url) if feed else ("sync",)
        with station_log(by_hand, "kiosk"):
            _code, out, err = cafesach(capsys, "--data", str(by_hand.root), *command)
        said += [out, err]
        # the core, as the kiosk's panel runs it (`import_in_child`), and what the kiosk
        # logs of a failure: its line, and its traceback
        server.again()
        core = _station(tmp_path / "core", world, server, feed=feed)
        heard: list[str] = []
        with station_log(core, "kiosk"), Catalog.open(core) as catalog:
            settings = fetch_settings(Config.load(core.config_file))
            try:
                if feed:
                    import_opds(core, catalog, server.url, settings=settings,
                                on_retry=heard.append)
                else:
                    import_from(core, catalog, server.url, settings=settings,
                                on_retry=heard.append)
            except LibraryError as error:
                said += [str(error), error.message_vi]
                logging.getLogger("kiosk.admin.content").warning(
                    "automatic sync failed: %s", error)
                logging.getLogger("kiosk.language").error("sync failed", exc_info=error)
        said += heard
    stick = tmp_path / "stick"
    stick.mkdir()
    for paths in (by_hand, core):
        said += _what_the_station_says(capsys, paths, stick)
        said += _files(paths.logs)
    said += _files(stick)
    # and what the province makes of the reports: the merged counts, the health, the JSON
    code, out, err = cafesach(capsys, "report", "collect", str(stick), "-o",
                              str(tmp_path / "counts.csv"), "--health",
                              str(tmp_path / "health.csv"), "--json")
    assert code == 0, err
    said += [out, err, *((tmp_path / name).read_text(encoding="utf-8")
                         for name in ("counts.csv", "health.csv"))]
    said += [record.getMessage() for record in caplog.records]
    everything = "\n".join(said)
    for secret in {password, unquote(password), PROXY_PASSWORD}:
        assert secret not in everything, [line for line in said if secret in line]
    # the server is still named, its password hidden: the lines say where the trouble is
    assert "***@127.0.0.1" in everything


def test_a_new_line_naming_the_address_is_hidden_in_the_log_file(
        tmp_path: Path, capsys) -> None:
    """A line made anywhere, with no thought of the password, through the project's
    logger: hidden in the log file and in what the command line shows of warnings."""
    paths = DataPaths(tmp_path / "data").ensure()
    address = f"https://kho:{PASSWORDS[1]}@thuvien.example/kho"
    with station_log(paths, "kiosk"):
        logging.getLogger("library.repository.sources").warning(
            "%s: a line nobody wrote before", address)
        try:
            raise RuntimeError(f"a bug meeting {address}")
        except RuntimeError:
            logging.getLogger("kiosk.tasks").exception("task failed")
    from library.cli import _warnings_above_progress

    with _warnings_above_progress("library.extract"):
        logging.getLogger("library.extract").warning("cannot read %s", address)
    written = "\n".join(_files(paths.logs)) + capsys.readouterr().err
    assert "a line nobody wrote before" in written and "a bug meeting" in written
    assert "cannot read https://***@thuvien.example/kho" in written
    for secret in (PASSWORDS[1], unquote(PASSWORDS[1])):
        assert secret not in written, written
    assert "https://***@thuvien.example/kho: a line nobody wrote before" in written


def test_a_new_line_naming_the_address_is_hidden_in_the_journal() -> None:
    """The journal is a process' stderr: a command that set up no log handler of its own
    prints its warnings there through Python's last resort, which no filter of ours sits
    on; the record itself is made hidden."""
    address = f"https://kho:{PASSWORDS[0]}@thuvien.example/kho"
    shown = subprocess.run(
        [sys.executable, "-c", "import logging, library, sys\n"
         "logging.getLogger('library.repository.importer').warning('%s: refused', "
         "sys.argv[1])", address],
        capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert shown.stderr.strip() == "https://***@thuvien.example/kho: refused"


def test_a_line_whose_arguments_do_not_fit_is_told_with_the_password_hidden() -> None:
    """A record whose message cannot be formatted (a `%d` given a text) is printed by
    logging as it is, message and arguments, on stderr: the address in either hidden."""
    address = f"https://kho:{PASSWORDS[0]}@thuvien.example/kho"
    shown = subprocess.run(
        [sys.executable, "-c", "import logging, library, sys\n"
         "log = logging.getLogger('library.repository.importer')\n"
         "log.warning('%s: %d tries', sys.argv[1], 'many')\n"
         "log.warning(sys.argv[1] + ': %d tries', 'many')\n"
         "log.warning('%(url)s: %(n)d tries', {'url': sys.argv[1], 'n': 'many'})",
         address], capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert shown.stderr.count("--- Logging error ---") == 3, shown.stderr
    assert shown.stderr.count("https://***@thuvien.example/kho") == 3, shown.stderr
    for secret in (PASSWORDS[0], unquote(PASSWORDS[0])):
        assert secret not in shown.stderr, shown.stderr


class _Keeping(logging.Handler):
    """A handler keeping records as data (as the kiosk's `_errors_told` does)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append(record)


def test_a_value_given_with_extra_is_hidden() -> None:
    """`logging` adds what a call gives with `extra=` after the record is made: those
    values are hidden too, for a formatter naming them and for a handler keeping the
    record's values as they are (a number stays a number)."""
    address = f"https://kho:{PASSWORDS[1]}@thuvien.example/kho"
    logger = logging.getLogger("library.repository.fetch")
    handler = _Keeping()
    handler.setFormatter(logging.Formatter("%(message)s: %(server)s after %(tries)d tries"))
    logger.addHandler(handler)
    try:
        logger.warning("the server did not answer", extra={"server": address, "tries": 3})
    finally:
        logger.removeHandler(handler)
    [record] = handler.kept
    assert handler.format(record) == \
        "the server did not answer: https://***@thuvien.example/kho after 3 tries"
    assert record.server == "https://***@thuvien.example/kho"  # type: ignore[attr-defined]
    assert record.tries == 3  # type: ignore[attr-defined]


def test_a_line_whose_arguments_do_not_fit_keeps_its_other_values_hidden() -> None:
    """Arguments that do not fit the message («%d» given a word) left the rest of the
    record as it came: the values given with `extra=` and the traceback, which a handler
    keeping records as data reads without formatting the message."""
    address = f"https://kho:{PASSWORDS[1]}@thuvien.example/kho"
    logger = logging.getLogger("library.repository.fetch")
    handler = _Keeping()
    logger.addHandler(handler)
    logger.propagate = False  # pytest's own handler formats it, and raises on the misfit
    try:
        try:
            raise RuntimeError(f"cannot reach {address}")
        except RuntimeError:
            logger.error("tried %d times", "ba", extra={"server": address}, exc_info=True)
    finally:
        logger.propagate = True
        logger.removeHandler(handler)
    [record] = handler.kept
    assert record.server == "https://***@thuvien.example/kho"  # type: ignore[attr-defined]
    assert record.exc_text is not None and PASSWORDS[1] not in record.exc_text
    assert "RuntimeError: cannot reach https://***@thuvien.example/kho" in record.exc_text
