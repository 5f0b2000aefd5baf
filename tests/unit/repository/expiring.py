"""A station holding a real published index that expires soon, or has expired already."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from library.catalog import Catalog
from library.paths import DataPaths
from library.repository import index as idx
from library.repository.importer import ImportResult, import_from
from library.repository.keys import PrivateKey, generate_keypair, load_private
from library.repository.publish import publish
from library.repository.trust import TrustStore

REPOSITORY = "vn.lamdong.thuvien"
TITLE = "Thư viện tỉnh Lâm Đồng"


def publish_small(root: Path, *, expires_in: timedelta) -> tuple[Path, PrivateKey]:
    """One bulletin published as `REPOSITORY`, its index expiring `expires_in` from now."""
    generate_keypair(root / "keys")
    key = load_private(root / "keys" / "publisher.key")
    src = root / "src"
    src.mkdir(parents=True)
    (src / "ban-tin.txt").write_text("Bản tin sáng\nGiá cà phê hôm nay.\n", encoding="utf-8")
    repo = root / "repo"
    publish(src, repo, key, repository=REPOSITORY, title=TITLE, expires_in=expires_in)
    return repo, key


def expired_since(repo: Path, key: PrivateKey, ago: timedelta) -> datetime:
    """Sign `repo`'s index again as published 30 days before it expired, `ago` before
    now; return a moment at which it was still valid (when a station took it in)."""
    path = repo / idx.INDEX_NAME
    signed = json.loads(path.read_bytes())["signed"]
    expires = idx.utc_now() - ago
    signed.update(created=idx.iso(expires - timedelta(days=30)), expires=idx.iso(expires))
    path.write_bytes(idx.sign(signed, key))
    return expires - timedelta(days=10)


def hold(paths: DataPaths, catalog: Catalog, repo: Path, key: PrivateKey, *,
         now: datetime | None = None) -> ImportResult:
    """The station trusts `key` and takes `repo` in (from a folder, as from a stick)."""
    TrustStore(catalog).add(key.public, name="Sở VHTTDL")
    return import_from(paths, catalog, str(repo), now=now)
