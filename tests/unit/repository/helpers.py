"""Building blocks shared by the repository tests and the fuzz tests."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from library.catalog import Catalog
from library.paths import DataPaths, font_files
from library.repository import index as idx
from library.repository.keys import PrivateKey, generate_keypair, load_private
from library.repository.pack import make_pack
from library.repository.publish import publish
from library.repository.trust import TrustStore

#: Small chunks so that a few hundred KB already make chunked, resumable objects.
CHUNK = 64 * 1024


def make_pdf(path: Path, title: str, text: str) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    page.insert_font(fontname="vn", fontfile=str(font_files()[0]))
    page.insert_textbox(pymupdf.Rect(20, 20, 280, 380), text, fontname="vn", fontsize=11)
    doc.set_metadata({"title": title})
    doc.subset_fonts()
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path


def random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def make_wav(path: Path, size: int, seed: int) -> Path:
    """A playable audio file of noise (large enough to be chunked)."""
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(random_bytes(size, seed))
    return path


@dataclass
class World:
    """Keys, a source folder, two published versions and their packs (built once)."""

    root: Path
    key: PrivateKey
    key_dir: Path
    other: PrivateKey  # a publisher nobody trusts
    repo_v1: Path
    repo_v2: Path
    pack_v1: Path
    pack_v1_books: Path
    pack_v2: Path

    @property
    def public_file(self) -> Path:
        return self.key_dir / "publisher.pub"


def build_world(root: Path) -> World:
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    key_dir = root / "keys"
    generate_keypair(key_dir)
    key = load_private(key_dir / "publisher.key")
    src = root / "src"
    src.mkdir()
    make_pdf(src / "cay-ca-phe.pdf", "Kỹ thuật trồng cà phê", "Chăm sóc cây cà phê ở Lâm Đồng.")
    make_pdf(src / "so-tay.pdf", "Sổ tay đảng viên", "Đảng viên gương mẫu, chuyển đổi số.")
    (src / "ban-tin-1.txt").write_text("Bản tin sáng thứ hai\nGiá nông sản hôm nay.\n")
    (src / "ban-tin-2.txt").write_text("Bản tin chiều\nThời tiết Đà Lạt.\n")
    make_wav(src / "clip.wav", 300_000, 1)
    (src / "catalog.toml").write_text(
        '[repository]\nid = "vn.lamdong.thuvien"\ntitle = "Thư viện tỉnh Lâm Đồng"\n'
        '[files."so-tay.pdf"]\nkind = "handbook"\ntags = ["đảng viên"]\nfeatured = true\n'
        '[files."cay-ca-phe.pdf"]\ntags = ["nông nghiệp"]\n'
        '[extensions]\nbulletin_schedule = [{ item = "ban-tin-1", at = "07:00" }]\n',
        encoding="utf-8")
    repo_v1 = root / "www" / "v1"
    publish(src, repo_v1, key, chunk_size=CHUNK)
    repo_v2 = root / "www" / "v2"
    shutil.copytree(repo_v1, repo_v2)
    (src / "ban-tin-2.txt").unlink()
    (src / "ban-tin-3.txt").write_text("Bản tin tối\nLịch chiếu phim lưu động.\n")
    make_wav(src / "clip.wav", 300_000, 2)
    (src / "cay-ca-phe.pdf.toml").write_text('summary = "Sách hướng dẫn mới"\n')
    make_pdf(src / "chuyen-doi-so.pdf", "Chuyển đổi số ở xã", "Hướng dẫn chuyển đổi số.")
    publish(src, repo_v2, key, chunk_size=CHUNK)
    packs = root / "packs"
    packs.mkdir(exist_ok=True)
    pack_v1 = make_pack(repo_v1, packs / "v1.zip").path
    pack_v1_books = make_pack(repo_v1, packs / "v1-books.zip", kinds=("book",)).path
    pack_v2 = make_pack(repo_v2, packs / "v2.zip").path
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            if name != "publisher.key":
                os.chmod(Path(folder) / name, 0o644)
    return World(root, key, key_dir, PrivateKey.generate(), repo_v1, repo_v2, pack_v1,
                 pack_v1_books, pack_v2)


def new_station(root: Path, world: World | None = None) -> tuple[DataPaths, Catalog]:
    """A data folder whose catalog trusts the world's publisher key."""
    paths = DataPaths(root).ensure()
    catalog = Catalog.open(paths)
    if world is not None:
        TrustStore(catalog).add(world.key.public, name="Sở VHTTDL")
    return paths, catalog


def snapshot(paths: DataPaths) -> dict[str, Any]:
    """Everything an import may change, read straight from the files."""
    conn = sqlite3.connect(paths.catalog_db)
    try:
        items = conn.execute("SELECT * FROM items ORDER BY id").fetchall()
        pages = conn.execute("SELECT item_num, page, text FROM pages ORDER BY item_num, page"
                             ).fetchall()
        # a first sync's failure is kept as a line for the status (version 0): no content
        repos = conn.execute("SELECT id, version, publisher_key, index_sha256 FROM repositories "
                             "WHERE NOT (version = 0 AND status = 'error') ORDER BY id").fetchall()
        digests = conn.execute("SELECT * FROM repository_items ORDER BY 1, 2").fetchall()
        keys = conn.execute("SELECT keyid, revoked FROM trusted_keys ORDER BY 1").fetchall()
    finally:
        conn.close()
    objects = sorted(str(p.relative_to(paths.objects)) for p in paths.objects.rglob("*")
                     if p.is_file())
    return {"items": items, "pages": pages, "repos": repos, "digests": digests,
            "keys": keys, "objects": objects}


def assert_untouched(before: dict[str, Any], paths: DataPaths) -> None:
    """Catalog and objects exactly as before; nothing left in staging."""
    after = snapshot(paths)
    assert after == before
    leftovers = [p.name for p in paths.staging.glob("import-*")]
    assert leftovers == []


def index_of(repo: Path) -> idx.Index:
    return idx.parse((repo / idx.INDEX_NAME).read_bytes())


def clip_of(repo: Path) -> idx.ObjectRef:
    """The object of the `clip` item: the one large enough to span several chunks."""
    return next(i for i in index_of(repo).items if i.id == "clip").object


@contextmanager
def read_only_mount(point: Path, fill: Callable[[Path], None]) -> Iterator[Path]:
    """A real tmpfs at `point`, filled by `fill(point)`, then remounted read-only.

    Not even root can write there (a write-protected stick, a read-only data
    folder); skipped where mounting is not permitted.
    """
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only mount needs root and mount(8)")
    point.mkdir(parents=True)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(point)],
                          capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"mount not permitted here ({made.stderr.strip()})")
    try:
        fill(point)
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True,
                       capture_output=True)
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
