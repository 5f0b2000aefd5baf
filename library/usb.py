"""USB sticks: which are inserted, which packs they carry, and safe eject.

On Linux the sticks come from the kernel's real mount table
(``/proc/self/mountinfo``), not from guessing folder names: a mount counts as
a stick when it sits under a removable-media root (``/media``, ``/run/media``
— where udisks2 and desktop automounters put them) or when sysfs says its
block device is removable, and its file system is one sticks use (FAT,
exFAT, NTFS, …). On Windows every drive letter of type "removable" is one.

Packs on a stick are found by file extension (`PACK_PATTERNS`, any letter
case) at the top level and in a ``cafesach/`` folder; `describe_pack` reads
title, version and signature with the repository code's own pack reader.

Safe eject uses ``udisksctl unmount`` + ``power-off`` where udisks2 is
installed (no root needed, the light on the stick goes out), else plain
``umount`` (needs root; the stick may then be pulled once it returns).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LibraryError, StorageError

log = logging.getLogger("cafesach.usb")

MOUNTINFO = Path("/proc/self/mountinfo")
MEDIA_ROOTS: tuple[str, ...] = ("/media", "/run/media")
REMOVABLE_FSTYPES = frozenset({
    "vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk", "hfsplus", "udf", "iso9660",
    "ext2", "ext3", "ext4", "btrfs", "f2fs",
})
PACK_PATTERNS: tuple[str, ...] = ("*.cafesach", "*.zip")
#: The folder on a stick that packs may sit in besides its top level (any letter case).
PACK_FOLDER = "cafesach"

#: Why a pack is listed but cannot be imported, when the stick itself failed to read it.
UNREADABLE_VI = "Không đọc được gói này trên USB (USB bị rút ra hoặc bị hỏng?)."

_OCTAL = re.compile(r"\\([0-7]{3})")


def unescape_mount_field(text: str) -> str:
    r"""Undo the kernel's octal escapes (``\040`` space, ``\011`` tab, ``\134`` backslash)."""
    raw = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), text)
    # the kernel escapes bytes; re-decode so UTF-8 names (Vietnamese labels) come out right
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


@dataclass(frozen=True)
class Mount:
    """One line of mountinfo (the fields we use)."""

    mount_id: int
    major_minor: str
    root: str
    mount_point: str
    options: tuple[str, ...]
    fstype: str
    source: str
    super_options: tuple[str, ...] = ()

    @property
    def read_only(self) -> bool:
        return "ro" in self.options


def parse_mountinfo(text: str) -> list[Mount]:
    """Parse ``/proc/<pid>/mountinfo`` text; malformed lines are skipped.

    Format: ``id parent major:minor root mountpoint options [optional…] - fstype source
    superoptions`` (see proc(5)); the optional fields end at a lone ``-``.
    """
    mounts: list[Mount] = []
    for line in text.splitlines():
        parts = line.split(" ")
        try:
            sep = parts.index("-", 6)
            mounts.append(Mount(
                mount_id=int(parts[0]),
                major_minor=parts[2],
                root=unescape_mount_field(parts[3]),
                mount_point=unescape_mount_field(parts[4]),
                options=tuple(parts[5].split(",")),
                fstype=parts[sep + 1],
                source=unescape_mount_field(parts[sep + 2]),
                super_options=tuple(parts[sep + 3].split(",")) if len(parts) > sep + 3 else (),
            ))
        except (ValueError, IndexError):
            if line.strip():
                log.debug("mountinfo: skipped %r", line)
    return mounts


def _sysfs_removable(source: str) -> bool:
    """True when sysfs marks the block device (or its parent disk) removable."""
    if not source.startswith("/dev/"):
        return False
    name = os.path.basename(os.path.realpath(source))
    block = Path("/sys/class/block") / name
    for candidate in (block / "removable", block.resolve().parent / "removable"):
        try:
            if candidate.read_text().strip() == "1":
                return True
        except OSError:
            continue
    return False


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def is_stick(mount: Mount, *, media_roots: Iterable[str] = MEDIA_ROOTS,
             fstypes: Iterable[str] = REMOVABLE_FSTYPES) -> bool:
    """Whether a mount looks like removable media a librarian inserted."""
    if mount.fstype not in set(fstypes):
        return False
    roots = tuple(media_roots)
    if _under(mount.mount_point, roots) and mount.mount_point not in roots:
        return True
    return _sysfs_removable(mount.source)


@dataclass(frozen=True)
class Stick:
    """An inserted stick: where it is mounted and how much room it has."""

    path: Path
    label: str
    device: str
    fstype: str
    read_only: bool
    total_bytes: int = 0
    free_bytes: int = 0
    #: the kernel's mount id and the device number (``major:minor``) of this mount
    mount_id: int = 0
    major_minor: str = ""

    @property
    def place(self) -> tuple[Any, ...]:
        """Which stick this is, whatever was written on it since: its mount point,
        device, mount id, device number and size.

        A different stick with the same label lands on the same mount point,
        and the kernel may give it the mount id and device number the
        pulled-out one just freed; its size then still tells them apart. A line
        about a stick (a poster written onto it) stays while this is the same.
        """
        return (str(self.path), self.device, self.mount_id, self.major_minor,
                self.total_bytes)

    @property
    def identity(self) -> tuple[Any, ...]:
        """`place` and the free space: lists of packs are re-read when this changes,
        so a stick swapped for one of the same size, or written to elsewhere, shows
        what it holds now."""
        return (*self.place, self.free_bytes)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "label": self.label, "device": self.device,
                "fstype": self.fstype, "read_only": self.read_only,
                "total_bytes": self.total_bytes, "free_bytes": self.free_bytes}


def _stick_from_mount(mount: Mount) -> Stick:
    path = Path(mount.mount_point)
    try:
        usage = shutil.disk_usage(path)
        total, free = usage.total, usage.free
    except OSError:
        total = free = 0
    return Stick(path=path, label=path.name or mount.source, device=mount.source,
                 fstype=mount.fstype, read_only=mount.read_only, total_bytes=total,
                 free_bytes=free, mount_id=mount.mount_id, major_minor=mount.major_minor)


def find_sticks(*, mountinfo: Path = MOUNTINFO, media_roots: Iterable[str] = MEDIA_ROOTS,
                fstypes: Iterable[str] = REMOVABLE_FSTYPES) -> list[Stick]:
    """The sticks mounted now (Linux: mount table; Windows: removable drive letters)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_sticks()
    try:
        text = mountinfo.read_text(encoding="latin-1")
    except OSError as exc:
        log.warning("cannot read %s: %s", mountinfo, exc)
        return []
    roots, types = tuple(media_roots), frozenset(fstypes)
    seen: set[str] = set()
    sticks = []
    for mount in parse_mountinfo(text):
        if mount.mount_point in seen or not is_stick(mount, media_roots=roots, fstypes=types):
            continue
        seen.add(mount.mount_point)
        sticks.append(_stick_from_mount(mount))
    return sticks


def _windows_sticks() -> list[Stick]:  # pragma: no cover - Windows only
    import ctypes
    import string

    sticks = []
    bitmask = ctypes.windll.kernel32.GetLogicalDrives()  # type: ignore[attr-defined]
    for index, letter in enumerate(string.ascii_uppercase):
        if not bitmask & (1 << index):
            continue
        root = f"{letter}:\\"
        if ctypes.windll.kernel32.GetDriveTypeW(root) != 2:  # type: ignore[attr-defined]
            continue  # 2 = DRIVE_REMOVABLE
        usage = shutil.disk_usage(root)
        sticks.append(Stick(Path(root), f"{letter}:", root, "", False, usage.total, usage.free))
    return sticks


# -- packs on a stick ---------------------------------------------------------
@dataclass(frozen=True)
class PackFile:
    """A pack found on a stick, described as far as the repository code can."""

    path: Path
    size: int
    title: str
    publisher: str = ""
    version: str = ""
    signature: str = "unknown"  # ok, unknown-key, bad, unknown
    expired: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "title": self.title,
                "publisher": self.publisher, "version": self.version,
                "signature": self.signature, "expired": self.expired,
                "problem": str(self.details.get("error_en", ""))}


def _reason_beside(path: Path, exc: BaseException) -> str:
    """Why a pack cannot be read, in English, for a line that names the pack already (the
    panel's row, the `usb` command's): the library's own lines start with the file's
    name for the terminal ("kho.zip: not a content pack …"), and a system error ends
    with its whole path; the Vietnamese lines name neither."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).removeprefix(f"{path.name}: ")


def find_packs(folder: Path, *, patterns: Iterable[str] = PACK_PATTERNS,
               catalog: Any = None) -> list[PackFile]:
    """Packs at the stick's top level and in its ``cafesach/`` folder, by name.

    Names match in any letter case: a FAT stick written on Windows or by an
    old tool often holds ``KHO-TINH.ZIP`` or ``CAFESACH/``, and `cafesach
    import` takes such a pack as well. With `catalog`, each pack's signature
    is checked against the station's trusted keys.
    """
    found: dict[Path, PackFile] = {}
    try:
        bases = [folder, *sorted(entry for entry in folder.iterdir()
                                 if entry.name.lower() == PACK_FOLDER and entry.is_dir())]
    except OSError as exc:  # no such folder, or a stick pulled out while it is read
        log.debug("cannot list %s: %s", folder, exc)
        return []
    for base in bases:
        for path in stick_files(base, patterns):
            found.setdefault(path.resolve(), describe_pack(path, catalog=catalog))
    return sorted(found.values(), key=lambda p: p.path.name)


def stick_files(folder: Path, patterns: Iterable[str]) -> list[Path]:
    """The files directly in `folder` whose names match one of `patterns` in any letter
    case (a FAT stick written on Windows holds ``KHO-TINH.ZIP`` or ``PUBLISHER.PUB``),
    hidden ones left out; none when the folder cannot be listed (a stick pulled out, or
    failing, while it is read)."""
    wanted = tuple(pattern.lower() for pattern in patterns)
    try:
        return [path for path in sorted(folder.iterdir())
                if not path.name.startswith(".")
                and any(fnmatch.fnmatchcase(path.name.lower(), p) for p in wanted)
                and path.is_file()]
    except OSError as exc:
        log.warning("cannot list %s: %s", folder, exc)
        return []


def describe_pack(path: Path, *, catalog: Any = None) -> PackFile:
    """Title, publisher, version, signature and expiry of a pack, read from its index.

    This is the one adapter to the repository code (`library.repository`):
    it reads the pack's index with the repository's own reader and checks the
    signature against the station's trusted keys. A pack that cannot be read,
    or whose signature fails, is listed as ``signature="bad"`` with the reason
    in ``details`` (``error`` in Vietnamese, ``error_en``), never raised.
    """
    from .repository import index as idx
    from .repository import status
    from .repository.sources import PackSource
    from .repository.trust import TrustStore

    size = 0
    try:
        size = path.stat().st_size  # inside: the pack may go with its stick at any moment
        source = PackSource(path)
        try:
            index = idx.parse(source.read_index())
        finally:
            source.close()
    except (LibraryError, OSError, ValueError) as exc:
        # not a warning: the reason goes out with the listing (the panel's row, the `usb`
        # command's line), and a bare logged copy would only repeat it on the terminal
        log.info("pack %s cannot be read: %s", path, exc)
        return PackFile(path=path, size=size, title=path.stem, signature="bad",
                        details={"error": getattr(exc, "message_vi", UNREADABLE_VI),
                                 "error_en": _reason_beside(path, exc)})
    signature, publisher = "unknown", str(index.signed.get("publisher", ""))
    details: dict[str, Any] = {"repository": index.repository, "items": len(index.items)}
    if catalog is not None:
        try:
            trust = TrustStore(catalog)
            # as the import will: a repository stays with the key it was imported with
            state = status.get(catalog, index.repository)
            verified = idx.verify(index, trust.trusted(), trust.revoked(),
                                  pinned=state.publisher_key if state else None)
            signature = "ok"
            names = {key.keyid: key.name for key in trust.all_keys()}
            publisher = publisher or names.get(verified.signer, "") or verified.signer[:8]
        except LibraryError as exc:
            signature = "unknown-key" if "unknown key" in str(exc) else "bad"
            if signature == "bad":  # changed, a revoked key, another key than before: say which
                details.update(error=exc.message_vi, error_en=str(exc))
        except Exception as exc:  # an unforeseen failure: list the pack anyway
            log.warning("cannot check the signature of %s: %s", path, exc)
    try:
        expired = index.expires < idx.utc_now()
    except LibraryError:
        expired = False
    return PackFile(path=path, size=size, title=index.title, publisher=publisher,
                    version=str(index.version), signature=signature, expired=expired,
                    details=details)


def trusted_keys(catalog: Any) -> list[Any]:
    """The station's publisher keys (trusted and revoked), from the repository's trust store."""
    from .repository.trust import TrustStore

    return TrustStore(catalog).all_keys()


# -- eject --------------------------------------------------------------------
def eject(stick: Stick, *, timeout_s: float = 30.0) -> str:
    """Unmount (and power off) a stick so it can be pulled; return what was done.

    Raises `StorageError` (with a Vietnamese line) when the stick is busy.
    """
    if hasattr(os, "sync"):
        os.sync()
    udisks = shutil.which("udisksctl")
    commands: list[list[str]]
    if udisks and stick.device.startswith("/dev/"):
        commands = [[udisks, "unmount", "--no-user-interaction", "-b", stick.device],
                    [udisks, "power-off", "--no-user-interaction", "-b", stick.device]]
        how = "udisksctl"
    elif shutil.which("umount"):
        commands = [["umount", str(stick.path)]]
        how = "umount"
    else:
        raise StorageError("no way to unmount here (neither udisksctl nor umount)",
                           message_vi="Không tháo được USB trên máy này.")
    for index, cmd in enumerate(commands):
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StorageError(f"{cmd[0]} failed: {exc}",
                               message_vi="Không tháo được USB. Hãy thử lại.") from exc
        if proc.returncode != 0:
            if index > 0:  # unmounted; power-off is a nicety some sticks refuse
                log.info("power-off of %s refused: %s", stick.device, proc.stderr.strip())
                break
            raise StorageError(
                f"cannot unmount {stick.path}: {proc.stderr.strip() or proc.returncode}",
                message_vi="USB đang được dùng, chưa tháo được. Hãy đóng mọi thao tác rồi thử lại.")
    return how
