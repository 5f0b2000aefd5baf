"""A protected provincial server is reached with its password in `sync.server_url`
(`https://kho:…@thuvien…/`). What a failing sync says — the retry lines the CLI
prints, the error line, a journal that keeps them — must not carry it; the status
line already hides it (`status.redacted`).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from library.errors import LibraryError
from library.repository import faults
from library.repository.importer import import_from
from library.repository.status import redacted

from .helpers import World, index_of
from .raw_server import answering, raw_server
from .test_http_faults import QUICK

PASSWORD = "matkhau-7f3a"

ANSWERS = {
    "busy": b"HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n",
    "not-found": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
    "not-http": b"SSH-2.0-OpenSSH_9.2p1\r\n\r\n",
    "cut": b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{",
}


@pytest.fixture(params=list(ANSWERS))
def address(request: pytest.FixtureRequest) -> Iterator[str]:
    """A server on 127.0.0.1 giving every request the same answer; its address with a
    user name and password in it."""
    with raw_server(answering(ANSWERS[request.param])) as url:
        yield url.replace("://", f"://kho:{PASSWORD}@") + "/kho"


def test_a_failing_sync_never_says_the_password(world: World, station, address: str) -> None:
    paths, catalog = station
    said: list[str] = []
    with pytest.raises(LibraryError) as caught:
        import_from(paths, catalog, address, settings=QUICK, on_retry=said.append)
    said += [str(caught.value), caught.value.message_vi or ""]
    assert not any(PASSWORD in line for line in said), said
    assert "***@127.0.0.1" in str(caught.value)


def test_a_sync_starting_over_on_a_new_version_never_says_the_password(
        world: World, nginx, station) -> None:
    """The province publishes while the station downloads: the line saying it starts
    over names the server as every other line does."""
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "protected").replace("http://", f"http://kho:{PASSWORD}@")
    v2_objects = {ref.path for ref in index_of(world.repo_v2).objects().values()}
    heard: list[str] = []
    swapped: list[bool] = []

    def publish_now(name: str, _detail: int) -> None:
        if name == "staging-start" and not swapped:
            swapped.append(True)
            nginx.serve(world.repo_v2, "protected")
            for old in (nginx.www / "protected" / "objects").glob("*/*"):
                if f"objects/{old.parent.name}/{old.name}" not in v2_objects:
                    old.unlink()

    faults.set_hook(publish_now)
    try:
        import_from(paths, catalog, url, settings=QUICK, on_retry=heard.append)
    finally:
        faults.set_hook(None)
    assert any("published again" in line for line in heard), heard
    assert not any(PASSWORD in line for line in heard), heard


@pytest.mark.parametrize("address", [
    "https://kho:mat@khau@thuvien.example/kho",  # an @ in the password, as httpx takes it
    "https://kho@ha-noi:matkhau@thuvien.example/kho",
    "https://kho:matkhau@thuvien.example?a=b@c",
])
def test_the_whole_password_is_hidden_however_it_is_written(address: str) -> None:
    """httpx reads the user and password up to the *last* `@` before the path; hiding
    them up to the first left the rest of a password with an `@` in every line."""
    url = httpx.URL(address)
    said = redacted(f"{address}: the server did not answer in time")
    assert url.password and url.password not in said, said
    assert said.startswith(f"https://***@{url.host}"), said


def test_an_at_sign_after_the_host_is_no_password() -> None:
    line = "https://thuvien.example/kho?hoi=ai@dau: not found (404)"
    assert redacted(line) == line
