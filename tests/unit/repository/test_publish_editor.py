"""What the provincial editor is told when publishing: oversized texts, copies, the expiry."""

from __future__ import annotations

import errno
import json
import os
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from library.errors import StorageError
from library.objects import ObjectStore
from library.repository import index as idx
from library.repository import publish as publish_module
from library.repository.keys import PrivateKey, generate_keypair, load_private
from library.repository.publish import publish
from tests.clirun import cafesach

from .helpers import index_of


@pytest.fixture
def key(tmp_path: Path) -> PrivateKey:
    private, _public, _id = generate_keypair(tmp_path / "keys")
    return load_private(private)


def test_a_text_too_large_for_the_index_is_skipped_unread(tmp_path: Path, key: PrivateKey,
                                                          monkeypatch) -> None:
    """A log file of gigabytes left in the folder once ran the editor out of memory with a
    traceback; it can never fit in the index, so it is skipped, named, and never read."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.", encoding="utf-8")
    (src / "nhat-ky.txt").write_text("dòng nhật ký\n" * 20, encoding="utf-8")
    monkeypatch.setattr(publish_module, "MAX_TEXT_BYTES", 100)
    read: list[str] = []
    real_extract = publish_module.extract

    def extract(path: Path):
        read.append(path.name)
        return real_extract(path)

    monkeypatch.setattr(publish_module, "extract", extract)
    result = publish(src, tmp_path / "repo", key, repository="vn.test")
    assert result.items == 1 and read == ["tin.txt"]
    assert [line.split(":")[0] for line in result.skipped] == ["nhat-ky.txt"]
    assert "stations take up to 80 MB" in result.skipped[0]
    assert [item["id"] for item in index_of(tmp_path / "repo").signed["items"]] == ["tin"]


def test_the_same_document_under_two_names_is_named(tmp_path: Path, key: PrivateKey) -> None:
    """A copy left by mistake would show twice on every station: both are published (a copy
    may be meant, e.g. in another collection), with a warning naming both files."""
    src = tmp_path / "src"
    (src / "cu").mkdir(parents=True)
    text = "Bản tin sáng\nGiá lúa hôm nay."
    (src / "ban-tin.txt").write_text(text, encoding="utf-8")
    (src / "cu" / "ban sao.txt").write_text(text, encoding="utf-8")
    (src / "khac.txt").write_text("Tin khác", encoding="utf-8")
    result = publish(src, tmp_path / "repo", key, repository="vn.test")
    assert result.items == 3
    assert result.copies == [
        "cu/ban sao.txt has the same content as ban-tin.txt: both are published, as two "
        "items (delete one copy unless both are meant)"]


def test_publish_says_until_when_stations_take_the_index(capsys, tmp_path: Path,
                                                         key: PrivateKey) -> None:
    """An editor must publish again before the index expires, or every station stops
    syncing: the date is said at each publish (and given in --json)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin", encoding="utf-8")
    args = ["publish", str(src), "--out", str(tmp_path / "repo"), "--key",
            str(tmp_path / "keys" / "publisher.key"), "--id", "vn.test", "--expires", "7d"]
    code, out, _err = cafesach(capsys, *args)
    expires = index_of(tmp_path / "repo").signed["expires"]  # e.g. 2026-12-04T10:00:00Z
    shown = expires.replace("T", " ")[:16]
    assert code == 0
    assert f"stations take it over the network until {shown} UTC: publish again" in out
    code, out, _err = cafesach(capsys, *args, "--json")
    assert code == 0
    assert json.loads(out)["expires"] == index_of(tmp_path / "repo").signed["expires"]


def test_a_full_disk_while_storing_a_document_names_the_repository(tmp_path: Path,
                                                                     key: PrivateKey,
                                                                     monkeypatch) -> None:
    """The object store's own words ("cannot store x.pdf … check the data folder") speak of a
    station; an editor is told which repository folder could not be written, as documented."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.", encoding="utf-8")
    out = tmp_path / "repo"
    publish(src, out, key, repository="vn.test")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    (src / "moi.txt").write_text("Tin mới", encoding="utf-8")

    def full(self: ObjectStore, tmp: Path, sha: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp))

    monkeypatch.setattr(ObjectStore, "_place", full)
    with pytest.raises(StorageError) as caught:
        publish(src, out, key)
    assert str(caught.value) == f"cannot write {out}: No space left on device"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_many_copies_are_summed_up_on_the_terminal(capsys, tmp_path: Path,
                                                   key: PrivateKey) -> None:
    """Hundreds of copied pictures must not bury the other lines: a few are named, then a
    count; --json lists them all."""
    src = tmp_path / "src"
    src.mkdir()
    for n in range(8):
        (src / f"tin-{n}.txt").write_text("Cùng một bản tin", encoding="utf-8")
    args = ["publish", str(src), "--out", str(tmp_path / "repo"), "--key",
            str(tmp_path / "keys" / "publisher.key"), "--id", "vn.test"]
    code, _out, err = cafesach(capsys, *args)
    assert code == 0
    lines = [line for line in err.splitlines() if "same content" in line]
    assert len(lines) == 6 and lines[-1] == (
        "cafesach: warning: 2 more documents have the same content as another one "
        "(--json lists them all)")
    code, out, _err = cafesach(capsys, *args, "--json")
    assert code == 0 and len(json.loads(out)["copies"]) == 7
    (src / "tin-7.txt").unlink()
    code, _out, err = cafesach(capsys, *args[:3], str(tmp_path / "repo-2"), *args[4:])
    assert code == 0 and [line for line in err.splitlines() if "same content" in line][-1] == (
        "cafesach: warning: 1 more document has the same content as another one "
        "(--json lists them all)")


def test_names_that_are_not_utf8_or_hold_a_line_break(tmp_path: Path, key: PrivateKey) -> None:
    """A name copied from an old code page (bytes that are not UTF-8) once stopped publish
    with a traceback while signing; it is skipped, named in one line. A line break in a
    name (legal on Linux) would reach the phones' download header: it becomes a space."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin", encoding="utf-8")
    with open(os.fsencode(src) + b"/t\xeai li\xeau.txt", "wb") as legacy:
        legacy.write("Tin cũ".encode())
    (src / "dòng\nmới.txt").write_text("Tin mới", encoding="utf-8")
    result = publish(src, tmp_path / "repo", key, repository="vn.test")
    assert result.items == 2
    assert result.skipped == ["t\\xeai li\\xeau.txt: its name is not UTF-8 text (copied from "
                              "an old system or a stick with another encoding): rename it"]
    names = {item.id: item.data["filename"] for item in index_of(tmp_path / "repo").items}
    assert names == {"tin": "tin.txt", "dong-moi": "dòng mới.txt"}


def test_key_mistakes_are_said_in_the_editors_words(capsys, tmp_path: Path,
                                                    key: PrivateKey) -> None:
    """The public key given as --key, a damaged key, revoking the signing key itself, a
    second keygen into the same folder: one line each, saying what to do."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin", encoding="utf-8")
    keys = tmp_path / "keys"
    (tmp_path / "damaged.key").write_bytes((keys / "publisher.key").read_bytes()[:50])
    base = ["publish", str(src), "--out", str(tmp_path / "repo"), "--id", "vn.test"]
    code, _out, err = cafesach(capsys, *base, "--key", str(keys / "publisher.pub"))
    assert code == 1 and err == (f"cafesach: error: {keys / 'publisher.pub'} is the public "
                                 "key: sign with the secret key (publisher.key, made beside "
                                 "it by keygen)\n")
    code, _out, err = cafesach(capsys, *base, "--key", str(tmp_path / "damaged.key"))
    assert code == 1 and "not a secret key made by `cafesach keygen`" in err
    assert "cryptography.io" not in err and len(err.splitlines()) == 1
    code, _out, err = cafesach(capsys, *base, "--key", str(keys / "publisher.key"),
                               "--revoke", key.public.id)
    assert code == 1 and "--revoke names the key this run signs with" in err
    assert not (tmp_path / "repo").exists()
    code, _out, err = cafesach(capsys, "keygen", "--out", str(keys))
    assert code == 1 and "--force to replace this one" in err


def test_tags_that_fold_alike_keep_feeds_of_their_own(tmp_path: Path, key: PrivateKey) -> None:
    """`đường` and `dương` fold to one file name: the OPDS feed of the one once listed the
    other's items under its own title. Each tag now has its feed, listing only its items."""
    src = tmp_path / "src"
    src.mkdir()
    for stem, tag in (("a", "đường"), ("b", "dương"), ("c", "đường")):
        (src / f"{stem}.txt").write_text(f"Tin {stem}", encoding="utf-8")
        (src / f"{stem}.txt.toml").write_text(f'tags = ["{tag}"]\n', encoding="utf-8")
    publish(src, tmp_path / "repo", key, repository="vn.test")
    atom = "{http://www.w3.org/2005/Atom}"
    nav = ET.parse(tmp_path / "repo" / "opds" / "index.xml").getroot()
    feeds = {entry.findtext(f"{atom}title"): entry.find(f"{atom}link").get("href")
             for entry in nav.iter(f"{atom}entry")}
    listed = {}
    for tag in ("đường", "dương"):
        feed = ET.parse(tmp_path / "repo" / "opds" / feeds[tag]).getroot()
        listed[tag] = sorted(e.findtext(f"{atom}id").rsplit(":", 1)[1]
                             for e in feed.iter(f"{atom}entry"))
    assert listed == {"đường": ["a", "c"], "dương": ["b"]}
    assert feeds["dương"] == "tag-duong-1.xml"  # the first in order keeps the plain name


def test_packing_an_expired_index_is_said(capsys, tmp_path: Path, key: PrivateKey,
                                          monkeypatch) -> None:
    """A pack of an index past its expiry still imports, but every station marks it
    unverified: whoever packs it is told, and can publish again first."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin", encoding="utf-8")
    now = idx.utc_now()
    monkeypatch.setattr(idx, "utc_now", lambda: now - timedelta(days=40))
    publish(src, tmp_path / "repo", key, repository="vn.test", expires_in=timedelta(days=30))
    monkeypatch.setattr(idx, "utc_now", lambda: now)
    (tmp_path / "usb").mkdir()
    args = ["pack", str(tmp_path / "repo"), "--out", str(tmp_path / "usb" / "p.zip")]
    code, out, err = cafesach(capsys, *args)
    expires = index_of(tmp_path / "repo").signed["expires"]
    assert code == 0 and out.startswith("packed vn.test version 1")
    assert f"cafesach: warning: the index expired on {expires}: stations import" in err
    code, out, _err = cafesach(capsys, *args, "--force", "--json")
    assert code == 0 and json.loads(out)["expired"] is True
    publish(src, tmp_path / "repo", key)
    code, out, err = cafesach(capsys, *args, "--force")
    assert code == 0 and "expired" not in err


def test_a_long_summary_is_shortened_in_the_feeds_only(tmp_path: Path, key: PrivateKey) -> None:
    """An entry is written into every feed that lists it (all, its kind, each tag): a long
    summary with many tags once made gigabytes of feeds. The feeds carry its start; the
    index, which stations read, carries it whole."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin", encoding="utf-8")
    summary = "Nội dung tóm tắt rất dài. " * 2000
    tags = ", ".join(f'"nhãn {n}"' for n in range(20))
    (src / "tin.txt.toml").write_text(f'summary = "{summary}"\ntags = [{tags}]\n',
                                      encoding="utf-8")
    publish(src, tmp_path / "repo", key, repository="vn.test")
    assert index_of(tmp_path / "repo").items[0].data["summary"] == summary
    feeds = sorted((tmp_path / "repo" / "opds").glob("*.xml"))
    assert len(feeds) == 23 and sum(f.stat().st_size for f in feeds) < 23 * 4000
    atom = "{http://www.w3.org/2005/Atom}"
    shown = ET.parse(tmp_path / "repo" / "opds" / "all-1.xml").getroot().find(
        f"{atom}entry/{atom}summary").text
    assert shown.endswith("…") and len(shown) <= 1001
    kept = shown[:-1]
    assert summary.startswith(kept) and summary[len(kept)] == " "  # cut at a word's end
