"""Response headers for handed-off files: a name phones keep, the right type.

Why `filename*`: item titles are Vietnamese ("Sổ tay đảng viên.pdf"), and
RFC 6266 / RFC 8187 carry them as UTF-8 percent-encoding, which every
current phone browser uses; the plain `filename` is an ASCII fallback with
the marks folded away for the rare client that ignores `filename*`.
Nothing here reaches the file system: names are made for the header only.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from urllib.parse import quote

from ..catalog import Item
from ..formats import FORMATS

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9 ._()-]+")
MAX_NAME = 120
#: A file name's limit in UTF-8 bytes: ext4 and most phone storage take 255, and a
#: Vietnamese letter with marks takes 2–3 bytes, so 120 such letters did not fit; the
#: rest leaves room for the " (1)" a browser adds to a second copy.
MAX_NAME_BYTES = 200

#: Types outside the catalog's own `FORMATS` that phones need right to open inline, for
#: files a repository's index names with no type. Not left to `mimetypes`: it reads the
#: machine's own tables (/etc/mime.types, the Windows registry), which lack some and
#: differ between kiosks (`.3gp`, a phone's own video format, came out `audio/3gpp`).
_EXTRA_TYPES = {
    ".opus": "audio/ogg",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".mobi": "application/x-mobipocket-ebook",
    ".azw3": "application/vnd.amazon.ebook",
}


def _extension(item: Item) -> str:
    """The file's own extension if it looks like one, else one for its media type."""
    valid = re.compile(r"\.[a-z0-9]{1,8}")
    if item.filename and "." in item.filename:
        suffix = "." + item.filename.rsplit(".", 1)[1].lower()
        if valid.fullmatch(suffix):
            return suffix
    if item.media_type:
        suffix = mimetypes.guess_extension(item.media_type.split(";")[0].strip()) or ""
        if valid.fullmatch(suffix):
            return suffix
    return ""


def download_name(item: Item) -> str:
    """A friendly file name: the title (NFC, no path characters) plus the file's extension."""
    title = unicodedata.normalize("NFC", item.title or item.id)
    title = _UNSAFE.sub(" ", title)
    title = " ".join(title.split()).strip(" .") or item.id
    ext = _extension(item)
    return _cut(title, MAX_NAME - len(ext), MAX_NAME_BYTES - len(ext.encode())) + ext


def _cut(title: str, chars: int, size: int) -> str:
    """`title` in at most `chars` characters and `size` UTF-8 bytes, ending on a word
    when that loses little (a name cut at "…Nghị quyết về v" reads as a typo)."""
    if len(title) <= chars and len(title.encode()) <= size:
        return title
    cut = title[:chars]
    while len(cut.encode()) > size:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" .,;-—–") or title[:1]


def ascii_fallback(name: str) -> str:
    """The name with marks folded (`Sổ tay đảng viên` → `So tay dang vien`), ASCII only."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NOT_TOKEN.sub("_", text).strip(" _")
    # a title of emoji or another script leaves only the extension: not a hidden ".pdf"
    return "tai-lieu" + text if text.startswith(".") or not text else text


def content_disposition(name: str, *, attachment: bool) -> str:
    """`inline|attachment; filename="…"; filename*=UTF-8''…` (RFC 6266, RFC 8187)."""
    disposition = "attachment" if attachment else "inline"
    fallback = ascii_fallback(name).replace("\\", "_").replace('"', "_")
    encoded = quote(name, safe="!#$&+-.^_`|~")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


#: A well-formed `type/subtype` (RFC 9110 §8.3.1); anything else in an index is not one.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
#: Media types a browser opens as a document of the station's own origin that may run
#: scripts (see `is_active`).
_ACTIVE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml",
                           "text/xml", "application/xml"})


def is_active(media: str) -> bool:
    """Whether a browser would open a file of the parsed `media` type (`type/subtype`,
    lower case, no parameters) as a page that can run scripts in the station's origin.

    Active: HTML (`text/html`), XHTML (`application/xhtml+xml`), SVG
    (`image/svg+xml`), XML itself (`text/xml`, `application/xml`: an XSLT
    stylesheet or an element in the XHTML namespace can script it), every other
    XML type (a subtype ending in `+xml`, such as `application/rss+xml`: the
    browser renders any XML MIME type as XML, with the same effect) and script
    itself (a subtype `javascript` or `ecmascript`, with or without `x-`).
    Decided on the whole parsed type, never on parts of its words: Office files
    (`application/vnd.openxmlformats-officedocument.…`, zip archives) and
    PostScript (`application/postscript`) are ordinary files and keep their types.
    """
    _type, _, subtype = media.partition("/")
    return (media in _ACTIVE_TYPES or subtype.endswith("+xml")
            or subtype.removeprefix("x-") in ("javascript", "ecmascript"))


def content_type(item: Item) -> str:
    """The item's media type, else one guessed from its file name; text gets charset=utf-8.

    The media type comes from the catalog, which takes it from a repository's
    index: a file that would open as a scripted page in the station's own
    origin (`is_active`: `image/svg+xml`, `application/xhtml+xml`, …) goes out as
    `application/octet-stream`, and a value that is no media type at all (a
    line break in it would break the response) counts as none.
    """
    media = (item.media_type or "").split(";")[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(media):
        media = ""
    if not media or media == "application/octet-stream":
        ext = _extension(item)
        known = FORMATS.get(ext)
        media = ((known[0] if known else _EXTRA_TYPES.get(ext))
                 or mimetypes.types_map.get(ext) or "application/octet-stream")
    if is_active(media):
        return "application/octet-stream"
    if media.startswith("text/"):
        return f"{media}; charset=utf-8"
    return media
