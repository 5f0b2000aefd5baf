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
