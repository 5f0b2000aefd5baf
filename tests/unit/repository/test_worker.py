"""The kiosk's imports and syncs in a process of their own: same outcome, same lines."""

from __future__ import annotations

import errno
import socket
import threading

import pytest

from library.errors import LibraryError, PackError, StorageError, SyncError
from library.repository import importer, status
from library.repository.fetch import FetchSettings, write_failure
from library.repository.worker import TEST_HOOK_ENV, ImportCrashed, import_in_child

from .helpers import World, snapshot

FAST = FetchSettings(retries=0, backoff_s=0.01, stall_timeout_s=5)


def test_a_sync_runs_in_the_child_with_progress(world: World, nginx, station,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "child-sync")

    def not_here(*_args, **_kwargs):
        raise AssertionError("the import ran in the kiosk's own process")

    monkeypatch.setattr(importer, "import_from", not_here)  # only this process sees it
    ticks: list[tuple[int, int, str]] = []
    result = import_in_child(paths, url, settings=FAST,
                             progress=lambda *tick: ticks.append(tick))
    assert result.status == "imported" and len(result.added) == 5
    assert catalog.count(include_hidden=True) == 5  # committed where the kiosk reads it
    assert ticks and ticks[-1][0] == ticks[-1][1] > 0  # every byte reported, the last one too
    assert status.get(catalog, "vn.lamdong.thuvien").status == "ok"


def test_a_cancel_while_the_index_is_read_changes_nothing(world: World, nginx, station,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "child-cancel")
    before = snapshot(paths)
    monkeypatch.setenv(TEST_HOOK_ENV, "hold:index-read")  # parsing until the cancel comes
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(PackError, match="cancelled; nothing was changed"):
        import_in_child(paths, url, settings=FAST, cancel=cancel)
    assert snapshot(paths) == before
    assert status.get(catalog, "vn.lamdong.thuvien") is None  # a cancel is no failed sync


def test_a_progress_callback_that_raises_stops_the_child(world: World, station, tmp_path,
                                                         monkeypatch) -> None:
    paths, _catalog = station
    # after its first object the child waits (for a file never made): the stop must reach it
    monkeypatch.setenv(TEST_HOOK_ENV, f"wait:staged-object:{tmp_path / 'never'}")

    class Stopped(LibraryError):
        pass

    def stop(*_tick) -> None:
        raise Stopped("the librarian cancelled")

    before = snapshot(paths)
    with pytest.raises(Stopped):
        import_in_child(paths, str(world.pack_v1), progress=stop)
    assert snapshot(paths) == before


def test_a_child_that_dies_is_one_line_and_the_catalog_stays(world: World, nginx, station,
                                                            monkeypatch) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "child-crash")
    before = snapshot(paths)
    monkeypatch.setenv(TEST_HOOK_ENV, "crash:before-commit")  # inside the one transaction
    with pytest.raises(ImportCrashed) as caught:
        import_in_child(paths, url, settings=FAST)
    line = str(caught.value)
    assert "\n" not in line and "stopped unexpectedly" in line and "nothing was changed" in line
    assert snapshot(paths)["items"] == before["items"] == []
    state = status.get(catalog, url)  # the status line says it, as for any failed sync
    assert state is not None and state.status == "error" and "stopped unexpectedly" in \
        state.message
    monkeypatch.delenv(TEST_HOOK_ENV)
    again = import_in_child(paths, url, settings=FAST)  # lock released, staging cleared
    assert len(again.added) == 5
    assert list(paths.staging.glob("import-*")) == []


def test_a_child_that_dies_after_a_cancel_is_no_failed_sync(world: World, nginx, station,
                                                           monkeypatch) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "child-cancel-crash")
    before = snapshot(paths)
    monkeypatch.setenv(TEST_HOOK_ENV, "hold-crash:index-read")  # dies once it is cancelled
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCrashed, match="nothing was changed"):
        import_in_child(paths, url, settings=FAST, cancel=cancel)
    assert snapshot(paths)["items"] == before["items"] == []
    assert status.get(catalog, url) is None  # the librarian asked it to stop: no error line
    monkeypatch.delenv(TEST_HOOK_ENV)
    again = import_in_child(paths, url, settings=FAST)  # lock released, staging cleared
    assert len(again.added) == 5


def test_a_child_that_dies_after_its_commit_does_not_say_nothing_changed(
        world: World, station, monkeypatch) -> None:
    paths, catalog = station
    monkeypatch.setenv(TEST_HOOK_ENV, "crash:after-commit")
    with pytest.raises(ImportCrashed, match="its changes were saved before"):
        import_in_child(paths, str(world.pack_v1))
    assert catalog.count(include_hidden=True) == 5


def test_the_child_fails_with_the_same_line_as_the_cli(station) -> None:
    paths, catalog = station
    with socket.socket() as closed:  # nothing listens: refused
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    with pytest.raises(SyncError) as here:
        importer.import_from(paths, catalog, url, settings=FAST)
    with pytest.raises(SyncError) as there:
        import_in_child(paths, url, settings=FAST)
    assert str(there.value) == str(here.value)
    assert there.value.message_vi == here.value.message_vi


def test_a_full_disk_is_said_one_way_while_downloading_or_staging() -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    for what in ("downloading", "staging objects"):
        error = write_failure(full, what)
        assert isinstance(error, StorageError)
        assert str(error) == (f"cannot write while {what}: No space left on device; nothing "
                              "was changed (free some space, then try again)")
        assert error.message_vi == ("Đĩa đã đầy, không ghi được nội dung mới. Thư viện giữ "
                                    "nguyên; hãy giải phóng bớt dung lượng rồi thử lại.")
    denied = write_failure(OSError(errno.EACCES, "Permission denied"), "downloading",
                           __import__("pathlib").Path("/x/abc.part"))
    assert str(denied) == "cannot write abc.part while downloading: Permission denied"
    # the core's one builder words it (files.write_error): its Vietnamese too
    assert denied.message_vi == "Không có quyền ghi nội dung mới."


QUITTING = """
import sys, threading
from pathlib import Path
from library.paths import DataPaths
from library.repository.fetch import FetchSettings
from library.repository.worker import import_in_child

def follow():
    try:
        import_in_child(DataPaths(Path(sys.argv[1])), sys.argv[2],
                        settings=FetchSettings(retries=0))
    except Exception as exc:
        print("stopped:", exc, flush=True)

threading.Thread(target=follow).start()  # not a daemon: the interpreter waits for it
print("quitting", flush=True)
"""


def test_quitting_the_kiosk_stops_its_import_before_the_commit(world: World, nginx, station,
                                                               monkeypatch) -> None:
    import subprocess
    import sys

    paths, _catalog = station
    url = nginx.serve(world.repo_v1, "child-quit")
    before = snapshot(paths)
    monkeypatch.setenv(TEST_HOOK_ENV, "hold:index-read")  # still reading when the kiosk quits
    done = subprocess.run([sys.executable, "-c", QUITTING, str(paths.root), url],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "stopped: the import was cancelled; nothing was changed" in done.stdout
    assert snapshot(paths) == before
