"""Where everything lives, resolved once.

The data folder comes from `--data DIR`, then the `CAFESACH_DATA`
environment variable, then the platform's user data folder (platformdirs).
Nothing else in the project builds data paths: it asks a `DataPaths`.
Bundled read-only files (fonts, demo sources) are found through
`assets_dir()`, which also works inside a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .errors import InvalidInput, StorageError

APP_NAME = "cafesach"
ENV_DATA = "CAFESACH_DATA"


@dataclass(frozen=True)
class DataPaths:
    """The folders inside one data directory."""

    root: Path

    @property
    def catalog_db(self) -> Path:
        return self.root / "catalog.db"

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def objects(self) -> Path:
        return self.root / "objects"

    @property
    def cache(self) -> Path:
        """Rendered pages, speech audio: deletable at any time."""
        return self.root / "cache"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def check_is_folder(self) -> None:
        """A data folder given as an existing file is said in these words, not as the
        "File exists" that making the folders in it would say."""
        if self.root.exists() and not self.root.is_dir():
            raise StorageError(f"cannot use the data folder {self.root}: it is not a folder",
                               message_vi="Không dùng được thư mục dữ liệu.")

    def refuse_folder_of_documents(self) -> None:
        """Refuse to make a new library in a folder of documents: `--data ~/tai-lieu add
        ~/tai-lieu/*.pdf` (the documents' folder given for the data folder) would spread
        `catalog.db`, `objects/`, `cache/`… among the librarian's files. A data folder
        never holds a document of its own at its top (they live in `objects/`); one with
        a catalog or an object store already is the station's, whatever was put beside it."""
        from .files import shown_path
        from .formats import FORMATS
        from .text import one_line

        try:
            if self.catalog_db.exists() or self.objects.is_dir() or not self.root.is_dir():
                return
            # (a name is shown on the message's one line, and printable: a line break in
            # it, bytes of another code page from a Windows stick)
            documents = sorted((one_line(shown_path(Path(entry.name)))
                                for entry in os.scandir(self.root)
                                if Path(entry.name).suffix.lower() in FORMATS
                                and entry.is_file()), key=str.casefold)
        except OSError:
            # cannot be looked into (another user's folder, mode 700): making the library
            # there says why, and whose folder it is (`owner_hint`)
            return
        if documents:
            shown = ", ".join(documents[:2]) + (", …" if len(documents) > 2 else "")
            raise InvalidInput(
                f"{self.root} holds documents ({shown}) and no catalog: it is not a data "
                "folder (a mistyped --data or CAFESACH_DATA?), and no library is made there; give "
                "the station's data folder, or a new or empty one",
                message_vi="Thư mục này chứa tài liệu, không phải thư mục dữ liệu của trạm.")

    def ensure(self) -> DataPaths:
        """Create the folders; return self for chaining.

        A data folder that cannot be made or written (a file in its place,
        another user's folder, a read-only stick) is a `StorageError` naming it;
        a folder of documents with no catalog, `InvalidInput`.
        """
        self.check_is_folder()
        self.refuse_folder_of_documents()
        refuse_root_in_others_folder(self.root)
        for folder in (self.root, self.objects, self.cache, self.staging, self.logs):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # (another user's folder: whose, and who to run as)
                raise StorageError(f"cannot use the data folder {self.root}: "
                                   f"{exc.strerror or exc} ({folder}){owner_hint(self.root)}",
                                   message_vi="Không dùng được thư mục dữ liệu.") from exc
        return self


def owner_hint(folder: Path) -> str:
    """ "; it belongs to cafesach, this is root (run as its owner: sudo -u cafesach
    cafesach …)" when `folder` is another user's, else "": the usual reason a station's
    folder cannot be used is a command run as the wrong user."""
    try:
        import pwd

        owner = folder.stat().st_uid
        if owner == os.getuid():
            return ""
        name, me = pwd.getpwuid(owner).pw_name, pwd.getpwuid(os.getuid()).pw_name
        run_as = "sudo cafesach …" if owner == 0 else f"sudo -u {name} cafesach …"
        return f"; it belongs to {name}, this is {me} (run as its owner: {run_as})"
    except (ImportError, KeyError, OSError):  # Windows, an owner unknown to this system
        return ""


def refuse_root_in_others_folder(root: Path) -> None:
    """Root may write anywhere, and what it writes in the station's folder (a file in
    `objects/`, a folder under it, a catalog journal, the PIN's `keys/admin.json`) is
    root's: the kiosk, running as its own user, then cannot add, remove, replace or even
    read it. `sudo cafesach add …` for `sudo -u cafesach cafesach add …` is refused
    before anything is written: by `DataPaths.ensure`, which every writer of the data
    folder calls, and by the commands that write `keys/` without it (`pin`, `report
    write`)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not root.is_dir():
        return
    hint = owner_hint(root)
    if hint:
        raise StorageError(f"{root} is not root's to write: files root made there would be "
                           f"root's, and the station could not change them{hint}",
                           message_vi="Hãy chạy lệnh dưới tên chủ của thư mục dữ liệu.")


def on_read_only_disk(folder: Path) -> bool:
    """Whether `folder` is on a disk mounted read-only (a write-protected stick, a `ro`
    mount): nobody can write there, whatever the permissions say. False where the system
    cannot tell (Windows, a folder not there)."""
    statvfs = getattr(os, "statvfs", None)
    try:
        return statvfs is not None and bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


#: Room kept free on the data folder's disk by everything that fills it at will: the
#: caches (pages, speech: a convenience) and imports and syncs (`check_room`). A disk
#: filled to the last byte stops what must go on (the catalog cannot even be opened
#: then, nor a count be kept, nor a librarian's `add` land), so neither may take it:
#: an import that left less would leave the caches' promise empty.
DISK_RESERVE_BYTES = 100 * 2**20


def disk_free(folder: Path) -> int | None:
    """Free bytes on the disk of `folder`, or of its nearest existing parent (a cache's
    folder not made yet); None when the system cannot tell."""
    import shutil

    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def has_room(folder: Path, size: int) -> bool:
    """Whether `size` more bytes in `folder` still leave `DISK_RESERVE_BYTES` free on its
    disk (True when that cannot be told: the write itself will say)."""
    free = disk_free(folder)
    return free is None or free - size >= DISK_RESERVE_BYTES


def check_room(folder: Path, size: int, *, what: str, message_vi: str) -> None:
    """Refuse, before anything is written, work (`what`: "the import") that needs `size`
    bytes in `folder` and would leave less than `DISK_RESERVE_BYTES` free: one
    `StorageError` that says the need, the reserve and what is free, in English and after
    `message_vi` in Vietnamese (the panel's line: a pack of 250 MB refused on a disk with
    300 MB free must say why)."""
    from .sizes import human_size

    if has_room(folder, size):
        return
    free = disk_free(folder) or 0
    raise StorageError(
        f"not enough free disk space: {what} needs {human_size(size, 'en')} plus "
        f"{human_size(DISK_RESERVE_BYTES, 'en')} kept free for the station, only "
        f"{human_size(free, 'en')} are free; nothing was changed",
        message_vi=f"{message_vi} Cần {human_size(size)}, cộng {human_size(DISK_RESERVE_BYTES)}"
                   f" trạm luôn để trống; đĩa chỉ còn trống {human_size(free)}.")


#: A cache's temporary file (or a reading's folder without its manifest) untouched this
#: long was left by a write cut short (a kill, a power cut, a full disk): never counted
#: in a cache's cap, it would stay for good. A younger one may be being written now.
ABANDONED_AFTER_S = 3600.0


def remove_if_abandoned(entry: Path) -> None:
    """Delete `entry` (a file, or a folder with all it holds) when nobody has touched it
    for `ABANDONED_AFTER_S`; the caches' one rule for what a cut write left. Best effort:
    one that cannot be deleted stays for the next look."""
    import shutil
    import time

    try:
        if entry.stat().st_mtime >= time.time() - ABANDONED_AFTER_S:
            return
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink()
    except OSError:
        return


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Pick the data folder: command line, then environment, then platform default.

    An empty `--data ""` (a script's unset variable) is refused, not read as "the
    default": it would quietly work on the station's real library.
    """
    if cli_value is not None and not str(cli_value).strip():
        raise InvalidInput("--data is empty: give a folder, or leave --data out for the "
                           "default data folder")
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_paths(cli_value: str | os.PathLike[str] | None = None) -> DataPaths:
    """The `DataPaths` for the resolved data folder (folders are not created)."""
    return DataPaths(resolve_data_dir(cli_value))


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder holding `assets/` (and the built demo) for this install."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """Bundled read-only files: fonts, icons, demo sources."""
    return bundle_root() / "assets"


def font_files() -> list[Path]:
    """The bundled Vietnamese-capable fonts, regular first."""
    fonts = assets_dir() / "fonts"
    return sorted(fonts.glob("*.ttf"), key=lambda p: ("Regular" not in p.name, p.name))


def emoji_font_files() -> list[Path]:
    """The bundled colour emoji font: a fallback for emoji only, never the text font.

    Kept apart from `font_files()` (a folder of its own) because every user of
    those draws text with them and takes the first as the regular face.
    """
    return sorted((assets_dir() / "fonts" / "emoji").glob("*.ttf"))
