"""Shared fixtures: every folder points into a temp dir; documents are made at test time."""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TextIO

import pytest

# Qt (for the ui tests) must never find a display or the user's folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = tempfile.mkdtemp(prefix="cafesach-runtime-")
    os.chmod(_runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = _runtime
os.environ.pop("CAFESACH_DATA", None)

from library.catalog import Catalog
from library.paths import DataPaths, font_files
from tests.loopback import BindWatch

#: No test takes anywhere near this; one that does is stuck (a native call that
#: never returns) and ends the run instead of hanging CI.
HANG_S = 300


_real_stderr: list[TextIO] = []


def pytest_configure(config: pytest.Config) -> None:
    """Keep a copy of the terminal's stderr, made while output capture is paused:
    a stuck run's stacks must reach the CI log, not a capture file."""
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.suspend_global_capture(in_=False)
    try:
        _real_stderr.append(os.fdopen(os.dup(2), "w"))
    finally:
        if capture is not None:
            capture.resume_global_capture()


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """Dump every thread's stack and exit(1) if a test runs longer than HANG_S.

    `faulthandler`'s watchdog is a C thread: it fires even when the stuck
    call holds the GIL, where a Python-level timeout would wait forever.
    """
    faulthandler.dump_traceback_later(HANG_S, exit=True,
                                      file=_real_stderr[0] if _real_stderr else sys.__stderr__)
    yield
    faulthandler.cancel_dump_traceback_later()


#: The run's `BindWatch`, once the session fixture below has started it.
_bind_watches: list[BindWatch] = []


@pytest.fixture(scope="session", autouse=True)
def _bind_watch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BindWatch]:
    """Tests listen on 127.0.0.1 only, children included (`tests.loopback`): the phone
    server's default, every interface, would offer a test's files to the network."""
    watch = BindWatch(tmp_path_factory.mktemp("binds") / "refused.txt")
    watch.start()
    _bind_watches.append(watch)
    yield watch
    _bind_watches.remove(watch)
    watch.stop()


def _loopback_only() -> Generator[None, object, object]:
    """Fail the test whose setup, body or teardown bound beyond loopback — also when
    the refusal was swallowed (a kiosk logs a phone server that did not start), or
    made in a child process; its own message replaces the error it caused."""
    try:
        return (yield)
    finally:
        refused = _bind_watches[0].take() if _bind_watches else []
        if refused:
            pytest.fail("\n".join(refused), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _loopback_only())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _loopback_only())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item,
                            nextitem: pytest.Item | None) -> Generator[None, object, object]:
    return (yield from _loopback_only())


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    """A fresh, empty data folder."""
    return DataPaths(tmp_path / "data").ensure()


@pytest.fixture
def catalog(data_paths: DataPaths) -> Iterator[Catalog]:
    """A real catalog file (WAL) with its object store, in the temp data folder."""
    with Catalog.open(data_paths) as cat:
        yield cat


MakePdf = Callable[..., Path]


@pytest.fixture
def make_pdf(tmp_path: Path) -> MakePdf:
    """Build a real PDF: `make_pdf("name.pdf", ["page 1 text", …], title=…, heading=…)`."""
    import pymupdf

    font = str(font_files()[0])

    def build(name: str, pages: list[str], *, title: str | None = None,
              heading: str | None = None, author: str | None = None) -> Path:
        doc = pymupdf.open()
        for index, text in enumerate(pages):
            page = doc.new_page(width=595, height=842)
            page.insert_font(fontname="vn", fontfile=font)
            y = 72
            if heading and index == 0:
                page.insert_text((72, y), heading, fontname="vn", fontsize=24)
                y += 40
            page.insert_textbox(pymupdf.Rect(72, y, 523, 800), text, fontname="vn", fontsize=11)
        meta = {"title": title or "", "author": author or ""}
        doc.set_metadata(meta)
        path = tmp_path / name
        doc.save(path)
        doc.close()
        return path

    return build
