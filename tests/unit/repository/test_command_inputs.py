"""Bad names, bad addresses and bad keys given to keygen, trust, pack, import and sync.

Each one must end in one plain line and exit status 1, and must leave every
file that was there before exactly as it was.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from library.errors import InvalidInput, NotFound, PackError, StorageError, SyncError
from library.repository import index as idx
from library.repository import keys as keys_module
from library.repository.fetch import Fetcher, FetchSettings, check_url
from library.repository.importer import import_from
from library.repository.keys import PrivateKey, generate_keypair, load_private, load_public
from library.repository.pack import make_pack, select
from library.repository.publish import publish
from library.repository.trust import TrustStore
from tests.clirun import cafesach

from .faulty_server import FaultyServer
from .helpers import new_station, read_only_mount

QUICK = FetchSettings(retries=2, backoff_s=0.01, stall_timeout_s=0.3, stall_bytes=1024,
                      timeout_s=5)


def one_line_error(err: str, words: str) -> None:
    """stderr holds one `cafesach: error:` line naming `words`, at its end; no traceback.

    (A progress bar may have drawn itself before, with carriage returns.)
    """
    assert "Traceback" not in err, err
    errors = [line for line in err.replace("\r", "\n").splitlines() if "cafesach: error:" in line]
    assert len(errors) == 1 and words in errors[0], err
    assert err.endswith(errors[0].split("cafesach: error:")[-1] + "\n"), err


@pytest.fixture
def editor(tmp_path: Path) -> Path:
    """A key pair and a published repository of two items, one tagged `nông nghiệp`."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "lua.txt").write_text("Giá lúa\nHôm nay giá lúa tăng.")
    (src / "lua.txt.toml").write_text('kind = "bulletin"\ntags = ["nông nghiệp"]\n')
    (src / "phim.txt").write_text("Lịch chiếu phim\nTối thứ bảy.")
    (src / "phim.txt.toml").write_text('kind = "bulletin"\ntags = ["văn hóa"]\n')
    generate_keypair(tmp_path / "keys")
    publish(src, tmp_path / "repo", load_private(tmp_path / "keys" / "publisher.key"),
            repository="vn.test")
    return tmp_path


# -- 1. pack never overwrites by surprise -------------------------------------
def test_pack_refuses_an_existing_file_unless_forced(capsys, editor: Path) -> None:
    secret = editor / "keys" / "publisher.key"
    before = secret.read_bytes()
    code, _out, err = cafesach(capsys, "pack", str(editor / "repo"), "--out", str(secret))
    assert code == 1
    one_line_error(err, "already exists; give --force")
    assert secret.read_bytes() == before
    assert load_private(secret)  # still the secret key

    other = editor / "old.zip"
    other.write_bytes(b"an older pack")
    code, out, _err = cafesach(capsys, "pack", str(editor / "repo"), "--out", str(other),
                               "--force", "--json")
    assert code == 0 and json.loads(out)["full"]
    with zipfile.ZipFile(other) as zf:
        assert idx.INDEX_NAME in zf.namelist()


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("inside", ["index.json", "objects/x.zip", "../repo/p.zip"])
def test_pack_never_writes_into_the_repository_it_packs(capsys, editor: Path, inside: str,
                                                        force: list[str]) -> None:
    repo = editor / "repo"
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    code, _out, err = cafesach(capsys, "pack", str(repo), "--out", str(repo / inside), *force)
    assert code == 1
    one_line_error(err, "inside the repository")
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before


# -- 2. output paths that cannot be written ------------------------------------
def test_keygen_into_a_file_or_an_impossible_place_is_one_line(capsys, editor: Path) -> None:
    afile = editor / "src" / "lua.txt.toml"
    before = afile.read_bytes()
    code, _out, err = cafesach(capsys, "keygen", "--out", str(afile))
    assert code == 1
    one_line_error(err, "cannot write")
    assert afile.read_bytes() == before
    if Path("/proc/self").is_dir():  # no one, not even root, can make a folder in /proc
        code, _out, err = cafesach(capsys, "keygen", "--out", "/proc/cafesach-keys")
        assert code == 1
        one_line_error(err, "cannot write")


def test_pack_names_a_small_pack_size_in_kb_not_zero_mb(capsys, editor: Path) -> None:
    code, out, _err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                               str(editor / "small.zip"))
    size = (editor / "small.zip").stat().st_size
    assert code == 0 and size < 1024 * 1024
    # not "full, 0 MB"; an English line, so an English size ("3.4 KB", not "3,4 KB")
    assert re.search(r"\(full, \d+(\.\d)? (bytes?|KB)\) → ", out), out


def test_pack_refuses_an_object_damaged_in_the_repository(capsys, editor: Path) -> None:
    """Same size, other bytes (a bad disk, a half-done copy): no stick every station refuses."""
    repo = editor / "repo"
    ref = next(iter(idx.parse((repo / idx.INDEX_NAME).read_bytes()).objects().values()))
    damaged = repo / ref.path
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    code, _out, err = cafesach(capsys, "pack", str(repo), "--out", str(editor / "bad.zip"))
    assert code == 1
    one_line_error(err, f"object {ref.sha256[:12]} is damaged")
    assert not (editor / "bad.zip").exists()
    assert [p.name for p in editor.iterdir() if "bad" in p.name] == []


def test_pack_below_a_file_or_an_impossible_place_is_one_line(capsys, editor: Path) -> None:
    (editor / "afile.txt").write_text("x")
    code, _out, err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                               str(editor / "afile.txt" / "x.zip"))
    assert code == 1
    one_line_error(err, "cannot write")
    if Path("/proc/self").is_dir():
        code, _out, err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                                   "/proc/cafesach-usb/x.zip")
        assert code == 1
        one_line_error(err, "/proc/cafesach-usb: no such folder")


# -- 3. keygen --force: the old pair or the new pair, never half of each ---------
def test_keygen_force_checks_both_targets_before_writing(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "k"
    generate_keypair(folder)
    old_secret = (folder / "publisher.key").read_bytes()
    (folder / "publisher.pub").unlink()
    (folder / "publisher.pub").mkdir()
    code, _out, err = cafesach(capsys, "keygen", "--out", str(folder), "--force")
    assert code == 1
    one_line_error(err, "publisher.pub")
    assert (folder / "publisher.key").read_bytes() == old_secret
    assert sorted(p.name for p in folder.iterdir()) == ["publisher.key", "publisher.pub"]


def test_keygen_force_failing_half_way_keeps_the_old_pair(tmp_path: Path,
                                                          monkeypatch) -> None:
    folder = tmp_path / "k"
    _priv, _pub, old = generate_keypair(folder)
    real_replace = keys_module.os.replace
    calls: list[str] = []

    def failing_second(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(keys_module.os, "replace", failing_second)
    with pytest.raises(StorageError, match="cannot write keys"):
        generate_keypair(folder, overwrite=True)
    monkeypatch.undo()
    # the public key went first; when the secret one could not follow, it was put back
    assert [Path(c).name for c in calls] == ["publisher.pub", "publisher.key", "publisher.pub"]
    assert load_private(folder / "publisher.key").public == old
    assert load_public(folder / "publisher.pub") == old
    assert sorted(p.name for p in folder.iterdir()) == ["publisher.key", "publisher.pub"]
    # and a forced keygen that succeeds gives a new, matching pair
    _priv, _pub, new = generate_keypair(folder, overwrite=True)
    assert new != old
    assert load_private(folder / "publisher.key").public == new == load_public(
        folder / "publisher.pub")


# -- 4. addresses ----------------------------------------------------------------------
BAD_URLS = ["http://[::1", "http://127.0.0.1:abc/", "http://", "http:///x",
            "http://127.0.0.1:99999/", "ftp://example.org/repo/"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_url_is_refused_at_once(capsys, tmp_path: Path, url: str) -> None:
    code, _out, err = cafesach(capsys, "--data", str(tmp_path / "d"), "sync", url)
    assert code == 1
    one_line_error(err, "not a valid URL")
    assert "retrying" not in err
    with pytest.raises(InvalidInput, match="not a valid URL"):
        check_url(url)


@pytest.mark.parametrize("url", ["https://kho:mat/khau@127.0.0.1/repo/",
                                 "https://kho:mat?khau@127.0.0.1/repo/",
                                 "https://kho:mat#khau@127.0.0.1/repo/"])
def test_a_password_that_ends_the_server_name_early_is_not_shown(
        capsys, tmp_path: Path, url: str) -> None:
    """A `/` in a password (not written %2F) cut the server's name at it: "mat" was read as
    a port, and both the address and the reason printed part of the password."""
    code, _out, err = cafesach(capsys, "--data", str(tmp_path / "d"), "sync", url)
    assert code == 1
    one_line_error(err, "not a valid URL")
    assert "mat" not in err and "khau" not in err
    assert "'https://***@127.0.0.1/repo/'" in err and "percent-encoded" in err


def test_a_malformed_url_for_an_unsigned_feed_is_refused(capsys, tmp_path: Path) -> None:
    code, _out, err = cafesach(capsys, "--data", str(tmp_path / "d"), "import", "http://[::1",
                               "--trust-unsigned")
    assert code == 1
    one_line_error(err, "not a valid URL")



def test_retries_are_announced_and_the_url_stays_whole(tmp_path: Path,
                                                       closed_port: int) -> None:
    paths, catalog = new_station(tmp_path / "d")
    heard: list[str] = []
    url = f"http://127.0.0.1:{closed_port}/repo/"
    with pytest.raises(SyncError) as caught:
        import_from(paths, catalog, url, settings=QUICK, on_retry=heard.append)
    assert len(heard) == QUICK.retries
    assert all("retrying in" in line for line in heard)
    assert f"http://127.0.0.1:{closed_port}/repo/index.json" in str(caught.value)
    assert "gave up after 3 attempts" in str(caught.value)
    catalog.close()


def test_https_to_a_plain_http_server_is_not_retried(faulty: FaultyServer) -> None:
    slept: list[float] = []
    heard: list[str] = []
    https = faulty.url.replace("http://", "https://") + "/ok/v1/index.json"
    with Fetcher(QUICK, sleep=slept.append, on_retry=heard.append) as fetcher, \
            pytest.raises(SyncError, match="TLS") as caught:
        fetcher.get_small(https, limit=1024)
    assert slept == [] and heard == []
    assert https in str(caught.value) and "try http://" in str(caught.value)
    assert faulty.log == []  # nothing reached the server as an HTTP request


def test_an_unsupported_scheme_met_on_the_way_is_not_retried() -> None:
    slept: list[float] = []
    with Fetcher(QUICK, sleep=slept.append) as fetcher, \
            pytest.raises(SyncError, match="only http:// and https://"):
        fetcher.get_small("gopher://127.0.0.1/index.json", limit=1024)
    assert slept == []


# -- 5. trust remove -----------------------------------------------------------------
def test_trust_remove_refuses_an_empty_or_short_key(capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    _paths, catalog = new_station(data)
    key = PrivateKey.generate()
    TrustStore(catalog).add(key.public)  # no name
    catalog.close()
    for given in ("", "  ", key.public.id[:3]):
        code, _out, err = cafesach(capsys, "--data", str(data), "trust", "remove", given)
        assert code == 1, given
        one_line_error(err, "key id")
    code, out, _err = cafesach(capsys, "--data", str(data), "trust", "list", "--json")
    assert [k["keyid"] for k in json.loads(out)] == [key.public.id]
    code, out, err = cafesach(capsys, "--data", str(data), "trust", "list")
    assert code == 0 and key.public.id in out and err.strip() == "1 key"  # not "1 keys"
    code, out, _err = cafesach(capsys, "--data", str(data), "trust", "remove",
                               key.public.id[:8])
    assert code == 0 and key.public.id in out


def test_trust_remove_refuses_an_ambiguous_prefix(tmp_path: Path) -> None:
    _paths, catalog = new_station(tmp_path / "d")
    store = TrustStore(catalog)
    for tail in ("1" * 24, "2" * 24):  # two ids sharing their first 8 digits
        catalog.execute("INSERT INTO trusted_keys(keyid, name, public, added) "
                        "VALUES (?, '', ?, '2026-01-01T00:00:00Z')",
                        ["deadbeef" + tail, PrivateKey.generate().public.b64])
    with pytest.raises(InvalidInput, match="matches 2 keys"):
        store.remove("deadbeef")
    assert len(store.all_keys()) == 2
    assert store.remove("deadbeef1").keyid == "deadbeef" + "1" * 24
    with pytest.raises(NotFound):
        store.remove("deadbeef1")
    catalog.close()


# -- 6. plain answers where there was silence or a wrong reason ------------------------
def test_sync_status_on_a_station_that_never_synced(capsys, tmp_path: Path) -> None:
    code, out, _err = cafesach(capsys, "--data", str(tmp_path / "d"), "sync", "--status")
    assert code == 0 and "Chưa đồng bộ lần nào" in out
    code, out, _err = cafesach(capsys, "--data", str(tmp_path / "d"), "sync", "--status",
                               "--json")
    assert code == 0 and json.loads(out) == []


def test_sync_status_and_trust_list_read_a_read_only_data_folder(capsys, world,
                                                                 tmp_path: Path) -> None:
    paths, catalog = new_station(tmp_path / "d", world)
    import_from(paths, catalog, str(world.pack_v1))
    catalog.close()

    def copy(point: Path) -> None:
        shutil.copytree(paths.root, point / "d")

    with read_only_mount(tmp_path / "ro", copy) as ro:
        before = sorted(p.name for p in (ro / "d").iterdir())
        code, out, err = cafesach(capsys, "--data", str(ro / "d"), "sync", "--status")
        assert code == 0, err
        assert out.startswith("vn.lamdong.thuvien: Nạp gói nội dung lần cuối ")
        code, out, _err = cafesach(capsys, "--data", str(ro / "d"), "sync", "--status",
                                   "--json")
        assert code == 0 and json.loads(out)[0]["version"] == 1
        code, out, _err = cafesach(capsys, "--data", str(ro / "none"), "sync", "--status")
        assert code == 0 and "Chưa đồng bộ lần nào" in out
        code, out, _err = cafesach(capsys, "--data", str(ro / "d"), "trust", "list", "--json")
        assert code == 0 and [k["name"] for k in json.loads(out)] == ["Sở VHTTDL"]
        assert sorted(p.name for p in (ro / "d").iterdir()) == before


def test_sync_status_and_trust_list_read_commits_left_in_the_wal(capsys, world,
                                                                   tmp_path: Path) -> None:
    """A power cut left the import only in `catalog.db-wal`, with no `-shm`, and the
    folder is then read-only: the import is still seen, not the older file alone."""
    paths, catalog = new_station(tmp_path / "d", world)
    catalog.execute("PRAGMA wal_autocheckpoint = 0")
    import_from(paths, catalog, str(world.pack_v1))

    def copy(point: Path) -> None:  # taken while the station still has the WAL open
        shutil.copytree(paths.root, point / "d")
        (point / "d" / "catalog.db-shm").unlink()
        assert (point / "d" / "catalog.db-wal").stat().st_size > 0

    with read_only_mount(tmp_path / "ro", copy) as ro:
        code, out, err = cafesach(capsys, "--data", str(ro / "d"), "sync", "--status",
                                  "--json")
        assert code == 0, err
        assert [state["version"] for state in json.loads(out)] == [1]
        code, out, _err = cafesach(capsys, "--data", str(ro / "d"), "trust", "list", "--json")
        assert code == 0 and [k["name"] for k in json.loads(out)] == ["Sở VHTTDL"]
    catalog.close()


@pytest.mark.parametrize("shape", ["folder", "dangling-link"])
def test_sync_status_of_a_catalog_that_is_not_a_file_is_one_line(capsys, tmp_path: Path,
                                                                 shape: str) -> None:
    (tmp_path / "d").mkdir()
    if shape == "folder":
        (tmp_path / "d" / "catalog.db").mkdir()
    else:
        (tmp_path / "d" / "catalog.db").symlink_to(tmp_path / "unmounted" / "catalog.db")
    for argv in (["sync", "--status"], ["trust", "list"]):
        code, out, err = cafesach(capsys, "--data", str(tmp_path / "d"), *argv)
        assert code == 1 and "Chưa đồng bộ" not in out, out
        assert err.startswith("cafesach: error: cannot read the catalog") and \
            err.count("\n") == 1, err


def test_sync_status_of_a_damaged_catalog_is_one_line(capsys, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "catalog.db").write_bytes(b"not a database at all" * 100)
    code, _out, err = cafesach(capsys, "--data", str(tmp_path / "d"), "sync", "--status")
    assert code == 1
    one_line_error(err, "damaged")


def test_importing_a_device_is_not_called_missing(capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    new_station(data)[1].close()
    code, _out, err = cafesach(capsys, "--data", str(data), "import", "/dev/null")
    assert code == 1
    one_line_error(err, "/dev/null: not a pack file or a repository folder")
    code, _out, err = cafesach(capsys, "--data", str(data), "import", str(tmp_path / "khong"))
    assert code == 1
    one_line_error(err, "no such pack file, folder or URL")


def test_packing_an_empty_repository_says_so(capsys, tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / idx.INDEX_NAME).write_bytes(idx.sign(
        {"format": 1, "repository": "vn.empty", "version": 1, "created": "2026-01-01Z",
         "expires": "2036-01-01Z", "items": []}, PrivateKey.generate()))
    code, _out, err = cafesach(capsys, "pack", str(tmp_path / "repo"), "--out",
                               str(tmp_path / "p.zip"))
    assert code == 1
    one_line_error(err, "has no items")
    assert "kinds/tags" not in err and not (tmp_path / "p.zip").exists()


# -- 7. tags and kinds without marks -------------------------------------------------
def test_pack_tags_match_without_vietnamese_marks(capsys, editor: Path) -> None:
    index = idx.parse((editor / "repo" / idx.INDEX_NAME).read_bytes())
    assert [i.id for i in select(index, tags=("nong nghiep",))] == ["lua"]
    assert [i.id for i in select(index, tags=("NÔNG NGHIỆP",))] == ["lua"]
    assert [i.id for i in select(index, kinds=("Bulletin",))] == ["lua", "phim"]
    assert select(index, kinds=("book",)) == []  # (a text file goes in no other collection)
    assert select(index, tags=("nong",)) == []  # a tag is matched whole, not by prefix
    (editor / "usb").mkdir()
    code, out, _err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                               str(editor / "usb" / "nn.zip"), "--tag", "nong nghiep",
                               "--json")
    assert code == 0 and json.loads(out)["items"] == 1
    code, out, _err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                               str(editor / "usb" / "b.zip"), "--kind", "Bulletin", "--json")
    assert code == 0 and json.loads(out)["items"] == 2


def test_a_mistyped_kind_is_named_not_an_empty_pack(capsys, editor: Path) -> None:
    code, _out, err = cafesach(capsys, "pack", str(editor / "repo"), "--out",
                               str(editor / "usb" / "x.zip"), "--kind", "bok")
    assert code == 2 and "'bok' is not one of" in err and "nothing to pack" not in err
    assert not (editor / "usb" / "x.zip").exists()


def test_a_failed_pack_leaves_no_file_behind(editor: Path) -> None:
    """A missing object is found before the pack file is started."""
    repo = editor / "repo"
    index = idx.parse((repo / idx.INDEX_NAME).read_bytes())
    victim = next(iter(index.objects().values()))
    (repo / victim.path).unlink()
    out = editor / "usb" / "p.zip"
    out.parent.mkdir()
    with pytest.raises(PackError, match="missing"):
        make_pack(repo, out)
    assert not out.exists()
    assert list((editor / "usb").iterdir()) == []



def test_a_password_in_the_server_address_is_never_shown_or_reported(
        capsys, world, tmp_path: Path) -> None:
    from library.config import Config
    from library.report import health_report
    from library.repository import status

    paths, catalog = new_station(tmp_path / "d", world)
    with socket.socket() as closed:  # nothing listens: the sync fails and is recorded
        closed.bind(("127.0.0.1", 0))
        url = f"http://thuvien:mat-khau-bi-mat@127.0.0.1:{closed.getsockname()[1]}/kho"
    with pytest.raises(SyncError):
        import_from(paths, catalog, url, settings=FetchSettings(retries=0))
    paths.logs.mkdir(parents=True, exist_ok=True)
    (paths.logs / "cafesach.log").write_text(
        f"2026-11-26 10:00:00 WARNING automatic sync failed: {url}: refused\n", encoding="utf-8")
    report = json.dumps(health_report(paths, catalog, Config.load(paths.config_file)),
                        ensure_ascii=False)
    catalog.close()
    code, out, err = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    code_json, out_json, _err = cafesach(capsys, "--data", str(paths.root), "sync", "--status",
                                         "--json")
    assert code == 0 and code_json == 0, err
    # (the log's line is in the report's `recent_errors`)
    shown = [out, out_json, report, status.status_vi(status.read_states(paths.catalog_db)[0])]
    for text in shown:
        assert "mat-khau-bi-mat" not in text and "thuvien:" not in text
    assert "http://***@127.0.0.1" in out and "Đồng bộ lỗi" in out
