"""A sync or pack import loads its machinery on the task's thread, not the visitor's.

The importer brings the HTTP client and the signature code: 0.1–0.15 s of the
interpreter at the first sync after a start, which on the GUI thread froze the
visitor's screen when the timed sync began. Run in a fresh interpreter, where
nothing has loaded them yet, as on a station that has just started.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

SCRIPT = textwrap.dedent("""
    import importlib.abc, sys, threading
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    from kiosk.admin.content import ContentController
    from kiosk.tasks import Tasks
    from kiosk.touch import wait_until
    from library.catalog import Catalog
    from library.config import Config
    from library.paths import DataPaths

    WATCHED = ("httpx", "library.repository.importer")
    loaded = {}

    class Spy(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name in WATCHED:
                loaded.setdefault(name, threading.current_thread() is threading.main_thread())
            return None

    def main():
        app = QCoreApplication([])
        paths = DataPaths(Path(sys.argv[1])).ensure()
        catalog = Catalog.open(paths)
        config = Config.load(paths.config_file)
        config.set("sync", "server_url", sys.argv[2])
        config.set("sync", "retries", 0)
        tasks = Tasks()
        content = ContentController(paths, catalog, config, tasks)
        assert not [name for name in WATCHED if name in sys.modules], "loaded already"
        sys.meta_path.insert(0, Spy())
        getattr(content, sys.argv[3])(*sys.argv[4:])
        assert wait_until(lambda: not content.busy, 60)
        print(sorted(loaded.items()), content.resultText)


    if __name__ == "__main__":  # the import runs in a child started by "spawn",
        main()                   # which imports this file again as its main module
""")


@pytest.mark.parametrize(("start", "server", "says"), [
    (["syncNow"], "down", "Thư viện giữ nguyên như trước."),
    (["syncNow"], "", "Chưa cấu hình máy chủ đồng bộ. Thư viện giữ nguyên như trước."),
    (["importPack", "/nonexistent/kho.zip"], "down", "thư viện giữ nguyên như trước.")])
def test_the_importer_is_loaded_on_the_task_thread(tmp_path: Path, start: list[str],
                                                   server: str, says: str) -> None:
    url = ""  # no server set: `sync_target`'s error still reaches the panel's line
    if server == "down":
        with socket.socket() as closed:  # a port nothing listens on: the network is down
            closed.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    script = tmp_path / "start.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "data"), url, *start],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    # one run: the child the import starts (by "spawn") did not run the script again
    assert len(done.stdout.strip().splitlines()) == 1, done.stdout
    loaded, _, result = done.stdout.strip().partition("] ")
    # each was loaded, and not by the GUI thread
    assert loaded == "[('httpx', False), ('library.repository.importer', False)", done.stdout
    # the sync or import ended with its reason on the panel, never "unexpected error"
    assert result.endswith(says) and "không mong đợi" not in result, result
