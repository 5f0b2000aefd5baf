"""The mistakes of a first day at the command line, each said in one line.

A technician or a librarian following docs/ types a wrong option, a folder
that is not there, or a stick's mount point with no stick in it; each gets one
`cafesach: error: …` line and a non-zero exit, and nothing is written where
nobody will look for it.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.clirun import cafesach


@pytest.fixture
def station(capsys, tmp_path: Path) -> list[str]:
    """`--data` of a station holding one bulletin, and that bulletin's id last."""
    data = tmp_path / "data"
    note = tmp_path / "tin.txt"
    note.write_text("Bản tin sáng\n\nLịch tiêm phòng cho đàn gà.", encoding="utf-8")
    code, out, _ = cafesach(capsys, "--data", str(data), "add", str(note))
    assert code == 0
    return ["--data", str(data), out.split()[0]]


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cafesach: error: "), err
    return lines[0]


@pytest.mark.parametrize(("args", "said"), [
    (["list", "--kind", "books"], "'books' is not one of"),
    (["list", "--knd", "book"], "No such option '--knd'"),
    (["search"], "Missing argument"),
    (["search", ""], "nothing to search for"),
    (["search", "  ", "\t"], "nothing to search for"),
    (["check", ""], "the file or id is empty"),
    (["sync", ""], "the address is empty"),
    (["pin", "reset"], "give exactly one of --recovery-code or --key-file"),
    (["speak", "--file", "/nonexistent/tin.txt", "-o", "tin.wav"], "No such file"),
])
def test_a_usage_error_is_one_line_naming_the_help_to_read(
        capsys, tmp_path: Path, args: list[str], said: str) -> None:
    code, _, err = cafesach(capsys, "--data", str(tmp_path / "data"), *args)
    line = one_error_line(err)
    command = " ".join(a for a in args[:2] if not a.startswith("-") and a in (
        "list", "search", "pin", "reset", "speak", "check", "sync"))
    assert code == 2 and said in line and f"(see: cafesach {command} --help)" in line


def test_ctrl_c_in_any_command_is_one_line_and_exit_130(
        capsys, monkeypatch: pytest.MonkeyPatch, station: list[str]) -> None:
    """A command that says nothing of its own about an interrupt (`list` of a long
    catalog piped into a log) gave click's blank line and `cafesach: aborted`."""
    import library.cli

    def pressed(_item: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(library.cli, "_item_line", pressed)
    code, _, err = cafesach(capsys, *station[:2], "list")
    assert code == 130 and err == "cafesach: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="a terminal and a signal: POSIX")
@pytest.mark.parametrize("args", [["pin", "set"], ["pin", "check"]])
def test_ctrl_c_at_a_question_is_the_same_one_line_and_exit_130(
        tmp_path: Path, args: list[str]) -> None:
    """Ctrl+C at the hidden PIN question (click's prompt) said `cafesach: aborted`, not
    the line every other interrupt gives. A real child on a terminal of its own (a pty,
    in a session of its own so the question is asked there), sent a real SIGINT."""
    import pty
    import select
    import signal

    data = tmp_path / "data"
    ours, theirs = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data), *args],
                            stdin=theirs, stdout=subprocess.PIPE, stderr=theirs,
                            cwd=Path(__file__).resolve().parents[2], start_new_session=True)
    os.close(theirs)

    def read_some() -> bytes:  # b"" once the child's side is closed
        if not select.select([ours], [], [], 60)[0]:
            return b""
        try:
            return os.read(ours, 4096)
        except OSError:  # (Linux: EIO when the child's side is closed)
            return b""

    try:
        asked = b""
        while b"PIN: " not in asked:
            more = read_some()
            assert more, asked
            asked += more
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
        said = b""
        while more := read_some():
            said += more
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(ours)
    assert code == 130
    # the line the hidden question leaves open is closed, then the one line
    assert said.replace(b"\r\n", b"\n") == b"\ncafesach: interrupted\n"
    assert proc.stdout is not None and proc.stdout.read() == b""
    assert not (data / "keys" / "admin.json").exists()


@pytest.mark.parametrize("args", [["pin", "set"], ["pin", "check"]])
def test_a_question_whose_input_ended_is_a_missing_answer_not_an_interrupt(
        capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]) -> None:
    """Ctrl+D at the PIN question (or a script piping nothing in) said `aborted` with the
    interrupt's exit 130; it is an answer that never came: one line, exit 1, no PIN."""
    import io

    import click.termui

    class Terminal(io.StringIO):
        def isatty(self) -> bool:  # the question is asked, not a line read from a script
            return True

    def ended(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(click.termui, "hidden_prompt_func", ended)
    code, out, err = cafesach(capsys, "--data", str(tmp_path / "data"), *args)
    assert code == 1 and out == ""
    # the line the hidden question leaves open is closed, then the one line
    assert err == ("\ncafesach: error: the question got no answer (its input ended); "
                   "nothing was changed\n")
    assert not (tmp_path / "data" / "keys" / "admin.json").exists()


@pytest.mark.parametrize("args", [
    ["keygen", "--out", ""],
    ["keygen", "--out", "  "],
    ["publish", "", "--out", "repo", "--key", "k"],
    ["pack", "repo", "--out", ""],
    ["render", "x", "-o", ""],
    ["qr", "x", "-o", ""],
    ["stats", "-o", ""],
    ["add", ""],
    ["import", ""],
])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(
        capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]) -> None:
    """click reads "" as ".": `keygen --out "$UNSET"` wrote the secret key into the folder
    a script ran in. Every path option refuses it as a usage error, before any work."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = cafesach(capsys, "--data", str(tmp_path / "data"), *args)
    assert code == 2 and out == ""
    assert one_error_line(err).startswith("cafesach: error: Invalid value for ")
    assert "the path is empty" in err or "the source is empty" in err
    assert list(here.iterdir()) == []


def test_a_mistyped_command_points_at_the_main_help(capsys, tmp_path: Path) -> None:
    code, _, err = cafesach(capsys, "--data", str(tmp_path / "data"), "lsit")
    assert code == 2 and one_error_line(err).endswith("(see: cafesach --help)")


@pytest.mark.parametrize("args", [
    ["stats", "-o", "{missing}/thang3.csv"],
    ["poster", "-o", "{missing}/ap-phich.pdf"],
    ["qr", "{id}", "-o", "{missing}/ma.png"],
    ["speak", "--text", "Xin chào bà con.", "-o", "{missing}/tin.wav"],
    ["keygen", "--out", "{missing}/khoa"],  # its folder is made, not the ones above it
])
def test_an_output_into_a_missing_folder_is_refused_and_nothing_is_made(
        capsys, tmp_path: Path, station: list[str], args: list[str]) -> None:
    """`-o /media/usb/…` with no stick plugged in: said, and no folder made that would hold
    the file on the station's own disk where nobody looks for it."""
    missing = tmp_path / "usb"
    data, item = station[:2], station[2]
    code, _, err = cafesach(capsys, *data, *(a.format(missing=missing, id=item) for a in args))
    assert code == 1
    assert one_error_line(err) == f"cafesach: error: {missing}: no such folder; nothing was written"
    assert not missing.exists()


@pytest.mark.parametrize("args", [
    ["stats", "-o", "{file}/thang3.csv"],
    ["poster", "-o", "{file}/ap-phich.pdf"],
    ["qr", "{id}", "-o", "{file}/ma.png"],
    ["speak", "--text", "Xin chào bà con.", "-o", "{file}/tin.wav"],
    ["keygen", "--out", "{file}/khoa"],
])
def test_an_output_through_a_file_says_it_is_a_file_not_a_folder(
        capsys, tmp_path: Path, station: list[str], args: list[str]) -> None:
    """`-o /etc/passwd/x.png` or `-o so-lieu.csv/thang3.csv`: the file standing where a
    folder should be is named, not "File exists" (what making that folder would say)."""
    taken = tmp_path / "so lieu.csv"
    taken.write_text("ngày,lượt xem\n", encoding="utf-8")
    data, item = station[:2], station[2]
    code, _, err = cafesach(capsys, *data, *(a.format(file=taken, id=item) for a in args))
    assert code == 1
    wanted = taken / args[-1].split("/")[-1]
    assert one_error_line(err) == (f"cafesach: error: cannot write {wanted}: {taken} is a file, "
                                   "not a folder; nothing was written")
    assert taken.read_text(encoding="utf-8") == "ngày,lượt xem\n"


#: Every command that writes a file the person names, that file given as {out}/NAME.
WRITERS = [
    ["render", "{id}", "-o", "{out}/trang 1.png"],
    ["qr", "{id}", "-o", "{out}/ma.png"],
    ["poster", "-o", "{out}/ap-phich.pdf"],
    ["speak", "--text", "Xin chào bà con.", "-o", "{out}/tin.wav"],
    ["stats", "-o", "{out}/thang3.csv"],
    ["report", "collect", "{stick}", "-o", "{out}/tinh.csv"],
    ["report", "collect", "{stick}", "-o", "{out}/tinh-moi.csv", "--health", "{out}/tram.csv"],
]


@pytest.fixture
def stick(capsys, tmp_path: Path, station: list[str]) -> Path:
    """A stick holding the station's report, for `report collect`."""
    stick = tmp_path / "usb-bao-cao"
    stick.mkdir()
    assert cafesach(capsys, *station[:2], "report", "write", str(stick))[0] == 0
    return stick


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:2]) + " " + a[-1])
def test_an_output_file_already_there_is_kept_unless_forced(
        capsys, tmp_path: Path, station: list[str], stick: Path, args: list[str]) -> None:
    """`stats -o` and `report collect -o` replaced last month's file without a word where
    `pack` wants --force: every command now refuses, in pack's words, before any work."""
    out = tmp_path / "usb"
    out.mkdir()
    taken = out / args[-1].split("/")[-1]
    taken.write_bytes(b"the librarian's own file")
    data, item = station[:2], station[2]
    code, _, err = cafesach(capsys, *data, *(a.format(out=out, id=item, stick=stick)
                                             for a in args))
    assert code == 1
    assert one_error_line(err) == (f"cafesach: error: {taken} already exists; give --force "
                                   "to replace it")
    assert taken.read_bytes() == b"the librarian's own file"
    assert sorted(p.name for p in out.iterdir()) == [taken.name]  # nor the other CSV


@pytest.mark.parametrize("args", [WRITERS[1], WRITERS[4], WRITERS[6]],
                         ids=lambda a: " ".join(a[:2]))
def test_force_replaces_an_output_file_whole(
        capsys, tmp_path: Path, station: list[str], stick: Path, args: list[str]) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    taken = out / args[-1].split("/")[-1]
    taken.write_bytes(b"the librarian's own file")
    data, item = station[:2], station[2]
    code, _, _ = cafesach(capsys, *data, *(a.format(out=out, id=item, stick=stick)
                                           for a in args), "--force")
    assert code == 0
    assert taken.read_bytes() != b"the librarian's own file" and taken.stat().st_size > 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(("args", "endings"), [
    (["render", "{id}", "-o", "{out}/trang 1.jpg"], ".png"),
    (["qr", "{id}", "-o", "{out}/ma.jpg"], ".png or .svg"),
    (["poster", "-o", "{out}/ap-phich.png"], ".pdf"),
    (["speak", "--text", "Xin chào bà con.", "-o", "{out}/tin.mp3"], ".wav"),
])
def test_an_output_name_with_another_ending_is_one_line_in_the_same_words(
        capsys, tmp_path: Path, station: list[str], args: list[str], endings: str) -> None:
    """What a command writes is in its name's ending (`files.output_target(endings=)`): a
    PNG written as `trang 1.jpg` is a file a viewer calls damaged. Refused before any work,
    in the same words by every command (speak said "the output must be a .wav file")."""
    out = tmp_path / "usb"
    out.mkdir()
    data, item = station[:2], station[2]
    code, _, err = cafesach(capsys, *data, *(a.format(out=out, id=item) for a in args))
    assert code == 1
    assert one_error_line(err) == (f"cafesach: error: {out / args[-1].split('/')[-1]}: "
                                   f"the file name must end in {endings}")
    assert list(out.iterdir()) == []


def test_a_report_onto_a_missing_stick_says_there_is_no_such_folder(
        capsys, tmp_path: Path, station: list[str]) -> None:
    code, _, err = cafesach(capsys, *station[:2], "report", "write", str(tmp_path / "usb"))
    assert code == 1
    assert one_error_line(err) == f"cafesach: error: {tmp_path / 'usb'}: no such folder"
    assert not (tmp_path / "usb").exists()


def test_collecting_from_a_stick_not_plugged_in_exits_1_not_2(
        capsys, tmp_path: Path, station: list[str]) -> None:
    """Exit 2 means "some reports rejected, the rest merged": a missing folder merges
    nothing, so it is 1, as "no valid report" is, and no CSV is written."""
    stick = tmp_path / "usb1"
    stick.mkdir()
    assert cafesach(capsys, *station[:2], "report", "write", str(stick))[0] == 0
    merged = tmp_path / "tinh.csv"
    code, _, err = cafesach(capsys, "report", "collect", str(stick), str(tmp_path / "usb2"),
                            "-o", str(merged))
    assert code == 1
    assert one_error_line(err) == (f"cafesach: error: {tmp_path / 'usb2'}: no such folder; "
                                   "nothing was merged")
    assert not merged.exists()


@pytest.mark.parametrize("args", [
    ["import", "{tmp}/thu-vien.zip"],
    ["pack", "{tmp}/kho", "--out", "{tmp}/goi.zip"],
    ["publish", "{tmp}/tai-lieu", "--out", "{tmp}/kho", "--key", "{tmp}/publisher.key"],
])
def test_an_error_in_a_log_is_not_glued_to_a_progress_bar(
        capsys, tmp_path: Path, args: list[str]) -> None:
    """Output into a file or a pipe (a script, cron, the journal) draws no bar: the error
    is the line's start, where `grep '^cafesach: error'` finds it."""
    if args[0] == "publish":
        assert cafesach(capsys, "keygen", "--out", str(tmp_path))[0] == 0
    code, _, err = cafesach(capsys, "--data", str(tmp_path / "data"),
                            *(a.format(tmp=tmp_path) for a in args))
    assert code == 1
    one_error_line(err)


def test_a_key_name_typed_decomposed_still_finds_it_and_a_wrong_one_says_where_to_look(
        capsys, tmp_path: Path) -> None:
    """A terminal may send «Sở» as «S», «o», a horn and a hook: the same name to a reader."""
    import unicodedata

    data = ["--data", str(tmp_path / "data")]
    assert cafesach(capsys, "keygen", "--out", str(tmp_path / "k"))[0] == 0
    name = "Sở VHTTDL Lâm Đồng"
    assert cafesach(capsys, *data, "trust", "add", str(tmp_path / "k" / "publisher.pub"),
                    "--name", name)[0] == 0
    code, _, err = cafesach(capsys, *data, "trust", "remove", "Sở VHTTDL")
    assert code == 1 and "`cafesach trust list`" in one_error_line(err)
    code, out, _ = cafesach(capsys, *data, "trust", "remove", unicodedata.normalize("NFD", name))
    assert code == 0 and out.startswith("removed ")
    _, out, err = cafesach(capsys, *data, "trust", "list")
    assert "0 keys" in err and "VHTTDL" not in out


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_key_named_with_nothing_is_refused_and_not_stored(
        capsys, tmp_path: Path, name: str) -> None:
    """`trust add publisher.pub --name "$PUBLISHER"` with the variable unset stored a key
    that `trust list` and the panel showed with a blank name; refused as `--data ""` is."""
    data = ["--data", str(tmp_path / "data")]
    assert cafesach(capsys, "keygen", "--out", str(tmp_path / "k"))[0] == 0
    public = str(tmp_path / "k" / "publisher.pub")
    code, out, err = cafesach(capsys, *data, "trust", "add", public, "--name", name)
    assert code == 1 and out == ""
    assert one_error_line(err) == (
        "cafesach: error: --name is empty: give a name to recognise the publisher by "
        "(e.g. 'Sở VHTTDL'), or leave --name out; nothing was stored")
    _, out, err = cafesach(capsys, *data, "trust", "list")
    assert out == "" and "0 keys" in err
    code, out, _ = cafesach(capsys, *data, "trust", "add", public, "--name", " Sở Y tế ")
    assert code == 0 and out.rstrip().endswith("  Sở Y tế")


def test_a_key_added_without_a_name_gets_one_the_technician_can_use(
        capsys, tmp_path: Path) -> None:
    """`trust add publisher.pub` stored a key with no name: `trust list` showed a blank, and
    `trust remove` could not be given one. It is named after its file, or — keygen's
    publisher.pub says nothing — «Khoá» and its short id, as the panel names such a key."""
    data = ["--data", str(tmp_path / "data")]
    assert cafesach(capsys, "keygen", "--out", str(tmp_path / "k"))[0] == 0
    assert cafesach(capsys, "keygen", "--out", str(tmp_path / "l"))[0] == 0
    code, out, _ = cafesach(capsys, *data, "trust", "add", str(tmp_path / "k" / "publisher.pub"))
    keyid = out.split()[1]
    assert code == 0 and out == f"trusted {keyid}  Khoá {keyid[:8]}\n"
    named = tmp_path / "l" / "so-vhttdl-lam-dong.pub"
    (tmp_path / "l" / "publisher.pub").rename(named)
    code, out, _ = cafesach(capsys, *data, "trust", "add", str(named))
    other = out.split()[1]
    assert code == 0 and out == f"trusted {other}  so-vhttdl-lam-dong\n"
    _, out, _ = cafesach(capsys, *data, "trust", "list", "--json")
    assert sorted(k["name"] for k in json.loads(out)) == [f"Khoá {keyid[:8]}",
                                                          "so-vhttdl-lam-dong"]
    # added again without --name: the name given before is kept, not replaced
    assert cafesach(capsys, *data, "trust", "add", str(named), "--name", "Sở VHTTDL")[0] == 0
    code, out, _ = cafesach(capsys, *data, "trust", "add", str(named))
    assert code == 0 and out == f"trusted {other}  Sở VHTTDL\n"
    code, out, _ = cafesach(capsys, *data, "trust", "remove", f"Khoá {keyid[:8]}")
    assert code == 0 and out == f"removed {keyid}  Khoá {keyid[:8]}\n"


@pytest.mark.parametrize("args", [["list"], ["search", "chuyen doi so"], ["show", "x"]])
def test_reading_a_data_folder_that_is_not_there_warns_of_a_typing_mistake(
        capsys, tmp_path: Path, args: list[str]) -> None:
    """`--data /var/lib/cafesch list` read as an empty station, said once, nothing made."""
    missing = tmp_path / "cafesch"
    _, _, err = cafesach(capsys, "--data", str(missing), *args)
    assert err.splitlines()[0] == (f"cafesach: warning: there is no data folder {missing}: "
                                   "nothing has been added there (a mistyped --data or "
                                   "CAFESACH_DATA?)")
    assert not missing.exists()


def test_a_folder_of_documents_given_for_the_data_folder_is_left_as_it_was(
        capsys, tmp_path: Path) -> None:
    """`--data ~/tai-lieu add ~/tai-lieu/*.pdf`: the documents' folder typed for the data
    folder got `catalog.db`, `objects/`, `cache/`… among the librarian's files."""
    folder = tmp_path / "tài liệu"
    folder.mkdir()
    (folder / "Sổ tay đảng viên.pdf").write_bytes(b"%PDF-1.7\n")
    note = folder / "ban tin.txt"
    note.write_text("Bản tin\n\nLịch họp tổ dân phố.", encoding="utf-8")
    before = sorted(p.name for p in folder.rglob("*"))
    said = (f"{folder} holds documents (ban tin.txt, Sổ tay đảng viên.pdf) and no catalog: "
            "it is not a data folder (a mistyped --data or CAFESACH_DATA?)")
    for args in (["add", str(note)], ["speak", "--text", "Xin chào.", "-o",
                                      str(tmp_path / "tin.wav")],
                 ["pin", "set"]):  # (keys/admin.json was made among the documents)
        code, _, err = cafesach(capsys, "--data", str(folder), *args)
        assert code == 1 and said in one_error_line(err), args
    with pytest.raises(SystemExit) as exited:  # (its lock made staging/ there)
        cafesach(capsys, "--data", str(folder), "selftest", "--only", "repository")
    assert exited.value.code == 1 and said in capsys.readouterr().out
    code, out, err = cafesach(capsys, "--data", str(folder), "list")
    assert code == 0 and out == "" and err.splitlines() == [
        f"cafesach: warning: {said}, and no library is made there; give the station's data "
        "folder, or a new or empty one", "0 items"]
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert not (tmp_path / "tin.wav").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="names of any bytes: POSIX")
def test_a_folder_of_documents_with_odd_names_is_refused_in_one_printable_line(
        capsys, tmp_path: Path) -> None:
    """A name with a line break, one in another code page (a Windows stick): the
    refusal named them as they were, and ran onto a second line."""
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "tin\nmới.txt").write_text("Tin mới\n\nHọp chợ.", encoding="utf-8")
    (folder / os.fsdecode(b"S\xf4 tay.pdf")).write_bytes(b"%PDF-1.7\n")
    said = f"{folder} holds documents (S\ufffd tay.pdf, tin mới.txt) and no catalog"
    code, _, err = cafesach(capsys, "--data", str(folder), "add", str(tmp_path))
    assert code == 1 and said in one_error_line(err)
    code, _, err = cafesach(capsys, "--data", str(folder), "list")
    assert code == 0 and err.splitlines()[0].startswith(f"cafesach: warning: {said}")
    assert len(err.splitlines()) == 2  # the warning, "0 items"


def test_a_document_put_beside_a_stations_catalog_is_no_refusal(
        capsys, tmp_path: Path, station: list[str]) -> None:
    """A folder with a catalog is the station's, whatever was dropped beside it."""
    extra = Path(station[1]) / "ghi-chu.txt"
    extra.write_text("Ghi chú\n\nĐổi giờ mở cửa.", encoding="utf-8")
    code, out, _ = cafesach(capsys, *station[:2], "add", str(extra))
    assert code == 0 and "(added)" in out


def test_reading_a_station_that_is_there_warns_of_nothing(
        capsys, station: list[str]) -> None:
    code, _, err = cafesach(capsys, *station[:2], "list")
    assert code == 0 and err == "1 item\n"


def test_importing_a_folder_of_documents_says_how_documents_go_in(
        capsys, tmp_path: Path) -> None:
    """`import` takes packs and repositories; a folder of PDFs and bulletins is for `add`
    (or, at the province, `publish`), and the refusal says so."""
    folder = tmp_path / "tai-lieu"
    folder.mkdir()
    (folder / "ban-tin.txt").write_text("Bản tin\nLịch họp.", encoding="utf-8")
    code, _, err = cafesach(capsys, "--data", str(tmp_path / "data"), "import", str(folder))
    line = one_error_line(err)
    assert code == 1 and "not a repository folder" in line
    assert "`cafesach add FILE…`" in line and "`cafesach publish`" in line
    empty = tmp_path / "trong"
    empty.mkdir()
    _, _, err = cafesach(capsys, "--data", str(tmp_path / "data"), "import", str(empty))
    assert one_error_line(err).endswith("not a repository folder (no index.json)")


def test_a_list_of_stations_that_is_not_there_exits_1_not_2(
        capsys, tmp_path: Path, station: list[str]) -> None:
    stick = tmp_path / "usb1"
    stick.mkdir()
    assert cafesach(capsys, *station[:2], "report", "write", str(stick))[0] == 0
    code, _, err = cafesach(capsys, "report", "collect", str(stick), "-o",
                            str(tmp_path / "tinh.csv"), "--trusted", str(tmp_path / "tram.txt"))
    assert code == 1
    assert one_error_line(err) == (f"cafesach: error: cannot read {tmp_path / 'tram.txt'}: "
                                   "No such file or directory")
    assert not (tmp_path / "tinh.csv").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_writing_into_the_station_users_folder_is_refused(
        capsys, tmp_path: Path, station: list[str]) -> None:
    """`sudo cafesach add …` for `sudo -u cafesach cafesach add …`: what root writes in
    objects/ would be root's, and the kiosk could never replace or remove it."""
    data = Path(station[1])
    nobody = pwd.getpwnam("nobody")
    for path in (data, *data.rglob("*")):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    note = tmp_path / "tin-moi.txt"
    note.write_text("Bản tin mới\n\nHọp tổ dân phố.", encoding="utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    for args in (["add", str(note)], ["pin", "set"], ["report", "write", str(usb)],
                 ["speak", "--text", "Xin chào.", "-o", str(usb / "tin.wav")]):
        # (the PIN is never asked for: the refusal comes first)
        code, _, err = cafesach(capsys, *station[:2], *args)
        assert code == 1, args
        assert one_error_line(err).endswith(
            "it belongs to nobody, this is root (run as its owner: sudo -u nobody cafesach …)")
    assert [p for p in data.rglob("*") if p.stat().st_uid == 0] == []
    assert list(usb.iterdir()) == []
    code, out, _ = cafesach(capsys, *station[:2], "list")  # reading is no harm
    assert code == 0 and station[2] in out


@pytest.mark.parametrize("args", [[], ["pin"], ["report"]])
def test_a_command_group_alone_shows_its_help(capsys, args: list[str]) -> None:
    """Not a mistake in one line: the list of what can follow, as `--help` gives it."""
    _, out, err = cafesach(capsys, *args)
    shown = out + err
    assert shown.startswith(f"Usage: {' '.join(['cafesach', *args])} [OPTIONS] COMMAND")
    assert "Commands:" in shown and "cafesach: error" not in shown


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0
                    or not Path("/usr/bin/setpriv").exists(),
                    reason="needs root to act as another user")
@pytest.mark.parametrize("mode", [0o755, 0o700], ids=["readable", "private"])
def test_a_new_data_folder_of_another_user_names_its_owner(tmp_path: Path, mode: int) -> None:
    """A technician's own login on a station folder not set up yet: whose it is, and the
    command to run instead (as `selftest`'s data-dir check says it) — also when the folder
    cannot even be looked into, where the look for documents in it got "Permission denied:
    …/catalog.db" and no owner."""
    base = Path(tempfile.mkdtemp(prefix="cafesach-owner-", dir="/tmp"))  # reachable by all
    try:
        base.chmod(0o755)
        data = base / "data"
        data.mkdir()
        data.chmod(mode)
        os.chown(data, 1, 1)  # daemon's, as /var/lib/cafesach is the station user's
        note = base / "tin.txt"
        note.write_text("Tin chợ phiên\n\nGiá rau.", encoding="utf-8")
        done = subprocess.run(
            ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
             sys.executable, "-m", "kiosk", "--data", str(data), "add", str(note)],
            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
            env=dict(os.environ, HOME=str(base)), timeout=60, check=False)
        owner = pwd.getpwuid(1).pw_name
    finally:
        shutil.rmtree(base)
    assert done.returncode == 1
    assert one_error_line(done.stderr).endswith(
        f"; it belongs to {owner}, this is nobody (run as its owner: sudo -u {owner} "
        "cafesach …)")
