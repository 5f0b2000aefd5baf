"""The core never imports Qt or the kiosk (DESIGN.md: layout)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "library").rglob("*.py")
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'kiosk')))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"
    assert len(modules) > 8


def test_no_core_source_names_qt_or_kiosk() -> None:
    for path in (ROOT / "library").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("PySide6", "kiosk", "shiboken6")), (path, name)


def test_no_sql_in_the_kiosk() -> None:
    for path in (ROOT / "kiosk").rglob("*"):
        if path.suffix in {".py", ".qml", ".js"}:
            text = path.read_text(encoding="utf-8")
            for word in ("SELECT ", "INSERT INTO", "sqlite3", "sqlite_utils"):
                assert word not in text, (path, word)
