"""Fixtures for the repository tests: a published world, nginx, a faulty server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from .faulty_server import FaultyServer
from .helpers import World, build_world, new_station

ROOT = Path(__file__).resolve().parents[3]
NGINX = Path("/usr/sbin/nginx")


@pytest.fixture(scope="session")
def world() -> Iterator[World]:
    """Built once: nginx workers must read it, so it lives in a world-readable folder."""
    root = Path(tempfile.mkdtemp(prefix="cafesach-repo-", dir="/tmp"))
    os.chmod(root, 0o755)
    try:
        yield build_world(root / "w")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def station(tmp_path: Path, world: World):
    paths, catalog = new_station(tmp_path / "data", world)
    yield paths, catalog
    catalog.close()


@dataclass
class Nginx:
    url: str
    www: Path
    access_log: Path
    proxy: str
    proxy_log: Path

    def serve(self, repo: Path, name: str) -> str:
        """Publish a copy of `repo` under /name/ (hard links: cheap) and return its URL."""
        target = self.www / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(repo, target, copy_function=os.link)
        return f"{self.url}/{name}"

    def requests(self) -> list[str]:
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []


@pytest.fixture(scope="session")
def nginx(world: World) -> Iterator[Nginx]:
    """A real nginx on 127.0.0.1 using deploy/nginx/repository-locations.conf.

    The listening socket is made here and handed to nginx through its `NGINX`
    environment variable (the binary-upgrade mechanism), so the port is ours
    before nginx starts: no race with other processes picking ports.
    """
    if not NGINX.exists():
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    run = world.root.parent / "nginx"
    www = world.root.parent / "www-nginx"
    for folder in (run, www):
        folder.mkdir()
        os.chmod(folder, 0o755)
    sock, proxy_sock = _listening(), _listening()
    port, proxy_port = sock.getsockname()[1], proxy_sock.getsockname()[1]
    temp = " ".join(f"{name}_temp_path {run}/{name};" for name in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if os.geteuid() == 0 else ""
    (run / "nginx.conf").write_text(f"""
daemon off; master_process on; worker_processes 1; {user}
pid {run}/nginx.pid; error_log {run}/error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log {run}/access.log;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        root {www};
        include {ROOT}/deploy/nginx/repository-locations.conf;
    }}
    server {{  # a forward HTTP proxy, as a station behind a proxy would use
        listen 127.0.0.1:{proxy_port};
        access_log {run}/proxy.log;
        location / {{ proxy_pass http://$http_host$request_uri; }}
    }}
}}
""")
    fds = [sock.fileno(), proxy_sock.fileno()]
    proc = subprocess.Popen([str(NGINX), "-c", str(run / "nginx.conf"), "-p", str(run)],
                            env={**os.environ, "NGINX": "".join(f"{fd};" for fd in fds)},
                            pass_fds=fds, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
                time.sleep(0.02)
        yield Nginx(url, www, run / "access.log", f"http://127.0.0.1:{proxy_port}",
                    run / "proxy.log")
    finally:
        proc.terminate()
        proc.wait(10)
        sock.close()
        proxy_sock.close()


def _listening() -> socket.socket:
    """A listening socket on a free port, handed to nginx (no race for the port)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@pytest.fixture
def faulty(world: World) -> Iterator[FaultyServer]:
    server = FaultyServer(world.root / "www")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port that is ours but not listening: connecting to it is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()
