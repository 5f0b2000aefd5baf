"""`report write` on a data folder with no room left: one line naming the file and why."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from library import report
from library.catalog import Catalog
from library.errors import StorageError
from library.paths import DataPaths
from library.report import STATION_KEY, STATION_PUB, station_key

NO_ROOM = "No space left on device"


def full_for(*names: str):
    """`write_atomic` that finds the disk full for the files called `names`."""
    real = report.write_atomic

    def write(path: Path, data: bytes, **options: object) -> None:
        if path.name in names:
            raise OSError(errno.ENOSPC, NO_ROOM)
        real(path, data, **options)

    return write


def test_the_command_names_the_station_key_and_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from kiosk.main import main

    data = tmp_path / "data"
    paths = DataPaths(data).ensure()
    Catalog.open(paths).close()
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(report, "write_atomic", full_for(STATION_PUB, STATION_KEY))
    assert main(["--data", str(data), "report", "write", str(stick)]) == 1
    err = capsys.readouterr().err
    assert err == f"cafesach: error: cannot write {paths.keys / STATION_PUB}: {NO_ROOM}\n"
    assert not list(stick.iterdir())  # nothing went onto the stick


def test_the_vietnamese_line_says_what_could_not_be_written(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "write_atomic", full_for(STATION_KEY))
    with pytest.raises(StorageError) as caught:
        station_key(data_paths)
    assert str(caught.value) == f"cannot write {data_paths.keys / STATION_KEY}: {NO_ROOM}"
    assert caught.value.message_vi == "Đĩa đã đầy, không ghi được khoá của trạm."


def test_a_disk_full_between_the_two_halves_leaves_no_key_without_its_public_half(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "write_atomic", full_for(STATION_KEY))
    with pytest.raises(StorageError):
        station_key(data_paths)
    assert not (data_paths.keys / STATION_KEY).exists()
    monkeypatch.undo()  # room again: the pair is made whole
    key = station_key(data_paths)
    public = serialization.load_pem_public_key((data_paths.keys / STATION_PUB).read_bytes())
    assert public.public_bytes(serialization.Encoding.Raw,
                               serialization.PublicFormat.Raw) == key.public_raw
    assert station_key(data_paths).station_id == key.station_id


def test_the_key_made_at_start_signs_the_reports_of_a_disk_that_filled_later(
        data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ensure_station_key` at the kiosk's start: once the disk is full, a report to the
    stick is still signed with it; a second call keeps the key it has."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:  # the start and a report at once make one pair
        made = list(pool.map(lambda _: report.ensure_station_key(data_paths), range(4)))
    assert made.count(True) == 1
    key = station_key(data_paths)
    assert report.ensure_station_key(data_paths) is False
    assert station_key(data_paths).station_id == key.station_id
    monkeypatch.setattr(report, "write_atomic", full_for(STATION_KEY, STATION_PUB))
    assert station_key(data_paths).station_id == key.station_id  # read, nothing written


def test_a_key_that_cannot_be_made_at_start_is_said(
        data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "write_atomic", full_for(STATION_PUB))
    with pytest.raises(StorageError):
        report.ensure_station_key(data_paths)
    assert not (data_paths.keys / STATION_KEY).exists()
