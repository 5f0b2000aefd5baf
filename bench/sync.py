"""Repository benchmark: pack import speed, incremental sync, resume, unchanged sync.

1. Import a ~500 MB pack (100 noise WAV files of 5 MB) into an empty station,
   against `sha256sum` over the same object files in the same run (both with
   a warm file cache). Target: import throughput ≥ 0.8 × sha256sum.
2. Publish version 2 with 1 % of the objects changed, sync it from a real
   nginx: bytes transferred / bytes changed. Target ≤ 1.05.
3. Cut the first sync of a fresh station at 50 % of the bytes, sync again:
   bytes fetched twice. Target ≤ 1 chunk (4 MiB).
4. Sync again with nothing changed: requests made. Target: 1.

    .venv/bin/python bench/sync.py [--files N] [--size-mb M]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from library.catalog import Catalog  # noqa: E402
from library.paths import DataPaths  # noqa: E402
from library.plural import counted  # noqa: E402
from library.repository import faults  # noqa: E402
from library.repository import index as idx  # noqa: E402
from library.repository.fetch import FetchSettings  # noqa: E402
from library.repository.importer import import_from  # noqa: E402
from library.repository.keys import PrivateKey  # noqa: E402
from library.repository.pack import make_pack  # noqa: E402
from library.repository.publish import publish  # noqa: E402
from library.repository.trust import TrustStore  # noqa: E402

SETTINGS = FetchSettings(retries=0)
ROUNDS = 3


class Cut(BaseException):
    """Raised by the fault hook to cut a transfer (not an Exception: nothing catches it)."""


def wav(path: Path, size: int, seed: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(random.Random(seed).randbytes(size))


def station(root: Path, key: PrivateKey) -> tuple[DataPaths, Catalog]:
    paths = DataPaths(root).ensure()
    catalog = Catalog.open(paths)
    TrustStore(catalog).add(key.public)
    return paths, catalog


def start_nginx(run: Path, www: Path) -> tuple[subprocess.Popen, str, socket.socket]:
    run.mkdir()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    temp = " ".join(f"{n}_temp_path {run}/{n};" for n in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (run / "nginx.conf").write_text(
        f"daemon off; master_process on; worker_processes 1; user root; pid {run}/pid;"
        f"error_log {run}/error.log warn; events {{ worker_connections 64; }}"
        f"http {{ access_log {run}/access.log; {temp} sendfile on;"
        f"server {{ listen 127.0.0.1:{port}; root {www};"
        f"include {ROOT}/deploy/nginx/repository-locations.conf; }} }}")
    proc = subprocess.Popen(["/usr/sbin/nginx", "-c", str(run / "nginx.conf"), "-p", str(run)],
                            env={**os.environ, "NGINX": f"{sock.fileno()};"},
                            pass_fds=[sock.fileno()])
    time.sleep(0.5)
    return proc, f"http://127.0.0.1:{port}", sock


def noise_folder(folder: Path, files: int, size_mb: float) -> Path:
    """`folder` made and filled with `files` noise WAVs of `size_mb` each (the sources)."""
    folder.mkdir()
    for n in range(files):
        wav(folder / f"ban-tin-{n:03}.wav", int(size_mb * 1024 * 1024), n)
    return folder


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--size-mb", type=float, default=5.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cafesach-bench-sync-", dir="/var/tmp"))
    os.chmod(work, 0o755)
    ok = True
    try:
        key = PrivateKey.generate()
        src = noise_folder(work / "src", args.files, args.size_mb)
        size = int(args.size_mb * 1024 * 1024)
        www = work / "www"
        repo = www / "repo"
        t_publish = timed(lambda: publish(src, repo, key, repository="vn.bench"))
        pack = make_pack(repo, work / "pack.zip").path
        objects = sorted(str(p) for p in (repo / "objects").rglob("*") if p.is_file())
        total = sum(Path(p).stat().st_size for p in objects)
        print(f"repository: {args.files} files, {total / 1e6:.0f} MB, published in "
              f"{t_publish:.1f} s")

        # 1. pack import vs sha256sum: alternating rounds, median of each (a shared machine)
        subprocess.run(["sha256sum", *objects], capture_output=True, check=True)  # warm
        subprocess.run(["cat", str(pack)], stdout=subprocess.DEVNULL, check=True)
        sums, imports = [], []
        for round_ in range(ROUNDS):
            sums.append(timed(lambda: subprocess.run(["sha256sum", *objects],
                                                     capture_output=True, check=True)))
            paths, catalog = station(work / f"station-a{round_}", key)
            imports.append(timed(lambda p=paths, c=catalog: import_from(p, c, str(pack))))
            catalog.close()
            shutil.rmtree(paths.root)
        t_sum, t_import = statistics.median(sums), statistics.median(imports)
        ratio = t_sum / t_import
        print(f"1. import {total / t_import / 1e6:.0f} MB/s, sha256sum "
              f"{total / t_sum / 1e6:.0f} MB/s (medians of {ROUNDS}): ratio {ratio:.2f} "
              "(target ≥ 0.8)")
        ok &= ratio >= 0.8

        proc, base, sock = start_nginx(work / "nginx", www)
        try:
            url = f"{base}/repo"
            # 3. resume after a cut at 50 % (fresh station)
            paths, catalog = station(work / "station-b", key)
            cut_at = total // 2
            first = [0]

            def cutter(name: str, received: int) -> None:
                if name == "download-bytes":
                    first[0] = received
                    if received >= cut_at:
                        raise Cut()

            faults.set_hook(cutter)
            try:
                import_from(paths, catalog, url, settings=SETTINGS)
            except Cut:
                pass
            finally:
                faults.set_hook(None)
            first = first[0]
            second = import_from(paths, catalog, url, settings=SETTINGS)
            index_bytes = (repo / "index.json").stat().st_size
            again = first + second.bytes_received - index_bytes * 2 - total
            print(f"3. cut after {first / 1e6:.1f} MB, resumed with "
                  f"{second.bytes_received / 1e6:.1f} MB: {max(again, 0) / 1e6:.2f} MB fetched "
                  f"twice (target ≤ 1 chunk = {idx.CHUNK_SIZE / 1e6:.1f} MB)")
            ok &= again <= idx.CHUNK_SIZE

            # 4. unchanged re-sync
            unchanged = import_from(paths, catalog, url, settings=SETTINGS)
            print(f"4. unchanged re-sync: {counted(unchanged.requests, 'request')}, status "
                  f"{unchanged.status} (target 1)")
            ok &= unchanged.requests == 1

            # 2. 1 % of objects changed
            changed_files = max(1, args.files // 100)
            for n in range(changed_files):
                wav(src / f"ban-tin-{n:03}.wav", size, 10_000 + n)
            publish(src, repo, key)
            v2 = idx.parse((repo / "index.json").read_bytes()).objects()
            have = set(catalog.objects)
            changed = sum(r.size for sha, r in v2.items() if sha not in have)
            result = import_from(paths, catalog, url, settings=SETTINGS)
            ratio2 = result.bytes_received / changed
            print(f"2. {changed_files} of {args.files} objects changed ({changed / 1e6:.1f} MB):"
                  f" {result.bytes_received / 1e6:.2f} MB transferred in {result.requests} "
                  f"requests, ratio {ratio2:.3f} (target ≤ 1.05)")
            ok &= ratio2 <= 1.05
            catalog.close()
        finally:
            proc.terminate()
            proc.wait(10)
            sock.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
