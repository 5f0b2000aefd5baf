"""Re-publishing a repository in which nothing changed, against `sha256sum`.

A folder of ~1 GiB of documents (16 noise WAV files of 64 MiB, made here with
random data) is published once; then it is published again, unchanged, 3
times, alternating with `sha256sum` over the same source files (warm file
cache for both; medians compared, the machine is shared). A re-publish must
not read every large file again: target ≤ 0.25 × `sha256sum`.

    .venv/bin/python bench/publish.py [--files N] [--size-mb M]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sync import noise_folder, timed, wav  # noqa: E402
from library.repository.keys import PrivateKey  # noqa: E402
from library.repository.publish import publish  # noqa: E402

ROUNDS = 3
TARGET = 0.25


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--size-mb", type=float, default=64.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cafesach-bench-publish-", dir="/var/tmp"))
    try:
        key = PrivateKey.generate()
        src = noise_folder(work / "src", args.files, args.size_mb)
        size = int(args.size_mb * 1024 * 1024)
        files = sorted(str(p) for p in src.iterdir())
        total = sum(os.path.getsize(p) for p in files)
        repo = work / "repo"
        t_first = timed(lambda: publish(src, repo, key, repository="vn.bench"))
        print(f"source: {args.files} files, {total / 2**30:.2f} GiB; first publish "
              f"{t_first:.1f} s")
        subprocess.run(["sha256sum", *files], capture_output=True, check=True)  # warm
        sums, again = [], []
        for _round in range(ROUNDS):
            sums.append(timed(lambda: subprocess.run(["sha256sum", *files],
                                                     capture_output=True, check=True)))
            again.append(timed(lambda: publish(src, repo, key)))
        t_sum, t_again = statistics.median(sums), statistics.median(again)
        ratio = t_again / t_sum
        print(f"unchanged re-publish {t_again:.2f} s (rounds: "
              f"{', '.join(f'{t:.2f}' for t in again)}), sha256sum {t_sum:.2f} s "
              f"({total / t_sum / 1e6:.0f} MB/s): ratio {ratio:.3f} (target ≤ {TARGET})")
        one = src / "ban-tin-000.wav"
        wav(one, size, 10_000)  # one file changed: only it is read again
        t_one = timed(lambda: publish(src, repo, key))
        print(f"re-publish with 1 of {args.files} files changed: {t_one:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ok = ratio <= TARGET
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
