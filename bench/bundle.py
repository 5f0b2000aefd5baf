"""Bundle benchmark: build time, size on disk and compressed, frozen vs source cold start.

1. Builds the bundle from scratch (empty PyInstaller work folder) into a
   temporary `dist/` and times it.
2. Measures the folder (apparent bytes) and the `.tar.gz` a technician copies.
   Target: compressed ≤ 120 MB (10^6 bytes).
3. Cold start to the home screen: `cafesach run --windowed` on a fresh data
   folder (the demo library loads, as on a new station), under Xvfb, until
   the program says on stderr that the home screen's first frame is on
   screen — the frozen executable vs the source install
   (`.venv/bin/cafesach`), alternating, in the same run.
   Target: frozen/source ≤ 1.0 (median of the runs). The OS file cache is
   warm for both (nothing here may drop it), so this is the Python and Qt
   start-up cost, not the disk's.

    .venv/bin/python bench/bundle.py [--runs N] [--reuse]

`--reuse` measures the existing `dist/cafesach` instead of a fresh build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the kiosk package, not bench/kiosk.py
sys.path.insert(0, str(ROOT / "deploy"))

import bundle as builder  # noqa: E402 - deploy/bundle.py

from kiosk.run_command import HOME_SHOWN  # noqa: E402

TARGET_COMPRESSED_MB = 120
TARGET_START_RATIO = 1.0
START_TIMEOUT_S = 60.0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def cold_start(command: list[str], display: str, scratch: Path) -> float:
    """Seconds from exec to the home screen on screen, on a fresh data folder.

    `cafesach run` writes one line on stderr when the first frame of the home
    screen is swapped (`run_command.HOME_SHOWN`); the clock stops when that
    line arrives, for the frozen and the source program alike.
    """
    data = Path(tempfile.mkdtemp(dir=scratch))
    # Serve nothing on the network while measuring (the handoff server binds 0.0.0.0).
    (data / "config.toml").write_text("[handoff]\nenabled = false\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", CAFESACH_DATA=str(data),
               XDG_RUNTIME_DIR=str(scratch / "runtime"))
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--data", str(data), "run", "--windowed",
                                "--size", "1280x800"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, errors="replace")
    assert process.stderr is not None
    seen: list[str] = []
    try:
        for line in process.stderr:
            if line.startswith(HOME_SHOWN):
                return time.perf_counter() - started
            seen.append(line)
            if time.perf_counter() - started > START_TIMEOUT_S:
                break
        tail = "".join(seen)[-2000:]
        raise RuntimeError(f"{command[0]} never showed the home screen "
                           f"(exit {process.poll()}):\n{tail}")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(data, ignore_errors=True)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if subprocess.run(["xwininfo", "-root"], capture_output=True,
                          env=dict(os.environ, DISPLAY=display)).returncode == 0:
            return xvfb, display
        time.sleep(0.05)
    xvfb.kill()
    raise RuntimeError("Xvfb did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="measure dist/cafesach as it is")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        scratch = Path(tmp)
        (scratch / "runtime").mkdir(mode=0o700)
        if args.reuse:
            folder, build_s = ROOT / "dist" / "cafesach", None
        else:
            started = time.perf_counter()
            folder, _ = builder.build(scratch / "dist", force=True, work=scratch / "work")
            build_s = time.perf_counter() - started
        tarball = builder.make_tarball(folder, scratch)
        on_disk = folder_bytes(folder)
        compressed = tarball.stat().st_size
        if build_s is not None:
            print(f"build (from scratch): {build_s:.1f} s")
        print(f"bundle on disk:       {on_disk / 1e6:.1f} MB ({on_disk / 2**20:.1f} MiB)")
        print(f"bundle .tar.gz:       {compressed / 1e6:.1f} MB ({compressed / 2**20:.1f} MiB)"
              f"  target ≤ {TARGET_COMPRESSED_MB} MB: "
              f"{'OK' if compressed <= TARGET_COMPRESSED_MB * 1e6 else 'MISSED'}")

        xvfb, display = start_xvfb()
        try:
            frozen_cmd = [str(folder / "cafesach")]
            source_cmd = [str(ROOT / ".venv" / "bin" / "cafesach")]
            cold_start(frozen_cmd, display, scratch)  # first runs fill the OS file cache
            cold_start(source_cmd, display, scratch)
            frozen, source = [], []
            for _ in range(args.runs):
                frozen.append(cold_start(frozen_cmd, display, scratch))
                source.append(cold_start(source_cmd, display, scratch))
        finally:
            xvfb.terminate()
            xvfb.wait()
        f_med, s_med = statistics.median(frozen), statistics.median(source)
        ratio = f_med / s_med
        print(f"cold start to home screen, median of {args.runs} (fresh data folder, demo load):")
        print(f"  frozen bundle: {f_med:.2f} s  (min {min(frozen):.2f}, max {max(frozen):.2f})")
        print(f"  source run:    {s_med:.2f} s  (min {min(source):.2f}, max {max(source):.2f})")
        print(f"  ratio frozen/source: {ratio:.2f}×  target ≤ {TARGET_START_RATIO}×: "
              f"{'OK' if ratio <= TARGET_START_RATIO else 'MISSED'}")
    # like every other benchmark: a missed target is a failed run
    return 0 if compressed <= TARGET_COMPRESSED_MB * 1e6 and ratio <= TARGET_START_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
