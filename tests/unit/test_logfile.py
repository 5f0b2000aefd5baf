"""The station's log file: warnings where the health report reads them, kept small,
and never a reason for the station not to start."""

from __future__ import annotations

import logging
import os

import pytest

from library import logfile
from library.paths import DataPaths
from library.report import recent_errors


@pytest.fixture
def paths(data_paths: DataPaths) -> DataPaths:
    return data_paths.ensure()


def test_warnings_and_errors_are_read_back_by_the_health_report(paths: DataPaths) -> None:
    log = logging.getLogger("kiosk.test")
    with logfile.station_log(paths, "kiosk") as handler:
        assert handler is not None
        log.info("a visitor opened a book")  # not a problem: not kept
        log.warning("cannot open %s", "sach.pdf")
        try:
            raise ValueError("broken page")
        except ValueError:
            log.exception("page 3 failed")
    log.warning("after the kiosk ended")  # the file is let go with the kiosk
    errors = recent_errors(paths)
    assert len(errors) == 2
    assert errors[0].endswith(" WARNING kiosk.test: cannot open sach.pdf")
    assert errors[1].endswith(" ERROR kiosk.test: page 3 failed")
    text = (paths.logs / "kiosk.log").read_text(encoding="utf-8")
    assert "visitor" not in text and "ValueError: broken page" in text
    assert handler not in logging.getLogger().handlers


def test_the_file_is_rotated_and_never_grows_past_its_cap(paths: DataPaths,
                                                         monkeypatch) -> None:
    monkeypatch.setattr(logfile, "MAX_BYTES", 2000)
    log = logging.getLogger("kiosk.test")
    with logfile.station_log(paths, "kiosk"):
        for n in range(400):
            log.warning("the same failure again, number %d", n)
    files = sorted(p.name for p in paths.logs.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all((paths.logs / name).stat().st_size <= 2000 for name in files)
    assert recent_errors(paths)[-1].endswith("number 399")  # the newest is kept
    # Read across the rotated files, oldest first, also when they share one mtime.
    for name in files:
        os.utime(paths.logs / name, ns=(1_700_000_000_000_000_000,) * 2)
    numbers = [int(line.rsplit(" ", 1)[1]) for line in recent_errors(paths, limit=1000)]
    assert numbers == list(range(400 - len(numbers), 400)) and len(numbers) > 40


def test_a_log_folder_that_cannot_be_written_is_said_once_and_the_station_goes_on(
        paths: DataPaths, capsys) -> None:
    paths.logs.rmdir()
    paths.logs.write_text("a file where the folder should be")
    with logfile.station_log(paths, "kiosk") as handler:
        logging.getLogger("kiosk.test").warning("still said")
    assert handler is None
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert f"cannot write the log file {paths.logs / 'kiosk.log'}" in err
    assert "warnings go to stderr only" in err


class _FullDisk:
    """A log file on a disk that filled up while the station ran."""

    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")

    def seek(self, *_args: int) -> int:
        return 0

    def tell(self) -> int:
        return 0

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_write_that_fails_later_is_said_once_not_per_record(paths: DataPaths,
                                                             capsys) -> None:
    with logfile.station_log(paths, "kiosk") as handler:
        assert isinstance(handler, logging.FileHandler)
        handler.stream.close()
        handler.stream = _FullDisk()  # type: ignore[assignment]
        for _ in range(3):
            logging.getLogger("kiosk.test").warning("disk")
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "No space left on device; warnings go to stderr only" in err
    assert "Traceback" not in err and "Logging error" not in err


def test_stderr_keeps_the_bare_warnings_it_had(paths: DataPaths, capsys,
                                               monkeypatch) -> None:
    """With no handler of its own, the root logger printed warnings bare on stderr (the
    journal); the file must not take them away from there."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    with logfile.station_log(paths, "kiosk"):
        logging.getLogger("kiosk.test").warning("the speech worker restarted")
    assert capsys.readouterr().err == "the speech worker restarted\n"
    assert "the speech worker restarted" in recent_errors(paths)[-1]
