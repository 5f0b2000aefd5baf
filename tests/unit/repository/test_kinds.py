"""Which collection an item goes in, from the editor's folder to the station's shelf.

`publish` refuses a document set in a collection its format cannot go in
(`formats.check_kind`); a station importing such an entry anyway (an index
published before the check, or by another tool) takes it into its format's
own collection and says so, rather than refusing the whole sync.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.errors import InvalidInput
from library.repository import index as idx
from library.repository import notices, status
from library.repository.importer import import_from
from library.repository.keys import PrivateKey, generate_keypair
from library.repository.pack import make_pack
from library.repository.publish import publish
from library.repository.trust import TrustStore
from tests.clirun import cafesach

from .helpers import index_of, make_pdf, new_station
from .test_publish_input import tree


def blank_pdf(path: Path) -> Path:
    """A PDF with no text layer at all, as a scanner without OCR makes them."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page(width=300, height=400)
    doc.save(path)
    doc.close()
    return path


def mismatched_source(root: Path) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.", encoding="utf-8")
    (src / "tin.txt.toml").write_text('kind = "book"\n', encoding="utf-8")
    make_pdf(src / "sach.pdf", "Sách", "Chăm sóc cây cà phê.")
    (src / "catalog.toml").write_text('[files."sach.pdf"]\nkind = "video"\n', encoding="utf-8")
    (src / "dung.txt").write_text("Bản tin chiều\nThời tiết.", encoding="utf-8")
    return src


# -- publish ----------------------------------------------------------------------------------
def test_publish_names_every_mismatched_document_and_writes_nothing(capsys, tmp_path: Path
                                                                    ) -> None:
    key_file = generate_keypair(tmp_path / "keys")[0]
    src, out = mismatched_source(tmp_path), tmp_path / "www" / "repo"
    code, _out, err = cafesach(capsys, "publish", str(src), "--out", str(out), "--key",
                               str(key_file), "--id", "vn.a", "--json")  # (no progress bar)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == ("cafesach: error: sach.pdf (application/pdf) cannot go in the video "
                        "collection; it can go in: book, handbook, document, infographic, "
                        "bulletin"), err
    assert lines[1] == ("cafesach: error: tin.txt (text/plain) cannot go in the book "
                        "collection; it can go in: bulletin"), err
    assert lines[2].startswith("cafesach: error: 2 documents set in a collection their "
                               "format cannot go in")
    assert lines[2].endswith("nothing was written") and len(lines) == 3, err
    assert not (tmp_path / "www").exists()


def test_a_kind_the_editor_gave_is_checked_before_any_document_is_read(
        tmp_path: Path, monkeypatch) -> None:
    from library.repository import publish as publish_module

    def extract(path: Path) -> None:
        raise AssertionError(f"{path.name} read before the kinds were checked")

    monkeypatch.setattr(publish_module, "extract", extract)
    with pytest.raises(InvalidInput, match=r"\n2 documents set in a collection"):
        publish(mismatched_source(tmp_path), tmp_path / "repo", PrivateKey.generate(),
                repository="vn.a")
    assert not (tmp_path / "repo").exists()


def test_a_mismatch_added_to_a_repository_leaves_it_as_it_was(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    src, out = mismatched_source(tmp_path), tmp_path / "repo"
    (src / "tin.txt.toml").unlink()
    (src / "catalog.toml").unlink()
    publish(src, out, key, repository="vn.a")
    before = tree(out)
    (src / "tin.txt.toml").write_text('kind = "handbook"\ntags = ["mới"]\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        publish(src, out, key)
    assert str(refused.value).splitlines()[0].startswith("tin.txt (text/plain) cannot go in "
                                                         "the handbook collection")
    assert "«Sổ tay»" in refused.value.message_vi
    assert tree(out) == before


def test_a_scan_is_refused_as_a_bulletin_once_read(tmp_path: Path) -> None:
    """Only extraction tells a scan from a text PDF: the refusal comes after it, and the
    objects it stored go again."""
    src = tmp_path / "src"
    src.mkdir()
    blank_pdf(src / "cong-van.pdf")
    (src / "cong-van.pdf.toml").write_text('kind = "bulletin"\n', encoding="utf-8")
    (src / "tin.txt").write_text("Bản tin\nmột", encoding="utf-8")
    out = tmp_path / "repo"
    with pytest.raises(InvalidInput, match=r"^cong-van\.pdf \(application/pdf\) has no text "
                       r"layer .*\n1 document set in a collection") as refused:
        publish(src, out, PrivateKey.generate(), repository="vn.a")
    assert "bản quét" in refused.value.message_vi
    assert not out.exists()
    (src / "cong-van.pdf.toml").write_text('kind = "document"\n', encoding="utf-8")
    publish(src, out, PrivateKey.generate(), repository="vn.a")
    assert {i.id: i.data["kind"] for i in index_of(out).items} == {"cong-van": "document",
                                                                   "tin": "bulletin"}


# -- import -----------------------------------------------------------------------------------
def republish_with_kinds(repo: Path, key: PrivateKey, kinds: dict[str, str]) -> None:
    """Sign `repo`'s index again with these items' kinds changed, as a publisher without
    the check (an older version, another tool) would have published it."""
    signed = json.loads((repo / idx.INDEX_NAME).read_bytes())["signed"]
    for entry in signed["items"]:
        entry["kind"] = kinds.get(entry["id"], entry["kind"])
    signed["version"] += 1
    (repo / idx.INDEX_NAME).write_bytes(idx.sign(signed, key))


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, PrivateKey]:
    key = PrivateKey.generate()
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.", encoding="utf-8")
    make_pdf(src / "so-tay.pdf", "Sổ tay", "Đảng viên gương mẫu.")
    (src / "so-tay.pdf.toml").write_text('kind = "handbook"\n', encoding="utf-8")
    publish(src, tmp_path / "repo", key, repository="vn.a")
    return tmp_path / "repo", key


def station(root: Path, key: PrivateKey):
    paths, catalog = new_station(root)
    TrustStore(catalog).add(key.public, name="Sở")
    return paths, catalog


def test_an_unusual_pair_that_fits_passes_untouched(tmp_path: Path, published) -> None:
    repo, key = published
    paths, catalog = station(tmp_path / "data", key)
    result = import_from(paths, catalog, str(repo))
    assert catalog.get("so-tay").kind == "handbook"
    assert catalog.get("tin").kind == "bulletin"
    assert result.warnings == []


@pytest.mark.parametrize("via", ["folder", "pack"])
def test_a_mismatched_entry_goes_in_its_formats_collection_with_a_notice(
        tmp_path: Path, published, via: str) -> None:
    repo, key = published
    republish_with_kinds(repo, key, {"tin": "book"})
    target = repo if via == "folder" else make_pack(repo, tmp_path / "p.zip").path
    paths, catalog = station(tmp_path / "data", key)
    result = import_from(paths, catalog, str(target))
    assert sorted(result.added) == ["so-tay", "tin"]  # the rest of the sync is not held back
    assert catalog.get("tin").kind == "bulletin"
    assert catalog.get("so-tay").kind == "handbook"
    [notice] = result.warnings
    assert notice.code == notices.KIND_MISFIT
    assert notice == ("item tin (text/plain) cannot go in the book collection; taken into "
                      "bulletin instead (ask the editor to correct its kind)")
    assert notice.message_vi == ("Mục tin không xếp được vào «Sách điện tử» (định dạng "
                                 "text/plain); đã xếp vào «Bản tin». Hãy báo người biên tập "
                                 "của tỉnh.")
    assert status.get(catalog, "vn.a").message == notice  # the panel shows it after the sync


def test_a_scan_published_as_a_bulletin_goes_in_its_formats_collection(tmp_path: Path) -> None:
    key = PrivateKey.generate()
    src = tmp_path / "src"
    src.mkdir()
    blank_pdf(src / "cong-van.pdf")
    publish(src, tmp_path / "repo", key, repository="vn.a")
    republish_with_kinds(tmp_path / "repo", key, {"cong-van": "bulletin"})
    paths, catalog = station(tmp_path / "data", key)
    result = import_from(paths, catalog, str(tmp_path / "repo"))
    assert catalog.get("cong-van").kind == "book"
    assert [n.code for n in result.warnings] == [notices.KIND_MISFIT]


def test_an_item_taken_in_a_wrong_collection_before_is_moved_at_the_next_import(
        tmp_path: Path, published) -> None:
    """A station that took a mismatched entry as published (before kinds were checked)
    still holds it there: the unchanged entry is taken again into its right collection."""
    from dataclasses import replace

    repo, key = published
    republish_with_kinds(repo, key, {"tin": "book"})
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, str(repo))
    catalog.put(replace(catalog.get("tin"), kind="book"), catalog.pages("tin"))  # as before
    result = import_from(paths, catalog, str(repo))
    assert result.updated == ["tin"] and result.unchanged == 1
    assert catalog.get("tin").kind == "bulletin"
    again = import_from(paths, catalog, str(repo))
    assert again.status == "unchanged" and again.warnings == []


def test_sync_status_says_what_the_last_sync_warned_of(capsys, tmp_path: Path,
                                                      published) -> None:
    repo, key = published
    republish_with_kinds(repo, key, {"tin": "book"})
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, str(repo))
    catalog.close()
    code, out, _err = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    assert code == 0
    first, warned = out.splitlines()
    assert first.startswith("vn.a: Nạp gói nội dung lần cuối")  # a folder: no sync
    assert warned == ("  item tin (text/plain) cannot go in the book collection; taken into "
                      "bulletin instead (ask the editor to correct its kind)")
