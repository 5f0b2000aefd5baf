"""The reading commands on a data folder that cannot be written.

A real read-only folder is needed: permission bits do not stop root, so as
root the commands run in a private mount namespace (`unshare --mount`) where
the folder is bind-mounted onto itself read-only. The mount lives only as long
as that one process, so nothing is left in the machine's mount table even if
a test dies. As another user, `chmod` makes the folder read-only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from library.catalog import Catalog
from library.cli import LAZY_COMMANDS, READING_COMMANDS
from library.errors import CatalogError
from library.migrations import MIGRATIONS, migrate
from library.paths import DataPaths
from tests.clirun import cafesach

ROOT = Path(__file__).resolve().parents[2]

#: Runs `library.cli.main` once per argv given as JSON, inside the process that sees the
#: folder read-only, and prints whether the folder could be written plus each result.
_DRIVER = r"""
import contextlib, io, json, sys
from pathlib import Path
folder, runs = Path(sys.argv[1]), json.loads(sys.argv[2])
exec(sys.argv[3])  # what a test changes first (e.g. a full temporary folder)
try:
    (folder / ".probe").write_bytes(b"")
    writable = True
except OSError:
    writable = False
from library.cli import main
results = []
for argv in runs:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data", str(folder), *argv])
    results.append([code, out.getvalue(), err.getvalue()])
print("\nRESULT " + json.dumps({"writable": writable, "results": results}))
"""


def _tree(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder` with its mode and content hash."""
    return {str(p.relative_to(folder)): (p.stat().st_mode,
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_read_only(folder: Path, *commands: list[str],
                  prelude: str = "") -> list[tuple[int, str, str]]:
    """Run each `cafesach --data FOLDER COMMAND…` in one process that cannot write `folder`
    (after the Python code `prelude`); return (exit code, stdout, stderr) of each, after
    checking that nothing changed."""
    before = _tree(folder)
    command = [sys.executable, "-c", _DRIVER, str(folder), json.dumps(commands), prelude]
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("as root a read-only folder needs unshare (util-linux)")
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
                   str(folder), *command]
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    else:
        folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
        for path in folder.rglob("*"):
            if path.is_file():
                path.chmod(0o444)
        for path in folders:
            path.chmod(0o555)
        try:
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        finally:
            for path in folders:
                path.chmod(0o755)
    if "RESULT " not in proc.stdout:
        if "unshare" in proc.stderr or "mount" in proc.stderr:
            pytest.skip(f"no private read-only mount here: {proc.stderr.strip()}")
        raise AssertionError(proc.stderr)
    report = json.loads(proc.stdout.rsplit("RESULT ", 1)[1])
    assert report["writable"] is False, "the folder was not read-only: the test proves nothing"
    after = _tree(folder)
    if os.geteuid() != 0:  # chmod changed the modes, and put them back for the files only
        after = {name: (before[name][0], digest) for name, (_mode, digest) in after.items()}
    assert after == before  # not a byte written, nothing made
    return [tuple(r) for r in report["results"]]


def _one_line_error(result: tuple[int, str, str], *needles: str) -> None:
    code, _out, err = result
    assert code == 1 and err.count("\n") == 1 and err.startswith("cafesach: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


@pytest.fixture
def station(tmp_path: Path, capsys, make_pdf) -> tuple[Path, dict[str, str]]:
    """A data folder with a PDF and a text bulletin, closed as a stopped kiosk leaves it."""
    data = tmp_path / "data"
    pdf = make_pdf("cds.pdf", ["Chuyển đổi số ở xã", "Đảng viên gương mẫu."],
                   title="Sổ tay chuyển đổi số")
    note = tmp_path / "ban-tin.txt"
    note.write_text("Bản tin chợ phiên\nGiá rau ở Đà Lạt hôm nay.\n", encoding="utf-8")
    code, out, _err = cafesach(capsys, "--data", str(data), "add", str(pdf), str(note), "--json")
    assert code == 0
    ids = {item["filename"]: item["id"] for item in json.loads(out)}
    assert not (data / "catalog.db-wal").exists()  # WAL mode, closed cleanly
    return data, ids


def test_every_reading_command_is_a_command() -> None:
    assert set(LAZY_COMMANDS) >= READING_COMMANDS
    assert not {"add", "remove", "import", "sync", "publish", "selftest"} & READING_COMMANDS


def test_the_reading_commands_work_on_a_read_only_data_folder(station, tmp_path: Path) -> None:
    data, ids = station
    pdf, note = ids["cds.pdf"], ids["ban-tin.txt"]
    out = tmp_path / "out"  # written outside the read-only folder
    out.mkdir()
    results = run_read_only(
        data, ["list", "--json"], ["show", pdf, "--json"], ["search", "da lat", "--json"],
        ["text", note], ["text", pdf, "--page", "2"],
        ["render", pdf, "--width", "200", "-o", str(out / "page.png")],
        ["qr", pdf, "--url-only"], ["stats", "--json"],
        ["check", str(tmp_path / "cds.pdf"), "--json"],
        ["remove", note])
    listed, shown, found, text, page, rendered, qr, stats, checked, removed = results
    assert listed[0] == 0 and {i["id"] for i in json.loads(listed[1])} == {pdf, note}
    assert shown[0] == 0 and json.loads(shown[1])["title"] == "Sổ tay chuyển đổi số"
    assert found[0] == 0 and [h["id"] for h in json.loads(found[1])["results"]] == [note]
    assert text[0] == 0 and "Đà Lạt" in text[1]
    assert page[0] == 0 and "Đảng viên gương mẫu" in page[1]
    assert rendered[0] == 0 and (out / "page.png").read_bytes().startswith(b"\x89PNG")
    assert qr[0] == 0 and qr[1].strip()
    assert stats[0] == 0 and json.loads(stats[1])["totals"]["view"] == 0
    assert checked[0] == 0 and json.loads(checked[1])["pages"] == 2
    # a writing command is refused in one line (and wrote nothing: see run_read_only); as
    # root the folder is a read-only mount, where no owner or permission would help
    _one_line_error(removed, *(["on a read-only disk", "(list, search, show, render, text) "
                                "still work"] if os.geteuid() == 0
                               else ["owner and permissions"]))



@pytest.mark.skipif(os.geteuid() != 0, reason="a read-only mount needs root (unshare)")
def test_a_read_only_disk_that_says_it_has_no_room_is_still_called_read_only(
        station) -> None:
    """A squashfs, a disc, a full stick mounted read-only: the disk says 0 bytes free as
    well, and SQLite's "unable to open" was called a full disk, whose remedy (delete old
    files) cannot be followed there."""
    data, ids = station
    [removed] = run_read_only(data, ["remove", ids["ban-tin.txt"]],
                              prelude="import library.catalog\n"
                                      "library.catalog.disk_free = lambda folder: 0\n")
    _one_line_error(removed, "on a read-only disk")
    assert "full" not in removed[2]


def _crashed_copy(data: Path, tmp_path: Path, new_note: Path, *, keep_shm: bool) -> Path:
    """A copy of `data` as a power cut leaves it: the last add only in `catalog.db-wal`."""
    with Catalog.open(DataPaths(data)) as writer:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.add_file(new_note)
        copy = tmp_path / "crashed"
        shutil.copytree(data, copy)  # while the writer still has the WAL open
    assert (copy / "catalog.db-wal").stat().st_size > 0
    if not keep_shm:
        (copy / "catalog.db-shm").unlink()
    return copy


@pytest.mark.parametrize("keep_shm", [True, False], ids=["wal-and-shm", "wal-only"])
def test_commits_left_in_the_wal_are_read_on_a_read_only_folder(station, tmp_path: Path,
                                                                 keep_shm: bool) -> None:
    data, _ids = station
    new_note = tmp_path / "moi.txt"
    new_note.write_text("Tin mới\nLịch tiêm phòng cho gia súc.\n", encoding="utf-8")
    crashed = _crashed_copy(data, tmp_path, new_note, keep_shm=keep_shm)
    temp_before = set(Path(tempfile.gettempdir()).glob("cafesach-catalog-*"))
    [(code, out, err)] = run_read_only(crashed, ["search", "tiem phong", "--json"])
    assert code == 0, err
    assert [h["title"] for h in json.loads(out)["results"]] == ["Tin mới"]  # not the file alone
    assert set(Path(tempfile.gettempdir()).glob("cafesach-catalog-*")) == temp_before


def test_a_copy_that_fails_says_which_side_failed(station, tmp_path: Path) -> None:
    """The WAL must be copied to be read: a full temporary folder is not the data folder's
    permissions, and a WAL this user may not read is."""
    data, _ids = station
    new_note = tmp_path / "moi.txt"
    new_note.write_text("Tin mới\nLịch tiêm phòng.\n", encoding="utf-8")
    crashed = _crashed_copy(data, tmp_path, new_note, keep_shm=False)
    fail = ("import errno, shutil\n"
            "copy = shutil.copyfile\n"
            "def fail(source, target, **kwargs):\n"
            "    if str(source).endswith('-wal'):\n"
            "        raise OSError(errno.{}, '{}', *{})\n"
            "    return copy(source, target, **kwargs)\n"
            "shutil.copyfile = fail\n")
    # as shutil reports it: a failed write names the file read from, not the one written
    [full] = run_read_only(crashed, ["list"], prelude=fail.format(
        "ENOSPC", "No space left on device", "[str(source), None, str(target)]"))
    [unreadable] = run_read_only(crashed, ["list"], prelude=fail.format(
        "EACCES", "Permission denied", "[str(source)]"))
    _one_line_error(full, "No space left on device", "catalog.db-wal", "TMPDIR")
    assert "permissions" not in full[2]  # the data folder is not what failed
    _one_line_error(unreadable, "Permission denied", "owner and permissions")


@pytest.mark.parametrize("blank", ["zero-bytes", "header-only"])
def test_a_catalog_file_never_set_up_reads_as_empty(capsys, tmp_path: Path, blank: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if blank == "zero-bytes":
        (data / "catalog.db").touch()
    else:  # made and put in WAL mode, stopped before the first migration
        sqlite3.connect(data / "catalog.db").execute("PRAGMA journal_mode = WAL").close()
    before = (data / "catalog.db").read_bytes()
    code, out, err = cafesach(capsys, "--data", str(data), "list", "--json")
    assert (code, json.loads(out)) == (0, []), err
    [(code, out, err)] = run_read_only(data, ["search", "lu", "--json"])
    assert (code, json.loads(out)["results"]) == (0, []), err
    assert (data / "catalog.db").read_bytes() == before


def test_a_catalog_that_is_not_a_file_is_not_called_empty(capsys, tmp_path: Path) -> None:
    folder_db, dangling = tmp_path / "a", tmp_path / "b"
    (folder_db / "catalog.db").mkdir(parents=True)
    dangling.mkdir()
    (dangling / "catalog.db").symlink_to(tmp_path / "unmounted" / "catalog.db")
    code, _out, err = cafesach(capsys, "--data", str(folder_db), "list")
    _one_line_error((code, "", err), "it is not a file")
    code, _out, err = cafesach(capsys, "--data", str(dangling), "list")
    _one_line_error((code, "", err), "links to a file that is not there")


#: Starts a statistics write that spills into `stats.db` and dies before it ends, as a
#: power cut mid-flush does: `stats.db-journal` is left "hot".
_CUT_SHORT = r"""
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 2")
conn.execute("BEGIN IMMEDIATE")
for i in range(2000):
    conn.execute("INSERT INTO item_counts(day, item_id, metric, n) VALUES (?, ?, 'view', 1)",
                 ["2026-11-21", "x" * 200 + str(i)])
os._exit(0)
"""


def test_statistics_cut_short_by_a_power_cut_are_read(capsys, tmp_path: Path) -> None:
    from library.stats import StatsStore

    data = tmp_path / "data"
    store = StatsStore.open(data, today=lambda: "2026-11-20", flush_interval_s=None)
    for _ in range(7):
        store.item_viewed("demo")
    store.close()
    subprocess.run([sys.executable, "-c", _CUT_SHORT, str(data / "stats.db")], check=True)
    journal = data / "stats.db-journal"
    assert journal.stat().st_size > 0
    code, out, err = cafesach(capsys, "--data", str(data), "stats", "--json")
    assert code == 0, err
    assert json.loads(out)["totals"]["view"] == 7  # what was committed, not the half write
    [(code, out, err)] = run_read_only(data, ["stats", "--json"])
    assert code == 0, err
    assert json.loads(out)["totals"]["view"] == 7
    assert journal.exists()  # rolled back in a copy, the data folder left as it was


def _older_catalog(data: Path) -> bytes:
    """A catalog one schema behind this program's; returns its bytes."""
    import sqlite_utils

    data.mkdir()
    db = sqlite_utils.Database(data / "catalog.db")
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db, target=len(MIGRATIONS) - 1)
    db.close()
    return (data / "catalog.db").read_bytes()


def test_an_older_catalog_is_one_line_and_left_as_it_is(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = _older_catalog(data)
    for command in (["list"], ["show", "x"], ["search", "dang"]):
        code, _out, err = cafesach(capsys, "--data", str(data), *command)
        _one_line_error((code, "", err), "needs upgrading", f"schema {len(MIGRATIONS) - 1}",
                        "writing command")
    [result] = run_read_only(data, ["list"])
    _one_line_error(result, "needs upgrading")
    assert (data / "catalog.db").read_bytes() == before
    assert not list(data.glob("catalog.db.before-schema-*"))  # no upgrade was started


def test_a_newer_catalog_is_refused_in_one_line(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Catalog.open(DataPaths(data)) as catalog:
        catalog.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    code, _out, err = cafesach(capsys, "--data", str(data), "list")
    _one_line_error((code, "", err), "newer version")


def test_a_folder_with_no_catalog_reads_as_empty_and_is_not_made(capsys,
                                                                 tmp_path: Path) -> None:
    data = tmp_path / "nowhere"
    code, out, err = cafesach(capsys, "--data", str(data), "list", "--json")
    assert code == 0 and json.loads(out) == [] and "0 items" not in out
    code, _out, err = cafesach(capsys, "--data", str(data), "show", "x")
    assert code == 1 and "no item with id 'x'" in err
    assert not data.exists()


def test_a_read_only_catalog_refuses_writes(catalog: Catalog, data_paths: DataPaths) -> None:
    catalog.close()
    with Catalog.open_read_only(data_paths) as reader:
        assert reader.read_only and reader.count() == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.execute("INSERT INTO state(key, value) VALUES ('a', 'b')")


def test_a_file_that_is_not_a_catalog_is_called_damaged(data_paths: DataPaths) -> None:
    data_paths.catalog_db.write_bytes(b"not a database at all, " * 100)
    with pytest.raises(CatalogError, match="damaged or not a catalog"):
        Catalog.open_read_only(data_paths)
