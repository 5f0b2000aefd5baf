import errno
import os
import stat
from pathlib import Path

import pytest

from library.errors import InvalidInput, StorageError
from library.files import output_target, write_atomic, write_error, write_output


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "config.toml"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["config.toml"]


@pytest.mark.parametrize(("mode", "umask", "expected"), [(0o644, 0o022, 0o644),
                                                         (0o666, 0o022, 0o644),
                                                         (0o666, 0o077, 0o600),
                                                         (0o600, 0o000, 0o600)])
def test_mode_goes_through_the_umask(tmp_path: Path, mode: int, umask: int,
                                     expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "f", b"x", mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == expected


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, b"old")

    class NotBytes:
        pass

    with pytest.raises(TypeError):
        write_atomic(target, NotBytes())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_exact_mode_ignores_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "index.json", b"{}", mode=0o644, apply_umask=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "index.json").stat().st_mode) == 0o644


def test_output_file_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "áp phích" / "trang.png"
    target.parent.mkdir()
    write_output(target, b"png")
    assert target.read_bytes() == b"png"
    assert [p.name for p in target.parent.iterdir()] == ["trang.png"]


def test_output_into_a_missing_folder_is_refused_and_no_folder_made(tmp_path: Path) -> None:
    """`-o /media/usb/…` with no stick: a folder made for it would hold the file on the
    station's own disk, where nobody looks for it."""
    target = tmp_path / "usb" / "ap-phich" / "trang.png"
    with pytest.raises(InvalidInput, match="usb/ap-phich: no such folder"):
        write_output(target, b"png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["", ".", ".."])
def test_output_without_a_file_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="no output file name"):
        output_target(Path(name))


def test_output_over_a_folder_or_a_pipe_is_refused_and_left_alone(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        write_output(tmp_path, b"x")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InvalidInput, match="not a regular file"):
        write_output(pipe, b"x")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_that_cannot_be_written_is_one_storage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("library.files.os.replace", failing)
    with pytest.raises(StorageError, match=r"^cannot write .*x\.png: Input/output error$"):
        write_output(tmp_path / "x.png", b"x")
    assert list(tmp_path.iterdir()) == []


def test_output_through_a_file_names_that_file_and_writes_nothing(tmp_path: Path) -> None:
    """`-o /etc/passwd/x.png`: before the fix, making the folder said "File exists"."""
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with pytest.raises(InvalidInput) as caught:
        write_output(blocker / "sub" / "x.png", b"x")
    assert str(caught.value) == (f"cannot write {blocker / 'sub' / 'x.png'}: {blocker} is a "
                                 "file, not a folder; nothing was written")
    assert blocker.read_bytes() == b""


def test_a_write_error_says_in_vietnamese_whether_the_disk_is_full(tmp_path: Path) -> None:
    full = write_error(tmp_path / "kho", OSError(errno.ENOSPC, "No space left on device"),
                       what_vi="kho")
    assert str(full) == f"cannot write {tmp_path / 'kho'}: No space left on device"
    assert full.message_vi == "Đĩa đã đầy, không ghi được kho."
    other = write_error(tmp_path / "x.png", OSError(errno.EIO, "Input/output error"))
    assert other.message_vi == "Không ghi được tệp."


@pytest.mark.parametrize(("code", "english", "vietnamese"), [
    (errno.ENOSPC, "No space left on device", "Đĩa đã đầy, không ghi được {}."),
    (errno.EDQUOT, "Disk quota exceeded", "Đĩa đã đầy, không ghi được {}."),
    (errno.EROFS, "Read-only file system", "Ổ đĩa chỉ cho đọc, không ghi được {}."),
    (errno.EACCES, "Permission denied", "Không có quyền ghi {}."),
    (errno.EPERM, "Operation not permitted", "Không có quyền ghi {}."),
    (errno.EIO, "Input/output error", "Không ghi được {}."),
], ids=["full", "quota", "read-only", "denied", "not-permitted", "other"])
def test_a_file_and_the_object_store_say_a_failed_write_the_same_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, english: str,
        vietnamese: str) -> None:
    """One builder for both: a command's output file and a file copied into the data
    folder's store fail with the same words for the same reason (only what is named
    differs), so a change of wording reaches both."""
    from library.objects import STORE_VI, ObjectStore

    def failing(fd: int) -> None:
        raise OSError(code, english)

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(StorageError) as output:
        write_output(tmp_path / "out" / "page.png", b"x")
    source = tmp_path / "ban-tin.txt"
    source.write_bytes(b"Ban tin")
    store = ObjectStore(tmp_path / "objects")
    with pytest.raises(StorageError) as stored:
        store.add_file(source)
    with pytest.raises(StorageError) as stored_bytes:
        store.add_bytes(b"cover")
    monkeypatch.undo()
    assert str(output.value) == f"cannot write {tmp_path / 'out' / 'page.png'}: {english}"
    assert output.value.message_vi == vietnamese.format("tệp")
    # a data folder this user may not write: the catalog's advice too, in the same line
    hint = (" (check the data folder's owner and permissions)"
            if code in (errno.EROFS, errno.EACCES, errno.EPERM) else "")
    assert str(stored.value) == f"cannot store ban-tin.txt: {english}{hint}"
    assert stored.value.message_vi == vietnamese.format(STORE_VI)
    assert str(stored_bytes.value) == f"cannot store object: {english}{hint}"
    assert stored_bytes.value.message_vi == stored.value.message_vi
    assert list(store) == [] and not list((tmp_path / "out").iterdir())  # nothing half-written
