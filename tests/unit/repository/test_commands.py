"""The repository's commands through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from library.config import Config
from tests.clirun import cafesach

from .helpers import World


def test_editor_to_station_round_trip(capsys, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    src = tmp_path / "src"
    src.mkdir()
    (src / "ban-tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.")
    (src / "lich.txt").write_text("Lịch chiếu phim\nTối thứ bảy.")
    (src / "lich.txt.toml").write_text('kind = "bulletin"\ntags = ["văn hóa"]\n')
    code, out, _ = cafesach(capsys, "keygen", "--out", str(tmp_path / "keys"))
    assert code == 0 and "key id" in out
    code, out, _ = cafesach(capsys, "publish", str(src), "--out", str(tmp_path / "repo"),
                            "--key", str(tmp_path / "keys" / "publisher.key"),
                            "--id", "vn.test", "--expires", "7d", "--json")
    assert code == 0 and json.loads(out)["version"] == 1
    (src / "lich.txt.toml").unlink()
    (src / "lich.txt").unlink()
    code, out, _ = cafesach(capsys, "publish", str(src), "--out", str(tmp_path / "one"),
                            "--key", str(tmp_path / "keys" / "publisher.key"), "--id", "vn.one")
    assert code == 0 and ": 1 item, 2 new files → " in out  # one is not "1 items" (+ cover)
    (src / "lich.txt").write_text("Lịch chiếu phim\nTối thứ bảy.")
    (src / "lich.txt.toml").write_text('kind = "bulletin"\ntags = ["văn hóa"]\n')
    (tmp_path / "usb").mkdir()
    code, out, _ = cafesach(capsys, "pack", str(tmp_path / "repo"), "--out",
                            str(tmp_path / "usb" / "p.zip"), "--tag", "văn hóa", "--json")
    assert code == 0 and json.loads(out)["items"] == 1 and not json.loads(out)["full"]
    code, _out, err = cafesach(capsys, "--data", data, "import", str(tmp_path / "usb" / "p.zip"))
    assert code == 1 and "unknown key" in err  # not trusted yet
    code, _out, err = cafesach(capsys, "--data", data, "trust", "add",
                               str(tmp_path / "keys" / "publisher.key"))
    assert code == 1 and "secret key" in err  # a station never gets the secret key
    code, out, _ = cafesach(capsys, "--data", data, "trust", "add",
                            str(tmp_path / "keys" / "publisher.pub"), "--name", "Sở")
    assert code == 0
    code, out, _ = cafesach(capsys, "--data", data, "trust", "list", "--json")
    assert json.loads(out)[0]["name"] == "Sở"
    code, out, _ = cafesach(capsys, "--data", data, "import", str(tmp_path / "usb" / "p.zip"),
                            "--json")
    assert code == 0 and json.loads(out)["added"] == ["lich"]
    code, out, _ = cafesach(capsys, "--data", data, "import", str(tmp_path / "repo"))
    assert code == 0 and "1 added" in out and "1 unchanged" in out
    code, out, _ = cafesach(capsys, "--data", data, "import", str(tmp_path / "repo"))
    assert code == 0 and out == "vn.test: unchanged (version 1)\n"
    code, out, _ = cafesach(capsys, "--data", data, "sync", "--status", "--json")
    # a folder on a stick is no sync either: said as the panel says it
    assert json.loads(out)[0]["status_vi"].startswith("Nạp gói nội dung lần cuối")
    code, out, _ = cafesach(capsys, "--data", data, "trust", "remove", "Sở")
    assert code == 0 and "removed" in out


def test_bad_inputs_give_one_line_and_exit_1(capsys, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    code, _, err = cafesach(capsys, "--data", data, "import", str(tmp_path / "nothing.zip"))
    assert code == 1 and err.count("\n") == 1 and "no such pack" in err
    code, _, err = cafesach(capsys, "--data", data, "sync")
    assert code == 1 and "no server configured" in err
    code, _, err = cafesach(capsys, "publish", str(tmp_path), "--out", str(tmp_path / "o"),
                            "--key", str(tmp_path / "missing.key"))
    assert code == 1 and "cannot read" in err


def test_trust_unsigned_is_remembered_in_the_config(capsys, world: World, nginx,
                                                    tmp_path: Path) -> None:
    from .test_opds_import import calibre_site

    calibre_site(nginx.www / "cli-calibre")
    url = f"{nginx.url}/cli-calibre/opds"
    data = tmp_path / "data"
    code, out, err = cafesach(capsys, "--data", str(data), "import", url, "--trust-unsigned",
                            "--json")
    assert code == 0, err
    assert len(json.loads(out)["added"]) == 3
    assert Config.load(data / "config.toml").get("sync", "unsigned_sources") == [url]


def _interrupt_at(monkeypatch, point: str) -> None:
    """Make Ctrl+C land at the named step of the import (see `faults`)."""
    from library.repository import faults

    def hook(name: str, _detail: int) -> None:
        if name == point:
            raise KeyboardInterrupt

    monkeypatch.setattr(faults, "_hook", hook)


def test_an_import_interrupted_before_its_commit_says_nothing_was_changed(
        capsys, monkeypatch, world: World, station) -> None:
    from .helpers import snapshot

    paths, _catalog = station
    before = snapshot(paths)
    _interrupt_at(monkeypatch, "before-commit")
    code, out, err = cafesach(capsys, "--data", str(paths.root), "import", str(world.pack_v1))
    assert (code, out) == (130, "")
    assert err.endswith("cafesach: interrupted; nothing was changed\n"), err
    assert "resumes" not in err  # a pack is read again whole: nothing to resume
    assert snapshot(paths)["items"] == before["items"] == []


def test_an_import_interrupted_after_its_commit_does_not_claim_nothing_changed(
        capsys, monkeypatch, world: World, station) -> None:
    paths, catalog = station
    _interrupt_at(monkeypatch, "after-commit")
    code, _out, err = cafesach(capsys, "--data", str(paths.root), "import", str(world.pack_v1))
    assert code == 130 and "nothing was changed" not in err
    assert err.endswith("cafesach: interrupted after the work was done; its result is in "
                        "place\n"), err
    assert len(catalog) == 5


def test_publish_and_pack_interrupted_leave_nothing_and_say_so(
        capsys, monkeypatch, tmp_path: Path, world: World) -> None:
    from library.repository import pack, publish

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_install_feeds", interrupted)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Tin A\nmột", encoding="utf-8")
    code, _out, err = cafesach(capsys, "publish", str(src), "--out", str(tmp_path / "repo"),
                               "--key", str(world.key_dir / "publisher.key"), "--id", "vn.a")
    assert code == 130 and err.endswith("cafesach: interrupted; nothing was changed\n"), err
    assert not (tmp_path / "repo").exists()
    monkeypatch.setattr(pack, "_add_object", interrupted)
    (tmp_path / "usb").mkdir()
    code, _out, err = cafesach(capsys, "pack", str(world.repo_v1), "--out",
                               str(tmp_path / "usb" / "p.zip"))
    assert code == 130 and err.endswith("cafesach: interrupted; nothing was changed\n"), err
    assert list((tmp_path / "usb").iterdir()) == []


def test_import_warnings_have_the_cafesach_prefix_on_stderr(capsys, world: World,
                                                           station) -> None:
    from library.catalog import Item

    paths, catalog = station
    catalog.put(Item(id="so-tay", title="Sổ tay của thư viện xã", kind="document"))
    code, out, err = cafesach(capsys, "--data", str(paths.root), "import", str(world.pack_v1))
    assert code == 0 and "4 added" in out
    assert "cafesach: warning: item so-tay already exists from local; skipped\n" in err
    assert all(line.startswith("cafesach: ") for line in err.splitlines() if "warning" in line)
