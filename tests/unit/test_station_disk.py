"""The station on a data folder it cannot write: a full disk, a read-only mount.

Real disks (a tmpfs filled to its last byte, or remounted read-only) where the
machine lets this test mount them; the same refusal injected elsewhere.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from library import station_disk
from library.catalog import Catalog
from library.config import Config
from library.errors import CatalogError, StorageError
from library.paths import DataPaths
from library.report import health_report
from library.schedule import Schedule, save_schedule
from library.search import Search
from library.station_disk import open_station_catalog, unwritable, write_refusal
from tests.fulldisk import demo_station, run_at_terminal
from tests.fulldisk import station_disk as disk

BOOK_ID = "demo-chuyen-doi-so"


@pytest.mark.parametrize("state", ["full", "read-only"])
def test_the_station_opens_its_library_read_only_where_it_cannot_write(
        tmp_path: Path, state: str) -> None:
    with disk(tmp_path / "disk", state) as paths:
        assert unwritable(paths.root) == state
        with pytest.raises((StorageError, CatalogError)):
            Catalog.open(paths).close()  # what the kiosk did: one line, and no station
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is not None and catalog.read_only
            assert len(catalog) > 10
            assert Search(catalog).search_typed("chuyen doi so")[0].item.id == BOOK_ID
            with pytest.raises(StorageError) as refused:  # the broken-file flag, a setting…
                catalog.set_flags(BOOK_ID, broken=True)
            assert str(refused.value) == str(catalog.refusal)
            assert not catalog.get(BOOK_ID).broken
            with pytest.raises(StorageError) as refused:  # the panel's «Bản tin» says why
                save_schedule(catalog, Schedule(()), source="local")
            assert "lịch phát" in refused.value.message_vi
            report = health_report(paths, catalog, Config.load(paths.config_file),
                                   running=True)
            assert report["disk"]["cannot_write"] == state
            assert report["catalog"]["items"] > 10


def test_a_full_disk_mounted_read_only_is_told_read_only(tmp_path: Path) -> None:
    """No byte free there either (as on a squashfs or a burnt disc, always 0 free), but
    deleting files cannot help: the librarian is told to make it writable."""
    import subprocess

    with disk(tmp_path / "disk", "full") as paths:
        proc = subprocess.run(["mount", "-o", "remount,ro", str(paths.root.parent)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only: {proc.stderr.strip()}")
        assert unwritable(paths.root) == "read-only"
        refusal = write_refusal(paths.root)
        assert refusal is not None and refusal.message_vi.startswith("Thư mục dữ liệu chỉ cho đọc")


def test_a_writable_station_opens_as_before(tmp_path: Path) -> None:
    paths = demo_station(tmp_path / "data")
    assert unwritable(paths.root) is None and write_refusal(paths.root) is None
    with open_station_catalog(paths) as catalog:
        assert catalog.refusal is None and not catalog.read_only
        catalog.set_flags(BOOK_ID, broken=True)
        assert catalog.get(BOOK_ID).broken
    with Catalog.open(paths) as catalog:
        report = health_report(paths, catalog, Config.load(paths.config_file), running=True)
    assert "cannot_write" not in report["disk"]


def test_a_damaged_catalog_is_not_taken_for_a_full_disk(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    paths.catalog_db.write_bytes(b"not a database" * 1000)
    with pytest.raises(CatalogError):
        open_station_catalog(paths)


def test_a_full_disk_is_told_without_mounting_one(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Where no tmpfs can be mounted: the catalog's open refused and no byte free. The
    kiosk, its phone server and each panel task open it: the log says it once."""
    paths = demo_station(tmp_path / "data")
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda p: real(p)._replace(free=0))

    def refused(_paths: DataPaths) -> Catalog:
        raise StorageError("cannot open the catalog: the disk holding the data folder is full")

    monkeypatch.setattr(station_disk.Catalog, "open", refused)
    with open_station_catalog(paths) as catalog:
        assert catalog.refusal is not None
        assert "full" in str(catalog.refusal)
        assert "Đĩa đã đầy" in catalog.refusal.message_vi
        with pytest.raises(StorageError, match="is full"):
            catalog.set_state("x", "y")
    open_station_catalog(paths).close()
    warned = [r for r in caplog.records
              if r.name == "library.station_disk" and r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "is full" in warned[0].getMessage()


def test_run_on_a_full_disk_shows_the_library(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`cafesach run` (its terminal prompt, the same start as the screen's) on a full
    disk: the library, not "cannot open the catalog" and exit 1."""
    with disk(tmp_path / "disk", "full") as paths:
        code, out, err = run_at_terminal(capsys, monkeypatch, paths)
        assert code == 0, err
        assert "mục trong thư viện" in out
        assert "cannot open the catalog" not in err


def test_an_import_cut_short_that_filled_the_disk_is_cleared_before_the_catalog_opens(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A stick's pack unpacked into `staging/` when the power went: deleting it writes
    nothing, so the start does it first, and the station opens writable, not read-only
    on a disk it could have freed itself."""
    from tests.fulldisk import fill

    with disk(tmp_path / "disk", "filling") as paths:
        cut = paths.staging / "import-cut-short"
        cut.mkdir()
        fill(cut)
        assert unwritable(paths.root) == "full"
        code, _out, err = run_at_terminal(capsys, monkeypatch, paths)
        assert code == 0, err
        assert not cut.exists() and unwritable(paths.root) is None
        assert "is full" not in err  # not shown read-only
        with open_station_catalog(paths) as catalog:
            assert catalog.refusal is None


def test_phones_still_get_their_files_from_a_full_disk(tmp_path: Path) -> None:
    """The QR's other half: the kiosk's server for phones opens the catalog read-only."""
    import http.client

    from library.handoff.server import HandoffServer

    with disk(tmp_path / "disk", "full") as paths:
        with Catalog.open_read_only(paths) as catalog:
            book = catalog.get(BOOK_ID)
            expected = catalog.objects.path(book.sha256).read_bytes()
        server = HandoffServer(paths, host="127.0.0.1", port=0).start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("GET", f"/f/{BOOK_ID}")
            response = conn.getresponse()
            assert response.status == 200
            assert response.read() == expected
            conn.close()
        finally:
            server.stop()
