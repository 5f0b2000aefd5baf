"""`publish` with bad input: one clear line, and the repository folder left as it was."""

from __future__ import annotations

import errno
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from library.errors import InvalidInput, StorageError
from library.repository import index as idx
from library.repository import publish as publish_module
from library.repository.keys import PrivateKey, generate_keypair
from library.repository.publish import parse_duration, publish
from tests.clirun import cafesach

from .helpers import index_of


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, to compare before/after."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = path.read_bytes() if path.is_file() else None
    return found


def source(root: Path, name: str = "src", **texts: str) -> Path:
    """A documents folder with the given `.txt` bulletins (default: one)."""
    src = root / name
    src.mkdir()
    for stem, text in (texts or {"a": "Tin A\nmột"}).items():
        (src / f"{stem}.txt").write_text(text, encoding="utf-8")
    return src


@pytest.fixture
def keyfile(tmp_path: Path) -> Path:
    return generate_keypair(tmp_path / "keys")[0]


def run_publish(capsys, src: Path, out: Path, keyfile: Path, *extra: str
                ) -> tuple[int, str, str]:
    return cafesach(capsys, "publish", str(src), "--out", str(out), "--key", str(keyfile),
                    "--json", *extra)


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code == 1
    assert err.startswith("cafesach: error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


# -- 1. an index with no items ----------------------------------------------------------
def test_an_empty_folder_is_refused_over_an_existing_repository(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    out = tmp_path / "repo"
    publish(source(tmp_path), out, key, repository="vn.a")
    before = tree(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"not a format we take")
    with pytest.raises(InvalidInput, match=r"nothing to publish.*notes\.docx.*--allow-empty"):
        publish(empty, out, key)
    assert tree(out) == before
    result = publish(empty, out, key, allow_empty=True)
    assert (result.items, index_of(out).version, index_of(out).items) == (0, 2, [])


def test_documents_that_all_fail_to_read_are_an_empty_index_too(tmp_path: Path) -> None:
    src = source(tmp_path, a="")  # an empty text file cannot be read as a bulletin
    with pytest.raises(InvalidInput, match=r"nothing to publish.*a\.txt.*empty") as caught:
        publish(src, tmp_path / "new" / "repo", PrivateKey.generate(), repository="vn.a")
    assert str(caught.value).count("a.txt") == 1  # the skipped line names the file once
    assert "(1 file skipped, first a.txt" in str(caught.value)
    assert not (tmp_path / "new").exists()


def test_allow_empty_is_a_command_option(capsys, tmp_path: Path, keyfile: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run_publish(capsys, empty, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, "nothing to publish")
    assert not (tmp_path / "repo").exists()
    code, out, _err = run_publish(capsys, empty, tmp_path / "repo", keyfile, "--id", "vn.a",
                                  "--allow-empty")
    assert code == 0 and json.loads(out)["items"] == 0


# -- 2. where the repository cannot be written -------------------------------------------
def test_output_that_cannot_be_a_folder_is_one_line(capsys, tmp_path: Path,
                                                    keyfile: Path) -> None:
    src = source(tmp_path)
    a_file = tmp_path / "afile.txt"
    a_file.write_text("keep me")
    code, _out, err = run_publish(capsys, src, a_file, keyfile, "--id", "vn.a")
    assert_one_line(code, err, f"cannot write {a_file}", "not a folder")
    assert a_file.read_text() == "keep me"
    code, _out, err = run_publish(capsys, src, a_file / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, f"cannot write {a_file / 'repo'}")


def test_a_secret_key_inside_the_repository_folder_is_refused(
        capsys, tmp_path: Path, keyfile: Path) -> None:
    """`--out` typed as the keys' folder: the web server would serve publisher.key to
    anyone, who could then sign what every station takes."""
    src = source(tmp_path)
    keys = keyfile.parent
    before = tree(keys)
    code, out, err = run_publish(capsys, src, keys, keyfile, "--id", "vn.a")
    assert out == ""
    assert_one_line(code, err, f"--key {keyfile}: the secret key is inside the repository "
                    f"folder {keys}", "nothing was published")
    assert tree(keys) == before
    repo = tmp_path / "kho"
    assert run_publish(capsys, src, repo, keyfile, "--id", "vn.a")[0] == 0
    (repo / "cu.key").symlink_to(keyfile)  # a link to it in the repository is served too
    code, _out, err = run_publish(capsys, src, repo, keyfile, "--id", "vn.a",
                                  "--rotate-from", str(repo / "cu.key"))
    assert_one_line(code, err, "--rotate-from", "the secret key is inside the repository")
    # a link outside to a key that lies in the repository: the key itself is served
    (repo / "khoa.key").write_bytes(keyfile.read_bytes())
    (tmp_path / "khoa.key").symlink_to(repo / "khoa.key")
    code, _out, err = run_publish(capsys, src, repo, tmp_path / "khoa.key", "--id", "vn.a")
    assert_one_line(code, err, f"--key {tmp_path / 'khoa.key'}: the secret key is inside "
                    "the repository")


# -- 3. catalog.toml and option values ----------------------------------------------------
@pytest.mark.parametrize(("catalog", "words"), [
    ('[files."a.txt"]\ntags = 7\n', ['catalog.toml [files."a.txt"]', "tags", "number 7"]),
    ('repository = "x"\n', ["catalog.toml", "repository must be a table"]),
    ('files = "x"\n', ["catalog.toml", "files must be tables"]),
    ('[files."a.txt"]\nfeatured = "yes"\n', ['[files."a.txt"]', "featured must be true or "
                                             "false"]),
    ('[files."a.txt"]\nfeatured = "false"\n', ["featured must be true or false"]),
    ('[files]\n"a.txt" = "oops"\n', ['catalog.toml [files."a.txt"] must be a table']),
    ('[files."a.txt"]\ntitle = 5\n', ['catalog.toml [files."a.txt"]: title must be text']),
    ('[files."a.txt"]\nid = "Bad Id"\n', ['[files."a.txt"]: id \'Bad Id\' is not valid']),
    ('[repositry]\nid = "vn.a"\n', ["catalog.toml: unknown key repositry ("]),
    ('[repositry]\n[extension]\n', ["catalog.toml: unknown keys extension, repositry ("]),
    ('[repository]\nid = "vn.a"\nname = "A"\n',
     ["catalog.toml: [repository]: unknown key name ("]),
    ('[repository]\nid = 5\n', ["catalog.toml: [repository] id must be text"]),
    ("[extensions]\nstart = 2026-01-01\n", ["catalog.toml: extensions.start", "in quotes"]),
    ("[extensions]\nratio = nan\n", ["catalog.toml: extensions.ratio"]),
])
def test_a_catalog_mistake_is_named_in_one_line(capsys, tmp_path: Path, keyfile: Path,
                                                catalog: str, words: list[str]) -> None:
    src = source(tmp_path)
    (src / "catalog.toml").write_text(catalog, encoding="utf-8")
    code, _out, err = run_publish(capsys, src, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, *words)
    assert not (tmp_path / "repo").exists()


def test_a_sidecar_mistake_names_the_sidecar(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "sub").mkdir()
    (src / "sub" / "b.txt").write_text("Tin B\nhai")
    (src / "sub" / "b.txt.toml").write_text("summary = 5\n")
    with pytest.raises(InvalidInput, match=r"^sub/b\.txt\.toml: summary must be text"):
        publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")


def test_real_booleans_and_dates_are_taken(tmp_path: Path) -> None:
    src = source(tmp_path, a="Tin A\nmột", b="Tin B\nhai")
    (src / "catalog.toml").write_text(
        '[files."a.txt"]\nfeatured = false\npublished = 2026-11-26\n'
        '[files."b.txt"]\nfeatured = true\ntags = "nông nghiệp, văn hóa"\n', encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    items = {i.id: i.data for i in index_of(tmp_path / "repo").items}
    assert (items["a"]["featured"], items["a"]["published"]) == (False, "2026-11-26")
    assert (items["b"]["featured"], items["b"]["tags"]) == (True, ["nông nghiệp", "văn hóa"])


@pytest.mark.parametrize(("value", "words"), [
    ("99999999999d", ["--expires", "too long"]),
    ("3000000d", ["--expires", "too long"]),
    ("0h", ["--expires", "no time at all"]),
    ("0d", ["--expires", "no time at all"]),
    ("soon", ["--expires", "not a duration"]),
])
def test_a_bad_expiry_is_named_in_one_line(capsys, tmp_path: Path, keyfile: Path,
                                           value: str, words: list[str]) -> None:
    code, _out, err = run_publish(capsys, source(tmp_path), tmp_path / "repo", keyfile,
                                  "--id", "vn.a", "--expires", value)
    assert_one_line(code, err, *words)
    assert not (tmp_path / "repo").exists()


def test_durations_are_positive_and_bounded() -> None:
    assert parse_duration("3650d") == publish_module.MAX_EXPIRY
    assert parse_duration("1h").total_seconds() == 3600
    for text in ("0w", "3651d", "522w"):
        with pytest.raises(InvalidInput):
            parse_duration(text)


# -- 5. names written decomposed (macOS) ----------------------------------------------------
def test_decomposed_file_names_keep_their_metadata(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    name = "Sách chuyển đổi số.txt"
    (src / unicodedata.normalize("NFD", name)).write_text("Tin\nx", encoding="utf-8")
    (src / unicodedata.normalize("NFD", "Sổ tay.txt")).write_text("Tin\ny", encoding="utf-8")
    (src / "catalog.toml").write_text(
        f'[files."{name}"]\ntitle = "Sách hay"\nfeatured = true\n'
        f'[files."{unicodedata.normalize("NFD", "Sổ tay.txt")}"]\ntags = ["sổ tay"]\n',
        encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    items = {i.id: i.data for i in index_of(tmp_path / "repo").items}
    assert items["sach-chuyen-doi-so"]["title"] == "Sách hay"
    assert items["sach-chuyen-doi-so"]["featured"] is True
    assert items["sach-chuyen-doi-so"]["filename"] == name
    assert items["so-tay"]["tags"] == ["sổ tay"]


# -- 6. an entry that names no file ---------------------------------------------------------
def test_an_entry_for_a_missing_file_stops_and_suggests_the_closest(tmp_path: Path) -> None:
    src = source(tmp_path, **{"so-tay-dang-vien": "Sổ tay\nx"})
    (src / "catalog.toml").write_text('[files."so-tay-dang-vien.pdf"]\nkind = "handbook"\n')
    with pytest.raises(InvalidInput, match=r'\[files\."so-tay-dang-vien\.pdf"\] names no file'
                                           r'.*did you mean "so-tay-dang-vien\.txt"'):
        publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    (src / "catalog.toml").write_text('[files."zzz/khac.mp4"]\nkind = "video"\n')
    with pytest.raises(InvalidInput, match=r"names no file in \S+$"):
        publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    assert not (tmp_path / "repo").exists()


def test_an_entry_may_name_a_file_in_a_subfolder_by_path_or_by_name(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "tin").mkdir()
    (src / "tin" / "b.txt").write_text("Tin B\nhai")
    (src / "catalog.toml").write_text('[files."tin/b.txt"]\ntitle = "Bê"\n'
                                      '[files."a.txt"]\ntitle = "A"\n', encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    titles = {i.id: i.data["title"] for i in index_of(tmp_path / "repo").items}
    assert titles == {"a": "A", "b": "Bê"}


# -- 7. a failed publish leaves nothing behind -------------------------------------------------
@pytest.mark.parametrize("extra", [("--revoke", "nothex"), ("--id", "Bad ID!")])
def test_bad_options_are_refused_before_the_folder_is_made(capsys, tmp_path: Path,
                                                           keyfile: Path,
                                                           extra: tuple[str, str]) -> None:
    args = extra if extra[0] == "--id" else ("--id", "vn.a", *extra)
    code, _out, err = run_publish(capsys, source(tmp_path), tmp_path / "new" / "repo", keyfile,
                                  *args)
    assert_one_line(code, err, extra[1])
    assert not (tmp_path / "new").exists()


def fail_on(monkeypatch, name: str) -> None:
    """Make writing the repository file called `name` fail as a full disk would."""
    real = publish_module.write_atomic

    def write(path: Path, data: bytes, **options: bool) -> None:
        if path.name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data, **options)

    monkeypatch.setattr(publish_module, "write_atomic", write)


def test_a_write_failure_in_a_new_folder_removes_all_of_it(tmp_path: Path, monkeypatch) -> None:
    fail_on(monkeypatch, "index.json")
    out = tmp_path / "www" / "repo"
    with pytest.raises(StorageError, match=re.escape(f"cannot write {out}: No space left")):
        publish(source(tmp_path), out, PrivateKey.generate(), repository="vn.a")
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("failing", ["index.json", "index.xml"])
def test_a_failed_republish_leaves_the_repository_exactly_as_it_was(
        tmp_path: Path, monkeypatch, failing: str) -> None:
    key = PrivateKey.generate()
    src, out = source(tmp_path), tmp_path / "repo"
    publish(src, out, key, repository="vn.a")
    os.chmod(out, 0o700)
    before = tree(out)
    (src / "b.txt").write_text("Tin B\nmới", encoding="utf-8")
    (src / "catalog.toml").write_text('[files."b.txt"]\ntags = ["mới"]\n', encoding="utf-8")
    fail_on(monkeypatch, failing)
    with pytest.raises(StorageError, match="cannot write"):
        publish(src, out, key)
    assert tree(out) == before
    assert out.stat().st_mode & 0o777 == 0o700
    monkeypatch.undo()
    publish(src, out, key)
    assert {i.id for i in index_of(out).items} == {"a", "b"}
    assert (out / "opds" / "tag-moi-1.xml").is_file()


def test_a_failure_while_storing_removes_only_this_runs_objects(tmp_path: Path,
                                                                monkeypatch) -> None:
    from library.objects import ObjectStore

    key = PrivateKey.generate()
    src, out = source(tmp_path), tmp_path / "repo"
    publish(src, out, key, repository="vn.a")
    before = tree(out)
    (src / "b.txt").write_text("Tin B\nhai", encoding="utf-8")
    (src / "c.txt").write_text("Tin C\nba", encoding="utf-8")
    real = ObjectStore.add_file

    def add_file(self: ObjectStore, path: Path) -> tuple[str, int]:
        if path.name == "c.txt":
            raise StorageError(f"cannot store {path.name}: No space left on device")
        return real(self, path)

    monkeypatch.setattr(ObjectStore, "add_file", add_file)
    with pytest.raises(StorageError, match=r"cannot store c\.txt"):
        publish(src, out, key)
    assert tree(out) == before


# -- 8. a repository inside the documents folder ------------------------------------------------
def test_a_repository_inside_the_source_is_not_published_as_documents(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    src = source(tmp_path)
    out = src / "kho"
    publish(src, out, key, repository="vn.a")
    result = publish(src, out, key)
    assert result.skipped == [] and result.new_objects == 0
    assert [i.id for i in index_of(out).items] == ["a"]
    with pytest.raises(InvalidInput, match="cannot be the documents folder"):
        publish(src, src, key, repository="vn.a")
    assert not (src / "index.json").exists()


def test_a_sidecar_whose_document_is_missing_stops_the_command(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "a.txt.toml").write_text('title = "Tin A"\n', encoding="utf-8")
    (src / "Sach moi.pdf.toml").write_text('title = "Sách mới"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"Sach moi\.pdf\.toml: no document 'Sach moi\.pdf'"):
        publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    assert not (tmp_path / "repo").exists()
    (src / "Sach moi.pdf.toml").unlink()
    result = publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    assert result.skipped == []


def test_a_second_publish_into_the_same_repository_at_once_is_refused(capsys, tmp_path: Path,
                                                                      keyfile: Path) -> None:
    import fcntl

    src = source(tmp_path, a="Tin A\nmột", b="Tin B\nhai")
    out = tmp_path / "repo"
    assert run_publish(capsys, src, out, keyfile, "--id", "vn.test")[0] == 0
    before = tree(out)
    fd = os.open(out, os.O_RDONLY)  # the first run, still writing
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        (src / "c.txt").write_text("Tin C\nba", encoding="utf-8")
        code, _out, err = run_publish(capsys, src, out, keyfile)
        assert_one_line(code, err, "another publish is writing into")
        assert tree(out) == before  # no version 2 signed twice
    finally:
        os.close(fd)
    code, out_json, _err = run_publish(capsys, src, out, keyfile)
    assert code == 0 and json.loads(out_json)["version"] == 2


@pytest.mark.parametrize(("written", "stored"), [
    ('"2026-11-26"', "2026-11-26"), ('"26/11/2026"', "2026-11-26"), ('"5/1/2026"', "2026-01-05"),
    ('"2026-11"', "2026-11"), ("2026", "2026"), ("2026-11-26T07:30:00", "2026-11-26T07:30:00"),
])
def test_published_dates_are_stored_as_stations_sort_them(tmp_path: Path, written: str,
                                                          stored: str) -> None:
    src = source(tmp_path)
    (src / "catalog.toml").write_text(f'[files."a.txt"]\npublished = {written}\n',
                                      encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    assert index_of(tmp_path / "repo").items[0].data["published"] == stored


@pytest.mark.parametrize(("line", "words"), [
    ('published = "hôm qua"', ["published 'hôm qua' is not a date"]),
    ('published = "2026-13-01"', ["is not a date"]),
    ('published = "31/02/2026"', ["is not a date"]),
    ('public_url = "javascript:alert(1)"', ["public_url must be a web address"]),
    ('public_url = "www.sovhttdl.gov.vn/sach"', ["public_url must be a web address"]),
    ('public_url = "https://"', ["public_url must be a web address"]),
])
def test_a_date_or_address_stations_cannot_use_is_refused(capsys, tmp_path: Path,
                                                          keyfile: Path, line: str,
                                                          words: list[str]) -> None:
    src = source(tmp_path)
    (src / "a.txt.toml").write_text(line + "\n", encoding="utf-8")
    code, _out, err = run_publish(capsys, src, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, "a.txt.toml", *words)
    assert not (tmp_path / "repo").exists()


def test_an_id_the_editor_gave_is_kept_and_never_given_twice(capsys, tmp_path: Path,
                                                             keyfile: Path) -> None:
    src = source(tmp_path, **{"so-tay": "Sổ tay\nmột", "ghi-chu": "Ghi chú\nhai"})
    (src / "catalog.toml").write_text('[files."ghi-chu.txt"]\nid = "so-tay"\n',
                                      encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    ids = {i.data["filename"]: i.id for i in index_of(tmp_path / "repo").items}
    assert ids["ghi-chu.txt"] == "so-tay" and ids["so-tay.txt"].startswith("so-tay-")
    (src / "catalog.toml").write_text('[files."ghi-chu.txt"]\nid = "mot"\n'
                                      '[files."so-tay.txt"]\nid = "mot"\n', encoding="utf-8")
    code, _out, err = run_publish(capsys, src, tmp_path / "repo2", keyfile, "--id", "vn.a")
    assert_one_line(code, err, "id 'mot' is given to both", "ghi-chu.txt", "so-tay.txt")


def test_a_document_whose_id_is_taken_is_renamed_with_a_warning_naming_both_files(
        capsys, tmp_path: Path, keyfile: Path) -> None:
    src = source(tmp_path, **{"ban-tin-1": "Bản tin 1\nmột", "khac": "Khác\nhai"})
    (src / "khac.txt.toml").write_text('id = "ban-tin-1"\n', encoding="utf-8")
    result = publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    ids = {i.data["filename"]: i.id for i in index_of(tmp_path / "repo").items}
    assert ids["khac.txt"] == "ban-tin-1" and ids["ban-tin-1.txt"].startswith("ban-tin-1-")
    [warning] = result.warnings
    assert warning.startswith(f"ban-tin-1.txt: published as {ids['ban-tin-1.txt']}, not "
                              "ban-tin-1: khac.txt is given that id in its metadata")
    (src / "ghi-chu.xyz").write_text("?", encoding="utf-8")
    code, _out, err = cafesach(capsys, "publish", str(src), "--out", str(tmp_path / "r2"),
                               "--key", str(keyfile), "--id", "vn.a")
    assert code == 0
    assert f"cafesach: warning: {warning}\n" in err
    assert "cafesach: warning: skipped ghi-chu.xyz: not a supported format\n" in err
    (src / "ghi-chu.xyz").unlink()
    # two documents whose names make one id: the second is renamed, and said so too
    (src / "khac.txt.toml").unlink()
    (src / "sub").mkdir()
    (src / "sub" / "khac.txt").write_text("Khác nữa\nba", encoding="utf-8")
    result = publish(src, tmp_path / "repo3", PrivateKey.generate(), repository="vn.a")
    [warning] = result.warnings
    assert warning.startswith("sub/khac.txt: published as khac-") and \
        ": khac.txt has that id already" in warning


def test_control_characters_never_reach_stations_or_break_the_feeds(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    src = source(tmp_path, a="Tin\r\nnội\x07 dung\n")
    (src / "a.txt.toml").write_text(
        'title = "Bản tin\\u0001 đặc\\u000b biệt 🌾"\ntags = ["x\\u000by", "\\u0000"]\n'
        'authors = "Sở\\u0008 VHTTDL"\nsummary = "Dòng 1\\r\\nDòng 2\\u001f"\n', encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    data = index_of(tmp_path / "repo").items[0].data
    assert data["title"] == "Bản tin đặc biệt 🌾"
    assert (data["tags"], data["authors"]) == (["x y"], ["Sở VHTTDL"])
    assert data["summary"] == "Dòng 1\nDòng 2" and data["body"] == "Tin\nnội dung\n"
    for feed in (tmp_path / "repo" / "opds").glob("*.xml"):
        ET.parse(feed)  # every feed is well-formed XML


def test_format_characters_never_reach_stations_in_titles(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "catalog.toml").write_text(
        '[repository]\ntitle = "Thư viện\\u202e tỉnh\\u2028"\n'
        '[files."a.txt"]\ntitle = "Tin\\u202efdp.exe\\u200b"\n'
        'authors = ["Sở\\u2066 VH\\u2069"]\ntags = ["\\u200b", "cờ 🏳\\ufe0f\\u200d🌈"]\n',
        encoding="utf-8")
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    index = index_of(tmp_path / "repo")
    assert index.title == "Thư viện tỉnh"
    data = index.items[0].data
    assert data["title"] == "Tin fdp.exe" and data["authors"] == ["Sở VH"]
    assert data["tags"] == ["cờ 🏳\ufe0f\u200d🌈"]  # the joined flag stays one flag


def test_what_a_killed_publish_left_is_cleared_by_the_next(tmp_path: Path) -> None:
    src = source(tmp_path)
    out = tmp_path / "repo"
    key = PrivateKey.generate()
    publish(src, out, key, repository="vn.a")
    # kill -9 half-way through a video and its feeds
    (out / "objects" / ".incoming-k9x2").write_bytes(b"\0" * 4096)
    (out / ".publish-k9x2" / "opds").mkdir(parents=True)
    publish(src, out, key)
    assert not list((out / "objects").glob(".incoming-*"))
    assert not [p for p in out.glob(".publish-*") if p.is_dir()]
    assert (out / ".publish-cache.json").is_file()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_catalog_saved_by_windows_notepad_is_read(tmp_path: Path, encoding: str) -> None:
    src = source(tmp_path)
    (src / "catalog.toml").write_text('[files."a.txt"]\ntitle = "Bản tin sáng"\n',
                                      encoding=encoding)
    publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.a")
    assert index_of(tmp_path / "repo").items[0].data["title"] == "Bản tin sáng"


def test_a_sidecar_in_a_legacy_encoding_is_named_as_such(capsys, tmp_path: Path,
                                                         keyfile: Path) -> None:
    src = source(tmp_path)
    (src / "a.txt.toml").write_text('title = "Bàn tin"\n', encoding="cp1258")
    code, _out, err = run_publish(capsys, src, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, "a.txt.toml: not saved as UTF-8")


def test_a_dangling_link_and_a_pipe_are_named_as_skipped(tmp_path: Path) -> None:
    """Left out with a word, not in silence: the editor would look for them on stations."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin\nNội dung.")
    (src / "sach.pdf").symlink_to(tmp_path / "da-xoa.pdf")
    os.mkfifo(src / "ong.txt")
    result = publish(src, tmp_path / "repo", PrivateKey.generate(), repository="vn.test")
    assert result.items == 1
    assert "sach.pdf: a link to a file that is not there" in result.skipped
    assert "ong.txt: not a regular file" in result.skipped


# -- the limits of one index ---------------------------------------------------------
def _realistic(kind: str, number: int) -> dict:
    """An index entry as a province writes it: long Vietnamese title and summary, tags."""
    words = ("chuyển đổi số nông nghiệp đảng viên hướng dẫn kỹ thuật trồng lúa nước "
             "nuôi cá lồng văn hóa lịch sử địa phương Lâm Đồng").split()
    text = " ".join(words[(number + i) % len(words)] for i in range(200))

    def ref(size: int) -> dict:
        return {"sha256": f"{number:064x}", "size": size,
                **({"chunks": [f"{number:064x}"] * -(-size // idx.CHUNK_SIZE)}
                   if size > idx.CHUNK_SIZE else {})}

    size = {"book": 20 << 20, "bulletin": 4096, "video": 200 << 20}[kind]
    return {"id": f"{kind}-{number:06d}-thu-vien", "title": text[:130], "kind": kind,
            "authors": ["Sở Văn hóa, Thể thao và Du lịch"], "publisher": "Sở VHTTDL Lâm Đồng",
            "language": "vi", "tags": ["nông nghiệp", "chuyển đổi số", "văn hóa"],
            "summary": text[:450], "published": "2025-09-02", "public_url": None,
            "body": (text * 2)[:2500] if kind == "bulletin" else None, "featured": False,
            "scanned": False, "page_count": 120 if kind == "book" else 0,
            "media_type": "application/pdf", "filename": text[:60] + ".pdf",
            "duration_s": None, "object": ref(size), "cover": ref(50_000),
            "text": ref(300_000)}


def test_the_item_limit_fits_in_the_byte_limit_for_realistic_items() -> None:
    """A province may publish as many items as a station takes, and its index is read."""
    mix = [_realistic("book", n) for n in range(8)] + [_realistic("bulletin", 8),
                                                        _realistic("video", 9)]
    signed = {"format": 1, "repository": "vn.a", "version": 1, "created": "2026-01-01T00:00:00Z",
              "expires": "2026-02-01T00:00:00Z", "items": mix}
    key = PrivateKey.generate()
    per_item = (len(idx.sign(signed, key)) - len(idx.sign({**signed, "items": []}, key))) \
        / len(mix)
    assert per_item > 1500  # the sample is as long as real entries are
    assert idx.MAX_ITEMS * per_item * 1.1 <= idx.MAX_INDEX_BYTES  # with a tenth to spare


def test_publish_refuses_more_documents_than_a_station_takes_before_reading_them(
        capsys, monkeypatch, tmp_path: Path, keyfile: Path) -> None:
    def never(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(idx, "MAX_ITEMS", 2)
    monkeypatch.setattr(publish_module, "extract", never)
    src = source(tmp_path, a="A\nmột", b="B\nhai", c="C\nba")
    code, _out, err = run_publish(capsys, src, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert_one_line(code, err, "holds 3 documents", "at most 80 MB and 2 items",
                    "several repositories", "nothing was written")
    assert not (tmp_path / "repo").exists()


def test_publish_refuses_an_index_larger_than_a_station_reads(capsys, monkeypatch,
                                                              tmp_path: Path,
                                                              keyfile: Path) -> None:
    src = source(tmp_path, a="A\nmột", b="B\nhai")
    code, _out, _err = run_publish(capsys, src, tmp_path / "repo", keyfile, "--id", "vn.a")
    assert code == 0
    before = tree(tmp_path / "repo")
    (src / "c.txt").write_text("C\n" + "ba " * 2000, encoding="utf-8")
    monkeypatch.setattr(idx, "MAX_INDEX_BYTES", len((tmp_path / "repo" / "index.json")
                                                    .read_bytes()) + 2000)
    code, _out, err = run_publish(capsys, src, tmp_path / "repo", keyfile)
    assert_one_line(code, err, "the index would be ", "with 3 items", "stations take at most ",
                    "nothing was written")
    assert tree(tmp_path / "repo") == before
