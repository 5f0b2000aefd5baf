"""Signed reports up by USB: writing, verifying, merging, tampering, a full stick."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.admin import KEY_FILE_NAME, write_key_file
from library.catalog import Catalog
from library.config import Config
from library.errors import StorageError
from library.paths import DataPaths
from library.report import (
    REPORTS_FOLDER,
    check_integrity,
    collect,
    health_report,
    merged_csv,
    station_key,
    write_report,
    write_stats_csv,
)
from library.stats import StatsStore

from .mounts import tmpfs

ROOT = Path(__file__).resolve().parents[3]


Station = tuple[DataPaths, Catalog, Config, StatsStore]


def make_station(root: Path, name: str, views: int) -> Station:
    paths = DataPaths(root).ensure()
    catalog = Catalog.open(paths)
    config = Config(paths.config_file, {"station": {"name": name}})
    config.save()
    stats = StatsStore.open(paths.root, today=lambda: "2026-03-02", flush_interval_s=None)
    for _ in range(views):
        stats.item_viewed("sach-chung")
    stats.item_viewed("hiem")
    stats.flush()
    return paths, catalog, config, stats


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


def test_station_key_made_once_private(data_paths: DataPaths) -> None:
    key = station_key(data_paths)
    again = station_key(data_paths)
    assert key.station_id == again.station_id and len(key.station_id) == 16
    assert oct((data_paths.keys / "station.key").stat().st_mode)[-3:] == "600"
    assert (data_paths.keys / "station.pub").read_text().startswith("-----BEGIN PUBLIC KEY")


def test_health_report(data_paths: DataPaths, catalog: Catalog, make_pdf) -> None:
    catalog.add_file(make_pdf("a.pdf", ["Nội dung"], title="Sách A"))
    (data_paths.logs / "kiosk.log").write_text(
        "2026-03-02 10:00:00 INFO ok\n2026-03-02 10:01:00 ERROR cannot open x.pdf\n")
    config = Config(data_paths.config_file)
    result = check_integrity(catalog)
    assert result.ok and result.checked == len(catalog.referenced_objects()) >= 1
    health = health_report(data_paths, catalog, config)
    assert health["catalog"]["items"] == 1 and health["catalog"]["objects"] >= 1
    assert health["disk"]["free_bytes"] > 0
    verified = health["objects_verified"]
    assert verified["checked"] == result.checked and verified["ok"]
    assert health["recent_errors"] == ["2026-03-02 10:01:00 ERROR cannot open x.pdf"]
    assert health["app_version"] and "found" in health["voice"]
    json.dumps(health)  # all plain data


def test_the_health_report_counts_flagged_items_and_bounds_their_ids(
        data_paths: DataPaths, catalog: Catalog) -> None:
    from library.catalog import Item
    from library.report import BROKEN_IDS_LIMIT

    config = Config(data_paths.config_file)
    assert health_report(data_paths, catalog, config)["broken"] == {"count": 0, "ids": []}
    for n in range(BROKEN_IDS_LIMIT + 3):
        catalog.put(Item(id=f"item-{n:03d}", title=f"Mục {n:03d}", kind="book"))
        catalog.set_flags(f"item-{n:03d}", broken=True)
    catalog.put(Item(id="fine", title="Tốt", kind="book"))
    broken = health_report(data_paths, catalog, config)["broken"]
    assert broken["count"] == BROKEN_IDS_LIMIT + 3
    assert broken["ids"] == [f"item-{n:03d}" for n in range(BROKEN_IDS_LIMIT)]


@pytest.mark.parametrize(("voice", "vietnamese"), [
    ("vi", True), ("vi-vn-x-central", True), ("vi-vn-x-south", True), ("roa/vi", True),
    ("Microsoft An - Vietnamese (Vietnam)", True),
    ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\MSTTS_V110_viVN_An",
     True),
    ("en-us", False), ("gmw/en-US", False), ("victoria", False),
    ("Microsoft David Desktop", False),
])
def test_the_health_report_says_whether_the_voice_is_vietnamese(
        data_paths: DataPaths, catalog: Catalog, voice: str, vietnamese: bool) -> None:
    config = Config(data_paths.config_file)
    config.set("speech", "voice", voice)
    health = health_report(data_paths, catalog, config)
    assert health["voice"]["voice"] == voice
    assert health["voice"]["vietnamese"] is vietnamese


def test_a_log_rotated_away_while_listed_is_skipped(data_paths: DataPaths) -> None:
    """The kiosk rotates its log while the health screen reads the folder."""
    from library.report import recent_errors

    (data_paths.logs / "kiosk.log").write_text("2026-03-02 10:01:00 ERROR cannot open x.pdf\n")
    (data_paths.logs / "kiosk.log.5").symlink_to(data_paths.logs / "gone")  # listed, then gone
    assert recent_errors(data_paths) == ["2026-03-02 10:01:00 ERROR cannot open x.pdf"]


def test_integrity_finds_a_damaged_object(catalog: Catalog, make_pdf) -> None:
    item = catalog.add_file(make_pdf("a.pdf", ["x"])).item
    path = catalog.object_path(item)
    os.chmod(path, 0o644)
    path.write_bytes(b"damaged")
    result = check_integrity(catalog)
    assert result.bad == [item.sha256] and not result.ok


def test_write_collect_and_tamper(tmp_path: Path, stick: Path) -> None:
    stations = [make_station(tmp_path / f"s{n}", f"Xã {n}", views=5 + n) for n in range(3)]
    written = [write_report(stick, paths=p, catalog=c, config=cf, stats=s)
               for p, c, cf, s in stations]
    assert len({w.station_id for w in written}) == 3
    folder = written[0].folder
    assert sorted(f.name for f in folder.iterdir()) == ["health.json", "report.json",
                                                        "report.sig", "stats.csv"]
    assert not [p for p in (stick / REPORTS_FOLDER).iterdir() if p.name.startswith(".")]
    # writing again the same day replaces the report in one step
    again = write_report(stick, paths=stations[0][0], catalog=stations[0][1],
                         config=stations[0][2], stats=stations[0][3])
    assert again.folder == folder

    good, bad = collect([stick])
    assert len(good) == 3 and not bad
    rows = list(csv.reader(io.StringIO(merged_csv(good))))
    assert rows[0] == ["station_id", "station_name", "day", "type", "key", "metric", "count"]
    counts = sorted((r[1], r[4], r[6]) for r in rows[1:])
    assert counts == [("Xã 0", "sach-chung", "5"), ("Xã 1", "sach-chung", "6"),
                      ("Xã 2", "sach-chung", "7")]  # "hiem" (1 view) is suppressed

    # tamper: raise a count after signing
    target = written[1].folder / "stats.csv"
    target.write_text(target.read_text().replace(",6", ",600"))
    # tamper: re-sign a changed manifest with a stranger's key is another station;
    # a changed manifest kept with the old signature fails the signature
    manifest = written[2].folder / "report.json"
    manifest.write_text(manifest.read_text().replace("Xã 2", "Xã giả"))
    good, bad = collect([stick])
    assert [r.station_name for r in good] == ["Xã 0"]
    reasons = sorted(r.reason for r in bad)
    assert any("changed after signing" in r for r in reasons)
    assert any("bad signature" in r for r in reasons)


def test_trusted_list_rejects_unknown_stations(tmp_path: Path, stick: Path) -> None:
    known = make_station(tmp_path / "known", "Biết", 5)
    stranger = make_station(tmp_path / "stranger", "Lạ", 5)
    for p, c, cf, s in (known, stranger):
        write_report(stick, paths=p, catalog=c, config=cf, stats=s)
    good, bad = collect([stick], trusted={station_key(known[0]).station_id})
    assert [r.station_name for r in good] == ["Biết"]
    assert "not in the trusted list" in bad[0].reason


@pytest.fixture
def small_stick(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "small", "64k", what="disk-full test") as point:
        yield point


def test_disk_full_while_exporting(tmp_path: Path, small_stick: Path) -> None:
    paths, catalog, config, stats = make_station(tmp_path / "s", "Đầy", 5)
    for n in range(3000):  # enough rows that the export cannot fit in 64 KiB
        for _ in range(5):
            stats.item_viewed(f"muc-so-{n:05d}-co-ten-dai")
    stats.flush()
    (small_stick / "ballast").write_bytes(b"x" * 40_000)
    with pytest.raises(StorageError) as info:
        write_report(small_stick, paths=paths, catalog=catalog, config=config, stats=stats)
    assert "đầy" in info.value.message_vi
    assert str(info.value) == f"cannot write the report to {small_stick}: No space left on device"
    with pytest.raises(StorageError) as info:
        write_stats_csv(small_stick / "thong-ke.csv",
                        "x" * 100_000)
    # one line naming the file asked for, not the hidden temporary one beside it
    expected = f"cannot write {small_stick / 'thong-ke.csv'}: No space left on device"
    assert str(info.value) == expected
    leftovers = sorted(p.name for p in small_stick.rglob("*"))
    assert leftovers == ["ballast"]  # nothing half-written, not even an empty reports folder
    (small_stick / "ballast").unlink()
    # a shorter range fits: the same stick works once there is room
    done = write_report(small_stick, paths=paths, catalog=catalog, config=config,
                        stats=stats, start="2026-03-03", end="2026-03-03")
    assert (done.folder / "report.sig").exists()


def fill(stick: Path) -> None:
    """Write ballast onto `stick` until not one more byte fits."""
    with (stick / "ballast").open("wb", buffering=0) as fh:
        for block in (4096, 1):
            try:
                while True:
                    fh.write(b"x" * block)
            except OSError:
                pass


@pytest.mark.parametrize(("write", "name", "what"), [
    (lambda stick: write_stats_csv(stick / "thong-ke.csv", "a,b\n"), "thong-ke.csv", "tệp"),
    (lambda stick: write_key_file(stick, "ABCD-EFGH-JKLM-NPQR-STUV"), KEY_FILE_NAME,
     "tệp khoá khôi phục"),
], ids=["stats-csv", "key-file"])
def test_every_file_written_to_a_full_stick_fails_alike(tmp_path: Path, write, name: str,
                                                        what: str) -> None:
    """The statistics export and the recovery key file: one line naming the file asked for,
    the librarian's words for a full stick, nothing left behind."""
    with tmpfs(tmp_path / "USB DAY", "64k", what="full stick test") as stick:
        fill(stick)
        with pytest.raises(StorageError) as info:
            write(stick)
        assert sorted(p.name for p in stick.iterdir()) == ["ballast"]
    assert str(info.value) == f"cannot write {stick / name}: No space left on device"
    assert info.value.message_vi == f"USB đã đầy, không ghi được {what}."


def test_report_commands(tmp_path: Path, stick: Path) -> None:
    data = tmp_path / "data"
    make_station(data, "Trạm", 5)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                              text=True, cwd=ROOT, timeout=60)

    wrote = run("--data", str(data), "report", "write", str(stick))
    assert wrote.returncode == 0, wrote.stderr
    out = tmp_path / "tinh.csv"
    health = tmp_path / "tram.csv"
    merged = run("report", "collect", str(stick), "-o", str(out), "--health", str(health))
    assert merged.returncode == 0, merged.stderr
    assert f"1 report from 1 station merged into {out}; 0 rejected" in merged.stderr
    assert out.read_text().splitlines()[1].endswith("item,sach-chung,view,5")
    lines = list(csv.reader(health.open(encoding="utf-8")))
    assert lines[0][:3] == ["station_id", "station_name", "day"] and lines[1][1] == "Trạm"
    assert int(lines[1][4]) > 0  # free MB
    folder = Path(wrote.stdout.strip())
    (folder / "health.json").write_text("{}")
    rejected = run("report", "collect", str(stick), "-o", str(out))
    assert rejected.returncode == 1 and "no valid report" in rejected.stderr


def test_a_write_protected_stick_is_named_as_such(tmp_path: Path) -> None:
    """Not a bare «could not write»: the librarian can slide the lock or take another stick."""
    paths, catalog, config, stats = make_station(tmp_path / "s", "Khoá", 5)
    with tmpfs(tmp_path / "USB KHOA", "1m", what="write-protected stick test") as locked:
        subprocess.run(["mount", "-o", "remount,ro", str(locked)], check=True)
        with pytest.raises(StorageError) as report:
            write_report(locked, paths=paths, catalog=catalog, config=config, stats=stats)
        with pytest.raises(StorageError) as export:
            write_stats_csv(locked / "thong-ke.csv", "a,b\n")
    assert report.value.message_vi.startswith("USB đang khoá chống ghi (chỉ đọc), không ghi "
                                              "được báo cáo.")
    assert export.value.message_vi.startswith("USB đang khoá chống ghi (chỉ đọc), không ghi "
                                              "được tệp.")
    assert str(report.value) == f"cannot write the report to {locked}: Read-only file system"
