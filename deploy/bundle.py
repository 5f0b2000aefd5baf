"""Build the one-folder bundle (`dist/cafesach/`) and its tarball — only when inputs changed.

Why a script and not just `pyinstaller build.spec`: `make test`, `make dist`
and `bench/bundle.py` all need the bundle, and rebuilding it when nothing
changed would waste a minute each time. So the inputs (our sources, assets,
the built demo, the spec, the pinned dependencies, the Python version) are
hashed; a bundle whose `.inputs-sha256` matches is reused. A lock file keeps
two builds from writing `dist/` at the same time.

    python deploy/bundle.py [--force] [--tarball] [--dist DIR]

Prints the bundle folder (and the tarball) on stdout, what it did on stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

from library.files import write_atomic
from library.objects import sha256_file

try:
    import fcntl
except ImportError:  # Windows: one build at a time is the technician's business
    fcntl = None

ROOT = Path(__file__).resolve().parent.parent
APP = "cafesach"
STAMP = ".inputs-sha256"
#: Every file of the bundle with its sha256, as `sha256sum` writes them: install.sh checks
#: the bundle against it before installing, so a copy cut short (a USB stick pulled out
#: mid-copy, a disk that filled up while unpacking) stops the install with the file named,
#: instead of installing an app that fails later. By hand: `sha256sum -c SHA256SUMS`.
MANIFEST = "SHA256SUMS"
#: What the bundle is built from. Any change here means a rebuild.
INPUT_DIRS = ("library", "kiosk", "assets", "deploy/pyinstaller", "build/demo")
INPUT_FILES = ("build.spec", "pyproject.toml", "constraints.txt")
#: The deploy/ templates a station is made from, one a line; install.sh reads it too.
TEMPLATE_LIST = "deploy/templates.list"
#: Copied next to the executable, so the tarball alone installs a station (and, being
#: handed on to every station, carries the licence it is given under).
INSTALLER_FILES = ("install.sh", "docs/install.md", TEMPLATE_LIST, "LICENSE")
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def tarball_name() -> str:
    """`cafesach-<version>-linux-x86_64.tar.gz` (the platform of the machine that built it)."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform,
                                                                          sys.platform)
    return f"{APP}-{version()}-{system}-{platform.machine().lower()}.tar.gz"


def installer_templates() -> list[str]:
    """The names in `deploy/templates.list` (files or folders under deploy/).

    One list for the bundle and the installer: a template added there is
    bundled, installed and kept for `--uninstall` alike.
    """
    lines = (ROOT / TEMPLATE_LIST).read_text(encoding="utf-8").splitlines()
    return [name for name in (line.split("#", 1)[0].strip() for line in lines) if name]


def _input_files() -> Iterator[Path]:
    for folder in INPUT_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and not IGNORED_PARTS & set(path.parts) and path.suffix != ".pyc":
                yield path
    for name in INPUT_FILES + INSTALLER_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name
    for name in installer_templates():
        path = ROOT / "deploy" / name
        yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def inputs_digest() -> str:
    """sha256 over the names and contents of every input, plus Python and debug switch."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{os.environ.get('CAFESACH_BUILD_DEBUG', '')}".encode())
    for path in _input_files():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(bytes.fromhex(sha256_file(path)))
    return digest.hexdigest()


def ensure_demo() -> None:
    """The spec bundles `build/demo`; `demo_dir()` (re)builds it when its sources changed."""
    subprocess.run([sys.executable, "-c", "from library.demo import demo_dir; demo_dir()"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def _pyinstaller() -> list[str]:
    local = Path(sys.executable).with_name("pyinstaller")
    return [str(local)] if local.exists() else [sys.executable, "-m", "PyInstaller"]


def build(dist: Path, *, force: bool = False, work: Path | None = None) -> tuple[Path, bool]:
    """Build `dist/cafesach` unless an up-to-date one is there; returns (folder, built?).

    `work` is PyInstaller's work folder (default `build/pyinstaller`, whose
    cache makes a rebuild faster; the benchmark passes an empty one).
    """
    dist.mkdir(parents=True, exist_ok=True)
    with open(dist / ".build.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_demo()
        folder = dist / APP
        wanted = inputs_digest()
        stamp = folder / STAMP
        if not force and stamp.is_file() and stamp.read_text().strip() == wanted and \
                (folder / APP).is_file():
            print(f"bundle: {folder} is up to date", file=sys.stderr)
            if not (folder / MANIFEST).is_file():
                write_manifest(folder)
            return folder, False
        started = time.perf_counter()
        work = work or ROOT / "build" / "pyinstaller"
        log = work.parent / f"{work.name}.log"
        with open(log, "w") as out:
            done = subprocess.run([*_pyinstaller(), "--noconfirm", "--log-level", "WARN",
                                   "--distpath", str(dist), "--workpath", str(work),
                                   str(ROOT / "build.spec")],
                                  cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            sys.stderr.write(log.read_text(errors="replace")[-4000:])
            raise SystemExit(f"bundle: PyInstaller failed (exit {done.returncode}); see {log}")
        add_installer(folder)
        stamp.write_text(wanted + "\n")
        write_manifest(folder)
        print(f"bundle: built {folder} in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        return folder, True


def add_installer(folder: Path) -> None:
    """Put `install.sh`, its `deploy/` templates and `docs/install.md` into the bundle."""
    for name in INSTALLER_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for name in installer_templates():
        source, target = ROOT / "deploy" / name, folder / "deploy" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


def write_manifest(folder: Path) -> Path:
    """`SHA256SUMS`: `<sha256>  <path>` for every file under `folder` but itself, sorted."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:  # links too: a copy may lose them
            name = path.relative_to(folder).as_posix()
            escaped = name.replace("\\", "\\\\").replace("\n", "\\n")
            # sha256sum's own escape: a line whose name holds \ or a newline starts with \
            mark = "\\" if escaped != name else ""
            lines.append(f"{mark}{sha256_file(path)}  {escaped}\n")
    target = folder / MANIFEST
    write_atomic(target, "".join(lines).encode("utf-8"))
    return target


def make_tarball(folder: Path, out_dir: Path | None = None) -> Path:
    """`dist/cafesach-<version>-<os>-<arch>.tar.gz` holding the `cafesach/` folder.

    Written to a temporary name and renamed, so a half-written tarball never
    looks finished, and removed when writing fails. Owners are normalised
    (root), so it unpacks cleanly anywhere.
    """
    target = (out_dir or folder.parent) / tarball_name()
    partial = target.with_name(target.name + ".partial")

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    try:
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=APP, filter=clean)
        os.replace(partial, target)
    except BaseException:  # a full disk or Ctrl+C: no half tarball left taking the space
        partial.unlink(missing_ok=True)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.add_argument("--tarball", action="store_true", help="also write the .tar.gz")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    args = parser.parse_args(argv)
    folder, built = build(args.dist.resolve(), force=args.force)
    print(folder)
    if args.tarball:
        tarball = folder.parent / tarball_name()
        # (a SHA256SUMS added to a reused bundle is newer than its stamp: it goes in too)
        newest = max((folder / name).stat().st_mtime for name in (STAMP, MANIFEST)
                     if (folder / name).is_file())
        if built or not tarball.is_file() or tarball.stat().st_mtime < newest:
            tarball = make_tarball(folder)
        print(tarball)
        print(f"bundle: {tarball.name} {tarball.stat().st_size / 2**20:.1f} MiB",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
