"""The station's log file on a disk that filled up: the station's way out stays clean."""

from __future__ import annotations

import errno
import logging

from library import logfile
from library.paths import DataPaths


class _FullDisk:
    """A file whose buffered lines find no room when they are flushed."""

    def write(self, text: str) -> int:
        return len(text)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def tell(self) -> int:
        return 0

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        self.flush()


def test_closing_the_log_on_a_full_disk_raises_nothing(data_paths: DataPaths, capsys) -> None:
    paths = data_paths.ensure()
    with logfile.station_log(paths, "kiosk") as handler:
        assert handler is not None
        assert isinstance(handler, logfile.logging.FileHandler)
        handler.stream.close()
        handler.stream = _FullDisk()
        logging.getLogger("kiosk.test").warning("a warning while the disk is full")
    # the station ended: no exception, and the failure said once
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "No space left on device" in err


def test_warnings_the_full_disk_refused_still_reach_recent_errors(data_paths: DataPaths) -> None:
    """The panel's «Lỗi gần đây» reads the log file; what the file could not take is kept
    in memory for it while the station runs (and forgotten when it ends)."""
    from library.report import recent_errors

    paths = data_paths.ensure()
    with logfile.station_log(paths, "kiosk") as handler:
        assert handler is not None
        logging.getLogger("kiosk.test").warning("written while there was room")
        handler.flush()
        handler.stream.close()
        handler.stream = _FullDisk()
        logging.getLogger("kiosk.test").warning("said after the disk filled")
        lines = recent_errors(paths)
        assert [line.rpartition(": ")[2] for line in lines] == [
            "written while there was room", "said after the disk filled"]
        assert " WARNING kiosk.test: " in lines[-1]
    assert [line.rpartition(": ")[2] for line in recent_errors(paths)] == [
        "written while there was room"]


def test_a_station_started_on_a_read_only_disk_keeps_its_warnings_in_memory(tmp_path) -> None:
    from library.report import recent_errors
    from tests.fulldisk import station_disk

    with station_disk(tmp_path / "disk", "read-only") as paths, \
            logfile.station_log(paths, "kiosk") as handler:
        assert handler is None  # no file can be made there
        logging.getLogger("kiosk.test").warning("speech: cannot write x: Read-only")
        [line] = recent_errors(paths)
        assert line.endswith("speech: cannot write x: Read-only")
