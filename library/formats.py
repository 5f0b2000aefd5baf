"""The file formats the station takes: their endings, media types, how to tell them
from their first bytes, and the collections (kinds) each may go in.

Apart from the extraction code so that the kiosk can name a cover's format
at launch without importing what extraction needs.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentError, InvalidInput

#: File endings the station accepts, with their media type and default kind.
FORMATS: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "book"),
    ".epub": ("application/epub+zip", "book"),
    ".xps": ("application/vnd.ms-xpsdocument", "document"),
    ".oxps": ("application/oxps", "document"),
    ".cbz": ("application/vnd.comicbook+zip", "document"),
    ".png": ("image/png", "infographic"),
    ".jpg": ("image/jpeg", "infographic"),
    ".jpeg": ("image/jpeg", "infographic"),
    ".webp": ("image/webp", "infographic"),
    ".gif": ("image/gif", "infographic"),
    ".tif": ("image/tiff", "infographic"),
    ".tiff": ("image/tiff", "infographic"),
    ".bmp": ("image/bmp", "infographic"),
    ".txt": ("text/plain", "bulletin"),
    ".md": ("text/markdown", "bulletin"),
    ".mp4": ("video/mp4", "video"),
    ".webm": ("video/webm", "video"),
    ".mkv": ("video/x-matroska", "video"),
    ".m4v": ("video/mp4", "video"),
    ".mov": ("video/quicktime", "video"),  # a phone's own clips
    ".3gp": ("video/3gpp", "video"),  # an older phone's clips
    ".avi": ("video/x-msvideo", "video"),
    ".mp3": ("audio/mpeg", "audio"),
    ".m4a": ("audio/mp4", "audio"),  # a phone's voice recordings
    ".ogg": ("audio/ogg", "audio"),
    ".oga": ("audio/ogg", "audio"),
    ".wav": ("audio/wav", "audio"),
}
#: File endings MuPDF opens, with the file type MuPDF is told to read them as.
MUPDF_TYPES: dict[str, str] = {
    ".pdf": "pdf", ".epub": "epub", ".xps": "xps", ".oxps": "xps", ".cbz": "cbz",
    ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".webp": "webp",
    ".gif": "gif", ".tif": "tiff", ".tiff": "tiff", ".bmp": "bmp",
}
TEXT_TYPES = {".txt", ".md"}

#: The collections (an item's kind), each a screen of the kiosk. Kept here, beside the
#: table of which formats each takes, so that `check_kind` names them without importing
#: the catalog (which imports this module); `library.catalog` gives them out as before.
KINDS = ("book", "infographic", "handbook", "bulletin", "video", "audio", "document")
KIND_NAMES_VI = {
    "book": "Sách điện tử",
    "infographic": "Infographic",
    "handbook": "Sổ tay",
    "bulletin": "Bản tin",
    "video": "Video",
    "audio": "Âm thanh",
    "document": "Tài liệu",
}
#: The collections whose screen shows a file as pages (the document engine draws them).
PAGE_KINDS = ("book", "handbook", "document", "infographic")
#: Which collections (kinds) a file of each media type may go in: where the kiosk
#: shows it as visitors of that collection expect. The one table: `add` and
#: `Catalog.update` refuse any other pair through `check_kind`.
#:
#: - Pages (PDF, EPUB, XPS, comic books, pictures): any collection read as pages.
#:   A document with a text layer may also be a bulletin: the bulletin screen
#:   shows its text in large letters and the voice reads it; a comic book or a
#:   picture has no text to show there.
#: - Text: a bulletin only (the document engine draws no text file as pages).
#: - A clip: a video only (in "Âm thanh" its picture would be lost).
#: - A recording: audio, or a bulletin read from its recording (the schedule
#:   broadcasts it, "Nghe" plays it).
_PAGED_TEXT = ("application/pdf", "application/epub+zip", "application/vnd.ms-xpsdocument",
               "application/oxps")
KINDS_BY_MEDIA_TYPE: dict[str, tuple[str, ...]] = {
    **{media: (*PAGE_KINDS, "bulletin") for media in _PAGED_TEXT},
    "application/vnd.comicbook+zip": PAGE_KINDS,
    **{media: PAGE_KINDS for media, _kind in FORMATS.values() if media.startswith("image/")},
    **{media: ("bulletin",) for media, _kind in FORMATS.values() if media.startswith("text/")},
    **{media: ("video",) for media, _kind in FORMATS.values() if media.startswith("video/")},
    **{media: ("audio", "bulletin") for media, _kind in FORMATS.values()
       if media.startswith("audio/")},
}


def kinds_for(media_type: str) -> tuple[str, ...]:
    """The collections a file of `media_type` may go in, its own (default) one first;
    () for a media type the station does not take."""
    allowed = KINDS_BY_MEDIA_TYPE.get(media_type, ())
    default = next((kind for media, kind in FORMATS.values() if media == media_type), None)
    return tuple(sorted(allowed, key=lambda kind: kind != default))


def kind_fits(media_type: str, kind: str, *, scanned: bool = False) -> bool:
    """Whether a file of `media_type` may go in the collection `kind` (`KINDS_BY_MEDIA_TYPE`);
    a `scanned` document (no text layer) is no bulletin: the bulletin screen shows only text."""
    if kind == "bulletin" and scanned and media_type in _PAGED_TEXT:
        return False
    return kind in KINDS_BY_MEDIA_TYPE.get(media_type, ())


def check_kind(name: str, media_type: str, kind: str, *, scanned: bool = False) -> None:
    """`InvalidInput` in one line, naming the file, its format and the collections it may
    go in, unless a file of `media_type` may go in `kind` (`kind_fits`).

    Without this, `add x.txt --kind book` was taken and the kiosk then found a
    "book" it could not open and flagged it broken.
    """
    if kind_fits(media_type, kind, scanned=scanned):
        return
    allowed = kinds_for(media_type)
    if kind in allowed:  # only a scan given as a bulletin fits the table but not the rule
        others = [k for k in allowed if k != "bulletin"]
        raise InvalidInput(
            f"{name} ({media_type}) has no text layer (a scan?), so it cannot go in the "
            f"bulletin collection, which shows only text; it can go in: {', '.join(others)}",
            message_vi=(f"Tệp {name} là bản quét không có chữ, không xếp được vào «Bản tin»; "
                        f"chỉ xếp được vào: {', '.join(KIND_NAMES_VI[k] for k in others)}."))
    if not allowed:
        raise InvalidInput(f"{name}: {media_type or 'unknown format'} is not a format the "
                           "station takes", message_vi="Định dạng tệp này không được hỗ trợ.")
    raise InvalidInput(
        f"{name} ({media_type}) cannot go in the {kind} collection; it can go in: "
        f"{', '.join(allowed)}",
        message_vi=(f"Tệp {name} không xếp được vào «{KIND_NAMES_VI.get(kind, kind)}»; chỉ "
                    f"xếp được vào: {', '.join(KIND_NAMES_VI[k] for k in allowed)}."))


def check_file_kind(path: Path, kind: str, *, name: str | None = None) -> None:
    """`check_kind` for a file not read yet, judged by its first bytes (`content_media_info`)
    so that a kind that cannot fit is refused before the document is read; a file that
    cannot be read, or whose format is not taken, is left to extraction to name. `name`
    is what the refusal calls the file (its name by default)."""
    try:
        media_type = content_media_info(path)[1]  # the format as extraction finds it
    except DocumentError:
        return
    check_kind(name or path.name, media_type, kind)


def sniff_suffix(head: bytes) -> str | None:
    """The file ending a file's first bytes say it has, or None.

    Objects in the store have no name, so the format is read from the content:
    the document worker needs it to pick a MuPDF handler, the handoff server
    to send the right content type. Signatures that must stand at the very
    start are tried first, so a photo whose metadata happens to hold
    ``%PDF-`` is still a photo.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return ".tiff"
    if head.startswith(b"BM") and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return ".bmp"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head[:100]:
            return ".epub"
        return ".xps" if b"FixedDocumentSequence" in head or b"_rels/.rels" in head else ".cbz"
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    return None


#: Endings of formats that are zip archives: their content cannot always tell them apart
#: (an EPUB whose `mimetype` entry is not first looks like a comic book), so the name decides.
_ZIP_SUFFIXES = frozenset({".epub", ".xps", ".oxps", ".cbz"})


def content_suffix(path: Path) -> str:
    """The ending that names a file's format: its content's where that is sure, else its name's.

    Files collected from many places carry wrong endings: a scanner's PDF
    saved as `.jpg`, a photo renamed `.png`, a PDF saved as `.txt`. Taken by
    the name, such a PDF became a picture without text and a phone was sent
    the wrong type. A name the content agrees with (`.jpeg`, `.oxps`) is kept.
    """
    name = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return name
    sniffed = sniff_suffix(head)
    if sniffed is None or sniffed == name:
        return name
    if sniffed in _ZIP_SUFFIXES and (name in _ZIP_SUFFIXES or (sniffed != ".epub" and name)):
        return name  # any zip "is" a comic book or XPS: a `.docx` is refused by its name
    if name in MUPDF_TYPES and MUPDF_TYPES[name] == MUPDF_TYPES[sniffed]:
        return name
    if sniffed == ".pdf" and name in FORMATS and not head.lstrip().startswith(b"%PDF-"):
        return name  # "%PDF-" somewhere in a text or a clip is no PDF header
    return sniffed


def content_media_info(path: Path) -> tuple[str, str, str]:
    """(format ending, media type, default kind) of a file, by its content where that
    is sure (`content_suffix`): a PDF named `.jpg` is a PDF."""
    suffix = content_suffix(path)
    named = path if suffix == path.suffix.lower() else path.with_suffix(suffix)
    return (suffix, *media_info(named))


def media_info(path: Path) -> tuple[str, str]:
    """(media type, default kind) for a file name; `DocumentError` if unsupported."""
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    import mimetypes  # only to name what was refused

    guessed, _ = mimetypes.guess_type(path.name)
    raise DocumentError(
        f"{path.name}: not a supported document ({guessed or 'unknown type'})",
        message_vi="Định dạng tệp này không được hỗ trợ.",
    )
