"""Ed25519 publisher keys: make, save, load, sign, verify.

We use `cryptography` (already a pinned dependency of the tree, wheels for
Linux and Windows, audited OpenSSL underneath) rather than PyNaCl, so the
station carries one crypto library. Keys are stored as PEM (PKCS#8 for the
private key, SubjectPublicKeyInfo for the public one) so standard tools can
read them; a key is named by its *key id*, the first 32 hex digits of the
sha256 of its raw 32 public bytes.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ..errors import InvalidInput, PackError, StorageError
from ..files import current_umask, fsync_dir, new_temp, remove_left_temps, write_atomic

PRIVATE_NAME = "publisher.key"
PUBLIC_NAME = "publisher.pub"


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:32]


@dataclass(frozen=True)
class PublicKey:
    """A publisher's public key (what a station trusts)."""

    raw: bytes

    @property
    def id(self) -> str:
        return key_id(self.raw)

    @property
    def b64(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    @classmethod
    def from_b64(cls, text: str) -> PublicKey:
        try:
            raw = base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise PackError("a public key in the index is not base64") from exc
        if len(raw) != 32:
            raise PackError("a public key in the index is not an Ed25519 key")
        return cls(raw)

    def verify(self, signature_b64: str, message: bytes) -> bool:
        try:
            sig = base64.b64decode(signature_b64.encode("ascii"), validate=True)
            Ed25519PublicKey.from_public_bytes(self.raw).verify(sig, message)
        except (InvalidSignature, ValueError, UnicodeEncodeError):
            return False
        return True

    def pem(self) -> bytes:
        return Ed25519PublicKey.from_public_bytes(self.raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class PrivateKey:
    """A publisher's signing key (stays with the provincial editor)."""

    key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> PrivateKey:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.key.sign(message)).decode("ascii")

    def pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def _published_repository_around(folder: Path) -> Path | None:
    """The published repository (an index beside `objects/`) that `folder` is or lies in,
    by the path as given or with its links followed (a link to a folder inside the
    repository puts the key there just the same); None when there is none, or when a
    folder on the way cannot be looked into (the write then says why)."""
    from .index import INDEX_NAME

    for path in dict.fromkeys((folder.absolute(), folder.resolve())):
        for candidate in (path, *path.parents):
            try:
                if (candidate / INDEX_NAME).is_file() and (candidate / "objects").is_dir():
                    return candidate
            except OSError:
                continue
    return None


def generate_keypair(out_dir: Path, *, overwrite: bool = False) -> tuple[Path, Path, PublicKey]:
    """Write `publisher.key` (mode 600) and `publisher.pub` into `out_dir`.

    Both targets are checked before anything is written, and both files are
    written whole beside their targets before either is renamed into place:
    a failure (a full disk, a folder where a key should be) leaves the old
    pair exactly as it was. The public key is renamed first, so even a power
    cut between the two renames never loses an old secret key — the one
    thing that cannot be made again (its public half can: `trust add`
    accepts the secret file and reads the public half from it).
    """
    private_path, public_path = out_dir / PRIVATE_NAME, out_dir / PUBLIC_NAME
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"cannot write keys into {out_dir}: it is a file, not a folder",
                           message_vi="Đây là tệp, không phải thư mục.")
    repository = _published_repository_around(out_dir)
    if repository is not None:
        # `--out` typed as the repository: its web server would hand the key to anyone
        raise InvalidInput(f"cannot write keys into {out_dir}: it is in the published "
                           f"repository {repository}, which the web server hands to anyone; "
                           "give a folder of the editor's own",
                           message_vi="Không để khoá trong thư mục kho sẽ đưa lên mạng.")
    for target in (private_path, public_path):
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise InvalidInput(f"cannot write {target}: it is not a regular file; it is left "
                               "as it is", message_vi="Không ghi đè lên thứ không phải tệp.")
    if not overwrite and (private_path.exists() or public_path.exists()):
        raise InvalidInput(f"{out_dir} already holds a key; refusing to overwrite it (give "
                           "another --out for a new key, or --force to replace this one: "
                           "stations that trust it then refuse what the new one signs)",
                           message_vi="Thư mục đã có khoá; không ghi đè.")
    key = PrivateKey.generate()
    written: list[Path] = []
    holds: list[int] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        old_public = public_path.read_bytes() if public_path.exists() else None
        private_tmp = _write_temp(private_path, key.pem(), 0o600, written, holds)
        public_tmp = _write_temp(public_path, key.public.pem(),
                                 0o644 & ~current_umask(), written, holds)
        os.replace(public_tmp, public_path)
        try:
            os.replace(private_tmp, private_path)
        except OSError:
            _restore(public_path, old_public)
            raise
        fsync_dir(out_dir)
    except OSError as exc:
        raise StorageError(f"cannot write keys into {out_dir}: {exc.strerror or exc}; "
                           "no key was changed",
                           message_vi="Không ghi được khoá.") from exc
    finally:
        for leftover in written:
            leftover.unlink(missing_ok=True)
        for hold in holds:
            os.close(hold)
    for target in (private_path, public_path):
        # what a keygen killed mid-write left: a secret key's copy among them
        remove_left_temps(target)
    return private_path, public_path, key.public


def _write_temp(target: Path, data: bytes, mode: int, written: list[Path],
                holds: list[int]) -> Path:
    """`data` in a new, fsynced file beside `target` (recorded in `written`, the
    descriptor holding its lock in `holds`: see `files.new_temp`)."""
    fd, tmp, hold = new_temp(target)
    written.append(tmp)
    if hold is not None:
        holds.append(hold)
    with os.fdopen(fd, "wb") as fh:
        os.chmod(tmp, mode)  # mkstemp made it 0600: right for the secret key only
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def _restore(public_path: Path, old: bytes | None) -> None:
    """Put the old public key back after the secret key could not be replaced."""
    with contextlib.suppress(OSError):
        if old is None:
            public_path.unlink()
        else:
            write_atomic(public_path, old)


def load_private(path: Path) -> PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the key ({exc.strerror})") from exc
    if b"PUBLIC KEY" in data and b"PRIVATE KEY" not in data:
        raise InvalidInput(f"{path} is the public key: sign with the secret key "
                           f"({PRIVATE_NAME}, made beside it by keygen)",
                           message_vi="Đây là khoá công khai; hãy dùng khoá bí mật.")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:  # the library's words name PEM framing and a URL
        raise InvalidInput(f"{path}: not a secret key made by `cafesach keygen` (damaged, "
                           f"or another file); give the {PRIVATE_NAME} file",
                           message_vi="Tệp này không phải khoá bí mật.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path}: not an Ed25519 private key")
    return PrivateKey(key)


def load_public(path: Path) -> PublicKey:
    """A public key file (PEM); a private key file is accepted too (its public half)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
    if b"PRIVATE KEY" in data:
        return load_private(path).public
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise InvalidInput(f"{path}: not a public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{path}: not an Ed25519 public key")
    return PublicKey(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
