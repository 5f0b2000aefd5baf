"""The demo library: reproducible build, pinned by hash, loaded in one transaction."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from library import demo, demo_build
from library.catalog import Catalog
from library.documents import reader
from library.errors import PackError
from library.paths import DataPaths
from library.search import Search


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_build.build_demo(tmp_path_factory.mktemp("demo") / "out")


@pytest.fixture()
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with Catalog.open(DataPaths(tmp_path / "data")) as cat:
        yield cat


def test_build_is_reproducible_and_matches_the_lock(built: Path, tmp_path: Path) -> None:
    again = demo_build.build_demo(tmp_path / "again")
    first, second = _hashes(built), _hashes(again)
    assert first == second
    assert len(first) == 2 * 12 + 1  # file + cover per item, and the manifest
    assert first["manifest.json"] == demo.read_lock()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def test_manifest_describes_every_file(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    kinds = [entry["kind"] for entry in manifest["items"]]
    assert {"book", "infographic", "handbook", "bulletin"} <= set(kinds)
    assert kinds.count("book") == 4 and kinds.count("infographic") == 3
    for entry in manifest["items"]:
        data = (built / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["size"]
        assert len(entry["pages"]) == entry["page_count"] >= 1
        assert all(p.strip() for p in entry["pages"]), entry["id"]
        assert pymupdf.Pixmap(str(built / entry["cover"])).width == demo_build.COVER_WIDTH
        if entry["kind"] in ("book", "handbook"):
            with pymupdf.open(built / entry["file"]) as doc:
                assert doc.page_count == entry["page_count"]
                # the text the document worker reads when a station imports the file
                assert reader.text(doc, None) == entry["pages"]
                assert doc.metadata["creationDate"] == demo_build.PDF_DATE
        if entry["kind"] == "book":
            assert 3 <= entry["page_count"] <= 8
        if entry["kind"] == "bulletin":
            assert entry["body"] == data.decode("utf-8")


def test_pdf_keeps_vietnamese_text_and_embeds_the_font(built: Path) -> None:
    with pymupdf.open(built / "demo-chuyen-doi-so.pdf") as doc:
        text = "".join(page.get_text() for page in doc)
        fonts = {font[3] for page in doc for font in page.get_fonts()}
    assert "chuyển đổi số" in text and "định danh điện tử" in text
    assert any("Noto" in name for name in fonts)
    with pymupdf.open(built / "demo-so-tay-dang-vien.pdf") as doc:
        assert "đảng viên" in "".join(page.get_text() for page in doc)


def test_infographics_are_pngs_of_the_declared_size(built: Path) -> None:
    portrait = pymupdf.Pixmap(str(built / "demo-info-phong-chong-bao-lu.png"))
    assert (portrait.width, portrait.height) == (1080, 1528)
    landscape = pymupdf.Pixmap(str(built / "demo-info-dich-vu-cong.png"))
    assert (landscape.width, landscape.height) == (1600, 900)


def test_load_demo_fills_an_empty_catalog_once(built: Path, catalog: Catalog) -> None:
    added = demo.load_demo(catalog, built)
    assert added == 12 == len(catalog)
    assert set(catalog.kind_counts()) >= {"book", "infographic", "handbook", "bulletin"}
    for item in catalog:
        assert item.source == "demo"
        assert catalog.objects is not None
        assert catalog.objects.verify(item.sha256)
        assert item.cover_sha256 and catalog.objects.verify(item.cover_sha256)
        assert len(catalog.pages(item.id)) == item.page_count
    bulletin = catalog.get("demo-ban-tin-ngay-hoi-chuyen-doi-so")
    assert bulletin.body and "10/8/2026" in bulletin.body and "UBND" in bulletin.body
    assert "chuyển đổi số" in catalog.page_text("demo-chuyen-doi-so", 2)
    assert catalog.items(featured=True)
    assert demo.load_demo(catalog, built) == 0
    assert len(catalog) == 12


def test_a_demo_removed_item_by_item_does_not_come_back(built: Path, catalog: Catalog) -> None:
    """The librarian removed all 12 demo items before loading packs: the empty catalog
    is not a new station's, and stays empty."""
    assert demo.load_demo(catalog, built) == 12
    assert catalog.get_state(demo.DEMO_LOADED)
    for item in list(catalog):
        catalog.remove(item.id, drop_files=True)
    assert len(catalog) == 0
    assert demo.load_demo(catalog, built) == 0
    assert len(catalog) == 0 and not list(catalog.objects or [])


def test_a_catalog_found_holding_items_is_past_its_demo(built: Path, catalog: Catalog,
                                                        tmp_path: Path) -> None:
    """A station started with items already there (packs loaded first, or a demo loaded
    before the catalog recorded it) is no new station: emptied later, it stays empty."""
    own = tmp_path / "own.txt"
    own.write_text("Bản tin riêng của thư viện.", encoding="utf-8")
    catalog.add_file(own, item_id="own")
    assert demo.load_demo(catalog, built) == 0
    assert catalog.get_state(demo.DEMO_LOADED)
    catalog.remove("own")
    assert demo.load_demo(catalog, built) == 0 and len(catalog) == 0


def test_a_demo_that_fails_to_load_is_not_recorded(built: Path, catalog: Catalog,
                                                   tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(built, bad)
    (bad / "demo-nong-san-cho-4-0.pdf").write_bytes(b"%PDF-1.7 not the demo")
    with pytest.raises(PackError):
        demo.load_demo(catalog, bad)
    assert catalog.get_state(demo.DEMO_LOADED) is None
    assert demo.load_demo(catalog, built) == 12  # the next start still loads it


def test_load_demo_leaves_a_used_catalog_alone(built: Path, catalog: Catalog,
                                               tmp_path: Path) -> None:
    own = tmp_path / "own.txt"
    own.write_text("Bản tin riêng của thư viện.", encoding="utf-8")
    catalog.add_file(own, item_id="own")
    assert demo.load_demo(catalog, built) == 0
    assert [item.id for item in catalog] == ["own"]


def test_tampered_file_is_refused_and_nothing_is_added(built: Path, catalog: Catalog,
                                                       tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(built, bad)
    target = bad / "demo-nong-san-cho-4-0.pdf"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(PackError, match=r"demo-nong-san-cho-4-0\.pdf"):
        demo.load_demo(catalog, bad)
    assert len(catalog) == 0
    assert catalog.objects is not None and not list(catalog.objects)


def test_tampered_manifest_does_not_match_the_lock(built: Path, catalog: Catalog,
                                                   tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(built, bad)
    manifest = json.loads((bad / "manifest.json").read_text(encoding="utf-8"))
    manifest["items"][0]["title"] = "Tiêu đề giả mạo"
    (bad / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PackError, match=r"demo\.lock"):
        demo.load_demo(catalog, bad)
    assert len(catalog) == 0


def test_search_without_marks_finds_demo_items(built: Path, catalog: Catalog) -> None:
    demo.load_demo(catalog, built)
    search = Search(catalog)
    ids = [hit.item.id for hit in search.search("chuyen doi so")]
    assert "demo-chuyen-doi-so" in ids
    assert "demo-so-tay-dang-vien" in [hit.item.id for hit in search.search("dang vien")]


def test_demo_dir_rebuilds_only_when_sources_change(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "bundle_root", lambda: tmp_path)
    folder = demo.demo_dir()
    assert folder == tmp_path / "build" / "demo"
    assert demo.verify_demo(folder)["source_hash"] == demo_build.source_hash()
    stamp = (folder / "manifest.json").stat().st_mtime_ns
    assert demo.demo_dir() == folder
    assert (folder / "manifest.json").stat().st_mtime_ns == stamp  # not rebuilt
    (folder / "manifest.json").write_text("{}", encoding="utf-8")  # stale or broken
    demo.demo_dir()
    assert demo.verify_demo(folder)["items"]


def test_frozen_install_uses_the_shipped_demo(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "is_frozen", lambda: True)
    monkeypatch.setattr(demo, "bundle_root", lambda: tmp_path)
    assert demo.demo_dir() == tmp_path / "demo"
    assert not (tmp_path / "demo").exists()  # never built inside a bundle


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo._main(["build", str(tmp_path / "cli")]) == 0
    assert demo.read_lock() in capsys.readouterr().out
    assert demo._main(["nonsense"]) == 2
