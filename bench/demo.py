"""Demo library: build time and first-run load time, against copying and hashing the files.

The first run on an empty data folder loads the demo before the home screen
shows, so loading must cost about what copying and hashing its files costs
(`cp -r` then `sha256sum` over the built folder, in the same run).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library import demo, demo_build
from library.catalog import Catalog
from library.paths import DataPaths


def best(times: list[float]) -> float:
    return min(times) * 1000


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cafesach-bench-demo-"))
    builds, loads, references = [], [], []
    for round_ in range(3):
        start = time.perf_counter()
        built = demo_build.build_demo(work / f"built-{round_}")
        builds.append(time.perf_counter() - start)

        paths = DataPaths(work / f"data-{round_}").ensure()
        with Catalog.open(paths) as catalog:
            start = time.perf_counter()
            demo.load_demo(catalog, built)
            loads.append(time.perf_counter() - start)

        start = time.perf_counter()
        copy = work / f"copy-{round_}"
        subprocess.run(["cp", "-r", str(built), str(copy)], check=True)
        subprocess.run(["sha256sum", *map(str, sorted(copy.iterdir()))], check=True,
                       stdout=subprocess.DEVNULL)
        references.append(time.perf_counter() - start)
    shutil.rmtree(work, ignore_errors=True)
    print(f"build the demo (12 items, PDFs + PNGs): {best(builds):.0f} ms (best of 3)")
    print(f"load into an empty catalog: {best(loads):.0f} ms; cp -r + sha256sum: "
          f"{best(references):.0f} ms; ratio {best(loads) / best(references):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
