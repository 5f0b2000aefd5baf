"""Which publisher keys this station trusts, kept in the catalog database.

Trust lives in the catalog (table `trusted_keys`) rather than in loose files
so that what an import learns — a rotated-in key, a revocation — is
committed in the same transaction as the content it came with: a crash can
never leave new content without the key change that authorised it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, now_iso
from ..errors import InvalidInput, NotFound
from ..text import one_line
from ..vietnamese import fold
from .keys import PublicKey

#: Fewest key id characters `find` accepts (the short ids printed elsewhere have 8).
MIN_PREFIX = 8
#: Key file names that say nothing of whose key it is: `cafesach keygen` always writes
#: ``publisher.pub``; the others are what other tools call theirs.
GENERIC_KEY_FILES = frozenset({"publisher", "public", "key", "pubkey", "id_ed25519"})


def fallback_name(keyid: str) -> str:
    """«Khoá» and the first 8 characters of the key id: the name of a key given none, as
    the panel shows one — never a blank a technician cannot tell from another, nor give
    to `trust remove`."""
    return f"Khoá {keyid[:MIN_PREFIX]}"


def is_fallback_name(key: TrustedKey) -> bool:
    """Whether `key` has no better name than `fallback_name` (or none at all): a better
    one (a pack's publisher) may replace it, and the panel shows it in its language."""
    return not key.name or key.name == fallback_name(key.keyid)


def name_from_file(path: Path, keyid: str) -> str:
    """A name for the key read from `path` when none was given: the file's own name
    (``so-vhttdl-lamdong.pub``), unless it is a generic one such as keygen's
    ``publisher``; then `fallback_name`."""
    stem = one_line(path.stem)
    return stem if stem and stem.lower() not in GENERIC_KEY_FILES else fallback_name(keyid)


ALL_KEYS = "SELECT * FROM trusted_keys ORDER BY added, keyid"


def read_keys(db_path: Path) -> list[TrustedKey]:
    """The keys of the catalog file at `db_path`, read only (`trust list` on a
    read-only data folder)."""
    from .status import read_only_query

    return [_key(r) for r in read_only_query(db_path, ALL_KEYS)]


def _key(row: dict[str, Any]) -> TrustedKey:
    return TrustedKey(row["keyid"], row["name"],
                      PublicKey.from_b64(row["public"]) if row["public"] else None,
                      row["added"], row["via"], row["revoked"], row["reason"])


@dataclass(frozen=True)
class TrustedKey:
    keyid: str
    name: str
    public: PublicKey | None  # None for a revoked key only known by id
    added: str
    via: str | None  # the key that introduced this one by rotation
    revoked: str | None
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"keyid": self.keyid, "name": self.name, "added": self.added, "via": self.via,
                "revoked": self.revoked, "reason": self.reason}


class TrustStore:
    """The trusted (and revoked) publisher keys of one station."""

    def __init__(self, catalog: Catalog) -> None:
        self.sql = catalog
        self.catalog = catalog

    def all_keys(self) -> list[TrustedKey]:
        return [_key(r) for r in self.sql.query(ALL_KEYS)]

    def trusted(self) -> dict[str, PublicKey]:
        return {k.keyid: k.public for k in self.all_keys() if not k.revoked and k.public}

    def revoked(self) -> set[str]:
        return {r["keyid"] for r in self.sql.query(
            "SELECT keyid FROM trusted_keys WHERE revoked IS NOT NULL")}

    def add(self, public: PublicKey, *, name: str = "", via: str | None = None) -> TrustedKey:
        """Trust a key (again); a revoked key cannot be trusted again by adding it."""
        row = self.sql.execute("SELECT revoked FROM trusted_keys WHERE keyid = ?",
                              [public.id]).fetchone()
        if row and row[0]:
            raise InvalidInput(f"key {public.id[:8]} was revoked and cannot be trusted again",
                               message_vi="Khoá này đã bị thu hồi.")
        name = one_line(name)  # as `trust list` and the panel show it
        with self.catalog.atomic():
            self.sql.execute(
                "INSERT INTO trusted_keys(keyid, name, public, added, via) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(keyid) DO UPDATE SET name = CASE WHEN excluded.name != '' "
                "THEN excluded.name ELSE trusted_keys.name END, "
                # a key the catalog check cleared (unreadable): whole again. The key id
                # is the public key's hash, so this never changes a key that reads
                "public = excluded.public",
                [public.id, name, public.b64, now_iso(), via])
        return next(k for k in self.all_keys() if k.keyid == public.id)

    def find(self, name_or_id: str) -> TrustedKey:
        """The one key called `name_or_id`, or whose key id starts with it.

        A key id prefix needs `MIN_PREFIX` characters: an empty or very short
        prefix matches every key, and `trust remove ''` must not quietly drop
        the only trusted publisher. Several matches are refused, never guessed.
        """
        wanted = name_or_id.strip()
        if not wanted:
            raise InvalidInput("give the key's name or the start of its key id "
                               f"(at least {MIN_PREFIX} characters)",
                               message_vi="Hãy nhập tên hoặc mã khoá.")
        prefix = wanted.lower() if len(wanted) >= MIN_PREFIX else None
        # a name typed with marks may come composed or not («Sở» as one letter, or «S»,
        # «ơ» and a hook): the same name either way
        name = unicodedata.normalize("NFC", wanted)
        keys = self.all_keys()
        matches = [k for k in keys
                   if unicodedata.normalize("NFC", k.name) == name
                   or (prefix is not None and k.keyid.startswith(prefix))]
        if not matches:
            # A technician's terminal often has no Vietnamese input: «Sở TTTT Lâm Đồng»
            # typed as `So TTTT Lam Dong` names it too, when it names no other key.
            folded = " ".join(fold(wanted).split())
            matches = [k for k in keys if k.name and " ".join(fold(k.name).split()) == folded]
        if not matches:
            if prefix is None:
                raise InvalidInput(f"{wanted!r} is no key's name, and too short for a key id: "
                                   f"give at least {MIN_PREFIX} characters of it "
                                   "(`cafesach trust list` shows both)",
                                   message_vi="Mã khoá quá ngắn.")
            raise NotFound(f"no trusted key {wanted!r}: give a name as `cafesach trust list` "
                           "shows it, whole, or the start of a key id")
        if len(matches) > 1:
            raise InvalidInput(f"{wanted!r} matches {len(matches)} keys; give more of the key id",
                               message_vi="Có nhiều khoá khớp; hãy nhập thêm mã khoá.")
        return matches[0]

    def remove(self, name_or_id: str) -> TrustedKey:
        key = self.find(name_or_id)
        with self.catalog.atomic():
            self.sql.execute("DELETE FROM trusted_keys WHERE keyid = ?", [key.keyid])
        return key

    def revoke(self, keyid: str, reason: str = "", public: PublicKey | None = None) -> None:
        """Mark a key revoked for good (called inside an import's transaction)."""
        self.sql.execute(
            "INSERT INTO trusted_keys(keyid, name, public, added, revoked, reason) "
            "VALUES (?, '', ?, ?, ?, ?) ON CONFLICT(keyid) DO UPDATE SET "
            "revoked = COALESCE(trusted_keys.revoked, excluded.revoked), reason = excluded.reason",
            [keyid, public.b64 if public else "", now_iso(), now_iso(), reason])
