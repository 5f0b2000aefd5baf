"""The repository index: format, canonical JSON, signing and verification.

`index.json` is one JSON object::

    {"signed": {...}, "signatures": [{"keyid": "…", "sig": "<base64 Ed25519>"}]}

The signature covers the *canonical* JSON of `signed` (keys sorted, no
spaces, UTF-8, no NaN), so any edit after signing is caught however the file
is re-formatted. `signed` holds (format version 1, documented in
docs/provincial-server.md):

- `format` (1), `repository` (id), `title`, `version` (only grows),
  `created`, `expires` (ISO 8601 UTC), `chunk_size`;
- `keys` — public keys of the signers, `{keyid: base64}`;
- `rotations` — `{old, new, new_public, signature}`: a new key introduced by
  the old one (the signature by `old` covers the canonical
  `{"new", "new_public", "old", "repository"}`);
- `revocations` — `{keyid, reason}`: keys no station may accept again;
- `items` — every item in full (an item missing from a full index is
  removed): metadata plus `object`, `cover`, `text` references
  `{sha256, size[, chunks]}`; `chunks` lists the sha256 of each
  `chunk_size` piece of objects larger than one chunk, so a broken download
  resumes from the last good chunk. `text` is a JSON list of the page
  texts, carried so stations never have to open documents to index them;
- `extensions` — a free object for later features (bulletin schedules);
  unknown keys elsewhere are ignored, a higher `format` is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..catalog import KINDS, check_id
from ..errors import LibraryError, PackError, UntrustedKey
from ..objects import check_digest
from .keys import PrivateKey, PublicKey, key_id

FORMAT = 1
INDEX_NAME = "index.json"
#: The two limits of one index, which agree: `MAX_ITEMS` realistic items (long
#: Vietnamese titles and summaries, tags, chunk lists of videos, bulletins with their
#: text: ≈ 2.4 KB each in `bench/index_limits.py`) take ≈ 57 MB, well within
#: `MAX_INDEX_BYTES`. A station reads such an index (parse, item digests, the canonical
#: bytes `verify` checks) in about 3 s with ≈ 320 MB more memory, one at the byte limit
#: in about 4 s with ≈ 450 MB (the kiosk reads it in a child process, `worker.py`, so the
#: screen does not wait and the memory is given back); so neither is raised further,
#: and a larger library is published as several repositories. `publish` refuses to
#: write an index beyond either limit.
MAX_INDEX_BYTES = 80 * 1024 * 1024
MAX_ITEMS = 25_000
#: The piece of an object whose sha256 the index lists, so a cut download resumes from
#: its last good piece. `publish` always writes `CHUNK_SIZE` (the command has no option
#: for it); a station reads one piece into memory at a time to check it (`fetch.
#: resume_offset`) and fetches at most one again after a cut. So a signed index with
#: pieces over `MAX_CHUNK_SIZE` (16× what publish writes: still a small read on a 4 GB
#: station, and a bounded loss on a slow line) is refused, whoever signed it: a
#: mistaken publisher's 4 GB pieces would have the station allocate 4 GB per check.
CHUNK_SIZE = 4 * 1024 * 1024
MIN_CHUNK_SIZE = 4096
MAX_CHUNK_SIZE = 64 * 1024 * 1024
_KEYID = re.compile(r"^[0-9a-f]{32}$")
#: Largest object an index may declare (a long video); larger is refused.
MAX_OBJECT_SIZE = 64 * 1024**3
#: Largest version, page count or duration an index may carry: the catalog keeps them
#: in SQLite's 64-bit integers, which a larger number would overflow half-way through
#: the import's commit.
MAX_NUMBER = 2**62


def _whole(value: Any, low: int, high: int) -> bool:
    """An integer from `low` to `high` (JSON's `true` is none, though Python's bool is)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _passes(check: Callable[[Any], Any], value: Any) -> bool:
    """True when a core check (`check_id`, `check_digest`) accepts `value`."""
    try:
        check(value)
    except LibraryError:
        return False
    return True


def is_item_id(value: Any) -> bool:
    """The catalog's own item-id rule, so every indexed id can be stored."""
    return _passes(check_id, value)


def is_repository_id(value: Any) -> bool:
    """Repository ids follow the item-id rule: short, lower-case, URL-safe."""
    return is_item_id(value)


def is_sha256(value: Any) -> bool:
    return _passes(check_digest, value)


def canonical(value: Any) -> bytes:
    """The bytes a signature covers: sorted keys, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(text: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError) as exc:
        raise PackError(f"index: {what} is not a date ({text!r})") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


# -- objects and items --------------------------------------------------------
@dataclass(frozen=True)
class ObjectRef:
    """One content-addressed file: its hash, size and (if large) chunk hashes."""

    sha256: str
    size: int
    chunks: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sha256": self.sha256, "size": self.size}
        if self.chunks:
            data["chunks"] = list(self.chunks)
        return data

    @property
    def path(self) -> str:
        """Where it lives inside a repository or pack."""
        return f"objects/{self.sha256[:2]}/{self.sha256[2:]}"


ITEM_TEXT_FIELDS = ("title", "kind", "publisher", "language", "summary", "media_type", "filename")
ITEM_OPTIONAL_TEXT = ("published", "public_url", "body")


@dataclass(frozen=True)
class IndexItem:
    """An item as the index carries it (metadata plus object references)."""

    data: dict[str, Any]
    object: ObjectRef | None
    cover: ObjectRef | None
    text: ObjectRef | None

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def refs(self) -> list[ObjectRef]:
        return [r for r in (self.object, self.cover, self.text) if r is not None]

    @property
    def digest(self) -> str:
        """Changes whenever anything about the item changes (used to skip no-ops)."""
        return hashlib.sha256(canonical(self.data)).hexdigest()


@dataclass
class Index:
    """A parsed, schema-checked index (not yet trusted until `verify` says so)."""

    signed: dict[str, Any]
    signatures: list[dict[str, str]]
    items: list[IndexItem] = field(default_factory=list)

    @property
    def repository(self) -> str:
        return str(self.signed["repository"])

    @property
    def version(self) -> int:
        return int(self.signed["version"])

    @property
    def expires(self) -> datetime:
        return parse_time(self.signed["expires"], "expires")

    @property
    def chunk_size(self) -> int:
        return int(self.signed.get("chunk_size", CHUNK_SIZE))

    @property
    def title(self) -> str:
        return str(self.signed.get("title") or self.repository)

    @property
    def extensions(self) -> dict[str, Any]:
        return dict(self.signed.get("extensions") or {})

    def objects(self) -> dict[str, ObjectRef]:
        """Every object the index names, by sha256."""
        found: dict[str, ObjectRef] = {}
        for item in self.items:
            for ref in item.refs():
                found.setdefault(ref.sha256, ref)
        return found


def _fail(message: str) -> PackError:
    return PackError(f"index: {message}", message_vi="Mục lục của kho không hợp lệ.")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _fail(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    """`NaN` and `Infinity`, which Python's json reads but no signature can cover."""
    raise _fail(f"{name} is not a number JSON allows")


def _ref(value: Any, where: str, chunk_size: int) -> ObjectRef | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail(f"{where} is not an object reference")
    sha, size, chunks = value.get("sha256"), value.get("size"), value.get("chunks", [])
    if not is_sha256(sha):
        raise _fail(f"{where}.sha256 is not a sha256")
    if not _whole(size, 0, MAX_OBJECT_SIZE):
        raise _fail(f"{where}.size is not a valid size")
    if not isinstance(chunks, list) or not all(is_sha256(c) for c in chunks):
        raise _fail(f"{where}.chunks is not a list of sha256")
    if chunks and len(chunks) != -(-size // chunk_size):
        raise _fail(f"{where}.chunks does not match its size")
    return ObjectRef(sha, size, tuple(chunks))


def _item(value: Any, position: int, chunk_size: int) -> IndexItem:
    where = f"items[{position}]"
    if not isinstance(value, dict):
        raise _fail(f"{where} is not an object")
    item_id = value.get("id")
    if not is_item_id(item_id):
        raise _fail(f"{where}.id is not a valid item id")
    for name in ITEM_TEXT_FIELDS:
        if not isinstance(value.get(name, ""), str):
            raise _fail(f"{where}.{name} is not text")
    for name in ITEM_OPTIONAL_TEXT:
        if value.get(name) is not None and not isinstance(value[name], str):
            raise _fail(f"{where}.{name} is not text")
    if value.get("kind") not in KINDS:
        raise _fail(f"{where}.kind is not one of {', '.join(KINDS)}")
    for name in ("authors", "tags"):
        seq = value.get(name, [])
        if not isinstance(seq, list) or not all(isinstance(s, str) for s in seq):
            raise _fail(f"{where}.{name} is not a list of text")
    for name in ("featured", "scanned"):
        if not isinstance(value.get(name, False), bool):
            raise _fail(f"{where}.{name} is not true/false")
    count = value.get("page_count", 0)
    if not _whole(count, 0, MAX_NUMBER):
        raise _fail(f"{where}.page_count is not a number")
    duration = value.get("duration_s")
    if duration is not None and (not isinstance(duration, int | float)
                                 or isinstance(duration, bool)
                                 or not 0 <= duration <= MAX_NUMBER):
        raise _fail(f"{where}.duration_s is not a number")
    return IndexItem(value, _ref(value.get("object"), f"{where}.object", chunk_size),
                     _ref(value.get("cover"), f"{where}.cover", chunk_size),
                     _ref(value.get("text"), f"{where}.text", chunk_size))


def parse(raw: bytes) -> Index:
    """Parse and schema-check index bytes; every problem is a `PackError` naming it."""
    if len(raw) > MAX_INDEX_BYTES:
        raise _fail(f"the index is {len(raw) // (1024 * 1024)} MB, larger than the "
                    f"{MAX_INDEX_BYTES // (1024 * 1024)} MB limit")
    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates,
                         parse_constant=_no_constant)
    except RecursionError as exc:
        raise _fail("the JSON is nested too deeply") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, PackError):
            raise
        head = raw[:200].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise _fail("got a web page instead of the index (a captive portal? "
                        "log in to the network first)") from exc
        raise _fail(f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("signed"), dict):
        raise _fail("no signed part")
    signed, signatures = doc["signed"], doc.get("signatures")
    if not isinstance(signatures, list) or not signatures or not all(
            isinstance(s, dict) and isinstance(s.get("keyid"), str)
            and isinstance(s.get("sig"), str) for s in signatures):
        raise _fail("no signatures")
    fmt = signed.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise _fail("no format version")
    if fmt > FORMAT:
        raise _fail(f"format {fmt} is newer than this program understands ({FORMAT}); "
                    "update the station")
    repo = signed.get("repository")
    if not is_repository_id(repo):
        raise _fail("repository id is missing or invalid")
    version = signed.get("version")
    if not _whole(version, 1, MAX_NUMBER):
        raise _fail("version is not a positive number")
    for name in ("created", "expires"):
        if not isinstance(signed.get(name), str):
            raise _fail(f"{name} is missing")
        parse_time(signed[name], name)
    chunk_size = signed.get("chunk_size", CHUNK_SIZE)
    if not _whole(chunk_size, MIN_CHUNK_SIZE, MAX_NUMBER):
        raise _fail("chunk_size is invalid")
    if chunk_size > MAX_CHUNK_SIZE:
        raise _fail(f"chunk_size {chunk_size} is larger than the "
                    f"{MAX_CHUNK_SIZE // (1024 * 1024)} MiB a station reads at once (publish "
                    f"writes {CHUNK_SIZE // (1024 * 1024)} MiB)")
    for name, kind in (("keys", dict), ("rotations", list), ("revocations", list),
                       ("extensions", dict), ("items", list)):
        if not isinstance(signed.get(name, kind()), kind):
            raise _fail(f"{name} has the wrong type")
    raw_items = signed.get("items", [])
    if len(raw_items) > MAX_ITEMS:
        raise _fail(f"{len(raw_items)} items, more than the {MAX_ITEMS} a station takes "
                    "in one repository")
    items = [_item(v, n, chunk_size) for n, v in enumerate(raw_items)]
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise _fail("two items share an id")
    sizes: dict[str, int] = {}
    for item in items:
        for ref in item.refs():
            if sizes.setdefault(ref.sha256, ref.size) != ref.size:
                raise _fail(f"object {ref.sha256[:12]} is declared with two sizes")
    return Index(signed, signatures, items)


# -- signing ------------------------------------------------------------------
def rotation_body(repository: str, old: str, new: PublicKey) -> dict[str, str]:
    return {"new": new.id, "new_public": new.b64, "old": old, "repository": repository}


def make_rotation(repository: str, old_key: PrivateKey, new: PublicKey) -> dict[str, str]:
    """A record, signed by the old key, that hands the repository to `new`."""
    body = rotation_body(repository, old_key.public.id, new)
    return {**body, "signature": old_key.sign(canonical(body))}


def sign(signed: dict[str, Any], key: PrivateKey) -> bytes:
    """The bytes of `index.json`: the signed part and one signature."""
    signed = dict(signed)
    signed.setdefault("keys", {})
    signed["keys"] = {**signed["keys"], key.public.id: key.public.b64}
    envelope = {"signatures": [{"keyid": key.public.id, "sig": key.sign(canonical(signed))}],
                "signed": signed}
    return json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# -- verification -------------------------------------------------------------
@dataclass(frozen=True)
class Verified:
    """Who signed an index, and which keys it taught us."""

    signer: str
    learned: dict[str, tuple[PublicKey, str]]  # new keyid -> (key, old keyid)
    revoked: dict[str, str]  # keyid -> reason, from this index


def verify(index: Index, trusted: dict[str, PublicKey], revoked: set[str], *,
           pinned: str | None = None) -> Verified:
    """Check the signature against trusted keys, following signed key rotations.

    `pinned` is the key this repository was last signed with: a different
    signer is accepted only if a rotation chain leads to it from `pinned`.
    """
    try:
        message = canonical(index.signed)
    except ValueError as exc:  # a lone surrogate (`"\ud800"`): text UTF-8 cannot carry
        raise _fail(f"holds text that is not valid Unicode ({exc})") from exc
    index_revoked: dict[str, str] = {}
    for entry in index.signed.get("revocations", []):
        if isinstance(entry, dict) and isinstance(entry.get("keyid"), str):
            index_revoked[entry["keyid"]] = str(entry.get("reason", ""))
    all_revoked = set(revoked) | set(index_revoked)
    # A key this very index revokes may still hand over to its successor (rotate and
    # revoke in one step after a loss); it can no longer sign anything itself.
    known = {k: v for k, v in trusted.items() if k not in revoked}
    parent: dict[str, str] = {}
    learned: dict[str, tuple[PublicKey, str]] = {}
    rotations = [r for r in index.signed.get("rotations", []) if isinstance(r, dict)]
    changed = True
    while changed:
        changed = False
        for rot in rotations:
            old, new = rot.get("old"), rot.get("new")
            if old not in known or not isinstance(new, str) or new == old or new in parent:
                continue
            if new in all_revoked:
                continue
            public = PublicKey.from_b64(str(rot.get("new_public", "")))
            body = rotation_body(index.repository, old, public)
            if public.id != new or not known[old].verify(str(rot.get("signature", "")),
                                                         canonical(body)):
                raise _fail(f"key rotation {old[:8]}→{str(new)[:8]} is not signed by the old key")
            # A successor the station already trusts (its key given to the librarian
            # too) is not learned again, but the rotation still links it to the key
            # the repository is pinned to.
            if new not in known:
                known[new] = public
                learned[new] = (public, old)
            parent[new] = old
            changed = True
    bad_signature = None
    for sig in index.signatures:
        kid = sig["keyid"]
        if kid in all_revoked:
            raise PackError(f"index is signed by a revoked key {kid[:8]}",
                            message_vi="Kho được ký bằng khoá đã bị thu hồi.")
        if kid not in known:
            continue
        if not known[kid].verify(sig["sig"], message):
            bad_signature = kid
            continue
        if pinned and kid != pinned:
            step, seen = kid, {kid}
            while step in parent and step != pinned and parent[step] not in seen:
                step = parent[step]
                seen.add(step)
            if step != pinned:
                raise PackError(
                    f"repository {index.repository} is published with key {pinned[:8]}, "
                    f"this index is signed by {kid[:8]} without a rotation from it",
                    message_vi="Kho này được ký bằng một khoá khác với trước đây.")
        return Verified(kid, {k: v for k, v in learned.items()}, index_revoked)
    if bad_signature:
        raise PackError(f"the index was changed after signing (signature by {bad_signature[:8]} "
                        "does not match)", message_vi="Mục lục đã bị sửa sau khi ký.")
    names = ", ".join(s["keyid"][:8] for s in index.signatures)
    raise UntrustedKey(f"index is signed by an unknown key ({names}); trust the publisher "
                       "with `cafesach trust add KEYFILE`",
                       message_vi="Kho được ký bằng khoá chưa được tin cậy.")


def is_key_id(text: str) -> bool:
    return bool(_KEYID.match(text))


__all__ = ["CHUNK_SIZE", "FORMAT", "INDEX_NAME", "Index", "IndexItem", "ObjectRef",
           "Verified", "canonical", "iso", "key_id", "make_rotation", "parse", "sign",
           "utc_now", "verify"]
