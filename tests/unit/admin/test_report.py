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
from library.errors import InvalidInput, StorageError
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
    assert health_report(data_paths, catalog, config)["broken"] == {
        "count": 0, "ids": [], "in_memory": []}
    for n in range(BROKEN_IDS_LIMIT + 3):
        catalog.put(Item(id=f"item-{n:03d}", title=f"Mục {n:03d}", kind="book"))
        catalog.set_flags(f"item-{n:03d}", broken=True)
    catalog.put(Item(id="fine", title="Tốt", kind="book"))
    broken = health_report(data_paths, catalog, config)["broken"]
    assert broken["count"] == BROKEN_IDS_LIMIT + 3
    assert broken["ids"] == [f"item-{n:03d}" for n in range(BROKEN_IDS_LIMIT)]
    many = [f"kept-{n:03d}" for n in range(BROKEN_IDS_LIMIT + 3)]  # shut in memory
    for item_id in many:
        catalog.put(Item(id=item_id, title=item_id, kind="book"))
    shut = health_report(data_paths, catalog, config, broken_in_memory=many)["broken"]
    assert shut["in_memory"] == many[:BROKEN_IDS_LIMIT]


def test_the_health_report_leaves_out_items_shut_in_memory_and_removed_since(
        data_paths: DataPaths, catalog: Catalog) -> None:
    """An item the kiosk shut in memory (its flag refused by a full disk), removed from
    the catalog since, has nothing left to replace: `broken.in_memory` does not name it,
    as «Tình trạng» does not list it; one flagged since is among the flagged `ids`."""
    from library.broken_in_memory import BrokenInMemory
    from library.catalog import Item

    config = Config(data_paths.config_file)
    for item_id in ("sach-con", "sach-da-xoa", "sach-da-gan-co"):
        catalog.put(Item(id=item_id, title=item_id, kind="book"))
    def full_disk() -> None:  # what the flag's write meets on a full disk
        raise StorageError("the disk holding the data folder is full")

    shut = BrokenInMemory()
    for item_id in ("sach-da-xoa", "sach-con", "sach-da-gan-co"):
        shut.flag(item_id, full_disk)
    assert shut.ids() == ["sach-da-xoa", "sach-con", "sach-da-gan-co"]
    catalog.remove("sach-da-xoa")
    catalog.set_flags("sach-da-gan-co", broken=True)  # the disk freed meanwhile
    broken = health_report(data_paths, catalog, config, broken_in_memory=shut.ids())["broken"]
    assert broken == {"count": 1, "ids": ["sach-da-gan-co"], "in_memory": ["sach-con"]}


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
    (data_paths.logs / "kiosk.log.2").symlink_to(data_paths.logs / "gone")  # listed, then gone
    assert recent_errors(data_paths) == ["2026-03-02 10:01:00 ERROR cannot open x.pdf"]


def test_recent_errors_read_the_logs_and_their_backups_never_a_compressed_file(
        data_paths: DataPaths) -> None:
    """An upgraded station may still hold an older rotation's `.gz` files in `logs/`."""
    import gzip

    from library.report import recent_errors

    logs = data_paths.logs
    (logs / "kiosk.log.2").write_text("2026-03-01 08:00:00 ERROR the oldest\n")
    (logs / "kiosk.log.1").write_text("2026-03-01 09:00:00 ERROR the older\n")
    (logs / "kiosk.log").write_text("2026-03-02 10:00:00 INFO ok\n"
                                    "2026-03-02 10:01:00 WARNING the newest\n")
    # Stored uncompressed inside the gzip: its lines are there to be (mis)read as text.
    packed = gzip.compress(b"\n2026-02-20 07:00:00 ERROR inside the gz\n", compresslevel=0)
    for name in ("kiosk.log.3.gz", "kiosk.log.1.gz", "kiosk.log.gz"):
        (logs / name).write_bytes(packed)
    (logs / "kiosk.log.3").write_text("2026-02-25 07:00:00 ERROR beyond the backups\n")
    (logs / "notes.txt").write_text("2026-03-02 11:00:00 ERROR not a log\n")
    for name in ("kiosk.log", "kiosk.log.1", "kiosk.log.2"):  # rotated within one tick
        os.utime(logs / name, ns=(1_700_000_000_000_000_000,) * 2)
    assert recent_errors(data_paths) == ["2026-03-01 08:00:00 ERROR the oldest",
                                         "2026-03-01 09:00:00 ERROR the older",
                                         "2026-03-02 10:01:00 WARNING the newest"]


def test_recent_errors_read_only_the_end_of_a_large_log(data_paths: DataPaths,
                                                        monkeypatch) -> None:
    from library import logfile, report

    assert report.LOG_TAIL_BYTES >= logfile.MAX_BYTES  # the kiosk's own files: read whole
    line = "2026-03-02 10:00:00 ERROR number {:04d}\n"
    size = len(line.format(0))
    (data_paths.logs / "serve.log").write_text("".join(line.format(n) for n in range(1000)))
    monkeypatch.setattr(report, "LOG_TAIL_BYTES", 3 * size + size // 2)  # cut inside a line
    assert report.recent_errors(data_paths) == [line.format(n).strip() for n in (997, 998, 999)]
    monkeypatch.setattr(report, "LOG_TAIL_BYTES", 2 * size)  # cut at a line's start
    assert report.recent_errors(data_paths) == [line.format(n).strip() for n in (998, 999)]
    monkeypatch.setattr(report, "LOG_TAIL_BYTES", size // 2)  # not one whole line
    assert report.recent_errors(data_paths) == []
    monkeypatch.setattr(report, "LOG_TAIL_BYTES", 1_000_000)  # bigger than the file
    assert len(report.recent_errors(data_paths, limit=5000)) == 1000


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
                                                        "report.sig", "stats.csv",
                                                        "titles.json"]
    assert not [p for p in (stick / REPORTS_FOLDER).iterdir() if p.name.startswith(".")]
    # writing again the same day replaces the report in one step
    again = write_report(stick, paths=stations[0][0], catalog=stations[0][1],
                         config=stations[0][2], stats=stations[0][3])
    assert again.folder == folder

    good, bad = collect([stick])
    assert len(good) == 3 and not bad
    rows = list(csv.reader(io.StringIO(merged_csv(good))))
    assert rows[0] == ["station_id", "station_name", "day", "type", "key", "metric", "count",
                       "title"]
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
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].endswith("item,sach-chung,view,5,")
    lines = list(csv.reader(health.open(encoding="utf-8-sig")))
    assert lines[0][:3] == ["station_id", "station_name", "day"] and lines[1][1] == "Trạm"
    assert int(lines[1][4]) > 0  # free MB
    folder = Path(wrote.stdout.strip())
    (folder / "health.json").write_text("{}")
    rejected = run("report", "collect", str(stick), "-o", str(out), "--force")
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


def stations_day(root: Path, name: str, day: str) -> Station:
    """A station whose clock says `day` (for counting and for the report's own date)."""
    paths = DataPaths(root).ensure()
    config = Config(paths.config_file, {"station": {"name": name}})
    config.save()
    config.today = lambda: day  # type: ignore[method-assign]
    stats = StatsStore.open(paths.root, today=lambda: day, flush_interval_s=None)
    return paths, Catalog.open(paths), config, stats


def count_views(station: Station, item: str, n: int) -> None:
    for _ in range(n):
        station[3].item_viewed(item)
    station[3].flush()


def write(station: Station, stick: Path, **kwargs: str) -> Path:
    paths, catalog, config, stats = station
    stick.mkdir(exist_ok=True)
    return write_report(stick, paths=paths, catalog=catalog, config=config, stats=stats,
                        **kwargs).folder


def merged_rows(*sticks: Path) -> list[list[str]]:
    good, bad = collect(sticks)
    assert not bad
    return list(csv.reader(io.StringIO(merged_csv(good))))[1:]


def test_two_reports_of_one_day_for_different_days_are_both_merged(tmp_path: Path) -> None:
    """The librarian wrote March to one stick and April to another on the same day: the
    province gets both months, not the one whose stick happened to be read last."""
    station = stations_day(tmp_path / "s", "Xã Đông Hưng", "2026-03-31")
    count_views(station, "sach", 6)
    write(station, tmp_path / "usb1", end="2026-03-31")
    station[2].today = lambda: "2026-04-30"  # type: ignore[method-assign]
    station[3].today = lambda: "2026-04-30"
    count_views(station, "sach", 7)
    station[2].today = lambda: "2026-05-02"  # type: ignore[method-assign]
    write(station, tmp_path / "usb2", start="2026-04-01")
    write(station, tmp_path / "usb3", end="2026-03-31")  # the same day, to a third stick
    days = [(r[2], r[6]) for r in merged_rows(tmp_path / "usb1", tmp_path / "usb2",
                                              tmp_path / "usb3")]
    assert days == [("2026-03-31", "6"), ("2026-04-30", "7")]


def test_the_same_report_on_two_sticks_counts_once(tmp_path: Path) -> None:
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    count_views(station, "sach", 5)
    folder = write(station, tmp_path / "usb1")
    import shutil

    shutil.copytree(folder.parent, tmp_path / "usb2" / REPORTS_FOLDER)
    good, _bad = collect([tmp_path / "usb1", tmp_path / "usb2"])
    assert len(good) == 1
    assert [r[6] for r in list(csv.reader(io.StringIO(merged_csv(good))))[1:]] == ["5"]


def test_a_clock_running_ahead_neither_hides_later_counts_nor_goes_unnoticed(
        tmp_path: Path) -> None:
    """The station's clock jumped a year ahead for one report, then was put right: the day
    counted before keeps its later, fuller count, and the province is told of the clock."""
    from library.report import clock_doubts

    station = stations_day(tmp_path / "s", "Xã Lệch Giờ", "2026-03-02")
    count_views(station, "sach", 6)
    station[2].today = lambda: "2027-03-02"  # type: ignore[method-assign]
    station[3].today = lambda: "2027-03-02"
    count_views(station, "moi", 5)  # counted while the clock was wrong
    write(station, tmp_path / "usb")  # dated 2027-03-02
    station[2].today = lambda: "2026-03-02"  # type: ignore[method-assign]
    station[3].today = lambda: "2026-03-02"
    count_views(station, "sach", 4)  # 10 that day now
    write(station, tmp_path / "usb")  # dated 2026-03-02, written later
    rows = merged_rows(tmp_path / "usb")
    assert [(r[2], r[4], r[6]) for r in rows] == [("2026-03-02", "sach", "10"),
                                                 ("2027-03-02", "moi", "5")]
    good, _ = collect([tmp_path / "usb"])
    sid = good[0].station_id
    assert clock_doubts(good, "2026-03-03") == [
        f"station {sid} (Xã Lệch Giờ): a report dated 2027-03-02, after today (2026-03-03); "
        "its clock was ahead",
        f"station {sid} (Xã Lệch Giờ): counts dated 2027-03-02, after the report was written; "
        "its clock was wrong while they were counted"]
    unset = stations_day(tmp_path / "u", "Xã Pin Hết", "1970-01-01")
    count_views(unset, "sach", 5)
    unset[2].today = lambda: "2026-03-02"  # type: ignore[method-assign]
    write(unset, tmp_path / "usb2")
    good, _ = collect([tmp_path / "usb2"])
    assert clock_doubts(good, "2026-03-03") == [
        f"station {good[0].station_id} (Xã Pin Hết): counts dated 1970-01-01; its clock "
        "was not set while they were counted"]


def test_names_reach_the_province_in_nfc(tmp_path: Path) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "Nhà văn hóa xã Đông Hưng")  # config.toml from a Mac
    station = stations_day(tmp_path / "s", name, "2026-03-02")
    count_views(station, "sach", 5)
    write(station, tmp_path / "usb")
    [row] = merged_rows(tmp_path / "usb")
    assert row[1] == unicodedata.normalize("NFC", name) != name


def test_a_renamed_station_is_one_station_under_its_newest_name(tmp_path: Path) -> None:
    station = stations_day(tmp_path / "s", "Café sách 4.0", "2026-03-02")
    count_views(station, "sach", 5)
    write(station, tmp_path / "usb")
    station[2].set("station", "name", "Nhà văn hóa xã Đông Hưng")
    station[2].today = lambda: "2026-03-03"  # type: ignore[method-assign]
    station[3].today = lambda: "2026-03-03"
    count_views(station, "sach", 5)
    write(station, tmp_path / "usb")
    assert {r[1] for r in merged_rows(tmp_path / "usb")} == {"Nhà văn hóa xã Đông Hưng"}


def test_the_province_csv_opens_in_excel_with_vietnamese_intact(tmp_path: Path) -> None:
    """Excel reads a CSV without a byte-order mark in the PC's ANSI code page."""
    station = stations_day(tmp_path / "s", "Nhà văn hóa xã Đông Hưng", "2026-03-02")
    count_views(station, "sach", 5)
    write(station, tmp_path / "usb")
    out, health = tmp_path / "tinh.csv", tmp_path / "tram.csv"
    merged = subprocess.run([sys.executable, "-m", "kiosk", "report", "collect",
                             str(tmp_path / "usb"), "-o", str(out), "--health", str(health)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert merged.returncode == 0, merged.stderr
    for written in (out, health):
        raw = written.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfstation_id,station_name,")
        assert "Nhà văn hóa xã Đông Hưng" in raw.decode("utf-8-sig")


def resign(folder: Path, paths: DataPaths, **contents: bytes) -> None:
    """Put `contents` into a report and sign it again with its station's own key."""
    import base64
    import hashlib

    manifest = json.loads((folder / "report.json").read_text())
    for name, data in contents.items():
        (folder / name).write_bytes(data)
        manifest["files"][name] = hashlib.sha256(data).hexdigest()
    raw = json.dumps(manifest).encode()
    (folder / "report.json").write_bytes(raw)
    (folder / "report.sig").write_bytes(base64.b64encode(station_key(paths).sign(raw)))


@pytest.mark.parametrize(("contents", "reason"), [
    ({"health.json": b"{not json"}, "not a readable report"),
    ({"health.json": b"[1, 2]"}, "health.json is not a health report"),
    ({"stats.csv": b"day,type,key,metric,count\n2026-03-02,item,s\xe1ch,view,5\n"},
     "not a readable report"),
    ({"stats.csv": b"day,type,key,metric,count\n2026-03-02,item,sach,view,nam\n"},
     "stats.csv line 2 is not day,type,key,metric,count"),
    ({"stats.csv": b"day,type,key,metric,count\n2026-03-02,item\n"},
     "stats.csv line 2 is not"),
], ids=["health-not-json", "health-a-list", "csv-not-utf8", "count-not-a-number", "short-row"])
def test_a_signed_report_that_no_station_wrote_is_rejected_in_one_line(
        tmp_path: Path, contents: dict[str, bytes], reason: str) -> None:
    """Signed with a real station key, yet not what a station writes (another tool, a
    hand edit signed again): rejected and named, never a traceback, the others merged."""
    odd = stations_day(tmp_path / "odd", "Lạ", "2026-03-02")
    fine = stations_day(tmp_path / "fine", "Tốt", "2026-03-02")
    for station in (odd, fine):
        count_views(station, "sach", 5)
    resign(write(odd, tmp_path / "usb"), odd[0], **contents)
    write(fine, tmp_path / "usb")
    good, bad = collect([tmp_path / "usb"])
    assert [r.station_name for r in good] == ["Tốt"]
    assert len(bad) == 1 and reason in bad[0].reason


def test_the_trusted_list_as_people_save_it(tmp_path: Path, stick: Path) -> None:
    """Typed in Notepad: a byte-order mark or UTF-16, ids in capitals, comments."""
    from library.report import load_trusted

    known = make_station(tmp_path / "known", "Biết", 5)
    sid = station_key(known[0]).station_id
    listed = tmp_path / "tram.txt"
    for raw in ((f"\ufeff{sid.upper()}  # Xã Biết\n").encode(),
                f"{sid} # Xã Biết\r\n".encode("utf-16"),
                f"{station_key(known[0]).public_b64}\n".encode()):
        listed.write_bytes(raw)
        assert load_trusted(listed) == {sid}
    for raw, reason in ((b"tr\xe1m\n", "not a text file"),
                        (b"# nobody yet\n\n", "names no station"),
                        (f"{sid}0\n".encode(), "line 1: not a station id"),
                        (b"# Xa A\nQUJDRA==\n", "line 2: not a station id")):
        listed.write_bytes(raw)
        with pytest.raises(InvalidInput, match=reason):
            load_trusted(listed)


def test_collect_from_a_folder_without_reports_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "USB"
    empty.mkdir()
    result = subprocess.run([sys.executable, "-m", "kiosk", "report", "collect", str(empty),
                             "-o", str(tmp_path / "tinh.csv")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"cafesach: error: no report found in {empty} (a station writes "
                             f"them into a folder {REPORTS_FOLDER}/)\n")
    assert not (tmp_path / "tinh.csv").exists()
    same = subprocess.run([sys.executable, "-m", "kiosk", "report", "collect", str(empty),
                           "-o", str(tmp_path / "tinh.csv"), "--health", "tinh.csv"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert same.returncode == 2 and "name the same file" in same.stderr


def test_a_damaged_stats_file_still_sends_the_health(tmp_path: Path) -> None:
    """A station whose stats.db is damaged is just the one the province must hear from."""
    from library.report import health_csv

    station = stations_day(tmp_path / "s", "Xã Hỏng", "2026-03-02")
    (station[0].root / "stats.db").write_bytes(b"not a database at all" * 300)
    paths, catalog, config, stats = station
    (tmp_path / "usb").mkdir()
    written = write_report(tmp_path / "usb", paths=paths, catalog=catalog, config=config,
                           stats=stats)
    assert written.rows == 0 and "file is not a database" in written.stats_error
    good, bad = collect([tmp_path / "usb"])
    assert not bad and good[0].rows == []
    header, line = csv.reader(io.StringIO(health_csv(good)))
    assert line[1] == "Xã Hỏng"
    assert "file is not a database" in line[header.index("stats_error")]


def test_reports_of_other_days_written_the_same_day_stand_side_by_side(tmp_path: Path) -> None:
    """March, then April, onto one stick on the same day: the second does not replace the
    first (the province would never see March); the same days again do replace it."""
    station = stations_day(tmp_path / "s", "Xã", "2026-05-02")
    station[3].today = lambda: "2026-03-31"
    count_views(station, "sach", 6)
    station[3].today = lambda: "2026-04-30"
    count_views(station, "sach", 7)
    usb = tmp_path / "usb"
    march = write(station, usb, start="2026-03-01", end="2026-03-31")
    april = write(station, usb, start="2026-04-01", end="2026-04-30")
    assert march.name.endswith("-2026-05-02-tu-2026-03-01-den-2026-03-31")
    assert write(station, usb, start="2026-04-01", end="2026-04-30") == april
    assert sorted(p.name for p in (usb / REPORTS_FOLDER).iterdir()) == sorted(
        [march.name, april.name])
    assert [(r[2], r[6]) for r in merged_rows(usb)] == [("2026-03-31", "6"), ("2026-04-30", "7")]
    with pytest.raises(InvalidInput):  # not a folder named after "../x"
        write(station, usb, start="../x")


def test_another_programs_report_json_on_the_stick_is_not_a_rejected_report(
        tmp_path: Path) -> None:
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    count_views(station, "sach", 5)
    usb = tmp_path / "usb"
    folder = write(station, usb)
    (usb / "Tài liệu" / "du-an").mkdir(parents=True)
    (usb / "Tài liệu" / "du-an" / "report.json").write_text('{"title": "Báo cáo quý 3"}')
    cut = usb / "copied" / folder.name  # a station report copied elsewhere, its manifest cut
    cut.mkdir(parents=True)
    for name in ("report.sig", "stats.csv", "health.json"):
        (cut / name).write_bytes((folder / name).read_bytes())
    (cut / "report.json").write_bytes((folder / "report.json").read_bytes()[:40])
    good, bad = collect([usb])
    assert len(good) == 1
    assert [b.folder for b in bad] == [cut] and "not a readable report" in bad[0].reason


def test_a_rejected_report_is_one_readable_line(tmp_path: Path) -> None:
    """Named once, printable even when the folder's name is not UTF-8 (a stick written by
    an old Windows tool), and the exit code says some were rejected."""
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    count_views(station, "sach", 5)
    usb = tmp_path / "usb"
    folder = write(station, usb)
    odd = usb / os.fsdecode(b"b\xe1o c\xe1o")
    odd.mkdir()
    copy = odd / folder.name
    copy.mkdir()
    for part in folder.iterdir():
        (copy / part.name).write_bytes(part.read_bytes())
    (copy / "stats.csv").write_bytes((copy / "stats.csv").read_bytes() + b"x")
    result = subprocess.run([sys.executable, "-m", "kiosk", "report", "collect", str(usb),
                             "-o", str(tmp_path / "tinh.csv")],
                            capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    shown = f"{usb}/b\ufffdo c\ufffdo/{folder.name}"
    assert result.stderr.decode().splitlines()[0] == (
        f"rejected {shown}: stats.csv was changed after signing")


def test_the_province_sees_titles_and_takes_reports_from_before_them(tmp_path: Path) -> None:
    """`key` alone is an id (a hash for a file the librarian added); the report carries the
    titles of the items it counts, signed. A report written before titles were carried
    (no titles.json) still merges, its titles empty."""
    import base64

    from library.catalog import Item

    new = stations_day(tmp_path / "new", "Xã Mới", "2026-03-02")
    new[1].put(Item(id="3f2a9c1b7e4d", title="Sổ tay đảng viên 2026 📘", kind="handbook"))
    count_views(new, "3f2a9c1b7e4d", 5)
    count_views(new, "da-xoa", 5)  # removed from the catalog since: no title to give
    for _ in range(5):
        new[3].search_committed("Đà Lạt", found=True)
    new[3].flush()
    old = stations_day(tmp_path / "old", "Xã Cũ", "2026-03-02")
    count_views(old, "3f2a9c1b7e4d", 6)
    write(new, tmp_path / "usb")
    folder = write(old, tmp_path / "usb")
    manifest = json.loads((folder / "report.json").read_text())
    del manifest["files"]["titles.json"]
    (folder / "titles.json").unlink()
    raw = json.dumps(manifest).encode()
    (folder / "report.json").write_bytes(raw)
    (folder / "report.sig").write_bytes(base64.b64encode(station_key(old[0]).sign(raw)))
    rows = {(r[1], r[4]): r[7] for r in merged_rows(tmp_path / "usb")}
    assert rows == {("Xã Mới", "3f2a9c1b7e4d"): "Sổ tay đảng viên 2026 📘",
                    ("Xã Mới", "da-xoa"): "", ("Xã Mới", "da lat"): "",
                    ("Xã Cũ", "3f2a9c1b7e4d"): ""}
    titles = next(f for f in (tmp_path / "usb" / REPORTS_FOLDER).iterdir()
                  if f != folder) / "titles.json"
    titles.write_text(titles.read_text().replace("2026", "2027"))
    _good, bad = collect([tmp_path / "usb"])
    assert "titles.json was changed after signing" in bad[0].reason


def test_two_writes_of_one_report_at_once_leave_one_whole_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The panel's button and `cafesach report write` (or a double tap) at the same moment:
    both use the same temporary names on the stick, so one waits for the other rather than
    mixing its files into the other's folder."""
    import threading

    import library.report as report

    first = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    count_views(first, "sach", 5)
    usb = tmp_path / "usb"
    usb.mkdir()
    outcome: list[object] = []

    def second_write() -> None:
        second = stations_day(tmp_path / "s", "Xã", "2026-03-02")  # its own connections
        try:
            outcome.append(write(second, usb))
        except StorageError as exc:
            outcome.append(exc)

    other = threading.Thread(target=second_write)
    real_fsync_dir = report.fsync_dir

    def fsync_then_let_the_other_write(path: Path) -> None:
        real_fsync_dir(path)
        if threading.current_thread() is threading.main_thread() and not other.is_alive() \
                and not outcome:
            other.start()
            other.join(timeout=1.0)  # unlocked, the other write runs whole here

    monkeypatch.setattr(report, "fsync_dir", fsync_then_let_the_other_write)
    folder = write(first, usb)
    other.join(timeout=30)
    assert outcome == [folder]
    good, bad = collect([usb])
    assert len(good) == 1 and not bad
    assert [p.name for p in (usb / REPORTS_FOLDER).iterdir()] == [folder.name]


def test_an_unknown_free_space_is_blank_in_the_health_csv(tmp_path: Path) -> None:
    """"0 MB free" would send someone to a station whose disk is fine but was not read."""
    from library.report import HEALTH_HEADER, health_csv

    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    folder = write(station, tmp_path / "usb")
    health = json.loads((folder / "health.json").read_text())
    health["disk"] = {"error": "Input/output error"}
    resign(folder, station[0], **{"health.json": json.dumps(health).encode()})
    good, _bad = collect([tmp_path / "usb"])
    line = dict(zip(HEALTH_HEADER, list(csv.reader(io.StringIO(health_csv(good))))[1],
                    strict=True))
    assert line["free_mb"] == ""


@pytest.mark.parametrize("state", ["full", "read-only", None])
def test_the_health_csv_says_which_stations_cannot_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str | None) -> None:
    """A station on a full or write-protected disk still shows its library, so nobody
    comes to it unless the province's overview says so: a column of its own."""
    from library import station_disk
    from library.report import HEALTH_HEADER, health_csv

    monkeypatch.setattr(station_disk, "unwritable", lambda _root, below=0: state)
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    write(station, tmp_path / "usb")
    good, _bad = collect([tmp_path / "usb"])
    line = dict(zip(HEALTH_HEADER, list(csv.reader(io.StringIO(health_csv(good))))[1],
                    strict=True))
    assert line["cannot_write"] == (state or "")


#: The health CSV's columns before `cannot_write` came: a librarian's spreadsheet may read
#: them by position, so they keep their places and new ones come after them.
HEALTH_COLUMNS_BEFORE = ["station_id", "station_name", "day", "app_version", "free_mb",
                         "items", "objects_checked", "objects_bad", "last_sync",
                         "voice_found", "recent_errors", "stats_error"]


def test_the_health_csv_only_grows_at_its_end(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Read by position, as a spreadsheet's formula reads a column: every earlier column
    is where it was, `cannot_write` is the last one, on the header and on each row."""
    from library import station_disk
    from library.report import health_csv

    monkeypatch.setattr(station_disk, "unwritable", lambda _root, below=0: "full")
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    write(station, tmp_path / "usb")
    good, _bad = collect([tmp_path / "usb"])
    header, row = csv.reader(io.StringIO(health_csv(good)))
    assert header[:len(HEALTH_COLUMNS_BEFORE)] == HEALTH_COLUMNS_BEFORE
    assert header[len(HEALTH_COLUMNS_BEFORE):] == ["cannot_write"]
    assert len(row) == len(header)
    assert row[1:3] == ["Xã", "2026-03-02"]
    assert row[11] == "" and row[12] == "full"  # stats_error, then cannot_write


def test_the_health_csv_replaces_an_older_one_whole(tmp_path: Path) -> None:
    """`report collect --health` over last month's file with the old column order: the
    file is written anew (one header, the new order, this run's rows), never appended to,
    so no row sits under a header whose columns it does not follow."""
    from kiosk.main import main

    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    write(station, tmp_path / "usb")
    health = tmp_path / "tram.csv"
    old_header = [*HEALTH_COLUMNS_BEFORE[:5], "cannot_write", *HEALTH_COLUMNS_BEFORE[5:]]
    health.write_text(",".join(old_header) + "\n" + "0123456789abcdef,Cũ,2026-02-01"
                      + ",1.0,10,full" + ",1" * 7 + "\n", encoding="utf-8-sig")
    assert main(["report", "collect", str(tmp_path / "usb"), "-o", str(tmp_path / "tinh.csv"),
                 "--health", str(health), "--force"]) == 0
    header, *rows = csv.reader(health.open(encoding="utf-8-sig"))
    assert header == [*HEALTH_COLUMNS_BEFORE, "cannot_write"]
    assert [row[1] for row in rows] == ["Xã"]


def test_a_kiosk_still_read_only_on_a_partly_freed_disk_is_said_full(
        data_paths: DataPaths, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some room again, but less than the kiosk waits for to restart into writing: its
    catalog still refuses, its counts stay in memory, so the province's column still says
    full. A station whose catalog writes is fine with the same room."""
    from library import station_disk
    from library.catalog import FULL_DISK_BYTES
    from library.report import health_report
    from library.station_disk import FULL, RESUME_FREE_BYTES

    free = (FULL_DISK_BYTES + RESUME_FREE_BYTES) // 2
    monkeypatch.setattr(station_disk, "unwritable",
                        lambda _root, below=FULL_DISK_BYTES: FULL if free < below else None)
    config = Config.load(data_paths.config_file)
    assert "cannot_write" not in health_report(data_paths, catalog, config)["disk"]
    catalog.refusal = StorageError("the disk holding the data folder is full")
    assert health_report(data_paths, catalog, config)["disk"]["cannot_write"] == FULL
    free = RESUME_FREE_BYTES  # freed: the kiosk restarts at its next quiet moment
    assert "cannot_write" not in health_report(data_paths, catalog, config)["disk"]


def test_the_health_names_the_items_shut_in_memory(tmp_path: Path) -> None:
    """Their flag refused by a full disk, no catalog holds them: the report carries them
    (signed), so the province knows which files that station must have replaced."""
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    paths, catalog, config, stats = station
    from library.catalog import Item

    for item_id in ("sach-hong", "tin-hong"):
        catalog.put(Item(id=item_id, title=item_id, kind="book"))
    (tmp_path / "usb").mkdir()
    written = write_report(tmp_path / "usb", paths=paths, catalog=catalog, config=config,
                           stats=stats, broken_in_memory=["sach-hong", "tin-hong"])
    health = json.loads((written.folder / "health.json").read_text())
    assert health["broken"]["in_memory"] == ["sach-hong", "tin-hong"]
    assert health["broken"]["count"] == 0  # none flagged in the catalog
    good, bad = collect([tmp_path / "usb"])
    assert not bad and good[0].health["broken"]["in_memory"] == ["sach-hong", "tin-hong"]
    plain = json.loads((write(station, tmp_path / "usb2") / "health.json").read_text())
    assert plain["broken"]["in_memory"] == []


def test_a_report_copied_short_is_told_from_a_changed_one(tmp_path: Path) -> None:
    """A stick pulled out while the report was copied is not tampering: say to copy again."""
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    for n in range(20):
        count_views(station, f"sach-{n:02d}", 5)
    folder = write(station, tmp_path / "usb")
    whole = (folder / "stats.csv").read_bytes()
    (folder / "stats.csv").write_bytes(whole[: len(whole) // 2])
    _good, bad = collect([tmp_path / "usb"])
    assert bad[0].reason == (f"{folder.name}: stats.csv is incomplete ({len(whole) // 2} of "
                             f"{len(whole)} bytes): copy the report again")
    (folder / "stats.csv").write_bytes(whole.replace(b",5\n", b",9\n", 1))
    _good, bad = collect([tmp_path / "usb"])
    assert bad[0].reason == f"{folder.name}: stats.csv was changed after signing"
