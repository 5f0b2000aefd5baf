"""`folder_lock`: one import per station, one publish per repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from library.errors import InvalidInput, PackError, StorageError
from library.locks import folder_lock, lock_holder
from library.paths import DataPaths

pytest.importorskip("fcntl")

PROC_LOCKS = Path("/proc/locks").is_file()
LOCK = {"held_by": "another test is using", "error": InvalidInput, "message_vi": "Đang bận."}

#: Holds the lock on argv[1] until its standard input closes.
_HOLDER = ("import sys; from pathlib import Path; from library.errors import InvalidInput; "
           "from library.locks import folder_lock\n"
           "with folder_lock(Path(sys.argv[1]), held_by='x', error=InvalidInput, "
           "message_vi='x'):\n    print('held', flush=True); sys.stdin.read()")


def test_a_second_holder_is_refused_naming_the_folder_and_the_first(tmp_path: Path) -> None:
    with folder_lock(tmp_path, **LOCK), pytest.raises(InvalidInput) as refused, \
            folder_lock(tmp_path, **LOCK):
        pytest.fail("held twice")
    holder = f" (process {os.getpid()})" if PROC_LOCKS else ""  # here: this very process
    assert str(refused.value) == (f"another test is using {tmp_path} right now{holder}; let "
                                  "it finish, then try again")
    assert refused.value.message_vi == "Đang bận."
    with folder_lock(tmp_path, **LOCK):  # let go when the block ended
        pass
    assert list(tmp_path.iterdir()) == []  # nothing written for the lock


def test_a_lock_held_by_a_killed_process_is_free_again(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        named = re.escape(f" (process {holder.pid})") if PROC_LOCKS else ""
        with pytest.raises(InvalidInput, match=f"right now{named}; let it finish"), \
                folder_lock(tmp_path, **LOCK):
            pass
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(tmp_path, **LOCK):  # no stale lock file to clear by hand
        pass


def test_a_folder_that_cannot_be_opened_is_a_storage_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    with pytest.raises(StorageError, match=re.escape(f"cannot lock {missing}")), \
            folder_lock(missing, **LOCK):
        pass


def test_the_station_lock_names_the_data_folder(tmp_path: Path) -> None:
    from library.repository.importer import _station_lock

    paths = DataPaths(tmp_path / "data")
    busy = re.escape(f"another import or sync is running in {paths.staging}")
    with _station_lock(paths), pytest.raises(PackError, match=busy), _station_lock(paths):
        pass
    assert list(paths.staging.iterdir()) == []


def test_the_publisher_lock_is_on_the_nearest_existing_folder(tmp_path: Path) -> None:
    from library.repository.publish import _one_publisher

    new_repo = tmp_path / "www" / "repo"
    busy = re.escape(f"another publish is writing into {tmp_path} ")
    with _one_publisher(new_repo), pytest.raises(InvalidInput, match=busy), \
            folder_lock(tmp_path, held_by="another publish is writing into",
                        error=InvalidInput, message_vi="x"):
        pass
    assert not (tmp_path / "www").exists()


def test_the_holder_is_read_from_the_systems_lock_table(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    st = target.stat()
    dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}"
    table = tmp_path / "locks"
    table.write_text(f"1: POSIX  ADVISORY  WRITE 11 {dev}:{st.st_ino} 0 EOF\n"
                     f"2: -> FLOCK  ADVISORY  WRITE 22 {dev}:{st.st_ino} 0 EOF\n"
                     f"3: FLOCK  ADVISORY  WRITE 33 {dev}:{st.st_ino + 1} 0 EOF\n"
                     f"4: FLOCK  ADVISORY  WRITE 44 {dev}:{st.st_ino} 0 EOF\n")
    assert lock_holder(st, table) == 44  # not a POSIX lock, a waiter or another file
    table.write_text("")
    assert lock_holder(st, table) is None
    assert lock_holder(st, tmp_path / "no-such-table") is None
