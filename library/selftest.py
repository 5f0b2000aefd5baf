"""Self-test: a list of named checks that each say pass or fail in one line.

The core registers its checks here; the kiosk registers its Qt checks from
`kiosk/` when it builds the command line, so the core never loads Qt.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .paths import DataPaths

MIN_FREE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


Check = Callable[[DataPaths], str]  # returns a detail line; raises on failure
_CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Decorator: add a check under `name` (later registrations replace earlier)."""

    def wrap(func: Check) -> Check:
        _CHECKS[name] = func
        return func

    return wrap


def checks() -> dict[str, Check]:
    return dict(_CHECKS)


def run_checks(paths: DataPaths, only: list[str] | None = None) -> list[CheckResult]:
    results = []
    for name, func in _CHECKS.items():
        if only and name not in only:
            continue
        start = time.perf_counter()
        try:
            detail = func(paths)
            ok = True
        except Exception as exc:  # a check's failure is its result, whatever it was
            detail = f"{type(exc).__name__}: {exc}"
            ok = False
        results.append(CheckResult(name, ok, detail, time.perf_counter() - start))
    return results


@register("data-dir")
def _data_dir_writable(paths: DataPaths) -> str:
    paths.ensure()
    with tempfile.NamedTemporaryFile(dir=paths.root, prefix=".selftest-") as fh:
        fh.write(b"ok")
        fh.flush()
    return f"{paths.root} is writable"


@register("free-disk")
def _free_disk(paths: DataPaths) -> str:
    paths.ensure()
    free = shutil.disk_usage(paths.root).free
    if free < MIN_FREE_BYTES:
        raise RuntimeError(f"only {free // 2**20} MiB free (need {MIN_FREE_BYTES // 2**20})")
    return f"{free // 2**20} MiB free"


@register("catalog")
def _catalog_opens_and_searches(paths: DataPaths) -> str:
    from .catalog import Catalog, Item
    from .search import Search

    with Catalog.open(paths) as catalog:
        count = len(catalog)
    with Catalog(memory=True) as probe:
        probe.put(Item(id="selftest", title="Chuyển đổi số", kind="book"), ["Đảng viên"])
        if not Search(probe).search("chuyen doi so"):
            raise RuntimeError("search found nothing in a test catalog")
    return f"{count} items; search works"


@register("documents")
def _document_renders(paths: DataPaths) -> str:
    import pymupdf

    from .paths import font_files

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    fonts = font_files()
    if not fonts:
        raise RuntimeError("bundled font missing")
    page.insert_font(fontname="vn", fontfile=str(fonts[0]))
    page.insert_text((20, 60), "Đảng viên", fontname="vn", fontsize=20)
    text = page.get_text()
    pix = page.get_pixmap()
    if "Đảng" not in text or pix.width != 300:
        raise RuntimeError("render or text extraction gave wrong results")
    return "MuPDF renders and reads Vietnamese"


def format_results(results: list[CheckResult]) -> str:
    width = max((len(r.name) for r in results), default=0)
    lines = [f"{'PASS' if r.ok else 'FAIL'}  {r.name:<{width}}  {r.detail}" for r in results]
    passed = sum(r.ok for r in results)
    lines.append(f"{passed}/{len(results)} checks passed")
    return "\n".join(lines)


def is_under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
