"""The province's CSVs and the station's export: no text cell runs as a spreadsheet formula.

Station names and titles are written as librarians and editors typed them; a
title «=1+1» or a station named «@SUM(A1)» must reach Excel as text (a leading
`'`, the OWASP remedy), with the UTF-8 byte-order mark Excel needs still first.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from library.catalog import Item
from library.report import collect, health_csv, merged_csv, write_stats_csv

from .test_report import ROOT, count_views, stations_day, write


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark is still first
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_report_collect_writes_titles_and_names_as_text(tmp_path: Path) -> None:
    station = stations_day(tmp_path / "s", "@SUM(A1)", "2026-03-02")
    station[1].put(Item(id="sach-1", title="=1+1", kind="book"))
    station[1].put(Item(id="sach-2", title="@SUM(A1)", kind="book"))
    station[1].put(Item(id="sach-3", title='=HYPERLINK("http://x.invalid","Bấm")',
                        kind="book"))
    station[1].put(Item(id="sach-4", title="Sổ tay đảng viên", kind="handbook"))
    for item in ("sach-1", "sach-2", "sach-3", "sach-4", "-1+1"):
        count_views(station, item, 5)
    write(station, tmp_path / "usb")
    # The signed report on the stick keeps the station's data as it is (machine-read).
    good, bad = collect([tmp_path / "usb"])
    assert not bad and {row[2] for row in good[0].rows} >= {"-1+1", "sach-1"}
    out, health = tmp_path / "tinh.csv", tmp_path / "tram.csv"
    done = _cli("report", "collect", str(tmp_path / "usb"), "-o", str(out),
                "--health", str(health))
    assert done.returncode == 0, done.stderr
    rows = _read(out)
    assert {row["station_name"] for row in rows} == {"'@SUM(A1)"}
    titles = {row["key"]: row["title"] for row in rows}
    assert titles == {"sach-1": "'=1+1", "sach-2": "'@SUM(A1)",
                      "sach-3": '\'=HYPERLINK("http://x.invalid","Bấm")',
                      "sach-4": "Sổ tay đảng viên", "'-1+1": ""}  # an item id is text too
    assert {row["count"] for row in rows} == {"5"}  # numbers stay numbers
    assert [row["station_name"] for row in _read(health)] == ["'@SUM(A1)"]
    # The functions behind it give safe text as well, neutralised once, not twice.
    assert "'@SUM(A1)" in merged_csv(good) and "''" not in merged_csv(good)
    assert "'@SUM(A1)" in health_csv(good)


def test_the_stations_own_export_and_stats_csv(tmp_path: Path) -> None:
    station = stations_day(tmp_path / "s", "Xã", "2026-03-02")
    count_views(station, "=cmd|' /C calc'!A0", 5)
    count_views(station, "sach", 5)
    for _ in range(5):
        station[3].search_committed("=1+1", found=True)  # a visitor's term: its own rule
    station[3].flush()
    data = str(station[0].root)
    printed = _cli("--data", data, "stats", "--csv")
    assert printed.returncode == 0, printed.stderr
    keys = [row["key"] for row in csv.DictReader(io.StringIO(printed.stdout))]
    assert sorted(keys) == ["'=cmd|' /C calc'!A0", "1+1", "sach"]
    written = tmp_path / "thong-ke.csv"
    assert _cli("--data", data, "stats", "--csv", "-o", str(written)).returncode == 0
    assert written.read_text(encoding="utf-8") == printed.stdout
    # What the librarian panel's "export to stick" writes (write_stats_csv, with the BOM).
    export = write_stats_csv(tmp_path / "usb.csv", "day,key\n2026-03-02,@SUM(A1)\n", bom=True)
    assert _read(export) == [{"day": "2026-03-02", "key": "'@SUM(A1)"}]
