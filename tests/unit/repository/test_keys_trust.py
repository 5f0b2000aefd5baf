"""Publisher keys, trust, signed key rotation and revocation."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from library.errors import InvalidInput, PackError
from library.repository import index as idx
from library.repository.importer import import_from
from library.repository.keys import PrivateKey, generate_keypair, load_private, load_public
from library.repository.publish import publish
from library.repository.trust import TrustStore

from .helpers import new_station, snapshot


def tiny(tmp: Path, name: str, key: PrivateKey, *, text: str = "Bản tin\nNội dung.",
         out: Path | None = None, **kwargs) -> Path:
    src = tmp / f"src-{name}"
    src.mkdir(exist_ok=True)
    (src / "tin.txt").write_text(text)
    out = out or tmp / f"repo-{name}"
    publish(src, out, key, repository="vn.test", **kwargs)
    return out


def test_keygen_writes_private_key_mode_600_and_loads(tmp_path: Path) -> None:
    private, public, key = generate_keypair(tmp_path / "k")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert load_private(private).public == key == load_public(public)
    assert load_public(private) == key  # the public half of a private file
    with pytest.raises(InvalidInput, match="already holds a key"):
        generate_keypair(tmp_path / "k")


def test_keygen_into_a_published_repository_is_refused(capsys, tmp_path: Path) -> None:
    """`keygen --out /srv/cafesach/repo`: the web server would hand the secret key out."""
    from tests.clirun import cafesach

    repo = tmp_path / "kho"
    (repo / "objects").mkdir(parents=True)
    (repo / "index.json").write_text("{}", encoding="utf-8")
    (repo / "khoa").mkdir()
    link = tmp_path / "khoa-cua-toi"  # a link to a folder inside it: the key lands there too
    link.symlink_to(repo / "khoa")
    for out in (repo, repo / "khoa" / "moi", link):
        code, _, err = cafesach(capsys, "keygen", "--out", str(out))
        assert code == 1 and err.count("\n") == 1
        assert err == (f"cafesach: error: cannot write keys into {out}: it is in the published "
                       f"repository {repo}, which the web server hands to anyone; give a "
                       "folder of the editor's own\n")
    assert sorted(p.name for p in repo.rglob("*")) == ["index.json", "khoa", "objects"]


def test_signature_roundtrip_and_tampering(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    raw = idx.sign({"format": 1, "repository": "vn.x", "version": 1, "created": "2026-01-01Z",
                    "expires": "2036-01-01Z", "items": []}, key)
    parsed = idx.parse(raw)
    assert idx.verify(parsed, {key.public.id: key.public}, set()).signer == key.public.id
    doc = json.loads(raw)
    doc["signed"]["version"] = 2
    edited = idx.parse(json.dumps(doc).encode())
    with pytest.raises(PackError, match="changed after signing"):
        idx.verify(edited, {key.public.id: key.public}, set())
    with pytest.raises(PackError, match="unknown key"):
        idx.verify(parsed, {}, set())


def test_trust_add_list_remove(tmp_path: Path) -> None:
    _paths, catalog = new_station(tmp_path / "d")
    key = PrivateKey.generate()
    store = TrustStore(catalog)
    store.add(key.public, name="Bộ VHTTDL")
    store.add(PrivateKey.generate().public, name="Sở")
    assert sorted(k.name for k in store.all_keys()) == ["Bộ VHTTDL", "Sở"]
    assert store.remove("Bộ VHTTDL").keyid == key.public.id
    assert key.public.id not in store.trusted()
    catalog.close()


def test_a_name_typed_without_marks_names_its_key_when_it_names_no_other(
        tmp_path: Path) -> None:
    """A technician's terminal with no Vietnamese input types «Sở TTTT Lâm Đồng» bare."""
    _paths, catalog = new_station(tmp_path / "d")
    store = TrustStore(catalog)
    lam_dong = PrivateKey.generate().public
    store.add(lam_dong, name="Sở TTTT Lâm Đồng")
    store.add(PrivateKey.generate().public, name="Sở Tư pháp")
    store.add(PrivateKey.generate().public, name="Sở Tu Pháp")
    assert store.find("so tttt  lam dong").keyid == lam_dong.id
    with pytest.raises(InvalidInput, match="matches 2 keys"):
        store.find("So Tu Phap")  # two keys read so: refused, never guessed
    assert store.find("Sở Tư pháp").name == "Sở Tư pháp"  # typed whole, it is that one
    assert store.remove("SO TTTT LAM DONG").keyid == lam_dong.id
    assert lam_dong.id not in store.trusted()
    catalog.close()


#: A key name and a title as a PDF, a key file or a command line may bring them.
HOSTILE_NAME = "Sở\u202e VHTTDL\u200b\nTỉnh\x0b 👨\u200d👩\u200d👧"


def test_a_key_name_and_a_published_title_are_made_one_line_alike(tmp_path: Path) -> None:
    from library.text import one_line

    _paths, catalog = new_station(tmp_path / "d")
    key = PrivateKey.generate()
    stored = TrustStore(catalog).add(key.public, name=HOSTILE_NAME).name
    catalog.close()
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin\nNội dung.")
    (src / "tin.txt.toml").write_text(f"title = {json.dumps(HOSTILE_NAME, ensure_ascii=False)}\n")
    publish(src, tmp_path / "repo", key, repository="vn.test")
    [item] = idx.parse((tmp_path / "repo" / idx.INDEX_NAME).read_bytes()).items
    assert stored == item.data["title"] == one_line(HOSTILE_NAME) == \
        "Sở VHTTDL Tỉnh 👨\u200d👩\u200d👧"


def test_rotation_signed_by_old_key_is_followed_and_learned(tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public, name="tỉnh")
    repo = tiny(tmp_path, "a", old)
    import_from(paths, catalog, str(repo))
    tiny(tmp_path, "a", new, out=repo, text="Bản tin\nMới.", rotate_from=old)
    result = import_from(paths, catalog, str(repo))
    assert result.status == "imported" and result.updated == ["tin"]
    learned = {k.keyid: k for k in TrustStore(catalog).all_keys()}
    assert learned[new.public.id].via == old.public.id
    catalog.close()


def test_rotation_not_signed_by_old_key_is_refused(tmp_path: Path) -> None:
    old, new, thief = PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public)
    repo = tiny(tmp_path, "a", old)
    import_from(paths, catalog, str(repo))
    tiny(tmp_path, "a", new, out=repo, rotate_from=thief)  # a rotation from an unrelated key
    before = snapshot(paths)
    with pytest.raises(PackError, match="unknown key"):
        import_from(paths, catalog, str(repo))
    doc = json.loads((repo / "index.json").read_bytes())
    doc["signed"]["rotations"][-1]["old"] = old.public.id  # forge the old key's name
    signed = idx.sign(doc["signed"], new)
    (repo / "index.json").write_bytes(signed)
    with pytest.raises(PackError, match="not signed by the old key"):
        import_from(paths, catalog, str(repo))
    assert snapshot(paths) == before
    catalog.close()


def test_revoked_key_is_refused_afterwards(tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public)
    repo = tiny(tmp_path, "a", old)
    stolen = (repo / "index.json").read_bytes()
    import_from(paths, catalog, str(repo))
    tiny(tmp_path, "a", new, out=repo, text="Bản tin\nv2", rotate_from=old,
         revoke=[(old.public.id, "máy tính bị mất")])
    import_from(paths, catalog, str(repo))
    assert old.public.id in TrustStore(catalog).revoked()
    # whoever holds the old key now signs a "newer" index: refused
    doc = json.loads(stolen)
    doc["signed"]["version"] = 99
    (repo / "index.json").write_bytes(idx.sign(doc["signed"], old))
    before = snapshot(paths)
    with pytest.raises(PackError, match="revoked key"):
        import_from(paths, catalog, str(repo))
    assert snapshot(paths) == before
    with pytest.raises(InvalidInput, match="revoked"):
        TrustStore(catalog).add(old.public)
    catalog.close()


def test_a_repository_stays_with_its_publisher_key(tmp_path: Path) -> None:
    """Another trusted publisher cannot take over a repository id without a rotation."""
    province, ministry = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(province.public)
    TrustStore(catalog).add(ministry.public)
    repo = tiny(tmp_path, "a", province)
    import_from(paths, catalog, str(repo))
    tiny(tmp_path, "a", ministry, out=repo, text="Bản tin\nkhác")
    with pytest.raises(PackError, match="published with key"):
        import_from(paths, catalog, str(repo))
    catalog.close()


def test_publishing_with_a_revoked_key_is_refused(tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    repo = tiny(tmp_path, "a", old)
    tiny(tmp_path, "a", new, out=repo, rotate_from=old, revoke=[(old.public.id, "lost")])
    with pytest.raises(InvalidInput, match="revoked"):
        tiny(tmp_path, "a", old, out=repo)


def test_a_successor_the_station_already_trusts_is_linked_by_the_rotation(
        tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public, name="Sở VHTTDL")
    repo = tiny(tmp_path, "a", old)
    import_from(paths, catalog, str(repo))
    # the editor handed the new public key out with the news of the rotation
    TrustStore(catalog).add(new.public, name="Sở VHTTDL (khóa mới)")
    tiny(tmp_path, "a", new, out=repo, text="Bản tin\nMới.", rotate_from=old)
    result = import_from(paths, catalog, str(repo))
    assert result.updated == ["tin"]
    names = {k.keyid: k.name for k in TrustStore(catalog).all_keys()}
    assert names[new.public.id] == "Sở VHTTDL (khóa mới)"
    # and the key still has to come through the rotation: an unrelated trusted key
    # cannot take the repository over
    other = PrivateKey.generate()
    TrustStore(catalog).add(other.public)
    tiny(tmp_path, "a", other, out=repo, text="Bản tin\nGiả.")
    with pytest.raises(PackError, match="without a rotation"):
        import_from(paths, catalog, str(repo))
    catalog.close()


def test_a_learned_key_takes_its_predecessors_name(tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public, name="Sở VHTTDL")
    repo = tiny(tmp_path, "a", old)
    import_from(paths, catalog, str(repo))
    tiny(tmp_path, "a", new, out=repo, text="Bản tin\nMới.", rotate_from=old)
    import_from(paths, catalog, str(repo))
    learned = next(k for k in TrustStore(catalog).all_keys() if k.keyid == new.public.id)
    assert (learned.name, learned.via) == ("Sở VHTTDL", old.public.id)
    catalog.close()


def test_an_older_pack_signed_before_a_rotation_is_called_older(tmp_path: Path) -> None:
    from library.repository.pack import make_pack

    old, new = PrivateKey.generate(), PrivateKey.generate()
    paths, catalog = new_station(tmp_path / "d")
    TrustStore(catalog).add(old.public)
    repo = tiny(tmp_path, "a", old)
    first = make_pack(repo, tmp_path / "v1.zip").path
    tiny(tmp_path, "a", new, out=repo, text="Bản tin\nMới.", rotate_from=old)
    import_from(paths, catalog, str(repo))
    before = snapshot(paths)
    with pytest.raises(PackError, match="older than the installed version 2"):
        import_from(paths, catalog, str(first))
    assert snapshot(paths) == before
    catalog.close()


def test_publish_refuses_a_rotation_to_the_same_key_and_never_repeats_one(
        tmp_path: Path) -> None:
    old, new = PrivateKey.generate(), PrivateKey.generate()
    repo = tiny(tmp_path, "a", old)
    before = (repo / "index.json").read_bytes()
    with pytest.raises(InvalidInput, match="same key"):
        tiny(tmp_path, "a", old, out=repo, rotate_from=old)
    assert (repo / "index.json").read_bytes() == before
    for _run in range(3):  # the rotation day's command line, kept in a script
        tiny(tmp_path, "a", new, out=repo, rotate_from=old)
    rotations = json.loads((repo / "index.json").read_bytes())["signed"]["rotations"]
    assert [(r["old"], r["new"]) for r in rotations] == [(old.public.id, new.public.id)]


def test_a_new_signing_key_without_a_hand_over_is_warned_of(tmp_path: Path) -> None:
    """Allowed (a key lost with no copy), but never silent: every station would refuse it."""
    from library.repository.publish import publish as publish_again

    old, new = PrivateKey.generate(), PrivateKey.generate()
    repo = tiny(tmp_path, "a", old)
    src = tmp_path / "src-a"
    same = publish_again(src, repo, old, repository="vn.test")
    assert same.warnings == []
    changed = publish_again(src, repo, new, repository="vn.test")
    assert len(changed.warnings) == 1
    assert old.public.id[:8] in changed.warnings[0] and "--rotate-from" in changed.warnings[0]
    handed = publish_again(src, repo, PrivateKey.generate(), repository="vn.test",
                           rotate_from=new)
    assert handed.warnings == []


def test_a_key_name_is_kept_on_one_line(tmp_path: Path) -> None:
    """`trust list` and the panel show one line per key: a pasted line break stays out."""
    _paths, catalog = new_station(tmp_path / "d")
    store = TrustStore(catalog)
    key = PrivateKey.generate().public
    assert store.add(key, name="Sở\nVHTTDL\x1b[31m  Lâm\tĐồng ").name == "Sở VHTTDL [31m Lâm Đồng"
    assert store.find("Sở VHTTDL [31m Lâm Đồng").keyid == key.id
    catalog.close()
