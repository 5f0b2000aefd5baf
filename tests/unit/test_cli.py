import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk.main import main
from library.catalog import KINDS
from library.formats import FORMATS
from tests.clirun import cafesach

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_add_then_search_finds_marked_text_unaccented(capsys, data: Path, make_pdf) -> None:
    pdf = make_pdf("cds.pdf", ["Hướng dẫn chuyển đổi số cho hộ kinh doanh."],
                   title="Chuyển đổi số ở xã")
    other = make_pdf("other.pdf", ["Chuyển hàng, đổi tiền, số lượng."], title="Chợ phiên")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf), str(other))
    assert code == 0 and "added" in out
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "chuyen doi so", "--json")
    results = json.loads(out)["results"]
    assert code == 0
    assert results[0]["title"] == "Chuyển đổi số ở xã"
    assert {"id", "title", "kind", "snippet", "page", "score"} <= set(results[0])
    assert results[0]["score"] > results[-1]["score"]


def test_search_text_output_shows_page(capsys, data: Path, make_pdf) -> None:
    pdf = make_pdf("a.pdf", ["mở đầu", "Đảng viên gương mẫu."])
    cafesach(capsys, "--data", str(data), "add", str(pdf))
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "dang", "vien")
    assert code == 0 and "trang 2" in out and "[Đảng viên]" in out


def test_search_no_results(capsys, data: Path) -> None:
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "không có gì")
    assert code == 0 and "Không tìm thấy" in out
    code, out, _ = cafesach(capsys, "--data", str(data), "search", "xyz", "--json")
    assert json.loads(out) == {"results": [], "alternatives": []}


def test_add_with_options_list_show_remove(capsys, data: Path, make_pdf) -> None:
    pdf = make_pdf("a.pdf", ["nội dung"])
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf), "--title", "Nước sạch",
                            "--kind", "handbook", "--tags", "y tế, nước", "--summary", "Tóm tắt",
                            "--json")
    added = json.loads(out)[0]
    assert added["title"] == "Nước sạch" and added["tags"] == ["y tế", "nước"]
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    listed = json.loads(out)
    assert listed == [{"id": added["id"], "title": "Nước sạch", "kind": "handbook",
                       "tags": ["y tế", "nước"], "pages": 1, "hidden": False, "featured": False,
                       "broken": False}]
    assert "snippet" not in listed[0]
    code, out, _ = cafesach(capsys, "--data", str(data), "show", added["id"], "--json")
    assert json.loads(out)["summary"] == "Tóm tắt"
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--kind", "book", "--json")
    assert json.loads(out) == []
    code, out, err = cafesach(capsys, "--data", str(data), "list")
    assert code == 0 and "Nước sạch" in out and err == "1 item\n"  # never "1 items"
    code, out, err = cafesach(capsys, "--data", str(data), "list", "--kind", "book")
    assert (out, err) == ("", "0 items\n")
    code, out, _ = cafesach(capsys, "--data", str(data), "remove", added["id"])
    assert code == 0
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    assert json.loads(out) == []


def test_remove_deletes_its_own_files_not_those_of_an_import_in_progress(
        capsys, data: Path, tmp_path: Path) -> None:
    from library.objects import ObjectStore

    text = tmp_path / "a.txt"
    text.write_text("Bản tin chiều", encoding="utf-8")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(text), "--json")
    item = json.loads(out)[0]
    store = ObjectStore(data / "objects")
    # an import running in the kiosk meanwhile: its file stored, its item not yet committed
    pending = store.add_bytes(b"%PDF-1.7 an import not yet committed")
    code, out, _ = cafesach(capsys, "--data", str(data), "remove", item["id"])
    assert code == 0 and out.startswith(f"removed {item['id']}")
    assert not store.has(item["sha256"])
    assert store.has(pending)


def test_adding_again_a_file_whose_item_is_hidden_says_it_is_hidden(
        capsys, data: Path, tmp_path: Path) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    text = tmp_path / "a.txt"
    text.write_text("Bản tin sáng", encoding="utf-8")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(text), "--json")
    item_id = json.loads(out)[0]["id"]
    with Catalog.open(DataPaths(data)) as catalog:
        catalog.set_flags(item_id, hidden=True)
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(text))
    assert code == 0
    assert out.strip().endswith("(already in catalog, hidden: `list --all` shows it)")


def test_adding_again_makes_a_cover_drawn_otherwise_now(capsys, data: Path, make_pdf) -> None:
    """An item added by an earlier version kept the cover that version drew (a white logo
    on white, an MP3 with none); adding the same file again draws it anew, once, and the
    old cover's file goes when no item uses it. Tags and flags stay."""
    from dataclasses import replace

    from library.catalog import Catalog
    from library.paths import DataPaths

    pdf = make_pdf("so-tay.pdf", ["Mỗi đảng viên gương mẫu."], heading="Sổ tay đảng viên")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf), "--tags", "đảng",
                            "--json")
    assert code == 0
    item_id = json.loads(out)[0]["id"]
    with Catalog.open(DataPaths(data)) as catalog:  # as the version before left it
        assert catalog.objects is not None
        item = catalog.get(item_id)
        drawn = item.cover_sha256
        old = catalog.objects.add_bytes(b"\x89PNG an older drawing of the cover")
        catalog.put(replace(item, cover_sha256=old), catalog.pages(item_id))
        catalog.set_flags(item_id, featured=True)
        assert drawn is not None and catalog.objects.has(drawn)

    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf))
    assert code == 0
    assert out.strip().endswith("(already in catalog; its cover made again)")
    with Catalog.open(DataPaths(data)) as catalog:
        assert catalog.objects is not None
        item = catalog.get(item_id)
        assert item.cover_sha256 == drawn and item.tags == ("đảng",) and item.featured
        assert catalog.objects.has(drawn) and not catalog.objects.has(old)  # unused: gone
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf))
    assert out.strip().endswith("(already in catalog)")  # drawn already: nothing written


def test_show_keeps_one_line_per_field(capsys, data: Path, tmp_path: Path) -> None:
    text = tmp_path / "ban\ntin.txt"  # a line break in the file name
    text.write_text("Bản tin sáng\n\n" + "Giá lúa hôm nay.\n" * 1000, encoding="utf-8")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(text), "--json")
    item_id = json.loads(out)[0]["id"]
    code, out, _ = cafesach(capsys, "--data", str(data), "show", item_id)
    assert code == 0
    fields = dict(line.split(": ", 1) for line in out.splitlines())
    assert fields["    filename"] == "ban\\ntin.txt"
    shown = fields["        body"]
    assert "Giá lúa" not in out
    code, out, _ = cafesach(capsys, "--data", str(data), "show", item_id, "--json")
    body = json.loads(out)["body"]
    assert body.count("Giá lúa hôm nay.") == 1000
    assert shown == f"{len(body)} characters (`cafesach text {item_id}` prints it)"


def test_list_broken_shows_only_flagged_items_hidden_ones_too(capsys, data: Path,
                                                              make_pdf) -> None:
    from library.catalog import Catalog
    from library.paths import DataPaths

    ids = {}
    for name in ("a", "b", "c"):
        _, out, _ = cafesach(capsys, "--data", str(data), "add",
                             str(make_pdf(f"{name}.pdf", [f"trang {name}"])),
                             "--title", f"Sách {name}", "--json")
        ids[name] = json.loads(out)[0]["id"]
    with Catalog.open(DataPaths(data)) as catalog:
        catalog.set_flags(ids["a"], broken=True)
        catalog.set_flags(ids["b"], broken=True, hidden=True)
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--broken", "--json")
    listed = json.loads(out)
    assert code == 0 and [i["id"] for i in listed] == [ids["b"], ids["a"]]
    assert all(i["broken"] for i in listed)
    code, out, err = cafesach(capsys, "--data", str(data), "list", "--broken")
    assert code == 0 and err == "2 items\n" and "Sách c" not in out
    assert "!" in out.splitlines()[0]
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    assert {i["id"]: i["broken"] for i in json.loads(out)} == {ids["c"]: False, ids["a"]: True}
    code, out, _ = cafesach(capsys, "--data", str(data), "show", ids["a"], "--json")
    assert json.loads(out)["broken"] is True


def test_duplicate_add_is_reported(capsys, data: Path, make_pdf) -> None:
    pdf = make_pdf("a.pdf", ["x"])
    cafesach(capsys, "--data", str(data), "add", str(pdf))
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(pdf))
    assert code == 0 and "already in catalog" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "/nonexistent/file.pdf"], "no such file"),
        (["show", "nope"], "no item with id"),
        (["remove", "nope"], "no item with id"),
    ],
)
def test_bad_input_one_line_nonzero(capsys, data: Path, args: list[str], message: str) -> None:
    data.mkdir()  # (a data folder that is not there is a warning line of its own)
    code, _out, err = cafesach(capsys, "--data", str(data), *args)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_not_a_document_leaves_catalog_unchanged(capsys, data: Path, tmp_path: Path,
                                                 make_pdf) -> None:
    cafesach(capsys, "--data", str(data), "add", str(make_pdf("good.pdf", ["x"])))
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(4096))
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(junk))
    assert code == 1 and "cannot open" in err
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    assert len(json.loads(out)) == 1


def test_usage_errors_exit_2(capsys, data: Path) -> None:
    code, _, err = cafesach(capsys, "--data", str(data), "add")
    assert code == 2 and "Missing argument" in err
    code, _, err = cafesach(capsys, "--data", str(data), "list", "--kind")
    assert code == 2


def test_help_lists_every_command(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("add", "search", "list", "show", "remove", "selftest", "run"):
        assert command in out


def test_selftest_passes_on_a_fresh_data_dir(capsys, data: Path) -> None:
    code, out, _ = cafesach(capsys, "--data", str(data), "selftest", "--json")
    results = {r["name"]: r["ok"] for r in json.loads(out)}
    assert code == 0
    assert results["catalog"] and results["data-dir"] and results["documents"]


def test_data_dir_from_environment(tmp_path: Path, make_pdf) -> None:
    env = dict(os.environ, CAFESACH_DATA=str(tmp_path / "envdata"))
    pdf = make_pdf("a.pdf", ["Phòng chống bão lũ"])
    subprocess.run([sys.executable, "-m", "kiosk", "add", str(pdf)], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    assert (tmp_path / "envdata" / "catalog.db").exists()
    out = subprocess.run([sys.executable, "-m", "kiosk", "search", "bao lu", "--json"], env=env,
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    assert json.loads(out)["results"][0]["page"] == 1


def test_commands_other_than_run_never_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from kiosk.main import main; "
        f"main(['--data', {str(tmp_path)!r}, 'list', '--json']); "
        "main(['--help']); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
        "print('QT' if bad else 'CLEAN', bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    assert "CLEAN" in out


@pytest.mark.parametrize("command", [["list"], ["search", "dang"], ["show", "x"]])
def test_a_data_folder_that_is_a_file_is_one_line(capsys, tmp_path: Path,
                                                  command: list[str]) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    code, _, err = cafesach(capsys, "--data", str(blocker), *command)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"cafesach: error: cannot use the data folder {blocker}")
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
                    reason="needs root to act as another user")
def test_a_catalog_another_user_cannot_write_is_not_called_damaged(capsys) -> None:
    """Another user may read the station (`list` works) but a writing command is refused
    in one line that points at the permissions, not at damage."""
    # pytest's temporary folders are private to root: this one must be reachable
    base = Path(tempfile.mkdtemp(prefix="cafesach-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        data = base / "data"
        note = base / "tin.txt"
        note.write_text("Tin chợ phiên\nGiá rau hôm nay.\n", encoding="utf-8")
        assert cafesach(capsys, "--data", str(data), "add", str(note))[0] == 0

        def as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                 sys.executable, "-m", "kiosk", "--data", str(data), *args],
                cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, HOME=str(base)))

        listed, removed = as_nobody("list"), as_nobody("remove", "x")
    finally:
        shutil.rmtree(base)
    assert listed.returncode == 0 and "Tin chợ phiên" in listed.stdout
    assert removed.returncode == 1
    assert "owner and permissions" in removed.stderr and "damaged" not in removed.stderr
    assert removed.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
                    reason="needs root to act as another user")
def test_writes_into_a_running_station_another_user_cannot_write_are_one_line(
        capsys) -> None:
    """With the kiosk running (its `-wal` and `-shm` there), SQLite opens the catalog for
    another user read-only without a word: `remove`, `trust add` and `add` must each say
    so in the line the data folder's other refusals use, and change nothing."""
    from library.catalog import Catalog
    from library.paths import DataPaths

    base = Path(tempfile.mkdtemp(prefix="cafesach-ro-", dir="/tmp"))  # reachable by nobody
    try:
        base.chmod(0o755)
        data = base / "data"
        note, other = base / "tin.txt", base / "khac.txt"
        note.write_text("Tin chợ phiên\nGiá rau hôm nay.\n", encoding="utf-8")
        other.write_text("Bản tin khác\nLịch tiêm phòng.\n", encoding="utf-8")
        code, out, _ = cafesach(capsys, "--data", str(data), "add", str(note), "--json")
        item_id = json.loads(out)[0]["id"]
        assert code == 0 and cafesach(capsys, "keygen", "--out", str(base / "key"))[0] == 0
        (base / "key" / "publisher.pub").chmod(0o644)
        with Catalog.open(DataPaths(data)) as kiosk:  # the running station holds it open
            assert (data / "catalog.db-shm").exists()
            objects = sorted(p.name for p in (data / "objects").rglob("*"))
            runs = [_as_nobody(data, base, *args) for args in (
                ["remove", item_id], ["trust", "add", str(base / "key" / "publisher.pub")],
                ["add", str(other)])]
            assert [i.id for i in kiosk] == [item_id]
            assert not list(kiosk.query("SELECT * FROM trusted_keys"))
        assert sorted(p.name for p in (data / "objects").rglob("*")) == objects
    finally:
        shutil.rmtree(base)
    for run in runs:
        assert run.returncode == 1, run.stderr
        assert run.stderr.startswith("cafesach: error: ") and run.stderr.count("\n") == 1
        assert "(check the data folder's owner and permissions)" in run.stderr, run.stderr
    removed, trusted, added = (run.stderr for run in runs)
    assert f"cannot write the catalog {data / 'catalog.db'}" in removed
    assert "nothing was changed" in removed and "nothing was changed" in trusted
    assert "cannot store khac.txt: Permission denied (check" in added


def _as_nobody(data: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cafesach --data DATA ARGS…` run as the user nobody."""
    return subprocess.run(
        ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
         sys.executable, "-m", "kiosk", "--data", str(data), *args],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, HOME=str(home)))


def test_add_of_several_files_adds_the_good_ones_and_exits_1(capsys, data: Path,
                                                             tmp_path: Path, make_pdf) -> None:
    good = make_pdf("tot.pdf", ["Nông nghiệp sạch"])
    junk = tmp_path / "hong.pdf"
    junk.write_bytes(os.urandom(2048))
    later = make_pdf("sau.pdf", ["Chợ phiên vùng cao"])
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(good), str(junk),
                              str(later), "--json")
    assert code == 1
    assert [i["filename"] for i in json.loads(out)] == ["tot.pdf", "sau.pdf"]
    lines = [line for line in err.splitlines() if "cafesach:" in line]
    assert len(lines) == 2 and "hong.pdf" in lines[0] and "1 of 3 files" in lines[1]
    assert all(line.startswith("cafesach: error: ") for line in lines)


def test_a_missing_file_among_several_is_reported_and_the_others_are_added(
        capsys, data: Path, tmp_path: Path, make_pdf) -> None:
    """As `add --help` promises: a typo or a broken link in a folder's list costs that
    one file, not the whole run."""
    good = make_pdf("good.pdf", ["x"])
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(good),
                              str(tmp_path / "missing.pdf"), str(tmp_path))
    assert code == 1
    assert "(added)" in out
    assert "missing.pdf: no such file" in err and "is a folder" in err
    assert "2 of 3 files could not be added" in err
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--json")
    assert len(json.loads(out)) == 1


def test_add_of_a_folder_says_so(capsys, data: Path, tmp_path: Path) -> None:
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(tmp_path))
    assert code == 1 and "is a folder" in err and err.count("\n") == 1


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
@pytest.mark.parametrize("command", ["add", "check"])
def test_a_device_is_not_called_missing(capsys, data: Path, command: str) -> None:
    code, _, err = cafesach(capsys, "--data", str(data), command, "/dev/null")
    assert code == 1 and "not a regular file" in err and "no such file" not in err


def test_a_windows_unicode_text_file_is_added(capsys, data: Path, tmp_path: Path) -> None:
    """Notepad's "Unicode" is UTF-16 with a byte-order mark; a code page's bytes too short
    to tell as Vietnamese (two words of Windows-1258) are refused with what to do (longer
    Vietnamese text in one is read: tests/unit/test_legacy_text_files.py)."""
    notepad = tmp_path / "ban-tin.txt"
    notepad.write_bytes("Bản tin chiều\r\nLịch họp tổ dân phố.".encode("utf-16"))
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(notepad), "--json")
    assert code == 0, err
    assert json.loads(out)[0]["title"] == "Bản tin chiều"
    old = tmp_path / "cu.txt"
    old.write_bytes("Đà Nẵng".encode("cp1258", "replace"))  # a Windows code page
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(old))
    assert code == 1 and "not UTF-8 text (save it again as UTF-8)" in err


def test_a_failed_or_interrupted_add_leaves_no_object(capsys, data: Path, make_pdf,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from library.catalog import Catalog

    def interrupted(self, item, pages=()):
        raise KeyboardInterrupt

    monkeypatch.setattr(Catalog, "put", interrupted)
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(make_pdf("a.pdf", ["x"])))
    assert code == 130 and "interrupted; 0 of 1 files done, 1 file not added" in err
    assert [p for p in (data / "objects").rglob("*") if p.is_file()] == []


def test_ctrl_c_in_the_middle_of_adding_many_files_says_what_is_in_and_the_rerun_finishes(
        capsys, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from library.catalog import Catalog

    files = []
    for n in range(4):
        files.append(tmp_path / f"bantin{n}.txt")
        files[-1].write_text(f"Bản tin số {n}", encoding="utf-8")
    put = Catalog.put

    def interrupted_at_the_third(self, item, pages=()):
        if item.title == "Bản tin số 2":
            raise KeyboardInterrupt
        return put(self, item, pages)

    monkeypatch.setattr(Catalog, "put", interrupted_at_the_third)
    code, out, err = cafesach(capsys, "--data", str(data), "add", *map(str, files))
    assert code == 130
    assert "interrupted; 2 of 4 files done, 2 files not added (run the same command again" in err
    assert out.count("(added)") == 2
    monkeypatch.setattr(Catalog, "put", put)
    code, out, _ = cafesach(capsys, "--data", str(data), "add", *map(str, files))
    assert code == 0
    assert out.count("(already in catalog)") == 2 and out.count("(added)") == 2
    objects = [p for p in (data / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 4  # one per file: the interrupted add left none of its own


@pytest.mark.parametrize("command", ["list", "search"])
def test_an_unknown_kind_is_refused(capsys, data: Path, command: str) -> None:
    args = [command, "--kind", "sach"] + (["dang"] if command == "search" else [])
    code, _, err = cafesach(capsys, "--data", str(data), *args)
    assert code == 2 and "'sach' is not one of" in err


def test_counts_take_the_singular_for_one() -> None:
    from library.cli import counted

    assert [counted(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert counted(1, "try", "tries") == "1 try" and counted(9, "try", "tries") == "9 tries"


def test_ctrl_c_in_a_command_that_knows_what_it_left_says_so(capsys) -> None:
    import click

    from library.cli import interruptible, run

    def command(changed, resumes: str = ""):
        @click.command("work")
        def work() -> None:
            with interruptible(lambda: changed, resumes=resumes):
                raise KeyboardInterrupt

        return work

    assert run(command(False, "the next run resumes"), []) == 130
    assert capsys.readouterr().err == ("cafesach: interrupted; nothing was changed; the next "
                                       "run resumes\n")
    assert run(command(True), []) == 130
    assert capsys.readouterr().err == ("cafesach: interrupted after the work was done; its "
                                       "result is in place\n")


def test_an_empty_data_folder_argument_is_refused_not_the_default(capsys) -> None:
    """`--data "$UNSET"` must not quietly work on the station's real library."""
    for empty in ("", "  "):
        assert main(["--data", empty, "list"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--data is empty" in err


# -- which collection a file may go in (library.formats.KINDS_BY_MEDIA_TYPE) -------------
@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_add_refuses_every_collection_a_format_does_not_fit_in_one_line(
        capsys, data: Path, tmp_path: Path, suffix: str) -> None:
    """`add x.txt --kind book` used to be taken, and the kiosk then flagged the "book" it
    could not open. Each refused pair: one line naming the file, its format and where it
    can go; exit 1; nothing in the catalog or the object store."""
    from library.formats import kinds_for

    media_type = FORMATS[suffix][0]
    path = tmp_path / f"tep{suffix}"
    path.write_bytes(b"plain bytes that name no format")  # taken by its name
    refused = [kind for kind in KINDS if kind not in kinds_for(media_type)]
    assert refused  # no format fits every collection
    for kind in refused:
        code, out, err = cafesach(capsys, "--data", str(data), "add", str(path), "--kind", kind)
        assert code == 1 and out == ""
        assert err == (f"cafesach: error: tep{suffix} ({media_type}) cannot go in the {kind} "
                       f"collection; it can go in: {', '.join(kinds_for(media_type))}\n")
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--all", "--json")
    assert json.loads(out) == []
    assert not [p for p in (data / "objects").rglob("*") if p.is_file()]


def test_a_text_file_is_refused_as_a_book_and_taken_as_a_bulletin(capsys, data: Path,
                                                                  tmp_path: Path) -> None:
    text = tmp_path / "x.txt"
    text.write_text("Tin sáng\nXã An Bình tiêm phòng cho đàn gia cầm.\n", encoding="utf-8")
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(text), "--kind", "book")
    assert code == 1
    assert err == ("cafesach: error: x.txt (text/plain) cannot go in the book collection; "
                   "it can go in: bulletin\n")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(text), "--json")
    assert code == 0 and json.loads(out)[0]["kind"] == "bulletin"


def test_among_several_files_the_one_that_does_not_fit_is_named_and_the_others_added(
        capsys, data: Path, tmp_path: Path, make_pdf) -> None:
    text = tmp_path / "tin.txt"
    text.write_text("Tin chợ phiên", encoding="utf-8")
    pdf = make_pdf("so-tay.pdf", ["Nước sạch"])
    code, out, err = cafesach(capsys, "--data", str(data), "add", str(text), str(pdf),
                              "--kind", "handbook", "--json")
    assert code == 1
    assert [(i["filename"], i["kind"]) for i in json.loads(out)] == [("so-tay.pdf", "handbook")]
    lines = [line for line in err.splitlines() if "cafesach:" in line]
    assert lines[0] == ("cafesach: error: tin.txt (text/plain) cannot go in the handbook "
                        "collection; it can go in: bulletin")
    assert "1 of 2 files" in lines[1]


def test_a_scan_is_no_bulletin(capsys, data: Path, make_pdf) -> None:
    """A PDF may be a bulletin by its text; one with no text layer would show an empty page."""
    scan = make_pdf("ban-quet.pdf", [""])
    code, _, err = cafesach(capsys, "--data", str(data), "add", str(scan), "--kind", "bulletin")
    assert code == 1 and err.count("\n") == 1
    assert "ban-quet.pdf (application/pdf) has no text layer" in err
    assert err.endswith("it can go in: book, handbook, document, infographic\n")
    code, out, _ = cafesach(capsys, "--data", str(data), "list", "--all", "--json")
    assert json.loads(out) == []
    assert not [p for p in (data / "objects").rglob("*") if p.is_file()]


def test_unusual_pairs_that_fit_open_as_their_collection_shows_them(
        capsys, data: Path, tmp_path: Path, make_pdf) -> None:
    """A picture as a book and a PDF as a handbook open in the document engine (what the
    reader asks for every paged collection); a PDF as a bulletin has the text the bulletin
    screen shows and "Nghe" reads."""
    import pymupdf

    from library.catalog import Catalog
    from library.documents import DocumentEngine
    from library.paths import DataPaths
    from library.speech.reading import item_text

    picture = tmp_path / "trang-sach.png"
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pix.clear_with(200)
    pix.save(str(picture))
    pdf = make_pdf("so-tay.pdf", ["Sổ tay đảng viên", "Trang hai"])
    bulletin = make_pdf("ban-tin.pdf", ["Xã An Bình thông báo lịch tiêm phòng."])
    added = {}
    for path, kind in ((picture, "book"), (pdf, "handbook"), (bulletin, "bulletin")):
        code, out, err = cafesach(capsys, "--data", str(data), "add", str(path), "--kind", kind,
                                  "--json")
        assert code == 0, err
        added[kind] = json.loads(out)[0]
        assert added[kind]["kind"] == kind
    with Catalog.open(DataPaths(data)) as catalog, \
            DocumentEngine(cache_dir=tmp_path / "cache", standby_worker=False) as engine:
        for kind, pages in (("book", 1), ("handbook", 2)):
            path = catalog.object_path(catalog.get(added[kind]["id"]))
            assert engine.info(path).result(timeout=60).page_count == pages
            assert engine.render(path, 1, 400, 300).result(timeout=60).width > 0
        assert "lịch tiêm phòng" in item_text(catalog, added["bulletin"]["id"])
